"""A document rendered in a child process, stopped when it takes longer than a limit.

A report is seconds of CPU (a PDF of De Bilt: ~5 s; of a case with every name and text at
its limit: ~15 s), and WeasyPrint cannot be interrupted from another thread. Rendered in
the server's own thread, a slow document would hold that thread (one of waitress's few)
for as long as it takes; rendered in a child process, it is stopped after
``RENDEMENT_RENDER_SECONDS`` (a setting, 60 s by default) and the reader gets a page that
says so. The child is forked from a *forkserver*: a small process started once, without
the server's threads and database connections, with the report code already imported,
so a download pays no start-up of its own.

The child is given the document's text, not the server's objects: it loads, evaluates and
writes like the CLI (``rendement report``), and nothing in it touches Django. It writes
the file into a folder the server made and removes; an error in it is passed back as its
traceback, so the server still answers 500 and logs what went wrong.

This module imports no Django: it is what the forkserver preloads.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the forkserver's class does not exist on Windows
    from multiprocessing.context import ForkServerContext, SpawnContext

    from ...cohort.indicators import IndicatorChange

PRELOAD = ["rendement.web.cases.rendering", "rendement.report", "rendement.engine"]
"""Imported once by the forkserver: every child forks with them (WeasyPrint, Altair)."""
ERROR = "fout.txt"


class TooSlow(RuntimeError):
    """The document took longer than the limit; the child was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"het document was na {seconds:g} s nog niet klaar")
        self.seconds = seconds


def write_download(
    document: str,
    fmt: str,
    target: Path,
    lang: str,
    progress: Callable[[int, str], None] | None = None,
    indicators: list[IndicatorChange] | None = None,
) -> None:
    """Write one download of ``document`` (a complete model) to ``target``, as the CLI does:
    ``fmt`` is pdf, docx, xlsx, html or kassabon (the till receipts as a PDF);
    ``indicators``: the measured indicators (a cohort's report, as ``--indicators``).

    ``progress`` (background work, :mod:`rendement.web.work`) is told each step as a
    percentage and a Dutch msgid; WeasyPrint's layout tells nothing in between."""
    from ...i18n import N_

    told = progress or (lambda _percent, _phrase: None)
    from ...engine import evaluate
    from ...i18n import language
    from ...model import BASE_SCENARIO, loads
    from ...money import currency
    from ...report import receipts_outline, write_pdf, write_report

    told(5, N_("Model doorrekenen…"))
    model = loads(document, "model.yaml", files=False)
    lang = model.case.meta.language or lang  # a model in English gets an English report
    with currency(model.case.meta.currency):
        results = evaluate(model)
    if fmt == "kassabon":
        from ...present.receipt import receipt

        with language(lang), currency(results.currency):
            bons = [
                receipt(results, r.get(r.evaluations[0].variant, BASE_SCENARIO))
                for r in results.interventions
            ]
            write_pdf(receipts_outline(results, bons), target)
    else:
        from ...report import analyse_uncertainty
        from ...uncertainty import has_uncertainty

        # the report the CLI makes: with its uncertainty chapter (10.000 draws, seed 2019,
        # about 2 s for De Bilt), so the download and `rendement report` agree
        told(15, N_("Onzekerheid doorrekenen…"))
        simulation, tornados = (
            analyse_uncertainty(results)
            if fmt != "xlsx" and has_uncertainty(results.plan)
            else (None, [])
        )
        told(40, N_("Pagina's opmaken…"))
        write_report(
            results,
            target,
            fmt=fmt,
            lang=lang,
            simulation=simulation,
            sensitivities=tornados,
            indicators=indicators,
        )


def _child(
    document: str,
    fmt: str,
    target: str,
    lang: str,
    indicators: list[IndicatorChange] | None = None,
) -> None:
    """The child's work; its error, if any, is written beside the target for the server."""
    try:
        write_download(document, fmt, Path(target), lang, indicators=indicators)
    except BaseException:
        (Path(target).parent / ERROR).write_text(traceback.format_exc(), encoding="utf-8")
        raise SystemExit(1) from None


def _context() -> ForkServerContext | SpawnContext:
    """The forkserver where the platform has one (Linux, macOS), else a fresh interpreter."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)  # only read when the forkserver starts
        return context
    return multiprocessing.get_context("spawn")


def render_bounded(
    document: str,
    fmt: str,
    name: str,
    lang: str,
    seconds: float,
    indicators: list[IndicatorChange] | None = None,
) -> bytes:
    """The bytes of the download ``name`` of ``document``, rendered in a child process
    (with a cohort's measured ``indicators``: plain data, pickled to the child).

    Raises :class:`TooSlow` after ``seconds`` (the child is killed, its files removed),
    and ``RuntimeError`` with the child's traceback when the child failed."""
    with tempfile.TemporaryDirectory(prefix="rendement-") as folder:
        target = Path(folder) / name
        child = _context().Process(
            target=_child, args=(document, fmt, str(target), lang, indicators)
        )
        child.start()
        child.join(seconds)
        if child.is_alive():
            child.kill()
            child.join()
            child.close()
            raise TooSlow(seconds)
        code = child.exitcode
        child.close()
        error = Path(folder) / ERROR
        if code != 0 or not target.exists():
            told = error.read_text(encoding="utf-8") if error.exists() else f"exit code {code}"
            raise RuntimeError(f"het document {name} kon niet worden gemaakt:\n{told}")
        return target.read_bytes()
