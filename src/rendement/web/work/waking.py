"""The background worker looks for new work seldom when idle, and is woken when a job is
started through its server.

Why: django-tasks-db's ``db_worker`` looks for work every ``--interval`` seconds (a
transaction, a locking query, closing old connections); at 0,5 s the workers of two
idle servers took 4–6 s of CPU a minute between them (``docs/benchmarks.md``). With
:data:`IDLE` seconds between looks that is a tenth, and a job started through this
server does not wait for the next look: after the job's transaction commits, the
server sends its worker :data:`WAKE`, which ends the worker's sleep at once. A job
started through another server wakes that server's worker; only a worker run on its
own (``rendement manage db_worker``) waits up to its ``--interval``.

Between two looks the worker also removes old background work once a day
(:mod:`.housekeeping`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from typing import Any

IDLE = 5.0
"""Seconds an idle worker sleeps between two looks for work (a wake ends it early)."""

WAKE = signal.SIGUSR1

_worker: list[int] = []  # the pid of this server's worker, when it started one


def worker_started(pid: int) -> None:
    """Remembered in the server (and in the processes it forks after)."""
    _worker[:] = [pid]


def wake() -> None:
    """This server's worker woken (nothing when it has none, or it is gone)."""
    for pid in _worker:
        with contextlib.suppress(OSError):
            os.kill(pid, WAKE)


class _Sleeper:
    """``time`` as the worker's loop uses it, with a ``sleep`` that :data:`WAKE` ends."""

    def __init__(self) -> None:
        self.woken = threading.Event()

    def sleep(self, seconds: float) -> None:
        from .housekeeping import when_due

        when_due()  # old background work removed, once a day (see housekeeping)
        self.woken.wait(seconds)  # a wake during the look before: no sleep at all
        self.woken.clear()

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


def install() -> None:
    """In the worker process: its loop's sleep made wakeable, :data:`WAKE` handled."""
    from django_tasks_db.management.commands import db_worker

    sleeper = _Sleeper()
    signal.signal(WAKE, lambda *_: sleeper.woken.set())
    db_worker.time = sleeper  # type: ignore[attr-defined,assignment]
