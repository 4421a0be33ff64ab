"""The impact map template ``rendement import impact-map --template`` writes: the columns
in Dutch or English, invented example rows (marked as invented) and, in Excel, a sheet
that explains each column."""

from __future__ import annotations

import csv
from pathlib import Path

from ..i18n import _, active
from .impact_map import COLUMNS

EXAMPLE = [  # invented, in the style of the guides' examples (a befriending service)
    [
        "Older residents",
        "outcome",
        "Less isolated",
        "residents less lonely",
        "30",
        "1",
        "Yearly membership of a social club",
        "1105",
        "illustrative",
        "30%",
        "0%",
        "0%",
        "",
    ],
    [
        "Older residents",
        "outcome",
        "Fewer GP visits",
        "GP visits avoided",
        "45",
        "1",
        "Cost of a GP appointment",
        "42",
        "illustrative",
        "20%",
        "0%",
        "25%",
        "",
    ],
    [
        "Volunteers",
        "outcome",
        "More confidence",
        "volunteers more confident",
        "12",
        "2",
        "Cost of a confidence course",
        "380",
        "illustrative",
        "10%",
        "0%",
        "20%",
        "50%",
    ],
    ["Council", "input", "Grant for the service", "", "", "", "", "15000", "", "", "", "", ""],
    ["Volunteers", "input", "Volunteer time (valued)", "", "", "", "", "4800", "", "", "", "", ""],
]


def headings(code: str | None = None) -> list[str]:
    english = (code or active()) == "en"
    return [c.english if english else c.dutch for c in COLUMNS]


def write_template(path: Path, code: str | None = None) -> None:
    """An empty impact map with the example rows (invented) as .csv or .xlsx."""
    code = code or active()
    note = _("# VERZONNEN voorbeeldrijen: vervang ze door uw eigen impact map.")
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8", newline="") as file:
            file.write(note + "\n")
            writer = csv.writer(file, delimiter=";")
            writer.writerow(headings(code))
            writer.writerows(EXAMPLE)
        return
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "impact map"
    sheet.append(headings(code))
    for row in EXAMPLE:
        sheet.append([_cell(v) for v in row])
    about = book.create_sheet(_("uitleg"))
    about.append([_("kolom"), _("betekenis")])
    for column, heading in zip(COLUMNS, headings(code), strict=True):
        about.append([heading, _(column.meaning)])
    about.append([])
    about.append([note.lstrip("# ")])
    book.save(path)


def _cell(text: str) -> object:
    """A number as a number in Excel, a share as its fraction, the rest as text."""
    if text.endswith("%"):
        return float(text[:-1]) / 100
    try:
        return float(text)
    except ValueError:
        return text
