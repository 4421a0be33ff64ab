"""Comparing every figure a report printed (``reported:``) with what rendement computes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine import Evaluation, Results, evaluate
from ..engine.results import EffectLine
from ..i18n import N_, _
from ..model import BASE_SCENARIO
from ..model.figures import (
    BY_STAKEHOLDER,
    EFFECT_FIGURES,
    EVALUATION_FIGURES,
    INVESTMENT_FIGURES,
    LABELS,
)
from ..model.printed import Printed
from ..money import count, currency, euro, number
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
    as_printed: str = ""  # the text the report printed, when the model gives it
    allowed: tuple[float, float] | None = None  # the range that text stands for

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
            "as_printed": self.as_printed or None,
            "allowed": None if self.allowed is None else list(self.allowed),
        }


@dataclass(frozen=True)
class Rounded:
    """A figure printed rounded that the exact one rounds to: no finding, but counted."""

    table: str
    where: str
    path: str
    label: str
    as_printed: str
    computed: float
    low: float
    high: float
    kind: str = "money"  # money, ratio, count


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
    rounded: list[Rounded] = field(default_factory=list)

    def rounded_sentence(self) -> str | None:
        """How many figures were printed rounded and agree within that rounding, with one
        as an example — said by the CLI and the web app alike; None when there are none."""
        if not self.rounded:
            return None
        first = self.rounded[0]
        return _(
            "{count} getallen zijn afgerond gedrukt en kloppen binnen die afronding (zoals "
            "'{example}' voor {exact}); die zijn geen bevinding."
        ).format(
            count=len(self.rounded),
            example=first.as_printed,
            exact=show(first.computed, first.kind == "money"),
        )

    def to_json(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "differing": len(self.findings),
            "findings": [f.to_json() for f in self.findings],
            "rounded_as_printed": [vars(r) for r in self.rounded],
            "remarks": [vars(r) for r in self.remarks],
        }


def agrees(figure: Printed, exact: float, kind: str) -> bool:
    """Whether the printed figure is the exact one as the report printed it: within the
    range of its print, or (a plain number) within € 1 or 0.01."""
    if figure.half is not None:
        return figure.covers(exact)
    tolerance = MONEY_TOLERANCE if kind == "money" else OTHER_TOLERANCE
    return abs(figure.value - exact) <= tolerance + 1e-9


def _beyond(cause: Cause, figure: Printed, exact: float, money: bool) -> Cause:
    """The cause, saying that the difference is more than the print's rounding."""
    if figure.half is None:
        return cause
    extra = _(
        "een echt verschil, geen afronding: '{text}' staat voor {low} – {high}, de invoer "
        "geeft {exact}"
    ).format(
        text=figure.text or show(figure.value, money),
        low=show(figure.low, money),
        high=show(figure.high, money),
        exact=show(exact, money),
    )
    return Cause(cause.code, f"{extra}; {cause.text}")


FILTER_WORDS = {
    "deadweight": N_("de deadweight"),
    "displacement": N_("de verplaatsing"),
    "attribution": N_("de toerekening"),
    "attribution_to_others": N_("de toerekening aan anderen"),
}


def _lines_in(ev: Evaluation, path: str) -> list[EffectLine]:
    """The effect lines a money figure adds up: one line, a stakeholder's, or all of them."""
    parts = path.split(".")
    if parts[0] == "effects" and parts[2] == "gross":
        return [e for e in ev.effects if e.id == parts[1]]
    if parts[0] == "stakeholder_value":
        return [e for e in ev.effects if e.stakeholder == parts[1]]
    if parts[0] == "social_value":
        return list(ev.effects)
    if parts[0] == "gross":
        return [e for e in ev.effects if e.kind != "shadow_price"]
    return []


def filter_left_out(
    ev: Evaluation, path: str, figure: Printed, exact: float, money: bool
) -> Cause | None:
    """The printed figure follows when one filter of one line is left out — a summary that
    took a line before its displacement, say. Only a filter that takes something off."""
    tolerance = figure.half if figure.half is not None else (0.5 if money else 0.005)
    for line in _lines_in(ev, path):
        for name, value in line.filters.items():
            if name == "attribution":
                kept, word = value, "attribution_to_others" if line.to_others else "attribution"
                written = 1.0 - value if line.to_others else value
            elif name in ("deadweight", "displacement"):
                kept, word, written = 1.0 - value, name, value
            else:
                continue
            if not 0.0 < kept < 1.0:
                continue
            without = exact + line.gross * (1.0 / kept - 1.0)
            if abs(without - figure.value) <= tolerance + 1e-9:
                share = round(written * 100, 6)
                return Cause(
                    "filter_left_out",
                    _(
                        "volgt als {filter} ({share}) van effectregel '{name}' wordt "
                        "weggelaten: dan is het {without}"
                    ).format(
                        filter=_(FILTER_WORDS[word]),
                        share=number(share, 0 if share.is_integer() else 1) + "%",
                        name=line.name,
                        without=show(without, money),
                    ),
                )
    return None


def one_payer(
    ev: Evaluation,
    path: str,
    figure: Printed,
    figures: dict[str, Printed],
    names: dict[str, str],
    payers: dict[str, str],
    cause: Cause,
) -> Cause:
    """An SROI ratio that fits only when one payer's investment is the denominator (a
    department's cash, say): said, with whether the same table's other printed ratios
    divide by it too — if they do not, that reading does not hold either."""
    parts = path.split(".")
    if parts[0] not in ("sroi_ratio", "stakeholder_ratio"):
        return cause
    top = ev.social_value if parts[0] == "sroi_ratio" else ev.stakeholder_value.get(parts[1], 0)
    sentences = []
    for payer, amount in ev.investment_by_payer.items():
        if not 0 < amount < ev.investment or not figure.covers(top / amount):
            continue
        others = []
        for other, shown in figures.items():
            head = other.split(".")
            if other == path or head[0] not in ("sroi_ratio", "stakeholder_ratio"):
                continue
            value = (
                ev.social_value if head[0] == "sroi_ratio" else ev.stakeholder_value.get(head[1], 0)
            )
            if not agrees(shown, value / amount, "ratio"):
                others.append(
                    _("{label} '{text}' deelt daar niet door ({ratio})").format(
                        label=_label(ev, other, names),
                        text=shown.text or count(shown.value),
                        ratio=count(value / amount),
                    )
                )
        words = {
            "payer": payers.get(payer, payer),
            "amount": show(amount, True),
            "ratio": count(top / amount),
        }
        if others:
            sentences.append(
                _(
                    "alleen de investering van {payer} ({amount}) als noemer geeft {ratio}, "
                    "maar {others}"
                ).format(others="; ".join(others), **words)
            )
        else:
            sentences.append(
                _(
                    "alleen de investering van {payer} ({amount}) als noemer geeft {ratio}, "
                    "en de andere gedrukte ratio's van de tabel delen ook door dat bedrag"
                ).format(**words)
            )
    if not sentences:
        return cause
    return Cause(cause.code, f"{cause.text}; {'; '.join(sentences)}")


def _kind(path: str) -> str:
    parts = path.split(".")
    if len(parts) == 1:
        return EVALUATION_FIGURES[parts[0]]
    if parts[0] == "effects":
        return EFFECT_FIGURES[parts[2]]
    if parts[0] == "investments":
        return INVESTMENT_FIGURES[parts[2]]
    return BY_STAKEHOLDER.get(parts[0], "money")


def show(value: float, money: bool) -> str:
    return euro(value, cents=not float(round(value, 2)).is_integer()) if money else count(value)


def _label(evaluation: Evaluation, path: str, names: dict[str, str] | None = None) -> str:
    """The figure in words; ``names`` gives the stakeholders' names for their values."""
    parts = path.split(".")
    if parts[0] == "effects":
        name = next(e.name for e in evaluation.effects if e.id == parts[1])
        return _("effectregel '{name}': {figure}").format(name=name, figure=_(LABELS[parts[2]]))
    if parts[0] == "investments":
        name = next(i.name for i in evaluation.investments if i.id == parts[1])
        return _("investering '{name}': {figure}").format(name=name, figure=_(LABELS[parts[2]]))
    if len(parts) == 2:
        return f"{_(LABELS[parts[0]])} {(names or {}).get(parts[1], parts[1])}"
    return _(LABELS[parts[0]])


def _relations(
    ev: Evaluation, path: str, printed: dict[str, Printed], names: dict[str, str] | None = None
) -> list[Relation]:
    """How the figure at ``path`` is made from other figures of the same evaluation."""

    def part(p: str) -> Part:
        value = ev.figure(p)
        assert value is not None
        shown = printed.get(p)
        return Part(
            _label(ev, p, names),
            value,
            None if shown is None else shown.value,
            _kind(p) == "money",
            None if shown is None else shown.half,
        )

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
    if parts[0] in ("social_value", "sroi_ratio", "stakeholder_value", "stakeholder_ratio"):
        return _value_relations(ev, parts, part)
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
            total = printed["investment"]
            invested = Part(invested.label, invested.exact, total.value, True, total.half)
        if name == "net":
            return [Relation("difference", [part("perspective_gross"), invested])]
        top = part("net") if name == "ratio_net" else part("perspective_gross")
        return [Relation("quotient", [top, invested])]
    return []


def _value_relations(
    ev: Evaluation, parts: list[str], part: Callable[[str], Part]
) -> list[Relation]:
    """An SROI's figures: the social value is the stakeholders' values together, a ratio is
    a value over the whole investment, a stakeholder's value is its lines together."""
    if parts[0] == "social_value":
        every = Relation("sum", [part(f"effects.{e.id}.gross") for e in ev.effects])
        values = ev.stakeholder_value
        if values and abs(sum(values.values()) - ev.social_value) < 1e-6 * max(
            1.0, ev.social_value
        ):
            return [Relation("sum", [part(f"stakeholder_value.{k}") for k in values]), every]
        return [every]  # some lines are nobody's: the total of every valued line
    top = "social_value" if parts[0] == "sroi_ratio" else f"stakeholder_value.{parts[-1]}"
    if parts[0] in ("sroi_ratio", "stakeholder_ratio"):
        return [Relation("quotient", [part(top), part("investment")])]
    lines = [e for e in ev.effects if e.stakeholder == parts[1]]
    if lines and abs(sum(e.gross for e in lines) - ev.stakeholder_value.get(parts[1], 0.0)) < 1e-6:
        return [Relation("sum", [part(f"effects.{e.id}.gross") for e in lines])]
    return []


def audit(results: Results) -> AuditReport:
    """Every printed figure compared with the exact one; differences with their likely cause
    (amounts in the causes' words in the case's currency, words in the active language)."""
    with currency(results.currency):
        return _audit(results)


def _audit(results: Results) -> AuditReport:
    report = AuditReport()
    case = results.model.case
    names = {s.id: s.name for s in case.stakeholders}
    payers = {f.id: f.name for f in case.financiers}
    printed_by_eval: dict[tuple[str, str, str], dict[str, Printed]] = {}
    for intervention in case.interventions:
        for entry in intervention.reported:
            if entry.perspective not in (None, results.perspective):
                continue  # figures of another perspective: not this evaluation's parts
            key = (
                intervention.id,
                entry.variant or intervention.variant_ids()[0],
                entry.scenario or BASE_SCENARIO,
            )
            printed_by_eval.setdefault(key, {}).update(entry.figures)
    seen = {results.perspective: results}

    def under(perspective: str | None) -> Results:
        """The results as the report computed them: for the entry's perspective."""
        wanted = perspective or results.perspective
        if wanted not in seen:
            seen[wanted] = evaluate(results.model, wanted, results.plan)
        return seen[wanted]

    for intervention in case.interventions:
        for entry in intervention.reported:
            variant = entry.variant or intervention.variant_ids()[0]
            scenario = entry.scenario or BASE_SCENARIO
            ev = under(entry.perspective).get(intervention.id, variant, scenario)
            where = " · ".join(
                [intervention.name, ev.variant_name]
                + ([ev.scenario_name] if scenario != BASE_SCENARIO else [])
                + (
                    [_("perspectief {name}").format(name=under(entry.perspective).perspective_name)]
                    if entry.perspective not in (None, results.perspective)
                    else []
                )
            )
            # prefer the figures of this table, then what other tables printed for the evaluation
            others = (
                {}
                if entry.perspective not in (None, results.perspective)
                else (printed_by_eval.get((intervention.id, variant, scenario), {}))
            )
            printed = {**others, **entry.figures}
            for path, figure in entry.figures.items():
                report.checked += 1
                exact = ev.figure(path)
                kind = _kind(path)
                if exact is None:
                    continue
                if agrees(figure, exact, kind):
                    if figure.half is not None:
                        note = _components(figure, _relations(ev, path, printed, names))
                        if note:
                            report.remarks.append(Remark(entry.table, where, note))
                        report.rounded.append(
                            Rounded(
                                entry.table,
                                where,
                                path,
                                _label(ev, path, names),
                                figure.text,
                                exact,
                                figure.low,
                                figure.high,
                                kind,
                            )
                        )
                    continue
                money = kind == "money"
                cause = explain(
                    figure.value,
                    exact,
                    money,
                    _relations(ev, path, printed, names),
                    show,
                    figure.half,
                )
                if cause.code == "unknown":
                    cause = filter_left_out(ev, path, figure, exact, money) or cause
                if cause.code == "quotient_readings":
                    cause = one_payer(ev, path, figure, printed, names, payers, cause)
                report.findings.append(
                    Finding(
                        table=entry.table,
                        where=where,
                        path=path,
                        label=_label(ev, path, names),
                        printed=figure.value,
                        computed=exact,
                        difference=figure.value - exact,
                        kind=kind,
                        cause=_beyond(cause, figure, exact, money),
                        intervention=intervention.id,
                        variant=variant,
                        scenario=scenario,
                        as_printed=figure.text if figure.half is not None else "",
                        allowed=None if figure.half is None else (figure.low, figure.high),
                    )
                )
            report.remarks += [Remark(entry.table, where, text) for text in entry.remarks]

    if case.portfolio is not None:
        _audit_portfolio(results, printed_by_eval, report)
    return report


def _audit_portfolio(
    results: Results,
    printed_by_eval: dict[tuple[str, str, str], dict[str, Printed]],
    report: AuditReport,
) -> None:
    case = results.model.case
    assert case.portfolio is not None
    for entry in case.portfolio.reported:
        printed = entry.figures
        for path, figure in entry.figures.items():
            report.checked += 1
            column_id, _sep, what = path.partition(".")
            column = results.column(column_id)
            if what == "total":
                exact = column.net
                relation = Relation(
                    "sum",
                    [
                        _printed_part(
                            row.name, row.net, printed.get(f"{column_id}.{row.intervention}")
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
                        _printed_part(
                            _("netto besparing van de gekozen variant"), row.net, source.get("net")
                        )
                    ],
                )
                label = _("netto besparing {name}, kolom {column}").format(
                    name=row.name, column=column.name
                )
            if agrees(figure, exact, "money"):
                if figure.half is not None:
                    report.rounded.append(
                        Rounded(
                            entry.table,
                            case.portfolio.title,
                            path,
                            label,
                            figure.text,
                            exact,
                            figure.low,
                            figure.high,
                        )
                    )
                continue
            cause = explain(figure.value, exact, True, [relation], show, figure.half)
            report.findings.append(
                Finding(
                    table=entry.table,
                    where=case.portfolio.title,
                    path=path,
                    label=label,
                    printed=figure.value,
                    computed=exact,
                    difference=figure.value - exact,
                    kind="money",
                    cause=_beyond(cause, figure, exact, True),
                    as_printed=figure.text if figure.half is not None else "",
                    allowed=None if figure.half is None else (figure.low, figure.high),
                )
            )
        report.remarks += [Remark(entry.table, case.portfolio.title, t) for t in entry.remarks]


def _components(figure: Printed, relations: list[Relation]) -> str:
    """A total printed rounded whose printed parts add up to another print: rounding of the
    prints (within their precision), said as a remark — not a finding."""
    for relation in relations:
        parts = relation.parts
        if relation.kind != "sum" or not parts or any(p.printed is None for p in parts):
            continue
        added = sum(p.printed or 0.0 for p in parts)
        allowed = (figure.half or 0.0) + sum(p.half or 0.0 for p in parts)
        if abs(added - figure.value) > (figure.half or 0.0) + 1e-9:
            money = parts[0].money
            return _(
                "de gedrukte delen tellen op tot {added}, het totaal is gedrukt als '{text}': "
                "{verdict}"
            ).format(
                added=show(added, money),
                text=figure.text,
                verdict=_("afronding van de druk")
                if abs(added - figure.value) <= allowed + 1e-9
                else _("meer dan de afronding van de druk"),
            )
    return ""


def _printed_part(label: str, exact: float, figure: Printed | None) -> Part:
    return Part(
        label,
        exact,
        None if figure is None else figure.value,
        True,
        None if figure is None else figure.half,
    )
