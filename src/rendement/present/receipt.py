"""The *kassabon*: one intervention's business case as a till receipt.

Haarlemmermeer showed client cases this way: avoided costs line by line, a subtotal, the
investment taken off, the net result and what each euro (pound, ...) invested returns. A receipt
reads in ten seconds, so it is the page a council member remembers. It is plain data
here; the HTML/PDF report, the Word report, the CLI and (later) the web app and the
case-level evaluation draw it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from ..engine import Evaluation, Results
from ..i18n import _
from ..model import BASE_SCENARIO
from ..money import count, currency, euro, per_unit, price
from ..prices.units import counted
from .tables import headline_evaluations, investment_calculation, shown_variant


@dataclass(frozen=True)
class ReceiptLine:
    label: str
    detail: str  # ``40 × 4 consult × € 80``
    amount: float  # exact, signed: savings positive, investment negative
    shown: str  # the amount as printed


@dataclass
class Receipt:
    title: str
    subtitle: str  # variant and scenario
    header: list[str]  # the case's title, client, perspective, price year
    savings: list[ReceiptLine] = field(default_factory=list)
    subtotal: float = 0.0
    costs: list[ReceiptLine] = field(default_factory=list)
    net: float = 0.0
    footer: list[str] = field(default_factory=list)
    currency: str = "EUR"  # ISO 4217 code of every amount

    def text(self, width: int = 44) -> str:
        """The receipt in a fixed-width font, as a till prints it."""
        with currency(self.currency):
            return self._text(width)

    def _text(self, width: int) -> str:
        rule = "-" * width

        def line(left: str, right: str) -> str:
            room = width - len(right) - 1
            if len(left) <= room:
                return f"{left:<{room}} {right}"
            wrapped = textwrap.wrap(left, width)
            return "\n".join([*wrapped, right.rjust(width)])

        out = [self.title.center(width), self.subtitle.center(width)]
        out += [part.center(width) for h in self.header for part in textwrap.wrap(h, width)]
        out.append(rule)
        for item in self.savings:
            out.append(line(item.label, item.shown))
            if item.detail:  # what the line is made of, wrapped, never cut off
                out += ["  " + part for part in textwrap.wrap(item.detail, width - 2)]
        out.append(rule)
        out.append(line(_("Subtotaal besparing"), euro(self.subtotal)))
        for item in self.costs:
            out.append(line(item.label, item.shown))
            if item.detail:
                out += ["  " + part for part in textwrap.wrap(item.detail, width - 2)]
        out.append("=" * width)
        out.append(line(_("NETTO"), euro(self.net)))
        out.append("=" * width)
        out += [f.center(width) for f in self.footer]
        return "\n".join(out)


def receipt(results: Results, ev: Evaluation) -> Receipt:
    """The receipt of one evaluation, for the perspective of ``results``, in its currency."""
    with currency(results.currency):
        return _receipt(results, ev)


def _receipt(results: Results, ev: Evaluation) -> Receipt:
    case = results.model.case
    scenario = "" if ev.scenario == BASE_SCENARIO else f" · {ev.scenario_name}"
    bon = Receipt(
        title=case.intervention(ev.intervention).name,
        subtitle=shown_variant(ev) + scenario,
        header=[
            case.meta.title,  # which business case: a receipt is often read on its own
            case.meta.client,
            _("perspectief {perspective}").format(perspective=results.perspective_name),
            _("prijspeil {year}").format(year=case.meta.price_year),
        ],
        currency=results.currency,
    )
    for line in ev.effects:
        if not line.in_perspective or line.kind == "shadow_price":
            continue
        per_case = line.units_per_case
        detail = (
            f"{count(line.cases)} × {counted(count(per_case), per_case, line.unit)}"
            f" × {price(line.price)}"
            if line.cases is not None and per_case is not None
            else f"{counted(count(line.units), line.units, line.unit)} × {price(line.price)}"
        )
        if abs(line.gross - line.base) > 0.005:  # filters or a horizon change the year's sum
            detail = _("{calculation} per jaar, vóór filters; na filters, contante waarde").format(
                calculation=detail
            )
        bon.savings.append(ReceiptLine(line.name, detail, line.gross, euro(line.gross)))
    bon.subtotal = ev.perspective_gross
    for inv in ev.investments:
        if inv.in_perspective:
            how = investment_calculation(inv)
            years = sum(1 for value in inv.yearly if value)
            if how and abs(inv.pv - inv.amount) > 0.005:  # spent in several years: say so
                how = _("{calculation} per jaar, {years} jaar; contante waarde").format(
                    calculation=how, years=years
                )
            bon.costs.append(ReceiptLine(inv.name, how, -inv.pv, euro(-inv.pv)))
    bon.net = ev.net
    if ev.ratio_gross is not None:
        bon.footer.append(
            _("Per {one} geïnvesteerd: {amount} terug").format(
                one=euro(1), amount=per_unit(ev.ratio_gross)
            )
        )
    bon.footer.append(_("Bereik: {reach} {unit}").format(reach=count(ev.reach), unit=ev.reach_unit))
    outside = ev.gross - ev.perspective_gross
    if outside:
        bon.footer.append(
            _("Buiten het perspectief nog {amount} besparing").format(amount=euro(outside))
        )
    return bon


def receipts(results: Results, scenario: str | None = None) -> list[Receipt]:
    """One receipt per headline evaluation of each intervention (see
    :func:`~rendement.present.tables.headline_evaluations`)."""
    return [
        receipt(results, ev)
        for intervention in results.interventions
        for ev in headline_evaluations(results, intervention.id, scenario)
    ]
