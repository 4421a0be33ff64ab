"""A proxy from another country (issue 14): a price in another currency carries its
exchange rate — value, date and source — which the engine applies as a factor of its
own and the price table shows; without a stated rate the model is refused.

By hand: a British proxy of £ 1.105 in an Australian case at 1 GBP = 1,95 AUD is
A$ 2.154,75; 30 people × that × (1 − 30 %) = A$ 45.249,75.
"""

from __future__ import annotations

from typing import Any

import pytest

from rendement.engine import evaluate
from rendement.model import BASE_SCENARIO, ModelError, loads
from rendement.money import currency
from rendement.present.tables import prices_table
from rendement.report.workbook import write_workbook

MODEL = """\
rendement: 1
meta:
  title: A British proxy in Australia
  client: Example
  version: "1"
  date: 2026-11-30
  price_year: 2024
  currency: AUD
theory_of_change:
  problem: Isolation.
sources:
  - id: guide
    title: A UK proxy (illustrative)
    year: 2024
  - id: rba
    title: Reserve Bank of Australia, exchange rates (illustrative rate)
    year: 2024
financiers:
  - id: community
    name: Community
    party: community
prices:
  - id: wellbeing
    name: Club membership (UK proxy)
    unit: person
    amount: 1105
    price_year: 2024
    source: guide
    financier: community
{money}
interventions:
  - id: club
    name: Club
    reach: 30
    reach_unit: people
    effects:
      - id: wellbeing
        name: Less isolated
        cases: 30
        units_per_case: 1
        price: wellbeing
        deadweight: 30%
    investments:
      - id: grant
        name: Grant
        amount: 10000
        payer: community
"""
STATED = """\
    currency: GBP
    exchange: {rate: 1.95, date: 2024-06-28, source: rba}"""


def _model(money: str = STATED) -> Any:
    return loads(MODEL.format(money=money), file="proxy.yaml")


def test_the_rate_is_applied_and_shown() -> None:
    results = evaluate(_model())
    line = results.get("club", "basis", BASE_SCENARIO).effects[0]
    assert line.price == pytest.approx(1105 * 1.95)
    assert line.gross == pytest.approx(30 * 1105 * 1.95 * 0.7)
    with currency("AUD"):
        table = prices_table(results)
    (row,) = table.rows
    assert row[2] == "1.105,00 GBP" and row[5].endswith("2.154,75")
    assert "1 GBP = 1,95 · 2024-06-28 (Reserve Bank of Australia" in (table.caption or "")


def test_the_workbook_writes_the_rate_as_its_own_factor(tmp_path: Any) -> None:
    from test_workbook import recompute

    written = write_workbook(evaluate(_model()), tmp_path / "proxy.xlsx")
    values = recompute(written.path)
    assert pytest.approx(1105 * 1.95) in list(written.expected.values())
    for (sheet, cell), expected in written.expected.items():
        assert values[(sheet.upper(), cell)] == pytest.approx(expected, abs=1e-6), (sheet, cell)


@pytest.mark.parametrize(
    ("money", "message"),
    [
        ("    currency: GBP", "het bedrag is in GBP: geef 'exchange'"),
        ("    exchange: {rate: 1.95, date: 2024-06-28, source: rba}", "hoort 'currency'"),
        (
            "    currency: AUD\n    exchange: {rate: 1, date: 2024-06-28, source: rba}",
            "de case rekent al in AUD",
        ),
        ("    currency: GBP\n    exchange: {rate: 1.95, date: 2024-06-28, source: ecb}", "ecb"),
        ("    currency: GBP\n    exchange: {rate: 0, date: 2024-06-28, source: rba}", "rate"),
    ],
)
def test_no_silent_conversion(money: str, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        _model(money)
