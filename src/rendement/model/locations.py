"""Finding where a field sits in the YAML file, and naming it the way an author reads it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Loc = tuple[int | str, ...]


def _child(node: Any, key: int | str) -> tuple[Any, int | None]:
    """The child node and its 0-based line, or (None, None) when it is not there.

    A child added to the tree after it was read (a web form's new line) has no line: the
    caller then keeps its parent's."""
    if isinstance(node, dict) and key in node:
        return node[key], _line(node, "key", key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key], _line(node, "item", key)
    return None, None


def _line(node: Any, kind: str, key: int | str) -> int | None:
    lc = getattr(node, "lc", None)
    try:
        return int(getattr(lc, kind)(key)[0]) if lc is not None else None
    except (KeyError, IndexError, TypeError):  # no position recorded for this child
        return None


def line_of(raw: Any, loc: Loc) -> int | None:
    """1-based line of the deepest part of ``loc`` that exists in the raw YAML tree."""
    node = raw
    line: int | None = None
    if getattr(raw, "lc", None) is not None:
        line = raw.lc.line
    for key in loc:
        child, child_line = _child(node, key)
        if child_line is None and child is None:
            break
        if child_line is not None:
            line = child_line
        node = child
    return None if line is None else line + 1


def display_path(raw: Any, loc: Sequence[int | str]) -> str:
    """``interventions[ouders_lokaal].effects[cjg].price`` from ``('interventions', 0, ...)``."""
    parts: list[str] = []
    node = raw
    for key in loc:
        child, _ = _child(node, key)
        if isinstance(key, int):
            label = str(key + 1)
            if isinstance(child, dict) and isinstance(child.get("id"), str):
                label = child["id"]
            parts.append(f"[{label}]")
        else:
            parts.append(("." if parts else "") + str(key))
        node = child
    return "".join(parts)
