"""On a phone (390 px wide) no page of the app is wider than the screen: a wide table or
chart scrolls sideways inside its own box, a form's labels stand above their fields, and
a case's results follow its editor at the full width, a link away.

The pages are those of the demo (De Bilt, the example client cases, the measured cohort
with its indicators), rendered by Django's test client, and what they load as soon as
they are shown (the case's charts); a real Chromium gets them through Playwright's request
routing with the app's own stylesheet and scripts (no server process), and is measured at
390 × 844 once the charts are drawn. A control serves the stylesheet without its rules for
narrow screens and requires the case list to be wider than the phone then: the test sees
what it is meant to see.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from servers import chromium_launch_kwargs

pytestmark = pytest.mark.django_db

PHONE = {"width": 390, "height": 844}
ORIGIN = "http://rendement.test"
NARROW_RULES = re.compile(r"@media \(max-width: 700px\) \{.*?\n\}\n", re.S)


def _pages() -> tuple[Any, list[str]]:
    """The demo user's client and the pages to look at."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from rendement.web.cases.models import Case
    from rendement.web.cohorts.models import Cohort
    from rendement.web.demo import DEMO_COHORT_NAME, DEMO_MEASURED_COHORT, ensure_demo

    ensure_demo(password="telefoon-wachtwoord-7")
    client = Client()
    client.force_login(get_user_model().objects.get(username="demo"))
    case = Case.objects.filter(title="Maatschappelijke business case bewezen preventie").get()
    example = Cohort.objects.get(name=DEMO_COHORT_NAME)
    measured = Cohort.objects.get(name=DEMO_MEASURED_COHORT)
    organisation = case.organisation.slug
    client_case = example.clients.order_by("pk").first()
    assert client_case is not None
    return client, [
        "/",
        f"/cases/{case.uid}/",
        f"/cases/{case.uid}/versions/",
        f"/cases/{case.uid}/delen/",
        f"/organisations/{organisation}/",
        f"/organisations/{organisation}/logboek/",
        "/casussen/",
        f"/casussen/{example.uid}/",
        f"/casussen/{measured.uid}/",
        f"/casussen/{example.uid}/casus/{client_case.pk}/",
        "/instrumenten/",
    ]


def _server(
    client: Any, pages: dict[str, bytes], narrow_rules: bool, other: list[str]
) -> Callable[[Any], None]:
    """Playwright's route handler: a page as the app served it before the browser started
    (the app's database cannot be reached from inside Playwright's event loop), a static
    file (CSS, scripts: served by whitenoise, no database) as the app serves it; anything
    else is noted in ``other`` and answered 404."""

    def serve(route: Any) -> None:
        where = urlsplit(route.request.url)
        if where.path in pages:
            route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=pages[where.path]
            )
            return
        if not where.path.startswith("/static/"):
            other.append(route.request.url)
            route.fulfill(status=404, body=b"")
            return
        answer = client.get(where.path)
        body = b"".join(answer.streaming_content) if answer.streaming else answer.content
        if not narrow_rules and where.path.endswith("/app.css"):
            body, removed = NARROW_RULES.subn("", body.decode())
            assert removed == 1, "the stylesheet's rules for narrow screens were not found"
            body = body.encode()
        route.fulfill(
            status=answer.status_code,
            headers={"Content-Type": answer.get("Content-Type", "text/html")},
            body=body,
        )

    return serve


def _width(page: Any, path: str) -> tuple[int, int]:
    """The page's width in CSS pixels once its charts are drawn, and how many it drew."""
    page.goto(ORIGIN + path)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.vega')].every(v => v.querySelector('svg, canvas'))",
        timeout=15_000,
    )
    width = int(page.evaluate("document.documentElement.scrollWidth"))
    return width, page.locator(".vega svg, .vega canvas").count()


def test_no_page_is_wider_than_a_phone() -> None:
    from playwright.sync_api import sync_playwright

    client, paths = _pages()
    pages = {}
    for path in paths:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        pages[path] = answer.content
        # what the page loads as soon as it is shown (the case's charts)
        for loaded in re.findall(r'hx-get="([^"]+)" hx-trigger="load"', answer.content.decode()):
            later = client.get(loaded)
            assert later.status_code == 200, (loaded, later.status_code)
            pages[loaded] = later.content
    other: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            page = browser.new_page(viewport=PHONE, locale="nl-NL")
            page.route(f"{ORIGIN}/**", _server(client, pages, True, other))
            seen = {path: _width(page, path) for path in paths}
            page.goto(ORIGIN + paths[1])  # the case page: its results below the editor
            results = page.locator("#results").bounding_box()
            to_results = page.get_by_role("link", name="Naar de resultaten")
            to_results.click()
            shown = page.evaluate("document.querySelector('#results').getBoundingClientRect().top")
            control = browser.new_page(viewport=PHONE, locale="nl-NL")
            control.route(f"{ORIGIN}/**", _server(client, pages, False, other))
            without, _charts = _width(control, "/")
        finally:
            browser.close()
    assert other == []  # every request of the pages was answered as the app answers it
    wide = {path: width for path, (width, _charts) in seen.items() if width > PHONE["width"]}
    assert wide == {}, f"wider than the phone: {wide}"
    # the charts were drawn (and measured): the portfolio, the case's, the cohort's
    assert seen["/"][1] == 1 and seen[paths[1]][1] >= 1 and seen[paths[-3]][1] >= 1, seen
    assert without > PHONE["width"] + 50, without
    # the results have the phone's width (beside the editor they had none), and the link
    # at the top of the editor brings them into view
    assert results is not None and results["width"] >= PHONE["width"] - 40, results
    assert 0 <= shown < PHONE["height"] / 2, shown
