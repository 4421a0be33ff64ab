"""Shared building blocks of the model schema: strict models and identifiers."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_id(text: str) -> str:
    if not _ID.match(text):
        raise ValueError(
            f"'{text}' is geen geldige id: gebruik kleine letters, cijfers en _ "
            "en begin met een letter (bijv. ouders_lokaal)"
        )
    return text


Id = Annotated[str, AfterValidator(_check_id)]
"""A stable identifier used to refer to a declared entity (``gemeente_wmo``)."""


class Strict(BaseModel):
    """Every model block: unknown fields are errors, values are immutable once read."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)
