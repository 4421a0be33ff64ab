"""Two server processes on one PostgreSQL, one case edited through both over HTTP.

Each server (``rendement serve``) is its own process with its own in-process caches; what
they share is the database: sessions, the cache (Django's database cache) and the case's
versions. Two people edit the same case, each through another server, each form on the
version it was opened on (``base``), as the page posts it (``HX-Request``, the CSRF token
from the cookie in ``X-CSRFToken``): a change of another field made on an older version is
placed on the newest (both changes kept); a change of the same field is refused, in
Dutch, beside the field — in both directions.
"""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import psycopg

from servers import Served, postgres_server, serve_process

PASSWORD = "twee-processen-wachtwoord-9"
DE_BILT = "Maatschappelijke business case bewezen preventie"
SETUP = f"""
from rendement.web.demo import ensure_demo
from rendement.web.cases.models import Case
from rendement.web.organisations.models import Organisation, Role
from rendement.web.organisations.services import add_member
from django.contrib.auth import get_user_model
demo = ensure_demo(password="{PASSWORD}")
case = Case.objects.get(title="{DE_BILT}")
owner = get_user_model().objects.get(username="demo")
collega = get_user_model().objects.create_user("collega", "collega@example.org", "{PASSWORD}")
add_member(actor=owner, organisation=case.organisation, user=collega, role=Role.EDITOR)
print("case", case.uid)
"""


def _environment(url: str, data: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "RENDEMENT_DATA": str(data),
        "RENDEMENT_SECRET_KEY": "two-processes-test-only",
        "LANG": "C.UTF-8",
    }


class Browser:
    """One person's browser on one server: cookies (session, CSRF) kept, no proxy."""

    def __init__(self, served: Served) -> None:
        self.base = f"http://127.0.0.1:{served.port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar)
        )

    def request(
        self, path: str, form: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        data = None if form is None else urllib.parse.urlencode(form).encode()
        asked = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(asked, timeout=60) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def cookie(self, name: str) -> str:
        return next(c.value or "" for c in self.jar if c.name == name)

    def log_in(self, user: str) -> None:
        status, page = self.request("/accounts/login/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        form = {"csrfmiddlewaretoken": token.group(1), "login": user, "password": PASSWORD}
        status, page = self.request("/accounts/login/", form, {"Referer": self.base})
        assert status == 200 and "/accounts/logout/" in page, page[:500]

    def edit(self, uid: str, base: int, loc: str, value: str) -> tuple[int, str]:
        """One changed field, as the page's htmx posts it."""
        status, page = self.request(
            f"/cases/{uid}/edit/",
            {"base": base, "loc": loc, "value": value},
            {"HX-Request": "true", "X-CSRFToken": self.cookie("csrftoken"), "Referer": self.base},
        )
        return status, html.unescape(page)


@contextmanager
def two_servers() -> Iterator[tuple[str, Served, Served, str]]:
    """PostgreSQL with the demo and a second editor, and two ``rendement serve``
    processes on it: (database url, server A, server B, the De Bilt case's uid)."""
    with postgres_server() as url, ExitStack() as stack:
        data = Path(tempfile.mkdtemp(prefix="rendement-two-"))
        env = {**os.environ, **_environment(url, data)}
        command = [sys.executable, "-m", "rendement", "manage"]
        for args in (["migrate", "--no-input"], ["shell", "-c", SETUP]):
            done = subprocess.run(
                [*command, *args], env=env, capture_output=True, text=True, timeout=180
            )
            assert done.returncode == 0, done.stdout + done.stderr
        uid = re.search(r"case (\w+)", done.stdout)
        assert uid is not None, done.stdout
        serve = [sys.executable, "-m", "rendement", "serve", "--port", "{port}", "--threads", "4"]
        ready = "http://127.0.0.1:{port}/accounts/login/"
        servers = [
            stack.enter_context(serve_process(serve, ready, _environment(url, data), timeout=120))
            for _ in range(2)
        ]
        assert servers[0].process.pid != servers[1].process.pid
        yield url, servers[0], servers[1], uid.group(1)


def _latest(url: str, uid: str) -> tuple[int, str]:
    """The newest version's number and YAML, read from the database itself."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "select v.number, v.document from cases_case c join cases_caseversion v "
            "on v.case_id = c.id and v.number = c.latest_number where c.uid = %s",
            (uid,),
        ).fetchone()
    assert row is not None
    return row[0], row[1]


def _reach(document: str, index: int) -> str:
    """The ``reach`` of the ``index``-th intervention, read from the text (not by rendement)."""
    found = re.findall(r"^    reach: (\S+)$", document, re.M)
    return str(found[index])


def _round(
    url: str, uid: str, first: Browser, second: Browser, second_name: str, values: list[str]
) -> None:
    """``first`` changes reach 0; ``second``, on the version before it, reach 1 (placed on
    the newest: both kept), then reach 0 too (refused: ``first`` changed it meanwhile)."""
    base, before = _latest(url, uid)
    untouched = _reach(before, 2)
    status, _page = first.edit(uid, base, "interventions.0.reach", values[0])
    assert status == 200
    assert _latest(url, uid)[0] == base + 1
    # another field, on the version before the other process's change: rebased
    status, page = second.edit(uid, base, "interventions.1.reach", values[1])
    assert status == 200, page[:800]
    number, document = _latest(url, uid)
    assert number == base + 2
    assert (_reach(document, 0), _reach(document, 1), _reach(document, 2)) == (
        values[0],
        values[1],
        untouched,
    )
    # the answer shows both values: the other process's one in its field, and this one
    assert f'id="f-interventions.0.reach" name="value" value="{values[0]}"' in page
    assert f'id="f-interventions.1.reach" name="value" value="{values[1]}"' in page
    # the same field, on the version before the other process's change: refused
    status, page = second.edit(uid, base, "interventions.0.reach", values[2])
    assert status == 409, page[:800]
    conflict = re.search(
        r'<div class="conflict" id="e-interventions.0.reach"(.*?)</div>', page, re.S
    )
    assert conflict is not None, page[:800]
    assert "heeft dit veld intussen gewijzigd" in conflict.group(1)
    assert f'<strong class="theirs">{values[0]}</strong>' in conflict.group(1)
    assert f'<strong class="mine">{values[2]}</strong>' in conflict.group(1)
    assert f"versie {base + 1}" in conflict.group(1)
    assert _latest(url, uid) == (number, document)  # nothing stored
    assert second_name not in conflict.group(1)  # it names the other person, not oneself


def test_one_case_edited_through_two_server_processes_on_one_postgresql() -> None:
    with two_servers() as (url, a, b, uid):
        owner, colleague = Browser(a), Browser(b)
        owner.log_in("demo")
        colleague.log_in("collega")
        # A then B: the owner through server A first, the colleague through B behind
        _round(url, uid, owner, colleague, "collega", ["200", "10", "250"])
        # B then A: the colleague through B first, the owner through A behind
        _round(url, uid, colleague, owner, "demo", ["300", "20", "350"])
        # each process answers with the other one's latest figures: a page read through A
        # after an edit through B shows B's value
        number, _document = _latest(url, uid)
        status, page = owner.request(f"/cases/{uid}/")
        assert status == 200
        assert f'id="case-base" name="base" value="{number}"' in page
        assert 'id="f-interventions.1.reach" name="value" value="20"' in html.unescape(page)
        # the sessions (in the database) work through either server
        colleague.base, owner.base = owner.base, colleague.base
        assert colleague.request(f"/cases/{uid}/")[0] == owner.request(f"/cases/{uid}/")[0] == 200
        # the shared cache is a table in PostgreSQL, with the loaded versions in it
        with psycopg.connect(url) as connection:
            (entries,) = connection.execute(
                "select count(*) from rendement_cache where cache_key like %s",
                ("%rendement:checked:%",),
            ).fetchone()
        assert entries >= 1
