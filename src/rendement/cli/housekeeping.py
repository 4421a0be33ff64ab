"""``rendement opruimen``: old background work removed from the web app's database (see
:mod:`rendement.web.work.housekeeping`; the worker of ``rendement serve`` does it daily)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import _
from ..money import number
from .backup import DataOption, _django, _fail
from .common import LanguageOption, out


def tidy(
    count_only: Annotated[
        bool, typer.Option("--proef", help="Alleen tellen wat weg zou gaan; niets verwijderen.")
    ] = False,
    data: DataOption = None,
    lang: LanguageOption = None,
) -> None:
    """Oude achtergrondtaken opruimen: rapporten en doorrekeningen van oudere versies (na 30
    dagen) en mislukte taken (na 7 dagen). De nieuwste versie van elke case blijft staan."""
    _django(data)
    from ..web.work.housekeeping import prune

    try:
        pruned = prune(count_only=count_only)
    except Exception as error:  # no database, or not migrated: said in words
        _fail(_("De database kan niet gelezen worden: {error}").format(error=error))
    said = (
        _("Zou verwijderen: {jobs} achtergrondtaken ({size}), {tasks} resultaten van de worker.")
        if count_only
        else _("Verwijderd: {jobs} achtergrondtaken ({size}), {tasks} resultaten van de worker.")
    )
    size = _("{megabytes} MB aan bestanden").format(megabytes=number(pruned.result_bytes / 1e6, 1))
    out.print(said.format(jobs=pruned.jobs, size=size, tasks=pruned.task_results))
