"""A page review of a laid-out report: the layout rules a machine can check.

A council member stops trusting a report whose header reads "Bedra/g", whose amount runs
into the next column, or whose chart sits alone on a page that is three quarters empty.
This module reads WeasyPrint's laid-out pages (its box tree, with every line and text
fragment positioned) and lists such defects:

- ``overflow``: a text fragment that extends beyond the cell it belongs to;
- ``broken_word``: a table cell whose line break falls inside a word;
- ``empty_page``: a page filled less than half, unless it is the title page or the last
  page, or the next page starts a new chapter, or opens with a block that may not break
  (a table kept with its chart), that would not have fitted in the empty part (the page
  and that chapter or block together fill more than :data:`MERGEABLE` of a page);
- ``chart_apart``: a page that opens with a chart whose table (the one just before it in
  the text, which it draws) stayed on the page before;
- ``table_tail``: a table split so that the next page holds :data:`TAIL` rows or fewer
  (its total row alone, under a repeated header);
- ``short_table``: a table of :data:`SHORT` rows or fewer split over two pages;
- ``crowded``: a right-aligned amount whose text comes closer than :data:`GAP_MM` to the
  text of a left-aligned neighbour ("13 1.040 contactmomenten" reads as one figure).

The box tree is WeasyPrint's internal structure (``Document.pages[n]._page_box``); the
checks use only positions, sizes, text and the source element of each box.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

SHORT = 8  # rows of a table a reader expects on one page
TAIL = 2  # rows of a split table too few to stand on a page of their own
HALF = 0.5  # a page filled less than this is near-empty
MERGEABLE = 0.9  # two pages filled less than this together could have been one
GAP_MM = 2.0  # least room between an amount and the text beside it
TOLERANCE = 0.75  # CSS px: rounding in text measurement, not a visible overflow
_BREAK_AFTER = re.compile("[-/–—(\\s\u200b]$")  # a break after these is no broken word


@dataclass(frozen=True)
class LayoutProblem:
    """One defect on one page (pages counted from 1)."""

    page: int
    kind: str  # overflow, broken_word, empty_page, chart_apart, table_tail, short_table, crowded
    text: str

    def __str__(self) -> str:
        return f"pagina {self.page}: {self.kind}: {self.text}"


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _cells(page: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure import boxes

    for box in _walk(page):
        if isinstance(box, boxes.TableCellBox):
            yield box


def _lines(cell: Any) -> list[Any]:
    from weasyprint.formatting_structure import boxes

    return [b for b in _walk(cell) if isinstance(b, boxes.LineBox)]


def _texts(box: Any) -> list[Any]:
    from weasyprint.formatting_structure import boxes

    return [b for b in _walk(box) if isinstance(b, boxes.TextBox)]


def _overflows(number: int, page: Any) -> Iterator[LayoutProblem]:
    for cell in _cells(page):
        left = cell.content_box_x()
        right = left + cell.width
        for text in _texts(cell):
            if text.position_x + text.width > right + TOLERANCE or text.position_x < left - 1:
                yield LayoutProblem(number, "overflow", text.text)


def _right_aligned(cell: Any) -> bool:
    return "num" in _classes(getattr(cell, "element", None))


def _extent(cell: Any) -> tuple[float, float] | None:
    """The left and right edge of the text drawn in a cell (None when it is empty)."""
    texts = [t for t in _texts(cell) if t.text.strip()]
    if not texts:
        return None
    return min(t.position_x for t in texts), max(t.position_x + t.width for t in texts)


def _crowded(number: int, page: Any) -> Iterator[LayoutProblem]:
    from weasyprint.formatting_structure import boxes

    least = GAP_MM / 25.4 * 96  # CSS px
    for row in _walk(page):
        if not isinstance(row, boxes.TableRowBox):
            continue
        cells = sorted(
            (c for c in row.children if isinstance(c, boxes.TableCellBox)),
            key=lambda c: c.position_x,
        )
        for left, right in pairwise(cells):
            if _right_aligned(left) == _right_aligned(right):
                continue
            a, b = _extent(left), _extent(right)
            if a is not None and b is not None and b[0] - a[1] < least - TOLERANCE:
                words = [" ".join(t.text for t in _texts(c)).strip() for c in (left, right)]
                gap = (b[0] - a[1]) * 25.4 / 96
                yield LayoutProblem(number, "crowded", f"{words[0]} | {words[1]} ({gap:.1f} mm)")


def _source_words(cell: Any) -> set[str]:
    element = getattr(cell, "element", None)
    if element is None:
        return set()
    return set("".join(element.itertext()).split())


def _broken_words(number: int, page: Any) -> Iterator[LayoutProblem]:
    for cell in _cells(page):
        lines = [" ".join(t.text for t in _texts(line)).strip() for line in _lines(cell)]
        lines = [line for line in lines if line]
        if len(lines) < 2:
            continue
        words = _source_words(cell)
        for before, after in pairwise(lines):
            if _BREAK_AFTER.search(before):
                continue
            tail, head = before.split()[-1], after.split()[0]
            if tail not in words and head not in words and any(tail + head in w for w in words):
                yield LayoutProblem(number, "broken_word", f"{tail}/{head}")


def _starts_chapter(page: Any) -> bool:
    """True when the first heading-or-text box on the page is a chapter heading (h1)."""
    from weasyprint.formatting_structure import boxes

    for box in _walk(page):
        if isinstance(box, boxes.MarginBox):
            continue
        tag = getattr(box, "element_tag", None)
        if tag == "h1":
            return True
        if isinstance(box, boxes.TextBox):
            return False
    return False


UNBREAKABLE = {"keep-together", "chart", "short"}
"""Classes of the blocks the report keeps on one page (see report.css)."""


def _opening_block(page: Any) -> float:
    """The share of the page taken by the block that opens it, when that block may not
    break (a table kept with its chart, a chart, a short table); 0 otherwise."""
    from weasyprint.formatting_structure import boxes

    margin = _in_margin(page)
    top = page.content_box_y()
    for box in _walk(page):
        if id(box) in margin or not isinstance(box, boxes.BlockBox):
            continue
        if box.position_y > top + 1:
            return 0.0  # something else opens the page
        if _classes(box.element) & UNBREAKABLE:
            return float(box.margin_height() / page.height) if page.height else 0.0
    return 0.0


def _in_margin(page: Any) -> set[int]:
    from weasyprint.formatting_structure import boxes

    return {
        id(inner) for box in _walk(page) if isinstance(box, boxes.MarginBox) for inner in _walk(box)
    }


def _fill(page: Any) -> float:
    """How much of the page's content area is used, from its top to the lowest content."""
    from weasyprint.formatting_structure import boxes

    margin = _in_margin(page)
    top = page.content_box_y()
    height = page.height
    lowest = top
    for box in _walk(page):
        if id(box) in margin:
            continue
        if isinstance(box, boxes.TextBox | boxes.ReplacedBox | boxes.TableCellBox):
            lowest = max(lowest, box.position_y + box.margin_height())
    return float((lowest - top) / height) if height else 1.0


def _parents(page: Any) -> dict[Any, Any]:
    """Element → parent element, for the document the page belongs to."""
    root = next((b.element for b in _walk(page) if getattr(b, "element_tag", None) == "html"), None)
    if root is None:
        return {}
    return {child: parent for parent in root.iter() for child in parent}


def _classes(element: Any) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


def _chart_apart(number: int, page: Any, parents: dict[Any, Any]) -> Iterator[LayoutProblem]:
    from weasyprint.formatting_structure import boxes

    margin = _in_margin(page)
    first = next(
        (
            b
            for b in _walk(page)
            if id(b) not in margin
            and not isinstance(b, boxes.PageBox)
            and getattr(b, "element_tag", None) not in (None, "html", "body", "div")
        ),
        None,
    )
    element = getattr(first, "element", None)
    while element is not None and not (element.tag == "figure" and "chart" in _classes(element)):
        element = parents.get(element)
    if element is None:
        return
    parent = parents.get(element)
    siblings = list(parent) if parent is not None else []
    place = siblings.index(element) if element in siblings else 0
    before = siblings[place - 1] if place > 0 else None
    if before is not None and before.tag == "figure" and "table" in _classes(before):
        named = element.find("figcaption")
        caption = " ".join("".join((named if named is not None else element).itertext()).split())
        yield LayoutProblem(number, "chart_apart", caption)


def _caption(table: Any, parents: dict[Any, Any]) -> str:
    """The caption of a table's figure (its first words), or the table's first cell."""
    figure = parents.get(table)
    named = figure.find("figcaption") if figure is not None else None
    source = named if named is not None else table
    return " ".join(" ".join(source.itertext()).split()[:8])


def _split_tables(pages: list[Any], parents: dict[Any, Any]) -> Iterator[LayoutProblem]:
    """Tables whose body rows lie on more than one page, with too few rows on a page."""
    from weasyprint.formatting_structure import boxes

    placed: dict[Any, dict[int, int]] = {}  # table element → page → body rows on it
    for number, page in enumerate(pages, start=1):
        for group in _walk(page):
            if not isinstance(group, boxes.TableRowGroupBox) or group.is_header:
                continue
            for row in group.children:
                table = parents.get(parents.get(row.element))
                if table is not None:
                    on = placed.setdefault(table, {})
                    on[number] = on.get(number, 0) + 1
    for table, on in placed.items():
        if len(on) < 2:
            continue
        rows = sum(len(body.findall("tr")) for body in table.findall("tbody"))
        last = max(on)
        if rows <= SHORT:
            text = f"{_caption(table, parents)} ({rows} rijen over {len(on)} pagina's)"
            yield LayoutProblem(min(on), "short_table", text)
        elif on[last] <= TAIL:
            text = f"{_caption(table, parents)} ({on[last]} van {rows} rijen op deze pagina)"
            yield LayoutProblem(last, "table_tail", text)


def review(document: Any) -> list[LayoutProblem]:
    """Every checkable layout defect of a rendered WeasyPrint document."""
    problems: list[LayoutProblem] = []
    pages = [p._page_box for p in document.pages]
    parents = _parents(pages[0]) if pages else {}
    for n, page in enumerate(pages, start=1):
        problems += _overflows(n, page)
        problems += _chart_apart(n, page, parents)
        problems += _broken_words(n, page)
        problems += _crowded(n, page)
        if n == 1 or n == len(pages):
            continue  # the title page, the last page
        filled = _fill(page)
        if filled >= HALF:
            continue
        if _starts_chapter(pages[n]) and filled + _fill(pages[n]) > MERGEABLE:
            continue  # the last page of a chapter; the next one would not have fitted
        if filled + _opening_block(pages[n]) > MERGEABLE:
            continue  # the next page opens with what may not break (a table with its chart)
        problems.append(LayoutProblem(n, "empty_page", f"{filled:.0%} van de pagina gevuld"))
    problems += _split_tables(pages, parents)
    return sorted(problems, key=lambda p: p.page)
