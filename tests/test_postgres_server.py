"""The throwaway PostgreSQL server of ``servers.postgres_server`` works, and goes away.

A real cluster (initdb, pg_ctl) on 127.0.0.1, reached with psycopg 3 as the web app
reaches its DATABASE_URL. Never skipped: without PostgreSQL this fails and says to run
``scripts/install-test-system-deps.sh``.
"""

from __future__ import annotations

import re
from decimal import Decimal

import psycopg
import pytest

from servers import postgres_server


def test_a_throwaway_cluster_stores_and_returns_a_row_then_is_gone() -> None:
    with postgres_server() as url:
        assert re.fullmatch(r"postgresql://rendement@127\.0\.0\.1:\d+/rendement_test", url)
        with psycopg.connect(url, connect_timeout=10) as connection:
            connection.execute(
                "CREATE TABLE saving (financier text NOT NULL, amount numeric(12, 2) NOT NULL)"
            )
            connection.execute(
                "INSERT INTO saving VALUES (%s, %s), (%s, %s)",
                ("Wmo", Decimal("118450.25"), "Zvw", Decimal("40312.75")),
            )
            rows = connection.execute(
                "SELECT financier, amount FROM saving ORDER BY financier"
            ).fetchall()
            total = connection.execute("SELECT sum(amount) FROM saving").fetchone()
            (fsync,) = connection.execute("SHOW fsync").fetchone() or ("?",)
        assert rows == [("Wmo", Decimal("118450.25")), ("Zvw", Decimal("40312.75"))]
        assert total == (Decimal("158763.00"),)
        assert fsync == "off"

    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=2).close()
