"""Nothing typed is lost: quick edits on a slow network, two editors, a conflict, a refused
add-form — in a real Chromium against ``rendement serve --demo``.

Each test reads back what the server stored (the version's YAML), not only the page: an
edit the page shows but the server never stored is exactly the loss these tests catch.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from servers import Served, chromium_launch_kwargs, demo_server, log_in

DE_BILT = "Maatschappelijke business case bewezen preventie"
REACH = '[id="f-interventions.0.reach"]'
UNITS = '[id="f-interventions.0.effects.0.units_per_case"]'
SHARE = '[id="f-interventions.0.effects.0.share"]'
OTHER_REACH = '[id="f-interventions.1.reach"]'


@dataclass
class Site:
    served: Served
    password: str
    uid: str = ""

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.served.port}{path}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with demo_server(tmp_path_factory.mktemp("web-data")) as (served, password):
        yield Site(served, password)


@pytest.fixture(autouse=True)
def _server_log_on_failure(site: Site) -> Iterator[None]:
    """What the server printed during the test; pytest shows it only when the test fails."""
    before = len(site.served.stderr.read_bytes())
    yield
    print("--- server stderr during this test\n" + site.served.stderr.read_text()[before:])


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            yield launched
        finally:
            launched.close()


def _signed_in(site: Site, browser: Browser) -> tuple[BrowserContext, Page]:
    """A new browser (its own cookies: another tab of another person) on a fresh copy of
    the De Bilt case, made once for the module."""
    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(30_000)
    page = context.new_page()
    log_in(page, site.served.port, site.password)
    if not site.uid:
        page.get_by_role("link", name=DE_BILT, exact=True).click()
        page.wait_for_url(re.compile(r"/cases/[0-9a-f]+/$"))
        site.uid = page.url.rstrip("/").rsplit("/", 1)[1]
    else:
        page.goto(site.url(f"/cases/{site.uid}/"))
    return context, page


def _version(page: Page) -> int:
    found = re.match(r"Versie (\d+)\b", page.locator("#workspace p.version").inner_text())
    assert found
    return int(found.group(1))


def _settled(page: Page, timeout: float = 30.0) -> None:
    """Every queued change answered. Polled with ``evaluate``: ``wait_for_function`` runs
    its predicate through ``new Function``, which the page's Content-Security-Policy
    refuses (no 'unsafe-eval')."""
    deadline = time.monotonic() + timeout
    while page.evaluate("window.rendementQueue ? window.rendementQueue() : -1") != 0:
        assert time.monotonic() < deadline, "the edit queue did not empty"
        page.wait_for_timeout(50)


def _stored(page: Page, site: Site) -> str:
    """The newest version's document as the server stores it."""
    number = _version(page)
    answer = page.request.get(site.url(f"/cases/{site.uid}/versions/{number}.yaml"))
    assert answer.status == 200
    return answer.text()


def _slow(context: BrowserContext, page: Page, latency_ms: int = 300) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def test_two_quick_edits_on_a_slow_network_are_both_stored(site: Site, browser: Browser) -> None:
    """Tab, type, Tab within 0,3 s while every answer takes 300 ms: both values stored."""
    context, page = _signed_in(site, browser)
    try:
        start = _version(page)
        _slow(context, page)
        page.locator(REACH).fill("200")
        page.locator(REACH).press("Tab")
        page.locator(UNITS).fill("6")  # before the first answer has come back
        page.locator(UNITS).press("Tab")
        _settled(page)
        assert _version(page) == start + 2
        stored = _stored(page, site)
        assert "    reach: 200\n" in stored and "units_per_case: 6\n" in stored
        expect(page.locator(".stale, .conflict, .field.invalid")).to_have_count(0)
        expect(page.locator("#save-state")).to_have_text("Alles opgeslagen")
        page.reload()
        expect(page.locator(REACH)).to_have_value("200")
        expect(page.locator(UNITS)).to_have_value("6")
    finally:
        context.close()


def test_two_change_events_5_ms_apart_are_both_stored(site: Site, browser: Browser) -> None:
    context, page = _signed_in(site, browser)
    try:
        start = _version(page)
        page.evaluate(
            """([first, second]) => {
                const fire = (selector, value) => {
                    const field = document.querySelector(selector);
                    field.value = value;
                    field.dispatchEvent(new Event("change", { bubbles: true }));
                };
                fire(first, "210");
                setTimeout(() => fire(second, "7"), 5);
            }""",
            [REACH, UNITS],
        )
        page.wait_for_timeout(50)
        _settled(page)
        assert _version(page) == start + 2
        stored = _stored(page, site)
        assert "    reach: 210\n" in stored and "units_per_case: 7\n" in stored
    finally:
        context.close()


def test_two_editors_of_different_fields_are_both_stored_and_the_same_field_is_a_conflict(
    site: Site, browser: Browser
) -> None:
    first_context, first = _signed_in(site, browser)
    second_context, second = _signed_in(site, browser)
    try:
        base = _version(first)
        assert _version(second) == base
        # different fields: both stored, the second page shows the first's value
        first.locator(REACH).fill("220")
        first.locator(REACH).press("Tab")
        _settled(first)
        second.locator(OTHER_REACH).fill("95")
        second.locator(OTHER_REACH).press("Tab")
        _settled(second)
        assert _version(second) == base + 2
        stored = _stored(second, site)
        assert "    reach: 220\n" in stored and "    reach: 95\n" in stored
        expect(second.locator(REACH)).to_have_value("220")
        expect(second.locator(".stale, .conflict")).to_have_count(0)

        # the same field: the first stores 8, the second (still on its version) types 9
        first.reload()
        first.locator(UNITS).fill("8")
        first.locator(UNITS).press("Tab")
        _settled(first)
        second.locator(UNITS).fill("9")
        second.locator(UNITS).press("Tab")
        _settled(second)
        conflict = second.locator('[id="e-interventions.0.effects.0.units_per_case"].conflict')
        expect(conflict).to_be_visible()
        expect(conflict).to_contain_text("in een ander venster of tabblad")  # same user
        expect(conflict.locator(".theirs")).to_have_text("8")
        expect(conflict.locator(".mine")).to_have_text("9")
        expect(second.locator(UNITS)).to_have_value("9")  # nothing lost
        assert "units_per_case: 8\n" in _stored(second, site)  # nothing overwritten
        # the typed value can still be stored, on purpose
        conflict.get_by_role("button", name="Mijn waarde opslaan").click()
        _settled(second)
        expect(conflict).to_have_count(0)
        assert "units_per_case: 9\n" in _stored(second, site)
        # back to the example's 4 for the other tests
        second.locator(UNITS).fill("4")
        second.locator(UNITS).press("Tab")
        _settled(second)
    finally:
        first_context.close()
        second_context.close()


def test_a_refused_add_form_keeps_its_text(site: Site, browser: Browser) -> None:
    context, page = _signed_in(site, browser)
    try:
        start = _version(page)
        group = page.locator("fieldset").filter(
            has=page.locator("legend", has_text="Ouders Lokaal")
        )
        add = group.locator("details.add").filter(has_text="Investering toevoegen")
        add.locator("summary").click()
        add.get_by_label("Naam").fill("Extra coördinatie")
        add.get_by_label("Bedrag per jaar").fill("veel geld")
        add.get_by_role("button", name="Toevoegen").click()
        _settled(page)
        again = (
            page.locator("fieldset")
            .filter(has=page.locator("legend", has_text="Ouders Lokaal"))
            .locator("details.add")
            .filter(has_text="Investering toevoegen")
        )
        expect(again).to_have_attribute("open", "")
        expect(again.get_by_label("Naam")).to_have_value("Extra coördinatie")
        expect(again.get_by_label("Bedrag per jaar")).to_have_value("veel geld")
        expect(again.locator("p.error")).to_be_visible()
        assert _version(page) == start
    finally:
        context.close()
