"""The SROI report: what a practitioner looks for when a model says ``meta.method: sroi``.

An mBC report answers a council's question (what does it save us?); an SROI report answers
the SROI guide's: what social value is created for whom, for what investment. So the
summary leads with the SROI ratio and the social value, the approach lists the guide's six
stages, the stakeholders are shown included or excluded with the reason, and a chapter
gives the impact map, the net present value and payback period, and a sensitivity
analysis of the ratio with the value each assumption must reach for the ratio to be 1 : 1.

The figures come from the engine's evaluation (social value, investment, per line its
value after the filters); this module only rearranges and solves. The ratio is linear in
each proxy and in each line's (1 − filter), so its 1 : 1 values are solved exactly; only
drop-off enters through the years of an outcome and is solved by re-evaluating the model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..engine import Evaluation, Results, evaluate
from ..engine.results import EffectLine, payback
from ..i18n import N_, _
from ..model.overrides import apply_overrides
from ..money import count, currency_name, euro, number, price, ratio
from ..present import Table, headline_evaluations
from ..present.tables import evaluation_name, shown_variant, stakeholder_table
from ..prices.units import counted
from .outline import Bullets, Outline, PageBreak, conventions_and_team, theory_of_change

if TYPE_CHECKING:
    pass

PROXY_STEP = 0.25
"""How far each financial proxy is varied in the sensitivity analysis: ±25 %."""
FILTER_STEP = 0.10
"""How far each filter is varied: ±10 percentage points (kept between 0 and 100 %)."""

STAGES = [
    N_(
        "Reikwijdte vaststellen en belanghebbenden benoemen: wat de analyse omvat, wie "
        "er invloed op heeft of er iets van merkt, en wie er wel en niet in meetelt."
    ),
    N_(
        "Uitkomsten in kaart brengen: met de belanghebbenden de impact map, van inputs "
        "via outputs naar uitkomsten."
    ),
    N_(
        "Uitkomsten onderbouwen en waarderen: per uitkomst een indicator, de hoeveelheid, "
        "de duur en een financiële proxy met bron."
    ),
    N_(
        "Impact vaststellen: wat ook zonder de activiteit was gebeurd (deadweight), wat "
        "elders verdwijnt (verplaatsing), wat aan anderen is toe te rekenen en de afname "
        "in latere jaren gaan eraf."
    ),
    N_(
        "De SROI berekenen: de contante waarde van de uitkomsten gedeeld door de "
        "investering, met de netto contante waarde, de terugverdientijd en een "
        "gevoeligheidsanalyse."
    ),
    N_(
        "Rapporteren, gebruiken en verankeren: de uitkomsten teruggeven aan de "
        "belanghebbenden en gebruiken om de activiteit te verbeteren."
    ),
]
"""The six stages of the SROI Guide (Cabinet Office 2012; Social Value International)."""


def ratio_text(value: float | None) -> str:
    """An SROI ratio as a ratio, never as money: ``2.73 : 1``."""
    return "—" if value is None else f"{ratio(value)} : 1"


# --- the figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class SroiReturn:
    """The SROI's own figures of one evaluation: present values over the horizon."""

    social_value: float
    investment: float
    net_present_value: float
    ratio: float | None
    value_years: list[float]  # undiscounted, every outcome line, per year of the horizon
    investment_years: list[float]  # undiscounted, every investment line, per year
    payback_years: float | None  # None: not within the horizon
    period_years: float = 1.0  # the length of one step of the streams, in years


def period_of(results: Results) -> float:
    """Years one step of the value stream covers: a year over a horizon of several years;
    the measurement period (``meta.measurement_period_years``) when the horizon is one —
    a forecast whose figures are for five years pays back within those five."""
    meta = results.model.case.meta
    return 1.0 if results.horizon_years > 1 else float(meta.measurement_period_years)


def sroi_return(ev: Evaluation, period_years: float = 1.0) -> SroiReturn:
    """NPV = present value of the value − present value of the investment; the payback
    period is the time until the cumulative value (undiscounted) reaches the cumulative
    investment, with the engine's convention: a year's (a period's) investment spent at
    its start, its value coming in evenly over it."""
    years = len(ev.years) or 1
    value_years = [sum(line.yearly[t] for line in ev.effects) for t in range(years)]
    investment_years = [sum(line.yearly[t] for line in ev.investments) for t in range(years)]
    return SroiReturn(
        social_value=ev.social_value,
        investment=ev.investment,
        net_present_value=ev.social_value - ev.investment,
        ratio=ev.sroi_ratio,
        value_years=value_years,
        investment_years=investment_years,
        payback_years=(
            None
            if (back := payback(value_years, investment_years)) is None
            else back * period_years
        ),
        period_years=period_years,
    )


def years_text(years: float) -> str:
    """``1 year``, ``3 years``."""
    return _("1 jaar") if years == 1 else _("{n} jaar").format(n=count(years))


def payback_text(years: float | None, horizon: float) -> str:
    """``4.4 months`` under two years, else ``2.3 years``; or that it is not reached."""
    if years is None:
        return _("niet binnen de horizon ({years})").format(years=years_text(horizon))
    if years < 2:
        return _("{n} maanden").format(n=number(years * 12, 1))
    return _("{n} jaar").format(n=number(years, 1))


@dataclass(frozen=True)
class Variation:
    """One assumption varied: the ratio at a lower and a higher value, and the value at
    which the ratio is 1 : 1 (None: no possible value gives 1 : 1)."""

    label: str
    kind: str  # "proxy", "share" (a filter), "shift" (every line's filter moved together)
    current: float  # the proxy's value, the filter's share; 0 for a shift
    low: float
    high: float
    ratio_low: float | None
    ratio_high: float | None
    one_to_one: float | None


def _filters(line: EffectLine) -> dict[str, float]:
    """The three filters that scale a line's value, each as the share taken off:
    attribution as the SROI guides mean it (the share due to others)."""
    return {
        "deadweight": line.filters.get("deadweight", 0.0),
        "displacement": line.filters.get("displacement", 0.0),
        "attribution": 1.0 - line.filters.get("attribution", 1.0),
    }


FILTER_NAMES = {
    "deadweight": N_("deadweight"),
    "displacement": N_("verplaatsing"),
    "attribution": N_("toerekening aan anderen"),
    "drop_off": N_("afname"),
}


def _clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def ratio_sensitivity(
    results: Results,
    ev: Evaluation,
    proxy_step: float = PROXY_STEP,
    filter_step: float = FILTER_STEP,
) -> list[Variation]:
    """Each line's proxy and filters varied on their own, then each kind for every line at
    once. With S the social value, I the investment and g a line's value after a filter
    that takes off x: the ratio with x' is (S − g + g·(1 − x')/(1 − x)) / I, so the x*
    giving 1 : 1 is 1 − (I − S + g)·(1 − x)/g; for a proxy scaled by k, k* = (I − S + g)/g.
    A value outside 0–100 % (or a proxy below 0) is no possible value: not reachable."""
    social, invested = ev.social_value, ev.investment
    if not invested:
        return []
    out: list[Variation] = []

    def r(value: float) -> float:
        return value / invested

    for line in ev.effects:
        g = line.gross
        if g <= 0:
            continue
        need = invested - social + g  # the line's value at which the ratio is 1
        out.append(
            Variation(
                f"{line.name} · " + _("financiële proxy"),
                "proxy",
                line.price,
                line.price * (1 - proxy_step),
                line.price * (1 + proxy_step),
                r(social - g * proxy_step),
                r(social + g * proxy_step),
                line.price * need / g if need >= 0 else None,
            )
        )
        for name, x in _filters(line).items():
            keep = 1.0 - x
            if keep <= 0:
                continue
            low, high = _clamp(x - filter_step), _clamp(x + filter_step)
            solved = 1.0 - need * keep / g
            out.append(
                Variation(
                    f"{line.name} · " + _(FILTER_NAMES[name]),
                    "share",
                    x,
                    low,
                    high,
                    r(social - g + g * (1 - low) / keep),
                    r(social - g + g * (1 - high) / keep),
                    solved if 0.0 <= solved <= 1.0 else None,
                )
            )
        out.extend(_drop_off(results, ev, line, filter_step))
    lines = [line for line in ev.effects if line.gross > 0]
    if len(lines) > 1:
        out.append(
            Variation(
                _("Alle uitkomsten · financiële proxy's"),
                "proxy_all",
                1.0,
                1 - proxy_step,
                1 + proxy_step,
                r(social * (1 - proxy_step)),
                r(social * (1 + proxy_step)),
                invested / social if social > 0 else None,
            )
        )
        for name in ("deadweight", "displacement", "attribution"):
            out.append(_shift(name, lines, social, invested, filter_step))
    return out


def _shift(
    name: str, lines: list[EffectLine], social: float, invested: float, step: float
) -> Variation:
    """Every line's filter moved by the same number of percentage points Δ: the value is
    S − Δ·Σ g/(1 − x), so Δ* = (S − I) / Σ g/(1 − x), possible when every x + Δ* stays
    within 0–100 %."""
    moving = [(line.gross, _filters(line)[name]) for line in lines if _filters(line)[name] < 1]

    def value(delta: float) -> float:
        return social + sum(g * ((1 - _clamp(x + delta)) - (1 - x)) / (1 - x) for g, x in moving)

    slope = sum(g / (1 - x) for g, x in moving)
    delta = (social - invested) / slope if slope else None
    if delta is not None and not all(0.0 <= x + delta <= 1.0 for _g, x in moving):
        delta = None
    return Variation(
        _("Alle uitkomsten · {filter}").format(filter=_(FILTER_NAMES[name])),
        "shift",
        0.0,
        -step,
        step,
        value(-step) / invested,
        value(step) / invested,
        delta,
    )


def _drop_off(results: Results, ev: Evaluation, line: EffectLine, step: float) -> list[Variation]:
    """Drop-off works through the years an outcome lasts, not as one factor: the ratio is
    re-evaluated with the line's drop-off changed, and 1 : 1 is found by bisection (the
    ratio falls as drop-off rises). Nothing when drop-off cannot change the value here
    (an outcome of one year, or a horizon of one year)."""
    current = line.filters.get("drop_off", 0.0)
    at = _drop_off_ratio(results, ev, line)
    low, high = _clamp(current - step), _clamp(current + step)
    ratio_low, ratio_high = at(low), at(high)
    if ratio_low == ratio_high:
        return []
    lo, hi = at(0.0), at(1.0)
    solved: float | None = None
    if (lo - 1.0) * (hi - 1.0) <= 0:
        a, b = 0.0, 1.0
        for _n in range(50):
            mid = (a + b) / 2
            if at(mid) > 1.0:
                a = mid
            else:
                b = mid
        solved = (a + b) / 2
    return [
        Variation(
            f"{line.name} · " + _(FILTER_NAMES["drop_off"]),
            "share",
            current,
            low,
            high,
            ratio_low,
            ratio_high,
            solved,
        )
    ]


def _drop_off_ratio(results: Results, ev: Evaluation, line: EffectLine) -> Callable[[float], float]:
    """The SROI ratio of ``ev`` as a function of ``line``'s drop-off (the model re-evaluated
    with only that value changed, as a scenario would change it)."""
    model = results.model
    case = model.case
    base = case.intervention(ev.intervention)
    cache: dict[float, float] = {}

    def at(drop_off: float) -> float:
        if drop_off not in cache:
            changed = apply_overrides(
                base, {f"effects.{line.id}.drop_off": f"{drop_off * 100:.12g}%"}
            )
            edited = case.model_copy(
                update={
                    "interventions": [changed if i.id == base.id else i for i in case.interventions]
                }
            )
            again = evaluate(
                dataclasses.replace(model, case=edited, _effective={}, _changes={}),
                results.perspective,
            )
            other = again.intervention(ev.intervention).get(ev.variant, ev.scenario)
            cache[drop_off] = other.sroi_ratio if other.sroi_ratio is not None else 0.0
        return cache[drop_off]

    return at


# --- the report's blocks -----------------------------------------------------------------


def _points(share: float) -> str:
    """A share in percent: whole when whole, else to one decimal (``50.8``)."""
    return number(share * 100, 1 if round(share * 100, 1) % 1 else 0)


def _percent(share: float) -> str:
    return f"{_points(share)}%"


def _shown(variation: Variation, value: float) -> str:
    if variation.kind == "proxy":
        return price(value)
    if variation.kind == "proxy_all":
        return f"{'+' if value > 1 else ''}{_percent(value - 1)}"
    if variation.kind == "shift":
        sign = "+" if value > 0 else ""
        return _("{n} %-punt").format(
            n=sign + number(value * 100, 1 if round(value * 100, 1) % 1 else 0)
        )
    return _percent(value)


def sensitivity_table(results: Results, ev: Evaluation, heading: str) -> Table:
    """The ratio's sensitivity: per assumption the ratio at a lower and a higher value and
    the value that brings the ratio to 1 : 1."""
    table = Table(
        _("Gevoeligheid van de SROI-ratio · {heading}").format(heading=heading),
        [
            _("Aanname"),
            _("In het model"),
            _("Lager → ratio"),
            _("Hoger → ratio"),
            _("Nodig voor 1 : 1"),
        ],
    )
    for v in ratio_sensitivity(results, ev):
        current = "" if v.kind in ("shift", "proxy_all") else _shown(v, v.current)
        table.add(
            [
                v.label,
                current,
                f"{_shown(v, v.low)} → {ratio(v.ratio_low)}",
                f"{_shown(v, v.high)} → {ratio(v.ratio_high)}",
                _("niet haalbaar") if v.one_to_one is None else _shown(v, v.one_to_one),
            ]
        )
    table.caption = _(
        "SROI-ratio in het model {ratio}. Elke financiële proxy ±{proxy}%, elk filter "
        "±{points} procentpunt (binnen 0–100%), de rest zoals in het model; 'alle "
        "uitkomsten' verschuift het filter van elke uitkomst tegelijk. 'Nodig voor 1 : 1' is "
        "de waarde waarbij de maatschappelijke waarde gelijk is aan de investering: exact "
        "opgelost (de ratio is lineair in elke proxy en in 1 − elk filter), afname door "
        "opnieuw door te rekenen; 'niet haalbaar' als geen mogelijke waarde (0–100%, een "
        "proxy niet onder 0) de ratio op 1 : 1 brengt."
    ).format(
        ratio=ratio_text(ev.sroi_ratio),
        proxy=count(PROXY_STEP * 100),
        points=count(FILTER_STEP * 100),
    )
    table.kind = "sroi_sensitivity"
    return table


def impact_map_tables(results: Results, ev: Evaluation, heading: str) -> list[Table]:
    """The impact map in two tables that share the outcome: from stakeholder and inputs to
    the outcome and how much of it (stages 1–3), and from the outcome to its value (stages
    3–4). An A4 page holds seven or eight columns, not thirteen."""
    case = results.model.case
    people = {s.id: s.name for s in case.stakeholders}
    funders = {f.id: f.name for f in case.financiers}
    intervention = case.intervention(ev.intervention)
    output = f"{count(ev.reach)} {ev.reach_unit}"
    indicators = {e.id: e.indicator for e in intervention.effects}
    inputs: dict[str, list[str]] = {}
    for item in ev.investments:
        inputs.setdefault(item.payer, []).append(f"{item.name}: {euro(item.pv)}")
    first = Table(
        _("Impact map (1/2): van belanghebbende naar uitkomst · {heading}").format(heading=heading),
        [
            _("Belanghebbende"),
            _("Inputs"),
            _("Outputs"),
            _("Uitkomst"),
            _("Indicator"),
            _("Hoeveelheid"),
            _("Duur"),
        ],
    )
    seen: set[str] = set()
    for line in ev.effects:
        who = line.stakeholder or line.financier
        new = who not in seen
        seen.add(who)
        duration = years_text(line.filters.get("duration_years", 1.0))
        delay = line.filters.get("start_delay_years", 0.0)
        if delay:
            duration += " " + _("(begint na {years})").format(years=years_text(delay))
        first.add(
            [
                people.get(who, funders.get(who, who)) if new else "",
                "; ".join(inputs.get(who, [])) if new else "",
                output if new else "",
                line.name,
                indicators.get(line.id) or "—",
                counted(count(line.units), line.units, line.unit),
                duration,
            ]
        )
    for payer, items in inputs.items():
        if payer not in seen:  # a funder without an outcome of its own: its inputs only
            first.add([funders.get(payer, payer), "; ".join(items), "", "—", "", "", ""])
    first.add([_("Totaal"), euro(ev.investment), "", "", "", "", ""], bold=True)
    first.caption = _(
        "Inputs: wat een belanghebbende inbrengt (contante waarde); outputs: wat de "
        "activiteit bereikt; de uitkomst is de verandering die de belanghebbende ervaart."
    )
    if not any(indicators.get(line.id) for line in ev.effects):  # no column of dashes
        at = first.columns.index(_("Indicator"))
        del first.columns[at]
        for row in first.rows:
            del row[at]
        first.caption += " " + _("Het model noemt bij geen uitkomst een indicator.")
    second = Table(
        _("Impact map (2/2): van uitkomst naar waarde · {heading}").format(heading=heading),
        [
            _("Uitkomst"),
            _("Financiële proxy (bron)"),
            _("Waarde per eenheid"),
            _("Deadweight"),
            _("Verplaatsing"),
            _("Toerekening aan anderen"),
            _("Afname"),
            _("Waarde"),
        ],
    )
    sources: list[str] = []  # numbered below the table: a source is often a long title
    for line in ev.effects:
        used = line.price_used
        proxy = line.name
        if used is not None:
            if used.source not in sources:
                sources.append(used.source)
            proxy = f"{used.name} [{sources.index(used.source) + 1}]"
        filters = _filters(line)
        second.add(
            [
                line.name,
                proxy,
                price(line.price),
                _percent(filters["deadweight"]),
                _percent(filters["displacement"]),
                _percent(filters["attribution"]),
                _percent(line.filters.get("drop_off", 0.0)),
                euro(line.gross),
            ]
        )
    second.add(
        [_("Maatschappelijke waarde"), "", "", "", "", "", "", euro(ev.social_value)], bold=True
    )
    horizon = len(ev.years) or 1
    when = (
        _("één jaar, niet verdisconteerd")
        if horizon == 1
        else _("contante waarde over {years} jaar tegen {rate}% per jaar").format(
            years=horizon, rate=number(results.discount_rate * 100, 2)
        )
    )
    caption = _(
        "Waarde = hoeveelheid × waarde per eenheid × (1 − deadweight) × (1 − verplaatsing) "
        "× (1 − toerekening aan anderen), in elk volgend jaar van de duur minus de afname; "
        "{when}. Toerekening aan anderen is het deel dat anderen bewerkstelligen."
    ).format(when=when)
    if sources:
        caption += " " + _("Bronnen: {sources}.").format(
            sources="; ".join(f"[{n}] {source}" for n, source in enumerate(sources, start=1))
        )
    second.caption = caption
    return [first, second]


def stakeholders_table(results: Results, ev: Evaluation | None) -> Table:
    """Every stakeholder, included in the analysis or not, with the reason and the value
    it receives: the SROI guide asks why each was included or left out."""
    reasons = any(s.reason for s in results.model.case.stakeholders)  # else no empty column
    table = Table(
        _("Belanghebbenden: meegenomen en uitgesloten"),
        [_("Belanghebbende"), _("Meegenomen"), *([_("Reden")] if reasons else []), _("Waarde")],
    )
    values = ev.stakeholder_value if ev is not None else {}
    for s in results.model.case.stakeholders:
        value = values.get(s.id)
        table.add(
            [
                s.name,
                _("ja") if s.included else _("nee"),
                *([s.reason or ""] if reasons else []),
                euro(value) if value is not None else "—",
            ]
        )
    included = sum(1 for s in results.model.case.stakeholders if s.included)
    excluded = len(results.model.case.stakeholders) - included
    table.caption = _("{included} meegenomen, {excluded} uitgesloten.").format(
        included=included, excluded=excluded
    )
    return table


def funders_table(results: Results, ev: Evaluation) -> Table:
    """Who invests, and how much of the investment: the inputs in money."""
    names = {f.id: f.name for f in results.model.case.financiers}
    table = Table(
        _("Investering per investeerder"), [_("Investeerder"), _("Investering"), _("Aandeel")]
    )
    for payer, amount in ev.investment_by_payer.items():
        if amount:
            share = amount / ev.investment if ev.investment else 0.0
            table.add([names.get(payer, payer), euro(amount), _percent(share)])
    table.add([_("Totaal"), euro(ev.investment), "100%"], bold=True)
    return table


def _summary(
    outline: Outline, results: Results, scenario: str | None, published: list[str]
) -> None:
    meta = results.model.case.meta
    outline.heading(_("Samenvatting"))
    shown = [
        (result, ev)
        for result in results.interventions
        for ev in headline_evaluations(results, result.id, scenario)
    ]
    horizon = results.horizon_years
    for result, ev in shown:
        name = result.name
        if len(shown) > len(results.interventions):
            name += f" — {evaluation_name(ev)}"
        outline.text(
            _(
                "{name}: SROI-ratio {ratio} — een maatschappelijke waarde van {value} voor "
                "een investering van {investment} (contante waarden over {years})."
            ).format(
                name=name,
                ratio=ratio_text(ev.sroi_ratio),
                value=euro(ev.social_value),
                investment=euro(ev.investment),
                years=years_text(horizon),
            ),
            "lead",
        )
    table = Table(
        _("De SROI in één oogopslag"),
        [
            _("Interventie"),
            _("SROI-ratio"),
            _("Maatschappelijke waarde"),
            _("Investering"),
            _("Netto contante waarde"),
            _("Terugverdientijd"),
        ],
    )
    for result, ev in shown:
        figures = sroi_return(ev, period_of(results))
        name = result.name
        if len(shown) > len(results.interventions):
            name += f" — {evaluation_name(ev)}"
        table.add(
            [
                name,
                ratio_text(figures.ratio),
                euro(figures.social_value),
                euro(figures.investment),
                euro(figures.net_present_value),
                payback_text(figures.payback_years, horizon * figures.period_years),
            ]
        )
    table.caption = _(
        "SROI-ratio = maatschappelijke waarde ÷ investering; netto contante waarde = "
        "maatschappelijke waarde − investering; de terugverdientijd staat in het hoofdstuk "
        "over de SROI-berekening."
    )
    outline.table(table)
    people = {s.id: s.name for s in results.model.case.stakeholders}
    for result in results.interventions:
        ev = headline_evaluations(results, result.id, scenario)[0]
        outline.table(stakeholder_table(ev, f"{result.name} · {shown_variant(ev)}", people))
    outline.text(meta.summary)
    for note in published:
        outline.text(note, "note")
    for result in results.interventions:
        ev = headline_evaluations(results, result.id, scenario)[0]
        if ev.perspective_investment or ev.perspective_gross:
            outline.text(
                _(
                    "Voor {perspective} alleen (het perspectief van de tabellen met "
                    "besparingen): besparing {gross}, investering {investment}, netto {net}. "
                    "De SROI telt de waarde voor alle belanghebbenden."
                ).format(
                    perspective=results.perspective_name,
                    gross=euro(ev.perspective_gross),
                    investment=euro(ev.perspective_investment),
                    net=euro(ev.net),
                ),
                "note",
            )


def sroi_front(
    outline: Outline, results: Results, scenario: str | None, published: list[str]
) -> None:
    """Summary, theory of change, approach (the SROI guide's stages) and stakeholders."""
    case = results.model.case
    meta = case.meta
    _summary(outline, results, scenario, published)
    theory_of_change(outline, case)
    outline.heading(_("Aanpak"))
    outline.text(case.theory_of_change.approach)
    outline.text(_("De analyse volgt de zes stadia van de SROI-gids:"))
    outline.blocks.append(Bullets([_(stage) for stage in STAGES]))
    outline.text(
        _("Alle bedragen zijn in {currency}, in constante prijzen van prijspeil {year}.").format(
            currency=currency_name(meta.currency), year=meta.price_year
        )
    )
    conventions_and_team(outline, results)
    outline.heading(_("Belanghebbenden"))
    described = [s for s in case.stakeholders if s.description]
    if described:
        outline.blocks.append(Bullets([f"{s.name}: {s.description}" for s in described]))
    first = results.interventions[0] if results.interventions else None
    ev = headline_evaluations(results, first.id, scenario)[0] if first is not None else None
    if case.stakeholders:
        outline.table(stakeholders_table(results, ev if len(results.interventions) == 1 else None))
    if ev is not None and len(results.interventions) == 1:
        outline.heading(_("Investeerders"), 2)
        outline.table(funders_table(results, ev))


def sroi_chapter(outline: Outline, results: Results, scenario: str | None) -> None:
    """Per intervention: the impact map, NPV and payback, and the ratio's sensitivity."""
    for result in results.interventions:
        ev = headline_evaluations(results, result.id, scenario)[0]
        heading = f"{result.name} · {shown_variant(ev)}"
        figures = sroi_return(ev, period_of(results))
        outline.blocks.append(PageBreak())
        outline.heading(_("De SROI-berekening · {name}").format(name=result.name))
        outline.heading(_("Impact map"), 2)
        for table in impact_map_tables(results, ev, heading):
            outline.table(table)
        outline.heading(_("Netto contante waarde en terugverdientijd"), 2)
        outline.text(
            _(
                "Netto contante waarde = contante waarde van de uitkomsten − contante waarde "
                "van de investering = {value} − {investment} = {npv}. SROI-ratio = {value} ÷ "
                "{investment} = {ratio}."
            ).format(
                value=euro(figures.social_value),
                investment=euro(figures.investment),
                npv=euro(figures.net_present_value),
                ratio=ratio_text(figures.ratio),
            )
        )
        outline.text(
            _(
                "Terugverdientijd: {payback}. Berekend uit de jaarlijkse waarde (niet "
                "verdisconteerd): de tijd tot de opgetelde waarde de opgetelde investering "
                "bereikt, met de investering van een jaar aan het begin van dat jaar en de "
                "waarde gelijk verdeeld over het jaar."
            ).format(
                payback=payback_text(
                    figures.payback_years, results.horizon_years * figures.period_years
                )
            )
        )
        if len(figures.value_years) > 1:
            years = Table(
                _("Waarde en investering per jaar · {heading}").format(heading=heading),
                [_("Jaar"), _("Waarde"), _("Investering"), _("Opgeteld saldo")],
            )
            total = 0.0
            for t, (value, invested) in enumerate(
                zip(figures.value_years, figures.investment_years, strict=True), start=1
            ):
                total += value - invested
                years.add([str(t), euro(value), euro(invested), euro(total)])
            years.caption = _("Niet verdisconteerd: zo telt de terugverdientijd.")
            outline.table(years)
        elif figures.payback_years is not None and figures.value_years[0]:
            months = 12 * figures.period_years
            shown_months = number(months, 0)
            outline.text(
                (
                    _(
                        "Met één jaar: investering ÷ waarde per jaar × 12 = {investment} ÷ "
                        "{value} × 12 = {months} maanden."
                    )
                    if figures.period_years == 1
                    else _(
                        "Met één meetperiode van {period} maanden: investering ÷ waarde in die "
                        "periode × {period} = {investment} ÷ {value} × {period} = {months} "
                        "maanden."
                    )
                ).format(
                    investment=euro(figures.investment_years[0]),
                    value=euro(figures.value_years[0]),
                    period=shown_months,
                    months=number(figures.investment_years[0] / figures.value_years[0] * months, 1),
                ),
                "note",
            )
        outline.heading(_("Gevoeligheid van de SROI-ratio"), 2)
        outline.text(
            _(
                "Welke aanname draagt de ratio? Elke financiële proxy en elk filter is apart "
                "gevarieerd, en daarna elk filter voor alle uitkomsten tegelijk; de laatste "
                "kolom zegt welke waarde de aanname zou moeten hebben voor een ratio van 1 : 1."
            )
        )
        variations = ratio_sensitivity(results, ev)
        alone = [v for v in variations if v.kind in ("proxy", "share")]
        if alone and all(v.one_to_one is None for v in alone):
            outline.text(
                _("Geen proxy of filter van één uitkomst brengt de ratio op zichzelf op 1 : 1.")
            )
        outline.table(sensitivity_table(results, ev, heading))
