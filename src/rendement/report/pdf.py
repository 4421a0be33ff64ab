"""The report as PDF: WeasyPrint lays out the same HTML page, with A4 pages and numbers.

WeasyPrint is given a URL fetcher that refuses everything, so a report can never embed
remote (or local) content by way of a link somebody put in a model.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..files import replacing
from .html import render_html
from .outline import Outline


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"een rapport haalt geen inhoud van buiten op ({url})")


LAYOUTS = 4
"""Layouts at most of one report: the first, and each with the breaks it let go."""
PLANNED_PAGES = 60
"""Reports longer than this keep every chapter break: each layout of a long report costs
seconds (about 7 s CPU for 100 pages), and any accepted case must render within 15 s
(issue 21); a few part-empty pages weigh little in a document that long. A page count,
not a clock, so the same model gives the same PDF on any machine."""


def render_document(page: str) -> Any:
    """Lay out a report page as A4 pages (a WeasyPrint document, for the PDF or a review).

    Each chapter starts on a new page, unless that leaves the page before it less than
    half full: then that break is let go and the chapter starts on that page, its heading
    kept with its text (:mod:`rendement.report.breaks`). The breaks to let go are planned
    from a layout's chapter lengths and planned again from the new layout until no page
    before a chapter is less than half full (at most :data:`LAYOUTS` layouts; a report of
    more than :data:`PLANNED_PAGES` pages keeps its breaks).
    """
    from .breaks import planned_soft_breaks

    document = _layout(page)
    if len(document.pages) > PLANNED_PAGES:
        return document
    for _again in range(LAYOUTS - 1):
        soft = planned_soft_breaks(document)
        if not soft:
            break
        for name in soft:
            page = page.replace(
                f'<div class="page-break" id="{name}">',
                f'<div class="page-break soft" id="{name}">',
            )
        document = _layout(page)
    return document


def _layout(page: str) -> Any:
    from weasyprint import HTML

    quiet = logging.getLogger("weasyprint")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # a note about its font subsetter is no news for a user
    try:
        return HTML(string=page, url_fetcher=_no_fetching, base_url=".").render()
    finally:
        quiet.setLevel(level)


def html_to_pdf(page: str) -> tuple[bytes, int]:
    """Lay out a report page as A4 pages: the PDF and its number of pages."""
    document = render_document(page)
    quiet = logging.getLogger("weasyprint")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        data: bytes = document.write_pdf()
    finally:
        quiet.setLevel(level)
    return data, len(document.pages)


def pdf_bytes(outline: Outline) -> bytes:
    return html_to_pdf(render_html(outline))[0]


def write_pdf(outline: Outline, path: str | Path) -> Path:
    """Write the PDF; no half-written file is ever left (see :func:`replacing`)."""
    data = pdf_bytes(outline)
    with replacing(path, ".pdf") as partial:
        partial.write_bytes(data)
    return Path(path)
