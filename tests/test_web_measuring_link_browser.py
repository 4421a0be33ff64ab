"""The client's one-time link in a real browser (Debian's chromium through Playwright), on
one ``rendement serve --demo``: the professional makes the link on a client case of the
demo cohort; a fresh phone-sized browser (375×667, touch) without login opens it, gives
consent, answers (one wrong answer comes back with its message), pauses, opens the link
again in another fresh browser, goes on where it stopped, and sends. Every page of the
questionnaire passes axe-core's WCAG 2.1 AA rules, has no sideways scroll, and its
buttons are at least 44 px high. Afterwards the link opens nothing, and the professional's
page says it was sent.

Screenshots of every page go to ``$RENDEMENT_SCREENSHOTS`` when set.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from servers import RENDEMENT, Served, axe_violations, chromium_launch_kwargs, demo_server, log_in

PHONE = {"width": 375, "height": 667}

# the demo organisation gets the bundled BMC guide (unless the demo has it already), and
# the test a client case of the demo cohort without a finished end measurement
PREPARE = """
from pathlib import Path
import rendement.instrument as room
from rendement.web.cohorts.models import ClientCase, Cohort
from rendement.web.measuring.models import Instrument, Measurement
cohort = Cohort.objects.order_by("created_at").first()
organisation = cohort.organisation
if not Instrument.objects.filter(
    organisation=organisation, bundled__startswith="bmc-start-eind"
).exists():
    text = (Path(room.__file__).parent / "bundled" / "bmc-start-eind.yaml").read_text()
    Instrument.objects.create(organisation=organisation, title="Start- en eindgesprek",
                              text=text, bundled="bmc-start-eind.yaml")
done = Measurement.objects.filter(
    moment="eind", status="finished", instrument__bundled__startswith="bmc-start-eind"
).values("client_id")  # the demo's example client cases are measured with another one
client = ClientCase.objects.filter(cohort=cohort).exclude(pk__in=done).order_by("pk").first()
print("casus", cohort.uid, client.pk)
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str, str]]:
    data = tmp_path_factory.mktemp("link-data")
    with demo_server(data) as (running, password):
        made = subprocess.run(
            [RENDEMENT, "manage", "shell", "-c", PREPARE],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, **running.environment, "LANG": "C.UTF-8"},
        )
        found = re.search(r"casus (\S+) (\d+)", made.stdout)
        assert made.returncode == 0 and found, made.stdout + made.stderr
        yield running, password, f"/casussen/{found.group(1)}/casus/{found.group(2)}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            yield launched
        finally:
            launched.close()


def _phone(browser: Browser) -> BrowserContext:
    """A fresh phone: no cookies, no login, 375×667, touch."""
    context = browser.new_context(
        locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(30_000)
    return context


def _shoot(page: Page, name: str) -> None:
    folder = os.environ.get("RENDEMENT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"link-{name}.png"), full_page=True)


def _checked(page: Page, base: str, where: str) -> None:
    """axe-core's WCAG 2.1 A and AA rules find nothing; no sideways scroll on the phone;
    every button a big touch target; a screenshot."""
    found = axe_violations(page, base)
    assert found == [], f"{where}: {found}"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{where}: {width} px wide"
    for button in page.locator("main button, main a.button-link").all():
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44, f"{where}: {box}"
    _shoot(page, where)


def test_the_client_answers_through_the_link_on_a_phone(
    served: tuple[Served, str, str], browser: Browser
) -> None:
    server, password, client_path = served
    base = f"http://127.0.0.1:{server.port}"

    professional = browser.new_context(locale="nl-NL")
    professional.set_default_timeout(30_000)
    pro = professional.new_page()
    log_in(pro, server.port, password)
    pro.goto(base + client_path)
    pro.get_by_role("link", name="Vragenlijst via een link").click()
    pro.wait_for_url(re.compile(r"/link/$"))
    expect(pro.get_by_label("Eind")).to_be_checked()
    guide = pro.locator("#link-instrument option", has_text="eindgesprek")
    pro.locator("#link-instrument").select_option(guide.get_attribute("value"))
    pro.get_by_role("button", name="Link maken").click()
    expect(pro.locator("#made-title")).to_have_text("De link is gemaakt")
    url = pro.locator("#made-url").input_value()
    assert re.fullmatch(rf"{re.escape(base)}/vragenlijst/[A-Za-z0-9_-]{{43}}/", url), url
    _shoot(pro, "professional")

    phone = _phone(browser)
    page = phone.new_page()
    answer = page.goto(url)
    assert answer is not None and answer.headers["referrer-policy"] == "no-referrer"
    expect(page.locator("h1")).to_have_text("Doet u mee?")
    _checked(page, base, "1-toestemming")
    steps = re.search(r"De vragenlijst heeft (\d+) stappen", page.locator("main").inner_text())
    assert steps is not None
    count = int(steps.group(1))
    page.get_by_role("button", name="Ja, ik doe mee").click()

    expect(page.locator(".step-count")).to_have_text(f"Stap 1 van {count}")
    expect(page.locator("h1")).to_have_text("Hulp die u krijgt")  # the client wording
    _checked(page, base, "2-stap-1")
    page.get_by_label("Hoeveel uur per week helpt een begeleider u?").fill("drie")
    page.get_by_label("Hoe vaak per week gaat u naar een plek voor dagbesteding?").fill("2")
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator(".error-summary")).to_be_visible()  # the page stays, typed kept
    wrong = page.get_by_label("Hoeveel uur per week helpt een begeleider u?")
    expect(wrong).to_have_value("drie")
    expect(wrong).to_have_attribute("aria-invalid", "true")
    _checked(page, base, "3-stap-1-fout")
    wrong.fill("1,5")
    for label in (
        "Hoeveel uur per week krijgt u hulp bij het schoonmaken van uw huis?",
        "Hoe vaak had u contact met de huisarts in de afgelopen drie maanden?",
        "Hoe vaak had u een gesprek met een psycholoog in de afgelopen drie maanden?",
        "Hoe vaak moest u het afgelopen jaar met spoed naar het ziekenhuis?",
    ):
        page.get_by_label(label).fill("0")
    page.get_by_role("button", name="Volgende").click()

    expect(page.locator(".step-count")).to_have_text(f"Stap 2 van {count}")
    _checked(page, base, "4-stap-2")
    for choice in page.locator("fieldset.choices").all():
        choice.locator("label.choice").first.click()
    page.get_by_role("button", name="Later verder").click()
    expect(page.locator("h1")).to_have_text("Uw antwoorden zijn bewaard")
    _checked(page, base, "5-later")
    phone.close()

    again = _phone(browser)  # another day: the link again, on a fresh phone
    page = again.new_page()
    page.goto(url)
    expect(page.locator(".step-count")).to_have_text(f"Stap 3 van {count}")
    page.get_by_role("button", name="Vorige").click()
    expect(page.locator(".step-count")).to_have_text(f"Stap 2 van {count}")
    expect(page.locator("input[type=radio]:checked")).to_have_count(2)  # kept
    page.get_by_role("button", name="Volgende").click()
    for number in range(3, count + 1):
        expect(page.locator(".step-count")).to_have_text(f"Stap {number} van {count}")
        _checked(page, base, f"6-stap-{number}")
        if number < count:
            page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Wat is er veranderd sinds u hulp krijgt?").fill("Meer rust.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("h1")).to_have_text("Dank u wel!")
    _checked(page, base, "7-bedankt")

    gone = page.goto(url)
    assert gone is not None and gone.status == 410
    expect(page.locator("h1")).to_have_text("Deze link werkt niet meer")
    _checked(page, base, "8-verlopen")
    again.close()

    pro.goto(base + client_path + "link/")
    expect(pro.locator("main table")).to_contain_text("Ingevuld en verstuurd")
    professional.close()
