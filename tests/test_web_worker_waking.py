"""The background worker's sleep between two looks for work (``web/work/waking.py``):
long when idle, ended at once by the server's wake; and the server wakes its worker
when a job's transaction commits, not before."""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

import pytest


def test_a_wake_ends_the_workers_sleep_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from django_tasks_db.management.commands import db_worker

    from rendement.web.work import waking

    before = signal.getsignal(waking.WAKE)
    monkeypatch.setattr(db_worker, "time", db_worker.time)  # put back after the test
    try:
        waking.install()
        sleeper = db_worker.time
        assert sleeper.monotonic() > 0  # the rest of ``time`` as it was
        started = time.monotonic()
        sleeper.sleep(0.2)  # nobody wakes it: the whole interval
        assert time.monotonic() - started >= 0.19
        threading.Timer(0.3, os.kill, (os.getpid(), waking.WAKE)).start()
        started = time.monotonic()
        sleeper.sleep(30)  # as an idle worker: woken after ~0,3 s
        assert time.monotonic() - started < 5
        os.kill(os.getpid(), waking.WAKE)  # a wake while it looked for work: no sleep
        time.sleep(0.05)
        started = time.monotonic()
        sleeper.sleep(30)
        assert time.monotonic() - started < 1
    finally:
        signal.signal(waking.WAKE, before)


def test_the_server_wakes_its_worker_after_the_jobs_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rendement.web.work import waking

    sent: list[tuple[int, Any]] = []
    monkeypatch.setattr(waking.os, "kill", lambda pid, sig: sent.append((pid, sig)))
    monkeypatch.setattr(waking, "_worker", [])
    waking.wake()
    assert sent == []  # no worker of its own: nothing sent
    waking.worker_started(4242)
    waking.wake()
    assert sent == [(4242, waking.WAKE)]


@pytest.mark.django_db(transaction=True)
def test_starting_a_job_wakes_the_worker_when_it_is_committed(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from rendement.web.work import services, waking

    seen: list[int] = []  # the queued tasks the worker would find when woken
    monkeypatch.setattr(waking, "wake", lambda: seen.append(DBTaskResult.objects.count()))
    case = world["case"]
    with transaction.atomic():
        started = services.start_job(
            actor=world["editor"], case=case, version=case.latest(), kind="pdf", lang="nl"
        )
        assert started.new and seen == []  # not woken before the row is committed
    assert seen == [1]
    services.start_job(  # the same job again: nothing new queued, nobody woken
        actor=world["editor"], case=case, version=case.latest(), kind="pdf", lang="nl"
    )
    assert seen == [1]
