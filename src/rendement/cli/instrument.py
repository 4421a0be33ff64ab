"""``rendement instrument …``: questionnaires and interview guides as data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from ..i18n import _
from .common import LanguageOption, err, out, show_problems, usage, writable, writing

if TYPE_CHECKING:
    from ..instrument import Instrument

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
    instrument = _loaded(file)
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


def _loaded(file: Path) -> Instrument:
    """The instrument in ``file`` (or a bundled one by name, e.g. ``bmc-start-eind``), or
    every problem with line and field on stderr and exit code 1."""
    from ..instrument import InstrumentError, load_instrument
    from ..instrument.template import bundled_instruments, bundled_path

    if not file.exists() and str(file) in bundled_instruments():
        file = bundled_path(str(file))
    try:
        return load_instrument(file).instrument
    except InstrumentError as error:
        show_problems(error)


@app.command()
def antwoorden(
    file: Annotated[
        Path,
        typer.Argument(
            help="Het instrument (YAML), of de naam van een meegeleverd instrument.",
            metavar="INSTRUMENT",
            show_default=False,
        ),
    ],
    answers: Annotated[
        Path,
        typer.Argument(
            help="De antwoorden (.csv, .xlsx): casus, moment, vraag, antwoord en kenmerken; "
            "of de antwoordenexport van de webapp.",
            metavar="ANTWOORDEN",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="De tabel van cliëntcasussen (.csv) die hieruit volgt."
        ),
    ],
    indicators: Annotated[
        Path | None,
        typer.Option(
            "--indicatoren",
            help="Schrijf ook de waarden op de indicatoren (.csv), voor rendement report "
            "--indicators.",
        ),
    ] = None,
    lang: LanguageOption = None,
) -> None:
    """Maak van antwoorden de regels van cliëntcasussen (en waarden op indicatoren)."""
    from ..files import replacing
    from ..instrument.answers_table import (
        AnswersTableError,
        client_cases_from_answers,
        write_cases,
        write_indicators,
    )

    for target in (output, indicators):
        if target is not None and target.suffix.lower() != ".csv":
            usage(_("schrijf de tabel als .csv"), target)
        if target is not None:
            writable(target)
    if not answers.is_file():
        usage(_("het bestand met antwoorden bestaat niet: {path}").format(path=answers), answers)
    instrument = _loaded(file)
    try:
        made = client_cases_from_answers(instrument, answers)
    except AnswersTableError as error:
        err.print(
            escape(
                _("Niet gebruikt: {path} ({count} problemen; er is niets geschreven)").format(
                    path=answers, count=len(error.problems)
                )
            )
        )
        for problem in error.problems:
            err.print(f"- {problem}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    with writing(output), replacing(output, output.suffix) as partial:
        write_cases(made.cases, partial)
    if indicators is not None:
        with writing(indicators), replacing(indicators, indicators.suffix) as partial:
            write_indicators(made.indicators, made.cases, partial)
    err.print(
        escape(
            _("{cases} casussen, {rows} regels geschreven naar {path}").format(
                cases=len(made.cases.cases) - len(made.without_rows),
                rows=len(made.cases.entries),
                path=output,
            )
        )
    )
    if indicators is not None:
        err.print(
            escape(
                _("{values} waarden op indicatoren geschreven naar {path}").format(
                    values=len(made.indicators), path=indicators
                )
            )
        )
    if made.without_rows:
        err.print(
            escape(
                _("Zonder regels (geen start- én eindmeting): {cases}").format(
                    cases=", ".join(made.without_rows)
                )
            )
        )
    if made.left_out:
        err.print(
            escape(
                _(
                    "{count} rijen overgeslagen: niet afgeronde metingen of een ander instrument"
                ).format(count=made.left_out)
            )
        )
