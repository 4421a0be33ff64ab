"""Editing a model document as text, keeping its author's comments and order.

The web app's forms are editors on the YAML document: each change is made on the
round-trip tree (ruamel) and written back, so what the author wrote by hand stays as it
was. These functions do not validate (a case may be saved incomplete); the caller loads
the result to see what is still missing or wrong.

>>> text = "rendement: 1  # format\\nmeta:\\n  title: Oud\\n"
>>> print(set_value(text, ("meta", "title"), "Nieuw"), end="")
rendement: 1  # format
meta:
  title: Nieuw
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from typing import Any

from .guards import check_tree, scan_text
from .loader import _yaml

Loc = tuple[int | str, ...]


class EditError(ValueError):
    """The change cannot be made (the place does not exist); a Dutch message."""


def parse(text: str) -> Any:
    """The document's round-trip tree, after the same limits the loader applies."""
    scan_text(text)
    raw = _yaml().load(text)
    check_tree(raw)
    return raw


_READ: OrderedDict[str, Any] = OrderedDict()
_READ_LOCK = threading.Lock()
READ_CACHED = 32


def read(text: str) -> Any:
    """The tree for reading only (cached per text: a page reads one document many times,
    and an edit's own tree is kept for the text it wrote); never change it —
    :func:`set_value` and friends parse their own copy."""
    with _READ_LOCK:
        if text in _READ:
            _READ.move_to_end(text)
            return _READ[text]
    return _keep(text, parse(text))


def kept(text: str) -> Any | None:
    """The tree already read or written for exactly this text, if still kept; else None."""
    with _READ_LOCK:
        return _READ.get(text)


def _keep(text: str, raw: Any) -> Any:
    with _READ_LOCK:
        _READ[text] = raw
        while len(_READ) > READ_CACHED:
            _READ.popitem(last=False)
    return raw


def dump(raw: Any) -> str:
    """The tree as text; the tree is kept as that text's :func:`read` (no second parse)."""
    stream = io.StringIO()
    _yaml().dump(raw, stream)
    text = stream.getvalue()
    _keep(text, raw)
    return text


def _node(raw: Any, loc: Loc) -> Any:
    node = raw
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            raise EditError(f"'{_path(loc)}' bestaat niet in dit model") from None
    return node


def _path(loc: Loc) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in loc).lstrip(".")


def set_value(text: str, loc: Loc, value: Any) -> str:
    """The document with the value at ``loc`` replaced (or added to an existing block)."""
    raw = parse(text)
    parent = _node(raw, loc[:-1])
    key = loc[-1]
    if isinstance(key, int):
        if not isinstance(parent, list) or not 0 <= key < len(parent):
            raise EditError(f"'{_path(loc)}' bestaat niet in dit model")
    elif not isinstance(parent, dict):
        raise EditError(f"'{_path(loc[:-1])}' is geen blok met velden")
    parent[key] = value
    return dump(raw)


def append(text: str, loc: Loc, item: Any) -> str:
    """The document with ``item`` added at the end of the list at ``loc`` (a missing list
    in an existing block is made)."""
    raw = parse(text)
    parent = _node(raw, loc[:-1])
    key = loc[-1]
    if isinstance(parent, dict) and (key not in parent or parent[key] is None):
        parent[key] = []
    target: Any = None
    if isinstance(parent, list):
        if not isinstance(key, int) or not 0 <= key < len(parent):
            raise EditError(f"'{_path(loc)}' bestaat niet in dit model")
        target = parent[key]
    elif isinstance(parent, dict):
        target = parent[key]
    if not isinstance(target, list):
        raise EditError(f"'{_path(loc)}' is geen lijst")
    target.append(item)
    return dump(raw)


def remove(text: str, loc: Loc) -> str:
    """The document without the entry at ``loc``."""
    raw = parse(text)
    parent = _node(raw, loc[:-1])
    try:
        del parent[loc[-1]]
    except (KeyError, IndexError, TypeError):
        raise EditError(f"'{_path(loc)}' bestaat niet in dit model") from None
    return dump(raw)
