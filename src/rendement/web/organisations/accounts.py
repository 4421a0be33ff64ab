"""Who may make an account: everyone (the default, for a team's own server and the demo),
or nobody by themselves (``RENDEMENT_SIGNUP=0``: a municipality's server, where accounts
are made by an administrator with ``rendement manage createsuperuser`` or the admin)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: Any) -> bool:
        return bool(getattr(settings, "RENDEMENT_SIGNUP", True))
