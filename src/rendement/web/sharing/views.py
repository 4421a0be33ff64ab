"""The share page of a case (who it is shared with; share, revoke, public links) and the
public pages behind a link's token (one version's results and report, nothing else).

Thin, as the other views: the case through :func:`..cases.selectors.case_for` (404 for a
case the user may not see), writes through :mod:`.services`.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ...i18n import _
from ..cases import selectors as case_selectors
from ..cases.downloads import render_download
from ..cases.history_views import agreement_of, stored_report
from ..cases.models import Case
from ..cases.rendering import TooSlow
from ..cases.results import drawn, shown, uncertain
from ..cases.results import options as chart_options
from ..language import chosen
from ..organisations.rules import is_member
from ..work.views import stored_document
from . import selectors, services
from .models import LINK_DAYS, Access, PublicLink

PUBLIC_FORMATS = ("pdf", "html")
"""What a public link offers to download: the report, as PDF and as a web page."""


def _case(request: HttpRequest, uid: str, *, sharing: bool = False) -> Case:
    """The case, for a member of its organisation (``sharing``: an owner or editor);
    a recipient of a share is refused (403): the page is the organisation's."""
    case = case_selectors.case_for(request.user, uid)
    if not is_member(request.user, case.organisation):
        raise PermissionDenied
    if sharing and not request.user.has_perm("cases.share_case", case):
        raise PermissionDenied
    return case


@login_required
def share_page(request: HttpRequest, uid: str) -> HttpResponse:
    """Who the case is shared with, its public links with their state; for an owner or
    editor of the case's organisation the forms to share, revoke and make a link."""
    case = _case(request, uid)
    today = timezone.localdate()
    links = list(case.public_links.select_related("version", "created_by"))
    return render(
        request,
        "sharing/share.html",
        {
            "case": case,
            "shares": case.shares.select_related("organisation", "user", "shared_by"),
            "links": [(link, _state(link), _url(request, link)) for link in links],
            "may_share": request.user.has_perm("cases.share_case", case),
            "accesses": Access.choices,
            "numbers": list(case.versions.order_by("-number").values_list("number", flat=True)),
            "default_until": (today + datetime.timedelta(days=LINK_DAYS)).isoformat(),
            "first_day": (today + datetime.timedelta(days=1)).isoformat(),
            "last_day": (today + datetime.timedelta(days=services.MAX_LINK_DAYS)).isoformat(),
        },
    )


def _state(link: PublicLink) -> str:
    if link.revoked is not None:
        return _("Ingetrokken")
    if link.expires <= timezone.now():
        return _("Verlopen")
    return _("Geldig")


def _url(request: HttpRequest, link: PublicLink) -> str:
    """The whole address to send, only while the link works."""
    if not link.is_valid:
        return ""
    return request.build_absolute_uri(reverse("sharing:public", args=[link.token]))


@login_required
@require_POST
def share_add(request: HttpRequest, uid: str) -> HttpResponse:
    case = _case(request, uid, sharing=True)
    try:
        recipient = services.find_recipient(request.POST.get("met", ""))
        from ..organisations.models import Organisation

        is_org = isinstance(recipient, Organisation)
        share = services.share_case(
            actor=request.user,
            case=case,
            access=request.POST.get("toegang", Access.READ),
            organisation=recipient if is_org else None,
            user=None if is_org else recipient,
        )
    except services.ShareRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Gedeeld met {who} ({access}).").format(
                who=share.recipient, access=share.get_access_display().lower()
            ),
        )
    return redirect("sharing:page", uid=case.uid)


@login_required
@require_POST
def share_revoke(request: HttpRequest, uid: str, pk: int) -> HttpResponse:
    case = _case(request, uid, sharing=True)
    share = case.shares.filter(pk=pk).first()
    if share is None:
        raise Http404
    who = share.recipient
    services.revoke_share(actor=request.user, share=share)
    messages.success(request, _("{who} kan de business case niet meer zien.").format(who=who))
    return redirect("sharing:page", uid=case.uid)


@login_required
@require_POST
def link_add(request: HttpRequest, uid: str) -> HttpResponse:
    case = _case(request, uid, sharing=True)
    try:
        number = int(request.POST.get("versie", ""))
        until = datetime.date.fromisoformat(request.POST.get("geldig_tot", "").strip())
    except ValueError:
        messages.error(request, _("Kies een versie en de datum tot wanneer de link geldig is."))
        return redirect("sharing:page", uid=case.uid)
    version = case_selectors.version_of(case, number)
    try:
        link = services.create_public_link(
            actor=request.user,
            case=case,
            version=version,
            days=(until - timezone.localdate()).days,
        )
    except services.ShareRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Openbare link naar versie {number} gemaakt, geldig tot {date}.").format(
                number=number, date=timezone.localtime(link.expires).strftime("%d-%m-%Y")
            ),
        )
    return redirect("sharing:page", uid=case.uid)


@login_required
@require_POST
def link_revoke(request: HttpRequest, uid: str, pk: int) -> HttpResponse:
    case = _case(request, uid, sharing=True)
    link = case.public_links.filter(pk=pk).first()
    if link is None:
        raise Http404
    services.revoke_public_link(actor=request.user, link=link)
    messages.success(request, _("De openbare link is ingetrokken."))
    return redirect("sharing:page", uid=case.uid)


# -- the public pages: everything below is reached by the token alone ----------------------


def _link(token: str) -> PublicLink | None:
    """The valid link of ``token``; None for an unknown, expired or revoked one, which
    all get the same plain page (404)."""
    try:
        return selectors.link_for(token)
    except Http404:
        return None


def _gone(request: HttpRequest) -> HttpResponse:
    return _noindex(render(request, "sharing/public_gone.html", status=404))


def _noindex(response: HttpResponse) -> HttpResponse:
    """Public pages stay out of search engines and shared caches."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def public_version(request: HttpRequest, token: str) -> HttpResponse:
    """One version's results, read-only, in a layout without the app's navigation; links
    only to its charts and its report, all under the same token."""
    link = _link(token)
    if link is None:
        return _gone(request)
    services.note_opened(link)
    view = shown(link.version.document, chosen())
    return _noindex(
        render(
            request,
            "sharing/public_version.html",
            {
                "link": link,
                "case": link.case,
                "version": link.version,
                "shown": view,
                "readonly": True,
                "public": True,
                "charts_url": reverse("sharing:public_charts", args=[link.token]),
                "agreed": agreement_of(link.version),
            },
        )
    )


def public_charts(request: HttpRequest, token: str) -> HttpResponse:
    """The version's charts, for its public page to load after its tables."""
    link = _link(token)
    if link is None:
        return _gone(request)
    document, lang = link.version.document, chosen()
    wanted = request.GET.get("intervention")
    option = request.GET.get("option")
    results = shown(document, lang).results
    return _noindex(
        render(
            request,
            "cases/_charts.html",
            {
                "charts": drawn(document, lang, wanted, option),
                "options": [(r.id, r.name) for r in results.interventions] if results else [],
                "chosen": wanted,
                "case": link.case,
                "version": link.version,
                "uncertain": uncertain(document, lang, wanted),
                "choices": chart_options(document, lang, wanted),
                "option": option,
                "charts_url": reverse("sharing:public_charts", args=[link.token]),
            },
        )
    )


def public_report(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """The version's report as PDF (a vastgestelde version: the PDF kept then) or as a web
    page (with the report's own Content-Security-Policy: no script, nothing loaded)."""
    link = _link(token)
    if link is None:
        return _gone(request)
    if fmt not in PUBLIC_FORMATS:
        raise Http404
    version = link.version
    agreed = agreement_of(version)
    if agreed is not None and fmt == "pdf":
        return _noindex(stored_report(agreed))
    view = shown(version.document, chosen())
    if not view.ready or view.results is None:
        raise Http404  # the page offers no report for an incomplete version
    kept = stored_document(version, fmt, chosen()) if fmt == "pdf" else None
    if kept is not None:  # made before in the background for this version: no waiting
        return _noindex(kept)
    try:
        stem = f"business-case-v{version.number}"
        answer = render_download(version.document, fmt, stem, chosen())
    except TooSlow:
        return _noindex(render(request, "sharing/public_slow.html", {"link": link}, status=503))
    return _noindex(answer)
