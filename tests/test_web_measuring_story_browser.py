"""Issue 24's story in one real browser (Debian's chromium through Playwright), on one
``rendement serve --demo``, with data of its own (not the demo's measured cohort):

1. Set-up through the app's own services (``rendement manage shell``): a NEW cohort of
   four client cases (attribute ``wijk``), priced by a NEW business case made from the
   social broker's example with the cost manual's prices added (so every item the bundled
   BMC guide maps to has a price), and the bundled BMC guide as an instrument of the
   organisation. Three of the four client cases (V02–V04) are set up as already measured
   at the start AND the end (consent, answers, finished: the rows come from them); only
   V01 goes through the pages.
2. The professional measures V01 at the start through the pages: consent first, then the
   guide's form per domain, then "Afronden".
3. The professional makes a one-time link for V01's end measurement; a fresh phone-sized
   browser (375×667) without login opens it, gives consent, answers, pauses ("Later
   verder"), opens the link again in another fresh phone, finishes. axe-core: no WCAG 2.1
   A/AA violation (any impact) on every page of the client's questionnaire.
4. Back as the professional: V01's rows (Voor/Na per item) and its kassabon's NETTO equal
   a hand computation from the answers given (per week × 52, per three months × 4, per
   year × 1; a risk's probability × its quantity; volunteering a shadow value, after minus
   before) and the business case's prices read with the engine (``prices_of``).
5. A work session on the cohort: the facilitator types three participants, each judges
   the attribution of 'begeleiding' (an item every client case's rows have); the page's
   spread (lowest, highest, mean, median) is the hand computation; the group agrees a
   value; the cohort page's interval with the spread equals the engine's
   ``summarise_with_spread`` on the same rows (hand-made here) with the agreement applied.
6. The cohort page shows each indicator the business case defines and the guide measures
   (rondkomen, ervaren gezondheid) with its change start → end and 95 % interval, equal
   to the engine's ``indicator_changes`` on the same values.

Screenshots of the key steps go to ``$RENDEMENT_SCREENSHOTS`` when set. On a failure the
server's log is printed.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

import rendement.instrument
from rendement.cohort.indicators import defined, indicator_changes, measurements_from
from rendement.cohort.reading import ClientCases, Entry
from rendement.cohort.valuation import prices_of, value_cases
from rendement.engine import evaluate
from rendement.instrument.loading import loads_instrument
from rendement.model import BASE_SCENARIO, loads
from rendement.money import euro, number
from rendement.worksession import apply_to_cases, loads_session, spreads, summarise_with_spread
from servers import RENDEMENT, Served, axe_violations, chromium_launch_kwargs, demo_server, log_in

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml"
GUIDE = Path(rendement.instrument.__file__).parent / "bundled" / "bmc-start-eind.yaml"
COHORT = "Verhaal: gesprekken in twee wijken (test)"
CASE_TITLE = "Sociale basis in twee wijken (verhaal van de test)"
PHONE = {"width": 375, "height": 667}


def _document() -> str:
    """The business case: the example with the cost manual's prices added."""
    text = EXAMPLE.read_text(encoding="utf-8")
    changed = text.replace(
        "price_lists: [mbc-de-bilt-2019, vrijwilligerswerk]",
        "price_lists: [mbc-de-bilt-2019, vrijwilligerswerk, kostenhandleiding-2024]",
    ).replace("title: Sociaal makelaar Voorbeeldstad (verzonnen voorbeeld)", f"title: {CASE_TITLE}")
    assert changed.count("kostenhandleiding-2024") == 1 and CASE_TITLE in changed
    return changed


# --- the answers (invented) ---------------------------------------------------------------

WIJK = {"V01": "noord", "V02": "noord", "V03": "zuid", "V04": "zuid"}


def _answers(
    care: tuple[float, float, float, float, float, float],
    risks: tuple[str, str],
    levels: tuple[str, str, str, str, str],
    contacts: float,
    work: float,
    volunteer: float,
) -> dict[str, object]:
    keys = (
        "begeleiding_uren",
        "dagbesteding_dagdelen",
        "huishoudelijke_hulp_uren",
        "huisarts_contacten",
        "ggz_contacten",
        "spoedeisende_hulp",
    )
    out: dict[str, object] = dict(zip(keys, care, strict=True))
    out |= {"risico_opname": risks[0], "risico_zware_hulp": risks[1]}
    out |= dict(
        zip(("gezondheid", "rondkomen", "achterstand", "woning", "alleen"), levels, strict=True)
    )
    return out | {"contacten": contacts, "werk_uren": work, "vrijwilligerswerk_uren": volunteer}


ANSWERS: dict[str, dict[str, dict[str, object]]] = {
    "V01": {  # start through the professional's page, end through the client's link
        "start": _answers(
            (4, 2, 2, 5, 3, 2),
            ("reeel", "klein"),
            ("matig", "moeilijk", "ja", "onzeker", "vaak"),
            2,
            0,
            0,
        ),
        "eind": _answers(
            (1.5, 1, 2, 2, 1, 0),
            ("geen", "geen"),
            ("goed", "gaat_wel", "nee", "zeker", "soms"),
            4,
            6,
            2,
        ),
    },
    "V02": {
        "start": _answers(
            (3, 0, 3, 4, 0, 1),
            ("klein", "reeel"),
            ("slecht", "lukt_niet", "ja", "geen_vaste_plek", "bijna_altijd"),
            1,
            0,
            0,
        ),
        "eind": _answers(
            (2, 0, 2, 3, 0, 0),
            ("geen", "klein"),
            ("matig", "moeilijk", "ja", "onzeker", "vaak"),
            2,
            0,
            1,
        ),
    },
    "V03": {
        "start": _answers(
            (2, 4, 0, 6, 2, 0),
            ("groot", "geen"),
            ("matig", "moeilijk", "nee", "zeker", "vaak"),
            3,
            4,
            0,
        ),
        "eind": _answers(
            (2, 2, 0, 4, 2, 1),
            ("klein", "geen"),
            ("goed", "moeilijk", "nee", "zeker", "soms"),
            3,
            8,
            0,
        ),
    },
    "V04": {
        "start": _answers(
            (5, 0, 4, 8, 4, 3),
            ("reeel", "groot"),
            ("goed", "lukt_niet", "ja", "onzeker", "soms"),
            0,
            0,
            0,
        ),
        "eind": _answers(
            (3, 0, 4, 4, 2, 1),
            ("klein", "reeel"),
            ("uitstekend", "gaat_wel", "nee", "zeker", "nooit"),
            2,
            0,
            3,
        ),
    },
}
TEXTS = {"situatie_start": "Veel zorgen over geld.", "verandering": "Meer rust en overzicht."}

# the guide's rules, written out by hand (docs/instruments.md): a quantity per year
PER_YEAR = {  # question: (item, × per year, kind)
    "begeleiding_uren": ("begeleiding_uur", 52, "effect"),
    "dagbesteding_dagdelen": ("dagbesteding_dagdeel", 52, "effect"),
    "huishoudelijke_hulp_uren": ("homecare_household", 52, "effect"),
    "huisarts_contacten": ("huisarts_contact", 4, "effect"),
    "ggz_contacten": ("mhc_basic_institution", 4, "effect"),
    "spoedeisende_hulp": ("emergency_care", 1, "effect"),
    "vrijwilligerswerk_uren": ("vrijwilligersuur", 52, "shadow"),
}
RISKS = {  # question: (item, quantity, probability per answer)
    "risico_opname": (
        "mhc_nursingday_psy_inst",
        30,
        {"geen": 0, "klein": 0.05, "reeel": 0.25, "groot": 0.5},
    ),
    "risico_zware_hulp": (
        "multiprobleemgezin_jaar",
        1,
        {"geen": 0, "klein": 0.05, "reeel": 0.2, "groot": 0.4},
    ),
}
LEVELS = {  # indicator: (question, levels 1…)
    "ervaren_gezondheid": ("gezondheid", ["slecht", "matig", "goed", "zeer_goed", "uitstekend"]),
    "rondkomen": ("rondkomen", ["lukt_niet", "moeilijk", "gaat_wel", "lukt_goed"]),
}


def _rows(pseudonym: str) -> dict[str, tuple[str, float, float]]:
    """Per item: (kind, quantity per year before, during), by hand from the answers."""
    start, end = ANSWERS[pseudonym]["start"], ANSWERS[pseudonym]["eind"]
    out = {}
    for question, (item, times, kind) in PER_YEAR.items():
        out[item] = (kind, float(start[question]) * times, float(end[question]) * times)  # type: ignore[arg-type]
    for question, (item, quantity, chance) in RISKS.items():
        out[item] = (
            "effect",
            chance[str(start[question])] * quantity,
            chance[str(end[question])] * quantity,
        )
    return out


def _net(pseudonym: str, prices: dict[str, Any], attribution: dict[str, float]) -> float:
    """The kassabon's NETTO by hand: fewer services × price (× the attribution); no time
    spent (no investment rows). Volunteering is a shadow value, apart (:func:`_shadow`)."""
    total = 0.0
    for item, (kind, before, after) in _rows(pseudonym).items():
        if kind == "effect":
            total += (before - after) * prices[item].amount * attribution.get(item, 1.0)
    return total


def _shadow(pseudonym: str, prices: dict[str, Any]) -> float:
    """The shadow value beside the NETTO: more volunteering × its price."""
    return sum(
        (after - before) * prices[item].amount
        for item, (kind, before, after) in _rows(pseudonym).items()
        if kind == "shadow"
    )


def _cell(value: float) -> str:
    """A quantity as the row's input shows it on a Dutch page (no trailing zeros, a
    decimal comma)."""
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


# --- the server ---------------------------------------------------------------------------

SET_UP = """
import json
from rendement.cohort.reading import ClientCases
from rendement.web.cases.services import create_case
from rendement.web.cohorts.services import import_cohort
from rendement.web.demo import DEMO_ORGANISATION, DEMO_USER
from rendement.web.measuring import services
from rendement.web.measuring.models import Instrument
from rendement.web.organisations.models import Organisation
from django.contrib.auth import get_user_model

data = json.loads({data!r})
user = get_user_model().objects.get(username=DEMO_USER)
organisation = Organisation.objects.get(name=DEMO_ORGANISATION)
case = create_case(actor=user, organisation=organisation, document=data["document"],
                   message="test: prijzen voor het verhaal", name="verhaal.yaml")
instrument = Instrument.objects.filter(
    organisation=organisation, title="Start- en eindgesprek sociale basis").first()
if instrument is None:
    instrument = services.add_instrument(
        actor=user, organisation=organisation, title="Start- en eindgesprek sociale basis",
        text=data["guide"], bundled="bmc-start-eind")
cohort = import_cohort(
    actor=user, organisation=organisation, name=data["cohort"],
    cases=ClientCases(
        "verhaal", ["wijk"], {{p: {{"wijk": w}} for p, w in data["wijk"].items()}}, []),
    prices=case)
clients = {{c.pseudonym: c for c in cohort.clients.all()}}
for pseudonym, moments in data["measured"].items():
    client = clients[pseudonym]
    services.record_consent(actor=user, client=client, instrument=instrument, given=True)
    for moment in ("start", "eind"):
        measurement = services.start_measurement(
            actor=user, client=client, instrument=instrument, moment=moment)
        done = services.finish_measurement(
            actor=user, measurement=measurement, answers=moments[moment])
        assert not done.problems, done.problems
order = [c.pseudonym for c in cohort.clients.all()]
print("verhaal", cohort.uid, clients["V01"].pk, json.dumps(order))
"""


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Served, str, str, int, list[str]]]:
    data = tmp_path_factory.mktemp("story-data")
    given = {
        "document": _document(),
        "guide": GUIDE.read_text(encoding="utf-8"),
        "cohort": COHORT,
        "wijk": WIJK,
        "measured": {p: ANSWERS[p] for p in ("V02", "V03", "V04")},
    }
    with demo_server(data) as (server, password):
        made = subprocess.run(
            [RENDEMENT, "manage", "shell", "-c", SET_UP.format(data=json.dumps(given))],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, **server.environment, "LANG": "C.UTF-8"},
        )
        found = re.search(r"verhaal (\S+) (\d+) (\[.*\])", made.stdout)
        assert made.returncode == 0 and found, made.stdout + made.stderr
        yield server, password, found.group(1), int(found.group(2)), json.loads(found.group(3))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            yield launched
        finally:
            launched.close()


# --- helpers ------------------------------------------------------------------------------


def _shoot(what: Page | Locator, name: str) -> None:
    """A screenshot of the page (or of one part of it) into ``$RENDEMENT_SCREENSHOTS``."""
    folder = os.environ.get("RENDEMENT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        path = str(Path(folder) / f"story-{name}.png")
        if isinstance(what, Page):
            what.screenshot(path=path, full_page=True)
        else:
            what.screenshot(path=path)


def _axe(page: Page, base: str, where: str, scope: str = "document") -> None:
    """axe-core's WCAG 2.1 A and AA rules find nothing, whatever the impact."""
    found = axe_violations(page, base, scope)
    assert found == [], f"{where}: {found}"


def _phone(browser: Browser) -> BrowserContext:
    context = browser.new_context(
        locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(30_000)
    return context


def _guide() -> Any:
    """The guide's questions and their wording (the labels the pages show; no figures)."""
    return loads_instrument(GUIDE.read_text(encoding="utf-8")).instrument


def _fill(page: Page, question: Any, value: object, client: bool) -> None:
    """One answer typed or chosen as a person does: a number with a decimal comma, a
    choice by its label within the question's group."""
    wording = question.client if client and question.client else None
    text = (wording.text if wording and wording.text else None) or question.text
    if question.type in ("getal", "tekst"):
        shown = str(value).replace(".", ",") if question.type == "getal" else str(value)
        page.get_by_label(text, exact=True).fill(shown)
        return
    option = next(o for o in question.choices() if o.value == value)
    label = option.label
    if client and getattr(option, "client", None) and option.client.label:
        label = option.client.label
    page.get_by_role("group", name=text, exact=True).get_by_label(label, exact=True).check()


def _signed(value: float) -> str:
    return f"+{number(value, 2)}" if value > 0 else number(value, 2)


# --- the story ----------------------------------------------------------------------------


def test_the_story_of_issue_24(
    served: tuple[Served, str, str, int, list[str]], browser: Browser
) -> None:
    server, password, uid, v01, stored = served
    try:
        _story(server, password, uid, v01, stored, browser)
    except BaseException:
        print(server.logs(), file=sys.stderr)
        raise


def _story(
    server: Served, password: str, uid: str, v01: int, stored: list[str], browser: Browser
) -> None:
    base = f"http://127.0.0.1:{server.port}"
    guide = _guide()
    prices = prices_of(loads(_document()))
    receipt = f"{base}/casussen/{uid}/casus/{v01}/"
    professional = browser.new_context(locale="nl-NL")
    professional.set_default_timeout(30_000)
    pro = professional.new_page()
    log_in(pro, server.port, password)

    # 2. the start measurement of V01 through the pages: consent first, then the form
    pro.goto(receipt)
    pro.get_by_role("link", name="Metingen van deze casus").click()
    expect(pro.get_by_role("heading", level=1)).to_have_text("Metingen van casus V01")
    pro.get_by_label("Instrument").select_option(label="Start- en eindgesprek sociale basis")
    pro.locator("#moment-start").check()
    pro.get_by_role("button", name="Beginnen").click()
    expect(pro.locator('input[name^="q-"]')).to_have_count(0)  # nothing before consent
    pro.get_by_label("Ja", exact=True).check()
    pro.get_by_role("button", name="Verder").click()
    start = ANSWERS["V01"]["start"] | {"situatie_start": TEXTS["situatie_start"]}
    legends = pro.locator("fieldset.questions-section > legend")
    legends.first.wait_for()
    domains = [d.name for d in guide.domains]  # a fieldset per domain, in the guide's order
    assert legends.all_inner_texts()[: len(domains)] == domains
    for question in guide.questions:
        if question.id in start:
            _fill(pro, question, start[question.id], client=False)
    expect(pro.locator("#save-state")).to_contain_text("Opgeslagen")  # HTMX, as she goes
    _axe(pro, base, "meetformulier")
    _shoot(pro, "1-startmeting")
    pro.get_by_role("button", name="Afronden").click()
    expect(pro.get_by_role("cell", name="Afgerond")).to_be_visible()

    # 3. the one-time link for the end measurement, answered on a phone without login
    pro.goto(receipt)
    pro.get_by_role("link", name="Vragenlijst via een link").click()
    pro.get_by_label("Eind").check()
    pro.get_by_role("button", name="Link maken").click()
    url = pro.locator("#made-url").input_value()
    assert re.fullmatch(rf"{re.escape(base)}/vragenlijst/[A-Za-z0-9_-]{{43}}/", url), url

    end = ANSWERS["V01"]["eind"] | {"verandering": TEXTS["verandering"]}
    asked = [q for q in guide.questions if q.id in end]
    phone = _phone(browser)
    page = phone.new_page()
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Doet u mee?")
    _axe(page, base, "toestemming")
    _shoot(page, "2-telefoon-toestemming")
    page.get_by_role("button", name="Ja, ik doe mee").click()
    count = int(re.sub(r"\D+", " ", page.locator(".step-count").inner_text()).split()[-1])

    def answer_step(step: int) -> None:
        expect(page.locator(".step-count")).to_have_text(f"Stap {step} van {count}")
        _axe(page, base, f"stap {step}")
        for question in asked:
            wording = question.client.text if question.client else question.text
            if question.type in ("getal", "tekst"):
                present = page.get_by_label(wording, exact=True).count()
            else:
                present = page.get_by_role("group", name=wording, exact=True).count()
            if present:
                _fill(page, question, end[question.id], client=True)

    answer_step(1)
    page.get_by_role("button", name="Volgende").click()
    answer_step(2)
    _shoot(page, "3-telefoon-stap-2")
    page.get_by_role("button", name="Later verder").click()
    expect(page.locator("h1")).to_have_text("Uw antwoorden zijn bewaard")
    _axe(page, base, "later verder")
    phone.close()

    again = _phone(browser)  # another day, another phone: the same link
    page = again.new_page()
    page.goto(url)
    for step in range(3, count + 1):
        answer_step(step)
        if step < count:
            page.get_by_role("button", name="Volgende").click()
    _shoot(page, "4-telefoon-laatste-stap")
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("h1")).to_have_text("Dank u wel!")
    _axe(page, base, "bedankt")
    again.close()

    # 4. V01's rows and kassabon: the hand computation with the engine's prices
    pro.goto(receipt)
    main = pro.locator("main")
    expect(main).to_contain_text("komen uit de start- en eindmeting")
    rows = _rows("V01")
    expect(pro.locator("section.rows tbody tr")).to_have_count(len(rows))
    for item, (_kind, before, after) in rows.items():
        name = prices[item].name
        expect(pro.get_by_label(f"Voor · {name}", exact=True)).to_have_value(_cell(before))
        expect(pro.get_by_label(f"Na · {name}", exact=True)).to_have_value(_cell(after))
    net = _net("V01", prices, {})
    assert net > 0
    expect(pro.locator(".receipt tr.net td.num")).to_have_text(euro(net))
    shadow = _shadow("V01", prices)
    assert shadow > 0
    expect(pro.locator(".receipt .foot")).to_contain_text(
        f"Daarnaast {euro(shadow)} schaduwwaarde (niet in netto)"
    )
    _shoot(pro, "5-kassabon")

    # 5. the work session: three participants judge the attribution of 'begeleiding'
    item_name = prices["begeleiding_uur"].name
    pro.goto(f"{base}/casussen/{uid}/werksessies/")
    pro.fill("#ws-title", "Werksessie verhaal")
    pro.get_by_label(item_name, exact=True).select_option("toerekening")
    pro.get_by_role("button", name="Werksessie aanmaken").click()
    expect(pro.locator("h1")).to_have_text("Werksessie verhaal")
    session_url = pro.url
    people = (  # name typed by the facilitator, role, value, low, high
        ("buurtcoach Els", "professional", 70, None, None),
        ("vrijwilliger Kees", "vrijwilliger", 40, 30, 55),
        ("mevrouw V.", "cliënt", 50, None, None),
    )
    for name, role, *_v in people:
        pro.fill("#p-name", name)
        pro.select_option("#p-role", label=role)
        pro.get_by_role("button", name="Toevoegen").click()
        expect(pro.locator("#participants")).to_contain_text(name)
    section = pro.locator("section.ws-item")
    for n, (name, _role, value, low, high) in enumerate(people, start=1):
        form = section.locator("form.ws-judge")
        form.get_by_label("Deelnemer").select_option(label=name)
        form.get_by_label("Toerekening (%)").fill(str(value))
        form.get_by_label("Laagste nog aannemelijk").fill("" if low is None else str(low))
        form.get_by_label("Hoogste nog aannemelijk").fill("" if high is None else str(high))
        form.get_by_role("button", name="Oordeel vastleggen").click()
        expect(section.locator(".ws-spread tbody td").first).to_have_text(str(n))
    values = [v for _n, _r, v, _l, _h in people]
    cells = section.locator(".ws-spread tbody td")
    expect(cells.nth(1)).to_have_text(f"{min(values)}%")  # lowest
    expect(cells.nth(2)).to_have_text(f"{max(values)}%")  # highest
    expect(cells.nth(3)).to_have_text(f"{number(statistics.fmean(values), 1)}%")  # mean
    expect(cells.nth(4)).to_have_text(f"{statistics.median(values)}%")  # median
    # the PERT the spread becomes: the lowest of the values and lows, the median, the
    # highest of the values and highs
    low_end = min([v for v in values] + [p[3] for p in people if p[3] is not None])
    high_end = max([v for v in values] + [p[4] for p in people if p[4] is not None])
    expect(cells.nth(5)).to_contain_text(
        f"PERT {low_end}% – {statistics.median(values)}% – {high_end}%"
    )
    expect(section.locator("svg.ws-chart circle")).to_have_count(len(people))
    _axe(pro, base, "werksessie")
    _shoot(pro, "6-werksessie")
    agreed = 55  # not the median: the group decides
    section.get_by_label("Afgesproken waarde (%)").fill(str(agreed))
    section.get_by_role("button", name="Vaststellen").click()
    expect(pro.locator(".ws-agreed")).to_contain_text(f"Vastgesteld: {agreed}%")
    expect(pro.locator(".ws-agreed")).to_contain_text(f"met deze waarde: {len(WIJK)}")

    net_mean, drawn, point = _with_spread(people, agreed, prices, stored)
    pro.goto(f"{base}/casussen/{uid}/")
    line = pro.locator("#worksession-interval")
    expect(line).to_contain_text(f"netto {euro(net_mean)} per casus")
    expect(line).to_contain_text(f"95%-interval {euro(drawn[0])} – {euro(drawn[1])}")
    expect(line).to_contain_text(f"{euro(point[0])} – {euro(point[1])}")
    assert drawn != point  # the spread widened (or moved) the interval
    # and V01's kassabon now counts the agreed attribution on its 'begeleiding'
    hand = {"begeleiding_uur": agreed / 100}
    assert net_mean == pytest.approx(statistics.fmean(_net(p, prices, hand) for p in WIJK))

    # ... and Monte Carlo draws it: applied to the business case, the case page's Monte
    # Carlo (a background job) gives the mean net(0) + gain × the PERT's mean
    pro.goto(session_url)
    pro.get_by_role("button", name="Toepassen op business case").click()
    expect(pro.locator(".messages")).to_contain_text("de Monte Carlo trekt ze uit die verdeling")
    panel = pro.locator(".work-uncertainty")
    expect(panel).to_be_visible(timeout=60_000)
    draws = 10_000
    panel.locator("#work-mc-draws").select_option(str(draws))
    panel.get_by_role("button", name="Monte Carlo starten").click()
    job = panel.locator(".job[data-job=montecarlo]").first
    expect(job.locator("figure.table")).to_contain_text("10.000 trekkingen", timeout=60_000)
    headers = job.locator("figure.table thead th").all_inner_texts()
    cells = job.locator("figure.table tbody tr").first.locator("th, td")
    mean = _amount(cells.nth(headers.index("Gemiddelde")).inner_text())
    net0, gain = _net_and_gain()
    low_end, mode, high_end = low_end / 100, agreed / 100, high_end / 100
    pert_mean = (low_end + 4 * mode + high_end) / 6
    pert_sd = ((pert_mean - low_end) * (high_end - pert_mean) / 7) ** 0.5
    standard_error = abs(gain) * pert_sd / draws**0.5
    expected_mean = net0 + gain * pert_mean
    assert abs(mean - expected_mean) < 4 * standard_error + 1, (mean, expected_mean)
    # not the agreed value alone: the PERT's mean (here 1.7 points below the mode)
    assert abs(mean - (net0 + gain * mode)) > 4 * standard_error + 1
    _shoot(panel, "7-monte-carlo")

    # 6. the indicators on the cohort page: change start → end with its interval
    pro.goto(f"{base}/casussen/{uid}/")
    expected = _indicators(stored)
    table = pro.locator("#indicators table.indicators")
    assert {e.id for e in expected} >= {"rondkomen", "ervaren_gezondheid"}
    for indicator in expected:
        total = indicator.total
        if not total.count:
            continue
        row = table.locator("tr", has=pro.locator("th", has_text=indicator.name))
        expect(row).to_contain_text(
            f"{_signed(total.change)} ({_signed(total.interval.low)} tot "
            f"{_signed(total.interval.high)})"
        )
        expect(row).to_contain_text(str(len(WIJK)))
        expect(row).to_contain_text(number(total.start, 2))
    # a slope chart per indicator measured, drawn by vega-embed, with its text
    measured = [e for e in expected if e.total.count]
    charts = pro.locator("#indicators .indicator-chart .vega")
    expect(charts.locator("svg")).to_have_count(len(measured))
    label = charts.first.get_attribute("aria-label") or ""
    assert label.startswith(f"{measured[0].name}: van begin tot eind"), label
    _axe(pro, base, "indicatoren", "#indicators")
    # the hand check of the engine's point: the mean change of rondkomen
    money = next(e for e in expected if e.id == "rondkomen").total
    question, levels = LEVELS["rondkomen"]
    changes = [
        levels.index(str(ANSWERS[p]["eind"][question]))
        - levels.index(str(ANSWERS[p]["start"][question]))
        for p in WIJK
    ]
    assert money.change == pytest.approx(statistics.fmean(changes))
    pro.locator("#indicators").scroll_into_view_if_needed()
    _shoot(pro, "8-cohort")
    professional.close()


def _amount(text: str) -> float:
    """'€ −52.338' as a number (whole euros, a point between thousands)."""
    digits = re.sub(r"[^0-9]", "", text)
    return -float(digits) if re.search(r"[−-]", text) else float(digits)


def _net_and_gain() -> tuple[float, float]:
    """The business case's net (the engine, basis) with the attribution of 'begeleiding'
    at 0, and what each whole unit of that attribution adds (its net at 1 minus at 0)."""
    text = _document()
    line = "units_per_case: 52\n        attribution: 60%"
    assert text.count(line) == 1

    def net(share: int) -> float:
        model = loads(text.replace(line, f"units_per_case: 52\n        attribution: {share}"))
        found = evaluate(model).intervention("sociaal_makelaar").get("basis", BASE_SCENARIO)
        return float(found.net)

    return net(0), net(1) - net(0)


def _with_spread(
    people: tuple[tuple[str, str, int, int | None, int | None], ...],
    agreed: int,
    prices: dict[str, Any],
    stored: list[str],
) -> tuple[float, tuple[float, float], tuple[float, float]]:
    """The engine on the same rows, made here by hand from the answers: the session with
    the three judgements and the agreement applied, then ``summarise_with_spread``."""
    lines = [
        "worksession: 1",
        "meta: {title: Werksessie verhaal, about: casussen}",
        "participants:",
        *(f"  - {{id: p{n}, name: '{p[0]}'}}" for n, p in enumerate(people)),
        "items:",
        "  - {id: begeleiding, name: b, judges: toerekening, item: begeleiding_uur, "
        f"agreed: {agreed}%}}",
        "judgements:",
    ]
    for n, (_name, _role, value, low, high) in enumerate(people):
        bounds = f", low: {low}%, high: {high}%" if low is not None else ""
        lines.append(
            f"  - {{participant: p{n}, item: begeleiding, value: {value}%{bounds}, "
            f"at: 2026-12-01T10:0{n}}}"
        )
    session = loads_session("\n".join(lines) + "\n").session
    found = spreads(session)
    entries = []
    for pseudonym in stored:  # the order the server keeps its client cases in
        for row, (item, (kind, before, after)) in enumerate(_rows(pseudonym).items(), start=2):
            entries.append(Entry(row, pseudonym, item, kind, before, after, None, None))
    cases = ClientCases("verhaal", ["wijk"], {p: {"wijk": WIJK[p]} for p in stored}, entries)
    applied = apply_to_cases(session, found, cases)
    result = summarise_with_spread(session, found, value_cases(applied, prices))
    return (
        result.net_mean,
        (result.interval.low, result.interval.high),
        (result.interval_point.low, result.interval_point.high),
    )


def _indicators(stored: list[str]) -> list[Any]:
    """The engine's changes of the same values, read in the order the server finished the
    measurements: V02–V04 in the set-up (start, then end), then V01's start and end."""
    order = [p for p in stored if p != "V01"] + ["V01"]
    values = [
        (p, moment, indicator, float(levels.index(str(ANSWERS[p][moment][question])) + 1))
        for p in order
        for moment in ("start", "eind")
        for indicator, (question, levels) in LEVELS.items()
    ]
    specs = defined(loads(_document()).case)
    ids = [s.id for *_r, s in specs]
    found = measurements_from(values, ids, {p: {"wijk": WIJK[p]} for p in order})
    return indicator_changes(found, specs, "wijk", seed=2019)
