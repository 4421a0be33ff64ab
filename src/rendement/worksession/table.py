"""Judgements from a table (CSV, Excel or Parquet): one row per participant per item.

A session held on paper or in a spreadsheet is typed into a table rather than into YAML:

=============== ============== ===============================================
column (Dutch)  English        what it holds
=============== ============== ===============================================
``deelnemer``   ``participant`` the participant's id (in the session file)
``onderdeel``   ``item``        the item's id (in the session file)
``waarde``      ``value``       the judgement: ``60%`` or ``0.6``
``laag``        ``low``         optional: lowest plausible value
``hoog``        ``high``        optional: highest plausible value
``tijdstip``    ``at``          when: ``2026-03-12T10:15`` (or ``2026-03-12 10:15``)
``toelichting`` ``note``        optional: the participant's reason
=============== ============== ===============================================

The people and the items stay in the session's YAML file; the table adds judgements.
Each problem names the table's row and column, in Dutch or English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import tablefile
from ..i18n import N_
from ..model.errors import Problem
from ..model.messages import translate
from ..wording import Text, known, suggestion
from .checks import outside_range
from .loading import WorkSessionError
from .schema import Judgement, WorkSession

COLUMNS = {
    "participant": ("deelnemer", "participant"),
    "item": ("onderdeel", "item"),
    "value": ("waarde", "value"),
    "low": ("laag", "low"),
    "high": ("hoog", "high"),
    "at": ("tijdstip", "at"),
    "note": ("toelichting", "note"),
}
REQUIRED = ("participant", "item", "value", "at")


def _field(heading: str) -> str | None:
    name = heading.strip().lower()
    return next((key for key, names in COLUMNS.items() if name in names), None)


def judgements_from_table(path: str | Path, session: WorkSession) -> list[Judgement]:
    """The judgements of a table, checked against the session's participants and items;
    :class:`WorkSessionError` listing every problem with its row and column."""
    file = str(path)
    try:
        headings, rows, skipped = tablefile.read_table(Path(path))
    except tablefile.TableError as error:
        raise WorkSessionError([Problem(file, None, "", str(error), "table")]) from None
    fields = [_field(h) for h in headings]
    problems = [
        Problem(
            file,
            skipped + 1,
            COLUMNS[key][0],
            Text(N_("de kolom '{column}' ontbreekt"), column=COLUMNS[key][0]),
            "missing",
        )
        for key in REQUIRED
        if key not in fields
    ]
    if problems:
        raise WorkSessionError(problems)
    people = [p.id for p in session.participants]
    items = [i.id for i in session.items]
    out = []
    for n, row in enumerate(rows):
        line = skipped + 2 + n
        raw: dict[str, Any] = {}
        for key, cell in zip(fields, row, strict=False):
            if key is None or cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            raw[key] = (
                cell.strip().replace(" ", "T", 1) if key == "at" and isinstance(cell, str) else cell
            )
        if not raw:
            continue  # an empty row
        try:
            judgement = Judgement.model_validate(raw)
        except ValidationError as error:
            for detail in error.errors():
                key = str(detail["loc"][0]) if detail["loc"] else ""
                code, message = translate(detail, Judgement)
                problems.append(Problem(file, line, COLUMNS.get(key, (key,))[0], message, code))
            continue
        for key, ids, block in (
            ("participant", people, "participants"),
            ("item", items, "items"),
        ):
            ident = getattr(judgement, key)
            if ident not in ids:
                problems.append(
                    Problem(
                        file,
                        line,
                        COLUMNS[key][0],
                        Text(
                            N_("'{id}' staat niet in '{block}' ({known}).{hint}"),
                            id=ident,
                            block=block,
                            known=known(ids),
                            hint=suggestion(ident, ids),
                        ),
                        f"unknown_{key}",
                    )
                )
        low = judgement.low if judgement.low is not None else judgement.value
        high = judgement.high if judgement.high is not None else judgement.value
        if not low <= judgement.value <= high:
            problems.append(
                Problem(
                    file,
                    line,
                    COLUMNS["value"][0],
                    outside_range(judgement.value, low, high),
                    "outside_range",
                )
            )
        out.append(judgement)
    if problems:
        raise WorkSessionError(problems)
    return out


def with_judgements(session: WorkSession, judgements: list[Judgement]) -> WorkSession:
    """The session with ``judgements`` added to those of its file."""
    return session.model_copy(update={"judgements": [*session.judgements, *judgements]})
