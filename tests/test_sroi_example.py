"""The worked SROI example (issue 14), by hand: examples/sroi-lunch-club-au.yaml.

One year, prices of 2024 in Australian dollars, the SROI guide's attribution (deducted):
- members: 60 × £ 1.000 × 133,9/107,8 (ONS, 2019→2024) × 1,95 AUD/GBP × 0,8 × 0,75
  = A$ 87.196,47 (a shadow price: value, no budget saving);
- state health: 6 admissions × A$ 5.200 × 138,675/127,3 (ABS, 2022→2024) × 0,7 × 0,6
  = A$ 14.274,92;
- council: 9 × 52 h × A$ 68 × 0,75 × 0,8 × 0,9 = A$ 17.184,96;
- carers: 25 × A$ 1.200 × 0,9 × 0,7 = A$ 18.900;
- volunteers: 12 × A$ 650 × 138,675/134,425 (2023→2024) × 0,9 = A$ 7.241,95.
Social value A$ 144.798,30 over an investment of A$ 53.000: SROI 2,73 : 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.audit import audit
from rendement.engine import evaluate
from rendement.model import load_model
from rendement.model.printed import parse_printed

EXAMPLE = Path(__file__).parent.parent / "examples" / "sroi-lunch-club-au.yaml"
ONS = 133.9 / 107.8
ABS_2022 = 138.675 / 127.3
ABS_2023 = 138.675 / 134.425
BY_HAND = {
    "members": 60 * 1000 * ONS * 1.95 * 0.8 * 0.75,
    "state_health": 6 * 5200 * ABS_2022 * 0.7 * 0.6,
    "council": 9 * 52 * 68 * 0.75 * 0.8 * 0.9,
    "carers": 25 * 1200 * 0.9 * 0.7,
    "volunteers": 12 * 650 * ABS_2023 * 0.9,
}


def _evaluation():  # type: ignore[no-untyped-def]
    results = evaluate(load_model(EXAMPLE))
    return results, results.get("lunch_club", "basis")


def test_the_values_per_stakeholder_by_hand() -> None:
    _results, ev = _evaluation()
    assert ev.stakeholder_value == pytest.approx(BY_HAND)
    assert BY_HAND["members"] == pytest.approx(87196.47, abs=0.01)
    assert ev.social_value == pytest.approx(sum(BY_HAND.values()))
    assert ev.social_value == pytest.approx(144798.30, abs=0.01)
    assert ev.investment == 53000
    assert ev.sroi_ratio == pytest.approx(sum(BY_HAND.values()) / 53000)
    assert ev.stakeholder_ratio["members"] == pytest.approx(BY_HAND["members"] / 53000)
    # the council pays 45.000 and gains its home care: its own mBC ratio beside the SROI
    assert ev.ratio_gross == pytest.approx(BY_HAND["council"] / 45000)
    assert all(line.to_others for line in ev.effects)


def test_the_audit_lists_the_real_slip_and_no_rounding() -> None:
    results, _ev = _evaluation()
    report = audit(results)
    assert report.checked == 10
    assert [f.path for f in report.findings] == ["stakeholder_value.council"]
    (finding,) = report.findings
    assert finding.cause.code == "filter_left_out"
    assert "de verplaatsing (10%) van effectregel 'Home care started later'" in finding.cause.text
    assert finding.allowed == (pytest.approx(19050), pytest.approx(19150))
    # every other print is rounding, listed as such, within its own range
    assert len(report.rounded) == 8
    for rounded in report.rounded:
        assert rounded.low <= rounded.computed <= rounded.high
        assert parse_printed(rounded.as_printed).covers(rounded.computed)
    assert any("tellen op tot" in remark.text for remark in report.remarks)


@pytest.mark.parametrize(
    ("printed", "words"),
    [
        ("$21.5k", "de toerekening aan anderen (20%)"),  # 17.184,96 ÷ 0,8 = 21.481
        ("$22.9k", "de deadweight (25%)"),  # 17.184,96 ÷ 0,75 = 22.913
    ],
)
def test_a_filter_left_out_is_named(printed: str, words: str, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('"$19.1k"', f'"{printed}"')
    model = tmp_path / "lunch.yaml"
    model.write_text(text, encoding="utf-8")
    report = audit(evaluate(load_model(model)))
    (finding,) = report.findings
    assert finding.cause.code == "filter_left_out" and words in finding.cause.text


def test_a_difference_no_filter_explains_stays_unknown(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('"$19.1k"', '"$25k"')
    model = tmp_path / "lunch.yaml"
    model.write_text(text, encoding="utf-8")
    (finding,) = audit(evaluate(load_model(model))).findings
    assert finding.cause.code == "unknown"
