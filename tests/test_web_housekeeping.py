"""Old background work removed (``web/work/housekeeping.py``): what goes and what stays,
counting only, the worker's daily turn, and ``rendement opruimen`` on a real database
and on one that is not there."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from rendement.web.cases import services
from rendement.web.cases.models import Case, CaseVersion
from rendement.web.work import housekeeping
from rendement.web.work.models import Job
from servers import RENDEMENT

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
FILE = b"%PDF-" + b"x" * 995  # a stored report of 1000 bytes


def _job(case: Case, number: int, status: str, age: datetime.timedelta, **more: Any) -> Job:
    now = timezone.now()
    job = Job.objects.create(
        case=case,
        version=CaseVersion.objects.get(case=case, number=number),
        kind=Job.Kind.PDF,
        status=status,
        finished_at=now - age if status in (Job.Status.DONE, Job.Status.FAILED) else None,
        **more,
    )
    Job.objects.filter(pk=job.pk).update(created_at=now - age)  # auto_now_add: set after
    return job


def _task_result(age: datetime.timedelta, status: str) -> Any:
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="rendement.web.work.tasks.make_document",
        backend_name="default",
        run_after=now - age,
        started_at=now - age,
        finished_at=None if status == "READY" else now - age,
    )


@pytest.fixture
def jobs(world: dict[str, Any]) -> dict[str, Job]:
    """De Bilt with a second version, and jobs of every kind of age and state."""
    case = world["case"]
    services.edit_value(
        actor=world["owner"],
        case=case,
        base=1,
        loc=("interventions", 0, "reach"),
        value=170,
        message="bereik",
    )
    case.refresh_from_db()
    assert case.latest_number == 2
    done, failed = Job.Status.DONE, Job.Status.FAILED
    return {
        "old version, long ago": _job(case, 1, done, 40 * DAY, result=FILE),
        "old version, lately": _job(case, 1, done, 10 * DAY, result=FILE),
        "newest version, long ago": _job(case, 2, done, 40 * DAY, result=FILE),
        "failed long ago": _job(case, 2, failed, 8 * DAY, error="x"),
        "failed lately": _job(case, 2, failed, 2 * DAY, error="x"),
        "lost": _job(case, 1, Job.Status.QUEUED, 8 * DAY),
        "running": _job(case, 2, Job.Status.RUNNING, datetime.timedelta(hours=1)),
    }


GONE = {"old version, long ago", "failed long ago", "lost"}


def test_old_work_goes_and_the_rest_stays(jobs: dict[str, Job]) -> None:
    old_task = _task_result(40 * DAY, "SUCCESSFUL")
    new_task = _task_result(3 * DAY, "SUCCESSFUL")
    waiting = _task_result(40 * DAY, "READY")  # not finished: never removed
    versions, cases = CaseVersion.objects.count(), Case.objects.count()

    counted = housekeeping.prune(count_only=True)
    assert counted == housekeeping.Pruned(jobs=3, result_bytes=1000, task_results=1)
    assert Job.objects.count() == len(jobs)  # counting removes nothing

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        pruned = housekeeping.prune()
    assert pruned == counted
    # the stored files are never read: only their length is summed, the rows deleted
    loaded = [
        q["sql"]
        for q in queries
        if '"work_job"."result"' in q["sql"].replace('LENGTH("work_job"."result")', "")
    ]
    assert any("LENGTH(" in q["sql"] for q in queries) and loaded == [], loaded
    left = set(Job.objects.values_list("pk", flat=True))
    assert left == {job.pk for name, job in jobs.items() if name not in GONE}

    from django_tasks_db.models import DBTaskResult

    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {new_task.pk, waiting.pk}
    assert old_task.pk not in set(DBTaskResult.objects.values_list("pk", flat=True))
    assert (CaseVersion.objects.count(), Case.objects.count()) == (versions, cases)
    assert housekeeping.prune() == housekeeping.Pruned(0, 0, 0)  # nothing twice


def test_the_worker_prunes_once_a_day(
    jobs: dict[str, Job], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(housekeeping, "_last", [])
    start = timezone.now()
    first = housekeeping.when_due(start)
    assert first is not None and first.jobs == 3
    again = _job(jobs["lost"].case, 1, Job.Status.FAILED, 9 * DAY)
    assert housekeeping.when_due(start + datetime.timedelta(hours=23)) is None
    assert Job.objects.filter(pk=again.pk).exists()  # not yet: less than a day since
    later = housekeeping.when_due(start + datetime.timedelta(hours=25))
    assert later is not None and later.jobs == 1
    assert not Job.objects.filter(pk=again.pk).exists()


def test_the_worker_goes_on_when_pruning_fails(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(housekeeping, "_last", [])
    monkeypatch.setattr(housekeeping, "prune", broken)
    start = timezone.now()
    assert housekeeping.when_due(start) is None
    assert caplog.text.count("pruning old background work failed") == 1
    assert housekeeping.when_due(start + datetime.timedelta(minutes=59)) is None
    assert caplog.text.count("pruning old background work failed") == 1  # not every look
    assert housekeeping.when_due(start + datetime.timedelta(minutes=61)) is None
    assert caplog.text.count("pruning old background work failed") == 2  # an hour later


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RENDEMENT_DATA": str(data), "LANG": "nl_NL.UTF-8"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [RENDEMENT, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_the_command_counts_and_prunes_a_real_database(tmp_path: Path) -> None:
    missing = _cli(tmp_path, "opruimen", "--proef")
    assert missing.returncode == 1
    assert "De database kan niet gelezen worden" in missing.stderr
    assert "Traceback" not in missing.stderr + missing.stdout
    assert _cli(tmp_path, "manage", "migrate", "--no-input").returncode == 0
    counted = _cli(tmp_path, "opruimen", "--proef")
    assert counted.returncode == 0, counted.stderr
    assert "Zou verwijderen: 0 achtergrondtaken (0,0 MB aan bestanden)" in counted.stdout
    done = _cli(tmp_path, "opruimen")
    assert "Verwijderd: 0 achtergrondtaken" in done.stdout, done.stderr
