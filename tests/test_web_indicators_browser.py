"""The indicators on the demo cohort's page in a real browser (Debian's chromium through
Playwright), on one ``rendement serve --demo``: the demo measures every example client
case at the start and the end with the bundled score instrument; the page shows each
indicator's change with its 95 % interval, over all client cases and per segment — the
figures ``indicator_changes`` gives for the stored answers, read back from the server and
turned into values here by hand — and draws the slope charts; axe-core finds no serious
or critical violation in the section.
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
from servers import RENDEMENT, Served, axe_violations, chromium_launch_kwargs, demo_server, log_in

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "cohort" / "sociaal-makelaar.csv"
MODEL = ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml"
COHORT = "Sociaal makelaar Voorbeeldstad (verzonnen)"
MONEY = ["lukt_niet", "moeilijk", "gaat_wel", "lukt_goed"]
HEALTH = ["slecht", "matig", "goed", "zeer_goed", "uitstekend"]

# The stored answers of the demo cohort's finished measurements, as the server keeps them
STORED = """
import json
from rendement.web.measuring.models import Measurement
rows = Measurement.objects.filter(client__cohort__name={cohort!r}, status="finished")
print("gemeten", json.dumps([
    [m.client.pseudonym, m.moment, m.instrument.bundled, m.answers] for m in rows
]))
"""

Stored = list[tuple[str, str, str, dict[str, object]]]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str, Stored]]:
    data = tmp_path_factory.mktemp("indicators-data")
    with demo_server(data) as (server, password):
        made = subprocess.run(
            [RENDEMENT, "manage", "shell", "-c", STORED.format(cohort=COHORT)],
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
        stored = [tuple(r) for r in json.loads(made.stdout.split("gemeten", 1)[1])]
        yield server, password, stored  # type: ignore[misc]


def _values(stored: Stored) -> list[tuple[str, str, str, float]]:
    """The indicator values of the stored answers, by hand from the score instrument:
    the two scores as typed, the two scales' options counted from 1."""
    out: list[tuple[str, str, str, float]] = []
    for case, moment, bundled, answers in stored:
        assert bundled == "scores" and moment in ("start", "eind")
        out += [
            (case, moment, "eenzaamheid", float(answers["eenzaamheid_score"])),  # type: ignore[arg-type]
            (case, moment, "zelfredzaamheid", float(answers["zrm_gemiddeld"])),  # type: ignore[arg-type]
            (case, moment, "rondkomen", MONEY.index(str(answers["rondkomen"])) + 1),
            (case, moment, "ervaren_gezondheid", HEALTH.index(str(answers["gezondheid"])) + 1),
        ]
    return out


def _expected(stored: Stored, by: str) -> list[object]:
    """The engine's changes of the stored values."""
    specs = defined(load_model(MODEL).case)
    found = measurements_from(_values(stored), [s.id for *_r, s in specs], read_cases(TABLE).cases)
    return indicator_changes(found, specs, by, seed=2019)


def _signed(value: float) -> str:
    return f"+{number(value, 2)}" if value > 0 else number(value, 2)


def _shown(change: object) -> str:
    return (
        f"{_signed(change.change)} ({_signed(change.interval.low)} tot "  # type: ignore[attr-defined]
        f"{_signed(change.interval.high)})"  # type: ignore[attr-defined]
    )


def test_the_change_appears_with_its_interval(
    served: tuple[Served, str, Stored],
) -> None:
    server, password, stored = served
    # every example client case measured at the start and at the end, nothing else
    assert len(stored) == 2 * len(read_cases(TABLE).cases) == 120
    by = read_cases(TABLE).attributes[0]  # the page groups by the first attribute
    expected = _expected(stored, by)
    ids = [e.id for e in expected]  # type: ignore[attr-defined]
    assert ids == ["eenzaamheid", "zelfredzaamheid", "rondkomen", "ervaren_gezondheid"]
    # the invented scores differ per segment: loneliness falls most where it was asked for
    lonely = {s.value: s.change for s in expected[0].segments}  # type: ignore[attr-defined]
    assert lonely["eenzaamheid"] < min(v for k, v in lonely.items() if k != "eenzaamheid")
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
            # the rows in order: per indicator all client cases, then each segment shown
            rows = section.locator("table.indicators:not(.follow-up) tbody tr")
            wanted = [
                (indicator, change)
                for indicator in expected
                for change in [indicator.total, *indicator.segments]  # type: ignore[attr-defined]
            ]
            expect(rows).to_have_count(len(wanted))
            for n, (indicator, change) in enumerate(wanted):
                row = rows.nth(n)
                if change is indicator.total:  # type: ignore[attr-defined]
                    expect(row.locator("th")).to_have_text(indicator.name)  # type: ignore[attr-defined]
                else:
                    expect(row).to_contain_text(change.value)  # type: ignore[attr-defined]
                expect(row).to_contain_text(_shown(change))
                expect(row).to_contain_text(number(change.start, 2))  # type: ignore[attr-defined]
                expect(row).to_contain_text(number(change.end, 2))  # type: ignore[attr-defined]
                expect(row.locator("td.num").first).to_have_text(str(change.count))  # type: ignore[attr-defined]
            # one slope chart per indicator, drawn by vega-embed, with its text
            charts = section.locator(".indicator-chart .vega")
            expect(charts).to_have_count(len(expected))
            expect(section.locator(".indicator-chart .vega svg")).to_have_count(len(expected))
            label = charts.first.get_attribute("aria-label") or ""
            assert label.startswith("Eenzaamheid (De Jong Gierveld-schaal): van begin tot eind")
            found = axe_violations(
                page, f"http://127.0.0.1:{server.port}", "#indicators", wcag21=False
            )
            assert found == [], found
        finally:
            browser.close()
