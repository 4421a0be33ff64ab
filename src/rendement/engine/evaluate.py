"""The one evaluation of a plan: point values and Monte Carlo draws use the same code.

``run(plan)`` evaluates the inputs as written; ``run(plan, x)`` with ``x`` of shape
``(n_inputs, n_draws)`` evaluates every draw in one vectorised pass (no loop per draw).
Nothing is rounded here: totals are sums of unrounded lines.

Time: each year of activity brings a new cohort of cases. The effect of one cohort lasts
``duration_years`` after ``start_delay_years`` and shrinks by ``drop_off`` a year; the
effects in year *t* are the sum over the cohorts active so far. Amounts are in constant
prices of the case's price year; the real discount rate brings year *t* (1-based) back
by ``(1 + r) ** (t - 1)``, so year 1 is not discounted. With the default horizon of one
year every figure is simply the yearly figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .plan import ONE, ZERO, FloatArray, Plan


@dataclass(frozen=True)
class Outcome:
    """Raw arrays of one run. The trailing dimensions are the draws (none for a point run)."""

    slots: FloatArray  # (n_slots, *draws): every input and derived value
    effect_base: FloatArray  # (n_effects, *draws): cases × units × price, one year, no filters
    effect_factor: (
        FloatArray  # (n_effects, *draws): (1 − deadweight) × attribution × (1 − displacement)
    )
    effect_yearly: FloatArray  # (n_effects, years, *draws): after filters, per year
    effect_gross: FloatArray  # (n_effects, *draws): present value over the horizon
    investment_amount: FloatArray  # (n_investments, *draws): amount in a year it is spent
    investment_yearly: FloatArray  # (n_investments, years, *draws)
    investment_pv: FloatArray  # (n_investments, *draws): present value
    discount: FloatArray  # (years, *draws): discount factor per year
    gross_by_financier: FloatArray  # (n_evaluations, n_financiers, *draws): present value
    investment_by_payer: FloatArray  # (n_evaluations, n_financiers, *draws): present value
    shadow_value: FloatArray  # (n_evaluations, *draws): lines priced with shadow prices, PV
    gross_by_financier_yearly: FloatArray  # (n_evaluations, n_financiers, years, *draws)
    investment_by_payer_yearly: FloatArray  # (n_evaluations, n_financiers, years, *draws)


def _cohort_profile(plan: Plan, slots: FloatArray) -> FloatArray:
    """(n_effects, years, *draws): how much of one year's effect counts in each year.

    Lines with the default timing (no drop-off, one year, no delay) have a profile known
    in advance; only the others are computed per draw.
    """
    draws = slots.shape[1:]
    years = plan.horizon
    fixed = plan.fixed_profile.reshape(plan.fixed_profile.shape + (1,) * len(draws))
    if plan.default_profile.all():
        return fixed
    profile = np.broadcast_to(fixed, (len(plan.effects), years, *draws)).copy()
    custom = np.nonzero(~plan.default_profile)[0]
    profile[custom] = _timed_profile(plan, slots, custom)
    return profile


def _timed_profile(plan: Plan, slots: FloatArray, lines: NDArray[np.intp]) -> FloatArray:
    draws = slots.shape[1:]
    years = plan.horizon
    f = plan.effect_filters[lines]
    drop, duration, delay = (slots[f[:, j]][:, None] for j in (3, 4, 5))
    k = np.arange(years, dtype=np.float64).reshape((1, years) + (1,) * len(draws))
    since = k - delay
    active = (since >= 0) & (since < duration)
    one_cohort = np.where(active, (1.0 - drop) ** np.maximum(since, 0.0), 0.0)
    # cohorts started in each year of activity: year t sums one_cohort[t - a] over a < A
    cumulative = np.cumsum(one_cohort, axis=1)
    t = np.arange(years)[None, :]
    older = t - plan.effect_activity[lines][:, None]  # cohorts started before activity ended
    index = np.clip(older, 0, None).reshape((len(lines), years) + (1,) * len(draws))
    earlier = np.take_along_axis(cumulative, np.broadcast_to(index, cumulative.shape), axis=1)
    mask = (older >= 0).reshape(index.shape)
    profile: FloatArray = cumulative - np.where(mask, earlier, 0.0)
    return profile


@dataclass(frozen=True)
class Lines:
    """Every line's value per year for some draws: what both aggregations start from."""

    slots: FloatArray
    base: FloatArray
    factor: FloatArray
    effect_yearly: FloatArray
    investment_amount: FloatArray
    investment_yearly: FloatArray
    discount: FloatArray
    draws: tuple[int, ...]

    def present(self, yearly: FloatArray) -> FloatArray:
        """Present value of per-line values over the years axis (axis 1)."""
        return _present(yearly, self.discount, axis=1)


def _present(yearly: FloatArray, discount: FloatArray, axis: int) -> FloatArray:
    """Sum ``yearly`` over its years ``axis``, each year discounted (year 1 never is)."""
    if yearly.shape[axis] == 1:
        first: FloatArray = yearly[(slice(None),) * axis + (0,)]  # a view, no copy
        return first
    weights = discount.reshape((1,) * axis + discount.shape)
    pv: FloatArray = (yearly * weights).sum(axis=axis)
    return pv


def lines(plan: Plan, x: ArrayLike | None = None) -> Lines:
    """Slots, then every effect and investment line per year (the engine's common part)."""
    inputs = plan.input_values() if x is None else np.asarray(x, dtype=np.float64)
    if inputs.shape[:1] != (len(plan.inputs),):
        raise ValueError(f"x must have {len(plan.inputs)} rows (one per input), not {inputs.shape}")
    draws = inputs.shape[1:]
    years = plan.horizon
    slots = np.empty((plan.n_slots, *draws), dtype=np.float64)
    slots[ONE] = 1.0
    slots[ZERO] = 0.0
    slots[plan.input_slots] = inputs
    for slot, compute in plan.derived:
        slots[slot] = compute(slots)

    def product(factors: np.ndarray) -> FloatArray:
        result: FloatArray = slots[factors[:, 0]] * slots[factors[:, 1]] * slots[factors[:, 2]]
        return result

    f = plan.effect_filters
    base = product(plan.effect_factors)
    if plan.neutral_filters:  # no deadweight, attribution or displacement anywhere
        factor: FloatArray = np.broadcast_to(np.float64(1.0), base.shape)
        valued = base
    else:
        factor = (1.0 - slots[f[:, 0]]) * slots[f[:, 1]] * (1.0 - slots[f[:, 2]])
        valued = base * factor
    rate = slots[plan.discount_rate]
    discount = (1.0 + rate)[None] ** -np.arange(years, dtype=np.float64).reshape(
        (years,) + (1,) * len(draws)
    )
    if plan.one_year:  # one year, default timing: the yearly figure is the figure
        effect_yearly = valued[:, None]
    else:
        effect_yearly = valued[:, None] * _cohort_profile(plan, slots)
    amount = product(plan.investment_factors)
    schedule = plan.investment_schedule.reshape(plan.investment_schedule.shape + (1,) * len(draws))
    return Lines(
        slots,
        base,
        factor,
        effect_yearly,
        amount,
        amount[:, None] * schedule,
        discount,
        tuple(draws),
    )


def net(
    plan: Plan,
    financiers: list[str],
    x: ArrayLike | None = None,
    varying: NDArray[np.bool_] | None = None,
) -> FloatArray:
    """Net savings (present value) per evaluation for a perspective: (n_evaluations, *draws).

    The same lines as :func:`run`, summed straight into each evaluation's net instead of
    into every (evaluation, financier) cell — what Monte Carlo needs, and much less work.
    ``varying`` marks the inputs that differ between draws (default: found by comparing);
    with one year and default filters, everything that depends on none of them is
    computed once as a number instead of once per draw.
    """
    gains, costs = plan.perspective_matrices(tuple(financiers))
    out: FloatArray = sums(plan, gains, costs, x, varying)[plan.canonical]
    return out


def sums(
    plan: Plan,
    gains: Any,
    costs: Any,
    x: ArrayLike | None = None,
    varying: NDArray[np.bool_] | None = None,
) -> FloatArray:
    """Rows of signed line sums: ``gains @ effect PV − costs @ investment PV``, (rows, *draws).

    ``gains`` (rows × effect lines) and ``costs`` (rows × investment lines) are 0/1 matrices
    (sparse or dense) that say which lines a row adds: an evaluation's net for a
    perspective, one financier's balance, a portfolio column. See :func:`net` for
    ``varying``; lines that no row uses are not computed per draw.
    """
    if x is not None and plan.one_year and plan.neutral_filters:
        values = np.asarray(x, dtype=np.float64)
        if values.ndim == 2:
            if varying is None:
                varying = np.any(values != values[:, :1], axis=1)
            inputs = [values[n] if varying[n] else float(values[n, 0]) for n in range(len(values))]
            return _sums_folded(plan, gains, costs, inputs, values.shape[1])
    result = lines(plan, x)
    n_draws = int(np.prod(result.draws, dtype=np.int64))
    effect_pv = result.present(result.effect_yearly).reshape(len(plan.effects), n_draws)
    invest_pv = result.present(result.investment_yearly).reshape(len(plan.investments), n_draws)
    total = np.asarray(gains @ effect_pv) - np.asarray(costs @ invest_pv)
    out: FloatArray = total.reshape((total.shape[0], *result.draws))
    return out


def sums_of_draws(
    plan: Plan,
    gains: Any,
    costs: Any,
    uncertain: NDArray[np.intp],
    draws: FloatArray,
) -> FloatArray:
    """:func:`sums` for draws of the ``uncertain`` inputs only (one row of ``draws`` each).

    Every other input keeps its point value, and is never copied into a matrix of draws:
    memory follows the uncertain part of a model, not its size.
    """
    n_draws = draws.shape[1]
    if plan.one_year and plan.neutral_filters:
        inputs: list[Any] = [float(v) for v in plan.input_values()]
        for row, n in enumerate(uncertain):
            inputs[n] = draws[row]
        return _sums_folded(plan, gains, costs, inputs, n_draws)
    x = np.repeat(plan.input_values()[:, None], n_draws, axis=1)
    x[uncertain] = draws
    return sums(plan, gains, costs, x)


class Folded:
    """:func:`sums_of_draws` for one set of rows and uncertain inputs, folded once.

    With one year and default filters, every slot and line that no uncertain input
    touches is computed once here; a call then computes only the moving slots and lines
    (Monte Carlo calls it once per chunk, and a large model has many chunks). The same
    numbers as :func:`sums_of_draws`, in the same order.
    """

    def __init__(self, plan: Plan, gains: Any, costs: Any, uncertain: NDArray[np.intp]) -> None:
        self.plan, self.gains, self.costs, self.uncertain = plan, gains, costs, uncertain
        self.folded = plan.one_year and plan.neutral_filters
        if not self.folded:
            return
        varying = np.zeros(len(plan.inputs), dtype=bool)
        varying[uncertain] = True
        moves = moving_slots(plan, varying)
        slots: list[Any] = [1.0, 0.0, *([0.0] * (plan.n_slots - 2))]
        for slot, value in zip(plan.input_slots, plan.input_values(), strict=True):
            slots[slot] = float(value)
        for slot, compute in plan.derived:
            slots[slot] = compute(slots)  # point values: the constants are final
        self.base = slots
        self.slots = plan.input_slots[uncertain].tolist()
        self.derived = [(slot, compute) for slot, compute in plan.derived if moves[slot]]
        self.parts: list[tuple[float, FloatArray, Any, list[list[int]]]] = []
        for matrix, factors, sign in (
            (gains, plan.effect_factors, 1.0),
            (costs, plan.investment_factors, -1.0),
        ):
            used = np.unique(np.nonzero(matrix)[1])
            moving = used[moves[factors[used]].any(axis=1)] if len(used) else used
            fixed = np.zeros(len(factors))
            for line in np.setdiff1d(used, moving).tolist():
                a, b, c = factors[line]
                fixed[line] = slots[a] * slots[b] * slots[c]
            constant = np.asarray(matrix @ fixed).reshape(-1, 1)
            self.parts.append((sign, constant, matrix[:, moving], factors[moving].tolist()))

    def __call__(self, draws: FloatArray) -> FloatArray:
        """Rows × draws for ``draws`` of the uncertain inputs (one row each)."""
        if not self.folded:
            return sums_of_draws(self.plan, self.gains, self.costs, self.uncertain, draws)
        slots = list(self.base)
        for row, slot in enumerate(self.slots):
            slots[slot] = draws[row]
        for slot, compute in self.derived:
            slots[slot] = compute(slots)
        total = np.zeros((self.gains.shape[0], draws.shape[1]))
        for sign, constant, matrix, factors in self.parts:
            if sign > 0:
                total += constant
            else:
                total -= constant
            if factors:
                values = np.stack([slots[a] * slots[b] * slots[c] for a, b, c in factors])
                part = np.asarray(matrix @ values)
                if sign > 0:
                    total += part
                else:
                    total -= part
        return total


def moving_slots(plan: Plan, varying: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Which slots depend on a ``varying`` input (found by computing the point values)."""
    slots: list[Any] = [1.0, 0.0, *([0.0] * (plan.n_slots - 2))]
    for n, (slot, value) in enumerate(zip(plan.input_slots, plan.input_values(), strict=True)):
        slots[slot] = np.array([value]) if varying[n] else float(value)
    for slot, compute in plan.derived:
        slots[slot] = compute(slots)
    return np.array([np.ndim(v) > 0 for v in slots], dtype=bool)


def _sums_folded(plan: Plan, gains: Any, costs: Any, inputs: list[Any], draws: int) -> FloatArray:
    """:func:`sums` for one year and default filters, with constants folded (see there)."""
    slots: list[Any] = [1.0, 0.0, *([0.0] * (plan.n_slots - 2))]
    for n, slot in enumerate(plan.input_slots):
        slots[slot] = inputs[n]
    for slot, compute in plan.derived:
        slots[slot] = compute(slots)  # a number when nothing it uses varies, else an array
    total = np.zeros((gains.shape[0], draws))
    for matrix, factors, sign in (
        (gains, plan.effect_factors, 1.0),
        (costs, plan.investment_factors, -1.0),
    ):
        used = np.unique(np.nonzero(matrix)[1])
        fixed = np.zeros(len(factors))
        moving: list[int] = []
        moving_values: list[Any] = []
        for line, (a, b, c) in zip(used.tolist(), factors[used].tolist(), strict=True):
            value = slots[a] * slots[b] * slots[c]
            if isinstance(value, np.ndarray) and value.ndim:
                moving.append(line)
                moving_values.append(value)
            else:
                fixed[line] = value
        constant = np.asarray(matrix @ fixed).reshape(-1, 1)
        if sign > 0:
            total += constant
        else:
            total -= constant
        if moving:
            part = np.asarray(matrix[:, moving] @ np.stack(moving_values))
            if sign > 0:
                total += part
            else:
                total -= part
    return total


def run(plan: Plan, x: ArrayLike | None = None) -> Outcome:
    """Evaluate the plan for the inputs ``x`` (default: the model's own values)."""
    result = lines(plan, x)
    slots, base, factor = result.slots, result.base, result.factor
    effect_yearly, investment_yearly = result.effect_yearly, result.investment_yearly
    amount, discount, draws = result.investment_amount, result.discount, result.draws
    present = result.present
    years = plan.horizon
    n_draws = int(np.prod(draws, dtype=np.int64))
    cell_shape = (len(plan.evaluations), len(plan.financiers))

    def cells(matrix: Any, yearly: FloatArray) -> FloatArray:
        """Sum lines into (evaluation, financier) cells with a sparse 0/1 matrix."""
        flat = yearly.reshape(yearly.shape[0], years * n_draws)
        summed = np.asarray(matrix @ flat)
        return summed.reshape((*cell_shape, years, *draws))

    effect_gross = present(effect_yearly)
    shadow = np.asarray(plan.shadow_matrix @ effect_gross.reshape(len(plan.effects), n_draws))
    shadow = shadow.reshape((len(plan.evaluations), *draws))[plan.canonical]
    gross_yearly = cells(plan.effect_matrix, effect_yearly)[plan.canonical]
    invest_yearly = cells(plan.investment_matrix, investment_yearly)[plan.canonical]
    return Outcome(
        slots=slots,
        effect_base=base,
        effect_factor=factor,
        effect_yearly=effect_yearly,
        effect_gross=effect_gross,
        investment_amount=amount,
        investment_yearly=investment_yearly,
        investment_pv=present(investment_yearly),
        discount=discount,
        gross_by_financier=_present(gross_yearly, discount, axis=2),
        investment_by_payer=_present(invest_yearly, discount, axis=2),
        shadow_value=shadow,
        gross_by_financier_yearly=gross_yearly,
        investment_by_payer_yearly=invest_yearly,
    )


@dataclass(frozen=True)
class Totals:
    """Per evaluation (first axis), for one perspective; trailing axes are draws."""

    reach: FloatArray
    gross: FloatArray
    perspective_gross: FloatArray
    investment: FloatArray
    perspective_investment: FloatArray
    net: FloatArray
    society_net: FloatArray
    ratio_gross: FloatArray  # NaN where the perspective invests nothing
    ratio_net: FloatArray


def _divide(a: FloatArray, b: FloatArray) -> FloatArray:
    out = np.full(np.broadcast(a, b).shape, np.nan)
    np.divide(a, b, out=out, where=b != 0)
    return out


def totals(plan: Plan, outcome: Outcome, perspective: list[str], ratios: bool = True) -> Totals:
    """Gross, investment, net and ratios (present values) per evaluation for ``perspective``.

    ``ratios=False`` leaves the ratio arrays empty (Monte Carlo summarises the net only).
    """
    mask = np.array([f in perspective for f in plan.financiers], dtype=bool)  # also when empty
    gross = outcome.gross_by_financier.sum(axis=1)
    investment = outcome.investment_by_payer.sum(axis=1)
    p_gross = outcome.gross_by_financier[:, mask].sum(axis=1)
    p_investment = outcome.investment_by_payer[:, mask].sum(axis=1)
    net = p_gross - p_investment
    reach = outcome.slots[[e.reach for e in plan.evaluations]]
    return Totals(
        reach=reach,
        gross=gross,
        perspective_gross=p_gross,
        investment=investment,
        perspective_investment=p_investment,
        net=net,
        society_net=gross - investment,
        ratio_gross=_divide(p_gross, p_investment) if ratios else np.empty(0),
        ratio_net=_divide(net, p_investment) if ratios else np.empty(0),
    )
