"""References to the published report a model reproduces, and its author's remarks.

A model that reproduces a published report records what that report printed
(``reported:``), where it printed it ("Tabel 12", "§4.2 (tekst)") and the model author's
remarks on it. In *this* report "Tabel 12" is another table, so every such reference
says whose table it is — "Tabel 12 van het rapport uit 2019" — and a remark is shown
under the table of this report that shows the same figures (the investment, the effect
lines, or the net savings of that option), where a reader who wonders about them is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:
    from ..engine import Results
    from .tables import Table

_BARE = re.compile(r"\b(Tabel|Table|Figuur|Figure) (\d+)\b(?! van het rapport| of the report| \()")
"""A table or figure number not yet said to be the published report's."""


def published_year(results: Results) -> int:
    """The year of the published report: the model's document date (``meta.date``)."""
    return results.model.case.meta.date.year


def in_published(results: Results, place: str) -> str:
    """``Tabel 12`` → ``Tabel 12 van het rapport uit 2019``."""
    return _("{place} van het rapport uit {year}").format(place=place, year=published_year(results))


def cited(results: Results, text: str) -> str:
    """A remark's own "Tabel 2" becomes "Tabel 2 (2019)": it is the published report's."""
    year = published_year(results)
    return _BARE.sub(lambda m: f"{m.group(0)} ({year})", text)


def remark_text(results: Results, place: str, remark: str) -> str:
    """One remark as a note: where the published report printed it, then the remark."""
    return _("Bij {place}: {remark}").format(
        place=in_published(results, place), remark=cited(results, " ".join(remark.split()))
    )


_INVESTMENT = re.compile(r"^(investments\.|investment$)")
_EFFECTS = re.compile(
    r"^(effects\.|gross$|perspective_gross$|gross_per_case$|perspective_gross_per)"
)


def target(paths: list[str]) -> str:
    """Which of an option's tables shows the figures at ``paths``: investment, gross or net."""
    if paths and all(_INVESTMENT.match(p) for p in paths):
        return "investment"
    if any(_EFFECTS.match(p) for p in paths):
        return "gross"
    return "net"


def add_remarks(
    results: Results,
    intervention: str,
    tables: list[tuple[Table, str, str | None, str | None]],
) -> None:
    """Put each remark of the intervention's ``reported:`` entries under the table that
    shows its figures. ``tables``: (table, what it shows, variant, scenario), with None
    for a table of every variant or scenario."""
    model = results.model.case.intervention(intervention)
    first_variant = model.variants[0].id if model.variants else None
    for entry in model.reported:
        if not entry.remarks:
            continue
        kind = target(list(entry.figures))
        variant = entry.variant or first_variant
        scenario = entry.scenario
        default = _pick(tables, kind, variant, scenario) or _pick(tables, "net", None, None)
        for remark in entry.remarks:
            chosen = _naming(tables, remark, variant, scenario) or default
            if chosen is not None:
                chosen.add_note(remark_text(results, entry.table, remark))


def _naming(
    tables: list[tuple[Table, str, str | None, str | None]],
    remark: str,
    variant: str | None,
    scenario: str | None,
) -> Table | None:
    """The option's table with a line the remark names in quotes ('Inzet projectbegeleiding
    (24 + 12 uur per week)'): the remark belongs where that line is printed."""
    quoted = {q.strip() for q in re.findall(r"'([^']+)'", " ".join(remark.split()))}
    for kind in ("investment", "gross", "net"):
        table = _pick(tables, kind, variant, scenario)
        if table is None:
            continue
        labels = {row[0].removesuffix(" *").strip() for row in table.rows if row}
        if quoted & labels:
            return table
    return None


def _pick(
    tables: list[tuple[Table, str, str | None, str | None]],
    kind: str,
    variant: str | None,
    scenario: str | None,
) -> Table | None:
    """The best table of ``kind`` for the option: the same variant and scenario, else the
    same variant (another scenario shown), else any of that kind."""

    def fits(have: str | None, want: str | None) -> bool:
        return have is None or want is None or have == want

    same = [t for t, k, v, s in tables if k == kind and fits(v, variant) and fits(s, scenario)]
    if same:
        return same[0]
    near = [t for t, k, v, _s in tables if k == kind and fits(v, variant)]
    return near[0] if near else None
