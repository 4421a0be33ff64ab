"""Sharing in a real browser (Debian's chromium through Playwright), on one
``rendement serve --demo``:

(a) the demo owner shares De Bilt's case with another organisation on the share page; a
    member of that organisation logs in and finds it in their list, marked as shared; the
    owner revokes, and every address of the case answers that member 404;
(b) the owner makes a public link to version 1 (after a version 2 exists); an anonymous
    browser opens it and follows every same-origin link, form and HTMX address it finds,
    breadth-first: each lies under the link's own token; the case page, the other version
    and the organisation's page send it to the login; revoked, the link is gone.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from servers import RENDEMENT, Served, chromium_launch_kwargs, demo_server, log_in
from test_web_sharing import _case_urls

DE_BILT = "Maatschappelijke business case bewezen preventie"
MEMBER, MEMBER_PASSWORD = "elders", "een-ander-lang-wachtwoord-8"
REACH = '[id="f-interventions.0.reach"]'
CRAWL_LIMIT = 40  # addresses; the link's pages are a handful
RENDER_MS = 180_000  # a report is made on request: seconds, more on a busy machine

CREATE_MEMBER = f"""
from django.contrib.auth import get_user_model
from rendement.web.organisations.services import create_organisation
user = get_user_model().objects.create_user({MEMBER!r}, email="elders@example.org")
user.set_password({MEMBER_PASSWORD!r})
user.save()
create_organisation(actor=user, name="Gemeente Elders", kind="gemeente")
print("aangemaakt", user.pk)
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str]]:
    data = tmp_path_factory.mktemp("sharing-data")
    with demo_server(data) as running:
        made = subprocess.run(
            [RENDEMENT, "manage", "shell", "-c", CREATE_MEMBER],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, "RENDEMENT_DATA": str(data), "LANG": "C.UTF-8"},
        )
        assert made.returncode == 0 and "aangemaakt" in made.stdout, made.stdout + made.stderr
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            yield launched
        finally:
            launched.close()


def _context(browser: Browser) -> BrowserContext:
    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(30_000)
    return context


@pytest.fixture(scope="module")
def owner(served: tuple[Served, str], browser: Browser) -> Iterator[Page]:
    """The demo user (owner of the demo organisation) on De Bilt's case."""
    server, password = served
    context = _context(browser)
    page = context.new_page()
    log_in(page, server.port, password)
    page.get_by_role("link", name=DE_BILT, exact=True).click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+/$"))
    try:
        yield page
    finally:
        context.close()


def _shoot(page: Page, name: str) -> None:
    """A screenshot into ``$RENDEMENT_SCREENSHOTS``, when set (to look at the pages)."""
    folder = os.environ.get("RENDEMENT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _uid(page: Page) -> str:
    found = re.search(r"/cases/([0-9a-f]+)/", page.url)
    assert found, page.url
    return found.group(1)


def test_a_share_with_another_organisation_and_revoke(
    served: tuple[Served, str], browser: Browser, owner: Page
) -> None:
    server, _password = served
    base = server.url.split("/accounts/")[0]
    case_url = owner.url
    uid = _uid(owner)
    owner.locator("#case-head").get_by_role("link", name="Delen").click()
    expect(owner.locator("#shares")).to_contain_text("Nog met niemand gedeeld.")
    owner.fill("#share-with", "Gemeente Elders")
    owner.get_by_label("Alleen lezen").check()
    owner.locator("#share-form").get_by_role("button", name="Delen").click()
    expect(owner.locator("main")).to_contain_text("Gedeeld met Gemeente Elders (alleen lezen).")
    expect(owner.locator("#shares")).to_contain_text("Gemeente Elders")
    expect(owner.locator("#shares")).to_contain_text("Alleen lezen")
    _shoot(owner, "share-page")

    context = _context(browser)
    try:
        member = context.new_page()
        log_in(member, server.port, MEMBER_PASSWORD, user=MEMBER)
        row = member.locator(f'tr[data-uid="{uid}"]')
        expect(row).to_contain_text(DE_BILT)
        expect(row).to_contain_text("gedeeld door Gemeente De Bilt (demo)")
        _shoot(member, "share-member-list")
        row.get_by_role("link", name=DE_BILT, exact=True).click()
        member.wait_for_url(case_url)
        expect(member.locator("#case-head")).to_contain_text(
            "gedeeld door Gemeente De Bilt (demo), alleen lezen"
        )
        expect(member.locator("section.results")).to_be_visible()
        expect(member.locator(REACH)).to_have_value("160")
        expect(member.locator(REACH)).to_have_attribute("readonly", "")  # read only

        owner.locator("#shares").get_by_role("button", name="Intrekken").click()
        expect(owner.locator("main")).to_contain_text(
            "Gemeente Elders kan de business case niet meer zien."
        )
        expect(owner.locator("#shares")).to_contain_text("Nog met niemand gedeeld.")

        member.goto(base + "/")
        expect(member.locator(f'tr[data-uid="{uid}"]')).to_have_count(0)
        csrf = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
        urls = _case_urls(uid, share_pk=1, link_pk=1)
        assert len(urls) >= 30
        for url, post_only in urls:
            if not post_only:
                answer = member.goto(base + url)
                assert answer is not None and answer.status == 404, url
                expect(member.locator("h1")).to_have_text("Niet gevonden")
            posted = member.request.post(base + url, headers={"X-CSRFToken": csrf})
            assert posted.status == 404, url
    finally:
        context.close()


def _addresses(page: Page) -> list[str]:
    """Every address the page links to, posts a form to, or loads with HTMX."""
    found = []
    for selector, attribute in (
        ("a[href]", "href"),
        ("form[action]", "action"),
        ("[hx-get]", "hx-get"),
        ("[hx-post]", "hx-post"),
    ):
        for element in page.locator(selector).all():
            value = element.get_attribute(attribute)
            if value:
                found.append(value)
    return found


def test_b_a_public_link_reaches_only_its_own_version(
    served: tuple[Served, str], browser: Browser, owner: Page
) -> None:
    server, _password = served
    base = server.url.split("/accounts/")[0]
    uid = _uid(owner)
    owner.goto(f"{base}/cases/{uid}/")
    reach = owner.locator(REACH)
    reach.fill("320")  # version 2: twice Ouders Lokaal's reach
    reach.press("Tab")
    expect(owner.locator("#workspace p.version")).to_contain_text("Versie 2")
    owner.goto(f"{base}/")
    organisation_url = base + str(
        owner.locator("main a[href^='/organisations/']").first.get_attribute("href")
    )

    owner.goto(f"{base}/cases/{uid}/delen/")
    owner.select_option("#link-version", "1")
    owner.get_by_role("button", name="Openbare link maken").click()
    expect(owner.locator("main")).to_contain_text("Openbare link naar versie 1 gemaakt")
    row = owner.locator("#links tbody tr").first
    expect(row).to_contain_text("Geldig")
    link = row.locator("input.public-link").input_value()
    prefix = urljoin(link, ".")
    assert link.startswith(base + "/openbaar/") and link == prefix
    assert len(urlsplit(link).path.split("/")[2]) >= 43  # 256 random bits

    context = _context(browser)
    try:
        anonymous = context.new_page()
        answer = anonymous.goto(link)
        assert answer is not None and answer.status == 200
        expect(anonymous.locator(".readonly-banner")).to_contain_text("Versie 1 van")
        expect(anonymous.locator("section.results")).to_contain_text("98.072")
        expect(anonymous.locator("section.results")).not_to_contain_text("196.144")
        expect(anonymous.locator("#charts figure.chart").first).to_be_visible()
        expect(anonymous.locator("header nav")).to_have_count(0)  # no way into the app
        _shoot(anonymous, "share-public")
        _shoot(owner, "share-links")

        seen = {link}
        queue = deque([link])
        kinds: dict[str, str] = {}
        while queue:
            url = queue.popleft()
            fetched = context.request.get(url, timeout=RENDER_MS)
            assert fetched.status == 200, url
            kinds[url] = fetched.headers.get("content-type", "")
            if not kinds[url].startswith("text/html"):
                continue
            if url == link:
                found = _addresses(anonymous)  # the page as drawn, its charts loaded
            else:
                anonymous.goto(url, timeout=RENDER_MS)
                found = _addresses(anonymous)
            for address in found:
                target, _fragment = urldefrag(urljoin(url, address))
                if urlsplit(target).netloc != urlsplit(base).netloc or not target:
                    continue  # another site (a source in the report)
                if target.startswith(base + "/static/"):
                    continue
                assert target.startswith(prefix), f"{url} leads to {target}"
                if target not in seen:
                    assert len(seen) < CRAWL_LIMIT
                    seen.add(target)
                    queue.append(target)
        # the page, its charts, the report as PDF and as a web page: all found, all its own
        own = ("", "grafieken/", "rapport.pdf", "rapport.html")
        assert {prefix + tail for tail in own} <= seen
        assert kinds[prefix + "rapport.pdf"] == "application/pdf"

        # nothing else of the app answers the anonymous browser
        for url in (
            f"{base}/cases/{uid}/",
            f"{base}/cases/{uid}/versions/1/",
            f"{base}/cases/{uid}/versions/2/",
            f"{base}/cases/{uid}/delen/",
            organisation_url,
            f"{base}/",
        ):
            anonymous.goto(url)
            assert "/accounts/login/" in anonymous.url, url

        # revoked: the link is gone
        owner.locator("#links tbody tr").first.get_by_role("button", name="Intrekken").click()
        expect(owner.locator("#links tbody tr").first).to_contain_text("Ingetrokken")
        gone = anonymous.goto(link)
        assert gone is not None and gone.status == 404
        expect(anonymous.locator("h1")).to_have_text("Deze link is verlopen of ingetrokken")
        _shoot(anonymous, "share-gone")
        assert context.request.get(prefix + "rapport.pdf").status == 404
    finally:
        context.close()
