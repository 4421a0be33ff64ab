"""Permissions on a case follow the role in the case's organisation, or a share of that
case (:mod:`..sharing`): read-only gives viewing, "bewerken" editing, of that case only."""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from ..organisations.rules import EDITING, is_editor, is_member, role_in


@predicate
def can_view(user: Any, case: Any) -> bool:
    from ..sharing.selectors import access_to

    return bool(is_member(user, case.organisation)) or access_to(user, case) is not None


@predicate
def can_edit(user: Any, case: Any) -> bool:
    from ..sharing.models import Access
    from ..sharing.selectors import access_to

    role = role_in(user, case.organisation)
    if role is not None:  # the own role counts, a share cannot raise it
        return role in EDITING
    return access_to(user, case) == Access.EDIT


@predicate
def edits_in_organisation(user: Any, case: Any) -> bool:
    """An owner or editor of the case's own organisation: the decisions that are the
    organisation's (marking a version vastgesteld, sharing), not a recipient's."""
    return bool(is_editor(user, case.organisation))


add_perm("cases.view_case", can_view)
add_perm("cases.change_case", can_edit)
# an owner or editor of the organisation marks a version vastgesteld (a share does not)
add_perm("cases.agree_version", edits_in_organisation)
add_perm("cases.share_case", edits_in_organisation)  # share, revoke, public links
