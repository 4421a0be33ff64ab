"""Editing a model document as the web forms do: one value changes, nothing else does."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rendement.model.editing import EditError, append, kept, parse, remove, set_value

TEXT = (Path(__file__).resolve().parents[1] / "examples" / "de-bilt-2019.yaml").read_text(
    encoding="utf-8"
)
HOURLY = ("interventions", 0, "investments", 0, "hourly_cost")


def at(tree: Any, loc: tuple[int | str, ...]) -> Any:
    for key in loc:
        tree = tree[key]
    return tree


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_value_changes_on_its_own_line_and_its_comment_stays() -> None:
    after = set_value(TEXT, HOURLY, "=21376 / (9 * 50)")
    comment = "   # Tabel 1: € 21.376 per jaar voor 9 uur per week"
    assert changed_lines(TEXT, after) == [
        "-        hourly_cost: =21376 / (9 * 52)" + comment,
        "+        hourly_cost: =21376 / (9 * 50)" + comment,
    ]


@pytest.mark.parametrize(
    "value",
    [
        320,
        0.25,
        "30%",
        "=reach * 2",
        "true",
        "2019-05-08",
        "Titel: met dubbele punt",
        "a # b",
        "",
        "regel\x85volgende",  # a line break to YAML
        "\x7f",
        "=",  # YAML 1.1's value tag when plain
        "<<",  # the merge key's tag when plain
        "0b101",  # a binary number when plain
    ],
)
def test_the_text_reads_back_as_the_tree_that_was_kept(value: Any) -> None:
    """Text that looks like another type ('true', a date) is quoted; the kept tree (what
    the loader reads next, without parsing) is what parsing the new text gives."""
    loc = ("interventions", 0, "reach")
    after = set_value(TEXT, loc, value)
    fresh = parse(after)
    assert at(fresh, loc) == value and isinstance(at(fresh, loc), type(value))
    assert at(kept(after), loc) == value
    assert len(changed_lines(TEXT, after)) == 2


SMALL = "rendement: 1  # format\nmeta:\n  title: Oud   # de titel\n  client: X\n"


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.integers(-(10**6), 10**6), st.floats(0, 1e6, allow_nan=False), st.text(max_size=20)
    )
)
def test_any_value_round_trips(value: Any) -> None:
    loc = ("meta", "title")
    after = set_value(SMALL, loc, value)
    assert at(parse(after), loc) == value
    assert at(kept(after), loc) == value
    assert after.endswith("   # de titel\n  client: X\n")  # the rest stays as it was


def test_lists_grow_and_shrink_and_a_wrong_place_is_a_plain_error() -> None:
    grown = append(TEXT, ("interventions", 0, "investments"), {"id": "x", "name": "X", "amount": 5})
    assert at(parse(grown), ("interventions", 0, "investments", -1, "amount")) == 5
    shrunk = remove(grown, ("interventions", 0, "investments", 5))
    assert shrunk == TEXT
    with pytest.raises(EditError, match="bestaat niet"):
        set_value(TEXT, ("interventions", 9, "reach"), 1)
    with pytest.raises(EditError, match="geen lijst"):
        append(TEXT, ("meta", "title"), "x")


def test_a_problem_in_an_added_line_is_located_at_its_parent() -> None:
    """An appended item has no line of its own in the tree the loader is given (the web
    app hands it the edit's tree): the problem is reported, at the nearest known line."""
    from rendement.model import ModelError, loads

    after = append(TEXT, ("interventions", 0, "investments"), {"id": "k", "name": "K"})
    with pytest.raises(ModelError) as raised:
        loads(after, files=False, tree=kept(after))
    (problem,) = raised.value.problems
    assert problem.path == "interventions[ouders_lokaal].investments[k].payer"
    assert problem.line is not None and problem.line > 400  # Ouders Lokaal's investments


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _lines(tree: Any) -> list[int]:
    """Where each intervention's reach is written: what an edit places its change by."""
    return [item.lc.value("reach")[0] for item in tree["interventions"]]


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("reach"), st.integers(0, 3), st.integers(1, 999)),
        st.tuples(st.just("groups"), st.integers(0, 3), st.lists(st.text("abc ", min_size=1))),
        st.tuples(st.just("arena"), st.integers(0, 3), st.lists(st.text("xyz", min_size=1))),
        st.tuples(st.just("stakeholder"), st.integers(0, 3), st.text("pq", min_size=1)),
        st.tuples(st.just("unstake"), st.integers(0, 3), st.none()),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=40, deadline=None)
@given(OPERATIONS)
def test_a_series_of_edits_keeps_text_and_tree_together(operations: list[Any]) -> None:
    """Numbers patched in place, lists written back, blocks added and removed, in any
    order: every text reads, and a tree kept for a text is the tree the text reads as —
    values and line numbers (a tree kept from before an added block placed the next
    change on the wrong line, and the stored document was no YAML any more)."""
    text = TEXT
    for kind, index, value in operations:
        if kind == "reach":
            text = set_value(text, ("interventions", index, "reach"), value)
        elif kind == "groups":
            text = set_value(text, ("interventions", index, "target_groups"), value)
        elif kind == "arena":
            text = set_value(
                text, ("interventions", index, "qualitative_effects", "society"), value
            )
        elif kind == "stakeholder":
            text = append(text, ("stakeholders",), {"id": f"s{len(text)}", "name": value})
        elif len(parse(text)["stakeholders"]) > 1:
            text = remove(text, ("stakeholders", -1))
        fresh = parse(text)
        tree = kept(text)
        if tree is not None:
            assert _plain(tree) == _plain(fresh)
            assert _lines(tree) == _lines(fresh)
