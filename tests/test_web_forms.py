"""The forms in the order of the method: stakeholders, an intervention in words (target
groups, activities, the effects arena), names, variants and scenarios — each a new
version of the YAML document, checked by the loader, refused beside its form when wrong."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from rendement.engine import evaluate
from rendement.model import loads
from rendement.web.cases.models import Case, CaseVersion
from web_world import client_for

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _latest(case: Case) -> CaseVersion:
    return Case.objects.get(pk=case.pk).latest()


def _post(client: Any, case: Case, url: str, status: int = 200, **fields: Any) -> str:
    base = Case.objects.get(pk=case.pk).latest_number
    answer = client.post(f"/cases/{case.uid}/{url}", {"base": base, **fields}, **HX)
    text = html.unescape(answer.content.decode())
    assert answer.status_code == status, text[:3000]
    return text


def test_stakeholders_and_an_intervention_in_words(world: dict[str, Any]) -> None:
    """Step 2 and 3 of the method in forms: a stakeholder added, an intervention's target
    groups and effects per perspective written one per line; the author's comments stay."""
    case, editor = world["case"], client_for(world["editor"])
    page = _post(
        editor,
        case,
        "add/stakeholder/",
        index=-1,
        name="Grootouders",
        description="Passen op en zien de gezinnen vaak",
    )
    assert 'value="Grootouders"' in page  # its name is a field now
    answer = _post(
        editor,
        case,
        "edit/",
        loc="interventions.3.target_groups",
        kind="lines",
        value="Gezinnen met kinderen onder de 24 jaar\n\n  Grootouders  \n",
    )
    # the field comes back out of band, as the document now has it
    assert 'id="form-interventions.3.target_groups" hx-swap-oob="true"' in answer
    assert ">Gezinnen met kinderen onder de 24 jaar\nGrootouders</textarea>" in answer
    _post(
        editor,
        case,
        "edit/",
        loc="interventions.3.qualitative_effects.society",
        kind="lines",
        value="Minder uithuisplaatsingen\nMeer vertrouwen in de buurt",
    )
    latest = _latest(case)
    model = loads(latest.document, "x.yaml", files=False).case
    assert model.stakeholders[-1].name == "Grootouders"
    assert model.stakeholders[-1].description == "Passen op en zien de gezinnen vaak"
    samen = model.intervention("samen_oplopen")
    assert samen.target_groups == ["Gezinnen met kinderen onder de 24 jaar", "Grootouders"]
    assert samen.qualitative_effects.society == [
        "Minder uithuisplaatsingen",
        "Meer vertrouwen in de buurt",
    ]
    assert "# Tabel 1: € 21.376 per jaar voor 9 uur per week" in latest.document
    # the same stakeholder name again gets its own id
    _post(editor, case, "add/stakeholder/", index=-1, name="Grootouders")
    ids = [s.id for s in loads(_latest(case).document, "x.yaml", files=False).case.stakeholders]
    assert ids[-2:] == ["grootouders", "grootouders_2"]
    # without a name: refused beside the form, what was typed stays
    refused = _post(
        editor, case, "add/stakeholder/", status=422, index=-1, name=" ", description="Wie?"
    )
    assert 'id="e-add-stakeholder">Geef de belanghebbende een naam' in refused
    assert ">Wie?</textarea>" in refused


def test_a_rename_shows_everywhere_and_a_used_financier_cannot_go(world: dict[str, Any]) -> None:
    case, editor = world["case"], client_for(world["editor"])
    page = _post(editor, case, "edit/", loc="interventions.0.name", value="Ouders Samen")
    assert "<legend>Ouders Samen</legend>" in page  # the whole workspace, relabelled
    assert "<h2>Ouders Samen</h2>" in page  # and its results section
    _post(editor, case, "edit/", loc="financiers.3.name", value="Zorgverzekeraar (Zvw)")
    number = _latest(case).number
    # a financier the effect lines pay from stays; the message names what refers to it
    refused = _post(editor, case, "remove/", status=422, loc="financiers.3")
    assert "zorgverzekeraar" in refused.lower() and _latest(case).number == number
    # a stakeholder nobody refers to can go
    _post(editor, case, "add/stakeholder/", index=-1, name="Buren")
    _post(editor, case, "remove/", loc="stakeholders.12", name="Buren")
    names = [s.name for s in loads(_latest(case).document, "x.yaml", files=False).case.stakeholders]
    assert "Buren" not in names and len(names) == 12


def test_variants_and_scenarios_are_made_in_forms(world: dict[str, Any]) -> None:
    """A new intervention's first variant brings 'Huidige situatie', so the intervention as
    written is still evaluated; a scenario of the case changes one line; a wrong value is
    refused beside the form."""
    case, editor = world["case"], client_for(world["editor"])
    _post(editor, case, "add/intervention/", index=-1, name="Buurtcoach", reach="50")
    _post(
        editor,
        case,
        "add/effect/",
        index=4,
        name="Minder huisartsbezoek",
        price="mbc-de-bilt-2019:huisarts_contact",
        units_per_case="2",
        share="50%",
    )
    page = _post(
        editor,
        case,
        "add/change/",
        index=4,
        target="new",
        variant="Twee wijken",
        what="reach",
        value="100",
    )
    assert 'value="v:twee_wijken"' in page  # the new variant is offered for the next change
    _post(editor, case, "add/scenario/", index=-1, name="Voorzichtig")
    _post(
        editor,
        case,
        "add/change/",
        index=4,
        target="s:voorzichtig",
        what="effects.minder_huisartsbezoek.share",
        value="25%",
    )
    # the versions say so in words, not ids
    messages = list(case.versions.order_by("-number").values_list("message", flat=True)[:4])
    assert messages == [
        "Scenario Voorzichtig zet Minder huisartsbezoek › aandeel op 25%",
        "Scenario Voorzichtig toegevoegd",
        "Nieuwe variant Twee wijken zet Bereik op 100",
        "Effectregel Minder huisartsbezoek toegevoegd aan Buurtcoach",
    ]
    model = loads(_latest(case).document, "x.yaml", files=False)
    coach = model.case.intervention("buurtcoach")
    assert [(v.id, v.name) for v in coach.variants] == [
        ("huidig", "Huidige situatie"),
        ("twee_wijken", "Twee wijken"),
    ]
    results = evaluate(model)
    now = results.get("buurtcoach", "huidig", "basis").gross
    assert now > 0
    assert results.get("buurtcoach", "twee_wijken", "basis").gross == pytest.approx(2 * now)
    assert results.get("buurtcoach", "huidig", "voorzichtig").gross == pytest.approx(now / 2)
    # the scenario's value is a field of the form, and can be changed there
    page = editor.get(f"/cases/{case.uid}/").content.decode()
    loc = re.search(r'name="loc" value="(\[[^"]*voorzichtig[^"]*\])"', page)
    assert loc is not None, "the scenario's change is not a field"
    # a share of 150 %: refused beside the change form; nothing saved
    number = _latest(case).number
    refused = _post(
        editor,
        case,
        "add/change/",
        status=422,
        index=4,
        target="v:twee_wijken",
        what="effects.minder_huisartsbezoek.share",
        value="150%",
    )
    error = re.search(r'id="e-add-change-4">([^<]*)<', refused)
    assert error is not None and "100%" in error.group(1)
    assert _latest(case).number == number
    # something the form does not offer is refused too
    odd = _post(
        editor,
        case,
        "add/change/",
        status=422,
        index=4,
        target="new",
        variant="X",
        what="meta.title",
        value="1",
    )
    assert 'id="e-add-change-4">Kies wat de variant of het scenario verandert.' in odd
    # the scenario's change removed, then the scenario
    _post(editor, case, "remove/", loc=html.unescape(loc.group(1)))
    coach = loads(_latest(case).document, "x.yaml", files=False).case.intervention("buurtcoach")
    assert coach.scenarios["voorzichtig"].set == {}
    # the scenario removed: its blocks in the interventions go with it
    _post(editor, case, "remove/", loc="scenarios.2")
    assert [s.id for s in loads(_latest(case).document, "x.yaml", files=False).case.scenarios] == [
        "minimum",
        "maximum",
    ]


@pytest.mark.parametrize(
    "loc",
    ["meta", "interventions.0.name", "interventions.0.scenarios.minimum", "theory_of_change"],
)
def test_the_remove_form_takes_only_what_it_offers(world: dict[str, Any], loc: str) -> None:
    case = world["case"]
    answer = client_for(world["editor"]).post(
        f"/cases/{case.uid}/remove/", {"base": 1, "loc": loc}, **HX
    )
    assert answer.status_code == 404 and _latest(case).number == 1
