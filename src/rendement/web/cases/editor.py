"""The fields a form shows for a model document, read from the document itself (so an
incomplete case can be edited too), and the form's text turned into a model value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...i18n import _
from ...model.editing import read as parse
from ...present.inputs import FIELDS

EFFECT_FIELDS = ("cases", "share", "units_per_case", "units", "price", "attribution")
INVESTMENT_FIELDS = ("amount", "hours_per_week", "hourly_cost", "quantity", "unit_cost")
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


@dataclass
class Field:
    loc: str  # dotted: interventions.0.effects.1.units_per_case
    label: str
    value: str
    error: str = ""
    multiline: bool = False  # a text of several sentences: a text area, kept as text


@dataclass
class Group:
    title: str
    fields: list[Field] = field(default_factory=list)
    index: int | None = None  # the intervention's position, for its add-forms
    effect_error: str = ""  # the add-forms' errors, shown beside them
    investment_error: str = ""
    typed: dict[str, str] = field(default_factory=dict)  # a refused add-form's own text


def loc_of(dotted: str) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in dotted.split("."))


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def groups(text: str) -> list[Group]:
    """Per intervention: its reach, the numbers of its effect lines and investments."""
    raw = parse(text)
    meta = raw.get("meta") or {}
    general = Group(_("Algemeen"))
    for key, label in (("title", _("Titel")), ("client", _("Opdrachtgever"))):
        general.fields.append(Field(f"meta.{key}", label, _shown(meta.get(key))))
    change = raw.get("theory_of_change")
    if isinstance(change, dict):
        for key, label in (
            ("occasion", _("Verandertheorie: de aanleiding")),
            ("problem", _("Verandertheorie: het maatschappelijk probleem")),
            ("scope", _("Verandertheorie: de afbakening")),
        ):
            if key in change and isinstance(change[key], str | type(None)):
                general.fields.append(
                    Field(f"theory_of_change.{key}", label, _shown(change[key]), multiline=True)
                )
    out = [general]
    for i, item in enumerate(raw.get("interventions") or []):
        if not isinstance(item, dict):
            continue
        group = Group(str(item.get("name") or item.get("id") or i), index=i)
        group.fields.append(
            Field(f"interventions.{i}.reach", _("Bereik"), _shown(item.get("reach")))
        )
        for kind, names in (("effects", EFFECT_FIELDS), ("investments", INVESTMENT_FIELDS)):
            for j, line in enumerate(item.get(kind) or []):
                if not isinstance(line, dict):
                    continue
                for key in names:
                    if key in line:
                        word = _("tarief") if key == "price" else _(FIELDS.get(key, key))
                        label = f"{line.get('name') or line.get('id')} › {word}"
                        group.fields.append(
                            Field(f"interventions.{i}.{kind}.{j}.{key}", label, _shown(line[key]))
                        )
        out.append(group)
    return out


def value_of(text: str) -> Any:
    """A form's text as a model value: ``12`` and ``0,5`` become numbers; a formula
    (``=…``), a percentage (``25%``) and other text stay text for the loader to judge."""
    text = text.strip()
    if _NUMBER.match(text):
        number = float(text.replace(",", "."))
        return (
            int(number) if number.is_integer() and "," not in text and "." not in text else number
        )
    return text
