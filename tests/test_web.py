"""The web app through Django's test client: who sees what, saving versions, bad input.

Browser tests (a real Chromium) are in test_web_browser.py; these are the fast ones.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, get_resolver

from rendement import money
from rendement.engine import evaluate
from rendement.model import loads
from rendement.money import count, euro, price, ratio
from rendement.web.audit.models import AuditEntry
from rendement.web.cases import services
from rendement.web.cases.examples import example_text
from rendement.web.cases.models import Case, CaseVersion
from rendement.web.cohorts.models import Cohort
from rendement.web.organisations.models import Organisation, Role
from test_report import printed_figures
from web_world import client_for, make_user

pytestmark = pytest.mark.django_db


def test_the_case_page_shows_every_figure_of_tables_1_to_12(world: dict[str, Any]) -> None:
    case = world["case"]
    page = client_for(world["viewer"]).get(f"/cases/{case.uid}/")
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    results = evaluate(loads(example_text("de-bilt-2019"), "de-bilt-2019.yaml", files=False))
    missing = []
    for table, path, value in printed_figures(results):
        shown = {euro(value), price(value), count(value), ratio(value)}
        if not any(s in text for s in shown):
            missing.append((table, path, sorted(shown)))
    assert not missing, missing
    assert '<td class="num">€\u00a098.072</td>' in text  # amounts right-aligned, unbroken
    assert "Nog te doen" not in text
    # the charts follow in a second request, so a changed number shows its tables at once
    charts = client_for(world["viewer"]).get(f"/cases/{case.uid}/versions/1/charts/")
    assert charts.content.decode().count('class="vega"') == 3  # waterfall, who pays, portfolio
    assert f'hx-get="/cases/{case.uid}/versions/1/charts/"' in text


def test_only_cases_of_ones_own_organisations_are_listed(world: dict[str, Any]) -> None:
    mine = client_for(world["editor"]).get("/").content.decode()
    theirs = client_for(world["stranger"]).get("/").content.decode()
    assert world["case"].uid in mine and world["case"].uid not in theirs
    assert Client().get("/").status_code == 302  # not logged in: to the login page


def _case_urls(case: Case) -> list[str]:
    """Every URL pattern of the cases app that takes a case, filled in for ``case``."""
    urls = []
    for pattern in get_resolver("rendement.web.cases.urls").url_patterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if "<str:uid>" not in route:
            continue
        filled = route.replace("<str:uid>", case.uid).replace("<int:number>", "1")
        filled = filled.replace("<int:a>", "1").replace("<int:b>", "1")
        urls.append("/" + filled.replace("<str:fmt>", "pdf"))
    return urls


def test_another_organisation_gets_404_on_every_url_of_the_case(world: dict[str, Any]) -> None:
    case = world["case"]
    urls = _case_urls(case)
    assert len(urls) >= 6  # detail, edit, versions, yaml, download, delete; new ones join
    stranger = client_for(world["stranger"])
    for url in urls:
        assert stranger.get(url).status_code in (404, 405), url
        answer = stranger.post(url, {"base": 1, "loc": "interventions.0.reach", "value": "1"})
        assert answer.status_code in (404, 405), url
        assert stranger.get(url).status_code != 200
    # the same answer as for a case that does not exist
    assert stranger.get("/cases/0000000000000000/").status_code == 404
    assert case.latest_number == Case.objects.get(pk=case.pk).latest_number == 1


def test_an_edit_is_a_new_version_that_keeps_the_comments(world: dict[str, Any]) -> None:
    case = world["case"]
    editor = client_for(world["editor"])
    answer = editor.post(
        f"/cases/{case.uid}/edit/",
        {"base": 1, "loc": "interventions.0.reach", "value": "320"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    text = html.unescape(answer.content.decode())
    assert "Versie 2" in text
    # Ouders Lokaal's gross savings double with twice the reach: € 98.072 → € 196.144
    assert euro(2 * 98072) in text
    latest = Case.objects.get(pk=case.pk).latest()
    assert latest.number == 2 and latest.author == world["editor"]
    assert "    reach: 320\n" in latest.document
    assert "# Tabel 1: € 21.376 per jaar voor 9 uur per week" in latest.document
    yaml = editor.get(f"/cases/{case.uid}/versions/2.yaml")
    assert yaml.status_code == 200 and yaml.content.decode() == latest.document
    first = editor.get(f"/cases/{case.uid}/versions/1.yaml").content.decode()
    assert first == example_text("de-bilt-2019")  # the old version is kept as it was
    assert AuditEntry.objects.filter(action="case.save", actor=world["editor"]).count() == 1


def test_a_changed_number_answers_the_results_and_leaves_the_other_fields(
    world: dict[str, Any],
) -> None:
    """The answer to one number is the results panel with, out of band, the version every
    form saves on, its label, the downloads and the changed field; the other fields are not
    in it, so what the user typed meanwhile in the next field is not overwritten."""
    case = world["case"]
    editor = client_for(world["editor"])
    url = f"/cases/{case.uid}/edit/"
    answer = editor.post(
        url, {"base": 1, "loc": "interventions.0.reach", "value": "320"}, HTTP_HX_REQUEST="true"
    )
    text = html.unescape(answer.content.decode())
    assert answer.status_code == 200 and "HX-Retarget" not in answer.headers
    assert text.lstrip().startswith('<section id="results"') and euro(2 * 98072) in text
    assert '<input type="hidden" id="case-base" name="base" value="2" hx-swap-oob="true">' in text
    assert 'id="version-label" class="version" hx-swap-oob="true">Versie 2' in text
    assert f'href="/cases/{case.uid}/versions/2.yaml"' in text
    assert re.findall(r'name="loc" value="([^"]+)"', text) == ["interventions.0.reach"]
    assert 'id="f-interventions.0.reach" name="value" value="320"' in text
    # a name is also a label in the form: the whole workspace comes back
    renamed = editor.post(
        url,
        {"base": 2, "loc": "interventions.0.name", "value": "Ouders Samen"},
        HTTP_HX_REQUEST="true",
    )
    assert renamed.status_code == 200 and 'id="workspace"' in renamed.content.decode()
    # a refusal is answered beside its field, like a save: the other fields are not in it
    refused = editor.post(
        url, {"base": 3, "loc": "interventions.0.reach", "value": "veel"}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 422 and "HX-Retarget" not in refused.headers
    text = html.unescape(refused.content.decode())
    assert re.findall(r'name="loc" value="([^"]+)"', text) == ["interventions.0.reach"]
    assert 'id="f-interventions.0.reach" name="value" value="veel"' in text
    assert '<p class="error" id="e-interventions.0.reach">' in text
    assert '<div id="notices" hx-swap-oob="true">' in text  # an earlier banner goes


@pytest.mark.parametrize(
    ("loc", "value", "expected"),
    [
        ("interventions.0.reach", "veel", "getal"),  # text in a number field
        ("interventions.0.effects.0.share", "150%", "tussen 0% en 100%"),
        ("interventions.0.reach", "=1/0", "deling door 0"),
        ("interventions.9.reach", "10", "bestaat niet"),
    ],
)
def test_a_wrong_value_is_refused_beside_its_field(
    world: dict[str, Any], loc: str, value: str, expected: str
) -> None:
    case = world["case"]
    answer = client_for(world["editor"]).post(
        f"/cases/{case.uid}/edit/",
        {"base": 1, "loc": loc, "value": value},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 422
    text = html.unescape(answer.content.decode())
    error = re.search(r'<p class="error" id="e-([^"]+)">([^<]*)</p>', text)
    if loc.startswith("interventions.9"):
        assert error is None and expected in text
    else:
        assert error is not None and error.group(1) == loc, text[:500]
        assert expected in error.group(2).lower() or expected in error.group(2)
        assert f'value="{value}"' in text  # what the user typed stays in the field
    assert CaseVersion.objects.filter(case=case).count() == 1  # nothing saved


def test_a_save_on_an_older_version_of_another_field_is_placed_on_the_newest(
    world: dict[str, Any],
) -> None:
    """Three-way: the editor's change was made on version 1, the owner's version 2 came in
    between and changed another field; the editor's change is stored on top of it, and
    the answer shows the owner's value in its field too."""
    case = world["case"]
    owner, editor = client_for(world["owner"]), client_for(world["editor"])
    first = {"base": 1, "loc": "interventions.0.reach", "value": "200"}
    assert owner.post(f"/cases/{case.uid}/edit/", first).status_code == 200
    late = {"base": 1, "loc": "interventions.1.reach", "value": "10"}
    answer = editor.post(f"/cases/{case.uid}/edit/", late, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    text = html.unescape(answer.content.decode())
    assert 'id="f-interventions.0.reach" name="value" value="200"' in text  # the owner's
    assert 'id="f-interventions.1.reach" name="value" value="10"' in text  # the editor's
    latest = Case.objects.get(pk=case.pk).latest()
    assert latest.number == 3 and latest.author == world["editor"]
    assert "reach: 200" in latest.document and "reach: 10\n" in latest.document
    assert latest.message == "Bereik van Maatjesproject MENS met Elkaar gewijzigd van 90 in 10"


def test_a_change_of_the_same_field_on_an_older_version_is_a_conflict(
    world: dict[str, Any],
) -> None:
    """Only a change to the same value is refused: beside the field, with the value stored
    meanwhile, who stored it, and the typed value kept; nothing is saved."""
    case = world["case"]
    owner, editor = client_for(world["owner"]), client_for(world["editor"])
    first = {"base": 1, "loc": "interventions.0.reach", "value": "200"}
    assert owner.post(f"/cases/{case.uid}/edit/", first).status_code == 200
    late = {"base": 1, "loc": "interventions.0.reach", "value": "250"}
    answer = editor.post(f"/cases/{case.uid}/edit/", late, HTTP_HX_REQUEST="true")
    assert answer.status_code == 409
    text = html.unescape(answer.content.decode())
    conflict = re.search(
        r'<div class="conflict" id="e-interventions.0.reach"(.*?)</div>', text, re.S
    )
    assert conflict is not None, text[:800]
    assert "eigenaar heeft dit veld intussen gewijzigd" in conflict.group(1)
    assert "versie 2" in conflict.group(1)
    assert '<strong class="theirs">200</strong>' in conflict.group(1)
    assert '<strong class="mine">250</strong>' in conflict.group(1)
    assert 'id="f-interventions.0.reach" name="value" value="250"' in text  # kept
    assert '<input type="hidden" id="case-base" name="base" value="2"' in text  # resend
    assert Case.objects.get(pk=case.pk).latest_number == 2
    # the same user in another tab is not 'someone else'
    again = {"base": 1, "loc": "interventions.0.reach", "value": "260"}
    mine = owner.post(f"/cases/{case.uid}/edit/", again, HTTP_HX_REQUEST="true")
    assert mine.status_code == 409
    assert "in een ander venster of tabblad gewijzigd" in html.unescape(mine.content.decode())
    # sent again on the version it now shows, the typed value is stored
    resent = {"base": 2, "loc": "interventions.0.reach", "value": "250"}
    assert editor.post(f"/cases/{case.uid}/edit/", resent).status_code == 200
    assert "reach: 250" in Case.objects.get(pk=case.pk).latest().document


def test_a_viewer_reads_but_cannot_write(world: dict[str, Any]) -> None:
    case = world["case"]
    viewer = client_for(world["viewer"])
    assert viewer.get(f"/cases/{case.uid}/").status_code == 200
    edit = {"base": 1, "loc": "interventions.0.reach", "value": "1"}
    assert viewer.post(f"/cases/{case.uid}/edit/", edit).status_code == 403
    assert viewer.post(f"/cases/{case.uid}/delete/").status_code == 403
    assert viewer.post("/cases/new/", {"organisation": world["bilt"].pk}).status_code == 403
    assert viewer.post("/cases/new/", {"organisation": "abc"}).status_code == 404
    assert Case.objects.count() == 1 and CaseVersion.objects.count() == 1


def _upload(client: Client, organisation: Organisation, name: str, body: bytes) -> str:
    answer = client.post(
        "/cases/import/",
        {"organisation": organisation.pk, "document": _named(body, name)},
        follow=True,
    )
    assert answer.status_code == 200
    return html.unescape(answer.content.decode())


def _named(body: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(body)
    stream.name = name
    return stream


def test_an_uploaded_model_becomes_a_case_and_downloads_back(world: dict[str, Any]) -> None:
    owner = client_for(world["owner"])
    text = example_text("rekenvoorbeeld-meerjarig")
    page = _upload(owner, world["bilt"], "meerjarig.yaml", text.encode())
    case = Case.objects.exclude(pk=world["case"].pk).get()
    assert case.organisation == world["bilt"] and case.title in page
    assert owner.get(f"/cases/{case.uid}/versions/1.yaml").content.decode() == text


BILLION_LAUGHS = (
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 10)}]\n" for n in range(8)
    )
).encode()


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("bom.yaml", BILLION_LAUGHS, "Niet geïmporteerd"),
        ("foto.yaml", bytes(range(256)) * 4, "geen tekst"),
        ("lijst.yaml", b"- een\n- lijst\n", "Niet geïmporteerd"),
        ("kapot.yaml", b"meta: [niet: goed\n", "geen geldige YAML"),
        ("groot.yaml", b"# " + b"x" * (50 * 2**20), "groter dan 1 MB"),  # 50 MB
    ],
)
def test_a_bad_upload_is_refused_and_changes_nothing(
    world: dict[str, Any], name: str, body: bytes, expected: str
) -> None:
    page = _upload(client_for(world["owner"]), world["bilt"], name, body)
    assert expected in page
    assert Case.objects.count() == 1 and CaseVersion.objects.count() == 1


def test_a_model_from_the_web_reads_no_files_on_the_server(world: dict[str, Any]) -> None:
    text = example_text("de-bilt-2019").replace(
        "price_lists: [mbc-de-bilt-2019]", "price_lists: [/etc/passwd.yaml]"
    )
    assert "/etc/passwd.yaml" in text
    checked = services.check_document(text)
    assert checked.model is None
    assert any("meegeleverde prijslijsten" in p.message for p in checked.problems)


def test_an_incomplete_case_is_saved_with_its_to_do_list(world: dict[str, Any]) -> None:
    owner = client_for(world["owner"])
    answer = owner.post("/cases/new/", {"organisation": world["bilt"].pk, "example": "blank"})
    assert answer.status_code == 302
    case = Case.objects.exclude(pk=world["case"].pk).get()
    assert answer["Location"] == f"/cases/{case.uid}/stap/verandertheorie/"  # the guide
    page = html.unescape(owner.get(f"/cases/{case.uid}/").content.decode())
    assert "Nog te doen" in page and not case.latest().complete
    assert owner.get(f"/cases/{case.uid}/download/pdf/").status_code == 409  # not yet: why


def test_downloads_are_made_by_the_report_code(world: dict[str, Any]) -> None:
    case = world["case"]
    viewer = client_for(world["viewer"])
    page = viewer.get(f"/cases/{case.uid}/download/html/")
    assert page.status_code == 200 and euro(88415) in page.content.decode()
    book = viewer.get(f"/cases/{case.uid}/download/xlsx/")
    assert book.status_code == 200 and book.content[:2] == b"PK"
    assert viewer.get(f"/cases/{case.uid}/download/txt/").status_code == 404


def test_every_write_leaves_an_audit_row(world: dict[str, Any]) -> None:
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "organisation.create",
        "membership.set",
        "membership.set",
        "organisation.create",
        "case.create",
    ]
    owner = client_for(world["owner"])
    assert owner.post(f"/cases/{world['case'].uid}/delete/").status_code == 302
    assert not Case.objects.exists() and not CaseVersion.objects.exists()
    last = AuditEntry.objects.order_by("-id").first()
    assert last is not None and last.action == "case.delete" and last.actor == world["owner"]


def test_an_sroi_case_shows_value_per_stakeholder(world: dict[str, Any]) -> None:
    """A case made from the SROI example shows its stakeholder values in words of value,
    with the figures the engine gives."""
    owner = client_for(world["owner"])
    answer = owner.post(
        "/cases/new/", {"organisation": world["bilt"].pk, "example": "sroi-uk-pounds"}
    )
    assert answer.status_code == 302
    page = html.unescape(owner.get(answer["Location"]).content.decode())
    ev = evaluate(loads(example_text("sroi-uk-pounds"))).get("befriending", "basis")
    assert "Maatschappelijke waarde per belanghebbende" in page
    with money.currency("GBP"):
        assert euro(ev.stakeholder_value["residents"]) in page
        assert ratio(ev.sroi_ratio) in page


def test_the_worked_sroi_example_shows_its_one_real_slip_and_the_rounding(
    world: dict[str, Any],
) -> None:
    """The worked SROI example in the web app: the audit's one finding with the filter it
    names, the figures printed rounded counted apart, the proxy's own index series."""
    owner = client_for(world["owner"])
    answer = owner.post(
        "/cases/new/", {"organisation": world["bilt"].pk, "example": "sroi-lunch-club-au"}
    )
    assert answer.status_code == 302
    page = html.unescape(owner.get(answer["Location"]).content.decode())
    assert "de verplaatsing (10%) van effectregel 'Home care started later'" in page
    assert "8 getallen zijn afgerond gedrukt en kloppen binnen die afronding" in page
    assert "geïndexeerd met Consumer Prices Index (CPI), all items, ONS" in page
    assert page.count('<ul class="findings"><li>') == 1


def test_the_demo_has_the_examples_and_a_user() -> None:
    from rendement.web.demo import DEMO_MEASURED_COHORT, ensure_demo

    demo = ensure_demo(password="demo-wachtwoord-1")
    assert demo.created and demo.username == "demo"
    titles = set(Case.objects.values_list("title", flat=True))
    # the four examples, and the case that prices the measured client cases
    assert "Maatschappelijke business case bewezen preventie" in titles and len(titles) == 5
    example = Cohort.objects.exclude(name=DEMO_MEASURED_COHORT).get()
    assert example.clients.count() == 60  # the invented client cases
    again = ensure_demo(password="demo-wachtwoord-2")  # a second start adds nothing
    assert not again.created and Case.objects.count() == 5 and Cohort.objects.count() == 2
    assert Client().login(username="demo", password="demo-wachtwoord-2")


def test_a_team_adds_an_intervention_an_effect_line_with_a_found_price_and_an_investment(
    world: dict[str, Any],
) -> None:
    case = world["case"]
    editor = client_for(world["editor"])
    hx = {"HTTP_HX_REQUEST": "true"}

    def post(kind: str, **fields: Any) -> str:
        base = Case.objects.get(pk=case.pk).latest_number
        answer = editor.post(f"/cases/{case.uid}/add/{kind}/", {"base": base, **fields}, **hx)
        assert answer.status_code == 200, html.unescape(answer.content.decode())[:3000]
        return html.unescape(answer.content.decode())

    post("intervention", index=-1, name="Buurtcoach", reach="50", reach_unit="bewoners")
    index = 4  # after De Bilt's four interventions
    # the Kostenhandleiding is bundled in English: 'huisarts' still finds the GP consult
    found = editor.get(f"/cases/{case.uid}/prices/", {"q": "huisarts"}).content.decode()
    assert 'value="kostenhandleiding-2024:gp_consult_avg"' in found
    assert 'value="mbc-de-bilt-2019:huisarts_contact"' in found
    post(
        "effect",
        index=index,
        name="Minder huisartsbezoek",
        price="kostenhandleiding-2024:gp_consult_avg",
        units_per_case="2",
        share="50%",
    )
    page = post(
        "investment", index=index, name="Inzet buurtcoach", amount="1000", payer="gemeente_wmo"
    )
    latest = Case.objects.get(pk=case.pk).latest()
    assert latest.number == 4 and latest.complete, page[:2000]
    assert "kostenhandleiding-2024" in latest.document  # the price's list joined the case
    model = loads(latest.document, "x.yaml", files=False)
    ev = evaluate(model).get("buurtcoach", model.case.intervention("buurtcoach").variant_ids()[0])
    # 50 residents × 50 % × 2 consults × the GP consult (2022) indexed to 2019 prices
    gp = model.book.prices["gp_consult_avg"]
    assert gp.amount.literal is not None
    assert ev.gross == pytest.approx(50 * 0.5 * 2 * gp.amount.literal * gp.index_factor)
    assert ev.investment == pytest.approx(1000)
    assert euro(ev.net) in page  # the new net figure is on the page the answer brought
    # an empty name stays beside its form; nothing is saved
    base = latest.number
    answer = editor.post(
        f"/cases/{case.uid}/add/investment/", {"base": base, "index": index, "amount": "5"}, **hx
    )
    assert answer.status_code == 422
    assert 'id="e-add-investment-4">Geef de investering een naam.' in answer.content.decode()
    assert 'name="amount" value="5"' in answer.content.decode()  # what was typed stays
    assert Case.objects.get(pk=case.pk).latest_number == base


def test_every_setting_and_serve_option_is_documented() -> None:
    """Each environment variable the web app reads, and each option of `serve`, has a row
    in docs/web.md."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    source = "".join(
        (root / "src/rendement/web" / name).read_text(encoding="utf-8")
        for name in ("settings.py", "config.py")
    )
    variables = set(re.findall(r'environ(?:\.get)?\(\s*"([A-Z_]+)"|environ\["([A-Z_]+)"\]', source))
    names = {a or b for a, b in variables}
    assert {"RENDEMENT_DATA", "DATABASE_URL", "RENDEMENT_SECRET_KEY"} <= names
    doc = (root / "docs" / "web.md").read_text(encoding="utf-8")
    assert not [n for n in names if f"`{n}`" not in doc]
    cli = (root / "src/rendement/cli/web.py").read_text(encoding="utf-8")
    options = {p.replace("_", "-") for p in re.findall(r"^    (\w+): Annotated", cli, re.M)}
    assert {"host", "port", "demo", "data", "threads"} <= options
    assert not [o for o in options if f"`--{o}`" not in doc]


def test_the_app_serves_its_own_scripts_and_styles_no_cdn(world: dict[str, Any]) -> None:
    page = client_for(world["viewer"]).get(f"/cases/{world['case'].uid}/").content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
    assert len(assets) == 9 and not re.search(r'(?:src|href)="https?://', page)
    for asset in assets:
        answer = Client().get(asset)
        assert answer.status_code == 200, asset
        body = b"".join(answer.streaming_content)  # type: ignore[attr-defined]
        assert len(body) > 300, asset


def test_a_new_user_makes_an_organisation_and_its_owner_adds_people(
    world: dict[str, Any],
) -> None:
    newcomer = make_user("nieuwkomer")
    client = client_for(newcomer)
    assert "hoort nog bij geen organisatie" in html.unescape(client.get("/").content.decode())
    answer = client.post("/organisations/new/", {"name": "Welzijn Oost", "kind": "welzijn"})
    assert answer.status_code == 302
    organisation = Organisation.objects.get(name="Welzijn Oost")
    assert organisation.memberships.get(user=newcomer).role == Role.OWNER
    # the owner invites an existing user (by e-mail) as editor; they become one on accepting
    invited = client.post(
        f"/organisations/{organisation.slug}/invite/",
        {"email": "lezer@example.org", "role": "editor"},
    )
    assert invited.status_code == 302
    assert not organisation.memberships.filter(user=world["viewer"]).exists()
    invitation = organisation.invitations.get()
    assert client_for(world["viewer"]).post(f"/invitations/{invitation.token}/accept/")
    assert organisation.memberships.get(user=world["viewer"]).role == Role.EDITOR
    other = client_for(world["stranger"])
    assert other.get(f"/organisations/{organisation.slug}/").status_code == 404
    assert (
        other.post(
            f"/organisations/{organisation.slug}/invite/",
            {"email": "x@example.org", "role": "owner"},
        ).status_code
        == 404
    )
    viewer_elsewhere = client_for(world["viewer"])  # an editor here, not an owner
    assert (
        viewer_elsewhere.post(
            f"/organisations/{organisation.slug}/invite/",
            {"email": "x@example.org", "role": "owner"},
        ).status_code
        == 403
    )
    assert organisation.memberships.count() == 2
    actions = AuditEntry.objects.filter(organisation=organisation).values_list("action", flat=True)
    assert sorted(actions) == ["invitation.accept", "invitation.create", "organisation.create"]


def test_the_pages_speak_english_when_asked(world: dict[str, Any]) -> None:
    client = client_for(world["owner"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = html.unescape(client.get(f"/cases/{world['case'].uid}/").content.decode())
    assert '<html lang="en">' in page
    assert "Add an intervention" in page and "Interventie toevoegen" not in page
    assert euro(88415) not in page  # the Dutch € 88.415: amounts follow the language too
    assert "€88,415" in page and "Net savings" in page
    # the form's own labels, and the loader's answer to a wrong value, are English too
    assert "Stakeholders and financiers" in page and "Belanghebbenden en financiers" not in page
    assert ">Reach</label>" in page and ">Bereik</label>" not in page
    for value, expected in (
        ("veel", "a number (or a formula starting with '=') belongs here, but it says text"),
        ("150%", None),
    ):
        loc = "interventions.0.reach" if expected else "interventions.0.effects.0.share"
        answer = client.post(
            f"/cases/{world['case'].uid}/edit/",
            {"base": 1, "loc": loc, "value": value},
            HTTP_HX_REQUEST="true",
        )
        error = re.search(r'<p class="error" id="e-[^"]+">([^<]*)</p>', answer.content.decode())
        assert answer.status_code == 422 and error is not None
        text = html.unescape(error.group(1))
        assert text.startswith(expected or "a share lies between 0% and 100%"), text


def test_a_blank_case_with_its_first_intervention_still_shows(world: dict[str, Any]) -> None:
    """No financiers yet: the engine must not fail on an empty perspective (it did: an
    empty NumPy mask is float, not bool, and the case page answered 500 for good)."""
    owner = client_for(world["owner"])
    owner.post("/cases/new/", {"organisation": world["bilt"].pk, "example": "blank"})
    case = Case.objects.exclude(pk=world["case"].pk).get()
    answer = owner.post(
        f"/cases/{case.uid}/add/intervention/",
        {"base": 1, "index": -1, "name": "Buurtcoach", "reach": "50", "reach_unit": "bewoners"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert owner.get(f"/cases/{case.uid}/").status_code == 200
    assert "Buurtcoach" in answer.content.decode()


def test_serve_demo_prints_where_and_how_to_log_in(tmp_path: Any) -> None:
    """A fresh data directory is made, migrated and filled; the login is printed in the
    language asked for."""
    import sys

    from servers import serve_process

    command = [sys.executable, "-m", "rendement", "serve", "--demo", "--port", "{port}"]
    env = {"RENDEMENT_DATA": str(tmp_path / "data")}
    with serve_process([*command, "--lang", "en"], "http://127.0.0.1:{port}/", env) as served:
        printed = served.stdout.read_text()
        assert f"rendement is listening on http://127.0.0.1:{served.port}/" in printed
        assert "user: demo" in printed and re.search(r"password: \S{8,}", printed)
    assert (tmp_path / "data" / "rendement.sqlite3").exists()


def test_from_a_blank_case_to_results_in_the_browser_forms(world: dict[str, Any]) -> None:
    """A blank case reaches computed results through the forms alone: a financier, an
    intervention, an effect line with a price from a list, an investment."""
    owner = client_for(world["owner"])
    owner.post("/cases/new/", {"organisation": world["bilt"].pk, "example": "blank"})
    case = Case.objects.exclude(pk=world["case"].pk).get()
    hx = {"HTTP_HX_REQUEST": "true"}

    def add(kind: str, **fields: Any) -> str:
        base = Case.objects.get(pk=case.pk).latest_number
        answer = owner.post(f"/cases/{case.uid}/add/{kind}/", {"base": base, **fields}, **hx)
        text = html.unescape(answer.content.decode())
        shown = re.findall(r'class="(?:error|stale)"[^>]*>([^<]*)', text)
        assert answer.status_code == 200, shown
        return text

    owner.post(f"/cases/{case.uid}/edit/", {"base": 1, "loc": "meta.client", "value": "Gemeente X"})
    add("financier", index=-1, name="Gemeente X (Wmo)", budget="wmo")
    add("financier", index=-1, name="Zorgverzekeraar", budget="zvw")
    add("intervention", index=-1, name="Buurtcoach", reach="40", reach_unit="bewoners")
    add(
        "effect",
        index=0,
        name="Minder huisartsbezoek",
        price="kostenhandleiding-2024:gp_consult_avg",
        units_per_case="3",
        share="100%",
    )
    page = add("investment", index=0, name="Coach", amount="2000", payer="gemeente_x_wmo")
    latest = Case.objects.get(pk=case.pk).latest()
    checked = services.check_document(latest.document)
    assert checked.model is not None, [str(p) for p in checked.problems]
    ev = evaluate(checked.model).intervention("buurtcoach").evaluations[0]
    gp = checked.model.book.prices["gp_consult_avg"]
    assert gp.amount.literal is not None
    assert ev.gross == pytest.approx(40 * 3 * gp.amount.literal * gp.index_factor)
    assert ev.gross_by_financier["zorgverzekeraar"] == pytest.approx(ev.gross)  # Zvw pays GPs
    assert euro(ev.net) in page and "Nog te doen" not in page


def test_the_charts_follow_the_chosen_intervention(world: dict[str, Any]) -> None:
    viewer = client_for(world["viewer"])
    url = f"/cases/{world['case'].uid}/versions/1/charts/"
    first = html.unescape(viewer.get(url).content.decode())
    chosen = html.unescape(viewer.get(url, {"intervention": "samen_oplopen"}).content.decode())
    assert '<option value="samen_oplopen" selected>' in chosen
    assert "Ouders Lokaal" in first and "Samen Oplopen" in chosen
    assert euro(-56000) in chosen and euro(-56000) not in first  # its investment, drawn


def test_an_uncertain_case_shows_its_monte_carlo_and_tornado(world: dict[str, Any]) -> None:
    import time

    from rendement.uncertainty import simulate

    case = services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text("de-bilt-2019-onzeker"),
        message="onzeker",
    )
    viewer = client_for(world["viewer"])
    started = time.perf_counter()
    page = html.unescape(viewer.get(f"/cases/{case.uid}/versions/1/charts/").content.decode())
    assert time.perf_counter() - started < 5  # a few hundred ms here; generous for CI
    assert "Onzekerheid" in page and page.count('class="vega"') == 5  # + distribution, tornado
    assert "Monte Carlo · Ouders Lokaal" in page and "Gevoeligheid · Ouders Lokaal" in page
    # the page's figures are the engine's: the same seed and draws give the same mean
    model = services.check_document(example_text("de-bilt-2019-onzeker")).model
    assert model is not None
    mean = simulate(model, draws=5000, seed=2019).get("ouders_lokaal", "huidig").mean
    assert euro(mean) in page
    certain = viewer.get(f"/cases/{world['case'].uid}/versions/1/charts/").content.decode()
    assert "Onzekerheid" not in certain  # De Bilt itself has no uncertain input
    # the downloaded report has the CLI's uncertainty chapter: its draws, seed and figures
    report = html.unescape(viewer.get(f"/cases/{case.uid}/download/html/").content.decode())
    assert "10.000 doorrekeningen met startwaarde (seed) 2019" in report
    full = simulate(model, draws=10_000, seed=2019).get("ouders_lokaal", "huidig")
    assert euro(full.mean) in report and euro(full.p5) in report


def test_the_theory_of_change_is_edited_as_text(world: dict[str, Any]) -> None:
    case = world["case"]
    editor = client_for(world["editor"])
    page = html.unescape(editor.get(f"/cases/{case.uid}/").content.decode())
    assert 'id="f-theory_of_change.problem"' in page and "<textarea" in page
    problem = "Te veel inwoners vragen te laat om hulp; 12 procent van de gezinnen, zegt de GGD."
    answer = editor.post(
        f"/cases/{case.uid}/edit/",
        {"base": 1, "loc": "theory_of_change.problem", "value": problem, "kind": "text"},
    )
    assert answer.status_code == 200
    saved = Case.objects.get(pk=case.pk).latest()
    model = services.check_document(saved.document).model
    assert model is not None and model.case.theory_of_change.problem == problem


def test_the_charts_draw_the_chosen_option(world: dict[str, Any]) -> None:
    """Samen Oplopen's table shows minimum and maximum: the charts draw either."""
    viewer = client_for(world["viewer"])
    url = f"/cases/{world['case'].uid}/versions/1/charts/"
    first = html.unescape(viewer.get(url, {"intervention": "samen_oplopen"}).content.decode())
    assert '<option value="huidig|minimum">' in first and '"huidig|maximum"' in first
    maximum = viewer.get(url, {"intervention": "samen_oplopen", "option": "huidig|maximum"})
    drawn = html.unescape(maximum.content.decode())
    assert '<option value="huidig|maximum" selected>' in drawn
    assert euro(74146) in drawn and euro(74146) not in first.split('class="vega"')[1]


def test_serve_with_two_processes_shares_one_port(tmp_path: Any) -> None:
    """`--workers 2`: two processes serve the same socket and the same database; stopping
    the server stops both."""
    import subprocess
    import sys
    import time
    import urllib.request

    from servers import serve_process

    command = [sys.executable, "-m", "rendement", "serve", "--port", "{port}", "--workers", "2"]
    command.append("--no-background")  # the background worker: tests/test_web_tasks.py
    env = {"RENDEMENT_DATA": str(tmp_path / "data")}
    with serve_process(command, "http://127.0.0.1:{port}/accounts/login/", env) as served:
        children = subprocess.run(
            ["pgrep", "-P", str(served.process.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(children) == 2, served.logs()
        for _ in range(6):
            with urllib.request.urlopen(served.url, timeout=10) as answer:
                assert answer.status == 200
    time.sleep(0.5)
    for child in children:  # gone, or a zombie nobody reaps (PID 1 of a container)
        state = subprocess.run(["ps", "-o", "stat=", "-p", child], capture_output=True, text=True)
        assert state.stdout.strip() in ("", "Z"), f"worker {child} outlived the server"


def test_variants_and_scenarios_are_edited_in_the_forms(world: dict[str, Any]) -> None:
    """A scenario's value (Samen Oplopen's maximum: 1 multi-problem family prevented) and a
    variant's (Ouders Lokaal's extra hours) are fields; their keys have dots in them."""
    import json

    case = world["case"]
    editor = client_for(world["editor"])
    page = html.unescape(editor.get(f"/cases/{case.uid}/").content.decode())
    assert "Scenario maximum › Gezinnen bij wie een multiprobleemsituatie wordt voorkomen" in page
    assert "Variant Uitbreiding (+7 uur coördinator) › Projectcoördinator" in page
    so = next(
        i
        for i, item in enumerate(
            loads(example_text("de-bilt-2019"), files=False).case.interventions
        )
        if item.id == "samen_oplopen"
    )
    loc = ["interventions", so, "scenarios", "maximum", "set", "parameters.multiprobleemgezinnen"]
    answer = editor.post(
        f"/cases/{case.uid}/edit/", {"base": 1, "loc": json.dumps(loc), "value": "2"}
    )
    assert answer.status_code == 200
    saved = Case.objects.get(pk=case.pk).latest()
    model = services.check_document(saved.document).model
    assert model is not None
    net = evaluate(model).get("samen_oplopen", "huidig", "maximum").net
    # the same change through the loader's own round trip (LoadedModel.edited)
    original = loads(example_text("de-bilt-2019"), files=False)
    expected = evaluate(original.edited(tuple(loc), 2)).get("samen_oplopen", "huidig", "maximum")
    assert net == pytest.approx(expected.net) and net > 74145.6 + 100000
    assert euro(net) in html.unescape(answer.content.decode())
    assert "parameters.multiprobleemgezinnen: 2" in saved.document


def test_an_input_becomes_uncertain_in_its_field(world: dict[str, Any]) -> None:
    """Typing a distribution makes the input uncertain; the field shows it as typed and the
    page then has its Monte Carlo."""
    case = world["case"]
    editor = client_for(world["editor"])
    loc = "interventions.0.effects.1.share"  # Ouders Lokaal's CJG line, a municipal saving
    answer = editor.post(
        f"/cases/{case.uid}/edit/", {"base": 1, "loc": loc, "value": "pert(35%; 50%; 65%)"}
    )
    assert answer.status_code == 200
    saved = Case.objects.get(pk=case.pk).latest()
    assert "share: {pert: [35%, 50%, 65%]}" in saved.document
    page = html.unescape(editor.get(f"/cases/{case.uid}/").content.decode())
    assert f'id="f-{loc}" name="value" value="pert(35%; 50%; 65%)"' in page
    charts = html.unescape(editor.get(f"/cases/{case.uid}/versions/2/charts/").content.decode())
    assert "Onzekerheid" in charts and "Ouders Lokaal: CJG (aandeel)" in charts  # tornado
    # a distribution outside what a share can be is refused beside the field
    wrong = editor.post(
        f"/cases/{case.uid}/edit/",
        {"base": 2, "loc": loc, "value": "pert(35%; 50%; 135%)"},
        HTTP_HX_REQUEST="true",
    )
    assert wrong.status_code == 422 and f'id="e-{loc}"' in wrong.content.decode()


def test_lines_and_interventions_are_removed_unless_still_referred_to(
    world: dict[str, Any],
) -> None:
    case = world["case"]
    editor = client_for(world["editor"])
    hx = {"HTTP_HX_REQUEST": "true"}
    added = editor.post(
        f"/cases/{case.uid}/add/investment/",
        {"base": 1, "index": 0, "name": "Extra", "amount": "500", "payer": "gemeente_jeugd"},
        **hx,
    )
    assert added.status_code == 200
    page = html.unescape(editor.get(f"/cases/{case.uid}/").content.decode())
    assert 'name="loc" value="interventions.0.investments.5"' in page  # the new one
    removed = editor.post(
        f"/cases/{case.uid}/remove/",
        {"base": 2, "loc": "interventions.0.investments.5", "name": "Extra"},
        **hx,
    )
    assert removed.status_code == 200
    saved = Case.objects.get(pk=case.pk).latest()
    assert saved.number == 3 and saved.message == "Extra verwijderd"
    model = services.check_document(saved.document).model
    assert model is not None
    assert evaluate(model).get("ouders_lokaal", "huidig").investment == pytest.approx(31876)
    # the published figures (reported:) name Materialen: removing it is refused
    materials = editor.post(
        f"/cases/{case.uid}/remove/", {"base": 3, "loc": "interventions.0.investments.4"}, **hx
    )
    assert materials.status_code == 422 and "materialen" in materials.content.decode()
    # the portfolio still names Ouders Lokaal: removing it is refused, nothing saved
    refused = editor.post(f"/cases/{case.uid}/remove/", {"base": 3, "loc": "interventions.0"}, **hx)
    shown = re.findall(r'class="stale"[^>]*>(.*?)</div>', refused.content.decode(), re.S)
    assert refused.status_code == 422 and "Niet opgeslagen" in refused.content.decode(), shown
    assert Case.objects.get(pk=case.pk).latest_number == 3
    # only interventions and their lines can be removed this way
    meta = editor.post(f"/cases/{case.uid}/remove/", {"base": 3, "loc": "meta"}, **hx)
    assert meta.status_code == 404


@pytest.mark.parametrize(
    "document",
    [
        "rendement: 1\nmeta: [een, lijst]\ninterventions: 5\n",
        "rendement: 1\nmeta: {title: X}\ninterventions: [5, {id: a, effects: x, investments: 3}]\n",
        "rendement: 1\nfinanciers: 7\ntheory_of_change: [x]\ninterventions:\n  - variants: 5\n",
    ],
)
def test_an_odd_but_stored_document_still_opens_and_refuses_additions_clearly(
    world: dict[str, Any], document: str
) -> None:
    """Stored as written (an incomplete case may be anything YAML): its page opens with
    its to-dos, and adding to it works or answers with a message, never a server error."""
    owner = client_for(world["owner"])
    page = _upload(owner, world["bilt"], "vreemd.yaml", document.encode())
    case = Case.objects.exclude(pk=world["case"].pk).get()
    assert "Nog te doen" in html.unescape(owner.get(f"/cases/{case.uid}/").content.decode()), page
    for kind, fields in (
        ("financier", {"index": -1, "name": "G", "budget": "wmo"}),
        ("intervention", {"index": -1, "name": "I"}),
        ("effect", {"index": 0, "name": "E", "price": "mbc-de-bilt-2019:cjg_contact"}),
        ("investment", {"index": 1, "name": "K", "amount": "5"}),
    ):
        base = Case.objects.get(pk=case.pk).latest_number
        answer = owner.post(
            f"/cases/{case.uid}/add/{kind}/", {"base": base, **fields}, HTTP_HX_REQUEST="true"
        )
        assert answer.status_code in (200, 404, 422), (kind, answer.status_code)
        if answer.status_code == 422:  # the message is beside its form, or above them
            text = answer.content.decode()
            assert 'class="error"' in text or "Niet opgeslagen" in text
    assert owner.get(f"/cases/{case.uid}/").status_code == 200


def test_sign_up_is_open_unless_the_server_closes_it(settings: Any) -> None:
    fields = {
        "email": "nieuw@example.org",
        "username": "nieuw",
        "password1": "een-lang-wachtwoord-9",
        "password2": "een-lang-wachtwoord-9",
    }
    settings.RENDEMENT_SIGNUP = False
    closed = Client().post("/accounts/signup/", fields)
    assert "gesloten" in html.unescape(closed.content.decode()).lower()
    assert not get_user_model().objects.filter(username="nieuw").exists()
    settings.RENDEMENT_SIGNUP = True
    opened = Client().post("/accounts/signup/", fields)
    assert opened.status_code == 302
    assert get_user_model().objects.filter(username="nieuw").exists()


def test_the_account_pages_say_u_not_je() -> None:
    """django-allauth's Dutch says 'je'; rendement's own catalogue rewords what a user of
    the login, sign-up and password pages reads."""
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        page = html.unescape(Client().get(url).content.decode())
        words = set(re.sub(r"<[^>]+>", " ", page.split('id="main"', 1)[1]).split())
        assert not words & {"je", "Je", "jouw", "jij"}, (url, words & {"je", "Je"})
    login = html.unescape(Client().get("/accounts/login/").content.decode())
    assert "Hebt u nog geen account?" in login


def test_an_addition_on_an_older_version_is_placed_on_the_newest(world: dict[str, Any]) -> None:
    """An investment added on version 1 after someone changed a reach (version 2): both
    stay; the version says what was added, in a sentence."""
    case = world["case"]
    owner, editor = client_for(world["owner"]), client_for(world["editor"])
    first = {"base": 1, "loc": "interventions.0.reach", "value": "200"}
    assert owner.post(f"/cases/{case.uid}/edit/", first).status_code == 200
    late = {"base": 1, "index": 0, "name": "Extra coördinatie", "amount": "1000"}
    late["payer"] = "gemeente_jeugd"
    answer = editor.post(f"/cases/{case.uid}/add/investment/", late, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200, html.unescape(answer.content.decode())[:2000]
    latest = Case.objects.get(pk=case.pk).latest()
    assert latest.number == 3
    assert "reach: 200" in latest.document and "Extra coördinatie" in latest.document
    assert latest.message == "Investering Extra coördinatie toegevoegd aan Ouders Lokaal"


def test_an_addition_to_an_intervention_removed_meanwhile_keeps_what_was_typed(
    world: dict[str, Any],
) -> None:
    """The only conflict an addition can meet: what it was added to is gone. Refused
    (409) with the add-form open and what was typed in it; nothing stored."""
    from rendement.web.cases import services

    owner, editor = client_for(world["owner"]), client_for(world["editor"])
    case = services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text("blank"),
        message="leeg",
    )
    wmo = {"base": 1, "index": -1, "name": "Gemeente Zeist (Wmo)", "budget": "wmo"}
    assert owner.post(f"/cases/{case.uid}/add/financier/", wmo).status_code == 200
    case.refresh_from_db()
    for name in ("Buurtcoach", "Maatje"):
        added = {"base": case.latest_number, "index": -1, "name": name, "reach": "50"}
        assert owner.post(f"/cases/{case.uid}/add/intervention/", added).status_code == 200
        case.refresh_from_db()
    base = case.latest_number
    gone = {"base": base, "loc": "interventions.1", "name": "Maatje"}
    assert owner.post(f"/cases/{case.uid}/remove/", gone).status_code == 200
    late = {"base": base, "index": 1, "name": "Koffie-uurtje", "amount": "750"}
    late["payer"] = "gemeente_zeist_wmo"
    answer = editor.post(f"/cases/{case.uid}/add/investment/", late, HTTP_HX_REQUEST="true")
    assert answer.status_code == 409
    text = html.unescape(answer.content.decode())
    assert "Niet opgeslagen" in text
    assert "Wat u typte: Koffie-uurtje; 750" in text  # its form is gone with Maatje
    case.refresh_from_db()
    assert case.latest_number == base + 1
    assert "Koffie-uurtje" not in case.latest().document
