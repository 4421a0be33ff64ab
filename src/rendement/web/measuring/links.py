"""The client's one-time link: making and revoking it (a professional with the client-data
right), finding it by its token, and the client's writes through it (consent, answers,
pause, send).

Why a token and a digest: the link is the whole key — whoever holds it may answer that one
measurement, nothing else. Only the SHA-256 digest of the token is stored
(:func:`.models.token_digest`), so the database alone opens no questionnaire; the token is
shown once to the professional, to copy. A lookup hashes whatever comes in and compares
digests, so its time says nothing about how close a guess was.

Every write is one function here, in one transaction, with one audit row of the client
case's organisation: the cohort's id, the client case's number, the instrument and the
moment — never the pseudonym, never an answer.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ...i18n import _
from ..audit.services import record
from ..cohorts.models import ClientCase
from ..cohorts.selectors import organisations_with_client_data
from . import services
from .models import (
    AnswerLink,
    Consent,
    Instrument,
    Measurement,
    Moment,
    Status,
    Via,
    token_digest,
)
from .questionnaire import instrument_of

LINK_DAYS = 14
"""A new link is valid two weeks unless the professional chooses otherwise."""

MAX_LINK_DAYS = 90
"""At most three months: a forgotten link should not stay a key to a questionnaire."""


class LinkRefused(ValueError):
    """The link cannot be made or revoked; the message says why, in Dutch."""


# -- reads -------------------------------------------------------------------------------


def may_link(user: Any, client: ClientCase) -> bool:
    """An owner or editor with the client-data right of the client case's organisation
    (as for every other write on a measurement; a viewer with the right sees the links)."""
    found = organisations_with_client_data(user, editing=True)
    return found.filter(pk=client.cohort.organisation_id).exists()


def links_of(client: ClientCase) -> QuerySet[AnswerLink]:
    """Every link ever made for the client case's measurements, newest first."""
    return (
        AnswerLink.objects.filter(measurement__client=client)
        .select_related("measurement", "measurement__instrument", "created_by")
        .order_by("-created_at")
    )


def is_open(link: AnswerLink, now: datetime | None = None) -> bool:
    """Not revoked, not finished, not past its end date."""
    moment = now or timezone.now()
    return link.revoked_at is None and link.finished_at is None and link.expires_at > moment


def state_of(link: AnswerLink) -> str:
    """The link's state in words, for the professional's list."""
    if link.finished_at is not None:
        return _("Ingevuld en verstuurd")
    if link.revoked_at is not None:
        return _("Ingetrokken")
    if link.expires_at <= timezone.now():
        return _("Verlopen")
    return _("Geldig")


@dataclass(frozen=True)
class Found:
    """What a token opens: its link (None when it opens nothing) and the status to answer
    with when it opens nothing (404 unknown, 410 expired, revoked or finished)."""

    link: AnswerLink | None
    status: int


def link_for_token(token: str) -> Found:
    """The open link of ``token``. The token is hashed first and the digests compared in
    constant time, so neither the lookup nor the answer depends on how much of a guess was
    right; an unknown, expired, revoked or finished link all get the same page (only the
    status code differs, as HTTP asks)."""
    digest = token_digest(token[:200])
    link = (
        AnswerLink.objects.filter(digest=digest)
        .select_related(
            "measurement",
            "measurement__instrument",
            "measurement__client",
            "measurement__client__cohort",
            "measurement__client__cohort__organisation",
        )
        .first()
    )
    if link is None or not hmac.compare_digest(link.digest, digest):
        return Found(None, 404)
    if not is_open(link):
        return Found(None, 410)
    return Found(link, 200)


def consent_given(link: AnswerLink) -> bool:
    """The client said yes through this link (a consent recorded by the professional
    before, or through an older link, is asked again: the client reads it here)."""
    measurement = link.measurement
    return Consent.objects.filter(
        client_id=measurement.client_id,
        instrument_id=measurement.instrument_id,
        given=True,
        via=Via.LINK,
        recorded_at__gte=link.created_at,
    ).exists()


# -- the professional's writes -----------------------------------------------------------


def _subject(client: ClientCase) -> str:
    return f"cohort {client.cohort.uid}"


def _detail(measurement: Measurement, **more: Any) -> dict[str, Any]:
    """What an audit row of a link holds: the client case's number, never its pseudonym."""
    return {
        "client": measurement.client_id,
        "instrument": measurement.instrument.title,
        "moment": measurement.moment,
        **more,
    }


@transaction.atomic
def make_link(
    *,
    actor: Any,
    client: ClientCase,
    instrument: Instrument,
    moment: str = Moment.END,
    days: int = LINK_DAYS,
) -> tuple[AnswerLink, str]:
    """A new link for the client to answer ``instrument`` at ``moment``, valid ``days``
    days (1 to :data:`MAX_LINK_DAYS`). The measurement is made when there is none yet; an
    open link of the same measurement is revoked (a new link replaces the old). Returns the
    link and its token — the only time the token exists outside the link itself. Writes
    ``measurement.link_create``."""
    if not may_link(actor, client):
        raise LinkRefused(
            _("Alleen eigenaren en bewerkers met toegang tot cliëntgegevens kunnen een link maken.")
        )
    if instrument.organisation_id != client.cohort.organisation_id:
        raise LinkRefused(_("Deze vragenlijst hoort niet bij deze organisatie."))
    schema = instrument_of(instrument)
    if moment not in schema.moments:
        raise LinkRefused(_("Deze vragenlijst heeft dit meetmoment niet."))
    if not 1 <= days <= MAX_LINK_DAYS:
        raise LinkRefused(_("Een link is 1 tot {days} dagen geldig.").format(days=MAX_LINK_DAYS))
    measurement, _made = Measurement.objects.select_for_update().get_or_create(
        client=client,
        instrument=instrument,
        moment=moment,
        defaults={"via": Via.LINK, "created_by": actor},
    )
    if measurement.status == Status.FINISHED:
        raise LinkRefused(_("Deze meting is al afgerond. Een link is niet meer nodig."))
    now = timezone.now()
    replaced = AnswerLink.objects.filter(
        measurement=measurement, revoked_at=None, finished_at=None, expires_at__gt=now
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    link = AnswerLink.objects.create(
        measurement=measurement,
        digest=token_digest(token),
        expires_at=now + timedelta(days=days),
        created_by=actor,
    )
    record(
        actor=actor,
        action="measurement.link_create",
        organisation=client.cohort.organisation,
        subject=_subject(client),
        detail=_detail(
            measurement,
            until=timezone.localdate(link.expires_at).strftime("%d-%m-%Y"),
            replaced=replaced,
        ),
    )
    return link, token


@transaction.atomic
def revoke_link(*, actor: Any, link: AnswerLink) -> AnswerLink:
    """The link stops working now (kept, marked revoked); writes ``measurement.link_revoke``.
    Revoking a link that no longer works changes nothing."""
    measurement = link.measurement
    client = measurement.client
    if not may_link(actor, client):
        raise LinkRefused(_("Alleen wie links mag maken, kan een link intrekken."))
    if not is_open(link):
        return link
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action="measurement.link_revoke",
        organisation=client.cohort.organisation,
        subject=_subject(client),
        detail=_detail(measurement),
    )
    return link


# -- the client's writes through the link (no account: the audit row has no actor) --------
#
# The meaning of consent, saving and finishing is the professional side's
# (:mod:`.services`): one consent per client case and instrument, a refusal removes the
# measurements of that instrument, and finishing an end measurement makes the client case's
# rows. These functions add what belongs to the link: it must still be open, the client
# must have said yes through it, and it is marked used and, when sent, closed.


def _locked(link: AnswerLink) -> tuple[AnswerLink, Measurement]:
    """The link and its measurement, locked for this transaction, still open."""
    fresh = AnswerLink.objects.select_for_update().get(pk=link.pk)
    if not is_open(fresh):
        raise LinkRefused(_("Deze link werkt niet meer."))
    measurement = (
        Measurement.objects.select_for_update()
        .select_related("instrument", "client", "client__cohort", "client__cohort__organisation")
        .get(pk=fresh.measurement_id)
    )
    return fresh, measurement


def _consented(link: AnswerLink) -> None:
    if not consent_given(link):
        raise LinkRefused(_("Zonder toestemming bewaren we geen antwoorden."))


def _used(link: AnswerLink, **fields: Any) -> None:
    link.last_used_at = timezone.now()
    for name, value in fields.items():
        setattr(link, name, value)
    link.save(update_fields=["last_used_at", *fields])


@transaction.atomic
def answer_consent(*, link: AnswerLink, given: bool) -> Consent:
    """The client's answer to the consent question, recorded for the client case and the
    instrument ``via`` the link (:func:`.services.record_consent`, which writes the audit
    row). No: every measurement of the client case with this instrument is removed, this
    link with it — nothing is kept of someone who said no."""
    fresh, measurement = _locked(link)
    consent = services.record_consent(
        actor=None,
        client=measurement.client,
        instrument=measurement.instrument,
        given=given,
        via=Via.LINK,
    )
    if given:
        _used(fresh)
    return consent


@transaction.atomic
def save_answers(
    *, link: AnswerLink, answers: dict[str, object], pause: bool = False
) -> Measurement:
    """Store the answers after one page of the questionnaire (all of them, as
    :func:`.questionnaire.read_answers` made them); ``pause``: the client stops for now.
    Only with the client's consent through this link."""
    fresh, measurement = _locked(link)
    _consented(fresh)
    saved = services.save_answers(
        actor=None,
        measurement=measurement,
        answers=answers,
        status=Status.PAUSED if pause else Status.OPEN,
    )
    _used(fresh)
    return saved


@transaction.atomic
def send_answers(*, link: AnswerLink, answers: dict[str, object]) -> services.Finished:
    """The client sends the questionnaire: the last page's answers stored, the measurement
    finished (:func:`.services.finish_measurement`: with a finished start measurement, the
    client case's rows are made from the pair), and the link closed — it opens nothing
    from now on."""
    fresh, measurement = _locked(link)
    _consented(fresh)
    finished = services.finish_measurement(actor=None, measurement=measurement, answers=answers)
    _used(fresh, finished_at=timezone.now())
    return finished
