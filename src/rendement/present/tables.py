"""The tables of an mBC report, as plain data with Dutch labels and formatted figures.

The CLI draws them with rich; reports and the web app will draw the same tables, so a
figure is formatted in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import Evaluation, Results
from ..i18n import N_, _
from ..model import BASE_SCENARIO
from ..money import count, euro, number, price, ratio
from ..uncertainty import Sensitivity, Simulation


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    emphasis: set[int] = field(default_factory=set)  # row indices shown bold (totals)
    caption: str | None = None

    def add(self, row: list[str], bold: bool = False) -> None:
        if bold:
            self.emphasis.add(len(self.rows))
        self.rows.append(row)


def shown_scenarios(results: Results, intervention: str, only: str | None = None) -> list[str]:
    """The scenarios worth a table: those the intervention changes, else only 'basis'."""
    base = results.model.case.intervention(intervention)
    if only is not None:
        return [only]
    declared = [s for s in results.model.case.scenario_ids() if s in base.scenarios]
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
        return ev.variant_name
    return _("{variant} — scenario {scenario}").format(
        variant=ev.variant_name, scenario=ev.scenario_name
    )


def _heading(ev: Evaluation, multiple_scenarios: bool) -> str:
    return evaluation_name(ev, multiple_scenarios)


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
        f = line.factors
        if "hours_per_week" in f:
            hours, weeks = count(f["hours_per_week"]), count(f["weeks_per_year"])
            how = _("{hours} uur/week × {weeks} weken × {price}").format(
                hours=hours, weeks=weeks, price=price(f["hourly_cost"])
            )
        elif "quantity" in f:
            how = f"{count(f['quantity'])} × {price(f['unit_cost'])}"
        else:
            how = ""
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
    return table


FILTER_LABELS = {
    "deadweight": (N_("deadweight"), 0.0),
    "attribution": (N_("toerekening"), 1.0),
    "displacement": (N_("verplaatsing"), 0.0),
    "drop_off": (N_("afname/jaar"), 0.0),
    "duration_years": (N_("duur"), 1.0),
    "start_delay_years": (N_("vertraging"), 0.0),
}


def filters_text(filters: dict[str, float]) -> str:
    """``deadweight 20% · toerekening 60% · duur 3 jaar``: only the filters that are set."""
    parts = []
    for name, value in filters.items():
        label, neutral = FILTER_LABELS[name]
        label = _(label)
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
    ev: Evaluation, heading: str, perspective_name: str, names: dict[str, str]
) -> Table:
    with_filters = any(filters_text(line.filters) for line in ev.effects)
    extra = [_("Per jaar vóór filters"), _("Filters en looptijd")] if with_filters else []
    table = Table(
        _("Bruto besparingspotentieel · {heading}").format(heading=heading),
        [
            _("Onderdeel"),
            _("Aantal casussen"),
            _("Eenheden per casus"),
            _("Aantal eenheden"),
            _("Tarief"),
            *extra,
            _("Bruto besparing"),
            _("Financier"),
        ],
    )
    for line in ev.effects:
        who = names.get(line.financier, line.financier)
        who += "" if line.in_perspective else " *"
        who += _(" (schaduwprijs)") if line.kind == "shadow_price" else ""
        table.add(
            [
                line.name,
                count(line.cases) if line.cases is not None else "",
                count(line.units_per_case) if line.units_per_case is not None else "",
                f"{count(line.units)} {line.unit}",
                price(line.price),
                *([euro(line.base), filters_text(line.filters)] if with_filters else []),
                euro(line.gross),
                who,
            ]
        )
    pad = [""] * (4 + len(extra))
    table.add([_("Totaal"), *pad, euro(ev.gross), ""], bold=True)
    notes = []
    if ev.perspective_gross != ev.gross:
        table.add(
            [
                _("Totaal {perspective}").format(perspective=perspective_name),
                *pad,
                euro(ev.perspective_gross),
                "",
            ]
        )
        notes.append(
            _("* valt niet onder het perspectief {perspective}").format(
                perspective=perspective_name
            )
        )
    if ev.shadow_value:
        notes.append(
            _(
                "schaduwprijzen (een waarde, geen besparing op een budget) staan apart: "
                "{amount}, niet in het totaal"
            ).format(amount=euro(ev.shadow_value))
        )
    if with_filters:
        notes.append(_("bruto besparing = per jaar × filters, contante waarde over de looptijd"))
    table.caption = "; ".join(notes) or None
    return table


def per_case_table(ev: Evaluation, perspective_name: str) -> Table:
    """Savings per case (the report's Table 5: per match)."""
    table = Table(
        _("Bruto besparing per casus ({unit})").format(unit=ev.reach_unit),
        [_("Onderdeel"), _("Eenheden per casus"), _("Tarief"), _("Bruto besparing")],
    )
    for line in ev.effects:
        if line.value_per_case is None:
            continue
        table.add(
            [line.name, count(line.units_per_case), price(line.price), euro(line.value_per_case)]
        )
    if ev.gross_per_case is not None and ev.perspective_gross_per_case is not None:
        table.add([_("Totaal"), "", "", euro(ev.gross_per_case)], bold=True)
        table.add(
            [
                _("Totaal {perspective}").format(perspective=perspective_name),
                "",
                "",
                euro(ev.perspective_gross_per_case),
            ]
        )
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
                ev.variant_name,
                ev.scenario_name if len(scenarios) > 1 or ev.scenario != BASE_SCENARIO else "—",
                f"{count(ev.reach)} {ev.reach_unit}",
                euro(ev.perspective_gross),
                euro(ev.perspective_investment),
                euro(ev.net),
                ratio(ev.ratio_gross),
                ratio(ev.ratio_net),
            ]
        )
    table.caption = _(
        "Bruto ratio = bruto besparing ÷ investering (elke geïnvesteerde euro levert … op); "
        "netto ratio = (bruto besparing − investering) ÷ investering."
    )
    return table


def intervention_tables(
    results: Results, intervention: str, scenario: str | None = None
) -> list[Table]:
    """All tables of one intervention, in the order a report shows them."""
    scenarios = shown_scenarios(results, intervention, scenario)
    result = results.intervention(intervention)
    names = {f.id: f.name for f in results.model.case.financiers}
    tables: list[Table] = []
    variants = list(dict.fromkeys(e.variant for e in result.evaluations))
    for variant in variants:
        first = result.get(variant, scenarios[0])
        every_case = first.effects and all(line.cases == first.reach for line in first.effects)
        if every_case and variant == variants[0]:
            tables.append(per_case_table(first, results.perspective_name))
        tables.append(investment_table(first, first.variant_name, names))
        for s in scenarios:
            ev = result.get(variant, s)
            heading = _heading(ev, len(scenarios) > 1)
            tables.append(gross_table(ev, heading, results.perspective_name, names))
    if results.horizon_years > 1:
        for variant in variants:
            for s in scenarios:
                ev = result.get(variant, s)
                tables.append(
                    years_table(ev, _heading(ev, len(scenarios) > 1), results.discount_rate)
                )
    tables.append(net_table(results, intervention, scenarios))
    last = result.get(variants[-1], scenarios[-1])
    tables.append(who_pays_table(last, _heading(last, len(scenarios) > 1)))
    outcomes = outcomes_table(results, intervention)
    if outcomes is not None:
        tables.append(outcomes)
    return tables


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
    picks = "; ".join(
        f"{c.name}: "
        + ", ".join(
            f"{r.name} ({r.variant}{'' if r.scenario == BASE_SCENARIO else '/' + r.scenario})"
            for r in c.rows
        )
        for c in columns
    )
    table.caption = _("Netto besparing, perspectief {perspective}. {picks}").format(
        perspective=results.perspective_name, picks=picks
    )
    return table


def financiers_table(results: Results) -> Table:
    """Every financier with its party, its law and whether the perspective includes it."""
    table = Table(
        _("Financiers en wet"), [_("Financier"), _("Partij"), _("Wet"), _("In perspectief")]
    )
    members = set(results.perspective_financiers)
    for f in results.model.case.financiers:
        table.add([f.name, f.party, f.law or "", _("ja") if f.id in members else _("nee")])
    return table


def who_pays_table(ev: Evaluation, heading: str) -> Table:
    """Who invests and who gains, per financier: the wrong-pocket problem made visible."""
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
    table.add(
        [_("Totaal"), "", euro(ev.investment), euro(ev.gross), euro(ev.society_net), ""], bold=True
    )
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


def prices_table(results: Results) -> Table:
    """Every price the case used, with source, price year, indexation and unit conversion."""
    year = results.model.case.meta.price_year
    table = Table(
        _("Gebruikte tarieven en bronnen (prijspeil {year})").format(year=year),
        [
            _("Tarief"),
            _("Lijst"),
            _("Bedrag"),
            _("Prijspeil"),
            _("Index"),
            _("Bedrag {year}").format(year=year),
            _("Bron"),
        ],
    )
    seen: set[str] = set()
    notes = []
    for intervention in results.interventions:
        for ev in intervention.evaluations:
            for line in ev.effects:
                used = line.price_used
                if used is None or used.id in seen:
                    continue
                seen.add(used.id)
                table.add(
                    [
                        _("{name} (per {unit})").format(name=used.name, unit=used.unit),
                        _("eigen tarief") if used.origin == "case" else used.origin,
                        price(used.amount),
                        str(used.price_year),
                        number(used.index_factor, 4),
                        price(used.amount * used.index_factor),
                        used.source,
                    ]
                )
                if used.overrides:
                    notes.append(
                        _("{name}: lokaal tarief, {overrides}").format(
                            name=used.name, overrides=used.overrides
                        )
                    )
    table.caption = "; ".join(notes) or None
    return table


def outcomes_table(results: Results, intervention: str) -> Table | None:
    """Effects not valued in money: they count beside the money in every output."""
    base = results.model.case.intervention(intervention)
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
                outcome.indicator or "",
                outcome.measurement or "",
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
    for fid, name in names.items():
        cells = [name]
        for c in columns:
            b = next((x for x in c.who_pays_who_gains if x.financier == fid), None)
            cells += [euro(b.investment), euro(b.gross), euro(b.net)] if b else ["", "", ""]
        table.add(cells)
    return table


def simulation_table(simulation: Simulation, intervention: str, name: str) -> Table:
    """Monte Carlo per variant and scenario of one intervention: mean, P5–P95, P(net > 0)."""
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
    for output in simulation.outputs:
        if output.intervention != intervention or output.financier is not None:
            continue
        s = simulation.statistics[output.name]
        table.add(
            [
                output.variant or "",
                output.scenario or "",
                euro(s.mean),
                euro(s.p5),
                euro(s.p50),
                euro(s.p95),
                f"{number(s.probability_positive * 100, 1)}%",
            ]
        )
    return table


def simulation_portfolio_table(simulation: Simulation) -> Table:
    table = Table(
        _("Monte Carlo · overzicht · perspectief {perspective}").format(
            perspective=simulation.perspective_name
        ),
        [_("Kolom"), _("Gemiddeld"), _("P5"), _("Mediaan"), _("P95"), _("Kans netto > 0")],
    )
    for output in simulation.outputs:
        if output.column is None:
            continue
        s = simulation.statistics[output.name]
        table.add(
            [
                output.column,
                euro(s.mean),
                euro(s.p5),
                euro(s.p50),
                euro(s.p95),
                f"{number(s.probability_positive * 100, 1)}%",
            ]
        )
    table.caption = _("P5, mediaan en P95 uit een histogram (2.000 klassen); gemiddelde exact.")
    return table


def tornado_table(result: Sensitivity, name: str) -> Table:
    """One-way sensitivity, ranked by swing, with break-even and value of information."""
    table = Table(
        _("Gevoeligheid · {name} · {variant} · {scenario} · netto {net}").format(
            name=name, variant=result.variant, scenario=result.scenario, net=euro(result.net)
        ),
        [
            _("Invoer"),
            _("Verdeling"),
            _("Nu"),
            _("P5 → netto"),
            _("P95 → netto"),
            _("Zwaai"),
            _("Rangcorr."),
            _("EVPPI"),
            _("Break-even"),
        ],
    )
    for row in result.inputs:
        be = row.break_even
        table.add(
            [
                row.label,
                row.distribution,
                count(row.current),
                f"{count(row.low)} → {euro(row.net_low)}",
                f"{count(row.high)} → {euro(row.net_high)}",
                euro(row.swing),
                number(row.rank_correlation, 2),
                euro(row.evppi),
                count(be.value) if be.value is not None else _("geen"),
            ]
        )
    table.caption = _(
        "Kans op netto > 0: {p}%; EVPI (waarde van "
        "volledige informatie voor 'investeren of niet'): {evpi}."
    ).format(p=number(result.probability_positive * 100, 1), evpi=euro(result.evpi))
    return table
