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
    _step(client, case, "verandertheorie", action="about", title="Maatjes in Zeist",
          problem="Ouderen vereenzamen en hebben daardoor eerder thuiszorg nodig.")
    page = _text(client.get(f"/cases/{case.uid}/stap/verandertheorie/"))
    assert "Deze stap is compleet." in page
    assert Case.objects.get(pk=case.pk).title == "Maatjes in Zeist"

    _step(client, case, "partijen", action="financier", name="Gemeente Zeist (Wmo)",
          budget="wmo")
    _step(client, case, "partijen", action="stakeholder", name="Ouderen",
          description="Minder eenzaam")
    page = _text(client.get(f"/cases/{case.uid}/stap/partijen/?toegevoegd=stakeholder&bij=-1"))
    assert re.search(r'<span data-focus tabindex="-1">Ouderen</span>', page)

    # a refused form: the error beside it, the text kept, nothing saved
    before = Case.objects.get(pk=case.pk).latest_number
    refused = _step(client, case, "interventies", status=422, action="intervention", name="",
                    reach="40")
    assert "Geef de interventie een naam." in _text(refused)
    assert Case.objects.get(pk=case.pk).latest_number == before
    _step(client, case, "interventies", action="intervention", name="Maatjesproject",
          reach="40", reach_unit="deelnemers")

    page = _text(client.get(f"/cases/{case.uid}/stap/effecten/"))
    assert "Maatjesproject: nog geen effectregel." in page
    assert 'id="effect-search-0"' in page  # the workspace's own effect form
    _step(client, case, "effecten", action="effect", index=0, name="Minder huishoudelijke hulp",
          price="kostenhandleiding-2024:homecare_household", units_per_case="10", share="25%")
    page = _text(client.get(f"/cases/{case.uid}/stap/investeringen/"))
    assert "Maatjesproject: nog geen investering." in page
    # downloads of the incomplete case: shown disabled with the reason, and a page that says why
    assert "Nog niet beschikbaar: voeg eerst een investering toe." in _text(
        client.get(f"/cases/{case.uid}/stap/resultaat/")
    )
    _step(client, case, "investeringen", action="investment", index=0, name="Coördinator",
          amount="2500", payer="gemeente_zeist_wmo")
    _step(client, case, "varianten", action="scenario", name="Minimum")

    page = _text(client.get(f"/cases/{case.uid}/stap/resultaat/"))
    assert "Stap 7: Resultaat" in page
    assert "Wat de business case oplevert" in page
    yaml = client.get(f"/cases/{case.uid}/versions/{Case.objects.get(pk=case.pk).latest_number}.yaml")
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
