"""Price lists, indexation, units, local overrides and shadow prices, against hand calculations.

The worked examples in docs/prices.md are these same cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import evaluate
from rendement.model import ModelError, loads
from rendement.prices import (
    IndexError_,
    bundled_list,
    bundled_lists,
    bundled_series,
    price_units_per_unit,
)

REFERENCE_CSV = (
    Path(__file__).resolve().parents[1]
    / "src/rendement/prices/data/kostenhandleiding-2024-referenceprices-2022.csv"
)

CASE = """
rendement: 1
meta:
  title: Prijsvoorbeeld
  client: Gemeente Voorbeeld
  version: "1"
  date: 2024-06-01
  price_year: {year}
  weeks_per_year: 52
theory_of_change:
  problem: Een probleem.
sources:
  - id: eigen
    title: Eigen tarievenlijst gemeente Voorbeeld
    year: 2024
financiers:
  - id: gemeente_wmo
    name: Gemeente (Wmo)
    party: gemeente
    domains: [wmo]
  - id: zorgverzekeraar
    name: Zorgverzekeraar
    party: zorgverzekeraar
    domains: [zvw]
  - id: mantelzorgers
    name: Mantelzorgers
    party: burgers
price_lists: [mbc-de-bilt-2019, kostenhandleiding-2024]
{local}
interventions:
  - id: proef
    name: Proef
    reach: 10
    reach_unit: deelnemers
    effects:
{effects}
    investments:
      - {{id: inzet, name: Inzet, amount: 1000, payer: gemeente_wmo}}
"""


def model(effects: str, year: int = 2019, local: str = "") -> object:
    lines = "\n".join(f"      {line}" for line in effects.strip().splitlines())
    return loads(CASE.format(effects=lines, year=year, local=local))


def line(effects: str, year: int = 2019, local: str = "") -> object:
    results = evaluate(model(effects, year, local))  # type: ignore[arg-type]
    return results.get("proef", "basis").effects[0]


def test_bundled_lists_and_series() -> None:
    assert bundled_lists() == ["kostenhandleiding-2024", "mbc-de-bilt-2019", "vrijwilligerswerk"]
    reference = bundled_list("kostenhandleiding-2024")
    assert len(reference.items) == len(REFERENCE_CSV.read_text(encoding="utf-8").splitlines()) - 1
    gp = reference.items["gp_consult_avg"]
    assert (gp.amount, gp.price_year, gp.domain, gp.unit) == (30.87, 2022, "zvw", "consult")
    assert reference.items["homecare_household"].domain == "wmo"
    assert reference.items["timecost_informal_hour"].kind == "shadow_price"
    assert "Zorginstituut Nederland" in reference.source_of(gp).publisher  # type: ignore[operator]
    cpi = bundled_series()
    assert cpi.years == (2015, 2024)
    assert "83131NED" in cpi.source


def test_indexation_by_hand() -> None:
    # CPI 2019 → 2022: 1,3 % (2020) × 2,7 % (2021) × 10,0 % (2022)
    factor = 1.013 * 1.027 * 1.100
    assert bundled_series().factor(2019, 2022) == pytest.approx(factor)
    # a GP contact of € 80 (price level 2019) in a case at price level 2022
    result = line(
        "- {id: ha, name: Huisarts, cases: 10, units_per_case: 1, price: huisarts_contact}",
        year=2022,
    )
    assert result.price == pytest.approx(80 * factor)  # € 91,55
    assert result.gross == pytest.approx(10 * 80 * factor)
    assert result.price_used.index_factor == pytest.approx(factor)
    assert result.price_used.price_year == 2019
    # and the other way: a 2022 reference price in a 2019 case
    back = line(
        "- {id: hv, name: Huisbezoek, cases: 1, units_per_case: 1, price: gp_homevisit_avg}",
        year=2019,
    )
    assert back.price == pytest.approx(43.31 / factor)


def test_no_indexation_within_the_same_year() -> None:
    result = line(
        "- {id: ha, name: Huisarts, cases: 1, units_per_case: 1, price: huisarts_contact}"
    )
    assert result.price == 80 and result.price_used.index_factor == 1.0


def test_a_year_outside_the_series_is_an_error() -> None:
    with pytest.raises(ModelError) as caught:
        model(
            "- {id: ha, name: Huisarts, cases: 1, units_per_case: 1, price: huisarts_contact}",
            year=2030,
        )
    problem = caught.value.problems[0]
    assert problem.code == "index_year"
    assert "loopt van 2015 tot en met 2024" in problem.message
    assert problem.path.endswith("effects[ha].price")
    with pytest.raises(IndexError_):
        bundled_series().factor(2019, 2014)


def test_unit_conversion_day_to_half_days() -> None:
    # 10 days of day care with a price per dagdeel (€ 35,19): 10 × 2 × € 35,19
    result = line(
        "- {id: db, name: Dagbesteding, units: 10, unit: dagen, price: dagbesteding_dagdeel}"
    )
    assert result.price == pytest.approx(70.38)
    assert result.gross == pytest.approx(703.80)
    assert result.price_used.unit_factor == 2.0
    assert price_units_per_unit("week", "jaar", weeks_per_year=52) == pytest.approx(1 / 52)
    assert price_units_per_unit("minuten", "uur") == pytest.approx(1 / 60)
    assert price_units_per_unit("maand", "jaar") == pytest.approx(1 / 12)


def test_a_unit_mismatch_is_an_error() -> None:
    with pytest.raises(ModelError) as caught:
        model("- {id: db, name: Dagbesteding, units: 10, unit: uur, price: dagbesteding_dagdeel}")
    problem = caught.value.problems[0]
    assert problem.code == "unit_mismatch"
    assert "telt in 'uur'" in problem.message and "per 'dagdeel'" in problem.message
    assert problem.path.endswith("effects[db].unit")


def test_a_declared_unit_conversion() -> None:
    local = "unit_conversions:\n  - {larger: traject, smaller: uur, factor: 12}"
    result = line(
        "- {id: t, name: Trajecten, units: 3, unit: traject, price: begeleiding_uur}", local=local
    )
    assert result.gross == pytest.approx(3 * 12 * 46.80)


def test_a_local_price_overrides_the_list_and_says_so() -> None:
    local = (
        "prices:\n"
        "  - {id: begeleiding_uur, name: Begeleiding (eigen tarief), unit: uur, amount: 52.50,\n"
        "     price_year: 2019, source: eigen, financier: gemeente_wmo}"
    )
    result = line("- {id: b, name: Begeleiding, units: 10, price: begeleiding_uur}", local=local)
    assert result.price == 52.50
    assert result.price_used.origin == "case"
    assert (
        "vervangt Begeleiding individueel (Wmo) uit Tarieven mBC De Bilt 2019 (regio "
        "Zuidoost-Utrecht): €\u00a046,80" in (result.price_used.overrides or "")
    )


def test_the_financier_follows_the_domain_of_the_list_item() -> None:
    result = line(
        "- {id: ha, name: Huisarts, cases: 1, units_per_case: 1, price: huisarts_contact}"
    )
    assert result.financier == "zorgverzekeraar"


def test_an_unclaimed_domain_needs_a_financier() -> None:
    with pytest.raises(ModelError) as caught:
        model("- {id: j, name: Jeugdhulp, units: 1, price: jeugdhulp_uur}")
    problem = caught.value.problems[0]
    assert problem.code == "no_financier"
    assert "domein 'jeugd' uit mbc-de-bilt-2019" in problem.message


def test_shadow_prices_are_reported_apart_from_savings() -> None:
    # 100 hours of informal care replaced at € 18,80 (Kostenhandleiding, 2022) in a 2022 case
    effects = (
        "- {id: ha, name: Huisarts, cases: 10, units_per_case: 1, price: huisarts_contact}\n"
        "- {id: mz, name: Mantelzorg, units: 100, price: timecost_informal_hour, "
        "financier: mantelzorgers}"
    )
    ev = evaluate(model(effects, year=2022)).get("proef", "basis")  # type: ignore[arg-type]
    assert ev.shadow_value == pytest.approx(100 * 18.80)
    assert ev.gross == pytest.approx(10 * 80 * 1.013 * 1.027 * 1.100)  # the GP line only
    assert "mantelzorgers" not in {b.financier for b in ev.who_pays_who_gains}


def test_an_unknown_price_list_is_an_error() -> None:
    text = CASE.format(
        effects="      - {id: x, name: X, units: 1, price: huisarts_contact}", year=2019, local=""
    ).replace(
        "price_lists: [mbc-de-bilt-2019, kostenhandleiding-2024]",
        "price_lists: [mbc-de-bilt-2091]",
    )
    with pytest.raises(ModelError) as caught:
        loads(text)
    codes = {p.code for p in caught.value.problems}
    assert "unknown_price_list" in codes
    message = next(p.message for p in caught.value.problems if p.code == "unknown_price_list")
    assert "mbc-de-bilt-2019" in message  # it names the lists that do exist


def test_prices_command_searches_with_sources_and_indexes() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["prices", "gp_consult_avg", "--year", "2024", "--json"])
    assert result.exit_code == 0, result.output
    import json

    (row,) = json.loads(result.stdout)
    assert row["amount"] == 30.87 and row["price_year"] == 2022
    assert row["indexed"] == pytest.approx(30.87 * 1.038 * 1.033)
    assert "Kostenhandleiding" in row["source_title"]
    shown = runner.invoke(app, ["prices", "dagbesteding"])
    assert shown.exit_code == 0 and "€\u00a035,19" in shown.stdout and "iWmo" in shown.stdout
    outside = runner.invoke(app, ["prices", "--year", "2031"])
    assert outside.exit_code == 2 and "2031 valt erbuiten" in outside.output


def test_the_volunteer_hour_is_a_cited_shadow_price() -> None:
    volunteers = bundled_list("vrijwilligerswerk")
    item = volunteers.items["vrijwilligersuur"]
    assert (item.kind, item.unit, item.price_year, item.domain) == (
        "shadow_price",
        "uur",
        2015,
        None,
    )
    # Apeldoorn: 24 hours a week are worth € 120 to over € 400 a week → € 5,00 – € 16,67
    assert item.amount == pytest.approx((120 / 24 + 400 / 24) / 2, abs=0.005)
    source = volunteers.source_of(item)
    assert source.title == "Innoveren met een maatschappelijke businesscase"
    assert source.publisher is not None and "In voor zorg!" in source.publisher
    assert source.note is not None and "120 tot ruim 400 euro per week" in source.note
    assert source.year is None  # the article prints no date; none is made up
    assert volunteers.currency == "EUR"


VOLUNTEER_RANGE = """
prices:
  - id: vrijwilligersuur
    name: Uur vrijwilligerswerk (bandbreedte Apeldoorn)
    unit: uur
    amount: {uniform: [5, 16.67]}
    price_year: 2015
    source: eigen
    kind: shadow_price
"""


def test_the_apeldoorn_range_as_a_distribution() -> None:
    # 10 volunteers, 24 hours a week for 52 weeks, valued at the Apeldoorn range
    effect = (
        "- {id: vw, name: Vrijwilligerswerk, cases: 10, units_per_case: 1248, unit: uur, "
        "price: vrijwilligersuur, financier: mantelzorgers}"
    )
    lines = "\n".join(f"      {x}" for x in effect.splitlines())
    text = CASE.format(effects=lines, year=2024, local=VOLUNTEER_RANGE).replace(
        "price_lists: [mbc-de-bilt-2019, kostenhandleiding-2024]",
        "price_lists: [vrijwilligerswerk]",
    )
    loaded = loads(text)
    amount = loaded.book.prices["vrijwilligersuur"].amount
    assert amount.dist is not None and amount.dist.kind == "uniform"
    assert amount.dist.params == (5.0, 16.67)
    results = evaluate(loaded)
    line = results.get("proef", "basis").effects[0]
    factor = bundled_series().factor(2015, 2024)
    assert line.kind == "shadow_price"
    assert line.price == pytest.approx((5 + 16.67) / 2 * factor)  # the point value: the middle
    assert results.get("proef", "basis").shadow_value == pytest.approx(12480 * line.price)
    assert results.get("proef", "basis").gross == 0  # a value, not a saving on a budget
    overrides = line.price_used.overrides
    assert (
        overrides is not None
        and "uit Waarde van vrijwilligerswerk (schaduwprijs): €\u00a010,83 per uur" in overrides
    )


def test_the_price_table_shows_the_source_year_beside_the_price_level_used() -> None:
    """A 2022 price in a 2024 case: source amount, its year, the index and the amount used."""
    from rendement.model import load_model
    from rendement.present import prices_table

    examples = Path(__file__).resolve().parents[1] / "examples"
    results = evaluate(load_model(examples / "rekenvoorbeeld-meerjarig.yaml"))
    table = prices_table(results)
    assert table.title == "Gebruikte tarieven en bronnen (prijspeil 2024)"
    assert table.columns[2:6] == [
        "Bedrag in de bron",
        "Prijspeil bron",
        "Index naar 2024",
        "Bedrag 2024",
    ]
    gp = next(row for row in table.rows if row[0].startswith("Huisarts, consult (gemiddeld"))
    assert gp[2:6] == ["€\u00a030,87", "2022", "1,0723", "€\u00a033,10"]
    factor = float(gp[4].replace(",", "."))
    assert round(30.87 * factor, 2) == 33.10  # the reader's calculator agrees
    de_bilt = prices_table(evaluate(load_model(examples / "de-bilt-2019.yaml")))
    listed = [row for row in de_bilt.rows if row[2]]  # a converted price's row has no source
    assert {row[3] for row in listed} == {"2019"}  # not indexed: factor 1
    assert {row[4] for row in listed} == {"1,0000"}


def test_dutch_names_first_and_the_english_description_still_found() -> None:
    """'huisarts' finds the Dutch-named GP consult first; 'general practitioner' (the
    Kostenhandleiding's English description) still finds it; every item has a Dutch name."""
    from rendement.i18n import language
    from rendement.prices.search import search

    lists = [bundled_list(i) for i in bundled_lists()]
    hits = search("huisarts", lists)
    assert hits[0].item.code == "gp_consult_avg"
    assert hits[0].item.name == "Huisarts, consult (gemiddeld; ook telefonisch of per e-mail)"
    assert "mbc-de-bilt-2019" in {h.list_id for h in hits}  # De Bilt's own, also Dutch
    english = search("general practitioner", lists)
    assert english[0].item.code == "gp_consult_avg"
    gp = english[0].item
    assert gp.name_en is not None and gp.name_en.startswith("General practitioner, average")
    with language("en"):
        assert gp.label() == gp.name_en
    assert gp.label() == gp.name
    reference = bundled_list("kostenhandleiding-2024")
    assert all(item.name_en and item.name != item.name_en for item in reference.items.values())
    assert reference.items["dayactivities_halfday"].unit == "dagdeel"  # 'per half day'
    assert reference.items["dayactivities_halfday"].name == "Dagbesteding, per dagdeel"
    # De Bilt's names are the report's, unchanged
    assert bundled_list("mbc-de-bilt-2019").items["huisarts_contact"].name == "Contact huisarts/POH"


def test_tables_show_the_price_name_in_the_readers_language_and_plural_units() -> None:
    from rendement.i18n import language
    from rendement.model import load_model
    from rendement.present import prices_table
    from rendement.present.tables import gross_table

    examples = Path(__file__).resolve().parents[1] / "examples"
    results = evaluate(load_model(examples / "rekenvoorbeeld-meerjarig.yaml"))
    dutch = [row[0] for row in prices_table(results).rows]
    assert "Huisarts, consult (gemiddeld; ook telefonisch of per e-mail) (per consult)" in dutch
    assert "Tijdskosten mantelzorg, vervangingskosten per uur" in dutch  # 'per uur' once
    with language("en"):
        english = [row[0] for row in prices_table(results).rows]
    assert any(n.startswith("General practitioner, average consultation") for n in english)
    assert not any(n.startswith("Huisarts, consult") for n in english)
    # the effect lines count their units in the plural: 3 consults per participant
    ev = results.intervention("maatjes").evaluations[0]
    gp_line = next(line for line in ev.effects if line.price_id == "gp_consult_avg")
    assert gp_line.units is not None and gp_line.units > 1
    table = gross_table(ev, "x", "Gemeente", {})
    row = next(r for r in table.rows if r[0] == gp_line.name)
    assert row[3].endswith(" consulten"), row
    with language("en"):
        row = next(r for r in gross_table(ev, "x", "Gemeente", {}).rows if r[0] == gp_line.name)
    assert row[3].endswith(" consultations"), row


def test_plural_units_in_dutch_and_english() -> None:
    from rendement.i18n import language
    from rendement.prices.units import counted

    assert counted("60", 60, "consult") == "60 consulten"
    assert counted("1", 1, "consult") == "1 consult"
    assert counted("12", 12, "uur") == "12 uren"
    assert counted("4", 4, "dagdeel") == "4 dagdelen"
    assert counted("2", 2, "gezin per jaar") == "2 gezinnen per jaar"
    # a word no table knows follows the spelling rules: short vowel, doubled consonant
    assert counted("3", 3, "zorgpakket") == "3 zorgpakketten"
    assert counted("0", 0, "gezin per jaar") == "0 gezinnen per jaar"  # none: plural
    assert counted("0,5", 0.5, "dag") == "0,5 dag"  # a part of one: singular
    assert counted("2", 2, "attendance") == "2 attendances"  # an English unit stays English
    with language("en"):
        assert counted("0", 0, "gezin per jaar") == "0 families per year"
        assert counted("0.5", 0.5, "dag") == "0.5 days"
        assert counted("60", 60, "consult") == "60 consultations"
        assert counted("1", 1, "uur") == "1 hour"
        assert counted("3", 3, "zorgpakket") == "3 zorgpakket"


def test_prices_command_finds_dutch_and_english_names() -> None:
    import json

    runner = CliRunner()
    dutch = runner.invoke(app, ["prices", "huisarts, consult (gemiddeld", "--json"])
    english = runner.invoke(app, ["prices", "general practitioner, average consultation", "--json"])
    assert [r["code"] for r in json.loads(dutch.stdout)] == ["gp_consult_avg"]
    assert [r["code"] for r in json.loads(english.stdout)] == ["gp_consult_avg"]
    table = runner.invoke(app, ["prices", "gp_consult_avg"])
    assert "Huisarts, consult" in table.stdout and "General practitioner" not in table.stdout
    table = runner.invoke(app, ["prices", "gp_consult_avg", "--lang", "en"])
    assert "General practitioner" in table.stdout and "Huisarts, consult" not in table.stdout
