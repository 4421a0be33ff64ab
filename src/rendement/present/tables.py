"""The tables of an mBC report, as plain data with Dutch labels and formatted figures.

The CLI draws them with rich; reports and the web app will draw the same tables, so a
figure is formatted in one place only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..engine import Evaluation, InterventionResult, Results
from ..engine.results import Balance, EffectLine, InvestmentLine
from ..i18n import N_, _
from ..model import BASE_SCENARIO, BusinessCase
from ..model.pricing import rate_words
from ..money import count, currency_word, euro, number, price, price_for, ratio
from ..prices.units import counted, normalise, unit_word
from ..uncertainty import Sensitivity, Simulation
from .inputs import is_share
from .published import add_remarks, remark_text
from .uncertain import BREAK_EVEN_NOTE, break_even_text, chance, distribution_words

if TYPE_CHECKING:
    from ..cohort.indicators import IndicatorChange


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    emphasis: set[int] = field(default_factory=set)  # row indices shown bold (totals)
    caption: str | None = None
    kind: str = ""  # what the table is (net, who_pays, ...), for placing charts beside it
    # each printed total with the exact figures it is made of, signed (see present.rounding)
    sums: list[tuple[float, tuple[float, ...]]] = field(default_factory=list)

    def add(self, row: list[str], bold: bool = False) -> None:
        if bold:
            self.emphasis.add(len(self.rows))
        self.rows.append(row)

    def add_note(self, note: str) -> None:
        """``note`` after the caption (once): the notes under a table are one paragraph."""
        caption = (self.caption or "").rstrip()
        if note in caption:
            return
        if caption and not caption.endswith((".", "!", "?")):
            caption += "."
        self.caption = f"{caption} {note}" if caption else note

    def adds_up(self, total: float, *parts: float) -> None:
        """Declare that the printed ``total`` is the sum of the printed ``parts`` (a part
        subtracted is passed negated), so a difference by rounding gets its note."""
        self.sums.append((float(total), tuple(float(p) for p in parts)))


def shown_scenarios(results: Results, intervention: str, only: str | None = None) -> list[str]:
    """The scenarios worth a table: those that change the intervention, else only 'basis'.

    A scenario changes it through the intervention's own ``scenarios`` block, or through
    a case-wide change (a price or parameter it uses); otherwise its figures are those of
    'basis' and the plan marks the evaluation as a twin.
    """
    if only is not None:
        return [only]
    plan = results.plan
    changing = {
        spec.scenario
        for spec in plan.evaluations
        if spec.intervention == intervention
        and spec.scenario != BASE_SCENARIO
        and spec.same_as is None
    }
    declared = [s for s in results.model.case.scenario_ids() if s in changing]
    if declared and results.model.case.meta.report_basis:
        return [BASE_SCENARIO, *declared]  # 'basis' beside them, unless meta.report_basis: false
    return declared or [BASE_SCENARIO]


def headline_evaluations(
    results: Results, intervention: str, only: str | None = None
) -> list[Evaluation]:
    """What a summary shows of an intervention: its first variant (usually the current
    situation) under each scenario the report shows (minimum and maximum, or 'basis')."""
    result = results.intervention(intervention)
    first = result.evaluations[0].variant
    return [result.get(first, s) for s in shown_scenarios(results, intervention, only)]


def evaluation_name(ev: Evaluation, with_scenario: bool | None = None) -> str:
    """``Huidige situatie — scenario Minimum``; the scenario only when it is not 'basis'
    (or as ``with_scenario`` says, when several scenarios stand side by side)."""
    if with_scenario is None:
        with_scenario = ev.scenario != BASE_SCENARIO
    if not with_scenario:
        return shown_variant(ev)
    return _("{variant} — scenario {scenario}").format(
        variant=shown_variant(ev), scenario=_shown_scenario(ev)
    )


def shown_variant(ev: Evaluation) -> str:
    """The variant's name; the one variant of an intervention without variants ('Basis',
    named so by the engine) in the active language."""
    if ev.variant == BASE_SCENARIO and ev.variant_name == "Basis":
        return _("Basis")
    return ev.variant_name


def _shown_scenario(ev: Evaluation) -> str:
    """The scenario's name; 'basis' in the active language."""
    return _("Basis") if ev.scenario == BASE_SCENARIO else ev.scenario_name


def _heading(ev: Evaluation, multiple_scenarios: bool) -> str:
    return evaluation_name(ev, multiple_scenarios)


def investment_calculation(line: InvestmentLine) -> str:
    """How an investment line's amount is made, so a calculator gives it: ``9 uur/week ×
    52 weken × € 45,6752``, ``3 × € 250``; empty for an amount given as such. The unit
    price has the precision that makes the product round to the shown amount
    (:func:`~rendement.money.price_for`)."""
    f = line.factors
    if "hours_per_week" in f:
        hours, weeks = count(f["hours_per_week"]), count(f["weeks_per_year"])
        times = f["hours_per_week"] * f["weeks_per_year"]
        return _("{hours} uur/week × {weeks} weken × {price}").format(
            hours=hours, weeks=weeks, price=price_for(f["hourly_cost"], times, line.amount)
        )
    if "quantity" in f:
        unit = price_for(f["unit_cost"], f["quantity"], line.amount)
        return f"{count(f['quantity'])} × {unit}"
    return ""


def investment_table(ev: Evaluation, heading: str, names: dict[str, str]) -> Table:
    years = len(ev.years)
    if years == 1:
        table = Table(
            _("Investering per jaar · {heading}").format(heading=heading),
            [_("Post"), _("Berekening"), _("Betaler"), _("Bedrag")],
        )
    else:
        table = Table(
            _("Investering · {heading}").format(heading=heading),
            [
                _("Post"),
                _("Berekening"),
                _("Betaler"),
                _("Bedrag per keer"),
                _("Wanneer"),
                _("Contante waarde"),
            ],
        )
    for line in ev.investments:
        how = investment_calculation(line)
        row = [line.name, how, names.get(line.payer, line.payer), euro(line.amount)]
        if years > 1:
            spent = [n + 1 for n, v in enumerate(line.yearly) if v]
            when = _("eenmalig") if line.one_off else _("jaarlijks")
            span = (
                _("jaar {year}").format(year=spent[0])
                if len(spent) == 1
                else _("jaar {first}–{last}").format(first=spent[0], last=spent[-1])
            )
            row += [f"{when}, {span}" if spent else _("niet binnen de horizon"), euro(line.pv)]
        table.add(row)
    table.add(
        [_("Totaal"), "", "", *([""] * (2 if years > 1 else 0)), euro(ev.investment)], bold=True
    )
    table.adds_up(
        ev.investment, *(line.amount if years == 1 else line.pv for line in ev.investments)
    )
    return table


FILTER_LABELS = {
    "deadweight": (N_("deadweight"), 0.0),
    "attribution": (N_("toerekening"), 1.0),
    "displacement": (N_("verplaatsing"), 0.0),
    "drop_off": (N_("afname/jaar"), 0.0),
    "duration_years": (N_("duur"), 1.0),
    "start_delay_years": (N_("vertraging"), 0.0),
}


def filters_text(filters: dict[str, float], to_others: bool = False) -> str:
    """``deadweight 20% · toerekening 60% · duur 3 jaar``: only the filters that are set;
    with ``to_others`` the attribution as the SROI guides write it (``toerekening aan anderen
    40%``: the share deducted)."""
    parts = []
    for name, value in filters.items():
        label, neutral = FILTER_LABELS[name]
        label = _(label)
        if name == "attribution" and to_others:
            label, value, neutral = _("toerekening aan anderen"), 1.0 - value, 0.0
        if value == neutral:
            continue
        shown = (
            _("{n} jaar").format(n=count(value))
            if name.endswith("_years")
            else f"{count(value * 100)}%"
        )
        parts.append(f"{label} {shown}")
    return " · ".join(parts)


def gross_table(
    ev: Evaluation,
    heading: str,
    perspective_name: str,
    names: dict[str, str],
    sroi: bool = False,
    stakeholders: dict[str, str] | None = None,
) -> Table:
    """The effect lines with their savings; in an SROI (``sroi``) with their value, in
    words of value, every valued line counted (shadow prices included), and whom it is
    for: the stakeholder (named in ``stakeholders``), not the financier."""
    with_filters = any(filters_text(line.filters, line.to_others) for line in ev.effects)
    extra = [_("Per jaar vóór filters"), _("Filters en looptijd")] if with_filters else []
    title = (
        _("Maatschappelijke waarde · {heading}")
        if sroi
        else _("Bruto besparingspotentieel · {heading}")
    )
    table = Table(
        title.format(heading=heading),
        [
            _("Onderdeel"),
            _("Aantal casussen"),
            _("Eenheden per casus"),
            _("Aantal eenheden"),
            _("Tarief"),
            *extra,
            _("Waarde") if sroi else _("Bruto besparing"),
            _("Belanghebbende") if sroi else _("Financier"),
        ],
    )
    for line in ev.effects:
        who = names.get(line.financier, line.financier)
        if sroi:  # the value is the stakeholder's; whose budget it spares is the mBC's view
            who = (stakeholders or {}).get(line.stakeholder or "", who)
        who += "" if line.in_perspective or sroi else " *"
        who += _(" (schaduwprijs)") if line.kind == "shadow_price" else ""
        table.add(
            [
                line.name,
                count(line.cases) if line.cases is not None else "",
                count(line.units_per_case) if line.units_per_case is not None else "",
                counted(count(line.units), line.units, line.unit),
                price(line.price),
                *(
                    [euro(line.base), filters_text(line.filters, line.to_others)]
                    if with_filters
                    else []
                ),
                euro(line.gross),
                who,
            ]
        )
    pad = [""] * (4 + len(extra))
    notes = []
    summed = [line for line in ev.effects if sroi or line.kind != "shadow_price"]
    table.adds_up(ev.social_value if sroi else ev.gross, *(line.gross for line in summed))
    if sroi:
        table.add([_("Maatschappelijke waarde"), *pad, euro(ev.social_value), ""], bold=True)
        if ev.shadow_value:
            table.add([_("waarvan besparing op budgetten"), *pad, euro(ev.gross), ""])
            notes.append(
                _(
                    "schaduwprijzen (een waarde, geen besparing op een budget) tellen mee in "
                    "de maatschappelijke waarde"
                )
            )
    else:
        table.add([_("Totaal"), *pad, euro(ev.gross), ""], bold=True)
    if ev.perspective_gross != ev.gross:
        table.add(
            [
                _("Totaal {perspective}").format(perspective=perspective_name),
                *pad,
                euro(ev.perspective_gross),
                "",
            ]
        )
        in_view = [line for line in summed if line.in_perspective and line.kind != "shadow_price"]
        table.adds_up(ev.perspective_gross, *(line.gross for line in in_view))
        if not sroi:
            notes.append(
                _("* valt niet onder het perspectief {perspective}").format(
                    perspective=perspective_name
                )
            )
    if ev.shadow_value and not sroi:
        notes.append(
            _(
                "schaduwprijzen (een waarde, geen besparing op een budget) staan apart: "
                "{amount}, niet in het totaal"
            ).format(amount=euro(ev.shadow_value))
        )
    if with_filters:
        notes.append(
            _("waarde = per jaar × filters, contante waarde over de looptijd")
            if sroi
            else _("bruto besparing = per jaar × filters, contante waarde over de looptijd")
        )
    table.caption = "; ".join(notes) or None
    return table


def per_case_table(ev: Evaluation, perspective_name: str) -> Table:
    """Savings per case (the report's Table 5: per match). With impact filters or a horizon
    the value per case before filters (one year) stands beside the value after them, so
    every total adds up the lines above it."""
    lines = [line for line in ev.effects if line.value_per_case is not None and line.cases]
    filtered = any(
        not math.isclose(line.gross, line.base, rel_tol=1e-12, abs_tol=1e-9) for line in lines
    )
    before = [_("Per jaar vóór filters"), _("Filters en looptijd")] if filtered else []
    table = Table(
        _("Bruto besparing per casus ({unit})").format(unit=ev.reach_unit),
        [_("Onderdeel"), _("Eenheden per casus"), _("Tarief"), *before, _("Bruto besparing")],
    )
    shadow = outside = False
    for line in lines:
        name = line.name
        if line.kind == "shadow_price":
            name += _(" (schaduwprijs)")
            shadow = True
        if not line.in_perspective and line.kind != "shadow_price":  # skipped by the last total
            name += " *"
            outside = True
        unfiltered = [
            euro(line.value_per_case or 0.0),
            filters_text(line.filters, line.to_others),
        ]
        table.add(
            [
                name,
                count(line.units_per_case),
                price(line.price),
                *(unfiltered if filtered else []),
                euro(line.gross / (line.cases or 1.0)),
            ]
        )
    if ev.gross_per_case is not None and ev.perspective_gross_per_case is not None:
        counted = [line for line in lines if line.kind != "shadow_price"]
        total_before = [euro(sum(line.value_per_case or 0.0 for line in counted)), ""]
        table.add(
            [_("Totaal"), "", "", *(total_before if filtered else []), euro(ev.gross_per_case)],
            bold=True,
        )
        table.adds_up(ev.gross_per_case, *(line.gross / (line.cases or 1.0) for line in counted))
        in_view = [line for line in counted if line.in_perspective]
        table.adds_up(
            ev.perspective_gross_per_case, *(line.gross / (line.cases or 1.0) for line in in_view)
        )
        if filtered:
            table.adds_up(
                sum(line.value_per_case or 0.0 for line in counted),
                *(line.value_per_case or 0.0 for line in counted),
            )
            table.adds_up(
                sum(line.value_per_case or 0.0 for line in in_view),
                *(line.value_per_case or 0.0 for line in in_view),
            )
        view_before = [euro(sum(line.value_per_case or 0.0 for line in in_view)), ""]
        table.add(
            [
                _("Totaal {perspective}").format(perspective=perspective_name),
                "",
                "",
                *(view_before if filtered else []),
                euro(ev.perspective_gross_per_case),
            ]
        )
    notes = []
    if outside and ev.perspective_gross_per_case is not None:
        notes.append(
            _("* valt niet onder het perspectief {perspective}").format(
                perspective=perspective_name
            )
        )
    if shadow:
        notes.append(_("schaduwprijzen tellen niet mee in het totaal"))
    if filtered:
        notes.append(
            _(
                "per jaar vóór filters: eenheden × tarief in één jaar; bruto besparing: na "
                "filters, de contante waarde over de horizon gedeeld door het bereik"
            )
        )
    table.caption = "; ".join(notes) or None
    return table


def net_table(results: Results, intervention: str, scenarios: list[str]) -> Table:
    table = Table(
        _("Netto besparingspotentieel · perspectief {perspective}").format(
            perspective=results.perspective_name
        ),
        [
            _("Variant"),
            _("Scenario"),
            _("Bereik"),
            _("Bruto besparing"),
            _("Investering"),
            _("Netto besparing"),
            _("Bruto ratio"),
            _("Netto ratio"),
        ],
    )
    for ev in results.intervention(intervention).evaluations:
        if ev.scenario not in scenarios:
            continue
        table.add(
            [
                shown_variant(ev),
                _shown_scenario(ev) if len(scenarios) > 1 or ev.scenario != BASE_SCENARIO else "—",
                f"{count(ev.reach)} {ev.reach_unit}",
                euro(ev.perspective_gross),
                euro(ev.perspective_investment),
                euro(ev.net),
                ratio(ev.ratio_gross),
                ratio(ev.ratio_net),
            ]
        )
        table.adds_up(ev.net, ev.perspective_gross, -ev.perspective_investment)
    table.caption = _(
        "Bruto ratio = bruto besparing ÷ investering (elke geïnvesteerde {unit} levert … op); "
        "netto ratio = (bruto besparing − investering) ÷ investering."
    ).format(unit=currency_word())
    table.kind = "net"
    return table


def intervention_tables(
    results: Results,
    intervention: str,
    scenario: str | None = None,
    indicators: Sequence[IndicatorChange] | None = None,
) -> list[Table]:
    """All tables of one intervention, in the order a report shows them; ``indicators``:
    measured changes (:mod:`rendement.cohort.indicators`) that fill the 'Meting' column."""
    scenarios = shown_scenarios(results, intervention, scenario)
    result = results.intervention(intervention)
    names = {f.id: f.name for f in results.model.case.financiers}
    tables: list[Table] = []
    # what each table shows, for the model's remarks: (table, kind, variant, scenario)
    shows: list[tuple[Table, str, str | None, str | None]] = []
    variants = list(dict.fromkeys(e.variant for e in result.evaluations))
    for variant in variants:
        first = result.get(variant, scenarios[0])
        every_case = first.effects and all(line.cases == first.reach for line in first.effects)
        if every_case and variant == variants[0]:
            tables.append(per_case_table(first, results.perspective_name))
        invested = _investment_tables(result, variant, scenarios, names)
        tables.extend(invested)
        options = _investment_options(result, variant, scenarios)
        for table, option in zip(invested, options, strict=True):
            shows.append((table, "investment", variant, None if len(invested) == 1 else option))
        for s in scenarios:
            ev = result.get(variant, s)
            heading = _heading(ev, len(scenarios) > 1)
            sroi = results.model.case.meta.method == "sroi"
            people = {p.id: p.name for p in results.model.case.stakeholders}
            tables.append(gross_table(ev, heading, results.perspective_name, names, sroi, people))
            shows.append((tables[-1], "gross", variant, s))
    if results.horizon_years > 1:
        for variant in variants:
            for s in scenarios:
                ev = result.get(variant, s)
                tables.append(
                    years_table(ev, _heading(ev, len(scenarios) > 1), results.discount_rate)
                )
    tables.append(net_table(results, intervention, scenarios))
    shows.append((tables[-1], "net", None, None))
    add_remarks(results, intervention, shows)
    # the option the summary and the charts show: first variant, first scenario shown
    headline = headline_evaluations(results, intervention, scenario)[0]
    tables.append(
        who_pays_table(headline, _heading(headline, len(scenarios) > 1), results.perspective_name)
    )
    if results.model.case.meta.method == "sroi":
        people = {s.id: s.name for s in results.model.case.stakeholders}
        tables.append(stakeholder_table(headline, _heading(headline, len(scenarios) > 1), people))
    outcomes = outcomes_table(results, intervention, indicators)
    if outcomes is not None:
        tables.append(outcomes)
    return tables


def _investment_options(
    result: InterventionResult, variant: str, scenarios: list[str]
) -> list[str]:
    """The scenario of each table :func:`_investment_tables` makes, in its order."""
    seen: list[tuple[float, ...]] = []
    out = []
    for s in scenarios:
        amounts = tuple(line.pv for line in result.get(variant, s).investments)
        if amounts not in seen:
            seen.append(amounts)
            out.append(s)
    return out


def _investment_tables(
    result: InterventionResult, variant: str, scenarios: list[str], names: dict[str, str]
) -> list[Table]:
    """One investment table per variant, or one per scenario where scenarios change it
    (a case-wide scenario may change a programme cost)."""
    evaluations = [result.get(variant, s) for s in scenarios]
    seen: list[tuple[float, ...]] = []
    distinct = []
    for ev in evaluations:
        amounts = tuple(line.pv for line in ev.investments)
        if amounts not in seen:
            seen.append(amounts)
            distinct.append(ev)
    if len(distinct) == 1:
        return [investment_table(distinct[0], shown_variant(distinct[0]), names)]
    return [investment_table(ev, _heading(ev, True), names) for ev in distinct]


def portfolio_table(results: Results) -> Table | None:
    if not results.portfolio:
        return None
    columns = results.portfolio
    table = Table(
        results.portfolio_title or _("Overzicht"), [_("Interventie"), *(c.name for c in columns)]
    )
    ids = list(dict.fromkeys(r.intervention for c in columns for r in c.rows))
    for intervention in ids:
        cells = []
        name = intervention
        for c in columns:
            row = next((r for r in c.rows if r.intervention == intervention), None)
            if row is not None:
                name = row.name
            cells.append(euro(row.net) if row is not None else "")
        table.add([name, *cells])
    table.add([_("Totaal"), *(euro(c.net) for c in columns)], bold=True)
    for c in columns:
        table.adds_up(c.net, *(r.net for r in c.rows))
    case = results.model.case
    picks = "; ".join(
        f"{c.name}: "
        + ", ".join(
            f"{r.name} ({variant_name(case, r.intervention, r.variant)}"
            + ("" if r.scenario == BASE_SCENARIO else f", {scenario_name(case, r.scenario)}")
            + ")"
            for r in c.rows
        )
        for c in columns
    )
    table.caption = _("Netto besparing, perspectief {perspective}. {picks}").format(
        perspective=results.perspective_name, picks=picks
    )
    for entry in case.portfolio.reported if case.portfolio else []:
        for remark in entry.remarks:
            table.add_note(remark_text(results, entry.table, remark))
    return table


def financiers_table(results: Results) -> Table:
    """Every financier with its party, its law and whether the perspective includes it."""
    financiers = results.model.case.financiers
    members = set(results.perspective_financiers)
    if not any(f.law for f in financiers):  # no empty column of laws
        table = Table(_("Financiers"), [_("Financier"), _("Partij"), _("In perspectief")])
        for f in financiers:
            table.add([f.name, f.party, _("ja") if f.id in members else _("nee")])
        return table
    table = Table(
        _("Financiers en wet"), [_("Financier"), _("Partij"), _("Wet"), _("In perspectief")]
    )
    for f in financiers:
        table.add([f.name, f.party, f.law or "", _("ja") if f.id in members else _("nee")])
    return table


def stakeholder_table(ev: Evaluation, heading: str, names: dict[str, str]) -> Table:
    """SROI's view: the value each stakeholder receives — every valued effect, also value
    that saves no budget (shadow prices) — and the 'X only' ratio: that value ÷ the whole
    investment. Words of value, not of savings."""
    invested = euro(ev.investment)
    table = Table(
        _("Maatschappelijke waarde per belanghebbende · {heading}").format(heading=heading),
        [_("Belanghebbende"), _("Maatschappelijke waarde"), _("Ratio (÷ investering)")],
    )
    for stakeholder, value in ev.stakeholder_value.items():
        share = ev.stakeholder_ratio.get(stakeholder)
        table.add([names.get(stakeholder, stakeholder), euro(value), ratio(share)])
    rest = ev.social_value - sum(ev.stakeholder_value.values())
    if abs(rest) > 0.005:
        share = rest / ev.investment if ev.investment else None
        table.add([_("Zonder belanghebbende"), euro(rest), ratio(share)])
    table.add(
        [_("Maatschappelijke waarde"), euro(ev.social_value), ratio(ev.sroi_ratio)], bold=True
    )
    table.adds_up(
        ev.social_value, *ev.stakeholder_value.values(), *([rest] if abs(rest) > 0.005 else [])
    )
    table.caption = _(
        "Waarde: alle gewaardeerde effecten, ook waarde die geen budget bespaart "
        "(schaduwprijzen); ratio: die waarde ÷ de hele investering ({investment}). Het "
        "SROI-ratio is {sroi}."
    ).format(investment=invested, sroi=f"{ratio(ev.sroi_ratio)} : 1")
    table.kind = "stakeholders"
    return table


def who_pays_table(ev: Evaluation, heading: str, perspective_name: str | None = None) -> Table:
    """Who invests and who gains, per financier: the wrong-pocket problem made visible.

    With ``perspective_name`` a second total counts only the financiers in the perspective:
    its balance is the net savings the other tables print, so a reader sees where the
    figures outside the perspective go."""
    table = Table(
        _("Wie betaalt, wie wint · {heading}").format(heading=heading),
        [
            _("Financier"),
            _("Partij"),
            _("Investering"),
            _("Bruto besparing"),
            _("Saldo"),
            _("In perspectief"),
        ],
    )
    for row in ev.who_pays_who_gains:
        table.add(
            [
                row.name,
                row.party,
                euro(row.investment),
                euro(row.gross),
                euro(row.net),
                _("ja") if row.in_perspective else _("nee"),
            ]
        )
        table.adds_up(row.net, row.gross, -row.investment)
    table.add(
        [_("Totaal"), "", euro(ev.investment), euro(ev.gross), euro(ev.society_net), ""], bold=True
    )
    outside = any(not row.in_perspective for row in ev.who_pays_who_gains)
    if perspective_name is not None and outside:
        table.add(
            [
                _("Totaal {perspective}").format(perspective=perspective_name),
                "",
                euro(ev.perspective_investment),
                euro(ev.perspective_gross),
                euro(ev.net),
                _("ja"),
            ]
        )
    rows = ev.who_pays_who_gains
    table.adds_up(ev.investment, *(row.investment for row in rows))
    table.adds_up(ev.gross, *(row.gross for row in rows))
    table.adds_up(ev.society_net, *(row.net for row in rows))
    table.adds_up(ev.society_net, ev.gross, -ev.investment)
    if perspective_name is not None and outside:
        table.adds_up(ev.net, ev.perspective_gross, -ev.perspective_investment)
    table.kind = "who_pays"
    return table


def years_table(ev: Evaluation, heading: str, rate: float) -> Table:
    table = Table(
        _("Per jaar (perspectief, constante prijzen) · {heading}").format(heading=heading),
        [
            _("Jaar"),
            _("Bruto besparing"),
            _("Investering"),
            _("Netto"),
            _("Cumulatief"),
            _("Discontofactor"),
        ],
    )
    for y in ev.years:
        table.add(
            [
                str(y.year),
                euro(y.gross),
                euro(y.investment),
                euro(y.net),
                euro(y.cumulative_net),
                number(y.discount_factor, 4),
            ]
        )
        table.adds_up(y.net, y.gross, -y.investment)
    pay = (
        _("niet binnen de horizon")
        if ev.payback_years is None
        else _("{n} jaar").format(n=number(ev.payback_years, 1))
    )
    table.caption = _(
        "Contante waarde met {rate}% per jaar (jaar 1 niet verdisconteerd): "
        "netto {net}. Terugverdientijd: {payback}."
    ).format(rate=number(rate * 100, 2), net=euro(ev.net), payback=pay)
    return table


def _per_unit(name: str, unit: str) -> str:
    """``Name (per unit)``, unless the name already says so (``Begeleiding thuis, per
    uur``)."""
    shown = unit_word(unit, 1)  # in the report's language: 'per day' in English
    if any(name.rstrip(")").lower().endswith(f"per {u}".lower()) for u in (unit, shown)):
        return name
    return _("{name} (per {unit})").format(name=name, unit=shown)


def _list_name(origin: str) -> str:
    """A bundled price list by its name ("Kostenhandleiding 2024, referentieprijzen …"),
    never its id; a list of the user's own by what the case calls it."""
    from ..prices import bundled_list, bundled_lists

    if origin in bundled_lists():
        return bundled_list(origin).info.name
    return origin


def conversion_text(line: EffectLine) -> str:
    """A converted price with its calculation: ``€ 70,38 per dag = 2 × € 35,19 per
    dagdeel`` (the line's price is the price per its own unit; the list's price, indexed,
    times how many price units one line unit is)."""
    used = line.price_used
    assert used is not None
    per_price_unit = line.price / used.unit_factor
    return _("{price} per {unit} = {factor} × {list_price} per {price_unit}").format(
        price=price(line.price),
        unit=unit_word(line.unit, 1),
        factor=count(used.unit_factor),
        list_price=price(per_price_unit),
        price_unit=unit_word(used.unit, 1),
    )


def prices_table(results: Results) -> Table:
    """Every price the case used, with source, price year, indexation and unit conversion.

    A price used per another unit than the list's (``dag`` with a price per ``dagdeel``)
    gets a row of its own below the list's price: the price the effect tables show, with
    its calculation (``€ 70,38 per dag = 2 × € 35,19 per dagdeel``).

    The amount as the source gives it stands beside the source's price year, the index
    factor to the case's price year and the amount used, so a reader sees whether and how
    each price was indexed (``€ 30,87 · 2022 · 1,0723 · € 33,10``)."""
    year = results.model.case.meta.price_year
    table = Table(
        _("Gebruikte tarieven en bronnen (prijspeil {year})").format(year=year),
        [
            _("Tarief"),
            _("Lijst"),
            _("Bedrag in de bron"),
            _("Prijspeil bron"),
            _("Index naar {year}").format(year=year),
            _("Bedrag {year}").format(year=year),
            _("Bron"),
        ],
    )
    seen: dict[tuple[str, float], list[str]] = {}  # price and amount → what changed it
    # price and amount → the line's unit → (price per that unit, its calculation)
    converted: dict[tuple[str, float], dict[str, tuple[str, str]]] = {}
    rows: dict[tuple[str, float], list[str]] = {}
    names: dict[tuple[str, float], str] = {}
    notes = []
    for intervention in results.interventions:
        for ev in intervention.evaluations:
            for line in ev.effects:
                used = line.price_used
                if used is None:
                    continue
                key = (used.id, used.amount)
                if used.unit_factor != 1.0:  # a price per dagdeel used per dag: show the sum
                    converted.setdefault(key, {})[normalise(line.unit)] = (
                        price(line.price),
                        conversion_text(line),
                    )
                if key in seen:  # once per amount; a changed price adds a row
                    if line.price_change:
                        seen[key].append(line.price_change)
                    continue
                seen[key] = changes = []
                if line.price_change:
                    changes.append(line.price_change)
                names[key] = used.name
                rows[key] = row = [
                    _per_unit(used.name, used.unit),
                    _("eigen tarief") if used.origin == "case" else _list_name(used.origin),
                    price(used.amount),
                    str(used.price_year),
                    number(used.index_factor, 4),
                    price(used.amount * used.index_factor * used.exchange_rate),
                    used.source,
                ]
                if used.series:
                    notes.append(
                        _("{name}: geïndexeerd met {series}").format(
                            name=used.name, series=used.series
                        )
                    )
                if used.exchange:
                    row[2] = f"{number(used.amount, 2)} {used.currency}"
                    notes.append(
                        _("{name}: omgerekend met wisselkoers {rate}").format(
                            name=used.name,
                            rate=rate_words(used.currency, used.exchange_rate, used.exchange),
                        )
                    )
                if used.overrides:
                    notes.append(
                        _("{name}: lokaal tarief, {overrides}").format(
                            name=used.name, overrides=used.overrides
                        )
                    )
    for key, row in rows.items():
        if seen[key]:  # which scenarios or variants set this amount
            row[0] += " · " + " / ".join(dict.fromkeys(seen[key]))
        table.add(row)
        for unit, (shown, calculation) in converted.get(key, {}).items():
            # the converted price as the effect tables use it, with its calculation
            table.add([_per_unit(names[key], unit), row[1], "", "", "", shown, calculation])
    table.caption = "; ".join(notes) or None
    return table


def outcomes_table(
    results: Results, intervention: str, indicators: Sequence[IndicatorChange] | None = None
) -> Table | None:
    """Effects not valued in money: they count beside the money in every output. An effect
    whose indicator was measured shows the measured change in the 'Meting' column."""
    from .indicators import indicator_text, measured_text

    base = results.model.case.intervention(intervention)
    measured = {i.id: i for i in indicators or [] if i.to == "end"}  # not the follow-up
    table = Table(
        _("Effecten die niet in geld zijn uitgedrukt"),
        [_("Perspectief"), _("Effect"), _("Indicator"), _("Meting")],
    )
    labels = {
        "clients": _("cliënten"),
        "municipality": _("gemeente en ketenpartners"),
        "society": _("maatschappij"),
    }
    for outcome in base.non_monetised:
        table.add(
            [
                labels[outcome.perspective],
                outcome.effect,
                indicator_text(outcome),
                measured_text(measured[outcome.measure.id])
                if outcome.measure is not None and outcome.measure.id in measured
                else outcome.measurement or "",
            ]
        )
    words = base.qualitative_effects
    for key, items in (
        ("clients", words.clients),
        ("municipality", words.municipality),
        ("society", words.society),
    ):
        for text in items:
            table.add([labels[key], text, "", ""])
    for text in base.other_benefits:
        table.add([_("overig"), text, "", ""])
    return table if table.rows else None


def portfolio_balance_table(results: Results) -> Table | None:
    """Who pays and who gains over the whole overview, per column."""
    if not results.portfolio:
        return None
    columns = results.portfolio
    table = Table(
        _("Wie betaalt, wie wint · overzicht"),
        [
            _("Financier"),
            *(
                f"{c.name}: {_(what)}"
                for c in columns
                for what in (N_("investering"), N_("bruto"), N_("saldo"))
            ),
        ],
    )
    names: dict[str, str] = {}
    for c in columns:
        for row in c.who_pays_who_gains:
            names.setdefault(row.financier, row.name)
    inside = set(results.perspective_financiers)
    for fid, name in names.items():
        cells = [name if fid in inside else f"{name} *"]  # * outside the perspective
        for c in columns:
            b = next((x for x in c.who_pays_who_gains if x.financier == fid), None)
            # a financier without a part in this column's options pays and gains € 0
            cells += [euro(b.investment), euro(b.gross), euro(b.net)] if b else [euro(0)] * 3
            if b:
                table.adds_up(b.net, b.gross, -b.investment)
        table.add(cells)

    def total(label: str, rows: list[list[Balance]]) -> list[str]:
        cells = [label]
        for balances in rows:
            cells += [
                euro(sum(b.investment for b in balances)),
                euro(sum(b.gross for b in balances)),
                euro(sum(b.net for b in balances)),
            ]
        return cells

    table.add(total(_("Totaal"), [c.who_pays_who_gains for c in columns]), bold=True)
    for c in columns:
        rows = c.who_pays_who_gains
        table.adds_up(sum(b.investment for b in rows), *(b.investment for b in rows))
        table.adds_up(sum(b.gross for b in rows), *(b.gross for b in rows))
        table.adds_up(sum(b.net for b in rows), *(b.net for b in rows))
    if any(fid not in inside for fid in names):
        perspective = results.perspective_name
        table.add(
            total(
                _("Totaal {perspective}").format(perspective=perspective),
                [[b for b in c.who_pays_who_gains if b.financier in inside] for c in columns],
            )
        )
        table.caption = _(
            "Saldo = bruto besparing − investering. * valt buiten het perspectief "
            "{perspective}: wat deze financier bespaart, telt niet mee in de netto besparing; "
            "het saldo van 'Totaal {perspective}' is de netto besparing van het overzicht."
        ).format(perspective=perspective)
    return table


def variant_name(case: BusinessCase | None, intervention: str, variant: str) -> str:
    """The name a person reads for a variant id (the id itself without the case)."""
    if case is None:
        return variant
    names = {v.id: v.name for v in case.intervention(intervention).variants}
    return names.get(variant, _("Basis") if variant == BASE_SCENARIO else variant)


def scenario_name(case: BusinessCase | None, scenario: str) -> str:
    """The name a person reads for a scenario id ('Basis' for basis)."""
    if case is None:
        return scenario
    if scenario == BASE_SCENARIO:
        return _("Basis")
    return case.scenario_name(scenario)


def column_name(case: BusinessCase | None, column: str) -> str:
    """The heading of an overview column, for its id."""
    if case is None or case.portfolio is None:
        return column
    return next((c.name for c in case.portfolio.columns if c.id == column), column)


def simulation_table(
    simulation: Simulation,
    intervention: str,
    name: str,
    case: BusinessCase | None = None,
    scenarios: list[str] | None = None,
) -> Table:
    """Monte Carlo per variant and scenario of one intervention: mean, P5–P95, P(net > 0);
    variants and scenarios by name when ``case`` is given (as every caller should).

    ``scenarios`` are the ones the report's tables show (:func:`shown_scenarios`): a
    scenario that changes nothing of the intervention has the same draws as 'basis' and
    would only repeat its row; 'basis' itself only when ``meta.report_basis`` says so."""
    table = Table(
        _("Monte Carlo · {name} · netto besparing, perspectief {perspective}").format(
            name=name, perspective=simulation.perspective_name
        ),
        [
            _("Variant"),
            _("Scenario"),
            _("Gemiddeld"),
            _("P5"),
            _("Mediaan"),
            _("P95"),
            _("Kans netto > 0"),
        ],
    )
    fixed = False
    for output in simulation.outputs:
        if output.intervention != intervention or output.financier is not None:
            continue
        if scenarios is not None and output.scenario not in scenarios:
            continue
        s = simulation.statistics[output.name]
        alone = scenarios == [BASE_SCENARIO]  # no scenario changes it: '—', as in the net table
        # an option whose variant and scenario fix every uncertain input: one figure in
        # every draw; three equal percentiles would only look like certainty by chance, so
        # the row says so by its name (the percentile columns keep a dash: still numbers)
        variant = variant_name(case, intervention, output.variant) if output.variant else ""
        if s.fixed:
            variant = f"{variant} ({_('geen onzekere invoer in deze optie')})"
        fixed = fixed or s.fixed
        table.add(
            [
                variant,
                "—" if alone else scenario_name(case, output.scenario) if output.scenario else "",
                euro(s.mean),
                *(["—"] * 3 if s.fixed else [euro(s.p5), euro(s.p50), euro(s.p95)]),
                chance(s.probability_positive),
            ]
        )
    if fixed:
        table.caption = _(
            "Geen onzekere invoer in deze optie: de variant en het scenario leggen elke "
            "onzekere invoer vast, dus elke doorrekening geeft dezelfde netto besparing (— bij "
            "P5, mediaan en P95)."
        )
    return table


def simulation_portfolio_table(simulation: Simulation, case: BusinessCase | None = None) -> Table:
    """Monte Carlo per overview column; columns by their heading when ``case`` is given."""
    table = Table(
        _("Monte Carlo · overzicht · perspectief {perspective}").format(
            perspective=simulation.perspective_name
        ),
        [_("Overzicht"), _("Gemiddeld"), _("P5"), _("Mediaan"), _("P95"), _("Kans netto > 0")],
    )
    for output in simulation.outputs:
        if output.column is None:
            continue
        s = simulation.statistics[output.name]
        table.add(
            [
                column_name(case, output.column),
                euro(s.mean),
                euro(s.p5),
                euro(s.p50),
                euro(s.p95),
                chance(s.probability_positive),
            ]
        )
    table.caption = _("P5, mediaan en P95 uit een histogram (2.000 klassen); gemiddelde exact.")
    return table


def tornado_table(result: Sensitivity, name: str, case: BusinessCase | None = None) -> Table:
    """One-way sensitivity, ranked by swing, with break-even and value of information;
    variant and scenario by name when ``case`` is given."""
    variant = variant_name(case, result.intervention, result.variant)
    option = (
        variant
        if result.scenario == BASE_SCENARIO
        else _("{variant} — scenario {scenario}").format(
            variant=variant, scenario=scenario_name(case, result.scenario)
        )
    )
    table = Table(
        _("Gevoeligheid · {name} · {option} · netto {net}").format(
            name=name, option=option, net=euro(result.net)
        ),
        [
            _("Invoer"),
            _("Verdeling"),
            _("Nu"),
            _("P5 → netto"),
            _("P95 → netto"),
            _("Zwaai"),
            _("Rangcorrelatie"),
            _("EVPPI"),
            _("Break-even"),
        ],
    )
    for row in result.inputs:
        table.add(
            [
                row.label,
                distribution_words(row.kind, row.params, is_share(row.key))
                if row.kind
                else row.distribution,
                count(row.current),
                f"{count(row.low)} → {euro(row.net_low)}",
                f"{count(row.high)} → {euro(row.net_high)}",
                euro(row.swing),
                number(row.rank_correlation, 2),
                euro(row.evppi),
                break_even_text(row),
            ]
        )
    table.caption = " ".join(
        [
            _(
                "Kans op netto besparing > 0: {p}; EVPI (waarde van perfecte informatie "
                "voor 'investeren of niet'): {evpi}."
            ).format(p=chance(result.probability_positive), evpi=euro(result.evpi)),
            _(BREAK_EVEN_NOTE),
        ]
    )
    return table
