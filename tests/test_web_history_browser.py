"""A case's history in a real browser (Debian's chromium through Playwright): mark a
version vastgesteld, go on editing, find the agreed version and its report unchanged, and
restore it. One ``rendement serve --demo`` for the module; the steps build on each other."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from servers import Served, chromium_launch_kwargs, demo_server, log_in

NBSP = "\u00a0"
DE_BILT = "Maatschappelijke business case bewezen preventie"
REACH = '[id="f-interventions.0.reach"]'


def euro(amount: str) -> str:
    return f"€{NBSP}{amount}"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str]]:
    with demo_server(tmp_path_factory.mktemp("history-data")) as running:
        yield running


@pytest.fixture(scope="module")
def page(served: tuple[Served, str]) -> Iterator[Page]:
    server, password = served
    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(**chromium_launch_kwargs())
        context = browser.new_context(locale="nl-NL", accept_downloads=True)
        context.set_default_timeout(30_000)
        opened = context.new_page()
        log_in(opened, server.port, password)
        opened.get_by_role("link", name=DE_BILT, exact=True).click()
        opened.wait_for_url(re.compile(r"/cases/[0-9a-f]+/$"))
        try:
            yield opened
        finally:
            context.close()
            browser.close()


def _shoot(page: Page, name: str) -> None:
    """A screenshot into ``$RENDEMENT_SCREENSHOTS``, when set (to look at the pages)."""
    folder = os.environ.get("RENDEMENT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _pdf(page: Page, tmp_path: Path, name: str) -> bytes:
    with page.expect_download(timeout=90_000) as download:
        page.locator("#downloads").get_by_role("link", name="PDF (vastgesteld)").click()
    target = tmp_path / name
    download.value.save_as(target)
    return target.read_bytes()


def test_agree_edit_and_find_the_agreed_version_unchanged_then_restore_it(
    page: Page, tmp_path: Path
) -> None:
    case_url = page.url
    # the versions list: version 1 with De Bilt's two overview totals
    page.get_by_role("link", name="versies", exact=True).click()
    first = page.locator("#versie-1")
    expect(first).to_contain_text(euro("88.415"))
    expect(first).to_contain_text(euro("274.839"))
    first.get_by_role("link", name="bekijken").click()
    expect(page.locator(".readonly-banner")).to_contain_text("U bekijkt versie 1 van")
    expect(page.locator(".readonly-banner")).to_contain_text("(alleen lezen)")
    expect(page.locator("form[hx-post]")).to_have_count(0)  # no field can be edited
    expect(page.locator("section.results")).to_contain_text(euro("98.072"))
    # vastgesteld by the council on 12 March 2026: the report is made and kept
    page.locator("details.agree summary").click()
    page.fill("#agreed-on", "2026-03-12")
    page.fill("#agreed-note", "door de gemeenteraad op 12 maart 2026")
    page.get_by_role("button", name="Vaststellen").click()
    expect(page.locator(".readonly-banner")).to_contain_text(
        "Vastgesteld op 12-03-2026: door de gemeenteraad op 12 maart 2026", timeout=90_000
    )
    _shoot(page, "history-agreed")
    kept = _pdf(page, tmp_path, "then.pdf")
    assert kept.startswith(b"%PDF")

    # the case goes on: a new version with twice Ouders Lokaal's reach
    page.goto(case_url)
    expect(page.locator("#case-head")).to_contain_text("Vastgesteld: versie 1, 12-03-2026")
    reach = page.locator(REACH)
    expect(reach).to_have_value("160")
    reach.fill("320")
    reach.press("Tab")
    expect(page.locator("section.results")).to_contain_text(euro("196.144"))
    expect(page.locator("#workspace p.version")).to_contain_text("Versie 2")

    # the agreed version is what it was, and so is its report, byte for byte
    page.get_by_role("link", name="Vastgesteld: versie 1, 12-03-2026").click()
    expect(page.locator(".readonly-banner")).to_contain_text("U bekijkt versie 1 van")
    results = page.locator("section.results")
    expect(results).to_contain_text(euro("98.072"))
    expect(results).not_to_contain_text(euro("196.144"))
    assert _pdf(page, tmp_path, "now.pdf") == kept

    # restored: version 1's text becomes version 3
    page.get_by_role("button", name="Deze versie terugzetten").click()
    page.wait_for_url(case_url)
    expect(page.locator("main")).to_contain_text("Versie 1 is teruggezet als versie 3.")
    expect(page.locator("#workspace p.version")).to_contain_text("Versie 3")
    expect(page.locator(REACH)).to_have_value("160")
    expect(page.locator("section.results")).not_to_contain_text(euro("196.144"))
    page.get_by_role("link", name="versies", exact=True).click()
    expect(page.locator("#versie-3")).to_contain_text("Versie 1 teruggezet")
    expect(page.locator("#versie-3")).to_contain_text(euro("88.415"))
    expect(page.locator("#versie-1")).to_contain_text("Vastgesteld op 12-03-2026")
    _shoot(page, "history-versions")
