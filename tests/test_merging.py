"""Three-way placing of a change made on an older version (rendement.model.merging)."""

from __future__ import annotations

from rendement.model.editing import read
from rendement.model.merging import MISSING, relocate, unchanged, value_at

BASE = """\
interventions:
- id: a
  reach: 5
  target_groups: [ouders]
  effects:
  - id: x
    share: 50%
  - id: y
    share: 20%
- id: b
  reach: 7
"""


def test_a_position_follows_its_item_when_one_is_added_above_it() -> None:
    newest = BASE.replace("interventions:\n", "interventions:\n- id: z\n  reach: 1\n")
    moved = relocate(read(BASE), read(newest), ("interventions", 1, "reach"))
    assert moved == ("interventions", 2, "reach")
    assert unchanged(read(BASE), read(newest), ("interventions", 1, "reach"), moved)


def test_a_position_follows_its_line_when_the_line_above_it_is_removed() -> None:
    newest = BASE.replace("  - id: x\n    share: 50%\n", "")
    loc = ("interventions", 0, "effects", 1, "share")
    assert relocate(read(BASE), read(newest), loc) == ("interventions", 0, "effects", 0, "share")


def test_a_removed_item_has_no_place() -> None:
    newest = BASE.replace("- id: b\n  reach: 7\n", "")
    assert relocate(read(BASE), read(newest), ("interventions", 1, "reach")) is None


def test_a_value_changed_meanwhile_is_not_unchanged() -> None:
    newest = BASE.replace("reach: 7", "reach: 8")
    loc = ("interventions", 1, "reach")
    moved = relocate(read(BASE), read(newest), loc)
    assert moved == loc
    assert not unchanged(read(BASE), read(newest), loc, moved)
    assert value_at(read(newest), loc) == 8


def test_numbers_compare_by_value_and_a_new_value_is_missing_on_both_sides() -> None:
    newest = BASE.replace("reach: 5", "reach: 5.0")
    loc = ("interventions", 0, "reach")
    assert unchanged(read(BASE), read(newest), loc, loc)
    new = ("interventions", 0, "deadweight")
    assert value_at(read(BASE), new) is MISSING
    assert relocate(read(BASE), read(newest), new) == new
    assert unchanged(read(BASE), read(newest), new, new)


def test_a_list_of_lines_is_one_value() -> None:
    newest = BASE.replace("[ouders]", "[ouders, jongeren]")
    loc = ("interventions", 0, "target_groups")
    assert not unchanged(read(BASE), read(newest), loc, loc)
