"""Benchmark: CPU time of one edit of De Bilt in the web app, in this process.

    python bench/edit_cpu.py [--edits 40] [--profile]

Makes a fresh data directory (SQLite) with the demo, logs the demo user in with Django's
test client and posts, as the page does, ``POST /cases/<uid>/edit/`` (``HX-Request``,
``base`` the newest version, ``loc=interventions.0.reach``, a value not used before) —
the whole request: placing the change, the check of both documents, the save, the
results and the answer. CPU per edit is ``time.process_time`` over ``--edits`` edits,
in two situations:

- *warm*: every edit in this process, after the one before it (one server process);
- *other process*: before each edit this process's caches of documents, trees and results
  are emptied, as when the edit before it was answered by another server process.

and, as the load test's users do, the case page (``GET /cases/<uid>/``) read after an edit;
then *two processes*: an edit in one, the case page in the other, taking turns, each
"process" with its own caches (swapped in and out here), the shared cache common to both.

Run it with ``PYTHONPATH`` pointing at another checkout to measure that code (the
before/after figures in ``docs/benchmarks.md``). Not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import tempfile
import time

DE_BILT = "Maatschappelijke business case bewezen preventie"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument(
        "--profile",
        nargs="?",
        const="other",
        choices=("other", "warm", "read"),
        help=(
            "cProfile the edits after another process (warm: in the same process; "
            "read: the case page after an edit)"
        ),
    )
    options = parser.parse_args()
    data = tempfile.mkdtemp(prefix="rendement-edit-cpu-")
    os.environ["RENDEMENT_DATA"] = data
    os.environ["DJANGO_SETTINGS_MODULE"] = "rendement.web.settings"
    # the demo user has the client-data right; as the local demo, no second factor
    os.environ.setdefault("RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA", "0")
    try:
        run(options.edits, options.profile)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def run(edits: int, profile: str | None) -> None:
    from rendement.web.server import setup

    setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from rendement.model import editing
    from rendement.web.cases import results, services, views
    from rendement.web.cases.models import Case
    from rendement.web.demo import ensure_demo

    ensure_demo("bench-" + "x" * 12)
    from rendement.web.server import _settle

    _settle()  # the collector as the server sets it after start
    case = Case.objects.filter(title=DE_BILT).order_by("pk").first()
    assert case is not None
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="demo"))
    url = f"/cases/{case.uid}/edit/"
    values = iter(range(1000, 100_000))

    def edit() -> None:
        case.refresh_from_db()
        answer = client.post(
            url,
            {
                "base": str(case.latest_number),
                "loc": "interventions.0.reach",
                "value": next(values),
            },
            HTTP_HX_REQUEST="true",
        )
        assert answer.status_code == 200, answer.status_code

    def forget() -> None:
        from rendement.web.cases import headnote

        kept_here = [services._CHECKED, editing._READ, results._SHOWN, results._DRAWN]
        kept_here += [getattr(headnote, "_ROWS", {})]  # not in older code
        kept_here += [getattr(editing, "_NUMBERS", {}), getattr(views, "_SUMMARIES", {})]
        kept_here += [getattr(services, "_MADE_FROM", {})]
        for kept in kept_here:
            kept.clear()

    for _ in range(3):
        edit()
    print(
        f"rendement edit CPU · Python {platform.python_version()} · {os.cpu_count()} CPUs · "
        f"load {os.getloadavg()[0]:.2f} · {edits} edits each"
    )
    for name, before in (("warm (same process)", None), ("other process", forget)):
        spent = 0.0
        for _ in range(edits):
            if before is not None:
                before()
            started = time.process_time()
            edit()
            spent += time.process_time() - started
        print(f"  {name:<22} {spent / edits * 1000:6.1f} ms CPU per edit")
    spent = 0.0
    for _ in range(edits):  # as bench/web_load.py's users: an edit, then the case page
        edit()
        started = time.process_time()
        page = client.get(f"/cases/{case.uid}/")
        spent += time.process_time() - started
        assert page.status_code == 200, page.status_code
    print(f"  {'case page after it':<22} {spent / edits * 1000:6.1f} ms CPU per read")
    # as bench/web_load.py's users with two server processes: an edit in one, the case page
    # in the other, then the other way round; each "process" has its own caches (swapped
    # in and out here), the shared cache is common to both
    kept_here = _process_caches()
    own: list[list[dict]] = [[dict(k.items()) for k in kept_here], [{} for _ in kept_here]]
    here = 0

    def become(process: int) -> None:
        nonlocal here
        if process == here:
            return
        own[here] = [dict(k.items()) for k in kept_here]
        for kept, saved in zip(kept_here, own[process], strict=True):
            kept.clear()
            kept.update(saved)
        here = process

    edit_spent = read_spent = 0.0
    for n in range(edits):
        become(n % 2)
        started = time.process_time()
        edit()
        edit_spent += time.process_time() - started
        become(1 - n % 2)
        started = time.process_time()
        page = client.get(f"/cases/{case.uid}/")
        read_spent += time.process_time() - started
        assert page.status_code == 200, page.status_code
    print(
        f"  {'two processes':<22} {edit_spent / edits * 1000:6.1f} ms CPU per edit, "
        f"{read_spent / edits * 1000:.1f} ms per read in the other"
    )
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(edits):
            if profile == "other":
                forget()
            if profile == "read":
                profiler.disable()
                edit()
                profiler.enable()
                client.get(f"/cases/{case.uid}/")
                continue
            edit()
        profiler.disable()
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats("cumulative").print_stats(
            r"rendement|ruamel|pydantic|template|cache|django", 80
        )
        stats.sort_stats("cumulative").print_stats(r"src/rendement", 60)
        stats.sort_stats("tottime").print_stats(30)
        print(buffer.getvalue())


def _process_caches() -> list[dict]:
    """Every cache a server process keeps of its own (those this code has)."""
    from rendement.model import editing
    from rendement.web.cases import fragments, headnote, results, services, views

    found = [services._CHECKED, editing._READ, results._SHOWN, results._DRAWN]
    found += [getattr(headnote, "_ROWS", None), getattr(editing, "_NUMBERS", None)]
    found += [getattr(views, "_SUMMARIES", None), getattr(services, "_MADE_FROM", None)]
    found += [getattr(results, "_PANELS", None), getattr(fragments, "KEPT", None)]
    return [kept for kept in found if kept is not None]


if __name__ == "__main__":
    main()
