"""References in a report's text that point at something else than this report shows.

A model that reproduces a published report carries that report's words: "zie Tabel 12,
kolom Minimum", "in onderstaande tabel", "paragrafen 4.1 … 7.1". In the report rendement
makes, Tabel 12 is another table, the table may be on the next page and the chapters have
no numbers. :func:`reference_problems` finds such references in an outline:

- "Tabel N" (or "Figuur N") that is not this report's table N under its own title — it
  must then say whose it is ("Tabel 12 van het rapport uit 2019", "Tabel 2 (2019)");
- "onderstaande tabel", "bovenstaande tabel" and the like (the page decides what is below);
- a section number ("paragraaf 4.1", "§5.2") while this report's headings carry none,
  unless it is said to be the published report's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .outline import Bullets, Chart, Heading, Paragraph, TableBlock

if TYPE_CHECKING:
    from .outline import Outline

_QUALIFIED = (
    r"(?:\s*\([^)]*\))?\s*(?:van het rapport uit \d{4}|uit \d{4}|\(\d{4}\)|of the \d{4} report)"
)
_NUMBERED = re.compile(r"\b(Tabel|Figuur|Table|Figure)\s+(\d+)\b(?!" + _QUALIFIED + ")")
_BELOW = re.compile(
    r"\b(onderstaande|bovenstaande|hieronder staande|volgende)\s+(tabel|figuur|grafiek)\b"
    r"|\b(table|figure) below\b",
    re.IGNORECASE,
)
_SECTION = re.compile(
    r"(?:\bparagra(?:af|fen)\s+|\bsections?\s+|§\s*)\d+(?:\.\d+)+(?:\s*(?:,|en|and)\s*\d+(?:\.\d+)+)*"
    r"(?!" + _QUALIFIED + ")",
    re.IGNORECASE,
)


def _texts(outline: Outline) -> Iterator[str]:
    """Every piece of running text: paragraphs, bullets, table titles and notes, cells."""
    for block in outline.blocks:
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Bullets):
            yield from block.items
        elif isinstance(block, TableBlock):
            yield block.table.title
            if block.table.caption:
                yield block.table.caption
            for row in block.table.rows:
                yield from row
        elif isinstance(block, Chart):
            yield block.title


def reference_problems(outline: Outline) -> list[str]:
    """Each reference that points at what this report does not show there, quoted."""
    tables = {b.number: b.table.title for b in outline.blocks if isinstance(b, TableBlock)}
    charts = {b.number: b.title for b in outline.blocks if isinstance(b, Chart)}
    numbered = any(
        re.match(r"\d+(\.\d+)*\s", b.text) for b in outline.blocks if isinstance(b, Heading)
    )
    problems = []
    for text in _texts(outline):
        flat = " ".join(text.split())
        for match in _NUMBERED.finditer(flat):
            kind, number = match.group(1), int(match.group(2))
            titles = tables if kind in ("Tabel", "Table") else charts
            title = titles.get(number)
            # this report's own table, named with its title in the same text
            if title is None or title not in flat:
                problems.append(_quote(flat, match))
        problems += [_quote(flat, m) for m in _BELOW.finditer(flat)]
        if not numbered:
            problems += [_quote(flat, m) for m in _SECTION.finditer(flat)]
    return problems


def _quote(text: str, match: re.Match[str]) -> str:
    start, end = max(0, match.start() - 30), min(len(text), match.end() + 30)
    return text[start:end]
