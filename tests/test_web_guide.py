"""The guided start and a workspace that explains itself (issue 21, item 4): a blank case
walks through the method's steps and ends with the figures `rendement run` computes; the
heading follows the title; the headline names its options and says when an edit does not
move it; an incomplete case's downloads explain; a ratio is no amount of money; the
error pages are the app's, in the reader's language."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from typer.testing import CliRunner

from rendement.cli import app
from rendement.i18n import language
from rendement.money import euro
from rendement.web.cases.models import Case
from web_world import client_for

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _text(answer: Any) -> str:
    return html.unescape(answer.content.decode())


def _new_blank(client: Client, world: dict[str, Any]) -> Case:
    answer = client.post("/cases/new/", {"organisation": world["bilt"].pk, "example": "blank"})
    assert answer.status_code == 302
    case = Case.objects.order_by("-pk").first()
    assert case is not None
    assert answer["Location"] == f"/cases/{case.uid}/stap/verandertheorie/"
    return case


def _step(client: Client, case: Case, step: str, status: int = 302, **fields: Any) -> Any:
    base = Case.objects.get(pk=case.pk).latest_number
    answer = client.post(f"/cases/{case.uid}/stap/{step}/", {"base": base, **fields})
    assert answer.status_code == status, _text(answer)[:3000]
    return answer


def test_the_guide_makes_a_case_step_by_step(world: dict[str, Any], tmp_path: Path) -> None:
    """Every step of the method, in order, through the guide's forms; the case that comes
    out computes what `rendement run` computes on its downloaded YAML."""
    client = client_for(world["editor"])
    case = _new_blank(client, world)
    page = _text(client.get(f"/cases/{case.uid}/stap/verandertheorie/"))
    assert "Stap 1: Verandertheorie" in page
    assert "Geef de business case een eigen titel." in page  # what is missing, in words
    assert "Naar de volledige werkruimte" in page and 'rel="next"' in page
    _step(
        client,
        case,
        "verandertheorie",
        action="about",
        title="Maatjes in Zeist",
        problem="Ouderen vereenzamen en hebben daardoor eerder thuiszorg nodig.",
    )
    page = _text(client.get(f"/cases/{case.uid}/stap/verandertheorie/"))
    assert "Deze stap is compleet." in page
    assert Case.objects.get(pk=case.pk).title == "Maatjes in Zeist"

    _step(client, case, "partijen", action="financier", name="Gemeente Zeist (Wmo)", budget="wmo")
    _step(
        client, case, "partijen", action="stakeholder", name="Ouderen", description="Minder eenzaam"
    )
    page = _text(client.get(f"/cases/{case.uid}/stap/partijen/?toegevoegd=stakeholder&bij=-1"))
    assert re.search(r'<span data-focus tabindex="-1">Ouderen</span>', page)

    # a refused form: the error beside it, the text kept, nothing saved
    before = Case.objects.get(pk=case.pk).latest_number
    refused = _step(
        client, case, "interventies", status=422, action="intervention", name="", reach="40"
    )
    assert "Geef de interventie een naam." in _text(refused)
    assert Case.objects.get(pk=case.pk).latest_number == before
    _step(
        client,
        case,
        "interventies",
        action="intervention",
        name="Maatjesproject",
        reach="40",
        reach_unit="deelnemers",
    )

    page = _text(client.get(f"/cases/{case.uid}/stap/effecten/"))
    assert "Maatjesproject: nog geen effectregel." in page
    assert 'id="effect-search-0"' in page  # the workspace's own effect form
    _step(
        client,
        case,
        "effecten",
        action="effect",
        index=0,
        name="Minder huishoudelijke hulp",
        price="kostenhandleiding-2024:homecare_household",
        units_per_case="10",
        share="25%",
    )
    page = _text(client.get(f"/cases/{case.uid}/stap/investeringen/"))
    assert "Maatjesproject: nog geen investering." in page
    # downloads of the incomplete case: shown disabled with the reason, and a page that says why
    assert "Nog niet beschikbaar: voeg eerst een investering toe." in _text(
        client.get(f"/cases/{case.uid}/stap/resultaat/")
    )
    _step(
        client,
        case,
        "investeringen",
        action="investment",
        index=0,
        name="Coördinator",
        amount="2500",
        payer="gemeente_zeist_wmo",
    )
    _step(client, case, "varianten", action="scenario", name="Minimum")
    page = _text(client.get(f"/cases/{case.uid}/stap/varianten/"))
    assert 'id="ch-target-0"' in page and 'value="s:minimum"' in page  # the shared form
    _step(
        client,
        case,
        "varianten",
        action="change",
        index=0,
        target="s:minimum",
        what="effects.minder_huishoudelijke_hulp.share",
        value="15%",
    )
    latest = Case.objects.get(pk=case.pk).latest()
    assert "effects.minder_huishoudelijke_hulp.share: 15%" in latest.document
    assert latest.message.startswith("Scenario Minimum zet Minder huishoudelijke hulp")

    page = _text(client.get(f"/cases/{case.uid}/stap/resultaat/"))
    assert "Stap 7: Resultaat" in page
    assert "Wat de business case oplevert" in page
    yaml = client.get(
        f"/cases/{case.uid}/versions/{Case.objects.get(pk=case.pk).latest_number}.yaml"
    )
    model_file = tmp_path / "zeist.yaml"
    model_file.write_bytes(yaml.content)
    run = CliRunner().invoke(app, ["run", str(model_file), "--json", "--scenario", "basis"])
    assert run.exit_code == 0, run.output
    figures = json.loads(run.stdout)["interventions"]["maatjesproject"]["variants"]
    (evaluation,) = (v["scenarios"]["basis"] for v in figures.values())
    # 40 deelnemers × 25% × 10 uur × the household help's price, less € 2.500 a year
    price = evaluation["effects"][0]["price"]  # € 32,76 (2022) indexed to the case's year
    assert evaluation["effects"][0]["price_used"]["amount"] == 32.76
    assert evaluation["gross"] == pytest.approx(40 * 0.25 * 10 * price)
    assert evaluation["net"] == pytest.approx(evaluation["gross"] - 2500)
    with language("nl"):
        shown = euro(evaluation["net"])
    assert shown in page  # the headline of the guide's last step: the CLI's figure
    latest = Case.objects.get(pk=case.pk).latest()
    assert latest.complete


def test_an_edit_the_headline_does_not_show_is_explained(world: dict[str, Any]) -> None:
    """De Bilt's overview shows Ouders Lokaal's expansion in both columns; a new reach of
    its current situation changes its own tables, not the headline, and the page says
    so, naming the option the headline shows."""
    case, client = world["case"], client_for(world["editor"])
    page = _text(client.get(f"/cases/{case.uid}/"))
    assert "De kop toont de kolommen Minimum, Maximum van het overzicht" in page
    answer = client.post(
        f"/cases/{case.uid}/edit/",
        {"base": case.latest_number, "loc": "interventions.0.reach", "value": "200"},
        **HX,
    )
    assert answer.status_code == 200
    text = _text(answer)
    assert (
        "De kop toont voor Ouders Lokaal Uitbreiding (+7 uur coördinator) (kolom Minimum), "
        "Uitbreiding (+7 uur coördinator) (kolom Maximum); uw wijziging verandert die niet. "
        "Wat wel verandert, staat in de tabel Ouders Lokaal hieronder."
    ) in text
    # an edit that moves the headline says nothing of the kind
    answer = client.post(
        f"/cases/{case.uid}/edit/",
        {"base": case.latest_number + 1, "loc": "interventions.0.effects.1.share", "value": "60%"},
        **HX,
    )
    assert answer.status_code == 200
    assert "uw wijziging verandert die niet" not in _text(answer)


def test_the_heading_and_tab_title_follow_the_title(world: dict[str, Any]) -> None:
    """A saved title answers, out of band, the page heading; guide.js copies it to the
    tab's title after the swap."""
    case, client = world["case"], client_for(world["editor"])
    answer = client.post(
        f"/cases/{case.uid}/edit/",
        {"base": case.latest_number, "loc": "meta.title", "value": "Preventie De Bilt"},
        **HX,
    )
    assert answer.status_code == 200
    text = _text(answer)
    assert re.search(
        r'<div id="case-head" class="case-head" hx-swap-oob="true">\s*'
        r'<h1 id="case-title">Preventie De Bilt</h1>',
        text,
    )
    page = _text(client.get(f"/cases/{case.uid}/"))
    assert "<title>Preventie De Bilt · rendement</title>" in page
    assert page.count('id="case-head"') == 1  # no out-of-band copy in a whole page
    assert "rendement/guide" in page and ".js" in page


def test_an_incomplete_case_explains_its_downloads(world: dict[str, Any]) -> None:
    """One intervention and nothing else: not complete, the to-do in words, the download
    links shown disabled with the reason, and a download URL answers a page saying why."""
    client = client_for(world["editor"])
    case = _new_blank(client, world)
    _step(client, case, "interventies", action="intervention", name="Buurtcoach", reach="20")
    latest = Case.objects.get(pk=case.pk).latest()
    assert not latest.complete
    page = _text(client.get(f"/cases/{case.uid}/"))
    assert "Buurtcoach: voeg een effectregel toe (wat de interventie bespaart)." in page
    assert "Buurtcoach: voeg een investering toe (wat de interventie kost)." in page
    assert "Nog niet beschikbaar: voeg eerst een effectregel en een investering toe." in page
    assert f'href="/cases/{case.uid}/download/pdf/"' not in page
    assert '<span class="disabled" aria-disabled="true"' in page
    answer = client.get(f"/cases/{case.uid}/download/pdf/")
    assert answer.status_code == 409
    assert answer["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in answer
    text = _text(answer)
    assert "<h1>Download nog niet beschikbaar</h1>" in text
    assert "Nog niet beschikbaar: voeg eerst een effectregel en een investering toe." in text
    versions = _text(client.get(f"/cases/{case.uid}/versions/"))
    assert "<td>ja</td>" not in versions


def test_a_ratio_is_no_amount_of_money(world: dict[str, Any]) -> None:
    """The headline of a case without a portfolio shows the gross ratio as 0,70."""
    from rendement.web.cases.examples import example_text
    from rendement.web.cases.results import shown

    view = shown(example_text("rekenvoorbeeld-meerjarig"), "nl")
    headline = view.tables[0][1][0]
    assert headline.columns[3] == "Bruto ratio"
    assert headline.rows[0][3] == "0,70"
    assert "De kop toont Maatjes voor ouderen · Basis." in (headline.caption or "")


@pytest.mark.parametrize(
    ("lang", "title", "sentence"),
    [
        ("nl", "Niet gevonden", "Deze pagina bestaat niet"),
        ("en", "Not found", "This page does not exist"),
    ],
)
def test_not_found_in_the_layout_and_language(
    world: dict[str, Any], lang: str, title: str, sentence: str
) -> None:
    """A case of another organisation is a 404 in the app's layout, in the reader's
    language (DEBUG is off, as on a server)."""
    client = client_for(world["stranger"])
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    answer = client.get(f"/cases/{world['case'].uid}/")
    assert answer.status_code == 404
    text = _text(answer)
    assert f"<h1>{title}</h1>" in text and sentence in text
    assert 'class="brand"' in text  # the app's header
    assert "Not Found</h1>" not in text


@pytest.mark.parametrize(("lang", "title"), [("nl", "Geen toegang"), ("en", "No access")])
def test_forbidden_in_the_layout_and_language(world: dict[str, Any], lang: str, title: str) -> None:
    """A viewer who posts an edit gets a 403 page of the app, in their language."""
    client = client_for(world["viewer"])
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    case = world["case"]
    answer = client.post(
        f"/cases/{case.uid}/edit/",
        {"base": case.latest_number, "loc": "interventions.0.reach", "value": "1"},
    )
    assert answer.status_code == 403
    text = _text(answer)
    assert f"<h1>{title}</h1>" in text and 'class="brand"' in text
    assert "403 Forbidden" not in text


def test_server_error_page_in_the_layout(world: dict[str, Any]) -> None:
    """Django's own 500 view renders the app's page (no request context: the layout must
    still render)."""
    from django.test import RequestFactory
    from django.utils import translation
    from django.views.defaults import server_error

    for lang, title in (("nl", "Er ging iets mis"), ("en", "Something went wrong")):
        with translation.override(lang):
            answer = server_error(RequestFactory().get("/"))
        assert answer.status_code == 500
        text = _text(answer)
        assert f"<h1>{title}</h1>" in text and 'class="brand"' in text


def test_the_guide_is_scoped_and_guarded(world: dict[str, Any]) -> None:
    """A viewer reads the steps without forms and may not post; another organisation's
    case is a 404; a step posts only its own forms; an unknown step is a 404."""
    case = world["case"]
    viewer = client_for(world["viewer"])
    page = _text(viewer.get(f"/cases/{case.uid}/stap/interventies/"))
    assert "Stap 3: Interventies" in page and 'id="iv-name"' not in page
    assert re.search(r"Ouders Lokaal</span> \(160 ouders\)", page)  # what is already there
    answer = viewer.post(
        f"/cases/{case.uid}/stap/interventies/",
        {"base": case.latest_number, "action": "intervention", "name": "X"},
    )
    assert answer.status_code == 403
    stranger = client_for(world["stranger"])
    assert stranger.get(f"/cases/{case.uid}/stap/interventies/").status_code == 404
    editor = client_for(world["editor"])
    assert editor.get(f"/cases/{case.uid}/stap/bestaat-niet/").status_code == 404
    wrong = editor.post(
        f"/cases/{case.uid}/stap/interventies/",
        {"base": case.latest_number, "action": "financier", "name": "X", "budget": "wmo"},
    )
    assert wrong.status_code == 404
    assert Case.objects.get(pk=case.pk).latest_number == case.latest_number
    # 'Stap voor stap' opens the first step that still lacks something: De Bilt has all
    start = editor.get(f"/cases/{case.uid}/stap/")
    assert start.status_code == 302 and start["Location"].endswith("/stap/resultaat/")


def test_the_guide_and_the_skip_links_in_english(world: dict[str, Any]) -> None:
    """The guide's explanation and the workspace's skip links follow the language."""
    case, editor = world["case"], client_for(world["editor"])
    editor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = _text(editor.get(f"/cases/{case.uid}/stap/effecten/"))
    assert "Step 4: Effect lines and prices" in page
    assert "Previous" in page and "Next" in page and "To the full workspace" in page
    assert "Stap 4" not in page
    # a label with a percent sign (Django looks it up as '25%%') is translated too
    assert "In how many of the cases reached the effect occurs, e.g. 25%." in page
    assert "Onzeker?" not in page and "Uncertain? Also give a low and a high share" in page
    workspace = _text(editor.get(f"/cases/{case.uid}/"))
    assert 'href="#add-effect-0">effect line of Ouders Lokaal</a>' in workspace
    assert '<summary id="add-effect-0">' in workspace


def test_a_form_without_its_token_is_refused_in_the_app_s_words(world: dict[str, Any]) -> None:
    """A form posted without its CSRF token (a page open too long): Django's 403, but as
    the app's page in Dutch, not Django's English 'Forbidden'."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["editor"])
    case = world["case"]
    answer = client.post(f"/cases/{case.uid}/stap/interventies/", {"action": "intervention"})
    assert answer.status_code == 403
    text = _text(answer)
    assert "<h1>Niet verstuurd</h1>" in text and 'class="brand"' in text
    assert "Forbidden" not in text
