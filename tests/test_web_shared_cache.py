"""The cache every server process shares (web/cases/shared.py): what an edit answers, and
what another process finds there, are the figures of a fresh load of the stored YAML."""

from __future__ import annotations

import math
from typing import Any

import pytest

from web_world import client_for

pytestmark = pytest.mark.django_db


def _forget() -> None:
    """This process's own caches emptied: as if the edit before landed in another one."""
    from rendement.model import editing
    from rendement.web.cases import headnote, results, services, views

    for kept in (services._CHECKED, editing._READ, results._SHOWN, headnote._ROWS):
        kept.clear()
    editing._NUMBERS.clear()
    views._SUMMARIES.clear()
    services._MADE_FROM.clear()


def _nets(results: Any) -> dict[tuple[str, str, str], float]:
    return {
        (ev.intervention, ev.variant, ev.scenario): ev.net
        for result in results.interventions
        for ev in result.evaluations
    }


def _fresh_nets(document: str) -> dict[tuple[str, str, str], float]:
    """The stored text loaded and evaluated from nothing: no cache, the plain loader."""
    from rendement.engine import evaluate
    from rendement.model import loads

    return _nets(evaluate(loads(document, files=False)))


def test_edits_through_the_shared_cache_give_the_figures_of_a_fresh_load(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rendement.model import loader
    from rendement.web.cases import results
    from rendement.web.cases.models import Case

    case = world["case"]
    editor = client_for(world["editor"])
    url = f"/cases/{case.uid}/edit/"
    # in this process, then as another process would (its own caches empty), alternately
    for number, (loc, value) in enumerate(
        [
            ("interventions.0.reach", "320"),
            ("interventions.1.reach", "10"),
            ("interventions.0.reach", "160"),
            ("interventions.2.reach", "77"),
        ],
        start=1,
    ):
        if number % 2 == 0:
            _forget()
        answer = editor.post(url, {"base": number, "loc": loc, "value": value})
        assert answer.status_code == 200, answer.content[:500]
    latest = Case.objects.get(pk=case.pk).latest()
    assert latest.number == 5
    assert "reach: 160" in latest.document and "reach: 77" in latest.document
    fresh = _fresh_nets(latest.document)
    # the edits moved the figures (so equal figures below say something)
    from rendement.web.cases.examples import example_text

    assert _fresh_nets(example_text("de-bilt-2019")) != pytest.approx(fresh)

    # what this process answers with
    shown = results.shown(latest.document).results
    assert shown is not None and _nets(shown) == pytest.approx(fresh, rel=1e-12)

    # another process: nothing of its own, the loader unusable — only the shared cache
    _forget()

    def no_load(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("loaded again instead of taken from the shared cache")

    monkeypatch.setattr(loader, "_loads", no_load)
    again = results.shown(latest.document).results
    assert again is not None
    found = _nets(again)
    assert found.keys() == fresh.keys()
    assert all(math.isclose(found[k], fresh[k], rel_tol=1e-12) for k in fresh)


def test_an_entry_of_other_code_or_a_broken_entry_is_not_used(world: dict[str, Any]) -> None:
    from django.core.cache import cache

    from rendement.web.cases import services, shared

    document = world["case"].latest().document
    key = ("0" * 64, "nl")
    cache.set(shared.key("checked", *key), b"not a pickle")
    assert shared.found(shared.key("checked", *key)) is None  # a broken entry: loaded again
    _forget()
    checked = services.check_document(document)
    assert checked.model is not None
    name = shared.key("checked", services.digest(document), "nl")
    assert shared.fingerprint() in name  # another version of the code: another key
    assert isinstance(shared.found(name), services.Checked)


def test_a_long_run_of_edits_is_found_by_another_process_without_a_full_load(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """More edits of numbers in a row than the shared cache keeps as edits alone
    (``services.LINKS``): another process makes the newest version from the last one kept
    in full and the edits after it, with the figures of a fresh load."""
    from rendement.model import loader
    from rendement.web.cases import results, services, shared
    from rendement.web.cases.models import Case

    case = world["case"]
    editor = client_for(world["editor"])
    url = f"/cases/{case.uid}/edit/"
    edits = services.LINKS + 3
    for number in range(1, edits + 1):
        loc = f"interventions.{number % 3}.reach"
        answer = editor.post(url, {"base": number, "loc": loc, "value": str(40 + number)})
        assert answer.status_code == 200, answer.content[:500]
    latest = Case.objects.get(pk=case.pk).latest()
    assert latest.number == edits + 1
    entry = shared.found(shared.key("checked", services.digest(latest.document), "nl"))
    assert isinstance(entry, tuple) and entry[0] == "edit"  # kept as the edit alone
    fresh = _fresh_nets(latest.document)
    _forget()
    monkeypatch.setattr(loader, "_loads", lambda *a, **k: pytest.fail("loaded in full"))
    again = results.shown(latest.document).results
    assert again is not None
    found = _nets(again)
    assert found.keys() == fresh.keys()
    assert all(math.isclose(found[k], fresh[k], rel_tol=1e-12) for k in fresh)


def _panel(view: Any) -> Any:
    """Everything a results panel shows, as plain data."""
    return (
        [(name, [(t.title, t.rows) for t in tables]) for name, tables in view.tables],
        view.results.to_json(),
        view.findings,
        view.rounded,
        [str(m) for m in view.missing],
    )


def test_a_panel_after_an_edit_of_one_number_is_the_panel_of_a_fresh_load(db: Any) -> None:
    """The results panel after an edit reuses the evaluations and tables of the interventions
    the edit did not touch (``results._compute``): the same panel as computed from nothing,
    for numbers of every intervention, in a chain of edits and in both languages."""
    from rendement.model import editing
    from rendement.web.cases import results, services
    from rendement.web.cases.examples import example_text

    text = example_text("de-bilt-2019")
    tree = editing.read(text)
    places = []
    for i, item in enumerate(tree["interventions"]):
        for rest in (("reach",), ("effects", 0, "units_per_case"), ("investments", 0, "amount")):
            try:
                value = editing._node(item, rest)
            except editing.EditError:
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                places.append((i, *rest))
    assert len(places) >= 4
    reused = 0
    for lang in ("nl", "en"):
        current = text
        for step, place in enumerate(places):
            loc = ("interventions", *place)
            old = editing._node(editing.read(current), loc)
            before = results.shown(current, lang)
            new = editing.set_value(current, loc, old + 3 + step)
            assert editing.number_changed(new) == (current, loc)
            if step % 2:  # the edit made in another process: found as the edit alone
                services.check_document(new)  # made there, kept in the shared cache
                editing._NUMBERS.clear()
                editing._READ.pop(new)
                services._CHECKED.clear()
                quick = results.shown(new, lang)
                assert services.made_from(new) == (services.digest(current), loc)
            else:
                quick = results.shown(new, lang)
            assert quick.checked.model is not None
            reused += sum(
                a is b
                for a, b in zip(
                    before.results.interventions, quick.results.interventions, strict=True
                )
            )
            _forget()
            editing._NUMBERS.clear()  # no shortcut: a full load and evaluation
            fresh = results._compute(new, lang)
            assert _panel(quick) == _panel(fresh), (lang, loc)
            current = new
    assert reused >= len(places)  # the unchanged interventions were reused, not rebuilt
