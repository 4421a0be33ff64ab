"""The Content-Security-Policy of every page: scripts, styles, images and fonts only from
the app itself, no inline script, no inline handler, no ``eval``, no framing.

The app holds client-level data of vulnerable people; a policy that runs nothing but the
app's own files turns a text a user typed into a case (a title, a note) from a possible
script into text, whatever a template forgets to escape. An own middleware (a few lines)
rather than django-csp: the policy is one fixed string, with no nonces to hand to
templates (the pages have no inline scripts at all).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
"""The policy: everything from the app's own origin, nothing inline, nothing evaluated.
``data:`` images for the charts' and the browser's own small pictures."""


DOCUMENT_POLICY = "; ".join(
    (
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'none'",
    )
)
"""The policy of the HTML report shown in the browser (a download, not a page of the app):
the report is one self-contained file, the same as ``rendement report --format html``
writes, with its stylesheet and its charts' styles inline and no script at all. So it may
style itself, and may run, load or send nothing."""


class ContentSecurityPolicyMiddleware:
    """Sends :data:`POLICY` with every HTML answer (a page or an HTMX fragment).

    Downloads (PDF, Word, Excel) go without it: a browser's own PDF viewer is no page of
    the app and must not be held to its policy. An answer that already has a policy keeps
    it (the HTML report: :data:`DOCUMENT_POLICY`). ``X-Content-Type-Options`` and
    ``Referrer-Policy`` come from Django's SecurityMiddleware (settings
    ``SECURE_CONTENT_TYPE_NOSNIFF`` and ``SECURE_REFERRER_POLICY``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        kind = response.get("Content-Type", "")
        if kind.startswith("text/html") and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = POLICY
        return response
