"""``rendement compare OLD NEW``: what changed between two versions, and why each figure moved."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import LanguageOption, ModelArg, draw, evaluate, load, out, write_json


def compare(
    old: ModelArg,
    new: Annotated[
        Path,
        typer.Argument(help="De nieuwe versie (YAML).", show_default=False),
    ],
    perspective: Annotated[
        str | None,
        typer.Option(help="Perspectief voor de nettocijfers; standaard dat van het model."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="De vergelijking als JSON.")] = False,
    lang: LanguageOption = None,
) -> None:
    """Vergelijk twee versies: gewijzigde invoer, hoe elke uitkomst bewoog en waardoor."""
    from rich.markup import escape

    from ..history import compare as run_compare
    from ..history.tables import attribution_table, changes_table, figures_table, moved
    from ..i18n import _

    before, after = load(old), load(new)
    comparison = run_compare(
        before,
        after,
        perspective,
        evaluate(before, perspective),
        evaluate(after, perspective),
    )
    if as_json:
        write_json(comparison.to_json())
        return
    out.print(
        f"[bold]{escape(after.case.meta.title)}[/] — "
        + escape(_("{old} → {new}").format(old=old.name, new=new.name))
        + "\n"
    )
    draw(changes_table(comparison))
    draw(figures_table(comparison))
    for figure in moved(comparison):
        draw(attribution_table(comparison, figure))
