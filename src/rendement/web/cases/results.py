"""The results of a case version as the page shows them: the CLI's tables and the report's
charts (Vega-Lite specs, drawn in the browser by vega-embed).

Loading a document is the expensive step (YAML parse and validation, ~0,1 s for De Bilt);
results are kept per document text in a small process-wide cache, so every viewer of the
same version shares one evaluation.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from ...engine import Results, evaluate
from ...i18n import language
from ...money import currency
from ...present import (
    Table,
    charts,
    financiers_table,
    headline_evaluations,
    intervention_tables,
    portfolio_balance_table,
    portfolio_table,
)
from ...present.headline import headline_table
from .services import Checked, check_document

CACHED = 32


@dataclass
class Shown:
    """What the results panel shows for one document, in one language."""

    checked: Checked
    results: Results | None = None
    tables: list[tuple[str, list[Table]]] = field(default_factory=list)  # per section
    charts: list[tuple[str, str]] = field(default_factory=list)  # (title, spec as JSON)
    findings: list[str] = field(default_factory=list)


def checked(text: str) -> Checked:
    """The document loaded (or its problems), shared with the services' cache."""
    return check_document(text)


def _spec(spec: dict[str, Any] | None) -> str | None:
    return None if spec is None else json.dumps(spec, ensure_ascii=False)


_shown_lock = threading.Lock()
_shown: OrderedDict[tuple[str, str, str], Shown] = OrderedDict()


def shown(text: str, lang: str = "nl", intervention: str | None = None) -> Shown:
    """Tables and charts of the document (all interventions; charts of one), cached per
    document, language and chosen intervention: every viewer of a version shares them."""
    key = (hashlib.sha256(text.encode()).hexdigest(), lang, intervention or "")
    with _shown_lock:
        if key in _shown:
            _shown.move_to_end(key)
            return _shown[key]
    out = _compute(text, lang, intervention)
    with _shown_lock:
        _shown[key] = out
        while len(_shown) > CACHED:
            _shown.popitem(last=False)
    return out


def _compute(text: str, lang: str, intervention: str | None) -> Shown:
    out = Shown(checked(text))
    model = out.checked.model
    if model is None:
        return out
    with language(lang), currency(model.case.meta.currency):
        results = evaluate(model)
        out.results = results
        names = {f.id: f.name for f in model.case.financiers}
        headline = headline_table(results)
        if headline is not None:
            out.tables.append(("", [headline]))
        for result in results.interventions:
            out.tables.append((result.name, intervention_tables(results, result.id)))
        overview = [t for t in (portfolio_table(results), portfolio_balance_table(results)) if t]
        overview.append(financiers_table(results))
        out.tables.append(("Overzicht" if lang == "nl" else "Overview", overview))
        chosen = intervention or results.interventions[0].id if results.interventions else None
        if chosen:
            ev = headline_evaluations(results, chosen)[0]
            for spec in (
                charts.waterfall(ev, results.perspective_name, names),
                charts.who_pays(ev),
            ):
                out.charts.append((str(spec.get("title", "")), _spec(spec) or ""))
        portfolio = charts.portfolio_range(results)
        if portfolio is not None:
            out.charts.append(("portfolio", _spec(portfolio) or ""))
        if any(i.reported for i in model.case.interventions):
            from ...audit import audit

            report = audit(results)
            out.findings = [
                f"{f.table} · {f.where} · {f.label}: {f.cause.text}" for f in report.findings
            ]
    return out
