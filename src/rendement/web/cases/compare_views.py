"""Two versions of a case compared: the changed inputs in words, how each headline figure
moved, and the move explained — per changed input, step by step and as the Shapley split,
drawn as a waterfall (see :mod:`rendement.history`).

Anyone who may see the case may compare its versions; nothing is written. The
comparison is kept per pair of documents and language, like the results of a version.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ...history import Comparison, compare
from ...history.tables import attribution_table, changes_table, figures_table, moved, waterfall
from ...i18n import language
from ...money import currency
from ...recent import Recent
from ..language import chosen
from . import selectors
from .results import shown, spec_json
from .services import digest

_COMPARED = Recent(16)


def _comparison(old: str, new: str, lang: str) -> Comparison | None:
    """The comparison of two documents, or None when either has no results."""

    def make() -> Comparison | None:
        before, after = shown(old, lang).results, shown(new, lang).results
        if before is None or after is None:
            return None
        with language(lang):
            return compare(before.model, after.model, None, before, after)

    return _COMPARED.kept((digest(old), digest(new), lang), make)


@login_required
def compare_pick(request: HttpRequest, uid: str) -> HttpResponse:
    """The form on the versions page: two version numbers to the compare page."""
    case = selectors.case_for(request.user, uid)
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        return redirect("cases:versions", case.uid)
    return redirect("cases:compare", case.uid, a, b)


@login_required
def case_compare(request: HttpRequest, uid: str, a: int, b: int) -> HttpResponse:
    """Version ``a`` (old) against version ``b`` (new)."""
    case = selectors.case_for(request.user, uid)
    old, new = selectors.version_of(case, a), selectors.version_of(case, b)
    lang = chosen()
    comparison = _comparison(old.document, new.document, lang)
    context: dict[str, Any] = {"case": case, "old": old, "new": new, "comparison": comparison}
    if comparison is not None:
        model = shown(new.document, lang).results
        assert model is not None
        with language(lang), currency(model.currency):
            figures = moved(comparison)
            ids = [f.id for f in figures]
            wanted = request.GET.get("figure")
            figure = figures[ids.index(wanted)] if wanted in ids else next(iter(figures), None)
            context.update(
                changes=changes_table(comparison),
                figures=figures_table(comparison),
                choices=[(f.id, f"{f.where} · {f.label}") for f in figures],
                chosen=figure.id if figure else None,
            )
            if figure is not None:
                context.update(
                    attribution=attribution_table(comparison, figure),
                    charts=[
                        spec_json(waterfall(comparison, figure, "shapley")),
                        spec_json(waterfall(comparison, figure, "sequential")),
                    ],
                )
    return render(request, "cases/compare.html", context)
