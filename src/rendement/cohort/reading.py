"""Reading a table of client cases (CSV, Excel, Parquet) into checked entries, or a list
of every problem with its row and column: a file with a problem imports nothing.

The layout is in :mod:`rendement.cohort.layout`. Row numbers are the spreadsheet's: the
headings are row 1, the first case row 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import tablefile
from ..i18n import _
from .layout import COLUMNS, DEFAULTS, KINDS, UNKNOWN, Column, column_of
from .privacy import personal_columns

MAX_PROBLEMS = 200
"""Problems listed at most; a file with more says how many it left out."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where (row 1 is the headings; 0: the whole file)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("rij {row}").format(row=self.row) if self.row else ""
        if self.column:
            where = f"{where}, {_('kolom')} '{self.column}'" if where else f"'{self.column}'"
        return f"{where}: {self.message}" if where else self.message


class CohortError(ValueError):
    """The table cannot be imported; ``problems`` says every reason and where."""

    def __init__(self, problems: Sequence[Problem], left_out: int = 0) -> None:
        self.problems = list(problems)
        self.left_out = left_out
        lines = [str(p) for p in self.problems]
        if left_out:
            lines.append(_("… en nog {count} problemen").format(count=left_out))
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Entry:
    """One row: a service, benefit or risk of one client case (or time spent on it)."""

    row: int
    case: str
    item: str
    kind: str  # effect | investment | shadow
    before: float | None  # None: not known (never zero)
    after: float | None
    attribution: float | None  # None: the item's default (or 100 %)
    probability: float | None  # None: the item's default (or 100 %)


@dataclass
class ClientCases:
    """A checked table of client cases, as read; nothing valued yet."""

    source: str
    attributes: list[str]  # the columns to group by, in the file's order
    cases: dict[str, dict[str, str]]  # pseudonym → attribute values
    entries: list[Entry]
    defaults: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    """Per item: the attribution and probability of the ``*`` rows."""


# ----------------------------------------------------------------------------- the file


def read_table(path: Path) -> tuple[list[str], list[list[Any]], int]:
    """The headings, rows and lines above the headings of a table file (see
    :mod:`rendement.tablefile`); :class:`CohortError` when it is no table."""
    try:
        return tablefile.read_table(path)
    except tablefile.TableError as error:
        raise CohortError([Problem(0, "", str(error))]) from None


# ----------------------------------------------------------------------------- the cells


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_COMMA = re.compile(r"^-?\d+,\d+$")  # 1,5 from a Dutch spreadsheet
_PERCENT = re.compile(r"^(-?\d+(?:[.,]\d+)?)\s*%$")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any) -> float:
    """A cell as a number, or ValueError with what is expected."""
    if isinstance(value, bool):
        raise ValueError(_("hier hoort een getal, maar er staat {given}").format(given=value))
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(_("hier hoort een eindig getal"))
        return float(value)
    text = str(value).strip()
    if _NUMBER.match(text):
        return float(text)
    if _COMMA.match(text):
        return float(text.replace(",", "."))
    raise ValueError(_("hier hoort een getal, maar er staat '{given}'").format(given=text))


def _quantity(value: Any) -> float | None:
    if isinstance(value, str) and value.strip().lower() in UNKNOWN:
        return None
    if _blank(value):
        raise ValueError(_("leeg: vul een aantal in, of 'onbekend' als niemand het weet"))
    number = _number(value)
    if number < 0:
        raise ValueError(_("een aantal is 0 of meer, maar hier staat {given}").format(given=value))
    return number


def _share(value: Any) -> float | None:
    if _blank(value):
        return None
    text = str(value).strip()
    found = _PERCENT.match(text)
    share = float(found.group(1).replace(",", ".")) / 100 if found else _number(value)
    if not 0.0 <= share <= 1.0:
        message = _("een aandeel ligt tussen 0% en 100%, maar hier staat {value}")
        raise ValueError(message.format(value=text))
    return share


# ----------------------------------------------------------------------------- the table


def read_cases(path: str | Path) -> ClientCases:
    """The checked client cases of the file at ``path``; :class:`CohortError` listing every
    problem (row, column, what is expected) when there is any — then nothing is read."""
    path = Path(path)
    headings, rows, above = read_table(path)
    return check_cases(headings, rows, source=path.name, above=above)


def check_cases(
    headings: Sequence[str],
    rows: Iterable[Sequence[Any]],
    source: str = "<tabel>",
    above: int = 0,
) -> ClientCases:
    """The checked client cases of a table given as its headings and rows (``above``:
    lines above the headings, so that row numbers are the file's)."""
    numbered = [(n, list(r)) for n, r in enumerate(rows, start=above + 2)]
    kept: list[list[Any]] = [r for _n, r in numbered if not all(_blank(v) for v in r)]
    numbers = [n for n, r in numbered if not all(_blank(v) for v in r)]
    problems: list[Problem] = []
    known: dict[str, int] = {}  # column key → position
    attributes: list[tuple[str, int]] = []
    seen: dict[str, int] = {}
    for position, heading in enumerate(headings):
        if not heading:
            if any(not _blank(r[position]) for r in kept if position < len(r)):
                problems.append(
                    Problem(above + 1, _("kolom {n}").format(n=position + 1), _("geen kop"))
                )
            continue
        if heading.lower() in seen:
            message = _("deze kop staat er twee keer (ook in kolom {n})")
            problems.append(
                Problem(above + 1, heading, message.format(n=seen[heading.lower()] + 1))
            )
            continue
        seen[heading.lower()] = position
        column = column_of(heading)
        if column is None:
            attributes.append((heading, position))
        else:
            known[column.key] = position
    for column in COLUMNS:
        if column.required and column.key not in known:
            message = _("de kolom '{name}' ontbreekt ({meaning})")
            problems.append(
                Problem(
                    above + 1,
                    column.dutch,
                    message.format(name=column.dutch, meaning=_(column.meaning)),
                )
            )
    table = {h: [r[p] if p < len(r) else None for r in kept] for h, p in attributes}
    if "case" in known:
        table[headings[known["case"]]] = [r[known["case"]] for r in kept]
    for personal in personal_columns(table):
        problems.append(Problem(above + 1, personal.column, personal.reason))
    if problems:
        raise CohortError(problems)
    return _cases(headings, kept, numbers, known, attributes, source)


def _cases(
    headings: Sequence[str],
    rows: list[list[Any]],
    numbers: list[int],
    known: dict[str, int],
    attributes: list[tuple[str, int]],
    source: str,
) -> ClientCases:
    problems: list[Problem] = []
    names = {c.key: headings[known[c.key]] for c in COLUMNS if c.key in known}

    def cell(row: list[Any], key: str) -> Any:
        position = known.get(key)
        return row[position] if position is not None and position < len(row) else None

    out = ClientCases(source, [h for h, _p in attributes], {}, [])
    first: dict[tuple[str, str, str], int] = {}
    for n, row in zip(numbers, rows, strict=True):
        found: dict[str, Any] = {}
        for column in COLUMNS:
            if column.key not in known:
                continue
            value = cell(row, column.key)
            try:
                found[column.key] = _read(column, value, found)
            except ValueError as error:
                problems.append(Problem(n, names[column.key], str(error)))
        if any(p.row == n for p in problems):
            continue
        case, item, kind = found["case"], found["item"], found.get("kind") or "effect"
        if case == DEFAULTS:
            out.defaults[item] = (found.get("attribution"), found.get("probability"))
            continue
        key = (case, item, kind)
        if key in first:
            message = _("casus {case} heeft post {item} al in rij {row}")
            problems.append(
                Problem(n, names["item"], message.format(case=case, item=item, row=first[key]))
            )
            continue
        first[key] = n
        values = {
            h: "" if _blank(row[p] if p < len(row) else None) else str(row[p]).strip()
            for h, p in attributes
        }
        earlier = out.cases.setdefault(case, values)
        for heading, value in values.items():
            if earlier[heading] != value:
                message = _(
                    "casus {case} heeft hier '{value}', eerder '{earlier}'; een kenmerk "
                    "heeft één waarde per casus"
                )
                problems.append(
                    Problem(
                        n, heading, message.format(case=case, value=value, earlier=earlier[heading])
                    )
                )
        out.entries.append(
            Entry(
                n,
                case,
                item,
                kind,
                found.get("before"),
                found.get("after"),
                found.get("attribution"),
                found.get("probability"),
            )
        )
    if problems:
        raise CohortError(problems[:MAX_PROBLEMS], max(0, len(problems) - MAX_PROBLEMS))
    if not out.entries:
        raise CohortError([Problem(0, "", _("de tabel heeft geen enkele casus"))])
    return out


def _read(column: Column, value: Any, found: dict[str, Any]) -> Any:
    """One cell; ``found`` holds the row's cells read before it (in the order of COLUMNS)."""
    defaults = found.get("case") == DEFAULTS
    if column.key in ("case", "item"):
        if _blank(value):
            raise ValueError(_("leeg: deze kolom is verplicht"))
        return str(value).strip()
    if column.key == "kind":
        text = "" if _blank(value) else str(value).strip().lower()
        if text and text not in KINDS:
            message = _("kies effect, investering of schaduwwaarde; er staat '{given}'")
            raise ValueError(message.format(given=value))
        return KINDS.get(text, "effect")
    if column.key in ("before", "after"):
        if defaults and _blank(value):
            return None
        if column.key == "before" and found.get("kind") == "investment" and _blank(value):
            return 0.0  # time spent on the case: there was no support before it
        return _quantity(value)
    return _share(value)
