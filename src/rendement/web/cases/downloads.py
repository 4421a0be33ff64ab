"""Downloads of the current version, made by the report code the CLI uses."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import HttpResponse

from ...engine import Results
from ...i18n import language
from ...model import BASE_SCENARIO
from ...money import currency

FORMATS = {
    "pdf": ("PDF", "application/pdf"),
    "docx": (
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("HTML", "text/html; charset=utf-8"),
    "kassabon": ("Kassabon (PDF)", "application/pdf"),
}


def render_download(results: Results, fmt: str, stem: str, lang: str) -> HttpResponse:
    """The document as a response; written to a temporary folder that is removed after."""
    from ...report import receipts_outline, write_pdf, write_report

    suffix = "pdf" if fmt == "kassabon" else fmt
    name = f"{stem}-kassabon.pdf" if fmt == "kassabon" else f"{stem}.{suffix}"
    with tempfile.TemporaryDirectory(prefix="rendement-") as folder:
        target = Path(folder) / name
        if fmt == "kassabon":
            from ...present.receipt import receipt

            with language(lang), currency(results.currency):
                bons = [
                    receipt(results, r.get(r.evaluations[0].variant, BASE_SCENARIO))
                    for r in results.interventions
                ]
                write_pdf(receipts_outline(results, bons), target)
        else:
            write_report(results, target, fmt=suffix, lang=lang)
        body = target.read_bytes()
    response = HttpResponse(body, content_type=FORMATS[fmt][1])
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response
