"""Who may do what in an organisation, as predicates (the ``rules`` package).

Every view and every query asks these; a case of another organisation is not found (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from rules.permissions import add_perm
from rules.predicates import predicate

from .models import Membership, Role

EDITING = (Role.OWNER, Role.EDITOR)


def role_in(user: Any, organisation: Any) -> str | None:
    """The user's role in the organisation, or None.

    Kept on the organisation object (which lives for one request) per user: a case page
    asks four times (the view, its head's links, the archive form, the delete link), an
    edit twice. Any membership saved or deleted in this process meanwhile makes it ask
    the database again (``_CHANGES``)."""
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return None
    kept: dict[tuple[Any, int], str | None] = organisation.__dict__.setdefault("_roles", {})
    key = (user.pk, _CHANGES[0])
    if key not in kept:
        membership = organisation.memberships.filter(user=user).only("role").first()
        kept[key] = membership.role if membership else None
    return kept[key]


def know_role(user: Any, organisation: Any, role: str | None) -> None:
    """The user's role in the organisation as a query that read the organisation found it
    (:func:`..cases.selectors.case_for` asks it with the case, in one query)."""
    kept: dict[tuple[Any, int], str | None] = organisation.__dict__.setdefault("_roles", {})
    kept[(user.pk, _CHANGES[0])] = role


_CHANGES = [0]
"""Memberships saved or deleted in this process: part of :func:`role_in`'s key."""


@receiver([post_save, post_delete], sender=Membership)
def _membership_changed(**_: Any) -> None:
    _CHANGES[0] += 1


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
