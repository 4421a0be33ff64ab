"""The fields a form shows for a model document, read from the document itself (so an
incomplete case can be edited too), and the form's text turned into a model value."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ...i18n import N_, _
from ...model.distributions import KINDS
from ...model.editing import read as parse
from ...present.inputs import FIELDS

EFFECT_FIELDS = (
    "cases",
    "share",
    "units_per_case",
    "units",
    "price",
    "attribution",
    "attribution_to_others",  # shown when the line has it (an SROI impact map's convention)
)
INVESTMENT_FIELDS = ("amount", "hours_per_week", "hourly_cost", "quantity", "unit_cost")
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


@dataclass
class Field:
    loc: str  # dotted (interventions.0.reach), or JSON when a key has a dot in it
    label: str
    value: str
    error: str = ""
    kind: str = ""  # "text": sentences kept as text; "lines": a list, one item per line
    conflict: Any = None  # a refused change: the value someone else stored meanwhile
    help: str = ""  # what it means, with an example (method.annotate)
    term: str = ""  # the glossary word it links to
    result: str = ""  # a formula's computed value, "= € 45,68"
    numeric: bool = False  # a number: may be a range ("Onzeker?")
    range: tuple[str, str, str] | None = None  # low, likely, high of a pert(…)

    @property
    def multiline(self) -> bool:
        return self.kind in ("text", "lines")

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
    about: list[Field] = field(default_factory=list)  # words: description, target groups, …
    about_title: str = ""  # the summary of its fold-out; the intervention's by default
    names: list[Field] = field(default_factory=list)  # the names of its lines, to rename
    parties: bool = False  # the stakeholders' and financiers' group
    changes: list[tuple[str, str]] = field(default_factory=list)  # (path, what) a change sets
    change_error: str = ""
    price_error: str = ""  # "Tarief toevoegen" refused: its error, beside it
    price_typed: dict[str, str] = field(default_factory=dict)  # and what it held
    removable: list[tuple[str, str]] = field(default_factory=list)  # (place, name) elsewhere
    scenarios: bool = False  # the case's scenarios' group
    variants: list[tuple[str, str]] = field(default_factory=list)  # (v:<id>, name)


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
            if (isinstance(value, dict | list) and not _is_distribution(value)) or (
                path == "reach_unit"
            ):
                continue
            label = _("Variant {name} › {what}").format(name=name, what=_words(item, str(path)))
            at = place("interventions", i, "variants", j, "set", str(path))
            group.fields.append(Field(at, label, _shown(value)))
            group.lines.append((at, label))
    scenarios = item.get("scenarios")
    if isinstance(scenarios, dict):
        for scenario_id, scenario in scenarios.items():
            if not isinstance(scenario, dict) or not isinstance(scenario.get("set"), dict):
                continue
            for path, value in scenario["set"].items():
                if isinstance(value, dict | list) and not _is_distribution(value):
                    continue
                label = _("Scenario {name} › {what}").format(
                    name=scenario_id, what=_words(item, str(path))
                )
                at = place("interventions", i, "scenarios", str(scenario_id), "set", str(path))
                group.fields.append(Field(at, label, _shown(value)))
                group.lines.append((at, label))


def shown_value(value: Any) -> str:
    """A stored value as a field shows it (for a conflict: "someone stored 60")."""
    if isinstance(value, list) and not _is_distribution(value):
        return _lines(value)
    return _shown(value)


def _shown(value: Any) -> str:
    """A value as its field shows it; a distribution as ``pert(15%; 25%; 35%)``."""
    if isinstance(value, dict) and len(value) == 1:
        ((kind, bounds),) = value.items()
        if kind in KINDS and isinstance(bounds, list):
            return f"{kind}({'; '.join(_shown(b) for b in bounds)})"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


ABOUT = (
    ("description", N_("Beschrijving"), "text"),
    ("target_groups", N_("Doelgroepen (één per regel)"), "lines"),
    ("main_activities", N_("Hoofdactiviteiten (één per regel)"), "lines"),
    ("way_of_working", N_("Werkwijze (één per regel)"), "lines"),
)
ARENA = (
    ("clients", N_("Effecten voor cliënten (één per regel)")),
    ("municipality", N_("Effecten voor de gemeente (één per regel)")),
    ("society", N_("Effecten voor de maatschappij (één per regel)")),
)
"""The effects arena: the effects per perspective, in words (step 3 of the method)."""


def _lines(value: Any) -> str:
    return "\n".join(str(v) for v in _sequence(value) if not isinstance(v, dict | list))


def _general(raw: dict[str, Any]) -> Group:
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
            ("approach", _("Verandertheorie: aanpak en proces")),
        ):
            if isinstance(change.get(key), str | type(None)):
                general.fields.append(
                    Field(f"theory_of_change.{key}", label, _shown(change.get(key)), kind="text")
                )
        if isinstance(change.get("preconditions"), list | type(None)):
            general.fields.append(
                Field(
                    "theory_of_change.preconditions",
                    _("Verandertheorie: randvoorwaarden (één per regel)"),
                    _lines(change.get("preconditions")),
                    kind="lines",
                )
            )
    return general


def _parties(raw: dict[str, Any]) -> Group:
    """Step 2: who has a stake, and who pays (the financiers, each a budget)."""
    group = Group(_("Belanghebbenden en financiers"), parties=True)
    for j, item in enumerate(_sequence(raw.get("financiers"))):
        if isinstance(item, dict):
            budget = item.get("law") or item.get("party") or j + 1
            label = _("Financier ({budget}) › naam").format(budget=budget)
            group.fields.append(Field(f"financiers.{j}.name", label, _shown(item.get("name"))))
            group.removable.append(
                (place("financiers", j), str(item.get("name") or item.get("id")))
            )
    stakeholders = [s for s in _sequence(raw.get("stakeholders")) if isinstance(s, dict)]
    group.about_title = _("Belanghebbenden ({count}): wie en welk belang").format(
        count=len(stakeholders)
    )
    for j, item in enumerate(_sequence(raw.get("stakeholders"))):
        if not isinstance(item, dict):
            continue
        name = str(item.get("name") or item.get("id"))
        group.about.append(
            Field(f"stakeholders.{j}.name", _("Belanghebbende › naam"), _shown(item.get("name")))
        )
        group.about.append(
            Field(
                f"stakeholders.{j}.description",
                f"{name} › {_('wie en welk belang')}",
                _shown(item.get("description")),
                kind="text",
            )
        )
        group.removable.append((place("stakeholders", j), name))
    return group


def _scenarios(raw: dict[str, Any]) -> Group:
    """The case's declared scenarios (minimum, maximum): their names and what they set."""
    group = Group(_("Scenario's"), scenarios=True)
    for j, scenario in enumerate(_sequence(raw.get("scenarios"))):
        if not isinstance(scenario, dict):
            continue
        name = str(scenario.get("name") or scenario.get("id"))
        group.fields.append(
            Field(
                f"scenarios.{j}.name",
                _("Scenario {id} › naam").format(id=scenario.get("id")),
                _shown(scenario.get("name")),
            )
        )
        changes = scenario.get("set")
        for path, value in changes.items() if isinstance(changes, dict) else []:
            if isinstance(value, dict | list) and not _is_distribution(value):
                continue
            label = _("Scenario {name} › {what}").format(name=name, what=path)
            at = place("scenarios", j, "set", str(path))
            group.fields.append(Field(at, label, _shown(value)))
            group.removable.append((at, label))
        group.removable.append((place("scenarios", j), _("Scenario {name}").format(name=name)))
    return group


def _is_distribution(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in KINDS


def offered(item: dict[str, Any]) -> list[tuple[str, str]]:
    """What a variant or scenario of this intervention can change: (path, in words)."""
    out = [("reach", _("Bereik"))]
    for kind, names in (("effects", EFFECT_FIELDS), ("investments", INVESTMENT_FIELDS)):
        for line in _sequence(item.get(kind)):
            if not isinstance(line, dict) or not line.get("id"):
                continue
            keys = [k for k in names if k in line and k != "price"]
            if kind == "effects":
                own = "attribution_to_others" if "attribution_to_others" in line else "attribution"
                keys += [k for k in (own, "deadweight") if k not in keys]
            for key in keys:
                what = f"{line.get('name') or line.get('id')} › {_(FIELDS.get(key, key))}"
                out.append((f"{kind}.{line['id']}.{key}", what))
    for parameter in _sequence(item.get("parameters")):
        if isinstance(parameter, dict) and parameter.get("id"):
            name = parameter.get("name") or parameter.get("id")
            out.append((f"parameters.{parameter['id']}", f"{_('Aanname')} › {name}"))
    return out


def _intervention(i: int, item: dict[str, Any]) -> Group:
    group = Group(str(item.get("name") or item.get("id") or i), index=i)
    group.about.append(Field(f"interventions.{i}.name", _("Naam"), _shown(item.get("name"))))
    for key, label, kind in ABOUT:
        value = item.get(key)
        shown = _lines(value) if kind == "lines" else _shown(value)
        if kind == "lines" and not isinstance(value, list | type(None)):
            continue
        group.about.append(Field(f"interventions.{i}.{key}", _(label), shown, kind=kind))
    arena = item.get("qualitative_effects")
    if isinstance(arena, dict | type(None)):
        for key, label in ARENA:
            value = (arena or {}).get(key)
            if isinstance(value, list | type(None)):
                at = f"interventions.{i}.qualitative_effects.{key}"
                group.about.append(Field(at, _(label), _lines(value), kind="lines"))
    group.fields.append(Field(f"interventions.{i}.reach", _("Bereik"), _shown(item.get("reach"))))
    for kind, names in (("effects", EFFECT_FIELDS), ("investments", INVESTMENT_FIELDS)):
        for j, line in enumerate(_sequence(item.get(kind))):
            if not isinstance(line, dict):
                continue
            name = line.get("name") or line.get("id")
            word = _("effectregel") if kind == "effects" else _("investering")
            group.names.append(
                Field(f"interventions.{i}.{kind}.{j}.name", f"{word} › {name}", _shown(name))
            )
            for key in names:
                if key in line:
                    word = _("tarief") if key == "price" else _(FIELDS.get(key, key))
                    group.fields.append(
                        Field(
                            f"interventions.{i}.{kind}.{j}.{key}",
                            f"{name} › {word}",
                            _shown(line[key]),
                            kind="price" if key == "price" and kind == "effects" else "",
                        )
                    )
    for j, variant in enumerate(_sequence(item.get("variants"))):
        if isinstance(variant, dict):
            group.names.append(
                Field(
                    f"interventions.{i}.variants.{j}.name",
                    f"{_('variant')} › {variant.get('id')}",
                    _shown(variant.get("name")),
                )
            )
    _changes(group, i, item)
    for kind in ("effects", "investments"):
        for j, line in enumerate(_sequence(item.get(kind))):
            if isinstance(line, dict):
                group.lines.append((place("interventions", i, kind, j), str(line.get("name"))))
    for j, variant in enumerate(_sequence(item.get("variants"))):
        if isinstance(variant, dict):
            name = variant.get("name") or variant.get("id")
            group.lines.append(
                (place("interventions", i, "variants", j), _("Variant {name}").format(name=name))
            )
    group.changes = offered(item)
    group.variants = [
        (f"v:{v.get('id')}", str(v.get("name") or v.get("id")))
        for v in _sequence(item.get("variants"))
        if isinstance(v, dict) and v.get("id")
    ]
    return group


def groups(text: str) -> list[Group]:
    """The form in the order of the method: the case and its theory of change, the
    stakeholders and financiers, then per intervention its words (target groups,
    activities, the effects arena), its numbers and its variants; the case's scenarios."""
    raw = parse(text)
    if not isinstance(raw, dict):
        raw = {}
    out = [_general(raw), _parties(raw)]
    for i, item in enumerate(_sequence(raw.get("interventions"))):
        if isinstance(item, dict):
            out.append(_intervention(i, item))
    out.append(_scenarios(raw))
    return out


def options(text: str) -> list[tuple[str, str]]:
    """The case's scenarios a change can go to (``s:<id>``, with its name); an
    intervention's own variants are in its group (:attr:`Group.variants`)."""
    raw = parse(text)
    scenarios = [
        (f"s:{s.get('id')}", _("scenario {name}").format(name=s.get("name") or s.get("id")))
        for s in _sequence(raw.get("scenarios") if isinstance(raw, dict) else None)
        if isinstance(s, dict) and s.get("id")
    ]
    return scenarios


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
