"""Background work in the page: start a job, watch its progress, take its result.

A start is a POST (it writes the job and a row in the audit log). From HTMX it answers a
fragment that asks for itself again every second (``hx-trigger="every 1s"``) until the
job has finished, then shows the result: the download link, or the tables. Without
HTMX it answers the job's own page, which does the same. A question already answered
— this version's PDF, this Monte Carlo — is answered at once: the file itself, or the
fragment with the tables.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...i18n import N_
from ...money import number as grouped
from ..cases import selectors
from ..cases.history_views import agreement_of, stored_report
from ..cases.models import Case, CaseVersion
from ..cases.results import shown
from ..language import chosen
from . import services
from .models import Job
from .shown import tables
from .tasks import run_job  # noqa: F401  (registers the task where the views are loaded)

DRAWS = {
    Job.Kind.MONTECARLO: (10_000, 100_000, 1_000_000),
    Job.Kind.SENSITIVITY: (10_000, 100_000),
}
"""The draws the page offers in the background. Fewer draws stay in the request (the
page's own 5 000); a sensitivity analysis holds all its draws at once (10^5 draws of De
Bilt: ~2,5 s; 10^6: ~25 s and ~1 GB), so it stops at 10^5."""

TITLES = {
    Job.Kind.PDF: N_("PDF van versie {version}"),
    Job.Kind.DOCX: N_("Word-document van versie {version}"),
    Job.Kind.MONTECARLO: N_("Monte Carlo van versie {version}"),
    Job.Kind.SENSITIVITY: N_("Gevoeligheid en EVPPI van versie {version}"),
}


def _job(case: Case, pk: int) -> Job:
    job = Job.objects.filter(case=case, pk=pk).select_related("version").defer("result").first()
    if job is None:
        raise Http404
    return job


def _context(case: Case, job: Job) -> dict[str, object]:
    detail = job.phrase_detail if isinstance(job.phrase_detail, dict) else {}
    values = {k: grouped(v) if isinstance(v, int) else v for k, v in detail.items()}
    return {
        "case": case,
        "job": job,
        "title": _(TITLES[Job.Kind(job.kind)]).format(version=job.version.number),
        "phrase": _(job.phrase).format(**values) if job.phrase else "",
        "tables": tables(job, chosen()) if job.status == Job.Status.DONE else [],
        "document": job.kind in services.DOCUMENTS,
        "seconds": (
            grouped((job.finished_at - job.started_at).total_seconds(), 1)
            if job.finished_at and job.started_at
            else ""
        ),
    }


def _file(job: Job) -> HttpResponse:
    body = Job.objects.filter(pk=job.pk).values_list("result", flat=True).first()
    if body is None:
        raise Http404
    kind = (
        "application/pdf"
        if job.kind == Job.Kind.PDF
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = HttpResponse(bytes(body), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response


def stored_document(version: CaseVersion, fmt: str, lang: str) -> HttpResponse | None:
    """The PDF or Word file a finished job already made of this version in this language,
    ready to send; None when there is none. Whoever may read the version may have it
    without waiting (the public link's report too)."""
    done = services.existing(version, fmt, lang)
    if done is None or done.status != Job.Status.DONE:
        return None
    return _file(done)


def _answer(request: HttpRequest, case: Case, job: Job) -> HttpResponse:
    if request.headers.get("HX-Request"):
        if job.kind in services.DOCUMENTS and job.status == Job.Status.DONE:
            # done before: the browser fetches the file itself (a download, page stays)
            answer = HttpResponse(status=204)
            answer["HX-Redirect"] = reverse("work:file", args=[case.uid, job.pk])
            return answer
        return render(request, "work/_job.html", _context(case, job))
    if job.kind in services.DOCUMENTS and job.status == Job.Status.DONE:
        return _file(job)
    return redirect("work:job", uid=case.uid, pk=job.pk)


@login_required
@require_POST
def start(request: HttpRequest, uid: str, number: int, kind: str) -> HttpResponse:
    """Start (or find) the job ``kind`` of version ``number``; who may see the case may
    ask for its documents and its figures."""
    case = selectors.case_for(request.user, uid)
    version = selectors.version_of(case, number)
    if kind not in Job.Kind.values:
        raise Http404
    if kind == Job.Kind.PDF:
        agreed = agreement_of(version)
        if agreed is not None:  # vastgesteld: the report of then, byte for byte
            return stored_report(agreed)
    view = shown(version.document, chosen())
    if not view.ready or view.results is None:
        return render(
            request, "cases/download_unavailable.html", {"case": case, "shown": view}, status=409
        )
    draws = seed = None
    if kind in services.FIGURES:
        from ...uncertainty import has_uncertainty

        try:
            draws = int(request.POST.get("draws", ""))
        except ValueError:
            draws = 0
        if draws not in DRAWS[Job.Kind(kind)] or not has_uncertainty(view.results.plan):
            return HttpResponse(_("Dit aantal trekkingen kan hier niet."), status=400)
        from .running import SEED

        seed = SEED
    started = services.start_job(
        actor=request.user,
        case=case,
        version=version,
        kind=kind,
        lang=chosen(),
        draws=draws,
        seed=seed,
    )
    return _answer(request, case, started.job)


@login_required
def job_page(request: HttpRequest, uid: str, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, uid)
    return render(request, "work/job.html", _context(case, _job(case, pk)))


@login_required
def job_progress(request: HttpRequest, uid: str, pk: int) -> HttpResponse:
    """The fragment the page polls every second while the job runs."""
    case = selectors.case_for(request.user, uid)
    return render(request, "work/_job.html", _context(case, _job(case, pk)))


@login_required
def job_file(request: HttpRequest, uid: str, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, uid)
    job = _job(case, pk)
    if job.kind not in services.DOCUMENTS or job.status != Job.Status.DONE:
        raise Http404
    return _file(job)


@login_required
def uncertainty_panel(request: HttpRequest, uid: str, number: int) -> HttpResponse:
    """The form for a large Monte Carlo or a sensitivity analysis in the background, and
    the runs of this version already made (their tables), newest first."""
    case = selectors.case_for(request.user, uid)
    version = selectors.version_of(case, number)
    jobs = (
        Job.objects.filter(version=version, kind__in=services.FIGURES)
        .exclude(status=Job.Status.FAILED)
        .defer("result")[:4]
    )
    return render(
        request,
        "work/_uncertainty.html",
        {
            "case": case,
            "version": version,
            "draws": {k.value: [(n, grouped(n)) for n in v] for k, v in DRAWS.items()},
            "jobs": [_context(case, j) for j in jobs],
        },
    )
