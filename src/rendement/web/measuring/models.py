"""What a measurement keeps, and nothing more.

Personal data: answers are stored under the client case (its pseudonym), never with a
name. Every row here hangs off the client case with ``on_delete=CASCADE`` (directly or
through its measurement), so deleting a client case or its cohort removes every answer,
consent and link of it — :mod:`tests.test_web_measuring` checks that no table keeps one.
A one-time link stores only the SHA-256 digest of its token: the database alone cannot
open a questionnaire.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..cases.models import new_uid


class Moment(models.TextChoices):
    """The moments of :data:`rendement.instrument.schema.MomentId`, in the same words."""

    START = "start", _("Start")
    END = "eind", _("Eind")
    FOLLOW_UP = "follow-up", _("Follow-up")


class Instrument(models.Model):
    """A questionnaire or interview guide of one organisation: the YAML text as checked by
    :func:`rendement.instrument.loading.loads_instrument` (bundled ones are copied in)."""

    uid = models.CharField(max_length=32, unique=True, default=new_uid, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="instruments"
    )
    title = models.CharField(_("naam"), max_length=200)
    text = models.TextField()  # the instrument's YAML, checked before it is stored
    bundled = models.CharField(max_length=100, blank=True)  # the bundled file it came from
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Via(models.TextChoices):
    PROFESSIONAL = "professional", _("Door professional")
    LINK = "link", _("Via link door cliënt")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Gepauzeerd")
    FINISHED = "finished", _("Afgerond")


class Measurement(models.Model):
    """The answers of one client case at one moment with one instrument.

    ``answers`` maps a question's id to the value as given (a number, an option's value,
    a text); a question not in it is unanswered (*onbekend*, never zero).
    """

    uid = models.CharField(max_length=32, unique=True, default=new_uid, editable=False)
    client = models.ForeignKey(
        "cohorts.ClientCase", on_delete=models.CASCADE, related_name="measurements"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="measurements"
    )
    moment = models.CharField(max_length=20, choices=Moment.choices)
    answers = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    via = models.CharField(max_length=20, choices=Via.choices, default=Via.PROFESSIONAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["client", "moment"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "instrument", "moment"], name="one_measurement_per_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} · {self.moment}"


class Consent(models.Model):
    """A client's answer to the consent question for one instrument (given or refused),
    who recorded it and when. Without a given consent no answer is stored."""

    client = models.ForeignKey(
        "cohorts.ClientCase", on_delete=models.CASCADE, related_name="consents"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="consents")
    given = models.BooleanField()
    via = models.CharField(max_length=20, choices=Via.choices, default=Via.PROFESSIONAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "instrument"], name="one_consent")]


def token_digest(token: str) -> str:
    """The stored form of a link's token (the token itself is only in the link)."""
    return hashlib.sha256(token.encode()).hexdigest()


class AnswerLink(models.Model):
    """A one-time link for the client to answer one measurement without an account.

    Valid until ``expires_at``, unless revoked or finished; it opens that measurement's
    questionnaire and nothing else.
    """

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="links")
    digest = models.CharField(max_length=64, unique=True)  # token_digest(token)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)


class MeasuredRows(models.Model):
    """A client case whose rows were made from its finished start and end measurements:
    with which instrument, how many rows, by whom and when (shown on its kassabon). Gone
    with the client case; a new start/end pair replaces it."""

    client = models.OneToOneField(
        "cohorts.ClientCase", on_delete=models.CASCADE, related_name="measured_rows"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="+")
    rows = models.PositiveIntegerField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField()
