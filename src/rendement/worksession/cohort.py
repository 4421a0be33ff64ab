"""The cohort's interval when the agreed values are uncertain: drawn inside the bootstrap.

The cohort's own bootstrap (:mod:`rendement.cohort.summary`) resamples the client cases
with the attribution and probability of the table as fixed numbers: it says how much the
mean net return per case depends on *which* cases happened to be measured. A work session
adds a second source: the group was not sure of the share itself. Here each bootstrap
resample also draws every judged item's value from its distribution (one draw per item
and resample, shared by every case — the group judged the item, not each case apart), so
the interval carries both.

A case's net return is linear in each judged value: ``net = fixed + Σ coefficient × value``
(an effect row is ``change × price × attribution × probability``), so a resample needs no
valuing again. Randomness is explicit: one NumPy ``Generator`` from ``seed``; the cases
picked are the same for the interval with and without the spread, so the two differ only
by the spread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..cohort.summary import MIN_SEGMENT, RESAMPLES, Interval
from ..cohort.valuation import Valued
from ..model.distributions import Distribution
from .apply import covered
from .schema import WorkSession
from .spread import Spread


@dataclass(frozen=True)
class SpreadSegment:
    value: str
    count: int
    net_mean: float
    interval_point: Interval
    interval: Interval


@dataclass(frozen=True)
class CohortSpread:
    """The mean net return per case, with its 95 % interval without and with the spread."""

    count: int
    net_mean: float  # at the agreed values
    interval_point: Interval  # cases resampled, agreed values fixed
    interval: Interval  # cases resampled and judged values drawn
    mean_drawn: float  # mean net per case over the draws (≈ at the distributions' means)
    by: str | None = None
    segments: tuple[SpreadSegment, ...] = ()
    hidden: int = 0


def linear_parts(
    session: WorkSession, spreads: Sequence[Spread], valued: Valued
) -> tuple[np.ndarray, np.ndarray]:
    """Per case the fixed part of its net return and per judged item its coefficient:
    ``net = fixed + coefficients @ values``. Valued with the agreed values applied (see
    :func:`.apply.apply_to_cases`)."""
    index = {s.item.item: n for n, s in enumerate(spreads)}
    fixed = np.zeros(len(valued.cases))
    coefficients = np.zeros((len(valued.cases), len(spreads)))
    for c, case in enumerate(valued.cases):
        for row in case.rows:
            entry = row.entry
            if entry.kind == "investment":
                fixed[c] -= row.value
            elif entry.kind == "effect":
                n = index.get(entry.item)
                if n is None or not covered(session, case.id):
                    fixed[c] += row.value
                    continue
                other = (
                    row.probability
                    if spreads[n].item.judges == "toerekening"
                    else (row.attribution)
                )
                change = (entry.before or 0.0) - (entry.after or 0.0)
                coefficients[c, n] += change * row.price.amount * other
    return fixed, coefficients


def _draws(spreads: Sequence[Spread], rng: np.random.Generator, resamples: int) -> np.ndarray:
    u = rng.random((resamples, len(spreads)))
    out = np.empty_like(u)
    for n, spread in enumerate(spreads):
        pert = spread.pert
        if pert is None:
            out[:, n] = spread.agreed
        else:
            out[:, n] = Distribution.parse({"pert": list(pert)}, percent=False).ppf(u[:, n])
    return out


def _intervals(
    fixed: np.ndarray,
    coefficients: np.ndarray,
    agreed: np.ndarray,
    values: np.ndarray,
    rng: np.random.Generator,
) -> tuple[Interval, Interval, float]:
    resamples = len(values)
    picks = rng.integers(0, len(fixed), size=(resamples, len(fixed)))
    point = (fixed + coefficients @ agreed)[picks].mean(axis=1)
    drawn = (fixed[picks] + np.einsum("rcn,rn->rc", coefficients[picks], values)).mean(axis=1)
    low, high = np.quantile(point, [0.025, 0.975])
    dlow, dhigh = np.quantile(drawn, [0.025, 0.975])
    return (
        Interval(float(low), float(high)),
        Interval(float(dlow), float(dhigh)),
        float(drawn.mean()),
    )


def summarise_with_spread(
    session: WorkSession,
    spreads: Sequence[Spread],
    valued: Valued,
    by: str | None = None,
    *,
    min_segment: int = MIN_SEGMENT,
    seed: int = 2019,
    resamples: int = RESAMPLES,
) -> CohortSpread:
    """The cohort's mean net return per case with its bootstrap interval, with and without
    the judged values' spread (and per segment of ``by``, small segments not apart)."""
    if by is not None and by not in valued.attributes:
        raise KeyError(by)
    rng = np.random.default_rng(seed)
    fixed, coefficients = linear_parts(session, spreads, valued)
    agreed = np.array([s.agreed for s in spreads])
    nets = fixed + coefficients @ agreed
    if len(nets) == 0:
        empty = Interval(0.0, 0.0)
        return CohortSpread(0, 0.0, empty, empty, 0.0, by)
    values = _draws(spreads, rng, resamples)
    point, drawn, mean_drawn = _intervals(fixed, coefficients, agreed, values, rng)
    segments = []
    hidden = 0
    if by is not None:
        groups: dict[str, list[int]] = {}
        for c, case in enumerate(valued.cases):
            groups.setdefault(case.attributes.get(by, ""), []).append(c)
        for value, members in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
            if len(members) < min_segment:
                hidden += 1
                continue
            rows = np.array(members)
            seg_point, seg_drawn, _mean = _intervals(
                fixed[rows], coefficients[rows], agreed, values, rng
            )
            segments.append(
                SpreadSegment(value, len(members), float(nets[rows].mean()), seg_point, seg_drawn)
            )
    return CohortSpread(
        count=len(nets),
        net_mean=float(nets.mean()),
        interval_point=point,
        interval=drawn,
        mean_drawn=mean_drawn,
        by=by,
        segments=tuple(segments),
        hidden=hidden,
    )
