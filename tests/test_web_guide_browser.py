"""The guided start in a real browser, with the keyboard only: a newcomer makes a case
through the method's steps, reads its result, and the workspace afterwards follows the
title and keeps the focus on what was added. axe-core (vendored) checks every step.

One server (``rendement serve --demo`` on a fresh data directory) for the module; the
tests run in file order and build on each other (the second opens the case the first
made). No mouse: fields are reached by focus and filled with key presses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from rendement.i18n import language
from rendement.money import euro
from servers import Served, axe_violations, chromium_launch_kwargs, demo_server, run_json

NBSP = "\u00a0"
TITLE = "Maatjes in Zeist"


@dataclass
class Site:
    served: Served
    password: str

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.served.port}{path}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with demo_server(tmp_path_factory.mktemp("guide-data")) as (served, password):
        yield Site(served, password)


@pytest.fixture(scope="module")
def page(site: Site) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(**chromium_launch_kwargs())
        context = browser.new_context(locale="nl-NL")
        context.set_default_timeout(30_000)
        opened = context.new_page()
        opened.goto(site.url("/accounts/login/"))
        _type(opened, "#id_login", "demo")
        _type(opened, "#id_password", site.password)
        opened.keyboard.press("Enter")
        opened.wait_for_url(site.url("/"))
        try:
            yield opened
        finally:
            context.close()
            browser.close()


def _type(page: Page, selector: str, text: str) -> None:
    """Focus a field and type into it (what is there first selected and replaced)."""
    field = page.locator(selector)
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _press_link(page: Page, name: str) -> None:
    link = page.get_by_role("link", name=name, exact=True)
    link.focus()
    page.keyboard.press("Enter")


def _focused(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(
        "() => ({tag: document.activeElement.tagName, id: document.activeElement.id,"
        " text: (document.activeElement.textContent || '').trim()})"
    )
    return found


def _axe(site: Site, page: Page) -> None:
    """No serious or critical accessibility violation on the page (axe-core's rules)."""
    found = axe_violations(page, site.url("").rstrip("/"), wcag21=False)
    assert found == [], found


def test_1_a_blank_case_walks_through_the_method(site: Site, page: Page) -> None:
    page.goto(site.url("/"))
    page.locator("#new-example").focus()
    page.keyboard.press("Tab")  # to 'Maken' (a blank case is the first choice)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+/stap/verandertheorie/$"))
    expect(page.locator("h1")).to_have_text("Stap 1: Verandertheorie")
    expect(page.locator("section.progress")).to_contain_text(
        "Geef de business case een eigen titel."
    )
    _axe(site, page)

    _type(page, "#g-problem", "Ouderen vereenzamen en hebben eerder thuiszorg nodig.")
    _type(page, "#g-title", TITLE)
    page.keyboard.press("Enter")
    expect(page.locator("section.progress")).to_contain_text("Deze stap is compleet.")
    expect(page).to_have_title(re.compile(f"Stap 1: Verandertheorie · {TITLE}"))

    _press_link(page, "Volgende")
    expect(page.locator("h1")).to_have_text("Stap 2: Belanghebbenden en financiers")
    _type(page, "#fin-name", "Gemeente Zeist (Wmo)")
    page.keyboard.press("Enter")  # the budget's first choice is the Wmo
    # the focus is on what was added, not lost to <body>
    expect(page.locator("section.progress")).to_contain_text("Gemeente Zeist (Wmo)")
    assert _focused(page)["text"] == "Gemeente Zeist (Wmo)"
    _axe(site, page)

    _press_link(page, "Volgende")
    expect(page.locator("h1")).to_have_text("Stap 3: Interventies")
    _type(page, "#iv-name", "Maatjesproject")
    _type(page, "#iv-reach", "40")
    page.keyboard.press("Enter")
    expect(page.locator("section.progress")).to_contain_text("Maatjesproject (40 deelnemers)")
    assert _focused(page)["text"] == "Maatjesproject"

    _press_link(page, "Volgende")
    expect(page.locator("h1")).to_have_text("Stap 4: Effectregels en tarieven")
    expect(page.locator("section.progress")).to_contain_text(
        "Maatjesproject: nog geen effectregel."
    )
    _type(page, "#effect-name-0", "Minder huishoudelijke hulp")
    _type(page, "#effect-search-0", "huishoudelijke")
    hits = page.locator("#effect-price-0 label.price-option")
    expect(hits.first).to_contain_text("Huishoudelijke")
    page.keyboard.press("Tab")  # into the list of hits: the first is chosen with Space
    page.keyboard.press("Space")
    chosen = page.locator('#effect-price-0 input[name="price"]:checked')
    expect(chosen).to_have_value("kostenhandleiding-2024:homecare_household")
    expect(page.locator("#effect-chosen-0")).to_contain_text("Huishoudelijke")
    _type(page, "#effect-units-0", "10")
    _type(page, "#effect-share-0", "25%")
    page.keyboard.press("Enter")
    expect(page.locator("section.progress")).to_contain_text(
        "Maatjesproject (40 deelnemers): Minder huishoudelijke hulp"
    )
    assert _focused(page)["text"] == "Minder huishoudelijke hulp"
    _axe(site, page)

    _press_link(page, "Volgende")
    expect(page.locator("h1")).to_have_text("Stap 5: Investeringen")
    _type(page, "#inv-name-0", "Coördinator")
    _type(page, "#inv-amount-0", "2500")
    page.keyboard.press("Enter")
    expect(page.locator("section.progress")).to_contain_text("Deze stap is compleet.")

    _press_link(page, "Volgende")
    expect(page.locator("h1")).to_have_text("Stap 6: Varianten en scenario's")
    _press_link(page, "Volgende")
    expect(page.locator("h1")).to_have_text("Stap 7: Resultaat")
    headline = page.locator("figure.table").filter(has_text="Wat de business case oplevert")
    # 40 × 25% × 10 uur × € 32,76 (2022) indexed to the case's price level, − € 2.500
    expect(headline).to_contain_text(f"€{NBSP}1.013")
    expect(page.locator("#downloads").get_by_role("button", name="PDF", exact=True)).to_have_count(
        1
    )
    _axe(site, page)


def test_2_the_workspace_follows_the_title_and_keeps_the_focus(site: Site, page: Page) -> None:
    _press_link(page, "Naar de volledige werkruimte")
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+/$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    title = page.locator('[id="f-meta.title"]')
    title.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Maatjes in Zeist 2027")
    page.keyboard.press("Tab")  # a change is saved when the field is left
    expect(page.locator("#case-title")).to_have_text("Maatjes in Zeist 2027")
    expect(page).to_have_title("Maatjes in Zeist 2027 · rendement")

    add = page.locator("details.add > summary", has_text="Interventie toevoegen")
    add.focus()
    page.keyboard.press("Enter")  # opens the fold-out
    _type(page, "#iv-name", "Buurtcoach")
    _type(page, "#iv-reach", "12")
    page.keyboard.press("Enter")
    # the focus on the new intervention's name, even when the charts of the title's
    # answer settle in between
    expect(page.locator('[id="f-interventions.1.name"]')).to_be_focused()
    expect(page.locator('[id="f-interventions.1.name"]')).to_have_value("Buurtcoach")
    # incomplete again: the downloads wait, and say why
    expect(page.locator("#downloads")).to_contain_text(
        "Nog niet beschikbaar: voeg eerst een effectregel en een investering toe."
    )
    expect(page.locator("#downloads").get_by_role("button", name="PDF", exact=True)).to_have_count(
        0
    )
    _axe(site, page)


def test_3_the_add_forms_are_a_few_tab_presses_away(page: Page) -> None:
    """From the top of the page, the skip links lead to an intervention's add-forms: the
    fold-out opens and the next Tab is in the form's first field."""
    page.locator("#downloads").get_by_role("link", name="YAML").focus()
    presses = 0
    link = page.get_by_role("link", name="effectregel bij Buurtcoach")
    while presses < 10 and not page.evaluate(
        "document.activeElement.textContent.trim() === 'effectregel bij Buurtcoach'"
    ):
        page.keyboard.press("Tab")
        presses += 1
    expect(link).to_be_focused()
    assert presses <= 6, presses
    page.keyboard.press("Enter")
    expect(page.locator("#add-effect-1")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#effect-name-1")).to_be_focused()


def _wcag(site: Site, page: Page, where: str) -> None:
    """No WCAG 2.1 A or AA violation of any impact (axe-core's rules with those tags)."""
    found = axe_violations(page, site.url("").rstrip("/"))
    assert found == [], f"{where}: {found}"


def _no_refusal(page: Page) -> None:
    expect(page.locator("main .error, main [aria-invalid='true'], main .stale")).to_have_count(0)


def test_4_the_newcomer_builds_buurtcoach_through_the_guide_alone(
    site: Site, page: Page, tmp_path: Path
) -> None:
    """Issue 21's newcomer, keyboard only, through the guided start only: Buurtcoach for a
    municipality with a Wmo financier, 50 households, 'Minder huisartsbezoek' with the
    price found by typing 'huisarts' (its Dutch name shown) and the Zvw financier added
    from the effect form, an investment, and a low/likely/high range on the share. No
    refusal on the way; the result equals `rendement run` on the downloaded YAML; every
    page passes axe-core's WCAG 2.1 AA rules."""
    page.goto(site.url("/"))
    _wcag(site, page, "case list")
    page.locator("#new-example").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+/stap/verandertheorie/$"))
    uid = re.search(r"/cases/([0-9a-f]+)/", page.url).group(1)  # type: ignore[union-attr]
    _type(page, "#g-problem", "Inwoners gaan met kleine vragen naar de huisarts.")
    _type(page, "#g-title", "Buurtcoach in Zeist")
    page.keyboard.press("Enter")  # in the title: the form is sent (in the text: a new line)
    expect(page.locator("section.progress")).to_contain_text("Deze stap is compleet.")
    _no_refusal(page)
    _wcag(site, page, "stap 1")

    _press_link(page, "Volgende")
    _type(page, "#fin-name", "Gemeente Zeist (Wmo)")
    page.keyboard.press("Enter")
    expect(page.locator("section.progress")).to_contain_text("Gemeente Zeist (Wmo)")
    _no_refusal(page)
    _wcag(site, page, "stap 2")

    _press_link(page, "Volgende")
    _type(page, "#iv-name", "Buurtcoach")
    _type(page, "#iv-reach", "50")
    _type(page, "#iv-unit", "huishoudens")
    page.keyboard.press("Enter")
    expect(page.locator("section.progress")).to_contain_text("Buurtcoach (50 huishoudens)")
    _no_refusal(page)
    _wcag(site, page, "stap 3")

    _press_link(page, "Volgende")
    _type(page, "#effect-name-0", "Minder huisartsbezoek")
    _type(page, "#effect-search-0", "huisarts")
    hits = page.locator("#effect-price-0 label.price-option")
    expect(hits.first).to_contain_text("Huisarts, consult (gemiddeld")  # the Dutch name
    expect(page.locator("#effect-price-0")).not_to_contain_text("General practitioner")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    chosen = page.locator("#effect-chosen-0")
    expect(chosen).to_contain_text("€\u00a030,87 per consult")
    payer = chosen.locator("select[name=financier]")
    expect(payer).to_have_value("new:zvw")  # the missing Zvw financier, added with the line
    _wcag(site, page, "stap 4 met gekozen tarief")
    _type(page, "#effect-units-0", "2")
    _type(page, "#effect-share-0", "30%")
    page.locator("details.uncertain-add > summary").focus()
    page.keyboard.press("Enter")  # opens 'Onzeker?'
    _type(page, "#effect-share-low-0", "20%")
    _type(page, "#effect-share-high-0", "45%")
    page.keyboard.press("Enter")
    expect(page.locator("section.progress")).to_contain_text(
        "Buurtcoach (50 huishoudens): Minder huisartsbezoek"
    )
    _no_refusal(page)
    _wcag(site, page, "stap 4")

    _press_link(page, "Volgende")
    _type(page, "#inv-name-0", "Buurtcoach, 16 uur per week")
    _type(page, "#inv-amount-0", "42000")
    page.keyboard.press("Enter")
    expect(page.locator("section.progress")).to_contain_text("Deze stap is compleet.")
    _no_refusal(page)
    _wcag(site, page, "stap 5")

    _press_link(page, "Volgende")
    expect(page.locator("h1")).to_have_text("Stap 6: Varianten en scenario's")
    _wcag(site, page, "stap 6")
    _press_link(page, "Volgende")
    expect(page.locator("h1")).to_have_text("Stap 7: Resultaat")
    _no_refusal(page)
    _wcag(site, page, "stap 7")

    # the figures of the page are those of `rendement run` on the downloaded YAML
    number = page.request.get(site.url(f"/cases/{uid}/versions/"))
    assert number.status == 200
    latest = max(int(n) for n in re.findall(r"/versions/(\d+)\.yaml", number.text()))
    document = page.request.get(site.url(f"/cases/{uid}/versions/{latest}.yaml")).text()
    assert "pert: [20%, 30%, 45%]" in document
    assert "name: Zorgverzekeraar (Zvw)" in document
    model = tmp_path / "buurtcoach.yaml"
    model.write_text(document, encoding="utf-8")
    figures = run_json(model)["interventions"]["buurtcoach"]["variants"]
    (evaluation,) = (v["scenarios"]["basis"] for v in figures.values())
    effect = evaluation["effects"][0]
    assert effect["price_used"]["amount"] == 30.87
    # 50 huishoudens × 30% × 2 consulten × the consult's price (2022, indexed)
    assert evaluation["gross"] == pytest.approx(50 * 0.30 * 2 * effect["price"])
    # the headline is the municipality's (the blank case's perspective): the GP's savings
    # land at the health insurer, outside it — the wrong-pocket problem, shown as it is
    assert evaluation["perspective"] == "gemeente" and evaluation["perspective_gross"] == 0
    headline = page.locator("figure.table").filter(has_text="Wat de business case oplevert")
    with language("nl"):
        net, gross = euro(evaluation["net"]), euro(evaluation["gross"])
    expect(headline).to_contain_text(net)
    # the workspace shows the line's gross savings, at the insurer, and the range's analysis
    _press_link(page, "Naar de volledige werkruimte")
    page.wait_for_url(site.url(f"/cases/{uid}/"))
    results = page.locator("section.results")
    expect(results).to_contain_text(gross)
    expect(results).to_contain_text("Zorgverzekeraar (Zvw)")
    expect(page.locator('[id="f-interventions.0.effects.0.share"]')).to_have_value(
        "pert(20%; 30%; 45%)"
    )
    _no_refusal(page)
    _wcag(site, page, "werkruimte")
