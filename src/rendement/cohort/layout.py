"""The layout of a table of client cases: one row per client case and item.

A team fills it in after its work sessions (Excel or CSV), one row for each service,
benefit or risk of a client that changed:

==========================  =======================  ==========================================
column (Dutch)              English                  what it holds
==========================  =======================  ==========================================
``casus``                   ``case_id``              the client case's pseudonym (never a name
                                                     or a citizen service number); required
``post``                    ``item``                 the price's id in the price list
``soort``                   ``kind``                 ``effect`` (default), ``investering``
                                                     (hours or costs spent on the case) or
                                                     ``schaduwwaarde`` (a value that no budget
                                                     pays, such as the client's volunteer work)
``voor``                    ``before``               quantity per year at the start
``na``                      ``after``                quantity per year during or after support
``toerekening``             ``attribution``          the share of the change due to the
                                                     support, agreed in the work session
``kans``                    ``probability``          for a latent risk: the chance it would
                                                     have happened (default 100 %)
==========================  =======================  ==========================================

Every other column is an attribute to group by (type of request for help, target group,
age band, neighbourhood, intervention, start date); it must have one value per client
case. A row whose ``casus`` is ``*`` gives an item's default ``toerekening`` and ``kans``
for the cases that leave them empty. A quantity that is not known is written
``onbekend`` (or ``unknown``): it is never taken for zero, and the item is left out of
that case's figures, which say so. An empty quantity cell is an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_


@dataclass(frozen=True)
class Column:
    key: str  # the name in code
    dutch: str
    english: str
    required: bool
    meaning: str  # in Dutch, a label of the catalogue


COLUMNS = (
    Column("case", "casus", "case_id", True, N_("pseudoniem van de cliëntcasus")),
    Column("item", "post", "item", True, N_("id van het tarief in de prijslijst")),
    Column(
        "kind",
        "soort",
        "kind",
        False,
        N_("effect, investering of schaduwwaarde (standaard effect)"),
    ),
    Column("before", "voor", "before", True, N_("aantal per jaar bij de start")),
    Column("after", "na", "after", True, N_("aantal per jaar tijdens of na de ondersteuning")),
    Column("attribution", "toerekening", "attribution", False, N_("toerekening (0–100%)")),
    Column("probability", "kans", "probability", False, N_("kans bij een latent risico (0–100%)")),
)
"""The columns rendement reads; any other column is an attribute to group by."""

KINDS = {
    "effect": "effect",
    "investering": "investment",
    "investment": "investment",
    "schaduwwaarde": "shadow",
    "shadow": "shadow",
    "shadow value": "shadow",
}
"""A row's kind as written (Dutch or English) → its name in code."""

UNKNOWN = frozenset({"onbekend", "unknown", "?"})
"""How a team writes a quantity nobody knows; never read as zero."""

DEFAULTS = "*"
"""The ``casus`` of a row that gives an item's defaults."""


def column_of(heading: str) -> Column | None:
    """The known column a heading names, in Dutch or English (case and spaces ignored)."""
    name = heading.strip().lower().replace(" ", "_")
    for column in COLUMNS:
        if name in (column.dutch, column.english):
            return column
    return None
