"""Which database the web tests run on: ``--database=sqlite`` (the default) or
``--database=postgresql`` (or ``RENDEMENT_TEST_DATABASE=postgresql``).

A site runs the web app on SQLite or on PostgreSQL, and the two differ where a test on
one cannot see it: ordering without ``ORDER BY``, case in ``LIKE``, sequences after
explicit ids, transactions that PostgreSQL aborts after an error, time zones. So
``.ci/run`` runs the web tests twice, the second time with ``--database=postgresql``.

Under ``postgresql`` one throwaway cluster (``servers.postgres_server``: initdb on
127.0.0.1, fsync off) is started for the whole run, before any test touches a database:
Django's settings were read when pytest-django started (before conftest.py), so
``pytest_configure`` replaces the ``default`` database in them and drops the connection
handler's cached copy, and pytest-django then creates its test database (``test_...``)
in that cluster as it would a SQLite one. Every server a test starts with
``servers.demo_server`` gets a new database of its own in the same cluster (through
``RENDEMENT_TEST_CLUSTER``, read by ``servers.server_database``).

The hooks live here and are imported by conftest.py, which is where pytest finds them.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from servers import TEST_CLUSTER, postgres_server

CHOICES = ("sqlite", "postgresql")
ENVIRONMENT = "RENDEMENT_TEST_DATABASE"

_cluster = pytest.StashKey[contextlib.ExitStack]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=CHOICES,
        default=None,
        help=(
            "the database of the web tests: sqlite (default) or postgresql (a throwaway "
            f"cluster for the run); default from {ENVIRONMENT}"
        ),
    )


def chosen(config: pytest.Config) -> str:
    """The database of this run: the option, else the environment, else SQLite."""
    option: str | None = config.getoption("database")
    value = option or os.environ.get(ENVIRONMENT, "").strip().lower() or "sqlite"
    if value not in CHOICES:
        raise pytest.UsageError(f"{ENVIRONMENT}={value!r}: choose one of {', '.join(CHOICES)}")
    return value


def pytest_configure(config: pytest.Config) -> None:
    if chosen(config) != "postgresql":
        return
    from django.conf import settings
    from django.db import connections

    from rendement.web.config import database

    stack = contextlib.ExitStack()
    config.stash[_cluster] = stack
    url = stack.enter_context(postgres_server("rendement"))
    os.environ[TEST_CLUSTER] = url.rsplit("/", 1)[0] + "/postgres"
    stack.callback(os.environ.pop, TEST_CLUSTER, None)

    connections.close_all()
    settings.DATABASES = {"default": database(url, settings.DATA)}
    # the handler keeps the settings it read first; read them again, and open afresh
    connections.__dict__.pop("settings", None)
    connections._settings = None  # type: ignore[attr-defined]
    with contextlib.suppress(AttributeError):
        del connections["default"]


def pytest_unconfigure(config: pytest.Config) -> None:
    stack = config.stash.get(_cluster, None)
    if stack is None:
        return
    from django.db import connections

    connections.close_all()
    stack.close()


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under ``postgresql`` a run found by pytest itself (``python -m pytest
    --database=postgresql``) holds the web tests, ``tests/test_web*.py``, a new one too,
    and leaves out the rest (the engine and the reports never touch the database; they ran
    on SQLite already) and the Chromium tests in ``*_browser.py`` files (minutes of CPU
    each run; their servers take the cluster too, see ``servers.server_database``, when
    they are named on the command line). A file named on the command line always runs."""
    if collection_path.suffix != ".py" or chosen(config) != "postgresql":
        return None
    name = collection_path.name
    if not name.startswith("test_"):
        return None  # conftest.py and the helper modules
    if name == "test_web_postgres.py":
        return True  # starts a PostgreSQL server of its own whatever the choice: ran already
    if name.startswith("test_web") and not name.endswith("_browser.py"):
        return None
    return True


def pytest_report_header(config: pytest.Config) -> str:
    if chosen(config) == "postgresql":
        return "database: postgresql (a throwaway cluster for this run)"
    return "database: sqlite"
