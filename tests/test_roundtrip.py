"""A model written back keeps its author's comments and layout (the web app edits this way)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.engine import evaluate
from rendement.model import ModelError, load_model

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "de-bilt-2019.yaml"


def test_dump_reproduces_the_file_exactly() -> None:
    assert load_model(EXAMPLE).dump() == EXAMPLE.read_text(encoding="utf-8")


def test_edit_keeps_comments_and_changes_the_result() -> None:
    model = load_model(EXAMPLE)
    edited = model.edited(("interventions", 0, "reach"), 320)
    text = edited.dump()
    assert "# Tabel 1: € 21.376 per jaar voor 9 uur per week" in text
    assert "    reach: 320\n" in text
    before = evaluate(model).get("ouders_lokaal", "huidig")
    after = evaluate(edited).get("ouders_lokaal", "huidig")
    assert after.gross == pytest.approx(2 * before.gross)
    assert after.investment == pytest.approx(before.investment)


def test_a_bad_edit_is_refused_and_the_model_stays_as_it_was() -> None:
    model = load_model(EXAMPLE)
    original = model.dump()
    with pytest.raises(ModelError) as caught:
        model.edited(("interventions", 0, "effects", 0, "share"), "125%")
    assert "tussen 0% en 100%" in str(caught.value)
    assert model.dump() == original
