"""``rendement run | check | audit``: evaluate a model, validate it, audit a report's figures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from .common import ModelArg, check_scenario, draw, evaluate, load, out, write_json

if TYPE_CHECKING:
    from ..audit import AuditReport


def run(
    model: ModelArg,
    scenario: Annotated[
        str | None, typer.Option(help="Alleen dit scenario (basis, of een id uit 'scenarios').")
    ] = None,
    perspective: Annotated[
        str | None,
        typer.Option(
            help="Perspectief voor de nettocijfers: een gedeclareerd perspectief, één financier, "
            "of 'maatschappij' (alle financiers)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Resultaten als JSON-document.")] = False,
) -> None:
    """Reken een business case door en toon de tabellen (of JSON)."""
    from ..money import number
    from ..present import (
        intervention_tables,
        portfolio_balance_table,
        portfolio_table,
        prices_table,
    )

    loaded = load(model)
    check_scenario(loaded, scenario)
    results = evaluate(loaded, perspective)
    if as_json:
        document = results.to_json()
        if scenario is not None:
            _keep_scenario(document, scenario)
        write_json(document)
        return
    case = loaded.case
    title = f"{escape(case.meta.title)}[/] — {escape(case.meta.client)}"
    out.print(f"[bold]{title}, {case.meta.date:%d-%m-%Y}")
    period = (
        f"horizon {results.horizon_years} jaar, contante waarde met "
        f"{number(results.discount_rate * 100, 2)}% per jaar"
        if results.horizon_years > 1
        else f"meettermijn {case.meta.measurement_period_years:g} jaar"
    )
    money = "" if case.meta.currency == "EUR" else f" · bedragen in {case.meta.currency}"
    out.print(
        f"Prijspeil {case.meta.price_year} (constante prijzen){money} · {period} · "
        f"perspectief: {escape(results.perspective_name)}\n"
    )
    for intervention in case.interventions:
        out.rule(f"[bold]{escape(intervention.name)}")
        for table in intervention_tables(results, intervention.id, scenario):
            draw(table)
    overview = portfolio_table(results)
    if overview is not None and scenario is None:
        out.rule("[bold]Overzicht")
        draw(overview)
        balance = portfolio_balance_table(results)
        if balance is not None:
            draw(balance)
    out.rule("[bold]Tarieven en bronnen")
    draw(prices_table(results))


def _keep_scenario(document: dict[str, Any], scenario: str) -> None:
    for intervention in document["interventions"].values():
        for variant in intervention["variants"].values():
            variant["scenarios"] = {k: v for k, v in variant["scenarios"].items() if k == scenario}


def check(model: ModelArg) -> None:
    """Controleer alleen of het model klopt (exit 0: geldig, 1: fouten)."""
    loaded = load(model)
    case = loaded.case
    combos = sum(len(i.variant_ids()) for i in case.interventions) * len(case.scenario_ids())
    used = {e.price for i in case.interventions for e in i.effects}
    origins = ", ".join(sorted({loaded.book.prices[p].origin for p in used})) or "geen"
    out.print(
        f"[green]✓[/] {model}: geldig — {len(case.interventions)} interventies, "
        f"{sum(len(i.effects) for i in case.interventions)} effectregels, "
        f"{len(used)} tarieven ({origins}), {combos} doorrekeningen (variant × scenario)."
    )


def audit(
    model: ModelArg,
    as_json: Annotated[bool, typer.Option("--json", help="Bevindingen als JSON-document.")] = False,
) -> None:
    """Vergelijk elk gedrukt getal (reported:) met de berekening; toon verschillen en oorzaken."""
    from ..audit import audit as run_audit

    loaded = load(model)
    report = run_audit(evaluate(loaded, None))
    if as_json:
        write_json(report.to_json())
        return
    _draw_audit(report)


def _draw_audit(report: AuditReport) -> None:
    from ..money import euro

    out.print(
        f"{report.checked} gedrukte getallen gecontroleerd; "
        f"[bold]{len(report.findings)}[/] wijken meer af dan {euro(1)} "
        "(of 0,01 bij een ratio of aantal)."
    )
    for finding in report.findings:
        shown = (
            (
                euro(finding.printed),
                euro(finding.computed, cents=True),
                euro(finding.difference, cents=True),
            )
            if finding.kind == "money"
            else (f"{finding.printed:g}", f"{finding.computed:g}", f"{finding.difference:+g}")
        )
        out.print(
            f"\n[bold]{escape(finding.table)}[/] · {escape(finding.where)}\n"
            f"  {escape(finding.label)} [dim]({escape(finding.path)})[/]\n"
            f"  gedrukt {shown[0]} · berekend {shown[1]} · verschil {shown[2]}\n"
            f"  [yellow]{escape(finding.cause.text)}[/]",
            soft_wrap=True,
        )
    if report.remarks:
        out.print("\n[bold]Opmerkingen bij het rapport[/]")
        for remark in report.remarks:
            line = f"- {remark.table} · {remark.where}: {remark.text}"
            out.print(escape(line), soft_wrap=True)
