"""``rendement backup FILE`` and ``rendement restore FILE``: the web app's whole database in
one file and back (see :mod:`rendement.web.backup` for the format and the checks)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from ..i18n import _
from .common import LanguageOption, err, out, writable, writing

if TYPE_CHECKING:
    from ..web.backup import Progress

DataOption = Annotated[
    Path | None,
    typer.Option(help="Map voor de database en instellingen (anders RENDEMENT_DATA)."),
]


def _django(data: Path | None) -> None:
    if data is not None:
        os.environ["RENDEMENT_DATA"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rendement.web.settings")
    import django

    django.setup()


@contextmanager
def _bar(total: int, verb: str) -> Iterator[Progress]:
    """A rich progress bar over all rows; the table being handled is named beside it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(verb, total=total or None)

        def advance(table: str, rows: int) -> None:
            bar.update(task, advance=rows, description=f"{verb}: {table}")

        yield advance


def _fail(message: str) -> None:
    err.print(f"[bold red]{escape(_('Fout:'))}[/] {escape(message)}")
    raise typer.Exit(1)


def backup(
    file: Annotated[Path, typer.Argument(help="Het back-upbestand (.zip).", show_default=False)],
    data: DataOption = None,
    lang: LanguageOption = None,
) -> None:
    """Back-up van de webapp: organisaties, gebruikers, casussen met alle versies, cohorten,
    logboek — in één bestand."""
    writable(file)
    _django(data)
    from ..web.backup import BackupError, count_rows, write_backup

    try:
        total = sum(count_rows().values())
    except Exception as error:  # no database, or not migrated: said in words
        _fail(_("De database kan niet gelezen worden: {error}").format(error=error))
    try:
        with writing(file), _bar(total, _("Back-up")) as progress:
            manifest = write_backup(file, progress=progress)
    except BackupError as error:
        _fail(str(error))
    out.print(
        _("Back-up geschreven: {file} ({rows} rijen in {tables} tabellen)").format(
            file=file, rows=manifest.total, tables=len(manifest.tables)
        )
    )


def restore(
    file: Annotated[Path, typer.Argument(help="Het back-upbestand (.zip).", show_default=False)],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="Een database met gegevens leegmaken en vervangen (na bevestiging)."
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Niet om bevestiging vragen.")] = False,
    data: DataOption = None,
    lang: LanguageOption = None,
) -> None:
    """Herstel van een back-up in een lege database (met --replace: in plaats van wat er staat)."""
    _django(data)
    from ..web.backup import BackupError, prepared, read_manifest, restore_backup

    try:
        manifest = read_manifest(file)
    except BackupError as error:
        _fail(str(error))
    if replace and not yes:
        try:
            filled = prepared()
        except BackupError as error:
            _fail(str(error))
        if filled and not typer.confirm(
            _(
                "De database bevat {rows} rijen; die worden vervangen door de back-up van "
                "{created}. Doorgaan?"
            ).format(rows=sum(filled.values()), created=manifest.created),
            default=False,
        ):
            _fail(_("Niet hersteld: er is niets veranderd."))
    try:
        with _bar(manifest.total, _("Herstel")) as progress:
            restore_backup(file, replace=replace, progress=progress)
    except BackupError as error:
        _fail(str(error))
    out.print(
        _("Hersteld: {file} ({rows} rijen in {tables} tabellen, gecontroleerd)").format(
            file=file, rows=manifest.total, tables=len(manifest.tables)
        )
    )
