"""The command line on the De Bilt example: run, check and audit, in text and JSON.

Most tests call the Typer app in-process with :class:`typer.testing.CliRunner`; one runs
``python -m rendement`` as a real process to prove the entry point works. Wrong option
values are turned into exit code 2 by :func:`rendement.cli.main` (not by the Typer app),
so those are tested through ``main``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rendement.cli import app, main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "de-bilt-2019.yaml"

EVALUATION_KEYS = {
    "gross",
    "gross_by_financier",
    "perspective",
    "perspective_gross",
    "investment",
    "investment_by_payer",
    "net",
    "ratio_gross",
    "ratio_net",
}

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, [*args])


def run_json(*args: str) -> dict[str, Any]:
    result = invoke("run", str(EXAMPLE), "--json", *args)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def scenario_objects(document: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [
        (intervention_id, variant_id, scenario_id, evaluation)
        for intervention_id, intervention in document["interventions"].items()
        for variant_id, variant in intervention["variants"].items()
        for scenario_id, evaluation in variant["scenarios"].items()
    ]


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """``rendement ARGS`` in-process through :func:`main`, as the installed script runs it."""
    monkeypatch.setattr(sys, "argv", ["rendement", *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    captured = capsys.readouterr()
    code = stopped.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), captured.out, captured.err


# --------------------------------------------------------------------------- run


def test_run_prints_the_report_figures() -> None:
    result = invoke("run", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    for figure in (
        "€\u00a098.072",  # Tabel 2/3: gross savings for the municipality
        "€\u00a0110.872",  # Tabel 2: gross savings for everyone (incl. the huisarts, Zvw)
        "€\u00a031.876",  # Tabel 1: investment Ouders Lokaal
        "€\u00a066.196",  # Tabel 3: net
        "€\u00a070.946",  # Tabel 4: net of the expansion
        "2,62",  # §4.2: net ratio of the expansion
        "-\u00a0€\u00a014.969",  # Tabel 8: Sterk door vrijwilligerswerk, minimum, a net loss
        "-\u00a0€\u00a028.765",  # Tabel 11: Samen Oplopen, minimum
        "€\u00a088.415",  # Tabel 12: exact minimum total, rounded (the report prints 88.416)
        "€\u00a0274.839",  # Tabel 12: exact maximum total, rounded (the report prints 274.842)
    ):
        assert figure in result.stdout, figure
    assert "Overzicht" in result.stdout
    assert "Traceback" not in result.output


def test_run_as_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rendement", "run", str(EXAMPLE)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "€\u00a098.072" in done.stdout
    assert "€\u00a0274.839" in done.stdout
    assert "Traceback" not in done.stderr


def test_run_json_has_every_evaluation_and_the_portfolio() -> None:
    document = run_json()
    assert document["perspective"]["id"] == "gemeente"
    assert set(document["interventions"]) == {
        "ouders_lokaal",
        "maatjesproject",
        "sterk_door_vrijwilligerswerk",
        "samen_oplopen",
    }
    objects = scenario_objects(document)
    assert len(objects) == 24  # as `check` counts: variants × scenarios
    for where in objects:
        evaluation = where[3]
        assert set(evaluation) >= EVALUATION_KEYS, where[:3]
        assert evaluation["perspective"] == "gemeente"
        assert sum(evaluation["gross_by_financier"].values()) == pytest.approx(evaluation["gross"])
        assert sum(evaluation["investment_by_payer"].values()) == pytest.approx(
            evaluation["investment"]
        )

    ouders = document["interventions"]["ouders_lokaal"]["variants"]
    assert ouders["uitbreiding"]["scenarios"]["basis"]["net"] == pytest.approx(70946.22, abs=0.01)
    huidig = ouders["huidig"]["scenarios"]["basis"]
    assert huidig["gross"] == pytest.approx(110872.0, abs=0.01)
    assert huidig["perspective_gross"] == pytest.approx(98072.0, abs=0.01)
    assert huidig["gross_by_financier"]["zorgverzekeraar"] == pytest.approx(12800.0, abs=0.01)
    assert huidig["net"] == pytest.approx(66196.0, abs=0.01)

    portfolio = document["portfolio"]
    assert [c["column"] for c in portfolio] == ["minimum", "maximum"]
    for column in portfolio:
        assert len(column["interventions"]) == 4
        for row in column["interventions"]:
            assert {"intervention", "variant", "scenario", "net"} <= set(row)
        assert column["net"] == pytest.approx(sum(r["net"] for r in column["interventions"]))
    minimum, maximum = portfolio
    assert minimum["net"] == pytest.approx(88414.76, abs=0.01)
    assert maximum["net"] == pytest.approx(274838.89, abs=0.01)
    rows = {r["intervention"]: r for r in minimum["interventions"]}
    assert rows["samen_oplopen"]["net"] == pytest.approx(-28765.0, abs=0.01)
    assert (
        rows["sterk_door_vrijwilligerswerk"]["variant"],
        rows["sterk_door_vrijwilligerswerk"]["scenario"],
    ) == ("uitbreiding", "minimum")


def test_run_one_scenario_keeps_only_that_scenario() -> None:
    document = run_json("--scenario", "maximum")
    objects = scenario_objects(document)
    assert objects
    assert {scenario for _, _, scenario, _ in objects} == {"maximum"}
    for intervention in document["interventions"].values():
        for variant in intervention["variants"].values():
            assert list(variant["scenarios"]) == ["maximum"]


def test_run_from_the_society_perspective() -> None:
    document = run_json("--perspective", "maatschappij")
    assert document["perspective"]["id"] == "maatschappij"
    for where in scenario_objects(document):
        evaluation = where[3]
        assert evaluation["perspective"] == "maatschappij"
        assert evaluation["perspective_gross"] == pytest.approx(evaluation["gross"])
        assert evaluation["net"] == pytest.approx(evaluation["gross"] - evaluation["investment"]), (
            where[:3]
        )
    ouders = document["interventions"]["ouders_lokaal"]["variants"]["huidig"]["scenarios"]
    assert ouders["basis"]["net"] == pytest.approx(110872.0 - 31876.0, abs=0.01)


def test_an_unknown_scenario_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "run", str(EXAMPLE), "--scenario", "bestaatniet")
    assert code == 2
    assert "onbekend scenario 'bestaatniet'" in err
    for scenario in ("basis", "minimum", "maximum"):
        assert scenario in err
    assert "Traceback" not in out + err
    assert "Interne fout" not in err


def test_an_unknown_perspective_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "run", str(EXAMPLE), "--perspective", "rijk")
    assert code == 2
    assert "onbekend perspectief 'rijk'" in err
    assert "maatschappij" in err and "gemeente" in err
    assert "Traceback" not in out + err


def test_an_unknown_scenario_through_the_typer_app() -> None:
    result = invoke("run", str(EXAMPLE), "--scenario", "bestaatniet")
    assert result.exit_code == 2
    assert "onbekend scenario" in result.output


# --------------------------------------------------------------------------- check


def test_check_says_the_example_is_valid() -> None:
    result = invoke("check", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "geldig" in result.stdout
    assert "4 interventies" in result.stdout


def test_a_missing_model_file(tmp_path: Path) -> None:
    missing = tmp_path / "bestaat-niet.yaml"
    for command in ("run", "check", "audit"):
        result = invoke(command, str(missing))
        assert result.exit_code == 1, (command, result.output)
        assert "bestaat niet" in result.output
        assert "Traceback" not in result.output
        assert isinstance(result.exception, SystemExit)


def test_a_model_with_a_mistake_lists_it_with_its_line(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("value: 0.5\n", 'value: "0,5"\n', 1)
    assert '"0,5"' in text
    broken = tmp_path / "fout.yaml"
    broken.write_text(text, encoding="utf-8")
    result = invoke("check", str(broken))
    assert result.exit_code == 1
    assert "decimale komma" in result.stderr
    assert "regel" in result.stderr
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- audit


def test_audit_names_the_typo() -> None:
    result = invoke("audit", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    for text in ("Tabel 2", "40.782", "40.872", "verwisseld", "Tabel 12"):
        assert text in result.stdout, text


def test_audit_json() -> None:
    result = invoke("audit", str(EXAMPLE), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    findings = report["findings"]
    assert report["differing"] == len(findings)
    assert report["checked"] > len(findings)

    tabel_2 = [f for f in findings if f["table"] == "Tabel 2"]
    assert len(tabel_2) == 1
    (typo,) = tabel_2
    assert typo["path"] == "effects.jeugdhulp.gross"
    assert typo["cause"] == "typo"
    assert typo["intervention"] == "ouders_lokaal"
    assert typo["printed"] == 40782
    assert typo["computed"] == pytest.approx(40872.0)

    totals = {f["path"]: f for f in findings if f["table"] == "Tabel 12"}
    assert {"minimum.total", "maximum.total"} <= set(totals)
    for path in ("minimum.total", "maximum.total"):
        assert totals[path]["cause"] == "propagated", path
    assert totals["minimum.total"]["printed"] == 88416
    assert totals["minimum.total"]["computed"] == pytest.approx(88414.76, abs=0.01)
    assert totals["maximum.total"]["printed"] == 274842
    assert totals["maximum.total"]["computed"] == pytest.approx(274838.89, abs=0.01)


# --------------------------------------------------------------------------- index


def test_index_lists_the_bundled_series_and_gives_a_factor() -> None:
    listed = invoke("index", "--json")
    assert listed.exit_code == 0, listed.output
    assert [s["id"] for s in json.loads(listed.stdout)] == ["cpi-abs", "cpi-cbs", "cpi-ons"]
    shown = invoke("index", "cpi-ons", "--from", "2019", "--to", "2024")
    assert shown.exit_code == 0, shown.output
    assert "Factor 2019 → 2024: 1,24212" in shown.output  # 133,9 / 107,8
    document = json.loads(
        invoke("index", "cpi-ons", "--from", "2019", "--to", "2024", "--json").stdout
    )
    assert document["factor"] == pytest.approx(133.9 / 107.8)


def test_index_outside_its_years_is_a_plain_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_main(
        monkeypatch, capsys, "index", "cpi-abs", "--from", "2001", "--to", "2024"
    )
    assert code == 2 and "loopt van 2015 tot en met 2024; 2001 valt erbuiten" in err
    code, _out, err = run_main(monkeypatch, capsys, "index", "cpi-xyz")
    assert code == 2 and "cpi-abs, cpi-cbs, cpi-ons" in " ".join(err.split())
