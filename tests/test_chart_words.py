"""Every text a report's chart draws is whole: a sequence of whole words of the text it
comes from, or a name shortened after a whole word whose full text is in the caption.

The texts are read from the SVG vl-convert draws (each ``<text>``, each of its lines), the
sources from the chart's spec; so a title, subtitle, axis or legend label that Vega cut
off at its limit ("netto nu - €", "perspectief Maatschappij (alle") fails here.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import load_model
from rendement.present.chartwords import FULL_NAMES, label_expression, label_lines, lines
from rendement.report import analyse_uncertainty, build_outline
from rendement.report.outline import Chart
from rendement.report.svg import shortened, svg

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    ("de-bilt-2019.yaml", "nl"),
    ("de-bilt-2019-onzeker.yaml", "nl"),
    ("kostenbesparing-raster.yaml", "nl"),
    ("sroi-lunch-club-au.yaml", "en"),
    *[(p.name, "en") for p in sorted((ROOT / "examples").glob("*drum*atweme*.yaml"))],
]
AMOUNT = re.compile(r"^[-−]?\s?([A-Z]{1,3}\$?|[€£$])?\s?[-−]?\s?[\d.,]+\s?%?$")
"""An axis tick or an amount Vega formats itself (no source text to compare with)."""
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _drawn(picture: str) -> list[str]:
    """Every line of text in an SVG: a ``<tspan>`` each, or the ``<text>`` itself."""
    out = []
    for element in re.findall(r"<text[^>]*>(.*?)</text>", picture, re.S):
        spans = re.findall(r"<tspan[^>]*>(.*?)</tspan>", element, re.S) or [element]
        out += [html.unescape(re.sub(r"<[^>]+>", "", s)).strip() for s in spans]
    return [line for line in out if line]


def _sources(node: Any) -> list[str]:
    """Every text in a spec, and the string literals inside its expressions."""
    if isinstance(node, str):
        inner = [json.loads(f'"{m}"') for m in _LITERAL.findall(node)]
        return [node, *inner]
    if isinstance(node, dict):
        return [t for key, value in node.items() if key != "description" for t in _sources(value)]
    if isinstance(node, list):
        return [t for value in node for t in _sources(value)]
    return []


def _whole(line: str, sources: list[str]) -> bool:
    """``line`` is a run of whole words of one of the sources."""
    words = " ".join(line.split())
    return any(f" {words} " in f" {' '.join(s.split())} " for s in sources)


def problems(spec: dict[str, Any]) -> list[str]:
    """The drawn texts that are neither whole nor shortened with their full text given."""
    drawn_spec = shortened(spec)
    sources = _sources(spec) + _sources(drawn_spec)
    caption = (spec.get("usermeta") or {}).get(FULL_NAMES, [])
    out = []
    for line in _drawn(svg(spec)):
        if AMOUNT.match(line):
            continue
        if line.endswith("…"):
            head = line.removesuffix("…").strip()
            if not (head and _whole(head, caption)):
                out.append(line)
        elif not _whole(line, sources):
            out.append(line)
    return out


def _charts(example: str, lang: str) -> list[Chart]:
    with language(lang):
        results = evaluate(load_model(ROOT / "examples" / example))
        simulation, tornados = analyse_uncertainty(results, draws=500)
        outline = build_outline(results, None, simulation, tornados)
    return [b for b in outline.blocks if isinstance(b, Chart)]


@pytest.mark.parametrize(("example", "lang"), EXAMPLES)
def test_every_chart_text_of_the_reports_is_whole(example: str, lang: str) -> None:
    charts = _charts(example, lang)
    assert charts
    with language(lang):
        found = {c.title: problems(c.spec) for c in charts}
    assert {title: cut for title, cut in found.items() if cut} == {}


def test_a_cut_text_is_found() -> None:
    """The check itself: Vega's cut at a title's limit, and a name cut mid-word."""
    spec: dict[str, Any] = {
        "data": {"values": [{"n": "Bespaarde dagen dagbesteding per vrijwilliger", "v": 1}]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "n", "type": "nominal", "title": None, "axis": {"labelLimit": 120}},
            "x": {"field": "v", "type": "quantitative", "title": "Bedrag"},
        },
        "title": {
            "text": "Gevoeligheid",
            "subtitle": "Sterk door vrijwilligerswerk · Basis · netto nu - € 14.969",
            "limit": 200,
        },
        "width": 300,
    }
    found = problems(spec)
    assert len(found) == 2 and all(t.endswith("…") for t in found)
    assert any(t.startswith("Bespaarde dagen") for t in found)


def test_long_names_wrap_at_words_and_the_longest_go_to_the_caption() -> None:
    name = "Bespaarde dagen dagbesteding per vrijwilligersactiviteit"
    wrapped, cut = label_lines(name)
    assert not cut and " ".join(wrapped) == name and all(len(x) <= 30 for x in wrapped)
    very = " ".join(["woord"] * 40)
    wrapped, cut = label_lines(very)
    assert cut and len(wrapped) == 3 and wrapped[-1].endswith("woord…")
    assert lines("a-b c", 3) == ["a-b", "c"]  # never at a hyphen
    assert label_expression(["kort"]) is None
    spec: dict[str, Any] = {
        "data": {"values": [{"n": very, "v": 1}, {"n": "kort", "v": 2}]},
        "mark": "bar",
        "encoding": {
            "y": {
                "field": "n",
                "type": "nominal",
                "sort": [very, "kort"],
                "axis": {"labelExpr": label_expression([very, "kort"])},
            },
            "x": {"field": "v", "type": "quantitative"},
        },
        "usermeta": {FULL_NAMES: [very]},
    }
    assert problems(spec) == []
    del spec["usermeta"]
    assert problems(spec) == ["woord woord woord woord woord…"]
