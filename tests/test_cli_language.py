"""Every command speaks Dutch or English: ``--lang``, else the user's locale, else Dutch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from rendement.cli import app
from rendement.cli.common import language_from_environment
from rendement.i18n import active

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "de-bilt-2019.yaml"
UNCERTAIN = ROOT / "examples" / "de-bilt-2019-onzeker.yaml"
NO_LOCALE: dict[str, str | None] = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None}

runner = CliRunner()


def invoke(*args: str, **environment: str | None) -> Any:
    return runner.invoke(app, [*args], env={**NO_LOCALE, **environment})


COMMANDS = ("run", "check", "audit", "simulate", "sensitivity", "report", "kassabon", "prices")


@pytest.mark.parametrize("name", [*COMMANDS, "schema", "serve"])
def test_every_command_takes_lang(name: str) -> None:
    """`manage` passes its arguments to Django untouched; the pages follow each user."""
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    options = {o for p in command.params for o in getattr(p, "opts", [])}
    assert "--lang" in options, name


def test_run_in_english() -> None:
    result = invoke("run", str(EXAMPLE), "--lang", "en")
    assert result.exit_code == 0, result.output
    for english in ("Gross savings", "Investment per year", "Price level 2019", "Overview"):
        assert english in result.output
    assert "€98,072" in result.output
    assert "Bruto besparing" not in result.output and "€\u00a098.072" not in result.output


def test_an_english_locale_without_lang_gives_english() -> None:
    result = invoke("run", str(EXAMPLE), LANG="en_GB.UTF-8")
    assert result.exit_code == 0, result.output
    assert "Gross savings" in result.output and "€98,072" in result.output


def test_dutch_by_default() -> None:
    result = invoke("run", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "Bruto besparing" in result.output and "€\u00a098.072" in result.output
    assert "Gross savings" not in result.output
    dutch = invoke("run", str(EXAMPLE), "--lang", "nl", LANG="en_GB.UTF-8")
    assert "Bruto besparing" in dutch.output  # --lang wins over the locale


def test_the_language_ends_with_the_command() -> None:
    assert invoke("check", str(EXAMPLE), "--lang", "en").exit_code == 0
    assert active() == "nl"


def test_the_real_command_follows_an_english_locale() -> None:
    environment = {k: v for k, v in os.environ.items() if k not in NO_LOCALE}
    environment["LANG"] = "en_US.UTF-8"
    result = subprocess.run(
        [sys.executable, "-m", "rendement", "run", str(EXAMPLE)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Gross savings" in result.stdout and "€98,072" in result.stdout


@pytest.mark.parametrize(
    ("environment", "code"),
    [
        ({}, "nl"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en"}, "en"),
        ({"LANG": "en_US"}, "en"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "de_DE.UTF-8"}, "nl"),
        ({"LANG": "C"}, "nl"),
        ({"LANG": "C.UTF-8"}, "nl"),
        ({"LANG": "POSIX"}, "nl"),
        ({"LANG": ""}, "nl"),
        ({"LC_ALL": "nl_BE.UTF-8", "LC_MESSAGES": "en_GB", "LANG": "en_GB"}, "nl"),
        ({"LC_ALL": "en_IE.UTF-8@euro", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_GB.UTF-8"}, "en"),
    ],
)
def test_the_locale_decides_without_lang(environment: dict[str, str], code: str) -> None:
    assert language_from_environment(environment) == code


@pytest.mark.parametrize(
    "args",
    [
        ("run", str(EXAMPLE)),
        ("check", str(EXAMPLE)),
        ("prices",),
        ("schema",),
        ("kassabon", str(EXAMPLE)),
    ],
)
def test_an_unknown_language_is_a_usage_error(args: tuple[str, ...]) -> None:
    result = invoke(*args, "--lang", "de")
    assert result.exit_code == 2
    assert "taal 'de' bestaat niet; kies uit nl, en" in result.output
    assert invoke(*args, LANG="de_DE.UTF-8").exit_code == 0  # a locale is never refused


def test_prices_table_in_english() -> None:
    result = invoke("prices", "jeugdhulp", "--lang", "en", "--year", "2024")
    assert result.exit_code == 0, result.output
    for english in ("List", "Description", "Unit", "Amount", "Price level 2024", "Sources:"):
        assert english in result.output
    assert "Omschrijving" not in result.output
    dutch = invoke("prices", "jeugdhulp", "--year", "2024")
    assert "Omschrijving" in dutch.output and "Prijspeil 2024" in dutch.output


def test_check_and_audit_in_english() -> None:
    check = invoke("check", str(EXAMPLE), "--lang", "en")
    assert "valid — 4 interventions" in check.output
    audit = invoke("audit", str(EXAMPLE), "--lang", "en")
    assert "printed figures checked" in audit.output and "printed €40,782" in audit.output


def test_simulate_and_kassabon_in_english() -> None:
    simulate = invoke("simulate", str(UNCERTAIN), "--draws", "200", "--lang", "en")
    assert simulate.exit_code == 0, simulate.output
    assert "200 draws · seed 2019 · perspective" in simulate.output
    receipt = invoke("kassabon", str(EXAMPLE), "--lang", "en")
    assert "NET" in receipt.output and "NETTO" not in receipt.output


def test_the_receipt_and_the_audit_of_an_english_model_are_english() -> None:
    """``meta.language: en`` is the default of every document made from the model (the
    report, the receipts, the audit); ``--lang`` still decides when given."""
    drum = Path(__file__).parent.parent / "examples" / "sroi-drum-atweme-2014.yaml"
    receipt = invoke("kassabon", str(drum))
    assert receipt.exit_code == 0, receipt.output
    assert "NET" in receipt.output and "NETTO" not in receipt.output
    audit = invoke("audit", str(drum))
    assert "printed figures checked" in audit.output, audit.output
    dutch = invoke("audit", str(drum), "--lang", "nl")
    assert "gedrukte getallen gecontroleerd" in dutch.output
    assert "NETTO" in invoke("kassabon", str(EXAMPLE)).output  # a model without: the locale's
