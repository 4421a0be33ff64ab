"""A bounded part of the fuzzer (``bench/fuzz.py``) on every run of the suite.

1,500 mutated models go through load → plan → evaluate → JSON → simulate (and,
for one in 750, the HTML report) on two processes: none may end in an unhandled
exception, a step of more than 2 s CPU, or a NaN or infinity. The long run (10^5
mutants) is in ``docs/benchmarks.md``; a finding there is reproduced with
``python bench/fuzz.py --seed S --only I``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
COUNT = 1500
SEED = 20261129


def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz", ROOT / "bench" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz"] = module  # the worker processes find their functions by name
    spec.loader.exec_module(module)
    return module


def test_a_mutant_is_the_same_on_every_run() -> None:
    fuzz = _fuzz()
    assert fuzz.mutant(SEED, 7) == fuzz.mutant(SEED, 7)
    assert fuzz.mutant(SEED, 7) != fuzz.mutant(SEED, 8)


def test_a_broken_and_a_valid_mutant_are_told_apart(tmp_path: Path) -> None:
    fuzz = _fuzz()
    valid = (ROOT / "examples" / "rekenvoorbeeld-meerjarig.yaml").read_bytes()
    assert fuzz.run_one(valid, tmp_path, report=True).kind == "valid"
    assert (tmp_path / "r.html").stat().st_size > 10_000
    broken = valid.replace(b"horizon_years: 5", b"horizon_years: =1/0")
    assert fuzz.run_one(broken, tmp_path, report=False).kind == "model_error"


def test_thousands_of_mutants_end_valid_or_as_a_located_model_error() -> None:
    fuzz = _fuzz()
    tally = fuzz.fuzz(COUNT, seed=SEED, workers=2, report_every=750)
    counts = dict(tally.counts)
    bad = {kind: found[:5] for kind, found in tally.examples.items()}
    assert sum(counts.values()) == COUNT
    assert counts.get("unhandled", 0) == 0, bad
    assert counts.get("hang", 0) == 0, bad
    assert counts.get("non_finite", 0) == 0, bad
    # the fuzzer reaches both: models it breaks, and mutants that still run end to end
    assert counts["model_error"] > COUNT // 2
    assert counts["valid"] > COUNT // 50
