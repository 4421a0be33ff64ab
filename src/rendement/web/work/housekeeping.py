"""Old background work removed, so the database does not grow with every report ever made.

A job's result is a cache: a version never changes, so the same question about it can
always be answered again (a PDF of De Bilt in ~5 s). Kept: every job of a case's newest
version (the report people download) and every job that finished less than
:data:`KEEP_DONE` ago. Removed: the results of older versions that finished longer ago,
jobs that failed or were lost (queued or running, their worker gone) more than
:data:`KEEP_FAILED` ago, and django-tasks-db's own rows of tasks that finished more than
:data:`KEEP_DONE` ago. An agreed version's report is no job (``AgreedVersion`` keeps it)
and is never touched; nor is anything of a case but its jobs.

The worker prunes when it starts and then once every :data:`EVERY` (between two looks
for work, see :mod:`.waking`); ``rendement opruimen`` prunes by hand, or only counts.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Length
from django.utils import timezone

from .models import Job

log = logging.getLogger(__name__)

KEEP_DONE = datetime.timedelta(days=30)
"""A finished result of an older version is kept this long after it was made."""

KEEP_FAILED = datetime.timedelta(days=7)
"""A failed or lost job is kept this long (its error can be read on its page)."""

EVERY = datetime.timedelta(hours=24)
"""How often the worker prunes."""

RETRY = datetime.timedelta(hours=1)
"""After a failure the worker tries again this much later (not at every look)."""


@dataclass(frozen=True)
class Pruned:
    """What was (or, counting only, would be) removed."""

    jobs: int
    result_bytes: int  # the stored PDF and Word files among them
    task_results: int  # django-tasks-db's rows


def _old_jobs(now: datetime.datetime) -> Q:
    finished_long_ago = Q(status=Job.Status.DONE, finished_at__lt=now - KEEP_DONE)
    of_an_older_version = Q(version__number__lt=F("case__latest_number"))
    failed = Q(status=Job.Status.FAILED, created_at__lt=now - KEEP_FAILED)
    lost = Q(status__in=(Job.Status.QUEUED, Job.Status.RUNNING), created_at__lt=now - KEEP_FAILED)
    return (finished_long_ago & of_an_older_version) | failed | lost


def prune(now: datetime.datetime | None = None, *, count_only: bool = False) -> Pruned:
    """Remove what is described above, in one transaction; with ``count_only`` nothing is
    removed and the counts say what would be."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    with transaction.atomic():
        jobs = Job.objects.filter(_old_jobs(now))
        size = jobs.aggregate(size=Sum(Length("result")))["size"] or 0
        tasks = DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_DONE)
        if count_only:
            return Pruned(jobs.count(), size, tasks.count())
        # one DELETE each: nothing listens to their deletion and nothing refers to them,
        # so Django does not load the rows (with their stored files) first
        removed, _counts = jobs.delete()
        removed_tasks, _counts = tasks.delete()
    if removed or removed_tasks:
        log.info("pruned %d jobs (%d bytes) and %d task results", removed, size, removed_tasks)
    return Pruned(removed, size, removed_tasks)


_last: list[datetime.datetime] = []


def when_due(now: datetime.datetime | None = None) -> Pruned | None:
    """Prune when it was not done in this process in the last :data:`EVERY` (the worker
    asks between two looks for work); a failure is logged and tried again after
    :data:`RETRY`."""
    now = now or timezone.now()
    if _last and now - _last[0] < EVERY:
        return None
    try:
        done = prune(now)
    except Exception:  # the worker goes on working
        log.exception("pruning old background work failed")
        _last[:] = [now - EVERY + RETRY]
        return None
    _last[:] = [now]
    return done
