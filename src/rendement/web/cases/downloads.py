"""Downloads of the current version, made by the report code the CLI uses."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from ...i18n import N_, _
from .rendering import TooSlow, render_bounded

RENDER_SECONDS = 60.0
"""How long a download may take before it is stopped, unless the setting says otherwise."""

FORMATS = {
    "pdf": ("PDF", "application/pdf"),
    "docx": (
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("HTML", "text/html; charset=utf-8"),
    "kassabon": (N_("Kassabon (PDF)"), "application/pdf"),  # shown translated
}


def render_download(document: str, fmt: str, stem: str, lang: str) -> HttpResponse:
    """The document as a response, rendered in a child process (:mod:`.rendering`) that is
    stopped after ``RENDEMENT_RENDER_SECONDS``: :class:`.rendering.TooSlow` then."""
    from django.conf import settings

    name = f"{stem}-kassabon.pdf" if fmt == "kassabon" else f"{stem}.{fmt}"
    seconds = float(getattr(settings, "RENDEMENT_RENDER_SECONDS", RENDER_SECONDS))
    body = render_bounded(document, fmt, name, lang, seconds)
    response = HttpResponse(body, content_type=FORMATS[fmt][1])
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    if fmt == "html":  # shown in the browser: inline styles, no script (not the pages' policy)
        from ..security import DOCUMENT_POLICY

        response["Content-Security-Policy"] = DOCUMENT_POLICY
    return response


def too_slow(case: Any, fmt: str, slow: TooSlow) -> dict[str, Any]:
    """What the page about a stopped download shows: which document, after how long."""
    return {"case": case, "what": _(FORMATS[fmt][0]), "seconds": f"{slow.seconds:g}"}
