"""Stakeholder value as figures (issue 14), by hand: the value each stakeholder receives,
the 'X only' ratio (that value ÷ the whole investment), the social value including what
saves no budget, the SROI ratio; a reported figure for another perspective.

The model: 40 clients; GP contacts (NHS pays, the clients' stakeholder line) 40 × 2 ×
£ 40 = 3.200; home care (the council pays and gains: its own line) 10 × 20 h × £ 25 =
5.000; wellbeing (a shadow price, saves no budget) 40 × £ 300 = 12.000. Investment: the
council, 4.000. So: gross 8.200, social value 20.200, SROI 20.200 ÷ 4.000 = 5,05; value
to clients 3.200 + 12.000 = 15.200 (ratio 3,8), to the council 5.000 (1,25).
"""

from __future__ import annotations

from typing import Any

import pytest

from rendement.audit import audit
from rendement.engine import evaluate
from rendement.model import BASE_SCENARIO, ModelError, loads
from rendement.present.tables import intervention_tables

MODEL = """\
rendement: 1
meta:
  title: Stakeholder values
  client: Example
  version: "1"
  date: 2026-11-30
  price_year: 2024
  currency: GBP
  method: {method}
theory_of_change:
  problem: Isolation.
sources:
  - id: example
    title: Illustrative
    year: 2024
financiers:
  - id: nhs
    name: NHS
    party: nhs
  - id: council
    name: Council
    party: council
  - id: people
    name: The clients themselves
    party: citizens
stakeholders:
  - id: clients
    name: Clients
  - id: council
    name: The council
perspectives:
  - id: council_only
    name: Council
    financiers: [council]
perspective: council_only
prices:
  - id: gp
    name: GP contact
    unit: contact
    amount: 40
    price_year: 2024
    source: example
    financier: nhs
  - id: home_care
    name: Home care hour
    unit: hour
    amount: 25
    price_year: 2024
    source: example
    financier: council
  - id: wellbeing
    name: Improved wellbeing (WELLBY-style proxy)
    unit: person
    amount: 300
    price_year: 2024
    source: example
    financier: people
    kind: shadow_price
interventions:
  - id: service
    name: Service
    reach: 40
    reach_unit: clients
    effects:
      - id: gp
        name: Fewer GP contacts
        stakeholder: clients
        cases: 40
        units_per_case: 2
        price: gp
      - id: home_care
        name: Less home care
        stakeholder: council
        cases: 10
        units_per_case: 20
        price: home_care
      - id: wellbeing
        name: Wellbeing
        stakeholder: clients
        cases: 40
        units_per_case: 1
        price: wellbeing
    investments:
      - id: service
        name: Service
        amount: 4000
        payer: council
{reported}
"""


def _model(method: str = "sroi", reported: str = "") -> Any:
    return loads(MODEL.format(method=method, reported=reported), file="values.yaml")


def test_value_per_stakeholder_by_hand() -> None:
    ev = evaluate(_model()).get("service", "basis", BASE_SCENARIO)
    assert ev.gross == pytest.approx(8200) and ev.shadow_value == pytest.approx(12000)
    assert ev.social_value == pytest.approx(20200)
    assert ev.sroi_ratio == pytest.approx(20200 / 4000)
    assert ev.stakeholder_value == pytest.approx({"clients": 15200, "council": 5000})
    assert ev.stakeholder_ratio == pytest.approx({"clients": 3.8, "council": 1.25})
    # the council pays and gains: its perspective ratio is its own gross ÷ its investment
    assert ev.ratio_gross == pytest.approx(5000 / 4000)
    assert ev.figure("stakeholder_ratio.clients") == pytest.approx(3.8)
    assert ev.figure("sroi_ratio") == pytest.approx(5.05)
    document = ev.to_json("council_only")
    assert document["social_value"] == pytest.approx(20200)
    assert document["stakeholder_value"]["clients"] == pytest.approx(15200)
    assert [e["stakeholder"] for e in document["effects"]] == ["clients", "council", "clients"]


def test_an_sroi_case_shows_value_in_words_of_value() -> None:
    from rendement.money import currency

    results = evaluate(_model())
    with currency("GBP"):
        tables = intervention_tables(results, "service")
    table = next(t for t in tables if t.kind == "stakeholders")
    assert table.title == "Maatschappelijke waarde per belanghebbende · Basis"
    assert table.rows == [
        ["Clients", "£\u00a015.200", "3,80"],
        ["The council", "£\u00a05.000", "1,25"],
        ["Maatschappelijke waarde", "£\u00a020.200", "5,05"],
    ]
    assert "ook waarde die geen budget bespaart" in (table.caption or "")
    assert "Het SROI-ratio is 5,05 : 1" in (table.caption or "")
    # the effect lines in words of value: every valued line counts, savings shown within
    lines = next(t for t in tables if t.title.startswith("Maatschappelijke waarde · "))
    assert lines.columns[-2] == "Waarde"
    totals = {row[0]: row[-2] for row in lines.rows[-3:]}
    assert totals == {
        "Maatschappelijke waarde": "£\u00a020.200",
        "waarvan besparing op budgetten": "£\u00a08.200",
        "Totaal Council": "£\u00a05.000",  # the perspective's own savings
    }
    # an mBC shows no such table: its words stay savings
    mbc = evaluate(_model("mbc"))
    assert not [t for t in intervention_tables(mbc, "service") if t.kind == "stakeholders"]


def test_reported_stakeholder_figures_as_printed_and_for_another_perspective() -> None:
    reported = """\
    reported:
      - table: Table 4
        figures:
          stakeholder_value.clients: "£15.2k"
          stakeholder_ratio.clients: "4:1"
          stakeholder_ratio.council: "1:1"
          sroi_ratio: "5:1"
          ratio_gross: "1.25:1"
      - table: Table 5 (society)
        perspective: maatschappij
        figures:
          ratio_gross: "2.05:1"
          net: "£4.2k"
"""
    report = audit(evaluate(_model(reported=reported)))
    assert report.checked == 7
    # 3,8 printed as 4:1 is rounding; 1,25 as 1:1 too; society's gross 8.200 ÷ 4.000 = 2,05
    assert report.findings == [], [f.cause.text for f in report.findings]
    wrong = reported.replace('"2.05:1"', '"2.5:1"')
    (finding,) = audit(evaluate(_model(reported=wrong))).findings
    assert finding.path == "ratio_gross" and finding.computed == pytest.approx(2.05)
    assert "perspectief Maatschappij" in finding.where


def test_an_unknown_stakeholder_or_perspective_is_named() -> None:
    reported = """\
    reported:
      - table: T
        perspective: gemeente
        figures:
          stakeholder_value.klanten: 1
"""
    with pytest.raises(ModelError) as error:
        _model(reported=reported)
    text = str(error.value)
    assert "perspectief 'gemeente' is niet gedeclareerd" in text
    assert "na 'stakeholder_value.' hoort de id van een belanghebbende (clients, council)" in text


def test_the_workbook_computes_the_social_values_with_formulas(tmp_path: Any) -> None:
    from rendement.report.workbook import write_workbook
    from test_workbook import recompute

    written = write_workbook(evaluate(_model()), tmp_path / "sroi.xlsx")
    values = recompute(written.path)
    got = sorted(
        round(float(v), 6)  # type: ignore[arg-type]
        for (sheet, cell), v in values.items()
        if sheet == "BEREKENING" and (sheet.title(), cell) in written.expected
    )
    # social value, the clients' value and ratio, the council's value and ratio, SROI
    for figure in (20200, 15200, 3.8, 5000, 1.25, 5.05):
        assert figure in got, figure
    for (sheet, cell), expected in written.expected.items():
        assert values[(sheet.upper(), cell)] == pytest.approx(expected, abs=1e-6), (sheet, cell)


def test_the_conclusion_names_the_social_value_beside_the_savings() -> None:
    from rendement.money import currency
    from rendement.present.headline import headline_table

    with currency("GBP"):
        table = headline_table(evaluate(_model()))
    assert table.columns[-2:] == ["Maatschappelijke waarde", "SROI-ratio"]
    assert table.rows == [["Service", "Basis", "£\u00a01.000", "1,25", "£\u00a020.200", "5,05 : 1"]]
    with currency("GBP"):
        mbc = headline_table(evaluate(_model("mbc")))
    assert mbc.columns == ["Interventie", "Optie", "Netto besparing", "Bruto ratio"]


def test_a_printed_social_value_follows_from_its_printed_parts() -> None:
    """A summary that carried a wrong stakeholder value into its total: the total's cause
    names the printed part (15.300 where the lines give 15.200), and the ratio follows
    from the printed total (20.300 ÷ 4.000 = 5,075)."""
    reported = """\
    reported:
      - table: Summary
        figures:
          stakeholder_value.clients: 15300
          stakeholder_value.council: 5000
          social_value: 20300
          sroi_ratio: 5.075
"""
    report = audit(evaluate(_model(reported=reported)))
    causes = {f.path: f.cause for f in report.findings}
    assert set(causes) == {"stakeholder_value.clients", "social_value", "sroi_ratio"}
    assert causes["social_value"].code == "propagated"
    assert "Clients" in causes["social_value"].text and "15.300" in causes["social_value"].text
    assert causes["sroi_ratio"].code == "propagated"
