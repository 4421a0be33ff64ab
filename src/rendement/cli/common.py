"""What every command shares: the consoles, loading a model, usage errors, drawing tables.

Only Typer and rich are imported here; each command imports the engine, the reports or
the simulation when it runs, so ``rendement --help`` and ``rendement check`` stay quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from ..engine import Results
    from ..model import LoadedModel
    from ..present import Table

out = Console(highlight=False)
if not out.is_terminal:  # piped to a file: wide enough for the tables, no wrapping
    out = Console(highlight=False, width=160)
err = Console(stderr=True, highlight=False)

ModelArg = Annotated[Path, typer.Argument(help="Het modelbestand (YAML).", show_default=False)]
PerspectiveOption = Annotated[
    str | None, typer.Option(help="Perspectief; standaard dat van het model.")
]
LanguageOption = Annotated[str, typer.Option("--lang", help="Taal: nl of en.")]


def usage(message: str) -> NoReturn:
    """A wrong option value: said in plain words, exit code 2 (also when embedded)."""
    err.print(f"[bold red]Fout:[/] {escape(message)}")
    raise typer.Exit(2)


def load(path: Path) -> LoadedModel:
    """The model, or its problems listed on stderr and exit code 1."""
    from ..model import ModelError, load_model

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


def check_language(code: str) -> None:
    from ..i18n import LANGUAGES

    if code not in LANGUAGES:
        usage(f"taal '{code}' bestaat niet; kies uit {', '.join(LANGUAGES)}")


def check_perspective(model: LoadedModel, perspective: str | None) -> None:
    if perspective is not None and perspective not in model.case.perspective_ids():
        known = ", ".join(model.case.perspective_ids())
        usage(f"onbekend perspectief '{perspective}'; kies uit {known}")


def check_scenario(model: LoadedModel, scenario: str | None) -> None:
    if scenario is not None and scenario not in model.case.scenario_ids():
        usage(f"onbekend scenario '{scenario}'; kies uit {', '.join(model.case.scenario_ids())}")


def evaluate(model: LoadedModel, perspective: str | None) -> Results:
    from ..engine import evaluate as run_evaluation

    check_perspective(model, perspective)
    return run_evaluation(model, perspective)


def draw(table: Table) -> None:
    from rich.table import Table as RichTable

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
