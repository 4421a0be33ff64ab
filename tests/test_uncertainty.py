"""Distributions, Monte Carlo, sensitivity and break-even, against analytic results."""

from __future__ import annotations

import json
import math
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import build_plan, evaluate
from rendement.model import ModelError, load_model, loads
from rendement.model.distributions import Distribution
from rendement.uncertainty import break_even, sample, sensitivity, simulate
from rendement.uncertainty.export import write_draws

ROOT = Path(__file__).resolve().parents[1]
DE_BILT = ROOT / "examples" / "de-bilt-2019.yaml"
UNCERTAIN = ROOT / "examples" / "de-bilt-2019-onzeker.yaml"

SMALL = """
rendement: 1
meta: {{title: T, client: C, version: "1", date: 2026-01-01, price_year: 2026}}
theory_of_change: {{problem: P}}
sources: [{{id: s, title: S}}]
financiers: [{{id: g, name: G, party: gemeente}}]
prices: [{{id: p, name: P, unit: uur, amount: 1, price_year: 2026, source: s, financier: g}}]
interventions:
  - id: i
    name: I
    reach: 1
    reach_unit: x
    effects:
{effects}
    investments: [{{id: k, name: K, amount: {investment}, payer: g}}]
{extra}
"""


def small(effects: list[str], investment: float = 0, extra: str = "") -> str:
    lines = "\n".join(
        f"      - {{id: e{n}, name: E{n}, units: {u}, price: p}}" for n, u in enumerate(effects)
    )
    return SMALL.format(effects=lines, investment=investment, extra=extra)


# ------------------------------------------------------------------ distributions


@pytest.mark.parametrize(
    "raw",
    [
        {"uniform": [2, 6]},
        {"triangular": [1, 2, 6]},
        {"pert": [1, 2, 6]},
        {"normal": {"mean": 5, "sd": 2}},
        {"lognormal": {"mean": 5, "sd": 2}},
        {"beta": {"mean": 0.3, "sd": 0.1}},
        {"ci90": [2, 8]},
        {"ci90": [-2, 8]},
    ],
    ids=lambda raw: next(iter(raw)),
)
def test_each_distribution_draws_its_analytic_mean_and_variance(raw: dict) -> None:
    dist = Distribution.parse(raw)
    rng = np.random.default_rng(7)
    for draws in (dist.draw(rng, 400_000), dist.ppf(rng.random(400_000))):
        se = math.sqrt(dist.variance / len(draws))
        assert abs(draws.mean() - dist.mean) < 5 * se
        assert draws.var() == pytest.approx(dist.variance, rel=0.03)


def test_ci90_puts_90_percent_between_its_bounds() -> None:
    dist = Distribution.parse({"ci90": [5, 20]})
    low, high = dist.interval(0.05, 0.95)
    assert (low, high) == (pytest.approx(5), pytest.approx(20))
    assert dist.point == pytest.approx(10)  # the median of the lognormal: √(5 × 20)


def test_point_values_are_stated_and_used() -> None:
    assert Distribution.parse({"triangular": [1, 2, 6]}).point == 2  # the mode
    assert Distribution.parse({"pert": [1, 2, 6]}).point == 2
    assert Distribution.parse({"uniform": [2, 6]}).point == 4  # the mean
    assert Distribution.parse({"uniform": [0.5, 1], "point": 0.5}).point == 0.5
    ev = evaluate(loads(small(["{triangular: [1, 2, 6]}"]))).get("i", "basis")
    assert ev.gross == 2


def test_deterministic_results_of_the_uncertain_example_are_the_report() -> None:
    certain, uncertain = evaluate(load_model(DE_BILT)), evaluate(load_model(UNCERTAIN))
    for intervention in certain.interventions:
        for ev in intervention.evaluations:
            other = uncertain.get(intervention.id, ev.variant, ev.scenario)
            assert (other.gross, other.net, other.investment) == (ev.gross, ev.net, ev.investment)
    assert [c.net for c in uncertain.portfolio] == [c.net for c in certain.portfolio]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("units", "{uniform: [6, 2]}", "ondergrens (6) moet kleiner zijn dan de bovengrens (2)"),
        ("units", "{triangular: [1, 7, 6]}", "min ≤ meest waarschijnlijk ≤ max"),
        ("units", "{pert: [1, 2]}", "pert verwacht een lijst [min, meest waarschijnlijk, max]"),
        ("units", "{normal: {mean: 5, sd: 0}}", "de sd moet groter zijn dan 0"),
        ("units", "{gauss: [1, 2]}", "soorten: uniform"),
        ("units", "{beta: {mean: 0.5, sd: 0.6}}", "beta met mean 0.5 en sd 0.6 bestaat niet"),
        ("units", "{triangular: ['1,5', 2, 3]}", "schrijf 46.80, niet 46,80"),
    ],
)
def test_impossible_distributions_are_refused(field: str, value: str, message: str) -> None:
    with pytest.raises(ModelError) as caught:
        loads(small([value]))
    assert message in str(caught.value)
    assert "effects[e0].units" in str(caught.value)


def test_shares_and_amounts_keep_their_bounds() -> None:
    text = small(["1"]).replace("units: 1", "cases: {normal: {mean: 5, sd: 3}}, units_per_case: 1")
    with pytest.raises(ModelError) as caught:
        loads(text)
    assert "kan negatief worden" in str(caught.value)
    text = small(["1"]).replace("units: 1", "share: {pert: [50%, 80%, 120%]}, units_per_case: 1")
    with pytest.raises(ModelError) as caught:
        loads(text)
    assert "kan daarbuiten vallen" in str(caught.value)


# ------------------------------------------------------------------ Monte Carlo


def test_a_sum_of_independent_triangulars_has_the_analytic_mean_and_variance() -> None:
    parts = [(1, 2, 6), (0, 5, 5), (10, 12, 20)]
    model = loads(small([f"{{triangular: [{a}, {c}, {b}]}}" for a, c, b in parts], investment=20))
    result = simulate(model, draws=200_000, seed=11, chunk=40_000)
    stats_ = result.get("i", "basis")
    mean = sum((a + b + c) / 3 for a, c, b in parts) - 20
    variance = sum((a * a + b * b + c * c - a * b - a * c - b * c) / 18 for a, c, b in parts)
    assert abs(stats_.mean - mean) < 5 * math.sqrt(variance / 200_000)
    assert stats_.sd**2 == pytest.approx(variance, rel=0.02)
    # percentiles from the histogram agree with the exact normal-ish quantiles of a sample
    exact = np.random.default_rng(3)
    check = sum(exact.triangular(a, c, b, 400_000) for a, c, b in parts) - 20
    assert stats_.p5 == pytest.approx(np.quantile(check, 0.05), abs=0.05)
    assert stats_.p95 == pytest.approx(np.quantile(check, 0.95), abs=0.05)
    assert stats_.probability_positive == pytest.approx((check > 0).mean(), abs=0.005)


def test_a_seed_reproduces_the_run_on_any_executor() -> None:
    model = load_model(UNCERTAIN)
    first = simulate(model, draws=30_000, seed=5, chunk=10_000)
    again = simulate(model, draws=30_000, seed=5, chunk=10_000)
    with ProcessPoolExecutor(2) as pool:
        pooled = simulate(model, draws=30_000, seed=5, chunk=10_000, executor=pool)
    other = simulate(model, draws=30_000, seed=6, chunk=10_000)
    name = "samen_oplopen/huidig/basis"
    assert first.statistics[name] == again.statistics[name] == pooled.statistics[name]
    assert first.statistics[name].mean != other.statistics[name].mean


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """The address of a local Dask cluster (two worker processes), for this module's tests."""
    distributed = pytest.importorskip("distributed")  # in the test dependency group
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_the_same_run_on_a_local_dask_cluster_is_identical(dask_scheduler: str) -> None:
    import distributed

    model = load_model(UNCERTAIN)
    inline = simulate(model, draws=20_000, seed=9, chunk=5_000)
    with distributed.Client(dask_scheduler, set_as_default=False) as client:
        on_dask = simulate(model, draws=20_000, seed=9, chunk=5_000, executor=client.get_executor())
    assert on_dask.statistics == inline.statistics


def test_simulate_and_sensitivity_on_a_cluster_from_the_command_line(dask_scheduler: str) -> None:
    runner = CliRunner()
    for command in (
        ["simulate", str(UNCERTAIN), "--draws", "20000", "--chunk", "5000", "--seed", "9"],
        ["sensitivity", str(UNCERTAIN), "--draws", "2000", "--seed", "9"],
    ):
        here = runner.invoke(app, [*command, "--json"])
        there = runner.invoke(app, [*command, "--json", "--scheduler", dask_scheduler])
        assert here.exit_code == there.exit_code == 0, there.output
        assert json.loads(there.stdout) == json.loads(here.stdout)
    figures = json.loads(there.stdout)["evaluations"]
    assert figures[0]["inputs"], "the tornado has inputs"


def test_an_unreachable_scheduler_is_a_usage_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(
        app,
        ["simulate", str(UNCERTAIN), "--draws", "100", "--scheduler", f"tcp://127.0.0.1:{port}"],
    )
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert f"de Dask-scheduler op 'tcp://127.0.0.1:{port}' is niet bereikbaar" in said
    wrong = CliRunner().invoke(app, ["sensitivity", str(UNCERTAIN), "--scheduler", "mijn-cluster"])
    assert wrong.exit_code == 2
    assert "'mijn-cluster' is geen adres van een Dask-scheduler" in " ".join(wrong.output.split())


def test_a_scheduler_without_dask_installed_says_how_to_install_it() -> None:
    blocked = (
        "import sys; sys.modules['distributed'] = None; "  # as if dask were not installed
        "from rendement.cli import main; sys.argv[1:] = "
        f"['simulate', {str(UNCERTAIN)!r}, '--scheduler', 'tcp://127.0.0.1:8786']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocked], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "pip install 'rendement[dask]'" in " ".join(result.stderr.split())


def test_correlated_inputs_move_together() -> None:
    model = load_model(UNCERTAIN)
    plan = build_plan(model)
    from rendement.uncertainty.sampling import correlation_matrix

    x = sample(plan, 50_000, np.random.default_rng(1), correlation_matrix(plan, model.case))
    keys = [i.key for i in plan.inputs]
    cjg = keys.index("ouders_lokaal||effects.cjg.share")
    youth = keys.index("ouders_lokaal||effects.jeugdhulp.share")
    rho = stats.spearmanr(x[cjg], x[youth]).statistic
    assert rho == pytest.approx(6 / math.pi * math.asin(0.5 / 2), abs=0.02)  # copula, ρ = 0,5
    assert x[cjg].min() >= 0.35 and x[cjg].max() <= 0.65  # the marginal stays a PERT


def test_the_uncertain_example_shows_what_the_report_says_in_words() -> None:
    result = simulate(load_model(UNCERTAIN), draws=40_000, seed=2019)
    so = result.get("samen_oplopen", "huidig")
    assert 0.6 < so.probability_positive < 0.85  # positive if a multi-problem case is prevented
    assert result.get("sterk_door_vrijwilligerswerk", "huidig", "minimum").probability_positive == 0


# ------------------------------------------------------------------ break-even, sensitivity


def test_break_even_of_day_care_per_activity_by_hand() -> None:
    model = load_model(DE_BILT)
    plan = build_plan(model)
    financiers = model.case.perspective_financiers("gemeente")
    key = "sterk_door_vrijwilligerswerk||parameters.dagen_per_activiteit.value"
    index = [i.key for i in plan.inputs].index(key)
    current = plan.evaluation_index("sterk_door_vrijwilligerswerk", "huidig", "basis")
    expansion = plan.evaluation_index("sterk_door_vrijwilligerswerk", "uitbreiding", "basis")
    # 900 × d × € 70,38 + € 9.360 = € 56.000  →  d = 46.640 / 63.342
    result = break_even(plan, financiers, current, index)
    assert result.value == pytest.approx(46_640 / 63_342) and result.linear
    # 1.800 × d × € 70,38 + € 18.720 = € 56.000  →  d = 37.280 / 126.684
    assert break_even(plan, financiers, expansion, index).value == pytest.approx(37_280 / 126_684)


def test_break_even_of_a_nonlinear_input_is_found_by_bisection() -> None:
    text = (
        small(["100"], investment=250)
        .replace("units: 100, price: p}", "units: 100, price: p, duration_years: 5, drop_off: 0.5}")
        .replace("price_year: 2026}", "price_year: 2026, horizon_years: 5, discount_rate: 0%}")
    )
    text = text.replace("amount: 250,", "amount: 250, one_off: true,").replace(
        "    reach_unit: x\n", "    reach_unit: x\n    activity_years: 1\n"
    )
    model = loads(text)
    plan = build_plan(model)
    index = [i.key for i in plan.inputs].index("i||effects.e0.drop_off")
    result = break_even(plan, ["g"], 0, index, (0.0, 1.0))
    # 100 × (1 + q + q² + q³ + q⁴) = 250 with q = 1 − drop-off
    q = 1 - result.value
    assert not result.linear
    assert 100 * sum(q**k for k in range(5)) == pytest.approx(250, abs=1e-6)


def test_sensitivity_ranks_the_multi_problem_household_first() -> None:
    results = sensitivity(load_model(UNCERTAIN), draws=5_000)
    so = next(r for r in results if r.intervention == "samen_oplopen")
    top = so.inputs[0]
    assert top.key == "samen_oplopen||parameters.multiprobleemgezinnen.value"
    assert top.swing > 10 * so.inputs[1].swing
    assert top.break_even.value == pytest.approx(28_765 / (104_000 - 13 * 55 - 8 * 46.80))
    assert so.evpi > 0 and top.evppi > 0
    sdv = next(
        r
        for r in results
        if r.intervention == "sterk_door_vrijwilligerswerk" and r.variant == "huidig"
    )
    assert sdv.inputs[0].key.endswith("dagen_per_activiteit.value")


# ------------------------------------------------------------------ CLI and export


def test_simulate_json_carries_the_agreed_fields() -> None:
    result = CliRunner().invoke(
        app, ["simulate", str(UNCERTAIN), "--draws", "5000", "--seed", "3", "--json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["draws"], document["seed"]) == (5000, 3)
    so = document["interventions"]["samen_oplopen"]["variants"]["huidig"]["scenarios"]["basis"]
    assert set(so) >= {"mean", "p5", "p50", "p95", "probability_positive", "by_financier"}
    assert so["p5"] < so["p50"] < so["p95"]
    assert {c["column"] for c in document["portfolio"]} == {"minimum", "maximum"}


def test_sensitivity_json_lists_inputs_with_break_even() -> None:
    result = CliRunner().invoke(app, ["sensitivity", str(UNCERTAIN), "--draws", "2000", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rows = [i for e in document["evaluations"] for i in e["inputs"]]
    assert rows and all({"low", "high", "swing", "break_even"} <= set(r) for r in rows)


def test_sensitivity_without_uncertain_inputs_says_so() -> None:
    result = CliRunner().invoke(app, ["sensitivity", str(DE_BILT)])
    assert result.exit_code == 2 and "geen onzekere invoer" in result.output


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".npz"])
def test_raw_draws_are_exported(tmp_path: Path, suffix: str) -> None:
    model = loads(small(["{uniform: [0, 2]}", "{triangular: [1, 2, 3]}"]))
    result = simulate(model, draws=1_000, seed=1, keep_draws=True)
    path = tmp_path / f"trekkingen{suffix}"
    write_draws(result, path)
    assert path.exists() and not path.with_name(path.name + ".deel").exists()
    if suffix == ".npz":
        data = np.load(path)
        assert data["draws"].shape == (1_000, 2 + len(result.outputs))
        assert np.allclose(data["draws"][:, 0] + data["draws"][:, 1], data["draws"][:, 2])
    elif suffix == ".csv":
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1_001 and lines[0].startswith("trekking,invoer: ")
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(path).num_rows == 1_000


@pytest.mark.parametrize(
    "example", [UNCERTAIN, ROOT / "examples" / "rekenvoorbeeld-meerjarig.yaml"]
)
def test_the_net_only_aggregation_equals_the_full_run(example: Path) -> None:
    from rendement.engine import net, run, totals

    model = load_model(example)
    plan = build_plan(model)
    x = sample(plan, 500, np.random.default_rng(4))
    for perspective in model.case.perspective_ids():
        financiers = model.case.perspective_financiers(perspective)
        full = totals(plan, run(plan, x), financiers).net
        assert np.allclose(net(plan, financiers, x), full, rtol=1e-12, atol=1e-6)


def _meerjarig_onzeker() -> str:
    """The five-year example with uncertain numbers (lines, a filter and the reach)."""
    text = (ROOT / "examples" / "rekenvoorbeeld-meerjarig.yaml").read_text(encoding="utf-8")
    for old, new in (
        ("    reach: 40\n", "    reach: {triangular: [30, 40, 60]}\n"),
        ("        units_per_case: 52\n", "        units_per_case: {pert: [40, 52, 60]}\n"),
        ("        drop_off: 20%\n", "        drop_off: {uniform: [10%, 30%]}\n"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("example", ["de-bilt-onzeker", "meerjarig-onzeker"])
def test_every_simulated_figure_is_the_full_engine_on_the_same_draws(example: str) -> None:
    """Nets, balances per financier and portfolio columns (rows shared, constants folded)
    are what ``run`` gives for the very same draws."""
    from rendement.engine import run, totals

    if example == "de-bilt-onzeker":
        model = load_model(UNCERTAIN)
    else:
        model = loads(_meerjarig_onzeker(), str(ROOT / "examples" / "x.yaml"), ROOT / "examples")
    plan = build_plan(model)
    result = simulate(model, draws=3_000, seed=3, chunk=1_000, keep_draws=True)
    assert result.x is not None and result.y is not None
    x = np.repeat(plan.input_values()[:, None], 3_000, axis=1)
    x[[n for n, inp in enumerate(plan.inputs) if inp.dist is not None]] = result.x
    outcome = run(plan, x)
    nets = totals(plan, outcome, model.case.perspective_financiers(model.case.perspective)).net
    balance = outcome.gross_by_financier - outcome.investment_by_payer
    index = {(e.intervention, e.variant, e.scenario): n for n, e in enumerate(plan.evaluations)}
    moving = 0
    for row, output in enumerate(result.outputs):
        if output.column is not None:
            continue
        e = index[(output.intervention, output.variant, output.scenario)]
        expected = (
            nets[e]
            if output.financier is None
            else balance[e, plan.financiers.index(output.financier)]
        )
        assert np.allclose(result.y[row], expected, rtol=1e-12, atol=1e-6), output.name
        stats_ = result.statistics[output.name]
        assert stats_.mean == pytest.approx(expected.mean(), rel=1e-12, abs=1e-6)
        assert (stats_.low, stats_.high) == (
            pytest.approx(expected.min()),
            pytest.approx(expected.max()),
        )
        width = 2 * np.ptp(expected) / 1000  # one bin: the pilot's range, widened, in 2000
        for q, value in ((0.05, stats_.p5), (0.5, stats_.p50), (0.95, stats_.p95)):
            assert value == pytest.approx(np.quantile(expected, q), abs=width + 1e-6)
        moving += int(np.ptp(expected) > 0)
    assert moving > 0
