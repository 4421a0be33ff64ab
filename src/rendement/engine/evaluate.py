"""The one evaluation of a plan: point values and Monte Carlo draws use the same code.

``run(plan)`` evaluates the inputs as written; ``run(plan, x)`` with ``x`` of shape
``(n_inputs, n_draws)`` evaluates every draw in one vectorised pass (no loop per draw).
Nothing is rounded here: totals are sums of unrounded lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .plan import ONE, FloatArray, Plan


@dataclass(frozen=True)
class Outcome:
    """Raw arrays of one run. The trailing dimensions are the draws (none for a point run)."""

    slots: FloatArray  # (n_slots, *draws): every input and derived value
    effect_gross: FloatArray  # (n_effects, *draws)
    investment_amount: FloatArray  # (n_investments, *draws)
    gross_by_financier: FloatArray  # (n_evaluations, n_financiers, *draws)
    investment_by_payer: FloatArray  # (n_evaluations, n_financiers, *draws)


def run(plan: Plan, x: ArrayLike | None = None) -> Outcome:
    """Evaluate the plan for the inputs ``x`` (default: the model's own values)."""
    inputs = plan.input_values() if x is None else np.asarray(x, dtype=np.float64)
    if inputs.shape[:1] != (len(plan.inputs),):
        raise ValueError(f"x must have {len(plan.inputs)} rows (one per input), not {inputs.shape}")
    draws = inputs.shape[1:]
    slots = np.empty((plan.n_slots, *draws), dtype=np.float64)
    slots[ONE] = 1.0
    slots[plan.input_slots] = inputs
    for slot, compute in plan.derived:
        slots[slot] = compute(slots)

    def lines(factors: np.ndarray) -> FloatArray:
        result: FloatArray = slots[factors[:, 0]] * slots[factors[:, 1]] * slots[factors[:, 2]]
        return result

    effect_gross = lines(plan.effect_factors)
    investment_amount = lines(plan.investment_factors)
    shape = (len(plan.evaluations), len(plan.financiers), *draws)

    def cells(matrix: FloatArray, values: FloatArray) -> FloatArray:
        flat = values.reshape(values.shape[0], int(np.prod(draws, dtype=np.int64)))
        summed: FloatArray = (matrix @ flat).reshape(shape)
        return summed

    return Outcome(
        slots=slots,
        effect_gross=effect_gross,
        investment_amount=investment_amount,
        gross_by_financier=cells(plan.effect_to_cell, effect_gross),
        investment_by_payer=cells(plan.investment_to_cell, investment_amount),
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


def totals(plan: Plan, outcome: Outcome, perspective: list[str]) -> Totals:
    """Gross, investment, net and ratios per evaluation for the financiers in ``perspective``."""
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
        ratio_gross=_divide(p_gross, p_investment),
        ratio_net=_divide(net, p_investment),
    )
