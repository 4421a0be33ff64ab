"""A professional measures a client case in a real browser (Debian's chromium through
Playwright), on one ``rendement serve --demo``: from the client case's kassabon to its
measurements, the start measurement with the bundled interview guide (consent first,
fills in — saved by HTMX as she goes —, pauses, continues, finishes), then the end
measurement; the client case's rows and kassabon then show the figures computed here by
hand from the answers and the price list's prices. axe-core checks the form."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from rendement.cohort.valuation import prices_of
from rendement.model import loads
from rendement.money import euro
from servers import RENDEMENT, Served, axe_violations, chromium_launch_kwargs, demo_server, log_in
from test_web_measuring import _document

# A client case of the demo's measured cohort, not measured yet: one row typed by hand
# before (which the measurements replace)
CREATE_CASE = """
from rendement.web.cohorts.models import ClientCase, ClientRow, Cohort
from rendement.web.demo import DEMO_MEASURED_COHORT
cohort = Cohort.objects.get(name=DEMO_MEASURED_COHORT)
client = ClientCase.objects.create(
    cohort=cohort, pseudonym="G04", attributes={"hulpvraag": "schulden"}
)
ClientRow.objects.create(
    client=client, row=2, item="begeleiding_uur", kind="effect", before=9, after=9
)
print("casus", cohort.uid, client.pk)
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str, str]]:
    data = tmp_path_factory.mktemp("measuring-data")
    with demo_server(data) as (server, password):
        made = subprocess.run(
            [RENDEMENT, "manage", "shell", "-c", CREATE_CASE],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, "RENDEMENT_DATA": str(data), "LANG": "C.UTF-8"},
        )
        assert made.returncode == 0 and "casus" in made.stdout, made.stdout + made.stderr
        _word, uid, pk = made.stdout.split()[-3:]
        yield server, password, f"/casussen/{uid}/casus/{pk}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            yield launched
        finally:
            launched.close()


def _axe(page: Page, base: str) -> None:
    """No serious or critical accessibility violation on the page (axe-core's rules)."""
    found = axe_violations(page, base, wcag21=False)
    assert found == [], found


def _begin(page: Page, moment: str) -> None:
    page.get_by_label("Instrument").select_option(label="Start- en eindgesprek sociale basis")
    page.locator(f"#moment-{moment}").check()
    page.get_by_role("button", name="Beginnen").click()


def test_a_professional_measures_start_and_end_and_the_kassabon_follows(
    served: tuple[Served, str, str], browser: Browser
) -> None:
    server, password, receipt = served
    base = f"http://127.0.0.1:{server.port}"
    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        log_in(page, server.port, password)
        page.goto(base + receipt)
        page.get_by_role("link", name="Metingen van deze casus").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Metingen van casus G04")
        _begin(page, "start")
        # consent first: nothing else to fill in yet
        expect(page.locator('input[name^="q-"]')).to_have_count(0)
        page.get_by_label("Ja", exact=True).check()
        page.get_by_role("button", name="Verder").click()
        # the form per domain; a number saved on change (HTMX), a choice too
        hours = page.get_by_label("Hoeveel uur begeleiding van de gemeente krijgt u per week?")
        hours.fill("3")
        hours.press("Tab")
        expect(page.locator("#save-state")).to_contain_text("Opgeslagen")
        page.get_by_role("group", name="Hoe groot is de kans dat u het komende jaar").get_by_label(
            "Een echte kans"
        ).check()
        # a wrong number: its message appears beside it, what was typed stays
        contacts = page.get_by_label("Hoe vaak had u de afgelopen drie maanden contact met")
        contacts.fill("99")
        contacts.press("Tab")
        expect(page.locator("#f-q-huisarts_contacten-error")).to_contain_text("tussen 0 en 50")
        expect(contacts).to_have_value("99")
        _axe(page, base)
        contacts.fill("4")
        page.get_by_role("button", name="Pauzeren").click()
        expect(page.get_by_role("cell", name="Gepauzeerd")).to_be_visible()
        # continued later: the answers are there
        page.get_by_role("button", name="Verder").click()
        expect(hours).to_have_value("3")
        expect(contacts).to_have_value("4")
        page.get_by_role("button", name="Afronden").click()
        expect(page.get_by_role("cell", name="Afgerond")).to_be_visible()
        # the end measurement: consent is on record, the form opens at once
        _begin(page, "eind")
        hours.fill("1")
        contacts.fill("2")
        page.get_by_role("group", name="Hoe groot is de kans dat u het komende jaar").get_by_label(
            "Geen kans"
        ).check()
        page.get_by_role("button", name="Afronden").click()
        expect(page.locator(".messages")).to_contain_text("komen nu uit de start- en eindmeting")
        # the kassabon: by hand, quantity per year = answer × 52 (per week) or × 4 (per
        # three months); the risk 0.25 × 30 nursing days before, none during; questions
        # left open are unknown and count for nothing
        prices = prices_of(loads(_document()))
        gross = (
            (3 - 1) * 52 * prices["begeleiding_uur"].amount
            + (4 - 2) * 4 * prices["huisarts_contact"].amount
            + 0.25 * 30 * prices["mhc_nursingday_psy_inst"].amount
        )
        page.goto(base + receipt)
        main = page.locator("main")
        expect(main).to_contain_text(euro(gross))
        expect(main).to_contain_text("komen uit de start- en eindmeting")
        rows = page.locator("section.rows tbody tr")
        # a row says the price list's name of its item, not the item's id
        first = rows.filter(has_text=prices["begeleiding_uur"].name)
        expect(first.locator('input[name="voor"]')).to_have_value("156")
        expect(first.locator('input[name="na"]')).to_have_value("52")
    finally:
        context.close()
