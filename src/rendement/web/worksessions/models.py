"""What a work session keeps: its participants, the items judged, every judgement with
who recorded it, for whom and when, and per item what the group agreed.

Nothing is overwritten: a participant who judges an item again adds a judgement (the
latest counts for the spread, as in :func:`rendement.worksession.spread.spreads`), so the
record of how a value was reached stays whole. Everything hangs off the cohort with
``on_delete=CASCADE``: deleting the cohort deletes its sessions. A participant is a name
and a role (a member account is optional: in a room one facilitator often types for
everyone); no client's figures are stored here, only shares judged by the team.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..cases.models import new_uid


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("professional")
    VOLUNTEER = "vrijwilliger", _("vrijwilliger")
    CLIENT = "client", _("cliënt")
    OTHER = "anders", _("anders")


class Judges(models.TextChoices):
    """The words of :data:`rendement.worksession.schema.Judges`."""

    ATTRIBUTION = "toerekening", _("toerekening")
    PROBABILITY = "kans", _("kans")


class WorkSession(models.Model):
    uid = models.CharField(max_length=32, unique=True, default=new_uid, editable=False)
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="worksessions"
    )
    title = models.CharField(_("titel"), max_length=200)
    date = models.DateField(_("datum"))
    facilitator = models.CharField(_("gespreksleider"), max_length=200, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    session = models.ForeignKey(WorkSession, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    member = models.ForeignKey(  # optional: the participant's own account
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class SessionItem(models.Model):
    """One item judged: a price-list item of the cohort's rows; once agreed, its value and
    the distribution the spread became (stored as the engine gave it)."""

    session = models.ForeignKey(WorkSession, on_delete=models.CASCADE, related_name="items")
    item = models.CharField(max_length=100)  # the price-list item of the client-case rows
    name = models.CharField(max_length=300)  # the price list's name, as the page shows it
    judges = models.CharField(max_length=20, choices=Judges.choices)
    agreed = models.FloatField(null=True)
    distribution = models.JSONField(null=True)  # {"pert": [low, agreed, high]} or {"value": x}
    spread = models.JSONField(null=True)  # n, minimum, maximum, mean, median when agreed
    agreed_at = models.DateTimeField(null=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)  # client-case rows that got the value
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "item"], name="one_item_per_session")
        ]

    def __str__(self) -> str:
        return self.name


class Judgement(models.Model):
    """One participant's judgement of one item at one moment; never changed afterwards."""

    item = models.ForeignKey(SessionItem, on_delete=models.CASCADE, related_name="judgements")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="judgements"
    )
    value = models.FloatField()
    low = models.FloatField(null=True)
    high = models.FloatField(null=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(  # who typed it (the facilitator, or the participant)
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
