"""Client cases in the web app (issue 13): upload with a preview of every mistake, the
figures the CLI gives, isolation between organisations and roles, logged exports, and
deletion that leaves nothing behind."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rendement.cohort.reading import read_cases
from rendement.cohort.summary import summarise
from rendement.cohort.valuation import prices_of, value_cases
from rendement.engine import evaluate
from rendement.model import BASE_SCENARIO, load_model, loads
from rendement.money import euro
from rendement.web.audit.models import AuditEntry
from rendement.web.cases import services as case_services
from rendement.web.cases.examples import example_text
from rendement.web.cases.models import Case
from rendement.web.cohorts import evaluation
from rendement.web.cohorts.models import ClientCase, ClientRow, Cohort
from rendement.web.organisations.models import Role
from rendement.web.organisations.services import add_member
from web_world import client_for

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "cohort" / "sociaal-makelaar.csv"
MODEL = ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml"


@pytest.fixture
def broker(world: dict[str, Any]) -> dict[str, Any]:
    """The invented social broker's case in De Bilt's organisation; the editor may see
    client cases, the viewer may not (yet)."""
    world["broker"] = case_services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text("cohort/sociaal-makelaar"),
        message="voorbeeld",
        name="sociaal-makelaar.yaml",
    )
    _grant(world, "editor", Role.EDITOR)
    return world


def _grant(world: dict[str, Any], user: str, role: str) -> None:
    """The owner gives ``user`` the right to see client cases, beside ``role``."""
    add_member(
        actor=world["owner"],
        organisation=world["bilt"],
        user=world[user],
        role=role,
        client_data=True,
    )


def _may_read(world: dict[str, Any]) -> None:
    """The viewer may read client cases (not change them)."""
    _grant(world, "viewer", Role.VIEWER)


def _upload(client: Any, case: Case, content: bytes, name: str = "casussen.csv") -> Any:
    return client.post(
        "/casussen/upload/",
        {"prices": case.uid, "name": "Makelaar 2026", "table": SimpleUploadedFile(name, content)},
    )


def _text(answer: Any) -> str:
    return html.unescape(answer.content.decode())


def _expected() -> Any:
    valued = value_cases(read_cases(TABLE), prices_of(load_model(MODEL)))
    return valued, summarise(valued, "hulpvraag")


def _case_url(cohort: Cohort, pseudonym: str, tail: str = "") -> str:
    """A client case's address: by its number, as a pseudonym may hold a '/'."""
    number = cohort.clients.get(pseudonym=pseudonym).pk
    return f"/casussen/{cohort.uid}/casus/{number}/{tail}"


def _uploaded(world: dict[str, Any]) -> Cohort:
    answer = _upload(client_for(world["editor"]), world["broker"], TABLE.read_bytes())
    assert answer.status_code == 302, _text(answer)[:2000]
    return Cohort.objects.get()


def test_an_upload_gives_the_figures_of_the_cli(broker: dict[str, Any]) -> None:
    cohort = _uploaded(broker)
    assert cohort.clients.count() == 60 and cohort.source == "casussen.csv"
    _valued, summary = _expected()
    page = _text(client_for(broker["editor"]).get(f"/casussen/{cohort.uid}/"))
    for figure in (summary.gross, summary.investment, summary.net, summary.shadow):
        assert euro(figure) in page
    # the segment comparison: a chart and a table; the 8 deep-psychiatric cases are a
    # group below 10, counted but not shown apart
    assert 'id="segment-chart"' in page and "Netto per casus, per hulpvraag" in page
    shown = {s.value for s in summary.segments}
    assert "schulden" in shown and "psychiatrie" not in shown
    assert summary.hidden_cases == 8
    for segment in summary.segments:
        assert euro(segment.net_mean) in page
    audit = AuditEntry.objects.filter(action="cohort.import").get()
    # extrapolated to Nijmegen's 1,334 cases, with the interval of the mean
    page = _text(client_for(broker["editor"]).get(f"/casussen/{cohort.uid}/?size=1334"))
    total, band = summary.extrapolated(1334)
    assert f"Doorgerekend naar 1.334 casussen: {euro(total)} netto per jaar" in page
    assert f"(95%-interval {euro(band.low)} – {euro(band.high)})" in page
    rows = len(read_cases(TABLE).entries)  # the '*' rows are defaults, not entries
    assert audit.detail == {"name": "Makelaar 2026", "cases": 60, "rows": rows}


def test_a_file_with_mistakes_shows_every_one_and_stores_nothing(broker: dict[str, Any]) -> None:
    bad = (
        "casus;bsn;post;voor;na\n"
        "A-1;111222333;huisarts_contact;5;2\n"
        "A-2;123456782;huisarts_contact;veel;2\n"  # text in a number cell
        "A-1;111222333;huisarts_contact;3;1\n"  # the same item twice for A-1
    )
    answer = _upload(client_for(broker["editor"]), broker["broker"], bad.encode())
    assert answer.status_code == 422
    page = _text(answer)
    assert "Niet ingelezen: het bestand heeft fouten" in page
    assert "bsn" in page and "burgerservicenummer" in page  # the column of valid BSNs
    assert not Cohort.objects.exists() and not ClientRow.objects.exists()
    # without the BSN column, each remaining mistake with its row and column
    fixed = "\n".join(
        ";".join(cell for n, cell in enumerate(row.split(";")) if n != 1) for row in bad.split("\n")
    )
    page = _text(_upload(client_for(broker["editor"]), broker["broker"], fixed.encode()))
    assert '<td class="num">3</td><td>voor</td><td>hier hoort een getal' in page
    assert '<td class="num">4</td><td>post</td><td>casus A-1 heeft post huisarts_contact al' in (
        page
    )
    assert not Cohort.objects.exists()
    wrong_item = "casus;post;voor;na\nA-1;huisarts_kontakt;4;2\n"
    page = _text(_upload(client_for(broker["editor"]), broker["broker"], wrong_item.encode()))
    assert "post 'huisarts_kontakt' staat niet in de prijslijst" in page
    assert "Bedoelde u 'huisarts_contact'?" in page
    assert not Cohort.objects.exists()


def test_only_members_who_may_see_client_data_see_it(broker: dict[str, Any]) -> None:
    cohort = _uploaded(broker)
    number = cohort.clients.first().pk  # type: ignore[union-attr]
    urls = [
        f"/casussen/{cohort.uid}/",
        f"/casussen/{cohort.uid}/export.csv",
        f"/casussen/{cohort.uid}/casus/{number}/",
        f"/casussen/{cohort.uid}/verwacht/",
    ]
    for user in ("stranger", "viewer"):  # another organisation; a member without the right
        client = client_for(broker[user])
        assert "Makelaar 2026" not in _text(client.get("/casussen/"))
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/casussen/{cohort.uid}/verwijderen/").status_code == 404
        assert _upload(client, broker["broker"], TABLE.read_bytes()).status_code == 404
    # the owner gives the viewer the right: reading yes, deleting or uploading no
    _may_read(broker)
    viewer = client_for(broker["viewer"])
    assert viewer.get(urls[0]).status_code == 200
    assert viewer.post(f"/casussen/{cohort.uid}/verwijderen/").status_code == 403
    assert _upload(viewer, broker["broker"], TABLE.read_bytes()).status_code == 404
    assert Cohort.objects.count() == 1


def test_a_kassabon_and_an_export_are_logged_and_never_a_formula(broker: dict[str, Any]) -> None:
    table = TABLE.read_text(encoding="utf-8").replace("SM-001;", "=1+2;")
    table = table.replace("SM-003;", "2024/003;")  # a pseudonym as a case file numbers it
    answer = _upload(client_for(broker["editor"]), broker["broker"], table.encode())
    assert answer.status_code == 302, _text(answer)[:2000]
    cohort = Cohort.objects.get()
    valued, _summary = _expected()
    second = next(c for c in valued.cases if c.id == "SM-002")
    editor = client_for(broker["editor"])
    # every case is listed and opens, a '/' in its pseudonym too
    listed = _text(editor.get(f"/casussen/{cohort.uid}/"))
    assert ">2024/003</a>" in listed and ">=1+2</a>" in listed
    assert "Kassabon van casus 2024/003" in _text(editor.get(_case_url(cohort, "2024/003")))
    page = _text(editor.get(_case_url(cohort, "SM-002")))
    assert "Kassabon van casus SM-002" in page and euro(second.net) in page
    gains = second.gross_by_financier()
    assert f"Zorgverzekeraar (Zvw): {euro(gains['zorgverzekeraar'])}" in page
    assert f"Gemeente (Wmo en sociaal domein): {euro(gains['gemeente_wmo'])}" in page
    csv = editor.get(f"/casussen/{cohort.uid}/export.csv").content.decode("utf-8-sig")
    assert "'=1+2" in csv and "\n=1+2" not in csv
    assert len(csv.strip().splitlines()) == 61
    logged = [(e.action, e.detail) for e in AuditEntry.objects.filter(action="cohort.export")]
    assert sorted(logged, key=str) == [
        ("cohort.export", {"what": "csv", "cases": 60}),
        ("cohort.export", {"what": "kassabon", "cases": 1}),
        ("cohort.export", {"what": "kassabon", "cases": 1}),
    ]


def test_deleting_leaves_nothing_of_the_cases(broker: dict[str, Any]) -> None:
    cohort = _uploaded(broker)
    valued, summary = _expected()
    editor = client_for(broker["editor"])
    editor.get(f"/casussen/{cohort.uid}/")  # the figures are now kept in this process
    first = next(c for c in valued.cases if c.id == "SM-001")
    # one client case withdrawn: its rows go, the totals follow
    assert editor.post(_case_url(cohort, "SM-001", "verwijderen/")).status_code == 302
    assert not ClientCase.objects.filter(pseudonym="SM-001").exists()
    page = _text(editor.get(f"/casussen/{cohort.uid}/"))
    assert euro(summary.net - first.net) in page
    # the whole cohort
    pk = cohort.pk
    assert editor.post(f"/casussen/{cohort.uid}/verwijderen/").status_code == 302
    assert not Cohort.objects.exists()
    assert not ClientCase.objects.exists() and not ClientRow.objects.exists()
    assert not any(key[0] == pk for key in evaluation._VALUED)
    pseudonyms = [c.id for c in valued.cases]
    for entry in AuditEntry.objects.all():
        written = f"{entry.subject} {entry.detail}"
        assert not any(p in written for p in pseudonyms), written
    deleted = AuditEntry.objects.filter(action="cohort.delete").get()
    entries = read_cases(TABLE).entries
    left = sum(1 for e in entries if e.case != "SM-001")
    assert deleted.detail == {"cases": 59, "rows": left}


def test_forecast_against_realisation_and_taking_the_measured_effects_over(
    broker: dict[str, Any],
) -> None:
    cohort = _uploaded(broker)
    case = broker["broker"]
    editor = client_for(broker["editor"])
    page = _text(editor.get(f"/casussen/{cohort.uid}/verwacht/?case={case.uid}"))
    assert "Verwacht tegenover gemeten: Sociaal makelaar" in page
    assert "0,4 contactmoment" in page and "0,37 contactmoment" in page  # assumed, measured
    answer = editor.post(f"/casussen/{cohort.uid}/overnemen/", {"case": case.uid})
    assert answer.status_code == 302 and answer["Location"] == f"/cases/{case.uid}/"
    version = Case.objects.get(pk=case.pk).latest()
    assert version.number == 2 and version.complete
    adopted_row = AuditEntry.objects.get(action="cohort.adopt")
    assert adopted_row.detail == {"case": case.uid, "version": 2, "cases": 60}
    adopted = loads(version.document, files=False)
    new = adopted.case.interventions[-1]
    assert new.name == "Makelaar 2026" and "Cliëntcasussen" in adopted.case.sources[-1].title
    _valued, summary = _expected()
    line = evaluate(adopted).intervention(new.id).get("basis", BASE_SCENARIO)
    assert line.gross == pytest.approx(summary.gross, abs=0.005)
    # the De Bilt case (another business case, without the broker's prices) is refused
    refused = editor.post(f"/casussen/{cohort.uid}/overnemen/", {"case": broker["case"].uid})
    assert refused.status_code == 302
    assert Case.objects.get(pk=broker["case"].pk).latest_number == 1


def _row_of(cohort: Cohort, pseudonym: str, item: str) -> ClientRow:
    return ClientRow.objects.get(client__cohort=cohort, client__pseudonym=pseudonym, item=item)


def test_a_case_is_corrected_by_hand_with_the_checks_of_an_upload(broker: dict[str, Any]) -> None:
    cohort = _uploaded(broker)
    editor = client_for(broker["editor"])
    url = _case_url(cohort, "SM-002", "regel/")
    gp = _row_of(cohort, "SM-002", "huisarts_contact")
    assert (gp.before, gp.after, gp.attribution) == (13, 10, None)  # 40 % from the '*' row
    fields = {"row": gp.pk, "post": "huisarts_contact", "soort": "effect", "toerekening": ""}
    # text in a number cell: refused beside the row, the typed text kept, nothing changed
    refused = editor.post(url, {**fields, "voor": "13", "na": "veel", "kans": ""})
    assert refused.status_code == 422
    page = _text(refused)
    assert "na: hier hoort een getal, maar er staat 'veel'" in page
    assert 'name="na" value="veel"' in page
    assert _row_of(cohort, "SM-002", "huisarts_contact").after == 10
    # corrected: 13 → 5 contacts, so (13 − 5) × € 80 × 40 % on the kassabon
    assert editor.post(url, {**fields, "voor": "13", "na": "5", "kans": ""}).status_code == 302
    assert _row_of(cohort, "SM-002", "huisarts_contact").after == 5
    page = _text(editor.get(_case_url(cohort, "SM-002")))
    assert euro((13 - 5) * 80 * 0.4) in page
    assert 'name="na" value="5"' in page
    # the rows say what they are in the price list's words, never by id; a new row's item
    # is chosen from the price list by its name
    model = loads(example_text("cohort/sociaal-makelaar"))
    names = {i: p.name for i, p in prices_of(model).items()}
    assert f"<td>{names['huisarts_contact']}</td>" in page
    assert "<td>huisarts_contact</td>" not in page
    assert f'<option value="cjg_contact">{names["cjg_contact"]}</option>' in page
    # a share is shown as the team writes it, and saved unchanged it stays exactly itself
    debt = _row_of(cohort, "SM-002", "schuldhulptraject")
    assert debt.attribution == 0.7 and 'name="toerekening" value="70%"' in page
    assert 'placeholder="40%"' in page  # the GP contacts' default from the '*' row
    same = {"row": debt.pk, "post": "schuldhulptraject", "soort": "effect", "voor": "1"}
    assert (
        editor.post(url, {**same, "na": "0", "toerekening": "70%", "kans": ""}).status_code == 302
    )
    assert _row_of(cohort, "SM-002", "schuldhulptraject").attribution == 0.7
    # a new row: an item the prices lack is refused with the closest id; then a good one
    new = {"row": "", "soort": "effect", "voor": "4", "na": "0", "toerekening": "50%", "kans": ""}
    page = _text(editor.post(url, {**new, "post": "cjg_kontakt", "voor": "4,5"}))
    assert 'value="4,5"' in page  # as typed, decimal comma and all
    assert "post 'cjg_kontakt' staat niet in de prijslijst. Bedoelde u 'cjg_contact'?" in page
    assert editor.post(url, {**new, "post": "cjg_contact"}).status_code == 302
    added = _row_of(cohort, "SM-002", "cjg_contact")
    assert (added.before, added.after, added.attribution) == (4, 0, 0.5)
    assert added.row > max(r.row for r in ClientRow.objects.exclude(pk=added.pk))
    page = _text(editor.get(_case_url(cohort, "SM-002")))
    assert euro(4 * 55 * 0.5) in page  # the CJG contacts at € 55, half attributed
    # a fraction typed with a decimal comma is read, and shown back with one
    assert (
        editor.post(url, {**new, "row": added.pk, "post": "cjg_contact", "na": "0,5"}).status_code
        == 302
    )
    added = _row_of(cohort, "SM-002", "cjg_contact")  # saving writes the case's rows anew
    assert added.after == 0.5
    assert 'name="na" value="0,5"' in _text(editor.get(_case_url(cohort, "SM-002")))
    # and removed again
    removed = editor.post(url, {"row": added.pk, "action": "remove", "post": "cjg_contact"})
    assert removed.status_code == 302
    assert not ClientRow.objects.filter(pk=added.pk).exists()
    actions = list(AuditEntry.objects.filter(action="cohort.correct").values_list("detail"))
    assert len(actions) == 5 and all("SM-002" not in str(a) for a in actions)


def test_a_new_case_is_entered_by_hand(broker: dict[str, Any]) -> None:
    cohort = _uploaded(broker)
    editor = client_for(broker["editor"])
    url = f"/casussen/{cohort.uid}/casus-toevoegen/"
    row = {"post": "schuldhulptraject", "soort": "effect", "voor": "1", "na": "0"}
    attributes = {"kenmerk-0": "schulden", "kenmerk-1": "27-44", "kenmerk-2": "Zuid"}
    answer = editor.post(url, {"casus": "SM-101", **attributes, **row, "toerekening": "80%"})
    assert answer.status_code == 302
    client = cohort.clients.get(pseudonym="SM-101")
    assert client.attributes == {
        "hulpvraag": "schulden",
        "leeftijdsklasse": "27-44",
        "wijk": "Zuid",
    }
    page = _text(editor.get(_case_url(cohort, "SM-101")))
    assert euro(2500 * 0.8) in page
    # the same pseudonym again, or none: refused, what was typed stays in the form
    again = editor.post(url, {"casus": "SM-101", **attributes, **row})
    assert again.status_code == 422 and "casus SM-101 bestaat al" in _text(again)
    assert 'value="schuldhulptraject"' in _text(again)
    assert editor.post(url, {"casus": "", **row}).status_code == 422
    assert cohort.clients.count() == 61
    assert AuditEntry.objects.filter(action="cohort.add_case").count() == 1
    # a member who may read client cases but not edit: refused
    _may_read(broker)
    viewer = client_for(broker["viewer"])
    assert viewer.post(url, {"casus": "SM-102", **row}).status_code == 403
    other = _row_of(cohort, "SM-003", "uur_sociaal_makelaar")
    # a row of another case through this case's address: not found, nothing changed
    hijack = editor.post(
        _case_url(cohort, "SM-101", "regel/"),
        {"row": other.pk, "post": "uur_sociaal_makelaar", "soort": "investering", "na": "1"},
    )
    assert hijack.status_code == 422 and "deze regel bestaat niet" in _text(hijack)
    assert _row_of(cohort, "SM-003", "uur_sociaal_makelaar").after == other.after


def test_groups_all_too_small_give_a_sentence_not_an_empty_table(broker: dict[str, Any]) -> None:
    """Every group below the minimum: the page says so (and how many cases that are),
    instead of a table with headings and no row."""
    table = (
        "casus;wijk;post;soort;voor;na\n"
        "A1;Noord;huisarts_contact;effect;10;8\n"
        "A2;Zuid;huisarts_contact;effect;6;4\n"
        "A3;Zuid;huisarts_contact;effect;5;5\n"
    )
    answer = _upload(client_for(broker["editor"]), broker["broker"], table.encode())
    assert answer.status_code == 302, _text(answer)[:2000]
    cohort = Cohort.objects.get()
    page = _text(client_for(broker["editor"]).get(f"/casussen/{cohort.uid}/"))
    assert "Geen groep is groot genoeg om apart te tonen." in page
    assert "3 casussen (aantal groepen: 2)" in page
    assert "Netto besparing per casus, naar wijk" not in page
