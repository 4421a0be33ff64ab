"""The work session (werksessie): three participants judge; the spread is computed by
hand; the distribution written into a model widens Monte Carlo's P5–P95 with the mean a
hand computation gives; the cohort's bootstrap draws the agreed value from its spread;
every broken fixture gets a located message in Dutch and English.

Every file in ``tests/fixtures/worksession/broken/`` is ``minimal.yaml`` with one
mistake (its first line says which).
"""

from __future__ import annotations

import math
import statistics
from datetime import datetime
from pathlib import Path

import pytest
from scipy import stats
from typer.testing import CliRunner

from rendement.cli import app
from rendement.cohort.reading import ClientCases, Entry
from rendement.cohort.valuation import UnitPrice, value_cases
from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import load_model, loads
from rendement.model.distributions import Distribution
from rendement.model.editing import set_value
from rendement.uncertainty import simulate
from rendement.worksession import (
    ApplyError,
    WorkSessionError,
    apply_to_cases,
    apply_to_model,
    load_session,
    loads_session,
    spreads,
    summarise_with_spread,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "worksession"
BROKEN = FIXTURES / "broken"
EXAMPLE = ROOT / "examples" / "werksessie" / "maatjes-toerekening.yaml"
MODEL = ROOT / "examples" / "rekenvoorbeeld-meerjarig.yaml"
GP = ("interventions", 0, "effects", 0, "attribution")  # maatjes.huisarts in MODEL

# (fixture, code, line, path, Dutch fragment, English fragment)
CASES = [
    ("yaml_syntax", "yaml", 6, "", "geen geldige YAML", "not valid YAML"),
    ("top_level_list", "not_a_session", 2, "", "een werksessie is een blok", "a work session is"),
    (
        "unknown_field",
        "unknown_field",
        28,
        "judgements[1].valeu",
        "onbekend veld 'valeu'. Bedoelde u 'value'?",
        "unknown field 'valeu'. Did you mean 'value'?",
    ),
    (
        "missing_field",
        "missing",
        36,
        "judgements[3].at",
        "het verplichte veld 'at' ontbreekt",
        "'at' is missing",
    ),
    ("share_above_one", "invalid_value", 38, "judgements[3].value", "tussen 0% en 100%", "0%"),
    ("decimal_comma", "invalid_value", 32, "judgements[2].value", "niet 46,80", "not 46,80"),
    (
        "unknown_participant",
        "unknown_participant",
        36,
        "judgements[3].participant",
        "'d' staat niet in 'participants'",
        "'d' is not in 'participants'",
    ),
    (
        "unknown_item",
        "unknown_item",
        41,
        "judgements[4].item",
        "Bedoelde u 'uithuiszetting'?",
        "Did you mean 'uithuiszetting'?",
    ),
    ("outside_range", "outside_range", 32, "judgements[2].value", "laag ≤ oordeel", "low ≤"),
    ("not_judged", "not_judged", 21, "items[uithuiszetting].id", "nog niemand", "nobody"),
    ("no_item", "missing", 17, "items[huisarts].item", "de post van de rijen", "item of"),
    ("duplicate_id", "duplicate_id", 14, "participants[b].id", "twee keer", "twice"),
    ("bad_time", "not_a_date", 39, "judgements[3].at", "'gisteren'", "'gisteren'"),
    ("wrong_version", "not_allowed", 3, "worksession", "werksessieformaat 2", "format 2"),
    (
        "unknown_judges",
        "not_allowed",
        23,
        "items[uithuiszetting].judges",
        "'waarschijnlijkheid'",
        "'waarschijnlijkheid'",
    ),
]


def _problem(name: str, code: str):  # type: ignore[no-untyped-def]
    with pytest.raises(WorkSessionError) as raised:
        load_session(BROKEN / f"{name}.yaml")
    found = [p for p in raised.value.problems if p.code == code]
    assert found, [(p.code, str(p)) for p in raised.value.problems]
    return found[0]


def test_every_broken_fixture_is_in_the_table() -> None:
    assert sorted(p.stem for p in BROKEN.glob("*.yaml")) == sorted(c[0] for c in CASES)


@pytest.mark.parametrize(("name", "code", "line", "path", "dutch", "english"), CASES)
def test_broken_fixture_is_located_in_both_languages(
    name: str, code: str, line: int, path: str, dutch: str, english: str
) -> None:
    problem = _problem(name, code)
    assert problem.line == line
    assert problem.path == path
    with language("nl"):
        assert dutch in problem.message
    with language("en"):
        assert english in problem.message
        if dutch != english:
            assert dutch not in problem.message  # really said in English


# ------------------------------------------------------------------ spread, by hand


def test_spread_of_three_participants_by_hand_and_who_judged_what_when_is_kept() -> None:
    session = load_session(EXAMPLE).session
    (spread,) = spreads(session)
    # coach 80 %, huisarts 50 % (40–60 %), volunteer 75 % then, after the talk, 70 %
    current = [0.8, 0.5, 0.7]
    assert spread.n == 3
    assert (spread.minimum, spread.maximum) == (0.5, 0.8)
    assert spread.mean == pytest.approx(2.0 / 3.0)
    assert spread.median == 0.7  # sorted 50, 70, 80
    assert spread.agreed == 0.7 and spread.recorded
    assert (spread.low, spread.high) == (0.4, 0.8)  # the huisarts's own low; the coach's 80
    assert spread.pert == (0.4, 0.7, 0.8)
    assert spread.distribution_mean == pytest.approx((0.4 + 4 * 0.7 + 0.8) / 6)
    assert sorted(j.value for j in spread.judgements) == sorted(current)
    # every judgement kept, with who and when; the volunteer's first judgement too
    assert [(j.participant, j.value, j.at) for j in spread.history] == [
        ("coach", 0.8, datetime(2026, 3, 12, 10, 5)),
        ("huisarts", 0.5, datetime(2026, 3, 12, 10, 7)),
        ("vrijwilliger", 0.75, datetime(2026, 3, 12, 10, 9)),
        ("vrijwilliger", 0.7, datetime(2026, 3, 12, 11, 20)),
    ]


def test_without_a_recorded_value_the_group_agrees_the_median() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("    agreed: 70%\n", "")
    text = text.replace("value: 70%, at: 2026-03-12T11:20", "value: 65%, at: 2026-03-12T11:20")
    (spread,) = spreads(loads_session(text).session)
    assert not spread.recorded
    assert spread.agreed == statistics.median([0.8, 0.5, 0.65]) == 0.65


def test_everyone_agreeing_gives_a_plain_number() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old in ("value: 80%", "value: 50%, low: 40%, high: 60%", "value: 70%"):
        text = text.replace(old, "value: 70%")
    (spread,) = spreads(loads_session(text).session)
    assert spread.pert is None
    assert spread.model_value() == "70%"


# ------------------------------------------------------------------ into a model, Monte Carlo


def _net(text: str, attribution: str) -> float:
    model = loads(set_value(text, GP, attribution), str(MODEL), base=MODEL.parent)
    return evaluate(model, perspective="maatschappij").get("maatjes", "basis").net


def test_the_written_distribution_is_in_the_model_and_widens_monte_carlo() -> None:
    session = load_session(EXAMPLE).session
    text = MODEL.read_text(encoding="utf-8")
    written = apply_to_model(session, spreads(session), text)
    # the author's comments stay; the line says which session gave the value
    assert "# some would have managed without help anyway" in written
    assert "werksessie 2026-03-12: 3 oordelen, 50% – 80%, afgesproken 70%" in written
    model = loads(written, str(MODEL), base=MODEL.parent)
    effect = model.case.interventions[0].effects[0]
    assert effect.id == "huisarts"
    distribution = effect.attribution.dist
    assert isinstance(distribution, Distribution)
    assert (distribution.kind, distribution.params) == ("pert", (0.4, 0.7, 0.8))
    # a run without Monte Carlo uses the agreed value, as before
    certain = evaluate(load_model(MODEL), perspective="maatschappij").get("maatjes", "basis")
    assert evaluate(model, perspective="maatschappij").get("maatjes", "basis").net == (
        pytest.approx(certain.net)
    )

    point = simulate(load_model(MODEL), draws=20_000, seed=7, perspective="maatschappij")
    spread = simulate(model, draws=20_000, seed=7, perspective="maatschappij")
    before, after = point.get("maatjes", "basis"), spread.get("maatjes", "basis")
    assert before.p95 - before.p5 == 0  # nothing uncertain in the point model
    assert after.p95 - after.p5 > 1000

    # by hand: the net is linear in the attribution, net(a) = net(0) + a × gain
    zero = _net(text, "0%")
    gain = _net(text, "100%") - zero
    assert zero + 0.7 * gain == pytest.approx(certain.net)
    assert after.mean == pytest.approx(zero + gain * (0.4 + 4 * 0.7 + 0.8) / 6, rel=2e-3)
    # PERT(0.4, 0.7, 0.8) is 0.4 + 0.4 × Beta(4, 2)
    beta = stats.beta(1 + 4 * 0.3 / 0.4, 1 + 4 * 0.1 / 0.4)
    assert after.p5 == pytest.approx(zero + gain * (0.4 + 0.4 * beta.ppf(0.05)), rel=5e-3)
    assert after.p95 == pytest.approx(zero + gain * (0.4 + 0.4 * beta.ppf(0.95)), rel=5e-3)


def test_attribution_to_others_gets_the_complement() -> None:
    session = load_session(EXAMPLE).session
    text = MODEL.read_text(encoding="utf-8").replace(
        "        attribution: 70%", "        attribution_to_others: 30%"
    )
    written = apply_to_model(session, spreads(session), text)
    effect = loads(written, str(MODEL), base=MODEL.parent).case.interventions[0].effects[0]
    assert effect.attribution is None
    assert effect.attribution_to_others.dist.params == pytest.approx((0.2, 0.3, 0.6))


def test_a_model_without_the_effect_is_refused_in_words() -> None:
    session = load_session(EXAMPLE).session
    with pytest.raises(ApplyError) as raised:
        apply_to_model(session, spreads(session), (ROOT / "examples/de-bilt-2019.yaml").read_text())
    assert "maatjes" in str(raised.value)


# ------------------------------------------------------------------ client cases


PRICES = {
    "huisarts_consult": UnitPrice(
        "huisarts_consult", "Huisarts", "consult", 30.0, "zvw", "Zvw", "", 2024
    ),
    "uithuiszetting": UnitPrice(
        "uithuiszetting", "Uithuiszetting", "keer", 6000.0, "gem", "Gemeente", "", 2024
    ),
    "begeleiding": UnitPrice(
        "begeleiding", "Begeleiding", "uur", 70.0, "gem", "Gemeente", "", 2024
    ),
}


def _cases() -> ClientCases:
    rows = [
        ("k01", "huisarts_consult", "effect", 10, 4, None, None),
        ("k01", "uithuiszetting", "effect", 1, 0, None, None),
        ("k01", "begeleiding", "investment", 0, 10, None, None),
        ("k02", "huisarts_consult", "effect", 6, 3, 1.0, None),  # the session overrides 100 %
        ("k02", "begeleiding", "investment", 0, 5, None, None),
        ("k03", "huisarts_consult", "effect", 8, 2, 0.5, None),  # not in the session: kept
    ]
    entries = [Entry(n + 2, *row) for n, row in enumerate(rows)]  # type: ignore[arg-type]
    attributes = {"k01": {}, "k02": {}, "k03": {}}
    return ClientCases("test", [], attributes, entries)  # type: ignore[arg-type]


def test_client_cases_carry_the_agreed_value() -> None:
    session = load_session(FIXTURES / "minimal.yaml").session
    found = spreads(session)
    gp, eviction = found
    assert gp.pert == (0.3, 0.6, 0.9)  # 60 %, 40 % (30–50 %), 90 %: median 60 %
    assert eviction.pert is None and eviction.agreed == 0.3  # one judgement: no spread
    valued = value_cases(apply_to_cases(session, found, _cases()), PRICES)
    nets = {c.id: c.net for c in valued.cases}
    assert nets["k01"] == pytest.approx(6 * 30 * 0.6 + 1 * 6000 * 0.3 - 10 * 70)  # 1 208
    assert nets["k02"] == pytest.approx(3 * 30 * 0.6 - 5 * 70)  # −296
    assert nets["k03"] == pytest.approx(6 * 30 * 0.5)  # 90, as the table said


def test_the_cohort_bootstrap_draws_the_agreed_value_from_its_spread() -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    session = loads_session(text.replace("  cases: [k01, k02]\n", "")).session  # every case
    found = spreads(session)
    rows, nets = [], []
    for n in range(40):
        case = f"k{n:02d}"
        before, after, hours = 4 + n % 7, n % 3, 2 + n % 4
        rows.append((case, "huisarts_consult", "effect", before, after, None, None))
        rows.append((case, "begeleiding", "investment", 0, hours, None, None))
        net = (before - after) * 30 * 0.6 - hours * 70
        if n % 5 == 0:
            rows.append((case, "uithuiszetting", "effect", 1, 0, None, None))
            net += 6000 * 0.3
        nets.append(net)
    entries = [Entry(n + 2, *row) for n, row in enumerate(rows)]  # type: ignore[arg-type]
    cases = ClientCases("t", [], {f"k{n:02d}": {} for n in range(40)}, entries)
    valued = value_cases(apply_to_cases(session, found, cases), PRICES)
    result = summarise_with_spread(session, found, valued, seed=3, resamples=20_000)
    assert result.count == 40
    assert result.net_mean == pytest.approx(statistics.fmean(nets))
    # PERT(0.3, 0.6, 0.9) has mean 0.6: the drawn mean is the agreed one's
    assert result.mean_drawn == pytest.approx(result.net_mean, abs=3.0)
    point = result.interval_point.high - result.interval_point.low
    width = result.interval.high - result.interval.low
    assert width > point
    # the two sources add up like independent errors: the picked cases' spread, and the
    # attribution's sd (PERT: √((μ − a)(b − μ) / 7)) times the mean GP saving per unit
    per_unit = statistics.fmean((4 + n % 7 - n % 3) * 30 for n in range(40))  # 177
    sd = math.sqrt(0.3 * 0.3 / 7)
    assert width == pytest.approx(2 * math.hypot(point / 2, 1.96 * sd * per_unit), rel=0.02)
    assert result.interval.low < result.interval_point.low
    assert result.interval.high > result.interval_point.high


def test_a_session_on_client_cases_is_not_written_into_a_model() -> None:
    session = load_session(FIXTURES / "minimal.yaml").session
    with pytest.raises(ApplyError):
        apply_to_model(session, spreads(session), MODEL.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ command line


def test_check_shows_the_spread_through_the_cli() -> None:
    result = CliRunner().invoke(app, ["werksessie", "check", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "in orde — 3 deelnemers, 1 onderdelen, 4 oordelen" in result.output
    assert "PERT 40% – 70% – 80%" in result.output


def test_apply_through_the_cli_writes_a_model_that_loads(tmp_path: Path) -> None:
    target = tmp_path / "met-sessie.yaml"
    result = CliRunner().invoke(
        app, ["werksessie", "apply", str(EXAMPLE), str(MODEL), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    effect = load_model(target).case.interventions[0].effects[0]
    assert effect.attribution.dist.params == (0.4, 0.7, 0.8)


@pytest.mark.parametrize(("lang", "words"), [("nl", "regel 36"), ("en", "line 36")])
def test_check_prints_located_errors_and_fails(lang: str, words: str) -> None:
    result = CliRunner().invoke(
        app, ["werksessie", "check", "--lang", lang, str(BROKEN / "unknown_participant.yaml")]
    )
    assert result.exit_code == 1
    assert words in result.output
    assert "Traceback" not in result.output


def test_apply_to_the_wrong_model_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "werksessie",
            "apply",
            str(EXAMPLE),
            str(ROOT / "examples" / "de-bilt-2019.yaml"),
            "-o",
            str(tmp_path / "uit.yaml"),
        ],
    )
    assert result.exit_code == 2
    assert "geen interventie 'maatjes'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "uit.yaml").exists()


def test_the_example_session_on_client_cases_agrees_with_the_table_by_another_route() -> None:
    """The example session agrees 40 % and 30 %, what the table's ``*`` rows already say:
    the cohort's own summary of the table (another route) gives the same mean, and the
    spread only widens the interval."""
    from rendement.cohort.reading import read_cases
    from rendement.cohort.summary import summarise
    from rendement.cohort.valuation import prices_from_model

    session = load_session(ROOT / "examples/werksessie/sociaal-makelaar-toerekening.yaml")
    found = spreads(session.session)
    table = read_cases(ROOT / "examples/cohort/sociaal-makelaar.csv")
    prices = prices_from_model(ROOT / "examples/cohort/sociaal-makelaar.yaml")
    plain = summarise(value_cases(table, prices))
    valued = value_cases(apply_to_cases(session.session, found, table), prices)
    result = summarise_with_spread(session.session, found, valued)
    assert result.count == plain.count == 60
    assert result.net_mean == pytest.approx(plain.net_mean)
    assert result.interval.low < result.interval_point.low
    assert result.interval.high > result.interval_point.high
    cli = CliRunner().invoke(
        app,
        [
            "werksessie",
            "casussen",
            str(ROOT / "examples/werksessie/sociaal-makelaar-toerekening.yaml"),
            str(ROOT / "examples/cohort/sociaal-makelaar.csv"),
            "--prices",
            str(ROOT / "examples/cohort/sociaal-makelaar.yaml"),
        ],
    )
    assert cli.exit_code == 0, cli.output
    assert "60 casussen" in cli.output and "met de spreiding van de werksessie" in cli.output


TABLE = FIXTURES / "table"


def test_judgements_from_a_table_give_the_same_spread_as_the_yaml() -> None:
    from_table = spreads(load_session(TABLE / "sessie.yaml", TABLE / "oordelen.csv").session)
    from_yaml = spreads(load_session(EXAMPLE).session)
    assert [(s.n, s.minimum, s.maximum, s.median, s.pert) for s in from_table] == [
        (s.n, s.minimum, s.maximum, s.median, s.pert) for s in from_yaml
    ]
    assert [(j.participant, j.at) for j in from_table[0].history] == [
        (j.participant, j.at) for j in from_yaml[0].history
    ]
    assert from_table[0].history[1].note == "ziet ook de POH-GGZ"


def test_without_its_table_the_session_says_nobody_judged() -> None:
    with pytest.raises(WorkSessionError) as raised:
        load_session(TABLE / "sessie.yaml")
    assert [p.code for p in raised.value.problems] == ["not_judged"]


@pytest.mark.parametrize(
    ("line", "column", "code", "dutch", "english"),
    [
        (2, "waarde", "invalid_value", "tussen 0% en 100%", "between 0% and 100%"),
        (3, "deelnemer", "unknown_participant", "Bedoelde u 'coach'?", "Did you mean 'coach'?"),
        (4, "waarde", "outside_range", "laag ≤ oordeel", "low ≤ judgement"),
    ],
)
def test_a_broken_table_row_is_located_in_both_languages(
    line: int, column: str, code: str, dutch: str, english: str
) -> None:
    with pytest.raises(WorkSessionError) as raised:
        load_session(TABLE / "sessie.yaml", TABLE / "fout.csv")
    (problem,) = [p for p in raised.value.problems if p.code == code]
    assert (problem.file, problem.line, problem.path) == (str(TABLE / "fout.csv"), line, column)
    with language("nl"):
        assert dutch in problem.message
    with language("en"):
        assert english in problem.message


def test_check_reads_a_table_of_judgements_through_the_cli() -> None:
    result = CliRunner().invoke(
        app,
        [
            "werksessie",
            "check",
            str(TABLE / "sessie.yaml"),
            "--oordelen",
            str(TABLE / "oordelen.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "PERT 40% – 70% – 80%" in result.output
    missing = CliRunner().invoke(
        app, ["werksessie", "check", str(TABLE / "sessie.yaml"), "--oordelen", "geen.csv"]
    )
    assert missing.exit_code == 1 and "Traceback" not in missing.output
