"""The Drum Atweme forecast SROI (issue 22, part 5): a published report modelled as far as
it can be read, checked by hand against the reference transcription
(/work/shared/reference/sroi-drum-atweme-2014.md, figures as printed there).

By hand, from the printed figures:

* young people in the performance group: "$2,098" ('000) = $2,098,000, of which 1.1
  "$368", 1.2 "$688", 1.3 "$480" and 1.4 the rest, 2,098 − 368 − 688 − 480 = $562k;
  1.1 before its filters: 368,000 ÷ (0.75 × 0.75) = $654,222.22;
* justice system: "$675k per annum" × 5 years = $3,375,000;
* the school group, schools, families and community together: the rest of "$7.3m",
  7,300,000 − 2,098,000 − 3,375,000 = $1,827,000;
* social value 2,098,000 + 3,375,000 + 1,827,000 = $7,300,000;
* investment: the two printed parts, 797,000 + 193,000 = $990,000;
* SROI ratio 7,300,000 ÷ 990,000 = 7.3737…; justice only 3,375,000 ÷ 990,000 = 3.4091
  (over the printed "$1.1 m": 3.0682); young people only 2,098,000 ÷ 990,000 = 2.1192.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.audit import audit
from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import load_model
from rendement.web.cases.examples import EXAMPLES, example_text

EXAMPLE = Path(__file__).parent.parent / "examples" / "sroi-drum-atweme-2014.yaml"

YOUNG = 2_098_000.0
JUSTICE = 5 * 675_000.0
REST = 7_300_000.0 - YOUNG - JUSTICE
INVESTMENT = 797_000.0 + 193_000.0


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    return evaluate(load_model(EXAMPLE))


def test_the_model_states_its_method_language_and_currency(results) -> None:  # type: ignore[no-untyped-def]
    meta = results.model.case.meta
    assert (meta.method, meta.language, meta.currency) == ("sroi", "en", "AUD")
    stakeholders = {s.id: s for s in results.model.case.stakeholders}
    assert len(stakeholders) == 7  # Table A2.1 as far as readable
    assert [s.id for s in stakeholders.values() if not s.included] == ["employees"]
    assert all(s.reason for s in stakeholders.values())


def test_values_investment_and_ratios_match_the_hand_computation(results) -> None:  # type: ignore[no-untyped-def]
    ev = results.get("drum_atweme", "basis")
    lines = {e.id: e.gross for e in ev.effects}
    assert lines["self_esteem"] == pytest.approx(654_222.222222 * 0.75 * 0.75)
    assert lines["self_esteem"] == pytest.approx(368_000.0)
    assert lines["antisocial"] == pytest.approx(YOUNG - 368_000 - 688_000 - 480_000)
    assert lines["antisocial"] == pytest.approx(562_000.0)
    assert lines["justice"] == pytest.approx(3_375_000.0)
    assert lines["stakeholders_2_to_5"] == pytest.approx(1_827_000.0)
    assert ev.stakeholder_value["young_performance"] == pytest.approx(YOUNG)
    assert ev.stakeholder_value["justice"] == pytest.approx(JUSTICE)
    assert ev.social_value == pytest.approx(YOUNG + JUSTICE + REST)
    assert ev.social_value == pytest.approx(7_300_000.0)
    assert ev.investment == pytest.approx(990_000.0)
    assert ev.sroi_ratio == pytest.approx(7_300_000 / 990_000)
    assert round(ev.sroi_ratio, 2) == 7.37
    assert ev.stakeholder_ratio["justice"] == pytest.approx(3.40909, abs=1e-5)
    assert ev.stakeholder_ratio["young_performance"] == pytest.approx(2.11919, abs=1e-5)


def test_the_audit_finds_exactly_the_two_figures_that_do_not_add_up(results) -> None:  # type: ignore[no-untyped-def]
    with language("en"):
        report = audit(results)
    assert report.checked == 12
    assert {f.path for f in report.findings} == {"investment", "stakeholder_ratio.justice"}
    # no rounding-only finding: every finding lies outside the range its print stands for
    for finding in report.findings:
        assert finding.allowed is not None
        low, high = finding.allowed
        assert not low <= finding.computed <= high
    # the ten others agree within their print ("$7.3m" covers 7.25m – 7.35m, "7:1" 6.5–7.5)
    assert len(report.rounded) == 10
    rounded = {r.path: r for r in report.rounded}
    assert rounded["sroi_ratio"].low <= 7_300_000 / 990_000 <= rounded["sroi_ratio"].high
    assert rounded["social_value"].as_printed == "$7.3m"

    invested = next(f for f in report.findings if f.path == "investment")
    assert invested.cause.code == "parts_do_not_add"
    assert invested.printed == 1_100_000 and invested.computed == pytest.approx(INVESTMENT)
    assert invested.difference == pytest.approx(110_000)
    assert "990,000" in invested.cause.text and "110,000" in invested.cause.text

    justice = next(f for f in report.findings if f.path == "stakeholder_ratio.justice")
    assert justice.cause.code == "quotient_readings"
    assert justice.allowed == (3.5, 4.5)
    # both readings: over the computed $990k and over the printed "$1.1 m"
    assert f"{JUSTICE / INVESTMENT:.2f}" == "3.41" and "3.41" in justice.cause.text
    assert f"{JUSTICE / 1_100_000:.2f}" == "3.07" and "3.07" in justice.cause.text
    # what "4:1" would need: 3.5 × $990k – 4.5 × $990k, or the same over $1.1m
    assert "3,465,000" in justice.cause.text and "4,455,000" in justice.cause.text
    assert "3,850,000" in justice.cause.text and "4,950,000" in justice.cause.text
    # the one denominator that gives "4:1" — the department's cash alone, 3.375m ÷ 797k —
    # is not the one the young people's "2:1" uses (2.098m ÷ 797k = 2.63)
    assert f"{JUSTICE / 797_000:.2f}" == "4.23" and "4.23" in justice.cause.text
    assert f"{YOUNG / 797_000:.2f}" == "2.63" and "2.63" in justice.cause.text


def test_the_example_can_start_a_case_in_the_web_app() -> None:
    assert "sroi-drum-atweme-2014" in EXAMPLES
    assert example_text("sroi-drum-atweme-2014") == EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_web_app_starts_a_case_from_it_with_the_two_findings(world) -> None:  # type: ignore[no-untyped-def]
    import html

    from web_world import client_for

    owner = client_for(world["owner"])
    answer = owner.post(
        "/cases/new/", {"organisation": world["bilt"].pk, "example": "sroi-drum-atweme-2014"}
    )
    assert answer.status_code == 302
    page = html.unescape(owner.get(answer["Location"]).content.decode())
    assert page.count('<ul class="findings"><li>') == 1
    assert "het gedrukte totaal is niet de som van zijn gedrukte delen" in page
    assert "geen lezing van de delen geeft het gedrukte getal" in page
    assert "10 getallen zijn afgerond gedrukt en kloppen binnen die afronding" in page


def test_its_payback_counts_within_the_five_years_the_figures_cover() -> None:
    """The forecast's values are for FY15–FY19 as one period of five years, so the payback
    is the share of those five years it takes to earn back the investment: by hand,
    $990k ÷ $7.3m × 60 months = 8.1 months (not × 12 as if the values were a year's)."""
    from rendement.i18n import language
    from rendement.report import build_outline
    from rendement.report.outline import Paragraph, TableBlock
    from rendement.report.sroi import period_of, sroi_return

    results = evaluate(load_model(EXAMPLE))
    ev = results.interventions[0].evaluations[0]
    assert period_of(results) == 5
    figures = sroi_return(ev, period_of(results))
    assert figures.payback_years == pytest.approx(990_000 / 7_300_000 * 5)
    with language("en"):
        outline = build_outline(results)
    glance = next(b.table for b in outline.blocks if isinstance(b, TableBlock))
    assert glance.rows[0][-1] == "8.1 months"
    said = " ".join(b.text for b in outline.blocks if isinstance(b, Paragraph))
    assert "Payback period: 8.1 months" in said
