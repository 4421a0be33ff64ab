"""Forecast against realisation: what a business case assumed per participant, set beside
what the client cases show per case — per effect line, with the uncertainty of the cases.

An effect line and the cohort's item meet on the price id. For one year and one
participant, the business case assumes ``units × (1 − deadweight) × attribution ×
(1 − displacement) ÷ reach`` units avoided; a client case shows ``(before − after) ×
attribution × probability`` (0 for a case without that item: the table lists what
changed). A case whose quantity for the item is unknown is left out of that item's mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import Evaluation
from .summary import RESAMPLES, Interval, bootstrap
from .valuation import Valued


@dataclass(frozen=True)
class LineComparison:
    price_id: str
    name: str  # the effect line's name, or the price's for an item the case lacks
    unit: str
    price: float
    assumed: float | None  # units avoided per participant per year; None: not in the case
    measured: float | None  # mean per client case; None: no case has the item
    interval: Interval | None
    cases: int  # client cases with a known quantity for the item

    @property
    def assumed_value(self) -> float | None:
        return None if self.assumed is None else self.assumed * self.price

    @property
    def measured_value(self) -> float | None:
        return None if self.measured is None else self.measured * self.price


def measured(valued: Valued) -> dict[str, list[float]]:
    """Per effect item: the units avoided in each client case whose quantity of it is known
    (``(before − after) × attribution × probability``; 0 for a case without the item)."""
    per_item: dict[str, list[float]] = {}
    items = {r.entry.item for c in valued.cases for r in c.rows if r.entry.kind == "effect"}
    for case in valued.cases:
        unknown = {e.item for e in case.unknown}
        values: dict[str, float] = {}
        for row in case.rows:
            if row.entry.kind != "effect":
                continue
            entry = row.entry
            assert entry.before is not None and entry.after is not None  # rows are known
            change = (entry.before - entry.after) * row.attribution * row.probability
            values[entry.item] = values.get(entry.item, 0.0) + change
        for item in sorted(items):
            if item not in unknown:
                per_item.setdefault(item, []).append(values.get(item, 0.0))
    return per_item


def compare(
    evaluation: Evaluation, valued: Valued, *, seed: int = 2019, resamples: int = RESAMPLES
) -> list[LineComparison]:
    """Per effect line of ``evaluation`` (then per item only the cases have): assumed
    against measured, units avoided per participant per year."""
    rng = np.random.default_rng(seed)
    reach = evaluation.reach or 0.0
    per_item = measured(valued)
    prices = {r.entry.item: r.price for c in valued.cases for r in c.rows}
    out = []
    seen = set()
    for line in evaluation.effects:
        seen.add(line.price_id)
        assumed = line.units * line.factor / reach if reach else None
        values = per_item.get(line.price_id)
        out.append(
            LineComparison(
                line.price_id,
                line.name,
                line.unit,
                line.price,
                assumed,
                float(np.mean(values)) if values else None,
                bootstrap(np.array(values), rng, resamples) if values else None,
                len(values or []),
            )
        )
    for item, values in per_item.items():
        if item in seen or item not in prices or not any(values):
            continue
        price = prices[item]
        out.append(
            LineComparison(
                item,
                price.name,
                price.unit,
                price.amount,
                None,
                float(np.mean(values)),
                bootstrap(np.array(values), rng, resamples),
                len(values),
            )
        )
    return out
