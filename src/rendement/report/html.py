"""The report as one self-contained HTML page: the source of the PDF and of the web view.

Everything is inline (styles, charts as SVG), so the page shows the same offline, in a
browser, in WeasyPrint and in an e-mail, and never loads remote content. Jinja2 escapes
every text the user wrote; only the SVG that rendement itself drew is inserted as markup.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.metadata import version

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..i18n import _
from ..money import euro
from ..present import Table
from .outline import Chart, Outline
from .svg import svg

NUMERIC = re.compile(r"^(-\s?)?(€\s?)?-?[\d.,]+(\s?%)?$|^—$")


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("rendement.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


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


def _chart(block: Chart) -> Markup:
    return Markup(svg(block.spec))


def render_html(outline: Outline) -> str:
    """The report page for an outline built in the active language."""
    template = _environment().get_template("report.html")
    return template.render(
        outline=outline,
        version=version("rendement"),
        contents=_("Inhoud"),
        page_label=_("pagina"),
        table_word=_("Tabel"),
        figure_word=_("Figuur"),
        receipt_words={"subtotal": _("Subtotaal besparing"), "net": _("NETTO")},
        numeric=numeric,
        widths=widths,
        chart=_chart,
        euro=euro,
    )
