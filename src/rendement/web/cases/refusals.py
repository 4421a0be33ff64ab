"""A refused change in words: what is wrong, after where it is ("Steun › bereik: …"),
never after a model path (an expert finds the path in the to-do list's small print)."""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Problem
from ...model.guards import TooMuch
from ...present.places import place


def refusal(document: str, problems: Sequence[Problem], places: bool) -> str:
    """The problems of a refused change as one text; with ``places`` each message after
    the name of its field, read from ``document`` (the version the change was made on)."""
    from ...model.editing import read

    if not places:
        return "; ".join(p.message for p in problems)
    try:
        raw = read(document)
    except (TooMuch, ValueError):
        raw = None
    said = []
    for p in problems:
        where = place(raw, p.path) if p.path else ""
        said.append(f"{where}: {p.message}" if where else p.message)
    return "; ".join(said)
