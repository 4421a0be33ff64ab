"""The bundled price index series beside the CBS CPI (issue 14): the ONS CPI for the
United Kingdom and the ABS CPI for Australia, each cited; and a price that names its own
series, so a proxy from another country and year is indexed in its own country first and
exchanged after — the price table and the workbook say so.

By hand: a British proxy of £ 1.000 at price level 2019 in an Australian case at price
level 2024: 1.000 × 133,9 / 107,8 (ONS) = £ 1.242,12; × 1,95 AUD per GBP = A$ 2.422,12.
An Australian price of A$ 500 at 2019: 500 × 138,675 / 115,125 (ABS) = A$ 602,28.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from rendement.engine import evaluate
from rendement.model import ModelError, loads
from rendement.present.tables import prices_table
from rendement.prices import bundled_series, bundled_series_ids
from rendement.report.workbook import write_workbook

MODEL = """\
rendement: 1
meta:
  title: A British proxy of 2019 in an Australian case of 2024
  client: Example
  version: "1"
  date: 2026-11-30
  price_year: 2024
  currency: AUD
theory_of_change:
  problem: Isolation.
index_series: cpi-abs
sources:
  - id: uk
    title: A UK proxy (illustrative)
    year: 2019
  - id: au
    title: An Australian unit cost (illustrative)
    year: 2019
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
    amount: 1000
    price_year: 2019
    source: uk
    financier: community
    currency: GBP
    exchange: {{rate: 1.95, date: 2024-06-28, source: rba}}
    index_series: {series}
  - id: visit
    name: GP visit (Australia)
    unit: visit
    amount: 500
    price_year: 2019
    source: au
    financier: community
interventions:
  - id: club
    name: Club
    reach: 10
    reach_unit: people
    effects:
      - id: wellbeing
        name: Less isolated
        cases: 10
        units_per_case: 1
        price: wellbeing
      - id: visits
        name: Fewer GP visits
        cases: 10
        units_per_case: 1
        price: visit
    investments:
      - id: grant
        name: Grant
        amount: 10000
        payer: community
"""


def _model(series: str = "cpi-ons") -> Any:
    return loads(MODEL.format(series=series), file="proxy.yaml")


def test_the_bundled_series_are_listed_and_cited() -> None:
    assert bundled_series_ids() == ["cpi-abs", "cpi-cbs", "cpi-ons"]
    for series_id in bundled_series_ids():
        series = bundled_series(series_id)
        assert series.source and series.href and series.href.startswith("https://")


def test_the_ons_series_follows_the_published_annual_rates() -> None:
    """ONS annual average CPI rates: 2022 9,1 %, 2023 7,3 %, 2024 2,5 % (rounded index
    values may move the last decimal by one)."""
    ons = bundled_series("cpi-ons")
    assert ons.values[2015] == 100.0
    for year, rate in {2022: 9.1, 2023: 7.3, 2024: 2.5}.items():
        change = (ons.factor(year - 1, year) - 1) * 100
        assert change == pytest.approx(rate, abs=0.11), year


def test_the_abs_series_is_the_mean_of_the_quarters_it_cites() -> None:
    abs_ = bundled_series("cpi-abs")
    quarters = re.findall(r"(\d{4}): ((?:\d+\.\d ?){4})", abs_.note or "")
    assert len(quarters) == len(abs_.values) == 10
    for year, values in quarters:
        numbers = [float(v) for v in values.split()]
        assert abs_.values[int(year)] == pytest.approx(sum(numbers) / 4, abs=1e-9)


def test_a_price_is_indexed_in_its_own_country_and_then_exchanged() -> None:
    model = _model()
    book = model.book
    assert book.prices["wellbeing"].index_factor == pytest.approx(133.9 / 107.8)
    assert book.prices["visit"].index_factor == pytest.approx(138.675 / 115.125)
    results = evaluate(model)
    ev = results.interventions[0].evaluations[0]
    gross = {line.id: line.gross for line in ev.effects}
    assert gross["wellbeing"] == pytest.approx(10 * 1000 * 133.9 / 107.8 * 1.95)
    assert gross["wellbeing"] == pytest.approx(24221.24, abs=0.01)
    assert gross["visits"] == pytest.approx(10 * 602.28, abs=0.01)
    table = prices_table(results)
    row = next(r for r in table.rows if r[0].startswith("Club membership"))
    assert row[2] == "1.000,00 GBP" and row[4] == "1,2421" and row[5].endswith("2.422,12")
    caption = table.caption or ""
    assert "Club membership (UK proxy): geïndexeerd met Consumer Prices Index (CPI)" in caption
    assert "GP visit (Australia): geïndexeerd" not in caption  # the case's own series


def test_the_workbook_shows_series_and_rate_and_recomputes(tmp_path: Any) -> None:
    from test_workbook import recompute

    written = write_workbook(evaluate(_model()), tmp_path / "proxy.xlsx")
    values = recompute(written.path)
    assert pytest.approx(1000 * 133.9 / 107.8 * 1.95) in list(written.expected.values())
    for (sheet, cell), expected in written.expected.items():
        assert values[(sheet.upper(), cell)] == pytest.approx(expected, abs=1e-6), (sheet, cell)


def test_an_unknown_series_on_a_price_says_where_and_which_exist() -> None:
    with pytest.raises(ModelError) as caught:
        _model("cpi-xyz")
    text = str(caught.value)
    assert "proxy.yaml, regel 36 · prices[wellbeing].index_series" in text, text
    assert "cpi-abs, cpi-cbs, cpi-ons" in text


def test_a_year_outside_the_prices_own_series_is_named() -> None:
    with pytest.raises(ModelError) as caught:
        early = "price_year: 2001\n    source: uk"
        loads(MODEL.format(series="cpi-ons").replace("price_year: 2019\n    source: uk", early))
    assert "loopt van 2005 tot en met 2025" in str(caught.value)


def test_client_cases_value_a_proxy_in_the_cases_year_and_currency(tmp_path: Any) -> None:
    """The cohort's unit prices from a business case: the British proxy as the case values
    it, indexed in the UK and exchanged (A$ 2.422,12), not £ 1.000 read as dollars."""
    from rendement.cohort.valuation import prices_of

    prices = prices_of(_model())
    assert prices["wellbeing"].amount == pytest.approx(1000 * 133.9 / 107.8 * 1.95)
    assert prices["visit"].amount == pytest.approx(500 * 138.675 / 115.125)
