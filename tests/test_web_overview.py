"""The case list as an organisation's overview: figures, search, sort, filter, the CSV
export, duplicating and deleting a case.

The expected figures are computed here from the engine's evaluations (net = gross − the
investment for the case's perspective, summed over a portfolio column's rows), not read
from the overview's own code."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
from typing import Any

import pytest

from rendement.engine import evaluate
from rendement.model import loads
from rendement.money import euro, ratio
from rendement.present.tables import headline_evaluations
from rendement.web.audit.models import AuditEntry
from rendement.web.cases import services
from rendement.web.cases.examples import example_text
from rendement.web.cases.models import AgreedVersion, Case
from rendement.web.organisations.models import Role
from rendement.web.organisations.services import add_member
from web_world import client_for, no_cache_count_due

pytestmark = pytest.mark.django_db


def _engine(document: str) -> tuple[float, float] | None:
    """The headline net and gross ratio of a text by the engine: the first overview
    column's total, or else the first intervention's first headline option."""
    try:
        results = evaluate(loads(document, "model.yaml", files=False))
    except Exception:
        return None
    if results.portfolio:
        gross = invested = 0.0
        for row in results.portfolio[0].rows:
            ev = results.intervention(row.intervention).get(row.variant, row.scenario)
            gross += ev.perspective_gross
            invested += ev.perspective_investment
    else:
        ev = headline_evaluations(results, results.interventions[0].id)[0]
        gross, invested = ev.perspective_gross, ev.perspective_investment
    return gross - invested, gross / invested


def _rows(page: str) -> dict[str, list[str]]:
    """The overview's rows by case id: the cells' text."""
    out = {}
    for uid, body in re.findall(r'<tr data-uid="(\w+)">(.*?)</tr>', page, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        out[uid] = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]
    return out


def _order(page: str) -> list[str]:
    return re.findall(r'<tr data-uid="(\w+)">', page)


@pytest.fixture
def cases(world: dict[str, Any]) -> dict[str, Case]:
    """De Bilt (a portfolio), De Bilt with twice the reach of its first intervention, a multi-year
    example without a portfolio, and a blank (incomplete) case — all in De Bilt's
    organisation; De Bilt's version 1 agreed."""
    owner, bilt = world["owner"], world["bilt"]
    text = example_text("de-bilt-2019")
    more = services.create_case(
        actor=world["editor"],
        organisation=bilt,
        document=text.replace("reach: 160", "reach: 320").replace(
            "title: ", "title: Meer bereik ", 1
        ),
        message="meer",
    )
    years = services.create_case(
        actor=owner,
        organisation=bilt,
        document=example_text("rekenvoorbeeld-meerjarig"),
        message="meerjarig",
    )
    blank = services.create_case(
        actor=owner, organisation=bilt, document=example_text("blank"), message="leeg"
    )
    case = world["case"]
    AgreedVersion.objects.create(
        case=case,
        version=case.versions.get(number=1),
        agreed_on=datetime.date(2024, 3, 1),
        marked_by=owner,
        report=b"%PDF",
        report_name="x.pdf",
        report_sha256="0" * 64,
        rendement_version="test",
    )
    return {"bilt": case, "more": more, "years": years, "blank": blank}


def test_the_list_shows_the_engines_figures_status_and_completeness(
    world: dict[str, Any], cases: dict[str, Case]
) -> None:
    page = client_for(world["viewer"]).get("/").content.decode()
    rows = _rows(page)
    assert set(rows) == {c.uid for c in cases.values()}
    for name, case in cases.items():
        cells = rows[case.uid]
        assert cells[0] == case.title and cells[1] == "Gemeente De Bilt"
        expected = _engine(case.latest().document)
        if expected is None:
            assert name == "blank"
            assert cells[2] == "—" and cells[3] == "—" and cells[5] == "onvolledig"
        else:
            assert cells[2] == euro(expected[0]) and cells[3] == ratio(expected[1])
            assert cells[5] == "volledig"
    assert rows[cases["bilt"].uid][4] == "vastgesteld (versie 1)"
    assert rows[cases["years"].uid][4] == "concept"
    assert rows[cases["more"].uid][6] == "bewerker"  # who made the last version
    assert euro(88415) == rows[cases["bilt"].uid][2]  # the report's Minimum column


def test_sorting_by_net_follows_the_engines_nets(
    world: dict[str, Any], cases: dict[str, Case]
) -> None:
    client = client_for(world["owner"])
    nets = {c.uid: _engine(c.latest().document) for c in cases.values()}
    figured = [uid for uid, n in nets.items() if n is not None]
    up = sorted(figured, key=lambda uid: nets[uid][0])  # type: ignore[index]
    assert len({nets[u][0] for u in up}) == 3  # type: ignore[index]  # three different nets
    page = client.get("/?sorteer=netto").content.decode()
    assert _order(page) == [*up, cases["blank"].uid]  # no figures: last
    assert re.search(r'aria-sort="ascending"[^>]*><a href="\?sorteer=-netto"', page)
    page = client.get("/?sorteer=-netto").content.decode()
    assert _order(page) == [*up[::-1], cases["blank"].uid]
    assert 'aria-sort="descending"' in page and page.count('aria-sort="none"') == 7


def test_search_and_status_filter(world: dict[str, Any], cases: dict[str, Case]) -> None:
    client = client_for(world["viewer"])
    found = _order(client.get("/", {"zoek": "MEER BEREIK"}).content.decode())
    assert found == [cases["more"].uid]
    agreed = _order(client.get("/", {"status": "vastgesteld"}).content.decode())
    assert agreed == [cases["bilt"].uid]
    concept = _order(client.get("/", {"status": "concept"}).content.decode())
    assert set(concept) == {cases["more"].uid, cases["years"].uid, cases["blank"].uid}
    assert _order(client.get("/", {"zoek": "niets dergelijks"}).content.decode()) == []


def test_the_csv_export_reads_back_to_the_same_figures(
    world: dict[str, Any], cases: dict[str, Case]
) -> None:
    hostile = Case.objects.filter(pk=cases["years"].pk)
    hostile.update(title='=HYPERLINK("http://x")')
    answer = client_for(world["viewer"]).get("/", {"formaat": "csv", "sorteer": "netto"})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    body = answer.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    head, rows = rows[0], rows[1:]
    assert head[3] == "Netto besparing" and head[9] == "Valuta" and len(rows) == 4
    assert {r[9] for r in rows} == {"EUR"}  # the amounts' currency, never assumed
    by_title = {r[0]: r for r in rows}
    assert '\'=HYPERLINK("http://x")' in by_title  # neutralised, never a formula
    assert not any(r[0].startswith(("=", "+", "-", "@")) for r in rows)
    nets = []
    for case in Case.objects.filter(pk__in=[c.pk for c in cases.values()]):
        title = case.title if not case.title.startswith("=") else "'" + case.title
        row = by_title[title]
        expected = _engine(case.latest().document)
        if expected is None:
            assert row[3] == "" and row[6] == "onvolledig"
            continue
        net = float(row[3].replace(",", "."))
        assert "." not in row[3] and abs(net - expected[0]) <= 0.005
        assert abs(float(row[4].replace(",", ".")) - expected[1]) <= 0.00005
        nets.append(net)
    assert [float(r[3].replace(",", ".")) for r in rows if r[3]] == sorted(nets)


def test_duplicating_copies_the_newest_text_with_an_audit_row(
    world: dict[str, Any], cases: dict[str, Case]
) -> None:
    original, stranger = cases["more"], world["stranger"]
    editor = client_for(world["editor"])
    assert editor.get(f"/cases/{original.uid}/duplicate/").status_code == 200
    # into an organisation the editor is not in: refused, nothing made
    made = Case.objects.count()
    answer = editor.post(f"/cases/{original.uid}/duplicate/", {"organisation": world["other"].pk})
    assert answer.status_code in (403, 404) and Case.objects.count() == made
    # a viewer may not create cases in De Bilt
    answer = client_for(world["viewer"]).post(
        f"/cases/{original.uid}/duplicate/", {"organisation": world["bilt"].pk}
    )
    assert answer.status_code == 403 and Case.objects.count() == made
    # the editor joins the other organisation as editor: the copy goes there
    add_member(actor=stranger, organisation=world["other"], user=world["editor"], role=Role.EDITOR)
    answer = editor.post(f"/cases/{original.uid}/duplicate/", {"organisation": world["other"].pk})
    assert answer.status_code == 302
    copy = Case.objects.exclude(pk__in=[c.pk for c in cases.values()]).get()
    assert copy.organisation == world["other"] and copy.title == f"Kopie van {original.title}"
    assert copy.latest_number == 1 and copy.latest().document == original.latest().document
    entry = AuditEntry.objects.get(action="case.duplicate")
    assert entry.actor == world["editor"] and entry.organisation == world["other"]
    assert entry.detail["from"] == original.uid and entry.subject == f"case {copy.uid}"
    # the stranger sees the copy, not the original
    rows = _rows(client_for(stranger).get("/").content.decode())
    assert set(rows) == {copy.uid}


def test_deleting_asks_first_and_only_an_owner_may(
    world: dict[str, Any], cases: dict[str, Case]
) -> None:
    case = cases["years"]
    owner = client_for(world["owner"])
    listed = owner.get("/").content.decode()
    assert f'href="/cases/{case.uid}/delete/"' in listed
    assert f'href="/cases/{case.uid}/delete/"' in owner.get(f"/cases/{case.uid}/").content.decode()
    editor = client_for(world["editor"])
    assert f"/cases/{case.uid}/delete/" not in editor.get("/").content.decode()
    assert editor.get(f"/cases/{case.uid}/delete/").status_code == 403
    assert editor.post(f"/cases/{case.uid}/delete/").status_code == 403
    confirm = owner.get(f"/cases/{case.uid}/delete/")
    assert confirm.status_code == 200 and Case.objects.filter(pk=case.pk).exists()
    assert f'action="/cases/{case.uid}/delete/"' in confirm.content.decode()
    assert owner.post(f"/cases/{case.uid}/delete/").status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    assert AuditEntry.objects.filter(action="case.delete", actor=world["owner"]).count() == 1


def test_the_list_costs_the_same_queries_for_more_cases(
    world: dict[str, Any], cases: dict[str, Case]
) -> None:
    """Figures come from the cache by text digest and the rows from three queries: more
    cases add no query (and, with a text already seen, no evaluation)."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world["owner"])
    client.get("/")  # warm: every text evaluated once
    no_cache_count_due()
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    for n in range(10):
        services.create_case(
            actor=world["owner"],
            organisation=world["bilt"],
            document=example_text("de-bilt-2019"),
            message=f"nog een {n}",
        )
    no_cache_count_due()
    with CaptureQueriesContext(connection) as after:
        started = time.perf_counter()
        page = client.get("/?sorteer=-netto").content.decode()
        seconds = time.perf_counter() - started
    assert len(_order(page)) == 14
    assert len(after.captured_queries) == len(before.captured_queries)
    assert seconds < 2.0, seconds  # the same text: one evaluation, shared
