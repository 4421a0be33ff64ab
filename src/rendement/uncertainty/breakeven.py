"""Switching values: the value of one input at which net savings become zero.

Solved, not searched by hand. Most inputs enter the net linearly (cases, units, prices,
shares), so three evaluations decide linearity and the root follows exactly. Otherwise
(drop-off, a discount rate, a duration) the net is evaluated on a grid of 257 values in
one vectorised run, and a sign change is narrowed by bisection.

A switching value is only worth printing when the input can take it: :func:`verdict` says
whether it lies below what the input can be (a count below 0), above it (a share above
1), or outside the input's distribution (13,8 days where the team said 30 to 52).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..engine import Plan, run, totals

FloatArray = np.ndarray


@dataclass(frozen=True)
class BreakEven:
    """Where net savings of one evaluation become zero as one input changes."""

    value: float | None  # None: no value gives zero (within the searched range)
    current: float
    linear: bool
    note: str


def _nets(
    plan: Plan, financiers: list[str], evaluation: int, index: int, values: FloatArray
) -> FloatArray:
    x = np.repeat(plan.input_values()[:, None], len(values), axis=1)
    x[index] = values
    outcome = run(plan, x)
    result: FloatArray = totals(plan, outcome, financiers).net[evaluation]
    return result


def break_even(
    plan: Plan,
    financiers: list[str],
    evaluation: int,
    index: int,
    search: tuple[float, float] | None = None,
) -> BreakEven:
    """The value of input ``index`` that makes the net of ``evaluation`` zero."""
    current = plan.inputs[index].value
    step = max(abs(current) * 0.1, 1e-3)
    n0, n1, n2 = _nets(
        plan, financiers, evaluation, index, np.array([current, current + step, current + 2 * step])
    )
    scale = max(abs(n0), abs(n1), abs(n2), 1.0)
    if abs(n2 - 2 * n1 + n0) <= 1e-9 * scale:
        slope = (n1 - n0) / step
        if abs(slope) <= 1e-12 * scale:
            return BreakEven(None, current, True, "deze invoer verandert de netto besparing niet")
        return BreakEven(current - n0 / slope, current, True, "exact (lineair verband)")
    low, high = search or (
        current - 10 * max(abs(current), 1.0),
        current + 10 * max(abs(current), 1.0),
    )
    grid = np.linspace(low, high, 257)
    nets = _nets(plan, financiers, evaluation, index, grid)
    signs = np.sign(nets)
    changes = np.nonzero(signs[:-1] * signs[1:] <= 0)[0]
    if len(changes) == 0:
        return BreakEven(None, current, False, f"geen nulpunt tussen {low:g} en {high:g}")
    nearest = changes[np.argmin(np.abs(grid[changes] - current))]
    a, b = float(grid[nearest]), float(grid[nearest + 1])
    fa = float(nets[nearest])
    for _ in range(60):
        mid = (a + b) / 2
        fm = float(_nets(plan, financiers, evaluation, index, np.array([mid]))[0])
        if fm == 0 or (b - a) < 1e-10 * max(1.0, abs(mid)):
            a = b = mid
            break
        if math.copysign(1, fm) == math.copysign(1, fa):
            a, fa = mid, fm
        else:
            b = mid
    return BreakEven((a + b) / 2, current, False, "gevonden door bisectie (niet-lineair verband)")


POSSIBLE = "possible"
"""The break-even value is one the input can take: print it."""
NONE = "none"
"""No value of the input makes the net zero."""
BELOW = "below"
"""Below what the input can be at all (a count, an amount or a share below 0)."""
ABOVE = "above"
"""Above what the input can be at all (a share above 1)."""
OUTSIDE = "outside"
"""Possible in itself, but outside the input's distribution (beyond its lowest or highest)."""


def verdict(
    value: float | None,
    lowest: float | None = None,
    highest: float | None = None,
    support: tuple[float | None, float | None] = (None, None),
) -> str:
    """Whether a break-even ``value`` can be printed as a value, and if not, why.

    ``lowest``/``highest`` bound what the input can be at all (0 for a count, 0 and 1 for a
    share; None: no bound); ``support`` is what its distribution can draw (None: open).
    A value within a hair of a bound (rounding of the solve) counts as on it.
    """
    if value is None or not math.isfinite(value):
        return NONE

    def hair(bound: float) -> float:
        return 1e-9 * max(1.0, abs(bound))

    if lowest is not None and value < lowest - hair(lowest):
        return BELOW
    if highest is not None and value > highest + hair(highest):
        return ABOVE
    low, high = support
    if (low is not None and value < low - hair(low)) or (
        high is not None and value > high + hair(high)
    ):
        return OUTSIDE
    return POSSIBLE
