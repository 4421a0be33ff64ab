"""Three-way placing of a change made on an older version of a document.

Two people edit one case; each form saves on the version it was opened on. When that
version is no longer the newest, the change is not simply refused: it is placed on the
newest version when the place it changes is unchanged since its base (the value there in
the newest version equals the value in the base). Only a change to the same value is a
conflict. Places are lists of keys and positions (``interventions.0.effects.1.share``);
a position is followed by the ``id`` of the item it held in the base, so a line added or
removed above it by someone else does not move the change to another line.

>>> base = "interventions:\\n- id: a\\n  reach: 5\\n- id: b\\n  reach: 7\\n"
>>> newest = "interventions:\\n- id: z\\n  reach: 1\\n" + base.split("\\n", 1)[1]
>>> from rendement.model.editing import read
>>> relocate(read(base), read(newest), ("interventions", 1, "reach"))
('interventions', 2, 'reach')
"""

from __future__ import annotations

import json
from typing import Any

Loc = tuple[int | str, ...]
MISSING = object()
"""The value at a place that does not exist (in a document where a value can be added)."""


def value_at(raw: Any, loc: Loc) -> Any:
    """The value at ``loc``, or :data:`MISSING` when the place does not exist."""
    node = raw
    for key in loc:
        if isinstance(key, int):
            if not isinstance(node, list) or not 0 <= key < len(node):
                return MISSING
            node = node[key]
        else:
            if not isinstance(node, dict) or key not in node:
                return MISSING
            node = node[key]
    return node


def _identity(item: Any) -> str | None:
    """What an item of a list is known by: its ``id`` (interventions, lines, financiers,
    scenarios, prices); items without one (lines of text) are known by their position."""
    if isinstance(item, dict):
        found = item.get("id")
        return None if found is None else str(found)
    return None


def relocate(base: Any, newest: Any, loc: Loc) -> Loc | None:
    """``loc`` of the base document as the same place in the newest one; None when what
    it pointed into is gone (an item removed, a block replaced by something else)."""
    out: list[int | str] = []
    old, new = base, newest
    for key in loc:
        if isinstance(key, int):
            if not isinstance(old, list) or not isinstance(new, list):
                return None
            if not 0 <= key < len(old):
                return None  # a place past the end (an append) is relocated by its list
            wanted = _identity(old[key])
            if wanted is None:
                if not 0 <= key < len(new):
                    return None
                at = key
            else:
                matches = [n for n, item in enumerate(new) if _identity(item) == wanted]
                if len(matches) != 1:
                    return None
                at = matches[0]
            out.append(at)
            old, new = old[key], new[at]
        else:
            out.append(key)
            old = old.get(key, MISSING) if isinstance(old, dict) else MISSING
            new = new.get(key, MISSING) if isinstance(new, dict) else MISSING
    return tuple(out)


def plain(value: Any) -> str:
    """A value in a form that compares by content (round-trip maps, sequences and plain
    ones alike; ``1`` and ``1.0`` are the same number)."""

    def simple(node: Any) -> Any:
        if node is MISSING:
            return "\x00missing"
        if isinstance(node, dict):
            return {str(k): simple(v) for k, v in node.items()}
        if isinstance(node, list | tuple):
            return [simple(v) for v in node]
        if isinstance(node, bool) or node is None:
            return node
        if isinstance(node, int | float):
            return float(node)
        return str(node)

    return json.dumps(simple(value), sort_keys=True, ensure_ascii=False)


def unchanged(base: Any, newest: Any, loc: Loc, moved: Loc) -> bool:
    """Whether the value at ``loc`` in the base is the value at ``moved`` in the newest."""
    return plain(value_at(base, loc)) == plain(value_at(newest, moved))
