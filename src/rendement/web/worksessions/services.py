"""Write actions on work sessions: one transaction and one audit row each. The audit rows
hold the session, the item and counts — never a client's figures (a session holds none)
and never a participant's judgement (that is the session's own record)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ...i18n import N_
from ...wording import Text
from ...worksession import ApplyError, apply_to_cases, apply_to_model, spreads
from ...worksession.schema import WorkSession as EngineSession
from ..audit.services import record
from ..cases.models import CaseVersion
from ..cases.services import check_document, save_version
from ..cohorts import evaluation
from ..cohorts.models import ClientRow, Cohort
from . import engine
from .models import Judgement, Participant, SessionItem, WorkSession


def _record(actor: Any, session: WorkSession, action: str, **detail: Any) -> None:
    """One audit row of a session: in its cohort's organisation, with the session's id and
    title beside what the action adds (counts, items, values — never a pseudonym)."""
    record(
        actor=actor,
        action=action,
        organisation=session.cohort.organisation,
        subject=f"cohort {session.cohort.uid}",
        detail={"session": session.uid, "title": session.title, **detail},
    )


@transaction.atomic
def create_session(
    *,
    actor: Any,
    cohort: Cohort,
    title: str,
    when: date,
    items: Sequence[tuple[str, str, str]],
    facilitator: str = "",
    note: str = "",
) -> WorkSession:
    """A new session on ``cohort`` judging ``items`` (item, Dutch name, judges)."""
    session = WorkSession.objects.create(
        cohort=cohort,
        title=title[:200],
        date=when,
        facilitator=facilitator[:200],
        note=note,
        created_by=actor,
    )
    SessionItem.objects.bulk_create(
        SessionItem(session=session, item=item, name=name[:300], judges=judges)
        for item, name, judges in items
    )
    _record(actor, session, "worksession.create", items=len(items))
    return session


@transaction.atomic
def add_participant(
    *, actor: Any, session: WorkSession, name: str, role: str, member: Any = None
) -> Participant:
    participant = Participant.objects.create(
        session=session, name=name[:200], role=role, member=member
    )
    session.save(update_fields=["updated_at"])
    _record(actor, session, "worksession.participant", participants=session.participants.count())
    return participant


@transaction.atomic
def record_judgement(
    *,
    actor: Any,
    item: SessionItem,
    participant: Participant,
    value: float,
    low: float | None = None,
    high: float | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Judgement:
    """A participant's judgement, added (an earlier one of the same participant stays,
    the latest counts for the spread); who typed it and when is kept."""
    judgement = Judgement.objects.create(
        item=item,
        participant=participant,
        value=value,
        low=low,
        high=high,
        note=note,
        at=at or timezone.now(),
        recorded_by=actor,
    )
    item.session.save(update_fields=["updated_at"])
    _record(
        actor,
        item.session,
        "worksession.judgement",
        item=item.item,
        judgements=item.judgements.count(),
    )
    return judgement


@transaction.atomic
def agree(*, actor: Any, item: SessionItem, value: float, note: str = "") -> SessionItem:
    """The group's agreed value for ``item``, stored with its spread as a distribution,
    and applied to the cohort: every row of the item in the cohort's client cases gets it
    (:func:`rendement.worksession.apply_to_cases`); the cohort's interval then draws it
    from the distribution (:func:`.engine.cohort_interval`)."""
    session = item.session
    cohort = session.cohort
    item.agreed = value
    item.agreed_at = timezone.now()
    item.agreed_by = actor
    item.note = note
    item.save()
    data = engine.as_data(session, agreed=True)
    data["items"] = [i for i in data["items"] if i["item"] == item.item]
    data["judgements"] = [j for j in data["judgements"] if j["item"] == engine.item_id(item)]
    judged = EngineSession.model_validate(data)
    (spread,) = spreads(judged)
    item.distribution = (
        {"pert": list(spread.pert)} if spread.pert is not None else {"value": spread.agreed}
    )
    item.spread = {
        "n": spread.n,
        "minimum": spread.minimum,
        "maximum": spread.maximum,
        "mean": spread.mean,
        "median": spread.median,
    }
    # onto the rows: the engine decides which rows and which field
    cases = evaluation.client_cases(cohort)
    applied = apply_to_cases(judged, [spread], cases)
    stored = {
        (pseudonym, number): pk
        for pk, pseudonym, number in ClientRow.objects.filter(client__cohort=cohort).values_list(
            "pk", "client__pseudonym", "row"
        )
    }
    changed = []
    for before, after in zip(cases.entries, applied.entries, strict=True):
        if before != after:
            row = ClientRow(pk=stored[(after.case, after.row)])
            row.attribution, row.probability = after.attribution, after.probability
            changed.append(row)
    ClientRow.objects.bulk_update(changed, ["attribution", "probability"], batch_size=2000)
    item.rows = len(changed)
    item.save(update_fields=["distribution", "spread", "rows"])
    cohort.save(update_fields=["updated_at"])  # the figures follow
    evaluation.forget(cohort.pk)
    session.save(update_fields=["updated_at"])
    _record(
        actor,
        session,
        "worksession.agree",
        item=item.item,
        agreed=value,
        judgements=spread.n,
        rows=len(changed),
    )
    return item


@transaction.atomic
def apply_to_case(*, actor: Any, session: WorkSession) -> CaseVersion:
    """The agreed items written into the cohort's business case as a new version: every
    effect line whose price is an agreed item gets its distribution
    (:func:`rendement.worksession.apply_to_model`: ``attribution: {pert: [...]}`` for a
    ``toerekening``, ``share`` for a ``kans``), so the case's Monte Carlo draws it; a run
    without Monte Carlo uses the agreed value (the PERT's mode). :class:`ApplyError` when
    nothing fits or the result does not load."""
    case = session.cohort.prices
    if case is None:
        raise ApplyError(Text(N_("de business case met de prijzen is verwijderd")))
    version = case.latest()
    found = engine.for_model(session, version.document)
    if found is None:
        raise ApplyError(
            Text(
                N_(
                    "geen effectregel van de business case gebruikt een vastgestelde post "
                    "van deze werksessie"
                )
            )
        )
    judged, spread = found
    text = apply_to_model(judged, spread, version.document)
    checked = check_document(text)
    if checked.model is None:
        raise ApplyError("; ".join(p.message for p in checked.problems))
    saved = save_version(
        actor=actor,
        case=case,
        document=text,
        message=f"Werksessie '{session.title}': toerekening en kans met hun spreiding",
        base=version.number,
    )
    _record(
        actor,
        session,
        "worksession.apply",
        case=case.uid,
        version=saved.number,
        lines=len(judged.items),
    )
    return saved


@transaction.atomic
def record_export(*, actor: Any, session: WorkSession) -> None:
    """The session left the app as a file (its judgements, who gave them): logged."""
    _record(
        actor,
        session,
        "worksession.export",
        judgements=Judgement.objects.filter(item__session=session).count(),
    )


__all__ = [
    "add_participant",
    "agree",
    "apply_to_case",
    "create_session",
    "record_export",
    "record_judgement",
]
