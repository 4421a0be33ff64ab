"""``rendement cohort …``: client cases (one row per client case and item)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from .common import LanguageOption, err, usage, writable, writing

app = typer.Typer(
    help="Cliëntcasussen: een tabel van casussen lezen, controleren en doorrekenen.",
    no_args_is_help=True,
)


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
        err.print(_("Niet ingelezen: {path}").format(path=table))
        for problem in error.problems:
            err.print(f"- {problem}", markup=False)
        if error.left_out:
            err.print(_("… en nog {count} problemen").format(count=error.left_out))
        raise typer.Exit(1) from None
    err.print(
        _("{path}: {cases} casussen, {rows} regels; groeperen kan op {attributes}").format(
            path=table,
            cases=len(cases.cases),
            rows=len(cases.entries),
            attributes=", ".join(cases.attributes) or "—",
        )
    )
