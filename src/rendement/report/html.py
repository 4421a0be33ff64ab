"""The report as one self-contained HTML page: the source of the PDF and of the web view.

Everything is inline (styles, charts as SVG), so the page shows the same offline, in a
browser, in WeasyPrint and in an e-mail, and never loads remote content. Jinja2 escapes
every text the user wrote; only the SVG that rendement itself drew is inserted as markup.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import version
from pathlib import Path

from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup, escape

from ..files import replacing
from ..i18n import _
from ..money import currency, euro
from ..present.chartwords import FULL_NAMES
from .columns import alignment, numeric, table_class, widths
from .outline import Chart, Outline
from .svg import svg


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("rendement.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _chart(block: Chart) -> Markup:
    """The chart, and below it the whole of every name it had to shorten (see
    :mod:`rendement.present.chartwords`)."""
    drawn = Markup(svg(block.spec))
    full = (block.spec.get("usermeta") or {}).get(FULL_NAMES) or []
    if not full:
        return drawn
    return drawn + Markup('<p class="caption">{}: {}</p>').format(_("Voluit"), "; ".join(full))


PIECE = 800
"""Characters of a paragraph laid out as one piece. WeasyPrint measures the rest of a
text box for every line it breaks, so a paragraph of 20,000 characters costs time in the
square of its length; in pieces (spans, which look the same) it costs time in proportion."""


def pieces(text: str) -> Markup:
    """``text`` escaped, as spans of at most about :data:`PIECE` characters cut at spaces."""
    if len(text) <= PIECE:
        return escape(text)
    parts = []
    while len(text) > PIECE:
        cut = text.rfind(" ", PIECE // 2, PIECE)
        cut = cut + 1 if cut > 0 else PIECE
        parts.append(text[:cut])
        text = text[cut:]
    parts.append(text)
    return Markup("").join(Markup("<span>{}</span>").format(part) for part in parts)


SHORT_TABLE = 8
"""Rows of a table that is never split over two pages: a reader compares them at a glance."""
KEPT_ROWS = 3
"""The last rows of a longer table kept on one page, so that its total never stands alone
(the page review's ``table_tail`` reports a page that holds two rows or fewer of a table
that began on the page before)."""


def render_html(outline: Outline) -> str:
    """The report page for an outline built in the active language."""
    template = _environment().get_template("report.html")
    with currency(outline.currency):
        return _render(template, outline)


def _render(template: Template, outline: Outline) -> str:
    return template.render(
        outline=outline,
        version=version("rendement"),
        contents=_("Inhoud"),
        page_label=_("pagina"),
        table_word=_("Tabel"),
        figure_word=_("Figuur"),
        receipt_words={"subtotal": _("Subtotaal besparing"), "net": _("NETTO")},
        numeric=numeric,
        alignment=alignment,
        widths=widths,
        table_class=table_class,
        chart=_chart,
        pieces=pieces,
        euro=euro,
        short_table=SHORT_TABLE,
        kept_rows=KEPT_ROWS,
    )


def write_html(outline: Outline, path: str | Path) -> Path:
    """Write the page; no half-written file is ever left (see :func:`replacing`)."""
    page = render_html(outline)
    with replacing(path, ".html") as partial:
        partial.write_text(page, "utf-8")
    return Path(path)
