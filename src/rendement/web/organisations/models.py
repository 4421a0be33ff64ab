"""An organisation and who belongs to it with which role."""

from __future__ import annotations

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
