"""The method in the forms: the case's settings (*Uitgangspunten*), the SROI filters of an
effect line, "Onzeker?" (a range), a formula's result, help texts and the glossary — each
a new version of the YAML document, computed as ``rendement run`` computes it."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from rendement.model import loads
from rendement.money import euro
from rendement.web.cases.method import GLOSSARY
from rendement.web.cases.models import Case, CaseVersion
from servers import run_json
from web_world import client_for

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
CJG = "interventions.0.effects.1"  # Ouders Lokaal › CJG: 80 cases × 13 × € 55 = € 57.200
NET = 66196  # Ouders Lokaal, huidige situatie, perspective Gemeente: 98.072 − 31.876


def _latest(case: Case) -> CaseVersion:
    return Case.objects.get(pk=case.pk).latest()


def _post(client: Any, case: Case, url: str, status: int = 200, **fields: Any) -> str:
    base = Case.objects.get(pk=case.pk).latest_number
    answer = client.post(f"/cases/{case.uid}/{url}", {"base": base, **fields}, **HX)
    text = html.unescape(answer.content.decode())
    assert answer.status_code == status, text[:3000]
    return text


def _page(client: Any, case: Case) -> str:
    return html.unescape(client.get(f"/cases/{case.uid}/").content.decode())


def _run(client: Any, case: Case, tmp_path: Path) -> dict[str, Any]:
    """``rendement run --json`` on the YAML the page downloads."""
    number = _latest(case).number
    answer = client.get(f"/cases/{case.uid}/versions/{number}.yaml")
    assert answer.status_code == 200
    path = tmp_path / f"v{number}.yaml"
    path.write_bytes(answer.content)
    return run_json(path)


def _huidig(figures: dict[str, Any]) -> dict[str, Any]:
    ouders = figures["interventions"]["ouders_lokaal"]["variants"]["huidig"]
    basis: dict[str, Any] = ouders["scenarios"]["basis"]
    return basis


def _form(page: str, key: str) -> str:
    start = page.index(f'<form id="form-{key}"')
    return page[start : page.index("</form>", start)]


def test_perspective_and_method_set_in_the_form(world: dict[str, Any], tmp_path: Path) -> None:
    """The perspective is a list of what the model allows: society, the declared
    perspective, a party's budgets together, one financier alone (written down as a new
    perspective); the figures follow, as ``rendement run`` computes them."""
    case, editor = world["case"], client_for(world["editor"])
    page = _page(editor, case)
    assert '<option value="gemeente" selected>Gemeente De Bilt</option>' in page
    assert euro(NET) in page

    page = _post(editor, case, "setting/", what="perspective", value="maatschappij")
    assert "\nperspective: maatschappij\n" in _latest(case).document
    figures = _run(editor, case, tmp_path)
    assert figures["perspective"]["id"] == "maatschappij"
    assert _huidig(figures)["net"] == 110872 - 31876  # every financier counts: Zvw's 12.800 too
    assert euro(78996) in page

    page = _post(editor, case, "setting/", what="perspective", value="f:zorgverzekeraar")
    document = _latest(case).document
    assert "\nperspective: zorgverzekeraar\n" in document
    model = loads(document, files=False)
    declared = {p.id: list(p.financiers) for p in model.case.perspectives}
    assert declared["zorgverzekeraar"] == ["zorgverzekeraar"]
    figures = _run(editor, case, tmp_path)
    assert _huidig(figures)["net"] == 12800  # the GP's saving; the municipality pays
    assert euro(12800) in page

    _post(editor, case, "setting/", what="method", value="sroi")
    assert "method: sroi" in _latest(case).document
    _post(editor, case, "setting/", what="perspective", value="gemeente")
    assert _huidig(_run(editor, case, tmp_path))["net"] == NET
    # what the list does not offer is no request a form makes
    _post(editor, case, "setting/", 404, what="perspective", value="f:onbekend")
    _post(editor, case, "setting/", 404, what="method", value="mkba")


def test_price_year_horizon_and_discount_rate(world: dict[str, Any], tmp_path: Path) -> None:
    """Price year, horizon and discount rate are fields; an empty horizon is left out
    again (the default of one year)."""
    case, editor = world["case"], client_for(world["editor"])
    _post(editor, case, "optional/", loc="meta.horizon_years", value="3")
    _post(editor, case, "optional/", loc="meta.discount_rate", value="4%")
    document = _latest(case).document
    assert "horizon_years: 3" in document and "discount_rate: 4%" in document
    figures = _run(editor, case, tmp_path)
    assert figures["model"]["horizon_years"] == 3
    assert figures["model"]["discount_rate"] == pytest.approx(0.04)
    years = _huidig(figures)["years"]
    assert len(years) == 3
    assert years[1]["discount_factor"] == pytest.approx(1 / 1.04)
    page = _page(editor, case)
    assert euro(_huidig(figures)["net"]) in page

    _post(editor, case, "optional/", loc="meta.horizon_years", value="")
    assert "horizon_years" not in _latest(case).document
    _post(editor, case, "optional/", loc="meta.price_year", value="2022")
    figures = _run(editor, case, tmp_path)
    assert figures["model"]["price_year"] == 2022
    assert _huidig(figures)["net"] > NET  # the 2019 tariffs indexed to 2022 prices
    assert euro(_huidig(figures)["net"]) in _page(editor, case)
    # the price year is never left out
    page = _post(editor, case, "optional/", 422, loc="meta.price_year", value="")
    assert "price_year: 2022" in _latest(case).document


def test_portfolio_columns_pick_an_option(world: dict[str, Any], tmp_path: Path) -> None:
    """A column of the portfolio picks, per intervention, a variant under a scenario."""
    case, editor = world["case"], client_for(world["editor"])
    page = _page(editor, case)
    assert "Portfolio, kolom Minimum: wat telt mee" in page
    before = _run(editor, case, tmp_path)
    minimum = before["portfolio"][0]
    ouders = {r["intervention"]: r["net"] for r in minimum["interventions"]}
    _post(
        editor,
        case,
        "setting/",
        what="pick",
        column=0,
        intervention="ouders_lokaal",
        value="huidig",
    )
    assert "ouders_lokaal: huidig\n" in _latest(case).document
    # the version says it in words, not ids
    assert _latest(case).message == "Kolom 1: Ouders Lokaal telt Huidige situatie"
    after = _run(editor, case, tmp_path)["portfolio"][0]
    rows = {r["intervention"]: r["net"] for r in after["interventions"]}
    assert rows["ouders_lokaal"] == NET
    assert after["net"] == pytest.approx(minimum["net"] - ouders["ouders_lokaal"] + NET)
    # "telt niet mee" while the report printed the column's figure of it: refused
    page = _post(
        editor, case, "setting/", 422, what="pick", column=0, intervention="ouders_lokaal", value=""
    )
    assert "telt interventie 'ouders_lokaal' niet mee" in page
    # beside the column's picks, its fold-out open; not in the notices above the forms
    column = re.search(r'<details class="columns" open>(.*?)</details>', page, re.S)
    assert column is not None and "niet mee" in column.group(1)
    notices = re.search(r'<div id="notices"[^>]*>(.*?)</div>\s*\n', page, re.S)
    assert notices is None or "niet mee" not in notices.group(1)
    assert "ouders_lokaal: huidig\n" in _latest(case).document


def test_an_sroi_filter_on_an_effect_line(world: dict[str, Any], tmp_path: Path) -> None:
    """Deadweight 20% on the CJG line: € 57.200 × 0,8 = € 45.760, so the net falls by
    € 11.440; emptied, the filter is gone and the figure is back."""
    case, editor = world["case"], client_for(world["editor"])
    page = _page(editor, case)
    assert "Filters (SROI) per effectregel" in page
    assert f'name="loc" value="{CJG}.deadweight"' in page
    page = _post(editor, case, "optional/", loc=f"{CJG}.deadweight", value="20%")
    assert "deadweight: 20%" in _latest(case).document
    figures = _run(editor, case, tmp_path)
    cjg = next(e for e in _huidig(figures)["effects"] if e["id"] == "cjg")
    assert cjg["gross"] == pytest.approx(45760)
    assert _huidig(figures)["net"] == pytest.approx(NET - 11440)
    assert euro(NET - 11440) in page
    _post(editor, case, "optional/", loc=f"{CJG}.attribution", value="50%")
    _post(editor, case, "optional/", loc=f"{CJG}.displacement", value="10%")
    figures = _run(editor, case, tmp_path)
    cjg = next(e for e in _huidig(figures)["effects"] if e["id"] == "cjg")
    assert cjg["gross"] == pytest.approx(57200 * 0.8 * 0.5 * 0.9)  # € 20.592
    page = _post(editor, case, "optional/", 422, loc=f"{CJG}.displacement", value="150%")
    field = _form(page, f"{CJG}.displacement")  # the error beside its field, as typed
    assert 'value="150%"' in field and "tussen 0% en 100%" in field
    assert 'class="stale"' not in page
    for key in ("deadweight", "attribution", "displacement"):
        _post(editor, case, "optional/", loc=f"{CJG}.{key}", value="")
    assert "deadweight" not in _latest(case).document.split("- id: cjg")[1].split("- id:")[0]
    assert _huidig(_run(editor, case, tmp_path))["net"] == NET
    # only the filters and the case settings: no other place through this form
    _post(editor, case, "optional/", 404, loc="interventions.0.reach", value="")


def test_onzeker_stores_a_range_and_shows_uncertainty(world: dict[str, Any]) -> None:
    """Low / likely / high of the reach is ``pert(40; 160; 200)``; the page then shows
    Monte Carlo, the tornado and the break-even reach: the perspective's gross is
    proportional to the reach (€ 98.072 at 160), the investment is not (€ 31.876), so
    the net is zero at 160 × 31.876 / 98.072 = 52, inside the range (a break-even outside
    it is not printed as a value)."""
    case, editor = world["case"], client_for(world["editor"])
    page = _page(editor, case)
    assert 'id="u-interventions.0.reach"' in page  # "Onzeker?" beside the reach
    page = _post(
        editor, case, "uncertain/", loc="interventions.0.reach", low="40", likely="160", high="200"
    )
    assert "reach: {pert: [40, 160, 200]}" in _latest(case).document
    field = _form(page, "interventions.0.reach")
    assert 'value="pert(40; 160; 200)"' in field
    assert 'id="u-interventions.0.reach-low" name="low" value="40"' in page
    number = _latest(case).number
    charts = html.unescape(
        editor.get(f"/cases/{case.uid}/versions/{number}/charts/").content.decode()
    )
    assert "Onzekerheid" in charts and "Monte Carlo" in charts
    assert "Break-even" in charts
    row = next(r for r in charts.split("<tr") if "bereik" in r and "PERT: laag 40 ·" in r)
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)
    assert cells[0] == "Ouders Lokaal: bereik"
    assert cells[-1] == "52"  # the break-even reach
    sensitivity = html.unescape(editor.get(f"/cases/{case.uid}/sensitivity/").content.decode())
    assert "EVPPI" in sensitivity and "Ouders Lokaal" in sensitivity
    # likely alone: one number again
    _post(editor, case, "uncertain/", loc="interventions.0.reach", low="", likely="160", high="")
    assert "reach: 160\n" in _latest(case).document


def test_a_formula_shows_its_result(world: dict[str, Any]) -> None:
    """``=21376 / (9 * 52)`` shows "= € 45,68" beside it; a changed formula its new result."""
    case, editor = world["case"], client_for(world["editor"])
    page = _page(editor, case)
    field = _form(page, "interventions.0.investments.0.hourly_cost")
    assert 'value="=21376 / (9 * 52)"' in field
    assert ">= € 45,68</output>" in field.replace("\u00a0", " ")
    answer = _post(
        editor, case, "edit/", loc="interventions.0.investments.0.hourly_cost", value="=9 * 5.5"
    )
    assert ">= € 49,50</output>" in answer.replace("\u00a0", " ")


def test_every_field_has_help_and_the_glossary_explains_the_words(
    world: dict[str, Any],
) -> None:
    """Every field of De Bilt's workspace has a help text; every method word the
    workspace links to is on the glossary page, in Dutch and in English."""
    case, editor = world["case"], client_for(world["editor"])
    page = _page(editor, case)
    forms = re.findall(r'<form[^>]*class="field[^"]*"[^>]*>.*?</form>', page, re.S)
    assert len(forms) > 100
    without = [f[:200] for f in forms if 'class="help"' not in f]
    assert not without, without
    linked = set(re.findall(r'href="/begrippen/#([a-z-]+)"', page))
    assert {"perspectief", "toerekening", "deadweight", "netto-ratio", "portfolio"} <= linked
    glossary = html.unescape(editor.get("/begrippen/").content.decode())
    anchors = set(re.findall(r'<dt id="([a-z-]+)">', glossary))
    assert linked <= anchors
    assert anchors == {anchor for anchor, _term, _text in GLOSSARY}
    for word in ("Bruto besparing", "Netto ratio (SROI-ratio)", "Uitdoving (drop-off)"):
        assert word in glossary
    editor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = html.unescape(editor.get("/begrippen/").content.decode())
    assert "Gross saving" in english and "Discount rate" in english
    assert "Bruto besparing" not in english
    page = _page(editor, case)
    assert "Assumptions" in page and "Uitgangspunten" not in page


def test_audit_on_demand_and_who_may_change_settings(world: dict[str, Any]) -> None:
    """ "Controleer gepubliceerde cijfers" checks the report's printed figures; a viewer
    sees the settings but cannot change them."""
    case, editor, viewer = world["case"], client_for(world["editor"]), client_for(world["viewer"])
    assert "Controleer gepubliceerde cijfers" in _page(editor, case)
    audit = html.unescape(editor.get(f"/cases/{case.uid}/audit/").content.decode())
    assert "Gecontroleerde gepubliceerde cijfers:" in audit
    checked = int(re.search(r"Gecontroleerde gepubliceerde cijfers: (\d+)", audit)[1])  # type: ignore[index]
    assert checked > 50
    page = _page(viewer, case)
    assert '<select id="s-perspective" name="value" disabled>' in page
    _post(viewer, case, "setting/", 403, what="method", value="sroi")
    _post(viewer, case, "optional/", 403, loc=f"{CJG}.deadweight", value="20%")
    _post(viewer, case, "uncertain/", 403, loc="interventions.0.reach", likely="1")


def test_a_blank_case_is_computed_for_the_municipality(world: dict[str, Any]) -> None:
    """A blank case is a municipality's: its perspective is 'gemeente', and every
    financier of the municipality added through the form joins it (the health insurer
    does not)."""
    owner = client_for(world["owner"])
    owner.post("/cases/new/", {"organisation": world["bilt"].pk, "example": "blank"})
    case = Case.objects.exclude(pk=world["case"].pk).get()
    assert '<option value="gemeente" selected>Gemeente</option>' in _page(owner, case)
    _post(owner, case, "add/financier/", index=-1, name="Gemeente X (Wmo)", budget="wmo")
    _post(owner, case, "add/financier/", index=-1, name="Zorgverzekeraar", budget="zvw")
    _post(owner, case, "add/financier/", index=-1, name="Gemeente X (jeugd)", budget="jeugd")
    _post(owner, case, "add/intervention/", index=-1, name="Buurtcoach", reach="40")
    model = loads(_latest(case).document, files=False)
    assert model.case.perspective == "gemeente"
    assert model.case.perspective_financiers("gemeente") == ["gemeente_x_wmo", "gemeente_x_jeugd"]


def test_no_id_twice_in_the_workspace(world: dict[str, Any]) -> None:
    """A filter the line already has is its field once, not also in the fold-out."""
    case, editor = world["case"], client_for(world["editor"])
    document = _latest(case).document.replace(
        "share: 50%", "share: 50%\n        attribution: 80%", 1
    )
    from rendement.web.cases import services

    services.save_version(
        actor=world["editor"], case=case, document=document, message="toerekening", base=1
    )
    page = _page(editor, case)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_a_portfolio_column_is_added_in_the_form(world: dict[str, Any], tmp_path: Path) -> None:
    """A case without a portfolio gets one with its first column: every intervention as
    written; the column adds up their nets, as ``rendement run`` computes it."""
    from rendement.web.cases import services
    from rendement.web.cases.examples import example_text

    case = services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text("rekenvoorbeeld-meerjarig"),
        message="meerjarig",
    )
    editor = client_for(world["editor"])
    assert "Portfolio: kolom toevoegen" in _page(editor, case)
    page = _post(editor, case, "setting/", 422, what="column", value="")
    assert "Geef de kolom een naam" in page
    page = _post(editor, case, "setting/", what="column", value="Alles samen")
    assert "Portfolio, kolom Alles samen: wat telt mee" in page
    figures = _run(editor, case, tmp_path)
    (column,) = figures["portfolio"]
    nets = [
        i["variants"][next(iter(i["variants"]))]["scenarios"]["basis"]["net"]
        for i in figures["interventions"].values()
    ]
    assert column["name"] == "Alles samen"
    assert column["net"] == pytest.approx(sum(nets))
    _post(editor, case, "setting/", what="column", value="Tweede")
    assert len(_run(editor, case, tmp_path)["portfolio"]) == 2
    # a column no longer wanted is removed by its own button
    page = _page(editor, case)
    assert 'name="loc" value="portfolio.columns.0"' in page
    assert "Portfolio-kolom Alles samen" in page
    _post(editor, case, "remove/", loc="portfolio.columns.0", name="Portfolio-kolom Alles samen")
    (left,) = _run(editor, case, tmp_path)["portfolio"]
    assert left["name"] == "Tweede"


@pytest.mark.parametrize(
    "example", ["sroi-lunch-club-au", "sroi-uk-pounds", "kostenbesparing-raster", "blank"]
)
def test_every_example_shows_its_settings_and_filters(world: dict[str, Any], example: str) -> None:
    """Every example opens with its settings, filters and help texts, and no id twice (an
    SROI line with 'attribution to others' shows that instead of 'attribution')."""
    from rendement.web.cases import services
    from rendement.web.cases.examples import example_text

    case = services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text(example),
        message=example,
    )
    page = _page(client_for(world["editor"]), case)
    assert "Uitgangspunten" in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    forms = re.findall(r'<form[^>]*class="field[^"]*"[^>]*>.*?</form>', page, re.S)
    assert all('class="help"' in f for f in forms)
    if example == "sroi-lunch-club-au":
        assert "toerekening aan anderen" in page.lower()
