"""Results as an analyst reads them in a notebook: DataFrames with the report's figures.

The De Bilt results become pandas (and polars) DataFrames; the figures are the report's
(Tables 1–12, see tests/test_de_bilt.py). Monte Carlo summaries and draws, and the
sensitivity tables, agree with the objects they come from. Jupyter's HTML shows the
figures rounded as the report prints them, with every text escaped.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest

from rendement.engine import Results, evaluate
from rendement.model import LoadedModel, load_model
from rendement.tabular import _require
from rendement.uncertainty import Sensitivities, Simulation, sensitivity, simulate

ROOT = Path(__file__).resolve().parents[1]
DE_BILT = ROOT / "examples" / "de-bilt-2019.yaml"
UNCERTAIN = ROOT / "examples" / "de-bilt-2019-onzeker.yaml"
OL = "ouders_lokaal"


@pytest.fixture(scope="module")
def results() -> Results:
    return evaluate(load_model(DE_BILT))


@pytest.fixture(scope="module")
def uncertain() -> LoadedModel:
    return load_model(UNCERTAIN)


@pytest.fixture(scope="module")
def simulation(uncertain: LoadedModel) -> Simulation:
    return simulate(uncertain, draws=3000, seed=2019, chunk=1000, keep_draws=True)


def one(frame: pd.DataFrame, **keys: str) -> pd.Series:
    rows = frame
    for column, value in keys.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, keys
    return rows.iloc[0]


def test_a_notebook_turns_the_de_bilt_results_into_the_reports_figures(results: Results) -> None:
    frame = results.to_pandas()
    assert len(frame) == sum(len(i.evaluations) for i in results.interventions) == 24
    assert list(frame.columns[:7]) == [
        "intervention",
        "intervention_name",
        "variant",
        "variant_name",
        "scenario",
        "scenario_name",
        "perspective",
    ]
    expansion = one(frame, intervention=OL, variant="uitbreiding", scenario="basis")
    assert expansion.intervention_name == "Ouders Lokaal"
    assert expansion.perspective == "gemeente"
    assert expansion.net == pytest.approx(70946.2222, abs=1e-3)  # Tabel 4
    assert expansion.ratio_net == pytest.approx(2.6154, abs=1e-4)
    assert expansion.ratio_gross == pytest.approx(expansion.ratio_net + 1)
    assert expansion.net == results.get(OL, "uitbreiding").net  # unrounded, the same float
    current = one(frame, intervention=OL, variant="huidig", scenario="basis")
    assert (current.gross, current.perspective_gross) == (110872, 98072)  # Tabel 2
    assert (current.investment, current.net) == (31876, 66196)  # Tabels 1 and 3
    volunteers = frame[frame.intervention == "sterk_door_vrijwilligerswerk"]
    assert volunteers.set_index(["variant", "scenario"]).net["huidig", "minimum"] == pytest.approx(
        -14969
    )
    assert frame.ratio_net.dtype == np.float64 and frame.net.dtype == np.float64


def test_the_portfolio_table_sums_to_table_12(results: Results) -> None:
    portfolio = results.to_pandas("portfolio")
    totals = portfolio.groupby("column").net.sum()
    assert totals["minimum"] == pytest.approx(88414.7556, abs=1e-3)
    assert totals["maximum"] == pytest.approx(274838.8889, abs=1e-3)
    minimum = portfolio[portfolio.column == "minimum"]
    assert list(minimum.intervention) == [
        OL,
        "maatjesproject",
        "sterk_door_vrijwilligerswerk",
        "samen_oplopen",
    ]
    assert list(minimum.net.round()) == [70946, 20172, 26062, -28765]
    assert set(minimum.variant_name) >= {"Uitbreiding met 15 koppelingen"}
    balances = results.to_pandas("portfolio_financiers")
    column = balances[balances.column == "minimum"]
    assert column.net.sum() == pytest.approx(
        sum(b.net for b in results.column("minimum").who_pays_who_gains)
    )


def test_lines_have_one_row_each_with_their_figures(results: Results) -> None:
    effects = results.to_pandas("effects")
    assert len(effects) == sum(len(e.effects) for i in results.interventions for e in i.evaluations)
    cjg = one(effects, intervention=OL, variant="huidig", scenario="basis", line="cjg")
    assert (cjg.cases, cjg.units_per_case, cjg.price, cjg.gross) == (80, 13, 55, 57200)
    assert cjg.in_perspective and cjg.financier_name == "Gemeente De Bilt (jeugd)"
    assert (cjg.deadweight, cjg.attribution, cjg.price_year) == (0, 1, 2019)
    jeugdhulp = one(effects, intervention=OL, variant="huidig", scenario="basis", line="jeugdhulp")
    assert jeugdhulp.gross == pytest.approx(40872)  # the report's typo is € 40.782
    investments = results.to_pandas("investments")
    coordinator = one(
        investments, intervention=OL, variant="uitbreiding", scenario="basis", line="coordinator"
    )
    assert coordinator.amount == pytest.approx(16625.7778, abs=1e-3)  # Tabel 4: € 16.626
    assert coordinator.hours_per_week == 7  # the extra hours only
    assert np.isnan(
        one(
            investments, intervention=OL, variant="huidig", scenario="basis", line="materialen"
        ).hours_per_week
    )
    financiers = results.to_pandas("financiers")
    insurer = one(
        financiers, intervention=OL, variant="huidig", scenario="basis", financier="zorgverzekeraar"
    )
    assert (insurer.gross, insurer.investment, insurer.in_perspective) == (12800, 0, False)
    years = results.to_pandas("years")
    assert len(years) == 24 * results.horizon_years
    assert one(years, intervention=OL, variant="huidig", scenario="basis").net == 66196


def test_one_evaluation_gives_its_own_lines(results: Results) -> None:
    ev = results.get(OL, "uitbreiding")
    effects = ev.to_pandas()
    assert list(effects.line) == [e.id for e in ev.effects]
    assert list(effects.gross) == [e.gross for e in ev.effects]
    assert effects.intervention_name.isna().all()  # an evaluation does not know it
    assert len(ev.to_pandas("investments")) == len(ev.investments)


def test_arrow_and_polars_carry_the_same_table(results: Results) -> None:
    table = results.to_arrow("effects")
    assert table.schema.metadata[b"rendement.table"] == b"effects"
    assert table.schema.metadata[b"rendement.currency"] == b"EUR"
    assert str(table.schema.field("price_year").type) == "int64"
    frame = results.to_polars()
    assert isinstance(frame, pl.DataFrame)
    row = frame.filter((pl.col("intervention") == OL) & (pl.col("variant") == "uitbreiding"))
    assert row["net"][0] == results.get(OL, "uitbreiding").net
    with pytest.raises(ValueError, match="onbekende tabel 'nets'; kies uit evaluations"):
        results.to_arrow("nets")


def test_an_empty_table_keeps_its_columns() -> None:
    empty = Sensitivities([]).to_pandas()
    assert empty.empty and list(empty.columns[:3]) == [
        "intervention",
        "intervention_name",
        "variant",
    ]
    assert str(Sensitivities([]).to_arrow().schema.field("swing").type) == "double"


def test_a_missing_package_says_how_to_install_it() -> None:
    with pytest.raises(ImportError, match=r"rendement\[analysis\]"):
        _require("rendement_no_such_package")


def test_the_engine_imports_no_table_library() -> None:
    code = (
        "import sys, rendement.engine, rendement.uncertainty, rendement.model\n"
        "print(sorted(m for m in ('pyarrow', 'pandas', 'polars') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_jupyter_shows_the_figures_as_the_report_prints_them(results: Results) -> None:
    html = results._repr_html_()
    assert html.startswith("<table")
    assert "<td>Ouders Lokaal</td><td>Uitbreiding (+7 uur coördinator)</td><td>Basis</td>" in html
    assert "<td>€\u00a070.946</td><td>3,62</td><td>2,62</td>" in html  # net, gross and net ratio
    assert "<td>Totaal</td><td>€\u00a088.415</td><td>€\u00a0274.839</td>" in html  # Tabel 12
    evaluation = results.get(OL, "huidig")._repr_html_()
    assert "<td>CJG</td>" in evaluation and "<td>€\u00a057.200</td>" in evaluation
    assert "<td>Netto besparing</td><td></td><td></td><td>€\u00a066.196</td>" in evaluation


def test_jupyter_html_escapes_text(results: Results) -> None:
    renamed = dataclasses.replace(
        results,
        interventions=[
            dataclasses.replace(results.interventions[0], name="<script>alert(1)</script> & co"),
            *results.interventions[1:],
        ],
    )
    html = renamed._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_the_monte_carlo_summary_is_the_simulation(
    simulation: Simulation, uncertain: LoadedModel
) -> None:
    summary = simulation.to_pandas(model=uncertain)
    assert len(summary) == len(simulation.outputs)
    assert list(summary.output) == [o.name for o in simulation.outputs]
    assert summary.figure.value_counts().to_dict() == {
        "financier": 96,
        "evaluation": 24,
        "portfolio": 2,
    }
    row = one(summary, output="samen_oplopen/huidig/basis")
    stats = simulation.get("samen_oplopen", "huidig")
    assert (row["mean"], row.p5, row.p95, row.probability_positive) == (
        stats.mean,
        stats.p5,
        stats.p95,
        stats.probability_positive,
    )
    assert (row.intervention_name, row.variant_name) == (
        "Samen Oplopen",
        "Huidige situatie (30 gezinnen)",
    )
    column = one(summary, figure="portfolio", column="minimum")
    assert column["mean"] == simulation.column("minimum").mean and column.column_name == "Minimum"
    insurer = one(summary, output="ouders_lokaal/huidig/basis/zorgverzekeraar")
    assert insurer.financier_name == "Zorgverzekeraar (Zvw)"
    assert simulation.to_pandas().intervention_name.isna().all()  # no model given: ids only


def test_the_draws_frame_holds_every_kept_draw(simulation: Simulation) -> None:
    assert simulation.x is not None and simulation.y is not None
    draws = simulation.to_pandas("draws")
    assert draws.shape == (3000, 1 + len(simulation.inputs) + len(simulation.outputs))
    assert list(draws["draw"][:3]) == [1, 2, 3]
    for n, output in enumerate(simulation.outputs):
        np.testing.assert_array_equal(draws[output.name].to_numpy(), simulation.y[n])
    np.testing.assert_array_equal(draws[f"invoer: {simulation.inputs[0]}"], simulation.x[0])
    net = draws["samen_oplopen/huidig/basis"]
    assert net.mean() == pytest.approx(simulation.get("samen_oplopen", "huidig").mean, rel=1e-12)
    assert (net > 0).mean() == simulation.get("samen_oplopen", "huidig").probability_positive
    histograms = simulation.to_pandas("histograms")
    bins = histograms[histograms.output == "samen_oplopen/huidig/basis"]
    assert list(bins["count"]) == simulation.get("samen_oplopen", "huidig").counts


def test_draws_need_keep_draws(uncertain: LoadedModel) -> None:
    with pytest.raises(ValueError, match="keep_draws=True"):
        simulate(uncertain, draws=100, seed=1).to_arrow("draws")


def test_jupyter_shows_the_simulation(simulation: Simulation) -> None:
    html = simulation._repr_html_()
    stats = simulation.get("samen_oplopen", "huidig")
    assert "3.000 trekkingen" in html
    assert "<td>samen_oplopen/huidig/basis</td>" in html
    assert f"{round(stats.probability_positive * 100)}%" in html
    assert "zorgverzekeraar</td>" not in html  # per financier: in the DataFrame


def test_the_sensitivity_tables(uncertain: LoadedModel) -> None:
    items = sensitivity(uncertain, draws=2000)
    assert isinstance(items, list) and items[0].inputs  # still the list it always was
    inputs = items.to_pandas()
    assert len(inputs) == sum(len(s.inputs) for s in items)
    top = one(inputs, intervention="sterk_door_vrijwilligerswerk", variant="huidig", rank=1)
    first = next(s for s in items if s.intervention == "sterk_door_vrijwilligerswerk").inputs[0]
    assert (top.label, top.swing, top.break_even) == (
        first.label,
        first.swing,
        first.break_even.value,
    )
    assert top.intervention_name == "Sterk door vrijwilligerswerk"
    evaluations = items.to_pandas("evaluations")
    assert len(evaluations) == len(items) == 8
    assert list(evaluations.evpi) == [s.evpi for s in items]
    html = items._repr_html_()
    assert "Sterk door vrijwilligerswerk, Huidige situatie (25 deelnemers), Basis" in html
    assert "<th>Omslagpunt</th>" in html
