"""The workbook's sheet of indicators: per indicator the start and end value of every client
case measured at both (pseudonyms only; below, where there are follow-ups, the start and
follow-up values the same way), its change and whether it reached the target as
live formulas, and per group the means as ``AVERAGE`` over the group's rows — so a
controller sees the report's figures come from the rows. The bootstrap interval is a
computed value (a resampling has no spreadsheet formula), written as a number.

The rows of a group are adjacent (groups shown apart first, largest first); client cases
in groups too small to show apart are listed under '—', so no small group's values can be
read off."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..cohort.indicators import IndicatorChange, Pair, reached
from ..i18n import _

if TYPE_CHECKING:
    from .workbook import _Writer


def indicator_sheet(writer: _Writer, indicators: list[IndicatorChange]) -> Any:
    """Write the sheet 'Indicatoren' in ``writer``'s workbook; every formula's expected
    value goes to ``writer.out.expected`` like the other sheets'."""
    sheet = writer.book.add_worksheet(_("Indicatoren"))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 7, 14)
    row = 0
    writer.text(sheet, row, 0, _("Indicatoren: verandering van begin tot eind"), writer.f_title)
    row += 1
    writer.text(
        sheet,
        row,
        0,
        _(
            "Alleen casussen die bij de start en aan het eind zijn gemeten. De gemiddelden "
            "zijn formules over de rijen; het 95%-interval komt uit de bootstrap."
        ),
    )
    row += 2
    for indicator in (i for i in indicators if i.to == "end"):
        row = _block(writer, sheet, row, indicator) + 2
    later = [i for i in indicators if i.to == "follow_up" and i.pairs]
    if later:  # measured again after the support ended: does the change last?
        writer.text(
            sheet, row, 0, _("Indicatoren: verandering van begin tot follow-up"), writer.f_title
        )
        row += 1
        writer.text(
            sheet, row, 0, _("Alleen casussen die bij de start en bij de follow-up zijn gemeten.")
        )
        row += 2
        for indicator in later:
            row = _block(writer, sheet, row, indicator) + 2
    return sheet


def _block(writer: _Writer, sheet: Any, row: int, indicator: IndicatorChange) -> int:
    better = _("hoger is beter") if indicator.direction == "higher" else _("lager is beter")
    writer.text(sheet, row, 0, f"{indicator.name} ({indicator.scale}, {better})", writer.f_bold)
    row += 1
    writer.text(sheet, row, 0, _("Streefwaarde"))
    target_cell = None
    if indicator.target is not None:
        sheet.write_number(row, 1, indicator.target, writer.f_input)
        target_cell = xl_rowcol_to_cell(row, 1, True, True)
    if indicator.baseline is not None:
        writer.text(sheet, row, 2, _("Nulmeting"))
        sheet.write_number(row, 3, indicator.baseline, writer.f_number)
    row += 2
    shown = [s.value for s in indicator.segments]
    order = {value: n for n, value in enumerate(shown)}

    def group(pair: Pair) -> str:
        if indicator.by is None:
            return ""
        return pair.segment if pair.segment in order else "—"

    pairs = sorted(indicator.pairs, key=lambda p: (order.get(group(p), len(order)), p.case))
    later = _("Follow-up") if indicator.to == "follow_up" else _("Eind")
    headers = [_("Casus"), _("Groep"), _("Begin"), later, _("Verandering")]
    headers.append(_("Streefwaarde gehaald"))
    for col, heading in enumerate(headers):
        writer.text(sheet, row, col, heading, writer.f_head)
    row += 1
    first = row
    spans: dict[str, tuple[int, int]] = {}
    for pair in pairs:
        writer.text(sheet, row, 0, pair.case)
        writer.text(sheet, row, 1, group(pair))
        sheet.write_number(row, 2, pair.start, writer.f_number)
        sheet.write_number(row, 3, pair.end, writer.f_number)
        start, end = xl_rowcol_to_cell(row, 2), xl_rowcol_to_cell(row, 3)
        writer.formula(sheet, row, 4, f"={end}-{start}", pair.end - pair.start, writer.f_number)
        if target_cell is not None:
            compare = ">=" if indicator.direction == "higher" else "<="
            hit = reached(pair.end, indicator.target, indicator.direction)
            writer.formula(sheet, row, 5, f"=IF({end}{compare}{target_cell},1,0)", float(hit), None)
        low, high = spans.get(group(pair), (row, row))
        spans[group(pair)] = (min(low, row), max(high, row))
        row += 1
    last = row - 1
    row += 1
    headers = [_("Groep"), _("Casussen"), _("Begin"), later, _("Verandering")]
    headers += [_("95%-interval laag"), _("95%-interval hoog"), _("Streefwaarde gehaald")]
    for col, heading in enumerate(headers):
        writer.text(sheet, row, col, heading, writer.f_head)
    row += 1
    for change, (top, bottom) in [
        (indicator.total, (first, last)),
        *((s, spans[s.value]) for s in indicator.segments),
    ]:
        writer.text(sheet, row, 0, change.value or _("alle casussen"), writer.f_bold)

        def cells(col: int, top: int = top, bottom: int = bottom) -> str:
            return f"{xl_rowcol_to_cell(top, col)}:{xl_rowcol_to_cell(bottom, col)}"

        writer.formula(sheet, row, 1, f"=COUNT({cells(2)})", float(change.count), None)
        for col, value in ((2, change.start), (3, change.end), (4, change.change)):
            writer.formula(sheet, row, col, f"=AVERAGE({cells(col)})", value, writer.f_ratio)
        sheet.write_number(row, 5, change.interval.low, writer.f_ratio)
        sheet.write_number(row, 6, change.interval.high, writer.f_ratio)
        if target_cell is not None and change.reached is not None:
            writer.formula(sheet, row, 7, f"=SUM({cells(5)})", float(change.reached), None)
        row += 1
    return row
