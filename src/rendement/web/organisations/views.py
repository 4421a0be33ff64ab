"""Organisations: make one (you become its owner); as owner invite people, change their
role, remove them; as member leave; as invitee accept or decline."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..cases.selectors import organisations_of
from .models import Invitation, Membership, Organisation, Role
from .services import (
    MembershipRefused,
    accept_invitation,
    change_member,
    create_organisation,
    decline_invitation,
    invite,
    leave_organisation,
    remove_member,
    require_second_factor,
    revoke_invitation,
)


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
    """The members by name and role (no e-mail addresses: a member's address is theirs),
    and for an owner the forms to invite, change, remove and revoke."""
    organisation = _mine(request, slug)
    is_owner = request.user.has_perm("organisations.manage_members", organisation)
    invitations = (
        [i for i in organisation.invitations.select_related("invited_by") if i.is_open]
        if is_owner
        else []
    )
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("user").order_by(
                "user__username"
            ),
            "roles": Role.choices,
            "is_owner": is_owner,
            "invitations": invitations,
            # who has set up a second factor: an owner sees who is not yet protected
            "with_second_factor": set(
                Authenticator.objects.filter(
                    type=Authenticator.Type.TOTP,
                    user__memberships__organisation=organisation,
                ).values_list("user_id", flat=True)
            )
            if is_owner
            else set(),
            "client_data_needs_second_factor": settings.RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA,
            # an owner who is the only one: they are that one
            "last_owner": is_owner
            and organisation.memberships.filter(role=Role.OWNER).count() == 1,
        },
    )


def _owned(request: HttpRequest, slug: str) -> Organisation:
    organisation = _mine(request, slug)
    if not request.user.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied
    return organisation


def _refused(request: HttpRequest, error: MembershipRefused) -> None:
    messages.error(request, str(error))


@login_required
@require_POST
def organisation_invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite an address. The answer is the same for an address with an account and one
    without: this form tells nobody who uses the app."""
    organisation = _owned(request, slug)
    email = (request.POST.get("email") or "").strip()
    role = request.POST.get("role") or ""
    try:
        validate_email(email)
    except ValidationError:
        email = ""
    if not email or len(email) > 254 or role not in Role.values:
        messages.error(request, _("Geef een geldig e-mailadres en een rol."))
        return redirect("organisations:detail", slug=organisation.slug)
    invite(
        actor=request.user,
        organisation=organisation,
        email=email,
        role=role,
        client_data=request.POST.get("client_data") == "on",
        link=lambda token: request.build_absolute_uri(
            reverse("organisations:invitation", args=[token])
        ),
    )
    messages.success(request, _("Uitnodiging verstuurd naar {email}.").format(email=email))
    return redirect("organisations:detail", slug=organisation.slug)


@login_required
@require_POST
def organisation_second_factor(request: HttpRequest, slug: str) -> HttpResponse:
    """An owner requires a second factor of every member (or no longer does)."""
    organisation = _owned(request, slug)
    required = request.POST.get("required") == "on"
    if require_second_factor(actor=request.user, organisation=organisation, required=required):
        messages.success(
            request,
            _(
                "Alle leden loggen voortaan in met een tweede factor; wie er nog geen heeft, "
                "stelt die in bij de volgende klik."
            )
            if required
            else _("Een tweede factor is niet langer verplicht voor alle leden."),
        )
    return redirect("organisations:detail", slug=organisation.slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _owned(request, slug)
    invitation = get_object_or_404(Invitation, organisation=organisation, pk=pk)
    try:
        revoke_invitation(actor=request.user, invitation=invitation)
        messages.success(request, _("De uitnodiging is ingetrokken."))
    except MembershipRefused as error:
        _refused(request, error)
    return redirect("organisations:detail", slug=organisation.slug)


def _membership(organisation: Organisation, pk: int) -> Membership:
    return get_object_or_404(Membership, organisation=organisation, pk=pk)


@login_required
@require_POST
def member_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change a member's role and client-data right; a field the form did not send is kept
    (the checkbox counts only with ``client_data_shown``, as an unticked box sends nothing)."""
    organisation = _owned(request, slug)
    membership = _membership(organisation, pk)
    role = request.POST.get("role") or None
    if role is not None and role not in Role.values:
        raise Http404
    client_data = (
        request.POST.get("client_data") == "on" if request.POST.get("client_data_shown") else None
    )
    try:
        change_member(actor=request.user, membership=membership, role=role, client_data=client_data)
        messages.success(request, _("De rol van {who} is bijgewerkt.").format(who=membership.user))
    except MembershipRefused as error:
        _refused(request, error)
    return redirect("organisations:detail", slug=organisation.slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _owned(request, slug)
    membership = _membership(organisation, pk)
    if membership.user_id == request.user.pk:
        return member_leave(request, slug)
    try:
        remove_member(actor=request.user, membership=membership)
        messages.success(
            request, _("{who} hoort niet meer bij de organisatie.").format(who=membership.user)
        )
    except MembershipRefused as error:
        _refused(request, error)
    return redirect("organisations:detail", slug=organisation.slug)


@login_required
@require_POST
def member_leave(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _mine(request, slug)
    try:
        leave_organisation(actor=request.user, organisation=organisation)
    except MembershipRefused as error:
        _refused(request, error)
        return redirect("organisations:detail", slug=organisation.slug)
    messages.success(
        request, _("U hoort niet meer bij {organisation}.").format(organisation=organisation)
    )
    return redirect("cases:list")


def _invitation(request: HttpRequest, token: str) -> Invitation:
    """The open invitation with this token; any other token is not found."""
    invitation = (
        Invitation.objects.select_related("organisation").filter(token=token).first()
        if token
        else None
    )
    if invitation is None or not invitation.is_open:
        raise Http404
    return invitation


@login_required
def invitation_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The page the mail links to: whom the invitation is from and the two answers."""
    invitation = _invitation(request, token)
    return render(request, "organisations/invitation.html", {"invitation": invitation})


@login_required
@require_POST
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(request, token)
    try:
        accept_invitation(actor=request.user, invitation=invitation)
    except MembershipRefused as error:
        _refused(request, error)
        return redirect("cases:list")
    messages.success(
        request,
        _("U hoort nu bij {organisation}.").format(organisation=invitation.organisation),
    )
    return redirect("organisations:detail", slug=invitation.organisation.slug)


@login_required
@require_POST
def invitation_decline(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(request, token)
    try:
        decline_invitation(actor=request.user, invitation=invitation)
        messages.success(request, _("U hebt de uitnodiging geweigerd."))
    except MembershipRefused as error:
        _refused(request, error)
    return redirect("cases:list")
