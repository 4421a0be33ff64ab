"""The table a team fills in: its headings in Dutch or English, three invented example
rows, and (in Excel) a sheet that says what each column holds. What rendement writes, it
reads back (a test checks it)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..i18n import _, active
from .layout import COLUMNS

ATTRIBUTES = {"nl": ["hulpvraag", "wijk"], "en": ["request", "neighbourhood"]}
"""Two attributes to group by, as an example; a team adds or renames its own."""

EXAMPLE = [
    # case, request, neighbourhood, item, kind, before, after, attribution, probability
    ("*", "", "", "huisarts_contact", "", "", "", "50%", ""),
    ("VB-001", "eenzaamheid", "Centrum", "huisarts_contact", "effect", 12, 4, "", ""),
    ("VB-001", "eenzaamheid", "Centrum", "uur_sociaal_werker", "investering", "", 30, "", ""),
    ("VB-002", "schulden", "Noord", "huisarts_contact", "effect", 6, "onbekend", "", ""),
]
"""Invented rows that show the layout: a default row (``*``), an effect, the hours spent,
a quantity nobody knows."""

_ENGLISH = {
    "eenzaamheid": "loneliness",
    "schulden": "debts",
    "Centrum": "Centre",
    "Noord": "North",
    "effect": "effect",
    "investering": "investment",
    "onbekend": "unknown",
}


def headings(code: str | None = None) -> list[str]:
    code = code or active()
    names = [c.english if code == "en" else c.dutch for c in COLUMNS]
    return [names[0], *ATTRIBUTES[code], *names[1:]]


def rows(code: str | None = None) -> list[list[object]]:
    code = code or active()
    out = []
    for row in EXAMPLE:
        cells = list(row)
        if code == "en":
            cells = [_ENGLISH.get(c, c) if isinstance(c, str) else c for c in cells]
        out.append(cells)
    return out


def write_template(path: Path, code: str | None = None) -> None:
    """The template at ``path``: CSV (comma-separated, UTF-8) or Excel (.xlsx, with an
    explanation sheet), by its suffix."""
    code = code or active()
    if path.suffix.lower() == ".xlsx":
        _xlsx(path, code)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headings(code))
    writer.writerows(rows(code))
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _xlsx(path: Path, code: str) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    try:
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(_("Casussen"))
        for c, heading in enumerate(headings(code)):
            sheet.write_string(0, c, heading, bold)
        for r, row in enumerate(rows(code), start=1):
            for c, value in enumerate(row):
                if isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                elif value:
                    sheet.write_string(r, c, str(value))
        sheet.freeze_panes(1, 1)
        sheet.set_column(0, len(headings(code)), 16)
        notes = book.add_worksheet(_("Uitleg"))
        notes.write_string(0, 0, _("Kolom"), bold)
        notes.write_string(0, 1, _("Wat erin staat"), bold)
        for r, column in enumerate(COLUMNS, start=1):
            notes.write_string(r, 0, column.english if code == "en" else column.dutch)
            notes.write_string(r, 1, _(column.meaning))
        extra = len(COLUMNS) + 2
        for r, text in enumerate(
            (
                _("Elke andere kolom is een kenmerk om op te groeperen; één waarde per casus."),
                _("Een rij met casus * geeft de standaardtoerekening en -kans van een post."),
                _("Een onbekend aantal schrijft u als 'onbekend', nooit als 0."),
                _("Alleen pseudoniemen: geen namen, adressen, geboortedata of BSN."),
            ),
            start=extra,
        ):
            notes.write_string(r, 0, text)
        notes.set_column(0, 0, 22)
        notes.set_column(1, 1, 60)
    finally:
        book.close()
