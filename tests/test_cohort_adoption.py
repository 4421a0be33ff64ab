"""From realisation to forecast (issue 13): the cohort's measured effects become an
intervention of the business case, which then gives the cohort's own figures and cites it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.cohort.adoption import adopt
from rendement.cohort.reading import check_cases, read_cases
from rendement.cohort.summary import summarise
from rendement.cohort.valuation import prices_of, value_cases
from rendement.engine import evaluate
from rendement.model import BASE_SCENARIO, load_model, loads

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "cohort" / "sociaal-makelaar.csv"
MODEL = ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml"


def test_the_adopted_intervention_gives_the_cohorts_own_figures() -> None:
    model = load_model(MODEL)
    valued = value_cases(read_cases(TABLE), prices_of(model))
    summary = summarise(valued)
    result = adopt(MODEL.read_text(encoding="utf-8"), valued, when=date(2026, 11, 30))
    adopted = loads(result.document, file=str(MODEL), base=MODEL.parent)
    line = evaluate(adopted).intervention(result.intervention).get("basis", BASE_SCENARIO)
    # the measured means times the cases that were measured, valued at the same prices:
    # the cohort's gross savings, its investment, and who gains, to the cent
    assert line.gross == pytest.approx(summary.gross, abs=0.005)
    assert line.investment == pytest.approx(summary.investment, abs=0.005)
    assert result.lines == 7  # every effect item of the table, also one the case lacked
    assert line.reach == len(valued.cases) == 60
    # the business case as it was is still there, unchanged
    before = evaluate(model).intervention("sociaal_makelaar").get("basis", BASE_SCENARIO)
    after = evaluate(adopted).intervention("sociaal_makelaar").get("basis", BASE_SCENARIO)
    assert after.gross == before.gross


def test_every_measured_figure_cites_the_cohort_and_no_case_enters() -> None:
    model = load_model(MODEL)
    valued = value_cases(read_cases(TABLE), prices_of(model))
    result = adopt(MODEL.read_text(encoding="utf-8"), valued, when=date(2026, 11, 30))
    adopted = loads(result.document, file=str(MODEL), base=MODEL.parent)
    sources = {s.id: s for s in adopted.case.sources}
    new = next(i for i in adopted.case.interventions if i.id == result.intervention)
    cited = {p.source for p in new.parameters} | {i.source for i in new.investments}
    assert cited == {"cohort_sociaal_makelaar_csv"}
    assert sources["cohort_sociaal_makelaar_csv"].title == (
        "Cliëntcasussen sociaal-makelaar.csv (60 casussen)"
    )
    # each line counts its measured assumption, with the standard error as its spread
    first = new.parameters[0]
    assert first.value.dist is not None and first.value.dist.kind == "normal"
    assert not any(case.id in result.document for case in valued.cases)


def test_a_single_case_has_no_spread_and_an_unknown_quantity_is_not_counted() -> None:
    rows = [
        ["A", "huisarts_contact", "", "6", "2", "50%"],
        ["B", "huisarts_contact", "", "3", "onbekend", ""],
        ["A", "uur_sociaal_makelaar", "investering", "", "10", ""],
    ]
    cases = check_cases(["casus", "post", "soort", "voor", "na", "toerekening"], rows)
    model = load_model(MODEL)
    valued = value_cases(cases, prices_of(model))
    result = adopt(MODEL.read_text(encoding="utf-8"), valued)
    adopted = loads(result.document, file=str(MODEL), base=MODEL.parent)
    new = next(i for i in adopted.case.interventions if i.id == result.intervention)
    (parameter,) = new.parameters
    assert parameter.value.literal == pytest.approx((6 - 2) * 0.5)  # only A is known
    (effect,) = new.effects
    assert effect.cases is not None and effect.cases.literal == 1
    line = evaluate(adopted).intervention(result.intervention).get("basis", BASE_SCENARIO)
    assert line.gross == pytest.approx(4 * 0.5 * 80)
    assert line.investment == pytest.approx(10 * 72)


def test_the_cli_writes_the_new_model_beside_the_old(tmp_path: Path) -> None:
    model = tmp_path / "makelaar.yaml"
    model.write_text(MODEL.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(app, ["cohort", "adopt", str(TABLE), "--model", str(model)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "makelaar-gemeten.yaml"
    assert "met 7 effectregels" in result.output
    loaded = load_model(written)
    assert [i.id for i in loaded.case.interventions] == [
        "sociaal_makelaar",
        "gemeten_in_clientcasussen_sociaal_makelaar_csv",
    ]
    assert model.read_text(encoding="utf-8") == MODEL.read_text(encoding="utf-8")
    refused = CliRunner().invoke(app, ["cohort", "adopt", str(TABLE), "--model", str(TABLE)])
    assert refused.exit_code == 2
    assert "--model is een business case" in refused.output
