"""Figures as printed (issue 14): the audit judges a figure within the rounding its print
implies, and tells rounding from a real difference — by hand on the minimal model.

The minimal model (tests/fixtures/minimal.yaml), variant *huidig*: investment 4 h × € 50 ×
52 weeks = € 10.400; GP 40 × 25 % × 2 × € 80 = € 1.600; support 20 × 8 h × € 46,80 =
€ 7.488; gross € 9.088; the perspective (the municipality) gains € 7.488, so its gross
ratio is 7.488 ÷ 10.400 = 0,72.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rendement.audit import audit
from rendement.engine import evaluate
from rendement.model import ModelError, loads
from rendement.model.printed import PrintError, parse_printed, printed_figure

MINIMAL = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
TABLE = """\
    reported:
      - table: Tabel 1
        variant: huidig
        figures:
"""


def _audited(figures: dict[str, Any]) -> Any:
    lines = "".join(f"          {path}: {value!r}\n" for path, value in figures.items())
    head, _sep, _rest = MINIMAL.partition("    reported:\n")
    tail = MINIMAL[MINIMAL.index("\nportfolio:") :] if "\nportfolio:" in MINIMAL else ""
    text = head + TABLE + lines + tail
    return audit(evaluate(loads(text, file="minimal.yaml", base=Path(__file__).parent)))


def test_the_minimal_model_is_what_the_docstring_says() -> None:
    report = _audited({"investment": 10400, "gross": 9088, "ratio_gross": 0.72})
    assert report.checked == 3 and report.findings == [] and report.rounded == []


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("6:1", 6.0, 5.5, 6.5),
        ("5.62:1", 5.62, 5.615, 5.625),
        ("€ 1,07 miljoen", 1_070_000, 1_065_000, 1_075_000),
        ("$4.8m", 4_800_000, 4_750_000, 4_850_000),
        ("£7.8 million", 7_800_000, 7_750_000, 7_850_000),
        ("ca. € 670.000", 670_000, 665_000, 675_000),
        ("44%", 0.44, 0.435, 0.445),
        ("- € 28,8 duizend", -28_800, -28_850, -28_750),
        ("A$2.1m", 2_100_000, 2_050_000, 2_150_000),
    ],
)
def test_a_print_stands_for_a_range(text: str, value: float, low: float, high: float) -> None:
    figure = parse_printed(text)
    assert figure.value == pytest.approx(value)
    assert (figure.low, figure.high) == (pytest.approx(low), pytest.approx(high))


def test_a_plain_number_keeps_the_audits_own_tolerance() -> None:
    for raw in (21376, 5.62, "21376", "4.760.250", "4,760,250", "1,07"):
        assert printed_figure(raw).half is None
    assert printed_figure("4.760.250").value == printed_figure("4,760,250").value == 4_760_250
    assert printed_figure({"value": 1_070_000, "precision": 10_000}).half == 5_000
    for wrong in ("zes", "6:2", "€ 1,07 mjn", True, {"value": 1}, "=1+1"):
        with pytest.raises(PrintError):
            printed_figure(wrong)


def test_rounding_as_printed_is_no_finding_and_a_real_difference_is() -> None:
    report = _audited(
        {
            "ratio_gross": "1:1",  # 0,72 prints as 1:1 rounded to whole units
            "gross": "ca. € 9.000",  # 8.500 – 9.500
            "investment": "€ 10,4 duizend",
            "effects.huisarts.gross": "€ 1,6 duizend",
            "ratio_net": "-0.3:1",  # (7.488 − 10.400) ÷ 10.400 = −0,28
        }
    )
    assert report.findings == []
    assert sorted(r.path for r in report.rounded) == sorted(
        ["ratio_gross", "gross", "investment", "effects.huisarts.gross", "ratio_net"]
    )
    ratio = next(r for r in report.rounded if r.path == "ratio_gross")
    assert (ratio.low, ratio.high, ratio.computed) == (0.5, 1.5, pytest.approx(0.72))
    # 0,8:1 stands for 0,75 – 0,85: 0,72 is a real difference, and the cause says so
    report = _audited({"ratio_gross": "0.8:1", "gross": "€ 9.500"})
    assert [f.path for f in report.findings] == ["ratio_gross", "gross"]
    ratio, gross = report.findings
    assert ratio.as_printed == "0.8:1" and ratio.allowed == (
        pytest.approx(0.75),
        pytest.approx(0.85),
    )
    assert ratio.cause.text.startswith("een echt verschil, geen afronding: '0.8:1' staat voor")
    assert "0,75 – 0,85, de invoer geeft 0,72" in ratio.cause.text
    # a plain '€ 9.500' is exact: judged within € 1, as a number would be
    assert gross.allowed is None and gross.difference == pytest.approx(9500 - 9088)


def test_a_total_against_its_printed_parts() -> None:
    # € 9,1 duizend covers 9.088; its parts printed as € 1,6 and € 7,6 duizend add to 9,2:
    # within the rounding of the three prints (± 150), so a remark, not a finding
    report = _audited(
        {
            "gross": "€ 9,1 duizend",
            "effects.huisarts.gross": "€ 1,6 duizend",
            "effects.begeleiding.gross": "€ 7,6 duizend",
        }
    )
    assert [f.path for f in report.findings] == ["effects.begeleiding.gross"]  # 7.488
    assert [r.text for r in report.remarks] == [
        "de gedrukte delen tellen op tot €\u00a09.200, het totaal is gedrukt als '€ 9,1 duizend': "
        "afronding van de druk"
    ]
    # a total whose print excludes the exact one, while its printed parts explain it:
    # a real difference, and how it came about
    report = _audited(
        {
            "gross": "€ 9,3 duizend",
            "effects.huisarts.gross": 1600,
            "effects.begeleiding.gross": "€ 7,7 duizend",
        }
    )
    total = next(f for f in report.findings if f.path == "gross")
    assert total.cause.code == "propagated"
    assert total.cause.text.startswith("een echt verschil, geen afronding")


def test_a_printed_figure_is_never_a_formula() -> None:
    with pytest.raises(ModelError, match="geen formule"):
        _audited({"gross": "=9088"})


def test_the_figures_as_printed_round_trip_through_the_json() -> None:
    report = _audited({"ratio_gross": "0.8:1"})
    finding = report.to_json()["findings"][0]  # type: ignore[index]
    assert finding["as_printed"] == "0.8:1" and finding["allowed"] == [
        pytest.approx(0.75),
        pytest.approx(0.85),
    ]


@pytest.mark.parametrize("figure", [10**400, "1" * 400, "€ " + "9" * 400 + " miljoen"])
def test_a_figure_too_large_to_print_is_a_located_error(figure: object) -> None:
    with pytest.raises(ModelError, match="te groot voor een gedrukt getal"):
        _audited({"gross": figure})


def test_a_total_that_is_not_the_sum_of_its_exact_printed_parts() -> None:
    # parts printed exactly (€ 1.600 + € 7.488 = € 9.088), the total printed as € 9.600:
    # the total is € 512 more than its own printed parts — said so, not "cause unknown"
    report = _audited(
        {"gross": 9600, "effects.huisarts.gross": 1600, "effects.begeleiding.gross": 7488}
    )
    [total] = report.findings
    assert total.path == "gross" and total.cause.code == "parts_do_not_add"
    assert "= €\u00a09.088" in total.cause.text and "€\u00a0512 hoger" in total.cause.text


def test_a_ratio_that_no_reading_of_its_parts_gives() -> None:
    # gross ratio 7.488 ÷ 10.400 = 0,72; over the printed investment € 10.000 it is 0,75;
    # '1.2:1' (1,15 – 1,25) needs 1,15 × 10.400 = 11.960 to 1,25 × 10.400 = 13.000
    report = _audited({"ratio_gross": "1.2:1", "investment": 10000})
    ratio = next(f for f in report.findings if f.path == "ratio_gross")
    assert ratio.cause.code == "quotient_readings"
    assert "= 0,72" in ratio.cause.text and "= 0,75" in ratio.cause.text
    assert "€\u00a011.960 – €\u00a013.000 bij €\u00a010.400" in ratio.cause.text
