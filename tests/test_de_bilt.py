"""The golden case: every table of the De Bilt 2019 report, line by line.

Figures are transcribed here from the report (``../shared/seeds/003_…txt``), separately
from the ``reported:`` blocks in the example, so a slip in either shows up. Where the
report computes from its stated inputs, rendement must come within €\u00a01 (ratios: the
same two decimals). Where the report erred, the exact figure is derived here by hand
from the report's inputs, and the audit must name the printed figure, the difference
and its likely cause.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.audit import audit
from rendement.engine import Results, evaluate
from rendement.model import load_model
from rendement.money import euro, round_half_away

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "de-bilt-2019.yaml"
SEED = ROOT.parent / "shared" / "seeds" / "003_393b8065329609c9.txt"

OL, MJ, SV, SO = "ouders_lokaal", "maatjesproject", "sterk_door_vrijwilligerswerk", "samen_oplopen"


@pytest.fixture(scope="module")
def results() -> Results:
    return evaluate(load_model(EXAMPLE))


# (table, intervention, variant, scenario, figure path, printed figure)
PRINTED: list[tuple[str, str, str, str, str, float]] = [
    # Tabel 1 — investeringen Ouders Lokaal, huidige situatie
    ("Tabel 1", OL, "huidig", "basis", "investments.coordinator.amount", 21376),
    ("Tabel 1", OL, "huidig", "basis", "investments.hoofd_lokaal.amount", 7000),
    ("Tabel 1", OL, "huidig", "basis", "investments.activiteitenbudget.amount", 2000),
    ("Tabel 1", OL, "huidig", "basis", "investments.pr_website.amount", 750),
    ("Tabel 1", OL, "huidig", "basis", "investments.materialen.amount", 750),
    ("Tabel 1", OL, "huidig", "basis", "investment", 31876),
    # Tabel 2 — bruto besparing Ouders Lokaal, huidige situatie
    ("Tabel 2", OL, "huidig", "basis", "effects.huisarts.cases", 40),
    ("Tabel 2", OL, "huidig", "basis", "effects.huisarts.gross", 12800),
    ("Tabel 2", OL, "huidig", "basis", "effects.cjg.cases", 80),
    ("Tabel 2", OL, "huidig", "basis", "effects.cjg.gross", 57200),
    ("Tabel 2", OL, "huidig", "basis", "effects.jeugdhulp.cases", 40),
    ("Tabel 2", OL, "huidig", "basis", "gross", 110872),
    ("Tabel 2", OL, "huidig", "basis", "perspective_gross", 98072),
    # Tabel 3 — netto
    ("Tabel 3", OL, "huidig", "basis", "net", 66196),
    # Tabel 4 — uitbreiding Ouders Lokaal
    ("Tabel 4", OL, "uitbreiding", "basis", "effects.cjg.gross", 57200),
    ("Tabel 4", OL, "uitbreiding", "basis", "perspective_gross", 98072),
    ("Tabel 4", OL, "uitbreiding", "basis", "investments.coordinator.amount", 16626),
    ("Tabel 4", OL, "uitbreiding", "basis", "investment", 27126),
    ("Tabel 4", OL, "uitbreiding", "basis", "net", 70946),
    # Tabel 5 — Maatjesproject per maatje
    ("Tabel 5", MJ, "huidig", "basis", "effects.huisarts.value_per_case", 320),
    ("Tabel 5", MJ, "huidig", "basis", "effects.begeleiding.value_per_case", 936),
    ("Tabel 5", MJ, "huidig", "basis", "effects.dagbesteding.value_per_case", 1830),
    ("Tabel 5", MJ, "huidig", "basis", "gross_per_case", 3086),
    ("Tabel 5", MJ, "huidig", "basis", "perspective_gross_per_case", 2766),
    # Tabel 6 — uitbreiding Maatjesproject (figures the report computes correctly)
    ("Tabel 6", MJ, "uitbreiding_15", "basis", "investment", 21317),
    ("Tabel 6", MJ, "uitbreiding_30", "basis", "investment", 42634),
    # Tabel 7 — Sterk door vrijwilligerswerk, bruto
    ("Tabel 7", SV, "huidig", "minimum", "effects.dagbesteding.units", 450),
    ("Tabel 7", SV, "huidig", "minimum", "effects.dagbesteding.gross", 31671),
    ("Tabel 7", SV, "huidig", "minimum", "effects.begeleiding.gross", 9360),
    ("Tabel 7", SV, "huidig", "minimum", "gross", 41031),
    ("Tabel 7", SV, "huidig", "maximum", "effects.dagbesteding.units", 900),
    ("Tabel 7", SV, "huidig", "maximum", "effects.dagbesteding.gross", 63342),
    ("Tabel 7", SV, "huidig", "maximum", "gross", 72702),
    # Tabel 8 — netto
    ("Tabel 8", SV, "huidig", "minimum", "investment", 56000),
    ("Tabel 8", SV, "huidig", "minimum", "net", -14969),
    ("Tabel 8", SV, "huidig", "maximum", "net", 16702),
    # Tabel 9 — uitbreiding naar 50 deelnemers
    ("Tabel 9", SV, "uitbreiding", "minimum", "effects.dagbesteding.gross", 63342),
    ("Tabel 9", SV, "uitbreiding", "minimum", "effects.begeleiding.gross", 18720),
    ("Tabel 9", SV, "uitbreiding", "minimum", "gross", 82062),
    ("Tabel 9", SV, "uitbreiding", "minimum", "net", 26062),
    ("Tabel 9", SV, "uitbreiding", "maximum", "effects.dagbesteding.gross", 126684),
    ("Tabel 9", SV, "uitbreiding", "maximum", "gross", 145404),
    ("Tabel 9", SV, "uitbreiding", "maximum", "investment", 56000),
    ("Tabel 9", SV, "uitbreiding", "maximum", "net", 89404),
    # Tabel 10 — Samen Oplopen, bruto
    ("Tabel 10", SO, "huidig", "minimum", "effects.huisarts.gross", 6000),
    ("Tabel 10", SO, "huidig", "minimum", "effects.cjg.gross", 17875),
    ("Tabel 10", SO, "huidig", "minimum", "effects.sociaal_team.gross", 9360),
    ("Tabel 10", SO, "huidig", "minimum", "gross", 33235),
    ("Tabel 10", SO, "huidig", "minimum", "perspective_gross", 27235),
    ("Tabel 10", SO, "huidig", "maximum", "effects.huisarts.gross", 5760),
    ("Tabel 10", SO, "huidig", "maximum", "effects.cjg.gross", 17160),
    ("Tabel 10", SO, "huidig", "maximum", "effects.sociaal_team.gross", 8986),
    ("Tabel 10", SO, "huidig", "maximum", "effects.multiprobleem.gross", 104000),
    ("Tabel 10", SO, "huidig", "maximum", "gross", 135906),
    ("Tabel 10", SO, "huidig", "maximum", "perspective_gross", 130146),
    # Tabel 11 — netto
    ("Tabel 11", SO, "huidig", "minimum", "net", -28765),
    ("Tabel 11", SO, "huidig", "maximum", "net", 74146),
]

RATIOS: list[tuple[str, str, str, float]] = [
    # the report's "SROI-ratio": € 1 investment stands for € x net return (net ratio)
    (OL, "uitbreiding", "basis", 2.62),
    (MJ, "uitbreiding_15", "basis", 0.95),
    (MJ, "uitbreiding_30", "basis", 0.95),
    (SV, "uitbreiding", "minimum", 0.47),
    (SV, "uitbreiding", "maximum", 1.60),
]


@pytest.mark.parametrize(
    ("table", "intervention", "variant", "scenario", "path", "printed"), PRINTED
)
def test_printed_figure_within_one_euro(
    results: Results,
    table: str,
    intervention: str,
    variant: str,
    scenario: str,
    path: str,
    printed: float,
) -> None:
    value = results.get(intervention, variant, scenario).figure(path)
    assert value is not None
    assert abs(value - printed) <= 1.0, f"{table} {intervention}/{variant}/{scenario} {path}"


@pytest.mark.parametrize(("intervention", "variant", "scenario", "printed"), RATIOS)
def test_net_ratio_to_two_decimals(
    results: Results, intervention: str, variant: str, scenario: str, printed: float
) -> None:
    ev = results.get(intervention, variant, scenario)
    assert ev.ratio_net is not None
    assert round_half_away(ev.ratio_net, 2) == printed
    assert ev.ratio_gross == pytest.approx(ev.ratio_net + 1)


# Where the report erred: the exact figure from its own inputs, the printed one, the cause.
JEUGDHULP = 40 * 13 * 78.60  # € 40.872, printed € 40.782
PER_MATCH_MUNICIPAL = 20 * 46.80 + 52 * 35.19  # € 2.765,88, printed rounded € 2.766
COST_PER_MATCH = 127900 / 90
OL_NET = 98072 - (7 * 21376 / 9 + 10500)  # € 70.946,22
MJ_NET_15 = 15 * PER_MATCH_MUNICIPAL - 15 * COST_PER_MATCH  # € 20.171,53
MJ_NET_30 = 30 * PER_MATCH_MUNICIPAL - 30 * COST_PER_MATCH  # € 40.343,07
SO_NET_MAX = 24 * (13 * 55 + 8 * 46.80) + 104000 - 56000  # € 74.145,60

DISCREPANCIES: list[tuple[str, str | None, str | None, str | None, str, float, float, str]] = [
    ("Tabel 2", OL, "huidig", "basis", "effects.jeugdhulp.gross", 40782, JEUGDHULP, "typo"),
    ("Tabel 4", OL, "uitbreiding", "basis", "effects.jeugdhulp.gross", 40782, JEUGDHULP, "typo"),
    (
        "§5.2 (tekst)",
        MJ,
        "huidig",
        "basis",
        "effects.dagbesteding.units_per_case",
        30,
        52,
        "input_differs",
    ),
    (
        "Tabel 6",
        MJ,
        "uitbreiding_15",
        "basis",
        "perspective_gross",
        41490,
        15 * PER_MATCH_MUNICIPAL,
        "rounded_intermediate",
    ),
    (
        "Tabel 6",
        MJ,
        "uitbreiding_30",
        "basis",
        "perspective_gross",
        82980,
        30 * PER_MATCH_MUNICIPAL,
        "rounded_intermediate",
    ),
    ("Tabel 6", MJ, "uitbreiding_15", "basis", "net", 20173, MJ_NET_15, "propagated"),
    ("Tabel 6", MJ, "uitbreiding_30", "basis", "net", 40346, MJ_NET_30, "propagated"),
    (
        "Tabel 9",
        SV,
        "uitbreiding",
        "minimum",
        "investments.projectbegeleiding.hours_per_week",
        36,
        24,
        "input_differs",
    ),
    (
        "Tabel 9",
        SV,
        "uitbreiding",
        "maximum",
        "investments.projectbegeleiding.hours_per_week",
        36,
        24,
        "input_differs",
    ),
    ("Tabel 12", None, None, None, "minimum.maatjesproject", 20173, MJ_NET_15, "propagated"),
    ("Tabel 12", None, None, None, "maximum.maatjesproject", 40346, MJ_NET_30, "propagated"),
    (
        "Tabel 12",
        None,
        None,
        None,
        "minimum.total",
        88416,
        OL_NET + MJ_NET_15 + (82062 - 56000) + (27235 - 56000),
        "propagated",
    ),
    (
        "Tabel 12",
        None,
        None,
        None,
        "maximum.total",
        274842,
        OL_NET + MJ_NET_30 + (145404 - 56000) + SO_NET_MAX,
        "propagated",
    ),
]


def _exact(
    results: Results, intervention: str | None, variant: str | None, scenario: str | None, path: str
) -> float | None:
    if intervention is None:
        column, _, what = path.partition(".")
        col = results.column(column)
        return col.net if what == "total" else col.row(what).net
    assert variant is not None and scenario is not None
    return results.get(intervention, variant, scenario).figure(path)


@pytest.mark.parametrize(
    ("table", "intervention", "variant", "scenario", "path", "printed", "exact", "cause"),
    DISCREPANCIES,
)
def test_report_error_exact_figure_and_audit(
    results: Results,
    table: str,
    intervention: str | None,
    variant: str | None,
    scenario: str | None,
    path: str,
    printed: float,
    exact: float,
    cause: str,
) -> None:
    value = _exact(results, intervention, variant, scenario, path)
    assert value == pytest.approx(exact, abs=1e-6)
    findings = [
        f
        for f in audit(results).findings
        if f.table == table and f.path == path and f.variant == variant and f.scenario == scenario
    ]
    assert len(findings) == 1, f"audit must name {table} {path} once"
    finding = findings[0]
    assert finding.printed == printed
    assert finding.difference == pytest.approx(printed - exact, abs=1e-6)
    assert finding.cause.code == cause
    assert finding.cause.text


def test_audit_names_exactly_the_known_discrepancies(results: Results) -> None:
    report = audit(results)
    named = sorted((f.table, f.path, f.variant or "", f.scenario or "") for f in report.findings)
    expected = sorted((d[0], d[4], d[2] or "", d[3] or "") for d in DISCREPANCIES)
    assert named == expected
    assert report.checked >= 140


def test_audit_explains_the_rounded_per_match_figure(results: Results) -> None:
    finding = next(
        f
        for f in audit(results).findings
        if f.table == "Tabel 6" and f.path == "perspective_gross" and f.variant == "uitbreiding_15"
    )
    assert "€\u00a02.766" in finding.cause.text and "€\u00a02.765,88" in finding.cause.text


def test_portfolio_table_12(results: Results) -> None:
    minimum, maximum = results.column("minimum"), results.column("maximum")
    assert [r.intervention for r in minimum.rows] == [OL, MJ, SV, SO]
    assert [round_half_away(r.net) for r in minimum.rows] == [70946, 20172, 26062, -28765]
    assert [round_half_away(r.net) for r in maximum.rows] == [70946, 40343, 89404, 74146]
    # the printed totals are the sums of the printed (rounded) column figures
    assert round_half_away(minimum.net) == 88415 and round_half_away(maximum.net) == 274839
    assert minimum.net == pytest.approx(sum(r.net for r in minimum.rows))


def test_society_perspective_counts_the_health_insurer() -> None:
    society = evaluate(load_model(EXAMPLE), perspective="maatschappij")
    ev = society.get(OL, "huidig")
    assert ev.perspective_gross == pytest.approx(110872)
    assert ev.net == pytest.approx(110872 - 31876)
    assert ev.gross_by_financier["zorgverzekeraar"] == pytest.approx(12800)


def test_printed_figures_appear_in_the_report_text() -> None:
    """The transcription above is checked against the seed report itself, where present."""
    if not SEED.exists():
        pytest.skip("the seed report lives in ../shared (present in CI), not in this repo")
    text = SEED.read_text(encoding="utf-8")
    missing = []
    for table, *_rest, path, printed in PRINTED:
        if path.endswith(("cases", "units")):
            continue
        shown = euro(printed).replace("\u00a0", " ")  # the seed is plain text
        if shown not in text and shown.replace("- ", "-") not in text:
            missing.append((table, path, shown))
    assert not missing
