"""The words a chart draws, wrapped at word boundaries instead of cut off mid-word.

Vega cuts a title, subtitle or axis label that is wider than its limit and ends it in
'…', wherever the limit falls: "netto nu - €", "perspectief Maatschappij (alle",
"Bespaarde dagen dagbesteding per vrijwi…". Here every such text is broken into lines of
whole words that fit (a Vega-Lite title, subtitle and axis label may be a list of lines);
a name too long even for :data:`LABEL_LINES` lines ends in '…' after a whole word, and
its full text goes into the spec's ``usermeta`` so the report prints it in the caption.

The widths are in characters of DejaVu Sans, the charts' font (about 0.6 em a character):
a title of 13 px bold, a subtitle of 12 px and axis labels of 10 px in a 500 px chart.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

TITLE = 52  # characters on a title line
SUBTITLE = 70  # characters on a subtitle line
LABEL = 30  # characters on an axis or legend label line (its limit is 220 px)
LABEL_LINES = 3
LINE_HEIGHT = 11  # px between the lines of a label (10 px type)
ELLIPSIS = "…"
FULL_NAMES = "full_names"  # the usermeta key of the names a chart shortened


def lines(text: str, width: int) -> list[str]:
    """``text`` in lines of whole words of at most ``width`` characters (a longer word on
    a line of its own); never a word broken, never a hyphen taken as a break."""
    glued = text.replace(" · ", "\u00a0· ")  # a line may end in "·", never start with it
    wrapped = textwrap.wrap(glued, width, break_long_words=False, break_on_hyphens=False)
    return [line.replace("\u00a0· ", " · ") for line in wrapped] or [text]


def label_lines(name: str) -> tuple[list[str], bool]:
    """An axis or legend label in at most :data:`LABEL_LINES` lines; True when it had to
    be shortened (its last line then ends in '…' after a whole word)."""
    wrapped = lines(name, LABEL)
    if len(wrapped) <= LABEL_LINES:
        return wrapped, False
    kept = wrapped[:LABEL_LINES]
    last = kept[-1].split()
    while last and len(" ".join(last)) + 1 > LABEL:
        last.pop()
    kept[-1] = " ".join(last) + ELLIPSIS if last else ELLIPSIS
    return kept, True


def label_expression(names: list[str]) -> str | None:
    """A Vega ``labelExpr``: each name that needs more than one line as its lines; other
    labels as Vega formats them. None when every name fits on one line."""
    long = {name: label_lines(name)[0] for name in dict.fromkeys(names) if len(name) > LABEL}
    if not long:
        return None
    expression = "datum.label"
    for name, wrapped in reversed(long.items()):
        expression = f"datum.value === {json.dumps(name)} ? {json.dumps(wrapped)} : {expression}"
    return expression


def most_lines(names: list[str]) -> int:
    """The most lines any of these names takes as a label (1 when there are none)."""
    return max([len(label_lines(name)[0]) for name in names if len(name) > LABEL] or [1])


def shortened_names(names: list[str]) -> list[str]:
    """The names that :func:`label_lines` cannot show whole (for the caption)."""
    return [name for name in dict.fromkeys(names) if label_lines(name)[1]]


def wrap_titles(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with its title and subtitle in lines that fit the chart's width."""
    title = spec.get("title")
    if not isinstance(title, dict):
        return spec
    title = dict(title)
    text = title.get("text")
    if isinstance(text, str) and len(text) > TITLE:
        title["text"] = lines(text, TITLE)
    subtitle = title.get("subtitle")
    if subtitle:
        parts = [subtitle] if isinstance(subtitle, str) else list(subtitle)
        title["subtitle"] = [line for part in parts for line in lines(part, SUBTITLE)]
    return {**spec, "title": title}


def note_full_names(spec: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """``spec`` with the names it shows shortened listed in ``usermeta`` (for the caption)."""
    full = shortened_names(names)
    if not full:
        return spec
    meta = dict(spec.get("usermeta") or {})
    meta[FULL_NAMES] = list(dict.fromkeys([*meta.get(FULL_NAMES, []), *full]))
    return {**spec, "usermeta": meta}
