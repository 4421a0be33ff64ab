"""Why the headline did not move: an edit of a value the headline's options do not use.

"Wat de business case oplevert" shows one option per intervention (or the portfolio's
columns). A newcomer who changes the reach of *Huidige situatie* while the headline
shows *Uitbreiding* sees nothing move and concludes the edit was lost. After such an edit
the page says which options the headline shows and where the change did land.
"""

from __future__ import annotations

import hashlib
import json

from ...engine import Results
from ...i18n import _, language
from ...money import currency
from ...present.headline import headline_options
from ...recent import Recent
from .results import panel, shown
from .services import digest

_ROWS = Recent(64)


def _rows(text: str, lang: str) -> list[tuple[str, str]]:
    """Per section of the results panel (none without results) a digest of the rows of
    its tables — what tells whether a section changed, in a few bytes. Made from the
    panel every server process finds (:func:`.results.panel`): the edit after this one
    may land in another process, which then need not evaluate the version it starts from
    again, nor ask the shared cache for more than that panel."""

    def made() -> list[tuple[str, str]]:
        view = panel(text, lang)
        if not view.evaluated:
            return []
        return [
            (section, _digest([row for table in tables for row in table.rows]))
            for section, tables in view.tables
        ]

    return _ROWS.kept((digest(text), lang), made)


def _digest(rows: list[list[str]]) -> str:
    """The rows as SHA-256 of their JSON (unambiguous): equal for equal rows."""
    written = json.dumps([[str(cell) for cell in row] for row in rows], ensure_ascii=False)
    return hashlib.sha256(written.encode("utf-8", "surrogatepass")).hexdigest()


def unmoved(before: str, after: str, lang: str) -> str:
    """A sentence when the edit from ``before`` to ``after`` changed figures, but none of
    the headline's; empty otherwise (nothing changed, or the headline moved too)."""
    new = shown(after, lang)
    if new.results is None or not new.tables:
        return ""
    was, now = _rows(before, lang), _rows(after, lang)
    if not was:
        return ""
    if len(was) != len(now) or was[0] != now[0] or was[0][0] != "":
        return ""  # the headline moved (or is not the first table): nothing to explain
    where = [section for (section, a), (_s, b) in zip(was[1:], now[1:], strict=True) if a != b]
    if not where:
        return ""
    results = new.results
    with language(lang), currency(results.currency):
        shows = _shows(results)
        options = "; ".join(
            _("voor {name} {options}").format(name=name, options=", ".join(shows[name]))
            for name in where
            if shows.get(name)
        ) or "; ".join(headline_options(results))
        return _(
            "De kop toont {options}; uw wijziging verandert die niet. Wat wel verandert, "
            "staat in de tabel {where} hieronder."
        ).format(options=options, where=", ".join(where))


def _shows(results: Results) -> dict[str, list[str]]:
    """Per intervention (by name) the options the headline shows for it, in words."""
    from ...present.headline import _option
    from ...present.tables import headline_evaluations

    case = results.model.case
    out: dict[str, list[str]] = {}
    if results.portfolio:
        for column in results.portfolio:
            for row in column.rows:
                name = case.intervention(row.intervention).name
                words = _option(results, row.intervention, row.variant, row.scenario)
                words = _("{option} (kolom {column})").format(option=words, column=column.name)
                out.setdefault(name, []).append(words)
        return out
    for result in results.interventions:
        out[result.name] = [
            _option(results, result.id, ev.variant, ev.scenario)
            for ev in headline_evaluations(results, result.id)
        ]
    return out
