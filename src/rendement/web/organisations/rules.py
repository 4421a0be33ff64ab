"""Who may do what in an organisation, as predicates (the ``rules`` package).

Every view and every query asks these; a case of another organisation is not found (404).
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from .models import Role

EDITING = (Role.OWNER, Role.EDITOR)


def role_in(user: Any, organisation: Any) -> str | None:
    """The user's role in the organisation, or None."""
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return None
    membership = organisation.memberships.filter(user=user).only("role").first()
    return membership.role if membership else None


@predicate
def is_member(user: Any, organisation: Any) -> bool:
    return role_in(user, organisation) is not None


@predicate
def is_editor(user: Any, organisation: Any) -> bool:
    return role_in(user, organisation) in EDITING


@predicate
def is_owner(user: Any, organisation: Any) -> bool:
    return role_in(user, organisation) == Role.OWNER


def sees_client_data(user: Any, organisation: Any) -> bool:
    """A member whose membership allows client cases (personal data)."""
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return False
    return bool(organisation.memberships.filter(user=user, client_data=True).exists())


@predicate
def may_see_client_cases(user: Any, organisation: Any) -> bool:
    return sees_client_data(user, organisation)


@predicate
def may_add_client_cases(user: Any, organisation: Any) -> bool:
    return sees_client_data(user, organisation) and role_in(user, organisation) in EDITING


add_perm("organisations.view_organisation", is_member)
add_perm("organisations.view_client_cases", may_see_client_cases)
add_perm("organisations.change_client_cases", may_add_client_cases)
add_perm("organisations.add_case", is_editor)
add_perm("organisations.manage_members", is_owner)
