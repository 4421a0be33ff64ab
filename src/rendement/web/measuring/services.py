"""Write actions of measuring: one transaction and one audit row each. The audit rows hold
ids, moments and counts — never a pseudonym, an answer or a figure of a client case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from ...instrument.answers import AnswerError, AnswerProblem, client_case_rows, measure
from ...instrument.schema import YES_NO
from ..audit.services import record
from ..cohorts import evaluation
from ..cohorts.models import ClientCase, ClientRow, Cohort
from .models import Consent, Instrument, MeasuredRows, Measurement, Moment, Status, Via
from .questionnaire import consent_question, instrument_of


def _subject(client: ClientCase) -> str:
    return f"cohort {client.cohort.uid}"


@transaction.atomic
def add_instrument(
    *, actor: Any, organisation: Any, title: str, text: str, bundled: str = ""
) -> Instrument:
    """A checked instrument (the caller loaded ``text`` without errors) of ``organisation``."""
    found = Instrument.objects.create(
        organisation=organisation,
        title=title[:200],
        text=text,
        bundled=bundled[:100],
        created_by=actor,
    )
    record(
        actor=actor,
        action="instrument.add",
        organisation=organisation,
        subject=f"instrument {found.uid}",
        detail={"bundled": bundled, "title": found.title},
    )
    return found


@transaction.atomic
def start_measurement(
    *, actor: Any, client: ClientCase, instrument: Instrument, moment: str
) -> Measurement:
    """The measurement of ``client`` at ``moment`` with ``instrument``: a new one, or the one
    already begun (one per client case, instrument and moment)."""
    if moment not in Moment.values:
        raise ValueError(moment)
    found, created = Measurement.objects.get_or_create(
        client=client,
        instrument=instrument,
        moment=moment,
        defaults={"created_by": actor, "via": Via.PROFESSIONAL},
    )
    record(
        actor=actor,
        action="measurement.start" if created else "measurement.open",
        organisation=client.cohort.organisation,
        subject=_subject(client),
        detail={"measurement": found.uid, "moment": moment, "instrument": instrument.uid},
    )
    return found


@transaction.atomic
def record_consent(
    *,
    actor: Any,
    client: ClientCase,
    instrument: Instrument,
    given: bool,
    via: str = Via.PROFESSIONAL,
) -> Consent:
    """The client's answer to the consent question, who recorded it and when. A refusal
    stops every measurement of the client case with this instrument: their answers (and
    links) are deleted, so nothing is stored without consent — and so are the client
    case's rows made from those measurements (:func:`forget_measured_rows`): they are
    personal data derived from the answers. The audit row counts what went."""
    consent, _created = Consent.objects.update_or_create(
        client=client,
        instrument=instrument,
        defaults={"given": given, "via": via, "recorded_by": actor},
    )
    detail: dict[str, Any] = {"instrument": instrument.uid, "given": given, "removed": 0}
    if not given:
        detail["removed"], _counts = Measurement.objects.filter(
            client=client, instrument=instrument
        ).delete()
        detail["rows_removed"] = forget_measured_rows(client, instrument)
    record(
        actor=actor,
        action="measurement.consent",
        organisation=client.cohort.organisation,
        subject=_subject(client),
        detail=detail,
    )
    return consent


def forget_measured_rows(client: ClientCase, instrument: Instrument) -> int:
    """The client case's rows made from its measurements with ``instrument`` deleted, with
    their :class:`MeasuredRows` record; returns how many rows went (0 when its rows did not
    come from this instrument: an upload's rows, or another instrument's, stay).

    Making the rows REPLACED what the client case had (:func:`rows_from_measurements`), and
    the rows replaced are not kept, so there is nothing to go back to: the client case is
    left without rows, its kassabon empty, until rows are uploaded or measured again. Runs
    inside the caller's transaction (the consent's)."""
    made = MeasuredRows.objects.filter(client=client, instrument=instrument).first()
    if made is None:
        return 0
    removed = client.rows.count()
    client.rows.all().delete()
    made.delete()
    cohort: Cohort = client.cohort
    cohort.save(update_fields=["updated_at"])  # the figures follow
    evaluation.forget(cohort.pk)
    return removed


def consented(client: ClientCase, instrument: Instrument) -> bool:
    return Consent.objects.filter(client=client, instrument=instrument, given=True).exists()


@transaction.atomic
def save_answers(
    *,
    actor: Any,
    measurement: Measurement,
    answers: Mapping[str, object],
    status: str | None = None,
) -> Measurement:
    """The measurement's answers replaced by ``answers`` (checked by the caller); ``status``
    open or paused. Refused without a given consent."""
    if not consented(measurement.client, measurement.instrument):
        raise PermissionError("no consent")
    measurement.answers = dict(answers)
    fields = ["answers", "updated_at"]
    if status is not None and measurement.status != Status.FINISHED:
        measurement.status = status
        fields.append("status")
    measurement.save(update_fields=fields)
    record(
        actor=actor,
        action="measurement.save",
        organisation=measurement.client.cohort.organisation,
        subject=_subject(measurement.client),
        detail={
            "measurement": measurement.uid,
            "answered": len(measurement.answers),
            "status": measurement.status,
        },
    )
    return measurement


@dataclass
class Finished:
    """What finishing did: the client case's rows replaced (how many), or why not —
    ``no_rows`` when the instrument asks nothing that costs money, so the client case's
    rows were left as they were."""

    rows: int | None = None
    problems: list[AnswerProblem] = field(default_factory=list)
    no_rows: bool = False


def makes_rows(instrument: Instrument) -> bool:
    """Whether ``instrument`` maps any answer to a price-list item (a ``cost`` or a
    ``risk`` question). Decided on the instrument, not on what a client answered: an
    indicator-only questionnaire (the De Jong Gierveld or ZRM template, a score
    instrument) never touches a client case's rows — replacing them with the nothing it
    makes would wipe an uploaded table — while a guide with cost questions does, even
    when this client case left them all unanswered (its items are then *unknown*)."""
    questions = instrument_of(instrument).questions
    return any(q.cost is not None or q.risk is not None for q in questions)


@transaction.atomic
def finish_measurement(
    *, actor: Any, measurement: Measurement, answers: Mapping[str, object]
) -> Finished:
    """The measurement finished with ``answers``; when the client case now has a finished
    start and end measurement with an instrument that maps costs or risks
    (:func:`makes_rows`), its rows are made from them."""
    if not consented(measurement.client, measurement.instrument):
        raise PermissionError("no consent")
    measurement.answers = dict(answers)
    measurement.status = Status.FINISHED
    measurement.finished_at = timezone.now()
    measurement.save(update_fields=["answers", "status", "finished_at", "updated_at"])
    record(
        actor=actor,
        action="measurement.finish",
        organisation=measurement.client.cohort.organisation,
        subject=_subject(measurement.client),
        detail={"measurement": measurement.uid, "answered": len(measurement.answers)},
    )
    if measurement.moment == Moment.FOLLOW_UP:
        return Finished()  # a follow-up gives indicator values only
    if not makes_rows(measurement.instrument):
        return Finished(no_rows=True)  # indicator values only; the rows stay as they are
    pair = finished_pair(measurement.client, measurement.instrument)
    if pair is None:
        return Finished()
    try:
        rows = rows_from_measurements(actor=actor, client=measurement.client, pair=pair)
    except AnswerError as error:
        return Finished(problems=list(error.problems))
    return Finished(rows=rows, no_rows=rows is None)


def finished_pair(
    client: ClientCase, instrument: Instrument
) -> tuple[Measurement, Measurement] | None:
    """The finished start and end measurements of ``client`` with ``instrument``, if both."""
    done = {
        m.moment: m
        for m in Measurement.objects.filter(
            client=client,
            instrument=instrument,
            status=Status.FINISHED,
            moment__in=[Moment.START, Moment.END],
        )
    }
    if Moment.START in done and Moment.END in done:
        return done[Moment.START], done[Moment.END]
    return None


def meaning(measurement: Measurement, prices: Mapping[str, object] | None = None) -> Any:
    """What the measurement's answers mean (:func:`rendement.instrument.answers.measure`),
    its consent taken from the recorded :class:`Consent` (asked apart from the form)."""
    instrument = instrument_of(measurement.instrument)
    answers = dict(measurement.answers)
    question = consent_question(instrument)
    if question is not None and consented(measurement.client, measurement.instrument):
        answers[question.id] = YES_NO[0]
    return measure(instrument, measurement.moment, answers, prices)


@transaction.atomic
def rows_from_measurements(
    *, actor: Any, client: ClientCase, pair: tuple[Measurement, Measurement]
) -> int | None:
    """The client case's rows REPLACED by the rows its start (before) and end (during)
    measurements make, priced by the cohort's business case (:class:`AnswerError` when an
    item has no price there, and nothing changes). The kassabon, segments and forecast
    comparison follow from the rows unchanged.

    None, and nothing touched (rows, :class:`MeasuredRows`, no audit row), when the
    instrument maps no cost or risk (:func:`makes_rows`): its answers are indicator values
    only."""
    start, end = pair
    if not makes_rows(start.instrument):
        return None
    cohort: Cohort = client.cohort
    prices = evaluation.prices_for(cohort.prices) if cohort.prices is not None else None
    before, during = meaning(start, prices), meaning(end, prices)
    made = client_case_rows(client.pseudonym, before, during, client.attributes)
    previous = client.rows.count()
    client.rows.all().delete()
    ClientRow.objects.bulk_create(
        ClientRow(
            client=client,
            row=e.row,
            item=e.item,
            kind=e.kind,
            before=e.before,
            after=e.after,
            attribution=e.attribution,
            probability=e.probability,
        )
        for e in made.entries
    )
    MeasuredRows.objects.update_or_create(
        client=client,
        defaults={
            "instrument": start.instrument,
            "rows": len(made.entries),
            "made_by": actor,
            "made_at": timezone.now(),
        },
    )
    cohort.save(update_fields=["updated_at"])  # the figures follow
    evaluation.forget(cohort.pk)
    record(
        actor=actor,
        action="measurement.rows",
        organisation=cohort.organisation,
        subject=f"cohort {cohort.uid}",
        detail={
            "instrument": start.instrument.uid,
            "rows": len(made.entries),
            "replaced": previous,
        },
    )
    return len(made.entries)


@transaction.atomic
def import_scores(
    *,
    actor: Any,
    instrument: Instrument,
    measured: Mapping[ClientCase, Mapping[str, Mapping[str, object]]],
) -> int:
    """Finished measurements brought in at once, consent given: per client case its
    answers per moment (checked by :func:`meaning`'s rules first — an answer that does not
    fit the instrument is an :class:`AnswerError` and nothing is stored). For seeding (the
    demo) and imports of scores taken elsewhere, so only with an instrument that makes no
    rows (:func:`makes_rows`; else ``ValueError``): the client cases' rows are not
    touched. A handful of queries whatever the number of client cases, and ONE audit row
    with the counts. Returns the number of measurements stored."""
    if makes_rows(instrument):
        raise ValueError("an instrument that makes rows is measured one client case at a time")
    spec = instrument_of(instrument)
    question = consent_question(spec)
    now = timezone.now()
    made = []
    for client, moments in measured.items():
        for moment, answers in moments.items():
            given = dict(answers)
            if question is not None:
                given[question.id] = YES_NO[0]
            measure(spec, moment, given)  # AnswerError: the whole import is refused
            made.append(
                Measurement(
                    client=client,
                    instrument=instrument,
                    moment=moment,
                    answers=dict(answers),
                    status=Status.FINISHED,
                    created_by=actor,
                    finished_at=now,
                )
            )
    Consent.objects.bulk_create(
        Consent(client=client, instrument=instrument, given=True, recorded_by=actor)
        for client in measured
    )
    Measurement.objects.bulk_create(made)
    cohorts = {client.cohort for client in measured}
    for cohort in cohorts:
        record(
            actor=actor,
            action="measurement.import",
            organisation=cohort.organisation,
            subject=f"cohort {cohort.uid}",
            detail={
                "instrument": instrument.uid,
                "clients": sum(1 for c in measured if c.cohort == cohort),
                "measurements": sum(len(m) for c, m in measured.items() if c.cohort == cohort),
            },
        )
    return len(made)


@transaction.atomic
def record_answers_export(*, actor: Any, cohort: Cohort, rows: int, measurements: int) -> None:
    """Answers left the app as a file: who, which cohort, how many rows and measurements."""
    record(
        actor=actor,
        action="measurement.export",
        organisation=cohort.organisation,
        subject=f"cohort {cohort.uid}",
        detail={"rows": rows, "measurements": measurements},
    )
