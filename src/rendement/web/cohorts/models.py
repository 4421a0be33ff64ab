"""A cohort (one checked upload of client cases) and its rows, stored as the table had
them: the figures are computed from these rows with the cohort's room (``rendement.cohort``).

Personal data: only pseudonyms and grouping attributes are stored (the import refuses
names, addresses, birth dates and citizen service numbers); deleting a cohort deletes
every row of it, and the uploaded file itself is never kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..cases.models import new_uid


class Cohort(models.Model):
    uid = models.CharField(max_length=32, unique=True, default=new_uid, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="cohorts"
    )
    name = models.CharField(_("naam"), max_length=200)
    source = models.CharField(max_length=200)  # the uploaded file's name
    attributes = models.JSONField(default=list)  # the columns to group by, in the file's order
    defaults = models.JSONField(default=dict)  # item → [attribution, probability] of '*' rows
    prices = models.ForeignKey(  # the business case whose prices and financiers value it
        "cases.Case", null=True, on_delete=models.SET_NULL, related_name="cohorts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class ClientCase(models.Model):
    """One client's case in a cohort: a pseudonym and its grouping attributes."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="clients")
    pseudonym = models.CharField(max_length=100)
    attributes = models.JSONField(default=dict)

    class Meta:
        ordering = ["pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "pseudonym"], name="one_pseudonym")
        ]

    def __str__(self) -> str:
        return self.pseudonym


class ClientRow(models.Model):
    """One row of the table: an item of a client case, quantities per year (None: unknown)."""

    client = models.ForeignKey(ClientCase, on_delete=models.CASCADE, related_name="rows")
    row = models.PositiveIntegerField()  # the row number in the uploaded file
    item = models.CharField(max_length=100)
    kind = models.CharField(max_length=20)  # effect | investment | shadow
    before = models.FloatField(null=True)
    after = models.FloatField(null=True)
    attribution = models.FloatField(null=True)
    probability = models.FloatField(null=True)

    class Meta:
        ordering = ["row"]
