"""A business case and its immutable versions (the model document, as YAML text)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_uid() -> str:
    """A random id for URLs: nothing about a case can be guessed from its address."""
    return secrets.token_hex(8)


class Case(models.Model):
    uid = models.CharField(max_length=32, unique=True, default=new_uid, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    title = models.CharField(_("titel"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    latest_number = models.PositiveIntegerField(default=0)  # the newest version's number

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def latest(self) -> CaseVersion:
        return self.versions.get(number=self.latest_number)


class CaseVersion(models.Model):
    """One saved state of the model document: who, when, why. Never changed afterwards."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    message = models.CharField(max_length=300, blank=True)
    complete = models.BooleanField(default=False)  # the document loads without problems

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.case} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("een opgeslagen versie wordt niet meer gewijzigd")
        super().save(*args, **kwargs)
