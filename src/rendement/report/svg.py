"""A chart's Vega-Lite spec drawn offline: SVG for the PDF and HTML reports, PNG for Word.

vl-convert runs Vega-Lite in an embedded JavaScript engine: no browser, no network. It
is told that no base URL is allowed, so even a spec that names remote data or images
cannot make a report fetch anything; such a spec fails instead of being drawn, with a
Dutch message that names the chart.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import vl_convert

PNG_SCALE = 2.0  # sharp when Word shows a 500 px chart 14 cm wide
LABEL = 60
"""Characters of a name a chart draws. An axis shows ~35 (its label limit is 220 px), but
Vega measures the whole text to cut it: names of 200 characters made the charts of a
report three times slower to draw. Cut here, before Vega sees them."""


@contextmanager
def _drawing(spec: dict[str, Any]) -> Iterator[None]:
    """Turn vl-convert's failure (always a ValueError) into one a report's reader can act on."""
    try:
        yield
    except ValueError as error:
        title = spec.get("title")
        name = title.get("text") if isinstance(title, dict) else title
        name = " ".join(name) if isinstance(name, list) else name
        raise ValueError(
            f"de grafiek '{name or 'zonder titel'}' kon niet worden getekend: {error}"
        ) from error


def _cut(text: str, room: int, tail: str) -> str:
    """``text`` cut after the last whole word that leaves room for ``tail``."""
    head = text[: room - len(tail) + 1]
    space = head.rfind(" ")
    return (head[:space] if space > 0 else head[:-1]).rstrip() + tail


def shortened(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with every text of its data longer than :data:`LABEL` cut to it after a
    whole word (ending in '…'), the same text everywhere in the spec (a sort order names
    them too, a label expression keys its lines by them). An axis or legend draws the
    whole name from its label expression (:mod:`rendement.present.chartwords`); the cut
    text only keeps Vega from measuring a long name. Two names alike in their first
    characters stay two: the second gets a number."""
    long: dict[str, str] = {}
    taken: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, str) and len(node) > LABEL and node not in long:
            short = _cut(node, LABEL, "…")
            number = 1
            while short in taken:
                number += 1
                short = _cut(node, LABEL, f"… ({number})")
            long[node] = short
            taken.add(short)
        elif isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(spec.get("datasets"))  # titles are wrapped in lines (chartwords), not cut
    if not long:
        return spec

    def replaced(node: Any) -> Any:
        if isinstance(node, str):
            return long.get(node, node)
        if isinstance(node, dict):
            return {
                key: _rekeyed(value, long) if key == "labelExpr" else replaced(value)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [replaced(value) for value in node]
        return node

    return {key: value if key == "description" else replaced(value) for key, value in spec.items()}


def _rekeyed(expression: Any, long: dict[str, str]) -> Any:
    """A label expression keyed by the cut names instead of the whole ones."""
    if not isinstance(expression, str):
        return expression
    for whole, short in long.items():
        expression = expression.replace(
            f"datum.value === {json.dumps(whole)}", f"datum.value === {json.dumps(short)}"
        )
    return expression


def svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document; ``ValueError`` when it cannot be drawn."""
    with _drawing(spec):
        drawn: str = vl_convert.vegalite_to_svg(shortened(spec), allowed_base_urls=[])
    return drawn


def png(spec: dict[str, Any], scale: float = PNG_SCALE) -> bytes:
    """The chart as a PNG image; ``ValueError`` when it cannot be drawn."""
    with _drawing(spec):
        drawn: bytes = vl_convert.vegalite_to_png(
            shortened(spec), scale=scale, allowed_base_urls=[]
        )
    return drawn
