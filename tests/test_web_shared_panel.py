"""The results of a version computed once for every server process (``results.panel``):
the case page read in another process than the edit takes the panel the edit kept in the
shared cache — the same page as rendered from nothing, never another version's or
language's panel — and an edit in a process that only read the version before still
reuses what it evaluated earlier (``results._earlier``), with the figures of a fresh load."""

from __future__ import annotations

import re
from typing import Any

import pytest

from web_world import client_for

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+"')


def _process_caches() -> list[Any]:
    """Every cache a server process keeps of its own (what another process lacks)."""
    from rendement.model import editing
    from rendement.web.cases import fragments, headnote, results, services, views

    return [
        services._CHECKED,
        services._MADE_FROM,
        editing._READ,
        editing._NUMBERS,
        results._SHOWN,
        results._DRAWN,
        results._PANELS,
        headnote._ROWS,
        views._SUMMARIES,
        fragments.KEPT,
    ]


def _forget() -> None:
    """This process's own caches emptied: as if the edit before landed in another one."""
    for kept in _process_caches():
        kept.clear()


def _page(client: Any, uid: str) -> str:
    answer = client.get(f"/cases/{uid}/")
    assert answer.status_code == 200
    return _TOKEN.sub(r"\1TOKEN\"", answer.content.decode())


def _results_section(page: str) -> str:
    start = page.index('<section id="results"')
    return page[start : page.index("</section>", start)]


def test_the_page_in_another_process_takes_the_edits_panel_and_is_the_full_page(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    from rendement.web.cases import results

    case = world["case"]
    editor = client_for(world["editor"])
    reader = client_for(world["viewer"])
    answer = editor.post(
        f"/cases/{case.uid}/edit/",
        {"base": 1, "loc": "interventions.0.reach", "value": "4321"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200

    # another process: nothing of its own, and no evaluation allowed — only the panel
    _forget()

    def no_evaluation(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("evaluated again instead of taken from the shared cache")

    monkeypatch.setattr(results, "evaluate", no_evaluation)
    taken = {who: _page(client, case.uid) for who, client in (("e", editor), ("r", reader))}
    assert results._PANELS, "the page did not come from the shared panel"
    monkeypatch.undo()

    # the full road: no cache of any kind, the version evaluated from its text
    _forget()
    cache.clear()
    for who, client in (("e", editor), ("r", reader)):
        full = _page(client, case.uid)
        assert 'data-version="2"' in full
        assert "4.321" in _results_section(full) or "4321" in _results_section(full)
        assert taken[who] == full
    assert not results._PANELS  # the full road computed its own


def test_never_another_versions_or_languages_panel(world: dict[str, Any]) -> None:
    from django.core.cache import cache

    case = world["case"]
    editor = client_for(world["editor"])
    pages: dict[tuple[int, str], str] = {}
    for base, value in ((1, "4321"), (2, "55")):
        editor.post(
            f"/cases/{case.uid}/edit/",
            {"base": base, "loc": "interventions.0.reach", "value": value},
            HTTP_HX_REQUEST="true",
        )
        for lang in ("nl", "en"):  # read in another process, in the edit's and the other language
            _forget()
            editor.post("/i18n/setlang/", {"language": lang, "next": "/"})
            pages[(base + 1, lang)] = _results_section(_page(editor, case.uid))
            assert f'data-version="{base + 1}"' in pages[(base + 1, lang)]
        for lang in ("nl", "en"):  # the full road: no cache of any kind
            _forget()
            cache.clear()
            editor.post("/i18n/setlang/", {"language": lang, "next": "/"})
            assert _results_section(_page(editor, case.uid)) == pages[(base + 1, lang)]
        editor.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert pages[(3, "nl")] != pages[(2, "nl")]
    assert pages[(3, "nl")] != pages[(3, "en")]


def _panel(view: Any) -> Any:
    """Everything a results panel shows, as plain data."""
    return (
        [(name, [(t.title, t.rows) for t in tables]) for name, tables in view.tables],
        view.results.to_json(),
        view.findings,
        view.rounded,
        [str(m) for m in view.missing],
    )


def test_edits_in_two_processes_taking_turns_reuse_and_give_the_fresh_figures(
    db: Any,
) -> None:
    """Two processes taking turns (an edit in one, the page read in the other, as the load
    test's users): the version before an edit was only read in this process (the shared
    panel, no results); the edit follows the edits back to a version it evaluated, reuses
    the untouched interventions' evaluations and has the panel of a fresh computation —
    with edits of one place (the plan patched) and of several places and interventions."""
    from django.core.cache import cache

    from rendement.model import editing, loads
    from rendement.web.cases import results, services
    from rendement.web.cases.examples import example_text

    caches = _process_caches()
    own: list[list[dict[Any, Any]]] = [[{} for _ in caches], [{} for _ in caches]]
    here = [0]

    def become(process: int) -> None:
        if process == here[0]:
            return
        own[here[0]] = [dict(kept.items()) for kept in caches]
        for kept, saved in zip(caches, own[process], strict=True):
            kept.clear()
            kept.update(saved)
        here[0] = process

    text = example_text("de-bilt-2019")
    count = len(loads(text, files=False).case.interventions)
    places = [("interventions", 0, "reach")] * 4 + [
        ("interventions", 1, "reach"),
        ("interventions", 0, "reach"),
        ("interventions", 2, "investments", 0, "hours_per_week"),
        ("interventions", 1, "reach"),
    ]
    current = text
    become(1)
    editing.read(current)  # as the page's editor reads it: the round-trip tree
    results.shown(current)  # evaluated in one process, only read in the other
    become(0)
    results.panel(current)
    was_edited: set[str] = set()  # what the edit before changed
    for step, loc in enumerate(places):
        become(step % 2)  # the edit: where the version before was only read
        old = editing._node(editing.read(current), loc)
        new = editing.set_value(current, loc, old + 7 + step)
        before = results._PANELS.find((services.digest(current), "nl"))
        assert before is not None and before.results is None  # only read here
        quick = results.shown(new)
        earlier, edited, place = results._earlier(new, "nl")
        if step > 0:  # followed back to the version this process evaluated
            assert earlier is not None and earlier.results is not None
            assert edited == {earlier.results.interventions[loc[1]].id, *was_edited}
            assert place == (loc if places[step - 1] == loc else None)
            reused = sum(
                a is b
                for a, b in zip(
                    earlier.results.interventions, quick.results.interventions, strict=True
                )
            )
            assert reused == count - len(edited)
        was_edited = {quick.results.interventions[loc[1]].id}
        become(1 - step % 2)  # the page read in the other process
        read = results.panel(new)
        assert read.results is None and read.elsewhere
        assert [(n, [t.rows for t in ts]) for n, ts in read.tables] == [
            (n, [t.rows for t in ts]) for n, ts in quick.tables
        ]
        # the fresh road: no cache of any kind
        saved = [dict(kept.items()) for kept in caches]
        _forget()
        cache.clear()
        fresh = results.shown(new)
        assert _panel(quick) == _panel(fresh), (step, loc)
        for kept, items in zip(caches, saved, strict=True):
            kept.clear()
            kept.update(items)
        current = new
