"""The fields a form shows for a model document, read from the document itself (so an
incomplete case can be edited too), and the form's text turned into a model value."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ...i18n import _
from ...model.distributions import KINDS
from ...model.editing import read as parse
from ...present.inputs import FIELDS

EFFECT_FIELDS = ("cases", "share", "units_per_case", "units", "price", "attribution")
INVESTMENT_FIELDS = ("amount", "hours_per_week", "hourly_cost", "quantity", "unit_cost")
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


@dataclass
class Field:
    loc: str  # dotted (interventions.0.reach), or JSON when a key has a dot in it
    label: str
    value: str
    error: str = ""
    multiline: bool = False  # a text of several sentences: a text area, kept as text

    @property
    def key(self) -> str:
        """The field's place as an HTML id (a JSON place written with dots)."""
        if not self.loc.startswith("["):
            return self.loc
        return ".".join(str(p).replace(".", "~") for p in json.loads(self.loc))


def place(*parts: int | str) -> str:
    """The posted form of a place: dotted when that is unambiguous, else JSON."""
    if any(isinstance(p, str) and "." in p for p in parts):
        return json.dumps(list(parts))
    return ".".join(str(p) for p in parts)


@dataclass
class Group:
    title: str
    fields: list[Field] = field(default_factory=list)
    index: int | None = None  # the intervention's position, for its add-forms
    effect_error: str = ""  # the add-forms' errors, shown beside them
    investment_error: str = ""
    typed: dict[str, str] = field(default_factory=dict)  # a refused add-form's own text
    lines: list[tuple[str, str]] = field(default_factory=list)  # (place, name) to remove


def _mapping(value: Any) -> dict[str, Any]:
    """A block of the document, or an empty one where the author wrote something else
    (an incomplete case is stored as written; its form must still open)."""
    return value if isinstance(value, dict) else {}


def _sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def loc_of(posted: str) -> tuple[int | str, ...]:
    """A posted place as the model's path: ``interventions.0.reach`` or a JSON list."""
    if posted.startswith("["):
        parts = json.loads(posted)
        if not isinstance(parts, list) or not all(isinstance(p, int | str) for p in parts):
            raise ValueError(posted)
        return tuple(parts)
    return tuple(int(p) if p.isdigit() else p for p in posted.split("."))


def _words(item: dict[str, Any], path: str) -> str:
    """A variant's or scenario's change in words: ``Coördinator › uren per week``."""
    parts = path.split(".")
    if parts[0] in ("effects", "investments") and len(parts) >= 3:
        lines = [x for x in _sequence(item.get(parts[0])) if isinstance(x, dict)]
        line = next((x for x in lines if str(x.get("id")) == parts[1]), {})
        return f"{line.get('name') or parts[1]} › {_(FIELDS.get(parts[2], parts[2]))}"
    if parts[0] == "parameters" and len(parts) >= 2:
        found = [x for x in _sequence(item.get("parameters")) if isinstance(x, dict)]
        parameter = next((x for x in found if str(x.get("id")) == parts[1]), {})
        return str(parameter.get("name") or parts[1])
    return _(FIELDS.get(parts[0], parts[0]))


def _changes(group: Group, i: int, item: dict[str, Any]) -> None:
    """The values each variant and each of the intervention's scenarios set."""
    for j, variant in enumerate(_sequence(item.get("variants"))):
        if not isinstance(variant, dict) or not isinstance(variant.get("set"), dict):
            continue
        name = variant.get("name") or variant.get("id")
        for path, value in variant["set"].items():
            if isinstance(value, dict | list) or path == "reach_unit":
                continue
            label = _("Variant {name} › {what}").format(name=name, what=_words(item, str(path)))
            at = place("interventions", i, "variants", j, "set", str(path))
            group.fields.append(Field(at, label, _shown(value)))
    scenarios = item.get("scenarios")
    if isinstance(scenarios, dict):
        for scenario_id, scenario in scenarios.items():
            if not isinstance(scenario, dict) or not isinstance(scenario.get("set"), dict):
                continue
            for path, value in scenario["set"].items():
                if isinstance(value, dict | list):
                    continue
                label = _("Scenario {name} › {what}").format(
                    name=scenario_id, what=_words(item, str(path))
                )
                at = place("interventions", i, "scenarios", str(scenario_id), "set", str(path))
                group.fields.append(Field(at, label, _shown(value)))


def _shown(value: Any) -> str:
    """A value as its field shows it; a distribution as ``pert(15%; 25%; 35%)``."""
    if isinstance(value, dict) and len(value) == 1:
        ((kind, bounds),) = value.items()
        if kind in KINDS and isinstance(bounds, list):
            return f"{kind}({'; '.join(_shown(b) for b in bounds)})"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def groups(text: str) -> list[Group]:
    """Per intervention: its reach, the numbers of its effect lines and investments."""
    raw = parse(text)
    meta = _mapping(raw.get("meta"))
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
    for i, item in enumerate(_sequence(raw.get("interventions"))):
        if not isinstance(item, dict):
            continue
        group = Group(str(item.get("name") or item.get("id") or i), index=i)
        group.fields.append(
            Field(f"interventions.{i}.reach", _("Bereik"), _shown(item.get("reach")))
        )
        for kind, names in (("effects", EFFECT_FIELDS), ("investments", INVESTMENT_FIELDS)):
            for j, line in enumerate(_sequence(item.get(kind))):
                if not isinstance(line, dict):
                    continue
                for key in names:
                    if key in line:
                        word = _("tarief") if key == "price" else _(FIELDS.get(key, key))
                        label = f"{line.get('name') or line.get('id')} › {word}"
                        group.fields.append(
                            Field(f"interventions.{i}.{kind}.{j}.{key}", label, _shown(line[key]))
                        )
        _changes(group, i, item)
        for kind in ("effects", "investments"):
            for j, line in enumerate(_sequence(item.get(kind))):
                if isinstance(line, dict):
                    group.lines.append((place("interventions", i, kind, j), str(line.get("name"))))
        out.append(group)
    return out


_DISTRIBUTION = re.compile(r"^\s*(\w+)\s*\((.*)\)\s*$")


def value_of(text: str) -> Any:
    """A form's text as a model value: ``12`` and ``0,5`` become numbers;
    ``pert(15%; 25%; 35%)`` becomes the distribution ``{pert: [15%, 25%, 35%]}`` (an
    uncertain input); a formula (``=…``), a percentage (``25%``) and other text stay text
    for the loader to judge."""
    text = text.strip()
    uncertain = _DISTRIBUTION.match(text)
    if uncertain and uncertain.group(1) in KINDS:
        bounds = [value_of(part) for part in re.split(r"[;]", uncertain.group(2)) if part.strip()]
        distribution = CommentedMap({uncertain.group(1): CommentedSeq(bounds)})
        distribution.fa.set_flow_style()  # written as {pert: [15%, 25%, 35%]}
        distribution[uncertain.group(1)].fa.set_flow_style()
        return distribution
    if _NUMBER.match(text):
        number = float(text.replace(",", "."))
        return (
            int(number) if number.is_integer() and "," not in text and "." not in text else number
        )
    return text
