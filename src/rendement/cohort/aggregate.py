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

from collections.abc import Sequence
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
    quantity is unknown, so sums pass it by) and its ``financier``: an Ibis expression.
    The few prices meet their defaults first, so the many rows are joined once."""
    import ibis

    rates = prices.left_join(defaults, "item").select(
        "item", "amount", "financier", "default_attribution", "default_probability"
    )
    joined = rows.join(rates, "item")
    share = ibis.coalesce(joined.attribution, joined.default_attribution, 1.0)
    chance = ibis.coalesce(joined.probability, joined.default_probability, 1.0)
    change = joined.before - joined.after
    value = ibis.cases(
        (joined.kind == "investment", joined.after * joined.amount),
        (joined.kind == "shadow", -change * joined.amount * share * chance),
        else_=change * joined.amount * share * chance,
    )
    return joined.mutate(value=value)  # null before or after: a null value


def per_case(
    rows: Any,
    prices: Any,
    defaults: Any,
    by: str | None,
    financiers: Sequence[str],
    *,
    detail: bool = False,
) -> Any:
    """One row per case (and its ``by`` value): per financier in ``financiers`` (every
    financier of the prices, numbered as there) the case's gross savings for it
    (``gross_<n>``, null when the case has no known effect for it), its ``gross``,
    ``investment``, ``shadow`` value and ``net`` (0 when every row is unknown). With
    ``detail`` also its number of ``unknown`` rows and, per financier, its first row with
    a known effect (``first_<n>``; the rows need a ``row`` column): what a page that
    lists the cases, or orders the financiers as the file does, needs.

    The cohort's totals are sums of these columns, so one pass over the rows gives every
    figure; each row feeds as few sums as possible (a row is one financier's), which is
    what keeps this close to a query written by hand."""
    import ibis

    table = valued(rows, prices, defaults)
    effect = table.kind == "effect"
    columns: dict[str, Any] = {
        f"gross_{n}": table.value.sum(where=effect & (table.financier == financier))
        for n, financier in enumerate(financiers)
    }
    columns["investment"] = table.value.sum(where=table.kind == "investment")
    columns["shadow"] = table.value.sum(where=table.kind == "shadow")
    if detail:
        known = table.value.notnull()
        columns["unknown"] = table.count(where=~known)
        for n, financier in enumerate(financiers):
            mine = effect & known & (table.financier == financier)
            columns[f"first_{n}"] = table.row.min(where=mine)
    cases = table.group_by(["case", *([by] if by else [])]).aggregate(**columns)
    gross = ibis.literal(0.0)
    for n in range(len(financiers)):
        gross = gross + ibis.coalesce(cases[f"gross_{n}"], 0.0)
    investment = ibis.coalesce(cases.investment, 0.0)
    return cases.mutate(
        gross=gross,
        investment=investment,
        shadow=ibis.coalesce(cases.shadow, 0.0),
        net=gross - investment,
    )


def segments(cases: Any, by: str | None, financiers: Sequence[str], *, detail: bool = False) -> Any:
    """The per-case table summed per value of ``by`` (one row when ``by`` is None): the
    number of cases, the sum of every figure and the mean net; with ``detail`` also the
    cases with an unknown row and each financier's first row. The cohort's totals are
    the sums of these few rows."""
    columns: dict[str, Any] = {
        "n": cases.count(),
        "net": cases.net.sum(),
        "mean": cases.net.mean(),
        "gross": cases.gross.sum(),
        "investment": cases.investment.sum(),
        "shadow": cases.shadow.sum(),
    }
    for n in range(len(financiers)):
        columns[f"gross_{n}"] = cases[f"gross_{n}"].sum()
    if detail:
        columns["incomplete"] = cases.count(where=cases.unknown > 0)
        for n in range(len(financiers)):
            columns[f"first_{n}"] = cases[f"first_{n}"].min()
    return cases.group_by(by).aggregate(**columns) if by else cases.aggregate(**columns)


def figures(
    rows: Any,
    prices: Any,
    defaults: Any,
    by: str | None,
    financiers: Sequence[str],
    *,
    detail: bool = False,
) -> Any:
    """The whole aggregation as one Ibis expression: rows → values → cases → segments."""
    cases = per_case(rows, prices, defaults, by, financiers, detail=detail)
    return segments(cases, by, financiers, detail=detail)


def totals_of(result: list[dict[str, Any]], by: str | None, financiers: Sequence[str]) -> Totals:
    """:class:`Totals` from the rows of :func:`figures` (one per segment): a financier
    counts when a case has a known effect for it; in the order of its first row when the
    rows say it, else in the order of ``financiers``."""
    present = [
        (n, f) for n, f in enumerate(financiers) if any(r[f"gross_{n}"] is not None for r in result)
    ]
    if result and "first_0" in result[0]:
        present.sort(
            key=lambda p: min(r[f"first_{p[0]}"] for r in result if r[f"first_{p[0]}"] is not None)
        )
    return Totals(
        {f: float(sum(r[f"gross_{n}"] or 0.0 for r in result)) for n, f in present},
        float(sum(r["investment"] or 0.0 for r in result)),
        float(sum(r["net"] or 0.0 for r in result)),
        float(sum(r["shadow"] or 0.0 for r in result)),
        int(sum(r["n"] for r in result)),
        {str(r[by] or ""): (int(r["n"]), float(r["net"]), float(r["mean"])) for r in result}
        if by is not None
        else {},
    )


def financiers_of(prices: Any, backend: Any) -> list[str]:
    """The financiers of a prices table, in their order there: read from an in-memory
    table without a query, else asked of ``backend``."""
    import ibis.expr.operations as ops

    op = prices.op()
    if isinstance(op, ops.InMemoryTable):
        found = op.data.to_pyarrow(prices.schema()).column("financier").to_pylist()
    else:
        found = backend.to_pyarrow(prices.select("financier")).column("financier").to_pylist()
    return list(dict.fromkeys(str(f) for f in found))


def totals(rows: Any, prices: Any, defaults: Any, by: str | None, backend: Any) -> Totals:
    """The cohort's totals and segments, computed by ``backend`` (an Ibis connection) as
    one query: the rows are read once, and only a row per segment leaves the database."""
    financiers = financiers_of(prices, backend)
    result = backend.to_pyarrow(figures(rows, prices, defaults, by, financiers)).to_pylist()
    return totals_of(result, by, financiers)


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
