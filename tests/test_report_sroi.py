"""The SROI report a practitioner expects (issue 22, part 4): examples/sroi-lunch-club-au.yaml.

Every figure the tests look for is computed here by hand from the model's own numbers (as
tests/test_sroi_example.py does), never copied from the program:
- the value per stakeholder after deadweight, displacement and attribution to others;
- social value S = A$ 144.798,30, investment I = A$ 53.000 (one year, nothing discounted);
- NPV = S − I, payback = I ÷ S × 12 months (the year's investment at its start, the value
  coming in evenly over the year), SROI = S ÷ I;
- 1 : 1 values: every proxy scaled by I ÷ S; every deadweight (or attribution to others,
  or displacement) raised by Δ = (S − I) ÷ Σ g/(1 − x), g a line's value and x its filter.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rendement import i18n
from rendement.cli import app
from rendement.engine import Results, evaluate
from rendement.i18n import catalogue, language
from rendement.model import load_model
from rendement.money import currency
from rendement.report import build_outline, render_html, write_report
from rendement.report.outline import Bullets, Heading, Outline, Paragraph, TableBlock
from rendement.report.sroi import ratio_sensitivity, sroi_return

EXAMPLES = Path(__file__).parent.parent / "examples"
EXAMPLE = EXAMPLES / "sroi-lunch-club-au.yaml"
ONS = 133.9 / 107.8
ABS_2022 = 138.675 / 127.3
ABS_2023 = 138.675 / 134.425
# per outcome line: value after the filters (g), and its deadweight, displacement and
# attribution to others, as the YAML writes them
LINES = {
    "contact": (60 * 1000 * ONS * 1.95 * 0.8 * 0.75, 0.20, 0.0, 0.25),
    "admissions": (6 * 5200 * ABS_2022 * 0.7 * 0.6, 0.30, 0.0, 0.40),
    "home_care": (9 * 52 * 68 * 0.75 * 0.9 * 0.8, 0.25, 0.10, 0.20),
    "respite": (25 * 1200 * 0.9 * 0.7, 0.10, 0.0, 0.30),
    "volunteering": (12 * 650 * ABS_2023 * 0.9, 0.0, 0.0, 0.10),
}
SOCIAL = sum(g for g, *_ in LINES.values())
INVESTED = 45000 + 8000

DUTCH = [
    "Basis",
    "Financiers en",
    "netto besparing",
    "besparing",
    "perspectief",
    "gemeente",
    "prijspeil",
    "Tabel",
    "Figuur",
    "Samenvatting",
    "Verandertheorie",
    "Aanpak",
    "Belanghebbende",
    "belanghebbenden",
    "Investering",
    "Waarde",
    "Uitkomst",
    "Aanname",
    "Terugverdientijd",
    "maanden",
    "jaar",
    "niet haalbaar",
    "meegenomen",
    "uitgesloten",
    "Bronnen",
    "Bijlage",
    "Kassabon",
    "bedragen",
    "toerekening",
    "verplaatsing",
    "afname",
    "contante waarde",
    "SROI-ratio",
    "stadia",
    "het",
    "een",
    "van",
    "voor",
    "wordt",
    "zijn",
]
"""Dutch words of the mBC and SROI reports; none may stand in the English report."""


def _results(path: Path = EXAMPLE) -> Results:
    return evaluate(load_model(path))


def _outline(results: Results, lang: str = "en") -> Outline:
    with language(lang), currency(results.currency):
        return build_outline(results)


def _text(outline: Outline) -> str:
    parts = [outline.title, *outline.title_lines]
    for block in outline.blocks:
        if isinstance(block, Heading | Paragraph):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.extend(block.items)
        elif isinstance(block, TableBlock):
            table = block.table
            parts += [table.title, *table.columns, table.caption or ""]
            parts += [cell for row in table.rows for cell in row]
    return "\n".join(parts)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(parser.parts)


def _dutch_words(text: str) -> list[str]:
    return [w for w in DUTCH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def _summary(outline: Outline) -> list[Any]:
    """The blocks of the summary chapter, without its heading."""
    start = next(n for n, b in enumerate(outline.blocks) if isinstance(b, Heading))
    end = next(
        n
        for n, b in enumerate(outline.blocks)
        if n > start and isinstance(b, Heading) and b.level == 1
    )
    return outline.blocks[start + 1 : end]


def _table(outline: Outline, title: str) -> Any:
    return next(
        b.table
        for b in outline.blocks
        if isinstance(b, TableBlock) and b.table.title.startswith(title)
    )


@pytest.fixture(scope="module")
def results() -> Results:
    return _results()


@pytest.fixture(scope="module")
def outline(results: Results) -> Outline:
    return _outline(results)


def test_the_english_report_has_no_dutch_word(results: Results, outline: Outline) -> None:
    assert _dutch_words(_text(outline)) == []
    with language("en"), currency(results.currency):
        page = render_html(outline)
    assert _dutch_words(_html_text(page)) == []
    assert '<html lang="en">' in page


def test_every_label_of_the_english_report_has_a_translation(
    results: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every Dutch label the report asks for is in the English catalogue (a label without
    one would print in Dutch, whatever the word list above misses)."""
    english = catalogue("en")  # read before the catalogue is watched
    asked: list[str] = []
    original = i18n._translations

    class Recording:
        def __init__(self, code: str) -> None:
            self.inner = original(code)

        def gettext(self, text: str) -> str:
            asked.append(text)
            return self.inner.gettext(text)

    monkeypatch.setattr(i18n, "_translations", Recording)
    outline = _outline(results)
    with language("en"), currency(results.currency):
        render_html(outline)
    assert len(asked) > 100
    assert [label for label in set(asked) if label not in english] == []


def test_the_summary_leads_with_the_sroi_ratio(outline: Outline) -> None:
    summary = _summary(outline)
    first = summary[0]
    assert isinstance(first, Paragraph) and first.style == "lead"
    ratio = f"{SOCIAL / INVESTED:.2f} : 1"
    assert ratio == "2.73 : 1"
    assert f"SROI ratio {ratio}" in first.text
    assert f"A${SOCIAL:,.0f}" in first.text and f"A${INVESTED:,}" in first.text
    glance = next(b for b in summary if isinstance(b, TableBlock)).table
    assert glance.columns[:3] == ["Intervention", "SROI ratio", "Social value"]
    row = glance.rows[0]
    assert row[1] == ratio
    assert row[2:5] == [f"A${SOCIAL:,.0f}", f"A${INVESTED:,}", f"A${SOCIAL - INVESTED:,.0f}"]
    assert row[5] == f"{INVESTED / SOCIAL * 12:.1f} months" == "4.4 months"
    # then the value per stakeholder, the members first
    per_stakeholder = [b for b in summary if isinstance(b, TableBlock)][1].table
    assert per_stakeholder.columns[0] == "Stakeholder"
    assert per_stakeholder.rows[0][1] == f"A${LINES['contact'][0]:,.0f}"
    # the council's own net savings are no longer the headline, and no ratio is money
    assert "-A$27,815" not in first.text
    text = _text(outline)
    assert not re.search(r"ratio\s+(A\$|AUD)", text)


def test_money_in_the_currency_s_own_style(outline: Outline) -> None:
    assert "All amounts in Australian dollars" in outline.title_lines
    text = _text(outline)
    net = 9 * 52 * 68 * 0.75 * 0.9 * 0.8 - 45000  # the council's own net: −27.815
    assert f"-A${-net:,.0f}" in text
    assert "AUD" not in text.replace("GBP/AUD", "")  # the rate's source names the pair


def test_the_six_stages_of_the_sroi_guide(outline: Outline) -> None:
    bullets = next(b.items for b in outline.blocks if isinstance(b, Bullets) and len(b.items) == 6)
    assert [item.split(":")[0] for item in bullets] == [
        "Establishing scope and identifying key stakeholders",
        "Mapping outcomes",
        "Evidencing outcomes and giving them a value",
        "Establishing impact",
        "Calculating the SROI",
        "Reporting, using and embedding",
    ]
    assert "Theory of change: the social problem" not in _text(outline)


def test_stakeholders_included_and_excluded(results: Results, outline: Outline) -> None:
    table = _table(outline, "Stakeholders included and excluded")
    rows = {row[0]: row for row in table.rows}
    assert rows["Local cafés"][1] == "no" and "negligible" in rows["Local cafés"][2]
    assert rows["Local cafés"][3] == "—"
    assert rows["Members (isolated older residents)"][1] == "yes"
    assert rows["Members (isolated older residents)"][3] == f"A${LINES['contact'][0]:,.0f}"
    assert table.caption == "5 included, 2 excluded."
    # the excluded stakeholders change no figure
    ev = results.get("lunch_club", "basis")
    assert ev.social_value == pytest.approx(SOCIAL)
    assert "cafes" not in ev.stakeholder_value
    # no financiers table with an empty column of laws
    assert "Law" not in _text(outline).split()
    # value is the stakeholder's: the value table names stakeholders, not financiers
    value = _table(outline, "Social value · Base")
    assert value.columns[-1] == "Stakeholder"
    assert value.rows[0][-1] == "Members (isolated older residents) (shadow price)"


def test_the_impact_map(outline: Outline) -> None:
    first = _table(outline, "Impact map (1/2)")
    assert first.columns == [
        "Stakeholder",
        "Inputs",
        "Outputs",
        "Outcome",
        "Indicator",
        "Quantity",
        "Duration",
    ]
    council = next(row for row in first.rows if row[0] == "Example Shire Council")
    assert council[1] == "Council grant (bus, fuel, coordinator): A$45,000"
    assert council[3:7] == [
        "Home care started later",
        "Hours of home care deferred (council records)",
        f"{9 * 52} hours",
        "1 year",
    ]
    assert first.rows[-1][:2] == ["Total", f"A${INVESTED:,}"]
    second = _table(outline, "Impact map (2/2)")
    assert second.columns == [
        "Outcome",
        "Financial proxy (source)",
        "Value per unit",
        "Deadweight",
        "Displacement",
        "Attribution to others",
        "Drop-off",
        "Value",
    ]
    home = next(row for row in second.rows if row[0] == "Home care started later")
    assert home[1] == "Home care, per hour [2]"
    assert home[2:] == ["A$68", "25%", "10%", "20%", "0%", f"A${LINES['home_care'][0]:,.0f}"]
    assert second.rows[-1][-1] == f"A${SOCIAL:,.0f}"
    assert "[1] Illustrative British proxy" in (second.caption or "")


def test_net_present_value_and_payback(results: Results, outline: Outline) -> None:
    figures = sroi_return(results.get("lunch_club", "basis"))
    assert figures.net_present_value == pytest.approx(SOCIAL - INVESTED)
    assert figures.payback_years == pytest.approx(INVESTED / SOCIAL)
    text = _text(outline)
    assert (
        f"A${SOCIAL:,.0f} − A${INVESTED:,} = A${SOCIAL - INVESTED:,.0f}" in text
    )  # 144,798 − 53,000 = 91,798
    assert f"Payback period: {INVESTED / SOCIAL * 12:.1f} months" in text


def _by_label(results: Results) -> dict[str, Any]:
    ev = results.get(results.interventions[0].id, "basis")
    with language("en"):
        return {v.label: v for v in ratio_sensitivity(results, ev)}


def test_the_ratio_s_sensitivity_by_hand(results: Results, outline: Outline) -> None:
    found = _by_label(results)
    contact, *_rest = LINES["contact"]
    members = found["Members less isolated · deadweight"]
    # deadweight 20 % → 10 % and 30 %: the line's value scales with (1 − deadweight)
    assert members.ratio_low == pytest.approx((SOCIAL - contact + contact * 0.9 / 0.8) / INVESTED)
    assert members.ratio_high == pytest.approx((SOCIAL - contact + contact * 0.7 / 0.8) / INVESTED)
    # the members' value alone (87.196) is less than S − I (91.798): no deadweight of
    # theirs brings the ratio to 1 : 1
    assert contact < SOCIAL - INVESTED and members.one_to_one is None
    proxy = found["Members less isolated · financial proxy"]
    assert proxy.ratio_high == pytest.approx((SOCIAL + 0.25 * contact) / INVESTED)
    # every outcome at once
    assert found["All outcomes · financial proxies"].one_to_one == pytest.approx(INVESTED / SOCIAL)
    for name, k in (("deadweight", 1), ("displacement", 2), ("attribution to others", 3)):
        slope = sum(line[0] / (1 - line[k]) for line in LINES.values())
        delta = (SOCIAL - INVESTED) / slope
        assert found[f"All outcomes · {name}"].one_to_one == pytest.approx(delta)
    assert (SOCIAL - INVESTED) / sum(g / (1 - dw) for g, dw, *_ in LINES.values()) == (
        pytest.approx(0.508, abs=0.001)
    )
    table = _table(outline, "Sensitivity of the SROI ratio")
    rows = {row[0]: row for row in table.rows}
    assert rows["All outcomes · deadweight"][4] == "+50.8 pp"
    assert rows["All outcomes · financial proxies"][4] == f"{(INVESTED / SOCIAL - 1) * 100:.1f}%"
    assert rows["Members less isolated · deadweight"][1:] == [
        "20%",
        f"10% → {members.ratio_low:.2f}",
        f"30% → {members.ratio_high:.2f}",
        "not reachable",
    ]
    assert "±25%" in (table.caption or "") and "±10 percentage points" in (table.caption or "")


def test_a_reachable_one_to_one_value_by_hand(tmp_path: Path) -> None:
    """With a larger grant (A$ 112.000 + 8.000) the members' deadweight can bring the ratio
    to 1 : 1: x* = 1 − (I − S + g)·(1 − 0,2)/g."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("amount: 45000", "amount: 112000")
    model = tmp_path / "lunch.yaml"
    model.write_text(text, encoding="utf-8")
    results = _results(model)
    invested = 112000 + 8000
    contact = LINES["contact"][0]
    found = _by_label(results)
    solved = 1 - (invested - SOCIAL + contact) * 0.8 / contact
    assert 0.2 < solved < 1
    assert found["Members less isolated · deadweight"].one_to_one == pytest.approx(solved)
    # and the model with that deadweight has a ratio of 1 : 1 (another route: the engine)
    again = text.replace("deadweight: 20%", f"deadweight: {solved * 100:.10f}%", 1)
    model.write_text(again, encoding="utf-8")
    ev = _results(model).get("lunch_club", "basis")
    assert ev.sroi_ratio == pytest.approx(1.0)


def test_drop_off_one_to_one_is_what_the_engine_gives(tmp_path: Path) -> None:
    """Drop-off acts through the years: its 1 : 1 value is found by bisection; the model
    rerun with that drop-off has a ratio of 1 : 1."""
    source = EXAMPLES / "sroi-uk-pounds.yaml"
    text = source.read_text(encoding="utf-8").replace("hourly_cost: 21", "hourly_cost: 46")
    model = tmp_path / "uk.yaml"
    model.write_text(text, encoding="utf-8")
    results = _results(model)
    found = _by_label(results)
    home = found["Home care started later · drop-off"]
    assert home.one_to_one is not None and 0.25 < home.one_to_one < 1
    again = text.replace("drop_off: 25%", f"drop_off: {home.one_to_one * 100:.10f}%")
    model.write_text(again, encoding="utf-8")
    ev = _results(model).get("befriending", "basis")
    assert ev.sroi_ratio == pytest.approx(1.0, abs=1e-6)
    # an outcome of one year has no drop-off row: drop-off cannot change its value
    assert "Fewer emergency department attendances · drop-off" not in found


def test_the_model_s_language_is_the_report_s_default(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "au.html"
    result = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(target)], env={"LANG": "nl"})
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "The SROI at a glance" in page
    dutch = tmp_path / "au-nl.html"
    result = runner.invoke(
        app, ["report", str(EXAMPLE), "-o", str(dutch), "--lang", "nl"], env={"LANG": "en"}
    )
    assert result.exit_code == 0, result.output
    page = dutch.read_text(encoding="utf-8")
    assert '<html lang="nl">' in page and "De SROI in één oogopslag" in page
    assert "A$\u00a0144.798" in page  # Dutch grouping, the currency's own sign
    # write_report without a language: the model's own
    written = write_report(_results(), tmp_path / "w.html")
    assert '<html lang="en">' in written.read_text(encoding="utf-8")


def test_the_english_pdf(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    target = write_report(_results(), tmp_path / "au.pdf")
    document = pdfium.PdfDocument(str(target))
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    text = re.sub(r"\s+", " ", text)
    for words in (
        "Summary",
        "SROI ratio 2.73 : 1",
        "Impact map (1/2)",
        "Stakeholders included and excluded",
        "Net present value",
        "Payback period",
        "Sensitivity of the SROI ratio",
        "All amounts in Australian dollars",
    ):
        assert words in text, words
    assert _dutch_words(text) == []
