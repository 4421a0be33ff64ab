"""Background work through Django's test client: a version's PDF made by a task and kept
(a second request gives the same bytes, no second job), a Monte Carlo whose figures are
those of ``rendement simulate --json`` run in a process of its own on the version's YAML,
progress written while it runs, the database backend's worker, and the audit log.

The tasks run with django-tasks' immediate backend (inside the request) except where the
test runs django-tasks-db's own worker (``db_worker --batch``) on the queued row."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.core.management import call_command

from rendement.engine import evaluate
from rendement.model import loads
from rendement.money import euro
from rendement.web.audit.models import AuditEntry
from rendement.web.cases import services
from rendement.web.cases.examples import example_text
from rendement.web.cases.models import Case
from rendement.web.work import running
from rendement.web.work.models import Job
from servers import RENDEMENT
from web_world import client_for

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HTMX = {"HTTP_HX_REQUEST": "true"}


def _uncertain_case(world: dict[str, Any]) -> Case:
    return services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text("de-bilt-2019-onzeker"),
        message="onzeker",
        name="de-bilt-2019-onzeker.yaml",
    )


def _pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return " ".join(
        re.sub(r"[ \t\r\n]+", " ", page.get_textpage().get_text_range()) for page in document
    )


def _net(document: str, intervention: str) -> float:
    """The net savings of an intervention's first option, by the engine on the text."""
    results = evaluate(loads(document, "model.yaml", files=False))
    ev = results.intervention(intervention).evaluations[0]
    return float(ev.perspective_gross - ev.perspective_investment)


def _simulate_cli(document: str, tmp_path: Path, draws: int, seed: int) -> dict[str, Any]:
    """``rendement simulate FILE --json`` in a process of its own, as a user runs it."""
    model = tmp_path / "model.yaml"
    model.write_text(document, encoding="utf-8")
    run = subprocess.run(
        [RENDEMENT, "simulate", str(model), "--draws", str(draws), "--seed", str(seed), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert run.returncode == 0, run.stderr
    figures: dict[str, Any] = json.loads(run.stdout)
    return figures


@pytest.mark.django_db
def test_a_versions_pdf_is_made_once_and_then_given_at_once(
    world: dict[str, Any], settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    case, editor = world["case"], client_for(world["editor"])
    first = case.latest()
    # a second version with another reach: the PDF asked for is the first version's
    changed = first.document.replace("    reach: 160\n", "    reach: 173\n", 1)
    assert changed != first.document
    services.save_version(
        actor=world["editor"], case=case, document=changed, message="bereik", base=1
    )
    url = f"/cases/{case.uid}/versions/1/achtergrond/pdf/"

    answer = editor.post(url)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == f'attachment; filename="{case.uid}-v1.pdf"'
    data = answer.content
    assert data.startswith(b"%PDF-")
    text = _pdf_text(data)
    net_one, net_two = _net(first.document, "ouders_lokaal"), _net(changed, "ouders_lokaal")
    assert net_one != net_two
    assert euro(net_one) in text  # version 1's figure, not version 2's
    assert euro(net_two) not in text

    job = Job.objects.get()
    assert (job.version.number, job.kind, job.status, job.progress) == (1, "pdf", "done", 100)
    assert job.started_by == world["editor"] and job.started_at and job.finished_at
    assert bytes(job.result) == data

    again = editor.post(url)  # the same version's PDF: the stored bytes, no new job
    assert again.status_code == 200 and again.content == data
    assert Job.objects.count() == 1
    from_htmx = editor.post(url, **HTMX)  # from the page: the browser fetches the file
    assert from_htmx["HX-Redirect"] == f"/cases/{case.uid}/werk/{job.pk}/bestand/"
    assert editor.get(from_htmx["HX-Redirect"]).content == data
    assert Job.objects.count() == 1
    starts = AuditEntry.objects.filter(action="work.pdf")
    assert [(e.actor, e.detail) for e in starts] == [(world["editor"], {"version": 1})]
    # someone of another organisation reaches neither the job nor its file
    stranger = client_for(world["stranger"])
    assert stranger.get(f"/cases/{case.uid}/werk/{job.pk}/bestand/").status_code == 404
    assert stranger.post(url).status_code == 404


@pytest.mark.django_db
def test_a_background_monte_carlo_gives_the_figures_of_rendement_simulate(
    world: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    settings.TASKS = IMMEDIATE
    case = _uncertain_case(world)
    viewer = client_for(world["viewer"])  # reading is enough to ask for figures
    url = f"/cases/{case.uid}/versions/1/achtergrond/montecarlo/"
    assert viewer.post(url, {"draws": "777"}, **HTMX).status_code == 400  # not offered
    answer = viewer.post(url, {"draws": "100000"}, **HTMX)
    assert answer.status_code == 200
    job = Job.objects.get()
    assert (job.kind, job.draws, job.seed, job.status) == ("montecarlo", 100_000, 2019, "done")

    expected = _simulate_cli(case.latest().document, tmp_path, 100_000, 2019)
    assert job.figures == expected  # every figure, to the last digit

    fragment = html.unescape(answer.content.decode())
    assert "hx-trigger" not in fragment  # finished: no more polling
    basis = expected["interventions"]["ouders_lokaal"]["variants"]["huidig"]["scenarios"]
    stats = basis["basis"]
    for key in ("mean", "p5", "p50", "p95"):
        assert euro(stats[key]) in fragment
    share = f"{100 * stats['probability_positive']:.1f}".replace(".", ",")
    assert f"{share} %" in fragment
    assert "100.000 trekkingen" in fragment

    # asked again: the same job answers, no new start in the log
    viewer.post(url, {"draws": "100000"}, **HTMX)
    assert Job.objects.count() == 1
    entry = AuditEntry.objects.get(action="work.montecarlo")
    assert entry.detail == {"version": 1, "draws": 100_000, "seed": 2019}
    # the panel of the version lists the run with its table
    panel = html.unescape(viewer.get(f"/cases/{case.uid}/versions/1/onzekerheid/").content.decode())
    assert euro(stats["p95"]) in panel and 'value="1000000"' in panel


def test_monte_carlo_progress_is_told_after_each_chunk() -> None:
    """100 000 draws of De Bilt are two chunks of 50 000: the progress says so after each,
    and the figures are those of ``simulate`` itself."""
    told: list[tuple[int, str, dict[str, Any]]] = []
    text = example_text("de-bilt-2019-onzeker")
    figures = running.montecarlo(text, 100_000, 2019, lambda p, s, d: told.append((p, s, d)))
    steps = [(p, d) for p, s, d in told if s.startswith("Trekkingen")]
    assert steps == [
        (52, {"done": 50_000, "total": 100_000}),
        (99, {"done": 100_000, "total": 100_000}),
    ]
    assert figures["draws"] == 100_000 and figures["chunks"] == 2


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_job_and_the_page_follows_it(
    world: dict[str, Any],
) -> None:
    """With the site's own backend (django-tasks-db) a start only queues: the fragment polls
    every second; django-tasks-db's worker then runs the task from the database row."""
    case = _uncertain_case(world)
    owner = client_for(world["owner"])
    answer = owner.post(
        f"/cases/{case.uid}/versions/1/achtergrond/sensitivity/", {"draws": "10000"}, **HTMX
    )
    job = Job.objects.get()
    assert job.status == "queued" and job.task_id
    fragment = answer.content.decode()
    assert f'hx-get="/cases/{case.uid}/werk/{job.pk}/voortgang/"' in fragment
    assert 'hx-trigger="every 1s"' in fragment and "<progress" in fragment
    # without HTMX (no JavaScript): the same job joined, on a page of its own
    plain = owner.post(f"/cases/{case.uid}/versions/1/achtergrond/sensitivity/", {"draws": "10000"})
    assert plain.status_code == 302 and plain["Location"] == f"/cases/{case.uid}/werk/{job.pk}/"
    own_page = html.unescape(owner.get(plain["Location"]).content.decode())
    assert "Gevoeligheid en EVPPI van versie 1" in own_page and "In de wachtrij…" in own_page
    assert Job.objects.count() == 1

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert job.status == "done", job.error
    from rendement.uncertainty import sensitivity

    model = loads(case.latest().document, "model.yaml", files=False)
    results = evaluate(model)
    from rendement.present.uncertain import headline_targets

    direct = sensitivity(
        model, results.perspective, headline_targets(results), draws=10_000, seed=2019
    )
    options = job.figures["options"]
    assert [(o["intervention"], o["variant"], o["scenario"]) for o in options] == [
        (s.intervention, s.variant, s.scenario) for s in direct
    ]
    for got, want in zip(options, direct, strict=True):
        assert got["evpi"] == pytest.approx(want.evpi, rel=1e-12)
        assert [r["evppi"] for r in got["inputs"]] == pytest.approx(
            [r.evppi for r in want.inputs], rel=1e-12
        )
    polled = html.unescape(
        owner.get(f"/cases/{case.uid}/werk/{job.pk}/voortgang/").content.decode()
    )
    assert "hx-trigger" not in polled and "EVPPI" in polled
    assert euro(direct[0].inputs[0].evppi) in polled


@pytest.mark.parametrize("processes", ["1", "2"])
def test_serve_starts_a_worker_and_stops_it_with_the_server(processes: str, tmp_path: Path) -> None:
    """``rendement serve`` runs django-tasks-db's worker beside the server, one or several
    server processes alike; a SIGTERM to the server alone stops the worker too."""
    import signal
    import sys
    import time

    from servers import serve_process

    command = [sys.executable, "-m", "rendement", "serve", "--port", "{port}"]
    command += ["--workers", processes]
    env = {"RENDEMENT_DATA": str(tmp_path / "data")}
    with serve_process(command, "http://127.0.0.1:{port}/accounts/login/", env) as served:
        children = subprocess.run(
            ["pgrep", "-P", str(served.process.pid)], capture_output=True, text=True
        ).stdout.split()
        lines = {
            child: Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            for child in children
        }
        workers = [child for child, line in lines.items() if "db_worker" in line]
        assert len(workers) == 1, lines
        # one process serves itself; several are forked children; the worker beside them
        assert len(children) == (0 if processes == "1" else int(processes)) + 1, lines
        served.process.send_signal(signal.SIGTERM)  # the server only, not its group
        served.process.wait(timeout=30)
        time.sleep(0.5)
        state = subprocess.run(
            ["ps", "-o", "stat=", "-p", workers[0]], capture_output=True, text=True
        )
        assert state.stdout.strip() in ("", "Z"), "the worker outlived the server"
