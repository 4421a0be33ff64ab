"""``rendement run | check | audit``: evaluate a model, validate it, audit a report's figures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from ..i18n import _
from .common import (
    LanguageOption,
    ModelArg,
    check_scenario,
    draw,
    evaluate,
    load,
    model_language,
    out,
    write_json,
)

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
    lang: LanguageOption = None,
) -> None:
    """Reken een business case door en toon de tabellen (of JSON)."""
    from ..money import count, number
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
        _("horizon {years} jaar, contante waarde met {rate}% per jaar").format(
            years=results.horizon_years, rate=number(results.discount_rate * 100, 2)
        )
        if results.horizon_years > 1
        else _("meettermijn {years} jaar").format(years=count(case.meta.measurement_period_years))
    )
    money = (
        ""
        if case.meta.currency == "EUR"
        else _(" · bedragen in {currency}").format(currency=case.meta.currency)
    )
    heading = _("Prijspeil {year} (constante prijzen){money} · {period} · perspectief: {name}")
    out.print(
        heading.format(
            year=case.meta.price_year,
            money=money,
            period=period,
            name=escape(results.perspective_name),
        )
        + "\n"
    )
    for intervention in case.interventions:
        out.rule(f"[bold]{escape(intervention.name)}")
        for table in intervention_tables(results, intervention.id, scenario):
            draw(table)
    overview = portfolio_table(results)
    if overview is not None and scenario is None:
        out.rule(f"[bold]{_('Overzicht')}")
        draw(overview)
        balance = portfolio_balance_table(results)
        if balance is not None:
            draw(balance)
    out.rule(f"[bold]{_('Tarieven en bronnen')}")
    draw(prices_table(results))


def _keep_scenario(document: dict[str, Any], scenario: str) -> None:
    for intervention in document["interventions"].values():
        for variant in intervention["variants"].values():
            variant["scenarios"] = {k: v for k, v in variant["scenarios"].items() if k == scenario}


def check(model: ModelArg, lang: LanguageOption = None) -> None:
    """Controleer alleen of het model klopt (exit 0: geldig, 1: fouten)."""
    loaded = load(model)
    case = loaded.case
    combos = sum(len(i.variant_ids()) for i in case.interventions) * len(case.scenario_ids())
    used = {e.price for i in case.interventions for e in i.effects}
    origins = ", ".join(sorted({loaded.book.prices[p].origin for p in used})) or _("geen")
    valid = _(
        "{model}: geldig — {interventions} interventies, {effects} effectregels, "
        "{prices} tarieven ({origins}), {evaluations} doorrekeningen (variant × scenario)."
    )
    text = valid.format(
        model=escape(str(model)),
        interventions=len(case.interventions),
        effects=sum(len(i.effects) for i in case.interventions),
        prices=len(used),
        origins=escape(origins),
        evaluations=combos,
    )
    out.print(f"[green]✓[/] {text}")
    from ..model.advice import advice

    for item in advice(case):
        out.print(f"[yellow]![/] {escape(item.where)}: {escape(_(item.text))}", soft_wrap=True)


def audit(
    context: typer.Context,
    model: ModelArg,
    as_json: Annotated[bool, typer.Option("--json", help="Bevindingen als JSON-document.")] = False,
    lang: LanguageOption = None,
) -> None:
    """Vergelijk elk gedrukt getal (reported:) met de berekening; toon verschillen en oorzaken."""
    from ..audit import audit as run_audit

    loaded = load(model)
    model_language(context, loaded.case.meta.language)  # the model's own, unless --lang
    report = run_audit(evaluate(loaded, None))
    if as_json:
        write_json(report.to_json())
        return
    _draw_audit(report)


def _draw_audit(report: AuditReport) -> None:
    from ..money import euro, ratio

    summary = _(
        "{checked} gedrukte getallen gecontroleerd; {findings} wijken af: meer dan de "
        "afronding waarmee ze gedrukt zijn, of een gewoon getal meer dan {euro} (of {cent} bij "
        "een ratio of aantal)."
    )
    out.print(
        summary.format(
            checked=report.checked,
            findings=f"[bold]{len(report.findings)}[/]",
            euro=euro(1),
            cent=ratio(0.01),
        )
    )
    rounded = report.rounded_sentence()
    if rounded:
        out.print(escape(rounded), soft_wrap=True)
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
        compared = _("gedrukt {printed} · berekend {computed} · verschil {difference}").format(
            printed=f"'{finding.as_printed}'" if finding.as_printed else shown[0],
            computed=shown[1],
            difference=shown[2],
        )
        out.print(
            f"\n[bold]{escape(finding.table)}[/] · {escape(finding.where)}\n"
            f"  {escape(finding.label)} [dim]({escape(finding.path)})[/]\n"
            f"  {compared}\n"
            f"  [yellow]{escape(finding.cause.text)}[/]",
            soft_wrap=True,
        )
    if report.remarks:
        out.print(f"\n[bold]{_('Opmerkingen bij het rapport')}[/]")
        for remark in report.remarks:
            line = f"- {remark.table} · {remark.where}: {remark.text}"
            out.print(escape(line), soft_wrap=True)
