"""Indicators of effects not valued in money: measured values per client case, and per
segment the change from the start to the end with a bootstrap interval.

A table of measured values has one row per client case, moment and indicator:

==============  =============  =================================================
column (Dutch)  English        what it holds
==============  =============  =================================================
``casus``       ``case_id``    the client case's pseudonym (as in the cohort)
``moment``      ``moment``     ``start``, ``eind`` or ``follow-up``
``indicator``   ``indicator``  the indicator's id (``measure.id`` in the model)
``waarde``      ``value``      the measured value, on the indicator's scale
==============  =============  =================================================

Every other column is an attribute to group by, one value per client case (as in the
cohort's table). The change of a client case is its end value minus its start value; only
client cases measured at both moments count. The bootstrap resamples those differences
with one explicit generator (:func:`rendement.cohort.summary.bootstrap`): per indicator the
whole group first, then the segments largest first, so the same values in the same order
give the same intervals. ``indicator_changes(..., to="follow_up")`` compares the start with
the follow-up measurement instead (does the change last?): the same computation, with the
follow-up value in the place of the end value. The later instruments (questionnaires and
interviews) give ``(indicator, moment, value)`` per client case: :func:`measurements_from`
takes those.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..i18n import _
from .privacy import personal_columns
from .reading import MAX_PROBLEMS, CohortError, Problem, _blank, _number, read_table
from .summary import MIN_SEGMENT, RESAMPLES, Interval, bootstrap

if TYPE_CHECKING:
    from ..model import BusinessCase
    from ..model.interventions import Indicator

MOMENTS = {
    "start": "start",
    "begin": "start",
    "eind": "end",
    "end": "end",
    "follow-up": "follow_up",
    "followup": "follow_up",
    "follow_up": "follow_up",
    "nameting": "follow_up",
}
"""A moment as written (Dutch or English) → its name in code."""

_COLUMNS = {  # key → (Dutch, English)
    "case": ("casus", "case_id"),
    "moment": ("moment", "moment"),
    "indicator": ("indicator", "indicator"),
    "value": ("waarde", "value"),
}


@dataclass(frozen=True)
class Measurement:
    """One measured value of one client case (``row``: the file's row, 0 when given in code)."""

    case: str
    moment: str  # start | end | follow_up
    indicator: str
    value: float
    row: int = 0


@dataclass
class Measurements:
    """A checked table of measured values, as read."""

    source: str
    attributes: list[str]
    cases: dict[str, dict[str, str]]  # pseudonym → attribute values
    values: list[Measurement]


def _column(heading: str) -> str | None:
    name = heading.strip().lower().replace(" ", "_")
    return next((k for k, names in _COLUMNS.items() if name in names), None)


def read_measurements(path: str | Path, known: Iterable[str] | None = None) -> Measurements:
    """The checked values of the file at ``path`` (CSV, Excel, Parquet); ``known``: the
    indicator ids the model has. :class:`CohortError` with every problem and where."""
    path = Path(path)
    headings, rows, above = read_table(path)
    return check_measurements(headings, rows, path.name, above, known)


def check_measurements(
    headings: Sequence[str],
    rows: Iterable[Sequence[Any]],
    source: str = "<tabel>",
    above: int = 0,
    known: Iterable[str] | None = None,
) -> Measurements:
    """The checked values of a table given as headings and rows (row 1: the headings)."""
    numbered = [(n, list(r)) for n, r in enumerate(rows, start=above + 2)]
    kept = [(n, r) for n, r in numbered if not all(_blank(v) for v in r)]
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    attributes: list[tuple[str, int]] = []
    for position, heading in enumerate(headings):
        if not heading:
            continue
        key = _column(str(heading))
        if key is None:
            attributes.append((str(heading), position))
        elif key in positions:
            message = _("deze kop staat er twee keer (ook in kolom {n})")
            problems.append(Problem(above + 1, heading, message.format(n=positions[key] + 1)))
        else:
            positions[key] = position
    for key, (dutch, _english) in _COLUMNS.items():
        if key not in positions:
            problems.append(
                Problem(above + 1, dutch, _("de kolom '{name}' ontbreekt").format(name=dutch))
            )
    table = {h: [r[p] if p < len(r) else None for _n, r in kept] for h, p in attributes}
    for personal in personal_columns(table):
        problems.append(Problem(above + 1, personal.column, personal.reason))
    if problems:
        raise CohortError(problems)
    names = {key: str(headings[p]) for key, p in positions.items()}
    wanted = sorted(set(known)) if known is not None else None
    out = Measurements(source, [h for h, _p in attributes], {}, [])
    first: dict[tuple[str, str, str], int] = {}
    for n, row in kept:

        def cell(key: str, row: list[Any] = row) -> Any:
            p = positions[key]
            return row[p] if p < len(row) else None

        found: dict[str, Any] = {}
        for key in ("case", "indicator"):
            if _blank(cell(key)):
                problems.append(Problem(n, names[key], _("leeg: deze kolom is verplicht")))
            else:
                found[key] = str(cell(key)).strip()
        moment = "" if _blank(cell("moment")) else str(cell("moment")).strip().lower()
        if moment not in MOMENTS:
            message = _("kies start, eind of follow-up; er staat '{given}'")
            problems.append(Problem(n, names["moment"], message.format(given=cell("moment"))))
        else:
            found["moment"] = MOMENTS[moment]
        if _blank(cell("value")):
            message = _("leeg: vul de gemeten waarde in, of laat de rij weg")
            problems.append(Problem(n, names["value"], message))
        else:
            try:
                found["value"] = _number(cell("value"))
            except ValueError as error:
                problems.append(Problem(n, names["value"], str(error)))
        indicator = found.get("indicator")
        if indicator is not None and wanted is not None and indicator not in wanted:
            close = difflib.get_close_matches(indicator, wanted, n=1)
            message = _("het model kent geen indicator '{id}'; bedoelt u '{close}'?")
            if not close:
                message = _("het model kent geen indicator '{id}'; het kent {ids}")
            problems.append(
                Problem(
                    n,
                    names["indicator"],
                    message.format(
                        id=indicator, close=close[0] if close else "", ids=", ".join(wanted) or "—"
                    ),
                )
            )
            continue
        if len(found) < 4:
            continue
        key3 = (found["case"], found["moment"], found["indicator"])
        if key3 in first:
            message = _("casus {case} heeft deze indicator op dit moment al in rij {row}")
            problems.append(
                Problem(n, names["indicator"], message.format(case=key3[0], row=first[key3]))
            )
            continue
        first[key3] = n
        values = {
            h: "" if _blank(row[p] if p < len(row) else None) else str(row[p]).strip()
            for h, p in attributes
        }
        earlier = out.cases.setdefault(found["case"], values)
        for heading, value in values.items():
            if earlier[heading] != value:
                message = _(
                    "casus {case} heeft hier '{value}', eerder '{earlier}'; een kenmerk "
                    "heeft één waarde per casus"
                )
                problems.append(
                    Problem(
                        n,
                        heading,
                        message.format(case=found["case"], value=value, earlier=earlier[heading]),
                    )
                )
        out.values.append(
            Measurement(found["case"], found["moment"], found["indicator"], found["value"], n)
        )
    if problems:
        raise CohortError(problems[:MAX_PROBLEMS], max(0, len(problems) - MAX_PROBLEMS))
    if not out.values:
        raise CohortError([Problem(0, "", _("de tabel heeft geen enkele meetwaarde"))])
    return out


def measurements_from(
    values: Any,
    known: Iterable[str] | None = None,
    attributes: Mapping[str, Mapping[str, str]] | None = None,
    source: str = "<meetwaarden>",
) -> Measurements:
    """Checked values from code: a pandas DataFrame with the table's columns, or an
    iterable of ``(case, moment, indicator, value)`` tuples or of mappings with those keys
    (as the instruments give them); ``attributes`` per client case (pseudonym → values),
    e.g. the cohort's :attr:`ClientCases.cases`. The same checks as a file."""
    if hasattr(values, "columns") and hasattr(values, "itertuples"):  # a DataFrame
        headings = [str(c) for c in values.columns]
        rows: list[list[Any]] = [list(r) for r in values.itertuples(index=False)]
    else:
        headings = ["casus", "moment", "indicator", "waarde"]
        rows = []
        for item in values:
            if isinstance(item, Mapping):
                rows.append([item.get(k) for k in ("case", "moment", "indicator", "value")])
            else:
                rows.append(list(item))
    if attributes:
        names = sorted({k for a in attributes.values() for k in a})
        case_at = next(i for i, h in enumerate(headings) if _column(h) == "case")
        headings = [*headings, *names]
        rows = [
            [*r, *(attributes.get(str(r[case_at]), {}).get(k, "") for k in names)] for r in rows
        ]
    return check_measurements(headings, rows, source, 0, known)


# ----------------------------------------------------------------------------- the change


@dataclass(frozen=True)
class Change:
    """The change of one indicator over a group of client cases measured at start and end
    (or, for a change ``to`` the follow-up, at start and follow-up: ``end`` then holds the
    follow-up)."""

    value: str  # the segment's attribute value; '' for all client cases together
    count: int
    start: float  # mean at the start
    end: float  # mean at the end (at the follow-up for a change to the follow-up)
    change: float  # mean of (end − start) per client case
    interval: Interval  # 95 % bootstrap interval of that mean change
    reached: int | None  # client cases whose end value reached the target (None: no target)


@dataclass(frozen=True)
class Pair:
    """One client case's start and end value of an indicator (for the workbook)."""

    case: str
    segment: str
    start: float
    end: float


@dataclass
class IndicatorChange:
    """One indicator: its definition, the change over all client cases and per segment."""

    id: str
    name: str  # the indicator's name in the model (else the effect's)
    effect: str
    scale: str
    direction: str  # higher | lower
    baseline: float | None
    target: float | None
    total: Change
    by: str | None = None
    segments: list[Change] = field(default_factory=list)
    hidden: int = 0  # segments below the minimum, not shown apart
    hidden_cases: int = 0
    unpaired: int = 0  # client cases measured at only one of start and end
    pairs: list[Pair] = field(default_factory=list)
    to: str = "end"  # the moment compared with the start: end | follow_up

    def better(self, change: float) -> bool:
        """Whether a change is an improvement, given the indicator's direction."""
        return change > 0 if self.direction == "higher" else change < 0


def reached(value: float, target: float | None, direction: str) -> bool:
    """Whether an end value reached the target: at least it (higher is better) or at most."""
    if target is None:
        return False
    return value >= target if direction == "higher" else value <= target


def defined(case: BusinessCase) -> list[tuple[str, str, Indicator]]:
    """The model's measurable indicators: (name, effect, definition), in the model's order."""
    out = []
    for intervention in case.interventions:
        for outcome in intervention.non_monetised:
            if outcome.measure is not None:
                out.append((outcome.indicator or outcome.effect, outcome.effect, outcome.measure))
    return out


def indicator_changes(
    measurements: Measurements,
    indicators: Sequence[tuple[str, str, Indicator]],
    by: str | None = None,
    *,
    min_segment: int = MIN_SEGMENT,
    seed: int = 2019,
    resamples: int = RESAMPLES,
    to: str = "end",
) -> list[IndicatorChange]:
    """Per indicator measured (``indicators`` as :func:`defined` gives them): the change
    start → end over the client cases measured at both, and per segment of ``by``.

    ``to="follow_up"``: the change start → follow-up instead, over the client cases
    measured at the start and the follow-up (an indicator with no value at either is left
    out); ``end`` in its :class:`Change` is then the follow-up's mean. A call has its own
    generator (``seed``), so asking for the follow-up leaves the end's intervals as they
    were."""
    if by is not None and by not in measurements.attributes:
        raise KeyError(by)
    if to not in ("end", "follow_up"):
        raise ValueError(to)
    rng = np.random.default_rng(seed)
    out = []
    for name, effect, spec in indicators:
        starts: dict[str, float] = {}
        ends: dict[str, float] = {}
        for m in measurements.values:
            if m.indicator == spec.id and m.moment == "start":
                starts[m.case] = m.value
            elif m.indicator == spec.id and m.moment == to:
                ends[m.case] = m.value
        if not starts and not ends:
            continue
        both = [c for c in starts if c in ends]
        segment_of = {
            c: measurements.cases.get(c, {}).get(by, "") if by is not None else "" for c in both
        }
        pairs = [Pair(c, segment_of[c], starts[c], ends[c]) for c in both]
        result = IndicatorChange(
            spec.id,
            name,
            effect,
            spec.scale,
            spec.direction,
            spec.baseline,
            spec.target,
            _change("", pairs, spec, rng, resamples),
            by,
            unpaired=len(set(starts) ^ set(ends)),
            pairs=pairs,
            to=to,
        )
        if by is not None:
            groups: dict[str, list[Pair]] = {}
            for pair in pairs:
                groups.setdefault(pair.segment, []).append(pair)
            for value, members in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
                if len(members) < min_segment:
                    result.hidden += 1
                    result.hidden_cases += len(members)
                    continue
                result.segments.append(_change(value, members, spec, rng, resamples))
        out.append(result)
    return out


def _change(
    value: str, pairs: list[Pair], spec: Indicator, rng: np.random.Generator, resamples: int
) -> Change:
    starts = np.array([p.start for p in pairs], dtype=np.float64)
    ends = np.array([p.end for p in pairs], dtype=np.float64)
    differences = ends - starts
    return Change(
        value,
        len(pairs),
        float(starts.mean()) if len(pairs) else 0.0,
        float(ends.mean()) if len(pairs) else 0.0,
        float(differences.mean()) if len(pairs) else 0.0,
        bootstrap(differences, rng, resamples),
        None
        if spec.target is None
        else sum(1 for p in pairs if reached(p.end, spec.target, spec.direction)),
    )
