"""The audit log as a page per organisation (issue 23, item 3): its owners read who did what
and when in Dutch, filter it and download it; client-level exports are among the rows."""

from __future__ import annotations

import ast
import csv
import html
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from rendement.web.audit.models import AuditEntry
from rendement.web.audit.services import record
from rendement.web.audit.wording import PHRASES
from rendement.web.cases import services as case_services
from rendement.web.cases.examples import example_text
from rendement.web.organisations.models import Role
from rendement.web.organisations.services import add_member
from web_world import client_for, make_user

ROOT = Path(__file__).resolve().parents[1]
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _log(world: dict[str, Any], query: str = "", csv_file: bool = False) -> Any:
    slug = world["bilt"].slug
    tail = "logboek.csv" if csv_file else "logboek/"
    return client_for(world["owner"]).get(f"/organisations/{slug}/{tail}{query}")


def _rows(answer: Any) -> list[list[str]]:
    """The table rows of the page, as text per cell."""
    assert answer.status_code == 200
    page = answer.content.decode()
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _csv(answer: Any) -> list[list[str]]:
    assert answer.status_code == 200
    assert answer.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))


def _save(world: dict[str, Any], who: str, message: str = "kosten bijgesteld") -> None:
    case = world["case"]
    case_services.save_version(
        actor=world[who],
        case=case,
        document=case.latest().document,
        message=message,
        base=case.latest_number,
    )


def _dutch(moment: datetime) -> str:
    local = moment.astimezone(AMSTERDAM)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} {local:%H:%M}"


def test_an_owner_reads_who_did_what_and_when_in_dutch(world: dict[str, Any]) -> None:
    _save(world, "editor")
    saved = AuditEntry.objects.get(action="case.save")
    rows = _rows(_log(world))
    # organisation made, two members set, the case made, the case saved: newest first
    assert len(rows) == 5
    assert rows[0] == [
        _dutch(saved.at),
        "bewerker",
        "wijzigde (versie 2)",
        world["case"].title,
        "kosten bijgesteld",
    ]
    assert rows[1][1:3] == ["eigenaar", "maakte de business case"]
    assert rows[-1][1:4] == ["eigenaar", "maakte de organisatie aan", "Gemeente De Bilt"]
    assert {tuple(r[2:4]) for r in rows[2:4]} == {
        ("gaf een rol (bewerker)", "bewerker"),
        ("gaf een rol (lezer)", "lezer"),
    }
    # nothing of the other organisation
    assert all("Elders" not in cell for row in rows for cell in row)


def test_only_the_owners_see_the_log(world: dict[str, Any]) -> None:
    slug = world["bilt"].slug
    for tail in ("logboek/", "logboek.csv"):
        url = f"/organisations/{slug}/{tail}"
        assert client_for(world["editor"]).get(url).status_code == 403
        assert client_for(world["viewer"]).get(url).status_code == 403
        assert client_for(world["stranger"]).get(url).status_code == 404  # owner elsewhere
    # the link is there for the owner only
    log = f"/organisations/{slug}/logboek/"
    for page in (f"/organisations/{slug}/", "/"):
        assert log in client_for(world["owner"]).get(page).content.decode(), page
        assert log not in client_for(world["editor"]).get(page).content.decode(), page


def test_filters_by_person_kind_and_dates(world: dict[str, Any]) -> None:
    _save(world, "editor")
    _save(world, "owner", "nog een keer")
    # the organisation was made ten days ago (moved back by hand: the log itself is append-only)
    made = AuditEntry.objects.get(action="organisation.create", organisation=world["bilt"])
    long_ago = datetime.now(UTC) - timedelta(days=10)
    AuditEntry.objects.filter(pk=made.pk).update(at=long_ago)

    by_editor = _rows(_log(world, "?wie=bewerker"))
    assert [r[1:3] for r in by_editor] == [["bewerker", "wijzigde (versie 2)"]]

    cases = _rows(_log(world, "?actie=case"))
    assert [r[2] for r in cases] == [
        "wijzigde (versie 3)",
        "wijzigde (versie 2)",
        "maakte de business case",
    ]
    members = _rows(_log(world, "?actie=membership.set"))
    assert sorted(r[3] for r in members) == ["bewerker", "lezer"]

    day = long_ago.astimezone(AMSTERDAM).date()
    old = _rows(_log(world, f"?tot={day + timedelta(days=1)}"))
    assert [r[2] for r in old] == ["maakte de organisatie aan"]
    recent = _rows(_log(world, f"?van={day + timedelta(days=1)}"))
    assert len(recent) == 5 and "maakte de organisatie aan" not in [r[2] for r in recent]
    exact = _rows(_log(world, f"?van={day}&tot={day}"))
    assert [r[2] for r in exact] == ["maakte de organisatie aan"]
    # filters together
    both = _rows(_log(world, "?wie=eigenaar&actie=case"))
    assert [r[2] for r in both] == ["wijzigde (versie 3)", "maakte de business case"]
    # a filter that is not one is ignored rather than an error
    assert len(_rows(_log(world, "?van=gisteren&actie=bestaat.niet"))) == 4 + 2


def test_fifty_rows_a_page(world: dict[str, Any]) -> None:
    with transaction.atomic():
        for n in range(56):
            record(
                actor=world["editor"],
                action="case.save",
                organisation=world["bilt"],
                subject=f"case {world['case'].uid}",
                detail={"version": n + 2},
            )
    first = _rows(_log(world))
    second = _rows(_log(world, "?pagina=2"))
    assert len(first) == 50 and len(second) == 60 - 50  # 56 + the world's 4
    assert first[0][2] == "wijzigde (versie 57)"
    assert second[-1][2] == "maakte de organisatie aan"
    filtered = _log(world, "?actie=case&pagina=2")
    assert len(_rows(filtered)) == 57 - 50
    assert "actie=case&amp;pagina=1" in filtered.content.decode()  # paging keeps the filter


def test_the_csv_holds_the_same_rows_and_no_formula(world: dict[str, Any]) -> None:
    sly = make_user("sly")
    sly.first_name = '=HYPERLINK("http://x")'
    sly.save()
    add_member(actor=world["owner"], organisation=world["bilt"], user=sly, role=Role.EDITOR)
    _save(world, "editor", "+1 nieuwe kosten")
    case_services.save_version(
        actor=sly,
        case=world["case"],
        document=world["case"].latest().document,
        message="gewijzigd",
        base=world["case"].latest_number,
    )
    page = _rows(_log(world))
    table = _csv(_log(world, csv_file=True))
    assert table[0] == ["Tijdstip", "Wie", "Wat", "Waarop", "Toelichting"]
    assert (
        len(table) - 1 == len(page) == AuditEntry.objects.filter(organisation=world["bilt"]).count()
    )

    def unneutralised(cell: str) -> str:
        return cell[1:] if cell[:2] in ("'=", "'+", "'-", "'@") else cell

    for row, shown in zip(table[1:], page, strict=True):
        at = datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=AMSTERDAM)
        assert _dutch(at) == shown[0]
        assert [unneutralised(c) for c in row[1:]] == shown[1:]
    assert table[1][1] == '\'=HYPERLINK("http://x")'  # the newest row: sly's save
    assert page[0][1] == '=HYPERLINK("http://x")'
    assert table[2][4] == "'+1 nieuwe kosten"
    # the CSV follows the filters
    assert [r[1] for r in _csv(_log(world, "?wie=bewerker", csv_file=True))[1:]] == ["bewerker"]


def test_a_client_level_export_is_in_the_log(world: dict[str, Any]) -> None:
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
    editor = client_for(world["editor"])
    table = (ROOT / "examples" / "cohort" / "sociaal-makelaar.csv").read_bytes()
    cases = len(table.decode("utf-8-sig").strip().splitlines()) - 1  # one line per row
    answer = editor.post(
        "/casussen/upload/",
        {
            "prices": broker.uid,
            "name": "Makelaar 2026",
            "table": SimpleUploadedFile("casussen.csv", table),
        },
    )
    assert answer.status_code == 302
    from rendement.web.cohorts.models import Cohort

    cohort = Cohort.objects.get()
    assert editor.get(f"/casussen/{cohort.uid}/export.csv").status_code == 200
    pseudonyms = cohort.clients.count()
    assert pseudonyms <= cases
    rows = _rows(_log(world, "?actie=cohort.export"))
    assert [r[1:4] for r in rows] == [
        [
            "bewerker",
            f"haalde gegevens per cliënt op: tabel (CSV) ({pseudonyms} casussen)",
            "Makelaar 2026",
        ]
    ]


def _action_names() -> set[str]:
    """Every action name the sources write: a string ``x.y`` given as ``action=`` to any
    call, or as the first argument of the back-up's ``_audit``."""
    names: set[str] = set()
    pattern = re.compile(r"^[a-z_]+\.[a-z_]+$")
    for path in (ROOT / "src" / "rendement").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            values = [k.value for k in node.keywords if k.arg == "action"]
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("_audit", "record") and node.args:
                values.append(node.args[0])
            for value in values:
                for leaf in ast.walk(value):
                    if isinstance(leaf, ast.Constant) and pattern.match(str(leaf.value)):
                        names.add(leaf.value)
    return names


def test_every_action_in_the_sources_has_a_dutch_phrase() -> None:
    names = _action_names()
    # the scan finds the actions known to be written (else it proves nothing)
    assert {
        "case.save",
        "case.agree",
        "cohort.add_case",
        "cohort.correct",
        "backup.create",
        "backup.restore",
        "membership.set",
        "cohort.export",
    } <= names
    assert sorted(names - PHRASES.keys()) == []


def test_a_backup_shows_in_every_organisations_log(world: dict[str, Any]) -> None:
    with transaction.atomic():
        record(actor=None, action="backup.create", subject="rendement.zip")
    rows = _rows(_log(world, "?actie=backup"))
    assert [r[1:4] for r in rows] == [["het systeem", "maakte een back-up", "rendement.zip"]]
