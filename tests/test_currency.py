"""A case in another currency than the euro: formatted per currency and language, in every
output (CLI tables, JSON, report, kassabon, charts, workbook); a price list in another
currency than the case is refused, never converted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rendement.cli import app
from rendement.currencies import MINOR_UNITS
from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import ModelError, load_model, loads
from rendement.money import active_currency, currency, euro, per_unit, price
from rendement.present.charts import number_locale, waterfall
from rendement.present.receipt import receipt
from rendement.report import build_outline, render_html, write_report
from rendement.report.workbook import money_format

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
POUNDS = EXAMPLES / "sroi-uk-pounds.yaml"
runner = CliRunner()


# ------------------------------------------------------------------ formatting


def test_euro_output_is_unchanged() -> None:
    assert (euro(98072), euro(-14969.4), euro(1829.875, cents=True)) == (
        "€\u00a098.072",
        "-\u00a0€\u00a014.969",
        "€\u00a01.829,88",
    )
    with language("en"):
        assert (euro(98072), euro(-14969.4), price(46.8)) == ("€98,072", "-€14,969", "€46.80")
    assert money_format() == "€ #,##0;[Red]- € #,##0"
    assert money_format("EUR", cents=True) == "€ #,##0.00;[Red]- € #,##0.00"


@pytest.mark.parametrize(
    ("code", "dutch", "english"),
    [
        (
            "GBP",
            ("£\u00a098.072", "-\u00a0£\u00a014.969", "£\u00a046,80"),
            ("£98,072", "-£14,969", "£46.80"),
        ),
        (
            "USD",
            ("$\u00a098.072", "-\u00a0$\u00a014.969", "$\u00a046,80"),
            ("$98,072", "-$14,969", "$46.80"),
        ),
        (
            "CHF",
            ("CHF\u00a098.072", "-\u00a0CHF\u00a014.969", "CHF\u00a046,80"),
            ("CHF\u00a098,072", "-CHF\u00a014,969", "CHF\u00a046.80"),
        ),
    ],
)
def test_money_per_currency_and_language(
    code: str, dutch: tuple[str, str, str], english: tuple[str, str, str]
) -> None:
    with currency(code):
        assert (euro(98072), euro(-14969.4), price(46.8)) == dutch
        with language("en"):
            assert (euro(98072), euro(-14969.4), price(46.8)) == english
    assert active_currency() == "EUR"


def test_cents_follow_the_minor_unit() -> None:
    with currency("JPY"):
        assert euro(1829.875, cents=True) == "JPY\u00a01.830"
    with currency("KWD"):
        assert euro(1829.8754, cents=True) == "KWD\u00a01.829,875"
    # what each unit invested returns keeps two decimals, also without cents
    assert per_unit(3.6155) == "€\u00a03,62"
    with currency("JPY"):
        assert per_unit(2.0833) == "JPY\u00a02,08"
    assert money_format("JPY", cents=True) == '"JPY" #,##0;[Red]- "JPY" #,##0'
    assert money_format("GBP") == "£ #,##0;[Red]- £ #,##0"


def test_the_code_list_is_iso_4217() -> None:
    assert {"EUR", "GBP", "USD", "CHF", "JPY", "SEK", "DKK", "NOK", "PLN"} <= set(MINOR_UNITS)
    assert all(re.fullmatch("[A-Z]{3}", code) for code in MINOR_UNITS)
    assert not {"XXX", "XTS", "XAU", "EURO", "GPB"} & set(MINOR_UNITS)
    with pytest.raises(ValueError, match="geen valutacode"), currency("GPB"):
        pass


def test_chart_axes_follow_the_currency() -> None:
    assert number_locale()["currency"] == ["€\u00a0", ""]
    with currency("GBP"):
        assert (number_locale()["currency"], number_locale()["minus"]) == (
            ["£\u00a0", ""],
            "-\u00a0",
        )
        with language("en"):
            assert (number_locale()["currency"], number_locale()["minus"]) == (["£", ""], "-")
    with currency("CHF"), language("en"):
        assert number_locale()["currency"] == ["CHF\u00a0", ""]


# ------------------------------------------------------------------ the model


def _meta_currency(code: str) -> str:
    return POUNDS.read_text(encoding="utf-8").replace("currency: GBP ", f"currency: {code} ")


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("gbp", "schrijf de valutacode 'gbp' als GBP"),
        ("POUND", "'POUND' is geen valutacode volgens ISO 4217"),
    ],
)
def test_an_unknown_currency_is_a_located_dutch_error(code: str, says: str) -> None:
    with pytest.raises(ModelError) as caught:
        loads(_meta_currency(code), file="pond.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "meta.currency"
    assert problem.line == 17
    assert says in problem.message


def test_any_iso_code_is_accepted() -> None:
    assert loads(_meta_currency("CHF")).case.meta.currency == "CHF"


def test_a_euro_price_list_in_a_pound_case_is_refused() -> None:
    text = POUNDS.read_text(encoding="utf-8").replace(
        "perspective: council\n", "perspective: council\n\nprice_lists: [kostenhandleiding-2024]\n"
    )
    with pytest.raises(ModelError) as caught:
        loads(text, file="pond.yaml")
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("price_lists[1]", "currency_mismatch")
    assert problem.line == text.splitlines().index("price_lists: [kostenhandleiding-2024]") + 1
    assert "'kostenhandleiding-2024' is in EUR, maar de case rekent in GBP" in problem.message
    assert "rekent niet om" in problem.message


def test_a_price_list_in_the_case_currency_is_used(tmp_path: Path) -> None:
    (tmp_path / "uk.yaml").write_text(
        """
list: {id: uk-illustratief, name: Illustratief, version: "1", currency: GBP}
sources: [{id: uk, title: Illustrative unit costs}]
items:
  - {code: gp_appointment, name: GP, unit: appointment, amount: 40, price_year: 2024,
     source: uk, domain: health}
""",
        encoding="utf-8",
    )
    text = POUNDS.read_text(encoding="utf-8").replace(
        "perspective: council\n", "perspective: council\n\nprice_lists: [uk.yaml]\n"
    )
    loaded = loads(text, base=tmp_path)
    used = loaded.book.prices["gp_appointment"]
    assert used.origin == "case"  # the case's own £ 42 overrides the list's £ 40, and says so
    assert used.overrides is not None and "£\u00a040 per appointment" in used.overrides
    (tmp_path / "uk.yaml").write_text(
        (tmp_path / "uk.yaml").read_text(encoding="utf-8").replace("GBP", "pond"),
        encoding="utf-8",
    )
    with pytest.raises(ModelError) as caught:
        loads(text, base=tmp_path)
    assert "'pond' is geen valutacode" in caught.value.problems[0].message


# ------------------------------------------------------------------ every output in pounds

# by hand: coordinator 30 h × 52 × £ 21 = £ 32.760 a year for 3 years at 3,5 %
# (1 + 1/1,035 + 1/1,035²) plus £ 6.000 once: £ 100.994
INVESTMENT = 32760 * (1 + 1 / 1.035 + 1 / 1.035**2) + 6000


def test_the_pound_example_runs_in_pounds() -> None:
    results = evaluate(load_model(POUNDS))
    ev = results.get("befriending", "basis")
    assert ev.investment == pytest.approx(INVESTMENT)
    assert results.currency == "GBP"
    result = runner.invoke(app, ["run", str(POUNDS)])
    assert result.exit_code == 0, result.output
    assert "€" not in result.output
    assert "£\u00a0100.994" in result.output and "bedragen in GBP" in result.output
    assert "elke geïnvesteerde pond" in result.output
    assert active_currency() == "EUR"  # the command leaves the currency as it found it


def test_the_json_says_its_currency() -> None:
    result = runner.invoke(app, ["run", str(POUNDS), "--json"])
    document = json.loads(result.output)
    assert next(iter(document)) == "currency" and document["currency"] == "GBP"
    ev = document["interventions"]["befriending"]["variants"]["basis"]["scenarios"]["basis"]
    assert ev["investment"] == pytest.approx(INVESTMENT)
    meanings = " ".join(r["meaning"] for r in ev["ratios"])
    assert "elke geïnvesteerde pond levert £\u00a02,08" in meanings and "€" not in meanings
    euro_doc = json.loads(
        runner.invoke(app, ["run", str(EXAMPLES / "de-bilt-2019.yaml"), "--json"]).output
    )
    assert euro_doc["currency"] == "EUR"


def test_the_report_and_the_receipt_are_in_pounds() -> None:
    results = evaluate(load_model(POUNDS))
    for lang, word, total in (("nl", "pond", "£\u00a0100.994"), ("en", "pound", "£100,994")):
        with language(lang):
            page = render_html(build_outline(results))
        text = re.sub(r"<[^>]+>", " ", page)
        assert "€" not in text
        assert total in text
        assert f"geïnvesteerde {word}" in text or f"each {word} invested" in text
    bon = receipt(results, results.get("befriending", "basis")).text()
    assert "Per £\u00a01 geïnvesteerd: £\u00a02,08 terug" in bon and "€" not in bon
    kassabon = runner.invoke(app, ["kassabon", str(POUNDS), "--lang", "nl"])
    assert "NETTO" in kassabon.output and "£\u00a0108.717" in kassabon.output
    english = runner.invoke(app, ["kassabon", str(POUNDS)])  # the model's own language
    assert "NET" in english.output and "NETTO" not in english.output
    assert "£108,717" in english.output


def test_the_workbook_formats_pounds(tmp_path: Path) -> None:
    results = evaluate(load_model(POUNDS))
    path = write_report(results, tmp_path / "pond.xlsx")
    formats = {
        cell.number_format
        for sheet in load_workbook(path).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    }
    assert "£ #,##0;[Red]- £ #,##0" in formats
    assert not any("€" in f for f in formats)


def test_the_charts_of_a_pound_case_have_pound_axes() -> None:
    results = evaluate(load_model(POUNDS))
    ev = results.get("befriending", "basis")
    names = {f.id: f.name for f in results.model.case.financiers}
    with currency(results.currency):
        spec = waterfall(ev, results.perspective_name, names)
    assert spec["config"]["locale"]["number"]["currency"] == ["£\u00a0", ""]
    assert "€" not in json.dumps(spec, ensure_ascii=False)
