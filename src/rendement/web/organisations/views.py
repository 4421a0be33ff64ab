"""Organisations: make one (you become its owner) and, as owner, give people a role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..cases.selectors import organisations_of
from .models import Organisation, Role
from .services import add_member, create_organisation


@login_required
@require_POST
def organisation_new(request: HttpRequest) -> HttpResponse:
    name = (request.POST.get("name") or "").strip()
    kind = request.POST.get("kind") or Organisation.Kind.OTHER
    if not name or len(name) > 200 or kind not in Organisation.Kind.values:
        messages.error(request, _("Geef de organisatie een naam (hoogstens 200 tekens)."))
        return redirect("cases:list")
    organisation = create_organisation(actor=request.user, name=name, kind=kind)
    messages.success(request, _("Organisatie {name} gemaakt; u bent eigenaar.").format(name=name))
    return redirect("organisations:detail", slug=organisation.slug)


def _mine(request: HttpRequest, slug: str) -> Organisation:
    found = organisations_of(request.user).filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _mine(request, slug)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("user").order_by(
                "user__username"
            ),
            "roles": Role.choices,
            "is_owner": request.user.has_perm("organisations.manage_members", organisation),
        },
    )


@login_required
@require_POST
def organisation_member(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _mine(request, slug)
    if not request.user.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied
    who = (request.POST.get("user") or "").strip()
    role = request.POST.get("role") or ""
    user = (
        get_user_model().objects.filter(Q(username__iexact=who) | Q(email__iexact=who)).first()
        if who
        else None
    )
    if user is None or role not in Role.values:
        messages.error(
            request,
            _("Geen gebruiker '{who}' gevonden; laat die eerst een account maken.").format(who=who),
        )
    elif user == request.user and role != Role.OWNER:
        messages.error(request, _("U kunt uw eigen rol als eigenaar niet afgeven."))
    else:
        add_member(
            actor=request.user,
            organisation=organisation,
            user=user,
            role=role,
            client_data=request.POST.get("client_data") == "on",
        )
        messages.success(request, _("{who} is nu {role}.").format(who=user, role=Role(role).label))
    return redirect("organisations:detail", slug=organisation.slug)
