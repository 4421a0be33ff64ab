"""Write actions on organisations and memberships: one transaction and one audit row each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..audit.services import record
from .models import Invitation, Membership, Organisation, Role


@transaction.atomic
def create_organisation(
    *, actor: Any, name: str, kind: str = Organisation.Kind.OTHER
) -> Organisation:
    """A new organisation with ``actor`` as its owner (when given)."""
    base = slugify(name)[:40] or "organisatie"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    organisation = Organisation.objects.create(name=name, slug=slug, kind=kind)
    if actor is not None:
        Membership.objects.create(
            user=actor, organisation=organisation, role=Role.OWNER, client_data=True
        )
    record(actor=actor, action="organisation.create", organisation=organisation, subject=name)
    return organisation


@transaction.atomic
def require_second_factor(*, actor: Any, organisation: Organisation, required: bool) -> bool:
    """An owner requires (or no longer requires) a second factor of every member at login;
    a member without one is sent to set it up (``second_factor.SecondFactorMiddleware``).
    Whoever has the client-data right needs one anyway. Returns whether anything changed:
    saying again what already holds writes no audit row."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.requires_second_factor == required:
        return False
    organisation.requires_second_factor = required
    organisation.save(update_fields=["requires_second_factor"])
    record(
        actor=actor,
        action=(
            "organisation.require_second_factor" if required else "organisation.drop_second_factor"
        ),
        organisation=organisation,
        subject=organisation.name,
    )
    return True


@transaction.atomic
def add_member(
    *, actor: Any, organisation: Organisation, user: Any, role: str, client_data: bool = False
) -> Membership:
    """Give ``user`` a role in ``organisation`` (or change it), and say whether they may see
    its client cases (personal data: only those who work with them).

    Without asking them: for seeding (the demo) and an administrator's scripts only; the
    web app's owners invite (:func:`invite`) and the invitee accepts."""
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role, "client_data": client_data}
    )
    record(
        actor=actor,
        action="membership.set",
        organisation=organisation,
        subject=user.get_username(),
        detail={"role": role, "client_data": client_data},
    )
    return membership


class MembershipRefused(Exception):
    """A change that would leave the organisation without an owner, or an invitation that
    is no longer open; the message says so in the reader's language."""


def _other_owners(organisation: Organisation, membership: Membership) -> int:
    """How many owners besides ``membership`` (their rows locked until the transaction
    ends, so two owners cannot both leave at once)."""
    owners = list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Role.OWNER)
        .exclude(pk=membership.pk)
        .values_list("pk", flat=True)
    )
    return len(owners)


def _keep_an_owner(membership: Membership) -> None:
    if membership.role == Role.OWNER and not _other_owners(membership.organisation, membership):
        raise MembershipRefused(
            _("Een organisatie houdt minstens één eigenaar; maak eerst iemand anders eigenaar.")
        )


@transaction.atomic
def invite(
    *,
    actor: Any,
    organisation: Organisation,
    email: str,
    role: str,
    client_data: bool = False,
    link: Callable[[str], str],
) -> Invitation:
    """Invite an e-mail address with a role (and the client-data right): a mail with the
    link (``link(token)``) goes to the address. No membership yet: the invitee says yes or
    no. An open invitation of the same address to this organisation is replaced, so only
    the newest link counts. The answer is the same whether the address has an account or
    not: nothing here looks at the users."""
    email = email.strip()
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted=None,
        declined=None,
        revoked=None,
    ).update(revoked=now)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        client_data=client_data,
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        actor=actor,
        action="invitation.create",
        organisation=organisation,
        subject=email,
        detail={"role": role, "client_data": client_data},
    )
    url = link(invitation.token)
    subject = _("Uitnodiging voor {organisation} in rendement").format(
        organisation=organisation.name
    )
    body = _(
        "U bent uitgenodigd voor de organisatie {organisation} als {role}.\n\n"
        "Met deze link neemt u de uitnodiging aan of weigert u haar (u logt eerst in of "
        "maakt een account):\n{url}\n\n"
        "De link is geldig tot {expires}. Kent u deze organisatie niet, dan kunt u dit "
        "bericht negeren: zonder uw ja wordt u geen lid."
    ).format(
        organisation=organisation.name,
        role=Role(role).label,
        url=url,
        expires=timezone.localtime(invitation.expires).strftime("%d-%m-%Y"),
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [email], fail_silently=True))
    return invitation


def _lock_open(invitation: Invitation) -> Invitation:
    found = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not found.is_open:
        raise MembershipRefused(_("Deze uitnodiging is niet meer geldig."))
    return found


@transaction.atomic
def accept_invitation(*, actor: Any, invitation: Invitation) -> Membership:
    """The invitee says yes: a membership with the invitation's role and client-data right.
    Someone who already belongs keeps the role they have (an invitation never demotes)."""
    invitation = _lock_open(invitation)
    membership, _created = Membership.objects.get_or_create(
        user=actor,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "client_data": invitation.client_data},
    )
    invitation.accepted = timezone.now()
    invitation.save(update_fields=["accepted"])
    record(
        actor=actor,
        action="invitation.accept",
        organisation=invitation.organisation,
        subject=actor.get_username(),
        detail={"role": membership.role, "client_data": membership.client_data},
    )
    return membership


@transaction.atomic
def decline_invitation(*, actor: Any, invitation: Invitation) -> None:
    """The invitee says no: no membership; the owners only see the invitation is no longer
    open (not who declined or that the address has an account)."""
    invitation = _lock_open(invitation)
    invitation.declined = timezone.now()
    invitation.save(update_fields=["declined"])
    record(actor=actor, action="invitation.decline", organisation=invitation.organisation)


@transaction.atomic
def revoke_invitation(*, actor: Any, invitation: Invitation) -> None:
    """An owner takes an open invitation back; its link no longer works."""
    invitation = _lock_open(invitation)
    invitation.revoked = timezone.now()
    invitation.save(update_fields=["revoked"])
    record(
        actor=actor,
        action="invitation.revoke",
        organisation=invitation.organisation,
        subject=invitation.email,
    )


@transaction.atomic
def change_member(
    *,
    actor: Any,
    membership: Membership,
    role: str | None = None,
    client_data: bool | None = None,
) -> Membership:
    """Change what is given and keep the rest: a new role keeps the client-data right and
    the other way round. The last owner cannot be demoted."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    changed: dict[str, Any] = {}
    if role is not None and role != membership.role:
        _keep_an_owner(membership)
        membership.role = role
        changed["role"] = role
    if client_data is not None and client_data != membership.client_data:
        membership.client_data = client_data
        changed["client_data"] = client_data
    if changed:
        membership.save(update_fields=list(changed))
        record(
            actor=actor,
            action="membership.change",
            organisation=membership.organisation,
            subject=membership.user.get_username(),
            detail=changed,
        )
    return membership


@transaction.atomic
def remove_member(*, actor: Any, membership: Membership) -> None:
    """An owner removes a member: from now on the organisation's cases and client cases are
    not found for them (404). The last owner cannot be removed."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _keep_an_owner(membership)
    membership.delete()
    record(
        actor=actor,
        action="membership.remove",
        organisation=membership.organisation,
        subject=membership.user.get_username(),
    )


@transaction.atomic
def leave_organisation(*, actor: Any, organisation: Organisation) -> None:
    """A member leaves; the last owner cannot (the organisation would have nobody to manage
    it)."""
    membership = (
        Membership.objects.select_for_update().filter(user=actor, organisation=organisation).get()
    )
    _keep_an_owner(membership)
    membership.delete()
    record(
        actor=actor,
        action="membership.leave",
        organisation=organisation,
        subject=actor.get_username(),
    )
