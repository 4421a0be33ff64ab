"""Time the full De Bilt PDF report, step by step, in process and as a cold CLI command.

    python bench/report_pdf.py

The target (issue 5) is at most 5 s for the whole PDF on the standard 2-core machine.
"In process" is what the web app will pay per report (imports done, fonts cached after
the first run); "cold" is what a user pays for ``rendement report MODEL -o x.pdf``,
Python start-up and imports included.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "de-bilt-2019.yaml"


def in_process(repeat: int = 3) -> None:
    started = time.perf_counter()
    from rendement.engine import evaluate
    from rendement.model import load_model
    from rendement.report import build_outline, render_html
    from rendement.report.pdf import html_to_pdf

    print(f"{'imports (rendement, WeasyPrint, Altair)':42} {time.perf_counter() - started:6.2f} s")
    steps: dict[str, list[float]] = {}
    pages = 0
    for _ in range(repeat):
        clock = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            steps.setdefault(name, []).append(now - clock)
            clock = now

        results = evaluate(load_model(EXAMPLE))
        lap("load + evaluate the model")
        outline = build_outline(results)
        lap("outline (tables, chart specs)")
        page = render_html(outline)
        lap("HTML (charts drawn to SVG)")
        _pdf, pages = html_to_pdf(page)
        lap("PDF layout (WeasyPrint)")
    total = [sum(parts) for parts in zip(*steps.values(), strict=True)]
    for name, seconds in steps.items():
        print(f"{name:42} {statistics.median(seconds):6.2f} s")
    print(
        f"{'whole PDF, ' + str(pages) + ' pages (median of ' + str(repeat) + ')':42} "
        f"{statistics.median(total):6.2f} s   (target ≤ 5 s)"
    )


def cold() -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "de-bilt.pdf"
        command = [sys.executable, "-m", "rendement", "report", str(EXAMPLE), "-o", str(target)]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - started
    print(f"{'cold: rendement report … -o de-bilt.pdf':42} {seconds:6.2f} s")


if __name__ == "__main__":
    in_process()
    cold()
