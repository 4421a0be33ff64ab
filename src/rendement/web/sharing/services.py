"""The writes of sharing, each one transaction with its audit row.

Python API (the views are thin callers of these four functions):

- :func:`share_case` — share a case with another organisation (all its members) or with one
  person (an existing account, found by e-mail address), read-only or as editor; sharing
  again with the same recipient changes the access.
- :func:`revoke_share` — take a share back; from then on the case answers 404 to them.
- :func:`create_public_link` — a read-only link, without an account, to one version's
  results page and report, valid for a number of days.
- :func:`revoke_public_link` — the link answers 404 from then on.

Each checks that the actor may share the case (an owner or editor of the case's own
organisation: a recipient, even an editing one, cannot pass the case on) and raises
:class:`ShareRefused` with a Dutch sentence for the page otherwise.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ...i18n import _
from ..audit.services import record
from ..cases.models import Case, CaseVersion
from ..organisations.models import Organisation
from ..organisations.rules import is_editor
from .models import Access, CaseShare, PublicLink

MAX_LINK_DAYS = 366
"""A public link lives at most a year: a forgotten link should not stay a key for ever."""


class ShareRefused(ValueError):
    """The share or link cannot be made; the message says why, in Dutch."""


def may_share(user: Any, case: Case) -> bool:
    """An owner or editor of the case's own organisation (not a recipient of a share)."""
    return bool(is_editor(user, case.organisation))


def _check(actor: Any, case: Case) -> None:
    if not may_share(actor, case):
        raise ShareRefused(_("Alleen eigenaren en bewerkers van de organisatie kunnen delen."))


def _subject(case: Case) -> str:
    return f"case {case.uid}"


def find_recipient(text: str) -> Organisation | Any:
    """What the share form's one field names: an e-mail address (with ``@``) is an existing
    account, anything else the exact name of an organisation (not case sensitive).

    Raises :class:`ShareRefused` when there is no such account or organisation."""
    wanted = text.strip()
    if not wanted:
        raise ShareRefused(_("Vul de naam van een organisatie of een e-mailadres in."))
    if "@" in wanted:
        from allauth.account.models import EmailAddress

        users = get_user_model().objects
        user = users.filter(email__iexact=wanted).first()
        if user is None:
            found = EmailAddress.objects.filter(email__iexact=wanted).first()
            user = found.user if found is not None else None
        if user is None:
            raise ShareRefused(_("Er is geen account met dit e-mailadres."))
        return user
    organisation = Organisation.objects.filter(name__iexact=wanted).first()
    if organisation is None:
        raise ShareRefused(_("Er is geen organisatie met deze naam."))
    return organisation


@transaction.atomic
def share_case(
    *,
    actor: Any,
    case: Case,
    access: str = Access.READ,
    organisation: Organisation | None = None,
    user: Any = None,
) -> CaseShare:
    """Share ``case`` with ``organisation`` or ``user`` (exactly one) with ``access``
    (``"lezen"`` or ``"bewerken"``). Sharing again with the same recipient changes the
    access of the existing share. Writes ``case.share`` to the audit log of the case's
    organisation. Not with the case's own organisation or one of its members: they see it
    already."""
    _check(actor, case)
    if access not in Access.values:
        raise ShareRefused(_("Kies alleen lezen of bewerken."))
    if (organisation is None) == (user is None):
        raise ShareRefused(_("Deel met één organisatie of één persoon."))
    if organisation is not None and organisation.pk == case.organisation_id:
        raise ShareRefused(_("Deze organisatie is de eigenaar van de business case."))
    if user is not None and case.organisation.memberships.filter(user=user).exists():
        raise ShareRefused(_("Deze persoon is al lid van de organisatie van de business case."))
    share, created = CaseShare.objects.select_for_update().get_or_create(
        case=case,
        organisation=organisation,
        user=user,
        defaults={"access": access, "shared_by": actor},
    )
    if not created:
        if share.access == access:
            return share
        share.access = access
        share.save(update_fields=["access"])
    record(
        actor=actor,
        action="case.share",
        organisation=case.organisation,
        subject=_subject(case),
        detail={"title": case.title, "to": share.recipient, "access": access},
    )
    return share


@transaction.atomic
def revoke_share(*, actor: Any, share: CaseShare) -> None:
    """Take ``share`` back (the row goes); writes ``case.unshare``. From now on every page
    of the case answers 404 to the former recipient."""
    case = share.case
    _check(actor, case)
    recipient = share.recipient
    share.delete()
    record(
        actor=actor,
        action="case.unshare",
        organisation=case.organisation,
        subject=_subject(case),
        detail={"title": case.title, "to": recipient},
    )


@transaction.atomic
def create_public_link(
    *, actor: Any, case: Case, version: CaseVersion, days: int = 30
) -> PublicLink:
    """A public read-only link to ``version`` of ``case``, valid ``days`` days (1 to
    :data:`MAX_LINK_DAYS`); its token (``secrets.token_urlsafe(32)``) is the whole key.
    Writes ``case.link_create`` with the version and the end date."""
    _check(actor, case)
    if version.case_id != case.pk:
        raise ShareRefused(_("Deze versie hoort niet bij deze business case."))
    if not 1 <= days <= MAX_LINK_DAYS:
        raise ShareRefused(
            _("Een openbare link is 1 tot {days} dagen geldig.").format(days=MAX_LINK_DAYS)
        )
    link = PublicLink.objects.create(
        case=case,
        version=version,
        created_by=actor,
        expires=timezone.now() + timedelta(days=days),
    )
    record(
        actor=actor,
        action="case.link_create",
        organisation=case.organisation,
        subject=_subject(case),
        detail={
            "title": case.title,
            "version": version.number,
            "until": timezone.localdate(link.expires).strftime("%d-%m-%Y"),
        },
    )
    return link


@transaction.atomic
def revoke_public_link(*, actor: Any, link: PublicLink) -> PublicLink:
    """Revoke ``link`` (kept, marked revoked, so the share page lists it as such); writes
    ``case.link_revoke``. Revoking a revoked link changes nothing."""
    case = link.case
    _check(actor, case)
    if link.revoked is not None:
        return link
    link.revoked = timezone.now()
    link.save(update_fields=["revoked"])
    record(
        actor=actor,
        action="case.link_revoke",
        organisation=case.organisation,
        subject=_subject(case),
        detail={"title": case.title, "version": link.version.number},
    )
    return link


def note_opened(link: PublicLink) -> None:
    """Count one opening of the link's page (no audit row: the reader has no account, and
    a link sent round would fill the log)."""
    from django.db.models import F

    PublicLink.objects.filter(pk=link.pk).update(opened=F("opened") + 1, last_opened=timezone.now())
