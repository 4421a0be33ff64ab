"""Compiling a validated model into a plain numeric plan.

A :class:`Plan` is a list of *slots* (every number the model holds: inputs, and values
derived from them by formulas) plus index arrays that say which slots multiply into
which effect line or investment line, for which evaluation (intervention × variant ×
scenario) and which financier. The plan knows nothing of YAML or pydantic; it is what
the engine evaluates, once for point values or on a vector of Monte Carlo draws.

Inputs keep a stable ``key`` such as ``sterk_door_vrijwilligerswerk|s:maximum|parameters.
dagen_per_activiteit``: a value that a variant or scenario does not override is *one*
input shared by every evaluation, so a draw of it is the same draw everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from ..model import BASE_SCENARIO, LoadedModel, Value
from ..model.distributions import Distribution
from ..model.expressions import BinOp, Call, Const, Expr, Neg, Ref, names
from ..model.fields import FIELDS
from ..model.interventions import Effect, Intervention
from ..model.pricing import rate_words
from ..model.scenarios import CaseChange, scenario_intervention_changes

FloatArray = NDArray[np.float64]
Compute = Callable[[Any], Any]  # of the slots: an array, or a list of numbers and arrays

ONE = 0
"""Slot 0 always holds 1.0: the missing factor of a line with fewer than three factors."""
ZERO = 1
"""Slot 1 always holds 0.0: a filter that is not set (no deadweight, no delay)."""

DEFAULT_DISCOUNT_RATE = 0.0225
"""The Dutch MKBA guideline's real discount rate (Werkwijzer MKBA, 2.25 %)."""

FILTERS = (
    "deadweight",
    "attribution",
    "displacement",
    "drop_off",
    "duration_years",
    "start_delay_years",
)
"""The impact filters of an effect line, in the order of ``EffectSpec.filters``."""
FILTER_DEFAULTS = {
    "deadweight": ZERO,
    "attribution": ONE,
    "displacement": ZERO,
    "drop_off": ZERO,
    "duration_years": ONE,
    "start_delay_years": ZERO,
}


@dataclass(frozen=True)
class Input:
    """A number written in the model: what Monte Carlo and sensitivity vary."""

    key: str
    slot: int
    value: float
    label: str
    where: str  # the path in the model, e.g. interventions[ouders_lokaal].effects[cjg].share
    dist: Distribution | None = None  # uncertain: what Monte Carlo draws from
    formula: Expr | None = None  # written as arithmetic on numbers only: =21376 / (9 * 52)


@dataclass(frozen=True)
class Formula:
    """A derived slot written as a formula in the model; names map to slots."""

    expr: Expr
    slots: dict[str, int]


@dataclass(frozen=True)
class Product:
    """A derived slot that is the product of two slots (a share times the reach)."""

    left: int
    right: int


@dataclass(frozen=True)
class Scaled:
    """A derived slot that is a slot times a constant (an index or unit factor)."""

    slot: int
    factor: float
    why: str


@dataclass(frozen=True)
class Complement:
    """A derived slot that is one minus a slot (attribution from the share due to others)."""

    slot: int
    why: str


Symbol = Formula | Product | Scaled | Complement
"""The symbolic form of a derived slot: what an exported spreadsheet writes as a formula."""


@dataclass(frozen=True)
class EvaluationSpec:
    """One evaluation: an intervention as one variant under one scenario sees it."""

    intervention: str
    variant: str
    scenario: str
    reach: int  # slot
    same_as: int | None = None  # an identical evaluation (a scenario that changes nothing here)


@dataclass(frozen=True)
class EffectSpec:
    evaluation: int
    id: str
    name: str
    unit: str
    price_id: str
    financier: int
    cases: int  # slot (ONE for a line given as a total of units)
    units: int  # slot: units per case, or the total
    price: int  # slot
    per_case: bool
    share: int | None  # slot of the share of reach, when the line was given as a share
    filters: tuple[int, int, int, int, int, int]  # slots, in the order of FILTERS
    activity_years: int  # years with a new cohort of cases
    kind: str = "avoided_cost"  # or shadow_price: valued, but not a saving on a budget
    price_amount: int = ONE  # slot: the price as listed (its own year and unit)
    price_change: str | None = None  # which scenario or variant changed the price, in words
    to_others: bool = False  # attribution written as the share due to others (SROI guides)
    stakeholder: str | None = None  # whom the effect is for (SROI: value per stakeholder)


@dataclass(frozen=True)
class InvestmentSpec:
    evaluation: int
    id: str
    name: str
    payer: int
    factors: tuple[int, int, int]  # slots whose product is the yearly amount
    fields: tuple[str, ...]  # names of the factors as written (amount, hours_per_week, ...)
    one_off: bool = False
    start_year: int = 1
    activity_years: int = 1


@dataclass
class Plan:
    """Everything the engine needs, as numbers and index arrays."""

    financiers: list[str]
    financier_names: list[str]
    horizon: int = 1
    discount_rate: int = ZERO  # slot
    inputs: list[Input] = field(default_factory=list)
    derived: list[tuple[int, Compute]] = field(default_factory=list)
    symbols: dict[int, Symbol] = field(default_factory=dict)  # how each derived slot is made
    slot_labels: list[str] = field(default_factory=lambda: ["1", "0"])
    evaluations: list[EvaluationSpec] = field(default_factory=list)
    effects: list[EffectSpec] = field(default_factory=list)
    investments: list[InvestmentSpec] = field(default_factory=list)
    # filled by finish():
    input_slots: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    effect_factors: NDArray[np.intp] = field(default_factory=lambda: np.zeros((0, 3), np.intp))
    investment_factors: NDArray[np.intp] = field(default_factory=lambda: np.zeros((0, 3), np.intp))
    effect_filters: NDArray[np.intp] = field(default_factory=lambda: np.zeros((0, 6), np.intp))
    effect_activity: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, np.intp))
    investment_schedule: FloatArray = field(default_factory=lambda: np.zeros((0, 1)))
    canonical: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, np.intp))
    effect_matrix: Any = None  # sparse (evaluations × financiers, effect lines)
    investment_matrix: Any = None  # sparse (evaluations × financiers, investment lines)
    shadow_matrix: Any = None  # sparse (evaluations, effect lines priced with shadow prices)
    _perspectives: dict[tuple[str, ...], tuple[Any, Any]] = field(default_factory=dict)
    _index: dict[tuple[str, str, str], int] = field(default_factory=dict)
    one_year: bool = False  # horizon 1 and default timing on every line
    neutral_filters: bool = False  # no deadweight, attribution or displacement set
    effect_cells: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, np.intp))
    investment_cells: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, np.intp))
    default_profile: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, np.bool_))
    fixed_profile: FloatArray = field(default_factory=lambda: np.zeros((0, 1)))

    @property
    def n_slots(self) -> int:
        return len(self.slot_labels)

    def input_values(self) -> FloatArray:
        """The point values of all inputs, in order."""
        return np.array([i.value for i in self.inputs], dtype=np.float64)

    def perspective_matrices(self, financiers: tuple[str, ...]) -> tuple[Any, Any]:
        """Sparse (evaluations × lines) matrices that sum a perspective's gains and costs."""
        if financiers not in self._perspectives:
            inside = np.array([f in financiers for f in self.financiers], dtype=bool)
            owners = np.array([e.evaluation for e in self.effects], dtype=np.intp)
            mine = (self.effect_cells >= 0) & inside[[e.financier for e in self.effects]]
            gains = _indicator(np.where(mine, owners, -1), len(self.evaluations))
            payers = np.array([i.evaluation for i in self.investments], dtype=np.intp)
            paid = inside[[i.payer for i in self.investments]] if self.investments else mine[:0]
            costs = _indicator(np.where(paid, payers, -1), len(self.evaluations))
            self._perspectives[financiers] = (gains, costs)
        return self._perspectives[financiers]

    def evaluation_index(self, intervention: str, variant: str, scenario: str) -> int:
        """The position of an evaluation (a dictionary, kept up to date as evaluations grow)."""
        index = self._index
        for n in range(len(index), len(self.evaluations)):
            spec = self.evaluations[n]
            index.setdefault((spec.intervention, spec.variant, spec.scenario), n)
        try:
            return index[(intervention, variant, scenario)]
        except KeyError:
            raise KeyError((intervention, variant, scenario)) from None

    def finish(self) -> None:
        """Build the index arrays the engine gathers and sums with."""
        self.canonical = np.array(
            [n if e.same_as is None else e.same_as for n, e in enumerate(self.evaluations)],
            dtype=np.intp,
        )
        self.input_slots = np.array([i.slot for i in self.inputs], dtype=np.intp)
        self.effect_factors = np.array(
            [(e.cases, e.units, e.price) for e in self.effects], dtype=np.intp
        ).reshape(-1, 3)
        self.investment_factors = np.array(
            [i.factors for i in self.investments], dtype=np.intp
        ).reshape(-1, 3)
        self.effect_filters = np.array([e.filters for e in self.effects], dtype=np.intp).reshape(
            -1, len(FILTERS)
        )
        self.effect_activity = np.array([e.activity_years for e in self.effects], dtype=np.intp)
        years = np.arange(1, self.horizon + 1)
        self.investment_schedule = np.array(
            [
                (years == i.start_year)
                if i.one_off
                else (years >= i.start_year) & (years < i.start_year + i.activity_years)
                for i in self.investments
            ],
            dtype=np.float64,
        ).reshape(-1, self.horizon)
        # lines whose timing filters are the defaults have a profile known in advance:
        # one year's effect in each year of activity
        timing = self.effect_filters[:, 3:]
        self.default_profile = np.all(timing == np.array([ZERO, ONE, ZERO]), axis=1)
        t = np.arange(self.horizon)[None, :]
        self.fixed_profile = (t < self.effect_activity[:, None]).astype(np.float64)
        self.one_year = bool(self.horizon == 1 and self.default_profile.all())
        self.neutral_filters = bool(
            np.all(self.effect_filters[:, :3] == np.array([ZERO, ONE, ZERO]))
        )
        n_fin_ = len(self.financiers)
        self.effect_cells = np.array(
            [
                -1 if e.kind == "shadow_price" else e.evaluation * n_fin_ + e.financier
                for e in self.effects
            ],
            dtype=np.intp,
        )
        self.investment_cells = np.array(
            [i.evaluation * n_fin_ + i.payer for i in self.investments], dtype=np.intp
        )
        n_cells = len(self.evaluations) * n_fin_
        self.effect_matrix = _indicator(self.effect_cells, n_cells)
        self.investment_matrix = _indicator(self.investment_cells, n_cells)
        owners = np.array([e.evaluation for e in self.effects], dtype=np.intp)
        self.shadow_matrix = _indicator(
            np.where(self.effect_cells < 0, owners, -1), len(self.evaluations)
        )


def _indicator(targets: NDArray[np.intp], rows: int) -> sparse.csr_matrix:
    """A sparse 0/1 matrix that sums lines into their target row (-1: no target)."""
    lines = np.nonzero(targets >= 0)[0]
    return sparse.csr_matrix(
        (np.ones(len(lines)), (targets[lines], lines)), shape=(rows, len(targets))
    )


def _compile(expr: Expr, env: dict[str, int]) -> Compute:
    """A function of the slot array that computes ``expr`` (vectorised over draws)."""
    if isinstance(expr, Const):
        value = expr.value
        return lambda v: value
    if isinstance(expr, Ref):
        slot = env[expr.name]
        return lambda v: v[slot]
    if isinstance(expr, Neg):
        inner = _compile(expr.operand, env)
        return lambda v: -inner(v)
    if isinstance(expr, BinOp):
        left, right = _compile(expr.left, env), _compile(expr.right, env)
        op = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "**": np.power}[
            expr.op
        ]
        return lambda v: op(left(v), right(v))
    assert isinstance(expr, Call)
    args = [_compile(a, env) for a in expr.args]
    reduce = np.minimum if expr.func == "min" else np.maximum

    def call(v: FloatArray) -> Any:
        acc = args[0](v)
        for a in args[1:]:
            acc = reduce(acc, a(v))
        return acc

    return call


class _Builder:
    """Adds slots to a plan; inputs with the same key become one slot."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.by_key: dict[str, int] = {}

    def _new_slot(self, label: str) -> int:
        self.plan.slot_labels.append(label)
        return len(self.plan.slot_labels) - 1

    def value(self, value: Value, key: str, label: str, where: str, env: dict[str, int]) -> int:
        """The slot of a number: one input per key, or a derived slot for a formula.

        A formula of numbers only (``=21376 / (9 * 52)``) names nothing the model could
        change, so it is an input too, computed once, keeping its formula for exports.
        """
        literal = value.literal
        constant = literal is None and not names(value.expr)
        if literal is not None or constant:
            if key in self.by_key:
                return self.by_key[key]
            slot = self._new_slot(label)
            self.by_key[key] = slot
            number = literal if literal is not None else float(_compile(value.expr, {})(None))
            self.plan.inputs.append(
                Input(
                    key=key,
                    slot=slot,
                    value=number,
                    label=label,
                    where=where,
                    dist=value.dist,
                    formula=value.expr if constant else None,
                )
            )
            return slot
        slot = self._new_slot(label)
        self.plan.derived.append((slot, _compile(value.expr, env)))
        self.plan.symbols[slot] = Formula(value.expr, {n: env[n] for n in names(value.expr)})
        return slot

    def scaled(self, slot: int, factor: float, label: str) -> int:
        """A derived slot: ``slot`` times a constant (an index factor, a unit conversion)."""
        new = self._new_slot(label)
        self.plan.derived.append((new, lambda v: v[slot] * factor))
        self.plan.symbols[new] = Scaled(slot, factor, label)
        return new

    def complement(self, slot: int, label: str) -> int:
        """A derived slot: 1 − ``slot``."""
        new = self._new_slot(label)
        self.plan.derived.append((new, lambda v: 1.0 - v[slot]))
        self.plan.symbols[new] = Complement(slot, label)
        return new

    def product(self, a: int, b: int, label: str) -> int:
        slot = self._new_slot(label)
        self.plan.derived.append((slot, lambda v: v[a] * v[b]))
        self.plan.symbols[slot] = Product(a, b)
        return slot


def _origin(model: LoadedModel, base: Intervention, variant: str, scenario: str, path: str) -> str:
    """Which layer a value comes from: the base, a variant or a scenario override."""
    change = base.scenarios.get(scenario) if scenario != BASE_SCENARIO else None
    if change is not None and _overrides(change.set, path):
        return f"s:{scenario}"
    if scenario != BASE_SCENARIO and _overrides(
        scenario_intervention_changes(model.case, scenario, base.id), path
    ):
        return f"s:{scenario}"
    for v in base.variants:
        if v.id == variant and _overrides(v.set, path):
            return f"v:{variant}"
    return ""


def _overrides(changes: dict[str, Any], path: str) -> bool:
    return path in changes or (path.endswith(".value") and path[: -len(".value")] in changes)


def build_plan(model: LoadedModel) -> Plan:
    """Compile every evaluation of the model into one plan."""
    case = model.case
    plan = Plan(
        financiers=[f.id for f in case.financiers],
        financier_names=[f.name for f in case.financiers],
    )
    build = _Builder(plan)
    fin_index = {f: n for n, f in enumerate(plan.financiers)}
    plan.horizon = case.meta.horizon_years or 1
    rate = case.meta.discount_rate or Value.of(DEFAULT_DISCOUNT_RATE)
    plan.discount_rate = build.value(
        rate, "meta.discount_rate", "discontovoet", "meta.discount_rate", {}
    )

    contexts = _Contexts(build, model)
    contexts.get({})  # the model as written first: its slots keep their order
    prices = model.book.prices

    for base in case.interventions:
        for variant in base.variant_ids():
            for scenario in case.scenario_ids():
                evaluation = len(plan.evaluations)
                changes = model.case_changes(base.id, variant, scenario)
                if scenario != BASE_SCENARIO and _unchanged(model, base, variant, scenario):
                    # this scenario changes nothing in this intervention: the same figures
                    twin = plan.evaluation_index(base.id, variant, BASE_SCENARIO)
                    spec = plan.evaluations[twin]
                    plan.evaluations.append(
                        EvaluationSpec(base.id, variant, scenario, spec.reach, same_as=twin)
                    )
                    continue
                item = model.effective(base.id, variant, scenario)
                context = contexts.get(changes)
                global_env, price_slot, weeks = context.env, context.prices, context.weeks

                def key(
                    path: str, _b: Intervention = base, _v: str = variant, _s: str = scenario
                ) -> str:
                    return f"{_b.id}|{_origin(model, _b, _v, _s, path)}|{path}"

                where = f"interventions[{base.id}]"
                env = dict(global_env)
                # parameters may refer to each other and to reach: create them in dependency order
                local: dict[str, tuple[Value, str, str]] = {
                    "reach": (item.reach, "reach", f"{base.name}: bereik"),
                }
                for p in item.parameters:
                    local[p.id] = (
                        p.value,
                        f"parameters.{p.id}.value",
                        f"{base.name}: {p.name or p.id}",
                    )
                for name in _dependency_order(local):
                    value, path, label = local[name]
                    shown = f"{where}.reach" if name == "reach" else f"{where}.parameters[{name}]"
                    env[name] = build.value(value, key(path), label, shown, env)
                reach_slot = env["reach"]
                activity = min(item.activity_years or plan.horizon, plan.horizon)
                plan.evaluations.append(EvaluationSpec(base.id, variant, scenario, reach_slot))

                for e in item.effects:
                    price = prices[e.price]
                    financier = e.financier or price.financier
                    per_unit = model.book.unit_factor(case, e.unit, price) or 1.0
                    line_price = price_slot[price.id]
                    changed_price = changes.get(("price", price.id))
                    if per_unit != 1.0:
                        line_price = build.scaled(
                            line_price, per_unit, f"tarief {price.name} per {e.unit}"
                        )
                    assert financier is not None  # the loader checks this
                    lw = f"{where}.effects[{e.id}]"
                    label = f"{base.name}: {e.name}"
                    share_slot: int | None = None
                    if e.share is not None:
                        share_slot = build.value(
                            e.share,
                            key(f"effects.{e.id}.share"),
                            f"{label} (aandeel)",
                            f"{lw}.share",
                            env,
                        )
                        cases = build.product(share_slot, reach_slot, f"{label} (casussen)")
                    elif e.cases is not None:
                        cases = build.value(
                            e.cases,
                            key(f"effects.{e.id}.cases"),
                            f"{label} (casussen)",
                            f"{lw}.cases",
                            env,
                        )
                    else:
                        cases = ONE
                    per_case = e.units_per_case is not None
                    units_value = e.units_per_case if per_case else e.units
                    assert units_value is not None
                    field_name = "units_per_case" if per_case else "units"
                    units = build.value(
                        units_value,
                        key(f"effects.{e.id}.{field_name}"),
                        f"{label} (eenheden)",
                        f"{lw}.{field_name}",
                        env,
                    )
                    plan.effects.append(
                        EffectSpec(
                            evaluation=evaluation,
                            id=e.id,
                            name=e.name,
                            unit=e.unit or price.unit,
                            price_id=price.id,
                            financier=fin_index[financier],
                            cases=cases,
                            units=units,
                            price=line_price,
                            per_case=per_case,
                            share=share_slot,
                            filters=_filter_slots(build, e, key, label, lw, env),
                            kind=price.kind,
                            activity_years=activity,
                            price_amount=context.amounts[price.id],
                            price_change=None if changed_price is None else changed_price.label,
                            to_others=e.attribution is None and e.attribution_to_others is not None,
                            stakeholder=e.stakeholder,
                        )
                    )
                for inv in item.investments:
                    lw = f"{where}.investments[{inv.id}]"
                    slots = []
                    for name in inv.factors:
                        value = getattr(inv, name)
                        slots.append(
                            build.value(
                                value,
                                key(f"investments.{inv.id}.{name}"),
                                f"{base.name}: {inv.name} ({FIELDS.get(name, name)})",
                                f"{lw}.{name}",
                                env,
                            )
                        )
                    if inv.hours_per_week is not None:
                        assert weeks is not None  # the loader checks this
                        slots.insert(1, weeks)
                    while len(slots) < 3:
                        slots.append(ONE)
                    plan.investments.append(
                        InvestmentSpec(
                            evaluation=evaluation,
                            id=inv.id,
                            name=inv.name,
                            payer=fin_index[inv.payer],
                            factors=(slots[0], slots[1], slots[2]),
                            fields=inv.factors,
                            one_off=inv.one_off,
                            start_year=inv.start_year,
                            activity_years=activity,
                        )
                    )
    plan.finish()
    return plan


def _unchanged(model: LoadedModel, base: Intervention, variant: str, scenario: str) -> bool:
    """True when a declared scenario changes nothing this intervention uses."""
    if scenario in base.scenarios or scenario_intervention_changes(model.case, scenario, base.id):
        return False
    before = model.case_changes(base.id, variant, BASE_SCENARIO)
    after = model.case_changes(base.id, variant, scenario)
    changed = {k for k in after if before.get(k) != after[k]} | (set(before) - set(after))
    return not changed & _uses(model, model.effective(base.id, variant, BASE_SCENARIO))


def _uses(model: LoadedModel, item: Intervention) -> set[tuple[str, str]]:
    """The case parameters and prices an intervention's figures depend on (transitively)."""
    case = model.case
    shared = {p.id: p.value for p in case.parameters}
    wanted: set[str] = set()
    for value in _values_of(item):
        wanted |= names(value.expr)
    prices = {e.price for e in item.effects}
    for price_id in prices:
        price = model.book.prices.get(price_id)
        if price is not None:
            wanted |= names(price.amount.expr)
    if case.meta.weeks_per_year is not None and any(
        i.hours_per_week is not None for i in item.investments
    ):
        wanted |= names(case.meta.weeks_per_year.expr)
    seen: set[str] = set()
    while wanted:
        name = wanted.pop()
        if name in shared and name not in seen:
            seen.add(name)
            wanted |= names(shared[name].expr)
    return {("parameter", n) for n in seen} | {("price", p) for p in prices}


def _values_of(item: Intervention) -> list[Value]:
    out = [item.reach, *(p.value for p in item.parameters)]
    for e in item.effects:
        fields = ("cases", "share", "units_per_case", "units", *FILTERS, "attribution_to_others")
        out += [getattr(e, f) for f in fields]
    for i in item.investments:
        out += [getattr(i, f) for f in i.factors]
    return [v for v in out if v is not None]


@dataclass
class Context:
    """Case parameters, prices and weeks as slots, for one set of case-wide changes."""

    env: dict[str, int]
    prices: dict[str, int]  # indexed to the case's price year
    amounts: dict[str, int]  # as listed (own year and unit)
    weeks: int | None


class _Contexts:
    """Slots of the case values per set of case-wide changes, each set built once.

    Values a change does not touch (directly or through a formula) keep the slot of the
    model as written, so a Monte Carlo draw of them is the same in every scenario.
    """

    def __init__(self, build: _Builder, model: LoadedModel) -> None:
        self.build, self.model = build, model
        self.cache: dict[frozenset[tuple[str, str, str]], Context] = {}
        self.base: Context | None = None
        case = model.case
        # every price a line names, as written or in a variant's or scenario's override
        used = {e.price for i in case.interventions for e in i.effects}
        overrides = [
            *(x.set for i in case.interventions for x in i.variants),
            *(s.set for i in case.interventions for s in i.scenarios.values()),
            *(s.set for s in case.scenarios),
        ]
        used |= {str(v) for change in overrides for k, v in change.items() if k.endswith(".price")}
        self.used_prices = sorted(used & set(model.book.prices))

    def get(self, changes: dict[tuple[str, str], CaseChange]) -> Context:
        signature = frozenset((k, i, c.origin) for (k, i), c in changes.items())
        if signature not in self.cache:
            self.cache[signature] = self._make(changes)
            if not changes:
                self.base = self.cache[signature]
        return self.cache[signature]

    def _make(self, changes: dict[tuple[str, str], CaseChange]) -> Context:
        build, model = self.build, self.model
        case, base = model.case, self.base
        shared: dict[str, tuple[Value, str, str]] = {}
        where: dict[str, str] = {}
        for p in case.parameters:
            change = changes.get(("parameter", p.id))
            label = p.name or p.id
            if change is None:
                shared[p.id] = (p.value, f"parameters.{p.id}", label)
                where[p.id] = f"parameters[{p.id}]"
            else:
                shared[p.id] = (change.value, change.key, f"{label} ({change.label})")
                where[p.id] = change.where
        dirty = {i for k, i in changes if k == "parameter"}
        env: dict[str, int] = {}
        for name in _dependency_order(shared):
            value, slot_key, label = shared[name]
            if base is not None and not (names(value.expr) & dirty) and name not in dirty:
                env[name] = base.env[name]
                continue
            if names(value.expr) & dirty:
                dirty.add(name)
            env[name] = build.value(value, slot_key, label, where[name], env)
        weeks = None
        if case.meta.weeks_per_year is not None:
            if base is not None and not (names(case.meta.weeks_per_year.expr) & dirty):
                weeks = base.weeks
            else:
                weeks = build.value(
                    case.meta.weeks_per_year,
                    "meta.weeks_per_year",
                    "weken per jaar",
                    "meta.weeks_per_year",
                    env,
                )
        prices = model.book.prices
        price_slot: dict[str, int] = {}
        amounts: dict[str, int] = {}
        for price_id in self.used_prices:
            price = prices[price_id]
            change = changes.get(("price", price_id))
            amount = price.amount if change is None else change.value
            if base is not None and change is None and not (names(amount.expr) & dirty):
                price_slot[price_id] = base.prices[price_id]
                amounts[price_id] = base.amounts[price_id]
                continue
            slot = build.value(
                amount,
                f"prices.{price.id}" if change is None else change.key,
                f"tarief {price.name}" + ("" if change is None else f" ({change.label})"),
                change.where
                if change is not None
                else f"prices[{price.id}].amount"
                if price.origin == "case"
                else f"{price.origin}:{price.id}",
                env,
            )
            amounts[price_id] = slot
            if price.index_factor not in (None, 1.0):
                slot = build.scaled(
                    slot, float(price.index_factor or 1.0), f"tarief {price.name} (geïndexeerd)"
                )
            if price.exchange_rate is not None:
                slot = build.scaled(
                    slot,
                    price.exchange_rate,
                    f"tarief {price.name} (wisselkoers "
                    f"{rate_words(price.currency, price.exchange_rate, price.exchange or '')})",
                )
            price_slot[price_id] = slot
        return Context(env, price_slot, amounts, weeks)


def _filter_slots(
    build: _Builder,
    effect: Effect,
    key: Callable[[str], str],
    label: str,
    where: str,
    env: dict[str, int],
) -> tuple[int, int, int, int, int, int]:
    """Slots of the six impact filters of a line; unset filters use the constant slots."""
    slots = []
    for name in FILTERS:
        value = getattr(effect, name)
        others = effect.attribution_to_others
        if name == "attribution" and value is None and others is not None:
            share = build.value(
                others,
                key(f"effects.{effect.id}.attribution_to_others"),
                f"{label} ({FIELDS['attribution_to_others']})",
                f"{where}.attribution_to_others",
                env,
            )
            slots.append(
                build.complement(share, f"{label} (1 − {FIELDS['attribution_to_others']})")
            )
        elif value is None:
            slots.append(FILTER_DEFAULTS[name])
        else:
            slots.append(
                build.value(
                    value,
                    key(f"effects.{effect.id}.{name}"),
                    f"{label} ({FIELDS.get(name, name)})",
                    f"{where}.{name}",
                    env,
                )
            )
    return (slots[0], slots[1], slots[2], slots[3], slots[4], slots[5])


def _dependency_order(local: dict[str, tuple[Value, str, str]]) -> list[str]:
    """Names in an order where each comes after the local names its formula uses."""
    order: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        done.add(name)
        for dep in sorted(names(local[name][0].expr) & set(local)):
            visit(dep)
        order.append(name)

    for name in local:
        visit(name)
    return order
