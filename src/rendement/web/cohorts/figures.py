"""A stored cohort's figures computed by the app's own database (SQLite or PostgreSQL),
with the Ibis expressions of :mod:`rendement.cohort.aggregate` — the ones the command
line runs on DuckDB over a Parquet file — instead of valuing every row in Python: only a
row per segment leaves the database for the totals, and a row per case where the page
lists the cases one by one (and for the bootstrap interval, which resamples the cases'
nets).

The connection is the app's database as Django's settings describe it, opened read-only
for these queries: SQLite through ``mode=ro`` and ``query_only`` (the file is in WAL
mode, so this reader never waits for a writer, nor a writer for it), PostgreSQL with
``default_transaction_read_only``. A second connection sees only what is committed, so
inside a transaction (a test's, or a request that wrote) the queries run on Django's own
connection instead, lent to Ibis so that it cannot commit or roll back (see
:class:`_Lent`).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection

from ...cohort import aggregate
from ...cohort.summary import MIN_SEGMENT, Summary, assemble
from ...cohort.valuation import UnitPrice, value_cases
from ...recent import Recent
from ..language import chosen

if TYPE_CHECKING:
    from ..cases.models import Case
    from .models import Cohort

_FIGURES = Recent(32)

_DJANGO_ONLY = {"cursor_factory", "context", "prepare_threshold", "server_side_binding"}
"""Django's own arguments to psycopg.connect: not for a plain connection."""


@dataclass(frozen=True)
class CaseFigures:
    """One client case's figures as the list of cases shows them."""

    gross: float
    investment: float
    net: float
    shadow: float
    unknown: int


@dataclass(frozen=True)
class Figures:
    """What the cohort page shows: the summary (totals, segments, intervals), the
    financiers' names, and per case (by pseudonym) its figures."""

    summary: Summary
    financiers: dict[str, str]
    cases: dict[str, CaseFigures]


@contextlib.contextmanager
def database() -> Iterator[Any]:
    """An Ibis connection to the app's database, read-only (see the module's text)."""
    import ibis

    if connection.in_atomic_block:
        with _borrowed() as backend:
            yield backend
        return
    raw: Any
    if connection.vendor == "sqlite":
        raw = sqlite3.connect(_read_only(connection.settings_dict["NAME"]), uri=True, timeout=20)
        raw.execute("PRAGMA query_only = ON")
        backend = ibis.sqlite.from_connection(raw)
    elif connection.vendor == "postgresql":
        import psycopg

        params = {
            k: v for k, v in connection.get_connection_params().items() if k not in _DJANGO_ONLY
        }
        params["options"] = (
            params.get("options", "") + " -c default_transaction_read_only=on"
        ).strip()
        raw = psycopg.connect(**params, autocommit=True)
        backend = ibis.postgres.from_connection(raw)
    else:  # pragma: no cover - settings allow only these two
        raise ValueError(connection.vendor)
    try:
        yield backend
    finally:
        raw.close()


def _read_only(name: Any) -> str:
    """The SQLite database as a read-only URI; a test's shared in-memory database (already
    a URI) as it is, made read-only by ``query_only``."""
    text = str(name)
    if text.startswith("file:"):
        return text
    return Path(text).resolve().as_uri() + "?mode=ro"


class _Lent:
    """Django's connection lent to Ibis: Ibis ends what it runs with a commit (SQLite) or a
    rollback after an error; inside Django's transaction neither is passed on, so that
    transaction stays whole (Ibis's own savepoints on PostgreSQL are harmless)."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


@contextlib.contextmanager
def _borrowed() -> Iterator[Any]:
    """Ibis on Django's own connection, for a page rendered inside a transaction (a test's,
    or a request that wrote): a second connection would not see that transaction's rows,
    and on SQLite would find them locked. Read-only there too: ``query_only`` on SQLite, a
    read-only savepoint on PostgreSQL."""
    import ibis

    raw = connection.connection
    if connection.vendor != "sqlite":
        # a savepoint made read-only, rolled back afterwards: the transaction can write again
        with raw.transaction(force_rollback=True):
            raw.execute("SET LOCAL transaction_read_only = on")
            yield ibis.postgres.from_connection(_Lent(raw))
        return
    backend = ibis.sqlite.from_connection(_Lent(raw))
    # Ibis makes LIKE case-sensitive on its connection; Django's lookups expect SQLite's
    # default
    raw.execute("PRAGMA case_sensitive_like = OFF")
    raw.execute("PRAGMA query_only = ON")
    try:
        yield backend
    finally:
        raw.execute("PRAGMA query_only = OFF")


def _lookup(column: Any, mapping: dict[str, Any], kind: str) -> Any:
    """``mapping[column]`` as a CASE expression (null for an item not in it): a small table
    written into the query, so nothing is created in a read-only database."""
    import ibis

    if not mapping:
        return ibis.null(kind)
    return ibis.cases(
        *((column == key, ibis.literal(value, kind)) for key, value in mapping.items()),
        else_=ibis.null(kind),
    )


def tables(backend: Any, cohort: Cohort, prices: dict[str, UnitPrice], by: str | None) -> Any:
    """The cohort's stored rows as the layout's rows table (with the file's ``row`` number
    and ``by`` as a ``segment`` column), and its prices and ``*`` defaults as tables:
    Ibis expressions over the app's tables."""
    import sqlglot

    from .models import ClientCase, ClientRow

    dialect = "sqlite" if connection.vendor == "sqlite" else "postgres"
    key = sqlglot.exp.Literal.string(by or "").sql(dialect)
    if by is None:
        segment = "NULL"
    elif dialect == "sqlite":
        segment = f"(SELECT value FROM json_each(attributes) WHERE key = {key})"
    else:
        segment = f"(attributes ->> {key})"
    clients = backend.sql(
        f'SELECT id AS client, pseudonym AS "case", {segment} AS segment '
        f"FROM {ClientCase._meta.db_table} WHERE cohort_id = {int(cohort.pk)}",
        schema={"client": "int64", "case": "string", "segment": "string"},  # not asked:
        dialect=dialect,  # Ibis would create a view to ask, and the connection is read-only
    )
    stored = backend.table(ClientRow._meta.db_table)
    rows = stored.join(clients, stored.client_id == clients.client).select(
        "case", "row", "item", "kind", "before", "after", "attribution", "probability", "segment"
    )
    items = rows.select("item").distinct()
    price_table = items.mutate(
        amount=_lookup(items.item, {i: p.amount for i, p in prices.items()}, "float64"),
        financier=_lookup(items.item, {i: p.financier for i, p in prices.items()}, "string"),
    )
    defaults = cohort.defaults or {}
    default_table = items.filter(items.item.isin(list(defaults) or [""])).mutate(
        default_attribution=_lookup(items.item, {i: v[0] for i, v in defaults.items()}, "float64"),
        default_probability=_lookup(items.item, {i: v[1] for i, v in defaults.items()}, "float64"),
    )
    return rows, price_table, default_table


def figures(
    cohort: Cohort, case: Case, by: str | None, *, min_segment: int = MIN_SEGMENT
) -> Figures:
    """The cohort's figures valued with the prices of ``case`` (its newest version) and
    segmented by the attribute ``by``: :class:`CohortError` as :func:`evaluation.valued`
    when an item has no price. Cached per rows, business case, version and ``by``."""
    key = (cohort.pk, cohort.updated_at.isoformat(), case.pk, case.latest_number, by)
    return _FIGURES.kept(
        (*key, chosen(), min_segment), lambda: _computed(cohort, case, by, min_segment)
    )


def _computed(cohort: Cohort, case: Case, by: str | None, min_segment: int) -> Figures:
    import numpy as np

    from . import evaluation
    from .models import ClientRow

    prices = evaluation.prices_for(case)
    used = set(
        ClientRow.objects.filter(client__cohort=cohort).values_list("item", flat=True).distinct()
    )
    if used - set(prices):  # the rows name an item the prices lack: the checks say which
        value_cases(evaluation.client_cases(cohort), prices)
    prices = {i: p for i, p in prices.items() if i in used}
    financiers = list(dict.fromkeys(p.financier for p in prices.values()))
    with database() as backend:
        rows, price_table, default_table = tables(backend, cohort, prices, by)
        segment = "segment" if by is not None else None
        expression = aggregate.figures(
            rows, price_table, default_table, segment, financiers, detail=True
        )
        result = backend.to_pyarrow(expression).to_pylist()
        per_case = aggregate.per_case(
            rows, price_table, default_table, None, financiers, detail=True
        )
        listed = backend.to_pyarrow(
            per_case.select("case", "gross", "investment", "net", "shadow", "unknown")
        ).to_pylist()
    cases = {
        r["case"]: CaseFigures(
            r["gross"], r["investment"], r["net"], r["shadow"], int(r["unknown"])
        )
        for r in listed
    }
    totals = aggregate.totals_of(result, segment, financiers)
    clients = list(cohort.clients.values_list("pseudonym", "attributes"))  # the page's order
    empty = CaseFigures(0.0, 0.0, 0.0, 0.0, 0)
    nets = np.array([cases.get(p, empty).net for p, _a in clients], dtype=np.float64)
    members: dict[str, list[float]] = {}
    if by is not None:
        for pseudonym, attributes in clients:
            members.setdefault(attributes.get(by, ""), []).append(cases.get(pseudonym, empty).net)
    names = {p.financier: p.financier_name for p in prices.values()}
    summary = assemble(
        count=totals.cases,  # every stored case has a row (its last one cannot be removed)
        incomplete=int(sum(r["incomplete"] for r in result)),
        gross_by_financier=totals.gross_by_financier,
        gross=float(sum(r["gross"] or 0.0 for r in result)),
        investment=totals.investment,
        net=totals.net,
        shadow=totals.shadow,
        nets=nets,
        by=by,
        segments=[
            (value, n, total, mean, np.array(members.get(value, []), dtype=np.float64))
            for value, (n, total, mean) in totals.segments.items()
        ],
        min_segment=min_segment,
    )
    return Figures(summary, {f: names[f] for f in totals.gross_by_financier}, cases)


def forget(cohort_pk: int) -> None:
    """Drop the cohort's figures from this process's cache (after a deletion)."""
    for key in [k for k in list(_FIGURES) if k[0] == cohort_pk]:
        _FIGURES.pop(key, None)
