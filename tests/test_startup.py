"""A person waits for ``rendement --help`` and ``rendement check``: they import little.

Guarded by what gets imported, not by a stopwatch (a busy CI machine makes timings flaky):
the heavy libraries (NumPy, SciPy, pydantic, the report's WeasyPrint and Altair) cost
most of a cold start, so the commands that do not need them must not load them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "scipy", "pydantic", "ruamel", "jinja2", "weasyprint", "altair", "distributed")


def imported_by(code: str) -> set[str]:
    """The modules in ``sys.modules`` after running ``code`` in a fresh Python, and their
    top-level packages."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    modules = set(json.loads(result.stdout.splitlines()[-1]))
    return modules | {m.split(".")[0] for m in modules}


def test_the_command_line_imports_no_engine_and_no_heavy_library() -> None:
    loaded = imported_by("import rendement.cli")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_help_imports_no_heavy_library() -> None:
    code = "from rendement.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass"
    loaded = imported_by(code)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_check_loads_the_model_but_not_numpy_the_engine_or_the_reports() -> None:
    """A model without distributions or correlations (De Bilt) is validated without NumPy."""
    model = ROOT / "examples" / "de-bilt-2019.yaml"
    code = (
        "from rendement.cli import app\n"
        f"try:\n    app(['check', {str(model)!r}])\nexcept SystemExit as end:\n"
        "    assert not end.code, end.code"
    )
    loaded = imported_by(code)
    assert {"pydantic", "rendement.model"} <= loaded  # validating the model needs these
    unneeded = {"numpy", "scipy", "weasyprint", "altair", "jinja2", "distributed"}
    unneeded |= {"rendement.engine", "rendement.uncertainty", "rendement.report"}
    assert not loaded & unneeded, sorted(loaded & unneeded)
