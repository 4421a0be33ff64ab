"""Both attribution conventions, no trap (issue 14): ``attribution`` is the share due to
this intervention (the Dutch *toerekening*); ``attribution_to_others`` is the SROI guides'
share due to others, deducted. By hand on one impact-map row.

The row (an SROI guide's style): 30 people, 1 outcome each, proxy £ 1.105; deadweight
30 %, displacement 0 %, attribution (to others) 0 %. Its value: 30 × 1.105 × 0,7 × 1 ×
1 = 23.205. Copied literally into rendement's ``attribution`` it is worth 30 × 1.105 ×
0,7 × 0 = 0 — and a row with 'attribution 20 %' would count a fifth instead of four
fifths: 3.795 + … instead of the guide's figure.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import evaluate
from rendement.model import BASE_SCENARIO, ModelError, loads
from rendement.present.tables import gross_table
from rendement.report.workbook import write_workbook

MODEL = """\
rendement: 1
meta:
  title: Impact map row
  client: Example
  version: "1"
  date: 2026-11-30
  price_year: 2024
  currency: GBP
theory_of_change:
  problem: Isolation.
sources:
  - id: guide
    title: An SROI guide's example (illustrative)
    year: 2012
financiers:
  - id: society
    name: Society
    party: society
prices:
  - id: wellbeing
    name: Improved wellbeing (proxy)
    unit: person
    amount: 1105
    price_year: 2024
    source: guide
    financier: society
interventions:
  - id: befriending
    name: Befriending
    reach: 30
    reach_unit: people
    effects:
      - id: wellbeing
        name: Improved wellbeing
        cases: 30
        units_per_case: 1
        price: wellbeing
        deadweight: 30%
{filters}
    investments:
      - id: service
        name: Service
        amount: 10000
        payer: society
"""


def _line(filters: str) -> Any:
    model = loads(MODEL.format(filters=filters), file="map.yaml")
    return model, evaluate(model).get("befriending", "basis", BASE_SCENARIO)


def test_the_share_due_to_others_is_deducted() -> None:
    _model, ev = _line("        attribution_to_others: 0%")
    assert ev.effects[0].gross == pytest.approx(30 * 1105 * 0.7) == pytest.approx(23205)
    _model, ev = _line("        attribution_to_others: 20%")
    assert ev.effects[0].gross == pytest.approx(30 * 1105 * 0.7 * 0.8)
    # the same line in rendement's own convention: 80 % due to this intervention
    _model, same = _line("        attribution: 80%")
    assert same.effects[0].gross == pytest.approx(ev.effects[0].gross)
    # and the trap it avoids: the map's 20 % read as rendement's attribution
    _model, trap = _line("        attribution: 20%")
    assert trap.effects[0].gross == pytest.approx(30 * 1105 * 0.7 * 0.2)


def test_both_on_one_line_is_an_error_that_says_which_means_what() -> None:
    with pytest.raises(ModelError, match="óf 'attribution_to_others'"):
        _line("        attribution: 80%\n        attribution_to_others: 20%")


def test_the_tables_say_which_convention_was_used() -> None:
    _model, ev = _line("        attribution_to_others: 20%")
    table = gross_table(ev, "basis", "Society", {"society": "Society"})
    text = " ".join(" ".join(row) for row in table.rows)
    assert "toerekening aan anderen 20%" in text and "deadweight 30%" in text
    _model, own = _line("        attribution: 80%")
    text = " ".join(" ".join(r) for r in gross_table(own, "basis", "Society", {}).rows)
    assert "toerekening 80%" in text and "anderen" not in text


def test_monte_carlo_varies_the_share_due_to_others() -> None:
    from rendement.uncertainty import simulate

    model, _ev = _line("        attribution_to_others: {uniform: [10%, 30%]}")
    stats = simulate(model, draws=4000, seed=7).get("befriending", "basis")
    # net = 23.205 × (1 − U(10 %, 30 %)) − 10.000: mean 23.205 × 0,8 − 10.000
    assert stats.mean == pytest.approx(23205 * 0.8 - 10000, rel=0.01)
    assert stats.p5 < 23205 * 0.8 - 10000 < stats.p95


def test_the_workbook_writes_the_complement_as_a_formula(tmp_path: Any) -> None:
    from test_workbook import recompute

    model, ev = _line("        attribution_to_others: 20%")
    written = write_workbook(evaluate(model), tmp_path / "map.xlsx")
    values = recompute(written.path)
    derived = [cell for cell in written.expected if cell[0] == "Tussenwaarden"]
    assert [written.expected[c] for c in derived] == [pytest.approx(0.8)]
    for (sheet, cell), expected in written.expected.items():
        assert values[(sheet.upper(), cell)] == pytest.approx(expected, abs=1e-6), (sheet, cell)
    assert ev.effects[0].filters["attribution"] == pytest.approx(0.8)


def test_check_advises_on_attribution_zero(tmp_path: Any) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(MODEL.format(filters="        attribution: 0%"), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "attribution: 0% maakt deze regel nul waard" in " ".join(result.output.split())
    path.write_text(MODEL.format(filters="        attribution_to_others: 0%"), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert "nul waard" not in result.output


@pytest.mark.parametrize(
    ("filters", "said", "not_said"),
    [
        ("        attribution_to_others: 20%", "gaat eraf", "alleen dat deel telt mee"),
        ("        attribution: 80%", "alleen dat deel telt mee", "gaat eraf"),
        ("", None, "deel van een effect"),
    ],
)
def test_the_report_says_which_convention_it_used(
    filters: str, said: str | None, not_said: str
) -> None:
    from rendement.report.outline import build_outline

    model, _ev = _line(filters)
    text = " ".join(str(block) for block in build_outline(evaluate(model)).blocks)
    approach = text[text.index("Aanpak") :]
    approach = approach[: approach.index("Financiers")]
    if said is not None:
        assert said in approach
    assert not_said not in approach
