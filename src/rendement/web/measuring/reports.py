"""The report and the workbook of a cohort's business case with the cohort's measured
indicators: what ``rendement report MODEL --indicators VALUES --by ATTRIBUTE`` writes, made
from the stored measurements instead of a file.

The workbook's sheet *Indicatoren* lists every client case's start and end value under its
pseudonym, so a download is case-level data: only a member with the client-data right
reaches it (the cohort's selector, 404 otherwise), and each download writes an audit row
(``cohort.export``) saying what and for how many client cases, as the cohort's CSV does.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..cases.downloads import FORMATS
from ..cases.rendering import TooSlow, render_bounded
from ..cases.services import check_document
from ..cohorts import selectors, services
from ..language import chosen
from .indicators import report_indicators

REPORTS = ("pdf", "html", "docx", "xlsx")
"""The documents a cohort's page offers (the till receipts are the business case's own)."""


@login_required
def cohort_report(request: HttpRequest, uid: str, fmt: str) -> HttpResponse:
    """The cohort's business case as a report or workbook, with the measured indicators
    grouped as the page groups them (``?by=``)."""
    from django.conf import settings

    from ..cases.downloads import RENDER_SECONDS, too_slow

    cohort = selectors.cohort_for(request.user, uid)
    if fmt not in REPORTS:
        raise Http404
    by = request.GET.get("by") or (cohort.attributes[0] if cohort.attributes else None)
    if by is not None and by not in cohort.attributes:
        raise Http404
    case = cohort.prices
    if case is None:
        messages.error(request, _("de business case met de prijzen is verwijderd; kies een andere"))
        return redirect("cohorts:detail", uid=cohort.uid)
    version = case.latest()
    if check_document(version.document).model is None:
        messages.error(request, _("Deze business case is nog niet compleet."))
        return redirect("cohorts:detail", uid=cohort.uid)
    changes = report_indicators(cohort, by)
    name = f"{case.uid}-v{version.number}-{cohort.uid}.{fmt}"
    seconds = float(getattr(settings, "RENDEMENT_RENDER_SECONDS", RENDER_SECONDS))
    try:
        body = render_bounded(version.document, fmt, name, chosen(), seconds, changes)
    except TooSlow as slow:
        return render(request, "cases/too_slow.html", too_slow(case, fmt, slow), status=503)
    cases = len({p.case for c in changes or [] for p in c.pairs})
    services.record_export(actor=request.user, cohort=cohort, what=f"rapport ({fmt})", cases=cases)
    response = HttpResponse(body, content_type=FORMATS[fmt][1])
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    if fmt == "html":  # shown in the browser: inline styles, no script
        from ..security import DOCUMENT_POLICY

        response["Content-Security-Policy"] = DOCUMENT_POLICY
    return response
