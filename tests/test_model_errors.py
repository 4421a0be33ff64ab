"""Error messages of the loader, in the style of OpenFisca's YAML tests.

Every file in ``tests/fixtures/broken/`` is ``tests/fixtures/minimal.yaml`` with exactly
one mistake (its first lines say which). For each, the table below says which problem
the author must get: its code, the line of the file, a part of the field path and a part
of the Dutch message. A message that changes on purpose changes here too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.model import ModelError, Problem, load_model

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"
MINIMAL = FIXTURES / "minimal.yaml"
DE_BILT = Path(__file__).parents[1] / "examples" / "de-bilt-2019.yaml"
MISSING_FILE = "does_not_exist"  # no fixture: the file is not there


# (fixture, code, line, path fragment ("" = no path), message fragment)
CASES = [
    ("yaml_syntax", "yaml", 7, "", "geen geldige YAML"),
    ("top_level_list", "not_a_model", 4, "", "maar dit bestand bevat een lijst"),
    ("missing_field", "missing", 68, "interventions[steun].reach_unit", "'reach_unit' ontbreekt"),
    (
        "unknown_field",
        "unknown_field",
        80,
        "interventions[steun].effects[huisarts].unit_per_case",
        "onbekend veld 'unit_per_case'. Bedoelde u 'units_per_case'?",
    ),
    ("text_for_number", "invalid_value", 47, "prices[huisarts_contact].amount", "tekst: 'tachtig'"),
    (
        "decimal_comma",
        "invalid_value",
        54,
        "prices[begeleiding_uur].amount",
        "'46,80' heeft een decimale komma; schrijf 46.80",
    ),
    ("thousands_dot", "invalid_value", 70, "interventions[steun].reach", "bedoelde u 1800?"),
    (
        "share_above_100",
        "invalid_value",
        79,
        "effects[huisarts].share",
        "een aandeel ligt tussen 0% en 100%, maar hier staat 125%;",
    ),
    (
        "percent_for_count",
        "invalid_value",
        70,
        "interventions[steun].reach",
        "'40%' is een percentage, maar hier hoort een aantal",
    ),
    (
        "negative_count",
        "invalid_value",
        91,
        "investments[coordinator].hours_per_week",
        "een getal van 0 of meer, maar er staat -4",
    ),
    ("date_day_first", "not_a_date", 10, "meta.date", "datum als 2019-05-08, maar er staat '15-01"),
    ("date_bad_month", "not_a_date", 10, "meta.date", "2024-13-15"),
    (
        "unknown_payer",
        "unknown_financier",
        93,
        "interventions[steun].investments[coordinator].payer",
        "financier 'gemeent' is niet gedeclareerd (bekend: gemeente, zvw). Bedoelde u 'gemeente'?",
    ),
    (
        "unknown_price",
        "unknown_price",
        81,
        "effects[huisarts].price",
        "prijs 'huisarts_consult' is niet gedeclareerd",
    ),
    (
        "unknown_source",
        "unknown_source",
        49,
        "prices[huisarts_contact].source",
        "bron 'prijslijsten' is niet gedeclareerd (bekend: prijslijst). Bedoelde u 'prijslijst'?",
    ),
    (
        "unknown_stakeholder",
        "unknown_stakeholder",
        84,
        "effects[begeleiding].stakeholder",
        "belanghebbende 'ouders' is niet gedeclareerd (bekend: gezinnen)",
    ),
    (
        "duplicate_id",
        "duplicate_id",
        51,
        "prices[huisarts_contact].id",
        "'huisarts_contact' komt twee",
    ),
    (
        "unknown_name",
        "unknown_name",
        85,
        "effects[begeleiding].cases",
        "gebruikt 'geholpt', maar dat is geen parameter",
    ),
    (
        "formula_import",
        "invalid_value",
        74,
        "parameters[geholpen].value",
        "iets wat een formule niet mag bevatten",
    ),
    (
        "formula_attribute",
        "invalid_value",
        86,
        "effects[begeleiding].units_per_case",
        "('parameters.uren_per_gezin')",
    ),
    (
        "parameter_cycle",
        "cycle",
        74,
        "interventions[steun].parameters[geholpen].value",
        "in een kring van elkaar af: geholpen → reach → geholpen",
    ),
    (
        "parameter_cycle_global",
        "cycle",
        61,
        "parameters[uren_per_gezin].value",
        "'uren_per_gezin' gebruikt zichzelf in zijn eigen formule",
    ),
    (
        "override_bad_path",
        "bad_override",
        106,
        "interventions[steun].scenarios.maximum.set.effects.begeleidng.units_per_case",
        "geen regel met id 'begeleidng' onder effects (wel: huisarts, begeleiding)",
    ),
    (
        "override_bad_value",
        "bad_override",
        101,
        "variants[uitbreiding].set.effects.huisarts.share",
        "een aandeel ligt tussen 0% en 100%, maar hier staat 150%;",
    ),
    (
        "unknown_scenario",
        "unknown_scenario",
        103,
        "interventions[steun].scenarios.maximaal",
        "Bedoelde u 'maximum'? Declareer scenario's bovenaan",
    ),
    (
        "unknown_variant",
        "unknown_variant",
        120,
        "portfolio.columns[maximum].picks.steun",
        "variant 'uitbreidng' is niet gedeclareerd (bekend: huidig, uitbreiding)",
    ),
    (
        "unknown_figure",
        "unknown_figure",
        112,
        "reported[1].figures.effects.huisarts.bruto",
        "'effects.huisarts.bruto': kies na de regel uit",
    ),
    (
        "printed_unreadable",
        "invalid_value",
        111,
        "interventions[steun].reported[1].figures.investment",
        "'6 op 1' is niet te lezen als gedrukt getal; geef een getal (21376 of 5.62), of het "
        "getal zoals gedrukt: '6:1', '€ 1,07 miljoen'",
    ),
    (
        "printed_formula",
        "invalid_value",
        111,
        "interventions[steun].reported[1].figures.investment",
        "een gedrukt getal is het getal zoals het rapport het drukt, geen formule",
    ),
    ("missing_weeks", "missing_weeks", 6, "meta.weeks_per_year", "geef daarom 'weeks_per_year'"),
    ("cases_and_share", "invalid_value", 76, "effects[huisarts]", "óf 'share' (een aandeel)"),
    (
        "amount_and_hours",
        "invalid_value",
        89,
        "investments[coordinator]",
        "(nu: amount, hours_per_week/hourly_cost)",
    ),
    (
        "no_financier",
        "no_financier",
        76,
        "interventions[steun].effects[huisarts]",
        "Geef 'financier' bij deze regel of bij prijs 'huisarts_contact'",
    ),
    (
        "reserved_perspective",
        "reserved_id",
        37,
        "perspectives[maatschappij].id",
        "ingebouwde perspectief van alle financiers",
    ),
    (
        "unknown_perspective",
        "unknown_perspective",
        41,
        "perspective",
        "perspectief 'gemeente' is niet gedeclareerd (bekend: maatschappij, gemeente_voorbeeld)",
    ),
    # formulas are computed at load time: names in scope, point value and range
    (
        "formula_divides_by_zero",
        "not_computable",
        70,
        "interventions[steun].reach",
        "de formule =1 / 0 deelt door 0",
    ),
    (
        "formula_share_above_100",
        "out_of_range",
        79,
        "effects[huisarts].share",
        "een aandeel ligt tussen 0% en 100%, maar de formule =reach / 10 geeft 400%",
    ),
    (
        "formula_out_of_scope_meta",
        "unknown_name",
        12,
        "meta.weeks_per_year",
        "gebruikt 'geholpen', maar dat is hier geen parameter (bekend: uren_per_gezin)",
    ),
    (
        "formula_out_of_scope_filter",
        "unknown_name",
        84,
        "effects[begeleiding].duration_years",
        "gebruikt 'coordinator', maar dat is hier geen parameter",
    ),
    (
        "formula_range_negative",
        "out_of_range",
        85,
        "effects[begeleiding].cases",
        "de formule =geholpen kan -10 worden (als geholpen = -10)",
    ),
    (
        "formula_too_large",
        "too_large",
        80,
        "effects[huisarts].units_per_case",
        "geeft 4e+15; rendement rekent met getallen tot 10^15",
    ),
    (
        "formula_negative_root",
        "not_computable",
        86,
        "effects[begeleiding].units_per_case",
        "gebroken macht van een negatief getal (0 - uren_per_gezin is -8)",
    ),
    (
        "formula_variant_divides_by_zero",
        "not_computable",
        101,
        "variants[uitbreiding].set.reach",
        "deelt door 0 (3 - 3 is 0)",
    ),
    ("number_too_large", "invalid_value", 47, "prices[huisarts_contact].amount", "te groot"),
    (
        "distribution_infinite",
        "invalid_value",
        47,
        "prices[huisarts_contact].amount",
        "hier hoort een eindig getal",
    ),
    (
        "distribution_too_wide",
        "invalid_value",
        47,
        "prices[huisarts_contact].amount",
        "1e+300 is te groot; rendement rekent met getallen tot 10^15",
    ),
    (
        "distribution_huge_mean",
        "invalid_value",
        92,
        "investments[coordinator].hourly_cost",
        "1e+300 is te groot",
    ),
    # what the YAML parser must not see, or must not expand
    ("control_character", "control_character", 69, "", "kolom 20 staat een onzichtbaar stuurteken"),
    # texts: names one line of at most 200 characters, long texts 20,000 (model/texts.py)
    ("name_too_long", "too_long", 69, "interventions[steun].name", "hoogstens 200 tekens; deze"),
    (
        "name_control_escape",
        "control_character",
        69,
        "interventions[steun].name",
        "onzichtbaar stuurteken (U+0000, nul-teken) op positie 6",
    ),
    (
        "name_bidi_override",
        "bidi_control",
        69,
        "interventions[steun].name",
        "(U+202E, richting omkeren) op positie 7 dat de leesrichting",
    ),
    ("name_blank", "blank_name", 69, "interventions[steun].name", "deze naam is leeg"),
    (
        "name_invisible",
        "invisible_character",
        69,
        "interventions[steun].name",
        "(U+200B, spatie zonder breedte)",
    ),
    (
        "text_too_long",
        "too_long",
        15,
        "theory_of_change.problem",
        "een tekst is hoogstens 20.000 tekens; deze is 20.012 tekens lang",
    ),
    (
        "text_form_feed",
        "control_character",
        15,
        "theory_of_change.problem",
        "(U+000C, pagina-einde) op positie 16",
    ),
    ("deep_nesting", "too_deep", 15, "", "meer dan 50 niveaus diep genest"),
    ("alias_bomb", "alias_bomb", 15, "", "verwijzingen (&anker en *alias)"),
    ("not_utf8", "encoding", None, "", "geen tekst in UTF-8"),
    (MISSING_FILE, "no_file", None, "", "dit bestand bestaat niet"),
]


def _path(fixture: str) -> Path:
    return BROKEN / f"{fixture}.yaml"


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(ModelError) as caught:
        load_model(path)
    return caught.value.problems


@pytest.mark.parametrize(("fixture", "code", "line", "path", "message"), CASES)
def test_broken_fixture_gets_a_located_dutch_message(
    fixture: str, code: str, line: int | None, path: str, message: str
) -> None:
    problems = _problems(_path(fixture))
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, f"expected one '{code}' problem, got: {problems}"
    problem = found[0]
    assert problem.file == str(_path(fixture))
    assert problem.line == line, problem
    if path:
        assert path in problem.path, problem
    else:
        assert problem.path == "", problem
    assert message in problem.message, problem


def test_every_broken_fixture_is_in_the_table() -> None:
    in_table = {case.values[0] if hasattr(case, "values") else case[0] for case in CASES}
    on_disk = {p.stem for p in BROKEN.glob("*.yaml")}
    assert on_disk == in_table - {MISSING_FILE}


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "several_schema_mistakes.yaml",
            [(54, "invalid_value"), (79, "invalid_value"), (92, "unknown_field")],
        ),
        (
            "several_reference_mistakes.yaml",
            [
                (49, "unknown_source"),
                (81, "unknown_price"),
                (93, "unknown_financier"),
                (120, "unknown_variant"),
            ],
        ),
    ],
)
def test_every_problem_is_reported_at_once_sorted_by_line(
    fixture: str, expected: list[tuple[int, str]]
) -> None:
    with pytest.raises(ModelError) as caught:
        load_model(FIXTURES / fixture)
    assert [(p.line, p.code) for p in caught.value.problems] == expected
    assert str(caught.value).startswith(f"{len(expected)} fouten in het model:")


@pytest.mark.parametrize("path", [MINIMAL, DE_BILT], ids=["minimal", "de-bilt-2019"])
def test_valid_models_load(path: Path) -> None:
    model = load_model(path)
    assert model.case.interventions


def test_minimal_fixture_uses_every_feature_the_broken_ones_break() -> None:
    case = load_model(MINIMAL).case
    steun = case.intervention("steun")
    assert case.perspectives and case.perspective != "maatschappij"
    assert all(price.source for price in case.prices) and len(case.prices) == 2
    assert {e.id for e in steun.effects if e.share} == {"huisarts"}
    assert {e.id for e in steun.effects if e.cases} == {"begeleiding"}
    assert steun.investments[0].hours_per_week is not None and case.meta.weeks_per_year
    assert any(v.set for v in steun.variants) and set(steun.scenarios) == {"maximum"}
    assert case.parameters and steun.reported and case.portfolio


def test_message_names_the_count_file_and_line() -> None:
    with pytest.raises(ModelError) as caught:
        load_model(_path("unknown_price"))
    text = str(caught.value)
    assert text.startswith("1 fout in het model")
    assert (
        f"{_path('unknown_price')}, regel 81 · interventions[steun].effects[huisarts].price" in text
    )


def test_override_message_names_the_line_by_id() -> None:
    problem = next(p for p in _problems(_path("override_bad_value")) if p.code == "bad_override")
    assert "effects.0." not in problem.message
    assert "effects.huisarts.share" in problem.message


CLI_FIXTURES = [
    pytest.param(path, id=path.stem)
    for path in [
        *sorted(BROKEN.glob("*.yaml")),
        *sorted(FIXTURES.glob("several_*.yaml")),
        BROKEN / f"{MISSING_FILE}.yaml",
    ]
]


@pytest.mark.parametrize("fixture", CLI_FIXTURES)
def test_cli_check_exits_1_without_traceback(fixture: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(fixture)])
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output, output
    assert result.exit_code == 1, output
    assert "in het model" in output, output


def test_installed_command_reports_a_broken_model_without_traceback() -> None:
    """The real entry point, in a real process, once."""
    env = {k: v for k, v in os.environ.items() if k != "RENDEMENT_DEBUG"}
    result = subprocess.run(
        [sys.executable, "-m", "rendement", "check", str(_path("date_bad_month"))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "regel 10" in result.stderr
