"""The one django-tasks task: run a :class:`.models.Job`, writing its progress to its row.

The task is given the job's id only; what to compute is on the row, and so is every step
(``progress``, a Dutch phrase), written by a plain ``UPDATE`` outside any transaction, so
the page that polls sees it while the work goes on. The worker is the process
``rendement serve`` starts beside the web server (``db_worker`` of django-tasks-db); with
the immediate backend (tests) it runs inside the request.
"""

from __future__ import annotations

import math
import traceback
from typing import Any

from django.utils import timezone
from django_tasks import task

from ...i18n import N_
from . import running
from .models import Job


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinity as None: PostgreSQL's JSON has no such number."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def _told(pk: int) -> running.Progress:
    def progress(percent: int, phrase: str, detail: dict[str, Any]) -> None:
        Job.objects.filter(pk=pk).update(
            progress=max(0, min(100, percent)), phrase=phrase, phrase_detail=detail
        )

    return progress


@task()
def run_job(pk: int) -> str:
    """Run job ``pk`` (once: a job already running or finished is left alone)."""
    claimed = Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("case", "version").get(pk=pk)
    progress = _told(pk)
    text = job.version.document
    try:
        if job.kind in (Job.Kind.PDF, Job.Kind.DOCX):
            stem = f"{job.case.uid}-v{job.version.number}"
            body, name = running.document(text, job.kind, stem, job.language, progress)
            Job.objects.filter(pk=pk).update(result=body, result_name=name)
        elif job.kind == Job.Kind.MONTECARLO:
            figures = running.montecarlo(text, job.draws or 0, job.seed or 0, progress)
            Job.objects.filter(pk=pk).update(figures=finite(figures))
        else:
            figures = running.sensitivity(text, job.draws or 0, job.seed or 0, progress)
            Job.objects.filter(pk=pk).update(figures=finite(figures))
    except Exception:
        Job.objects.filter(pk=pk).update(
            status=Job.Status.FAILED, error=traceback.format_exc(), finished_at=timezone.now()
        )
        raise
    Job.objects.filter(pk=pk).update(
        status=Job.Status.DONE, progress=100, phrase=N_("Klaar"), finished_at=timezone.now()
    )
    return "done"
