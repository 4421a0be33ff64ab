"""The command line: ``rendement run | check | audit MODEL``.

Messages are Dutch, as the users are. A model with mistakes gets a list of problems
(file, line, field, what is expected) and exit code 1, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from ..audit import AuditReport, audit
from ..engine import Results, build_plan, evaluate
from ..i18n import LANGUAGES, language
from ..model import BASE_SCENARIO, LoadedModel, ModelError, load_model
from ..money import euro, number
from ..money import price as price_text
from ..present import (
    Table,
    intervention_tables,
    portfolio_balance_table,
    portfolio_table,
    prices_table,
    simulation_portfolio_table,
    simulation_table,
    tornado_table,
)
from ..present.receipt import receipt
from ..prices import (
    CatalogueError,
    IndexError_,
    bundled_list,
    bundled_lists,
    load_list,
    load_series,
)
from ..uncertainty import Sensitivity, Simulation, has_uncertainty
from ..uncertainty import sensitivity as run_sensitivity
from ..uncertainty import simulate as run_simulation
from ..uncertainty.export import write_draws

app = typer.Typer(
    help="rendement: maatschappelijke business cases (mBC) doorrekenen, controleren en auditen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
if not out.is_terminal:  # piped to a file: wide enough for the tables, no wrapping
    out = Console(highlight=False, width=160)
err = Console(stderr=True, highlight=False)

ModelArg = Annotated[Path, typer.Argument(help="Het modelbestand (YAML).", show_default=False)]
PerspectiveOption = Annotated[
    str | None, typer.Option(help="Perspectief; standaard dat van het model.")
]
LanguageOption = Annotated[str, typer.Option("--lang", help="Taal: nl of en.")]


def _usage(message: str) -> NoReturn:
    """A wrong option value: said in plain words, exit code 2 (also when embedded)."""
    err.print(f"[bold red]Fout:[/] {escape(message)}")
    raise typer.Exit(2)


def _load(path: Path) -> LoadedModel:
    try:
        return load_model(path)
    except ModelError as error:
        err.print(f"[bold red]{error.args[0].splitlines()[0]}[/]")
        for problem in error.problems:
            where = f"{problem.file}, regel {problem.line}" if problem.line else problem.file
            field = f" · [cyan]{escape(problem.path)}[/]" if problem.path else ""
            err.print(
                f"  [bold]{escape(where)}[/]{field}\n    {escape(problem.message)}", soft_wrap=True
            )
        raise typer.Exit(1) from None


def _check_language(code: str) -> None:
    if code not in LANGUAGES:
        _usage(f"taal '{code}' bestaat niet; kies uit {', '.join(LANGUAGES)}")


def _check_perspective(model: LoadedModel, perspective: str | None) -> None:
    if perspective is not None and perspective not in model.case.perspective_ids():
        known = ", ".join(model.case.perspective_ids())
        _usage(f"onbekend perspectief '{perspective}'; kies uit {known}")


def _evaluate(model: LoadedModel, perspective: str | None) -> Results:
    _check_perspective(model, perspective)
    return evaluate(model, perspective)


def _draw(table: Table) -> None:
    rich = RichTable(
        title=escape(table.title),
        title_justify="left",
        caption=escape(table.caption) if table.caption else None,
        caption_justify="left",
        show_lines=False,
    )
    for n, column in enumerate(table.columns):
        rich.add_column(escape(column), justify="left" if n == 0 else "right", overflow="fold")
    for n, row in enumerate(table.rows):
        rich.add_row(*(escape(cell) for cell in row), style="bold" if n in table.emphasis else None)
    out.print(rich)
    out.print()


@app.command()
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
    loaded = _load(model)
    if scenario is not None and scenario not in loaded.case.scenario_ids():
        _usage(f"onbekend scenario '{scenario}'; kies uit {', '.join(loaded.case.scenario_ids())}")
    results = _evaluate(loaded, perspective)
    if as_json:
        document = results.to_json()
        if scenario is not None:
            _keep_scenario(document, scenario)
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
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
    out.print(
        f"Prijspeil {case.meta.price_year} (constante prijzen) · {period} · "
        f"perspectief: {escape(results.perspective_name)}\n"
    )
    for intervention in case.interventions:
        out.rule(f"[bold]{escape(intervention.name)}")
        for table in intervention_tables(results, intervention.id, scenario):
            _draw(table)
    overview = portfolio_table(results)
    if overview is not None and scenario is None:
        out.rule("[bold]Overzicht")
        _draw(overview)
        balance = portfolio_balance_table(results)
        if balance is not None:
            _draw(balance)
    out.rule("[bold]Tarieven en bronnen")
    _draw(prices_table(results))


def _keep_scenario(document: dict[str, Any], scenario: str) -> None:
    for intervention in document["interventions"].values():
        for variant in intervention["variants"].values():
            variant["scenarios"] = {k: v for k, v in variant["scenarios"].items() if k == scenario}


@app.command()
def check(model: ModelArg) -> None:
    """Controleer alleen of het model klopt (exit 0: geldig, 1: fouten)."""
    loaded = _load(model)
    case = loaded.case
    combos = sum(len(i.variant_ids()) for i in case.interventions) * len(case.scenario_ids())
    used = {e.price for i in case.interventions for e in i.effects}
    origins = ", ".join(sorted({loaded.book.prices[p].origin for p in used})) or "geen"
    out.print(
        f"[green]✓[/] {model}: geldig — {len(case.interventions)} interventies, "
        f"{sum(len(i.effects) for i in case.interventions)} effectregels, "
        f"{len(used)} tarieven ({origins}), {combos} doorrekeningen (variant × scenario)."
    )


@app.command(name="audit")
def audit_command(
    model: ModelArg,
    as_json: Annotated[bool, typer.Option("--json", help="Bevindingen als JSON-document.")] = False,
) -> None:
    """Vergelijk elk gedrukt getal (reported:) met de berekening; toon verschillen en oorzaken."""
    loaded = _load(model)
    report = audit(evaluate(loaded))
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    _draw_audit(report)


@app.command()
def simulate(
    model: ModelArg,
    draws: Annotated[int, typer.Option(help="Aantal trekkingen.", min=1)] = 100_000,
    seed: Annotated[
        int, typer.Option(help="Startwaarde: dezelfde seed geeft dezelfde uitkomst.")
    ] = 2019,
    perspective: PerspectiveOption = None,
    chunk: Annotated[int, typer.Option(help="Trekkingen per deel (geheugen).", min=1)] = 50_000,
    workers: Annotated[
        int, typer.Option(help="Processen naast elkaar (1: in dit proces).", min=1)
    ] = 1,
    export: Annotated[
        Path | None,
        typer.Option(help="Schrijf alle trekkingen naar .parquet, .csv of .npz (audit trail)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Uitkomsten als JSON-document.")] = False,
    histograms: Annotated[bool, typer.Option(help="Met histogrammen in de JSON.")] = False,
) -> None:
    """Monte Carlo: verdeling van de netto besparing per interventie, scenario en financier."""
    loaded = _load(model)
    _check_perspective(loaded, perspective)
    if export is not None and export.suffix not in (".parquet", ".csv", ".npz"):
        _usage("--export schrijft naar een bestand op .parquet, .csv of .npz")
    pool = ProcessPoolExecutor(workers) if workers > 1 else None
    with Progress(
        TextColumn("Trekkingen"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=as_json and not err.is_terminal,
    ) as bar:
        task = bar.add_task("simulate", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = run_simulation(
                loaded,
                draws=draws,
                seed=seed,
                perspective=perspective,
                chunk=chunk,
                executor=pool,
                keep_draws=export is not None,
                progress=advance,
            )
        finally:
            if pool is not None:
                pool.shutdown()
    if export is not None:
        write_draws(result, export)
    if as_json:
        sys.stdout.write(
            json.dumps(result.to_json(histograms), ensure_ascii=False, indent=2) + "\n"
        )
        return
    out.print(
        f"[bold]Monte Carlo[/] · {draws:,} trekkingen · seed {seed} · perspectief "
        f"{escape(result.perspective_name)}".replace(",", ".")
    )
    for intervention in loaded.case.interventions:
        _draw(simulation_table(result, intervention.id, intervention.name))
    if result.outputs and any(o.column for o in result.outputs):
        _draw(simulation_portfolio_table(result))
    if export is not None:
        out.print(f"Trekkingen geschreven naar {escape(str(export))}")


@app.command(name="sensitivity")
def sensitivity_command(
    model: ModelArg,
    perspective: PerspectiveOption = None,
    draws: Annotated[
        int, typer.Option(help="Trekkingen voor rangcorrelatie en EVPI.", min=100)
    ] = 20_000,
    seed: Annotated[int, typer.Option(help="Startwaarde.")] = 2019,
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON-document.")] = False,
) -> None:
    """Tornado, rangcorrelatie, waarde van informatie en break-even per onzekere invoer."""
    loaded = _load(model)
    _check_perspective(loaded, perspective)
    if not has_uncertainty(build_plan(loaded)):
        _usage(
            "dit model heeft geen onzekere invoer; geef een getal een verdeling, bijv. "
            "share: {pert: [15%, 25%, 35%]}"
        )
    results = run_sensitivity(loaded, perspective=perspective, draws=draws, seed=seed)
    if as_json:
        document = {
            "perspective": results[0].perspective if results else perspective,
            "draws": draws,
            "seed": seed,
            "evaluations": [r.to_json() for r in results],
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    for result in results:
        if result.inputs:
            _draw(tornado_table(result, loaded.case.intervention(result.intervention).name))


@app.command()
def report(
    model: ModelArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Het bestand dat ontstaat.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="pdf, html, docx (Word) of xlsx (werkboek met formules); "
            "standaard volgens de extensie van het bestand.",
        ),
    ] = None,
    scenario: Annotated[
        str | None, typer.Option(help="Alleen dit scenario in de tabellen.")
    ] = None,
    lang: LanguageOption = "nl",
    perspective: PerspectiveOption = None,
    draws: Annotated[
        int | None,
        typer.Option(
            help="Monte Carlo-trekkingen als het model onzekere invoer heeft (standaard 10.000).",
            min=100,
            show_default=False,
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Startwaarde voor de Monte Carlo.")] = 2019,
) -> None:
    """Maak het rapport: PDF, HTML, Word, of het Excel-werkboek met formules."""
    # imported here: Altair, Jinja2 and vl-convert are not needed by the other commands
    from ..report import FORMATS, REPORT_DRAWS, analyse_uncertainty, write_report

    fmt = fmt or output.suffix.lstrip(".")
    if fmt not in FORMATS:
        _usage(f"formaat '{fmt}' bestaat niet; kies uit {', '.join(FORMATS)}")
    if output.suffix != f".{fmt}":
        _usage(f"een {fmt}-rapport schrijft u naar een bestand op .{fmt}")
    _check_language(lang)
    loaded = _load(model)
    results = _evaluate(loaded, perspective)
    if scenario is not None and scenario not in loaded.case.scenario_ids():
        _usage(f"onbekend scenario '{scenario}'; kies uit {', '.join(loaded.case.scenario_ids())}")
    simulation: Simulation | None = None
    tornados: list[Sensitivity] = []
    if fmt != "xlsx" and has_uncertainty(results.plan):
        with err.status("Monte Carlo en gevoeligheid voor het rapport…"):
            simulation, tornados = analyse_uncertainty(
                results, draws=draws or REPORT_DRAWS, seed=seed
            )
    with err.status(f"Rapport maken ({fmt})…"):
        write_report(results, output, fmt, scenario, lang, simulation, tornados)
    out.print(f"Rapport geschreven: {escape(str(output))}")


@app.command()
def kassabon(
    model: ModelArg,
    intervention: Annotated[str | None, typer.Option(help="Alleen deze interventie (id).")] = None,
    variant: Annotated[str | None, typer.Option(help="Variant (id); standaard de eerste.")] = None,
    scenario: Annotated[str | None, typer.Option(help="Scenario; standaard basis.")] = None,
    lang: LanguageOption = "nl",
    perspective: PerspectiveOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Schrijf de bonnen naar .pdf of .html, één per pagina."
        ),
    ] = None,
) -> None:
    """De kassabon: per interventie de besparingen regel voor regel, de investering en netto."""
    if output is not None and output.suffix not in (".pdf", ".html"):
        _usage("kassabonnen schrijft u naar een bestand op .pdf of .html")
    _check_language(lang)
    loaded = _load(model)
    results = _evaluate(loaded, perspective)
    ids = [i.id for i in results.interventions]
    if intervention is not None and intervention not in ids:
        _usage(f"onbekende interventie '{intervention}'; kies uit {', '.join(ids)}")
    bons = []
    with language(lang):
        for result in results.interventions:
            if intervention is not None and result.id != intervention:
                continue
            pairs = {(e.variant, e.scenario) for e in result.evaluations}
            chosen_variant = variant or result.evaluations[0].variant
            chosen_scenario = scenario or BASE_SCENARIO
            if (chosen_variant, chosen_scenario) not in pairs:
                _usage(
                    f"{result.id} kent variant '{chosen_variant}' met scenario "
                    f"'{chosen_scenario}' niet"
                )
            bons.append(receipt(results, result.get(chosen_variant, chosen_scenario)))
        if output is None:
            for bon in bons:
                out.print(escape(bon.text()))
                out.print()
            return
        from ..report import receipts_outline, write_html, write_pdf

        document = receipts_outline(results, bons)
        if output.suffix == ".pdf":
            write_pdf(document, output)
        else:
            write_html(document, output)
    out.print(f"Kassabonnen geschreven: {escape(str(output))}")


@app.command()
def prices(
    search: Annotated[
        str | None, typer.Argument(help="Zoekterm in code of omschrijving.", show_default=False)
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Toon de bedragen ook geïndexeerd naar dit prijspeil.")
    ] = None,
    price_list: Annotated[
        str | None,
        typer.Option("--list", help="Alleen deze lijst: een id, of een eigen bestand (.yaml)."),
    ] = None,
    series: Annotated[
        str | None, typer.Option(help="Indexreeks voor --year (standaard cpi-cbs).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON-document.")] = False,
) -> None:
    """Zoek in de meegeleverde prijslijsten (of een eigen lijst), met bron en prijspeil."""
    here = Path.cwd()
    try:
        lists = (
            [load_list(price_list, here)]
            if price_list
            else [bundled_list(i) for i in bundled_lists()]
        )
        index = load_series(series, here) if year is not None else None
    except CatalogueError as error:
        _usage(str(error))
    needle = (search or "").lower()
    rows: list[dict[str, Any]] = []
    for plist in lists:
        for item in plist.items.values():
            text = f"{item.code} {item.name} {item.note or ''} {item.domain or ''}".lower()
            if needle and needle not in text:
                continue
            row: dict[str, Any] = {
                "list": plist.id,
                **item.model_dump(),
                "source_title": plist.source_of(item).title,
            }
            if index is not None and year is not None:
                try:
                    row["indexed"] = item.amount * index.factor(item.price_year, year)
                except IndexError_ as error:
                    _usage(str(error))
                row["indexed_year"] = year
            rows.append(row)
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    columns = ["Lijst", "Code", "Omschrijving", "Eenheid", "Bedrag", "Prijspeil", "Domein", "Soort"]
    if year is not None:
        columns.append(f"Prijspeil {year}")
    table = Table(f"{len(rows)} tarieven" + (f" met '{search}'" if search else ""), columns)
    for row in rows:
        cells = [
            row["list"],
            row["code"],
            row["name"],
            row["unit"],
            price_text(row["amount"]),
            str(row["price_year"]),
            row["domain"] or "",
            "schaduwprijs" if row["kind"] == "shadow_price" else "kosten",
        ]
        if year is not None:
            cells.append(price_text(row["indexed"]))
        table.add(cells)
    sources = sorted({f"{r['list']}: {r['source_title']}" for r in rows})
    table.caption = "Bronnen: " + "; ".join(sources) if sources else None
    if index is not None:
        table.caption = (table.caption or "") + f". Index: {index.name} ({index.source.strip()})"
    _draw(table)


def _draw_audit(report: AuditReport) -> None:
    out.print(
        f"{report.checked} gedrukte getallen gecontroleerd; "
        f"[bold]{len(report.findings)}[/] wijken meer af dan € 1 (of 0,01 bij een ratio of aantal)."
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


def main() -> None:
    """Entry point: turns wrong usage and unexpected failures into plain messages."""
    try:
        app()
    except Exception as error:  # never a traceback for a user
        if os.environ.get("RENDEMENT_DEBUG"):
            raise
        err.print(
            f"[bold red]Interne fout:[/] {type(error).__name__}: {escape(str(error))}\n"
            "Dit is een fout in rendement, niet in uw model. Zet RENDEMENT_DEBUG=1 voor details."
        )
        sys.exit(3)
