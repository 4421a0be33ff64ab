"""Who must log in with a second factor, and keeping those without one out of the app.

A second factor (an authenticator app's code, TOTP, with recovery codes: django-allauth's
MFA) is required of a member of an organisation whose owner requires it for everyone, and
always of a member with the client-data right: the client cases are personal data of
vulnerable people, and a password alone is one leaked list away from them. Someone who
must have one and has not set it up is sent to the setup page after login and reaches
nothing else (logging out, the setup pages, the language switch and the static files
excepted) until it is set up. Once it is, allauth asks for the code at every login.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .models import Membership


def requires_second_factor(user: Any) -> bool:
    """Whether ``user`` must log in with a second factor: a member of an organisation that
    requires it, or (unless the setting is off, as in the local demo) a member with the
    client-data right anywhere."""
    if not getattr(user, "is_authenticated", False):
        return False
    reason = Q(organisation__requires_second_factor=True)
    if getattr(settings, "RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA", True):
        reason |= Q(client_data=True)
    return Membership.objects.filter(reason, user=user).exists()


def has_second_factor(user: Any) -> bool:
    """Whether ``user`` has an authenticator app set up (recovery codes alone are no
    factor: they are the spare key of one)."""
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def missing_second_factor(user: Any) -> bool:
    """Must have a second factor and has none yet."""
    return requires_second_factor(user) and not has_second_factor(user)


EXEMPT_NAMES = (
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "set_language",
)
"""The pages someone without their required second factor may still reach: setting it up
(allauth may first ask for the password again), leaving, the language."""


class SecondFactorMiddleware:
    """Sends a logged-in user who must have a second factor and has none to its setup page,
    from every URL of the app but :data:`EXEMPT_NAMES` and the static files.

    One query per request for a user without any reason to need one (most of the app's
    users have none or have set it up: two small indexed queries); nothing is remembered
    in the session, so an owner's new requirement holds from the member's next click."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._exempt: frozenset[str] | None = None

    def exempt(self) -> frozenset[str]:
        if self._exempt is None:
            self._exempt = frozenset(reverse(name) for name in EXEMPT_NAMES)
        return self._exempt

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        path = request.path  # as reverse() gives them, with a script prefix if any
        if (
            user is not None
            and user.is_authenticated
            and not path.startswith(settings.STATIC_URL)
            and missing_second_factor(user)
        ):
            request.second_factor_missing = True  # type: ignore[attr-defined]
            if path not in self.exempt():
                setup = reverse("mfa_activate_totp")
                if request.headers.get("HX-Request"):  # an HTMX fragment: the whole page goes
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = setup
                    return response
                return HttpResponseRedirect(setup)
        return self.get_response(request)


class SecondFactorAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    """allauth's MFA as the app wants it: someone who must have a second factor cannot
    switch it off (they would be sent straight back to set up a new one, with the old
    recovery codes void)."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and requires_second_factor(
            authenticator.user
        ):
            return False
        return bool(super().can_delete_authenticator(authenticator))
