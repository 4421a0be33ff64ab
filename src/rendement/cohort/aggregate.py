"""A cohort aggregated in a database: the same valuation as :mod:`.valuation`, written as
Ibis expressions and run on embedded DuckDB, so a national table of millions of rows is
valued and summed where it lies (a Parquet file) and only aggregates leave this layer.
The expressions do not depend on DuckDB: the web app's PostgreSQL or a distributed
engine can run them through their own Ibis backend.

The rows table has the columns of the layout (``case``, ``item``, ``kind`` as
effect/investment/shadow, ``before``, ``after``, ``attribution``, ``probability``, and a
segment column); the prices table ``item``, ``amount``, ``financier``; the defaults table
``item``, ``default_attribution``, ``default_probability``. A null quantity is unknown:
that row does not count (as in :mod:`.valuation`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from .reading import ClientCases
from .valuation import UnitPrice


@dataclass(frozen=True)
class Totals:
    """What leaves the database: per financier, per segment, and the cohort."""

    gross_by_financier: dict[str, float]
    investment: float
    net: float
    shadow: float
    cases: int
    segments: dict[str, tuple[int, float, float]]  # segment → (cases, net total, net mean)


def valued(rows: Any, prices: Any, defaults: Any) -> Any:
    """Each row with its ``value`` (a saving, value created, or a cost; null when a
    quantity is unknown, so sums pass it by) and its ``financier``: an Ibis expression."""
    import ibis

    joined = rows.join(prices, "item").left_join(defaults, "item")
    share = ibis.coalesce(joined.attribution, joined.default_attribution, 1.0)
    chance = ibis.coalesce(joined.probability, joined.default_probability, 1.0)
    change = joined.before - joined.after
    value = ibis.cases(
        (joined.kind == "investment", joined.after * joined.amount),
        (joined.kind == "shadow", -change * joined.amount * share * chance),
        else_=change * joined.amount * share * chance,
    )
    return joined.mutate(value=value)  # null before or after: a null value


def totals(rows: Any, prices: Any, defaults: Any, by: str | None, backend: Any) -> Totals:
    """The cohort's totals and segments, computed by ``backend`` (an Ibis connection)."""
    import ibis

    table = valued(rows, prices, defaults)
    effect = table.kind == "effect"
    signed = ibis.cases(
        (effect, table.value), (table.kind == "investment", -table.value), else_=0.0
    )
    financiers = table.filter(effect).group_by("financier").aggregate(gross=table.value.sum())
    keys = ["case", *([by] if by else [])]
    cases = table.group_by(keys).aggregate(  # every case, also one whose rows are unknown
        net=ibis.coalesce(signed.sum(), 0.0),
        investment=ibis.coalesce(
            ibis.cases((table.kind == "investment", table.value), else_=0.0).sum(), 0.0
        ),
        shadow=ibis.coalesce(
            ibis.cases((table.kind == "shadow", table.value), else_=0.0).sum(), 0.0
        ),
    )
    name = f"rendement_cases_{uuid.uuid4().hex}"
    cases = backend.create_table(name, cases)  # one row per case, computed once; dropped below
    overall = cases.aggregate(
        cases=cases.count(),
        net=cases.net.sum(),
        investment=cases.investment.sum(),
        shadow=cases.shadow.sum(),
    )
    (whole,) = backend.to_pyarrow(overall).to_pylist()
    segments: dict[str, tuple[int, float, float]] = {}
    if by is not None:
        grouped = cases.group_by(by).aggregate(
            n=cases.count(), total=cases.net.sum(), mean=cases.net.mean()
        )
        for row in backend.to_pyarrow(grouped).to_pylist():
            segments[str(row[by] or "")] = (int(row["n"]), float(row["total"]), float(row["mean"]))
    by_financier = backend.to_pyarrow(financiers).to_pylist()
    # plain SQL: Ibis 12's drop_table writes "DROP TABLE IF EXISTS" without the name on
    # DuckDB 2.0
    backend.raw_sql(f'DROP TABLE IF EXISTS "{name}"')
    return Totals(
        {r["financier"]: float(r["gross"]) for r in by_financier},
        float(whole["investment"] or 0.0),
        float(whole["net"] or 0.0),
        float(whole["shadow"] or 0.0),
        int(whole["cases"]),
        segments,
    )


def tables(cases: ClientCases, prices: dict[str, UnitPrice], by: str | None = None) -> Any:
    """A checked table of client cases and its prices as in-memory Ibis tables (rows,
    prices, defaults), e.g. to check the database's figures against :mod:`.valuation`."""
    import ibis
    import pyarrow as pa

    rows = pa.table(
        {
            "case": [e.case for e in cases.entries],
            "item": [e.item for e in cases.entries],
            "kind": [e.kind for e in cases.entries],
            "before": pa.array([e.before for e in cases.entries], pa.float64()),
            "after": pa.array([e.after for e in cases.entries], pa.float64()),
            "attribution": pa.array([e.attribution for e in cases.entries], pa.float64()),
            "probability": pa.array([e.probability for e in cases.entries], pa.float64()),
            **(
                {by: [cases.cases[e.case].get(by, "") for e in cases.entries]}
                if by is not None
                else {}
            ),
        }
    )
    used = sorted({e.item for e in cases.entries})
    price_table = pa.table(
        {
            "item": used,
            "amount": pa.array([prices[i].amount for i in used], pa.float64()),
            "financier": [prices[i].financier for i in used],
        }
    )
    items = sorted(cases.defaults)
    default_table = pa.table(
        {
            "item": pa.array(items, pa.string()),
            "default_attribution": pa.array([cases.defaults[i][0] for i in items], pa.float64()),
            "default_probability": pa.array([cases.defaults[i][1] for i in items], pa.float64()),
        }
    )
    return ibis.memtable(rows), ibis.memtable(price_table), ibis.memtable(default_table)
