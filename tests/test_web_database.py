"""The web tests run on the database they were asked to (``--database``, see
tests/database_choice.py): without this a run meant for PostgreSQL that quietly fell
back to SQLite would pass and prove nothing."""

from __future__ import annotations

from typing import Any

import pytest

from database_choice import chosen
from servers import server_database


def test_the_test_database_is_the_one_chosen(request: pytest.FixtureRequest, db: Any) -> None:
    from django.db import connection

    expected = chosen(request.config)
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        if expected == "postgresql":
            cursor.execute("SELECT current_database(), inet_server_addr()::text")
            name, address = cursor.fetchone()
            # pytest-django's test database, in the run's own cluster on 127.0.0.1
            assert name == "test_rendement"
            assert address.startswith("127.0.0.1")
        else:
            cursor.execute("SELECT sqlite_version()")
            assert cursor.fetchone()[0]


def test_a_started_server_gets_a_new_database_of_the_chosen_kind(
    request: pytest.FixtureRequest,
) -> None:
    environment = server_database()
    if chosen(request.config) == "sqlite":
        assert environment == {}  # the server's own SQLite file in its data directory
        return
    import psycopg

    first, second = environment["DATABASE_URL"], server_database()["DATABASE_URL"]
    assert first != second  # one database per server: they never share state
    for url in (first, second):
        with psycopg.connect(url, connect_timeout=10) as connection:
            tables = connection.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchone()
            assert tables == (0,)  # new and empty: the server migrates it itself
