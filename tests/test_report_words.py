"""The words of a report: plural units, no list ids, tariff conversions with their sum,
unambiguous wording, receipts that show every calculation, and a Word file that is this
report's own (repeating table headers, ruled receipts, one contents line per heading,
fresh document properties).

The text checks (:mod:`rendement.report.textcheck`) run over the outline, the HTML and the
.docx of five example reports and must find nothing; each check also runs on a fixture
made to provoke its defect and must find it there.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from rendement.engine import Results, evaluate
from rendement.i18n import language
from rendement.model import load_model
from rendement.money import currency
from rendement.present import prices_table
from rendement.present.receipt import receipts
from rendement.report import analyse_uncertainty, build_outline, render_html, write_document
from rendement.report.outline import Heading, Outline, TableBlock
from rendement.report.textcheck import (
    ambiguous_wording,
    check_docx,
    check_outline,
    check_report,
    check_texts,
    docx_texts,
    duplicate_headings,
    field_names,
    html_texts,
    list_ids,
    missing_conversions,
    price_list_ids,
    unpluralised_units,
)
from rendement.report.wordfields import repeat_header, report_properties, table_of_contents

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REPORTS = [
    ("de-bilt-2019.yaml", "nl"),
    ("de-bilt-2019-onzeker.yaml", "nl"),
    ("kostenbesparing-raster.yaml", "nl"),
    ("sroi-lunch-club-au.yaml", "en"),
    ("sroi-drum-atweme-2014.yaml", "en"),
]


def _results(name: str) -> Results:
    return evaluate(load_model(EXAMPLES / name))


@pytest.fixture(scope="module")
def de_bilt() -> Results:
    return _results("de-bilt-2019.yaml")


@pytest.fixture(scope="module", params=REPORTS, ids=[r[0] for r in REPORTS])
def report(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Results, Outline, str, Path, str]:
    """(results, outline, html, docx path, language) of one example report."""
    name, lang = request.param
    results = _results(name)
    simulation, sensitivities = analyse_uncertainty(results, draws=200)
    path = tmp_path_factory.mktemp("words") / f"{Path(name).stem}.docx"
    with language(lang), currency(results.currency):
        outline = build_outline(results, simulation=simulation, sensitivities=sensitivities)
        page = render_html(outline)
        write_document(outline, path)
    return results, outline, page, path, lang


# ------------------------------------------------------------------ the example reports


def test_the_outline_of_each_example_passes_the_text_checks(report: tuple) -> None:
    results, outline, _page, _path, lang = report
    with language(lang), currency(results.currency):  # the conversions as the report says them
        assert check_outline(outline, results) == []


def test_the_html_of_each_example_passes_the_text_checks(report: tuple) -> None:
    results, _outline, page, _path, lang = report
    texts = html_texts(page)
    assert len(texts) > 200  # the checks read the whole report, not an empty page
    assert check_texts(texts, lang, price_list_ids(results)) == []
    with language(lang), currency(results.currency):
        assert missing_conversions(results, texts) == []


def test_the_word_file_of_each_example_passes_the_text_and_word_checks(report: tuple) -> None:
    results, _outline, _page, path, lang = report
    assert check_texts(docx_texts(path), lang, price_list_ids(results)) == []
    with language(lang), currency(results.currency):
        assert missing_conversions(results, docx_texts(path)) == []
    assert check_docx(path) == []


def test_check_report_runs_every_check_over_one_report() -> None:
    """What a later review calls per report: outline, HTML and Word in one call."""
    assert check_report(_results("kostenbesparing-raster.yaml"), "nl") == []


# ------------------------------------------------------------------ fixtures per defect


def test_a_singular_unit_after_a_number_above_one_is_found() -> None:
    texts = [
        ("a", "160 contactmoment per jaar"),
        ("b", "1.040 contactmoment"),
        ("c", "1 contactmoment"),  # one: singular is right
        ("d", "1.040 contactmomenten, 24 uur per week, 5 jaar"),  # plural; measure words
        ("e", "€ 55 per contactmoment"),  # an amount, not a count
        ("f", "0,5 dag"),
        ("g", "3 euro per deelnemer, 2 keer"),  # measure words
    ]
    found = unpluralised_units(texts, "nl")
    assert [p.where for p in found] == ["a", "b"]
    english = unpluralised_units([("a", "3 session"), ("b", "3 sessions, 1 visit")], "en")
    assert [p.where for p in english] == ["a"]


def test_a_list_id_in_a_text_is_found_and_a_word_that_is_also_a_list_is_not() -> None:
    texts = [
        ("a", "Tarief begeleiding uit mbc-de-bilt-2019:begeleiding_uur"),
        ("b", "vrijwilligerswerk"),
    ]
    found = list_ids(texts, ["mbc-de-bilt-2019", "vrijwilligerswerk", "kostenhandleiding-2024"])
    assert [(p.where, p.check) for p in found] == [("a", "list_id")]


def test_ambiguous_wording_is_found() -> None:
    texts = [
        ("a", "Netto besparing; berekend door rendement, niet afgerond."),
        ("b", "Netto besparing per interventie over de kolommen"),
        ("c", "Berekend met het programma rendement; het rendement is hoog."),
    ]
    assert [p.where for p in ambiguous_wording(texts)] == ["a", "b"]


def test_an_english_field_name_in_parentheses_is_found() -> None:
    texts = [
        ("a", "Projectcoördinator, uren per week (hours_per_week)"),
        ("b", "Ouders Lokaal, bereik (reach)"),
        ("c", "Inzet (24 uur per week) en (mantel)zorg"),
    ]
    assert [p.where for p in field_names(texts, "nl")] == ["a", "b"]
    assert [p.where for p in field_names(texts, "en")] == ["a"]


def test_a_converted_price_without_its_calculation_is_found(de_bilt: Results) -> None:
    table = prices_table(de_bilt)
    # by hand: the list prices a dagdeel at € 35,19; a dag is two dagdelen
    assert round(2 * 35.19, 2) == 70.38
    row = next(r for r in table.rows if r[0] == "Dagbesteding (Wmo) (per dag)")
    assert row[5] == "€\u00a070,38"
    assert row[6] == "€\u00a070,38 per dag = 2 × €\u00a035,19 per dagdeel"
    texts = [("tarieven", cell) for r in table.rows for cell in r]
    assert missing_conversions(de_bilt, texts) == []
    without = [("tarieven", cell) for r in table.rows if r is not row for cell in r]
    found = missing_conversions(de_bilt, without)
    assert [p.check for p in found] == ["conversion"]
    with language("en"):
        english = prices_table(de_bilt)
    assert "€70.38 per day = 2 × €35.19 per half-day" in [r[6] for r in english.rows]


def test_duplicate_headings_in_the_contents_are_found(de_bilt: Results) -> None:
    outline = build_outline(de_bilt)
    assert duplicate_headings(outline) == []
    # each intervention's financial section names it: four sections, four entries
    sections = [b.text for b in outline.blocks if isinstance(b, Heading) and b.level == 2]
    assert "Financiële business case Ouders Lokaal" in sections
    twice = replace(outline, blocks=[*outline.blocks, Heading("Financiële business case", 2)])
    twice.blocks.append(Heading("Financiële business case", 2))
    assert [p.check for p in duplicate_headings(twice)] == ["toc"]


def _plain_docx(path: Path, header: bool, ruled_receipt: bool, entries: list[str]) -> Path:
    document = Document()
    table_of_contents(document, "Inhoud", [(1, e) for e in entries], "F9")
    grid = document.add_table(rows=3, cols=2)
    grid.style = "Light List Accent 1"
    grid.cell(0, 0).text, grid.cell(0, 1).text = "Post", "Bedrag"
    if header:
        repeat_header(grid.rows[0])
    bon = document.add_table(rows=2, cols=2)
    bon.cell(0, 0).merge(bon.cell(0, 1)).text = "Ouders Lokaal"
    if ruled_receipt:
        bon.style = "Table Grid"
    document.save(str(path))
    return path


def test_word_defects_are_found_on_a_plain_python_docx_file(tmp_path: Path) -> None:
    stale = _plain_docx(tmp_path / "stale.docx", False, False, ["Samenvatting", "Samenvatting"])
    checks = [p.check for p in check_docx(stale)]
    assert "header" in checks  # a table without a repeating header row
    assert "receipt" in checks  # a receipt without rules
    assert "toc" in checks  # the same contents line twice
    properties = [p.text for p in check_docx(stale) if p.check == "properties"]
    assert any("created 2013-12-23" in text for text in properties)  # the template's date
    assert any("Microsoft Macintosh Word" in text for text in properties)
    assert any("thumbnail" in text for text in properties)


def test_a_word_file_with_the_fixes_passes(tmp_path: Path) -> None:
    path = tmp_path / "fixed.docx"
    _plain_docx(path, True, True, ["Samenvatting", "Aanpak"])
    document = Document(str(path))
    report_properties(
        document, title="T", language="nl-NL", author="Nautus", subject="", comments=""
    )
    document.save(str(path))
    assert check_docx(path) == []
    core = Document(str(path)).core_properties
    assert core.created is not None and core.created.year >= 2024
    assert core.last_modified_by == "Nautus" and core.revision == 1


# ------------------------------------------------------------------ receipts and units


def test_a_receipt_shows_each_investment_calculation_the_price_year_and_the_case(
    de_bilt: Results,
) -> None:
    bon = receipts(de_bilt)[0]  # Ouders Lokaal, current situation
    case = de_bilt.model.case
    assert case.meta.title in bon.header
    assert "prijspeil 2019" in bon.header
    coordinator = next(line for line in bon.costs if line.label.startswith("Projectcoördinator"))
    # by hand: 9 hours a week, 52 weeks, € 45,675 an hour rounds to the € 21.376 shown
    assert round(9 * 52 * 45.675) == 21376 == round(-coordinator.amount)
    assert coordinator.detail == "9 uur/week × 52 weken × €\u00a045,675"
    cjg = next(line for line in bon.savings if line.label == "CJG")
    assert cjg.detail == "80 × 13 contactmomenten × €\u00a055"
    assert round(cjg.amount) == 80 * 13 * 55
    text = bon.text()
    assert "  9 uur/week × 52 weken × €\u00a045,675" in text


def test_the_word_receipt_is_a_ruled_table_with_every_line(
    tmp_path: Path, de_bilt: Results
) -> None:
    path = tmp_path / "de-bilt.docx"
    write_document(build_outline(de_bilt), path)
    document = Document(str(path))
    bons = [t for t in document.tables if len({id(c._tc) for c in t.rows[0].cells}) == 1]
    assert len(bons) == len(receipts(de_bilt))
    first = bons[0]
    assert first.style.name == "Table Grid"
    cells = [cell.text for row in first.rows for cell in row.cells]
    assert "9 uur/week × 52 weken × €\u00a045,675" in cells
    assert de_bilt.model.case.meta.title in cells


def test_the_appendix_names_a_price_list_not_its_id(de_bilt: Results) -> None:
    outline = build_outline(de_bilt)
    appendix = next(
        b.table
        for b in outline.blocks
        if isinstance(b, TableBlock) and b.table.columns[-1] == "Plaats in het model"
    )
    places = [row[2].replace("\u200b", "") for row in appendix.rows]
    assert (
        "prijslijst Tarieven mBC De Bilt 2019 (regio Zuidoost-Utrecht), tarief cjg_contact"
        in places
    )
    assert not any("mbc-de-bilt-2019" in place for place in places)
