"""A case shared with another organisation or one person, and a public link to one version.

A share gives access to THAT case only (its pages, versions and downloads), never to the
organisation that owns it: not its other cases, not its client cases, not its pages.
Revoking deletes the row (the audit log keeps that it existed); from then on every page of
the case answers 404 to the former recipient, as for any case they never saw.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LINK_DAYS = 30
"""How long a public link stays valid unless its maker chooses otherwise."""


class Access(models.TextChoices):
    READ = "lezen", _("Alleen lezen")
    EDIT = "bewerken", _("Bewerken")


class CaseShare(models.Model):
    """One case shared with either an organisation (all its members) or one user."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shared_cases",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shared_cases",
    )
    access = models.CharField(max_length=10, choices=Access.choices, default=Access.READ)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(  # exactly one recipient
                condition=(Q(organisation__isnull=True) & Q(user__isnull=False))
                | (Q(organisation__isnull=False) & Q(user__isnull=True)),
                name="share_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["case", "organisation"], name="share_once_per_organisation"
            ),
            models.UniqueConstraint(fields=["case", "user"], name="share_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.recipient} ({self.access})"

    @property
    def recipient(self) -> str:
        """The organisation's name, or the person's name and e-mail address."""
        if self.organisation is not None:
            return str(self.organisation)
        user: Any = self.user
        name = user.get_full_name() or user.get_username()
        return f"{name} ({user.email})" if user.email else str(name)


def link_token() -> str:
    """256 random bits, URL-safe: the only key to a public link, so it cannot be guessed."""
    return secrets.token_urlsafe(32)


def link_expiry() -> Any:
    return timezone.now() + timedelta(days=LINK_DAYS)


class PublicLink(models.Model):
    """A read-only link, without an account, to one version's results page and report.

    Valid until ``expires`` unless ``revoked``; the opening count says whether it is used."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="public_links")
    version = models.ForeignKey(
        "cases.CaseVersion", on_delete=models.CASCADE, related_name="public_links"
    )
    token = models.CharField(max_length=64, unique=True, default=link_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(default=link_expiry)
    revoked = models.DateTimeField(null=True, blank=True)
    opened = models.PositiveIntegerField(default=0)  # how often its page was opened
    last_opened = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.version} openbaar tot {self.expires:%Y-%m-%d}"

    @property
    def is_valid(self) -> bool:
        return self.revoked is None and self.expires > timezone.now()
