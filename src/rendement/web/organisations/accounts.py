"""Who may make an account: everyone (the default, for a team's own server and the demo),
or nobody by themselves (``RENDEMENT_SIGNUP=0``: a municipality's server, where accounts
are made by an administrator with ``rendement manage createsuperuser`` or the admin).

Failed logins are counted per account *and* address (``ACCOUNT_RATE_LIMITS['login_failed']``
in the settings): allauth's own key is the account alone, so five wrong passwords typed by
anyone who knows a user name would lock its owner out too. With the address in the key a
stranger only locks themselves; the per-address limit still stops one address from trying
many accounts."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: Any) -> bool:
        return bool(getattr(settings, "RENDEMENT_SIGNUP", True))

    def _get_login_attempts_cache_key(self, request: Any, **credentials: Any) -> str:
        """The account's key of failed logins, narrowed to the address they come from."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{get_ip(request)}"
