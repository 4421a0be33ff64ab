"""The Content-Security-Policy in a real Chromium against ``rendement serve --demo``: the
browser refuses nothing, the charts are drawn (Vega without eval), a tooltip shows, an
edit is still saved through the queue, and the listeners that replaced the inline
handlers (a select that sends its form, a form that asks first) still work.

A violation is caught twice: the page's ``securitypolicyviolation`` events (recorded from
before any script of the page runs) and Chromium's console ("Refused to ...", "violates
the following Content Security Policy directive").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from servers import Served, chromium_launch_kwargs, demo_server, log_in

DE_BILT = "Maatschappelijke business case bewezen preventie"
REACH = '[id="f-interventions.0.reach"]'

RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@dataclass
class Visit:
    served: Served
    page: Page
    console: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.served.port}{path}"

    def refused(self) -> list[str]:
        """Every violation so far: the page's events and the console's complaints."""
        events: list[str] = self.page.evaluate("window.__violations || []")
        said = [m for m in self.console if "Refused to" in m or "Content Security Policy" in m]
        return events + said


@pytest.fixture(scope="module")
def visit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Visit]:
    with (
        demo_server(tmp_path_factory.mktemp("web-data")) as (served, password),
        sync_playwright() as playwright,
    ):
        browser: Browser = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            context = browser.new_context(locale="nl-NL")
            context.set_default_timeout(30_000)
            context.add_init_script(RECORD)
            page = context.new_page()
            found = Visit(served, page)

            def heard(message: ConsoleMessage) -> None:
                found.console.append(message.text)

            page.on("console", heard)
            log_in(page, served.port, password)
            yield found
        finally:
            browser.close()


def _policy_of(visit: Visit, path: str) -> str:
    answer = visit.page.request.get(visit.url(path))
    return answer.headers.get("content-security-policy", "")


def _charts_drawn(page: Page) -> int:
    """Waits until every chart of the page is an SVG drawn by Vega; how many there are."""
    charts = page.locator(".vega[data-spec]")
    expect(charts.first).to_be_attached()  # the charts come in a second request
    count = charts.count()
    expect(page.locator(".vega svg")).to_have_count(count)
    # a failed embed writes its error as the chart's text; a drawn one has marks
    assert page.locator(".vega svg .mark-rect, .vega svg .mark-rule").count() > 0
    return count


def _open_case(visit: Visit, title_part: str) -> str:
    page = visit.page
    page.goto(visit.url("/"))
    page.locator("main a[href^='/cases/']", has_text=re.compile(title_part)).first.click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+/$"))
    return page.url.rstrip("/").rsplit("/", 1)[1]


def test_the_case_page_draws_its_charts_and_the_browser_refuses_nothing(visit: Visit) -> None:
    page = visit.page
    uid = _open_case(visit, re.escape(DE_BILT))
    assert "script-src 'self'" in _policy_of(visit, f"/cases/{uid}/")
    assert _charts_drawn(page) >= 3
    # a tooltip: vega-tooltip's box, styled by app.css (no <style> inserted)
    page.locator(".vega svg .mark-rect path").first.hover()
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_have_class(re.compile(r"\bvisible\b"))
    assert tooltip.evaluate("el => getComputedStyle(el).position") == "fixed"
    assert page.locator("head style").count() == 0
    assert visit.refused() == []


def test_the_uncertain_case_draws_its_draws_and_sensitivity(visit: Visit) -> None:
    page = visit.page
    _open_case(visit, "onzeker|Onzeker")
    assert _charts_drawn(page) >= 5  # waterfall, payers, range, draws, sensitivity
    assert page.locator(".vega svg", has_text="Kans netto > 0").count() == 1
    assert visit.refused() == []


def test_an_edit_is_still_saved_through_the_queue(visit: Visit) -> None:
    page = visit.page
    uid = _open_case(visit, re.escape(DE_BILT))
    _charts_drawn(page)
    reach = page.locator(REACH)
    expect(reach).to_have_value("160")
    reach.fill("320")
    reach.press("Tab")
    expect(page.locator("#save-state")).to_have_text("Alles opgeslagen")
    expect(page.locator("section.results")).to_contain_text("196.144")  # the gross, doubled
    version = re.search(r"Versie (\d+)", page.locator("#workspace p.version").inner_text())
    assert version and int(version.group(1)) == 2
    stored = page.request.get(visit.url(f"/cases/{uid}/versions/2.yaml")).text()
    assert re.search(r"^\s*reach: 320\s*$", stored, re.M), stored
    _charts_drawn(page)  # redrawn after the answer's swap
    assert visit.refused() == []


def test_the_listeners_that_replaced_inline_handlers(visit: Visit) -> None:
    page = visit.page
    # the language select sends its form when it changes (was onchange=)
    page.goto(visit.url("/begrippen/"))
    page.select_option("#language", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.select_option("#language", "nl")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    # deleting a client-case file asks first (was onsubmit=); declined, nothing is deleted
    page.goto(visit.url("/casussen/"))
    page.locator("main a[href^='/casussen/']").first.click()
    page.wait_for_url(re.compile(r"/casussen/[0-9a-f]+/$"))
    cohort = page.url
    asked: list[str] = []

    def decline(dialog: object) -> None:
        asked.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.once("dialog", decline)
    page.locator("form.danger button[type=submit]").first.click()
    page.wait_for_timeout(500)
    assert asked == ["Alle casussen van dit bestand verwijderen? Dit kan niet ongedaan worden."]
    assert page.url == cohort
    assert page.request.get(cohort).status == 200
    # the grouping select sends its form too
    grouping = page.locator("#by")
    options = grouping.locator("option").all_inner_texts()
    if len(options) > 1:
        page.select_option("#by", options[1])
        page.wait_for_url(re.compile(r"[?&]by="))
    assert visit.refused() == []


def test_the_html_report_shows_styled_with_its_own_policy(visit: Visit) -> None:
    """The report in the browser: its inline stylesheet applies (a table's borders, the
    charts' inline SVG), and still nothing is refused — it has no script to refuse."""
    page = visit.page
    uid = _open_case(visit, re.escape(DE_BILT))
    answer = page.goto(visit.url(f"/cases/{uid}/download/html/"))
    assert answer is not None and answer.ok
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert page.locator("svg").count() >= 3
    # the stylesheet's rule for tables applied: not the browser's default (separate)
    collapse = page.locator("table").first.evaluate("t => getComputedStyle(t).borderCollapse")
    assert collapse == "collapse"
    assert visit.refused() == []
