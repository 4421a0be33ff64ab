"""Reads of sharing: which cases reach a user through a share, with what access, and the
public link behind a token."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import Access, CaseShare, PublicLink


def shares_for(user: Any) -> QuerySet[CaseShare]:
    """The shares that reach ``user``: to them by name, or to an organisation they belong to."""
    if not getattr(user, "is_authenticated", False):
        return CaseShare.objects.none()
    return CaseShare.objects.filter(Q(user=user) | Q(organisation__memberships__user=user))


def shared_case_ids(user: Any) -> QuerySet[CaseShare, Any]:
    """The ids of the cases shared with ``user`` (a subquery for ``pk__in``)."""
    return shares_for(user).values("case_id")


def access_to(user: Any, case: Any) -> str | None:
    """``"bewerken"`` when any share of ``case`` to ``user`` allows editing, ``"lezen"`` when
    one allows reading only, None without a share."""
    found = set(shares_for(user).filter(case=case).values_list("access", flat=True))
    if Access.EDIT in found:
        return Access.EDIT
    return Access.READ if found else None


def link_for(token: str) -> PublicLink:
    """The valid link with this token; 404 for an unknown, expired or revoked one (the same
    answer, so a token says nothing)."""
    link = (
        PublicLink.objects.filter(token=token, revoked=None, expires__gt=timezone.now())
        .select_related("case", "case__organisation", "version")
        .first()
    )
    if link is None:
        raise Http404
    return link
