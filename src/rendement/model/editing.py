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

import copy
import io
import json
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..i18n import N_
from ..recent import Recent
from ..wording import Text
from .guards import _FORBIDDEN, check_tree, scan_text
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


READ_CACHED = 128
"""Trees kept per process. An edit keeps two (the text it read, the text it wrote), so
20 people each editing their own case need 40; a tree of a 1 000-line model is ~0,6 MB,
and a tree an edit wrote shares all but a few blocks with the one it read. With too few,
every edit parses its document again (~100 ms for De Bilt), and the parse keeps one more
tree: a server under load would never hit the cache again."""
_READ = Recent(READ_CACHED)


ELSEWHERE: Callable[[str], Any] | None = None
"""Where the tree of a text not kept here may be found before it is parsed (the web app:
the cache its server processes share, see ``web/cases/shared.py``); None when not."""


def read(text: str) -> Any:
    """The tree for reading only (cached per text: a page reads one document many times,
    and an edit's own tree is kept for the text it wrote); never change it —
    :func:`set_value` and friends parse their own copy."""
    return _READ.kept(text, lambda: _elsewhere(text))


def _elsewhere(text: str) -> Any:
    found = ELSEWHERE(text) if ELSEWHERE is not None else None
    return parse(text) if found is None else found


def kept(text: str) -> Any | None:
    """The tree already read or written for exactly this text, if still kept; else None."""
    return _READ.find(text)


def keep(text: str, tree: Any) -> None:
    """``tree`` kept as the tree of exactly ``text`` (read elsewhere: another process
    loaded the text with it; see ``web/cases/shared.py``)."""
    _READ[text] = tree


def dump(raw: Any) -> str:
    """The tree as text. The tree is not kept as that text's tree: its line numbers are
    those of the text it was read from (a block added above moves every line below it),
    and the next edit places its change by them; the text is read again when needed."""
    stream = io.StringIO()
    _yaml().dump(raw, stream)
    return stream.getvalue()


def _node(raw: Any, loc: Loc) -> Any:
    node = raw
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            raise EditError(
                Text(N_("'{path}' bestaat niet in dit model"), path=_path(loc))
            ) from None
    return node


def _path(loc: Loc) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in loc).lstrip(".")


def set_value(text: str, loc: Loc, value: Any) -> str:
    """The document with the value at ``loc`` replaced, or added to its block (blocks on
    the way that are missing are made: the first ``set`` of a scenario).

    A one-line scalar is replaced in the text itself, so nothing else of the document is
    rewritten and no parse is needed; the new text's tree shares every block with the kept
    tree of ``text`` except the few on the way to the value, which are copied (the kept
    trees are never changed in place), and it is kept as the new text's tree, which is
    what the loader reads next. Anything else is written back from a full copy."""
    base = read(text)
    try:
        parent = _node(base, loc[:-1])
    except EditError:
        if not _makeable(base, loc[:-1]):
            raise
        raw = copy.deepcopy(base)  # blocks on the way are missing: made, then written
        _made(raw, loc[:-1])[loc[-1]] = value
        return dump(raw)
    key = loc[-1]
    if isinstance(key, int):
        if not isinstance(parent, list) or not 0 <= key < len(parent):
            raise EditError(Text(N_("'{path}' bestaat niet in dit model"), path=_path(loc)))
    elif not isinstance(parent, dict):
        raise EditError(Text(N_("'{path}' is geen blok met velden"), path=_path(loc[:-1])))
    patched = _patched(text, parent, key, value)
    if patched is None:
        raw = copy.deepcopy(base)
        _node(raw, loc[:-1])[key] = value
        return dump(raw)
    holder: Any = parent
    old: Any = holder.get(key) if isinstance(holder, dict) else holder[key]
    raw = with_value(base, loc, value)
    _READ[patched] = raw
    if _plain_number(old) and _plain_number(value):
        _NUMBERS[patched] = (text, loc)
    return patched


_NUMBERS = Recent(READ_CACHED)
"""Texts :func:`set_value` made by replacing one plain number by another in the text and
nothing else (the new tree is the old one with that value changed): by new text, the text
it was made from and the place. A loader may then validate only what that number touches
(see ``model/incremental.py``)."""


def number_changed(text: str) -> tuple[str, Loc] | None:
    """``(earlier text, place)`` when ``text`` is that earlier text with only the plain
    number at that place replaced by another (made by :func:`set_value` in this process);
    else None."""
    found: tuple[str, Loc] | None = _NUMBERS.find(text)
    return found


def _plain_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def with_value(raw: Any, loc: Loc, value: Any) -> Any:
    """A new tree: ``raw`` with the existing entry at ``loc`` set to ``value``, sharing every
    block but those on the way (which keep their comments and lines); ``raw`` unchanged.
    What :func:`set_value` keeps for a text it patched."""
    new = _shallow(raw)
    node = new
    for step in loc[:-1]:
        node[step] = _shallow(node[step])
        node = node[step]
    node[loc[-1]] = value
    return new


def _makeable(raw: Any, loc: Loc) -> bool:
    """True when every missing step of ``loc`` is a named block inside an existing block
    (``qualitative_effects.clients`` of an intervention without qualitative effects)."""
    node = raw
    for key in loc:
        if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        elif isinstance(node, dict) and isinstance(key, str):
            node = node.get(key)
            if node is None:
                node = {}
        else:
            return False
    return isinstance(node, dict)


def _made(raw: Any, loc: Loc) -> Any:
    node = raw
    for key in loc:
        if isinstance(node, dict) and node.get(key) is None:
            node[key] = CommentedMap()
        node = node[key]
    return node


def _shallow(node: Any) -> Any:
    """A copy of one block that shares its entries, with its comments and line numbers."""
    if isinstance(node, CommentedMap):
        return node.copy()
    if isinstance(node, CommentedSeq):
        out = CommentedSeq(node)
        node.copy_attributes(out)
        return out
    return copy.copy(node)


_CORE = re.compile(
    r"^(?:~|=|<<|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|[-+]?(?:\d[\d_]*)?\.?\d*(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d{4}-\d\d?-\d\d?.*)$"
)
"""Plain text the reader would take for something else than text: written quoted."""
_PLAIN = re.compile(r"^[A-Za-z0-9=(€][A-Za-z0-9=%€ .,_+\-*/()]*$")


def scalar_text(value: Any) -> str | None:
    """``value`` as a one-line YAML scalar that reads back as the same value, or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(float(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        if _PLAIN.match(value) and not value.endswith(" ") and not _CORE.match(value):
            return value
        quoted = json.dumps(value, ensure_ascii=False)  # a double-quoted YAML scalar
        quoted = _FORBIDDEN.sub(_escaped, quoted)  # control characters as escapes
        return _BREAKS.sub(_escaped, quoted)  # and what YAML reads as a line break
    return None


_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Next line and the Unicode line and paragraph separators: YAML folds them in a quoted
scalar, so they are written as escapes."""


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group()[-1])
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _patched(text: str, parent: Any, key: int | str, value: Any) -> str | None:
    """``text`` with the one-line scalar at ``parent[key]`` replaced, or None if it is not
    one (a block, a multi-line or unusual scalar): the caller then writes the tree."""
    new = scalar_text(value)
    node: Any = parent  # a ruamel CommentedMap or CommentedSeq, with its line/column info
    present = (isinstance(node, dict) and key in node) or (
        isinstance(node, list) and isinstance(key, int)
    )
    old: Any = node[key] if present else None
    was = scalar_text(old) if old is not None and not isinstance(old, dict | list) else None
    if new is None or was is None:
        return None
    where: Any = getattr(node, "lc", None)
    try:
        line, column = where.item(key) if isinstance(node, list) else where.value(key)
    except (AttributeError, KeyError, TypeError):
        return None
    lines = text.splitlines(keepends=True)
    if not 0 <= line < len(lines):
        return None
    row = lines[line]
    rest = row[column:]
    fragment = rest.split(" #", 1)[0].rstrip("\r\n").rstrip()
    if fragment != was:  # not written the way it would be read back: leave it to the dumper
        return None
    lines[line] = row[:column] + new + rest[len(fragment) :]
    return "".join(lines)


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
            raise EditError(Text(N_("'{path}' bestaat niet in dit model"), path=_path(loc)))
        target = parent[key]
    elif isinstance(parent, dict):
        target = parent[key]
    if not isinstance(target, list):
        raise EditError(Text(N_("'{path}' is geen lijst"), path=_path(loc)))
    target.append(item)
    return dump(raw)


def remove(text: str, loc: Loc) -> str:
    """The document without the entry at ``loc``."""
    raw = parse(text)
    parent = _node(raw, loc[:-1])
    try:
        del parent[loc[-1]]
    except (KeyError, IndexError, TypeError):
        raise EditError(Text(N_("'{path}' bestaat niet in dit model"), path=_path(loc))) from None
    return dump(raw)


def identifier(name: str, taken: set[str], prefix: str = "", limit: int = 40) -> str:
    """An id for a new entry, made from its name and not in ``taken``.

    >>> identifier("Extra inzet coördinator", set())
    'extra_inzet_coordinator'
    >>> identifier("Buurtcoach", {"buurtcoach"})
    'buurtcoach_2'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = (prefix + re.sub(r"[^a-z0-9]+", "_", plain).strip("_"))[:limit].strip("_") or "item"
    if base[0].isdigit():
        base = f"item_{base}"
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}_{n}"
    return found
