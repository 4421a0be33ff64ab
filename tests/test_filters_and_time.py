"""Impact filters, time, discounting and payback, each checked against a hand calculation.

The worked examples in docs/filters-and-time.md are these same cases.
"""

from __future__ import annotations

import pytest

from rendement.engine import evaluate
from rendement.engine.results import Evaluation, payback
from rendement.model import ModelError, loads

# One effect line worth € 10.000 a year before filters: 100 cases × 2 hours × € 50.
CASE = """
rendement: 1
meta:
  title: Rekenvoorbeeld
  client: Gemeente Voorbeeld
  version: "1"
  date: 2026-01-01
  price_year: 2026
  horizon_years: {horizon}
  discount_rate: {rate}
theory_of_change:
  problem: Een probleem.
sources:
  - id: bron
    title: Een bron
financiers:
  - id: gemeente
    name: Gemeente
    party: gemeente
prices:
  - id: uur
    name: Uur begeleiding
    unit: uur
    amount: 50
    price_year: 2026
    source: bron
    financier: gemeente
interventions:
  - id: proef
    name: Proef
    reach: 100
    reach_unit: deelnemers
    activity_years: {activity}
    effects:
      - id: begeleiding
        name: Begeleiding
        cases: 100
        units_per_case: 2
        price: uur
{filters}
    investments:
      - id: start
        name: Opstart
        amount: {investment}
        one_off: {one_off}
        payer: gemeente
"""


def case(
    filters: str = "",
    horizon: int = 1,
    rate: str = "0%",
    activity: int = 1,
    investment: float = 1000,
    one_off: bool = True,
) -> Evaluation:
    lines = "\n".join(f"        {line}" for line in filters.strip().splitlines())
    text = CASE.format(
        filters=lines,
        horizon=horizon,
        rate=rate,
        activity=activity,
        investment=investment,
        one_off=str(one_off).lower(),
    )
    return evaluate(loads(text)).get("proef", "basis")


def test_no_filters_gives_the_base_value() -> None:
    ev = case()
    assert ev.effects[0].base == 10_000
    assert ev.gross == 10_000
    assert ev.effects[0].filters == {
        "deadweight": 0.0,
        "attribution": 1.0,
        "displacement": 0.0,
        "drop_off": 0.0,
        "duration_years": 1.0,
        "start_delay_years": 0.0,
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("deadweight: 20%", 8_000),  # 10.000 × (1 − 0,20)
        ("attribution: 60%", 6_000),  # 10.000 × 0,60
        ("displacement: 10%", 9_000),  # 10.000 × (1 − 0,10)
        ("deadweight: 20%\nattribution: 60%\ndisplacement: 10%", 4_320),  # × 0,8 × 0,6 × 0,9
    ],
    ids=["deadweight", "attribution", "displacement", "together"],
)
def test_each_filter_alone_and_together(filters: str, expected: float) -> None:
    ev = case(filters)
    assert ev.gross == pytest.approx(expected)
    assert ev.effects[0].factor == pytest.approx(expected / 10_000)
    assert ev.effects[0].base == 10_000  # the value before filters stays visible


def test_drop_off_over_several_years() -> None:
    # one year of activity; the effect lasts 3 years and drops 20 % a year:
    # 10.000, 8.000, 6.400, then nothing in year 4
    ev = case("drop_off: 20%\nduration_years: 3", horizon=4)
    assert ev.effects[0].yearly == pytest.approx([10_000, 8_000, 6_400, 0])
    assert ev.gross == pytest.approx(24_400)


def test_start_delay_shifts_the_effect() -> None:
    ev = case("drop_off: 20%\nduration_years: 3\nstart_delay_years: 1", horizon=4)
    assert ev.effects[0].yearly == pytest.approx([0, 10_000, 8_000, 6_400])


def test_each_year_of_activity_adds_a_cohort() -> None:
    # 3 years of activity; one cohort's effect lasts 2 years and halves in the second:
    # year 1: 10.000; year 2: 10.000 + 5.000; year 3: 10.000 + 5.000
    ev = case("drop_off: 50%\nduration_years: 2", horizon=3, activity=3)
    assert ev.effects[0].yearly == pytest.approx([10_000, 15_000, 15_000])


def test_discounting_to_present_value() -> None:
    # 10.000 a year for 3 years at 2,25 %: 10.000 + 10.000/1,0225 + 10.000/1,0225²
    ev = case(horizon=3, activity=3, rate="2.25%", one_off=False)
    expected = 10_000 + 10_000 / 1.0225 + 10_000 / 1.0225**2
    assert ev.gross == pytest.approx(expected)
    assert ev.gross == pytest.approx(29_344.70, abs=0.01)
    assert ev.investment == pytest.approx(1_000 * expected / 10_000)
    assert [y.discount_factor for y in ev.years] == pytest.approx([1, 1 / 1.0225, 1 / 1.0225**2])


def test_default_discount_rate_is_the_mkba_rate() -> None:
    text = CASE.format(
        filters="", horizon=2, rate="2.25%", activity=2, investment=0, one_off="false"
    ).replace("  discount_rate: 2.25%\n", "")
    results = evaluate(loads(text))
    assert results.discount_rate == pytest.approx(0.0225)
    assert results.get("proef", "basis").gross == pytest.approx(10_000 + 10_000 / 1.0225)


def test_one_off_and_recurring_investments() -> None:
    once = case(horizon=3, activity=3, investment=1_000, one_off=True)
    every = case(horizon=3, activity=3, investment=1_000, one_off=False)
    assert [y.investment for y in once.years] == [1_000, 0, 0]
    assert [y.investment for y in every.years] == [1_000, 1_000, 1_000]


def test_payback_period() -> None:
    # € 25.000 up front, € 10.000 a year of savings: after 2 years € -5.000, paid back
    # halfway year 3 → 2,5 years
    ev = case(horizon=5, activity=5, investment=25_000, one_off=True)
    assert ev.payback_years == pytest.approx(2.5)
    assert [y.cumulative_net for y in ev.years][:3] == pytest.approx([-15_000, -5_000, 5_000])
    assert payback([98_072], [27_126]) == pytest.approx(27_126 / 98_072)
    assert payback([100, 100], [500, 0]) is None  # not within the horizon


def test_value_per_participant() -> None:
    ev = case(investment=1_000)
    assert ev.net_per_case == pytest.approx((10_000 - 1_000) / 100)


def test_who_pays_who_gains() -> None:
    ev = case(investment=1_000)
    (row,) = ev.who_pays_who_gains
    assert (row.financier, row.investment, row.gross, row.net) == ("gemeente", 1_000, 10_000, 9_000)


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ("deadweight: 120%", "tussen 0% en 100%"),
        ("attribution: -5%", "tussen 0% en 100%"),
        ("drop_off: 1.5", "tussen 0% en 100%"),
        ("duration_years: -1", "0 of meer"),
    ],
)
def test_a_filter_outside_its_range_is_an_error(filters: str, message: str) -> None:
    with pytest.raises(ModelError) as caught:
        case(filters)
    assert message in str(caught.value)
    assert "effects[begeleiding]" in str(caught.value)


def test_the_multi_year_example_by_hand() -> None:
    from pathlib import Path

    from rendement.model import load_model

    example = Path(__file__).resolve().parents[1] / "examples" / "rekenvoorbeeld-meerjarig.yaml"
    ev = evaluate(load_model(example)).get("maatjes", "basis")
    d = [1 / 1.0225**t for t in range(5)]
    gp_price = 30.87 * 1.038 * 1.033  # Kostenhandleiding 2022 → 2024 with the CBS CPI
    gp_year = 40 * 3 * gp_price * 0.70  # attribution 70 %
    # 3 cohorts, each lasting 2 years at -50 %: 1, 1.5, 1.5, 0.5, 0
    gp = gp_year * (1 * d[0] + 1.5 * d[1] + 1.5 * d[2] + 0.5 * d[3])
    assert ev.gross_by_financier["zorgverzekeraar"] == pytest.approx(gp)
    home_year = 10 * 52 * 32.76 * 1.038 * 1.033 * 0.70  # 25 % of 40, deadweight 30 %
    # start delay 1, duration 3, drop-off 20 %: cohort profile 0, 1, .8, .64 summed over 3 years
    profile = [0, 1, 1.8, 2.44, 1.44]
    home = home_year * sum(p * f for p, f in zip(profile, d, strict=True))
    assert ev.perspective_gross == pytest.approx(home)
    assert ev.investment == pytest.approx(15_000 + 12 * 52 * 55 * (d[0] + d[1] + d[2]))
    assert ev.shadow_value == pytest.approx(20 * 40 * 18.80 * 1.038 * 1.033 * sum(d[:3]))
    assert ev.gross == pytest.approx(gp + home)  # the shadow price is not a saving
    assert ev.payback_years is None


def test_run_json_carries_filters_years_present_values_and_who_pays() -> None:
    import json

    from typer.testing import CliRunner

    from rendement.cli import app

    result = CliRunner().invoke(app, ["run", "examples/rekenvoorbeeld-meerjarig.yaml", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["model"]["horizon_years"] == 5
    assert document["model"]["discount_rate"] == pytest.approx(0.0225)
    ev = document["interventions"]["maatjes"]["variants"]["basis"]["scenarios"]["basis"]
    gp = ev["effects"][0]
    assert gp["filters"]["attribution"] == pytest.approx(0.7)
    assert len(gp["yearly"]) == 5 and gp["price_used"]["origin"] == "kostenhandleiding-2024"
    assert [y["year"] for y in ev["years"]] == [1, 2, 3, 4, 5]
    assert {row["financier"] for row in ev["who_pays_who_gains"]} == {
        "gemeente_wmo",
        "zorgverzekeraar",
    }
    assert {r["kind"] for r in ev["ratios"]} == {"gross", "net"}
