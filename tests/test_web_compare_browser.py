"""Comparing two versions in a real browser (Debian's chromium, Playwright).

On the demo's De Bilt case: Ouders Lokaal's reach 160 → 200 (version 2), then the CJG
contacts per parent 13 → 15 (version 3); the versions page compares version 1 with 3.
By hand: the perspective's gross is € 98.072 at reach 160, CJG 0,5 × 160 × 13 × € 55 =
€ 57.200 of it. The reach alone adds a quarter, € 24.518; the contacts alone add
0,5 × 160 × 2 × € 55 = € 8.800 at the old reach and € 11.000 at the new one. Step by
step (reach first, as in the model): 24.518 + 11.000; Shapley: 25.618 + 9.900; both
35.518, the move of the net.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from servers import Served, chromium_launch_kwargs, demo_server, log_in

NBSP = "\u00a0"
DE_BILT = "Maatschappelijke business case bewezen preventie"


def _amount(value: int) -> str:
    return f"+ € {value:,}".replace(",", ".") + ",00"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str]]:
    with demo_server(tmp_path_factory.mktemp("compare-data")) as found:
        yield found


@pytest.fixture(scope="module")
def page(served: tuple[Served, str]) -> Iterator[Page]:
    server, password = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            context = browser.new_context(locale="nl-NL")
            context.set_default_timeout(30_000)
            shown = context.new_page()
            log_in(shown, server.port, password)
            yield shown
        finally:
            browser.close()


def _change(page: Page, field: str, value: str, version: int) -> None:
    box = page.locator(f'[id="f-{field}"]')
    box.fill(value)
    box.press("Tab")
    expect(page.locator("#workspace p.version")).to_contain_text(f"Versie {version} ")


def test_compare_two_versions_shows_the_waterfall_whose_parts_add_up(
    page: Page, tmp_path: Path
) -> None:
    page.get_by_role("link", name=DE_BILT, exact=True).click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+/$"))
    case_url = page.url
    _change(page, "interventions.0.reach", "200", 2)
    _change(page, "interventions.0.effects.1.units_per_case", "15", 3)
    page.goto(case_url + "versions/")
    page.select_option("#compare-a", "1")
    page.select_option("#compare-b", "3")
    page.get_by_role("button", name="Vergelijk").click()
    page.wait_for_url(re.compile(r"/compare/1/3/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Ouders Lokaal › bereik")
    # the waterfall is drawn: old, each part, new, with the amounts beside the bars
    charts = page.locator(".vega svg").filter(has_text="Van oud naar nieuw")
    expect(charts).to_have_count(2)
    shapley = (charts.nth(0).text_content() or "").replace(NBSP, " ")
    for amount in (24518 + 1100, 9900):
        assert _amount(amount) in shapley, shapley
    assert "€ 66.196,00" in shapley and "€ 101.714,00" in shapley  # old and new net
    sequential = (charts.nth(1).text_content() or "").replace(NBSP, " ")
    assert _amount(24518) in sequential and _amount(11000) in sequential
    # the table: both splits, each adding up to the move of the net
    table = page.locator("table").filter(has_text="Stap voor stap")
    rows = table.locator("tbody tr")
    cells = [
        [c.replace(NBSP, " ") for c in rows.nth(n).locator("td, th").all_inner_texts()]
        for n in range(rows.count())
    ]
    parts = {row[0]: row[1:] for row in cells}
    assert parts["Ouders Lokaal › bereik"] == [_amount(24518), _amount(25618)]
    assert parts["Ouders Lokaal › CJG › eenheden per casus"] == [_amount(11000), _amount(9900)]
    assert parts["Totaal verschil"] == [_amount(35518)] * 2
    for column in (0, 1):
        total = sum(
            float(row[column + 1].strip("+ €").replace(".", "").replace(",", "."))
            for row in cells
            if row[0] != "Totaal verschil"
        )
        assert total == 35518.0
    shots = Path(os.environ.get("RENDEMENT_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(shots / "compare.png"), full_page=True)
