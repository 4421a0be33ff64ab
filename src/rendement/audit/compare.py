"""Comparing every figure a report printed (``reported:``) with what rendement computes."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import Evaluation, Results
from ..i18n import _
from ..model import BASE_SCENARIO
from ..model.figures import EFFECT_FIGURES, EVALUATION_FIGURES, INVESTMENT_FIGURES, LABELS
from ..money import count, currency, euro
from .causes import Cause, Part, Relation, explain

MONEY_TOLERANCE = 1.0
"""A printed amount more than € 1 off its exact value is a finding."""
OTHER_TOLERANCE = 0.01
"""A printed ratio or count more than 0.01 off is a finding."""


@dataclass(frozen=True)
class Finding:
    """A printed figure that disagrees with the report's own inputs."""

    table: str
    where: str  # Dutch: intervention · variant · scenario
    path: str
    label: str
    printed: float
    computed: float
    difference: float  # printed − computed
    kind: str  # money, ratio, count
    cause: Cause
    intervention: str | None = None
    variant: str | None = None
    scenario: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "table": self.table,
            "where": self.where,
            "intervention": self.intervention,
            "variant": self.variant,
            "scenario": self.scenario,
            "path": self.path,
            "label": self.label,
            "printed": self.printed,
            "computed": self.computed,
            "difference": self.difference,
            "kind": self.kind,
            "cause": self.cause.code,
            "explanation": self.cause.text,
        }


@dataclass(frozen=True)
class Remark:
    table: str
    where: str
    text: str


@dataclass
class AuditReport:
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "differing": len(self.findings),
            "findings": [f.to_json() for f in self.findings],
            "remarks": [vars(r) for r in self.remarks],
        }


def _kind(path: str) -> str:
    parts = path.split(".")
    if len(parts) == 1:
        return EVALUATION_FIGURES[parts[0]]
    if parts[0] == "effects":
        return EFFECT_FIGURES[parts[2]]
    if parts[0] == "investments":
        return INVESTMENT_FIGURES[parts[2]]
    return "money"


def show(value: float, money: bool) -> str:
    return euro(value, cents=not float(round(value, 2)).is_integer()) if money else count(value)


def _label(evaluation: Evaluation, path: str) -> str:
    parts = path.split(".")
    if parts[0] == "effects":
        name = next(e.name for e in evaluation.effects if e.id == parts[1])
        return _("effectregel '{name}': {figure}").format(name=name, figure=_(LABELS[parts[2]]))
    if parts[0] == "investments":
        name = next(i.name for i in evaluation.investments if i.id == parts[1])
        return _("investering '{name}': {figure}").format(name=name, figure=_(LABELS[parts[2]]))
    if len(parts) == 2:
        return f"{_(LABELS[parts[0]])} {parts[1]}"
    return _(LABELS[parts[0]])


def _relations(ev: Evaluation, path: str, printed: dict[str, float]) -> list[Relation]:
    """How the figure at ``path`` is made from other figures of the same evaluation."""

    def part(p: str) -> Part:
        value = ev.figure(p)
        assert value is not None
        return Part(_label(ev, p), value, printed.get(p), _kind(p) == "money")

    parts = path.split(".")
    if parts[0] == "effects":
        line = next(e for e in ev.effects if e.id == parts[1])
        base = f"effects.{line.id}."
        per_case = line.cases is not None
        if parts[2] == "gross" and abs(line.gross - line.base) > 1e-9:
            timing = Part(
                "filters en looptijd", line.gross / line.base if line.base else 0.0, None, False
            )
            return [Relation("product", [part(base + "base"), timing])]
        if parts[2] == "gross":
            if per_case:
                return [
                    Relation("product", [part(base + "cases"), part(base + "value_per_case")]),
                    Relation(
                        "product", [part(base + f) for f in ("cases", "units_per_case", "price")]
                    ),
                ]
            return [Relation("product", [part(base + "units"), part(base + "price")])]
        if parts[2] == "value_per_case" and per_case:
            return [Relation("product", [part(base + "units_per_case"), part(base + "price")])]
        if parts[2] == "units" and per_case:
            return [Relation("product", [part(base + "cases"), part(base + "units_per_case")])]
        return []
    if parts[0] == "investments":
        inv = next(i for i in ev.investments if i.id == parts[1])
        if parts[2] == "amount" and len(inv.factors) > 1:
            return [
                Relation(
                    "product",
                    [
                        part(f"investments.{inv.id}.{f}")
                        for f in inv.factors
                        if f != "weeks_per_year"
                    ]
                    + [Part("weken per jaar", inv.factors["weeks_per_year"], None, False)]
                    if "weeks_per_year" in inv.factors
                    else [part(f"investments.{inv.id}.{f}") for f in inv.factors],
                )
            ]
        return []
    name = parts[0]
    effects = [e for e in ev.effects if name == "gross" or e.in_perspective]
    investments = [i for i in ev.investments if name == "investment" or i.in_perspective]
    if name in ("gross", "perspective_gross"):
        return [
            Relation("sum", [part(f"effects.{e.id}.gross") for e in effects]),
            Relation("product", [part(f"{name}_per_case"), part("reach")]),
        ]
    if name in ("investment", "perspective_investment"):
        return [Relation("sum", [part(f"investments.{i.id}.amount") for i in investments])]
    if name in ("net", "ratio_net", "ratio_gross"):
        invested = part("perspective_investment")
        if (
            invested.printed is None
            and "investment" in printed
            and abs(ev.investment - invested.exact) < 1e-6
        ):
            invested = Part(invested.label, invested.exact, printed["investment"], True)
        if name == "net":
            return [Relation("difference", [part("perspective_gross"), invested])]
        top = part("net") if name == "ratio_net" else part("perspective_gross")
        return [Relation("quotient", [top, invested])]
    return []


def audit(results: Results) -> AuditReport:
    """Every printed figure compared with the exact one; differences with their likely cause
    (amounts in the causes' words in the case's currency, words in the active language)."""
    with currency(results.currency):
        return _audit(results)


def _audit(results: Results) -> AuditReport:
    report = AuditReport()
    case = results.model.case
    printed_by_eval: dict[tuple[str, str, str], dict[str, float]] = {}
    for intervention in case.interventions:
        for entry in intervention.reported:
            key = (
                intervention.id,
                entry.variant or intervention.variant_ids()[0],
                entry.scenario or BASE_SCENARIO,
            )
            for path, value in entry.figures.items():
                assert value.literal is not None
                printed_by_eval.setdefault(key, {})[path] = value.literal

    for intervention in case.interventions:
        for entry in intervention.reported:
            variant = entry.variant or intervention.variant_ids()[0]
            scenario = entry.scenario or BASE_SCENARIO
            ev = results.get(intervention.id, variant, scenario)
            where = " · ".join(
                [intervention.name, ev.variant_name]
                + ([ev.scenario_name] if scenario != BASE_SCENARIO else [])
            )
            # prefer the figures of this table, then what other tables printed for the evaluation
            printed = {
                **printed_by_eval.get((intervention.id, variant, scenario), {}),
                **{p: v.literal for p, v in entry.figures.items() if v.literal is not None},
            }
            for path, value in entry.figures.items():
                assert value.literal is not None
                report.checked += 1
                exact = ev.figure(path)
                kind = _kind(path)
                if exact is None:
                    continue
                tolerance = MONEY_TOLERANCE if kind == "money" else OTHER_TOLERANCE
                if abs(value.literal - exact) <= tolerance + 1e-9:
                    continue
                cause = explain(
                    value.literal, exact, kind == "money", _relations(ev, path, printed), show
                )
                report.findings.append(
                    Finding(
                        table=entry.table,
                        where=where,
                        path=path,
                        label=_label(ev, path),
                        printed=value.literal,
                        computed=exact,
                        difference=value.literal - exact,
                        kind=kind,
                        cause=cause,
                        intervention=intervention.id,
                        variant=variant,
                        scenario=scenario,
                    )
                )
            report.remarks += [Remark(entry.table, where, text) for text in entry.remarks]

    if case.portfolio is not None:
        _audit_portfolio(results, printed_by_eval, report)
    return report


def _audit_portfolio(
    results: Results,
    printed_by_eval: dict[tuple[str, str, str], dict[str, float]],
    report: AuditReport,
) -> None:
    case = results.model.case
    assert case.portfolio is not None
    for entry in case.portfolio.reported:
        printed = {p: v.literal for p, v in entry.figures.items() if v.literal is not None}
        for path, value in entry.figures.items():
            assert value.literal is not None
            report.checked += 1
            column_id, _sep, what = path.partition(".")
            column = results.column(column_id)
            if what == "total":
                exact = column.net
                relation = Relation(
                    "sum",
                    [
                        Part(
                            row.name, row.net, printed.get(f"{column_id}.{row.intervention}"), True
                        )
                        for row in column.rows
                    ],
                )
                label = _("totaal netto besparing, kolom {column}").format(column=column.name)
            else:
                row = column.row(what)
                exact = row.net
                source = printed_by_eval.get((row.intervention, row.variant, row.scenario), {})
                relation = Relation(
                    "same",
                    [
                        Part(
                            _("netto besparing van de gekozen variant"),
                            row.net,
                            source.get("net"),
                            True,
                        )
                    ],
                )
                label = _("netto besparing {name}, kolom {column}").format(
                    name=row.name, column=column.name
                )
            if abs(value.literal - exact) <= MONEY_TOLERANCE + 1e-9:
                continue
            cause = explain(value.literal, exact, True, [relation], show)
            report.findings.append(
                Finding(
                    table=entry.table,
                    where=case.portfolio.title,
                    path=path,
                    label=label,
                    printed=value.literal,
                    computed=exact,
                    difference=value.literal - exact,
                    kind="money",
                    cause=cause,
                )
            )
        report.remarks += [Remark(entry.table, case.portfolio.title, t) for t in entry.remarks]
