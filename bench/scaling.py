"""Benchmark: how Monte Carlo time and memory grow with the size of a model.

    python bench/scaling.py [--copies 1 10 30 100 125] [--draws 10000]

Builds De Bilt-like models from ``examples/de-bilt-2019-onzeker.yaml`` with its four
interventions copied *k* times (ids renamed ``<id>_<n>``, correlations copied, every copy
in both portfolio columns, the printed portfolio figures dropped), so 10 copies are 40
interventions and 125 copies 500. Each size runs in its own process: load, then
``simulate(model, draws=10_000)`` with the defaults (per financier, default chunk); it
prints the wall-clock and CPU seconds of ``simulate`` (CPU time is steadier on a shared
machine), the number of evaluations and simulated figures, the memory once the model is
loaded and the peak memory (``ru_maxrss``) of that process. Not a test.
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "de-bilt-2019-onzeker.yaml"


def scaled_model(copies: int) -> str:
    """The uncertain De Bilt model with its interventions copied ``copies`` times (as YAML)."""
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load(EXAMPLE.read_text(encoding="utf-8"))
    originals = data["interventions"]
    ids = [i["id"] for i in originals]
    interventions, correlations = [], []
    for n in range(1, copies + 1):
        for intervention in originals:
            twin = copy.deepcopy(intervention)
            twin["id"] = f"{intervention['id']}_{n}"
            twin["name"] = f"{intervention['name']} ({n})"
            interventions.append(twin)
        for c in data.get("correlations") or []:
            between = []
            for ref in c["between"]:
                head, _, rest = ref.partition(".")
                between.append(f"{head}_{n}.{rest}" if head in ids else ref)
            correlations.append({**c, "between": between})
    data["interventions"] = interventions
    if correlations:
        data["correlations"] = correlations
    portfolio = data.get("portfolio")
    if portfolio is not None:
        portfolio.pop("reported", None)
        for column in portfolio["columns"]:
            column.pop("reported", None)
            column["picks"] = {
                f"{i}_{n}": pick
                for n in range(1, copies + 1)
                for i, pick in column["picks"].items()
            }
    return json.dumps(data, ensure_ascii=False, default=str)  # JSON is YAML


def measure(path: str, draws: int, queue: Any) -> None:
    from rendement.engine import build_plan
    from rendement.model import guards, load_model
    from rendement.uncertainty import simulate

    guards.MAX_FILE_BYTES = 64 * 2**20  # 500 interventions are ~3 MB: above a case's 1 MB
    start = time.perf_counter()
    model = load_model(path)
    loaded = time.perf_counter() - start
    plan = build_plan(model)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    result = simulate(model, draws=draws, seed=2019)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu
    queue.put(
        {
            "interventions": len(model.case.interventions),
            "evaluations": len(plan.evaluations),
            "inputs": len(plan.inputs),
            "outputs": len(result.outputs),
            "chunks": result.chunks,
            "load": loaded,
            "seconds": seconds,
            "cpu": cpu,
            "before_mib": before / 1024,
            "peak_mib": peak / 1024,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 30, 100, 125])
    parser.add_argument("--draws", type=int, default=10_000)
    args = parser.parse_args()
    print(f"Python {platform.python_version()} · {platform.machine()} · draws {args.draws:,}")
    print(
        f"{'copies':>6} {'interv.':>7} {'evals':>6} {'outputs':>7} {'chunks':>6} "
        f"{'load s':>7} {'simulate s':>10} {'CPU s':>6} {'CPU s/1000 evals':>16} "
        f"{'MiB loaded':>10} {'peak MiB':>9}"
    )
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as folder:
        for copies in args.copies:
            path = Path(folder) / f"de-bilt-x{copies}.yaml"
            path.write_text(scaled_model(copies), encoding="utf-8")
            queue = context.Queue()
            process = context.Process(target=measure, args=(str(path), args.draws, queue))
            process.start()
            process.join()
            if process.exitcode != 0:
                print(f"{copies:>6} failed (exit code {process.exitcode})", file=sys.stderr)
                continue
            r = queue.get()
            print(
                f"{copies:>6} {r['interventions']:>7} {r['evaluations']:>6} {r['outputs']:>7} "
                f"{r['chunks']:>6} {r['load']:>7.2f} {r['seconds']:>10.2f} {r['cpu']:>6.2f} "
                f"{1000 * r['cpu'] / r['evaluations']:>16.3f} {r['before_mib']:>10.0f} "
                f"{r['peak_mib']:>9.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
