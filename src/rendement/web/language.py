"""rendement's own words (the form's labels, the loader's messages, the tables) in the
language Django chose for the request: Django's and rendement's catalogues are one
gettext catalogue, but rendement's code outside the web app reads its own setting."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from ..i18n import language


def chosen() -> str:
    """The request's language as rendement names it (``nl`` or ``en``)."""
    return "en" if (get_language() or "nl").startswith("en") else "nl"


class LanguageMiddleware:
    """After Django's LocaleMiddleware: the rest of the request speaks its language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with language(chosen()):
            return self.get_response(request)
