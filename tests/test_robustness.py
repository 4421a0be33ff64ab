"""Nothing unhandled: every failure issue 10 lists, through the Python API and the CLI.

Each case is a model (or a path) that once passed ``check`` and then crashed ``run``,
hung the loader, gave NaN in the JSON or an "Interne fout". Now the loader refuses it
with a located Dutch problem (exit code 1), a path is a usage error (exit code 2), and
``--json`` keeps its promise of a JSON document, also for errors. The located messages
per broken fixture are in ``test_model_errors.py``; here the same failures go through
the command line, and the limits are timed.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import evaluate
from rendement.model import ModelError, load_model, loads
from rendement.model.distributions import Distribution, DistributionError
from test_cli import run_main

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yaml"
BROKEN = ROOT / "tests" / "fixtures" / "broken"
EXAMPLE = ROOT / "examples" / "rekenvoorbeeld-meerjarig.yaml"
UNCERTAIN = ROOT / "examples" / "de-bilt-2019-onzeker.yaml"

runner = CliRunner()


def minimal_with(old: str, new: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def write(tmp_path: Path, text: str, name: str = "model.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(text: str) -> list[Any]:
    """The problems of a model given as text (base: the fixtures, as for a file there)."""
    with pytest.raises(ModelError) as caught:
        loads(text, "model.yaml", MINIMAL.parent)
    return caught.value.problems


def strict_json(text: str) -> Any:
    """Parse JSON the way a strict reader does: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


# ------------------------------------------------------- formulas that cannot be computed
FORMULA_CASES = [
    # (old text, new text, code, line, path fragment, message fragment)
    ("    reach: 40", "    reach: =1/0", "not_computable", 70, "steun].reach", "deelt door 0"),
    (
        "        share: 25%",
        "        share: =reach/0",
        "not_computable",
        79,
        "effects[huisarts].share",
        "deelt door 0",
    ),
    (
        "  weeks_per_year: 52 ",
        "  weeks_per_year: =geholpen - geholpen ",
        "unknown_name",
        12,
        "meta.weeks_per_year",
        "'geholpen', maar dat is hier geen parameter",
    ),
    (
        "        stakeholder: gezinnen\n        cases: =geholpen",
        "        duration_years: =coordinator\n        cases: =geholpen",
        "unknown_name",
        84,
        "effects[begeleiding].duration_years",
        "'coordinator', maar dat is hier geen parameter",
    ),
    (
        "  weeks_per_year: 52 ",
        "  discount_rate: =uren_per_gezin / 100\n  weeks_per_year: 52 ",
        "unknown_name",
        12,
        "meta.discount_rate",
        "hier kan een formule geen namen gebruiken",
    ),
    (
        "    reach: 40",
        "    reach: =2 ** 2000",
        "not_computable",
        70,
        "steun].reach",
        "te groot is om mee te rekenen",
    ),
]


@pytest.mark.parametrize(("old", "new", "code", "line", "path", "message"), FORMULA_CASES)
def test_a_formula_that_cannot_be_computed_is_refused_by_the_loader(
    old: str, new: str, code: str, line: int, path: str, message: str
) -> None:
    problems = refused(minimal_with(old, new))
    assert [(p.code, p.line) for p in problems] == [(code, line)], problems
    assert path in problems[0].path and message in problems[0].message, problems[0]


@pytest.mark.parametrize(("old", "new", "code", "line", "path", "message"), FORMULA_CASES)
def test_check_and_run_refuse_it_with_exit_code_1(
    tmp_path: Path, old: str, new: str, code: str, line: int, path: str, message: str
) -> None:
    model = write(tmp_path, minimal_with(old, new))
    for command in ("check", "run"):
        result = runner.invoke(app, [command, str(model)])
        assert result.exit_code == 1, (command, result.output)
        assert f"regel {line}" in result.stderr and message in result.stderr
        assert "Interne fout" not in result.output


def test_a_formula_is_checked_over_the_range_of_its_inputs() -> None:
    """A divisor that a distribution can make 0 is refused; one that stays away is not."""
    text = minimal_with(
        "  - id: uren_per_gezin\n    value: 8", "  - id: uren_per_gezin\n    value: X"
    )
    text = text.replace("cases: =geholpen", "cases: =geholpen * 8 / uren_per_gezin")
    problems = refused(text.replace("value: X", "value: {uniform: [0, 16], point: 8}"))
    assert [p.code for p in problems] == ["not_computable"]
    assert "kan door 0 delen: uren_per_gezin ligt tussen 0 en 16" in problems[0].message
    model = loads(text.replace("value: X", "value: {uniform: [4, 16], point: 8}"), "m.yaml")
    steun = evaluate(model).get("steun", "huidig")
    # 10 families helped × 8 hours per family (the point) × € 46.80, plus 10 GP contacts × € 80
    assert steun.gross == pytest.approx(20 * 8 * 46.80 + 10 * 2 * 80)


def test_an_overestimated_range_is_not_refused() -> None:
    """``=a - a`` spans [low - high, high - low] by intervals, but is 0 for every draw."""
    text = minimal_with("    value: 8", "    value: {uniform: [2, 14], point: 8}")
    text = text.replace("cases: =geholpen", "cases: =geholpen + uren_per_gezin - uren_per_gezin")
    model = loads(text, "m.yaml")
    assert evaluate(model).get("steun", "huidig").gross == pytest.approx(20 * 8 * 46.80 + 1600)


def test_a_variant_that_breaks_a_formula_is_located_at_the_base_value_with_its_variant() -> None:
    text = minimal_with("        value: =reach / 2 ", "        value: =80 / (reach - 60) + 10 ")
    problems = refused(text)
    assert [(p.code, p.line) for p in problems] == [("not_computable", 74)]
    assert "(in variant 'uitbreiding')" in problems[0].message


# ------------------------------------------------------- distributions
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"lognormal": {"mean": 10, "sd": 1e300}}, "te groot"),
        ({"lognormal": {"mean": 10, "sd": 1e13}}, "reikt tot getallen die te groot zijn"),
        ({"uniform": [0, math.inf]}, "eindig getal"),
        ({"normal": {"mean": 1e300, "sd": 1}}, "te groot"),
        ({"normal": {"mean": 0, "sd": 2e14}}, "reikt tot getallen die te groot zijn"),
        ({"uniform": [0, 1], "point": math.nan}, "eindig getal"),
        ({"triangular": [1, 2, 3], "point": 5}, "ligt buiten de verdeling"),
        ({"beta": {"mean": 0.5, "sd": 1e-200}}, "zo dicht bij 0"),
    ],
)
def test_a_distribution_must_give_a_finite_representable_range(
    raw: dict[str, Any], message: str
) -> None:
    with pytest.raises(DistributionError, match=message):
        Distribution.parse(raw)


def test_wild_distributions_are_refused_by_check_not_by_simulate(tmp_path: Path) -> None:
    for wild in ("{lognormal: {mean: 80, sd: 1e300}}", "{uniform: [0, .inf]}"):
        model = write(tmp_path, minimal_with("    amount: 80", f"    amount: {wild}"))
        result = runner.invoke(app, ["simulate", str(model), "--draws", "100"])
        assert result.exit_code == 1, result.output
        assert "regel 47 · prices[huisarts_contact].amount" in result.stderr


def test_a_normal_with_a_huge_mean_gives_no_nan_but_a_located_error(tmp_path: Path) -> None:
    model = write(
        tmp_path, minimal_with("    amount: 80", "    amount: {normal: {mean: 1e300, sd: 1}}")
    )
    result = runner.invoke(app, ["run", str(model), "--json"])
    assert result.exit_code == 1
    document = strict_json(result.stdout)
    assert document["errors"][0]["line"] == 47
    assert "te groot" in document["errors"][0]["message"]


# ------------------------------------------------------- what the parser must not see
def _timed_refusal(text: str) -> tuple[float, list[Any]]:
    started = time.perf_counter()
    problems = refused(text)
    return time.perf_counter() - started, problems


@pytest.mark.parametrize(
    ("name", "text", "code", "line"),
    [
        ("5000 nested lists", "problem: " + "[" * 5000 + "]" * 5000, "too_deep", 1),
        ("a 10,000-deep list", "a: " + "[1, " * 10_000 + "]" * 10_000, "too_deep", 1),
        ("300 nested blocks", "".join("  " * i + f"k{i}:\n" for i in range(300)), "too_deep", 51),
        ("a line of dashes", "a:\n" + "- " * 3000 + "x\n", "too_deep", 2),
        (
            "a billion laughs",
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
                for i in range(8)
            ),
            "alias_bomb",
            6,
        ),
        ("a control character", "a: 1\nb: x\x07y\n", "control_character", 2),
        ("an oversized file", "a: " + "x" * (21 * 2**20), "too_large", None),
    ],
)
def test_hostile_yaml_gets_a_located_error_within_a_second(
    name: str, text: str, code: str, line: int | None
) -> None:
    seconds, problems = _timed_refusal(text)
    assert seconds < 1.0, f"{name}: {seconds:.2f} s"
    assert [(p.code, p.line) for p in problems] == [(code, line)], problems


def test_hostile_yaml_through_the_cli(tmp_path: Path) -> None:
    model = write(tmp_path, "rendement: 1\nmeta: " + "[" * 10_000 + "]" * 10_000)
    result = runner.invoke(app, ["check", str(model)])
    assert result.exit_code == 1
    assert "regel 2" in result.stderr and "niveaus diep genest" in result.stderr
    model = write(tmp_path, minimal_with("  title: Minimale", "  title: Mini\x1bmale"))
    result = runner.invoke(app, ["check", str(model)])
    assert result.exit_code == 1
    assert "regel 7" in result.stderr and "stuurteken (U+001B)" in result.stderr


# ------------------------------------------------------- paths the user gives
def test_an_unwritable_report_path_is_a_usage_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = "/a/path/that/cannot/be/written.pdf"
    code, _, err = run_main(monkeypatch, capsys, "report", str(EXAMPLE), "-o", target)
    assert code == 2, err
    assert target in err.replace("\n", "") and "bestaat niet" in err
    assert "Interne fout" not in err
    folder = tmp_path / "rapport.html"
    folder.mkdir()
    code, _, err = run_main(monkeypatch, capsys, "report", str(EXAMPLE), "-o", str(folder))
    assert code == 2 and "is een map" in " ".join(err.split())  # rich wraps at any width


@pytest.mark.parametrize(
    "args",
    [
        ("kassabon", str(EXAMPLE), "-o", "/geen/map/bonnen.html"),
        ("simulate", str(UNCERTAIN), "--draws", "10", "--export", "/geen/map/draws.csv"),
    ],
    ids=["kassabon", "simulate-export"],
)
def test_every_output_path_is_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, _, err = run_main(monkeypatch, capsys, *args)
    assert code == 2, err
    assert "/geen/map" in err and "Interne fout" not in err


# ------------------------------------------------------- JSON: always valid, errors too
def test_run_json_of_an_invalid_model_is_a_json_error_document(tmp_path: Path) -> None:
    model = write(tmp_path, minimal_with("    reach: 40", "    reach: =1/0"))
    result = runner.invoke(app, ["run", str(model), "--json"])
    assert result.exit_code == 1
    document = strict_json(result.stdout)
    assert document == {
        "errors": [
            {
                "file": str(model),
                "line": 70,
                "path": "interventions[steun].reach",
                "message": "de formule =1 / 0 deelt door 0; een deling door 0 heeft geen uitkomst",
                "code": "not_computable",
            }
        ]
    }


def test_a_usage_error_with_json_is_a_json_document_with_exit_code_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(monkeypatch, capsys, "run", str(EXAMPLE), "--json", "--scenario", "x")
    assert code == 2
    error = strict_json(out)["errors"][0]
    assert error["code"] == "usage" and "onbekend scenario 'x'" in error["message"]


@pytest.mark.parametrize(
    "args",
    [
        ("run", str(ROOT / "examples" / "de-bilt-2019.yaml"), "--json"),
        ("audit", str(ROOT / "examples" / "de-bilt-2019.yaml"), "--json"),
        ("simulate", str(UNCERTAIN), "--draws", "200", "--json"),
    ],
    ids=["run", "audit", "simulate"],
)
def test_json_output_is_strict_json(args: tuple[str, ...]) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    assert strict_json(result.stdout)


def test_a_zero_investment_ratio_is_null_not_nan(tmp_path: Path) -> None:
    model = write(tmp_path, minimal_with("        hours_per_week: 4", "        hours_per_week: 0"))
    result = runner.invoke(app, ["run", str(model), "--json"])
    assert result.exit_code == 0, result.output
    steun = strict_json(result.stdout)["interventions"]["steun"]["variants"]["huidig"]
    assert steun["scenarios"]["basis"]["ratio_net"] is None
    assert steun["scenarios"]["basis"]["investment"] == 0


def test_the_python_api_refuses_the_same_models() -> None:
    """What the CLI refuses, ``load_model`` refuses: one loader for both."""
    with pytest.raises(ModelError) as caught:
        load_model(BROKEN / "formula_divides_by_zero.yaml")
    assert caught.value.problems[0].code == "not_computable"


# ------------------------------------------------------- what the fuzzer found
def test_a_yaml_the_parser_itself_cannot_read_is_a_located_yaml_error(tmp_path: Path) -> None:
    """ruamel raises NotImplementedError ('overlap in comment') on this: still a YAML error."""
    old = (
        "  - id: uren_per_gezin\n    value: 8\n\n"
        "scenarios:                    # 'basis' (the model as written) is built in\n"
        "  - id: maximum\n    name: Maximum\n"
    )
    model = write(tmp_path, minimal_with(old, "  -imum\n"))
    with pytest.raises(ModelError) as caught:
        load_model(model)
    assert [(p.code, p.line) for p in caught.value.problems] == [("yaml", 59)]
    result = runner.invoke(app, ["check", str(model)])
    assert result.exit_code == 1 and "geen geldige YAML" in result.stderr


def test_a_case_wide_scenario_value_is_computed_at_load_time_too() -> None:
    """A declared scenario that sets a price to ``=10 ** 400`` once gave € NaN in run."""
    text = minimal_with(
        "  - id: maximum\n    name: Maximum\n",
        "  - id: maximum\n    name: Maximum\n"
        "    set: {prices.huisarts_contact.amount: =10 ** 400}\n",
    )
    problems = refused(text)
    assert [(p.code, p.line) for p in problems] == [("not_computable", 66)]
    assert problems[0].path == "scenarios[maximum].set.prices.huisarts_contact.amount"


def test_a_plain_float_field_takes_no_infinity(tmp_path: Path) -> None:
    """``measurement_period_years: .inf`` once passed check and made run --json invalid."""
    text = minimal_with(
        "  price_year: 2024\n", "  price_year: 2024\n  measurement_period_years: .inf\n"
    )
    problems = refused(text)
    assert [(p.code, p.line, p.path) for p in problems] == [
        ("not_a_number", 12, "meta.measurement_period_years")
    ]
    result = runner.invoke(app, ["run", str(write(tmp_path, text)), "--json"])
    assert result.exit_code == 1 and strict_json(result.stdout)["errors"][0]["line"] == 12


def test_1500_chained_parameters_are_refused_not_a_recursion_error(tmp_path: Path) -> None:
    chain = "".join(f"  - id: p{i}\n    value: =p{i - 1} + 1\n" for i in range(1, 1500))
    text = minimal_with(
        "  - id: uren_per_gezin\n    value: 8\n",
        "  - id: uren_per_gezin\n    value: =p1499\n  - id: p0\n    value: 1\n" + chain,
    )
    started = time.perf_counter()
    problems = refused(text)
    assert time.perf_counter() - started < 5  # deeper than Python's stack (1000 frames)
    assert [(p.code, p.line, p.path) for p in problems] == [
        ("too_deep", 61, "parameters[uren_per_gezin].value")
    ]
    assert "via 1501 formules na elkaar" in problems[0].message
    result = runner.invoke(app, ["check", str(write(tmp_path, text))])
    assert result.exit_code == 1 and "hoogstens 100 stappen" in result.stderr


def test_a_long_chain_within_the_limit_still_computes() -> None:
    chain = "".join(f"  - id: p{i}\n    value: =p{i - 1} + 1\n" for i in range(1, 90))
    text = minimal_with(
        "  - id: uren_per_gezin\n    value: 8\n",
        "  - id: uren_per_gezin\n    value: =p89 - 81\n  - id: p0\n    value: 0\n" + chain,
    )
    # uren_per_gezin = 89 - 81 = 8, as in the minimal model
    assert evaluate(loads(text, "m.yaml")).get("steun", "huidig").gross == pytest.approx(
        20 * 8 * 46.80 + 1600
    )


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("=1" + " + 1" * 150, "meer dan 100 niveaus diep genest"),
        ("=" + "-" * 300 + "1", "meer dan 100 niveaus diep genest"),
        ("=1" + "+1" * 3000, "hoogstens 5000 tekens"),
    ],
    ids=["a sum of 151 terms", "300 minus signs", "6001 characters"],
)
def test_a_formula_nested_too_deep_is_refused(formula: str, message: str) -> None:
    problems = refused(minimal_with("    reach: 40", f"    reach: {formula}"))
    assert [(p.line, p.path) for p in problems] == [(70, "interventions[steun].reach")]
    assert message in problems[0].message


def test_a_price_list_name_the_file_system_refuses_is_a_located_error(tmp_path: Path) -> None:
    text = minimal_with("prices:\n", "price_lists: [" + "=1+1" * 100 + "]\nprices:\n")
    problems = refused(text)
    assert [(p.code, p.line, p.path) for p in problems] == [
        ("unknown_price_list", 43, "price_lists[1]")
    ]
    result = runner.invoke(app, ["check", str(write(tmp_path, text))])
    assert result.exit_code == 1 and "geen bestand dat te lezen is" in result.stderr


@pytest.mark.parametrize("text", ["=", "1", "'tekst'", "- a\n- b\n"])
def test_a_file_that_is_not_a_block_of_fields_is_located(text: str) -> None:
    problems = refused(text)
    assert [(p.code, p.line) for p in problems] == [("not_a_model", 1)]
