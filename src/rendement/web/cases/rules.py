"""Permissions on a case follow the role in the case's organisation."""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from ..organisations.rules import is_editor, is_member


@predicate
def can_view(user: Any, case: Any) -> bool:
    return bool(is_member(user, case.organisation))


@predicate
def can_edit(user: Any, case: Any) -> bool:
    return bool(is_editor(user, case.organisation))


add_perm("cases.view_case", can_view)
add_perm("cases.change_case", can_edit)
add_perm("cases.agree_version", can_edit)  # an owner or editor marks a version vastgesteld
