"""A table of answers → client-case rows and indicator values, without the web app.

A team that measures on paper, in a spreadsheet or in another system keeps its answers as
a table with one row per client case × moment × question:

==============  ============  ===============================================================
column (Dutch)  English       what it holds
==============  ============  ===============================================================
``casus``       ``case``      the client case's pseudonym (never a name)
``moment``      ``moment``    ``start``, ``eind`` or ``follow-up`` (the web's words, such as
                              "Start (voor de ondersteuning)", are read too)
``vraag``       ``question``  the question's id, or its text as the web app exports it
``antwoord``    ``answer``    a number (comma or point), an option's value or its label
==============  ============  ===============================================================

Every other column is an attribute to group by, one value per client case (as in the
cohort's table). The web app's answers export (``antwoorden-….csv`` from the cohort page)
has this shape with three columns more, ``instrument``, ``status`` and ``domein``: they are
read, not taken for attributes. Its rows of unfinished measurements are left out (as the web
app makes rows only from finished ones), and since the web app stores no answer without the
client's consent, consent is taken as given for such a table; a table made by hand answers
the consent question itself (once per client case is enough).

Each client case's answers go through :func:`.answers.measure` per moment and
:func:`.answers.client_case_rows` (start = before support, eind = during it), so the rows
are the ones the web app makes from the same answers. A client case without both a start
and an end measurement has no rows (its indicator values still count); the result says
which. Every answer that cannot be used is reported with its table row, question and
reason (:class:`AnswersTableError`) — all of them, and nothing is made.

>>> from rendement.instrument import loads_instrument
>>> instrument = loads_instrument('''
... instrument: 1
... meta: {title: Uren, kind: vragenlijst, price_lists: [mbc-de-bilt-2019]}
... moments: [start, eind]
... questions:
...   - {id: toestemming, text: Mogen we uw antwoorden gebruiken?, type: ja-nee, consent: true}
...   - id: uren
...     text: Hoeveel uur hulp per week?
...     type: getal
...     cost: {item: begeleiding_uur, unit: uur per week, per_year: 52}
... ''').instrument
>>> table = (["casus", "moment", "vraag", "antwoord"],
...          [["c1", "start", "toestemming", "Ja"],
...           ["c1", "start", "uren", "2"], ["c1", "eind", "uren", "0,5"]])
>>> made = client_cases_from_answers(instrument, table)
>>> [(e.item, e.before, e.after) for e in made.cases.entries]
[('begeleiding_uur', 104.0, 26.0)]
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cohort.indicators import Measurement as IndicatorMeasurement
from ..cohort.privacy import personal_columns
from ..cohort.reading import ClientCases, Entry
from ..i18n import _
from ..tablefile import TableError, read_table
from ..text import UNSAFE
from .answers import AnswerError, Measurement, client_case_rows, measure
from .schema import YES_NO, Instrument, Question

_COLUMNS = {  # key → names a heading may have (lower case; Dutch and English)
    "case": ("casus", "case", "case_id"),
    "moment": ("moment",),
    "question": ("vraag", "question"),
    "answer": ("antwoord", "answer"),
    "instrument": ("instrument",),
    "status": ("status",),
    "domain": ("domein", "domain"),
}
_READ_ONLY = ("instrument", "status", "domain")
"""Columns of the web export that are read (or skipped), never attributes."""

MOMENTS = {
    "start": "start",
    "begin": "start",
    "eind": "eind",
    "end": "eind",
    "follow-up": "follow-up",
    "followup": "follow-up",
    "follow up": "follow-up",
    "nameting": "follow-up",
}
"""A moment as written (Dutch or English, the web's words without their explanation)."""

FINISHED = frozenset({"afgerond", "finished"})
"""The web export's status of a finished measurement (Dutch or English)."""

_YES_NO = {"ja": YES_NO[0], "yes": YES_NO[0], "nee": YES_NO[1], "no": YES_NO[1]}

_KIND_WORDS = {"effect": "effect", "investment": "investering", "shadow": "schaduwwaarde"}


@dataclass(frozen=True)
class TableProblem:
    """One thing in the table that cannot be used: its row (1 is the headings; 0 the whole
    table), the question it is about, and why."""

    row: int
    question: str
    message: str

    def __str__(self) -> str:
        where = [_("rij {row}").format(row=self.row)] if self.row else []
        if self.question:
            where.append(_("vraag '{question}'").format(question=self.question))
        return f"{', '.join(where)}: {self.message}" if where else self.message


class AnswersTableError(ValueError):
    """The table cannot be used; ``problems`` lists every reason, with row and question."""

    def __init__(self, problems: Sequence[TableProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class AnswersResult:
    """What a table of answers makes: the client cases' rows (the cohort's format), the
    indicator values, what each client case's answers mean per moment, and the client cases
    that have no rows (not both a start and an end measurement)."""

    cases: ClientCases
    indicators: list[IndicatorMeasurement]
    measured: dict[str, dict[str, Measurement]] = field(default_factory=dict)
    without_rows: list[str] = field(default_factory=list)
    left_out: int = 0
    """Rows of the table not used: unfinished measurements, or another instrument's."""

    def __iter__(self) -> Any:  # ``cases, indicators = client_cases_from_answers(...)``
        return iter((self.cases, self.indicators))


def _key(heading: str) -> str | None:
    name = heading.strip().lower().replace("_", " ")
    for key, names in _COLUMNS.items():
        if name in names or name.replace(" ", "_") in names:
            return key
    return None


def _cell(value: Any) -> Any:
    """A cell as given, with the apostrophe the web export puts before ``= + - @`` taken off."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("'") and text[1:2] and text[1:2] in UNSAFE:
            return text[1:]
        return text
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _moment(value: Any) -> str | None:
    text = str(value).strip().lower().split("(")[0].strip()
    return MOMENTS.get(text)


def _question(instrument: Instrument, given: str, moment: str) -> Question | list[Question] | None:
    """The question ``given`` names: its id, or its text (as the web export writes it);
    several questions when the text is ambiguous at ``moment``."""
    found = instrument.question(given)
    if found is not None:
        return found
    wanted = " ".join(given.split()).lower()
    same = [q for q in instrument.questions if " ".join(q.text.split()).lower() == wanted]
    if len(same) > 1:
        same = [q for q in same if q.asked_at(moment)] or same
    if len(same) == 1:
        return same[0]
    return same or None


def _answer(question: Question, value: Any) -> Any:
    """An option's value for a label (case ignored; "Ja"/"Yes" on a yes/no question); any
    other answer as given, for :func:`measure` to check."""
    if question.type not in ("keuze", "schaal", "ja-nee") or not isinstance(value, str):
        return value
    options = question.choices()
    for option in options:
        if option.value == value:
            return value
    lowered = value.lower()
    for option in options:
        if option.value.lower() == lowered:
            return option.value
    for option in options:
        if option.label.strip().lower() == lowered:
            return option.value
    for option in options:
        if option.client is not None and option.client.label.strip().lower() == lowered:
            return option.value
    if question.type == "ja-nee" and lowered in _YES_NO:
        return _YES_NO[lowered]
    return value


def client_cases_from_answers(
    instrument: Instrument,
    table: tuple[Sequence[str], Sequence[Sequence[Any]]] | str | Path,
    *,
    prices: Mapping[str, object] | None = None,
    source: str | None = None,
    above: int = 0,
) -> AnswersResult:
    """The client cases' rows and indicator values a table of answers makes.

    ``table`` is a file (CSV, Excel, Parquet: :mod:`rendement.tablefile`) or its headings
    and rows; ``above``: lines above the headings (a CSV's notes), so rows are numbered as
    in the file. ``prices`` (item code → price), when given, must price every item the
    answers make. :class:`AnswersTableError` with every problem; nothing is made then.
    Unpacks as ``cases, indicators``.
    """
    if isinstance(table, str | Path):
        path = Path(table)
        try:
            headings, rows, above = read_table(path)
        except TableError as error:
            raise AnswersTableError([TableProblem(0, "", str(error))]) from None
        source = source or path.name
    else:
        headings, rows = list(table[0]), [list(r) for r in table[1]]
    source = source or _("antwoorden")
    headings = [str(h).strip() for h in headings]
    problems: list[TableProblem] = []

    columns: dict[str, int] = {}
    attributes: list[tuple[str, int]] = []
    for i, heading in enumerate(headings):
        key = _key(heading)
        if key is None:
            if heading:
                attributes.append((heading, i))
        elif key in columns:
            problems.append(
                TableProblem(
                    1, "", _("de kolom '{column}' staat er twee keer").format(column=heading)
                )
            )
        else:
            columns[key] = i
    for key in ("case", "moment", "question", "answer"):
        if key not in columns:
            problems.append(
                TableProblem(
                    1,
                    "",
                    _(
                        "de kolom '{column}' ontbreekt (kolommen: casus, moment, vraag, antwoord)"
                    ).format(column=_COLUMNS[key][0]),
                )
            )
    personal = personal_columns(
        {h: [r[i] if i < len(r) else None for r in rows] for i, h in enumerate(headings)}
    )
    for found in personal:
        problems.append(
            TableProblem(
                1,
                "",
                _(
                    "de kolom '{column}' bevat {reason}: zulke gegevens horen niet in "
                    "rendement; gebruik een pseudoniem en laat persoonsgegevens weg"
                ).format(column=found.column, reason=found.reason),
            )
        )
    if problems:
        raise AnswersTableError(problems)

    def cell(row: Sequence[Any], key: str) -> Any:
        at = columns.get(key)
        return _cell(row[at]) if at is not None and at < len(row) else None

    instruments = {str(cell(r, "instrument")) for r in rows if not _blank(cell(r, "instrument"))}
    only = instrument.meta.title if len(instruments) > 1 else None
    if only is not None and only not in instruments:
        raise AnswersTableError(
            [
                TableProblem(
                    0,
                    "",
                    _("de tabel heeft antwoorden van {titles}, maar geen van '{title}'").format(
                        titles=", ".join(sorted(instruments)), title=only
                    ),
                )
            ]
        )
    from_web = "status" in columns
    consent = next((q for q in instrument.questions if q.consent), None)

    answers: dict[str, dict[str, dict[str, Any]]] = {}  # case → moment → question → value
    where: dict[tuple[str, str, str], int] = {}  # (case, moment, question) → table row
    first: dict[tuple[str, str], int] = {}  # (case, moment) → its first table row
    values: dict[str, dict[str, tuple[str, int]]] = {}  # case → attribute → (value, row)
    consents: dict[str, Any] = {}
    left_out = 0
    for n, row in enumerate(rows):
        number = n + 2 + above
        if all(_blank(c) for c in row):
            continue
        if only is not None and str(cell(row, "instrument")) != only:
            left_out += 1
            continue
        status = cell(row, "status")
        if from_web and not _blank(status) and str(status).strip().lower() not in FINISHED:
            left_out += 1
            continue
        case = cell(row, "case")
        given_question = cell(row, "question")
        label = "" if _blank(given_question) else str(given_question)
        if _blank(case):
            problems.append(TableProblem(number, label, _("de casus (pseudoniem) ontbreekt")))
            continue
        case = str(case)
        moment = _moment(cell(row, "moment")) if not _blank(cell(row, "moment")) else None
        if moment is None:
            problems.append(
                TableProblem(
                    number,
                    label,
                    _("het moment '{moment}' is geen start, eind of follow-up").format(
                        moment="" if _blank(cell(row, "moment")) else cell(row, "moment")
                    ),
                )
            )
            continue
        for heading, at in attributes:
            value = _cell(row[at]) if at < len(row) else None
            text = "" if _blank(value) else str(value)
            seen = values.setdefault(case, {})
            if heading not in seen:
                seen[heading] = (text, number)
            elif seen[heading][0] != text:
                problems.append(
                    TableProblem(
                        number,
                        "",
                        _(
                            "casus {case} heeft in kolom '{column}' twee waarden: "
                            "'{first}' (rij {row}) en '{second}'"
                        ).format(
                            case=case,
                            column=heading,
                            first=seen[heading][0],
                            row=seen[heading][1],
                            second=text,
                        ),
                    )
                )
        if not label:
            problems.append(TableProblem(number, "", _("de vraag ontbreekt")))
            continue
        question = _question(instrument, label, moment)
        if question is None:
            problems.append(
                TableProblem(number, label, _("deze vraag staat niet in het instrument"))
            )
            continue
        if isinstance(question, list):
            problems.append(
                TableProblem(
                    number,
                    label,
                    _(
                        "deze tekst hoort bij meer vragen ({ids}); schrijf de id van de vraag"
                    ).format(ids=", ".join(q.id for q in question)),
                )
            )
            continue
        first.setdefault((case, moment), number)
        value = cell(row, "answer")
        if question.consent:
            consents.setdefault(case, _answer(question, value))
            if _answer(question, value) != YES_NO[0]:
                consents[case] = _answer(question, value)
            continue
        spot = (case, moment, question.id)
        if spot in where:
            problems.append(
                TableProblem(
                    number,
                    question.id,
                    _(
                        "casus {case} heeft op moment {moment} al een antwoord op deze vraag "
                        "(rij {row})"
                    ).format(case=case, moment=moment, row=where[spot]),
                )
            )
            continue
        where[spot] = number
        if not _blank(value):
            answers.setdefault(case, {}).setdefault(moment, {})[question.id] = _answer(
                question, value
            )
        else:
            answers.setdefault(case, {}).setdefault(moment, {})

    measured: dict[str, dict[str, Measurement]] = {}
    for case, moments in answers.items():
        for moment, given in moments.items():
            if consent is not None:
                given = {**given, consent.id: YES_NO[0] if from_web else consents.get(case)}
            try:
                measured.setdefault(case, {})[moment] = measure(instrument, moment, given, prices)
            except AnswerError as error:
                for problem in error.problems:
                    at = where.get((case, moment, problem.question), first[(case, moment)])
                    problems.append(
                        TableProblem(
                            at,
                            problem.question,
                            _("casus {case}, {moment}: {reason}").format(
                                case=case, moment=moment, reason=problem.message
                            ),
                        )
                    )
    if problems:
        raise AnswersTableError(sorted(problems, key=lambda p: (p.row, p.question)))

    names = [heading for heading, _at in attributes]
    cases: dict[str, dict[str, str]] = {}
    entries: list[Entry] = []
    without: list[str] = []
    indicators: list[IndicatorMeasurement] = []
    for case, done in measured.items():
        attrs = {k: v for k, (v, _row) in values.get(case, {}).items()}
        cases[case] = attrs
        for moment in ("start", "eind", "follow-up"):
            if moment in done:
                indicators.extend(
                    IndicatorMeasurement(
                        case,
                        {"start": "start", "eind": "end"}.get(moment, "follow_up"),
                        v.indicator,
                        v.value,
                        first[(case, moment)],
                    )
                    for v in done[moment].indicators
                )
        if "start" in done and "eind" in done:
            made = client_case_rows(case, done["start"], done["eind"], attrs)
            entries.extend(made.entries)
        elif any(q.cost or q.risk for q in instrument.questions):
            without.append(case)
    without.extend(c for c in consents if c not in measured)  # a consent, no answers
    entries = [
        Entry(n + 2, e.case, e.item, e.kind, e.before, e.after, e.attribution, e.probability)
        for n, e in enumerate(entries)
    ]
    return AnswersResult(
        ClientCases(source, names, cases, entries), indicators, measured, without, left_out
    )


def _quantity(value: float | None) -> str:
    return "onbekend" if value is None else repr(float(value))


def write_cases(cases: ClientCases, path: Path) -> None:
    """The rows as the cohort's table (CSV, Dutch headings): what ``rendement cohort
    evaluate`` and the web app's import read. Quantities unrounded; unknown is ``onbekend``."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["casus", *cases.attributes, "post", "soort", "voor", "na"])
        for e in cases.entries:
            attrs = cases.cases.get(e.case, {})
            writer.writerow(
                [
                    e.case,
                    *(attrs.get(a, "") for a in cases.attributes),
                    e.item,
                    _KIND_WORDS[e.kind],
                    _quantity(e.before),
                    _quantity(e.after),
                ]
            )


def write_indicators(
    values: Sequence[IndicatorMeasurement], cases: ClientCases, path: Path
) -> None:
    """The indicator values as the table ``rendement report --indicators`` reads
    (:mod:`rendement.cohort.indicators`): casus, moment, indicator, waarde, attributes."""
    words = {"start": "start", "end": "eind", "follow_up": "follow-up"}
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["casus", *cases.attributes, "moment", "indicator", "waarde"])
        for v in values:
            attrs = cases.cases.get(v.case, {})
            writer.writerow(
                [
                    v.case,
                    *(attrs.get(a, "") for a in cases.attributes),
                    words[v.moment],
                    v.indicator,
                    repr(float(v.value)),
                ]
            )
