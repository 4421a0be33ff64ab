"""The cohort page's figures come from the app's own database, through the Ibis expressions
the command line runs on DuckDB; they must be the figures of the row-by-row valuation in
Python (``value_cases`` + ``summarise``), on SQLite and on a real PostgreSQL server, and
the aggregation must be one query that reads the rows once."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from rendement.cohort.aggregate import tables, totals
from rendement.cohort.reading import read_cases
from rendement.cohort.summary import Summary, summarise
from rendement.cohort.valuation import prices_from_model, value_cases
from servers import postgres_server

ROOT = Path(__file__).resolve().parents[1]

HEADER = "from typing import Any\nfrom rendement.cohort.summary import Summary\n"
COMPARE = """
import json
from rendement.web.demo import DEMO_MEASURED_COHORT, ensure_demo
from rendement.web.cohorts.models import Cohort
from rendement.web.cohorts import evaluation, figures
from rendement.cohort.summary import summarise
ensure_demo(password="pg-demo-wachtwoord")
cohort = Cohort.objects.exclude(name=DEMO_MEASURED_COHORT).get()
out = {}
for by in ("hulpvraag", "wijk", None):
    found = figures.figures(cohort, cohort.prices, by)
    valued = evaluation.valued(cohort)
    python = summarise(valued, by)
    out[str(by)] = {
        "database": figures_json(found.summary),
        "python": figures_json(python),
        "cases": {k: [c.gross, c.investment, c.net] for k, c in found.cases.items()},
        "python_cases": {c.id: [c.gross, c.investment, c.net] for c in valued.cases},
        "financiers": list(found.financiers.items()),
        "python_financiers": [[f, valued.financiers[f]] for f in python.gross_by_financier],
    }
with figures.database() as backend:
    try:
        backend.raw_sql("CREATE TABLE schrijven (a INTEGER)")
        out["refused"] = ""
    except Exception as error:
        out["refused"] = str(error)
print("FIGURES" + json.dumps(out))
"""


def figures_json(summary: Summary) -> dict[str, Any]:
    """A summary's figures, for comparing two routes (and across a process)."""
    return {
        "count": summary.count,
        "incomplete": summary.incomplete,
        "gross_by_financier": list(summary.gross_by_financier.items()),
        "gross": summary.gross,
        "investment": summary.investment,
        "net": summary.net,
        "shadow": summary.shadow,
        "net_mean": summary.net_mean,
        "interval": [summary.interval.low, summary.interval.high],
        "quantiles": summary.quantiles,
        "segments": [
            [s.value, s.count, s.net_total, s.net_mean, s.interval.low, s.interval.high]
            for s in summary.segments
        ],
        "hidden": [summary.hidden, summary.hidden_cases],
    }


def _same(database: dict[str, Any], python: dict[str, Any]) -> None:
    """Equal figures: counts and names exactly, money to a millionth of a cent (the
    database adds in another order than Python)."""
    assert database["count"] == python["count"]
    assert database["incomplete"] == python["incomplete"]
    assert [f for f, _v in database["gross_by_financier"]] == [
        f for f, _v in python["gross_by_financier"]
    ]
    for (_f, a), (_g, b) in zip(
        database["gross_by_financier"], python["gross_by_financier"], strict=True
    ):
        assert a == pytest.approx(b, abs=1e-8)
    for key in ("gross", "investment", "net", "shadow", "net_mean"):
        assert database[key] == pytest.approx(python[key], abs=1e-8), key
    assert database["interval"] == pytest.approx(python["interval"], abs=1e-8)
    assert database["quantiles"] == pytest.approx(python["quantiles"], abs=1e-8)
    assert [s[:2] for s in database["segments"]] == [s[:2] for s in python["segments"]]
    for a, b in zip(database["segments"], python["segments"], strict=True):
        assert a[2:] == pytest.approx(b[2:], abs=1e-8)
    assert database["hidden"] == python["hidden"]


@pytest.fixture(
    params=[
        pytest.param("committed", marks=pytest.mark.django_db(transaction=True)),
        pytest.param("in a transaction", marks=pytest.mark.django_db),
    ]
)
def demo(request: Any) -> Any:
    """The demo's organisation, business cases and 60 invented client cases: committed
    (the figures are read on a read-only connection of their own), or inside the test's
    transaction (read on Django's connection, lent to Ibis)."""
    from django.db import connection

    from rendement.web.cohorts.models import Cohort
    from rendement.web.demo import DEMO_MEASURED_COHORT, ensure_demo

    ensure_demo(password="demo-wachtwoord")
    assert connection.in_atomic_block == (request.param == "in a transaction")
    return Cohort.objects.exclude(name=DEMO_MEASURED_COHORT).get()


@pytest.mark.parametrize("by", ["hulpvraag", "leeftijdsklasse", "wijk", None])
def test_the_database_gives_the_figures_of_the_row_by_row_valuation(demo: Any, by: Any) -> None:
    from rendement.web.cohorts import evaluation, figures

    found = figures.figures(demo, demo.prices, by)
    valued = evaluation.valued(demo)
    python = summarise(valued, by)
    _same(figures_json(found.summary), figures_json(python))
    assert found.summary.count == 60 and found.summary.net != 0
    assert list(found.financiers.items()) == [
        (f, valued.financiers[f]) for f in python.gross_by_financier
    ]
    assert set(found.cases) == {c.id for c in valued.cases}
    for case in valued.cases:
        mine = found.cases[case.id]
        assert [mine.gross, mine.investment, mine.net, mine.shadow] == pytest.approx(
            [case.gross, case.investment, case.net, case.shadow], abs=1e-9
        )
        assert bool(mine.unknown) == bool(case.unknown)


def test_unknown_quantities_and_defaults_count_as_in_python(demo: Any) -> None:
    """A row with an unknown quantity is left out (its case counted as incomplete), and a
    case's own attribution overrides the item's '*' row, in the database too."""
    from rendement.web.cohorts import evaluation, figures
    from rendement.web.cohorts.models import ClientRow

    rows = ClientRow.objects.filter(client__cohort=demo, kind="effect").order_by("row")
    first, second = rows[0], rows[1]
    first.after = None
    first.save()
    second.attribution = 0.25
    second.save()
    demo.save()  # a new updated_at: the cached figures are stale
    found = figures.figures(demo, demo.prices, "hulpvraag")
    python = summarise(evaluation.valued(demo), "hulpvraag")
    assert python.incomplete >= 1
    _same(figures_json(found.summary), figures_json(python))
    demo.defaults = {}  # no '*' rows at all: every share 100 % unless the row says
    demo.save()
    found = figures.figures(demo, demo.prices, "hulpvraag")
    without = summarise(evaluation.valued(demo), "hulpvraag")
    assert without.gross != python.gross
    _same(figures_json(found.summary), figures_json(without))


def test_the_page_shows_the_database_figures(demo: Any) -> None:
    from django.test import Client

    from rendement.money import euro
    from rendement.web.cohorts import evaluation

    client = Client()
    assert client.login(username="demo", password="demo-wachtwoord")
    page = client.get(f"/casussen/{demo.uid}/?by=wijk").content.decode()
    valued = evaluation.valued(demo)
    python = summarise(valued, "wijk")
    for figure in (python.gross, python.investment, python.net, python.shadow, python.net_mean):
        assert euro(figure) in page
    for segment in python.segments:
        assert euro(segment.net_total) in page
    for case in valued.cases:  # the list of cases, one by one
        assert euro(case.net) in page


def test_the_connection_reads_only(demo: Any) -> None:
    from django.db import connection

    from rendement.web.cohorts import figures
    from rendement.web.cohorts.models import Cohort

    with figures.database() as backend, pytest.raises(Exception, match=r"readonly|read-only"):
        backend.raw_sql("CREATE TABLE schrijven (a INTEGER)")
    # Django's connection (lent inside a transaction) writes again afterwards, and its
    # transaction was neither committed nor rolled back by Ibis
    Cohort.objects.filter(pk=demo.pk).update(name="Nieuwe naam")
    assert Cohort.objects.get(pk=demo.pk).name == "Nieuwe naam"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 WHERE 'A' LIKE 'a'")  # LIKE is case-insensitive again
            assert cursor.fetchone() == (1,)


def test_the_aggregation_is_one_query_that_reads_the_rows_once() -> None:
    """The command line's totals: one execution (no per-case table created, no second
    read of the file); the compiled query names the rows' table once."""
    import ibis

    from rendement.cohort import aggregate

    cases = read_cases(ROOT / "examples" / "cohort" / "sociaal-makelaar.csv")
    prices = prices_from_model(ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml")
    backend = ibis.duckdb.connect()
    rows, price_table, defaults = tables(cases, prices, "hulpvraag")
    rows = backend.create_table("rijen", rows)
    executed: list[Any] = []
    for name in ("to_pyarrow", "execute", "create_table", "raw_sql", "sql", "to_pandas"):
        original = getattr(backend, name)

        def counted(*args: Any, _original: Any = original, _name: str = name, **kw: Any) -> Any:
            executed.append(_name)
            return _original(*args, **kw)

        setattr(backend, name, counted)
    result = totals(rows, price_table, defaults, "hulpvraag", backend)
    assert executed == ["to_pyarrow"]
    financiers = aggregate.financiers_of(price_table, backend)
    sql = ibis.to_sql(aggregate.figures(rows, price_table, defaults, "hulpvraag", financiers))
    assert sql.count('"rijen"') == 1
    python = summarise(value_cases(cases, prices), "hulpvraag", min_segment=1)
    assert result.net == pytest.approx(python.net) and result.cases == 60


def manage(url: str | None, *args: str, data: str | None = None) -> str:
    env = {
        **os.environ,
        "RENDEMENT_DATA": data or tempfile.mkdtemp(prefix="rendement-pg-"),
        "RENDEMENT_SECRET_KEY": "test-only",
    }
    env.pop("DATABASE_URL", None)
    if url is not None:
        env["DATABASE_URL"] = url
    done = subprocess.run(
        [sys.executable, "-m", "rendement", "manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _compared(url: str | None, data: str | None = None) -> dict[str, Any]:
    """Migrated by `rendement manage migrate`, the demo loaded, the figures computed by the
    database (a read-only connection of its own) and by Python, in the app's process."""
    import inspect

    script = inspect.getsource(figures_json) + COMPARE
    manage(url, "migrate", "--no-input", data=data)
    printed = manage(url, "shell", "-c", HEADER + script, data=data)
    out: dict[str, Any] = json.loads(printed.split("FIGURES", 1)[1])
    return out


def test_the_database_figures_on_a_sqlite_file(tmp_path: Path) -> None:
    """The app's own SQLite file, in WAL mode, opened read-only beside Django's connection."""
    out = _compared(None, str(tmp_path))
    assert "readonly" in out.pop("refused")
    import sqlite3

    with contextlib.closing(sqlite3.connect(tmp_path / "rendement.sqlite3")) as file:
        assert file.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # as the app runs
    _all_same(out)


def test_the_database_figures_on_postgresql() -> None:
    with postgres_server("rendement_cohort_figures") as url:
        out = _compared(url)
    assert "read-only transaction" in out.pop("refused")
    _all_same(out)


def _all_same(out: dict[str, Any]) -> None:
    assert set(out) == {"hulpvraag", "wijk", "None"}
    for figures in out.values():
        _same(figures["database"], figures["python"])
        assert figures["database"]["count"] == 60
        assert figures["financiers"] == figures["python_financiers"]
        assert set(figures["cases"]) == set(figures["python_cases"])
        for case, values in figures["python_cases"].items():
            assert figures["cases"][case] == pytest.approx(values, abs=1e-9)
