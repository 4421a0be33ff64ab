"""An SROI impact map read into a model (issue 14): the template imports to a model whose
figures equal a hand computation; every mistake with its row and column; nothing is
written from a file with a mistake.

The template's invented rows (a befriending service), attribution as the guides mean it
(the share due to others, deducted):

- older residents, less isolated: 30 × £ 1.105 × (1 − 30 %) × (1 − 0 %) = 23.205;
- older residents, fewer GP visits: 45 × 42 × (1 − 20 %) × (1 − 25 %) = 1.134;
- volunteers, more confidence, 2 years, drop-off 50 %: 12 × 380 × 0,9 × 0,8 = 3.283,20 in
  year 1 and half of it, 1.641,60, in year 2, discounted at 3,5 % (year 1 undiscounted,
  as rendement discounts): 1.641,60 ÷ 1,035;
- inputs: the council's grant 15.000 and the volunteers' time 4.800: 19.800.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import BASE_SCENARIO, load_model
from rendement.sroi.impact_map import ImpactMapError, read_impact_map
from rendement.sroi.template import write_template

RESIDENTS = 30 * 1105 * 0.7 + 45 * 42 * 0.8 * 0.75
VOLUNTEERS = 12 * 380 * 0.9 * 0.8 * (1 + 0.5 / 1.035)
INPUTS = 15000 + 4800


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("code", ["nl", "en"])
def test_the_template_imports_to_the_hand_computation(
    tmp_path: Path, suffix: str, code: str
) -> None:
    table = tmp_path / f"map{suffix}"
    with language(code):
        write_template(table)
    result = CliRunner().invoke(app, ["import", "impact-map", str(table), "--currency", "GBP"])
    assert result.exit_code == 0, result.output
    model = load_model(tmp_path / "map.yaml")
    assert model.case.meta.method == "sroi" and model.case.meta.currency == "GBP"
    ev = evaluate(model).get("impact_map", "basis", BASE_SCENARIO)
    assert ev.stakeholder_value == pytest.approx(
        {"older_residents": RESIDENTS, "volunteers": VOLUNTEERS}
    )
    assert ev.social_value == pytest.approx(RESIDENTS + VOLUNTEERS)
    assert ev.investment == pytest.approx(INPUTS)
    assert ev.sroi_ratio == pytest.approx((RESIDENTS + VOLUNTEERS) / INPUTS)
    assert ev.gross == 0  # the proxies are values, not budget savings
    # the guides' attribution became attribution_to_others, never rendement's attribution
    lines = model.case.interventions[0].effects
    assert all(e.attribution is None for e in lines)
    gp = next(e for e in lines if e.name == "Fewer GP visits")
    assert gp.attribution_to_others is not None and gp.attribution_to_others.literal == 0.25


def test_every_mistake_with_its_row_and_column(tmp_path: Path) -> None:
    table = tmp_path / "map.csv"
    table.write_text(
        "stakeholder;kind;outcome;quantity;financial_proxy;value;source;attribution;colour\n"
        "Residents;outcome;Less isolated;30;Club membership;veel;guide;0%;red\n"
        "Residents;outcome;Fewer GP visits;45;GP appointment;42;;150%;\n"
        "Residents;gift;Something;1;Proxy;1;guide;;\n",
        encoding="utf-8",
    )
    with pytest.raises(ImpactMapError) as error:
        read_impact_map(table)
    assert [str(p) for p in error.value.problems] == [
        "rij 1, colour: onbekende kolom 'colour'; bekend: stakeholder, kind, outcome, "
        "indicator, quantity, duration, financial_proxy, value, source, deadweight, "
        "displacement, attribution, drop_off"
    ]
    table.write_text(table.read_text(encoding="utf-8").replace(";colour", "").replace(";red", ""))
    with pytest.raises(ImpactMapError) as error:
        read_impact_map(table)
    assert [str(p) for p in error.value.problems] == [
        "rij 2, value: hier hoort een getal, maar er staat 'veel'",
        "rij 3, source: leeg: deze kolom is verplicht",
        "rij 3, attribution: een aandeel ligt tussen 0% en 100%; er staat '150%'",
        "rij 4, kind: kies uitkomst of input; er staat 'gift'",
    ]
    result = CliRunner().invoke(app, ["import", "impact-map", str(table)])
    assert result.exit_code == 1 and "rij 2, value" in result.output
    assert not (tmp_path / "map.yaml").exists()


def test_a_missing_column_and_a_file_that_is_no_table(tmp_path: Path) -> None:
    table = tmp_path / "map.csv"
    table.write_text("stakeholder;outcome;value\nCouncil;Grant;100\n", encoding="utf-8")
    with pytest.raises(ImpactMapError) as error:
        read_impact_map(table)
    assert [p.column for p in error.value.problems] == ["quantity", "financial_proxy", "source"]
    broken = tmp_path / "map.xlsx"
    broken.write_bytes(b"geen zip")
    with pytest.raises(ImpactMapError, match="dit is geen Excel-bestand"):
        read_impact_map(broken)


def test_the_command_line_asks_for_a_file_or_a_template(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import", "impact-map"])
    assert result.exit_code == 2 and "--template" in result.output
    result = CliRunner().invoke(
        app, ["import", "impact-map", "--template", str(tmp_path / "map.txt")]
    )
    assert result.exit_code == 2 and ".csv of .xlsx" in result.output


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1105", 1105.0),
        ("1105.500", 1105.5),  # four digits before the point: no thousands group
        ("0.250", 0.25),  # a leading 0 groups no thousands
        ("1.105,50", 1105.5),
        ("1,105.50", 1105.5),
        ("670.000", 670_000.0),
        ("1.234.567", 1_234_567.0),
        ("-12,5", -12.5),
    ],
)
def test_a_cell_and_a_print_read_a_number_alike(text: str, value: float) -> None:
    from rendement.model.printed import parse_printed
    from rendement.sroi.impact_map import _number

    assert _number(text) == pytest.approx(value)
    assert parse_printed(text).value == pytest.approx(value)
