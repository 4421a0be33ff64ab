"""The work session (werksessie) in the web app (issue 24, item 3): rights, every
judgement kept with who typed it and when, the spread checked by hand, agreeing changes
the cohort's rows and its interval (checked against the engine called directly on the
same table), and the export re-loads as the engine's file."""

from __future__ import annotations

import html
import re
import statistics
from pathlib import Path
from typing import Any

import pytest

from rendement.cohort.reading import read_cases
from rendement.cohort.valuation import prices_of, value_cases
from rendement.model import load_model
from rendement.money import euro
from rendement.web.audit.models import AuditEntry
from rendement.web.cases import services as case_services
from rendement.web.cases.examples import example_text
from rendement.web.cohorts.models import ClientRow, Cohort
from rendement.web.cohorts.services import import_cohort
from rendement.web.organisations.models import Role
from rendement.web.organisations.services import add_member
from rendement.web.worksessions.models import Judgement, Participant, SessionItem, WorkSession
from rendement.worksession import apply_to_cases, loads_session, spreads, summarise_with_spread
from web_world import client_for

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "cohort" / "sociaal-makelaar.csv"
MODEL = ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def cohort(world: dict[str, Any]) -> Cohort:
    """The invented social broker's 60 client cases in De Bilt; the editor may see and
    change client cases, the viewer is a member without the client-data right."""
    broker = case_services.create_case(
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
    return import_cohort(
        actor=world["owner"],
        organisation=world["bilt"],
        name="Makelaar 2026",
        cases=read_cases(TABLE),
        prices=broker,
    )


def _text(answer: Any) -> str:
    return html.unescape(answer.content.decode())


def _session(client: Any, cohort: Cohort) -> WorkSession:
    """A session on the GP contacts (attribution) made through the page, with three
    participants, the third without a name typed (a member account)."""
    page = _text(client.get(f"/casussen/{cohort.uid}/werksessies/"))
    fields = dict(re.findall(r'<label for="ws-(onderdeel-\d+)">([^<]+)</label>', page))
    assert "huisarts_contact" not in page  # names from the price list, never the ids
    wanted = next(f for f, name in fields.items() if "huisarts" in name.lower())
    answer = client.post(
        f"/casussen/{cohort.uid}/werksessies/",
        {"title": "Voorjaar", "date": "2026-04-02", wanted: "toerekening"},
    )
    assert answer.status_code == 302
    session = WorkSession.objects.get(cohort=cohort)
    assert client.get(f"/werksessies/{session.uid}/").status_code == 200  # nobody yet
    for name, role in (("sociaal makelaar 1", "professional"), ("schuldhulp", "professional")):
        answer = client.post(f"/werksessies/{session.uid}/deelnemer/", {"name": name, "role": role})
        assert answer.status_code == 302
    client.post(
        f"/werksessies/{session.uid}/deelnemer/", {"name": "mevrouw V.", "role": "vrijwilliger"}
    )
    return session


def _judge(client: Any, session: WorkSession, who: str, **values: str) -> Any:
    item = session.items.get()
    participant = Participant.objects.get(session=session, name=who)
    return client.post(
        f"/werksessies/{session.uid}/post/{item.pk}/oordeel/",
        {"participant": participant.pk, **values},
        **HX,
    )


def test_a_member_without_the_client_data_right_gets_404(
    world: dict[str, Any], cohort: Cohort
) -> None:
    editor = client_for(world["editor"])
    session = _session(editor, cohort)
    item = session.items.get()
    addresses = [
        f"/casussen/{cohort.uid}/werksessies/",
        f"/werksessies/{session.uid}/",
        f"/werksessies/{session.uid}/werksessie.yaml",
    ]
    posts = [
        f"/werksessies/{session.uid}/deelnemer/",
        f"/werksessies/{session.uid}/post/{item.pk}/oordeel/",
        f"/werksessies/{session.uid}/post/{item.pk}/vaststellen/",
    ]
    for user in ("viewer", "stranger"):  # a member without the right; another organisation
        other = client_for(world[user])
        for address in addresses:
            assert other.get(address).status_code == 404, (user, address)
        for address in posts:
            assert other.post(address, {"value": "50"}).status_code == 404, (user, address)
    assert not Judgement.objects.exists()
    # with the right but only reading: sees the session, may not judge
    add_member(
        actor=world["owner"],
        organisation=world["bilt"],
        user=world["viewer"],
        role=Role.VIEWER,
        client_data=True,
    )
    reader = client_for(world["viewer"])
    assert reader.get(f"/werksessies/{session.uid}/").status_code == 200
    assert reader.post(posts[1], {"value": "50"}).status_code == 403


def test_every_judgement_is_kept_with_who_and_when_and_the_spread_is_right(
    world: dict[str, Any], cohort: Cohort
) -> None:
    editor = client_for(world["editor"])
    session = _session(editor, cohort)
    assert _judge(editor, session, "sociaal makelaar 1", value="50").status_code == 200
    _judge(editor, session, "schuldhulp", value="30", low="20", high="40", note="wisselend")
    _judge(editor, session, "mevrouw V.", value="40%")
    answer = _judge(editor, session, "sociaal makelaar 1", value="45")  # after the discussion
    # a mistake comes back with what was typed, a message at the field, nothing stored
    wrong = _judge(editor, session, "schuldhulp", value="35", low="veertig")
    assert wrong.status_code == 422
    typed = _text(wrong)
    assert 'value="veertig"' in typed and 'value="35"' in typed
    assert "vul een percentage in" in typed and 'aria-describedby="j-' in typed
    kept = list(Judgement.objects.filter(item__session=session).order_by("at", "pk"))
    assert [round(j.value * 100) for j in kept] == [50, 30, 40, 45]  # both of the makelaar
    assert {j.recorded_by for j in kept} == {world["editor"]}
    assert all(j.at is not None for j in kept) and kept[0].at <= kept[-1].at
    assert (kept[1].low, kept[1].high, kept[1].note) == (0.2, 0.4, "wisselend")
    # the spread by hand: the makelaar's latest counts (45), so 45, 30, 40
    current = [0.45, 0.30, 0.40]
    mean = statistics.fmean(current)
    page = _text(answer)
    row = re.search(r'id="item-\d+-spread".*?<tbody><tr>(.*?)</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert cells[:5] == ["3", "30%", "45%", f"{mean * 100:.1f}".replace(".", ",") + "%", "40%"]
    # PERT: the lowest anyone found plausible (20), the median (40), the highest (45)
    assert "PERT 20% – 40% – 45%" in cells[5]
    assert f"{(0.2 + 4 * 0.4 + 0.45) / 6 * 100:.1f}".replace(".", ",") in cells[5]
    assert "nee, vervangen" in page  # the makelaar's first judgement, kept but replaced
    whole = _text(editor.get(f"/werksessies/{session.uid}/"))
    assert "nee, vervangen" in whole and "PERT 20% – 40% – 45%" in whole
    assert AuditEntry.objects.filter(action="worksession.judgement").count() == 4


def test_agreeing_changes_the_rows_and_the_interval_as_the_engine_does(
    world: dict[str, Any], cohort: Cohort
) -> None:
    editor = client_for(world["editor"])
    session = _session(editor, cohort)
    _judge(editor, session, "sociaal makelaar 1", value="50")
    _judge(editor, session, "schuldhulp", value="30", low="20", high="40")
    _judge(editor, session, "mevrouw V.", value="40")
    item = session.items.get()
    gp_rows = ClientRow.objects.filter(client__cohort=cohort, item="huisarts_contact")
    assert gp_rows.count() == 38 and set(gp_rows.values_list("attribution", flat=True)) == {None}
    other = ClientRow.objects.filter(client__cohort=cohort).exclude(item="huisarts_contact")
    untouched = list(other.order_by("pk").values_list("attribution", "probability"))
    before = _text(editor.get(f"/casussen/{cohort.uid}/"))
    assert "Met de spreiding uit de werksessie" not in before

    answer = editor.post(
        f"/werksessies/{session.uid}/post/{item.pk}/vaststellen/",
        {"agreed": "45", "agree_note": "na overleg"},
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.agreed == 0.45
    assert item.distribution == {"pert": [0.2, 0.45, 0.5]}  # the agreed value is the mode
    assert item.spread is not None and item.spread["n"] == 3 and item.rows == 38
    assert set(gp_rows.values_list("attribution", flat=True)) == {0.45}
    assert list(other.order_by("pk").values_list("attribution", "probability")) == untouched

    # the engine on the same table, with the exported file
    text = _text(editor.get(f"/werksessies/{session.uid}/werksessie.yaml"))
    loaded = loads_session(text).session
    found = spreads(loaded)
    cases = apply_to_cases(loaded, found, read_cases(TABLE))
    valued = value_cases(cases, prices_of(load_model(MODEL)))
    expected = summarise_with_spread(loaded, found, valued)
    assert expected.interval != expected.interval_point  # the spread widens it
    assert expected.interval.high - expected.interval.low > (
        expected.interval_point.high - expected.interval_point.low
    )
    page = _text(editor.get(f"/casussen/{cohort.uid}/"))
    shown = re.search(r'<p id="worksession-interval">(.*?)</p>', page, re.S)
    assert shown is not None
    line = shown.group(1)
    assert f"netto {euro(expected.net_mean)} per casus" in line
    assert f"{euro(expected.interval.low)} – {euro(expected.interval.high)}" in line
    assert f"{euro(expected.interval_point.low)} – {euro(expected.interval_point.high)}" in line
    # the GP attribution moved from the default 40% to 45%: the mean net per case by hand
    gp = [e for e in read_cases(TABLE).entries if e.item == "huisarts_contact"]
    price = prices_of(load_model(MODEL))["huisarts_contact"].amount
    shift = sum((e.before or 0) - (e.after or 0) for e in gp) * price * (0.45 - 0.40) / 60
    plain = value_cases(read_cases(TABLE), prices_of(load_model(MODEL)))
    from rendement.cohort.summary import summarise

    assert expected.net_mean == pytest.approx(summarise(plain).net_mean + shift)
    agreed = AuditEntry.objects.get(action="worksession.agree")
    assert agreed.detail["rows"] == 38 and "SM-" not in str(agreed.detail)


def test_the_export_reloads_as_the_engine_file_and_is_logged(
    world: dict[str, Any], cohort: Cohort, tmp_path: Path
) -> None:
    editor = client_for(world["editor"])
    session = _session(editor, cohort)
    _judge(editor, session, "sociaal makelaar 1", value="50")
    _judge(editor, session, "schuldhulp", value="30", low="20", high="40")
    _judge(editor, session, "sociaal makelaar 1", value="60")
    answer = editor.get(f"/werksessies/{session.uid}/werksessie.yaml")
    assert answer.status_code == 200
    assert "attachment" in answer["Content-Disposition"]
    loaded = loads_session(answer.content.decode()).session
    names = [p.name for p in loaded.participants]
    assert names == ["sociaal makelaar 1", "schuldhulp", "mevrouw V."]
    (spread,) = spreads(loaded)
    assert spread.item.item == "huisarts_contact" and spread.item.judges == "toerekening"
    assert len(spread.history) == 3 and spread.n == 2
    assert (spread.minimum, spread.maximum) == (0.3, 0.6)
    assert spread.median == pytest.approx((0.3 + 0.6) / 2)
    assert spread.pert == pytest.approx((0.2, (0.3 + 0.6) / 2, 0.6))
    logged = AuditEntry.objects.get(action="worksession.export")
    assert logged.actor == world["editor"] and logged.detail["judgements"] == 3
    assert SessionItem.objects.get(session=session).agreed is None
    # and the command line accepts it
    from typer.testing import CliRunner

    from rendement.cli import app

    file = tmp_path / "sessie.yaml"
    file.write_bytes(answer.content)
    checked = CliRunner().invoke(app, ["werksessie", "check", "--lang", "nl", str(file)])
    assert checked.exit_code == 0, checked.output
    assert "3 deelnemers, 1 onderdelen, 3 oordelen" in checked.output


def test_applying_to_the_business_case_makes_its_monte_carlo_draw_the_spread(
    world: dict[str, Any], cohort: Cohort
) -> None:
    from rendement.engine import evaluate
    from rendement.model import loads
    from rendement.model.distributions import Distribution
    from rendement.model.editing import set_value
    from rendement.uncertainty import simulate

    editor = client_for(world["editor"])
    session = _session(editor, cohort)
    _judge(editor, session, "sociaal makelaar 1", value="50")
    _judge(editor, session, "schuldhulp", value="30", low="20", high="40")
    _judge(editor, session, "mevrouw V.", value="40")
    item = session.items.get()
    case = cohort.prices
    assert case is not None
    before = case.latest_number
    refused = editor.post(f"/werksessies/{session.uid}/business-case/", follow=True)
    assert "geen effectregel" in _text(refused)  # nothing agreed yet: said, nothing written
    case.refresh_from_db()
    assert case.latest_number == before
    editor.post(f"/werksessies/{session.uid}/post/{item.pk}/vaststellen/", {"agreed": "45"})
    answer = editor.post(f"/werksessies/{session.uid}/business-case/")
    assert answer.status_code == 302 and answer["Location"] == f"/cases/{case.uid}/"
    case.refresh_from_db()
    assert case.latest_number == before + 1
    text = case.latest().document
    model = loads(text, str(MODEL), base=MODEL.parent)
    effect = next(e for e in model.case.interventions[0].effects if e.id == "huisarts")
    distribution = effect.attribution.dist
    assert isinstance(distribution, Distribution)
    assert distribution.kind == "pert"
    assert distribution.params == pytest.approx((0.2, 0.45, 0.5))
    # Monte Carlo draws it: the net is linear in the attribution, net(a) = net(0) + a × gain
    where = ("interventions", 0, "effects", 0, "attribution")

    def net(share: str) -> float:
        changed = loads(set_value(text, where, share), str(MODEL), base=MODEL.parent)
        return evaluate(changed).get("sociaal_makelaar", "basis").net

    zero, gain = net("0%"), net("100%") - net("0%")
    drawn = simulate(model, draws=20_000, seed=7).get("sociaal_makelaar", "basis")
    assert drawn.p95 - drawn.p5 > 0
    assert drawn.mean == pytest.approx(zero + gain * (0.2 + 4 * 0.45 + 0.5) / 6, rel=2e-3)
    assert evaluate(model).get("sociaal_makelaar", "basis").net == pytest.approx(zero + 0.45 * gain)
    assert AuditEntry.objects.get(action="worksession.apply").detail["version"] == before + 1


def test_a_probability_goes_onto_the_rows_probability_and_a_member_may_take_part(
    world: dict[str, Any], cohort: Cohort
) -> None:
    editor = client_for(world["editor"])
    page = _text(editor.get(f"/casussen/{cohort.uid}/werksessies/"))
    fields = dict(re.findall(r'<label for="ws-(onderdeel-\d+)">([^<]+)</label>', page))
    wanted = next(f for f, name in fields.items() if "uithuiszetting" in name.lower())
    # a mistake keeps what was typed: no title
    refused = editor.post(
        f"/casussen/{cohort.uid}/werksessies/",
        {"title": "", "date": "2026-04-02", wanted: "kans", "facilitator": "teamleider"},
    )
    assert refused.status_code == 422
    kept = _text(refused)
    assert 'value="teamleider"' in kept and "geef de sessie een titel" in kept
    assert re.search(r'<option value="kans" selected>', kept)
    editor.post(
        f"/casussen/{cohort.uid}/werksessies/",
        {"title": "Risico's", "date": "2026-04-02", wanted: "kans"},
    )
    session = WorkSession.objects.get(cohort=cohort)
    # a member account, no name typed: the account's name
    editor.post(
        f"/werksessies/{session.uid}/deelnemer/",
        {"name": "", "role": "professional", "member": str(world["owner"].pk)},
    )
    # someone outside the organisation cannot be chosen
    outside = editor.post(
        f"/werksessies/{session.uid}/deelnemer/",
        {"name": "", "role": "anders", "member": str(world["stranger"].pk)},
    )
    assert outside.status_code == 422
    (member,) = Participant.objects.filter(session=session)
    assert (member.name, member.member) == (world["owner"].get_username(), world["owner"])
    item = session.items.get()
    assert (item.item, item.judges) == ("uithuiszetting", "kans")
    editor.post(
        f"/werksessies/{session.uid}/post/{item.pk}/oordeel/",
        {"participant": member.pk, "value": "25", "low": "10", "high": "40"},
    )
    rows = ClientRow.objects.filter(client__cohort=cohort, item="uithuiszetting")
    attributions = list(rows.order_by("pk").values_list("attribution", flat=True))
    editor.post(f"/werksessies/{session.uid}/post/{item.pk}/vaststellen/", {"agreed": "25"})
    assert set(rows.values_list("probability", flat=True)) == {0.25}
    assert list(rows.order_by("pk").values_list("attribution", flat=True)) == attributions
    item.refresh_from_db()
    assert item.distribution == {"pert": [0.1, 0.25, 0.4]} and item.rows == rows.count() == 16
