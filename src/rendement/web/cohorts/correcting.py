"""Entering and correcting client cases one at a time, with the same checks as an upload.

The stored cohort is written back as the table it came from, the change is made in that
table (a row corrected, added or removed; a case added), and the whole table is read
again by :func:`rendement.cohort.reading.check_cases` and valued with the prices: a
correction passes exactly the checks a file does (numbers, shares, kinds, duplicates,
personal data, items without a price), and is refused with the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ...cohort.layout import DEFAULTS
from ...cohort.reading import ClientCases, CohortError, Entry, Problem, check_cases
from ...cohort.valuation import value_cases
from . import evaluation
from .models import ClientRow, Cohort

FIELDS = ("post", "soort", "voor", "na", "toerekening", "kans")
"""The fields of a row's form: the table's own column names."""

KIND_WORDS = {"effect": "effect", "investment": "investering", "shadow": "schaduwwaarde"}


def number_text(value: float | None, unknown: str = "onbekend") -> str:
    """A stored number as a table cell (never in e-notation); None as ``unknown``."""
    if value is None:
        return unknown
    return format(Decimal(repr(float(value))).normalize(), "f")


def share_text(value: float | None) -> str:
    """A share as a Dutch spreadsheet writes it: ``40%`` (empty: the item's default)."""
    return "" if value is None else f"{number_text(round(value * 100, 9))}%"


def row_cells(row: ClientRow) -> dict[str, str]:
    """A stored row as the form and the table show it."""
    return {
        "post": row.item,
        "soort": KIND_WORDS.get(row.kind, row.kind),
        "voor": number_text(row.before),
        "na": number_text(row.after),
        "toerekening": share_text(row.attribution),
        "kans": share_text(row.probability),
    }


@dataclass
class Change:
    """One correction: of the row ``row`` (its id), or a new row (``row`` None) of the case
    ``pseudonym`` — a new case when ``attributes`` is given; ``remove`` drops the row."""

    pseudonym: str
    cells: dict[str, str] = field(default_factory=dict)
    row: int | None = None
    attributes: dict[str, str] | None = None
    remove: bool = False


@dataclass
class Corrected:
    """The client case's rows after the change, checked, with their row numbers."""

    pseudonym: str
    attributes: dict[str, str]
    entries: list[Entry]
    numbers: list[int]


def apply(cohort: Cohort, change: Change) -> Corrected:
    """The change checked as part of the whole table; :class:`CohortError` with the
    messages of an upload (the column named, no row number: the form is the row)."""
    attributes = list(cohort.attributes)
    headings = ["casus", *attributes, *FIELDS]
    rows: list[list[str]] = []
    numbers: list[int | None] = []
    for item, (attribution, probability) in (cohort.defaults or {}).items():
        rows.append(
            [
                DEFAULTS,
                *[""] * len(attributes),
                item,
                "",
                "",
                "",
                share_text(attribution),
                share_text(probability),
            ]
        )
        numbers.append(None)
    stored = ClientRow.objects.filter(client__cohort=cohort).select_related("client")
    found = change.row is None
    for row in stored.order_by("row"):
        cells = row_cells(row)
        if row.pk == change.row:
            if row.client.pseudonym != change.pseudonym:
                break  # a row of another case: not found
            found = True
            if change.remove:
                continue
            cells = {k: change.cells.get(k, "") for k in FIELDS}
        own = [row.client.attributes.get(a, "") for a in attributes]
        rows.append([row.client.pseudonym, *own, *(cells[k] for k in FIELDS)])
        numbers.append(row.row)
    if not found:
        raise CohortError([Problem(0, "", _("deze regel bestaat niet (meer)"))])
    if cohort.prices is None:
        message = _("de business case met de prijzen is verwijderd; kies een andere")
        raise CohortError([Problem(0, "", message)])
    if change.row is None:
        if change.attributes is not None:
            if cohort.clients.filter(pseudonym=change.pseudonym).exists():
                message = _("casus {id} bestaat al; voeg daar een regel toe")
                raise CohortError([Problem(0, "casus", message.format(id=change.pseudonym))])
            own = [change.attributes.get(a, "") for a in attributes]
        else:
            client = cohort.clients.get(pseudonym=change.pseudonym)
            own = [client.attributes.get(a, "") for a in attributes]
        rows.append([change.pseudonym, *own, *(change.cells.get(k, "") for k in FIELDS)])
        numbers.append(None)
    try:
        cases = check_cases(headings, rows, source=cohort.source)
        value_cases(_only(cases, change.pseudonym), evaluation.prices_for(cohort.prices))
    except CohortError as error:
        raise CohortError(
            [Problem(0, p.column, p.message) for p in error.problems], error.left_out
        ) from None
    highest = max((n for n in numbers if n is not None), default=1)
    mine = [e for e in cases.entries if e.case == change.pseudonym]
    if not mine:
        message = _("dit is de laatste regel van de casus; verwijder dan de casus zelf")
        raise CohortError([Problem(0, "", message)])
    order = [numbers[e.row - 2] for e in mine]  # the table's position → the file's row
    fresh = iter(range(highest + 1, highest + 1 + len(mine)))
    return Corrected(
        change.pseudonym,
        cases.cases.get(change.pseudonym, dict(change.attributes or {})),
        mine,
        [n if n is not None else next(fresh) for n in order],
    )


def _only(cases: ClientCases, pseudonym: str) -> ClientCases:
    """The table reduced to one client case (its rows need a price; the others had one)."""
    return ClientCases(
        cases.source,
        cases.attributes,
        {pseudonym: cases.cases.get(pseudonym, {})},
        [e for e in cases.entries if e.case == pseudonym],
        cases.defaults,
    )
