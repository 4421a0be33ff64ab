"""A Word report (.docx) a municipality can edit further: real headings, real tables.

It draws the same :class:`~rendement.report.outline.Outline` as the PDF, so both carry the
same chapters, tables and figures; charts are embedded as PNG pictures (Word has no
Vega-Lite), receipts as ruled two-column tables in a fixed-width font. Table headers repeat on
each page a table runs over; the document properties are this report's, none of the
template's.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from ..files import replacing
from ..i18n import _
from ..money import currency, euro
from ..present import Table
from ..present.receipt import Receipt
from ..text import xml_safe_all
from .columns import numeric, table_class, widths
from .outline import (
    Bullets,
    Chart,
    Heading,
    Outline,
    PageBreak,
    Paragraph,
    ReceiptBlock,
    TableBlock,
)
from .svg import png
from .wordfields import (
    document_language,
    page_numbers,
    repeat_header,
    report_properties,
    table_of_contents,
)

TEXT_WIDTH_CM = 17.0  # A4 with 2 cm margins


def _cell(cell: Any, text: str, size: float, bold: bool, right: bool) -> None:
    cell.text = text
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.bold = bold


def _table(document: DocumentType, table: Table, number: int, keep: bool = False) -> None:
    """A numbered table; with ``keep``, every paragraph of it keeps with the next, so the
    chart that follows (and draws it) starts on the same page (Word's "keep with next")."""
    caption = document.add_paragraph(f"{_('Tabel')} {number} {table.title}", style="Caption")
    caption.paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Light List Accent 1"
    grid.autofit = False
    size = {"": 8.5, "wide": 7.5}.get(table_class(table), 6.5)
    right = [numeric(table, n) for n in range(len(table.columns))]
    for column, (cell, text) in enumerate(zip(grid.rows[0].cells, table.columns, strict=True)):
        _cell(cell, text, size, True, right[column])
    repeat_header(grid.rows[0])
    for n, row in enumerate(table.rows):
        cells = grid.add_row().cells
        for column, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell(cell, text, size, n in table.emphasis, right[column])
    for column, percent in zip(grid.columns, widths(table), strict=True):
        column.width = Cm(TEXT_WIDTH_CM * percent / 100)  # the grid LibreOffice reads
        for cell in column.cells:
            cell.width = column.width  # the cell widths Word reads
    if keep:
        for row in grid.rows:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    if table.caption:
        note = document.add_paragraph(table.caption)
        note.paragraph_format.keep_with_next = keep
        for run in note.runs:
            run.font.size = Pt(8)


def _chart(document: DocumentType, chart: Chart) -> None:
    caption = document.add_paragraph(f"{_('Figuur')} {chart.number} {chart.title}", style="Caption")
    caption.paragraph_format.keep_with_next = True  # with its picture
    document.add_picture(io.BytesIO(png(chart.spec)), width=Cm(14))


def _receipt(document: DocumentType, bon: Receipt) -> None:
    """A receipt as a ruled table: a head over both columns, then each line with its
    amount and, below it, how it is made; subtotal and net in bold. The rules make the
    columns readable when the receipt is edited or printed without its fixed-width font."""
    head = [bon.title, bon.subtitle, *bon.header]
    rows: list[tuple[str, str, str]] = [(text, "", "head") for text in head if text]
    for item in [*bon.savings]:
        rows.append((item.label, item.shown, ""))
        if item.detail:
            rows.append((item.detail, "", "detail"))
    rows.append((_("Subtotaal besparing"), euro(bon.subtotal), "total"))
    for item in bon.costs:
        rows.append((item.label, item.shown, ""))
        if item.detail:
            rows.append((item.detail, "", "detail"))
    rows.append((_("NETTO"), euro(bon.net), "total"))
    rows += [(f, "", "head") for f in bon.footer]
    grid = document.add_table(rows=0, cols=2)
    grid.style = "Table Grid"  # ruled: every cell has its borders
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for n, (left, right, kind) in enumerate(rows):
        cells = grid.add_row().cells
        if kind in ("head", "detail"):
            cell = cells[0].merge(cells[1])
            cells = [cell]
            texts = [left]
        else:
            texts = [left, right]
        for cell, text in zip(cells, texts, strict=True):
            cell.text = text
            paragraph = cell.paragraphs[0]
            form = paragraph.paragraph_format
            form.space_after = Pt(0)  # a till receipt is dense
            form.keep_with_next = n < len(rows) - 1  # and not split over two pages
            if kind == "head":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif kind == "detail":
                form.left_indent = Pt(8)
            for run in paragraph.runs:
                run.font.name = "Courier New"
                run.font.size = Pt(8 if kind == "detail" else 9)
                run.bold = kind == "total" or (kind == "head" and n == 0)
                run.italic = kind == "detail"
        if len(cells) == 2:
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, width in zip(grid.columns, (Cm(7.5), Cm(3)), strict=True):
        for cell in column.cells:
            cell.width = width
    document.add_paragraph()


def write_document(outline: Outline, path: str | Path) -> Path:
    """Write the report as .docx (written to a temporary name, then renamed).

    Every text passes :func:`xml_safe_all` first: python-docx stops on a character XML
    cannot hold (a NUL, an escape), and the loader is not the only way a text comes in."""
    outline = xml_safe_all(outline)
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    body = document.styles["Normal"]
    body.font.name = "Calibri"
    body.font.size = Pt(10)
    report_properties(
        document,
        title=outline.title,
        language=document_language(document, outline.language),
        author=", ".join(outline.authors) or "rendement",
        subject=outline.subject or "",
        comments=_("Gemaakt met het programma rendement"),
    )
    page_numbers(document, _("Pagina"))
    document.add_heading(outline.title, level=0)
    for line in outline.title_lines:
        document.add_paragraph(line)
    if outline.front_matter:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        entries = [(b.level, b.text) for b in outline.blocks if isinstance(b, Heading)]
        table_of_contents(
            document,
            _("Inhoud"),
            [(level, text) for level, text in entries if level <= 2],
            _("Paginanummers in de inhoudsopgave: rechtsklik en kies 'Veld bijwerken' (F9)."),
        )
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for n, block in enumerate(outline.blocks):
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, TableBlock):
            following = outline.blocks[n + 1] if n + 1 < len(outline.blocks) else None
            _table(document, block.table, block.number, keep=isinstance(following, Chart))
        elif isinstance(block, Chart):
            _chart(document, block)
        elif isinstance(block, ReceiptBlock):
            with currency(outline.currency):
                for bon in block.receipts:
                    _receipt(document, bon)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    with replacing(path, ".docx") as partial:
        document.save(str(partial))
    return Path(path)
