"""Starting the web app: settings, a migrated database, then a production WSGI server
(waitress: threads, pure Python, also on Windows) — never Django's development server."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable


def setup() -> None:
    """Django configured and the database migrated (created on first start)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rendement.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int = 8,
    ready: Callable[[str], None] | None = None,
    workers: int = 1,
    background: bool = True,
) -> None:
    """Serve until interrupted; ``ready`` is called with the address once it listens.

    With ``background`` a worker process runs the background work (reports, large Monte
    Carlo runs; :func:`start_worker`) beside the server, and is stopped with it.

    With ``workers`` > 1 (POSIX only) the listening socket is made once and that many
    processes each serve it with their own threads: Python's GIL lets one process use one
    core, so a 2-core server needs 2 processes. The database (SQLite in WAL mode, or
    PostgreSQL) is shared, and so is the cache of loaded documents (``CACHES``).
    """
    import socket

    from waitress import create_server

    from .wsgi import application

    _settle()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.bind((host, port))
    listening.listen(1024)
    if ready is not None:
        shown = f"[{host}]" if ":" in host else host
        ready(f"http://{shown}:{listening.getsockname()[1]}/")

    def run() -> None:
        create_server(
            application,
            sockets=[listening],
            threads=threads,
            ident="rendement",
            max_request_body_size=64 * 2**20,  # an upload is refused above 10 MB anyway
        ).run()

    worker = start_worker() if background else None
    try:
        if workers <= 1 or not hasattr(os, "fork"):
            _stop_on_sigterm()
            run()
            return
        _prefork(run, workers, lambda: stop_worker(worker))
    finally:
        stop_worker(worker)


WORKER_ARGUMENTS = ["--no-reload", "--no-startup-delay", "--interval", "5"]
"""django-tasks-db's ``db_worker`` (``wakeable_db_worker``): never reloading, looking for
new work every 5 s when idle (``web/work/waking.py``: at 0,5 s two idle servers' workers
took 4–6 s of CPU a minute); a job started through this server wakes it at once."""


def start_worker() -> subprocess.Popen[bytes]:
    """The background worker: ``rendement manage db_worker`` in a child process, with the
    server's settings and database (its environment). One task at a time; the tasks are
    rows in the database, so it may also run elsewhere (``rendement manage db_worker``,
    and ``rendement serve --no-background`` for the web server alone)."""
    import sys

    from .work.waking import worker_started

    command = [sys.executable, "-m", "rendement", "manage", "wakeable_db_worker"]
    worker = subprocess.Popen(
        [*command, *WORKER_ARGUMENTS], stdin=subprocess.DEVNULL, stdout=sys.stderr.fileno()
    )
    worker_started(worker.pid)  # woken when a job is started (before the fork: every child)
    return worker


def stop_worker(worker: subprocess.Popen[bytes] | None, seconds: float = 5.0) -> None:
    """Stop the worker: asked (SIGTERM: it ends the task it is running), then, after
    ``seconds``, killed — its job is then taken as lost and runs again when asked."""
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(seconds)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _stop_on_sigterm() -> None:
    """SIGTERM ends the server through its ``finally`` (so the worker is stopped too),
    not at once, as Python's default would."""
    import signal

    def stopping(*_: object) -> None:
        raise SystemExit(0)

    with contextlib.suppress(ValueError):  # not the main thread (a test's server)
        signal.signal(signal.SIGTERM, stopping)


GC_THRESHOLD = (20_000, 20, 20)
"""Python's collector runs every 20 000 new objects instead of 700: an edit makes ~100 000
(a loaded model, its tables), and with the default a full collection of the server's
~500 000 objects took 0,4–0,5 s in one answer of 50. Measured on De Bilt in process
(100 edits over 20 cases): max 450 ms → 200 ms, p50 48 → 43 ms."""


def _settle() -> None:
    """Every view and the engine imported before the first request, and what is loaded by
    then moved out of the collector's sight (``gc.freeze``; the forked workers share those
    pages); then the collector's threshold above."""
    import gc

    from django.urls import get_resolver

    for pattern in get_resolver().url_patterns:  # imports each app's views and the engine
        getattr(pattern, "url_patterns", None)
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def _prefork(
    run: Callable[[], None], workers: int, also: Callable[[], None] = lambda: None
) -> None:
    """Fork ``workers`` processes that each serve the inherited socket with their own
    threads (made after the fork: threads do not survive one); the parent waits, and
    stops them all when it is stopped or one of them ends."""
    import signal

    from django.db import connections

    connections.close_all()  # a connection must not cross a fork
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
            try:
                run()
            finally:
                os._exit(0)
        children.append(pid)

    def stop(*_: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    def stopped(*_: object) -> None:
        stop()
        also()  # the background worker
        os._exit(0)

    signal.signal(signal.SIGTERM, stopped)
    try:
        os.wait()  # any worker ending ends the service: nothing half-running
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for child in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)


def manage(arguments: list[str]) -> None:
    """Django's management commands (migrate, createsuperuser, …) with these settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rendement.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rendement manage", *arguments])
