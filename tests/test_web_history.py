"""A case's history through Django's test client: figures per version, an old version
read-only, restoring it, and marking one vastgesteld (its report kept byte for byte).

The expected figures are computed here from each version's text with the engine, summed
from the evaluations' own perspective amounts — not read from the page's code."""

from __future__ import annotations

import datetime
import hashlib
import html
import re
from typing import Any

import pytest
from django.db.models import RestrictedError

from rendement.engine import evaluate
from rendement.model import ModelError, loads
from rendement.money import euro, ratio
from rendement.web.audit.models import AuditEntry
from rendement.web.cases import history, services
from rendement.web.cases.examples import example_text
from rendement.web.cases.models import AgreedVersion, Case, CaseVersion
from web_world import client_for

pytestmark = pytest.mark.django_db


def _page(client: Any, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, answer.status_code
    return html.unescape(answer.content.decode())


def _row(page: str, number: int) -> str:
    found = re.search(rf'<tr id="versie-{number}"[^>]*>(.*?)</tr>', page, re.S)
    assert found, f"no row for version {number}"
    return found.group(1)


def _expected(document: str) -> list[tuple[str, str]]:
    """Per overview column: its net savings and gross ratio for the case's perspective,
    summed from the evaluations the column takes (gross − investment; gross ÷ investment)."""
    results = evaluate(loads(document, "model.yaml", files=False))
    out = []
    for column in results.portfolio:
        gross = invested = 0.0
        for row in column.rows:
            ev = results.intervention(row.intervention).get(row.variant, row.scenario)
            gross += ev.perspective_gross
            invested += ev.perspective_investment
        out.append((euro(gross - invested), ratio(gross / invested)))
    return out


def _edit_reach(client: Any, case: Case, base: int, value: str, index: int = 0) -> None:
    answer = client.post(
        f"/cases/{case.uid}/edit/",
        {"base": base, "loc": f"interventions.{index}.reach", "value": value},
    )
    assert answer.status_code == 200


def test_the_versions_list_shows_each_versions_net_and_gross_ratio(world: dict[str, Any]) -> None:
    case, editor = world["case"], client_for(world["editor"])
    text = example_text("de-bilt-2019")
    assert text.count("reach: 30") == 3  # Samen Oplopen, as a variant and scenario set it
    services.save_version(
        actor=world["editor"],
        case=case,
        document=text.replace("reach: 30", "reach: 60"),
        message="twee keer zo veel gezinnen",
        base=1,
    )
    page = _page(editor, f"/cases/{case.uid}/versions/")
    seen = {}
    for version in CaseVersion.objects.filter(case=case):
        expected = _expected(version.document)
        assert len(expected) == 2  # De Bilt's overview: Minimum and Maximum
        row = _row(page, version.number)
        for net, gross_ratio in expected:
            assert net in row and gross_ratio in row
        seen[version.number] = expected
    assert seen[1][0][0] == euro(88415) and seen[1][1][0] == euro(274839)  # the report's
    assert seen[1] != seen[2]  # the Maximum column moves


def test_an_incomplete_version_shows_a_dash_and_why(world: dict[str, Any]) -> None:
    blank = services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text("blank"),
        message="leeg",
    )
    with pytest.raises(ModelError) as error:
        loads(example_text("blank"), "model.yaml", files=False)
    page = _page(client_for(world["viewer"]), f"/cases/{blank.uid}/versions/")
    row = _row(page, 1)
    assert "—" in row and "€" not in row
    assert error.value.problems[0].message in row  # the loader's own words


def _forms(page: str) -> list[str]:
    """Where each form of a page's case posts (its action or hx-post); GET forms and the
    page frame's own (log out, language) left out."""
    posting = []
    for form in re.findall(r"<form\b[^>]*>", page):
        if 'method="post"' in form or "hx-post" in form:
            found = re.search(r'(?:action|hx-post)="([^"]*)"', form)
            posting.append(found.group(1) if found else "")
    return [
        p
        for p in posting
        if not p.startswith(("/accounts/", "/i18n/", "/taal"))
        and "/achtergrond/" not in p  # a document of this version made: the case unchanged
    ]


def test_an_old_version_opens_read_only(world: dict[str, Any]) -> None:
    case, editor = world["case"], client_for(world["editor"])
    _edit_reach(editor, case, 1, "320")
    first = CaseVersion.objects.get(case=case, number=1)
    page = _page(editor, f"/cases/{case.uid}/versions/1/")
    when = first.created_at.astimezone(datetime.UTC)
    assert "U bekijkt versie 1 van" in page and "(alleen lezen)" in page
    assert str(when.year) in page
    assert "Deze versie terugzetten" in page
    # no form that edits, adds or removes: only restoring and agreeing post
    assert _forms(page) == [
        f"/cases/{case.uid}/versions/1/restore/",
        f"/cases/{case.uid}/versions/1/agree/",
    ]
    assert f"/cases/{case.uid}/edit/" not in page
    assert not re.search(r'hx-post="(?![^"]*/achtergrond/)', page)  # only the downloads
    # the first version's figures: Ouders Lokaal's gross € 98.072, not the doubled one
    assert euro(98072) in page and euro(196144) not in page
    assert f"/cases/{case.uid}/versions/1/charts/" in page  # its own charts
    viewer = _page(client_for(world["viewer"]), f"/cases/{case.uid}/versions/1/")
    assert "(alleen lezen)" in viewer and _forms(viewer) == []
    assert client_for(world["stranger"]).get(f"/cases/{case.uid}/versions/1/").status_code == 404
    assert editor.get(f"/cases/{case.uid}/versions/9/").status_code == 404


def test_restoring_makes_a_new_version_with_the_old_text(world: dict[str, Any]) -> None:
    case, editor = world["case"], client_for(world["editor"])
    _edit_reach(editor, case, 1, "320")
    _edit_reach(editor, case, 2, "400")
    viewer = client_for(world["viewer"])
    assert viewer.post(f"/cases/{case.uid}/versions/1/restore/").status_code == 403
    answer = editor.post(f"/cases/{case.uid}/versions/1/restore/")
    assert answer.status_code == 302 and answer["Location"] == f"/cases/{case.uid}/"
    case.refresh_from_db()
    assert case.latest_number == 4
    restored = CaseVersion.objects.get(case=case, number=4)
    assert restored.document == example_text("de-bilt-2019")
    assert restored.message == "Versie 1 teruggezet" and restored.author == world["editor"]
    assert CaseVersion.objects.get(case=case, number=3).document.count("reach: 400") == 1
    row = AuditEntry.objects.get(action="case.restore")
    assert row.actor == world["editor"] and row.detail == {"restored": 1, "version": 4}
    assert row.subject == f"case {case.uid}"
    page = _page(editor, f"/cases/{case.uid}/")
    assert "Versie 4" in page and euro(98072) in page


def test_an_incomplete_version_cannot_be_agreed(world: dict[str, Any]) -> None:
    blank = services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text("blank"),
        message="leeg",
    )
    owner = client_for(world["owner"])
    answer = owner.post(
        f"/cases/{blank.uid}/versions/1/agree/", {"agreed_on": "2026-03-12"}, follow=True
    )
    assert "Een onvolledige versie kan niet worden vastgesteld" in html.unescape(
        answer.content.decode()
    )
    assert not AgreedVersion.objects.exists()


def test_a_vastgestelde_version_and_its_report_stay_as_they_were(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    case, owner, editor = world["case"], client_for(world["owner"]), client_for(world["editor"])
    viewer = client_for(world["viewer"])
    note = "door de gemeenteraad op 12 maart 2026"
    assert viewer.post(f"/cases/{case.uid}/versions/1/agree/").status_code == 403
    answer = editor.post(
        f"/cases/{case.uid}/versions/1/agree/", {"agreed_on": "2026-03-12", "note": note}
    )
    assert answer.status_code == 302
    agreed = AgreedVersion.objects.get()
    stored = bytes(agreed.report)
    assert stored.startswith(b"%PDF") and len(stored) > 10_000
    assert agreed.report_sha256 == hashlib.sha256(stored).hexdigest()
    assert agreed.version.number == 1 and agreed.agreed_on == datetime.date(2026, 3, 12)
    assert agreed.note == note and agreed.rendement_version
    audit = AuditEntry.objects.get(action="case.agree")
    assert audit.actor == world["editor"] and audit.detail["version"] == 1
    assert audit.detail["report_sha256"] == agreed.report_sha256

    # from here on nothing renders a report again: the agreed one is the stored file
    def no_render(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("the stored report must be served, not a new one")

    monkeypatch.setattr("rendement.web.cases.downloads.render_bounded", no_render)
    monkeypatch.setattr("rendement.web.cases.rendering.render_bounded", no_render)
    assert owner.get(f"/cases/{case.uid}/download/pdf/").content == stored  # still newest

    # the case goes on
    _edit_reach(editor, case, 1, "320")
    _edit_reach(editor, case, 2, "400")
    case.refresh_from_db()
    assert case.latest_number == 3
    page = _page(viewer, f"/cases/{case.uid}/")
    assert "Vastgesteld: versie 1, 12-03-2026" in page
    listed = _row(_page(viewer, f"/cases/{case.uid}/versions/"), 1)
    assert "Vastgesteld op 12-03-2026" in listed and note in listed
    assert "Vastgesteld" not in _row(_page(viewer, f"/cases/{case.uid}/versions/"), 3)
    # the frozen version: its text, its stored report, its download, byte for byte
    first = CaseVersion.objects.get(case=case, number=1)
    assert first.document == example_text("de-bilt-2019")
    again = AgreedVersion.objects.get()
    assert bytes(again.report) == stored and again.report_sha256 == agreed.report_sha256
    download = viewer.get(f"/cases/{case.uid}/versions/1/download/pdf/")
    assert download.status_code == 200 and download.content == stored
    assert download["Content-Type"] == "application/pdf"
    read_only = _page(viewer, f"/cases/{case.uid}/versions/1/")
    assert "Vastgesteld op 12-03-2026" in read_only and "PDF (vastgesteld)" in read_only
    # agreed once; the version and its agreement cannot be changed or removed
    answer = editor.post(
        f"/cases/{case.uid}/versions/1/agree/", {"agreed_on": "2026-04-01"}, follow=True
    )
    assert "Versie 1 is al vastgesteld." in html.unescape(answer.content.decode())
    assert AgreedVersion.objects.count() == 1
    with pytest.raises(ValueError):
        first.save()
    with pytest.raises(ValueError):
        first.delete()
    with pytest.raises(RestrictedError):
        CaseVersion.objects.filter(pk=first.pk).delete()
    with pytest.raises(ValueError):
        again.save()
    with pytest.raises(ValueError):
        again.delete()
    assert CaseVersion.objects.filter(case=case).count() == 3
    # the owner still deletes the case as a whole
    assert owner.post(f"/cases/{case.uid}/delete/").status_code == 302
    assert not Case.objects.exists() and not AgreedVersion.objects.exists()


def test_agreeing_renders_outside_and_stores_what_the_renderer_gave(
    world: dict[str, Any],
) -> None:
    """The service, with a stand-in renderer: the bytes kept are the bytes given, with
    their hash; the file name names the version."""
    body = b"%PDF-1.7 stand-in"

    def render(document: str, stem: str, lang: str) -> tuple[bytes, str]:
        assert document == example_text("de-bilt-2019")
        return body, f"{stem}.pdf"

    agreed = history.agree_version(
        actor=world["owner"],
        case=world["case"],
        number=1,
        agreed_on=datetime.date(2026, 3, 12),
        note="  door de gemeenteraad  ",
        lang="nl",
        render=render,
    )
    assert bytes(agreed.report) == body and agreed.note == "door de gemeenteraad"
    assert agreed.report_sha256 == hashlib.sha256(body).hexdigest()
    assert agreed.report_name == f"{world['case'].uid}-v1-vastgesteld.pdf"

    # agreed in another request while this one rendered: the first agreement stands
    def meanwhile(document: str, stem: str, lang: str) -> tuple[bytes, str]:
        return b"%PDF-1.7 other", f"{stem}.pdf"

    monkey = pytest.MonkeyPatch()
    monkey.setattr(AgreedVersion.objects, "filter", lambda **kw: AgreedVersion.objects.none())
    try:
        with pytest.raises(history.NotAgreeable):
            history.agree_version(
                actor=world["editor"],
                case=world["case"],
                number=1,
                agreed_on=datetime.date(2026, 4, 1),
                note="",
                lang="nl",
                render=meanwhile,
            )
    finally:
        monkey.undo()
    assert bytes(AgreedVersion.objects.get().report) == body
    assert AuditEntry.objects.filter(action="case.agree").count() == 1
