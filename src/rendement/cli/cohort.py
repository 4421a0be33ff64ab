"""``rendement cohort …``: client cases (one row per client case and item)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.markup import escape

from ..i18n import _
from .common import LanguageOption, err, usage, writable, writing

if TYPE_CHECKING:
    from ..cohort.reading import CohortError

app = typer.Typer(
    help="Cliëntcasussen: een tabel van casussen lezen, controleren en doorrekenen.",
    no_args_is_help=True,
)


PricesOption = Annotated[
    str,
    typer.Option(
        "--prices",
        help="Een model (.yaml: zijn prijzen en financiers) of prijslijsten (id of bestand, "
        "met komma's).",
    ),
]
"""``--prices``: the prices that value the client cases (read by :func:`_price_book`)."""


@app.command()
def template(
    output: Annotated[
        Path,
        typer.Argument(help="Het bestand: .csv of .xlsx (met een blad met uitleg)."),
    ] = Path("casussen.xlsx"),
    lang: LanguageOption = None,
) -> None:
    """Schrijf een leeg sjabloon voor cliëntcasussen, met voorbeeldrijen (verzonnen)."""
    from ..cohort.template import write_template
    from ..files import replacing

    if output.suffix.lower() not in (".csv", ".xlsx"):
        usage(_("schrijf het sjabloon als .csv of .xlsx"), output)
    with writing(writable(output)), replacing(output, output.suffix) as partial:
        write_template(partial)
    err.print(_("Sjabloon geschreven naar {path}").format(path=output))


@app.command()
def check(
    table: Annotated[Path, typer.Argument(help="De tabel: .csv, .xlsx of .parquet.")],
    lang: LanguageOption = None,
) -> None:
    """Controleer een tabel van cliëntcasussen: elke fout met rij en kolom."""
    from ..cohort.reading import CohortError, read_cases

    try:
        cases = read_cases(table)
    except CohortError as error:
        _refused(table, error)
    err.print(
        _("{path}: {cases} casussen, {rows} regels; groeperen kan op {attributes}").format(
            path=table,
            cases=len(cases.cases),
            rows=len(cases.entries),
            attributes=", ".join(cases.attributes) or "—",
        )
    )


@app.command()
def evaluate(
    table: Annotated[Path, typer.Argument(help="De tabel: .csv, .xlsx of .parquet.")],
    prices: PricesOption,
    by: Annotated[
        str | None, typer.Option("--by", help="Groepeer op deze kolom (een kenmerk).")
    ] = None,
    min_segment: Annotated[
        int, typer.Option(help="Kleinere groepen worden niet apart getoond.", min=1)
    ] = 10,
    size: Annotated[
        int | None,
        typer.Option("--size", help="Reken door naar een cohort van zoveel casussen.", min=1),
    ] = None,
    show_cases: Annotated[
        bool, typer.Option("--cases", help="Toon ook elke casus apart (bewust gekozen).")
    ] = False,
    seed: Annotated[int, typer.Option(help="Startwaarde van de bootstrap.")] = 2019,
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON-document.")] = False,
    lang: LanguageOption = None,
) -> None:
    """Reken cliëntcasussen door: per casus, per financier, per groep (met intervallen)."""
    from ..cohort.summary import summarise
    from ..present.cohort import cases_table, cohort_json, segments_table, totals_table
    from .common import draw, write_json

    valued = _valued(table, prices)
    if by is not None and by not in valued.attributes:
        usage(
            _("groeperen kan op {attributes}; '{by}' is geen kolom van de tabel").format(
                attributes=", ".join(valued.attributes) or "—", by=by
            )
        )
    summary = summarise(valued, by, min_segment=min_segment, seed=seed)
    if as_json:
        write_json(cohort_json(valued, summary, size))
        return
    draw(totals_table(valued, summary))
    segments = segments_table(summary)
    if segments is not None:
        draw(segments)
    if size is not None:
        from ..money import euro

        total, band = summary.extrapolated(size)
        err.print(
            _("Doorgerekend naar {size} casussen: {net} netto ({low} – {high})").format(
                size=size, net=euro(total), low=euro(band.low), high=euro(band.high)
            )
        )
    if show_cases:
        draw(cases_table(valued))


def _is_model(path: Path) -> bool:
    """A business case's model (it starts with ``rendement: 1``), not a price list."""
    if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
        return False
    with path.open(encoding="utf-8", errors="replace") as file:
        return any(line.startswith("rendement:") for line in file)


def _price_book(prices: str) -> Any:
    """The unit prices ``--prices`` names: one model's, or price lists (comma-separated);
    a usage error (exit 2) when they cannot be read."""
    from ..cohort.valuation import prices_from_lists, prices_from_model
    from ..model import ModelError
    from ..prices import CatalogueError

    try:
        refs = [p.strip() for p in prices.split(",") if p.strip()]
        if len(refs) == 1 and _is_model(Path(refs[0])):
            return prices_from_model(refs[0])
        return prices_from_lists(refs)
    except (ModelError, CatalogueError) as error:
        usage(
            _("de prijzen ({prices}) zijn niet te lezen: {error}").format(
                prices=prices, error=error
            )
        )


def _valued(table: Path, prices: str) -> Any:
    """The table read and valued with ``--prices``; a usage error or the table's problems
    (exit 1) otherwise."""
    from ..cohort.reading import CohortError, read_cases
    from ..cohort.valuation import value_cases

    book = _price_book(prices)
    try:
        return value_cases(read_cases(table), book)
    except CohortError as error:
        _refused(table, error)


@app.command()
def kassabon(
    table: Annotated[Path, typer.Argument(help="De tabel: .csv, .xlsx of .parquet.")],
    prices: Annotated[
        str,
        typer.Option("--prices", help="Een model (.yaml) of prijslijsten (id of bestand)."),
    ],
    cases: Annotated[
        list[str] | None, typer.Option("--case", help="De casus (pseudoniem); vaker te geven.")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Een bon voor elke casus.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Schrijf de bonnen naar .pdf of .html."),
    ] = None,
    lang: LanguageOption = None,
) -> None:
    """De kassabon van één of meer cliëntcasussen: bewust gekozen, per casus een bon."""
    from ..present.cohort import case_receipt

    if not cases and not every:
        usage(_("kies de casussen met --case ID (vaker te geven), of --all voor elke casus"))
    if output is not None and output.suffix not in (".pdf", ".html"):
        usage(_("kassabonnen schrijft u naar een bestand op .pdf of .html"), output)
    if output is not None:
        writable(output)
    valued = _valued(table, prices)
    known = {c.id: c for c in valued.cases}
    wanted = list(known) if every else list(cases or [])
    missing = [c for c in wanted if c not in known]
    if missing:
        usage(_("onbekende casus: {ids}").format(ids=", ".join(missing)))
    bons = [case_receipt(known[c], valued.attributes, valued.source) for c in wanted]
    if output is None:
        from .common import out

        for bon in bons:
            out.print(escape(bon.text()))
            out.print()
        return
    from ..report import receipts_document, write_html, write_pdf

    document = receipts_document(_("Cliëntcasussen: {source}").format(source=valued.source), bons)
    with writing(output):
        if output.suffix == ".pdf":
            write_pdf(document, output)
        else:
            write_html(document, output)
    err.print(_("Kassabonnen geschreven: {path}").format(path=output))


@app.command()
def compare(
    table: Annotated[Path, typer.Argument(help="De tabel: .csv, .xlsx of .parquet.")],
    model: Annotated[Path, typer.Option("--model", help="De business case (model, .yaml).")],
    intervention: Annotated[
        str | None, typer.Option(help="De interventie (id); standaard de eerste.")
    ] = None,
    variant: Annotated[str | None, typer.Option(help="Variant (id); standaard de eerste.")] = None,
    seed: Annotated[int, typer.Option(help="Startwaarde van de bootstrap.")] = 2019,
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON-document.")] = False,
    lang: LanguageOption = None,
) -> None:
    """Verwacht tegenover gemeten: de effectregels van een business case naast de casussen."""
    from ..cohort.forecast import compare as comparison
    from ..engine import evaluate
    from ..model import BASE_SCENARIO, ModelError, load_model
    from ..present.cohort import forecast_table
    from .common import draw, write_json

    if not _is_model(model):
        usage(_("--model is een business case (.yaml met 'rendement: 1')"), model)
    valued = _valued(table, str(model))
    try:
        results = evaluate(load_model(model))
    except ModelError as error:
        usage(str(error), model)
    ids = [r.id for r in results.interventions]
    chosen = intervention or (ids[0] if ids else None)
    if chosen not in ids:
        usage(
            _("onbekende interventie '{id}'; kies uit {ids}").format(id=chosen, ids=", ".join(ids))
        )
    result = results.intervention(chosen)
    variants = [e.variant for e in result.evaluations]
    wanted = variant or variants[0]
    if wanted not in variants:
        usage(
            _("onbekende variant '{id}'; kies uit {ids}").format(id=wanted, ids=", ".join(variants))
        )
    lines = comparison(result.get(wanted, BASE_SCENARIO), valued, seed=seed)
    if as_json:
        write_json(
            {
                "intervention": chosen,
                "variant": wanted,
                "lines": [
                    {
                        "price_id": line.price_id,
                        "name": line.name,
                        "unit": line.unit,
                        "assumed": line.assumed,
                        "measured": line.measured,
                        "interval": None
                        if line.interval is None
                        else {"low": line.interval.low, "high": line.interval.high},
                        "cases": line.cases,
                        "assumed_value": line.assumed_value,
                        "measured_value": line.measured_value,
                    }
                    for line in lines
                ],
            }
        )
        return
    draw(forecast_table(lines, result.name))


@app.command()
def adopt(
    table: Annotated[Path, typer.Argument(help="De tabel: .csv, .xlsx of .parquet.")],
    model: Annotated[Path, typer.Option("--model", help="De business case (model, .yaml).")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Het nieuwe model; standaard MODEL-gemeten.yaml ernaast."
        ),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="De naam van de nieuwe interventie.")
    ] = None,
    lang: LanguageOption = None,
) -> None:
    """Neem de gemeten effecten over als een interventie van de business case, met de
    casussen als bron (alleen gemiddelden, geen enkele casus)."""
    from ..cohort.adoption import adopt as adopted
    from ..files import replacing
    from ..model import ModelError, loads

    if not _is_model(model):
        usage(_("--model is een business case (.yaml met 'rendement: 1')"), model)
    target = output or model.with_name(f"{model.stem}-gemeten.yaml")
    if target.suffix.lower() not in (".yaml", ".yml"):
        usage(_("schrijf het model als .yaml"), target)
    writable(target)
    valued = _valued(table, str(model))
    result = adopted(model.read_text(encoding="utf-8"), valued, name=name)
    try:
        loads(result.document, file=str(target), base=model.parent)
    except ModelError as error:  # e.g. an investment whose payer the case does not know
        usage(_("de overgenomen interventie past niet in dit model: {error}").format(error=error))
    with writing(target), replacing(target, target.suffix) as partial:
        partial.write_text(result.document, encoding="utf-8")
    err.print(
        _("Interventie '{id}' met {lines} effectregels geschreven naar {path}").format(
            id=result.intervention, lines=result.lines, path=target
        )
    )


def _refused(table: Path, error: CohortError) -> NoReturn:
    """Every problem of the table, with its row and column; exit code 1."""
    err.print(_("Niet ingelezen: {path}").format(path=table))
    for problem in error.problems:
        err.print(f"- {problem}", markup=False)
    if error.left_out:
        err.print(_("… en nog {count} problemen").format(count=error.left_out))
    raise typer.Exit(1) from None
