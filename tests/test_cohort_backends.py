"""The cohort's aggregation is written once, as Ibis expressions: the same expressions give
the row-by-row valuation's figures on embedded DuckDB, on SQLite (the web app's default
database) and on a real PostgreSQL server (the web app's database for several processes)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from rendement.cohort.aggregate import tables, totals
from rendement.cohort.reading import read_cases
from rendement.cohort.summary import summarise
from rendement.cohort.valuation import prices_from_model, value_cases
from servers import postgres_server

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def connected(name: str) -> Iterator[Any]:
    import ibis

    if name == "duckdb":
        yield ibis.duckdb.connect()
    elif name == "sqlite":
        yield ibis.sqlite.connect()
    else:
        with postgres_server("rendement_cohort") as url:
            where = urlparse(url)
            backend = ibis.postgres.connect(
                host=where.hostname,
                port=where.port,
                user=where.username,
                database=where.path.lstrip("/"),
            )
            try:
                yield backend
            finally:
                backend.disconnect()


@pytest.mark.parametrize("name", ["duckdb", "sqlite", "postgres"])
def test_the_same_expressions_on_every_backend(name: str) -> None:
    cases = read_cases(ROOT / "examples" / "cohort" / "sociaal-makelaar.csv")
    prices = prices_from_model(ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml")
    summary = summarise(value_cases(cases, prices), "hulpvraag", min_segment=1)
    with connected(name) as backend:
        database = totals(*tables(cases, prices, "hulpvraag"), "hulpvraag", backend)
    assert database.cases == summary.count == 60
    assert database.net == pytest.approx(summary.net)
    assert database.investment == pytest.approx(summary.investment)
    assert database.shadow == pytest.approx(summary.shadow)
    assert database.gross_by_financier == pytest.approx(summary.gross_by_financier)
    assert {k: (n, t) for k, (n, t, _m) in database.segments.items()} == {
        s.value: (s.count, pytest.approx(s.net_total)) for s in summary.segments
    }
