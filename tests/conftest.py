"""What every test shares: a Dutch locale, whatever the machine's.

Every command follows the user's locale when it has no ``--lang`` (LC_ALL, LC_MESSAGES,
LANG; see ``rendement.cli.common.language_from_environment``), and most tests read its
Dutch output; a developer with ``LANG=en_GB.UTF-8`` would otherwise see them fail. A
test of English output sets ``--lang en`` or its own environment.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pytest

from database_choice import (  # noqa: F401 - --database=postgresql: hooks found here
    pytest_addoption,
    pytest_configure,
    pytest_ignore_collect,
    pytest_report_header,
    pytest_unconfigure,
)
from web_world import world  # noqa: F401 - the web tests' fixture

# The web app's settings (read by pytest-django at start-up) keep their data here, never
# in the developer's own data directory; each test run gets a fresh one.
os.environ["RENDEMENT_DATA"] = tempfile.mkdtemp(prefix="rendement-test-data-")
# The tests of PostgreSQL start their own server; `--database=postgresql` runs the web
# tests on one (database_choice.py).
os.environ.pop("DATABASE_URL", None)
# Every organisation's creator gets the client-data right, and that right needs a second
# factor (settings.RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA); the web tests log in with
# Django's test client, past allauth's login. So they run as the local demo does, without
# that rule (here for the servers they start, and in ``_client_data_without_second_factor``
# for this process, whose settings may be read before this file);
# tests/test_web_mfa.py turns it on.
os.environ.setdefault("RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA", "0")


@pytest.fixture(autouse=True)
def _dutch_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def _client_data_without_second_factor(settings: Any) -> None:
    settings.RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA = False
