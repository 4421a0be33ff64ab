"""The method's forms in a real browser (chromium, against ``rendement serve --demo``):
a formula's result beside it, "Onzeker?" making the reach a range with its break-even
value in the tornado, the perspective chosen from a list, the glossary a link away."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from servers import chromium_launch_kwargs, log_in, serve_process

RENDEMENT = str(Path(sys.executable).with_name("rendement"))
DE_BILT = "Maatschappelijke business case bewezen preventie"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Page, str]]:
    data = tmp_path_factory.mktemp("web-data")
    command = [RENDEMENT, "serve", "--demo", "--port", "{port}"]
    ready = "http://127.0.0.1:{port}/accounts/login/"
    env = {"RENDEMENT_DATA": str(data), "LANG": "C.UTF-8"}
    with serve_process(command, ready, env, timeout=90) as served:
        found = re.search(r"wachtwoord: (\S+)", served.stdout.read_text())
        assert found, served.logs()
        base = f"http://127.0.0.1:{served.port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**chromium_launch_kwargs())
            try:
                context = browser.new_context(locale="nl-NL")
                context.set_default_timeout(30_000)
                tab = context.new_page()
                log_in(tab, served.port, found.group(1))
                tab.get_by_role("link", name=DE_BILT, exact=True).click()
                tab.wait_for_url(re.compile(r"/cases/[0-9a-f]+/$"))
                yield tab, base
            finally:
                browser.close()


def test_the_method_in_the_forms(page: tuple[Page, str]) -> None:
    tab, base = page
    # a formula shows its result, in euros with cents, Dutch
    result = tab.locator('[id="r-interventions.0.investments.0.hourly_cost"]')
    expect(result).to_have_text(f"= €{NBSP}45,68")
    help_text = tab.locator('[id="h-interventions.0.reach"]')
    expect(help_text).to_contain_text("Hoeveel deelnemers of huishoudens")

    # a formula typed into a number field: the field widens, and the result follows
    units = tab.locator('[id="f-interventions.0.effects.0.units_per_case"]')
    units.fill("=2 * 2")
    expect(tab.locator('[id="form-interventions.0.effects.0.units_per_case"]')).to_have_class(
        re.compile(r"\bformula\b")
    )
    units.press("Tab")
    expect(tab.locator('[id="r-interventions.0.effects.0.units_per_case"]')).to_have_text("= 4")

    # "Onzeker?" beside the reach: low / likely / high become pert(40; 160; 200)
    uncertain = tab.locator('[id="u-interventions.0.reach"]')
    uncertain.locator("summary").click()
    expect(uncertain.locator('input[name="likely"]')).to_have_value("160")
    uncertain.locator('input[name="low"]').fill("40")
    uncertain.locator('input[name="high"]').fill("200")
    uncertain.get_by_role("button", name="Bandbreedte opslaan").click()
    expect(tab.locator('[id="f-interventions.0.reach"]')).to_have_value("pert(40; 160; 200)")
    expect(tab.locator("#charts h2", has_text="Onzekerheid")).to_be_visible()
    tornado = tab.locator("#charts figure.table").filter(has_text="Gevoeligheid · Ouders Lokaal")
    row = tornado.locator("tbody tr").filter(has_text="bereik").first
    expect(row.locator("td").last).to_have_text("52")  # the break-even reach

    # the perspective from a list: society counts the GP's saving too
    tab.locator("#s-perspective").select_option("maatschappij")
    expect(tab.locator("#s-perspective")).to_have_value("maatschappij")
    expect(tab.locator("section.results")).to_contain_text(f"€{NBSP}78.996")

    # the glossary, a link away
    tab.locator("#settings a.term").first.click()
    tab.wait_for_url(f"{base}/begrippen/#perspectief")
    expect(tab.locator("h1")).to_have_text("Begrippen")
    expect(tab.locator("#perspectief")).to_have_text("Perspectief")
