"""``rendement import …``: other formats read into a model file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from .common import LanguageOption, err, usage, writable, writing

app = typer.Typer(
    help="Andere formaten inlezen als model: een SROI-impact map.", no_args_is_help=True
)


@app.command(name="impact-map")
def impact_map(
    table: Annotated[
        Path | None, typer.Argument(help="De impact map: .csv of .xlsx (eerste werkblad).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Het model (.yaml); standaard naast de tabel."),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="Schrijf een leeg sjabloon (.csv of .xlsx) hierheen."),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Titel van het model.")] = None,
    currency: Annotated[str, typer.Option(help="Valuta van de bedragen (ISO 4217).")] = "EUR",
    price_year: Annotated[
        int | None, typer.Option(help="Prijspeil van de proxy's; standaard dit jaar.")
    ] = None,
    discount_rate: Annotated[
        str, typer.Option(help="Discontovoet bij uitkomsten van meer dan een jaar.")
    ] = "3.5%",
    lang: LanguageOption = None,
) -> None:
    """Lees een SROI-impact map in als model (attribution = het deel van anderen)."""
    from ..files import replacing

    if template is not None:
        from ..sroi.template import write_template

        if template.suffix.lower() not in (".csv", ".xlsx"):
            usage(_("schrijf het sjabloon als .csv of .xlsx"), template)
        with writing(writable(template)), replacing(template, template.suffix) as partial:
            write_template(partial)
        err.print(_("Sjabloon geschreven naar {path}").format(path=template))
        return
    if table is None:
        usage(_("geef de impact map (.csv of .xlsx), of --template BESTAND"))
    from ..model import ModelError, loads
    from ..sroi.impact_map import ImpactMapError, model_of, model_text, read_impact_map

    target = output or table.with_suffix(".yaml")
    if target.suffix.lower() not in (".yaml", ".yml") or target == table:
        usage(_("schrijf het model als .yaml"), target)
    writable(target)
    try:
        rows = read_impact_map(table)
    except ImpactMapError as error:
        err.print(_("Niet ingelezen: {path}").format(path=table))
        for problem in error.problems:
            err.print(f"- {problem}", markup=False)
        raise typer.Exit(1) from None
    document = model_of(
        rows,
        title=title or table.stem,
        currency=currency.upper(),
        price_year=price_year,
        discount_rate=discount_rate,
        source=table.name,
    )
    text = model_text(document, table.name)
    try:
        loads(text, file=str(target), files=False)
    except ModelError as error:  # e.g. a currency rendement does not know
        usage(str(error), target)
    with writing(target), replacing(target, target.suffix) as partial:
        partial.write_text(text, encoding="utf-8")
    outcomes = sum(1 for r in rows if not r.is_input)
    err.print(
        _("{outcomes} uitkomsten en {inputs} inputs geschreven naar {path}").format(
            outcomes=outcomes, inputs=len(rows) - outcomes, path=target
        )
    )
