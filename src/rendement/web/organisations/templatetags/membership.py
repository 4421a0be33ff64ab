"""Template tags for pages outside the organisations app (the case list): the invitations
waiting for the user and the organisations they may make a case in, without changing
those pages' views."""

from __future__ import annotations

from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def open_invitations(context: Any) -> list[Any]:
    return list(selectors.open_invitations(context["request"].user))


@register.simple_tag(takes_context=True)
def creating_organisations(context: Any) -> list[Any]:
    return list(selectors.creating_organisations(context["request"].user))


@register.simple_tag(takes_context=True)
def owned_slugs(context: Any) -> set[str]:
    """The slugs of the organisations the user owns: theirs is the audit log's link."""
    from ..models import Role

    user = context["request"].user
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        user.memberships.filter(role=Role.OWNER).values_list("organisation__slug", flat=True)
    )
