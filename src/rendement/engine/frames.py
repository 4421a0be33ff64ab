"""Point results as tidy tables: one row per evaluation, effect line, investment line, …

Every table starts with the same key columns (intervention, variant and scenario, with
their names, and the perspective), so tables join on them. Money is unrounded, a present
value over the horizon in constant prices of the price year, as everywhere in the engine.
The tables are plain column dicts; :mod:`rendement.tabular` makes Arrow, pandas or polars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..money import currency, euro, ratio
from ..tabular import KEYS, Columns, Kind, columns, html_table

if TYPE_CHECKING:
    from .results import Evaluation, Results

EVALUATIONS: dict[str, Kind] = {
    **KEYS,
    "perspective_name": "text",
    "reach": "float",
    "reach_unit": "text",
    "gross": "float",
    "perspective_gross": "float",
    "investment": "float",
    "perspective_investment": "float",
    "net": "float",
    "society_net": "float",
    "ratio_gross": "float",
    "ratio_net": "float",
    "gross_per_case": "float",
    "perspective_gross_per_case": "float",
    "net_per_case": "float",
    "shadow_value": "float",
    "social_value": "float",
    "sroi_ratio": "float",
    "payback_years": "float",
    "payback_years_discounted": "float",
}
EFFECTS: dict[str, Kind] = {
    **KEYS,
    "line": "text",
    "line_name": "text",
    "kind": "text",
    "stakeholder": "text",
    "financier": "text",
    "financier_name": "text",
    "in_perspective": "bool",
    "cases": "float",
    "share": "float",
    "units_per_case": "float",
    "units": "float",
    "unit": "text",
    "price": "float",
    "value_per_case": "float",
    "base": "float",
    "deadweight": "float",
    "attribution": "float",
    "displacement": "float",
    "drop_off": "float",
    "duration_years": "float",
    "start_delay_years": "float",
    "factor": "float",
    "gross": "float",
    "price_id": "text",
    "price_name": "text",
    "price_origin": "text",
    "price_source": "text",
    "price_amount": "float",
    "price_unit": "text",
    "price_year": "int",
    "index_factor": "float",
    "unit_factor": "float",
    "price_change": "text",
}
INVESTMENTS: dict[str, Kind] = {
    **KEYS,
    "line": "text",
    "line_name": "text",
    "payer": "text",
    "payer_name": "text",
    "in_perspective": "bool",
    "amount": "float",
    "one_off": "bool",
    "start_year": "int",
    "pv": "float",
}
FINANCIERS: dict[str, Kind] = {
    **KEYS,
    "financier": "text",
    "financier_name": "text",
    "party": "text",
    "in_perspective": "bool",
    "investment": "float",
    "gross": "float",
    "net": "float",
}
YEARS: dict[str, Kind] = {
    **KEYS,
    "year": "int",
    "discount_factor": "float",
    "gross": "float",
    "investment": "float",
    "net": "float",
    "cumulative_net": "float",
}
PORTFOLIO: dict[str, Kind] = {
    "column": "text",
    "column_name": "text",
    **KEYS,
    "net": "float",
}
PORTFOLIO_FINANCIERS: dict[str, Kind] = {
    "column": "text",
    "column_name": "text",
    "perspective": "text",
    **{k: v for k, v in FINANCIERS.items() if k not in KEYS},
}
TABLES = (
    "evaluations",
    "effects",
    "investments",
    "financiers",
    "years",
    "portfolio",
    "portfolio_financiers",
)
"""What ``Results.to_arrow(table)`` offers; an ``Evaluation`` offers effects to years."""


def _keys(ev: Evaluation, intervention_name: str | None, perspective: str | None) -> dict[str, Any]:
    return {
        "intervention": ev.intervention,
        "intervention_name": intervention_name,
        "variant": ev.variant,
        "variant_name": ev.variant_name,
        "scenario": ev.scenario,
        "scenario_name": ev.scenario_name,
        "perspective": perspective,
    }


def _effects(keys: dict[str, Any], ev: Evaluation, names: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for line in ev.effects:
        used = line.price_used
        rows.append(
            {
                **keys,
                "line": line.id,
                "line_name": line.name,
                "kind": line.kind,
                "stakeholder": line.stakeholder,
                "financier": line.financier,
                "financier_name": names.get(line.financier),
                "in_perspective": line.in_perspective,
                "cases": line.cases,
                "share": line.share,
                "units_per_case": line.units_per_case,
                "units": line.units,
                "unit": line.unit,
                "price": line.price,
                "value_per_case": line.value_per_case,
                "base": line.base,
                **line.filters,
                "factor": line.factor,
                "gross": line.gross,
                "price_id": line.price_id,
                "price_name": used.name if used else None,
                "price_origin": used.origin if used else None,
                "price_source": used.source if used else None,
                "price_amount": used.amount if used else None,
                "price_unit": used.unit if used else None,
                "price_year": used.price_year if used else None,
                "index_factor": used.index_factor if used else None,
                "unit_factor": used.unit_factor if used else None,
                "price_change": getattr(line, "price_change", None),  # a scenario's new price
            }
        )
    return rows


def _investments(
    keys: dict[str, Any], ev: Evaluation, names: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            **keys,
            "line": line.id,
            "line_name": line.name,
            "payer": line.payer,
            "payer_name": names.get(line.payer),
            "in_perspective": line.in_perspective,
            "amount": line.amount,
            "one_off": line.one_off,
            "start_year": line.start_year,
            "pv": line.pv,
            **line.factors,
        }
        for line in ev.investments
    ]


def _financiers(keys: dict[str, Any], ev: Evaluation) -> list[dict[str, Any]]:
    return [
        {
            **keys,
            "financier": b.financier,
            "financier_name": b.name,
            "party": b.party,
            "in_perspective": b.in_perspective,
            "investment": b.investment,
            "gross": b.gross,
            "net": b.net,
        }
        for b in ev.who_pays_who_gains
    ]


def _years(keys: dict[str, Any], ev: Evaluation) -> list[dict[str, Any]]:
    return [
        {
            **keys,
            "year": y.year,
            "discount_factor": y.discount_factor,
            "gross": y.gross,
            "investment": y.investment,
            "net": y.net,
            "cumulative_net": y.cumulative_net,
        }
        for y in ev.years
    ]


def _investment_kinds(rows: list[dict[str, Any]]) -> dict[str, Kind]:
    """The fixed columns, then each factor any line has (hours_per_week, unit_cost, …)."""
    factors = dict.fromkeys(k for row in rows for k in row if k not in INVESTMENTS)
    return {**INVESTMENTS, **dict.fromkeys(factors, "float")}


def evaluation_rows(
    table: str,
    ev: Evaluation,
    intervention_name: str | None = None,
    perspective: str | None = None,
    financier_names: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The rows one evaluation contributes to ``table`` (effects, investments, …)."""
    keys = _keys(ev, intervention_name, perspective)
    names = financier_names or {}
    if table == "evaluations":
        fields = {k: getattr(ev, k) for k in EVALUATIONS if k not in KEYS and hasattr(ev, k)}
        return [{**keys, **fields}]
    if table == "effects":
        return _effects(keys, ev, names)
    if table == "investments":
        return _investments(keys, ev, names)
    if table == "financiers":
        return _financiers(keys, ev)
    if table == "years":
        return _years(keys, ev)
    raise ValueError(table)


def kinds(table: str, rows: list[dict[str, Any]]) -> dict[str, Kind]:
    if table == "investments":
        return _investment_kinds(rows)
    return {
        "evaluations": EVALUATIONS,
        "effects": EFFECTS,
        "financiers": FINANCIERS,
        "years": YEARS,
        "portfolio": PORTFOLIO,
        "portfolio_financiers": PORTFOLIO_FINANCIERS,
    }[table]


def results_columns(results: Results, table: str) -> Columns:
    """One of :data:`TABLES` for every evaluation (or portfolio column) of ``results``."""
    names = {f.id: f.name for f in results.model.case.financiers}
    rows: list[dict[str, Any]] = []
    if table == "portfolio":
        for column in results.portfolio:
            for r in column.rows:
                ev = results.get(r.intervention, r.variant, r.scenario)
                rows.append(
                    {
                        "column": column.id,
                        "column_name": column.name,
                        **_keys(ev, r.name, results.perspective),
                        "net": r.net,
                    }
                )
    elif table == "portfolio_financiers":
        for column in results.portfolio:
            for b in column.who_pays_who_gains:
                rows.append(
                    {
                        "column": column.id,
                        "column_name": column.name,
                        "perspective": results.perspective,
                        "financier": b.financier,
                        "financier_name": b.name,
                        "party": b.party,
                        "in_perspective": b.in_perspective,
                        "investment": b.investment,
                        "gross": b.gross,
                        "net": b.net,
                    }
                )
    else:
        for item in results.interventions:
            for ev in item.evaluations:
                rows += evaluation_rows(table, ev, item.name, results.perspective, names)
                if table == "evaluations":
                    rows[-1]["perspective_name"] = results.perspective_name
    return columns(rows, kinds(table, rows))


def evaluation_columns(ev: Evaluation, table: str) -> Columns:
    """One table of a single evaluation (it does not know its intervention's name)."""
    rows = evaluation_rows(table, ev)
    return columns(rows, kinds(table, rows))


def results_html(results: Results) -> str:
    """The net table of every evaluation, and the portfolio overview, as a notebook shows them."""
    with currency(results.model.case.meta.currency):
        return _results_html(results)


def _results_html(results: Results) -> str:
    rows = [
        [
            item.name,
            ev.variant_name,
            ev.scenario_name,
            euro(ev.perspective_gross),
            euro(ev.perspective_investment),
            euro(ev.net),
            ratio(ev.ratio_gross),
            ratio(ev.ratio_net),
        ]
        for item in results.interventions
        for ev in item.evaluations
    ]
    case = results.model.case
    parts = [
        html_table(
            f"{case.meta.title} — netto besparing ({results.perspective_name})",
            [
                "Interventie",
                "Variant",
                "Scenario",
                "Bruto besparing",
                "Investering",
                "Netto besparing",
                "Bruto ratio",
                "Netto ratio",
            ],
            rows,
            f"Contante waarde over {results.horizon_years} jaar, prijspeil "
            f"{case.meta.price_year}; to_pandas() geeft de onafgeronde cijfers.",
        )
    ]
    if results.portfolio:
        interventions = list(dict.fromkeys(r.name for c in results.portfolio for r in c.rows))
        table = [
            [name]
            + [next((euro(r.net) for r in c.rows if r.name == name), "") for c in results.portfolio]
            for name in interventions
        ]
        table.append(["Totaal", *(euro(c.net) for c in results.portfolio)])
        parts.append(
            html_table(
                results.portfolio_title or "Overzicht",
                ["Interventie", *(c.name for c in results.portfolio)],
                table,
            )
        )
    return "\n".join(parts)


def evaluation_html(ev: Evaluation) -> str:
    """One evaluation: its effect lines, then gross, investment, net and the ratios."""
    lines = [
        [
            line.name,
            line.financier,
            "ja" if line.in_perspective else "nee",
            euro(line.gross),
        ]
        for line in ev.effects
    ]
    lines += [
        ["Bruto besparing (perspectief)", "", "", euro(ev.perspective_gross)],
        ["Investering (perspectief)", "", "", euro(ev.perspective_investment)],
        ["Netto besparing", "", "", euro(ev.net)],
        ["Bruto ratio", "", "", ratio(ev.ratio_gross)],
        ["Netto ratio", "", "", ratio(ev.ratio_net)],
    ]
    return html_table(
        f"{ev.intervention} — {ev.variant_name}, {ev.scenario_name}",
        ["Effect", "Financier", "In perspectief", "Bedrag"],
        lines,
    )
