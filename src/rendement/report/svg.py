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


def svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document; ``ValueError`` when it cannot be drawn."""
    with _drawing(spec):
        drawn: str = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    return drawn


def png(spec: dict[str, Any], scale: float = PNG_SCALE) -> bytes:
    """The chart as a PNG image; ``ValueError`` when it cannot be drawn."""
    with _drawing(spec):
        drawn: bytes = vl_convert.vegalite_to_png(spec, scale=scale, allowed_base_urls=[])
    return drawn
