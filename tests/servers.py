"""Throwaway servers for the tests: a PostgreSQL cluster, a subprocess web server, a browser.

A plain helper module (``from servers import postgres_server``), not a plugin. Nothing here
skips a test: a missing PostgreSQL or chromium is an error that says how to install it,
``bash scripts/install-test-system-deps.sh`` (Debian's ``postgresql`` and ``chromium``).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INSTALL_HINT = "run `bash scripts/install-test-system-deps.sh` (as root or with sudo)"

CHROMIUM = Path("/usr/bin/chromium")

# Chromium on a closed network: no GPU, no QUIC, and none of the background traffic
# (component updates, sync, first-run fetches) that otherwise retries in a storm.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (just now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# ----------------------------------------------------------------------------- PostgreSQL


def postgres_bindir() -> Path:
    """The directory with ``initdb`` and ``pg_ctl``: ``pg_config --bindir``, else the newest
    ``/usr/lib/postgresql/N/bin`` (Debian's layout), else ``initdb`` on PATH."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
            ).stdout.strip()
            if out:
                candidates.append(Path(out))
    debian = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()]
    candidates += sorted(debian, key=lambda p: int(p.parent.name), reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for bindir in candidates:
        if all((bindir / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return bindir
    raise RuntimeError(
        "The PostgreSQL server (initdb, pg_ctl) was not found "
        f"(looked in: {', '.join(map(str, candidates)) or 'pg_config, /usr/lib/postgresql'}); "
        f"{INSTALL_HINT}."
    )


def _as_server_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """PostgreSQL refuses to run as root: as root, run it as Debian's ``postgres`` user."""
    if os.geteuid() != 0:
        return [], None
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError(
            "Running as root, and there is no 'postgres' system user to run PostgreSQL as "
            f"(Debian's postgresql package creates it); {INSTALL_HINT}."
        ) from None
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return [runuser, "-u", "postgres", "--"], account


def _run(command: Sequence[str], what: str) -> None:
    result = subprocess.run(list(command), capture_output=True, text=True, check=False, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(
            f"{what} failed ({result.returncode}): {' '.join(command)}\n"
            f"{result.stdout}\n{result.stderr}"
        )


@contextlib.contextmanager
def postgres_server(database: str = "rendement_test") -> Iterator[str]:
    """A new PostgreSQL cluster in a temporary directory, on a free port of 127.0.0.1.

    Yields its ``DATABASE_URL``, ``postgresql://rendement@127.0.0.1:PORT/<database>``
    (user ``rendement``, superuser, no password: trust, on 127.0.0.1 only). fsync is off;
    the cluster is stopped and its directory removed on exit, however the block ends.
    """
    bindir = postgres_bindir()
    prefix, account = _as_server_user()
    # Not under pytest's tmp_path: that is private to the test's user, and the server
    # may run as another one.
    base = Path(tempfile.mkdtemp(prefix="rendement-pg-"))
    started = False
    data = base / "data"
    try:
        os.chmod(base, 0o700)
        if account is not None:
            os.chown(base, account.pw_uid, account.pw_gid)
        _run(
            [
                *prefix,
                str(bindir / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                "rendement",
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-sync",
            ],
            "initdb",
        )
        for attempt in range(3):
            port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {port} -k {base} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            log = base / "server.log"
            start = [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log)]
            result = subprocess.run(
                [*start, "-o", options, "-w", "-t", "60", "start"],
                capture_output=True,
                text=True,
                check=False,
                timeout=90,
            )
            if result.returncode == 0:
                started = True
                break
            server_log = log.read_text(errors="replace") if log.exists() else ""
            if attempt < 2 and re.search(r"could not bind|already in use", server_log):
                continue  # another process took the free port meanwhile
            raise RuntimeError(
                f"pg_ctl start failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}\n{server_log}"
            )
        _run(
            [
                str(bindir / "createdb"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--username",
                "rendement",
                database,
            ],
            "createdb",
        )
        yield f"postgresql://rendement@127.0.0.1:{port}/{database}"
    finally:
        if started:
            subprocess.run(
                [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                check=False,
                timeout=60,
            )
        shutil.rmtree(base, ignore_errors=True)


TEST_CLUSTER = "RENDEMENT_TEST_CLUSTER"
"""Set by conftest.py under ``--database=postgresql``: the URL of the run's cluster (its
``postgres`` maintenance database), where each server a test starts gets a database."""


def server_database() -> dict[str, str]:
    """The environment that points a server process at its own, new, empty database.

    Under ``--database=postgresql`` (see conftest.py): ``DATABASE_URL`` of a database
    just created in the run's cluster, one per call, so servers never share state as
    their SQLite files would not either. Otherwise nothing: the server uses SQLite in its
    data directory.
    """
    cluster = os.environ.get(TEST_CLUSTER)
    if not cluster:
        return {}
    import uuid

    import psycopg

    name = f"server_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(cluster, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return {"DATABASE_URL": cluster.rsplit("/", 1)[0] + "/" + name}


# ----------------------------------------------------------------------------- Browser


def log_in(page: Any, port: int, password: str, user: str = "demo") -> None:
    """Log ``page`` in on the server at ``port`` through the login form, and wait for the
    start page."""
    base = f"http://127.0.0.1:{port}"
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", user)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def chromium_launch_kwargs() -> dict[str, Any]:
    """Keyword arguments for Playwright's ``chromium.launch``: Debian's chromium, headless.

    Playwright's own browser download (``playwright install``) is never used.
    """
    if not CHROMIUM.is_file():
        raise RuntimeError(f"Debian's chromium is not installed ({CHROMIUM}); {INSTALL_HINT}.")
    return {"executable_path": str(CHROMIUM), "headless": True, "args": list(CHROMIUM_ARGS)}


# ----------------------------------------------------------------------------- Subprocess


@dataclass
class Served:
    """A server started by :func:`serve_process`."""

    port: int
    url: str
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path
    environment: dict[str, str] = field(default_factory=dict)
    """What was added to the server's environment (its data directory, its database):
    a command run beside it (``rendement manage ...``) takes the same."""

    def logs(self) -> str:
        """What the server printed so far, stdout then stderr."""
        out = self.stdout.read_text(errors="replace") if self.stdout.exists() else ""
        err = self.stderr.read_text(errors="replace") if self.stderr.exists() else ""
        return (
            f"--- server {self.process.args!r} (pid {self.process.pid}, "
            f"exit {self.process.poll()})\n--- stdout\n{out}\n--- stderr\n{err}"
        )


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def _answers(url: str) -> bool:
    try:
        with _DIRECT.open(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # an HTTP error is an answer: the server is up
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def serve_process(
    cmd: Sequence[str],
    ready_url: str,
    env: Mapping[str, str] | None = None,
    *,
    cwd: str | Path | None = None,
    timeout: float = 60.0,
) -> Iterator[Served]:
    """Start a server process on a free port, wait until ``ready_url`` answers, yield it.

    ``{port}`` in ``cmd``, ``ready_url`` and the values of ``env`` becomes the chosen port;
    ``env`` is added to this process's environment. The server's stdout and stderr go to
    files; they are printed when it fails to start or the ``with`` block raises (so pytest
    shows them with the failure). On exit the process group is terminated, then killed.
    """
    port = free_port()

    def fill(text: str) -> str:
        return text.replace("{port}", str(port))

    command = [fill(part) for part in cmd]
    environment = dict(os.environ)
    environment["PYTHONUNBUFFERED"] = "1"
    environment.update({key: fill(value) for key, value in (env or {}).items()})
    logs = Path(tempfile.mkdtemp(prefix="rendement-serve-"))
    stdout, stderr = logs / "stdout.log", logs / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=environment,
            cwd=cwd,
            start_new_session=True,  # its own process group: children are stopped too
        )
    added = {key: fill(value) for key, value in (env or {}).items()}
    served = Served(port, fill(ready_url), process, stdout, stderr, added)
    try:
        deadline = time.monotonic() + timeout
        while not _answers(served.url):
            if process.poll() is not None:
                raise RuntimeError(f"The server exited before {served.url} answered.")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{served.url} did not answer within {timeout:.0f} s.")
            time.sleep(0.1)
        yield served
    except BaseException:
        print(served.logs(), file=sys.stderr)
        raise
    finally:
        _stop(process)
        shutil.rmtree(logs, ignore_errors=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group, SIGKILL after 10 s."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    # Whatever the leader left behind in its group goes too.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


# ----------------------------------------------------------------------------- rendement

RENDEMENT = str(Path(sys.executable).with_name("rendement"))


@contextlib.contextmanager
def demo_server(data: Path, timeout: float = 90.0) -> Iterator[tuple[Served, str]]:
    """``rendement serve --demo`` on a fresh data directory: the server and the demo
    user's password (printed by the server at start)."""
    command = [RENDEMENT, "serve", "--demo", "--port", "{port}"]
    ready = "http://127.0.0.1:{port}/accounts/login/"
    environment = {"RENDEMENT_DATA": str(data), "LANG": "C.UTF-8", **server_database()}
    with serve_process(command, ready, environment, timeout=timeout) as served:
        found = re.search(r"wachtwoord: (\S+)", served.stdout.read_text())
        assert found, served.logs()
        yield served, found.group(1)


def run_json(model: Path) -> dict[str, Any]:
    """``rendement run MODEL --json`` in a process of its own, as a user runs it."""
    import json

    run = subprocess.run(
        [RENDEMENT, "run", str(model), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert run.returncode == 0, run.stderr
    figures: dict[str, Any] = json.loads(run.stdout)
    return figures


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""axe-core's tags of the WCAG 2.1 A and AA rules."""


def axe_violations(page: Any, base: str, scope: str = "document", wcag21: bool = True) -> list[str]:
    """What the vendored axe-core finds on ``page`` (``scope``: a CSS selector, or the whole
    document), one line per rule with its impact and where: with ``wcag21`` every violation
    of the WCAG 2.1 A and AA rules, whatever its impact; without, the serious and critical
    ones of all its rules."""
    page.add_script_tag(url=f"{base}/static/rendement/vendor/axe.min.js")
    found: list[str] = page.evaluate(
        """async ([scope, tags]) => {
            const options = {resultTypes: ['violations']};
            if (tags) options.runOnly = {type: 'tag', values: tags};
            const result = await axe.run(scope === 'document' ? document : scope, options);
            return result.violations
                .filter(v => tags || v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): '
                    + v.nodes.map(n => n.target.join(' ')).join(', '));
        }""",
        [scope, WCAG_21_AA if wcag21 else None],
    )
    return found
