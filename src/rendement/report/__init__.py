"""The report room: documents made from a model and its results.

One outline (:mod:`.outline`) drawn as HTML (:mod:`.html`), PDF (:mod:`.pdf`) and Word
(:mod:`.document`); the Excel workbook with live formulas (:mod:`.workbook`) beside it.
:func:`write_report` is what the CLI and the web app call.
"""

from __future__ import annotations

from pathlib import Path

from ..cohort.indicators import IndicatorChange
from ..engine import Results
from ..i18n import language
from ..money import currency
from ..present.uncertain import headline_targets
from ..uncertainty import Sensitivity, Simulation, has_uncertainty, sensitivity, simulate
from .document import write_document
from .html import render_html, write_html
from .outline import Outline, build_outline, receipts_document, receipts_outline
from .pdf import pdf_bytes, write_pdf
from .workbook import Workbook, write_workbook

FORMATS = ("pdf", "html", "docx", "xlsx")
REPORT_DRAWS = 10_000
"""Monte Carlo draws for a report: P5/P95 and P(net > 0) to about half a percent."""


def analyse_uncertainty(
    results: Results,
    draws: int = REPORT_DRAWS,
    seed: int = 2019,
    scenario: str | None = None,
) -> tuple[Simulation | None, list[Sensitivity]]:
    """Monte Carlo and sensitivity for the report, when the model has uncertain inputs.

    One run for the whole chapter: the sensitivity analysis uses the simulation's own
    draws (same ``draws`` and ``seed``), so its P(net > 0) is the Monte Carlo table's, and
    it studies the options the report's tables show (``scenario`` as the report's) — what
    ``rendement simulate`` and ``rendement sensitivity --headline`` give with them.
    """
    if not has_uncertainty(results.plan):
        return None, []
    model, perspective = results.model, results.perspective
    simulation = simulate(model, draws=draws, seed=seed, perspective=perspective)
    targets = headline_targets(results, scenario)
    tornados = sensitivity(model, perspective=perspective, targets=targets, draws=draws, seed=seed)
    return simulation, list(tornados)


def report_language(results: Results, asked: str | None = None) -> str:
    """The language a report is written in: the one asked for, else the model's own
    (``meta.language``), else Dutch."""
    return asked or results.model.case.meta.language or "nl"


def write_report(
    results: Results,
    path: str | Path,
    fmt: str | None = None,
    scenario: str | None = None,
    lang: str | None = None,
    simulation: Simulation | None = None,
    sensitivities: list[Sensitivity] | None = None,
    indicators: list[IndicatorChange] | None = None,
) -> Path:
    """Write the report as pdf, html, docx or xlsx (from the file's suffix by default);
    every amount in the case's currency (``meta.currency``). Without ``lang`` the report
    is in the model's own language (``meta.language``), else Dutch."""
    lang = lang or report_language(results)
    target = Path(path)
    fmt = fmt or target.suffix.lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"formaat '{fmt}' bestaat niet; kies uit {', '.join(FORMATS)}")
    with language(lang), currency(results.currency):
        if fmt == "xlsx":
            write_workbook(results, target, indicators)
            return target
        outline = build_outline(results, scenario, simulation, sensitivities, indicators)
        if fmt == "pdf":
            return write_pdf(outline, target)
        if fmt == "docx":
            return write_document(outline, target)
        return write_html(outline, target)


__all__ = [
    "FORMATS",
    "REPORT_DRAWS",
    "Outline",
    "Workbook",
    "analyse_uncertainty",
    "build_outline",
    "pdf_bytes",
    "receipts_document",
    "receipts_outline",
    "render_html",
    "report_language",
    "write_document",
    "write_html",
    "write_pdf",
    "write_report",
    "write_workbook",
]
