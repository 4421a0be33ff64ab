"""Case-wide changes: what a scenario or variant changes outside one intervention.

A declared scenario (``minimum``, ``tarief hoog``) may change, for the whole case,

- a case parameter: ``parameters.<id>`` (e.g. ``parameters.uurtarief: 52``);
- a unit price: ``prices.<id>.amount`` — a case's own price or a price-list item, in the
  price's own price year (indexation applies as usual);
- anything inside one intervention: ``interventions.<id>.<path>``, with the same paths an
  intervention's own ``scenarios`` block takes (``interventions.ouders_lokaal.reach``).

A variant, or an intervention's own scenario block, may likewise set ``parameters.<id>``
of a case parameter and ``prices.<id>.amount``; those changes hold for that intervention
only. The layers apply in this order, each on top of the one before: the model as
written, the variant, the declared scenario, the intervention's own scenario block.

Why a separate layer instead of copying the model per scenario: a two-dimensional
cost-offset grid (value per avoided call min/moderate/max × programme cost
min/moderate/max) is one model with nine scenarios, every figure traceable to the one
value each scenario changes, and Monte Carlo keeps one draw for every value a scenario
does not change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from ..i18n import N_
from ..wording import Text, reason
from .values import Amount, Number, Value

if TYPE_CHECKING:
    from .case import BusinessCase
    from .interventions import Intervention

_NUMBER: TypeAdapter[Value] = TypeAdapter(Number)
_AMOUNT: TypeAdapter[Value] = TypeAdapter(Amount)

INTERVENTIONS = "interventions"


class CaseChangeError(ValueError):
    """A case-wide change whose path does not exist or whose value is not valid there."""


@dataclass(frozen=True)
class CaseChange:
    """One changed case value: what it is, its new value and which layer changed it."""

    kind: str  # 'parameter' or 'price'
    id: str
    value: Value
    origin: str  # 'v:<intervention>:<variant>', 's:<scenario>' or 's:<scenario>:<intervention>'
    where: str  # the model path of the change, e.g. scenarios[hoog].set[prices.huisarts.amount]
    label: str = ""  # the layer in words: 'scenario Tarief hoog', 'variant Uitbreiding (Maatjes)'

    @property
    def key(self) -> str:
        """The plan's input key of the changed value (one input per layer and value)."""
        base = f"parameters.{self.id}" if self.kind == "parameter" else f"prices.{self.id}"
        return f"{base}|{self.origin}"


def _parsed(adapter: TypeAdapter[Value], raw: Any, path: str) -> Value:
    try:
        return adapter.validate_python(raw)
    except ValidationError as error:
        first = error.errors()[0]
        raised = (first.get("ctx") or {}).get("error")
        message = reason(raised) if isinstance(raised, BaseException) else str(first["msg"])
        raise CaseChangeError(Text("'{path}': {message}", path=path, message=message)) from None


def case_path(
    path: str,
    case: BusinessCase,
    local_parameters: set[str],
    price_ids: set[str] | None = None,
) -> tuple[str, str] | None:
    """``('parameter', id)`` or ``('price', id)`` when ``path`` names a case value, else None.

    A parameter of the intervention itself (``local_parameters``) is not a case value: the
    intervention's own parameter wins, as it does in its formulas.
    """
    parts = path.split(".")
    if parts[0] == "prices":
        if len(parts) != 3 or parts[2] != "amount":
            raise CaseChangeError(
                Text(
                    N_(
                        "pad '{path}': een prijs verandert met prices.<id>.amount (alleen het "
                        "bedrag kan per scenario of variant anders)"
                    ),
                    path=path,
                )
            )
        if price_ids is not None and parts[1] not in price_ids:
            raise CaseChangeError(
                Text(N_("pad '{path}': er is geen prijs '{parts}'"), path=path, parts=parts[1])
            )
        return ("price", parts[1])
    if parts[0] == "parameters" and len(parts) in (2, 3):
        if len(parts) == 3 and parts[2] != "value":
            return None
        if parts[1] in local_parameters:
            return None
        if parts[1] in {p.id for p in case.parameters}:
            return ("parameter", parts[1])
    return None


def parse_change(
    kind: str, ident: str, raw: Any, path: str, origin: str, where: str, label: str = ""
) -> CaseChange:
    """The validated new value of one case-wide change (amounts of money are 0 or more)."""
    value = _parsed(_AMOUNT if kind == "price" else _NUMBER, raw, path)
    return CaseChange(kind, ident, value, origin, where, label)


def split_changes(
    changes: dict[str, Any], case: BusinessCase, intervention: Intervention
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(changes inside the intervention, changes of case values) of one ``set`` block."""
    local_ids = {p.id for p in intervention.parameters}
    inside: dict[str, Any] = {}
    outside: dict[str, Any] = {}
    for path, value in changes.items():
        if case_path(path, case, local_ids) is not None:
            outside[path] = value
        else:
            inside[path] = value
    return inside, outside


def scenario_intervention_changes(
    case: BusinessCase, scenario_id: str, intervention_id: str
) -> dict[str, Any]:
    """What a declared scenario's ``set`` changes inside one intervention (paths within it)."""
    prefix = f"{INTERVENTIONS}.{intervention_id}."
    for scenario in case.scenarios:
        if scenario.id == scenario_id:
            return {
                path[len(prefix) :]: value
                for path, value in scenario.set.items()
                if path.startswith(prefix)
            }
    return {}


def _layers(
    case: BusinessCase, intervention: Intervention, variant_id: str, scenario_id: str
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(origin, where, label, case-level changes) per layer, from the bottom layer up."""
    for v in intervention.variants:
        if v.id == variant_id:
            _, outside = split_changes(v.set, case, intervention)
            where = f"interventions[{intervention.id}].variants[{v.id}].set"
            label = f"variant {v.name} ({intervention.name})"
            yield f"v:{intervention.id}:{v.id}", where, label, outside
    name = case.scenario_name(scenario_id)
    for scenario in case.scenarios:
        if scenario.id == scenario_id:
            own = {p: v for p, v in scenario.set.items() if not p.startswith(f"{INTERVENTIONS}.")}
            yield f"s:{scenario.id}", f"scenarios[{scenario.id}].set", f"scenario {name}", own
    change = intervention.scenarios.get(scenario_id)
    if change is not None:
        _, outside = split_changes(change.set, case, intervention)
        where = f"interventions[{intervention.id}].scenarios[{scenario_id}].set"
        label = f"scenario {name} ({intervention.name})"
        yield f"s:{scenario_id}:{intervention.id}", where, label, outside


def case_changes(
    case: BusinessCase, intervention: Intervention, variant_id: str, scenario_id: str
) -> dict[tuple[str, str], CaseChange]:
    """The case values one evaluation sees changed: (kind, id) → the topmost change.

    Raises :class:`CaseChangeError` for a path or value that is not valid (the loader
    reports these, located, before any evaluation runs).
    """
    local_ids = {p.id for p in intervention.parameters}
    out: dict[tuple[str, str], CaseChange] = {}
    for origin, where, label, changes in _layers(case, intervention, variant_id, scenario_id):
        for path, raw in changes.items():
            named = case_path(path, case, local_ids)
            if named is None:
                raise CaseChangeError(
                    Text(
                        N_(
                            "pad '{path}' bestaat niet; een scenario verandert parameters.<id>, "
                            "prices.<id>.amount of interventions.<id>.<pad>"
                        ),
                        path=path,
                    )
                )
            kind, ident = named
            out[named] = parse_change(kind, ident, raw, path, origin, f"{where}[{path}]", label)
    return out
