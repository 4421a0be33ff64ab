"""An Excel workbook with live formulas that a consultant can check and change.

The workbook mirrors the engine's plan, so every euro can be traced:

- *Invoer*: every number of the model (one row per input, with where it sits in the model
  and its source), each a named cell — ``ouders_lokaal.effects.cjg.share``;
- *Tussenwaarden*: every value derived from inputs (formulas of the model, share × reach,
  indexed and unit-converted prices), as Excel formulas;
- *Berekening*: per intervention, variant and scenario the effect lines (cases × units ×
  price × filters), the investment lines and the totals, net savings and ratios for the
  perspective — all formulas;
- *Overzicht*: the portfolio columns, referring to the nets;
- *Resultaten*: every figure linked to *Berekening*, beside the engine's own as a value;
- *Tarieven* and *Uitleg*: every price with its source and price year; how to read it.

Change a number on *Invoer* and every result follows. User text is written as text and
neutralised (:func:`rendement.text.safe`), never as a formula. ``expected`` maps every
formula cell to the engine's figure, so a test can recompute the workbook outside
rendement and compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..currencies import MINOR_UNITS, SYMBOLS
from ..engine import Results
from ..engine.evaluate import _cohort_profile
from ..engine.plan import ONE, ZERO, Complement, Formula, Plan, Product, Scaled
from ..files import replacing
from ..i18n import _
from ..model import BASE_SCENARIO
from ..model.expressions import BinOp, Call, Const, Expr, Neg, Ref
from ..model.pricing import rate_words
from ..money import symbol
from ..present.inputs import input_name
from ..present.uncertain import dist_words
from ..text import safe

if TYPE_CHECKING:
    from ..cohort.indicators import IndicatorChange

_NUMBER = re.compile(r"-?\d+(\.\d+)?")

_FIGURES: list[tuple[str, Any]] = [
    ("gross", lambda p: _("Bruto besparing (alle financiers)")),
    ("p_gross", lambda p: _("Bruto besparing ({perspective})").format(perspective=p)),
    ("investment", lambda p: _("Investering (alle betalers)")),
    ("p_invest", lambda p: _("Investering ({perspective})").format(perspective=p)),
    ("net", lambda p: _("Netto besparing")),
    ("ratio_gross", lambda p: _("Bruto ratio (bruto besparing ÷ investering)")),
    ("ratio_net", lambda p: _("Netto ratio ((bruto − investering) ÷ investering)")),
]
"""The figures of an evaluation on *Berekening* and *Resultaten*, with their labels."""
_FIGURE_OF = {
    "gross": "gross",
    "p_gross": "perspective_gross",
    "investment": "investment",
    "p_invest": "perspective_investment",
    "net": "net",
    "ratio_gross": "ratio_gross",
    "ratio_net": "ratio_net",
}
"""The name of each figure in the results (``Evaluation.figure``)."""


def costs_word() -> str:
    """The kind of a line that counts as savings: the same word in its cell and in SUMIFS."""
    return _("kosten")


def yes_word() -> str:
    """'In perspective': the same word in its cell and in SUMIFS."""
    return _("ja")


def money_format(code: str = "EUR", cents: bool = False) -> str:
    """Excel's number format for amounts in ``code``: ``€ #,##0;[Red]- € #,##0``,
    ``£ #,##0;...``; a code without a symbol in quotes (``"CHF" #,##0;...``)."""
    sign = symbol(code)
    shown = sign if sign in SYMBOLS.values() and len(sign) == 1 else f'"{sign}"'
    digits = MINOR_UNITS.get(code, 2) if cents else 0
    body = "#,##0" + ("." + "0" * digits if digits else "")
    return f"{shown} {body};[Red]- {shown} {body}"


def _name(key: str) -> str:
    """A readable, valid Excel name for an input key (``a||effects.b.c`` → ``a.effects.b.c``)."""
    head, _, rest = key.partition("|")
    origin, _, path = rest.partition("|")
    if not rest:  # prices.x, parameters.x, meta.x
        name = key.replace("prices.", "prijs.", 1)
    else:
        layer = origin.split(":", 1)[1] if origin else ""
        name = ".".join(p for p in (head, layer, path) if p)
    name = re.sub(r"[^A-Za-z0-9_.]", "_", name)
    return name if name[0].isalpha() or name[0] == "_" else f"_{name}"


@dataclass
class Workbook:
    """Where each figure went, and what the engine says it must be."""

    path: Path
    expected: dict[tuple[str, str], float] = field(default_factory=dict)  # (sheet, cell) → value
    inputs: dict[str, str] = field(default_factory=dict)  # input key → Invoer cell


class _Writer:
    def __init__(self, results: Results, path: Path) -> None:
        self.results = results
        self.plan: Plan = results.plan
        self.book = xlsxwriter.Workbook(str(path))
        self.out = Workbook(path)
        self.ref: dict[int, str] = {ONE: "1", ZERO: "0"}  # slot → formula reference
        self.time: Any = None  # the Looptijd sheet, with more than one year
        self.time_row = 0
        # each line's share of one year's effect per year, and the discount factors, as the
        # engine computes them: the cached values of the Looptijd sheet, also for a line
        # whose yearly effect is 0
        slots = np.asarray(results.outcome.slots, dtype=np.float64)
        self.profiles = _cohort_profile(self.plan, slots[:, None])[..., 0]
        self.discount = (1.0 + slots[self.plan.discount_rate]) ** -np.arange(self.plan.horizon)
        bold = {"bold": True}
        self.f_bold = self.book.add_format(bold)
        self.f_head = self.book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.f_title = self.book.add_format({"bold": True, "font_size": 14})
        money = money_format(results.currency)
        self.f_euro = self.book.add_format({"num_format": money})
        self.f_euro_bold = self.book.add_format({"num_format": money, "bold": True})
        self.f_cents = self.book.add_format({"num_format": money_format(results.currency, True)})
        self.f_number = self.book.add_format({"num_format": "#,##0.####"})
        self.f_input = self.book.add_format(
            {"num_format": "#,##0.####", "bg_color": "#FFF2CC", "border": 1}
        )
        self.f_ratio = self.book.add_format({"num_format": "0.00"})
        self.f_wrap = self.book.add_format({"text_wrap": True, "valign": "top"})

    # ------------------------------------------------------------------ helpers
    def text(self, sheet: Any, row: int, col: int, value: str, fmt: Any = None) -> None:
        sheet.write_string(row, col, safe(value), fmt)

    def formula(
        self, sheet: Any, row: int, col: int, formula: str, expected: float | None, fmt: Any
    ) -> str:
        # the value a reader that does not recalculate shows: the engine's figure; a ratio
        # without an investment is the empty text its formula gives
        value: float | str = (
            float(expected) if expected is not None else "" if formula.startswith("=IF(") else 0.0
        )
        if _NUMBER.fullmatch(formula[1:]):  # '=1': a number, not a formula that hides one
            sheet.write_number(row, col, float(formula[1:]), fmt)
        else:
            sheet.write_formula(row, col, formula, fmt, value)
        cell = xl_rowcol_to_cell(row, col)
        if expected is not None:
            self.out.expected[(sheet.get_name(), cell)] = float(expected)
        return f"'{sheet.get_name()}'!{xl_rowcol_to_cell(row, col, True, True)}"

    def expr(self, expr: Expr, slots: dict[str, int]) -> str:
        if isinstance(expr, Const):
            value = expr.value
            whole = float(value).is_integer() and abs(value) < 1e15
            return repr(int(value)) if whole else repr(value)
        if isinstance(expr, Ref):
            return self.ref[slots[expr.name]]
        if isinstance(expr, Neg):
            return f"(-{self.expr(expr.operand, slots)})"
        if isinstance(expr, BinOp):
            op = "^" if expr.op == "**" else expr.op
            return f"({self.expr(expr.left, slots)}{op}{self.expr(expr.right, slots)})"
        assert isinstance(expr, Call)
        args = ",".join(self.expr(a, slots) for a in expr.args)
        return f"{expr.func.upper()}({args})"

    # ------------------------------------------------------------------ sheets
    def explanation(self) -> None:
        case = self.results.model.case
        sheet = self.book.add_worksheet(_("Uitleg"))
        sheet.set_column(0, 0, 110)
        lines = [
            (case.meta.title, self.f_title),
            (
                f"{case.meta.client} · "
                + _("versie {version} · {date}").format(
                    version=case.meta.version, date=f"{case.meta.date:%d-%m-%Y}"
                ),
                None,
            ),
            (
                _(
                    "Prijspeil {year} (constante prijzen); perspectief voor de "
                    "nettocijfers: {perspective}."
                ).format(year=case.meta.price_year, perspective=self.results.perspective_name),
                None,
            ),
            ("", None),
            (_("Zo werkt dit werkboek"), self.f_bold),
            (
                _(
                    "Invoer: elk getal uit het model (gele cellen), met waar het in het model "
                    "staat en de bron. Verander een getal en alle uitkomsten rekenen mee."
                ),
                self.f_wrap,
            ),
            (
                _(
                    "Tussenwaarden: wat uit de invoer volgt (formules uit het model, aandeel × "
                    "bereik, geïndexeerde en omgerekende tarieven), als Excel-formules."
                ),
                self.f_wrap,
            ),
            (
                _(
                    "Berekening: per interventie, variant en scenario de effectregels, "
                    "investeringen, totalen, netto besparing en ratio's — allemaal formules."
                ),
                self.f_wrap,
            ),
            (
                _(
                    "Overzicht: de kolommen van de overzichtstabel. Resultaten: elke uitkomst "
                    "uit Berekening, naast die van rendement als vaste waarde, en het verschil."
                ),
                self.f_wrap,
            ),
            (
                _(
                    "Bruto ratio = bruto besparing ÷ investering; netto ratio = (bruto "
                    "besparing − investering) ÷ investering, beide voor het gekozen perspectief."
                ),
                self.f_wrap,
            ),
        ]
        if self.plan.horizon > 1:
            lines.append(
                (
                    _(
                        "Looptijd: per regel en per jaar welk deel van een jaareffect meetelt "
                        "(cohorten, vertraging, duur, afname) en de discontofactoren; de "
                        "looptijdfactor is de contante waarde daarvan over {years} jaar, als "
                        "formule."
                    ).format(years=self.plan.horizon),
                    self.f_wrap,
                )
            )
        for row, (value, fmt) in enumerate(lines):
            self.text(sheet, row, 0, value, fmt)

    def inputs(self) -> None:
        sheet = self.book.add_worksheet(_("Invoer"))
        headers = [
            _("Naam"),
            _("Waar in het model"),
            _("Omschrijving"),
            _("Waarde"),
            _("Verdeling"),
        ]
        for col, h in enumerate(headers):
            self.text(sheet, 0, col, h, self.f_head)
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, 1, 60)
        sheet.set_column(2, 2, 60)
        sheet.set_column(3, 3, 14)
        sheet.set_column(4, 4, 28)
        sheet.freeze_panes(1, 0)
        used: set[str] = set()
        for row, item in enumerate(self.plan.inputs, start=1):
            name = _name(item.key)
            while name.lower() in used:
                name += "_"
            used.add(name.lower())
            self.text(sheet, row, 0, name)
            self.text(sheet, row, 1, item.where)
            self.text(sheet, row, 2, input_name(self.results.model, item.key))
            if item.formula is not None:  # arithmetic on numbers, shown as the author wrote it
                written = self.expr(item.formula, {})
                if isinstance(item.formula, BinOp):  # without the outer parentheses
                    written = written[1:-1]
                sheet.write_formula(row, 3, "=" + written, self.f_input, float(item.value))
                self.out.expected[(sheet.get_name(), xl_rowcol_to_cell(row, 3))] = item.value
            else:
                sheet.write_number(row, 3, item.value, self.f_input)
            if item.dist is not None:
                self.text(sheet, row, 4, dist_words(item.dist, item.key))  # "PERT: laag …"
            cell = xl_rowcol_to_cell(row, 3, True, True)
            self.book.define_name(name, f"='{sheet.get_name()}'!{cell}")
            self.ref[item.slot] = name
            self.out.inputs[item.key] = f"{sheet.get_name()}!{xl_rowcol_to_cell(row, 3)}"

    def derived(self) -> None:
        sheet = self.book.add_worksheet(_("Tussenwaarden"))
        for col, h in enumerate([_("Tussenwaarde"), _("Hoe"), _("Waarde"), _("Factor")]):
            self.text(sheet, 0, col, h, self.f_head)
        sheet.set_column(0, 0, 70)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 3, 16)
        slots = self.results.outcome.slots
        for row, (slot, _label) in enumerate(self.plan.derived, start=1):
            symbol = self.plan.symbols[slot]
            if isinstance(symbol, Formula):
                formula, how = self.expr(symbol.expr, symbol.slots), _("formule uit het model")
            elif isinstance(symbol, Product):
                formula = f"{self.ref[symbol.left]}*{self.ref[symbol.right]}"
                how = _("aandeel × bereik")
            elif isinstance(symbol, Complement):
                formula, how = f"1-{self.ref[symbol.slot]}", _("1 − toerekening aan anderen")
            else:
                assert isinstance(symbol, Scaled)  # an index or unit factor, in a cell of its own
                sheet.write_number(row, 3, symbol.factor, self.f_number)
                factor_cell = xl_rowcol_to_cell(row, 3, True, True)
                formula, how = f"{self.ref[symbol.slot]}*{factor_cell}", symbol.why
            self.text(sheet, row, 0, self.plan.slot_labels[slot])
            self.text(sheet, row, 1, how)
            self.ref[slot] = self.formula(
                sheet, row, 2, "=" + formula, float(slots[slot]), self.f_number
            )

    def calculations(self) -> dict[int, dict[str, str]]:
        """Write every evaluation; return the cells of each evaluation's figures."""
        sheet = self.book.add_worksheet(_("Berekening"))
        sheet.set_column(0, 0, 46)
        sheet.set_column(1, 1, 30)
        sheet.set_column(2, 10, 15)
        totals: dict[int, dict[str, str]] = {}
        row = 0
        names = {f.id: f.name for f in self.results.model.case.financiers}
        by_index = {
            (e.intervention, e.variant, e.scenario): e
            for i in self.results.interventions
            for e in i.evaluations
        }
        for index, spec in enumerate(self.plan.evaluations):
            ev = by_index[(spec.intervention, spec.variant, spec.scenario)]
            name = self.results.model.case.intervention(spec.intervention).name
            title = f"{name} · {ev.variant_name}" + (
                " · " + _("scenario {name}").format(name=ev.scenario_name)
                if spec.scenario != BASE_SCENARIO
                else ""
            )
            self.text(sheet, row, 0, title, self.f_title)
            row += 1
            if spec.same_as is not None:
                twin = totals[spec.same_as]
                self.text(
                    sheet,
                    row,
                    0,
                    _(
                        "Dit scenario verandert niets aan deze interventie; "
                        "de cijfers zijn die van het basisscenario."
                    ),
                )
                row += 1
                block = {}
                for key, label in _FIGURES:
                    value = ev.figure(_FIGURE_OF[key])
                    self.text(sheet, row, 0, label(self.results.perspective_name), self.f_bold)
                    fmt = self.f_ratio if key.startswith("ratio") else self.f_euro_bold
                    block[key] = self.formula(sheet, row, 9, "=" + twin[key], value, fmt)
                    row += 1
                totals[index] = block
                row += 1
                continue
            block = self._evaluation(sheet, row, index, ev, names)
            row = int(block.pop("_next_row"))
            totals[index] = block
        return totals

    def _evaluation(
        self, sheet: Any, row: int, index: int, ev: Any, names: dict[str, str]
    ) -> dict[str, Any]:
        headers = [
            _("Effectregel"),
            _("Financier"),
            _("Soort"),
            _("In perspectief"),
            _("Casussen"),
            _("Eenheden"),
            _("Tarief"),
            _("Filterfactor"),
            _("Looptijdfactor"),
            _("Bruto besparing"),
        ]
        sroi = self.results.model.case.meta.method == "sroi"
        if sroi:
            headers.append(_("Belanghebbende (id)"))
        for col, h in enumerate(headers):
            self.text(sheet, row, col, h, self.f_head)
        row += 1
        numbers = [n for n, e in enumerate(self.plan.effects) if e.evaluation == index]
        specs = [self.plan.effects[n] for n in numbers]
        first = row
        for number, spec, line in zip(numbers, specs, ev.effects, strict=True):
            dw, attr, disp = spec.filters[:3]
            self.text(sheet, row, 0, line.name)
            self.text(sheet, row, 1, names.get(line.financier, line.financier))
            self.text(
                sheet, row, 2, _("schaduwprijs") if line.kind == "shadow_price" else costs_word()
            )
            self.text(sheet, row, 3, yes_word() if line.in_perspective else _("nee"))
            cells = []
            for col, slot, expected, fmt in (
                (4, spec.cases, line.cases if line.cases is not None else 1.0, self.f_number),
                (
                    5,
                    spec.units,
                    line.units_per_case if spec.per_case else line.units,
                    self.f_number,
                ),
                (6, spec.price, line.price, self.f_cents),
            ):
                cells.append(self.formula(sheet, row, col, "=" + self.ref[slot], expected, fmt))
            parts = [
                *([f"(1-{self.ref[dw]})"] if dw != ZERO else []),
                *([self.ref[attr]] if attr != ONE else []),
                *([f"(1-{self.ref[disp]})"] if disp != ZERO else []),
            ]
            factor = "=" + ("*".join(parts) or "1")  # only the filters the line sets
            self.formula(sheet, row, 7, factor, line.factor, self.f_number)
            if self.plan.horizon == 1:
                sheet.write_number(row, 8, 1.0, self.f_number)
            else:
                profile = self.profiles[number]
                timing = float(np.dot(profile, self.discount))
                cell = self.effect_timing(line.name, spec, profile, timing)
                self.formula(sheet, row, 8, "=" + cell, timing, self.f_number)
            columns = "*".join(xl_rowcol_to_cell(row, c) for c in range(4, 9))
            self.formula(sheet, row, 9, "=" + columns, line.gross, self.f_euro)
            if sroi and line.stakeholder:
                self.text(sheet, row, 10, line.stakeholder)
            row += 1
        last = row - 1

        def column(c: int) -> str:
            return f"{xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(max(last, first), c)}"

        out: dict[str, Any] = {}
        self.text(sheet, row, 0, _("Bruto besparing (alle financiers)"), self.f_bold)
        gross = f'=SUMIFS({column(9)},{column(2)},"{costs_word()}")' if specs else "=0"
        out["gross"] = self.formula(sheet, row, 9, gross, ev.gross, self.f_euro_bold)
        row += 1
        self.text(
            sheet,
            row,
            0,
            _("Bruto besparing ({perspective})").format(perspective=self.results.perspective_name),
            self.f_bold,
        )
        p_gross = (
            f'=SUMIFS({column(9)},{column(2)},"{costs_word()}",{column(3)},"{yes_word()}")'
            if specs
            else "=0"
        )
        out["p_gross"] = self.formula(
            sheet, row, 9, p_gross, ev.perspective_gross, self.f_euro_bold
        )
        row += 2
        for col, h in enumerate(
            [
                _("Investering"),
                _("Betaler"),
                "",
                _("In perspectief"),
                _("Factor 1"),
                _("Factor 2"),
                _("Factor 3"),
                "",
                _("Looptijdfactor"),
                _("Bedrag"),
            ]
        ):
            self.text(sheet, row, col, h, self.f_head)
        row += 1
        investments = [(n, i) for n, i in enumerate(self.plan.investments) if i.evaluation == index]
        first_inv = row
        for (number, invest_spec), line in zip(investments, ev.investments, strict=True):
            self.text(sheet, row, 0, line.name)
            self.text(sheet, row, 1, names.get(line.payer, line.payer))
            self.text(sheet, row, 3, yes_word() if line.in_perspective else _("nee"))
            for k, slot in enumerate(invest_spec.factors):
                value = float(self.results.outcome.slots[slot])
                self.formula(sheet, row, 4 + k, "=" + self.ref[slot], value, self.f_number)
            if self.plan.horizon == 1:
                sheet.write_number(row, 8, 1.0, self.f_number)
            else:
                schedule = [float(v) for v in self.plan.investment_schedule[number]]
                timing = float(np.dot(schedule, self.discount))
                cell = self.investment_timing(line.name, schedule, timing)
                self.formula(sheet, row, 8, "=" + cell, timing, self.f_number)
            product = "*".join(xl_rowcol_to_cell(row, c) for c in (4, 5, 6, 8))
            self.formula(sheet, row, 9, "=" + product, line.pv, self.f_euro)
            row += 1
        last_inv = row - 1
        amounts = (
            f"{xl_rowcol_to_cell(first_inv, 9)}:{xl_rowcol_to_cell(max(last_inv, first_inv), 9)}"
        )
        payers = (
            f"{xl_rowcol_to_cell(first_inv, 3)}:{xl_rowcol_to_cell(max(last_inv, first_inv), 3)}"
        )
        self.text(sheet, row, 0, _("Investering (alle betalers)"), self.f_bold)
        out["investment"] = self.formula(
            sheet,
            row,
            9,
            f"=SUM({amounts})" if investments else "=0",
            ev.investment,
            self.f_euro_bold,
        )
        row += 1
        self.text(
            sheet,
            row,
            0,
            _("Investering ({perspective})").format(perspective=self.results.perspective_name),
            self.f_bold,
        )
        invest = f'=SUMIFS({amounts},{payers},"{yes_word()}")' if investments else "=0"
        out["p_invest"] = self.formula(
            sheet, row, 9, invest, ev.perspective_investment, self.f_euro_bold
        )
        row += 1
        self.text(sheet, row, 0, _("Netto besparing"), self.f_bold)
        out["net"] = self.formula(
            sheet, row, 9, f"={out['p_gross']}-{out['p_invest']}", ev.net, self.f_euro_bold
        )
        row += 1
        for key, label, formula, value in (
            (
                "ratio_gross",
                _("Bruto ratio (bruto besparing ÷ investering)"),
                f'=IF({out["p_invest"]}=0,"",{out["p_gross"]}/{out["p_invest"]})',
                ev.ratio_gross,
            ),
            (
                "ratio_net",
                _("Netto ratio ((bruto − investering) ÷ investering)"),
                f'=IF({out["p_invest"]}=0,"",{out["net"]}/{out["p_invest"]})',
                ev.ratio_net,
            ),
        ):
            self.text(sheet, row, 0, label)
            out[key] = self.formula(sheet, row, 9, formula, value, self.f_ratio)
            row += 1
        if sroi:
            row = self._social_value(sheet, row, ev, out, column(9) if specs else "", column(10))
        out["_next_row"] = row + 1
        return out

    def _social_value(
        self, sheet: Any, row: int, ev: Any, out: dict[str, Any], values: str, ids: str
    ) -> int:
        """SROI's figures as formulas: the social value (every valued line, shadow prices
        included), per stakeholder (SUMIFS on the lines' stakeholder ids) with its ratio to
        the whole investment, and the SROI ratio."""
        invested = out["investment"]
        people = {s.id: s.name for s in self.results.model.case.stakeholders}
        self.text(sheet, row, 0, _("Maatschappelijke waarde (alle effecten)"), self.f_bold)
        total = f"=SUM({values})" if values else "=0"
        social = self.formula(sheet, row, 9, total, ev.social_value, self.f_euro_bold)
        row += 1
        for stakeholder, value in ev.stakeholder_value.items():
            name = people.get(stakeholder, stakeholder)
            self.text(sheet, row, 0, _("Maatschappelijke waarde voor {name}").format(name=name))
            formula = f'=SUMIFS({values},{ids},"{stakeholder}")' if values else "=0"
            cell = self.formula(sheet, row, 9, formula, value, self.f_euro)
            row += 1
            self.text(sheet, row, 0, _("Ratio voor {name} (÷ investering)").format(name=name))
            self.formula(
                sheet,
                row,
                9,
                f'=IF({invested}=0,"",{cell}/{invested})',
                ev.stakeholder_ratio.get(stakeholder),
                self.f_ratio,
            )
            row += 1
        self.text(sheet, row, 0, _("SROI-ratio (maatschappelijke waarde ÷ investering)"))
        out["sroi_ratio"] = self.formula(
            sheet, row, 9, f'=IF({invested}=0,"",{social}/{invested})', ev.sroi_ratio, self.f_ratio
        )
        return row + 1

    def overview(self, cells: dict[int, dict[str, str]]) -> None:
        if not self.results.portfolio:
            return
        sheet = self.book.add_worksheet(_("Overzicht"))
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 1 + len(self.results.portfolio), 16)
        self.text(sheet, 0, 0, self.results.portfolio_title or _("Overzicht"), self.f_title)
        self.text(sheet, 1, 0, "Interventie", self.f_head)
        rows = list(dict.fromkeys(r.intervention for c in self.results.portfolio for r in c.rows))
        for col, column in enumerate(self.results.portfolio, start=1):
            self.text(sheet, 1, col, column.name, self.f_head)
            for r, intervention in enumerate(rows, start=2):
                picked = next((x for x in column.rows if x.intervention == intervention), None)
                if picked is None:
                    continue
                self.text(sheet, r, 0, picked.name)
                index = self.plan.evaluation_index(
                    picked.intervention, picked.variant, picked.scenario
                )
                self.formula(sheet, r, col, "=" + cells[index]["net"], picked.net, self.f_euro)
            total = len(rows) + 2
            self.text(sheet, total, 0, "Totaal", self.f_bold)
            span = f"{xl_rowcol_to_cell(2, col)}:{xl_rowcol_to_cell(total - 1, col)}"
            self.formula(sheet, total, col, f"=SUM({span})", column.net, self.f_euro_bold)

    def values(self, cells: dict[int, dict[str, str]]) -> None:
        """Every result linked to its cell on *Berekening*, beside rendement's own figure."""
        sheet = self.book.add_worksheet(_("Resultaten"))
        headers = [
            _("Interventie"),
            _("Variant"),
            _("Scenario"),
            _("Figuur"),
            _("Werkboek"),
            _("rendement"),
            _("Verschil"),
        ]
        for col, h in enumerate(headers):
            self.text(sheet, 0, col, h, self.f_head)
        sheet.set_column(0, 2, 28)
        sheet.set_column(3, 3, 44)
        sheet.set_column(4, 6, 16)
        sheet.freeze_panes(1, 0)
        by_index = {
            (e.intervention, e.variant, e.scenario): (i.name, e)
            for i in self.results.interventions
            for e in i.evaluations
        }
        row = 1
        for index, spec in enumerate(self.plan.evaluations):
            name, ev = by_index[(spec.intervention, spec.variant, spec.scenario)]
            for key, label in _FIGURES:
                value = ev.figure(_FIGURE_OF[key])
                shown = (
                    name,
                    ev.variant_name,
                    ev.scenario_name,
                    label(self.results.perspective_name),
                )
                for col, text in enumerate(shown):
                    self.text(sheet, row, col, text)
                fmt = self.f_ratio if key.startswith("ratio") else self.f_euro
                self.formula(sheet, row, 4, "=" + cells[index][key], value, fmt)
                if value is not None:
                    sheet.write_number(row, 5, value, fmt)
                    here = xl_rowcol_to_cell(row, 4)
                    self.formula(
                        sheet,
                        row,
                        6,
                        f'=IF({here}="","",{here}-{xl_rowcol_to_cell(row, 5)})',
                        0.0,
                        fmt,
                    )
                row += 1

    # ------------------------------------------------------------------ time
    def _time_sheet(self) -> Any:
        """The sheet of per-year profiles and discount factors, made when first needed."""
        if self.time is not None:
            return self.time
        sheet = self.time = self.book.add_worksheet(_("Looptijd"))
        years = self.plan.horizon
        sheet.set_column(0, 0, 60)
        self.text(sheet, 0, 0, _("Regel"), self.f_head)
        for t in range(years):
            self.text(sheet, 0, 1 + t, _("jaar {year}").format(year=t + 1), self.f_head)
        self.text(sheet, 0, 1 + years, _("Looptijdfactor"), self.f_head)
        self.text(sheet, 1, 0, _("Discontofactor (jaar 1 niet verdisconteerd)"))
        rate = self.ref[self.plan.discount_rate]
        r = self.results.discount_rate
        for t in range(years):
            self.formula(sheet, 1, 1 + t, f"=1/(1+{rate})^{t}", (1 + r) ** -t, self.f_number)
        self.time_row = 2
        return sheet

    def _timing_row(self, label: str, expected: float | None) -> str:
        """A row of per-year cells; its time factor is their sum, each year discounted."""
        sheet = self._time_sheet()
        row, years = self.time_row, self.plan.horizon
        self.text(sheet, row, 0, label)
        first, last = xl_rowcol_to_cell(row, 1), xl_rowcol_to_cell(row, years)
        discount = (
            f"{xl_rowcol_to_cell(1, 1, True, True)}:{xl_rowcol_to_cell(1, years, True, True)}"
        )
        self.time_row += 1
        return self.formula(
            sheet,
            row,
            1 + years,
            f"=SUMPRODUCT({first}:{last},{discount})",
            expected,
            self.f_number,
        )

    def effect_timing(self, label: str, spec: Any, profile: Any, expected: float | None) -> str:
        """Per year, the share of one year's effect that counts: every cohort started in
        the activity years, each active from its delay for its duration, with drop-off."""
        sheet = self._time_sheet()
        drop, duration, delay = (self.ref[s] for s in spec.filters[3:])
        row = self.time_row
        for t in range(self.plan.horizon):
            terms = []
            for a in range(min(spec.activity_years, t + 1)):
                since = f"({t - a}-{delay})"
                terms.append(f"IF(AND({since}>=0,{since}<{duration}),(1-{drop})^{since},0)")
            value = profile[t] if profile is not None else None
            self.formula(sheet, row, 1 + t, "=" + ("+".join(terms) or "0"), value, self.f_number)
        return self._timing_row(label, expected)

    def investment_timing(self, label: str, schedule: list[float], expected: float | None) -> str:
        """Per year 1 when the investment is spent (once, or each year of activity)."""
        sheet = self._time_sheet()
        for t, spent in enumerate(schedule):
            sheet.write_number(self.time_row, 1 + t, spent, self.f_number)
        return self._timing_row(label, expected)

    def prices(self) -> None:
        """Every price used, as listed, with the index factor (and its series when the price
        names its own) and the exchange rate of a proxy in another currency: the amount in
        the case's year and currency is a live product of the three."""
        sheet = self.book.add_worksheet(_("Tarieven"))
        headers = [
            _("Tarief"),
            _("Eenheid"),
            _("Lijst"),
            _("Bedrag in de bron"),
            _("Prijspeil bron"),
            _("Indexfactor"),
            _("Bron"),
            _("Bedrag {year}").format(year=self.results.model.case.meta.price_year),
            _("Indexreeks"),
            _("Wisselkoers"),
        ]
        for col, h in enumerate(headers):
            self.text(sheet, 0, col, h, self.f_head)
        sheet.set_column(0, 0, 40)
        sheet.set_column(6, 6, 70)
        sheet.set_column(7, 7, 14)
        sheet.set_column(8, 9, 30)
        book = self.results.model.book
        used = sorted({e.price_id for e in self.plan.effects})
        for row, price_id in enumerate(used, start=1):
            price = book.prices[price_id]
            self.text(sheet, row, 0, price.name)
            self.text(sheet, row, 1, price.unit)
            self.text(sheet, row, 2, _("eigen tarief") if price.origin == "case" else price.origin)
            sheet.write_number(row, 3, float(price.amount.literal or 0.0), self.f_cents)
            sheet.write_number(row, 4, price.price_year)
            sheet.write_number(row, 5, float(price.index_factor or 1.0), self.f_number)
            self.text(sheet, row, 6, price.source)
            series = book.series_of(price_id)
            if series is not None:
                self.text(sheet, row, 8, series.name)
            rate = float(price.exchange_rate or 1.0)
            if price.exchange:
                self.text(sheet, row, 9, rate_words(price.currency, rate, price.exchange))
            indexed = (
                None
                if price.amount.literal is None
                else float(price.amount.literal) * float(price.index_factor or 1.0) * rate
            )
            formula = f"={xl_rowcol_to_cell(row, 3)}*{xl_rowcol_to_cell(row, 5)}"
            if price.exchange_rate is not None:
                formula += f"*{rate!r}"
            self.formula(sheet, row, 7, formula, indexed, self.f_cents)


def write_workbook(
    results: Results, path: str | Path, indicators: list[IndicatorChange] | None = None
) -> Workbook:
    """Write the workbook; return where every formula cell is and what it must come to.
    With ``indicators`` (measured changes) a sheet of their values per client case."""
    with replacing(path, ".xlsx") as partial:  # never a half-written result
        writer = _Writer(results, partial)
        writer.explanation()
        writer.inputs()
        writer.derived()
        cells = writer.calculations()
        writer.overview(cells)
        writer.values(cells)
        writer.prices()
        if indicators:
            from .indicator_sheet import indicator_sheet

            indicator_sheet(writer, indicators)
        writer.book.close()
    writer.out.path = Path(path)
    return writer.out
