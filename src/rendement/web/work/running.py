"""What a background job computes, given a version's document: no Django in here.

Each function takes a ``progress(percent, phrase, detail)`` callback; the task
(:mod:`.tasks`) writes what it is told to the job's row, which the page polls. The work
is the code the CLI and the page use — the report writer, ``simulate``, ``sensitivity``
— so a figure made in the background is the figure ``rendement simulate`` gives with the
same draws and seed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...i18n import N_

Progress = Callable[[int, str, dict[str, Any]], None]
"""Told a percentage (0–100), a Dutch msgid and the values of its placeholders."""

SEED = 2019
"""The seed of every run started in the page: the reports' and the page's own."""


def document(text: str, fmt: str, stem: str, lang: str, progress: Progress) -> tuple[bytes, str]:
    """The PDF or Word report of ``text`` and its file name, as the download in the
    request makes it (:func:`..cases.rendering.write_download`, the CLI's report)."""
    from ..cases.rendering import write_download

    name = f"{stem}.{fmt}"
    with tempfile.TemporaryDirectory(prefix="rendement-work-") as folder:
        target = Path(folder) / name
        write_download(text, fmt, target, lang, lambda pct, phrase: progress(pct, phrase, {}))
        return target.read_bytes(), name


def _loaded(text: str) -> Any:
    from ...engine import evaluate
    from ...model import loads
    from ...money import currency

    model = loads(text, "model.yaml", files=False)
    with currency(model.case.meta.currency):
        return evaluate(model)


def montecarlo(text: str, draws: int, seed: int, progress: Progress) -> dict[str, Any]:
    """``simulate`` of the version with ``draws`` and ``seed``, in the engine's own chunks
    (50 000 draws each for a case of De Bilt's size), telling how many draws are done
    after each: the figures as ``rendement simulate --json`` writes them."""
    from ...money import currency
    from ...uncertainty import simulate

    progress(2, N_("Model doorrekenen…"), {})
    results = _loaded(text)
    done_before = [0]

    def chunk(done: int, total: int) -> None:
        drawn = min(draws, round(draws * done / total))
        if drawn != done_before[0]:
            done_before[0] = drawn
            progress(
                5 + 94 * done // total,
                N_("Trekkingen: {done} van {total}"),
                {"done": drawn, "total": draws},
            )

    with currency(results.currency):
        simulation = simulate(
            results.model,
            draws=draws,
            seed=seed,
            perspective=results.perspective,
            progress=chunk,
        )
    figures: dict[str, Any] = simulation.to_json()
    return figures


def sensitivity(text: str, draws: int, seed: int, progress: Progress) -> dict[str, Any]:
    """Sensitivity with break-even, EVPI and each input's EVPPI of the options the report
    studies (``headline_targets``), one option at a time so the page can tell how many
    are done; the draws are those of ``simulate`` with the same ``draws`` and ``seed``."""
    from ...money import currency
    from ...present.uncertain import headline_targets
    from ...uncertainty import sensitivity as run_sensitivity

    progress(2, N_("Model doorrekenen…"), {})
    results = _loaded(text)
    targets = headline_targets(results)
    out: list[dict[str, Any]] = []
    with currency(results.currency):
        for n, target in enumerate(targets):
            progress(
                5 + 94 * n // max(len(targets), 1),
                N_("Optie {done} van {total} doorrekenen…"),
                {"done": n + 1, "total": len(targets)},
            )
            found = run_sensitivity(
                results.model,
                perspective=results.perspective,
                targets=[target],
                draws=draws,
                seed=seed,
            )
            out.extend(s.to_json() for s in found)
    return {"draws": draws, "seed": seed, "perspective": results.perspective, "options": out}
