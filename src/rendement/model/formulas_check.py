"""Every formula checked before anything is computed: its names, and the numbers it can give.

``check`` may accept nothing that ``run`` or a Monte Carlo run then cannot compute. So
the loader checks each formula twice:

* **Names in scope.** A formula sees what the engine gives it: ``meta.discount_rate``
  sees no names; ``meta.weeks_per_year``, case parameters and case prices see the case's
  parameters; everything inside an intervention sees those plus ``reach`` and the
  intervention's own parameters (never an effect or investment id).
* **Numbers.** Each value is computed for its point value and over the range of its
  inputs, in every variant × scenario. The range is found with *interval arithmetic*:
  each input is an interval (a plain number a point; a distribution its
  :meth:`~rendement.model.distributions.Distribution.support`) and each operation gives
  the interval its result can take. Interval arithmetic is *sound*: when it says a
  divisor can never be 0, a power never takes a negative base to a fractional exponent
  and nothing overflows, no draw can make it so. That decides everything that would
  give NaN or infinity. It is also *pessimistic* when an input occurs twice
  (``=a - a`` spans ``[low - high, high - low]``), so for the *impossible* results
  (negative where 0 or more is required, a share outside 0–100 %) a range that looks
  wrong is confirmed first by a witness: the formula evaluated at the corners of its
  inputs' ranges and at a fixed set of points inside. Only a real witness is reported,
  with the input values that produce it, so a valid model is never refused on an
  overestimate.

The model room may not import the engine, so this is a small evaluator of its own on
plain floats; it follows the engine's semantics (IEEE arithmetic, ``min``/``max``).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from typing import Any

from ..i18n import N_
from ..wording import Text
from .case import BASE_SCENARIO, BusinessCase
from .distributions import LARGEST
from .expressions import BinOp, Call, Const, Expr, Neg, Ref, names, render
from .interventions import Intervention
from .locations import Loc
from .messages import known, suggestion
from .pricing import PriceBook
from .values import Value

Finding = tuple[Loc, str, Text | str]
Effective = Callable[[str, str, str], Intervention]
CaseChanges = Callable[[str, str, str], dict[tuple[str, str], Any]]

NUMBER, AMOUNT, SHARE = "number", "amount", "share"
TOLERANCE = 1e-9
"""Rounding noise allowed at a bound (``=0.3 - 0.1 - 0.2`` is -2.8e-17, not negative)."""
CORNERS = 8
"""Up to this many uncertain inputs, every corner of their ranges is tried as a witness."""
SAMPLES = 64
"""Points inside the ranges tried as witnesses, from a fixed seed (the same every load)."""

REACH = "reach"
FILTERS = {
    "deadweight": SHARE,
    "attribution": SHARE,
    "attribution_to_others": SHARE,
    "displacement": SHARE,
    "drop_off": SHARE,
    "duration_years": AMOUNT,
    "start_delay_years": AMOUNT,
}
EFFECT_FIELDS = {"cases": AMOUNT, "share": SHARE, "units_per_case": NUMBER, "units": NUMBER}
INVESTMENT_FIELDS = ("amount", "hours_per_week", "hourly_cost", "quantity", "unit_cost")


class Unsafe(Exception):
    """A formula that cannot be computed (for some input in its range); Dutch message."""


@dataclass(frozen=True)
class Span:
    """A value's point and the interval its draws can take."""

    point: float
    low: float
    high: float


class Scope:
    """The named values a formula sees, with their spans (computed once, on demand)."""

    def __init__(self, values: dict[str, Value], parent: Scope | None = None) -> None:
        self.values = values
        self.parent = parent
        self._spans: dict[str, Span] = {}
        self._busy: set[str] = set()

    def visible(self) -> set[str]:
        return set(self.values) | (self.parent.visible() if self.parent else set())

    def owner(self, name: str) -> Scope:
        if name in self.values:
            return self
        if self.parent is None:
            raise Unsafe(Text(N_("'{name}' is hier niet bekend"), name=name))
        return self.parent.owner(name)

    def span(self, name: str) -> Span:
        scope = self.owner(name)
        if name not in scope._spans:
            if name in scope._busy:
                raise Unsafe(Text(N_("'{name}' hangt van zichzelf af"), name=name))
            scope._busy.add(name)
            try:
                scope._spans[name] = span_of(scope.values[name], scope)
            finally:
                scope._busy.discard(name)
        return scope._spans[name]


def span_of(value: Value, scope: Scope) -> Span:
    """Point and range of one value: a number, a distribution, or a formula in ``scope``."""
    if value.dist is not None:
        low, high = value.dist.support()
        return Span(value.dist.point, low, high)
    if value.literal is not None:
        return Span(value.literal, value.literal, value.literal)
    point = evaluate(value.expr, scope, {})
    low, high = interval(value.expr, scope)
    return Span(point, low, high)


# ------------------------------------------------------------------ point evaluation
def evaluate(expr: Expr, scope: Scope, chosen: dict[tuple[int, str], float]) -> float:
    """The formula's value with uncertain inputs at their point, or as ``chosen``."""
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Ref):
        owner = scope.owner(expr.name)
        key = (id(owner), expr.name)
        if key in chosen:
            return chosen[key]
        value = owner.values[expr.name]
        if not chosen or value.dist is not None or value.literal is not None:
            return owner.span(expr.name).point  # computed once per scope
        chosen[key] = evaluate(value.expr, owner, chosen)  # once per witness tried
        return chosen[key]
    if isinstance(expr, Neg):
        return -evaluate(expr.operand, scope, chosen)
    if isinstance(expr, Call):
        args = [evaluate(a, scope, chosen) for a in expr.args]
        return min(args) if expr.func == "min" else max(args)
    a = evaluate(expr.left, scope, chosen)
    b = evaluate(expr.right, scope, chosen)
    if expr.op == "/" and b == 0:
        named = (
            ""
            if isinstance(expr.right, Const)
            else Text(N_(" ({formula} is 0)"), formula=render(expr.right))
        )
        raise Unsafe(
            Text(N_("deelt door 0{named}; een deling door 0 heeft geen uitkomst"), named=named)
        )
    if expr.op == "**":
        return _power(a, b, expr)
    result = {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else 0.0}[expr.op]
    return _finite(result, expr)


def _power(a: float, b: float, expr: BinOp) -> float:
    if a == 0 and b < 0:
        raise Unsafe(
            Text(
                N_("deelt door 0 ({render} is 0, tot een negatieve macht)"),
                render=render(expr.left),
            )
        )
    if a < 0 and not float(b).is_integer():
        raise Unsafe(
            Text(
                N_("neemt een gebroken macht van een negatief getal ({render} is {a})"),
                render=render(expr.left),
                a=f"{a:g}",
            )
        )
    try:
        result = math.pow(a, b)
    except OverflowError:
        result = math.inf
    return _finite(result, expr)


def _finite(result: float, expr: Expr) -> float:
    if not math.isfinite(result):
        raise Unsafe(
            Text(
                N_("geeft een getal dat te groot is om mee te rekenen (in {render})"),
                render=render(expr),
            )
        )
    return result


# ------------------------------------------------------------------ interval arithmetic
def interval(expr: Expr, scope: Scope) -> tuple[float, float]:
    """The smallest interval that surely holds the formula's value for any draw."""
    if isinstance(expr, Const):
        return expr.value, expr.value
    if isinstance(expr, Ref):
        span = scope.span(expr.name)
        return span.low, span.high
    if isinstance(expr, Neg):
        low, high = interval(expr.operand, scope)
        return -high, -low
    if isinstance(expr, Call):
        parts = [interval(a, scope) for a in expr.args]
        pick = min if expr.func == "min" else max
        return pick(p[0] for p in parts), pick(p[1] for p in parts)
    a = interval(expr.left, scope)
    b = interval(expr.right, scope)
    if expr.op == "+":
        result = (a[0] + b[0], a[1] + b[1])
    elif expr.op == "-":
        result = (a[0] - b[1], a[1] - b[0])
    elif expr.op == "*":
        result = _hull([x * y for x in a for y in b])
    elif expr.op == "/":
        if b[0] <= 0 <= b[1]:
            raise Unsafe(
                Text(
                    N_(
                        "kan door 0 delen: {render} ligt tussen {b} en {b2}; kies grenzen die 0 "
                        "uitsluiten"
                    ),
                    render=render(expr.right),
                    b=f"{b[0]:g}",
                    b2=f"{b[1]:g}",
                )
            )
        result = _hull([x / y for x in a for y in b])
    else:
        result = _power_interval(a, b, expr)
    for bound in result:
        _finite(bound, expr)
    return result


def _hull(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


def _power_interval(
    a: tuple[float, float], b: tuple[float, float], expr: BinOp
) -> tuple[float, float]:
    """``a ** b`` over intervals: at the corners, since for a > 0 ``log(a ** b) = b log a``
    is bilinear in (b, log a); an integer exponent also allows a negative base."""
    whole = b[0] == b[1] and float(b[0]).is_integer()
    if a[0] < 0 and not whole:
        raise Unsafe(
            Text(
                N_(
                    "kan een gebroken macht van een negatief getal nemen ({render} ligt tussen "
                    "{a} en {a2})"
                ),
                render=render(expr.left),
                a=f"{a[0]:g}",
                a2=f"{a[1]:g}",
            )
        )
    if b[0] < 0 and a[0] <= 0 <= a[1]:
        raise Unsafe(
            Text(
                N_("kan door 0 delen: {render} ligt tussen {a} en {a2} en de macht is negatief"),
                render=render(expr.left),
                a=f"{a[0]:g}",
                a2=f"{a[1]:g}",
            )
        )
    corners = [_power(x, y, expr) for x in a for y in b]
    if whole and a[0] < 0 < a[1]:
        corners.append(0.0 if b[0] > 0 else 1.0)
    return _hull(corners)


# ------------------------------------------------------------------ witnesses
def _leaves(expr: Expr, scope: Scope, seen: set[tuple[int, str]] | None = None) -> list[Any]:
    """The uncertain inputs a formula depends on: (key, name, low, high)."""
    seen = set() if seen is None else seen
    out: list[Any] = []
    for name in sorted(names(expr)):
        owner = scope.owner(name)
        key = (id(owner), name)
        if key in seen:
            continue
        seen.add(key)
        value = owner.values[name]
        if value.dist is not None:
            low, high = value.dist.support()
            out.append((key, name, low, high))
        elif value.literal is None:
            out.extend(_leaves(value.expr, owner, seen))
    return out


def witness(expr: Expr, scope: Scope, wrong: Callable[[float], bool]) -> tuple[float, str] | None:
    """A value of the formula for which ``wrong`` holds, with the inputs that give it."""
    leaves = _leaves(expr, scope)
    if not leaves:
        return None
    tries: list[tuple[float, ...]] = []
    if len(leaves) <= CORNERS:
        tries.extend(itertools.product(*((low, high) for _, _, low, high in leaves)))
    rng = random.Random(2019)
    tries.extend(
        tuple(rng.uniform(low, high) for _, _, low, high in leaves) for _ in range(SAMPLES)
    )
    for values in tries:
        chosen = {leaf[0]: v for leaf, v in zip(leaves, values, strict=True)}
        try:
            result = evaluate(expr, scope, chosen)
        except Unsafe:
            continue
        if wrong(result):
            shown = ", ".join(f"{leaf[1]} = {v:g}" for leaf, v in zip(leaves, values, strict=True))
            return result, shown
    return None


# ------------------------------------------------------------------ one value
def value_problem(value: Value, kind: str, scope: Scope) -> tuple[str, Text] | None:
    """(code, message) when ``value`` cannot be computed or gives an impossible number."""
    if not value.is_formula:
        return None  # numbers and distributions are checked where they are read
    missing = sorted(names(value.expr) - scope.visible())
    if missing:
        options = sorted(scope.visible())
        return "unknown_name", (
            Text(
                N_(
                    "de formule {text} gebruikt '{missing}', maar dat is hier geen parameter "
                    "({known}).{suggestion}"
                ),
                text=value.text,
                missing=missing[0],
                known=known(options),
                suggestion=suggestion(missing[0], options),
            )
        )
    for name in names(value.expr):
        try:
            scope.span(name)
        except Unsafe:
            return None  # the value it uses cannot be computed: said there, not here too
    try:
        point = evaluate(value.expr, scope, {})
        low, high = interval(value.expr, scope)
    except Unsafe as error:
        reason = error.args[0] if error.args else str(error)
        return "not_computable", Text(
            N_("de formule {text} {reason}"), text=value.text, reason=reason
        )
    except RecursionError:  # the limits on formula length and chains should prevent this
        return "too_deep", Text(
            N_("de formule {text} hangt via te veel stappen af van andere"), text=value.text
        )
    if max(abs(point), -low, high) > LARGEST:
        biggest = max(abs(point), -low, high)
        return "too_large", (
            Text(
                N_(
                    "de formule {text} geeft {biggest}; rendement rekent met getallen tot 10^15 "
                    "(duizend biljoen). Controleer de eenheden"
                ),
                text=value.text,
                biggest=f"{biggest:g}",
            )
        )
    if kind == AMOUNT:
        return _bounded(value, scope, point, low, high, 0.0, math.inf)
    if kind == SHARE:
        return _bounded(value, scope, point, low, high, 0.0, 1.0)
    return None


def _bounded(
    value: Value, scope: Scope, point: float, low: float, high: float, least: float, most: float
) -> tuple[str, Text] | None:
    def wrong(x: float) -> bool:
        return x < least - TOLERANCE or x > most + TOLERANCE

    expected = (
        Text(N_("hier hoort een getal van 0 of meer"))
        if math.isinf(most)
        else Text(N_("een aandeel ligt tussen 0% en 100%"))
    )
    if wrong(point):
        shown = f"{point:g}" if math.isinf(most) else f"{point * 100:g}%"
        return "out_of_range", Text(
            N_("{expected}, maar de formule {text} geeft {shown}"),
            expected=expected,
            text=value.text,
            shown=shown,
        )
    if not (wrong(low) or wrong(high)):
        return None
    found = witness(value.expr, scope, wrong)
    if found is None:
        return None  # the interval overestimated; no input in range makes it wrong
    result, inputs = found
    shown = f"{result:g}" if math.isinf(most) else f"{result * 100:g}%"
    return "out_of_range", (
        Text(
            N_(
                "{expected}, maar de formule {text} kan {shown} worden (als {inputs}); kies de "
                "grenzen van die invoer zo dat dit niet kan"
            ),
            expected=expected,
            text=value.text,
            shown=shown,
            inputs=inputs,
        )
    )


# ------------------------------------------------------------------ the whole case
def scope_findings(case: BusinessCase) -> Iterator[Finding]:
    """Formulas outside interventions, and impact filters, that use a name not in scope.

    (Reach, parameters, effect and investment fields are checked in ``references``.)
    """
    shared = {p.id for p in case.parameters}
    case_level: list[tuple[Loc, Value | None, set[str]]] = [
        (("meta", "discount_rate"), case.meta.discount_rate, set()),
        (("meta", "weeks_per_year"), case.meta.weeks_per_year, shared),
    ]
    case_level += [(("prices", i, "amount"), p.amount, shared) for i, p in enumerate(case.prices)]
    for loc, value, visible in case_level:
        if value is not None and value.is_formula:
            yield from _names_out_of_scope(loc, value, visible)
    for n, intervention in enumerate(case.interventions):
        visible = shared | {REACH} | {p.id for p in intervention.parameters}
        for i, effect in enumerate(intervention.effects):
            for field in FILTERS:
                value = getattr(effect, field)
                if value is not None and value.is_formula:
                    where: Loc = ("interventions", n, "effects", i, field)
                    yield from _names_out_of_scope(where, value, visible)


def _names_out_of_scope(loc: Loc, value: Value, visible: set[str]) -> Iterator[Finding]:
    for name in sorted(names(value.expr) - visible):
        if not visible:
            message = Text(
                N_(
                    "de formule {text} gebruikt '{name}', maar hier kan een formule geen namen "
                    "gebruiken; schrijf een getal of een berekening met alleen getallen"
                ),
                text=value.text,
                name=name,
            )
        else:
            options = sorted(visible)
            message = Text(
                N_(
                    "de formule {text} gebruikt '{name}', maar dat is hier geen parameter "
                    "({known}).{suggestion}"
                ),
                text=value.text,
                name=name,
                known=known(options),
                suggestion=suggestion(name, options),
            )
        yield loc, "unknown_name", message


def _fields(item: Intervention) -> Iterator[tuple[Loc, str, Value, str]]:
    """Every value of an intervention: (loc inside it, override path, value, kind)."""
    yield (REACH,), REACH, item.reach, AMOUNT
    for i, parameter in enumerate(item.parameters):
        yield ("parameters", i, "value"), f"parameters.{parameter.id}", parameter.value, NUMBER
    for i, effect in enumerate(item.effects):
        for field, kind in {**EFFECT_FIELDS, **FILTERS}.items():
            value = getattr(effect, field)
            if value is not None:
                yield ("effects", i, field), f"effects.{effect.id}.{field}", value, kind
    for i, investment in enumerate(item.investments):
        for field in INVESTMENT_FIELDS:
            value = getattr(investment, field)
            if value is not None:
                yield (
                    ("investments", i, field),
                    f"investments.{investment.id}.{field}",
                    value,
                    (AMOUNT),
                )


def _override_loc(
    case: BusinessCase, base: Intervention, variant: str, scenario: str, path: str
) -> Loc | None:
    """Where a variant's or scenario's ``set`` gives the value at ``path``, if it does.

    The topmost layer wins, as in :meth:`LoadedModel.effective`: the intervention's own
    scenario block, then the declared scenario's ``interventions.<id>.<path>``, then the
    variant. The loc is relative to the intervention, or absolute (from ``scenarios``).
    """
    keys = (path, f"{path}.value")
    change = base.scenarios.get(scenario) if scenario != BASE_SCENARIO else None
    if change is not None:
        for key in keys:
            if key in change.set:
                return ("scenarios", scenario, "set", key)
    for i, declared in enumerate(case.scenarios):
        if declared.id == scenario and scenario != BASE_SCENARIO:
            for key in keys:
                full = f"interventions.{base.id}.{key}"
                if full in declared.set:
                    return ("#", "scenarios", i, "set", full)
    for i, v in enumerate(base.variants):
        if v.id == variant:
            for key in keys:
                if key in v.set:
                    return ("variants", i, "set", key)
    return None


def _change_loc(case: BusinessCase, n: int, change: Any) -> Loc:
    """The YAML location of a case-wide change, from its origin and the path it sets."""
    path = change.where[change.where.rindex("[") + 1 : -1]
    parts = change.origin.split(":")
    if parts[0] == "v":
        ids = [v.id for v in case.interventions[n].variants]
        return ("interventions", n, "variants", ids.index(parts[2]), "set", path)
    if len(parts) == 3:
        return ("interventions", n, "scenarios", parts[1], "set", path)
    ids = [s.id for s in case.scenarios]
    return ("scenarios", ids.index(parts[1]), "set", path)


def _case_values(
    case: BusinessCase, changes: dict[tuple[str, str], Any], n: int
) -> tuple[Scope, list[tuple[Loc, Value, str, Scope, bool]]]:
    """The case parameters as one evaluation sees them, and every case-level value to check:
    (loc, value, kind, scope, whether a scenario or variant changed it)."""
    values = {p.id: p.value for p in case.parameters}
    changed_at: dict[tuple[str, str], Loc] = {}
    for (kind, ident), change in changes.items():
        changed_at[(kind, ident)] = _change_loc(case, n, change)
        if kind == "parameter":
            values[ident] = change.value
    shared = Scope(values)
    out: list[tuple[Loc, Value, str, Scope, bool]] = [
        (("meta", "discount_rate"), v, SHARE, Scope({}), False)
        for v in [case.meta.discount_rate]
        if v is not None
    ]
    out += [
        (("meta", "weeks_per_year"), v, AMOUNT, shared, False)
        for v in [case.meta.weeks_per_year]
        if v is not None
    ]
    for i, p in enumerate(case.parameters):
        at = changed_at.get(("parameter", p.id))
        out.append((at or ("parameters", i, "value"), values[p.id], NUMBER, shared, at is not None))
    for i, price in enumerate(case.prices):
        at = changed_at.get(("price", price.id))
        change = changes.get(("price", price.id))
        amount = change.value if change is not None else price.amount
        out.append((at or ("prices", i, "amount"), amount, AMOUNT, shared, at is not None))
    for (kind, ident), change in changes.items():
        if kind == "price" and ident not in {p.id for p in case.prices}:  # a list's price
            out.append((changed_at[(kind, ident)], change.value, AMOUNT, shared, True))
    return shared, out


def numeric_findings(
    case: BusinessCase,
    book: PriceBook,
    effective: Effective,
    case_changes: CaseChanges | None = None,
    only: Container[int] | None = None,
) -> Iterator[Finding]:
    """Every value that cannot be computed or is impossible, in any variant × scenario.

    Runs on a case whose names and references are already known to be right.
    ``effective`` gives an intervention as a variant under a scenario sees it;
    ``case_changes`` the case parameters and prices that evaluation sees changed;
    ``only`` the interventions (by place) to check, when the others are known to be right.
    """
    seen: set[Loc] = set()
    for n, base in enumerate(case.interventions):
        if only is not None and n not in only:
            continue
        for variant in base.variant_ids():
            for scenario in case.scenario_ids():
                try:
                    changes = case_changes(base.id, variant, scenario) if case_changes else {}
                except ValueError:  # a change that is not valid: reported by its own check
                    continue
                context = _context(case, base, variant, scenario)
                shared, case_level = _case_values(case, changes, n)
                for loc, value, kind, scope, changed in case_level:
                    problem = value_problem(value, kind, scope)
                    if problem is not None and loc not in seen:
                        seen.add(loc)
                        yield loc, problem[0], problem[1] + ("" if changed else context)
                item = effective(base.id, variant, scenario)
                local = {REACH: item.reach, **item.parameter_values()}
                scope = Scope(local, shared)
                for where, path, value, kind in _fields(item):
                    problem = value_problem(value, kind, scope)
                    if problem is None:
                        continue
                    code, message = problem
                    override = _override_loc(case, base, variant, scenario, path)
                    if override is not None and override[0] == "#":
                        at: Loc = override[1:]
                    else:
                        at = ("interventions", n, *(override or where))
                    if at in seen:
                        continue
                    seen.add(at)
                    yield at, code, message + ("" if override else context)
                prices = {ident: c.value for (k, ident), c in changes.items() if k == "price"}
                yield from _line_prices(case, book, n, item, shared, prices)


def _context(case: BusinessCase, base: Intervention, variant: str, scenario: str) -> Text | str:
    in_variant = bool(base.variants) and variant != base.variants[0].id
    in_scenario = scenario != BASE_SCENARIO
    if in_variant and in_scenario:
        return Text(
            N_(" (in variant '{variant}' en scenario '{scenario}')"),
            variant=variant,
            scenario=scenario,
        )
    if in_variant:
        return Text(N_(" (in variant '{variant}')"), variant=variant)
    if in_scenario:
        return Text(N_(" (in scenario '{scenario}')"), scenario=scenario)
    return ""


def _line_prices(
    case: BusinessCase,
    book: PriceBook,
    n: int,
    item: Intervention,
    shared: Scope,
    changed: dict[str, Value],
) -> Iterator[Finding]:
    """The price each effect line multiplies with (indexed, per its unit) stays computable."""
    for i, effect in enumerate(item.effects):
        price = book.prices.get(effect.price)
        if price is None:
            continue
        factor = (
            (price.index_factor or 1.0)
            * (price.exchange_rate or 1.0)
            * (book.unit_factor(case, effect.unit, price) or 1.0)
        )
        try:
            span = span_of(changed.get(price.id, price.amount), shared)
        except Unsafe:
            continue  # said at the price itself
        largest = max(abs(span.point), -span.low, span.high) * factor
        if not largest <= LARGEST:
            yield (
                ("interventions", n, "effects", i, "unit" if effect.unit else "price"),
                "too_large",
                Text(
                    N_(
                        "de prijs van deze regel wordt {largest} per {value} (na indexering en "
                        "omrekening); rendement rekent met getallen tot 10^15. Controleer de "
                        "eenheid en de omrekening"
                    ),
                    largest=f"{largest:g}",
                    value=effect.unit or price.unit,
                ),
            )
