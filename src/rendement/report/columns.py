"""How a table's columns are laid out, the same in the PDF and in Word.

Amount columns are right-aligned; widths come from the text, so a fixed table layout
(fast in WeasyPrint, and what Word needs anyway) looks like an automatic one.
"""

from __future__ import annotations

import re

from ..present import Table

NUMERIC = re.compile(r"^(-\s?)?(€\s?)?-?[\d.,]+(\s?%)?$|^—$")


def numeric(table: Table, column: int) -> bool:
    """A column is right-aligned when every filled cell in it is an amount or a number."""
    cells = [row[column] for row in table.rows if row[column]]
    return bool(cells) and all(NUMERIC.match(c) for c in cells)


def widths(table: Table) -> list[float]:
    """Column widths in percent, from the longest word and the length of the text in each
    column: a fixed table layout with these widths looks like an automatic one and lays
    out many times faster in WeasyPrint."""
    weights = []
    for n, header in enumerate(table.columns):
        cells = [header, *(row[n] for row in table.rows)]
        longest_word = max(len(w) for c in cells for w in (c.split() or [""]))
        typical = sorted(len(c) for c in cells)[int(0.9 * (len(cells) - 1))]
        weights.append(max(longest_word + 2.5, min(typical, 45)))
    total = sum(weights)
    return [round(100 * w / total, 2) for w in weights]
