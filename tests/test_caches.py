"""Process-wide caches stay bounded: a long-running process (the web app) runs many models."""

from __future__ import annotations

from pathlib import Path

from rendement.model import loads
from rendement.uncertainty import montecarlo

GRID = Path(__file__).resolve().parents[1] / "examples" / "kostenbesparing-raster.yaml"


def test_prepared_plans_and_models_are_kept_for_the_most_recent_models_only() -> None:
    text = GRID.read_text(encoding="utf-8")
    models = [
        loads(text.replace("reach: 200", f"reach: {200 + n}"), str(GRID))
        for n in range(montecarlo.CACHED + 4)
    ]
    for model in models:
        montecarlo.prepare(model, None)
        montecarlo.remember(model)
    assert len(montecarlo._PREPARED) == montecarlo.CACHED
    assert len(montecarlo._MODELS) <= montecarlo.CACHED
    # the most recent one is still there, and used again without being rebuilt
    last = models[-1]
    assert montecarlo.prepare(last, None) is montecarlo.prepare(last, None)
