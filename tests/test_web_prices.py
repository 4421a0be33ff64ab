"""Choosing a price as a newcomer, through Django's test client: Dutch names with their
amount, year and source in the search; who pays follows from the price's domain (a
missing financier added in the same save); an own tariff; no raw id in the workspace."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rendement.engine import evaluate
from rendement.model import loads
from rendement.money import euro
from rendement.web.audit.models import AuditEntry
from rendement.web.cases import services
from rendement.web.cases.models import Case
from web_world import client_for

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
GP = "kostenhandleiding-2024:gp_consult_avg"


def _blank(world: dict[str, Any]) -> tuple[Any, Case]:
    owner = client_for(world["owner"])
    owner.post("/cases/new/", {"organisation": world["bilt"].pk, "example": "blank"})
    return owner, Case.objects.exclude(pk=world["case"].pk).get()


def _add(client: Any, case: Case, kind: str, status: int = 200, **fields: Any) -> str:
    base = Case.objects.get(pk=case.pk).latest_number
    answer = client.post(f"/cases/{case.uid}/add/{kind}/", {"base": base, **fields}, **HX)
    text = html.unescape(answer.content.decode())
    shown = re.findall(r'class="(?:error|stale)"[^>]*>([^<]*)', text)
    assert answer.status_code == status, shown
    return text


def test_the_search_shows_dutch_names_with_amount_year_and_source(world: dict[str, Any]) -> None:
    owner, case = _blank(world)
    found = html.unescape(
        owner.get(f"/cases/{case.uid}/prices/", {"q": "huisarts"}).content.decode()
    )
    values = re.findall(r'type="radio" name="price" value="([^"]+)"', found)
    assert values[0] == GP  # the Dutch-named GP consult first
    first = found[found.index(GP) : found.index("</label>", found.index(GP))]
    assert "Huisarts, consult (gemiddeld; ook telefonisch of per e-mail)" in first
    assert "€\u00a030,87 per consult" in first and "prijspeil 2022" in first
    assert "Kostenhandleiding 2024" in first
    assert "General practitioner" not in found and "30.87" not in found
    # the English description is still found, and English readers see it
    english = html.unescape(
        owner.get(
            f"/cases/{case.uid}/prices/", {"q": "general practitioner"}, HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    )
    assert GP in english
    assert "General practitioner, average consultation" in english
    assert "€30.87 per consultation" in english
    # what a chosen price is, and who would pay it: no Zvw financier yet, so one is offered
    chosen = html.unescape(
        owner.get(f"/cases/{case.uid}/prices/chosen/", {"price": GP, "index": "0"}).content.decode()
    )
    assert "Huisarts, consult (gemiddeld" in chosen and "€\u00a030,87 per consult" in chosen
    assert '<option value="new:zvw" selected>nieuw: Zorgverzekeraar (Zvw) toevoegen' in chosen


def test_a_newcomer_adds_an_effect_line_and_its_payer_is_added_in_the_same_save(
    world: dict[str, Any], tmp_path: Path
) -> None:
    """Blank case → Gemeente Zeist (Wmo) → Buurtcoach → 'Minder huisartsbezoek' with the
    GP consult: no refusal; Zorgverzekeraar (Zvw) joins the case in the same version and
    pays the line; the engine's figures equal `rendement run` of the downloaded YAML."""
    owner, case = _blank(world)
    _add(owner, case, "financier", index=-1, name="Gemeente Zeist (Wmo)", budget="wmo")
    _add(
        owner, case, "intervention", index=-1, name="Buurtcoach", reach="40", reach_unit="bewoners"
    )
    before = Case.objects.get(pk=case.pk).latest_number
    page = _add(
        owner,
        case,
        "effect",
        index=0,
        name="Minder huisartsbezoek",
        price=GP,
        units_per_case="3",
        share="50%",
    )
    latest = Case.objects.get(pk=case.pk).latest()
    assert latest.number == before + 1  # one save: the line, its list and its financier
    raw = loads(latest.document, "x.yaml", files=False).case
    assert [f.name for f in raw.financiers] == ["Gemeente Zeist (Wmo)", "Zorgverzekeraar (Zvw)"]
    assert raw.financiers[1].domains == ["zvw"]
    assert "kostenhandleiding-2024" in raw.price_lists
    checked = services.check_document(latest.document)
    assert checked.model is not None, [str(p) for p in checked.problems]
    results = evaluate(checked.model)
    ev = results.intervention("buurtcoach").evaluations[0]
    gp = checked.model.book.prices["gp_consult_avg"]
    assert gp.amount.literal == 30.87
    assert ev.gross == pytest.approx(40 * 0.5 * 3 * 30.87 * gp.index_factor)
    assert ev.gross_by_financier["zorgverzekeraar_zvw"] == pytest.approx(ev.gross)
    # the workspace shows the line's price in words, not its id
    assert "Huisarts, consult (gemiddeld; ook telefonisch of per e-mail)" in page
    assert 'value="gp_consult_avg"' not in page
    assert "Ander tarief kiezen" in page
    # the effects table counts consults in the plural
    assert "60 consulten" in page  # 40 × 50 % × 3
    # the downloaded YAML computes the same with the CLI
    model_file = tmp_path / "case.yaml"
    model_file.write_text(latest.document, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "rendement", "run", str(model_file), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    figures = json.loads(run.stdout)["interventions"]["buurtcoach"]["variants"]
    cli = [s for v in figures.values() for s in v["scenarios"].values()]
    assert [s["gross"] for s in cli] == [pytest.approx(ev.gross)]
    assert [s["net"] for s in cli] == [pytest.approx(ev.net)]
    assert euro(ev.gross) in page
    # another price for the line, through the same search: a home visit (also Zvw)
    saves = AuditEntry.objects.filter(action="case.save").count()
    answer = owner.post(
        f"/cases/{case.uid}/prices/set/",
        {
            "base": latest.number,
            "loc": "interventions.0.effects.0.price",
            "price": "kostenhandleiding-2024:gp_homevisit_avg",
        },
        **HX,
    )
    changed = html.unescape(answer.content.decode())
    assert answer.status_code == 200, changed[:2000]
    assert AuditEntry.objects.filter(action="case.save").count() == saves + 1
    newest = Case.objects.get(pk=case.pk).latest()
    assert "price: gp_homevisit_avg" in newest.document
    assert newest.document.count("zorgverzekeraar_zvw") == 1  # no second Zvw financier
    assert "Huisarts, visite (gemiddeld)" in changed and "€\u00a043,31 per bezoek" in changed
    # a hand-made place that is no effect line's price: 404
    wrong = owner.post(
        f"/cases/{case.uid}/prices/set/",
        {"base": newest.number, "loc": "meta.title", "price": GP},
        **HX,
    )
    assert wrong.status_code == 404


def test_a_price_without_a_domain_asks_who_pays_and_an_own_tariff_is_used(
    world: dict[str, Any],
) -> None:
    owner, case = _blank(world)
    _add(owner, case, "financier", index=-1, name="Gemeente Zeist (Wmo)", budget="wmo")
    _add(
        owner, case, "intervention", index=-1, name="Buurtcoach", reach="10", reach_unit="bewoners"
    )
    base = Case.objects.get(pk=case.pk).latest_number
    # refused (no amount): beside its form, with everything typed kept
    refused_price = owner.post(
        f"/cases/{case.uid}/prices/add/",
        {
            "base": base,
            "index": 0,
            "name": "Gesprek buurtcoach",
            "unit": "gesprek",
            "price_year": "2024",
            "source": "Tarievenlijst Zeist 2024",
        },
        **HX,
    )
    assert refused_price.status_code == 422
    page = html.unescape(refused_price.content.decode())
    assert '<p class="error" id="e-add-price-0">' in page
    for kept in ("Gesprek buurtcoach", "gesprek", "2024", "Tarievenlijst Zeist 2024"):
        assert f'value="{kept}"' in page
    assert Case.objects.get(pk=case.pk).latest_number == base
    answer = owner.post(
        f"/cases/{case.uid}/prices/add/",
        {
            "base": base,
            "index": 0,
            "name": "Gesprek buurtcoach",
            "amount": "45,50",
            "unit": "gesprek",
            "price_year": "2024",
            "source": "Tarievenlijst Zeist 2024",
            "href": "https://example.org/tarieven",
        },
        **HX,
    )
    assert answer.status_code == 200, html.unescape(answer.content.decode())[:2000]
    document = Case.objects.get(pk=case.pk).latest().document
    assert "Tarievenlijst Zeist 2024" in document and "gesprek_buurtcoach" in document
    # the own tariff is found by the search, marked as own
    found = html.unescape(
        owner.get(f"/cases/{case.uid}/prices/", {"q": "buurtcoach"}).content.decode()
    )
    assert 'value="case:gesprek_buurtcoach"' in found
    assert "€\u00a045,50 per gesprek" in found and "eigen tarief" in found
    # it says nothing about who pays: the form asks, and the answer is beside the form
    refused = _add(
        owner,
        case,
        "effect",
        status=422,
        index=0,
        name="Minder gesprekken",
        price="case:gesprek_buurtcoach",
        units_per_case="2",
    )
    assert "Wie betaalt" in refused
    # the form shown again keeps the chosen price and offers the case's financiers
    assert '<input type="hidden" name="price" value="case:gesprek_buurtcoach">' in refused
    assert '<option value="gemeente_zeist_wmo">Gemeente Zeist (Wmo)</option>' in refused
    page = _add(
        owner,
        case,
        "effect",
        index=0,
        name="Minder gesprekken",
        price="case:gesprek_buurtcoach",
        units_per_case="2",
        financier="gemeente_zeist_wmo",
    )
    latest = Case.objects.get(pk=case.pk).latest()
    checked = services.check_document(latest.document)
    assert checked.model is not None, [str(p) for p in checked.problems]
    ev = evaluate(checked.model).intervention("buurtcoach").evaluations[0]
    assert ev.gross == pytest.approx(10 * 2 * 45.50)
    assert ev.gross_by_financier["gemeente_zeist_wmo"] == pytest.approx(ev.gross)
    assert "20 gesprekken" in page
