"""Lint, format, types and architecture are part of the test suite, so CI runs them too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    "command",
    [
        (sys.executable, "-m", "ruff", "check", "src", "tests", "bench"),
        (sys.executable, "-m", "ruff", "format", "--check", "src", "tests", "bench"),
        (sys.executable, "-m", "mypy"),
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_passes(command: tuple[str, ...]) -> None:
    result = _run(*command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_engine_is_free_of_cli_and_web_imports() -> None:
    """import-linter contracts in pyproject.toml: model/engine/audit never import cli, web."""
    executable = shutil.which("lint-imports")
    assert executable, "import-linter is in the test dependency group"
    result = _run(executable)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
