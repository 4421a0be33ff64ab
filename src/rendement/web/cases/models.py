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
    # put away (the overview hides it unless asked); still readable, its versions intact
    archived_at = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def latest(self) -> CaseVersion:
        return self.versions.get(number=self.latest_number)

    def agreement(self) -> AgreedVersion | None:
        """The version most recently agreed (vastgesteld), if any: the case page names it.
        None without a query when the case was read knowing it has none
        (``selectors.case_for``: the request's case object)."""
        if self.__dict__.get("has_agreement") is False:
            return None
        found: AgreedVersion | None = (
            self.agreed.select_related("version").order_by("-agreed_on", "-marked_at").first()
        )
        return found


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

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """A version goes only with its case (``Case.delete``); one alone is never removed,
        and a vastgestelde version is protected by its :class:`AgreedVersion` as well."""
        raise ValueError("een versie wordt niet verwijderd, alleen de hele case")


class AgreedVersion(models.Model):
    """A version marked *vastgesteld* (agreed, e.g. by the council): frozen as it was.

    Its own row, so the version itself stays untouched (a ``CaseVersion`` is never
    saved twice). It keeps the report as it was rendered at that moment — the PDF bytes,
    the rendement version that made them and their SHA-256 — so the download of the
    agreed version is the same file months later, whatever rendement has become.

    The version is held with ``RESTRICT``: it cannot be deleted while this row exists;
    deleting the whole case removes both (the case cascades to each)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreed")
    version = models.OneToOneField(CaseVersion, on_delete=models.RESTRICT, related_name="agreement")
    agreed_on = models.DateField(_("vastgesteld op"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)
    report = models.BinaryField()  # the PDF as rendered when the version was agreed
    report_name = models.CharField(max_length=200)
    report_sha256 = models.CharField(max_length=64)
    rendement_version = models.CharField(max_length=40)
    language = models.CharField(max_length=10, default="nl")

    class Meta:
        ordering = ["-agreed_on", "-marked_at"]

    def __str__(self) -> str:
        return f"{self.version} vastgesteld {self.agreed_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("een vastgestelde versie wordt niet meer gewijzigd")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("een vaststelling wordt niet ingetrokken, alleen met de hele case")
