"""The overview's archive, portfolio chart and Excel export.

Expected figures are computed here from each case's YAML by the engine (net = gross −
the investment for the case's perspective, summed over the first overview column's rows,
else the first intervention's first headline option), not read from the overview's code.
"""

from __future__ import annotations

import datetime
import html
import io
import json
import re
from typing import Any

import pytest
from django.utils.timezone import localtime

import test_web_overview as overview_tests
from rendement.engine import evaluate
from rendement.model import loads
from rendement.present.tables import headline_evaluations
from rendement.web.audit.models import AuditEntry
from rendement.web.cases.models import Case
from web_world import client_for

cases = overview_tests.cases  # the fixture: four cases of De Bilt, version 1 of one agreed
_order = overview_tests._order

pytestmark = pytest.mark.django_db


def _engine(document: str) -> tuple[float, float, float] | None:
    """(net, gross ratio, investment) of a text's headline, by the engine."""
    try:
        results = evaluate(loads(document, "model.yaml", files=False))
    except Exception:
        return None
    if results.portfolio:
        evs = [
            results.intervention(r.intervention).get(r.variant, r.scenario)
            for r in results.portfolio[0].rows
        ]
    else:
        evs = headline_evaluations(results, results.interventions[0].id)[:1]
    gross = sum(ev.perspective_gross for ev in evs)
    invested = sum(ev.perspective_investment for ev in evs)
    return gross - invested, gross / invested, invested


def _spec(page: str) -> dict[str, Any] | None:
    found = re.search(
        r'id="portfolio-chart"><div class="vega" role="img" aria-label="([^"]*)" '
        r'data-spec="([^"]*)"',
        page,
    )
    if found is None:
        return None
    spec: dict[str, Any] = json.loads(html.unescape(found.group(2)))
    assert html.unescape(found.group(1)) == spec["description"]  # said, for a screen reader
    return spec


def _chart_rows(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The chart's data by case name (the data sets of the spec, inline)."""
    values = [r for rows in spec["datasets"].values() for r in rows]
    return {r["case"]: r for r in values if "case" in r}


# ------------------------------------------------------------------ archive


def test_archiving_hides_a_case_keeps_it_readable_and_restoring_brings_it_back(
    world: dict[str, Any], cases: dict[str, Case]
) -> None:
    case = cases["years"]
    changed = case.updated_at
    editor, viewer = client_for(world["editor"]), client_for(world["viewer"])
    everyone = {c.uid for c in cases.values()}
    assert set(_order(viewer.get("/").content.decode())) == everyone
    # a viewer may not, a stranger finds no such case, a GET does nothing
    assert viewer.post(f"/cases/{case.uid}/archive/").status_code == 403
    assert client_for(world["stranger"]).post(f"/cases/{case.uid}/archive/").status_code == 404
    assert editor.get(f"/cases/{case.uid}/archive/").status_code == 405
    assert not AuditEntry.objects.filter(action="case.archive").exists()

    listed = editor.get("/").content.decode()
    assert f'action="/cases/{case.uid}/archive/"' in listed
    assert f'action="/cases/{case.uid}/archive/"' not in viewer.get("/").content.decode()
    answer = editor.post(f"/cases/{case.uid}/archive/", {"next": "/?sorteer=netto"})
    assert answer.status_code == 302 and answer["Location"] == "/?sorteer=netto"
    editor.post(f"/cases/{case.uid}/archive/")  # a second click: no second row
    entry = AuditEntry.objects.get(action="case.archive")
    assert entry.actor == world["editor"] and entry.organisation == world["bilt"]
    assert entry.subject == f"case {case.uid}" and entry.detail["title"] == case.title
    case.refresh_from_db()
    assert case.archived_at is not None and case.updated_at == changed

    # hidden by default, in the CSV too; found under the filter, marked as such
    assert set(_order(viewer.get("/").content.decode())) == everyone - {case.uid}
    csv_text = viewer.get("/", {"formaat": "csv"}).content.decode("utf-8-sig")
    assert case.title not in csv_text
    archived = viewer.get("/", {"status": "gearchiveerd"}).content.decode()
    assert _order(archived) == [case.uid]
    assert "concept · gearchiveerd" in archived
    # still readable: its page, its versions, its YAML
    page = viewer.get(f"/cases/{case.uid}/")
    assert page.status_code == 200 and "Gearchiveerd op" in page.content.decode()
    assert viewer.get(f"/cases/{case.uid}/versions/").status_code == 200
    assert viewer.get(f"/cases/{case.uid}/versions/1/").status_code == 200
    yaml = viewer.get(f"/cases/{case.uid}/versions/1.yaml")
    assert yaml.status_code == 200 and yaml.content.decode() == case.latest().document
    # the audit log page says it in words
    log = client_for(world["owner"]).get(f"/organisations/{world['bilt'].slug}/logboek/")
    assert log.status_code == 200 and "archiveerde de business case" in log.content.decode()

    # the owner brings it back, from the case's page
    owner = client_for(world["owner"])
    head = owner.get(f"/cases/{case.uid}/").content.decode()
    assert f'action="/cases/{case.uid}/unarchive/"' in head
    assert viewer.post(f"/cases/{case.uid}/unarchive/").status_code == 403
    answer = owner.post(f"/cases/{case.uid}/unarchive/", {"next": "https://elders.example/"})
    assert answer.status_code == 302 and answer["Location"] == "/"  # never to another site
    assert AuditEntry.objects.get(action="case.unarchive").actor == world["owner"]
    assert set(_order(viewer.get("/").content.decode())) == everyone
    assert _order(viewer.get("/", {"status": "gearchiveerd"}).content.decode()) == []


# ------------------------------------------------------------------ chart


def test_the_chart_has_every_case_in_use_with_the_engines_figures(
    world: dict[str, Any], cases: dict[str, Case]
) -> None:
    import jsonschema
    from altair.vegalite.v6.schema import load_schema

    Case.objects.filter(pk=cases["more"].pk).update(archived_at=datetime.datetime.now(datetime.UTC))
    page = client_for(world["viewer"]).get("/").content.decode()
    spec = _spec(page)
    assert spec is not None
    jsonschema.Draft7Validator(load_schema()).validate(spec)
    drawn = _chart_rows(spec)
    expected = {
        c.title: _engine(c.latest().document)
        for c in Case.objects.filter(pk__in=[c.pk for c in cases.values()], archived_at=None)
    }
    figured = {title: e for title, e in expected.items() if e is not None}
    assert set(drawn) == set(figured) and len(figured) == 2  # not the blank, not the archived
    for title, (net, _ratio, invested) in figured.items():
        assert abs(drawn[title]["net"] - net) < 1e-6
        assert abs(drawn[title]["investment"] - invested) < 1e-6
    # every figure in words for a screen reader; the one without figures counted
    assert "€" in spec["description"] and all(t in spec["description"] for t in figured)
    assert "Niet getoond: 1" in json.dumps(spec["title"], ensure_ascii=False)
    # highest net first on the axis
    bars = spec["layer"][0]
    order = bars["encoding"]["y"]["sort"]
    assert order == sorted(figured, key=lambda t: -figured[t][0])
    # the archived case is drawn under its own filter
    archived = _spec(client_for(world["viewer"]).get("/?status=gearchiveerd").content.decode())
    assert archived is not None and set(_chart_rows(archived)) == {cases["more"].title}


def test_two_cases_of_one_title_are_two_bars(world: dict[str, Any], cases: dict[str, Case]) -> None:
    Case.objects.filter(pk=cases["more"].pk).update(title=cases["bilt"].title)
    spec = _spec(client_for(world["viewer"]).get("/").content.decode())
    assert spec is not None
    assert len(_chart_rows(spec)) == 3  # De Bilt twice (told apart) and the multi-year case


# ------------------------------------------------------------------ Excel


def test_the_excel_export_reads_back_to_the_engines_figures(
    world: dict[str, Any], cases: dict[str, Case]
) -> None:
    from openpyxl import load_workbook

    hostile = '=HYPERLINK("http://x","klik")'
    Case.objects.filter(pk=cases["years"].pk).update(title=hostile)
    Case.objects.filter(pk=cases["more"].pk).update(title="@SUM(A1)")
    answer = client_for(world["viewer"]).get("/", {"formaat": "xlsx", "sorteer": "-netto"})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "business-cases.xlsx" in answer["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    head = [c.value for c in rows[0]]
    assert head[0] == "Titel" and str(head[3]).startswith("Netto") and len(head) == 10
    assert head[9] == "Valuta"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J5"
    body = rows[1:]
    assert len(body) == 4
    # no cell holds a formula; user text that looks like one is a neutralised string
    for row in body:
        assert all(c.data_type != "f" for c in row)
    by_title = {str(row[0].value): row for row in body}
    assert {"'" + hostile, "'@SUM(A1)"} <= set(by_title)
    nets = []
    for case in Case.objects.filter(pk__in=[c.pk for c in cases.values()]):
        title = case.title if not case.title.startswith(("=", "@")) else "'" + case.title
        row = by_title[title]
        assert row[1].value == "Gemeente De Bilt"
        expected = _engine(case.latest().document)
        changed = localtime(case.latest().created_at).replace(tzinfo=None)
        assert abs(row[8].value - changed) < datetime.timedelta(seconds=1)
        assert row[9].value == "EUR"
        if expected is None:
            assert row[3].value is None and row[4].value is None and row[6].value == "onvolledig"
            continue
        net, gross_ratio, _invested = expected
        assert isinstance(row[3].value, float) and abs(row[3].value - net) < 1e-6
        assert "€" in row[3].number_format and "0.00" in row[3].number_format
        assert abs(row[4].value - gross_ratio) < 1e-9
        assert row[6].value == "volledig"
        nets.append(net)
    shown = [r[3].value for r in body if r[3].value is not None]
    assert shown == pytest.approx(sorted(nets, reverse=True))  # the list's sort, kept
    assert by_title[cases["bilt"].title][5].value == "vastgesteld (versie 1)"
