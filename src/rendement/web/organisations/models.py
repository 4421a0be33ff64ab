"""An organisation and who belongs to it with which role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "gemeente", _("gemeente")
        WELFARE = "welzijn", _("welzijnsorganisatie")
        CONSULTANCY = "advies", _("adviesbureau")
        OTHER = "overig", _("overig")

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    created_at = models.DateTimeField(auto_now_add=True)
    requires_second_factor = models.BooleanField(  # set by an owner: every member uses one
        _("tweede factor verplicht"), default=False
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("eigenaar")
    EDITOR = "editor", _("bewerker")
    VIEWER = "viewer", _("lezer")


class Membership(models.Model):
    """A user's role in one organisation; a user may belong to several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    client_data = models.BooleanField(  # may see the organisation's client cases
        _("cliëntgegevens"), default=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.role}"


def invitation_token() -> str:
    """An unguessable token for the link in the invitation mail (256 bits)."""
    import secrets

    return secrets.token_urlsafe(32)


def invitation_expiry() -> Any:
    """Two weeks: long enough for a holiday, short enough that an old mail is no key."""
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An owner's invitation of an e-mail address to the organisation with a role.

    Nobody becomes a member without saying yes: until the invitee accepts (with the link in
    the mail, or from the notice shown to an account whose address it is) there is no
    membership. A declined, revoked or expired invitation gives nothing."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    client_data = models.BooleanField(_("cliëntgegevens"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    token = models.CharField(max_length=64, unique=True, default=invitation_token)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(default=invitation_expiry)
    accepted = models.DateTimeField(null=True, blank=True)
    declined = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.email} · {self.organisation} · {self.role}"

    @property
    def is_open(self) -> bool:
        """Not yet answered, not revoked and not expired."""
        from django.utils import timezone

        return (
            self.accepted is None
            and self.declined is None
            and self.revoked is None
            and self.expires > timezone.now()
        )
