"""Point results as plain objects: per effect line, per evaluation, per intervention, portfolio.

These are what the CLI, the audit, reports and (later) the web app read. Money is kept
unrounded; presentation rounds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..model import SOCIETY, LoadedModel
from .evaluate import Outcome, Totals, run, totals
from .plan import Plan, build_plan


def _num(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number


@dataclass(frozen=True)
class EffectLine:
    id: str
    name: str
    unit: str
    price_id: str
    financier: str
    in_perspective: bool
    cases: float | None  # None for a line given as a total of units
    share: float | None
    units_per_case: float | None
    units: float  # total units: cases × units per case
    price: float
    value_per_case: float | None
    gross: float


@dataclass(frozen=True)
class InvestmentLine:
    id: str
    name: str
    payer: str
    in_perspective: bool
    factors: dict[str, float]  # e.g. hours_per_week, weeks_per_year, hourly_cost
    amount: float


@dataclass(frozen=True)
class Evaluation:
    """One intervention as one variant under one scenario sees it."""

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

    def figure(self, path: str) -> float | None:
        """The figure a path names (see :mod:`rendement.model.figures`)."""
        parts = path.split(".")
        if len(parts) == 1:
            value = getattr(self, parts[0])
            return None if value is None else float(value)
        if parts[0] in ("gross_by_financier", "investment_by_payer"):
            return float(getattr(self, parts[0])[parts[1]])
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

    def to_json(self, perspective: str) -> dict[str, Any]:
        return {
            "variant": self.variant,
            "variant_name": self.variant_name,
            "scenario": self.scenario,
            "scenario_name": self.scenario_name,
            "reach": self.reach,
            "reach_unit": self.reach_unit,
            "gross": self.gross,
            "gross_by_financier": self.gross_by_financier,
            "perspective": perspective,
            "perspective_gross": self.perspective_gross,
            "investment": self.investment,
            "investment_by_payer": self.investment_by_payer,
            "perspective_investment": self.perspective_investment,
            "net": self.net,
            "ratio_gross": self.ratio_gross,
            "ratio_net": self.ratio_net,
            "society_net": self.society_net,
            "gross_per_case": self.gross_per_case,
            "perspective_gross_per_case": self.perspective_gross_per_case,
            "effects": [vars(e) for e in self.effects],
            "investments": [vars(i) for i in self.investments],
        }


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

    def row(self, intervention: str) -> PortfolioRow:
        return next(r for r in self.rows if r.intervention == intervention)


@dataclass(frozen=True)
class Results:
    """Everything one point evaluation of a model gives."""

    model: LoadedModel
    plan: Plan
    outcome: Outcome
    perspective: str
    perspective_name: str
    perspective_financiers: list[str]
    interventions: list[InterventionResult]
    portfolio: list[PortfolioColumn] = field(default_factory=list)
    portfolio_title: str | None = None

    def intervention(self, intervention_id: str) -> InterventionResult:
        return next(i for i in self.interventions if i.id == intervention_id)

    def get(self, intervention: str, variant: str, scenario: str = "basis") -> Evaluation:
        return self.intervention(intervention).get(variant, scenario)

    def column(self, column_id: str) -> PortfolioColumn:
        return next(c for c in self.portfolio if c.id == column_id)

    def to_json(self) -> dict[str, Any]:
        """The results document of ``rendement run --json``."""
        case = self.model.case
        return {
            "model": {
                "file": self.model.file,
                "title": case.meta.title,
                "client": case.meta.client,
                "date": case.meta.date.isoformat(),
                "currency": case.meta.currency,
                "price_year": case.meta.price_year,
                "measurement_period_years": case.meta.measurement_period_years,
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
                    "variants": {
                        variant: {
                            "name": next(
                                e for e in i.evaluations if e.variant == variant
                            ).variant_name,
                            "scenarios": {
                                e.scenario: e.to_json(self.perspective)
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
                    "interventions": [vars(r) for r in c.rows],
                    "net": c.net,
                }
                for c in self.portfolio
            ],
        }


def evaluate(
    model: LoadedModel, perspective: str | None = None, plan: Plan | None = None
) -> Results:
    """Evaluate every intervention, variant and scenario of a model at its point values."""
    case = model.case
    perspective = perspective or case.perspective
    financiers = case.perspective_financiers(perspective)
    plan = plan or build_plan(model)
    outcome = run(plan)
    sums = totals(plan, outcome, financiers)
    in_view = set(financiers)
    slots = outcome.slots

    def line_effects(index: int) -> list[EffectLine]:
        out = []
        for n, spec in enumerate(plan.effects):
            if spec.evaluation != index:
                continue
            cases = float(slots[spec.cases]) if spec.per_case else None
            units = float(slots[spec.units])
            price = float(slots[spec.price])
            out.append(
                EffectLine(
                    id=spec.id,
                    name=spec.name,
                    unit=spec.unit,
                    price_id=spec.price_id,
                    financier=plan.financiers[spec.financier],
                    in_perspective=plan.financiers[spec.financier] in in_view,
                    cases=cases,
                    share=None if spec.share is None else float(slots[spec.share]),
                    units_per_case=units if spec.per_case else None,
                    units=units * cases if cases is not None else units,
                    price=price,
                    value_per_case=units * price if spec.per_case else None,
                    gross=float(outcome.effect_gross[n]),
                )
            )
        return out

    def line_investments(index: int) -> list[InvestmentLine]:
        out = []
        for n, spec in enumerate(plan.investments):
            if spec.evaluation != index:
                continue
            names = list(spec.fields)
            if "hours_per_week" in names:
                names.insert(1, "weeks_per_year")
            factors = {name: float(slots[s]) for name, s in zip(names, spec.factors, strict=False)}
            out.append(
                InvestmentLine(
                    id=spec.id,
                    name=spec.name,
                    payer=plan.financiers[spec.payer],
                    in_perspective=plan.financiers[spec.payer] in in_view,
                    factors=factors,
                    amount=float(outcome.investment_amount[n]),
                )
            )
        return out

    results: list[InterventionResult] = []
    for base in case.interventions:
        evaluations = []
        for index, spec in enumerate(plan.evaluations):
            if spec.intervention != base.id:
                continue
            item = model.effective(base.id, spec.variant, spec.scenario)
            variant_name = next((v.name for v in base.variants if v.id == spec.variant), "Basis")
            evaluations.append(
                _evaluation(
                    index,
                    spec.variant,
                    variant_name,
                    spec.scenario,
                    case.scenario_name(spec.scenario),
                    item.reach_unit,
                    plan,
                    outcome,
                    sums,
                    line_effects(index),
                    line_investments(index),
                    base.id,
                )
            )
        results.append(InterventionResult(base.id, base.name, evaluations))

    portfolio: list[PortfolioColumn] = []
    if case.portfolio is not None:
        for column in case.portfolio.columns:
            rows = []
            for intervention_id, pick in column.picks.items():
                variant, _, scenario = pick.partition("/")
                scenario = scenario or "basis"
                index = plan.evaluation_index(intervention_id, variant, scenario)
                rows.append(
                    PortfolioRow(
                        intervention_id,
                        case.intervention(intervention_id).name,
                        variant,
                        scenario,
                        float(sums.net[index]),
                    )
                )
            portfolio.append(
                PortfolioColumn(column.id, column.name, rows, sum(r.net for r in rows))
            )
    return Results(
        model=model,
        plan=plan,
        outcome=outcome,
        perspective=perspective,
        perspective_name=case.perspective_name(perspective),
        perspective_financiers=financiers,
        interventions=results,
        portfolio=portfolio,
        portfolio_title=case.portfolio.title if case.portfolio else None,
    )


def _evaluation(
    index: int,
    variant: str,
    variant_name: str,
    scenario: str,
    scenario_name: str,
    reach_unit: str,
    plan: Plan,
    outcome: Outcome,
    sums: Totals,
    effects: list[EffectLine],
    investments: list[InvestmentLine],
    intervention: str,
) -> Evaluation:
    reach = float(sums.reach[index])
    gross = float(sums.gross[index])
    p_gross = float(sums.perspective_gross[index])
    return Evaluation(
        intervention=intervention,
        variant=variant,
        variant_name=variant_name,
        scenario=scenario,
        scenario_name=scenario_name,
        reach=reach,
        reach_unit=reach_unit,
        effects=effects,
        investments=investments,
        gross=gross,
        gross_by_financier={
            f: float(outcome.gross_by_financier[index, n]) for n, f in enumerate(plan.financiers)
        },
        perspective_gross=p_gross,
        investment=float(sums.investment[index]),
        investment_by_payer={
            f: float(outcome.investment_by_payer[index, n]) for n, f in enumerate(plan.financiers)
        },
        perspective_investment=float(sums.perspective_investment[index]),
        net=float(sums.net[index]),
        society_net=float(sums.society_net[index]),
        ratio_gross=_num(sums.ratio_gross[index]),
        ratio_net=_num(sums.ratio_net[index]),
        gross_per_case=gross / reach if reach else None,
        perspective_gross_per_case=p_gross / reach if reach else None,
    )


__all__ = ["SOCIETY", "Evaluation", "Results", "evaluate"]
