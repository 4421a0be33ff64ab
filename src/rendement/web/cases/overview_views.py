"""Archiving a case from the overview or the case's page, and bringing it back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ...i18n import _
from . import overview, selectors


def _archive(request: HttpRequest, uid: str, archived: bool) -> HttpResponse:
    """An owner or editor of the case's organisation (the same who may change it) puts it
    away or brings it back; the answer goes back to the page the button was on."""
    case = selectors.case_for(request.user, uid)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    overview.archive_case(actor=request.user, case=case, archived=archived)
    if archived:
        told = _("„{title}” is gearchiveerd; u vindt de case terug onder het filter Gearchiveerd.")
        messages.success(request, told.format(title=case.title))
    else:
        messages.success(request, _("„{title}” is teruggezet.").format(title=case.title))
    back = request.POST.get("next") or ""
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("cases:list")


@login_required
@require_POST
def case_archive(request: HttpRequest, uid: str) -> HttpResponse:
    return _archive(request, uid, True)


@login_required
@require_POST
def case_unarchive(request: HttpRequest, uid: str) -> HttpResponse:
    return _archive(request, uid, False)
