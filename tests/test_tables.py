"""Tables that agree with themselves: the basis row beside declared scenarios, per-case
totals that add up the lines above them, and names (not ids) wherever a person reads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import LoadedModel, load_model, loads
from rendement.money import euro
from rendement.present import intervention_tables
from rendement.present.tables import (
    Table,
    per_case_table,
    scenario_name,
    shown_scenarios,
    simulation_portfolio_table,
    simulation_table,
    tornado_table,
)
from rendement.uncertainty import sensitivity, simulate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DE_BILT = EXAMPLES / "de-bilt-2019.yaml"
UNCERTAIN = EXAMPLES / "de-bilt-2019-onzeker.yaml"
MULTI_YEAR = EXAMPLES / "rekenvoorbeeld-meerjarig.yaml"
runner = CliRunner()


def _de_bilt(report_basis: bool) -> LoadedModel:
    text = DE_BILT.read_text(encoding="utf-8")
    if report_basis:
        text = text.replace("  report_basis: false", "  # report_basis: false")
    return loads(text, file=str(DE_BILT), base=DE_BILT.parent)


def _net(results: object, intervention: str) -> Table:
    tables = intervention_tables(results, intervention)  # type: ignore[arg-type]
    return next(t for t in tables if t.title.startswith("Netto besparingspotentieel"))


def test_the_basis_row_stands_beside_the_scenarios() -> None:
    results = evaluate(_de_bilt(report_basis=True))
    table = _net(results, "sterk_door_vrijwilligerswerk")
    assert [(row[0], row[1]) for row in table.rows] == [
        ("Huidige situatie (25 deelnemers)", "Basis"),
        ("Huidige situatie (25 deelnemers)", "Minimum"),
        ("Huidige situatie (25 deelnemers)", "Maximum"),
        ("Uitbreiding naar 50 deelnemers", "Basis"),
        ("Uitbreiding naar 50 deelnemers", "Minimum"),
        ("Uitbreiding naar 50 deelnemers", "Maximum"),
    ]
    # the model as written counts ½ day per activity, as the minimum does
    assert table.rows[0][5] == table.rows[1][5] == "-\u00a0€\u00a014.969"
    # and the JSON has the same row: the table and the document agree
    document = results.to_json()
    variant = document["interventions"]["sterk_door_vrijwilligerswerk"]["variants"]["huidig"]
    assert euro(variant["scenarios"]["basis"]["net"]) == table.rows[0][5]
    # an intervention without scenarios of its own keeps its single basis row
    assert [row[1] for row in _net(results, "ouders_lokaal").rows] == ["—", "—"]


def test_a_model_may_leave_the_basis_out() -> None:
    results = evaluate(load_model(DE_BILT))
    assert results.model.case.meta.report_basis is False
    table = _net(results, "sterk_door_vrijwilligerswerk")
    assert [row[1] for row in table.rows] == ["Minimum", "Maximum", "Minimum", "Maximum"]
    document = results.to_json()  # the JSON keeps every evaluation
    assert (
        "basis"
        in document["interventions"]["sterk_door_vrijwilligerswerk"]["variants"]["huidig"][
            "scenarios"
        ]
    )


def test_the_cli_shows_the_basis_row_unless_the_model_says_not(tmp_path: Path) -> None:
    shown = tmp_path / "de-bilt.yaml"
    shown.write_text(
        DE_BILT.read_text(encoding="utf-8").replace("  report_basis: false", ""),
        encoding="utf-8",
    )
    for path, basis_rows in ((DE_BILT, 0), (shown, 3)):  # 2 variants + 1 variant
        result = runner.invoke(app, ["run", str(path)])
        assert result.exit_code == 0, result.output
        rows = [line for line in result.output.splitlines() if re.search(r"│\s+Basis │", line)]
        assert len(rows) == basis_rows, path
        assert json.loads(runner.invoke(app, ["run", str(path), "--json"]).output)


def _every_line_per_case() -> LoadedModel:
    """The multi-year example with every line for every case (share 100 %), so the report
    shows its per-case table: filters and a horizon of five years apply."""
    text = MULTI_YEAR.read_text(encoding="utf-8")
    text = text.replace("share: 25%", "share: 100%").replace("share: 50%", "share: 100%")
    return loads(text, file=str(MULTI_YEAR), base=MULTI_YEAR.parent)


def test_the_per_case_table_shows_the_value_before_and_after_filters() -> None:
    results = evaluate(_every_line_per_case())
    ev = results.get("maatjes", "basis")
    tables = intervention_tables(results, "maatjes")
    table = next(t for t in tables if t.title.startswith("Bruto besparing per casus"))
    assert table.columns == [
        "Onderdeel",
        "Eenheden per casus",
        "Tarief",
        "Per jaar vóór filters",
        "Filters en looptijd",
        "Bruto besparing",
    ]
    lines = {line.id: line for line in ev.effects}
    gp = table.rows[0]
    # the insurer's line, outside the perspective: marked, as in the gross table
    assert not lines["huisarts"].in_perspective
    assert gp[0] == "Minder huisartsconsulten *"
    assert gp[3] == euro(3 * lines["huisarts"].price)  # one year, before filters
    assert gp[5] == euro(lines["huisarts"].gross / 40)  # after filters, present value
    assert gp[3] != gp[5]
    assert table.rows[2][0] == "Ontlaste mantelzorgers (schaduwprijs)"
    total, in_view = table.rows[3], table.rows[4]
    # each total adds up the lines above it (the shadow price apart), column by column
    avoided = [lines["huisarts"], lines["huishoudelijke_hulp"]]
    assert total[3] == euro(sum(line.value_per_case or 0 for line in avoided))
    assert total[5] == euro(ev.gross_per_case or 0)
    assert ev.gross_per_case == pytest.approx(sum(line.gross for line in avoided) / 40)
    assert in_view[3] == euro(lines["huishoudelijke_hulp"].value_per_case or 0)
    assert in_view[5] == euro(ev.perspective_gross_per_case or 0)
    assert table.caption is not None and "schaduwprijzen" in table.caption


def test_the_de_bilt_per_case_table_is_the_report_s_table_5() -> None:
    results = evaluate(load_model(DE_BILT))
    ev = results.get("maatjesproject", "huidig")
    table = per_case_table(ev, results.perspective_name)
    assert table.columns == ["Onderdeel", "Eenheden per casus", "Tarief", "Bruto besparing"]
    assert [row[3] for row in table.rows] == [
        "€\u00a0320",
        "€\u00a0936",
        "€\u00a01.830",
        "€\u00a03.086",
        "€\u00a02.766",
    ]
    # the GP line (the insurer's) is the one the perspective's total leaves out: marked
    assert [row[0].endswith(" *") for row in table.rows[:3]] == [True, False, False]
    assert table.caption == "* valt niet onder het perspectief Gemeente De Bilt"


@pytest.fixture(scope="module")
def uncertain() -> LoadedModel:
    return load_model(UNCERTAIN)


def test_monte_carlo_tables_show_names(uncertain: LoadedModel) -> None:
    case = uncertain.case
    result = simulate(uncertain, draws=500, seed=3)
    table = simulation_table(result, "maatjesproject", "Maatjesproject", case)
    assert {row[0] for row in table.rows} == {
        "Huidige situatie (90 koppelingen)",
        "Uitbreiding met 15 koppelingen",
        "Uitbreiding met 30 koppelingen",
    }
    assert {row[1] for row in table.rows} == {"Basis", "Minimum", "Maximum"}
    # the report shows the scenarios its other tables show: the Maatjesproject's scenarios
    # change nothing of it (their draws are basis's), so one row per variant, scenario '—'
    results = evaluate(uncertain)
    shown = simulation_table(
        result, "maatjesproject", "Maatjesproject", case, shown_scenarios(results, "maatjesproject")
    )
    assert [row[:2] for row in shown.rows] == [
        ["Huidige situatie (90 koppelingen)", "—"],
        ["Uitbreiding met 15 koppelingen", "—"],
        ["Uitbreiding met 30 koppelingen", "—"],
    ]
    assert [row[2] for row in shown.rows] == [
        row[2] for row in table.rows if row[1] == "Basis"
    ]  # the basis draws
    # Samen Oplopen: minimum and maximum, without 'basis' (meta.report_basis: false)
    scenarios = shown_scenarios(results, "samen_oplopen")
    assert scenarios == ["minimum", "maximum"] and not case.meta.report_basis
    so = simulation_table(result, "samen_oplopen", "Samen Oplopen", case, scenarios)
    assert [row[1] for row in so.rows] == ["Minimum", "Maximum"]
    overview = simulation_portfolio_table(result, case)
    assert [row[0] for row in overview.rows] == [c.name for c in case.portfolio.columns]  # type: ignore[union-attr]
    with language("en"):
        assert scenario_name(case, "basis") == "Base"
    ids = simulation_table(result, "maatjesproject", "Maatjesproject")  # without the case
    assert {row[0] for row in ids.rows} == {"huidig", "uitbreiding_15", "uitbreiding_30"}


def test_the_tornado_title_names_variant_and_scenario(uncertain: LoadedModel) -> None:
    first = next(s for s in sensitivity(uncertain, draws=400, seed=3) if s.inputs)
    table = tornado_table(first, "Ouders Lokaal", uncertain.case)
    # the option in words as every other table names it: 'basis' is not named
    assert table.title.startswith("Gevoeligheid · Ouders Lokaal · Huidige situatie · netto ")
    target = [("samen_oplopen", "huidig", "minimum")]
    (minimum,) = sensitivity(uncertain, targets=target, draws=400, seed=3)
    table = tornado_table(minimum, "Samen Oplopen", uncertain.case)
    assert table.title.startswith(
        "Gevoeligheid · Samen Oplopen · Huidige situatie (30 gezinnen) — scenario Minimum · "
    )


def test_the_cli_monte_carlo_shows_names() -> None:
    result = runner.invoke(app, ["simulate", str(UNCERTAIN), "--draws", "300"])
    assert result.exit_code == 0, result.output
    assert "Uitbreiding met 15 koppelingen" in result.output
    assert "uitbreiding_15" not in result.output


def test_a_break_even_no_input_can_reach_is_none(uncertain: LoadedModel) -> None:
    """Ouders Lokaal stays positive even at a share of 0: its break-even share (-0,15) is
    no value a share can take, so the table says so ('kan niet: onder 0')."""
    first = next(s for s in sensitivity(uncertain, draws=400, seed=3) if s.inputs)
    table = tornado_table(first, "Ouders Lokaal", uncertain.case)
    rows = {row[0]: row for row in table.rows}
    share = next(i for i in first.inputs if i.label == "Ouders Lokaal: Jeugdhulp (aandeel)")
    assert share.break_even.value is not None and share.break_even.value < 0  # computed
    assert rows["Ouders Lokaal: Jeugdhulp (aandeel)"][-1] == "kan niet: onder 0"  # not shown
    # units may be negative in a model, but −2,04 lies outside triangular(8; 13; 16)
    assert rows["Ouders Lokaal: CJG (eenheden)"][-1] == "buiten de verdeling (8–16)"
    assert "'buiten de verdeling (laag–hoog)'" in (table.caption or "")
