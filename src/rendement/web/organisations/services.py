"""Write actions on organisations and memberships: one transaction and one audit row each."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from ..audit.services import record
from .models import Membership, Organisation, Role


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
def add_member(
    *, actor: Any, organisation: Organisation, user: Any, role: str, client_data: bool = False
) -> Membership:
    """Give ``user`` a role in ``organisation`` (or change it), and say whether they may see
    its client cases (personal data: only those who work with them)."""
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
