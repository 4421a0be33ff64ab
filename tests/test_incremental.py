"""The shortcut for an edit of one number (``model/incremental.py``) gives exactly the
model and the figures a full load of the edited text gives, on every number of every
intervention of De Bilt, and gives up (``None``) wherever the full load finds a problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rendement.engine import evaluate
from rendement.model import ModelError, editing, loads
from rendement.model.incremental import loads_changed, plain_number

DE_BILT = Path(__file__).parent.parent / "examples" / "de-bilt-2019.yaml"


def _numbers(node: Any, loc: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _numbers(v, (*loc, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _numbers(v, (*loc, i))]
    return [loc] if plain_number(node) else []


def _value_at(tree: Any, loc: tuple[Any, ...]) -> Any:
    for key in loc:
        tree = tree[key]
    return tree


def _figures(model: Any) -> Any:
    return evaluate(model).to_json()


@pytest.fixture(autouse=True)
def _this_process_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editing, "ELSEWHERE", None)  # no web app's shared cache here


@pytest.fixture(scope="module")
def de_bilt() -> tuple[str, Any]:
    text = DE_BILT.read_text(encoding="utf-8")
    tree = editing.parse(text)
    editing.keep(text, tree)
    return text, loads(text, files=False, tree=tree)


def _new_values(old: Any) -> list[Any]:
    """A larger whole number, a fraction and zero: valid in most places, wrong in some
    (a share above 1, a negative number where none can be)."""
    return [int(old) * 3 + 7, round(float(old) * 0.37 + 0.125, 6), -2.5]


def test_every_number_of_every_intervention(de_bilt: tuple[str, Any]) -> None:
    text, model = de_bilt
    tree = editing.read(text)
    places = _numbers(tree["interventions"], ("interventions",))
    assert len(places) > 50  # De Bilt's reaches, shares, prices, hours, variants, scenarios
    taken = valid = refused = 0
    for loc in places:
        for value in _new_values(_value_at(tree, loc)):
            if value == _value_at(tree, loc):
                continue
            new = editing.set_value(text, loc, value)
            if editing.number_changed(new) is None:  # written otherwise: the full load
                continue
            assert editing.number_changed(new) == (text, loc)
            fast = loads_changed(model, new, editing.kept(new), loc)
            try:
                full = loads(new, files=False)  # fresh: the text read again, no tree
            except ModelError:
                refused += 1
                assert fast is None, (loc, value)
                continue
            valid += 1
            if fast is None:
                continue
            taken += 1
            same_tree = loads(new, files=False, tree=editing.kept(new))
            assert fast.case.model_dump() == same_tree.case.model_dump(), (loc, value)
            assert _figures(fast) == _figures(full), (loc, value)
            assert fast.text == new
    assert valid > len(places)  # most numbers were changed in the text itself
    assert refused > 0  # the fall back was tried
    assert taken == valid  # every valid change of a number took the shortcut


def test_not_taken_outside_interventions_or_for_text(de_bilt: tuple[str, Any]) -> None:
    text, model = de_bilt
    weeks = ("meta", "weeks_per_year")
    new = editing.set_value(text, weeks, 46)
    assert editing.number_changed(new) == (text, weeks)
    assert loads_changed(model, new, editing.kept(new), weeks) is None
    name = ("interventions", 0, "name")
    renamed = editing.set_value(text, name, "Een andere naam")
    assert editing.number_changed(renamed) is None
    reach = ("interventions", 0, "reach")
    formula = editing.set_value(text, reach, "=10 * 2")
    assert editing.number_changed(formula) is None


def test_a_chain_of_edits_stays_equal_to_a_full_load(de_bilt: tuple[str, Any]) -> None:
    """Each edit builds on the model the shortcut made for the edit before it."""
    text, model = de_bilt
    tree = editing.read(text)
    places = _numbers(tree["interventions"], ("interventions",))[::7]
    for step, loc in enumerate(places):
        old = _value_at(editing.read(text), loc)
        new = editing.set_value(text, loc, int(old) + step + 1)
        fast = loads_changed(model, new, editing.kept(new), loc)
        try:
            full = loads(new, files=False)
        except ModelError:
            assert fast is None
            continue
        if fast is None:
            fast = loads(new, files=False, tree=editing.kept(new))
        assert _figures(fast) == _figures(full), loc
        text, model = new, fast
