"""The history's pages: one version read-only, restoring it, marking it vastgesteld, and
its downloads (the stored report of a vastgestelde version, byte for byte)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..language import chosen
from . import history, selectors
from .downloads import FORMATS, render_download, too_slow
from .models import AgreedVersion, Case, CaseVersion
from .rendering import TooSlow
from .results import shown


def stored_report(agreed: AgreedVersion) -> HttpResponse:
    """The report kept when the version was agreed: the same bytes, every time."""
    response = HttpResponse(bytes(agreed.report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{agreed.report_name}"'
    return response


def agreement_of(version: CaseVersion) -> AgreedVersion | None:
    return AgreedVersion.objects.filter(version=version).first()


@login_required
def version_detail(request: HttpRequest, uid: str, number: int) -> HttpResponse:
    """An earlier (or the newest) version's results, read-only: its tables and charts,
    no forms that change the case; a button that restores it, one that marks it agreed."""
    case = selectors.case_for(request.user, uid)
    version = selectors.version_of(case, number)
    view = shown(version.document, chosen())
    agreed = agreement_of(version)
    can_edit = request.user.has_perm("cases.change_case", case)
    return render(
        request,
        "cases/version.html",
        {
            "case": case,
            "version": version,
            "shown": view,
            "readonly": True,
            "agreed": agreed,
            "can_restore": can_edit and version.number != case.latest_number,
            "can_agree": request.user.has_perm("cases.agree_version", case)
            and agreed is None
            and view.ready,
            "formats": FORMATS,
            "today": datetime.date.today().isoformat(),
        },
    )


@login_required
@require_POST
def version_restore(request: HttpRequest, uid: str, number: int) -> HttpResponse:
    case = selectors.case_for(request.user, uid)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    selectors.version_of(case, number)  # 404 for a version the case does not have
    restored = history.restore_version(actor=request.user, case=case, number=number)
    messages.success(
        request,
        _("Versie {old} is teruggezet als versie {new}.").format(old=number, new=restored.number),
    )
    return redirect("cases:detail", uid=case.uid)


@login_required
@require_POST
def version_agree(request: HttpRequest, uid: str, number: int) -> HttpResponse:
    case = selectors.case_for(request.user, uid)
    if not request.user.has_perm("cases.agree_version", case):
        raise PermissionDenied
    selectors.version_of(case, number)
    try:
        agreed_on = datetime.date.fromisoformat(request.POST.get("agreed_on", "").strip())
    except ValueError:
        messages.error(request, _("Vul de datum van vaststelling in (dag, maand, jaar)."))
        return redirect("cases:version", uid=case.uid, number=number)
    try:
        history.agree_version(
            actor=request.user,
            case=case,
            number=number,
            agreed_on=agreed_on,
            note=request.POST.get("note", ""),
            lang=chosen(),
        )
    except history.NotAgreeable as refused:
        messages.error(request, str(refused))
    except TooSlow as slow:
        return render(request, "cases/too_slow.html", too_slow(case, "pdf", slow), status=503)
    else:
        messages.success(
            request,
            _("Versie {number} is vastgesteld; het rapport van nu is bewaard.").format(
                number=number
            ),
        )
    return redirect("cases:version", uid=case.uid, number=number)


@login_required
def version_download(request: HttpRequest, uid: str, number: int, fmt: str) -> HttpResponse:
    """A download of one version; the PDF of a vastgestelde version is the stored one."""
    case = selectors.case_for(request.user, uid)
    version = selectors.version_of(case, number)
    if fmt not in FORMATS:
        raise Http404
    return download(request, case, version, fmt)


def download(request: HttpRequest, case: Case, version: CaseVersion, fmt: str) -> HttpResponse:
    """``version`` as ``fmt`` (a known format): the stored PDF of a vastgestelde version;
    for an incomplete version a page that says why, never a page the browser saves as the
    file; a document still being made after the time limit, a page that says so. The
    case's own download (its newest version) and a version's download both answer here."""
    agreed = agreement_of(version)
    if agreed is not None and fmt == "pdf":  # vastgesteld: the report of then
        return stored_report(agreed)
    view = shown(version.document, chosen())
    if not view.ready or view.results is None:
        return render(
            request, "cases/download_unavailable.html", {"case": case, "shown": view}, status=409
        )
    try:
        return render_download(version.document, fmt, f"{case.uid}-v{version.number}", chosen())
    except TooSlow as slow:
        return render(request, "cases/too_slow.html", too_slow(case, fmt, slow), status=503)
