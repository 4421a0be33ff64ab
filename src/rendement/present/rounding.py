"""Totals beside their rounded parts: when a reader's calculator disagrees, the table says why.

Every amount in a table is rounded on its own (half away from zero, whole units), and a
total or a balance is computed from the exact figures before it is rounded. So
€ 41.488 − € 21.317 may be printed as € 20.172: both are right, but a reader who adds
up the printed figures is left wondering. A table builder therefore declares, for each
total it prints, the exact figures it is made of (:meth:`Table.adds_up`, with the sign
each is counted with); :func:`rounding_note` compares the rounded total with the sum of
the rounded parts and, only when they differ in this table, gives the one note that
explains it. :func:`with_rounding_note` puts that note under the table, for every
renderer (PDF, HTML, Word and the command line) alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import _
from ..money import euro, round_half_away

if TYPE_CHECKING:
    from .tables import Table


def off_by(table: Table) -> float:
    """The largest difference, in whole units, between a printed total and the sum of
    its printed parts (0 when every total adds up as printed)."""
    worst = 0.0
    for total, parts in table.sums:
        printed = sum(round_half_away(p) for p in parts)
        worst = max(worst, abs(round_half_away(total) - printed))
    return worst


def rounding_note(table: Table) -> str | None:
    """The note under a table whose printed total differs from its printed parts, else
    None: a table where everything adds up as printed carries no such note."""
    off = off_by(table)
    if off < 0.5:
        return None
    return _(
        "Bedragen zijn per cel afgerond; totalen en saldi zijn berekend vóór afronding en "
        "kunnen daardoor {off} afwijken van de som of het verschil van de afgeronde bedragen."
    ).format(off=euro(off))


def with_rounding_note(table: Table) -> Table:
    """``table`` with the rounding note added to its caption when it needs one (once)."""
    note = rounding_note(table)
    if note:
        table.add_note(note)
    return table
