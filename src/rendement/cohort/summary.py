"""What a cohort of client cases shows: totals per financier, the spread of the net
return over the cases, and segments (per type of request for help, …) with bootstrap
intervals — small segments are not shown apart, so no single client stands out.

Randomness is explicit: the bootstrap takes a seed and its own NumPy ``Generator``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .valuation import Valued

MIN_SEGMENT = 10
"""Segments with fewer client cases are not shown apart (privacy, and a mean of a handful
of cases says little)."""

RESAMPLES = 2_000


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class Segment:
    value: str  # the attribute's value, e.g. 'schulden'
    count: int
    net_total: float
    net_mean: float
    interval: Interval  # 95 % bootstrap interval of the mean net return per case


@dataclass
class Summary:
    count: int
    incomplete: int  # cases with a row left out (a quantity unknown)
    gross_by_financier: dict[str, float]
    gross: float
    investment: float
    net: float
    shadow: float
    net_mean: float
    interval: Interval  # of the mean net return per case
    quantiles: dict[str, float]  # p10, p50, p90 of the net return per case
    by: str | None = None
    segments: list[Segment] = field(default_factory=list)
    hidden: int = 0  # segments below the minimum, not shown apart
    hidden_cases: int = 0

    def extrapolated(self, size: int) -> tuple[float, Interval]:
        """The net return of a cohort of ``size`` cases like these, with its interval."""
        return self.net_mean * size, Interval(self.interval.low * size, self.interval.high * size)


def bootstrap(values: np.ndarray, rng: np.random.Generator, resamples: int) -> Interval:
    """The 95 % interval of the mean of ``values``, by resampling them ``resamples`` times."""
    if len(values) == 0:
        return Interval(0.0, 0.0)
    picks = rng.integers(0, len(values), size=(resamples, len(values)))
    means = values[picks].mean(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    return Interval(float(low), float(high))


def summarise(
    valued: Valued,
    by: str | None = None,
    *,
    min_segment: int = MIN_SEGMENT,
    seed: int = 2019,
    resamples: int = RESAMPLES,
) -> Summary:
    """The cohort's totals, and its segments by the attribute ``by`` (when given)."""
    if by is not None and by not in valued.attributes:
        raise KeyError(by)
    cases = valued.cases
    nets = np.array([c.net for c in cases], dtype=np.float64)
    financiers: dict[str, float] = {f: 0.0 for f in valued.financiers}
    for case in cases:
        for financier, amount in case.gross_by_financier().items():
            financiers[financier] = financiers.get(financier, 0.0) + amount
    groups: dict[str, list[float]] = {}
    for case in cases if by is not None else []:
        groups.setdefault(case.attributes.get(by or "", ""), []).append(case.net)
    members = {value: np.array(nets, dtype=np.float64) for value, nets in groups.items()}
    return assemble(
        count=len(cases),
        incomplete=sum(1 for c in cases if c.unknown),
        gross_by_financier=financiers,
        gross=sum(c.gross for c in cases),
        investment=sum(c.investment for c in cases),
        net=float(nets.sum()),
        shadow=sum(c.shadow for c in cases),
        nets=nets,
        by=by,
        segments=[
            (value, len(array), float(array.sum()), float(array.mean()), array)
            for value, array in members.items()
        ],
        min_segment=min_segment,
        seed=seed,
        resamples=resamples,
    )


def assemble(
    *,
    count: int,
    incomplete: int,
    gross_by_financier: dict[str, float],
    gross: float,
    investment: float,
    net: float,
    shadow: float,
    nets: np.ndarray,
    by: str | None,
    segments: list[tuple[str, int, float, float, np.ndarray]],
    min_segment: int = MIN_SEGMENT,
    seed: int = 2019,
    resamples: int = RESAMPLES,
) -> Summary:
    """A :class:`Summary` from totals computed elsewhere (here from the valued cases, or
    by a database): ``nets`` are the cases' net returns in the cases' order and
    ``segments`` (value, cases, net total, net mean, the members' nets) — the bootstrap
    resamples these with one generator, the cohort first, then the segments largest
    first, so the same cases in the same order give the same intervals either way."""
    rng = np.random.default_rng(seed)
    p10, p50, p90 = (
        (float(q) for q in np.quantile(nets, [0.1, 0.5, 0.9])) if len(nets) else (0, 0, 0)
    )
    summary = Summary(
        count=count,
        incomplete=incomplete,
        gross_by_financier=gross_by_financier,
        gross=gross,
        investment=investment,
        net=net,
        shadow=shadow,
        net_mean=float(nets.mean()) if len(nets) else 0.0,
        interval=bootstrap(nets, rng, resamples),
        quantiles={"p10": p10, "p50": p50, "p90": p90},
        by=by,
    )
    if by is None:
        return summary
    for value, size, total, mean, members in sorted(segments, key=lambda s: (-s[1], s[0])):
        if size < min_segment:
            summary.hidden += 1
            summary.hidden_cases += size
            continue
        summary.segments.append(
            Segment(value, size, total, mean, bootstrap(members, rng, resamples))
        )
    return summary
