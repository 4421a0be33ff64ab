"""Shared building blocks of the model schema: strict models and identifiers."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, WithJsonSchema

from ..i18n import N_
from ..wording import Text

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_id(text: str) -> str:
    if not _ID.match(text):
        raise ValueError(
            Text(
                N_(
                    "'{text}' is geen geldige id: gebruik kleine letters, cijfers en _ en begin "
                    "met een letter (bijv. ouders_lokaal)"
                ),
                text=text,
            )
        )
    return text


Id = Annotated[
    str,
    AfterValidator(_check_id),
    WithJsonSchema({"type": "string", "pattern": _ID.pattern}),  # editors flag a bad id too
]
"""A stable identifier used to refer to a declared entity (``gemeente_wmo``)."""


class Strict(BaseModel):
    """Every model block: unknown fields are errors, values are immutable once read, and a
    plain float field (a correlation, a unit factor) takes no ``.inf`` or ``.nan``."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=False, allow_inf_nan=False
    )
