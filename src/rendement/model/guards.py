"""Limits on what a model file may be, checked before and just after the YAML parser runs.

A web form or an upload can hand the loader anything. The YAML parser itself is not
built for hostile input: a few thousand nested ``[`` make it take minutes (its scanner is
quadratic in the nesting depth) and then overflow Python's stack; a *billion laughs*
document (anchors that alias anchors) is tiny on disk but expands to millions of values
when it is validated. So the text is scanned first, in one cheap pass over its lines,
for what the parser cannot survive (size, control characters, nesting), and the parsed
tree is walked once, without recursion, to count what aliases expand to. Each limit is
far above what a real business case needs (De Bilt: 48 kB, nesting 7, no aliases) and
each refusal says where, in plain Dutch.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import N_
from ..wording import Number, Text

MAX_FILE_BYTES = 2**20
"""Larger model files are refused before parsing, by the CLI, the web import and every form
alike (De Bilt is 48 kB; 1 MB holds De Bilt with every name at 200 characters and 45 texts
of 20,000; the parser reads about 0,2 MB a second). ``bench/scaling.py`` raises it for
its 500-intervention case of 3 MB."""
MAX_DEPTH = 50
"""Nesting levels of blocks and lists; a model needs about 7."""
MAX_NODES = 2_000_000
"""Values in the model after aliases are expanded (a 500-intervention case has ~300,000)."""
MAX_ALIAS_GROWTH = 100_000
"""How many values aliases (``*naam``) may add beyond what is written."""

# characters YAML does not allow (ruamel's Reader.NON_PRINTABLE, inverted), and a BOM inside
_FORBIDDEN = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|(?<=.)\ufeff",
    re.DOTALL,
)
_FORBIDDEN_CHAR = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)  # the same without the BOM, which str.find finds: one alternative is 5× faster to scan
_LEADING = re.compile(r"[ \t]*((?:[-?:][ \t]+)*)")


class TooMuch(ValueError):
    """A limit the file goes over: ``line`` (1-based, or None) and a Dutch message."""

    def __init__(self, line: int | None, message: Text, code: str) -> None:
        super().__init__(message)
        self.text = message  # worded when shown (rendement.wording)
        self.line = line
        self.code = code


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


_INDENT = re.compile(r"^[ \t]*", re.MULTILINE)
_MARKERS = re.compile(r"^[ \t]*((?:[-?:][ \t]+)+)", re.MULTILINE)


def _depth_bound(text: str) -> int:
    """A number no line's estimated nesting (below) can exceed, found by C-speed searches.

    The stack of indentations holds distinct widths up to the widest indentation, so at
    most that + 1; a line's indicators are at most the longest run of them (spaces
    included); open brackets at most all ``[`` and ``{`` of the text.
    """
    widest = max(map(len, _INDENT.findall(text)), default=0)
    markers = max(map(len, _MARKERS.findall(text)), default=0)
    return widest + 1 + markers + text.count("[") + text.count("{")


def scan_text(text: str) -> None:
    """Raise :class:`TooMuch` for a text the parser must not see (size, characters, nesting).

    Nesting is estimated per line as the block level (a stack of indentations) plus the
    ``- ``/``? ``/``: `` indicators that open the line plus the depth of open flow
    brackets ``[``/``{``. Brackets inside quoted text count too: the estimate can only
    be too high, and a limit of 50 leaves room for any text a person writes.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        raise TooMuch(
            None,
            Text(
                N_(
                    "dit bestand is {size} MB; een model is hoogstens {limit} MB. Is dit wel "
                    "het modelbestand?"
                ),
                size=Number(size / 2**20, 2),
                limit=MAX_FILE_BYTES // 2**20,
            ),
            "too_large",
        )
    if _FORBIDDEN_CHAR.search(text) is None and text.find("\ufeff", 1) < 0:
        bad = None  # the common case, found at C speed; else the full search says where
    else:
        bad = _FORBIDDEN.search(text)
    if bad is not None:
        char = bad.group(0)
        line = _line_at(text, bad.start())
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise TooMuch(
            line,
            Text(
                N_(
                    "op regel {line}, kolom {column} staat een onzichtbaar stuurteken "
                    "({code}); haal het weg of typ de tekst opnieuw (vaak komt het mee bij "
                    "kopiëren uit een ander programma)"
                ),
                line=line,
                column=column,
                code=f"U+{ord(char):04X}",
            ),
            "control_character",
        )
    if _depth_bound(text) <= MAX_DEPTH:
        return  # no line can be nested deeper: the line-by-line estimate is not needed
    indents: list[int] = []
    flow = 0
    for number, row in enumerate(text.split("\n"), start=1):
        stripped = row.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        if flow == 0:
            indent = len(row) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        leading = _LEADING.match(row)
        markers = len(leading.group(1).replace(" ", "").replace("\t", "")) if leading else 0
        depth = len(indents) + markers + flow
        if "[" in row or "{" in row or "]" in row or "}" in row:
            for char in row:
                if char in "[{":
                    flow += 1
                    depth = max(depth, len(indents) + markers + flow)
                elif char in "]}":
                    flow = max(flow - 1, 0)
        if depth > MAX_DEPTH:
            raise TooMuch(number, too_deep(), "too_deep")


def too_deep() -> Text:
    return Text(
        N_(
            "het model is hier meer dan {limit} niveaus diep genest (blokken en lijsten in "
            "elkaar); een business case heeft er hooguit een stuk of tien nodig. Controleer "
            "de inspringing en de haakjes"
        ),
        limit=MAX_DEPTH,
    )


def check_tree(raw: Any) -> None:
    """Raise :class:`TooMuch` when aliases expand the parsed tree beyond the limits.

    Walks the tree without recursion; a node reached twice (an alias) counts again each
    time, its size taken from a memo, so a billion laughs is measured without expanding it.
    """
    sizes: dict[int, int] = {}
    unique = 0
    # post-order walk: (node, expanded?) pairs on an explicit stack
    stack: list[tuple[Any, bool]] = [(raw, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, dict | list):
            continue
        key = id(node)
        if done:
            children = node.values() if isinstance(node, dict) else node
            total = 1 + len(node)
            for child in children:
                if isinstance(child, dict | list):
                    total += sizes[id(child)] - 1
            sizes[key] = total
            if total > MAX_NODES or total - unique > MAX_ALIAS_GROWTH:
                raise TooMuch(_line_of(node), _aliases(total), "alias_bomb")
            continue
        if key in sizes:
            continue
        sizes[key] = 0  # on the path: a cycle (possible with aliases) counts nothing more
        unique += 1 + len(node)
        stack.append((node, True))
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, False) for child in children if isinstance(child, dict | list))


def _line_of(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    return None if lc is None or lc.line is None else lc.line + 1


def _aliases(total: int) -> Text:
    return Text(
        N_(
            "de verwijzingen (&anker en *alias) in dit blok maken het model {count} waarden "
            "groot; schrijf herhaalde delen gewoon uit, of gebruik minder verwijzingen naar "
            "verwijzingen"
        ),
        count=Number(total),
    )
