"""What every command shares: the consoles, loading a model, usage errors, drawing tables.

Only Typer and rich are imported here; each command imports the engine, the reports or
the simulation when it runs, so ``rendement --help`` and ``rendement check`` stay quick.
"""

from __future__ import annotations

import errno
import importlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from ..engine import Results
    from ..model import LoadedModel, ModelError, Problem
    from ..present import Table

out = Console(highlight=False)
if not out.is_terminal:  # piped to a file: wide enough for the tables, no wrapping
    out = Console(highlight=False, width=160)
err = Console(stderr=True, highlight=False)

ModelArg = Annotated[Path, typer.Argument(help="Het modelbestand (YAML).", show_default=False)]
PerspectiveOption = Annotated[
    str | None, typer.Option(help="Perspectief; standaard dat van het model.")
]


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``en`` when the user's locale is English, else ``nl``: the first of ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` that is set decides, as for any program (``en_GB.UTF-8``
    → en; ``nl_NL.UTF-8``, ``de_DE``, ``C``, ``POSIX`` or none → nl)."""
    environ = os.environ if environ is None else environ
    value = next((environ[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(k)), "")
    code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return "en" if code == "en" else "nl"


def model_language(context: typer.Context, model_code: str | None) -> str:
    """The language of a document made from a model: ``--lang`` when given on the command
    line, else the model's own (``meta.language``), else the locale's. Made active for
    the rest of the command."""
    from ..i18n import active, language

    source = context.get_parameter_source("lang")
    given = source is not None and source.name == "COMMANDLINE"
    if given or not model_code or model_code == active():
        return active()
    context.with_resource(language(model_code))
    return model_code


def _use_language(context: typer.Context, value: str | None) -> str:
    """``--lang``, or the user's locale: checked, then active until the command ends."""
    from ..i18n import language

    code = language_from_environment() if value is None else value
    check_language(code)
    context.with_resource(language(code))
    return code


LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Taal van de uitvoer: nl of en; standaard volgens LC_ALL, LC_MESSAGES of LANG.",
        callback=_use_language,
        show_default=False,
    ),
]
"""Every command's ``--lang``: labels, numbers and headings follow it for the whole command
(read the code it chose with :func:`rendement.i18n.active`). Messages about mistakes stay
Dutch."""


def _wants_json() -> bool:
    """True when the running command was given ``--json``: its errors are JSON too.

    Read from the command's own context, so no command has to pass it along; Typer
    carries its own copy of Click from 0.20 on, older Typers use Click itself.
    """
    for name in ("typer._click.globals", "click.globals"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        context = module.get_current_context(silent=True)
        if context is not None:
            return bool(context.params.get("as_json"))
    return False


def write_json(document: Any) -> None:
    """A JSON document on stdout; NaN or infinity is a bug, never invalid JSON."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def usage(message: str, path: Path | None = None) -> NoReturn:
    """A wrong option value or path: said in plain words, exit code 2 (also when embedded).

    With ``--json`` it is ``{"errors": [{"file", "line", "path", "message"}]}`` on stdout.
    """
    if _wants_json():
        error = {"file": str(path) if path else None, "line": None, "path": "", "message": message}
        write_json({"errors": [{**error, "code": "usage"}]})
    else:
        err.print(f"[bold red]Fout:[/] {escape(message)}")
    raise typer.Exit(2)


def writable(path: Path) -> Path:
    """``path`` when a file can be written there; otherwise a usage error that names it.

    Checked before any work is done, so a typo in ``-o`` costs no Monte Carlo run.
    """
    folder = path.parent
    if path.is_dir():
        usage(f"'{path}' is een map; geef een bestandsnaam, bijv. {path / 'rapport.pdf'}", path)
    if not folder.is_dir():
        usage(f"kan '{path}' niet schrijven: de map '{folder}' bestaat niet", path)
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        usage(f"kan '{path}' niet schrijven: daar mag rendement geen bestand maken", path)
    return path


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn a failure to write ``path`` (disk full, permission) into a usage error naming it."""
    try:
        yield
    except OSError as error:
        reason = _REASONS.get(error.errno or 0, error.strerror or str(error))
        usage(f"kan '{path}' niet schrijven: {reason}", path)


_REASONS = {
    errno.ENOENT: "de map bestaat niet, of er kan daar geen bestand bij",
    errno.EACCES: "daar mag rendement geen bestand maken",
    errno.EPERM: "daar mag rendement geen bestand maken",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "die schijf is alleen-lezen",
    errno.EISDIR: "dat is een map",
    errno.ENAMETOOLONG: "de naam is te lang",
}


def problem_json(problem: Problem) -> dict[str, Any]:
    """One problem of a model as JSON: where (file, line, field path), what (``message``, in
    the requested language) and its ``code`` (stable, the same in every language)."""
    return {
        "file": problem.file,
        "line": problem.line,
        "path": problem.path,
        "message": problem.message,
        "code": problem.code,
    }


def show_problems(error: ModelError) -> NoReturn:
    """Every problem of a document (a model, an instrument, a work session) on stderr, each
    with its place and field, then exit code 1."""
    err.print(f"[bold red]{escape(error.header)}:[/]")
    for problem in error.problems:
        field = f" · [cyan]{escape(problem.path)}[/]" if problem.path else ""
        err.print(
            f"  [bold]{escape(problem.where())}[/]{field}\n    {escape(problem.message)}",
            soft_wrap=True,
        )
    raise typer.Exit(1) from None


def load(path: Path) -> LoadedModel:
    """The model, or its problems listed on stderr and exit code 1."""
    from ..model import ModelError, load_model

    try:
        loaded = load_model(path)
    except ModelError as error:
        if _wants_json():  # a program reads this: the problems as a JSON document
            write_json({"errors": [problem_json(p) for p in error.problems]})
            raise typer.Exit(1) from None
        show_problems(error)
    from ..money import use_currency

    use_currency(loaded.case.meta.currency)  # every amount this command shows (see app)
    return loaded


def check_language(code: str) -> None:
    """An unknown language is a usage error."""
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

    from ..present.rounding import with_rounding_note

    with_rounding_note(table)
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
