"""A chart's Vega-Lite spec drawn offline: SVG for the PDF and HTML reports, PNG for Word.

vl-convert runs Vega-Lite in an embedded JavaScript engine: no browser, no network. It
is told that no base URL is allowed, so even a spec that names remote data or images
cannot make a report fetch anything; such a spec fails instead of being drawn, with a
Dutch message that names the chart.
"""

from __future__ import annotations

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
        raise ValueError(
            f"de grafiek '{name or 'zonder titel'}' kon niet worden getekend: {error}"
        ) from error


def shortened(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with every text of its data and subtitle longer than :data:`LABEL` cut to it
    (ending in '…'), the same text everywhere in the spec (a sort order names them too).
    Two names alike in their first characters stay two: the second gets a number."""
    long: dict[str, str] = {}
    taken: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, str) and len(node) > LABEL and node not in long:
            short = node[: LABEL - 1].rstrip() + "…"
            number = 1
            while short in taken:
                number += 1
                tail = f"… ({number})"
                short = node[: LABEL - len(tail)].rstrip() + tail
            long[node] = short
            taken.add(short)
        elif isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(spec.get("datasets"))
    title = spec.get("title")
    if isinstance(title, dict):
        collect(title.get("subtitle"))  # names; the title itself is rendement's words
    if not long:
        return spec

    def replaced(node: Any) -> Any:
        if isinstance(node, str):
            return long.get(node, node)
        if isinstance(node, dict):
            return {key: replaced(value) for key, value in node.items()}
        if isinstance(node, list):
            return [replaced(value) for value in node]
        return node

    return {key: value if key == "description" else replaced(value) for key, value in spec.items()}


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
