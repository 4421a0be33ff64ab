"""Reads about memberships and invitations, scoped to the user asking."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Invitation, Organisation
from .rules import EDITING


def addresses_of(user: Any) -> set[str]:
    """The e-mail addresses an invitation may be shown to ``user`` for, lower-cased.

    With a mail server (``ACCOUNT_EMAIL_VERIFICATION = "mandatory"``) only addresses the
    user has verified: whoever types someone else's address at sign-up does not see their
    invitations. Without one nothing can be verified and the account's own addresses count;
    the link in the mail works either way."""
    if not getattr(user, "is_authenticated", False):
        return set()
    from allauth.account.models import EmailAddress

    rows = EmailAddress.objects.filter(user=user)
    verified_only = getattr(settings, "ACCOUNT_EMAIL_VERIFICATION", "none") == "mandatory"
    if verified_only:
        rows = rows.filter(verified=True)
    found = {e.lower() for e in rows.values_list("email", flat=True)}
    if not verified_only and user.email:
        found.add(user.email.lower())
    return found


def open_invitations(user: Any) -> QuerySet[Invitation]:
    """Open invitations to the user's addresses, oldest first."""
    addresses = addresses_of(user)
    if not addresses:
        return Invitation.objects.none()
    match = Q()
    for address in addresses:
        match |= Q(email__iexact=address)
    return (
        Invitation.objects.filter(
            match,
            accepted=None,
            declined=None,
            revoked=None,
            expires__gt=timezone.now(),
        )
        .exclude(organisation__memberships__user=user)
        .select_related("organisation")
        .order_by("created")
    )


def creating_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations where the user may make a case (owner or editor)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=EDITING
    ).distinct()
