"""``rendement schema``: the JSON Schema of the model format, for an editor's language server."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from .common import LanguageOption, err, writable, writing


def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Schrijf het schema naar dit bestand (anders naar stdout)."
        ),
    ] = None,
    lang: LanguageOption = None,
) -> None:
    """Het JSON-schema van het modelformaat, voor aanvullen en controleren in een editor."""
    from ..files import replacing
    from ..model.schema import schema_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return
    with writing(writable(output)), replacing(output) as partial:
        partial.write_text(text, encoding="utf-8")
    err.print(_("Schema geschreven naar {path}").format(path=output))
