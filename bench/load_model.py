"""Benchmark: how long loading a model takes (read, validate, check), De Bilt and 500
interventions.

    python bench/load_model.py [--runs 5] [--slow]

Models: ``examples/de-bilt-2019.yaml``, ``examples/de-bilt-2019-onzeker.yaml`` and the
uncertain De Bilt model with its four interventions copied 125 times (500 interventions,
the model of ``bench/scaling.py``), written as block YAML the way an author or the web
editor writes it (ruamel round-trip, about 3,4 MB), and as the JSON ``scaling.py`` writes.
Each load runs in this process after the imports (NumPy too: a server has it loaded) with
the loader's memos emptied first, so every run reads the model as new. Prints CPU seconds
(``time.process_time``: steadier than the wall clock on a shared machine) and wall-clock
seconds, fastest and median, and which road the loads took. ``--slow`` switches the fast
road off: the round-trip parser reads every model, as before the fast road existed.
Not a test.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def models() -> list[tuple[str, str]]:
    from ruamel.yaml import YAML
    from scaling import scaled_model

    as_json = scaled_model(125)
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(json.loads(as_json), stream)
    return [
        ("De Bilt", (ROOT / "examples" / "de-bilt-2019.yaml").read_text(encoding="utf-8")),
        (
            "De Bilt, onzeker",
            (ROOT / "examples" / "de-bilt-2019-onzeker.yaml").read_text(encoding="utf-8"),
        ),
        ("500 interventies (YAML)", stream.getvalue()),
        ("500 interventies (JSON)", as_json),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow", action="store_true", help="the round-trip road only")
    args = parser.parse_args()

    import numpy  # noqa: F401  (loaded by a server already; the correlation check uses it)

    from rendement.model import fastyaml, guards, loader, overrides, printed, values

    guards.MAX_FILE_BYTES = 64 * 2**20  # 500 interventions are ~3 MB: above a case's 1 MB
    if args.slow:
        fastyaml.AVAILABLE = False
    print(
        f"{platform.processor() or platform.machine()}, {platform.python_version()}, "
        f"{'round-trip road only' if args.slow else 'fast road'}, {args.runs} runs"
    )
    for name, text in models():
        cpu, wall = [], []
        before = loader.FAST_LOADS
        for _ in range(args.runs):
            values._PARSED.clear()
            printed._READ.clear()
            overrides._APPLIED.clear()
            start, started = time.process_time(), time.perf_counter()
            loader.loads(text, str(ROOT / "examples" / "model.yaml"))
            cpu.append(time.process_time() - start)
            wall.append(time.perf_counter() - started)
        fast = loader.FAST_LOADS - before
        print(
            f"{name:26} {len(text) / 1e6:5.2f} MB  CPU {min(cpu):7.3f} s (median "
            f"{statistics.median(cpu):7.3f})  wall {min(wall):7.3f} s (median "
            f"{statistics.median(wall):7.3f})  fast road {fast}/{args.runs}"
        )


if __name__ == "__main__":
    main()
