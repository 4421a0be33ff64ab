"""Charts: the data are the engine's own figures, the text follows the language, nothing remote.

Every chart is checked against the De Bilt figures it draws (the waterfall adds up to the
net, the ranges are the columns' extremes, the tornado's bars are the one-way nets, the
histogram keeps every draw) and is drawn to SVG offline, as the PDF report does.
"""

from __future__ import annotations

import json
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from rendement.engine import Results, evaluate
from rendement.i18n import language
from rendement.model import load_model
from rendement.present.charts import (
    distribution,
    portfolio_range,
    tornado,
    waterfall,
    who_pays,
)
from rendement.report.svg import png, svg
from rendement.uncertainty import Sensitivity, Simulation, sensitivity, simulate

ROOT = Path(__file__).resolve().parents[1]
DE_BILT = ROOT / "examples" / "de-bilt-2019.yaml"
UNCERTAIN = ROOT / "examples" / "de-bilt-2019-onzeker.yaml"
SO = "samen_oplopen"


@pytest.fixture(scope="module")
def results() -> Results:
    return evaluate(load_model(DE_BILT))


@pytest.fixture(scope="module")
def simulation() -> Simulation:
    return simulate(load_model(UNCERTAIN), draws=4_000, seed=2019)


@pytest.fixture(scope="module")
def sensitivities() -> list[Sensitivity]:
    return sensitivity(load_model(UNCERTAIN), draws=4_000)


def names(results: Results) -> dict[str, str]:
    return {f.id: f.name for f in results.model.case.financiers}


def values(spec: dict[str, Any], layer: int) -> list[dict[str, Any]]:
    """The rows a layer draws (Altair keeps inline data once, under ``datasets``)."""
    data = spec["layer"][layer]["data"]
    rows: list[dict[str, Any]] = (
        spec["datasets"][data["name"]] if "name" in data else data["values"]
    )
    return rows


def title(spec: dict[str, Any]) -> str:
    """The chart's title, its lines joined (a long title is drawn on several lines)."""
    text: str | list[str] = spec["title"]["text"]
    return " ".join(text) if isinstance(text, list) else text


def so_tornado(sensitivities: list[Sensitivity]) -> Sensitivity:
    return next(s for s in sensitivities if s.intervention == SO)


def every_chart(
    results: Results, simulation: Simulation, sensitivities: list[Sensitivity]
) -> list[dict[str, Any]]:
    ev = results.get(SO, "huidig", "maximum")
    overview = portfolio_range(results)
    assert overview is not None
    return [
        waterfall(ev, results.perspective_name, names(results)),
        who_pays(ev),
        overview,
        tornado(so_tornado(sensitivities), "Samen Oplopen"),
        distribution(simulation.get(SO, "huidig"), "Samen Oplopen"),
    ]


@pytest.mark.parametrize(
    ("intervention", "variant", "scenario"),
    [("ouders_lokaal", "huidig", "basis"), (SO, "huidig", "basis"), (SO, "huidig", "maximum")],
)
def test_the_waterfall_steps_from_the_investment_to_the_net(
    results: Results, intervention: str, variant: str, scenario: str
) -> None:
    ev = results.get(intervention, variant, scenario)
    rows = values(waterfall(ev, results.perspective_name, names(results)), 0)
    first, *gains, last = rows
    assert (first["step"], first["start"], first["end"]) == (
        "Investering",
        0.0,
        -ev.perspective_investment,
    )
    in_view = [b for b in ev.who_pays_who_gains if b.in_perspective and b.gross > 0]
    assert [g["step"] for g in gains] == [b.name for b in in_view]
    assert [g["amount"] for g in gains] == [b.gross for b in in_view]
    for before, after in pairwise(rows[:-1]):
        assert after["start"] == before["end"]  # each step starts where the last one ended
    assert (last["step"], last["start"], last["end"]) == ("Netto besparing", 0.0, ev.net)
    assert gains[-1]["end"] == pytest.approx(ev.net, abs=1e-6)
    assert -ev.perspective_investment + sum(b.gross for b in in_view) == pytest.approx(
        ev.net, abs=1e-6
    )


def test_waterfall_labels_are_the_reports_euros(results: Results) -> None:
    ev = results.get(SO, "huidig")  # Tabel 12: € 9.360 + € 17.875 − € 56.000 = − € 28.765
    labels = [r["label"] for r in values(waterfall(ev, "Gemeente De Bilt", {}), 0)]
    assert labels == [
        "-\u00a0€\u00a056.000",
        "€\u00a09.360",
        "€\u00a017.875",
        "-\u00a0€\u00a028.765",
    ]
    with language("en"):
        labels = [r["label"] for r in values(waterfall(ev, "Gemeente De Bilt", {}), 0)]
    assert labels == ["-€56,000", "€9,360", "€17,875", "-€28,765"]


def test_who_pays_has_one_row_per_financier_with_the_engines_figures(results: Results) -> None:
    ev = results.get(SO, "huidig", "maximum")
    spec = who_pays(ev)
    rows = values(spec, 0)
    assert title(spec) == "Wie betaalt, wie wint"
    assert len(rows) == len(ev.who_pays_who_gains) == 4
    for row, balance in zip(rows, ev.who_pays_who_gains, strict=True):
        assert row["financier"].startswith(balance.name)
        assert (row["investment"], row["gross"], row["net"]) == (
            balance.investment,
            balance.gross,
            balance.net,
        )
    assert rows[-1]["financier"] == "Zorgverzekeraar (Zvw) *"  # outside the perspective
    assert rows[0]["net_label"] == "-\u00a0€\u00a047.014"


def test_the_portfolio_range_spans_the_columns(results: Results) -> None:
    spec = portfolio_range(results)
    assert spec is not None
    ranges, points = values(spec, 0), values(spec, 1)
    assert len(points) == sum(len(c.rows) for c in results.portfolio)
    for row in ranges:
        nets = [r.net for c in results.portfolio for r in c.rows if r.name == row["intervention"]]
        assert (row["low"], row["high"]) == (min(nets), max(nets))
    so = next(r for r in ranges if r["intervention"] == "Samen Oplopen")
    assert (so["low"], so["high"]) == (pytest.approx(-28_765), pytest.approx(74_145.6))
    assert title(spec) == results.portfolio_title


def test_no_portfolio_no_range(results: Results) -> None:
    assert portfolio_range(replace(results, portfolio=[])) is None


def test_the_tornado_bars_are_the_one_way_nets(sensitivities: list[Sensitivity]) -> None:
    result = so_tornado(sensitivities)
    spec = tornado(result, "Samen Oplopen", top=1)
    rows = values(spec, 0)
    top = max(result.inputs, key=lambda r: r.swing)
    assert len(rows) == 1
    assert rows[0]["input"] == "Gezinnen bij wie een multiprobleemsituatie wordt voorkomen"
    assert (rows[0]["net_low"], rows[0]["net_high"]) == (top.net_low, top.net_high)
    every = values(tornado(result, "Samen Oplopen"), 0)
    assert [r["swing"] for r in every] == sorted((r.swing for r in result.inputs), reverse=True)
    rules = [values(spec, n)[0]["at"] for n in (1, 2)]
    assert rules == [result.net, 0.0]


def test_the_histogram_keeps_every_draw(simulation: Simulation) -> None:
    stats = simulation.get(SO, "huidig")
    spec = distribution(stats, "Samen Oplopen")
    bars = values(spec, 0)
    assert sum(b["count"] for b in bars) == sum(stats.counts) <= simulation.draws
    assert 30 <= len(bars) <= 61
    for before, after in pairwise(bars):
        assert after["start"] == before["end"]  # exact edges of the engine's bins
    assert {bars[0]["start"], bars[-1]["end"]} <= set(stats.edges)
    width = stats.edges[1] - stats.edges[0]
    for bar in bars:
        assert (bar["side"] == "netto > 0") == (bar["start"] + bar["end"] > 0)
        if bar["start"] < 0 < bar["end"]:  # the engine's edge nearest 0 is a bar boundary
            assert min(-bar["start"], bar["end"]) <= width
    chance = f"Kans netto > 0: {stats.probability_positive * 100:.1f}%".replace(".", ",")
    assert chance in spec["title"]["subtitle"]


def test_english_charts_have_english_text(
    results: Results, simulation: Simulation, sensitivities: list[Sensitivity]
) -> None:
    dutch = [title(s) for s in every_chart(results, simulation, sensitivities)]
    with language("en"):
        english = every_chart(results, simulation, sensitivities)
    assert [title(s) for s in english][:2] == [
        "From investment to net savings",
        "Who pays, who gains",
    ]
    assert title(english[3]) == "Sensitivity of the net savings"
    assert dutch[:2] == ["Van investering naar netto besparing", "Wie betaalt, wie wint"]
    assert not set(dutch) & {"From investment to net savings", "Who pays, who gains"}
    assert english[4]["title"]["subtitle"][0].startswith("Probability net > 0: ")
    assert english[0]["config"]["locale"]["number"]["thousands"] == ","


def test_every_chart_is_valid_vega_lite(
    results: Results, simulation: Simulation, sensitivities: list[Sensitivity]
) -> None:
    """The specs are built without Altair's per-call validation (it cost the web app
    ~0,2 s per page); here each one is checked against the Vega-Lite schema instead, and
    a broken one is caught."""
    import jsonschema
    from altair.vegalite.v6.schema import load_schema

    validator = jsonschema.Draft7Validator(load_schema())
    for spec in every_chart(results, simulation, sensitivities):
        errors = list(validator.iter_errors(spec))
        assert not errors, (title(spec), errors[0].message)
    broken = {**every_chart(results, simulation, sensitivities)[0], "mark": "no-such-mark"}
    assert list(validator.iter_errors(broken))


def test_every_chart_is_self_contained_and_draws_offline(
    results: Results, simulation: Simulation, sensitivities: list[Sensitivity]
) -> None:
    for spec in every_chart(results, simulation, sensitivities):
        assert "http" not in json.dumps(spec)
        assert spec["description"].startswith(title(spec))
        assert spec["config"]["font"] == "DejaVu Sans"
        drawn = svg(spec)
        assert drawn.startswith("<svg") and title(spec) in drawn
    assert png(spec).startswith(b"\x89PNG")


def test_axes_show_euros_the_dutch_way(results: Results) -> None:
    drawn = svg(who_pays(results.get(SO, "huidig", "maximum")))
    assert "€\u00a0100.000" in drawn and "-\u00a0€\u00a0" in drawn


def test_a_chart_that_cannot_be_drawn_says_so_in_dutch() -> None:
    spec = {
        "title": {"text": "Kapot"},
        "data": {"url": "https://example.org/x.json"},
        "mark": "bar",
    }
    with pytest.raises(ValueError, match="de grafiek 'Kapot' kon niet worden getekend"):
        svg(spec)
