"""The indicators on the demo cohort's page in a real browser (Debian's chromium through
Playwright), on one ``rendement serve --demo``: after a start and an end measurement of
every demo client case with the bundled BMC interview guide (stored as rows here; the
forms are another part), the page shows each indicator's change with its 95 % interval —
the figures ``indicator_changes`` gives for the same values — and draws the slope charts;
axe-core finds no serious or critical violation in the section.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from rendement.cohort.indicators import defined, indicator_changes, measurements_from
from rendement.cohort.reading import read_cases
from rendement.model import load_model
from rendement.money import number
from servers import RENDEMENT, Served, chromium_launch_kwargs, demo_server, log_in

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "cohort" / "sociaal-makelaar.csv"
MODEL = ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml"
COHORT = "Sociaal makelaar Voorbeeldstad (verzonnen)"
MONEY = ["lukt_niet", "moeilijk", "gaat_wel", "lukt_goed"]
HEALTH = ["slecht", "matig", "goed", "zeer_goed", "uitstekend"]

MEASURE = """
import json
from pathlib import Path
from django.utils import timezone
import rendement.instrument
from rendement.web.cohorts.models import Cohort
from rendement.web.measuring.models import Instrument, Measurement
cohort = Cohort.objects.get(name={cohort!r})
text = (Path(rendement.instrument.__file__).parent / "bundled" / "bmc-start-eind.yaml")
instrument = Instrument.objects.create(
    organisation=cohort.organisation, title="Start- en eindgesprek",
    text=text.read_text(encoding="utf-8"), bundled="bmc-start-eind.yaml")
clients = list(cohort.clients.order_by("pk"))
answers = json.loads({answers!r})
for moment in ("start", "eind"):
    for client in clients:
        Measurement.objects.create(
            client=client, instrument=instrument, moment=moment,
            answers=answers[moment][client.pseudonym], status="finished",
            finished_at=timezone.now())
print("gemeten", json.dumps([c.pseudonym for c in clients]))
"""


def _levels(k: int) -> tuple[int, int, int, int]:
    """Client case k's (money start, money end, health start, health end)."""
    money_start = 1 + k % 4
    money_end = min(4, money_start + (k % 3 > 0))
    health_start = 2 + k % 3
    health_end = health_start + (k % 5 == 0) - (k % 7 == 0)
    return money_start, money_end, health_start, health_end


def _answers(pseudonyms: list[str]) -> dict[str, dict[str, dict[str, str]]]:
    out: dict[str, dict[str, dict[str, str]]] = {"start": {}, "eind": {}}
    for k, pseudonym in enumerate(pseudonyms):
        money_start, money_end, health_start, health_end = _levels(k)
        for moment, money, health in (
            ("start", money_start, health_start),
            ("eind", money_end, health_end),
        ):
            out[moment][pseudonym] = {
                "toestemming": "ja",
                "rondkomen": MONEY[money - 1],
                "gezondheid": HEALTH[health - 1],
            }
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str, list[str]]]:
    data = tmp_path_factory.mktemp("indicators-data")
    # the pseudonyms in the table's order: the order the demo stores its client cases in
    pseudonyms = list(read_cases(TABLE).cases)
    script = MEASURE.format(cohort=COHORT, answers=json.dumps(_answers(pseudonyms)))
    with demo_server(data) as (server, password):
        made = subprocess.run(
            [RENDEMENT, "manage", "shell", "-c", script],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={
                **os.environ,
                "RENDEMENT_DATA": str(data),
                "LANG": "C.UTF-8",
                **server.environment,
            },
        )
        assert made.returncode == 0 and "gemeten" in made.stdout, made.stdout + made.stderr
        stored = json.loads(made.stdout.split("gemeten", 1)[1])
        yield server, password, stored


def _expected(stored: list[str], by: str) -> list[object]:
    """The engine's changes of the same values, in the order the server stored them."""
    answers = _answers(stored)
    levels = {"rondkomen": MONEY, "ervaren_gezondheid": HEALTH}
    question = {"rondkomen": "rondkomen", "ervaren_gezondheid": "gezondheid"}
    values = [
        (case, moment, indicator, levels[indicator].index(answers[moment][case][q]) + 1)
        for moment in ("start", "eind")
        for case in stored
        for indicator, q in question.items()
    ]
    specs = defined(load_model(MODEL).case)
    found = measurements_from(values, [s.id for *_r, s in specs], read_cases(TABLE).cases)
    return indicator_changes(found, specs, by, seed=2019)


def _signed(value: float) -> str:
    return f"+{number(value, 2)}" if value > 0 else number(value, 2)


def test_the_change_appears_with_its_interval(
    served: tuple[Served, str, list[str]],
) -> None:
    server, password, stored = served
    by = read_cases(TABLE).attributes[0]  # the page groups by the first attribute
    expected = _expected(stored, by)
    assert [e.id for e in expected] == ["rondkomen", "ervaren_gezondheid"]  # type: ignore[attr-defined]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_kwargs())
        page: Page = browser.new_context(locale="nl-NL").new_page()  # the Dutch pages
        try:
            log_in(page, server.port, password)
            page.get_by_role("link", name="Cliëntcasussen", exact=True).click()
            page.get_by_role("link", name=COHORT).click()
            page.wait_for_url(re.compile(r"/casussen/[0-9a-f]+/$"))
            section = page.locator("#indicators")
            expect(section.get_by_role("heading", name="Indicatoren")).to_be_visible()
            table = section.locator("table.indicators")
            for indicator in expected:
                total = indicator.total  # type: ignore[attr-defined]
                row = table.locator("tr", has=page.locator("th", has_text=indicator.name))  # type: ignore[attr-defined]
                expect(row).to_contain_text(
                    f"{_signed(total.change)} ({_signed(total.interval.low)} tot "
                    f"{_signed(total.interval.high)})"
                )
                expect(row).to_contain_text(f"{number(total.start, 2)}")
                expect(row).to_contain_text(str(total.count))
            # one slope chart per indicator, drawn by vega-embed, with its text
            charts = section.locator(".indicator-chart .vega")
            expect(charts).to_have_count(2)
            expect(section.locator(".indicator-chart .vega svg")).to_have_count(2)
            label = charts.first.get_attribute("aria-label") or ""
            assert label.startswith("Rondkomen met geld: van begin tot eind")
            page.add_script_tag(
                url=f"http://127.0.0.1:{server.port}/static/rendement/vendor/axe.min.js"
            )
            found = page.evaluate(
                "async () => (await axe.run('#indicators', {resultTypes: ['violations']}))"
                ".violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
            )
            assert found == [], found
        finally:
            browser.close()
