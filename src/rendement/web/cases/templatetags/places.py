"""The to-do list's problems with their place in words (``{% load places %}``)."""

from __future__ import annotations

from typing import Any

from django import template

from ....model.guards import TooMuch
from ....present.places import places

register = template.Library()


@register.filter
def in_words(problems: list[Any], document: str) -> list[tuple[str, Any]]:
    """``(place, problem)`` for each problem of ``document``: "Buurtcoach › bedrag" rather
    than a model path, read from the stored document's tree (cached per text)."""
    from ....model.editing import read

    try:
        raw = read(document)
    except (TooMuch, ValueError):  # a stored version is always readable; be safe anyway
        raw = None
    return places(raw, problems)
