"""Indicators from stored measurements (issue 24, item 4): the cohort page's section, and
the report and workbook the web app makes of the cohort's business case.

The measurements are made here as rows (the forms that fill them in are another part),
with the bundled BMC interview guide; the expected figures come from the levels set here,
by hand, and from the engine's ``indicator_changes`` fed the same values directly.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from rendement.cohort.indicators import defined, indicator_changes, measurements_from
from rendement.cohort.reading import read_cases
from rendement.model import load_model
from rendement.money import number
from rendement.web.audit.models import AuditEntry
from rendement.web.cases import services as case_services
from rendement.web.cases.examples import example_text
from rendement.web.cohorts.models import ClientCase, Cohort
from rendement.web.measuring.indicators import cohort_indicators, measured_values
from rendement.web.measuring.models import Consent, Instrument, Measurement, Status
from rendement.web.organisations.models import Role
from rendement.web.organisations.services import add_member
from web_world import client_for

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "cohort" / "sociaal-makelaar.csv"
MODEL = ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml"
BMC = ROOT / "src" / "rendement" / "instrument" / "bundled" / "bmc-start-eind.yaml"

MONEY = ["lukt_niet", "moeilijk", "gaat_wel", "lukt_goed"]  # rondkomen, levels 1–4
HEALTH = ["slecht", "matig", "goed", "zeer_goed", "uitstekend"]  # gezondheid, levels 1–5
PAIRED = 50  # client cases 0..49 measured at start and end
ONLY_START = range(50, 55)  # 54's end measurement is open: it does not count
REFUSED = 55  # finished start and end, but consent refused


def _levels(k: int) -> tuple[int, int, int, int]:
    """Client case k's (money start, money end, health start, health end), on the scales."""
    money_start = 1 + k % 3
    money_end = min(4, money_start + (k % 4 > 0) + (k % 7 == 0))
    health_start = 1 + k % 4
    health_end = max(1, min(5, health_start + (1 if k % 3 else -1)))
    return money_start, money_end, health_start, health_end


def _answers(money: int, health: int, consent: bool) -> dict[str, Any]:
    answers: dict[str, Any] = {"rondkomen": MONEY[money - 1], "gezondheid": HEALTH[health - 1]}
    if consent:
        answers["toestemming"] = "ja"
    return answers


@pytest.fixture
def measured(world: dict[str, Any]) -> dict[str, Any]:
    """The broker's business case, its 60 client cases uploaded by the editor (who may see
    client data), and BMC measurements of most of them."""
    case = case_services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text("cohort/sociaal-makelaar"),
        message="voorbeeld",
        name="sociaal-makelaar.yaml",
    )
    add_member(
        actor=world["owner"],
        organisation=world["bilt"],
        user=world["editor"],
        role=Role.EDITOR,
        client_data=True,
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client_for(world["editor"]).post(
        "/casussen/upload/",
        {
            "prices": case.uid,
            "name": "Makelaar 2026",
            "table": SimpleUploadedFile("casussen.csv", TABLE.read_bytes()),
        },
    )
    assert answer.status_code == 302
    cohort = Cohort.objects.get()
    instrument = Instrument.objects.create(
        organisation=world["bilt"],
        title="Start- en eindgesprek",
        text=BMC.read_text(encoding="utf-8"),
        bundled="bmc-start-eind.yaml",
    )
    clients = list(ClientCase.objects.filter(cohort=cohort).order_by("pk"))
    now = timezone.now()

    def add(k: int, moment: str, money: int, health: int, status: str = Status.FINISHED) -> None:
        consent_in_answers = k % 2 == 0  # the odd ones have their consent recorded apart
        Measurement.objects.create(
            client=clients[k],
            instrument=instrument,
            moment=moment,
            answers=_answers(money, health, consent_in_answers),
            status=status,
            finished_at=now if status == Status.FINISHED else None,
        )

    for k in range(56):
        if k % 2 or k == REFUSED:
            Consent.objects.create(client=clients[k], instrument=instrument, given=k != REFUSED)
    for k in range(56):  # every start first, then every end (the order the rows are read)
        levels = _levels(k)
        add(k, "start", levels[0], levels[2])
    for k in [*range(PAIRED), 54, REFUSED]:
        levels = _levels(k)
        add(k, "eind", 4 if k == 54 else levels[1], 5 if k == 54 else levels[3],
            Status.OPEN if k == 54 else Status.FINISHED)  # fmt: skip
    world |= {"cohort": cohort, "clients": clients, "broker": case}
    return world


def _text(answer: Any) -> str:
    return html.unescape(answer.content.decode())


def _signed(value: float) -> str:
    return f"+{number(value, 2)}" if value > 0 else number(value, 2)


def _direct(clients: list[ClientCase], by: str | None) -> list[Any]:
    """``indicator_changes`` of the same values, given straight as (case, moment, indicator,
    value) in the order they were stored: not through the answers or the database."""
    values = []
    for k in range(56):
        if k != REFUSED:
            money, _m, health, _h = _levels(k)
            values += [
                (clients[k].pseudonym, "start", "rondkomen", money),
                (clients[k].pseudonym, "start", "ervaren_gezondheid", health),
            ]
    for k in range(PAIRED):
        _m, money, _h, health = _levels(k)
        values += [
            (clients[k].pseudonym, "eind", "rondkomen", money),
            (clients[k].pseudonym, "eind", "ervaren_gezondheid", health),
        ]
    specs = defined(load_model(MODEL).case)
    attributes = read_cases(TABLE).cases
    found = measurements_from(values, [s.id for *_r, s in specs], attributes)
    return indicator_changes(found, specs, by, seed=2019)


def test_the_page_shows_the_change_with_the_interval_of_the_engine(
    measured: dict[str, Any],
) -> None:
    cohort = measured["cohort"]
    page = _text(client_for(measured["editor"]).get(f"/casussen/{cohort.uid}/?by=hulpvraag"))
    assert 'id="indicators-title"' in page and 'class="indicators"' in page
    # the means by hand, from the levels set above (only client cases measured at both)
    money = [_levels(k) for k in range(PAIRED)]
    start = sum(m[0] for m in money) / PAIRED
    end = sum(m[1] for m in money) / PAIRED
    direct = {c.id: c for c in _direct(measured["clients"], "hulpvraag")}
    rondkomen = direct["rondkomen"]
    assert rondkomen.total.count == PAIRED and rondkomen.unpaired == len(ONLY_START)
    assert rondkomen.total.start == pytest.approx(start)
    assert rondkomen.total.end == pytest.approx(end)
    assert len(rondkomen.segments) >= 1  # a segment of hulpvraag is shown apart
    for indicator in direct.values():
        for change in [indicator.total, *indicator.segments]:
            shown = (
                f"{_signed(change.change)} ({_signed(change.interval.low)} tot "
                f"{_signed(change.interval.high)})"
            )
            assert shown in page, shown
            assert f"{number(change.start, 2)}</td>" in page
    assert f">{number(start, 2)}</td>" in page and f">{number(end, 2)}</td>" in page
    assert "Rondkomen met geld" in page and "score 1 (lukt niet) tot 4 (lukt goed)" in page
    assert (
        "Rondkomen met geld: maar op één moment gemeten, telt niet mee "
        f"(aantal casussen: {len(ONLY_START)})"
    ) in page
    # the slope chart, with its text for a screen reader, one per indicator measured
    assert page.count('class="chart indicator-chart"') == 2
    assert "Rondkomen met geld: van begin tot eind" in page
    # the indicators the guide does not measure (De Jong Gierveld) are not in the table
    assert "Eenzaamheid (De Jong Gierveld-schaal)</th>" not in page


def test_the_values_are_read_in_two_queries(
    measured: dict[str, Any], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        values, _attributes, read, unreadable = measured_values(measured["cohort"])
    assert read == 2 * PAIRED + len(ONLY_START) and unreadable == 0  # refused, open: not read
    assert len(values) == 2 * (2 * PAIRED + len(ONLY_START))


def test_a_member_without_the_client_data_right_sees_nothing(measured: dict[str, Any]) -> None:
    cohort = measured["cohort"]
    for user in ("viewer", "stranger"):
        client = client_for(measured[user])
        assert client.get(f"/casussen/{cohort.uid}/").status_code == 404
        assert client.get(f"/casussen/{cohort.uid}/rapport/xlsx/").status_code == 404
    assert not AuditEntry.objects.filter(action="cohort.export").exists()


def test_without_measurements_the_page_says_what_is_needed(measured: dict[str, Any]) -> None:
    cohort = measured["cohort"]
    for gone in ({"moment": "eind"}, {}):  # first start measurements only, then none
        Measurement.objects.filter(**gone).delete()
        page = _text(client_for(measured["editor"]).get(f"/casussen/{cohort.uid}/"))
        assert 'class="indicators"' not in page and "Rapport (PDF)" not in page
        assert "Nog geen casus is bij de start en aan het eind gemeten op" in page
        assert "Rondkomen met geld, Ervaren gezondheid" in page  # what to measure
    assert cohort_indicators(cohort).changes == []


def test_the_workbook_has_the_indicator_sheet(measured: dict[str, Any]) -> None:
    import openpyxl

    cohort = measured["cohort"]
    answer = client_for(measured["editor"]).get(f"/casussen/{cohort.uid}/rapport/xlsx/?by=wijk")
    assert answer.status_code == 200, answer.content[:500]
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    sheet = book["Indicatoren"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any(isinstance(c, str) and c.startswith("Rondkomen met geld") for c in cells)
    # every client case measured at both moments, with its start and end value
    for k in range(PAIRED):
        assert measured["clients"][k].pseudonym in cells
    assert measured["clients"][REFUSED].pseudonym not in cells
    audit = AuditEntry.objects.get(action="cohort.export")
    assert audit.detail == {"what": "rapport (xlsx)", "cases": PAIRED}


def test_the_report_fills_the_indicator_and_meting_columns(measured: dict[str, Any]) -> None:
    from rendement.present.indicators import measured_text

    cohort = measured["cohort"]
    answer = client_for(measured["editor"]).get(
        f"/casussen/{cohort.uid}/rapport/html/?by=hulpvraag"
    )
    assert answer.status_code == 200
    report = _text(answer)
    assert "Indicatoren: verandering van begin tot eind" in report
    for indicator in _direct(measured["clients"], "hulpvraag"):
        assert measured_text(indicator) in report  # the 'Meting' cell
        low, high = indicator.total.interval.low, indicator.total.interval.high
        assert f"{number(low, 2)} – {number(high, 2)}" in report  # the table's interval


def test_a_measurement_that_no_longer_fits_is_left_out_and_counted(
    measured: dict[str, Any],
) -> None:
    cohort = measured["cohort"]
    first = measured["clients"][0]
    Measurement.objects.filter(client=first, moment="eind").update(
        answers={"toestemming": "ja", "rondkomen": "veel te weinig"}  # not an option
    )
    found = cohort_indicators(cohort)
    assert found.unreadable == 1
    rondkomen = next(c for c in found.changes if c.id == "rondkomen")
    assert rondkomen.total.count == PAIRED - 1 and rondkomen.unpaired == len(ONLY_START) + 1
    page = _text(client_for(measured["editor"]).get(f"/casussen/{cohort.uid}/"))
    assert "niet meer bij hun instrument passen en niet meetellen: 1." in page


FOLLOWED = range(20)  # client cases 0..19 measured again at the follow-up


def _later(k: int) -> tuple[int, int]:
    """Client case k's (money, health) at the follow-up, on the scales."""
    _ms, money_end, _hs, health_end = _levels(k)
    return max(1, money_end - (k % 5 == 0)), min(5, health_end + (k % 2))


def test_follow_up_measurements_show_their_mean_and_the_change_since_the_start(
    measured: dict[str, Any],
) -> None:
    """Follow-up values (made here as rows) get a table of their own: per indicator the
    follow-up mean and the change start → follow-up with its interval; the start → end
    table stays as it was. A refused consent and an open follow-up do not count."""
    cohort, clients = measured["cohort"], measured["clients"]
    editor = client_for(measured["editor"])
    before = _text(editor.get(f"/casussen/{cohort.uid}/"))
    assert "Na de follow-up" not in before
    instrument = Instrument.objects.get()
    for k in [*FOLLOWED, REFUSED, 30]:
        money, health = _later(k)
        Measurement.objects.create(
            client=clients[k],
            instrument=instrument,
            moment="follow-up",
            answers=_answers(money, health, k % 2 == 0),
            status=Status.OPEN if k == 30 else Status.FINISHED,
            finished_at=timezone.now(),
        )
    page = _text(editor.get(f"/casussen/{cohort.uid}/"))
    assert "Na de follow-up" in page and 'class="indicators follow-up"' in page

    def start_end(text: str) -> str:
        return text.split('class="indicators"')[1].split("</table>")[0]

    assert start_end(page) == start_end(before)  # the start → end table did not move
    later = page.split("Na de follow-up")[1]
    # by hand: the means over the client cases measured at start and follow-up
    start = sum(_levels(k)[0] for k in FOLLOWED) / len(FOLLOWED)
    follow = sum(_later(k)[0] for k in FOLLOWED) / len(FOLLOWED)
    assert f">{number(start, 2)}</td>" in later and f">{number(follow, 2)}</td>" in later
    assert f'<td class="num">{len(FOLLOWED)}</td>' in later
    # the change and its interval: the engine fed the same values straight
    values = []
    for k in range(56):
        if k != REFUSED:
            money, _m, health, _h = _levels(k)
            values += [
                (clients[k].pseudonym, "start", "rondkomen", money),
                (clients[k].pseudonym, "start", "ervaren_gezondheid", health),
            ]
    for k in FOLLOWED:
        money, health = _later(k)
        values += [
            (clients[k].pseudonym, "follow-up", "rondkomen", money),
            (clients[k].pseudonym, "follow-up", "ervaren_gezondheid", health),
        ]
    specs = defined(load_model(MODEL).case)
    found = measurements_from(values, [s.id for *_r, s in specs])
    direct = indicator_changes(found, specs, None, seed=2019, to="follow_up")
    assert {c.id for c in direct} == {"rondkomen", "ervaren_gezondheid"}
    for indicator in direct:
        change = indicator.total
        assert change.count == len(FOLLOWED)
        assert change.end == pytest.approx(
            sum(_later(k)[0 if indicator.id == "rondkomen" else 1] for k in FOLLOWED)
            / len(FOLLOWED)
        )
        shown = (
            f"{_signed(change.change)} ({_signed(change.interval.low)} tot "
            f"{_signed(change.interval.high)})"
        )
        assert shown in later, shown
    unpaired = PAIRED + len(ONLY_START) - len(FOLLOWED)  # a start but no follow-up
    assert "Rondkomen met geld: niet bij de start én bij de follow-up gemeten" in later
    assert f"(aantal casussen: {unpaired})" in later
    # the cohort's report and workbook carry the follow-up too, in a table and a section
    # of their own, with the engine's figures start → follow-up
    report = _text(editor.get(f"/casussen/{cohort.uid}/rapport/html/"))
    assert "Indicatoren: verandering van begin tot eind" in report
    after = report.split("Indicatoren: verandering van begin tot follow-up")[1]
    assert "houdt de verandering stand na de ondersteuning?" in after
    for indicator in direct:
        low, high = indicator.total.interval.low, indicator.total.interval.high
        assert f"{number(low, 2)} – {number(high, 2)}" in after
        assert f"{number(indicator.total.end, 2)}" in after
    import openpyxl

    answer = editor.get(f"/casussen/{cohort.uid}/rapport/xlsx/")
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content), data_only=True)["Indicatoren"]
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    title = next(
        n for n, r in enumerate(rows) if r[0] == "Indicatoren: verandering van begin tot follow-up"
    )
    below = rows[title:]
    for k in FOLLOWED:
        assert any(r[0] == clients[k].pseudonym for r in below)
    means = [r for r in below if r[0] == "alle casussen"]
    assert [m[1] for m in means] == [len(FOLLOWED)] * len(direct)  # =COUNT over the rows
    by_id = {i.id: i for i in direct}
    ends = sorted(round(m[3], 9) for m in means)  # the follow-up's =AVERAGE, as computed
    assert ends == sorted(round(by_id[i].total.end, 9) for i in by_id)
