"""``rendement instrument …``: questionnaires and interview guides as data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..i18n import _
from .common import LanguageOption, err, out, usage, writable, writing

app = typer.Typer(
    help="Instrumenten: vragenlijsten en interviewleidraden schrijven en controleren.",
    no_args_is_help=True,
)


@app.command()
def template(
    output: Annotated[
        Path, typer.Argument(help="Het bestand (.yaml) waarin het voorbeeld komt.")
    ] = Path("instrument.yaml"),
    lang: LanguageOption = None,
) -> None:
    """Schrijf een voorbeeldinstrument met uitleg in commentaar."""
    from ..files import replacing
    from ..instrument.template import write_template

    if output.suffix.lower() not in (".yaml", ".yml"):
        usage(_("schrijf het instrument als .yaml"), output)
    with writing(writable(output)), replacing(output, output.suffix) as partial:
        write_template(partial)
    err.print(_("Voorbeeldinstrument geschreven naar {path}").format(path=output))


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="Het instrument (YAML).", show_default=False)],
    lang: LanguageOption = None,
) -> None:
    """Controleer een instrument: elke fout met regel en veld."""
    from ..instrument import InstrumentError, load_instrument

    try:
        loaded = load_instrument(file)
    except InstrumentError as error:
        err.print(f"[bold red]{escape(error.header)}:[/]")
        for problem in error.problems:
            field = f" · [cyan]{escape(problem.path)}[/]" if problem.path else ""
            err.print(
                f"  [bold]{escape(problem.where())}[/]{field}\n    {escape(problem.message)}",
                soft_wrap=True,
            )
        raise typer.Exit(1) from None
    instrument = loaded.instrument
    out.print(
        escape(
            _(
                "{path}: in orde — {questions} vragen, {domains} domeinen, {indicators} indicatoren"
            ).format(
                path=file,
                questions=len(instrument.questions),
                domains=len(instrument.domains),
                indicators=len(instrument.indicators),
            )
        )
    )
