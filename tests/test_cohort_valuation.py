"""Valuing client cases (issue 13): every figure by hand, from the prices of the bundled
De Bilt 2019 list and the volunteer-hour shadow price."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.cohort.reading import CohortError, check_cases
from rendement.cohort.summary import summarise
from rendement.cohort.valuation import prices_from_lists, prices_from_model, value_cases

ROOT = Path(__file__).resolve().parents[1]
HEADINGS = ["casus", "hulpvraag", "post", "soort", "voor", "na", "toerekening", "kans"]
ROWS = [
    ["*", "", "huisarts_contact", "", "", "", "50%", ""],
    ["A", "eenzaamheid", "huisarts_contact", "", "12", "4", "", ""],
    ["A", "eenzaamheid", "dagbesteding_dagdeel", "", "2", "0", "75%", ""],
    ["A", "eenzaamheid", "begeleiding_uur", "investering", "", "30", "", ""],
    ["A", "eenzaamheid", "vrijwilligersuur", "schaduwwaarde", "0", "208", "", ""],
    ["B", "schulden", "huisarts_contact", "", "6", "onbekend", "", ""],
    ["B", "schulden", "multiprobleemgezin_jaar", "", "1", "0", "100%", "10%"],
    ["B", "schulden", "begeleiding_uur", "investering", "", "20", "", ""],
]
PRICES = prices_from_lists(["mbc-de-bilt-2019", "vrijwilligerswerk"])


def test_each_case_by_hand() -> None:
    valued = value_cases(check_cases(HEADINGS, ROWS), PRICES)
    a, b = valued.cases
    # A: GP contacts 12 → 4 at € 80, half due to the support (the item's default row)
    gp = (12 - 4) * 80 * 0.5
    # day care 2 → 0 half-days at € 35,19, 75 % attributed in the work session
    day = 2 * 35.19 * 0.75
    assert a.gross_by_financier() == pytest.approx({"zvw": gp, "wmo": day})
    assert a.gross == pytest.approx(gp + day)
    assert a.investment == pytest.approx(30 * 46.8)  # 30 hours of support at € 46,80
    assert a.net == pytest.approx(gp + day - 30 * 46.8)
    assert a.ratio == pytest.approx((gp + day) / (30 * 46.8))
    # the client's volunteer work: 208 hours at the shadow price, apart from the net
    assert a.shadow == pytest.approx(208 * 10.83)
    # B: a multi-problem family (€ 104.000 a year) avoided with a 10 % chance; the GP
    # contacts during support are not known, so that row is left out, never zero
    assert b.gross == pytest.approx(104000 * 0.10)
    assert [e.item for e in b.unknown] == ["huisarts_contact"]
    assert b.net == pytest.approx(10400 - 20 * 46.8)
    assert valued.financiers == {
        "zvw": "Zorgverzekeraar (Zvw)",
        "wmo": "Gemeente (Wmo)",
        "sociaal_domein": "Gemeente (sociaal domein)",
    }


def test_an_item_not_in_the_prices_is_named_with_its_row() -> None:
    rows = [["A", "x", "huisarts_kontakt", "", "3", "1", "", ""]]
    with pytest.raises(CohortError) as raised:
        value_cases(check_cases(HEADINGS, rows), PRICES)
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "post")
    assert "'huisarts_kontakt' staat niet in de prijslijst. Bedoelde u 'huisarts_contact'?" in str(
        problem
    )


def _cohort(sizes: dict[str, int]) -> list[list[str]]:
    """Cases per request for help; case n saves n GP contacts (at € 80)."""
    rows, n = [], 0
    for request, size in sizes.items():
        for _ in range(size):
            n += 1
            rows.append([f"C{n:03}", request, "huisarts_contact", "", str(n), "0", "100%", ""])
    return rows


def test_segments_with_intervals_and_small_ones_hidden() -> None:
    valued = value_cases(
        check_cases(HEADINGS, _cohort({"schulden": 12, "eenzaamheid": 20, "rouw": 3})), PRICES
    )
    summary = summarise(valued, "hulpvraag")
    assert summary.count == 35 and summary.net == pytest.approx(80 * sum(range(1, 36)))
    assert [s.value for s in summary.segments] == ["eenzaamheid", "schulden"]
    debts = summary.segments[1]
    assert debts.count == 12 and debts.net_mean == pytest.approx(80 * 6.5)  # cases 1–12
    assert debts.interval.low < debts.net_mean < debts.interval.high
    assert (summary.hidden, summary.hidden_cases) == (1, 3)  # 'rouw': 3 cases, not shown
    # the bootstrap is seeded: the same seed gives the same interval, another one not
    again = summarise(valued, "hulpvraag")
    assert again.segments[1].interval == debts.interval
    other = summarise(valued, "hulpvraag", seed=7)
    assert other.segments[1].interval != debts.interval
    total, band = summary.extrapolated(1334)
    assert total == pytest.approx(summary.net_mean * 1334)
    assert band.low < total < band.high


def test_the_prices_of_a_business_case_and_its_financiers() -> None:
    prices = prices_from_model(ROOT / "examples" / "de-bilt-2019.yaml")
    gp = prices["huisarts_contact"]
    assert (gp.amount, gp.financier, gp.financier_name) == (
        80.0,
        "zorgverzekeraar",
        "Zorgverzekeraar (Zvw)",
    )


def test_the_command_line_gives_every_case_in_json(tmp_path: Path) -> None:
    table = tmp_path / "casussen.csv"
    table.write_text("\n".join(";".join(r) for r in [HEADINGS, *ROWS]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "cohort",
            "evaluate",
            str(table),
            "--prices",
            "mbc-de-bilt-2019,vrijwilligerswerk",
            "--by",
            "hulpvraag",
            "--size",
            "100",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [c["id"] for c in document["cases"]] == ["A", "B"]
    assert document["cases"][1]["unknown"] == [{"row": 7, "item": "huisarts_contact"}]
    assert document["cohort"]["net"] == pytest.approx(
        (12 - 4) * 80 * 0.5 + 2 * 35.19 * 0.75 - 30 * 46.8 + 10400 - 20 * 46.8
    )
    # both segments have fewer than 10 cases: neither is shown apart
    assert document["segments"]["shown"] == [] and document["segments"]["hidden_cases"] == 2
    assert document["extrapolated"]["net"] == pytest.approx(document["cohort"]["net_mean"] * 100)
    wrong = CliRunner().invoke(
        app, ["cohort", "evaluate", str(table), "--prices", "mbc-de-bilt-2019", "--by", "wijk"]
    )
    assert wrong.exit_code != 0 and "vrijwilligersuur" in wrong.output


def test_the_example_cohort_agrees_with_a_recomputation_by_hand() -> None:
    """examples/cohort/sociaal-makelaar.csv (60 invented cases), recomputed here row by
    row with the csv module and the list prices, without rendement's reader."""
    import csv

    from rendement.cohort.reading import read_cases

    table = ROOT / "examples" / "cohort" / "sociaal-makelaar.csv"
    own = str(ROOT / "examples" / "cohort" / "prijzen.yaml")
    prices = prices_from_lists(["mbc-de-bilt-2019", "vrijwilligerswerk", own])
    lines = [
        line for line in table.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines, delimiter=";"))
    share = {r["post"]: r["toerekening"] for r in rows if r["casus"] == "*"}
    chance = {r["post"]: r["kans"] for r in rows if r["casus"] == "*"}

    def pct(text: str) -> float:
        return float(text.rstrip("%")) / 100 if text else 1.0

    net: dict[str, float] = {}
    for r in rows:
        if r["casus"] == "*" or "onbekend" in (r["voor"], r["na"]):
            net.setdefault(r["casus"], 0.0)
            continue
        amount = prices[r["post"]].amount
        if r["soort"] == "investering":
            value = -float(r["na"]) * amount
        elif r["soort"] == "schaduwwaarde":
            value = 0.0
        else:
            value = (float(r["voor"]) - float(r["na"])) * amount
            value *= pct(r["toerekening"] or share.get(r["post"], ""))
            value *= pct(r["kans"] or chance.get(r["post"], ""))
        net[r["casus"]] = net.get(r["casus"], 0.0) + value
    net.pop("*")
    valued = value_cases(read_cases(table), prices)
    assert len(valued.cases) == 60
    assert {c.id: c.net for c in valued.cases} == pytest.approx(net)
    summary = summarise(valued, "hulpvraag")
    assert [s.value for s in summary.segments] == [
        "schulden",
        "eenzaamheid",
        "mantelzorg",
        "opvoeding",
    ]
    assert (summary.hidden, summary.hidden_cases) == (1, 8)  # 'psychisch': 8 cases, under 10


def test_a_client_case_as_a_receipt(tmp_path: Path) -> None:
    """The same receipt component as an intervention's: each saving with what it is made
    of, the investment taken off, the net; only the cases asked for."""
    from rendement.present.cohort import case_receipt

    valued = value_cases(check_cases(HEADINGS, ROWS), PRICES)
    a = valued.cases[0]
    bon = case_receipt(a, valued.attributes, "casussen.csv")
    assert [line.amount for line in bon.savings] == pytest.approx([8 * 80 * 0.5, 2 * 35.19 * 0.75])
    assert bon.savings[0].detail == "12 → 4 contactmoment × €\u00a080 × 50% toerekening"
    assert [line.amount for line in bon.costs] == pytest.approx([-30 * 46.8])
    assert bon.net == pytest.approx(a.net) and bon.subtotal == pytest.approx(a.gross)
    assert any("schaduwwaarde" in f for f in bon.footer)
    text = bon.text()
    assert "Casus A" in text and "NETTO" in text and "toerekening" in text
    table = tmp_path / "casussen.csv"
    table.write_text("\n".join(";".join(r) for r in [HEADINGS, *ROWS]) + "\n", encoding="utf-8")
    runner = CliRunner()
    prices = ["--prices", "mbc-de-bilt-2019,vrijwilligerswerk"]
    none = runner.invoke(app, ["cohort", "kassabon", str(table), *prices])
    assert none.exit_code != 0 and "--case" in none.output  # a case is opened on purpose
    one = runner.invoke(app, ["cohort", "kassabon", str(table), *prices, "--case", "B"])
    assert one.exit_code == 0 and "Casus B" in one.output and "Casus A" not in one.output
    assert "Onbekend, telt niet mee: huisarts_contact" in one.output
    pdf = tmp_path / "bonnen.pdf"
    made = runner.invoke(app, ["cohort", "kassabon", str(table), *prices, "--all", "-o", str(pdf)])
    assert made.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")


def test_forecast_against_realisation(tmp_path: Path) -> None:
    """De Bilt's Ouders Lokaal assumed per parent; four invented client cases measured."""
    from rendement.cohort.forecast import compare
    from rendement.engine import evaluate
    from rendement.model import load_model

    model = ROOT / "examples" / "de-bilt-2019.yaml"
    table = tmp_path / "casussen.csv"
    table.write_text(
        "casus;post;voor;na;toerekening\n"
        "A;huisarts_contact;6;2;50%\n"  # 2 contacts avoided, attributed
        "B;huisarts_contact;3;3;\n"  # none
        "C;cjg_contact;20;10;100%\n"  # 10 CJG contacts; no GP item: 0 GP contacts
        "D;huisarts_contact;onbekend;1;\n",  # unknown: left out of the GP mean
        encoding="utf-8",
    )
    from rendement.cohort.reading import read_cases

    valued = value_cases(read_cases(table), prices_from_model(model))
    ev = evaluate(load_model(model)).get("ouders_lokaal", "huidig", "basis")
    lines = {line.price_id: line for line in compare(ev, valued)}
    gp = next(e for e in ev.effects if e.price_id == "huisarts_contact")
    assert lines["huisarts_contact"].assumed == pytest.approx(gp.units * gp.factor / ev.reach)
    assert lines["huisarts_contact"].assumed == pytest.approx(160 * 0.25 * 4 / 160)  # Table 2
    assert lines["huisarts_contact"].measured == pytest.approx((2 + 0 + 0) / 3)
    assert lines["huisarts_contact"].cases == 3
    assert lines["cjg_contact"].measured == pytest.approx(10 / 4)
    assert lines["huisarts_contact"].measured_value == pytest.approx(80 * 2 / 3)
    assert lines["jeugdhulp_uur"].measured is None and lines["jeugdhulp_uur"].cases == 0
    interval = lines["cjg_contact"].interval
    assert interval is not None and interval.low <= 2.5 <= interval.high
    result = CliRunner().invoke(app, ["cohort", "compare", str(table), "--model", str(model)])
    assert result.exit_code == 0, result.output
    assert "Verwacht tegenover gemeten: Ouders Lokaal" in result.output


def test_the_database_counts_a_case_whose_every_quantity_is_unknown() -> None:
    import ibis

    from rendement.cohort.aggregate import tables, totals

    rows = [*ROWS, ["E", "schulden", "huisarts_contact", "", "onbekend", "2", "", ""]]
    cases = check_cases(HEADINGS, rows)
    summary = summarise(value_cases(cases, PRICES), "hulpvraag", min_segment=1)
    database = totals(*tables(cases, PRICES, "hulpvraag"), "hulpvraag", ibis.duckdb.connect())
    assert database.cases == summary.count == 3
    assert database.segments["schulden"][0] == 2 and database.net == pytest.approx(summary.net)
