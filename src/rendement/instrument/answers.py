"""Answers → a client case's rows and indicator values.

A measurement is the answers of one client case at one moment: a plain mapping from
question id to value, as a web form or a spreadsheet gives it. :func:`measure` checks the
answers against the instrument and says what they mean (quantities per year of price-list
items, indicator levels); :func:`client_case_rows` puts the start measurement (the
situation *before* support) beside the end measurement (*during* support) as rows of the
cohort's format (:mod:`rendement.cohort.layout`), so the cohort's valuation, kassabon,
segments and forecast comparison apply unchanged.

A question left unanswered is *unknown*, never zero: its item's row says ``onbekend``, as
a team's table would. A latent risk becomes its expected quantity (probability × the
quantity it would cost), so the row's own ``kans`` stays free for the work session.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..cohort.layout import UNKNOWN
from ..cohort.reading import ClientCases, Entry
from ..i18n import N_
from ..wording import Text, worded
from .schema import YES_NO, Instrument, Question

KINDS = {"effect": "effect", "investering": "investment", "schaduwwaarde": "shadow"}
"""A cost's kind as an instrument writes it → the cohort's kind (:data:`layout.KINDS`)."""

_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


@dataclass(frozen=True)
class IndicatorValue:
    """One level on an indicator, measured at one moment."""

    indicator: str
    moment: str
    value: float


@dataclass(frozen=True)
class AnswerProblem:
    """One answer that cannot be used: which question, and why (worded when shown)."""

    question: str
    text: Text

    @property
    def message(self) -> str:
        return worded(self.text)

    def __str__(self) -> str:
        return f"{self.question}: {self.message}" if self.question else self.message


class AnswerError(ValueError):
    """The answers cannot be used; ``problems`` says every reason, per question."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = problems
        super().__init__(problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass
class Measurement:
    """What one client case's answers at one moment mean."""

    moment: str
    quantities: dict[tuple[str, str], float | None] = field(default_factory=dict)
    """(item, cohort kind) → quantity per year; None when an answer is missing."""
    indicators: list[IndicatorValue] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    """The open answers, by question id (kept, never valued)."""


def _missing(value: object) -> bool:
    if value is None:
        return True
    return isinstance(value, str) and (not value.strip() or value.strip().lower() in UNKNOWN)


def _number(question: Question, value: object) -> float:
    if isinstance(value, bool):
        raise ValueError(Text(N_("hier hoort een getal, maar er staat {given}"), given=value))
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _NUMBER.match(value.strip()):
        number = float(value.strip().replace(",", "."))
    else:
        raise ValueError(Text(N_("hier hoort een getal, maar er staat {given}"), given=repr(value)))
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(Text(N_("hier hoort een eindig getal")))
    low = question.minimum if question.minimum is not None else 0.0
    if number < low or (question.maximum is not None and number > question.maximum):
        raise ValueError(
            Text(
                N_("het getal hoort tussen {low} en {high} te liggen, maar is {given}"),
                low=f"{low:g}",
                high="∞" if question.maximum is None else f"{question.maximum:g}",
                given=f"{number:g}",
            )
        )
    return number


def _option(question: Question, value: object) -> object:
    """The chosen option; a yes/no question also takes True and False."""
    if question.type == "ja-nee" and isinstance(value, bool):
        value = YES_NO[0] if value else YES_NO[1]
    given = str(value).strip()
    for option in question.choices():
        if option.value == given:
            return option
    raise ValueError(
        Text(
            N_("kies uit {options}; er staat {given}"),
            options=", ".join(_said(o.value, o.label) for o in question.choices()),
            given=repr(value),
        )
    )


def _said(value: str, label: str) -> str:
    """An option as the wrong-answer message lists it: its value, and its label when that
    says more (a table may give either: ``4 (vaak)``).

    >>> _said("ja", "Ja"), _said("4", "vaak")
    ('ja', '4 (vaak)')
    """
    return value if label.strip().lower() in ("", value.lower()) else f"{value} ({label.strip()})"


def measure(
    instrument: Instrument,
    moment: str,
    answers: Mapping[str, object],
    prices: Mapping[str, object] | None = None,
) -> Measurement:
    """The meaning of one client case's answers at ``moment``; :class:`AnswerError` naming
    every unknown question, answer that does not fit, and item missing from ``prices``
    (any mapping keyed by item code, e.g. :func:`rendement.cohort.valuation.prices_from_lists`).
    """
    problems: list[AnswerProblem] = []
    if moment not in instrument.moments:
        problems.append(
            AnswerProblem(
                "",
                Text(
                    N_("het moment '{moment}' hoort niet bij dit instrument (wel: {known})"),
                    moment=moment,
                    known=", ".join(instrument.moments),
                ),
            )
        )
    for key in answers:
        if instrument.question(key) is None:
            problems.append(AnswerProblem(key, Text(N_("deze vraag staat niet in het instrument"))))
    result = Measurement(moment)
    for question in instrument.questions:
        if not question.asked_at(moment):
            continue
        value = answers.get(question.id)
        try:
            _answer(question, value, moment, result)
        except ValueError as error:
            text = error.args[0] if error.args and isinstance(error.args[0], Text) else None
            problems.append(AnswerProblem(question.id, text or Text("{m}", m=str(error))))
        for block in ("cost", "risk"):
            meaning = getattr(question, block)
            if meaning is not None and prices is not None and meaning.item not in prices:
                problems.append(
                    AnswerProblem(
                        question.id,
                        Text(N_("post '{item}' staat niet in de prijslijst"), item=meaning.item),
                    )
                )
    if problems:
        raise AnswerError(problems)
    return result


def _answer(question: Question, value: object, moment: str, result: Measurement) -> None:
    """Adds what one answer means to ``result``; ValueError when it does not fit."""
    if question.consent:
        if _missing(value) or getattr(_option(question, value), "value", None) != YES_NO[0]:
            raise ValueError(
                Text(N_("zonder toestemming ('ja') worden deze antwoorden niet gebruikt"))
            )
        return
    if _missing(value):
        for key in _keys(question):
            result.quantities[key] = None  # unknown: the row says so, never zero
        return
    if question.type == "tekst":
        result.texts[question.id] = str(value)
        return
    number: float | None = None
    chosen = None
    if question.type == "getal":
        number = _number(question, value)
    else:
        chosen = _option(question, value)
    if question.cost is not None:
        amount = number if chosen is None else chosen.quantity  # type: ignore[attr-defined]
        _add(
            result,
            (question.cost.item, KINDS[question.cost.kind]),
            float(amount or 0.0) * question.cost.per_year,
        )
    if question.risk is not None and chosen is not None:
        probability = chosen.probability or 0.0  # type: ignore[attr-defined]
        _add(result, (question.risk.item, "effect"), probability * question.risk.quantity)
    if question.indicator is not None:
        level = number if chosen is None else chosen.level  # type: ignore[attr-defined]
        if level is not None:
            result.indicators.append(IndicatorValue(question.indicator.id, moment, float(level)))


def _keys(question: Question) -> list[tuple[str, str]]:
    keys = []
    if question.cost is not None:
        keys.append((question.cost.item, KINDS[question.cost.kind]))
    if question.risk is not None:
        keys.append((question.risk.item, "effect"))
    return keys


def _add(result: Measurement, key: tuple[str, str], quantity: float) -> None:
    """Quantities of one item from several questions add up; unknown stays unknown."""
    if key in result.quantities and result.quantities[key] is None:
        return
    result.quantities[key] = result.quantities.get(key, 0.0) + quantity  # type: ignore[operator]


def client_case_rows(
    case_id: str,
    before: Measurement,
    during: Measurement,
    attributes: Mapping[str, str] | None = None,
    source: str = "instrument",
) -> ClientCases:
    """One client case as the cohort reads it: a row per item, its quantity per year
    ``before`` support (the start measurement) and ``during`` it (the end measurement).

    An item one measurement does not have (a question not asked then) is unknown there. An
    investment row's ``before`` is 0: time spent on the case exists only during support.
    """
    if before.moment == during.moment:
        raise AnswerError(
            [
                AnswerProblem(
                    "",
                    Text(
                        N_(
                            "voor en tijdens horen twee verschillende momenten, nu twee keer "
                            "'{moment}'"
                        ),
                        moment=before.moment,
                    ),
                )
            ]
        )
    keys = list(dict.fromkeys([*before.quantities, *during.quantities]))
    entries = []
    for n, (item, kind) in enumerate(keys):
        start = 0.0 if kind == "investment" else before.quantities.get((item, kind))
        entries.append(
            Entry(
                row=n + 2,  # as in a table: the headings are row 1
                case=case_id,
                item=item,
                kind=kind,
                before=start,
                after=during.quantities.get((item, kind)),
                attribution=None,
                probability=None,
            )
        )
    attributes = dict(attributes or {})
    return ClientCases(source, list(attributes), {case_id: attributes}, entries)
