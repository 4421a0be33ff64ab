"""The command line: ``rendement run | check | audit | simulate | sensitivity | report | …``.

Messages are Dutch, as the users are. A model with mistakes gets a list of problems
(file, line, field, what is expected) and exit code 1, never a traceback. One module per
command group; each imports what it needs when it runs (``--help`` imports no engine).
"""

from __future__ import annotations

import os
import sys

import typer
from rich.markup import escape

from . import (
    backup,
    cohort,
    documents,
    evaluation,
    history,
    housekeeping,
    imports,
    instrument,
    prices,
    schema,
    uncertainty,
    web,
    worksession,
)
from .common import err

app = typer.Typer(
    help="rendement: maatschappelijke business cases (mBC) doorrekenen, controleren en auditen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _every_command(context: typer.Context) -> None:
    # Amounts follow the model's currency, which `load` sets; undone when the command ends,
    # so a command run in-process (tests, a notebook) leaves the currency as it found it.
    from ..money import currency_scope

    context.with_resource(currency_scope())


app.command()(evaluation.run)
app.command()(evaluation.check)
app.command(name="audit")(evaluation.audit)
app.command()(history.compare)
app.command()(uncertainty.simulate)
app.command()(uncertainty.sensitivity)
app.command()(documents.report)
app.command()(documents.kassabon)
app.command()(prices.prices)
app.command()(prices.index)
app.command()(schema.schema)
app.command()(web.serve)
app.command()(backup.backup)
app.command()(backup.restore)
app.command(name="opruimen")(housekeeping.tidy)
app.add_typer(cohort.app, name="cohort")
app.add_typer(imports.app, name="import")
app.add_typer(instrument.app, name="instrument")
app.add_typer(worksession.app, name="werksessie")
app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)(web.manage)


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
