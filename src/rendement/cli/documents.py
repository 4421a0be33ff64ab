"""``rendement report | kassabon``: the documents (PDF, HTML, Word, workbook) and receipts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from ..i18n import _
from .common import (
    LanguageOption,
    ModelArg,
    PerspectiveOption,
    check_scenario,
    err,
    evaluate,
    load,
    model_language,
    out,
    usage,
    writable,
    writing,
)

if TYPE_CHECKING:
    from ..cohort.indicators import IndicatorChange
    from ..model import LoadedModel
    from ..uncertainty import Sensitivity, Simulation


def report(
    context: typer.Context,
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
    lang: LanguageOption = None,
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
    indicators: Annotated[
        Path | None,
        typer.Option(
            "--indicators",
            help="Meetwaarden van de indicatoren per casus (.csv, .xlsx of .parquet).",
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Indicatoren per groep van deze kolom.")
    ] = None,
) -> None:
    """Maak het rapport: PDF, HTML, Word, of het Excel-werkboek met formules."""
    # imported here: Altair, Jinja2 and vl-convert are not needed by the other commands
    from ..report import FORMATS, REPORT_DRAWS, analyse_uncertainty, write_report
    from ..uncertainty import has_uncertainty

    fmt = fmt or output.suffix.lstrip(".")
    if fmt not in FORMATS:
        usage(f"formaat '{fmt}' bestaat niet; kies uit {', '.join(FORMATS)}")
    if output.suffix != f".{fmt}":
        usage(f"een {fmt}-rapport schrijft u naar een bestand op .{fmt}")
    writable(output)
    loaded = load(model)
    results = evaluate(loaded, perspective)
    check_scenario(loaded, scenario)
    chosen = model_language(context, loaded.case.meta.language)
    changes = None if indicators is None else measured_indicators(loaded, indicators, by, seed)
    simulation: Simulation | None = None
    tornados: list[Sensitivity] = []
    if fmt != "xlsx" and has_uncertainty(results.plan):
        with err.status(_("Monte Carlo en gevoeligheid voor het rapport…")):
            simulation, tornados = analyse_uncertainty(
                results, draws=draws or REPORT_DRAWS, seed=seed, scenario=scenario
            )
    with err.status(_("Rapport maken ({format})…").format(format=fmt)), writing(output):
        write_report(results, output, fmt, scenario, chosen, simulation, tornados, changes)
    out.print(_("Rapport geschreven: {path}").format(path=escape(str(output))))


def measured_indicators(
    loaded: LoadedModel, path: Path, by: str | None, seed: int
) -> list[IndicatorChange]:
    """The change of the model's indicators measured in the file at ``path``; the file's
    problems (row, column) and exit 1, or a usage error for an unknown ``--by``."""
    from ..cohort.indicators import defined, indicator_changes, read_measurements
    from ..cohort.reading import CohortError
    from .cohort import _refused

    specs = defined(loaded.case)
    if not specs:
        usage(_("het model heeft geen indicator met 'measure' bij zijn effecten niet in geld"))
    try:
        values = read_measurements(path, [spec.id for _name, _effect, spec in specs])
    except CohortError as error:
        _refused(path, error)
    if by is not None and by not in values.attributes:
        usage(
            _("groeperen kan op {attributes}; '{by}' is geen kolom van de tabel").format(
                attributes=", ".join(values.attributes) or "—", by=by
            )
        )
    changes = indicator_changes(values, specs, by, seed=seed)
    if any(m.moment == "follow_up" for m in values.values):  # does the change last?
        changes += indicator_changes(values, specs, by, seed=seed, to="follow_up")
    return changes


def kassabon(
    context: typer.Context,
    model: ModelArg,
    intervention: Annotated[str | None, typer.Option(help="Alleen deze interventie (id).")] = None,
    variant: Annotated[str | None, typer.Option(help="Variant (id); standaard de eerste.")] = None,
    scenario: Annotated[str | None, typer.Option(help="Scenario; standaard basis.")] = None,
    lang: LanguageOption = None,
    perspective: PerspectiveOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Schrijf de bonnen naar .pdf of .html, één per pagina."
        ),
    ] = None,
) -> None:
    """De kassabon: per interventie de besparingen regel voor regel, de investering en netto."""
    from ..model import BASE_SCENARIO
    from ..present.receipt import receipt

    if output is not None and output.suffix not in (".pdf", ".html"):
        usage("kassabonnen schrijft u naar een bestand op .pdf of .html")
    if output is not None:
        writable(output)
    loaded = load(model)
    model_language(context, loaded.case.meta.language)  # the model's own, unless --lang
    results = evaluate(loaded, perspective)
    ids = [i.id for i in results.interventions]
    if intervention is not None and intervention not in ids:
        usage(f"onbekende interventie '{intervention}'; kies uit {', '.join(ids)}")
    bons = []
    for result in results.interventions:
        if intervention is not None and result.id != intervention:
            continue
        pairs = {(e.variant, e.scenario) for e in result.evaluations}
        chosen_variant = variant or result.evaluations[0].variant
        chosen_scenario = scenario or BASE_SCENARIO
        if (chosen_variant, chosen_scenario) not in pairs:
            usage(
                f"{result.id} kent variant '{chosen_variant}' met scenario '{chosen_scenario}' niet"
            )
        bons.append(receipt(results, result.get(chosen_variant, chosen_scenario)))
    if output is None:
        for bon in bons:
            out.print(escape(bon.text()))
            out.print()
        return
    from ..report import receipts_outline, write_html, write_pdf

    document = receipts_outline(results, bons)
    with writing(output):
        if output.suffix == ".pdf":
            write_pdf(document, output)
        else:
            write_html(document, output)
    out.print(_("Kassabonnen geschreven: {path}").format(path=escape(str(output))))
