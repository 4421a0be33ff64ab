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
    if x is not None and plan.one_year and plan.neutral_filters:
        values = np.asarray(x, dtype=np.float64)
        if values.ndim == 2:
            return _net_folded(plan, financiers, values, varying)
    result = lines(plan, x)
    gains, costs = plan.perspective_matrices(tuple(financiers))
    n_draws = int(np.prod(result.draws, dtype=np.int64))
    effect_pv = result.present(result.effect_yearly).reshape(len(plan.effects), n_draws)
    invest_pv = result.present(result.investment_yearly).reshape(len(plan.investments), n_draws)
    total = np.asarray(gains @ effect_pv) - np.asarray(costs @ invest_pv)
    out: FloatArray = total[plan.canonical].reshape((len(plan.evaluations), *result.draws))
    return out


def _net_folded(
    plan: Plan, financiers: list[str], x: FloatArray, varying: NDArray[np.bool_] | None
) -> FloatArray:
    """:func:`net` for one year and default filters, with constants folded (see there)."""
    draws = x.shape[1]
    if varying is None:
        varying = np.any(x != x[:, :1], axis=1)
    slots: list[Any] = [1.0, 0.0, *([0.0] * (plan.n_slots - 2))]
    for n, slot in enumerate(plan.input_slots):
        slots[slot] = x[n] if varying[n] else float(x[n, 0])
    for slot, compute in plan.derived:
        slots[slot] = compute(slots)  # a number when nothing it uses varies, else an array
    gains, costs = plan.perspective_matrices(tuple(financiers))
    total = np.zeros((len(plan.evaluations), draws))
    for matrix, factors in ((gains, plan.effect_factors), (costs, plan.investment_factors)):
        fixed = np.zeros(len(factors))
        moving: list[int] = []
        moving_values: list[Any] = []
        for line, (a, b, c) in enumerate(factors):
            value = slots[a] * slots[b] * slots[c]
            if np.ndim(value):
                moving.append(line)
                moving_values.append(value)
            else:
                fixed[line] = value
        sign = 1.0 if matrix is gains else -1.0
        total += sign * np.asarray(matrix @ fixed)[:, None]
        if moving:
            total += sign * np.asarray(matrix[:, moving] @ np.stack(moving_values))
    out: FloatArray = total[plan.canonical]
    return out


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
    mask = np.array([f in perspective for f in plan.financiers])
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
