"""Time loading, compiling and evaluating the De Bilt example (point values and draws).

    python bench/evaluate_de_bilt.py

Prints the median of repeated runs. The draws part evaluates the same plan on a matrix
of inputs (every input ±10 % uniformly), the path Monte Carlo will take.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from rendement.engine import build_plan, evaluate, run
from rendement.model import load_model

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "de-bilt-2019.yaml"


def timed(label: str, action: Callable[[], object], repeat: int = 7) -> None:
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    print(f"{label:45} {statistics.median(seconds) * 1000:9.2f} ms (median of {repeat})")


def main() -> None:
    model = load_model(EXAMPLE)
    plan = build_plan(model)
    print(
        f"plan: {len(plan.inputs)} inputs, {plan.n_slots} slots, "
        f"{len(plan.evaluations)} evaluations, {len(plan.effects)} effect lines"
    )
    timed("load + validate the YAML model", lambda: load_model(EXAMPLE))
    timed("compile the plan", lambda: build_plan(model))
    timed("evaluate all tables (point values)", lambda: evaluate(model, plan=plan))
    rng = np.random.default_rng(2019)
    for draws in (10_000, 100_000):
        x = plan.input_values()[:, None] * rng.uniform(0.9, 1.1, (len(plan.inputs), draws))
        timed(f"run the plan on {draws:,} draws", lambda x=x: run(plan, x), repeat=3)


if __name__ == "__main__":
    main()
