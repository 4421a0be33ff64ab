"""The results tables as HTML: amount columns right-aligned and unbroken.

Written in Python rather than as a template: a De Bilt results panel has 2 400 cells, and
a template loop over them took a third of the answer to a changed number.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from ....present import Table
from ....report.columns import numeric

register = template.Library()


def _cell(tag: str, text: object, num: bool, extra: str = "") -> str:
    align = ' class="num"' if num else ""
    return f"<{tag}{extra}{align}>{escape(str(text), quote=False)}</{tag}>"


@register.filter
def table_html(table: Table) -> SafeString:
    """The table as a ``<figure>``: caption above, the numbers' columns marked ``num``
    (every filled cell an amount or a number, as in the PDF), total rows ``total``.

    Kept with the table (its cells are final text): after an edit of one number the
    panel shows the very tables of the interventions the edit did not touch, and each is
    written once (``results._same_tables``)."""
    made: tuple[Any, str] | None = vars(table).get("_html")
    if made is not None and made[0] == (table.title, len(table.rows), table.caption):
        return mark_safe(made[1])  # written by this function below
    html = _html(table)
    vars(table)["_html"] = ((table.title, len(table.rows), table.caption), str(html))
    return html


def _html(table: Table) -> SafeString:
    flags = [numeric(table, n) for n in range(len(table.columns))]
    head = "".join(
        _cell("th", c, num, ' scope="col"') for c, num in zip(table.columns, flags, strict=False)
    )
    rows = []
    for n, row in enumerate(table.rows):
        total = ' class="total"' if n in table.emphasis else ""
        cells = "".join(_cell("td", c, num) for c, num in zip(row, flags, strict=False))
        rows.append(f"<tr{total}>{cells}</tr>")
    caption = (
        f'\n  <p class="caption">{escape(str(table.caption), quote=False)}</p>'
        if table.caption
        else ""
    )
    return mark_safe(  # every text in it is escaped above
        f'<figure class="table">\n  <figcaption>{escape(str(table.title), quote=False)}'
        f"</figcaption>\n  <table>\n    <thead><tr>{head}</tr></thead>\n"
        f"    <tbody>{''.join(rows)}</tbody>\n  </table>{caption}\n</figure>"
    )
