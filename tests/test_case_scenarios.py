"""Case-wide scenarios: a declared scenario changes a unit price or a case parameter everywhere.

The worked example is ``examples/kostenbesparing-raster.yaml``: the GP tariff (30 / 40 / 50)
× the programme cost per participant (50 / 60 / 70). Every figure below is computed by
hand from the model's numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import build_plan, evaluate
from rendement.model import ModelError, load_model, loads
from rendement.report import write_workbook
from rendement.uncertainty import simulate
from test_workbook import recompute

ROOT = Path(__file__).resolve().parents[1]
GRID = ROOT / "examples" / "kostenbesparing-raster.yaml"
TEXT = GRID.read_text(encoding="utf-8")

TARIFF = {"laag": 30.0, "midden": 40.0, "hoog": 50.0}
COST = {"laag": 50.0, "midden": 60.0, "hoog": 70.0}


def by_hand(tariff: float, cost: float) -> tuple[float, float]:
    """(nazorg net, beweegmaatje net) for one cell of the grid."""
    nazorg = 200 * 0.30 * 4 * tariff + 20 * 1 * 270 - 200 * cost
    beweegmaatje = 20 * 2 * tariff - 1000
    return nazorg, beweegmaatje


def scenario_id(t: str, k: str) -> str:
    return "basis" if (t, k) == ("midden", "midden") else f"t_{t}_k_{k}"


@pytest.mark.parametrize("t", list(TARIFF))
@pytest.mark.parametrize("k", list(COST))
def test_every_cell_of_the_grid_is_computed_by_hand(t: str, k: str) -> None:
    results = evaluate(load_model(GRID))
    nazorg, beweegmaatje = by_hand(TARIFF[t], COST[k])
    s = scenario_id(t, k)
    assert results.get("nazorg", "basis", s).net == pytest.approx(nazorg, abs=1e-9)
    assert results.get("beweegmaatje", "basis", s).net == pytest.approx(beweegmaatje, abs=1e-9)


def test_a_changed_price_changes_every_line_that_uses_it() -> None:
    results = evaluate(load_model(GRID))
    for intervention, units in (("nazorg", 240), ("beweegmaatje", 40)):
        line = next(
            e
            for e in results.get(intervention, "basis", "t_hoog_k_midden").effects
            if e.price_id == "huisarts"
        )
        assert line.price == 50.0
        assert line.gross == pytest.approx(units * 50.0)
        assert line.price_used is not None and line.price_used.amount == 50.0
        assert line.price_change == "scenario Tarief hoog, kosten midden"
    # the line that uses another price does not move
    seh = next(e for e in results.get("nazorg", "basis", "t_hoog_k_hoog").effects if e.id == "seh")
    assert seh.price == 270.0 and seh.price_change is None


def test_a_scenario_that_changes_nothing_an_intervention_uses_is_its_basis() -> None:
    plan = build_plan(load_model(GRID))
    # Beweegmaatje uses the GP tariff, not the programme cost per participant
    twin = plan.evaluations[plan.evaluation_index("beweegmaatje", "basis", "t_midden_k_laag")]
    assert twin.same_as == plan.evaluation_index("beweegmaatje", "basis", "basis")
    changed = plan.evaluations[plan.evaluation_index("beweegmaatje", "basis", "t_hoog_k_laag")]
    assert changed.same_as is None
    # values no scenario changes are one input, shared by every scenario (one draw each)
    keys = [i.key for i in plan.inputs]
    assert keys.count("prices.seh") == 1
    assert "prices.huisarts|s:t_hoog_k_laag" in keys
    assert "parameters.kosten_per_deelnemer|s:t_laag_k_hoog" in keys


def test_json_tables_and_portfolio_follow_the_scenario() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["run", str(GRID), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    cell = document["interventions"]["nazorg"]["variants"]["basis"]["scenarios"]["t_laag_k_hoog"]
    assert cell["net"] == pytest.approx(by_hand(30, 70)[0])
    line = next(e for e in cell["effects"] if e["id"] == "huisarts")
    assert line["price_used"]["amount"] == 30.0
    columns = {c["column"]: c for c in document["portfolio"]}
    assert columns["slechtst"]["net"] == pytest.approx(sum(by_hand(30, 70)))
    assert columns["best"]["net"] == pytest.approx(sum(by_hand(50, 50)))

    tables = runner.invoke(app, ["run", str(GRID)])
    assert tables.exit_code == 0, tables.output
    text = tables.stdout
    assert "Tarief laag, kosten hoog" in text
    assert "-\u00a0€\u00a01.400" in text  # nazorg, low tariff and high cost: 7.200 + 5.400 − 14.000
    assert "€\u00a07.400" in text  # nazorg, high tariff and low cost: 12.000 + 5.400 − 10.000
    # the prices table shows the changed amounts, named by the scenarios that set them
    assert "scenario Tarief hoog, kosten laag" in text


def test_the_report_shows_the_scenario_figures(tmp_path: Path) -> None:
    from rendement.report import write_report

    out = tmp_path / "raster.html"
    write_report(evaluate(load_model(GRID)), out, "html", None, "nl", None, [])
    html = out.read_text(encoding="utf-8")
    assert "Tarief hoog, kosten laag" in html
    assert "€\u00a017.400" in html  # nazorg gross with the high tariff: 12.000 + 5.400
    assert "€\u00a012.600" in html  # ... and with the low tariff: 7.200 + 5.400


def test_the_workbook_recomputes_the_scenarios_and_moves_with_the_changed_price(
    tmp_path: Path,
) -> None:
    model = load_model(GRID)
    results = evaluate(model)
    workbook = write_workbook(results, tmp_path / "raster.xlsx")
    values = recompute(workbook.path)
    for (sheet, cell), expected in workbook.expected.items():
        got = values.get((sheet.upper(), cell))
        assert isinstance(got, int | float), (sheet, cell)
        assert float(got) == pytest.approx(expected, rel=1e-9, abs=1e-6), (sheet, cell)
    # the high tariff of one scenario is an input cell: 50 → 55 moves that scenario only
    sheet_name, cell = workbook.inputs["prices.huisarts|s:t_hoog_k_laag"].split("!")
    book = openpyxl.load_workbook(workbook.path)
    assert book[sheet_name][cell].value == 50
    book[sheet_name][cell].value = 55
    edited = tmp_path / "bewerkt.xlsx"
    book.save(edited)
    moved = recompute(edited)
    expected = loads(
        TEXT.replace(
            "set: {prices.huisarts.amount: 50, parameters.kosten_per_deelnemer: 50}",
            "set: {prices.huisarts.amount: 55, parameters.kosten_per_deelnemer: 50}",
        ),
        str(GRID),
    )
    again = evaluate(expected)
    assert again.get("nazorg", "basis", "t_hoog_k_laag").net == pytest.approx(
        200 * 0.3 * 4 * 55 + 5400 - 200 * 50
    )
    changed = 0
    for (sheet, cell), before in workbook.expected.items():
        after = moved.get((sheet.upper(), cell))
        assert isinstance(after, int | float)
        if abs(float(after) - before) > 1e-6:
            changed += 1
    assert changed > 0
    # the net of that scenario in the workbook equals the engine's net with the same change
    nets = [
        float(v)  # type: ignore[arg-type]
        for k, v in moved.items()
        if isinstance(v, int | float)
        and abs(float(v) - (200 * 0.3 * 4 * 55 + 5400 - 200 * 50)) < 1e-6
    ]
    assert nets


def test_a_variant_may_change_a_price_for_its_intervention_only() -> None:
    text = (
        TEXT.replace(
            """    investments:
      - id: coordinatie""",
            """    variants:
      - id: huidig
        name: Huidige situatie
      - id: duur
        name: Met een duurdere huisarts
        set: {prices.huisarts.amount: 45}
    investments:
      - id: coordinatie""",
        )
        .replace("beweegmaatje: basis/", "beweegmaatje: huidig/")
        .replace("beweegmaatje: basis}", "beweegmaatje: huidig}")
    )
    results = evaluate(loads(text, str(GRID)))
    assert results.get("beweegmaatje", "duur", "basis").net == pytest.approx(40 * 45 - 1000)
    assert results.get("beweegmaatje", "huidig", "basis").net == pytest.approx(40 * 40 - 1000)
    assert results.get("nazorg", "basis", "basis").net == pytest.approx(by_hand(40, 60)[0])
    # the declared scenario lies on top of the variant
    assert results.get("beweegmaatje", "duur", "t_laag_k_laag").net == pytest.approx(40 * 30 - 1000)


def test_an_uncertain_price_in_a_scenario_is_simulated() -> None:
    text = TEXT.replace(
        "set: {prices.huisarts.amount: 50}",
        "set: {prices.huisarts.amount: {triangular: [45, 50, 55]}}",
    )
    model = loads(text, str(GRID))
    assert evaluate(model).get("nazorg", "basis", "t_hoog_k_midden").net == pytest.approx(
        by_hand(50, 60)[0]
    )
    sim = simulate(model, draws=20_000, seed=7)
    out = sim.get("nazorg", "basis", "t_hoog_k_midden")
    assert out.mean == pytest.approx(by_hand(50, 60)[0], abs=60)  # E[price] = 50
    assert sim.get("nazorg", "basis", "basis").sd == 0.0


BAD = [
    ("prices.onbekend.amount: 3", "er is geen prijs 'onbekend'"),
    ("prices.huisarts.unit: uur", "prices.<id>.amount"),
    ("prices.huisarts.amount: -5", "0 of meer"),
    ("parameters.onbekend: 3", "bestaat niet"),
    ("parameters.kosten_per_deelnemer: =kosten_per_deelnemer * 1.1", "zichzelf"),
    ("parameters.kosten_per_deelnemer: =tarief * 2", "'tarief'"),
    ("interventions.onbekend.reach: 10", "interventie 'onbekend'"),
    ("interventions.nazorg.effects.onbekend.share: 10%", "geen regel met id 'onbekend'"),
    ("interventions.nazorg.effects.huisarts.share: 150%", "tussen 0% en 100%"),
]


@pytest.mark.parametrize(("change", "expected"), BAD)
def test_a_wrong_case_wide_change_is_a_located_error(change: str, expected: str) -> None:
    text = TEXT.replace(
        "    set: {prices.huisarts.amount: 50}\n",
        f"    set:\n      {change}\n",
        1,
    )
    with pytest.raises(ModelError) as info:
        loads(text, "raster.yaml")
    problems = info.value.problems
    assert len(problems) == 1, problems
    problem = problems[0]
    assert expected in problem.message
    assert problem.path.startswith("scenarios[t_hoog_k_midden].set")
    line = text.splitlines()[problem.line - 1] if problem.line else ""
    assert change.split(":")[0] in line


def test_an_intervention_scenario_may_change_a_case_parameter() -> None:
    text = TEXT.replace(
        """        unit: deelnemer
        payer: gemeente
""",
        """        unit: deelnemer
        payer: gemeente
    scenarios:
      t_laag_k_laag:
        set: {parameters.kosten_per_deelnemer: 40}
""",
    )
    results = evaluate(loads(text, str(GRID)))
    # the intervention's own block lies on top of the declared scenario's 50
    assert results.get("nazorg", "basis", "t_laag_k_laag").net == pytest.approx(
        200 * 0.3 * 4 * 30 + 5400 - 200 * 40
    )


def test_sensitivity_covers_a_scenario_with_an_uncertain_price_of_its_own() -> None:
    from rendement.uncertainty import sensitivity

    text = TEXT.replace(
        "set: {prices.huisarts.amount: 50}",
        "set: {prices.huisarts.amount: {triangular: [45, 50, 55]}}",
    )
    found = {
        (s.intervention, s.scenario): s for s in sensitivity(loads(text, str(GRID)), draws=2000)
    }
    nazorg = found[("nazorg", "t_hoog_k_midden")]
    assert [i.key for i in nazorg.inputs] == ["prices.huisarts|s:t_hoog_k_midden"]
    # 240 consultations × tariff + 5.400 − 12.000 = 0 at a tariff of € 27,50
    assert nazorg.inputs[0].break_even.value == pytest.approx(27.5)
    assert found[("beweegmaatje", "t_hoog_k_midden")].inputs[0].break_even.value == (
        pytest.approx(25.0)
    )
