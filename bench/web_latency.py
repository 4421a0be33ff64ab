"""Benchmark: the web app's answer to "change one input, get the recomputed results".

    python bench/web_latency.py [--sequential 50] [--alternating 20] [--users 20]
                                [--edits 20] [--think 0] [--workers 1] [--budget 180]

Starts ``rendement serve --demo`` on a free port of 127.0.0.1 with a fresh data directory
(a second process; loopback only), logs in with the standard library (``http.client``,
one kept-alive connection per user as a browser tab has, the CSRF token from the login
form), and measures what the browser
does when a field changes: ``POST /cases/<uid>/edit/`` with ``HX-Request: true``, the
fields ``base`` (the newest version number, read from ``#case-base`` in the previous
answer), ``loc=interventions.0.reach`` and a new ``value``, and the CSRF token in
``X-CSRFToken``. A latency is the time to the last byte of the answer (the results
fragment: tables and to-dos, with the new version number and the field out of band; the
charts are a second request the page makes afterwards, not timed here).

1. One user, ``--sequential`` edits one after another, each to a value not used before
   (every answer is computed anew), then ``--alternating`` edits between 320 and 160 (the
   two documents repeat, so the results cache answers from the second round on).
2. ``--users`` users at once: each its own login session and its own De Bilt case
   (made first with ``POST /cases/new/``), ``--edits`` edits each: no pause between them
   (the server saturated), or with ``--think S`` a random pause of S seconds on average
   before each edit (exponential, seeded), as a team filling in forms together.

It prints p50, p95 and max latency, throughput and wall time per run. When p95 with
``--users`` users is above the target (150 ms), it stops the server and profiles one edit
in this process against the same data directory: the phases timed one by one (YAML load
and validation, editing, evaluation, tables, chart specs, audit, the form, the template)
and a cProfile of whole requests through Django's test client. The run stops starting
new requests once ``--budget`` seconds have passed. Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gzip
import http.client
import http.cookies
import io
import os
import platform
import pstats
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TARGET_P95 = 0.150  # seconds, with 20 users (the target, on 2 cores)
LOC = "interventions.0.reach"
DE_BILT = "Maatschappelijke business case bewezen preventie"
VERSION = re.compile(r'id="case-base" name="base" value="(\d+)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _rendement() -> list[str]:
    beside = Path(sys.executable).with_name("rendement")
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "rendement"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# ----------------------------------------------------------------------------- the server


@dataclass
class Server:
    base: str
    data: Path
    password: str
    process: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def served(threads: int, workers: int = 1) -> Iterator[Server]:
    """``rendement serve --demo`` on a fresh data directory; stopped (its group) on exit."""
    data = Path(tempfile.mkdtemp(prefix="rendement-bench-web-"))
    port = _free_port()
    log = data / "serve.log"
    environment = {**os.environ, "RENDEMENT_DATA": str(data), "PYTHONUNBUFFERED": "1"}
    environment["LANG"] = "C.UTF-8"
    command = [*_rendement(), "serve", "--demo", "--port", str(port), "--threads", str(threads)]
    command += ["--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while not (found := re.search(r"wachtwoord: (\S+)", log.read_text(errors="replace"))):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.1)
        yield Server(f"http://127.0.0.1:{port}", data, found.group(1), process, log)
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


# ----------------------------------------------------------------------------- a browser-less user


class Session:
    """One logged-in user on one kept-alive connection, as a browser tab: its requests go
    one after another over the same connection (so to the same server process), and, as a
    browser, it accepts gzip-compressed answers (the server compresses pages and
    fragments; the time to the last byte includes unpacking them)."""

    def __init__(self, base: str) -> None:
        self.base = base
        where = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(
            where.hostname or "127.0.0.1", where.port, timeout=120
        )
        self.cookies: dict[str, str] = {}

    def csrf(self) -> str:
        return self.cookies["csrftoken"]

    def _request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, str, str]:
        """One request and its answer; a redirect is followed with a GET (as a browser)."""
        for _hop in range(5):
            sent = {"Accept-Encoding": "gzip", **headers}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            try:
                self.connection.request(method, path, body=body, headers=sent)
                answer = self.connection.getresponse()
            except (http.client.HTTPException, OSError):  # the server closed it: reconnect
                self.connection.close()
                self.connection.request(method, path, body=body, headers=sent)
                answer = self.connection.getresponse()
            raw = answer.read()
            if answer.headers.get("Content-Encoding") == "gzip":
                raw = gzip.decompress(raw)
            text = raw.decode(errors="replace")
            for header in answer.headers.get_all("Set-Cookie") or []:
                jar = http.cookies.SimpleCookie(header)
                self.cookies.update({k: m.value for k, m in jar.items()})
            location = answer.headers.get("Location")
            if answer.status in (301, 302, 303) and location:
                method, path, body = "GET", urllib.parse.urlsplit(location).path, None
                headers = {}
                continue
            return answer.status, path, text
        raise RuntimeError(f"too many redirects at {path}")

    def get(self, path: str) -> tuple[int, str, str]:
        return self._request("GET", path, None, {})

    def post(
        self, path: str, fields: dict[str, str], headers: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        return self._request(
            "POST",
            path,
            urllib.parse.urlencode(fields).encode(),
            {
                "Referer": self.base + path,
                "Content-Type": "application/x-www-form-urlencoded",
                **(headers or {}),
            },
        )

    def log_in(self, user: str, password: str) -> str:
        """Logged in through allauth's form; the case list's HTML."""
        _status, _url, form = self.get("/accounts/login/")
        found = TOKEN.search(form)
        if found is None:
            raise RuntimeError("no CSRF token on the login page")
        fields = {"csrfmiddlewaretoken": found.group(1), "login": user, "password": password}
        status, url, page = self.post("/accounts/login/", fields)
        if status != 200 or url != "/":
            raise RuntimeError(f"login failed: {status} {url}")
        return page

    def new_case(self, listing: str) -> str:
        """A new De Bilt case (``POST /cases/new/``); its uid."""
        organisation = re.search(r'name="organisation"><option value="(\d+)"', listing)
        if organisation is None:
            raise RuntimeError("no organisation on the case list")
        fields = {
            "csrfmiddlewaretoken": self.csrf(),
            "organisation": organisation.group(1),
            "example": "de-bilt-2019",
        }
        status, url, _page = self.post("/cases/new/", fields)
        found = re.search(r"/cases/([0-9a-f]+)/$", url)
        if status != 200 or found is None:
            raise RuntimeError(f"no new case: {status} {url}")
        return found.group(1)

    def version(self, uid: str) -> int:
        _status, _url, page = self.get(f"/cases/{uid}/")
        found = VERSION.search(page)
        if found is None:
            raise RuntimeError("no #workspace on the case page")
        return int(found.group(1))

    def edit(self, uid: str, base: int, value: str) -> tuple[float, int, int]:
        """One change as htmx sends it: (seconds, status, the version now shown)."""
        fields = {"base": str(base), "loc": LOC, "value": value}
        headers = {"HX-Request": "true", "X-CSRFToken": self.csrf()}
        started = time.perf_counter()
        status, _url, fragment = self.post(f"/cases/{uid}/edit/", fields, headers)
        seconds = time.perf_counter() - started
        found = VERSION.search(fragment)
        if status != 200 or found is None or "€\u00a0" not in fragment:
            raise RuntimeError(f"edit refused: {status}\n{fragment[:500]}")
        return seconds, status, int(found.group(1))


# ----------------------------------------------------------------------------- the runs


@dataclass
class Run:
    name: str
    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    errors: list[str] = field(default_factory=list)
    stopped: bool = False

    def line(self) -> str:
        if not self.latencies:
            return f"{self.name}: no request finished ({'; '.join(self.errors[:3])})"
        ordered = sorted(self.latencies)
        p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
        text = (
            f"{self.name}: {len(ordered)} edits in {self.wall:.1f} s; "
            f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms; {len(ordered) / self.wall:.1f} edits/s"
        )
        if self.errors:
            text += f"; {len(self.errors)} errors, first: {self.errors[0][:200]}"
        if self.stopped:
            text += " (stopped at the time budget)"
        return text

    def p95(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def edits(
    session: Session,
    uid: str,
    values: Iterator[str],
    count: int,
    run: Run,
    deadline: float,
    pauses: Callable[[], float] | None = None,
) -> None:
    """``count`` edits one after another, each on the version the previous answer showed;
    with ``pauses``, a user's thinking time (seconds) before each edit."""
    base = session.version(uid)
    for _ in range(count):
        if pauses is not None:
            time.sleep(pauses())
        if time.monotonic() > deadline:
            run.stopped = True
            return
        try:
            seconds, _status, base = session.edit(uid, base, next(values))
        except Exception as error:  # counted and shown, the run goes on
            run.errors.append(str(error))
            base = session.version(uid)
            continue
        run.latencies.append(seconds)


def distinct(start: int) -> Iterator[str]:
    """161, 162, …: every document new, so every answer is computed."""
    n = start
    while True:
        n += 1
        yield str(n)


def alternating() -> Iterator[str]:
    while True:
        yield "320"
        yield "160"


def sequential(
    server: Server, name: str, values: Iterator[str], count: int, deadline: float
) -> Run:
    session = Session(server.base)
    listing = session.log_in("demo", server.password)
    uid = session.new_case(listing)
    run = Run(name)
    started = time.perf_counter()
    edits(session, uid, values, count, run, deadline)
    run.wall = time.perf_counter() - started
    return run


def concurrent(server: Server, users: int, count: int, deadline: float, think: float = 0.0) -> Run:
    """``users`` users at once, each on its own case; with ``think`` > 0 each pauses a
    random time before every edit (exponential, that mean in seconds; seeded per user), as
    people filling in a form do; with 0, no pause at all (the server's saturation)."""
    sessions: list[tuple[Session, str]] = []
    for _ in range(users):
        session = Session(server.base)
        listing = session.log_in("demo", server.password)
        sessions.append((session, session.new_case(listing)))
    pace = f", a pause of {think:g} s on average before each" if think else ", no pause"
    run = Run(f"{users} users at once, {count} edits each{pace}")
    gate = threading.Barrier(users + 1)
    lock = threading.Lock()

    def user(index: int, session: Session, uid: str) -> None:
        mine = Run("")
        session.version(uid)  # warm the connection's page before the start
        gate.wait()
        rng = random.Random(2019 + index)
        pauses = (lambda: rng.expovariate(1 / think)) if think else None
        edits(session, uid, distinct(1000 * (index + 1)), count, mine, deadline, pauses)
        with lock:
            run.latencies += mine.latencies
            run.errors += mine.errors
            run.stopped |= mine.stopped

    workers = [
        threading.Thread(target=user, args=(i, s, uid), daemon=True)
        for i, (s, uid) in enumerate(sessions)
    ]
    for worker in workers:
        worker.start()
    gate.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    run.wall = time.perf_counter() - started
    return run


# ----------------------------------------------------------------------------- where the time goes


def _median_time(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def profile(data: Path, repeat: int = 5) -> None:
    """One edit taken apart, in this process, against the benchmark's data directory."""
    os.environ["RENDEMENT_DATA"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rendement.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.template.loader import render_to_string
    from django.test import Client

    from rendement.engine import evaluate
    from rendement.i18n import language
    from rendement.model.editing import set_value
    from rendement.money import currency
    from rendement.present import (
        charts,
        financiers_table,
        headline_evaluations,
        intervention_tables,
        portfolio_balance_table,
        portfolio_table,
    )
    from rendement.present.headline import headline_table
    from rendement.web.cases import editor, results
    from rendement.web.cases.downloads import FORMATS
    from rendement.web.cases.models import Case
    from rendement.web.cases.services import check_document

    case = Case.objects.filter(title=DE_BILT).order_by("pk").first()
    if case is None:
        raise RuntimeError("no De Bilt case in the data directory")
    text = case.versions.get(number=case.latest_number).document
    model = check_document(text).model
    assert model is not None
    counter = iter(range(10_000, 20_000))
    loc = editor.loc_of(LOC)
    # every phase on texts it has not seen (as a request does): no cache answers for it
    fresh: list[str] = []

    def edited() -> None:
        fresh.append(set_value(text, loc, next(counter)))

    phases: list[tuple[str, float]] = []
    phases.append(("editing the YAML text (set_value)", _median_time(edited, repeat)))
    loads = iter(fresh)
    phases.append(
        (
            "load and validation of the new text",
            _median_time(lambda: check_document(next(loads)), repeat),
        )
    )
    forms = iter(fresh)
    phases.append(
        (
            "the form's fields (editor.groups)",
            _median_time(lambda: editor.groups(next(forms)), repeat),
        )
    )
    computed = iter([set_value(text, loc, next(counter)) for _ in range(repeat)])
    phases.append(
        (
            "results panel, computed (results._compute)",
            _median_time(lambda: results._compute(next(computed), "nl"), repeat),
        )
    )
    with language("nl"), currency(model.case.meta.currency):
        phases.append(("evaluation (evaluate)", _median_time(lambda: evaluate(model), repeat)))
        evaluated = evaluate(model)

        def tables() -> None:
            headline_table(evaluated)
            for result in evaluated.interventions:
                intervention_tables(evaluated, result.id)
            portfolio_table(evaluated)
            portfolio_balance_table(evaluated)
            financiers_table(evaluated)

        def specs() -> None:
            names = {f.id: f.name for f in model.case.financiers}
            first = evaluated.interventions[0].id
            ev = headline_evaluations(evaluated, first)[0]
            results._spec(charts.waterfall(ev, evaluated.perspective_name, names))
            results._spec(charts.who_pays(ev))
            results._spec(charts.portfolio_range(evaluated))

        def audited() -> None:
            from rendement.audit import audit

            audit(evaluated)

        phases.append(("tables", _median_time(tables, repeat)))
        phases.append(("chart specs (Altair to JSON)", _median_time(specs, repeat)))
        phases.append(("audit of the published figures", _median_time(audited, repeat)))
    version = case.versions.get(number=case.latest_number)
    view = results.shown(text, "nl")
    context = {
        "case": case,
        "version": version,
        "groups": editor.groups(text),
        "shown": view,
        "can_edit": True,
        "stale": None,
        "unplaced": [],
        "formats": FORMATS,
    }
    phases.append(
        (
            "template (_workspace.html)",
            _median_time(lambda: render_to_string("cases/_workspace.html", context), repeat),
        )
    )

    user = get_user_model().objects.get(username="demo")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = f"/cases/{case.uid}/edit/"

    def request() -> None:
        case.refresh_from_db()
        answer = client.post(
            url,
            {"base": str(case.latest_number), "loc": LOC, "value": str(next(counter))},
            HTTP_HX_REQUEST="true",
        )
        if answer.status_code != 200:
            raise RuntimeError(f"edit answered {answer.status_code}")

    request()  # warm
    whole = _median_time(request, repeat)
    print(f"\nOne edit in this process (median of {repeat}; Django test client, same data):")
    print(f"  {'the whole request (client.post)':<45} {whole * 1000:7.0f} ms")
    for name, seconds in phases:
        print(f"  {name:<45} {seconds * 1000:7.0f} ms")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        request()
    profiler.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats("cumulative").print_stats(r"rendement|ruamel|pydantic|altair|template", 30)
    print(
        f"\ncProfile of {repeat} edits, cumulative, the 30 heaviest of rendement, ruamel, "
        "pydantic, altair and Django's templates:"
    )
    lines = buffer.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    print("\n".join(lines[start:]))


# ----------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequential", type=int, default=50)
    parser.add_argument("--alternating", type=int, default=20)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--threads", type=int, default=8, help="the server's threads")
    parser.add_argument("--workers", type=int, default=1, help="the server's processes")
    parser.add_argument("--budget", type=float, default=180.0, help="seconds for the run")
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean pause (s) before each concurrent edit"
    )
    parser.add_argument("--no-profile", action="store_true")
    options = parser.parse_args()

    started = time.monotonic()
    deadline = started + options.budget * 0.8  # the rest for start, stop and profile
    print(
        f"rendement web latency · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPUs · load {os.getloadavg()[0]:.2f} · "
        f"server threads {options.threads} · processes {options.workers}"
    )
    runs: list[Run] = []
    with served(options.threads, options.workers) as server:
        print(f"server up after {time.monotonic() - started:.1f} s ({server.base})")
        # one request to warm the server's imports and caches
        warm = sequential(server, "warm-up", distinct(100), 2, deadline)
        print(warm.line())
        runs.append(
            sequential(
                server,
                f"1 user, {options.sequential} edits, new values",
                distinct(160),
                options.sequential,
                deadline,
            )
        )
        print(runs[-1].line())
        runs.append(
            sequential(
                server,
                f"1 user, {options.alternating} edits, 320/160 alternating",
                alternating(),
                options.alternating,
                deadline,
            )
        )
        print(runs[-1].line())
        runs.append(concurrent(server, options.users, options.edits, deadline, options.think))
        print(runs[-1].line())
        data = server.data
    print(f"load at the end {os.getloadavg()[0]:.2f}")
    many = runs[-1]
    if many.latencies and many.p95() > TARGET_P95:
        print(
            f"\np95 with {options.users} users is {many.p95() * 1000:.0f} ms, above the target "
            f"of {TARGET_P95 * 1000:.0f} ms."
        )
        if not options.no_profile:
            profile(data)
    shutil.rmtree(data, ignore_errors=True)
    print(f"\ntotal wall time {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
