"""Point results as plain objects: per effect line, per evaluation, per intervention, portfolio.

These are what the CLI, the audit, reports and (later) the web app read. Money is kept
unrounded; presentation rounds. Every money figure of an evaluation is a present value
over the case's horizon (with the default horizon of one year: the yearly figure).
"""

from __future__ import annotations

import math
from collections.abc import Container
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from ..i18n import _
from ..model import SOCIETY, Intervention, LoadedModel
from ..money import currency, currency_word, per_unit
from ..tabular import Columns, Tabular
from . import frames
from .evaluate import Outcome, Totals, run, totals
from .plan import FILTERS, Plan, build_plan


def _num(value: Any) -> float | None:
    """A figure, or None where it has no value (a ratio without investment). The loader
    keeps every input finite and within 10^15; a ratio over an investment of almost 0
    could still overflow, and infinity is no figure either (nor valid JSON)."""
    number = float(value)
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class PriceUsed:
    """Where a line's price comes from and how it was brought to the case's year and unit."""

    id: str
    dutch_name: str  # the list's (Dutch) name, or the case's own
    origin: str  # 'case', or the id of the price list
    source: str
    amount: float  # as listed, in its own price year and unit
    unit: str
    price_year: int
    index_factor: float
    unit_factor: float  # price units per unit of the line (a day is 2 half-days: 2)
    overrides: str | None
    exchange_rate: float = 1.0  # case currency per unit of the price's own currency
    exchange: str | None = None  # the rate in words, when the price is in another currency
    currency: str | None = None  # the price's own currency, when not the case's
    series: str | None = None  # the price's own index series, when not the case's
    name_en: str | None = None  # a list item's English name

    @property
    def name(self) -> str:
        """The name in the active language when the results are shown (not computed)."""
        from ..prices.catalogue import shown_name

        return shown_name(self.dutch_name, self.name_en)


@dataclass(frozen=True)
class EffectLine:
    id: str
    name: str
    unit: str
    price_id: str
    kind: str  # avoided_cost, or shadow_price (valued, not a budget saving)
    financier: str
    in_perspective: bool
    cases: float | None  # None for a line given as a total of units
    share: float | None
    units_per_case: float | None
    units: float  # total units in one year: cases × units per case
    price: float
    value_per_case: float | None
    base: float  # one year, before filters: cases × units per case × price
    filters: dict[str, float]  # the six impact filters as applied (defaults included)
    factor: float  # (1 − deadweight) × attribution × (1 − displacement)
    yearly: list[float]  # after filters, per year of the horizon
    gross: float  # present value over the horizon
    price_used: PriceUsed | None = None
    price_change: str | None = None  # the scenario or variant that changed the price, in words
    to_others: bool = False  # attribution written as the share due to others: 1 − attribution
    stakeholder: str | None = None  # whom the effect is for


@dataclass(frozen=True)
class InvestmentLine:
    id: str
    name: str
    payer: str
    in_perspective: bool
    factors: dict[str, float]  # e.g. hours_per_week, weeks_per_year, hourly_cost
    amount: float  # in a year it is spent
    one_off: bool
    start_year: int
    yearly: list[float]
    pv: float  # present value over the horizon


@dataclass(frozen=True)
class Year:
    """One year of an evaluation, for the chosen perspective (undiscounted, price-year euros)."""

    year: int
    discount_factor: float
    gross: float
    investment: float
    net: float
    cumulative_net: float


@dataclass(frozen=True)
class Balance:
    """One financier's row of the who-pays-who-gains matrix (present values)."""

    financier: str
    name: str
    party: str
    in_perspective: bool
    investment: float
    gross: float
    net: float


@dataclass(frozen=True)
class Evaluation(Tabular):
    """One intervention as one variant under one scenario sees it.

    ``to_pandas("effects" | "investments" | "financiers" | "years")`` gives its lines as a
    table (see :mod:`rendement.engine.frames`); a notebook shows it as a table.
    """

    TABLES = frames.TABLES[1:5]

    intervention: str
    variant: str
    variant_name: str
    scenario: str
    scenario_name: str
    reach: float
    reach_unit: str
    effects: list[EffectLine]
    investments: list[InvestmentLine]
    gross: float
    gross_by_financier: dict[str, float]
    perspective_gross: float
    investment: float
    investment_by_payer: dict[str, float]
    perspective_investment: float
    net: float
    society_net: float
    ratio_gross: float | None
    ratio_net: float | None
    gross_per_case: float | None
    perspective_gross_per_case: float | None
    net_per_case: float | None
    shadow_value: float  # present value of lines priced with shadow prices (not in gross)
    years: list[Year]
    payback_years: float | None  # undiscounted; None when not within the horizon
    payback_years_discounted: float | None
    who_pays_who_gains: list[Balance]
    social_value: float = 0.0  # every valued effect: gross savings and shadow-priced value
    sroi_ratio: float | None = None  # social value ÷ the whole investment (SROI's ratio)
    stakeholder_value: dict[str, float] = field(default_factory=dict)  # per stakeholder
    stakeholder_ratio: dict[str, float] = field(default_factory=dict)  # ÷ the whole investment

    def _columns(self, table: str, model: LoadedModel | None) -> Columns:
        return frames.evaluation_columns(self, table)

    def _html(self) -> str:
        return frames.evaluation_html(self)

    def figure(self, path: str) -> float | None:
        """The figure a path names (see :mod:`rendement.model.figures`)."""
        parts = path.split(".")
        if len(parts) == 1:
            value = getattr(self, parts[0])
            return None if value is None else float(value)
        if parts[0] in ("gross_by_financier", "investment_by_payer"):
            return float(getattr(self, parts[0])[parts[1]])
        if parts[0] in ("stakeholder_value", "stakeholder_ratio"):
            found = getattr(self, parts[0]).get(parts[1])
            if found is None and parts[0] == "stakeholder_value":
                return 0.0  # a stakeholder without valued effects in this evaluation
            return found if found is None else float(found)
        if parts[0] == "effects":
            line = next(e for e in self.effects if e.id == parts[1])
            value = getattr(line, parts[2])
            return None if value is None else float(value)
        if parts[0] == "investments":
            inv = next(i for i in self.investments if i.id == parts[1])
            if parts[2] == "amount":
                return inv.amount
            return inv.factors.get(parts[2])
        raise KeyError(path)

    def ratio_statements(self, perspective_name: str) -> list[dict[str, Any]]:
        """Each ratio with its kind and perspective, in words that cannot be confused."""
        out: list[dict[str, Any]] = []
        gross = per_unit(self.ratio_gross) if self.ratio_gross is not None else ""
        net = per_unit(self.ratio_net) if self.ratio_net is not None else ""
        if self.ratio_gross is not None:
            out.append(
                {
                    "kind": "gross",
                    "perspective": perspective_name,
                    "value": self.ratio_gross,
                    "meaning": _(
                        "elke geïnvesteerde {currency} levert {gross} bruto besparing op "
                        "({perspective})"
                    ).format(currency=currency_word(), gross=gross, perspective=perspective_name),
                }
            )
        if self.ratio_net is not None:
            out.append(
                {
                    "kind": "net",
                    "perspective": perspective_name,
                    "value": self.ratio_net,
                    "meaning": _(
                        "elke geïnvesteerde {currency} levert {net} netto op, bovenop de "
                        "{currency} zelf: een rendement van {percent}% ({perspective})"
                    ).format(
                        currency=currency_word(),
                        net=net,
                        percent=round(self.ratio_net * 100),
                        perspective=perspective_name,
                    ),
                }
            )
        return out

    def to_json(self, perspective: str, perspective_name: str = "") -> dict[str, Any]:
        document = asdict(self)
        del document["intervention"]
        for line, shown in zip(document.get("effects", []), self.effects, strict=False):
            used = line.get("price_used")
            if used is not None and shown.price_used is not None:  # the name as read
                used["name"] = shown.price_used.name
                del used["dutch_name"]
        document["perspective"] = perspective
        document["ratios"] = self.ratio_statements(perspective_name or perspective)
        return document


@dataclass(frozen=True)
class InterventionResult:
    id: str
    name: str
    evaluations: list[Evaluation]

    def get(self, variant: str, scenario: str = "basis") -> Evaluation:
        for e in self.evaluations:
            if e.variant == variant and e.scenario == scenario:
                return e
        raise KeyError((self.id, variant, scenario))


@dataclass(frozen=True)
class PortfolioRow:
    intervention: str
    name: str
    variant: str
    scenario: str
    net: float


@dataclass(frozen=True)
class PortfolioColumn:
    id: str
    name: str
    rows: list[PortfolioRow]
    net: float
    who_pays_who_gains: list[Balance] = field(default_factory=list)

    def row(self, intervention: str) -> PortfolioRow:
        return next(r for r in self.rows if r.intervention == intervention)


@dataclass(frozen=True)
class Results(Tabular):
    """Everything one point evaluation of a model gives.

    ``to_pandas()`` is one row per evaluation; ``to_pandas("effects")``, ``"investments"``,
    ``"financiers"``, ``"years"``, ``"portfolio"`` and ``"portfolio_financiers"`` the rest
    (see :mod:`rendement.engine.frames`); a notebook shows the net table and the overview.
    """

    TABLES = frames.TABLES

    model: LoadedModel
    plan: Plan
    outcome: Outcome
    perspective: str
    perspective_name: str
    perspective_financiers: list[str]
    interventions: list[InterventionResult]
    horizon_years: int = 1
    discount_rate: float = 0.0
    portfolio: list[PortfolioColumn] = field(default_factory=list)
    portfolio_title: str | None = None

    def intervention(self, intervention_id: str) -> InterventionResult:
        return next(i for i in self.interventions if i.id == intervention_id)

    def get(self, intervention: str, variant: str, scenario: str = "basis") -> Evaluation:
        return self.intervention(intervention).get(variant, scenario)

    def column(self, column_id: str) -> PortfolioColumn:
        return next(c for c in self.portfolio if c.id == column_id)

    def _columns(self, table: str, model: LoadedModel | None) -> Columns:
        return frames.results_columns(self, table)

    def _metadata(self) -> dict[str, str]:
        meta = self.model.case.meta
        return {
            "file": self.model.file,
            "perspective": self.perspective,
            "currency": meta.currency,
            "price_year": str(meta.price_year),
            "horizon_years": str(self.horizon_years),
            "discount_rate": repr(self.discount_rate),
        }

    def _html(self) -> str:
        return frames.results_html(self)

    @property
    def currency(self) -> str:
        """The ISO 4217 code of every amount (``meta.currency``)."""
        return self.model.case.meta.currency

    def to_json(self) -> dict[str, Any]:
        """The results document of ``rendement run --json``; amounts in :attr:`currency`."""
        with currency(self.currency):
            return self._json()

    def _json(self) -> dict[str, Any]:
        case = self.model.case
        return {
            "currency": case.meta.currency,
            "model": {
                "file": self.model.file,
                "title": case.meta.title,
                "client": case.meta.client,
                "date": case.meta.date.isoformat(),
                "currency": case.meta.currency,
                "price_year": case.meta.price_year,
                "prices": "constante prijzen van het prijspeil (reëel), niet nominaal",
                "measurement_period_years": case.meta.measurement_period_years,
                "horizon_years": self.horizon_years,
                "discount_rate": self.discount_rate,
                "present_values": "jaar 1 niet verdisconteerd; jaar t met (1 + r) ** (t - 1)",
            },
            "perspective": {
                "id": self.perspective,
                "name": self.perspective_name,
                "financiers": self.perspective_financiers,
            },
            "financiers": [
                {"id": f.id, "name": f.name, "party": f.party, "law": f.law}
                for f in case.financiers
            ],
            "interventions": {
                i.id: {
                    "name": i.name,
                    "not_in_money": _not_in_money(case.intervention(i.id)),
                    "variants": {
                        variant: {
                            "name": next(
                                e for e in i.evaluations if e.variant == variant
                            ).variant_name,
                            "scenarios": {
                                e.scenario: e.to_json(self.perspective, self.perspective_name)
                                for e in i.evaluations
                                if e.variant == variant
                            },
                        }
                        for variant in dict.fromkeys(e.variant for e in i.evaluations)
                    },
                }
                for i in self.interventions
            },
            "portfolio": [
                {
                    "column": c.id,
                    "name": c.name,
                    "interventions": [asdict(r) for r in c.rows],
                    "net": c.net,
                    "who_pays_who_gains": [asdict(b) for b in c.who_pays_who_gains],
                }
                for c in self.portfolio
            ],
        }


def _not_in_money(intervention: Intervention) -> list[dict[str, Any]]:
    """Effects without a price, listed beside the money: with indicator where known."""
    out: list[dict[str, Any]] = [o.model_dump() for o in intervention.non_monetised]
    words = intervention.qualitative_effects
    for perspective, items in (
        ("clients", words.clients),
        ("municipality", words.municipality),
        ("society", words.society),
    ):
        out += [
            {
                "effect": text,
                "perspective": perspective,
                "stakeholder": None,
                "indicator": None,
                "measurement": None,
            }
            for text in items
        ]
    out += [
        {
            "effect": text,
            "perspective": "other",
            "stakeholder": None,
            "indicator": None,
            "measurement": None,
        }
        for text in intervention.other_benefits
    ]
    return out


def payback(gross: list[float], investment: list[float]) -> float | None:
    """Years until the cumulative net turns non-negative, or None within the horizon.

    A year's investment is taken as spent at its start and its savings as coming in evenly
    over the year, so an investment of € 27.126 against € 98.072 a year pays back in 0,28 year.
    """
    position = 0.0
    for year, (g, i) in enumerate(zip(gross, investment, strict=True)):
        position -= i
        if position >= 0:
            return float(year)
        if position + g >= 0:
            return year + (-position) / g
        position += g
    return None


def evaluate(
    model: LoadedModel,
    perspective: str | None = None,
    plan: Plan | None = None,
    *,
    reuse: Results | None = None,
    changed: Container[str] = (),
) -> Results:
    """Evaluate every intervention, variant and scenario of a model at its point values.

    ``reuse``: the results of a model that differs from this one only inside the
    interventions ``changed`` (an edit of one number): the others' evaluations are taken
    from it instead of being built again (the run itself is always whole)."""
    case = model.case
    perspective = perspective or case.perspective
    financiers = case.perspective_financiers(perspective)
    plan = plan or build_plan(model)
    outcome = run(plan)
    sums = totals(plan, outcome, financiers)
    builder = _Builder(model, plan, outcome, sums, set(financiers))
    ids = [i.id for i in case.interventions]
    kept = _reusable(reuse, plan, outcome, perspective, financiers, ids)
    results = [
        kept[base.id]
        if base.id in kept and base.id not in changed
        else InterventionResult(base.id, base.name, builder.evaluations(base.id))
        for base in case.interventions
    ]
    portfolio: list[PortfolioColumn] = []
    if case.portfolio is not None:
        by_key = {
            (e.intervention, e.variant, e.scenario): e for r in results for e in r.evaluations
        }
        for column in case.portfolio.columns:
            rows = []
            picked = []
            for intervention_id, pick in column.picks.items():
                variant, _, scenario = pick.partition("/")
                scenario = scenario or "basis"
                ev = by_key[(intervention_id, variant, scenario)]
                picked.append(ev)
                name = case.intervention(intervention_id).name
                rows.append(PortfolioRow(intervention_id, name, variant, scenario, ev.net))
            portfolio.append(
                PortfolioColumn(
                    column.id,
                    column.name,
                    rows,
                    sum(r.net for r in rows),
                    _sum_balances(picked),
                )
            )
    return Results(
        model=model,
        plan=plan,
        outcome=outcome,
        perspective=perspective,
        perspective_name=case.perspective_name(perspective),
        perspective_financiers=financiers,
        interventions=results,
        horizon_years=plan.horizon,
        discount_rate=float(outcome.slots[plan.discount_rate]),
        portfolio=portfolio,
        portfolio_title=case.portfolio.title if case.portfolio else None,
    )


def _reusable(
    reuse: Results | None,
    plan: Plan,
    outcome: Outcome,
    perspective: str,
    financiers: list[str],
    ids: list[str],
) -> dict[str, InterventionResult]:
    """The interventions' results of ``reuse`` by id, when they were made for the same
    perspective, horizon, discount rate and evaluations (else none)."""
    if reuse is None or reuse.perspective != perspective:
        return {}
    if reuse.perspective_financiers != financiers or reuse.plan.horizon != plan.horizon:
        return {}
    if [r.id for r in reuse.interventions] != ids or reuse.plan.financiers != plan.financiers:
        return {}
    if [(e.intervention, e.variant, e.scenario) for e in reuse.plan.evaluations] != [
        (e.intervention, e.variant, e.scenario) for e in plan.evaluations
    ]:
        return {}
    if not np.array_equal(reuse.outcome.discount, outcome.discount):
        return {}
    return {r.id: r for r in reuse.interventions}


def _sum_balances(evaluations: list[Evaluation]) -> list[Balance]:
    rows: dict[str, Balance] = {}
    for ev in evaluations:
        for b in ev.who_pays_who_gains:
            old = rows.get(b.financier)
            rows[b.financier] = (
                b
                if old is None
                else Balance(
                    b.financier,
                    b.name,
                    b.party,
                    b.in_perspective,
                    old.investment + b.investment,
                    old.gross + b.gross,
                    old.net + b.net,
                )
            )
    return list(rows.values())


class _Builder:
    """Turns the arrays of one point run into result objects."""

    def __init__(
        self, model: LoadedModel, plan: Plan, outcome: Outcome, sums: Totals, in_view: set[str]
    ) -> None:
        self.model, self.plan, self.outcome, self.sums, self.in_view = (
            model,
            plan,
            outcome,
            sums,
            in_view,
        )
        self.financiers = {f.id: f for f in model.case.financiers}

    def effects(self, index: int) -> list[EffectLine]:
        plan, outcome, slots = self.plan, self.outcome, self.outcome.slots
        out = []
        for n, spec in enumerate(plan.effects):
            if spec.evaluation != index:
                continue
            cases = float(slots[spec.cases]) if spec.per_case else None
            units = float(slots[spec.units])
            price = float(slots[spec.price])
            financier = plan.financiers[spec.financier]
            out.append(
                EffectLine(
                    id=spec.id,
                    name=spec.name,
                    unit=spec.unit,
                    price_id=spec.price_id,
                    kind=spec.kind,
                    financier=financier,
                    in_perspective=financier in self.in_view,
                    cases=cases,
                    share=None if spec.share is None else float(slots[spec.share]),
                    units_per_case=units if spec.per_case else None,
                    units=units * cases if cases is not None else units,
                    price=price,
                    value_per_case=units * price if spec.per_case else None,
                    base=float(outcome.effect_base[n]),
                    filters={
                        name: float(slots[s]) for name, s in zip(FILTERS, spec.filters, strict=True)
                    },
                    factor=float(outcome.effect_factor[n]),
                    yearly=[float(v) for v in outcome.effect_yearly[n]],
                    gross=float(outcome.effect_gross[n]),
                    price_used=self._price_used(
                        spec.price_id, spec.unit, float(slots[spec.price_amount])
                    ),
                    price_change=spec.price_change,
                    to_others=spec.to_others,
                    stakeholder=spec.stakeholder,
                )
            )
        return out

    def _price_used(self, price_id: str, unit: str, amount: float) -> PriceUsed:
        """The price as listed (or as a scenario or variant set it), with its provenance."""
        book, case = self.model.book, self.model.case
        price = book.prices[price_id]
        overrides = price.overrides
        own = book.own_series.get(price_id)  # a proxy's own country's series, if it names one
        return PriceUsed(
            id=price.id,
            dutch_name=price.dutch_name,
            name_en=price.name_en,
            origin=price.origin,
            source=price.source,
            amount=amount,
            unit=price.unit,
            price_year=price.price_year,
            index_factor=float(price.index_factor or 1.0),
            unit_factor=float(book.unit_factor(case, unit, price) or 1.0),
            overrides=overrides,
            exchange_rate=price.exchange_rate or 1.0,
            exchange=price.exchange,
            currency=price.currency,
            series=None if own is None else own.name,
        )

    def investments(self, index: int) -> list[InvestmentLine]:
        plan, outcome, slots = self.plan, self.outcome, self.outcome.slots
        out = []
        for n, spec in enumerate(plan.investments):
            if spec.evaluation != index:
                continue
            names = list(spec.fields)
            if "hours_per_week" in names:
                names.insert(1, "weeks_per_year")
            factors = {name: float(slots[s]) for name, s in zip(names, spec.factors, strict=False)}
            payer = plan.financiers[spec.payer]
            out.append(
                InvestmentLine(
                    id=spec.id,
                    name=spec.name,
                    payer=payer,
                    in_perspective=payer in self.in_view,
                    factors=factors,
                    amount=float(outcome.investment_amount[n]),
                    one_off=spec.one_off,
                    start_year=spec.start_year,
                    yearly=[float(v) for v in outcome.investment_yearly[n]],
                    pv=float(outcome.investment_pv[n]),
                )
            )
        return out

    def evaluations(self, intervention: str) -> list[Evaluation]:
        case, plan = self.model.case, self.plan
        base = case.intervention(intervention)
        out = []
        for index, spec in enumerate(plan.evaluations):
            if spec.intervention != intervention:
                continue
            item = self.model.effective(intervention, spec.variant, spec.scenario)
            variant_name = next((v.name for v in base.variants if v.id == spec.variant), "Basis")
            out.append(
                self._evaluation(
                    index,
                    spec.variant,
                    variant_name,
                    spec.scenario,
                    case.scenario_name(spec.scenario),
                    item.reach_unit,
                    intervention,
                )
            )
        return out

    def _evaluation(
        self,
        index: int,
        variant: str,
        variant_name: str,
        scenario: str,
        scenario_name: str,
        reach_unit: str,
        intervention: str,
    ) -> Evaluation:
        plan, outcome, sums = self.plan, self.outcome, self.sums
        effects = self.effects(int(plan.canonical[index]))  # an identical twin has no lines
        reach = float(sums.reach[index])
        gross = float(sums.gross[index])
        p_gross = float(sums.perspective_gross[index])
        net = float(sums.net[index])
        mask = np.array([f in self.in_view for f in plan.financiers], dtype=bool)
        gross_years = outcome.gross_by_financier_yearly[index][mask].sum(axis=0)
        invest_years = outcome.investment_by_payer_yearly[index][mask].sum(axis=0)
        discount = [float(d) for d in outcome.discount]
        years = []
        cumulative = 0.0
        for t in range(plan.horizon):
            g, i = float(gross_years[t]), float(invest_years[t])
            cumulative += g - i
            years.append(Year(t + 1, discount[t], g, i, g - i, cumulative))
        balances = []
        for n, fid in enumerate(plan.financiers):
            g = float(outcome.gross_by_financier[index, n])
            i = float(outcome.investment_by_payer[index, n])
            if g or i:
                f = self.financiers[fid]
                balances.append(Balance(fid, f.name, f.party, fid in self.in_view, i, g, g - i))
        shadow = sum(e.gross for e in effects if e.kind == "shadow_price")
        social = gross + shadow
        invested = float(sums.investment[index])
        valued: dict[str, float] = {
            s.id: 0.0
            for s in self.model.case.stakeholders
            if any(e.stakeholder == s.id for e in effects)
        }
        for e in effects:
            if e.stakeholder is not None:
                valued[e.stakeholder] = valued.get(e.stakeholder, 0.0) + e.gross
        return Evaluation(
            intervention=intervention,
            variant=variant,
            variant_name=variant_name,
            scenario=scenario,
            scenario_name=scenario_name,
            reach=reach,
            reach_unit=reach_unit,
            effects=effects,
            investments=self.investments(int(plan.canonical[index])),
            gross=gross,
            gross_by_financier={
                f: float(outcome.gross_by_financier[index, n])
                for n, f in enumerate(plan.financiers)
            },
            perspective_gross=p_gross,
            investment=float(sums.investment[index]),
            investment_by_payer={
                f: float(outcome.investment_by_payer[index, n])
                for n, f in enumerate(plan.financiers)
            },
            perspective_investment=float(sums.perspective_investment[index]),
            net=net,
            society_net=float(sums.society_net[index]),
            ratio_gross=_num(sums.ratio_gross[index]),
            ratio_net=_num(sums.ratio_net[index]),
            gross_per_case=gross / reach if reach else None,
            perspective_gross_per_case=p_gross / reach if reach else None,
            net_per_case=net / reach if reach else None,
            shadow_value=shadow,
            years=years,
            payback_years=payback([y.gross for y in years], [y.investment for y in years]),
            payback_years_discounted=payback(
                [y.gross * y.discount_factor for y in years],
                [y.investment * y.discount_factor for y in years],
            ),
            who_pays_who_gains=balances,
            social_value=social,
            sroi_ratio=social / invested if invested else None,
            stakeholder_value=valued,
            stakeholder_ratio={k: v / invested for k, v in valued.items()} if invested else {},
        )


__all__ = ["SOCIETY", "Evaluation", "Results", "evaluate", "payback"]
