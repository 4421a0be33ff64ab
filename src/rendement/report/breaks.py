"""Which chapter breaks a report lets go, so that no page before a chapter is half empty.

Every chapter of a report starts on a new page (``div.page-break`` before its heading).
When the chapter before ends in a few lines at the top of a page, that page stays three
quarters empty. Such a break is made *soft* (``.page-break.soft``: no break, some space):
the chapter then starts on that page, its heading kept with its text.

Which breaks to let go depends on the layout, and letting one go moves every chapter after
it. One layout is measured (how long each chapter is, in pages), the whole sequence is
planned from those lengths and laid out again; the estimate (a table kept together moves
more than its length) is corrected by planning again from the new layout (see
:func:`rendement.report.pdf.render_document`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .review import HALF, _classes, _fill, _in_margin, _walk

SOFT_SPACE = 0.02  # of a page: the space a soft break leaves above the chapter heading


@dataclass(frozen=True)
class Chapter:
    """A stretch of pages that starts with a forced break (``name``) or with the report."""

    name: str | None  # the id of the break before it; None for the first stretch
    pages: int
    last_fill: float  # how full its last page is

    @property
    def length(self) -> float:
        """Its length in pages: every page but the last counted full."""
        return self.pages - 1 + self.last_fill


def _opening_break(page: Any) -> str | None:
    """The id of the forced break a page opens with, if it opens with one."""
    from weasyprint.formatting_structure import boxes

    margin = _in_margin(page)
    for box in _walk(page):
        if id(box) in margin:
            continue
        element = getattr(box, "element", None)
        classes = _classes(element)
        if element is not None and "page-break" in classes and "soft" not in classes:
            return str(element.get("id") or "") or None
        if isinstance(box, boxes.TextBox | boxes.ReplacedBox):
            return None  # the page opens with content
    return None


def chapters(document: Any) -> list[Chapter]:
    """The document cut at its forced breaks, with each stretch's pages and last fill."""
    pages = [p._page_box for p in document.pages]
    out: list[Chapter] = []
    name: str | None = None
    start = 0
    for n in range(1, len(pages) + 1):
        opening = _opening_break(pages[n]) if n < len(pages) else None
        if n == len(pages) or opening is not None:
            out.append(Chapter(name, n - start, _fill(pages[n - 1])))
            name, start = opening, n
    return out


def planned_soft_breaks(document: Any) -> list[str]:
    """Every break to let go, planned from the chapters' lengths in one layout: a chapter
    starts on the page where the one before ends when that page is less than half full."""
    stretches = chapters(document)
    if not stretches:
        return []
    soft = []
    level = stretches[0].last_fill  # how full the page is where the text stands
    for chapter in stretches[1:]:
        if chapter.name is not None and level < HALF:
            soft.append(chapter.name)
            end = level + SOFT_SPACE + chapter.length
            level = end - int(end) if end > 1 else end  # where it ends, on its last page
            level = level or 1.0
        else:
            level = chapter.last_fill
    return soft
