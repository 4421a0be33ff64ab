"""Why the headline did not move: an edit of a value the headline's options do not use.

"Wat de business case oplevert" shows one option per intervention (or the portfolio's
columns). A newcomer who changes the reach of *Huidige situatie* while the headline
shows *Uitbreiding* sees nothing move and concludes the edit was lost. After such an edit
the page says which options the headline shows and where the change did land.
"""

from __future__ import annotations

from ...i18n import _, language
from ...money import currency
from ...present.headline import headline_options
from .results import shown


def _rows(text: str, lang: str) -> list[tuple[str, list[list[str]]]]:
    return [
        (section, [row for table in tables for row in table.rows])
        for section, tables in shown(text, lang).tables
    ]


def unmoved(before: str, after: str, lang: str) -> str:
    """A sentence when the edit from ``before`` to ``after`` changed figures, but none of
    the headline's; empty otherwise (nothing changed, or the headline moved too)."""
    old, new = shown(before, lang), shown(after, lang)
    if old.results is None or new.results is None or not new.tables or not old.tables:
        return ""
    was, now = _rows(before, lang), _rows(after, lang)
    if len(was) != len(now) or was[0] != now[0] or was[0][0] != "":
        return ""  # the headline moved (or is not the first table): nothing to explain
    where = [section for (section, a), (_s, b) in zip(was[1:], now[1:], strict=True) if a != b]
    if not where:
        return ""
    results = new.results
    with language(lang), currency(results.currency):
        if results.portfolio:
            options = _("de kolommen {columns} van het overzicht").format(
                columns=", ".join(c.name for c in results.portfolio)
            )
        else:
            options = "; ".join(headline_options(results))
        return _(
            "De kop toont {options}; uw wijziging verandert die niet. Wat wel verandert, "
            "staat in de tabel {where} hieronder."
        ).format(options=options, where=", ".join(where))
