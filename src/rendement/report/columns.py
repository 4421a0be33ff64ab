"""How a table's columns are laid out, the same in the PDF and in Word.

Amount columns are right-aligned; widths come from the text, so a fixed table layout
(fast in WeasyPrint, and what Word needs anyway) looks like an automatic one.
"""

from __future__ import annotations

import re

from ..present import Table

NUMERIC = re.compile(r"^(-\s?)?([A-Z]{0,2}[€£$]\s?|[A-Z]{3}\s)?-?[\d.,]+(\s?%)?$|^—$")
"""An amount (``€ 98.072``, ``-£14,969``, ``A$27,815``, ``CHF 1.200``), a number or a
percentage."""


def numeric(table: Table, column: int) -> bool:
    """A column is right-aligned when every filled cell in it is an amount or a number."""
    cells = [row[column] for row in table.rows if row[column]]
    return bool(cells) and all(NUMERIC.match(c) for c in cells)


TEXT_WIDTH_MM = 174.0  # A4 (210 mm) less the report's 18 mm margins
_PT = 0.3528  # mm per point
_CHAR = 0.62  # average width of a DejaVu Sans character (digits, lower case), in em


SIZES = {"": (8.3, 4.0), "wide": (7.3, 2.5), "widest": (6.3, 1.5)}
"""Table class → (font size, cell padding on each side) in points, as in report.css."""
GAP = 4.0
"""Extra left padding in points of a cell whose alignment differs from the cell before it
(a right-aligned amount after text, or text after an amount), as in report.css: two
columns' paddings alone put "13" and "1.040 contactmomenten" 1.8 mm apart, which reads
as "13 1.040 contactmomenten"."""
COMFORTABLE = 24
"""Characters of a line beyond which a text cell may take more than two lines."""
BOLD = 1.1  # a bold text (a total row) is about this much wider than regular text


def gapped(table: Table) -> list[bool]:
    """Per column: does it get the extra left padding :data:`GAP`?"""
    kinds = [numeric(table, n) for n in range(len(table.columns))]
    return [n > 0 and kinds[n] != kinds[n - 1] for n in range(len(kinds))]


def table_class(table: Table) -> str:
    """The CSS class of a table: smaller type when its columns need it (see ``SIZES``).

    Tables of more than six columns are set smaller; a table whose unbreakable words do
    not fit even then is set smaller still, so that no word has to break.
    """
    start = 1 if len(table.columns) > 6 else 0
    for name in list(SIZES)[start:]:
        if sum(_minimum(table, name)) <= TEXT_WIDTH_MM:
            return name
    return "widest"


def _layout(name: str) -> tuple[float, float]:
    """(width of one character, padding of a cell) in mm, for a table class."""
    size, padding = SIZES[name]
    return size * _CHAR * _PT, 2 * padding * _PT


def alignment(table: Table) -> list[str]:
    """Per column, the CSS class of its cells: "num" (right-aligned), "gap" (extra left
    padding, see :data:`GAP`), both, or none."""
    return [
        " ".join(c for c, on in (("num", numeric(table, n)), ("gap", gap)) if on)
        for n, gap in enumerate(gapped(table))
    ]


def _minimum(table: Table, name: str) -> list[float]:
    """Per column, in mm: what cannot wrap in it (a word, a bold header word, an amount)."""
    char, padding = _layout(name)
    out = []
    for n, (header, gap) in enumerate(zip(table.columns, gapped(table), strict=True)):
        cells = [row[n] for row in table.rows]
        unbreakable = cells if numeric(table, n) else [w for c in cells for w in _tokens(c)]
        # an amount may be a total's, set bold (and "A$990,000" is wider than its digits)
        longest = max([len(w) for w in unbreakable] or [0]) * (BOLD if numeric(table, n) else 1.0)
        header_word = max(len(w) for w in _tokens(header)) * 1.25  # bold, capitals
        extra = GAP * _PT if gap else 0.0
        out.append(max(longest, header_word) * char + padding + extra + 1.0)  # 1 mm to spare
    return out


def _two_lines(text: str) -> int:
    """Characters of the longer line when ``text`` is broken into two lines at the best
    word boundary (the whole text when it has one word)."""
    words = _tokens(text)
    best = len(text)
    for n in range(1, len(words)):
        best = min(best, max(len(" ".join(words[:n])), len(" ".join(words[n:]))))
    return best


def _comfortable(table: Table, name: str) -> list[float]:
    """Per column, in mm: at least its minimum, and room for every text cell and header on
    two lines at most ("Totaal Gemeente De Bilt" in a bold total row, a header of three
    words), which a table gets when all its columns have that room."""
    char, padding = _layout(name)
    out = []
    for n, (least, header) in enumerate(zip(_minimum(table, name), table.columns, strict=True)):
        lines = [_two_lines(header) * 1.25]
        if not numeric(table, n):
            lines += [
                _two_lines(row[n]) * (BOLD if k in table.emphasis else 1.0)
                for k, row in enumerate(table.rows)
            ]
        extra = GAP * _PT if gapped(table)[n] else 0.0
        line = min(max(lines), COMFORTABLE)  # a description may take more lines
        out.append(max(least, line * char + padding + extra + 1.0))
    return out


def _tokens(text: str) -> list[str]:
    """What cannot wrap: words, split at spaces and at zero-width spaces (never at the
    non-breaking space between a currency sign and its amount)."""
    return re.split(r"[ \t\n\u200b]+", text.strip(" \t\n\u200b")) if text.strip() else [""]


def widths(table: Table) -> list[float]:
    """Column widths in percent: every column at least as wide as what cannot wrap in it
    (its longest word, a header word in bold, a whole amount), the rest of the width in
    proportion to the text. A fixed table layout with these widths looks like an
    automatic one, lays out many times faster in WeasyPrint, and never breaks a word."""
    name = table_class(table)
    char, padding = _layout(name)
    minimum = _minimum(table, name)
    comfortable = _comfortable(table, name)
    if sum(comfortable) <= TEXT_WIDTH_MM:
        minimum = comfortable  # no text cell on more than two lines, when there is room
    desired = []
    for n, (header, gap) in enumerate(zip(table.columns, gapped(table), strict=True)):
        cells = [row[n] for row in table.rows]
        typical = sorted(len(c) for c in [header, *cells])[int(0.9 * len(cells))]
        spacing = GAP * _PT if gap else 0.0
        desired.append(max(minimum[n], min(typical, 45) * char + padding + spacing))
    room = TEXT_WIDTH_MM
    if sum(desired) <= room:
        shares = desired
    elif sum(minimum) < room:
        extra = [d - m for d, m in zip(desired, minimum, strict=True)]
        spare = (room - sum(minimum)) / sum(extra)
        shares = [m + e * spare for m, e in zip(minimum, extra, strict=True)]
    else:
        shares = minimum  # too many columns for the page: the page review reports it
    total = sum(shares)
    return [round(100 * s / total, 2) for s in shares]
