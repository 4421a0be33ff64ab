"""The page review: every page of the reports passes the layout rules a machine can check.

The rules (see :mod:`rendement.report.review`): no text outside its table cell, no word
broken across lines inside a cell, no page less than half full unless the next page starts
a chapter. The first tests show that each rule finds the defect it is about, on a page
made for it; the last ones review the De Bilt reports page by page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import load_model
from rendement.report import analyse_uncertainty, build_outline, render_html
from rendement.report.pdf import render_document
from rendement.report.review import _fill, review

ROOT = Path(__file__).resolve().parents[1]
STYLE = (
    "<style>@page { size: A4; margin: 20mm } html { font: 8pt 'DejaVu Sans' }"
    " table { table-layout: fixed } td, th { overflow-wrap: break-word }</style>"
)


def kinds(html: str) -> list[tuple[int, str, str]]:
    return [(p.page, p.kind, p.text) for p in review(render_document(STYLE + html))]


def test_a_header_word_that_breaks_is_found() -> None:
    html = (
        '<table style="width: 60mm"><colgroup><col style="width: 8mm"><col></colgroup>'
        "<tr><th>Bedrag</th><th>Omschrijving</th></tr></table>"
    )
    found = kinds(html)
    assert found and all(kind == "broken_word" for _, kind, _ in found)
    assert found[0][2].replace("/", "") == "Bedrag"


def test_a_break_between_words_is_no_defect() -> None:
    html = (
        '<table style="width: 60mm"><colgroup><col style="width: 20mm"><col></colgroup>'
        "<tr><td>Bruto besparing</td><td>x</td></tr></table>"
    )
    assert kinds(html) == []


def test_an_amount_that_runs_into_the_next_column_is_found() -> None:
    html = (
        '<table style="width: 60mm"><colgroup><col style="width: 8mm"><col></colgroup>'
        '<tr><td style="white-space: nowrap">€ 104.000</td><td>x</td></tr></table>'
    )
    assert [kind for _, kind, _ in kinds(html)] == ["overflow"]


def test_a_mostly_empty_page_is_found_unless_a_chapter_follows_that_would_not_fit() -> None:
    short = "<p>Een korte alinea.</p>"
    breaking = '<p style="break-before: page">Verder, zonder nieuw hoofdstuk.</p>'
    long = '<div style="height: 200mm"></div><p>Tekst.</p>'
    chapter = '<h1 style="break-before: page">Volgend hoofdstuk</h1>' + long
    # the first page is the title page and the last the end: review the middle page
    title = "<p>Titel</p>" + '<p style="break-before: page"></p>'
    assert [k for _, k, _ in kinds(title + short + breaking + long)] == ["empty_page"]
    assert kinds(title + short + chapter + "<p>Einde</p>") == []
    # a chapter that would have fitted in the empty part: the page was left empty for nothing
    fits = '<h1 style="break-before: page">Kort hoofdstuk</h1><p>Tekst.</p>'
    found = kinds(title + short + fits + '<p style="break-before: page">Einde</p>')
    assert [(n, k) for n, k, _ in found] == [(2, "empty_page"), (3, "empty_page")]


def test_the_report_lets_a_chapter_break_go_when_the_page_before_would_stay_half_empty() -> None:
    """An outline whose chapters end a few lines into a page: each of those chapter
    breaks is let go, and no page is left less than half full."""
    from rendement.report.outline import Heading, Outline, PageBreak, Paragraph

    outline = Outline("nl", "Titel", [], front_matter=False)
    for n in range(1, 5):
        if n > 1:
            outline.blocks.append(PageBreak())
        outline.blocks.append(Heading(f"Hoofdstuk {n}", 1, f"h{n}"))
        # a little over a page of text: the chapter ends a few lines into its second page
        outline.blocks += [Paragraph("Tekst van een alinea die een regel vult. " * 12)] * 12
    page = render_html(outline)
    assert page.count('class="page-break"') == 3
    document = render_document(page)
    assert [p.kind for p in review(document)] == []
    from weasyprint import HTML

    def half_empty(pages: list[Any]) -> int:
        return sum(_fill(p._page_box) < 0.5 for p in pages[:-1])

    forced = HTML(string=page).render()  # every chapter on a new page
    assert half_empty(forced.pages) == 3 and half_empty(document.pages) == 0
    assert len(forced.pages) > len(document.pages)


def test_a_page_left_part_empty_for_a_block_that_may_not_break_is_no_defect() -> None:
    title = "<p>Titel</p>" + '<p style="break-before: page"></p>'
    short = "<p>Een korte alinea.</p>" + '<div style="height: 80mm"></div><p>Slot.</p>'
    tall = '<div class="keep-together"><div style="height: 200mm"></div><p>Figuur</p></div>'
    assert kinds(title + short + tall + "<p>Einde</p>") == []
    # the same block, small enough to have fitted, pushed over by a break: a defect
    small = (
        '<div class="keep-together" style="break-before: page">'
        '<div style="height: 60mm"></div><p>Figuur</p></div>'
    )
    assert [k for _, k, _ in kinds(title + short + small + "<p>Einde</p>")] == ["empty_page"]


def test_a_chart_that_opens_a_page_away_from_its_table_is_found() -> None:
    table = (
        '<figure class="table"><figcaption>Tabel 1</figcaption>'
        "<table><tr><td>Bruto besparing</td><td>€ 1.000</td></tr></table></figure>"
    )
    chart = (
        '<figure class="chart" style="break-inside: avoid">'
        "<figcaption>Figuur 1 Wie betaalt</figcaption>"
        '<div style="height: 100mm; background: #ccc"></div></figure>'
    )
    filler = '<div style="height: 200mm"></div><p>Tekst.</p>'  # no room for the chart
    title = "<p>Titel</p>" + '<p style="break-before: page"></p>'
    found = kinds(title + filler + table + chart + "<p>Einde</p>")
    assert [(k, t.split()[0]) for _, k, t in found] == [("chart_apart", "Figuur")]
    # kept together (what the report template does), the table moves along: no defect
    together = f'<div style="break-inside: avoid">{table}{chart}</div>'
    assert kinds(title + filler + together + "<p>Einde</p>") == []
    # a chart after text, not after a table, may open a page
    assert kinds(title + filler + "<p>Tekst.</p>" + chart + "<p>Einde</p>") == []


def _review(example: str, uncertain: bool = False, lang: str = "nl") -> list[str]:
    with language(lang):
        results = evaluate(load_model(ROOT / "examples" / example))
        simulation, tornados = analyse_uncertainty(results, draws=2000) if uncertain else (None, [])
        page = render_html(build_outline(results, None, simulation, tornados))
    return [str(p) for p in review(render_document(page))]


@pytest.mark.parametrize(
    ("example", "uncertain"),
    [("de-bilt-2019.yaml", False), ("de-bilt-2019-onzeker.yaml", True)],
)
def test_every_page_of_the_report_passes_the_review(example: str, uncertain: bool) -> None:
    assert _review(example, uncertain) == []


def test_the_other_examples_pass_the_review_too() -> None:
    for example in ("rekenvoorbeeld-meerjarig.yaml", "kostenbesparing-raster.yaml"):
        assert _review(example) == [], example
    sroi = ["sroi-lunch-club-au.yaml", *(p.name for p in (ROOT / "examples").glob("*drum*.yaml"))]
    for example in sroi:  # the SROI reports, in English
        assert _review(example, lang="en") == [], example


def _table(rows: int, kept: int = 0) -> str:
    """A table of ``rows`` rows; its last ``kept`` rows in a body that does not break."""
    body = "".join(
        ('</tbody><tbody style="break-inside: avoid">' if n == rows - kept + 1 and kept else "")
        + f"<tr><td>Regel {n}</td><td>€ {n}</td></tr>"
        for n in range(1, rows + 1)
    )
    return (
        '<figure class="table"><figcaption>Tabel 7 Besparing</figcaption><table>'
        f"<thead><tr><th>Regel</th><th>Bedrag</th></tr></thead><tbody>{body}</tbody></table>"
        "</figure>"
    )


def _at_foot(height: int) -> str:
    """A title page, then ``height`` mm of filler on page 2 (measured: 193 mm leaves room
    for the caption, header and 11 rows of :func:`_table`; 236 mm for one row)."""
    title = "<p>Titel</p>" + '<p style="break-before: page"></p>'
    return title + f'<div style="height: {height}mm"></div>'


def test_a_total_row_alone_on_the_next_page_is_found() -> None:
    found = kinds(_at_foot(193) + _table(12) + "<p>Einde</p>")
    assert [(k, t.split(" (")[0]) for _, k, t in found] == [("table_tail", "Tabel 7 Besparing")]
    assert re.search(r"\b[12] van 12 rijen", found[0][2])
    # the last three rows kept together (what the report template does): no defect
    assert kinds(_at_foot(193) + _table(12, kept=3) + "<p>Einde</p>") == []


def test_a_short_table_split_is_found() -> None:
    found = kinds(_at_foot(236) + _table(2) + "<p>Einde</p>")
    assert [k for _, k, _ in found] == ["short_table"]
    assert "2 rijen over 2 pagina's" in found[0][2]
    kept = _table(2).replace('class="table"', 'class="table" style="break-inside: avoid"')
    assert [k for _, k, _ in kinds(_at_foot(236) + kept + "<p>Einde</p>")] != ["short_table"]


def test_the_report_keeps_short_tables_and_total_rows_together() -> None:
    """The report's own template and style, with the table moved down the page mm by mm
    (so that some place would split it): never a split defect."""
    from rendement.present import Table
    from rendement.report.outline import Outline, Paragraph, TableBlock

    for rows, heights in ((2, range(215, 250, 3)), (12, range(160, 215, 4))):
        outline = Outline("nl", "Titel", [], front_matter=False)
        table = Table("Besparing", ["Regel", "Bedrag"])
        for n in range(1, rows):
            table.add([f"Regel {n}", f"€ {n}"])
        table.add(["Totaal", "€ 1"])
        outline.blocks += [TableBlock(table, 1), Paragraph("Einde")]
        page = render_html(outline)
        for height in heights:
            moved = page.replace("<body>", f'<body><div style="height: {height}mm"></div>')
            found = [p for p in review(render_document(moved)) if p.kind != "empty_page"]
            assert found == [], (rows, height)


def test_an_amount_that_touches_the_text_beside_it_is_found() -> None:
    tight = (
        '<table style="width: 60mm"><colgroup><col style="width: 10mm"><col></colgroup>'
        '<tr><td class="num" style="text-align: right; padding: 0 0.5pt">13</td>'
        '<td style="padding: 0 0.5pt">1.040 contactmomenten</td></tr></table>'
    )
    found = kinds(tight)
    assert [(k, t.split(" (")[0]) for _, k, t in found] == [
        ("crowded", "13 | 1.040 contactmomenten")
    ]
    assert kinds(tight.replace('padding: 0 0.5pt">1.040', 'padding: 0 0 0 8pt">1.040')) == []
    # two amounts side by side, both right-aligned, are no concern of this rule
    assert kinds(tight.replace("<td style", '<td class="num" style')) == []


def _de_bilt_table(title: str) -> tuple[object, str]:
    """The report's page holding only the De Bilt table with this title."""
    from rendement.report.outline import Outline, TableBlock

    full = build_outline(evaluate(load_model(ROOT / "examples" / "de-bilt-2019.yaml")))
    block = next(b for b in full.blocks if isinstance(b, TableBlock) and b.table.title == title)
    outline = Outline("nl", "t", [], front_matter=False)
    outline.blocks.append(block)
    return block, render_html(outline)


def test_a_total_row_label_fits_on_two_lines_and_amounts_keep_apart_from_text() -> None:
    from weasyprint.formatting_structure import boxes

    _, page = _de_bilt_table("Bruto besparingspotentieel · Huidige situatie")
    document = render_document(page)
    assert review(document) == []  # no crowded amount, no broken word
    cells = [
        b
        for b in _walk_page(document.pages[0]._page_box)
        if isinstance(b, boxes.TableCellBox)
        and "".join(b.element.itertext()).strip() == "Totaal Gemeente De Bilt"
    ]
    lines = [b for b in _walk_page(cells[0]) if isinstance(b, boxes.LineBox)]
    assert cells and 1 <= len(lines) <= 2
    # the amount column after the text "Aantal eenheden" and the text after an amount
    # both get the extra left padding (8pt; 6.5pt in a table set smaller)
    assert page.count('class="num gap"') >= 1 and page.count('class="gap"') >= 1


def _walk_page(box: object) -> list[object]:
    out = [box]
    for child in getattr(box, "children", ()):
        out += _walk_page(child)
    return out


def test_the_html_page_has_margins_on_screen_and_the_pdf_keeps_its_page_layout() -> None:
    """On screen the body gets padding and a readable width; in print (WeasyPrint's
    default medium, the PDF) the @page margins alone, as before."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from rendement.report.outline import Outline, Paragraph

    outline = Outline("nl", "Titel", [], front_matter=False)
    outline.blocks.append(Paragraph("Tekst."))
    page = render_html(outline)

    def body(medium: str) -> Any:
        document = HTML(string=page, media_type=medium).render()
        return next(
            b
            for b in _walk_page(document.pages[0]._page_box)
            if isinstance(b, boxes.BlockBox) and getattr(b, "element_tag", None) == "body"
        )

    screen, printed = body("screen"), body("print")
    assert screen.padding_left >= 20 and screen.padding_top >= 20  # CSS px
    assert screen.style["max_width"].value == pytest.approx(190 / 25.4 * 96)  # 190 mm
    assert printed.padding_left == 0 and printed.margin_left == 0
