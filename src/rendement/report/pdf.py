"""The report as PDF: WeasyPrint lays out the same HTML page, with A4 pages and numbers.

WeasyPrint is given a URL fetcher that refuses everything, so a report can never embed
remote (or local) content by way of a link somebody put in a model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .html import render_html
from .outline import Outline


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"een rapport haalt geen inhoud van buiten op ({url})")


def pdf_bytes(outline: Outline) -> bytes:
    from weasyprint import HTML

    document = HTML(string=render_html(outline), url_fetcher=_no_fetching, base_url=".")
    data: bytes = document.write_pdf()
    return data


def write_pdf(outline: Outline, path: str | Path) -> Path:
    """Write the PDF (to a temporary name first, so no half-written file is ever left)."""
    target = Path(path)
    partial = target.with_name(target.name + ".deel.pdf")
    partial.write_bytes(pdf_bytes(outline))
    partial.replace(target)
    return target
