"""Measurements of client cases by a professional in the web app (issue 24, items 2 and 5):
instruments per organisation, consent first, the form saved as you go, start and end
measurements that make a client case's rows and kassabon (checked against a hand
computation from the answers and the price list's prices), a logged export without
formulas, answers only for members with the client-data right, and a deletion that leaves
no answer anywhere in the database."""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers

from rendement.cohort.reading import ClientCases, Entry
from rendement.cohort.valuation import prices_of
from rendement.instrument.answers import AnswerError
from rendement.instrument.template import bundled_path
from rendement.model import loads
from rendement.money import euro
from rendement.web.audit.models import AuditEntry
from rendement.web.cases import services as case_services
from rendement.web.cases.examples import example_text
from rendement.web.cohorts.models import ClientRow, Cohort
from rendement.web.cohorts.services import import_cohort
from rendement.web.measuring import links, services
from rendement.web.measuring.models import (
    AnswerLink,
    Consent,
    Instrument,
    MeasuredRows,
    Measurement,
    Status,
)
from rendement.web.measuring.questionnaire import asked, instrument_of
from rendement.web.organisations.models import Role
from rendement.web.organisations.services import add_member
from web_world import client_for

BMC = "bmc-start-eind"
SECRET = "Zeldzaam-antwoord-Qx7"  # an open answer that must vanish with its client case

# The answers of client case K-1, as the professional types them (a decimal comma too)
START = {
    "begeleiding_uren": "3",
    "dagbesteding_dagdelen": "2",
    "huishoudelijke_hulp_uren": "1,5",
    "huisarts_contacten": "4",
    "ggz_contacten": "2",
    "spoedeisende_hulp": "1",
    "risico_opname": "reeel",  # probability 0.25 of 30 nursing days
    "risico_zware_hulp": "klein",  # probability 0.05 of 1 family-year
    "gezondheid": "matig",
    "vrijwilligerswerk_uren": "0",
    "situatie_start": SECRET,
}
END = {
    "begeleiding_uren": "1",
    "dagbesteding_dagdelen": "0",
    "huishoudelijke_hulp_uren": "1,5",
    "huisarts_contacten": "2",
    "ggz_contacten": "0",
    "spoedeisende_hulp": "0",
    "risico_opname": "geen",
    "risico_zware_hulp": "geen",
    "gezondheid": "goed",
    "vrijwilligerswerk_uren": "3",
}
# by hand, from the instrument: quantity per year = answer × 52 (per week), × 4 (per three
# months) or × 1 (per year); a risk = probability × its quantity
ROWS = {
    ("begeleiding_uur", "effect"): (3 * 52, 1 * 52),
    ("dagbesteding_dagdeel", "effect"): (2 * 52, 0),
    ("homecare_household", "effect"): (1.5 * 52, 1.5 * 52),
    ("huisarts_contact", "effect"): (4 * 4, 2 * 4),
    ("mhc_basic_institution", "effect"): (2 * 4, 0),
    ("emergency_care", "effect"): (1, 0),
    ("mhc_nursingday_psy_inst", "effect"): (0.25 * 30, 0),
    ("multiprobleemgezin_jaar", "effect"): (0.05 * 1, 0),
    ("vrijwilligersuur", "shadow"): (0, 3 * 52),
}


def _document() -> str:
    """The social broker's case with the cost manual's prices too: every item the bundled
    guide maps to has a price."""
    text = example_text("cohort/sociaal-makelaar")
    changed = text.replace(
        "price_lists: [mbc-de-bilt-2019, vrijwilligerswerk]",
        "price_lists: [mbc-de-bilt-2019, vrijwilligerswerk, kostenhandleiding-2024]",
    )
    assert changed != text
    return changed


@pytest.fixture
def measuring(world: dict[str, Any]) -> dict[str, Any]:
    """A cohort of two client cases in De Bilt (K-1 with one row from an upload), the
    bundled guide added, the editor with the client-data right."""
    add_member(
        actor=world["owner"],
        organisation=world["bilt"],
        user=world["editor"],
        role=Role.EDITOR,
        client_data=True,
    )
    case = case_services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=_document(),
        message="prijzen",
        name="gesprekken.yaml",
    )
    cohort = import_cohort(
        actor=world["owner"],
        organisation=world["bilt"],
        name="Gesprekken",
        cases=ClientCases(
            "tabel.csv",
            ["wijk"],
            {"K-1": {"wijk": "Noord"}, "K-2": {"wijk": "Zuid"}},
            [Entry(2, "K-1", "begeleiding_uur", "effect", 10.0, 5.0, None, None)],
        ),
        prices=case,
    )
    world |= {
        "cohort": cohort,
        "k1": cohort.clients.get(pseudonym="K-1"),
        "k2": cohort.clients.get(pseudonym="K-2"),
        "prices": prices_of(loads(_document())),
    }
    return world


def _text(answer: Any) -> str:
    return html.unescape(answer.content.decode())


def _client_url(world: dict[str, Any], client: Any, tail: str = "") -> str:
    return f"/casussen/{world['cohort'].uid}/casus/{client.pk}/metingen/{tail}"


def _add_bundled(world: dict[str, Any]) -> Instrument:
    editor = client_for(world["editor"])
    answer = editor.post(
        "/instrumenten/meegeleverd/", {"organisation": world["bilt"].slug, "bundled": BMC}
    )
    assert answer.status_code == 302
    return Instrument.objects.get(organisation=world["bilt"], bundled=BMC)


def _start(world: dict[str, Any], client: Any, instrument: Instrument, moment: str) -> Any:
    editor = client_for(world["editor"])
    answer = editor.post(
        _client_url(world, client, "starten/"), {"instrument": instrument.uid, "moment": moment}
    )
    assert answer.status_code == 302, _text(answer)[:1000]
    return Measurement.objects.get(client=client, instrument=instrument, moment=moment)


def _fields(answers: dict[str, str]) -> dict[str, str]:
    return {f"q-{k}": v for k, v in answers.items()}


def _measure(world: dict[str, Any], client: Any, instrument: Instrument, moment: str,
             answers: dict[str, str]) -> Measurement:  # fmt: skip
    """Consent, then the answers, then finished: as a professional clicks it."""
    editor = client_for(world["editor"])
    measurement = _start(world, client, instrument, moment)
    url = _client_url(world, client, f"{measurement.uid}/")
    if not services.consented(client, instrument):
        assert editor.post(url + "toestemming/", {"consent": "ja"}).status_code == 302
    answer = editor.post(url + "opslaan/", {**_fields(answers), "action": "finish"})
    assert answer.status_code == 302, _text(answer)[:3000]
    measurement.refresh_from_db()
    assert measurement.status == Status.FINISHED
    return measurement


def _rows(client: Any) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    return {(r.item, r.kind): (r.before, r.after) for r in ClientRow.objects.filter(client=client)}


def test_instruments_bundled_with_their_source_and_own_ones_checked_with_located_errors(
    measuring: dict[str, Any],
) -> None:
    editor = client_for(measuring["editor"])
    page = _text(editor.get("/instrumenten/"))
    assert "Start- en eindgesprek sociale basis" in page
    assert "BMC, Maatschappelijk rendement van een sterke sociale basis" in page  # its source
    assert "De Jong Gierveld" in page and "Zelfredzaamheid-Matrix" in page
    instrument = _add_bundled(measuring)
    assert instrument.text == bundled_path(BMC).read_text(encoding="utf-8")
    assert AuditEntry.objects.filter(action="instrument.add").count() == 1
    # an own instrument with two mistakes: each with its line and its field in words
    text = bundled_path("voorbeeld").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if "per_year:" in line)
    lines[at] = lines[at].split("per_year:")[0] + "per_year: wekelijks"
    broken = "\n".join(lines) + "\n"
    answer = editor.post(
        "/instrumenten/eigen/", {"organisation": measuring["bilt"].slug, "text": broken}
    )
    shown = _text(answer)
    assert answer.status_code == 422
    assert f"regel {at + 1}" in shown and "per jaar" in shown and "vraag '" in shown
    assert "Traceback" not in shown and "per_year" not in shown.split("<textarea")[0]
    assert "wekelijks" in shown  # what was pasted comes back
    assert Instrument.objects.count() == 1
    # not YAML at all: still a located message
    answer = editor.post(
        "/instrumenten/eigen/", {"organisation": measuring["bilt"].slug, "text": "a: [b\n"}
    )
    assert answer.status_code == 422 and "geen geldige YAML" in _text(answer)
    answer = editor.post(
        "/instrumenten/eigen/", {"organisation": measuring["bilt"].slug, "text": text}
    )
    assert answer.status_code == 302 and Instrument.objects.count() == 2
    # another organisation's member cannot add to De Bilt
    stranger = client_for(measuring["stranger"])
    answer = stranger.post(
        "/instrumenten/meegeleverd/", {"organisation": measuring["bilt"].slug, "bundled": BMC}
    )
    assert answer.status_code == 404 and Instrument.objects.count() == 2


def test_consent_comes_first_and_a_refusal_stores_no_answer(measuring: dict[str, Any]) -> None:
    instrument = _add_bundled(measuring)
    editor = client_for(measuring["editor"])
    k1 = measuring["k1"]
    measurement = _start(measuring, k1, instrument, "start")
    url = _client_url(measuring, k1, f"{measurement.uid}/")
    page = _text(editor.get(url))
    assert "Mogen wij uw antwoorden gebruiken" in page and 'name="q-' not in page
    # answers before consent are not taken
    editor.post(url + "opslaan/", _fields(START))
    measurement.refresh_from_db()
    assert measurement.answers == {}
    # no choice: asked again, in words
    answer = editor.post(url + "toestemming/", {})
    assert answer.status_code == 422 and "Kies ja of nee" in _text(answer)
    assert editor.post(url + "toestemming/", {"consent": "nee"}).status_code == 302
    consent = Consent.objects.get(client=k1, instrument=instrument)
    assert not consent.given and consent.recorded_by == measuring["editor"]
    assert not Measurement.objects.filter(client=k1).exists()
    page = _text(editor.get(_client_url(measuring, k1)))
    assert "geweigerd" in page and "bewerker" in page
    # asked again later and given: the form opens
    measurement = _start(measuring, k1, instrument, "start")
    url = _client_url(measuring, k1, f"{measurement.uid}/")
    assert editor.post(url + "toestemming/", {"consent": "ja"}).status_code == 302
    page = _text(editor.get(url))
    assert 'name="q-begeleiding_uren"' in page and 'inputmode="decimal"' in page
    assert "<legend>Zorg en ondersteuning</legend>" in page
    consent.refresh_from_db()
    assert consent.given


def test_saved_as_you_go_paused_continued_and_nothing_typed_is_lost(
    measuring: dict[str, Any],
) -> None:
    instrument = _add_bundled(measuring)
    editor = client_for(measuring["editor"])
    k1 = measuring["k1"]
    measurement = _start(measuring, k1, instrument, "start")
    url = _client_url(measuring, k1, f"{measurement.uid}/")
    editor.post(url + "toestemming/", {"consent": "ja"})
    # HTMX on a change: stored, and the field's message comes back out of band
    answer = editor.post(
        url + "opslaan/",
        {"q-begeleiding_uren": "2,5", "q-huisarts_contacten": "99"},
        HTTP_HX_REQUEST="true",
    )
    shown = _text(answer)
    assert answer.status_code == 200 and "Opgeslagen" in shown
    assert 'id="f-q-huisarts_contacten-error" hx-swap-oob="true"' in shown
    assert "tussen 0 en 50" in shown
    measurement.refresh_from_db()
    assert measurement.answers == {"begeleiding_uren": 2.5}
    # plain POST with a mistake: the page comes back with what was typed and the message,
    # the good answers are stored all the same
    answer = editor.post(
        url + "opslaan/",
        {"q-begeleiding_uren": "3", "q-ggz_contacten": "twee", "action": "pause"},
    )
    shown = _text(answer)
    assert answer.status_code == 422
    assert 'value="twee"' in shown and "hier hoort een getal" in shown.lower()
    assert 'aria-describedby="f-q-ggz_contacten-error"' in shown
    measurement.refresh_from_db()
    assert measurement.answers == {"begeleiding_uren": 3} and measurement.status == "paused"
    # an emptied field becomes unanswered
    editor.post(url + "opslaan/", {"q-begeleiding_uren": "", "action": "pause"})
    measurement.refresh_from_db()
    assert measurement.answers == {} and measurement.status == Status.PAUSED
    assert "Gepauzeerd" in _text(editor.get(_client_url(measuring, k1)))
    assert editor.post(url + "verder/").status_code == 302
    measurement.refresh_from_db()
    assert measurement.status == Status.OPEN
    # finishing with a mistake does not finish
    answer = editor.post(url + "opslaan/", {"q-ggz_contacten": "-1", "action": "finish"})
    measurement.refresh_from_db()
    assert answer.status_code == 422 and measurement.status == Status.OPEN
    for entry in AuditEntry.objects.filter(action__startswith="measurement."):
        assert "K-1" not in json.dumps(entry.detail) + entry.subject


def test_start_and_end_make_the_rows_and_the_kassabon_of_the_hand_computation(
    measuring: dict[str, Any],
) -> None:
    instrument = _add_bundled(measuring)
    k1, prices = measuring["k1"], measuring["prices"]
    assert _rows(k1) == {("begeleiding_uur", "effect"): (10.0, 5.0)}  # from the upload
    _measure(measuring, k1, instrument, "start", START)
    assert _rows(k1) == {("begeleiding_uur", "effect"): (10.0, 5.0)}  # not yet: no end
    _measure(measuring, k1, instrument, "eind", END)
    rows = _rows(k1)
    assert set(rows) == set(ROWS)
    for key, (before, after) in ROWS.items():
        assert rows[key] == pytest.approx((before, after)), key
    made = MeasuredRows.objects.get(client=k1)
    assert made.rows == len(ROWS) and made.instrument == instrument
    logged = AuditEntry.objects.get(action="measurement.rows")
    assert logged.detail == {"instrument": instrument.uid, "rows": len(ROWS), "replaced": 1}
    # the kassabon: (before − after) × price, every share 100 %; shadow value apart
    gross = sum(
        (before - after) * prices[item].amount
        for (item, kind), (before, after) in ROWS.items()
        if kind == "effect"
    )
    shadow = sum(
        (after - before) * prices[item].amount
        for (item, kind), (before, after) in ROWS.items()
        if kind == "shadow"
    )
    editor = client_for(measuring["editor"])
    receipt = _text(editor.get(f"/casussen/{measuring['cohort'].uid}/casus/{k1.pk}/"))
    assert euro(gross) in receipt and euro(shadow) in receipt
    assert "komen uit de start- en eindmeting" in receipt and "Metingen van deze casus" in receipt
    # the cohort page follows (K-2 has no rows): its net is K-1's
    cohort_page = _text(editor.get(f"/casussen/{measuring['cohort'].uid}/"))
    assert euro(gross) in cohort_page
    # a finished measurement's answers are not changed afterwards
    start = Measurement.objects.get(client=k1, moment="start")
    editor.post(_client_url(measuring, k1, f"{start.uid}/opslaan/"), {"q-ggz_contacten": "9"})
    start.refresh_from_db()
    assert start.answers["ggz_contacten"] == 2
    # a follow-up gives indicator values only: the rows stay
    _measure(measuring, k1, instrument, "follow-up", {"gezondheid": "uitstekend"})
    assert _rows(k1) == rows
    # an answer left open is unknown, never zero
    k2 = measuring["k2"]
    _measure(measuring, k2, instrument, "start", {"begeleiding_uren": "2"})
    _measure(measuring, k2, instrument, "eind", {"begeleiding_uren": "1"})
    rows2 = _rows(k2)
    assert rows2[("begeleiding_uur", "effect")] == (104, 52)
    assert rows2[("huisarts_contact", "effect")] == (None, None)


def test_an_instrument_without_costs_leaves_the_rows_and_the_bmc_guide_replaces_them(
    measuring: dict[str, Any],
) -> None:
    """A finished start and end measurement with an indicator-only instrument (the ZRM
    template: no cost or risk question) leave the client case's rows, its ``MeasuredRows``
    record and the audit log alone, and both the page and the message say so; the BMC
    guide's pair then replaces the rows, and a later indicator-only pair leaves THOSE."""
    editor = client_for(measuring["editor"])
    answer = editor.post(
        "/instrumenten/meegeleverd/",
        {"organisation": measuring["bilt"].slug, "bundled": "zrm-sjabloon"},
    )
    assert answer.status_code == 302
    zrm = Instrument.objects.get(organisation=measuring["bilt"], bundled="zrm-sjabloon")
    # decided on the instrument's questions, not on what a client answered
    assert not services.makes_rows(zrm)
    assert not any(q.cost or q.risk for q in instrument_of(zrm).questions)
    k1 = measuring["k1"]
    uploaded = {("begeleiding_uur", "effect"): (10.0, 5.0)}
    assert _rows(k1) == uploaded
    start = _measure(measuring, k1, zrm, "start", {"financien": "2", "dagbesteding": "3"})
    page = _text(editor.get(_client_url(measuring, k1, f"{start.uid}/")))
    assert "de start- en eindmeting veranderen de regels van de casus niet" in page
    measurement = _start(measuring, k1, zrm, "eind")
    url = _client_url(measuring, k1, f"{measurement.uid}/opslaan/")
    answer = editor.post(url, {"q-financien": "4", "action": "finish"}, follow=True)
    said = _text(answer)
    assert "de start- en eindmeting veranderen de regels van de casus niet" in said
    assert "komen nu uit de start- en eindmeting" not in said
    assert Measurement.objects.filter(client=k1, status=Status.FINISHED).count() == 2
    assert _rows(k1) == uploaded  # not wiped
    assert not MeasuredRows.objects.filter(client=k1).exists()
    assert not AuditEntry.objects.filter(action="measurement.rows").exists()
    # the pair counts as indicator values (ZRM Financiën 2 → 4 for K-1)
    values = {
        (m.moment, v.indicator): v.value
        for m in Measurement.objects.filter(client=k1)
        for v in services.meaning(m).indicators
    }
    assert values[("start", "zrm_financien")] == 2 and values[("eind", "zrm_financien")] == 4
    # the BMC guide maps costs: its pair replaces the rows
    guide = _add_bundled(measuring)
    assert services.makes_rows(guide)
    _measure(measuring, k1, guide, "start", START)
    _measure(measuring, k1, guide, "eind", END)
    rows = _rows(k1)
    assert set(rows) == set(ROWS) and MeasuredRows.objects.get(client=k1).instrument == guide
    # an indicator-only pair finished later (here: the end again, through the service)
    # does not touch the rows the guide made, nor their record
    again = Measurement.objects.get(client=k1, instrument=zrm, moment="eind")
    done = services.finish_measurement(
        actor=measuring["editor"], measurement=again, answers={"financien": 5}
    )
    assert done.no_rows and done.rows is None and not done.problems
    assert (
        services.rows_from_measurements(
            actor=measuring["editor"],
            client=k1,
            pair=(Measurement.objects.get(client=k1, instrument=zrm, moment="start"), again),
        )
        is None
    )
    assert _rows(k1) == rows and MeasuredRows.objects.get(client=k1).instrument == guide
    assert AuditEntry.objects.filter(action="measurement.rows").count() == 1


def test_consent_withdrawn_after_the_rows_were_made_removes_those_rows_too(
    measuring: dict[str, Any],
) -> None:
    """Rows made from answers are personal data derived from them: a refusal after start
    and end were measured deletes the measurements AND the client case's rows made from
    them (with their record), in one go; the kassabon is empty (the uploaded row the
    measurement replaced is not brought back). Another client case keeps its rows."""
    instrument = _add_bundled(measuring)
    k1, k2 = measuring["k1"], measuring["k2"]
    _measure(measuring, k1, instrument, "start", START)
    _measure(measuring, k1, instrument, "eind", END)
    _measure(measuring, k2, instrument, "start", {"begeleiding_uren": "2"})
    _measure(measuring, k2, instrument, "eind", {"begeleiding_uren": "1"})
    assert len(_rows(k1)) == len(ROWS) and _rows(k2)
    kept_k2 = _rows(k2)
    editor = client_for(measuring["editor"])
    receipt_url = f"/casussen/{measuring['cohort'].uid}/casus/{k1.pk}/"
    gross = sum(
        (before - after) * measuring["prices"][item].amount
        for (item, kind), (before, after) in ROWS.items()
        if kind == "effect"
    )
    assert euro(gross) in _text(editor.get(receipt_url))
    page = _text(editor.get(_client_url(measuring, k1)))
    assert "Toestemming intrekken en alles uit de metingen verwijderen" in page
    # an instrument without a given consent is a 404
    assert (
        editor.post(_client_url(measuring, k1, "intrekken/"), {"instrument": "x"}).status_code
        == 404
    )
    answer = editor.post(_client_url(measuring, k1, "intrekken/"), {"instrument": instrument.uid})
    assert answer.status_code == 302
    assert not Measurement.objects.filter(client=k1).exists()
    assert not ClientRow.objects.filter(client=k1).exists()
    assert not MeasuredRows.objects.filter(client=k1).exists()
    assert _rows(k2) == kept_k2 and MeasuredRows.objects.filter(client=k2).exists()
    logged = AuditEntry.objects.filter(action="measurement.consent", detail__given=False).get()
    assert logged.detail["rows_removed"] == len(ROWS)
    assert logged.detail["removed"] == 2  # the start and the end measurement
    receipt = _text(editor.get(receipt_url))
    assert euro(gross) not in receipt and "komen uit de start- en eindmeting" not in receipt
    # a refusal for a client case whose rows came from an upload leaves those rows
    cohort = measuring["cohort"]
    other = cohort.clients.create(pseudonym="K-3")
    ClientRow.objects.create(
        client=other, row=4, item="begeleiding_uur", kind="effect", before=8.0, after=2.0
    )
    services.record_consent(
        actor=measuring["editor"], client=other, instrument=instrument, given=False
    )
    assert _rows(other) == {("begeleiding_uur", "effect"): (8.0, 2.0)}


def test_the_export_of_answers_is_logged_and_never_a_formula(measuring: dict[str, Any]) -> None:
    instrument = _add_bundled(measuring)
    k1 = measuring["k1"]
    _measure(measuring, k1, instrument, "start", {**START, "situatie_start": "=SOM(A1:A9)"})
    editor = client_for(measuring["editor"])
    answer = editor.get(f"/casussen/{measuring['cohort'].uid}/antwoorden.csv")
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    at_start = asked(instrument_of(instrument), "start")
    assert len(rows) == 1 + len(at_start)  # one row per client case × moment × question
    assert all(r[0] == "K-1" for r in rows[1:])
    story = next(r for r in rows if r[5] == "Hoe ging het met u voordat de steun begon?")
    assert story[6] == "'=SOM(A1:A9)"
    risk = next(r for r in rows if r[5].startswith("Hoe groot is de kans dat u"))
    assert risk[6] == "Een echte kans"  # the option's words, not its stored value
    logged = AuditEntry.objects.get(action="measurement.export")
    assert logged.actor == measuring["editor"]
    assert logged.detail == {"rows": len(at_start), "measurements": 1}


def test_answers_are_seen_only_with_the_client_data_right(measuring: dict[str, Any]) -> None:
    instrument = _add_bundled(measuring)
    k1 = measuring["k1"]
    measurement = _measure(measuring, k1, instrument, "start", START)
    cohort = measuring["cohort"]
    addresses = [
        _client_url(measuring, k1),
        _client_url(measuring, k1, f"{measurement.uid}/"),
        f"/casussen/{cohort.uid}/antwoorden.csv",
    ]
    for user in ("viewer", "stranger"):  # a member without the right, another organisation
        visitor = client_for(measuring[user])
        for address in addresses:
            assert visitor.get(address).status_code == 404, (user, address)
        answer = visitor.post(
            _client_url(measuring, k1, f"{measurement.uid}/opslaan/"), {"q-ggz_contacten": "9"}
        )
        assert answer.status_code == 404
        assert "Gemeente De Bilt" not in _text(visitor.get("/instrumenten/"))
    # the viewer given the right reads the answers but does not change them
    add_member(
        actor=measuring["owner"],
        organisation=measuring["bilt"],
        user=measuring["viewer"],
        role=Role.VIEWER,
        client_data=True,
    )
    viewer = client_for(measuring["viewer"])
    assert SECRET in _text(viewer.get(addresses[1]))
    answer = viewer.post(
        _client_url(measuring, k1, f"{measurement.uid}/opslaan/"), {"q-ggz_contacten": "9"}
    )
    assert answer.status_code == 403
    measurement.refresh_from_db()
    assert measurement.answers["ggz_contacten"] == 2
    assert not AuditEntry.objects.filter(action="measurement.export").exists()


def _dump() -> str:
    """Every row of every table, as text."""
    return "\n".join(
        serializers.serialize("json", model.objects.all()) for model in apps.get_models()
    )


def test_deleting_a_client_case_or_its_cohort_leaves_no_answer_anywhere(
    measuring: dict[str, Any],
) -> None:
    from django.utils import timezone

    from rendement.web.measuring.models import token_digest

    instrument = _add_bundled(measuring)
    k1, k2 = measuring["k1"], measuring["k2"]
    _measure(measuring, k1, instrument, "start", START)
    _measure(measuring, k1, instrument, "eind", {**END, "verandering": SECRET + "-eind"})
    _measure(measuring, k2, instrument, "start", {**START, "situatie_start": SECRET + "-2"})
    AnswerLink.objects.create(
        measurement=Measurement.objects.get(client=k2),
        digest=token_digest("t"),
        expires_at=timezone.now(),
    )
    assert SECRET in _dump()
    editor = client_for(measuring["editor"])
    cohort = measuring["cohort"]
    answer = editor.post(f"/casussen/{cohort.uid}/casus/{k1.pk}/verwijderen/")
    assert answer.status_code == 302
    assert not Measurement.objects.filter(client_id=k1.pk).exists()
    assert not Consent.objects.filter(client_id=k1.pk).exists()
    assert not MeasuredRows.objects.exists()
    left = _dump()
    assert SECRET + "-eind" not in left and SECRET + "-2" in left
    assert editor.post(f"/casussen/{cohort.uid}/verwijderen/").status_code == 302
    for model in apps.get_app_config("measuring").get_models():
        if model is not Instrument:  # the organisation's questionnaire holds no answer
            assert not model.objects.exists(), model
    assert not Cohort.objects.exists()
    assert SECRET not in _dump()
    for value in ("3,5", "reeel", "matig"):  # no answer in an audit row either
        assert all(value not in json.dumps(e.detail) for e in AuditEntry.objects.all())


def test_the_demo_measures_its_own_cohort_with_the_bmc_guide(db: Any) -> None:
    from rendement.web.demo import DEMO_ANSWERS, DEMO_MEASURED_COHORT, ensure_demo

    ensure_demo(password="demo-wachtwoord-m")
    cohort = Cohort.objects.get(name=DEMO_MEASURED_COHORT)
    assert Instrument.objects.filter(bundled=BMC, organisation=cohort.organisation).exists()
    prices = prices_of(loads(cohort.prices.latest().document))
    guide = instrument_of(Instrument.objects.get(bundled=BMC))
    items = {q.cost.item for q in guide.questions if q.cost}
    items |= {q.risk.item for q in guide.questions if q.risk}
    assert items <= set(prices)  # its business case prices every item the guide maps to
    for client in cohort.clients.all():
        attributes, start, end = DEMO_ANSWERS[client.pseudonym]
        assert client.attributes == attributes
        assert MeasuredRows.objects.filter(client=client).exists()
        assert (
            Measurement.objects.filter(
                client=client, status=Status.FINISHED, moment__in=["start", "eind"]
            ).count()
            == 2
        )
        rows = _rows(client)
        # by hand: hours of support per week × 52, contacts per three months × 4
        assert rows[("begeleiding_uur", "effect")] == (
            start["begeleiding_uren"] * 52,  # type: ignore[operator]
            end["begeleiding_uren"] * 52,  # type: ignore[operator]
        )
        assert rows[("huisarts_contact", "effect")] == (
            start["huisarts_contacten"] * 4,  # type: ignore[operator]
            end["huisarts_contacten"] * 4,  # type: ignore[operator]
        )
    # G01 and G02 measured at a follow-up too (indicator values only: their rows stay);
    # G03's follow-up waits for the client, through a one-time link that is still open
    follow = Measurement.objects.filter(client__cohort=cohort, moment="follow-up")
    assert sorted(follow.filter(status=Status.FINISHED).values_list(
        "client__pseudonym", flat=True)) == ["G01", "G02"]  # fmt: skip
    link = AnswerLink.objects.get()
    assert link.measurement.client.pseudonym == "G03"
    assert link.measurement.moment == "follow-up" and link.measurement.status == Status.OPEN
    assert links.is_open(link)


def test_the_demo_measures_its_example_client_cases_without_touching_their_rows(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 60 example client cases are measured at start and end with the bundled score
    instrument (consent given, finished, the answers of :func:`demo.demo_scores`); their
    rows, and so every figure made from them, are what they were before: the demo is made
    without the scores first, then they are added."""
    from rendement.web import demo
    from rendement.web.cohorts import evaluation

    monkeypatch.setattr(demo, "_demo_scores", lambda user, organisation: None)
    demo.ensure_demo(password="demo-wachtwoord-s")
    example = Cohort.objects.get(name=demo.DEMO_COHORT_NAME)

    def snapshot() -> tuple[list[tuple[Any, ...]], list[tuple[str, float, float]]]:
        rows = list(
            ClientRow.objects.filter(client__cohort=example)
            .order_by("client__pseudonym", "row")
            .values_list(
                "client__pseudonym", "row", "item", "kind", "before", "after",
                "attribution", "probability",
            )
        )  # fmt: skip
        evaluation.forget(example.pk)
        valued = evaluation.valued(example)
        return rows, [(c.id, c.gross, c.net) for c in valued.cases]

    before = snapshot()
    assert len(before[0]) > 60
    monkeypatch.undo()
    organisation = example.organisation
    demo._demo_scores(get_user_model().objects.get(username="demo"), organisation)
    assert snapshot() == before
    assert not MeasuredRows.objects.filter(client__cohort=example).exists()
    scores = Instrument.objects.get(organisation=organisation, bundled="scores")
    assert not services.makes_rows(scores)
    logged = AuditEntry.objects.get(action="measurement.import")
    assert logged.detail == {"instrument": scores.uid, "clients": 60, "measurements": 120}
    # brought in at once only with an instrument that makes no rows, and all or nothing
    actor = get_user_model().objects.get(username="demo")
    guide = Instrument.objects.get(organisation=organisation, bundled=BMC)
    with pytest.raises(ValueError):
        services.import_scores(actor=actor, instrument=guide, measured={})
    other = Cohort.objects.get(name=demo.DEMO_MEASURED_COHORT).clients.order_by("pk")
    with pytest.raises(AnswerError):
        services.import_scores(
            actor=actor,
            instrument=scores,
            measured={
                other[0]: {"start": {"eenzaamheid_score": 3}},
                other[1]: {"start": {"eenzaamheid_score": 12}},  # above the scale's 11
            },
        )
    assert not Measurement.objects.filter(instrument=scores, client__cohort=other[0].cohort)
    expected = demo.demo_scores({c.pseudonym: c.attributes for c in example.clients.all()})
    assert len(expected) == 60
    for client in example.clients.all():
        assert Consent.objects.get(client=client, instrument=scores).given
        done = {
            m.moment: m.answers
            for m in Measurement.objects.filter(client=client, status=Status.FINISHED)
        }
        start, end = expected[client.pseudonym]
        assert done == {"start": start, "eind": end}
        for answers in (start, end):  # within the instrument's ranges
            assert 0 <= answers["eenzaamheid_score"] <= 11  # type: ignore[operator]
            assert 1 <= answers["zrm_gemiddeld"] <= 5  # type: ignore[operator]
