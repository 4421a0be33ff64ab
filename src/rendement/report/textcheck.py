"""Text checks: the wording defects a reader of a report notices, found by a program.

A council member stumbles over "160 contactmoment", a list id such as
``mbc-de-bilt-2019`` in a table, "berekend door rendement" (read as *berekend door het
rendement*: by the return), an English field name in parentheses (``(hours_per_week)``), a
price per ``dag`` in the tables that the tariff table only gives per ``dagdeel``. Word
readers stumble over tables whose header does not repeat on the next page, receipts
without rules, a table of contents listing the same heading four times and file
properties that say the report was made in 2013 on a Mac.

Each check takes what a report is made of — the outline's texts, the HTML, the .docx —
and returns :class:`Problem` s; an empty list means the report passes.
:func:`check_report` runs them all over one report (outline, HTML and Word). They are plain
functions so a test (``tests/test_report_words.py``) or a later review of all reports
can run them over any report, and each has a fixture that provokes it.
"""

from __future__ import annotations

import html as html_module
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from ..engine import Results
from ..present.tables import Table, conversion_text
from ..prices.units import ENGLISH_PLURALS, SINGULAR_TO_PLURAL, normalise
from ..uncertainty import Sensitivity, Simulation
from .outline import Bullets, Chart, Heading, Outline, Paragraph, ReceiptBlock, TableBlock


@dataclass(frozen=True)
class Problem:
    check: str  # plural, list_id, wording, field_name, conversion, header, receipt, toc, properties
    where: str  # "Tabel 3", "tekst", "docx"
    text: str  # the words that show the problem, with a little context

    def __str__(self) -> str:
        return f"[{self.check}] {self.where}: {self.text}"


# ------------------------------------------------------------------ texts of a report


def outline_texts(outline: Outline) -> list[tuple[str, str]]:
    """Every text a reader sees in the outline, with where it stands: headings,
    paragraphs, bullets, each table's title, columns, cells and note, chart titles and
    every line of each receipt."""
    out: list[tuple[str, str]] = [("titel", outline.title)]
    out += [("titelpagina", line) for line in outline.title_lines]
    for block in outline.blocks:
        if isinstance(block, Heading):
            out.append(("kop", block.text))
        elif isinstance(block, Paragraph):
            out.append(("tekst", block.text))
        elif isinstance(block, Bullets):
            out += [("opsomming", item) for item in block.items]
        elif isinstance(block, TableBlock):
            out += _table_texts(block.table, f"Tabel {block.number}")
        elif isinstance(block, Chart):
            out.append((f"Figuur {block.number}", block.title))
        elif isinstance(block, ReceiptBlock):
            for bon in block.receipts:
                where = f"kassabon {bon.title}"
                out += [(where, t) for t in (bon.title, bon.subtitle, *bon.header, *bon.footer)]
                for line in [*bon.savings, *bon.costs]:
                    out += [(where, line.label), (where, line.detail)]
    return [(where, text) for where, text in out if text]


def _table_texts(table: Table, where: str) -> list[tuple[str, str]]:
    texts = [table.title, *table.columns, *(cell for row in table.rows for cell in row)]
    if table.caption:
        texts.append(table.caption)
    return [(where, text) for text in texts]


def html_texts(page: str) -> list[tuple[str, str]]:
    """The visible text of an HTML report, one entry per element's text (style and
    script left out; the zero-width spaces that let paths wrap removed)."""
    body = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", page)
    parts = re.split(r"<[^>]+>", body)
    texts = [html_module.unescape(p).replace("\u200b", "").strip() for p in parts]
    return [("html", " ".join(t.split())) for t in texts if t]


def docx_texts(path: str | Path) -> list[tuple[str, str]]:
    """Every paragraph and table cell of a .docx (headers and footers left out)."""
    from docx import Document

    document = Document(str(path))
    out = [("docx", p.text) for p in document.paragraphs]
    for n, table in enumerate(document.tables, 1):
        for row in table.rows:
            out += [(f"docx-tabel {n}", cell.text) for cell in row.cells]
    return [(where, text.replace("\u200b", "")) for where, text in out if text.strip()]


# ------------------------------------------------------------------ checks on words

MEASURE_WORDS = frozenset({"uur", "jaar", "kilometer", "keer", "euro", "procent"})
"""Dutch measure words that may stay singular after a number (``24 uur per week``)."""

_NUMBER = r"(?<![\w.,])(\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?)"
_CURRENCY_BEFORE = re.compile(r"[€£$]\s?$|[A-Z]{3}\s$")


def _value(text: str, language: str) -> float:
    """A shown number as a value: ``1.040`` is 1040 in Dutch, ``1,040`` in English."""
    thousands, decimal = (".", ",") if language == "nl" else (",", ".")
    return float(text.replace(thousands, "").replace(decimal, "."))


def unpluralised_units(texts: Iterable[tuple[str, str]], language: str) -> list[Problem]:
    """A count above 1 followed by a unit in the singular: ``160 contactmoment``,
    ``3 session``. Dutch measure words (``24 uur``, ``5 jaar``) may stay singular; an
    amount of money (``€ 55 per contactmoment``) is no count."""
    if language == "nl":
        words = sorted((set(SINGULAR_TO_PLURAL) | set(ENGLISH_PLURALS)) - MEASURE_WORDS)
    else:
        words = sorted(set(ENGLISH_PLURALS) - {"euro"})
    pattern = re.compile(_NUMBER + r"\s+(" + "|".join(map(re.escape, words)) + r")(?![\w-])")
    problems = []
    for where, text in texts:
        for match in pattern.finditer(text):
            if _CURRENCY_BEFORE.search(text[: match.start()]):
                continue
            try:
                amount = _value(match.group(1), language)
            except ValueError:
                continue
            if amount > 1:
                problems.append(Problem("plural", where, _context(text, match)))
    return problems


def list_ids(texts: Iterable[tuple[str, str]], ids: Iterable[str]) -> list[Problem]:
    """A price list's id where its name belongs (``mbc-de-bilt-2019``). Only ids that
    look like ids (a hyphen, an underscore or a digit) are sought: the list
    ``vrijwilligerswerk`` is also a word of the model's texts."""
    wanted = [i for i in ids if i and re.search(r"[-_\d]", i)]
    if not wanted:
        return []
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, wanted)) + r")(?![\w-])")
    return [
        Problem("list_id", where, _context(text, match))
        for where, text in texts
        for match in pattern.finditer(text)
    ]


AMBIGUOUS = (
    "berekend door rendement",
    "door rendement berekend",
    "rendement berekent",
    "over de kolommen",
    "computed by rendement",
    "rendement computes",
    "across the columns",
)
"""Wording a reader misreads: *rendement* is also the Dutch word for return, and "over
de kolommen" is jargon of the method's spreadsheet, not of a report."""


def ambiguous_wording(texts: Iterable[tuple[str, str]]) -> list[Problem]:
    """Phrases from :data:`AMBIGUOUS`, in any case."""
    pattern = re.compile("|".join(map(re.escape, AMBIGUOUS)), re.IGNORECASE)
    return [
        Problem("wording", where, _context(text, match))
        for where, text in texts
        for match in pattern.finditer(text)
    ]


MODEL_FIELDS = frozenset(
    {"reach", "share", "cases", "units", "amount", "quantity", "attribution", "displacement"}
)
"""Field names of the model format without an underscore: foreign in a Dutch report."""


def field_names(texts: Iterable[tuple[str, str]], language: str) -> list[Problem]:
    """A field name of the model format in parentheses after a description:
    ``uren per week (hours_per_week)``; in a Dutch report also ``(reach)``."""
    single = "|".join(sorted(MODEL_FIELDS)) if language == "nl" else "(?!)"
    pattern = re.compile(r"\((?:[a-z]+(?:_[a-z0-9]+)+|" + single + r")\)")
    return [
        Problem("field_name", where, _context(text, match))
        for where, text in texts
        for match in pattern.finditer(text)
    ]


def missing_conversions(results: Results, texts: Iterable[tuple[str, str]]) -> list[Problem]:
    """Every price used per another unit than its list's (``dag`` with a price per
    ``dagdeel``) must appear with its calculation: ``€ 70,38 per dag = 2 × € 35,19 per
    dagdeel``. Call in the report's language and currency (as the report was made)."""
    joined = " ".join(" ".join(text.split()) for _where, text in texts)
    problems = []
    seen = set()
    for intervention in results.interventions:
        for ev in intervention.evaluations:
            for line in ev.effects:
                used = line.price_used
                if used is None or used.unit_factor == 1.0:
                    continue
                key = (used.id, normalise(line.unit), round(line.price, 6))
                if key in seen:
                    continue
                seen.add(key)
                expected = " ".join(conversion_text(line).split())
                if expected not in joined:
                    problems.append(Problem("conversion", "tarieventabel", expected))
    return problems


def duplicate_headings(outline: Outline, levels: int = 2) -> list[Problem]:
    """Headings a table of contents lists (levels 1–``levels``) that occur more than once:
    the contents would show the same line several times."""
    counts = Counter(b.text for b in outline.blocks if isinstance(b, Heading) and b.level <= levels)
    return [Problem("toc", "inhoud", f"{text} ({n}×)") for text, n in counts.items() if n > 1]


def _context(text: str, match: re.Match[str], room: int = 30) -> str:
    start, end = max(0, match.start() - room), min(len(text), match.end() + room)
    return text[start:end].strip()


def check_texts(
    texts: list[tuple[str, str]], language: str, ids: Iterable[str] = ()
) -> list[Problem]:
    """The checks that need only the words: plurals, list ids, ambiguous wording and
    field names."""
    return [
        *unpluralised_units(texts, language),
        *list_ids(texts, ids),
        *ambiguous_wording(texts),
        *field_names(texts, language),
    ]


def price_list_ids(results: Results) -> list[str]:
    """The ids of every bundled price list and of the lists the case uses."""
    from ..prices import bundled_lists

    return sorted({*bundled_lists(), *(p.info.id for p in results.model.book.lists)})


def check_outline(outline: Outline, results: Results) -> list[Problem]:
    """All word checks over an outline, with the tariff conversions and the headings a
    table of contents lists. Run it in the outline's language and currency."""
    texts = outline_texts(outline)
    return [
        *check_texts(texts, outline.language, price_list_ids(results)),
        *missing_conversions(results, texts),
        *duplicate_headings(outline),
    ]


# ------------------------------------------------------------------ checks on Word

TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)
"""When python-docx's default template was made: a report never has this date."""


def check_docx(path: str | Path) -> list[Problem]:
    """Word-specific checks: every table with a header row repeats it on each page
    (``w:tblHeader``); a receipt (a table that opens with one cell over both columns) is
    ruled; the table of contents lists each heading once; the document properties are
    the report's own, none of the template's."""
    from docx import Document

    document = Document(str(path))
    problems = []
    for n, table in enumerate(document.tables, 1):
        first = table.rows[0]
        cells = {id(cell._tc) for cell in first.cells}
        if len(cells) == 1:  # a receipt: its head spans the table
            if not _ruled(table):
                problems.append(Problem("receipt", f"docx-tabel {n}", first.cells[0].text))
            continue
        if len(table.rows) > 1 and first._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            problems.append(Problem("header", f"docx-tabel {n}", first.cells[0].text))
    entries = _toc_entries(document)
    for text, count in Counter(entries).items():
        if count > 1:
            problems.append(Problem("toc", "docx-inhoud", f"{text} ({count}×)"))
    problems += _properties(document, Path(path))
    return problems


def _ruled(table: Any) -> bool:
    """Whether a table draws its rules: a style with borders, or borders of its own."""
    style = getattr(table, "style", None)
    name = getattr(style, "name", "") or ""
    tbl = table._tbl
    own = tbl.tblPr.find(qn("w:tblBorders"))
    if own is not None:
        return True
    element = getattr(style, "element", None)
    styled = element is not None and element.find(f".//{qn('w:tblBorders')}") is not None
    return styled or name == "Table Grid"


def _toc_entries(document: Any) -> list[str]:
    """The texts between a TOC field's start and its end: the shown contents."""
    entries: list[str] = []
    inside = False
    for paragraph in document.paragraphs:
        p = paragraph._p
        instruction = "".join(t.text or "" for t in p.iter(qn("w:instrText")))
        if "TOC" in instruction:
            inside = True
        if inside and paragraph.text.strip():
            entries.append(paragraph.text.strip())
        ends = [m for m in p.iter(qn("w:fldChar")) if m.get(qn("w:fldCharType")) == "end"]
        if inside and ends and "TOC" not in instruction:
            inside = False
    return entries


def _properties(document: Any, path: Path) -> list[Problem]:
    core = document.core_properties
    problems = []

    def stale(text: str) -> None:
        problems.append(Problem("properties", "docx-eigenschappen", text))

    created, modified = core.created, core.modified
    if created is None or created.replace(tzinfo=None) == TEMPLATE_CREATED:
        stale(f"created {created}")
    if modified is None or modified.replace(tzinfo=None) == TEMPLATE_CREATED:
        stale(f"modified {modified}")
    if not core.author or core.author == "python-docx":
        stale(f"author {core.author!r}")
    if not core.last_modified_by or core.last_modified_by == "python-docx":
        stale(f"last_modified_by {core.last_modified_by!r}")
    if core.last_printed is not None:
        stale(f"last_printed {core.last_printed}")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        app = (
            archive.read("docProps/app.xml").decode("utf-8") if "docProps/app.xml" in names else ""
        )
    if "Microsoft" in app or "Normal.dotm" in app:
        found = re.findall(r"<(Application|Template)>([^<]*)<", app)
        stale("app.xml: " + "; ".join(f"{key} {value}" for key, value in found))
    if any(name.startswith("docProps/thumbnail") for name in names):
        stale("thumbnail of the template")
    return problems


# ------------------------------------------------------------------ a whole report


def check_report(
    results: Results,
    language: str = "nl",
    simulation: Simulation | None = None,
    sensitivities: list[Sensitivity] | None = None,
) -> list[Problem]:
    """Every check over one report as the CLI makes it: its outline, its HTML page and
    its Word file (written to a temporary directory), in ``language`` and the case's
    currency. Empty when the report passes."""
    import tempfile

    from ..i18n import language as in_language
    from ..money import currency
    from .document import write_document
    from .html import render_html
    from .outline import build_outline

    ids = price_list_ids(results)
    with in_language(language), currency(results.currency):
        outline = build_outline(results, simulation=simulation, sensitivities=sensitivities)
        problems = check_outline(outline, results)
        page = html_texts(render_html(outline))
        problems += check_texts(page, language, ids) + missing_conversions(results, page)
        with tempfile.TemporaryDirectory() as folder:
            path = write_document(outline, Path(folder) / "report.docx")
            words = docx_texts(path)
            problems += check_texts(words, language, ids) + missing_conversions(results, words)
            problems += check_docx(path)
    return problems
