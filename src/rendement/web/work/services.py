"""Starting background work: one job per question about a version, its start in the log.

The same question about the same version — its PDF in Dutch, a Monte Carlo of 10^6 draws
with seed 2019 — has one answer, since a version never changes: a finished job's result
is given again, and a job still queued or running is joined rather than started twice.
Only a real start writes an audit row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ...i18n import N_
from ..audit.services import record
from ..cases.models import Case, CaseVersion
from . import waking
from .models import Job

DOCUMENTS = (Job.Kind.PDF, Job.Kind.DOCX)
FIGURES = (Job.Kind.MONTECARLO, Job.Kind.SENSITIVITY)

STALE = datetime.timedelta(minutes=30)
"""A job queued or running for longer than this is taken as lost (its worker stopped
mid-way, e.g. the server was restarted): the next request starts it again. A PDF of the
largest case takes seconds, 10^6 draws of De Bilt about 1,5 s."""


@dataclass(frozen=True)
class Started:
    job: Job
    new: bool  # False: an earlier job (finished, queued or running) answers


def _same(version: CaseVersion, kind: str, lang: str, draws: int | None, seed: int | None) -> Q:
    same = Q(version=version, kind=kind)
    if kind in DOCUMENTS:
        return same & Q(language=lang)
    return same & Q(draws=draws, seed=seed)


def existing(
    version: CaseVersion, kind: str, lang: str, draws: int | None = None, seed: int | None = None
) -> Job | None:
    """The job that already answers this question: the newest finished one, else one still
    on its way (not stale). Lost jobs are marked failed on the way."""
    jobs = Job.objects.filter(_same(version, kind, lang, draws, seed))
    lost = timezone.now() - STALE
    jobs.filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING), created_at__lt=lost).update(
        status=Job.Status.FAILED, error="verloren: de worker stopte", finished_at=timezone.now()
    )
    done = jobs.filter(status=Job.Status.DONE).defer("result").first()
    if done is not None:
        return done
    found: Job | None = (
        jobs.filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).defer("result").first()
    )
    return found


@transaction.atomic
def start_job(
    *,
    actor: Any,
    case: Case,
    version: CaseVersion,
    kind: str,
    lang: str,
    draws: int | None = None,
    seed: int | None = None,
) -> Started:
    """The job answering ``kind`` (``draws`` and ``seed`` for the figures) of ``version``:
    an earlier one, or a new one queued for the worker with a row in the audit log.

    The task is queued in the same transaction as the job (django-tasks-db writes its own
    row): the worker sees both or neither."""
    from .tasks import run_job

    if kind not in Job.Kind.values:
        raise ValueError(f"onbekend soort werk: {kind}")
    if kind in DOCUMENTS:
        draws = seed = None
    found = existing(version, kind, lang, draws, seed)
    if found is not None:
        return Started(found, new=False)
    job = Job.objects.create(
        case=case,
        version=version,
        kind=kind,
        draws=draws,
        seed=seed,
        language=lang,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
        phrase=N_("In de wachtrij…"),
    )
    detail: dict[str, Any] = {"version": version.number}
    if draws is not None:
        detail |= {"draws": draws, "seed": seed}
    record(
        actor=actor,
        action={
            "pdf": "work.pdf",
            "docx": "work.docx",
            "montecarlo": "work.montecarlo",
            "sensitivity": "work.sensitivity",
        }[kind],
        organisation=case.organisation,
        subject=f"case {case.uid}",
        detail=detail,
    )
    result = run_job.enqueue(job.pk)
    transaction.on_commit(waking.wake)  # the worker looks now, not at its next look
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return Started(job, new=True)
