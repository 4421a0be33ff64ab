"""Limits on names and texts, and hostile characters, wherever a text enters (issue 21).

Found by testing: a 100 kB intervention name was stored and its PDF then took minutes; a
100 kB title made the case list 892,132 px wide; a name could be emptied through its own
field; a NUL or a right-to-left override (U+202E) was stored, and a control character
stopped the Word download with a 500. The loader now refuses them (model/texts.py), so the
CLI, the import and every form refuse alike, each with a located Dutch message; every
document renders whatever the loader accepts, within 15 s for the longest names.
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from ruamel.yaml import YAML
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import ModelError, load_model, loads
from rendement.model.texts import MAX_NAME, MAX_TEXT, text_problem
from rendement.report import build_outline, receipts_outline, render_html, write_workbook
from rendement.report.document import write_document
from rendement.report.outline import Outline, Paragraph
from rendement.report.pdf import html_to_pdf, pdf_bytes
from rendement.text import xml_safe, xml_safe_all
from rendement.web.cases.models import Case, CaseVersion
from web_world import client_for

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yaml"
DE_BILT = ROOT / "examples" / "de-bilt-2019.yaml"
EXAMPLES = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml",
]
HX = {"HTTP_HX_REQUEST": "true"}
HUGE = "x" * 102_400  # 100 kB

# (what, the name as typed in a form, the name as written in YAML, code, message part)
HOSTILE = [
    ("100 kB", HUGE, HUGE, "too_long", "hoogstens 200 tekens; deze is 102.400 tekens lang"),
    (
        "U+202E",
        "Ouders \u202eLokaal",
        '"Ouders \\u202eLokaal"',
        "bidi_control",
        "(U+202E, richting omkeren) op positie 8 dat de leesrichting",
    ),
    (
        "NUL",
        "Ouders\x00Lokaal",
        '"Ouders\\u0000Lokaal"',
        "control_character",
        "onzichtbaar stuurteken (U+0000, nul-teken) op positie 7",
    ),
    (
        "ESC",
        "Ouders\x1bLokaal",
        '"Ouders\\x1bLokaal"',
        "control_character",
        "(U+001B, escape) op positie 7",
    ),
    (
        "vertical tab",
        "Ouders\x0bLokaal",
        '"Ouders\\vLokaal"',
        "control_character",
        "(U+000B, verticale tab) op positie 7",
    ),
]
IDS = [h[0] for h in HOSTILE]
TYPED = HOSTILE[:3]  # through the web forms: the three found by testing (each form is ~2 s)


def _minimal_with(name: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count("name: Steun aan gezinnen") == 1
    return text.replace("name: Steun aan gezinnen", f"name: {name}")


# ------------------------------------------------------------------ the loader and the CLI


@pytest.mark.parametrize(("what", "typed", "written", "code", "message"), HOSTILE, ids=IDS)
def test_the_loader_refuses_a_hostile_name_with_a_located_message(
    what: str, typed: str, written: str, code: str, message: str
) -> None:
    with pytest.raises(ModelError) as error:
        loads(_minimal_with(written), "m.yaml")
    [problem] = error.value.problems
    assert (problem.code, problem.line, problem.path) == (code, 69, "interventions[steun].name")
    assert message in problem.message
    assert len(problem.message) < 400  # the text itself is never repeated in the message


@pytest.mark.parametrize(("what", "typed", "written", "code", "message"), HOSTILE, ids=IDS)
def test_rendement_check_refuses_it_with_exit_1_and_the_line(
    what: str, typed: str, written: str, code: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(_minimal_with(written), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert "regel 69" in result.output and message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_a_typed_control_character_is_refused_before_the_parser() -> None:
    """Typed into the file (not an escape), the scan before the parser finds it."""
    with pytest.raises(ModelError) as error:
        loads(_minimal_with("Ouders\x1bLokaal"), "m.yaml")
    [problem] = error.value.problems
    assert (problem.code, problem.line) == ("control_character", 69)


def test_the_limits_and_what_they_allow() -> None:
    assert text_problem("a" * MAX_NAME, one_line=True) is None
    found = text_problem("a" * (MAX_NAME + 1), one_line=True)
    assert found is not None and found[0] == "too_long"
    assert str(found[1]) == "een naam is hoogstens 200 tekens; deze is 201 tekens lang"
    with language("en"):  # worded when shown, in the reader's language
        assert str(found[1]) == "a name is at most 200 characters; this one is 201 characters long"
    assert text_problem("a" * MAX_TEXT, one_line=False) is None
    assert text_problem("a" * (MAX_TEXT + 1), one_line=False)[0] == "too_long"  # type: ignore[index]
    # a long text keeps its line breaks and tabs; a name is one line
    assert text_problem("Eerste regel\n\tmet een tab", one_line=False) is None
    assert text_problem("twee\nregels", one_line=True)[0] == "control_character"  # type: ignore[index]
    # a line separator is a line break too (it also broke a chart's Vega expression)
    assert text_problem("twee\u2028regels", one_line=True)[0] == "control_character"  # type: ignore[index]
    assert text_problem("twee\u2028regels", one_line=False) is None
    # marks that only set the direction of the characters beside them stay (Arabic, Hebrew)
    assert text_problem("\u05e9\u05dc\u05d5\u05dd\u200f 2019", one_line=True) is None
    # joiners (emoji, scripts) and the soft hyphen Word pastes stay; a zero-width space not
    assert text_problem("Ouders\u00adLokaal \u200d", one_line=True) is None
    assert text_problem("Ouders\u200bLokaal", one_line=True)[0] == "invisible_character"  # type: ignore[index]
    # an isolate reorders as much as an override
    assert text_problem("a\u2067b", one_line=False)[0] == "bidi_control"  # type: ignore[index]
    assert text_problem("   ", one_line=True, required=True)[0] == "blank_name"  # type: ignore[index]
    assert text_problem("", one_line=True) is None  # an empty optional label is no name


def test_a_description_with_a_tab_loads_and_its_word_report_is_written(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "problem: Gezinnen vragen te laat om hulp.",
        'problem: "Gezinnen\\tvragen te laat\\nom hulp."',
    )
    path = tmp_path / "tab.yaml"
    path.write_text(text, encoding="utf-8")
    target = tmp_path / "x.docx"
    result = CliRunner().invoke(app, ["report", str(path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:2] == b"PK"


def test_word_gets_no_character_xml_cannot_hold(tmp_path: Path) -> None:
    """Defence in depth: a text that did not come through the loader (an old stored model,
    a price list) with a NUL and an ESC still makes a Word file."""
    assert xml_safe("a\x00b\x1bc\td\ud800") == "abc\td"
    outline = Outline(language="nl", title="Titel\x00", title_lines=["regel\x0b"])
    outline.blocks.append(Paragraph("tekst met \x1b escape en \x0c pagina-einde", ""))
    cleaned = xml_safe_all(outline)
    assert cleaned.title == "Titel" and outline.title == "Titel\x00"  # a copy
    write_document(outline, tmp_path / "x.docx")
    assert (tmp_path / "x.docx").read_bytes()[:2] == b"PK"


def test_the_bundled_price_lists_keep_the_limits_of_a_case() -> None:
    """A price taken from a list into a case is a name there too: every bundled one fits."""
    from rendement.prices.catalogue import bundled_list, bundled_lists

    items = [item for list_id in bundled_lists() for item in bundled_list(list_id).items.values()]
    assert len(items) > 50
    for item in items:
        assert text_problem(item.name, one_line=True, required=True) is None, item.code
        assert text_problem(item.unit, one_line=True) is None, item.code
        assert text_problem(item.note or "", one_line=False) is None, item.code


# ------------------------------------------------------------------ every document renders


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_document_of_every_example_renders(example: Path, tmp_path: Path) -> None:
    """PDF, Word, Excel, HTML and the till receipts of every bundled example: the charts
    are drawn once for the HTML and the PDF made from it."""
    from rendement.present.receipt import receipt

    results = evaluate(load_model(example))
    outline = build_outline(results)
    page = render_html(outline)
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    pdf, pages = html_to_pdf(page)
    assert pdf[:5] == b"%PDF-" and pages >= 2
    write_document(outline, tmp_path / "r.docx")
    write_workbook(results, tmp_path / "r.xlsx")
    bons = [receipt(results, r.evaluations[0]) for r in results.interventions]
    assert pdf_bytes(receipts_outline(results, bons))[:5] == b"%PDF-"
    assert (tmp_path / "r.docx").stat().st_size > 10_000
    assert (tmp_path / "r.xlsx").stat().st_size > 5_000


def longest(path: Path, texts: int = 0) -> str:
    """The model with every name and label at :data:`MAX_NAME` characters (words, so the
    lines break as a person's would) and the first ``texts`` long texts at
    :data:`MAX_TEXT`; ids, units and references stay, so it still loads."""
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    labels = {"name", "title", "client", "project", "subject", "organisation", "role"}
    labels |= {"publisher", "category", "provider", "table", "reach_unit", "party", "law"}
    longs = {"description", "note", "problem", "summary", "conclusion", "scope", "approach"}
    seen = [0]

    def pad(text: str, length: int) -> str:
        while len(text) < length:
            text += " lange naam"
        return text[:length].rstrip(" ").ljust(length, "x")

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and key in labels:
                    node[key] = pad(value, MAX_NAME)
                elif isinstance(value, str) and key in longs and seen[0] < texts:
                    seen[0] += 1
                    node[key] = pad(value, MAX_TEXT)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    import json

    return json.dumps(data, ensure_ascii=False, default=str)  # JSON is YAML


def test_the_pdf_of_de_bilt_with_every_name_at_200_characters_takes_at_most_15_s() -> None:
    """A requirement (issue 21): any accepted case renders its PDF within 15 s. Measured in
    CPU time of this process (vl-convert's and WeasyPrint's threads included), so other
    work on a shared machine does not count; five long texts of 20,000 characters too."""
    model = loads(longest(DE_BILT, texts=5), "lang.yaml", DE_BILT.parent)
    names = [i.name for i in model.case.interventions] + [s.name for s in model.case.stakeholders]
    assert {len(n) for n in names} == {MAX_NAME}
    started, clock = time.process_time(), time.perf_counter()
    page = render_html(build_outline(evaluate(model)))
    pdf, pages = html_to_pdf(page)
    cpu, wall = time.process_time() - started, time.perf_counter() - clock
    assert pdf[:5] == b"%PDF-" and pages > 40
    assert cpu <= 15.0, f"{cpu:.1f} s CPU ({wall:.1f} s wall) for {pages} pages"


def test_word_and_excel_take_the_longest_names_and_texts(tmp_path: Path) -> None:
    results = evaluate(loads(longest(DE_BILT, texts=5), "lang.yaml", DE_BILT.parent))
    write_document(build_outline(results), tmp_path / "lang.docx")
    write_workbook(results, tmp_path / "lang.xlsx")
    assert (tmp_path / "lang.docx").stat().st_size > 50_000
    assert (tmp_path / "lang.xlsx").stat().st_size > 10_000


# ------------------------------------------------------------------ the web app


def _post(client: Any, case: Case, url: str, **fields: Any) -> Any:
    base = Case.objects.get(pk=case.pk).latest_number
    return client.post(f"/cases/{case.uid}/{url}", {"base": base, **fields}, **HX)


@pytest.mark.django_db
@pytest.mark.parametrize(("what", "typed", "written", "code", "message"), TYPED, ids=IDS[:3])
def test_a_hostile_name_is_refused_beside_its_field_and_every_add_form(
    world: dict[str, Any], what: str, typed: str, written: str, code: str, message: str
) -> None:
    """Typed into a name's own field and into each form that adds something with a name:
    422, the message beside the form, what was typed kept, nothing stored."""
    from rendement.web.cases.adding import financiers

    case, editor = world["case"], client_for(world["editor"])
    number = Case.objects.get(pk=case.pk).latest_number
    payer = financiers(case.latest().document)[0][0]
    forms = [
        ("edit/", {"loc": "interventions.0.name", "value": typed}, "e-interventions.0.name"),
        ("add/intervention/", {"index": -1, "name": typed, "reach": "10"}, "e-add-intervention"),
        (
            "add/effect/",
            {
                "index": 0,
                "name": typed,
                "price": "mbc-de-bilt-2019:huisarts_contact",
                "units_per_case": "1",
            },
            "e-add-effect-0",
        ),
        (
            "add/investment/",
            {"index": 0, "name": typed, "amount": "1000", "payer": payer},
            "e-add-investment-0",
        ),
        ("add/financier/", {"index": -1, "name": typed, "budget": "wmo"}, "e-add-financier"),
        ("add/stakeholder/", {"index": -1, "name": typed}, "e-add-stakeholder"),
        ("add/scenario/", {"index": -1, "name": typed}, "e-add-scenario"),
    ]
    for url, fields, error_id in forms:
        answer = _post(editor, case, url, **fields)
        page = html.unescape(answer.content.decode())
        assert answer.status_code == 422, (url, page[:2000])
        said = re.search(rf'id="{re.escape(error_id)}">([^<]*)<', page)
        assert said is not None and message in said.group(1), (url, page[:3000])
        if code != "control_character":  # a NUL or ESC is not echoed into the page as is
            assert f'value="{typed}"' in page, url
    assert Case.objects.get(pk=case.pk).latest_number == number


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["", "   "], ids=["empty", "blank"])
def test_a_name_cannot_be_emptied_through_its_own_field(world: dict[str, Any], typed: str) -> None:
    case, editor = world["case"], client_for(world["editor"])
    number = Case.objects.get(pk=case.pk).latest_number
    for loc in ("interventions.0.name", "meta.title", "stakeholders.0.name"):
        answer = _post(editor, case, "edit/", loc=loc, value=typed)
        page = html.unescape(answer.content.decode())
        assert answer.status_code == 422, page[:2000]
        assert "deze naam is leeg; vul een naam in van hoogstens 200 tekens" in page
    assert Case.objects.get(pk=case.pk).latest_number == number


@pytest.mark.django_db
@pytest.mark.parametrize(("what", "typed", "written", "code", "message"), TYPED, ids=IDS[:3])
def test_the_import_refuses_a_hostile_name_with_its_line(
    world: dict[str, Any], what: str, typed: str, written: str, code: str, message: str
) -> None:
    owner = client_for(world["owner"])
    before = Case.objects.count()
    upload = SimpleUploadedFile("model.yaml", _minimal_with(written).encode("utf-8"))
    answer = owner.post(
        "/cases/import/", {"organisation": world["bilt"].pk, "document": upload}, follow=True
    )
    page = html.unescape(answer.content.decode())
    assert Case.objects.count() == before
    assert "Niet geïmporteerd" in page and "regel 69" in page and message in page


@pytest.mark.django_db
def test_an_old_version_with_a_hostile_name_still_opens_with_it_as_a_to_do(
    world: dict[str, Any],
) -> None:
    """Stored before the limits: the page shows the problem where the to-dos are, never 500,
    and a download says the version is not complete."""
    case = world["case"]
    document = case.latest().document.replace(
        "name: Ouders Lokaal", 'name: "Ouders \\u202eLokaal"', 1
    )
    assert document != case.latest().document
    CaseVersion.objects.create(
        case=case, number=2, document=document, author=world["owner"], message="oud"
    )
    Case.objects.filter(pk=case.pk).update(latest_number=2)
    viewer = client_for(world["viewer"])
    page = viewer.get(f"/cases/{case.uid}/")
    assert page.status_code == 200
    assert "dat de leesrichting van de rest omdraait" in html.unescape(page.content.decode())
    assert viewer.get(f"/cases/{case.uid}/download/docx/").status_code == 409  # says why


@pytest.mark.django_db
def test_a_download_that_takes_too_long_is_stopped_with_a_dutch_page(
    world: dict[str, Any], settings: Any
) -> None:
    settings.RENDEMENT_RENDER_SECONDS = 1
    viewer = client_for(world["viewer"])
    started = time.perf_counter()
    answer = viewer.get(f"/cases/{world['case'].uid}/download/pdf/")
    assert time.perf_counter() - started < 20
    page = html.unescape(answer.content.decode())
    assert answer.status_code == 503
    assert "duurde langer dan 1 seconden en is gestopt" in page
    assert answer["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_title_of_200_characters_keeps_the_pages_within_the_screen(
    world: dict[str, Any],
) -> None:
    """The case list and the case page with a title of 200 characters without a space
    (the worst a title can be) are no wider than a 1024 px window: the pages as Django
    serves them, with the app's stylesheet, laid out by Chromium (no server needed)."""
    from playwright.sync_api import sync_playwright

    from rendement.web.cases import services
    from servers import chromium_launch_kwargs

    case = world["case"]
    title = "Businesscase" + "x" * (MAX_NAME - 12)
    services.edit_value(
        actor=world["owner"], case=case, base=1, loc=("meta", "title"), value=title, message="t"
    )
    case.refresh_from_db()
    assert case.title == title
    style = (ROOT / "src/rendement/web/static/rendement/app.css").read_text(encoding="utf-8")
    owner = client_for(world["owner"])
    pages = [
        owner.get("/").content.decode(),
        owner.get(f"/cases/{case.uid}/").content.decode(),
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            view = browser.new_page(viewport={"width": 1024, "height": 800})
            for page in pages:
                assert title in page
                page = re.sub(r"<script[^>]*></script>", "", page)
                page = re.sub(r'<link rel="stylesheet"[^>]*>', f"<style>{style}</style>", page)
                view.set_content(page)
                width = view.evaluate("document.documentElement.scrollWidth")
                assert width <= 1024, width
        finally:
            browser.close()
