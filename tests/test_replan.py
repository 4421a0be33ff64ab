"""The plan of an edit of one number (``engine/replan.py``) gives the figures of a plan
built in full, on every number of every intervention of De Bilt, and is refused (None)
where the number is no input of the intervention's own layer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rendement.engine import build_plan, evaluate, run
from rendement.engine.replan import input_key, patched_plan
from rendement.model import ModelError, editing, loads
from rendement.model.incremental import plain_number

DE_BILT = Path(__file__).parent.parent / "examples" / "de-bilt-2019.yaml"


def _numbers(node: Any, loc: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _numbers(v, (*loc, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _numbers(v, (*loc, i))]
    return [loc] if plain_number(node) else []


def _at(tree: Any, loc: tuple[Any, ...]) -> Any:
    for key in loc:
        tree = tree[key]
    return tree


@pytest.fixture(autouse=True)
def _this_process_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editing, "ELSEWHERE", None)  # no web app's shared cache here


def test_every_number_of_every_intervention_gives_the_full_plans_figures() -> None:
    text = DE_BILT.read_text(encoding="utf-8")
    before = loads(text, files=False)
    plan = build_plan(before)
    written = [i.value for i in plan.inputs]
    tree = editing.read(text)
    places = _numbers(tree["interventions"], ("interventions",))
    patched = refused = 0
    for loc in places:
        old = _at(tree, loc)
        for value in (int(old) * 3 + 7, round(float(old) * 0.37 + 0.125, 6)):
            if value == old:
                continue
            try:
                model = loads(editing.set_value(text, loc, value), files=False)
            except ModelError:
                continue  # a value this place does not take: no new version to plan
            fast = patched_plan(plan, before, model, loc)
            if fast is None:
                refused += 1
                assert input_key(before, loc) not in {i.key for i in plan.inputs}, loc
                continue
            patched += 1
            full = build_plan(model)
            # the same inputs, keys and values as a full build, and the same figures
            assert [(i.key, i.slot, i.value) for i in fast.inputs] == [
                (i.key, i.slot, i.value) for i in full.inputs
            ], loc
            np.testing.assert_array_equal(run(fast).slots, run(full).slots)
            assert evaluate(model, plan=fast).to_json() == evaluate(model).to_json(), loc
    # reaches, shares, units, hours, filters, parameters; refused: the variants' and
    # scenarios' own numbers, activity years, …
    assert patched > 40 and refused > 0, (patched, refused)
    assert [i.value for i in plan.inputs] == written  # the plan before is left as it was


def test_refused_where_the_number_is_not_the_base_layers_input() -> None:
    text = DE_BILT.read_text(encoding="utf-8")
    before = loads(text, files=False)
    plan = build_plan(before)
    loc = ("interventions", 0, "reach")
    model = loads(editing.set_value(text, loc, 999), files=False)
    # not an intervention's number, or no number the plan holds as an input of its own
    assert patched_plan(plan, before, model, ("meta", "title")) is None
    assert patched_plan(plan, before, model, ("interventions", 0, "activity_years")) is None
    assert patched_plan(plan, before, model, ("interventions", 0, "variants", 0)) is None
    # the plan of another model than the one before: its value is not what the plan holds
    loc = ("interventions", 0, "reach")
    model = loads(editing.set_value(text, loc, 999), files=False)
    other = loads(editing.set_value(text, loc, 998), files=False)
    assert patched_plan(plan, other, model, loc) is None
    assert patched_plan(plan, before, model, loc) is not None
