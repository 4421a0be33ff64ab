"""The overview of cases in a real browser (Debian's chromium through Playwright): sort by
net with the column head, in the order of the engine's nets (each case's text fetched as
YAML and evaluated here), then copy a case and find the copy in the list."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from rendement.engine import evaluate
from rendement.model import loads
from rendement.present.tables import headline_evaluations
from servers import Served, chromium_launch_kwargs, demo_server, log_in


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Page, Served]]:
    with (
        demo_server(tmp_path_factory.mktemp("overview-data")) as (server, password),
        sync_playwright() as playwright,
    ):
        browser: Browser = playwright.chromium.launch(**chromium_launch_kwargs())
        context = browser.new_context(locale="nl-NL")
        context.set_default_timeout(30_000)
        opened = context.new_page()
        log_in(opened, server.port, password)
        try:
            yield opened, server
        finally:
            context.close()
            browser.close()


def _net(document: str) -> float | None:
    """The headline net by the engine: the first overview column's total (gross − the
    investment, for the perspective), else the first intervention's first headline option."""
    try:
        results = evaluate(loads(document, "model.yaml", files=False))
    except Exception:
        return None
    if results.portfolio:
        evs = [
            results.intervention(r.intervention).get(r.variant, r.scenario)
            for r in results.portfolio[0].rows
        ]
    else:
        evs = headline_evaluations(results, results.interventions[0].id)[:1]
    return sum(ev.perspective_gross - ev.perspective_investment for ev in evs)


def _uids(page: Page) -> list[str]:
    return [
        str(uid)
        for uid in page.locator("#overzicht tbody tr[data-uid]").evaluate_all(
            "rows => rows.map(r => r.dataset.uid)"
        )
    ]


def test_sort_by_net_then_copy_a_case(page: tuple[Page, Served]) -> None:
    browser, server = page
    uids = _uids(browser)
    assert len(uids) >= 3
    nets = {}
    for uid in uids:  # the demo's cases have one version each
        answer = browser.request.get(f"http://127.0.0.1:{server.port}/cases/{uid}/versions/1.yaml")
        assert answer.ok
        nets[uid] = _net(answer.text())
    figured = sorted((u for u in uids if nets[u] is not None), key=lambda u: nets[u] or 0.0)
    assert len(figured) >= 2
    head = browser.locator("#overzicht thead th", has_text="Netto besparing")
    expect(head).to_have_attribute("aria-sort", "none")
    head.get_by_role("link").click()
    browser.wait_for_url(re.compile(r"sorteer=netto$"))
    expect(head).to_have_attribute("aria-sort", "ascending")
    order = _uids(browser)
    up = [nets[u] for u in figured]  # equal nets (De Bilt with and without uncertainty) tie
    assert [nets[u] for u in order[: len(figured)]] == up  # those without figures: last
    head.get_by_role("link").click()
    browser.wait_for_url(re.compile(r"sorteer=-netto$"))
    expect(head).to_have_attribute("aria-sort", "descending")
    assert [nets[u] for u in _uids(browser)[: len(figured)]] == up[::-1]

    # copy the case with the highest net into the same organisation
    top = figured[-1]
    title = browser.locator(f'tr[data-uid="{top}"] td').first.inner_text()
    browser.locator(f'tr[data-uid="{top}"]').get_by_role("link", name="Kopiëren").click()
    browser.get_by_role("button", name="Kopie maken").click()
    browser.wait_for_url(re.compile(r"/cases/[0-9a-f]+/$"))
    expect(browser.locator("#case-title")).to_have_text(f"Kopie van {title}")
    browser.goto(f"http://127.0.0.1:{server.port}/?sorteer=-netto")
    order = _uids(browser)
    assert len(order) == len(uids) + 1
    copy = next(u for u in order if u not in uids)
    # the copy has the same text, so the same net: it is among those leading the list
    leading = [u for u in order if u != copy and nets[u] == nets[top]]
    assert copy in order[: len(leading) + 1]
    expect(browser.locator(f'tr[data-uid="{copy}"] td.net')).to_have_text(
        browser.locator(f'tr[data-uid="{top}"] td.net').inner_text()
    )


def test_archive_a_case_then_find_it_under_the_filter_and_bring_it_back(
    page: tuple[Page, Served], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The portfolio chart is drawn (an SVG naming every case of the table), a case archived
    with its row's button leaves the table and the chart, the filter "gearchiveerd" shows
    it, and "Terugzetten" brings it back."""
    browser, server = page
    browser.goto(f"http://127.0.0.1:{server.port}/")
    chart = browser.locator("#portfolio-chart svg")
    expect(chart).to_be_visible()
    uids = _uids(browser)
    titles = {u: browser.locator(f'tr[data-uid="{u}"] td').first.inner_text() for u in uids}
    figured = [u for u in uids if browser.locator(f'tr[data-uid="{u}"] td.net').inner_text() != "—"]
    described = browser.locator("#portfolio-chart .vega").get_attribute("aria-label") or ""
    for uid in figured:
        assert titles[uid] in described  # the chart's description names each case with figures
    expect(chart.locator(".mark-rect path")).to_have_count(2 * len(figured))
    shots = tmp_path_factory.mktemp("overview-shots")
    browser.screenshot(path=str(shots / "overview.png"), full_page=True)

    gone = figured[0]
    row = browser.locator(f'tr[data-uid="{gone}"]')
    row.get_by_role("button", name="Archiveren").click()
    expect(browser.locator(f'tr[data-uid="{gone}"]')).to_have_count(0)
    expect(browser.get_by_text("is gearchiveerd")).to_be_visible()
    assert set(_uids(browser)) == set(uids) - {gone}
    expect(browser.locator("#portfolio-chart svg")).to_be_visible()
    assert titles[gone] not in (
        browser.locator("#portfolio-chart svg").get_attribute("aria-label") or ""
    )

    browser.locator("#status").select_option("gearchiveerd")
    browser.get_by_role("button", name="Tonen").click()
    browser.wait_for_url(re.compile(r"status=gearchiveerd"))
    assert _uids(browser) == [gone]
    expect(browser.locator(f'tr[data-uid="{gone}"]')).to_contain_text("gearchiveerd")
    # an archived case still opens
    browser.locator(f'tr[data-uid="{gone}"] td a').first.click()
    browser.wait_for_url(re.compile(rf"/cases/{gone}/$"))
    expect(browser.locator(".archived-mark")).to_be_visible()
    browser.go_back()
    browser.locator(f'tr[data-uid="{gone}"]').get_by_role("button", name="Terugzetten").click()
    expect(browser.get_by_text("is teruggezet")).to_be_visible()
    assert _uids(browser) == []  # back in use: no longer among the archived
    browser.goto(f"http://127.0.0.1:{server.port}/")
    assert set(_uids(browser)) == set(uids)
