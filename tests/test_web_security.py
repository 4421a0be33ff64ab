"""The pages run nothing inline, every HTML answer carries the Content-Security-Policy, and
``RENDEMENT_HTTPS=1`` makes ``check --deploy`` clean.

The crawl follows every link and every ``hx-get`` of the demo (its four cases, the client
cases) as the demo user, so a page added later is checked without being listed here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from rendement.web.security import DOCUMENT_POLICY, POLICY

SOURCE = str(Path(__file__).resolve().parents[1] / "src")


class Page(HTMLParser):
    """What the crawl needs of one answer: the links to follow and what runs inline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.inline.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.inline.append(f"<{tag} style={value!r}>")
            if name in ("hx-vals", "hx-vars", "hx-headers") and (value or "").startswith("js:"):
                self.inline.append(f"<{tag} {name}={value!r}>")
            if name == "href" and (value or "").lower().startswith("javascript:"):
                self.inline.append(f"<{tag} href={value!r}>")
        if tag == "script" and not named.get("src") and named.get("type") != "application/json":
            self.inline.append(f"<script {named}>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "a" and named.get("href"):
            self.links.append(str(named["href"]))
        if named.get("hx-get"):
            self.links.append(str(named["hx-get"]))


# Not followed: files (the checks are for HTML), leaving, switching the language; the
# reports (``/download/`` of a case, ``/rapport/`` of a cohort) are documents with a
# policy of their own (DOCUMENT_POLICY, checked below).
SKIP = ("/download/", "/rapport/", ".yaml", ".csv", "/accounts/logout/", "/i18n/", "/static/")


PER_SHAPE = 5
"""Pages of one shape visited at most (the demo's 63 client cases each have a kassabon and
a measurements page: five of each say what the sixtieth would)."""


def _shape(url: str) -> str:
    """A page's kind: its path with numbers in place of ids (``/casussen/#/casus/#/``)."""
    path = urlsplit(url).path
    return re.sub(r"/(\d+|[0-9a-f]{12,})(?=/)", "/#", path)


def _crawl(client: Any, start: list[str], limit: int = 400) -> dict[str, list[str]]:
    """Every kind of HTML page reachable from ``start``: its path and what it runs inline."""
    seen: dict[str, list[str]] = {}
    shapes: Counter[str] = Counter()
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        shapes[_shape(url)] += 1
        if shapes[_shape(url)] > PER_SHAPE:
            continue
        answer = client.get(url)
        if answer.status_code in (301, 302):
            queue.append(answer["Location"])
            seen[url] = []
            continue
        assert answer.status_code == 200, (url, answer.status_code)
        if not answer["Content-Type"].startswith("text/html"):
            seen[url] = []
            continue
        assert answer["Content-Security-Policy"] == POLICY, url
        assert answer["X-Content-Type-Options"] == "nosniff", url
        assert answer["Referrer-Policy"] == "same-origin", url
        page = Page()
        page.feed(answer.content.decode())
        seen[url] = page.inline
        for link in page.links:
            target = urlsplit(urljoin(url, link))
            outside = target.netloc or target.scheme not in ("", "http")
            if outside or any(s in target.path for s in SKIP):
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if path not in seen:
                queue.append(path)
    assert len(seen) < limit, "the crawl did not end; raise the limit"
    return seen


@pytest.mark.django_db
def test_no_page_runs_inline_code_and_every_page_carries_the_policy() -> None:
    from django.test import Client

    from rendement.web.cases.models import Case
    from rendement.web.demo import ensure_demo

    demo = ensure_demo(password="demo-wachtwoord-csp-1")
    start = ["/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"]
    anonymous = _crawl(Client(), start)
    assert {p for p, found in anonymous.items() if found} == set()
    assert set(start) <= set(anonymous)
    missing = Client().get("/nergens/")  # the app's own 404 page
    assert missing.status_code == 404 and missing["Content-Security-Policy"] == POLICY
    error_page = Page()
    error_page.feed(missing.content.decode())
    assert error_page.inline == []

    client = Client()
    assert client.login(username=demo.username, password=demo.password)
    cases = {c.title: c.uid for c in Case.objects.all()}
    uncertain = next(uid for title, uid in cases.items() if "onzeker" in title.lower())
    bilt = next(iter(cases.values()))
    start = [
        "/",
        f"/cases/{bilt}/prices/?q=jeugd",
        f"/cases/{bilt}/stap/",
        f"/cases/{uncertain}/sensitivity/",
    ]
    pages = _crawl(client, start)
    offending = {p: found for p, found in pages.items() if found}
    assert offending == {}
    visited = set(pages)
    # the pages the brief names are among those crawled (the crawl reached them)
    for uid in cases.values():
        assert f"/cases/{uid}/" in visited
        assert f"/cases/{uid}/versions/" in visited
        charts = [p for p in visited if p.startswith(f"/cases/{uid}/versions/")]
        assert any(p.endswith("/charts/") for p in charts)
    steps = [p for p in visited if p.startswith(f"/cases/{bilt}/stap/")]
    assert len(steps) > 1  # the guide's start and its steps
    assert {"/", "/begrippen/", "/casussen/", f"/cases/{bilt}/prices/?q=jeugd"} <= visited
    assert any(p.startswith("/casussen/") and "/casus/" in p for p in visited)  # a receipt
    assert any(p.startswith("/organisations/") for p in visited)
    assert any(p.endswith("/logboek/") for p in visited)  # the audit log (the demo user owns)


def test_the_policy_forbids_inline_code_and_eval() -> None:
    directives = dict(d.strip().split(" ", 1) for d in POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in POLICY


@pytest.mark.django_db
def test_a_download_goes_without_the_page_policy(world: dict[str, Any]) -> None:
    from web_world import client_for

    case = world["case"]
    answer = client_for(world["viewer"]).get(f"/cases/{case.uid}/versions/1.yaml")
    assert answer.status_code == 200
    assert not answer["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" not in answer


@pytest.mark.django_db
def test_the_html_report_may_style_itself_and_run_nothing(world: dict[str, Any]) -> None:
    """The report shown in the browser is the CLI's self-contained file: its own inline
    styles (the page's policy would strip them), and not one script."""
    from web_world import client_for

    answer = client_for(world["viewer"]).get(f"/cases/{world['case'].uid}/download/html/")
    assert answer.status_code == 200
    assert answer["Content-Security-Policy"] == DOCUMENT_POLICY
    directives = dict(d.strip().split(" ", 1) for d in DOCUMENT_POLICY.split(";"))
    assert directives["default-src"] == "'none'" and "script-src" not in directives
    report = Page()
    report.feed(answer.content.decode())
    styled = [found for found in report.inline if " style=" in found or found == "<style>"]
    assert styled  # the report does style itself inline
    assert [found for found in report.inline if found not in styled] == []


# A fresh process: the settings read RENDEMENT_HTTPS once, when Django starts.
CHECK = """
import json, django
django.setup()
from django.core import checks
from django.test import Client
found = [m.id for m in checks.run_checks(include_deployment_checks=True) if not m.is_silenced()]
host = {"Host": "mbc.example.nl"}
plain = Client().get("/nergens/", headers=host)
proxied = Client().get("/nergens/", headers={**host, "X-Forwarded-Proto": "https"})
print(json.dumps({
    "checks": found,
    "plain": [plain.status_code, plain.get("Location", "")],
    "proxied": [proxied.status_code, proxied.get("Strict-Transport-Security", "")],
}))
"""


def _deploy_check(tmp_path: Path, **extra: str) -> dict[str, Any]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RENDEMENT_", "DJANGO_", "DATABASE_URL"))
    }
    environment.update(
        PYTHONPATH=SOURCE,
        DJANGO_SETTINGS_MODULE="rendement.web.settings",
        RENDEMENT_DATA=str(tmp_path),
        RENDEMENT_ALLOWED_HOSTS="mbc.example.nl",
        RENDEMENT_SECRET_KEY="k9V" * 20 + "-a-long-random-looking-secret",
        **extra,
    )
    run = subprocess.run(
        [sys.executable, "-c", CHECK],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def test_rendement_https_makes_the_deploy_check_clean(tmp_path: Path) -> None:
    served = _deploy_check(tmp_path, RENDEMENT_HTTPS="1")
    assert served["checks"] == []
    # plain HTTP is sent to HTTPS; over HTTPS (the proxy says so) a year of HSTS
    assert served["plain"] == [301, "https://mbc.example.nl/nergens/"]
    assert served["proxied"] == [404, "max-age=31536000; includeSubDomains"]


def test_without_rendement_https_the_deploy_check_warns(tmp_path: Path) -> None:
    """The check above can fail: plain HTTP (a laptop) is what check --deploy warns about."""
    plain = _deploy_check(tmp_path)
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= set(
        plain["checks"]
    )
    assert plain["plain"][0] == 404 and plain["proxied"] == [404, ""]
