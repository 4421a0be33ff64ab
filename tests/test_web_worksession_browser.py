"""The work session in a real browser (Debian's chromium through Playwright), on one
``rendement serve --demo``: the demo user opens the demo cohort's work sessions (the demo
holds a finished one), makes a new session on the attribution of 'Begeleiding individueel
(Wmo)', adds three participants, types their judgements (HTMX: the spread follows each
one), agrees a value, and the cohort page's interval draws the spread: its figures equal
the engine's own (:func:`rendement.worksession.summarise_with_spread`) on the example
table with the demo session's and these judgements applied."""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from rendement.cohort.reading import read_cases
from rendement.cohort.valuation import prices_of, value_cases
from rendement.model import load_model
from rendement.money import euro
from rendement.worksession import apply_to_cases, loads_session, spreads, summarise_with_spread
from servers import Served, axe_violations, chromium_launch_kwargs, demo_server, log_in

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "cohort" / "sociaal-makelaar.csv"
MODEL = ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml"
DEMO_SESSION = ROOT / "examples" / "werksessie" / "sociaal-makelaar-toerekening.yaml"
COHORT = "Sociaal makelaar Voorbeeldstad (verzonnen)"
ITEM = "Begeleiding individueel (Wmo)"
PEOPLE = (  # name, role, value, low, high
    ("wijkcoach", "professional", "60", "", ""),
    ("maatje 2", "vrijwilliger", "35", "25", "50"),
    ("mevrouw K.", "cliënt", "50", "", ""),
)
AGREED = "50"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str]]:
    with demo_server(tmp_path_factory.mktemp("werksessie-data")) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            yield launched
        finally:
            launched.close()


def _shoot(page: Page, name: str) -> None:
    folder = os.environ.get("RENDEMENT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _axe(page: Page, port: int) -> None:
    """No WCAG 2.1 A/AA violation on the page (axe-core, vendored)."""
    found = axe_violations(page, f"http://127.0.0.1:{port}")
    assert found == [], found


def _expected() -> tuple[str, str, str]:
    """The engine on the example table: the demo session's items (agreed in the demo:
    the file's value, else the median) and this test's item, in the order the cohort page
    gathers them (by agreement)."""
    text = DEMO_SESSION.read_text(encoding="utf-8")
    text = text.replace(
        "    note: Geen afgesproken waarde vastgelegd; de mediaan geldt.\n", "    agreed: 40%\n"
    )
    people = "".join(
        f"  - {{id: p{n}, name: '{name}'}}\n" for n, (name, *_rest) in enumerate(PEOPLE)
    )
    text = text.replace("items:\n", people + "items:\n", 1)
    text = text.replace(
        "judgements:\n",
        "  - {id: begeleiding, name: x, item: begeleiding_uur, agreed: " + AGREED + "%}\n"
        "judgements:\n",
        1,
    )
    for n, (_name, _role, value, low, high) in enumerate(PEOPLE):
        bounds = f", low: {low}%, high: {high}%" if low else ""
        text += (
            f"  - {{participant: p{n}, item: begeleiding, value: {value}%{bounds}, "
            f"at: 2026-12-01T10:0{n}}}\n"
        )
    session = loads_session(text).session
    found = spreads(session)
    assert [s.item.item for s in found] == ["huisarts_contact", "uithuiszetting", "begeleiding_uur"]
    cases = apply_to_cases(session, found, read_cases(TABLE))
    result = summarise_with_spread(session, found, value_cases(cases, prices_of(load_model(MODEL))))
    assert result.interval != result.interval_point
    return (
        euro(result.net_mean),
        f"{euro(result.interval.low)} – {euro(result.interval.high)}",
        f"{euro(result.interval_point.low)} – {euro(result.interval_point.high)}",
    )


def test_three_judgements_a_spread_an_agreement_and_the_cohort_interval_draws_it(
    served: tuple[Served, str], browser: Browser
) -> None:
    server, password = served
    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(30_000)
    page = context.new_page()
    log_in(page, server.port, password)
    page.goto(f"http://127.0.0.1:{server.port}/casussen/")
    page.get_by_role("link", name=COHORT).click()
    expect(page.locator("#worksession-interval")).to_contain_text("Met de spreiding")
    page.locator("#worksessions").get_by_role("link").click()
    expect(page.locator("main")).to_contain_text("Werksessie sociaal makelaar, voorjaar 2026")

    page.fill("#ws-title", "Werksessie begeleiding")
    page.get_by_label(ITEM).select_option("toerekening")
    page.get_by_role("button", name="Werksessie aanmaken").click()
    expect(page.locator("h1")).to_have_text("Werksessie begeleiding")
    for name, role, *_values in PEOPLE:
        page.fill("#p-name", name)
        page.select_option("#p-role", label=role)
        page.get_by_role("button", name="Toevoegen").click()
        expect(page.locator("#participants")).to_contain_text(name)

    section = page.locator("section.ws-item")
    # a mistake comes back at its field with what was typed (HTMX), nothing recorded
    form = section.locator("form.ws-judge")
    form.get_by_label("Toerekening (%)").fill("zestig")
    form.get_by_role("button", name="Oordeel vastleggen").click()
    expect(section.locator(".error").last).to_contain_text("vul een percentage in")
    expect(section.get_by_label("Toerekening (%)")).to_have_value("zestig")
    expect(section).to_contain_text("Nog geen oordelen.")
    _axe(page, server.port)
    for n, (name, _role, value, low, high) in enumerate(PEOPLE, start=1):
        form = section.locator("form.ws-judge")
        form.get_by_label("Deelnemer").select_option(label=name)
        form.get_by_label("Toerekening (%)").fill(value)
        form.get_by_label("Laagste nog aannemelijk").fill(low)
        form.get_by_label("Hoogste nog aannemelijk").fill(high)
        form.get_by_role("button", name="Oordeel vastleggen").click()
        expect(section.locator(".ws-spread tbody td").first).to_have_text(str(n))
    _shoot(page, "werksessie-spread")
    _axe(page, server.port)
    values = [int(v) for _n, _r, v, _l, _h in PEOPLE]
    cells = section.locator(".ws-spread tbody td")
    mean = f"{statistics.fmean(values):.1f}".replace(".", ",").replace(",0", "")
    expect(cells.nth(1)).to_have_text(f"{min(values)}%")
    expect(cells.nth(2)).to_have_text(f"{max(values)}%")
    expect(cells.nth(3)).to_have_text(f"{mean}%")
    expect(cells.nth(4)).to_have_text(f"{statistics.median(values)}%")
    expect(cells.nth(5)).to_contain_text("PERT 25% – 50% – 60%")  # own low 25, median, max
    expect(section.locator("svg.ws-chart circle")).to_have_count(3)

    section.get_by_label("Afgesproken waarde (%)").fill(AGREED)
    section.get_by_role("button", name="Vaststellen").click()
    expect(page.locator(".ws-agreed")).to_contain_text("Vastgesteld: 50%")
    expect(page.locator(".ws-agreed")).to_contain_text("met deze waarde: 20")  # the table's rows

    net, drawn, point = _expected()
    page.get_by_role("link", name=COHORT).click()
    line = page.locator("#worksession-interval")
    expect(line).to_contain_text(f"netto {net} per casus")
    expect(line).to_contain_text(f"95%-interval {drawn}")
    expect(line).to_contain_text(point)
    expect(page.locator("#worksessions")).to_contain_text(ITEM)
    _shoot(page, "werksessie-cohort")
    expect(page.locator("#worksessions")).to_contain_text("Werksessies over deze casussen (2)")
    context.close()
