"""The instrument as a form, independent of who fills it in (a professional during the
interview, or the client through a one-time link).

The meaning of an answer is the instrument room's (:func:`rendement.instrument.answers.measure`):
this module only turns questions into fields and POSTed text back into answers, with the
instrument's own Dutch message per field, so a form and a spreadsheet are checked alike.
Nothing typed is lost: a wrong answer is not stored, but :func:`sections` shows what was
typed beside its message. The consent question is not a field here: it is asked first, on
its own, and kept as a :class:`~.models.Consent` (see :func:`consent_question`).

Two readers, two wordings: the professional's form shows the interview's own texts; the
client's pages (``client=True``) show the instrument's ``client`` blocks where it has
them (B1, no jargon), the same fields and values otherwise, so an answer means the same
whoever gave it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...cohort.layout import UNKNOWN
from ...i18n import _
from ...instrument.answers import AnswerError, measure
from ...instrument.loading import loads_instrument
from ...instrument.schema import YES_NO, Instrument, Question

PREFIX = "q-"
"""A field's name is ``q-`` and the question's id."""


@dataclass(frozen=True)
class Field:
    """One question as a form field."""

    name: str  # the input's name: "q-<question id>"
    label: str  # the question in Dutch as the instrument says it
    help: str  # its explanation ("" if none)
    kind: str  # "keuze" | "getal" | "ja-nee" | "tekst" | "schaal"
    choices: list[tuple[str, str]]  # (value, label) for keuze/ja-nee/schaal, else []
    minimum: float | None
    maximum: float | None
    unit: str  # for getal
    value: str  # what is filled in now (as typed), "" if unanswered
    error: str  # a Dutch message for this field, "" if none

    @property
    def id(self) -> str:
        """The element id of the input (and the stem of its help and error ids)."""
        return "f-" + self.name

    @property
    def described_by(self) -> str:
        """The ids that ``aria-describedby`` names: the help, then the error (its element is
        always there, empty without a message, so a message saved by HTMX lands in it)."""
        ids = [self.id + "-help"] if self.help else []
        ids.append(self.id + "-error")
        return " ".join(ids)

    @property
    def grouped(self) -> bool:
        """Answered by a radio button: a fieldset of its own with the question as legend."""
        return bool(self.choices)


@dataclass(frozen=True)
class Section:
    """One domain of the instrument."""

    title: str
    intro: str
    fields: list[Field]


_CACHE: dict[tuple[int | None, str], Instrument] = {}


def instrument_of(row: Any) -> Instrument:
    """The validated instrument of a stored :class:`~.models.Instrument` row, read once per
    row id and text (the text is checked before it is stored, so this does not fail)."""
    key = (row.pk, hashlib.sha256(row.text.encode()).hexdigest())
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) > 64:
            _CACHE.clear()
        found = _CACHE[key] = loads_instrument(row.text, row.title).instrument
    return found


def consent_question(instrument: Instrument) -> Question | None:
    """The instrument's consent question (asked first, on its own), if it has one."""
    return next((q for q in instrument.questions if q.consent), None)


def asked(instrument: Instrument, moment: str) -> list[Question]:
    """The questions of the form at ``moment``, in the instrument's order (not consent)."""
    return [q for q in instrument.questions if q.asked_at(moment) and not q.consent]


def _shown(value: object) -> str:
    """A stored answer as the form shows it (a Dutch decimal comma)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES_NO[0] if value else YES_NO[1]
    if isinstance(value, int | float):
        text = format(float(value), "f").rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)


def _unit(instrument: Instrument, question: Question) -> str:
    if question.type != "getal":
        return ""
    if question.cost is not None:
        return question.cost.unit
    if question.indicator is not None:
        found = next((i for i in instrument.indicators if i.id == question.indicator.id), None)
        if found is not None and found.unit:
            return found.unit
    return ""


def _choices(question: Question, client: bool = False) -> list[tuple[str, str]]:
    if question.type not in ("keuze", "schaal", "ja-nee"):
        return []
    words = {YES_NO[0]: _("Ja"), YES_NO[1]: _("Nee")}
    out = []
    for o in question.choices():
        if client and o.client is not None:
            out.append((o.value, o.client.label))
        else:
            out.append((o.value, words.get(o.label, o.label) if o.label == o.value else o.label))
    return out


@dataclass(frozen=True)
class Wording:
    """A question's text and help as one reader reads it."""

    text: str
    help: str


def wording(question: Question, client: bool = False) -> Wording:
    """The question in the professional's words, or (``client``) in the client's."""
    text, help_text = question.worded(client)
    return Wording(text, help_text or "")


def field(
    instrument: Instrument,
    question: Question,
    value: str = "",
    error: str = "",
    *,
    client: bool = False,
) -> Field:
    """One question as a field, filled in with ``value`` (as shown); ``client``: in the
    client's words."""
    worded = wording(question, client)
    return Field(
        name=PREFIX + question.id,
        label=worded.text,
        help=worded.help,
        kind=question.type,
        choices=_choices(question, client),
        minimum=question.minimum,
        maximum=question.maximum,
        unit=_unit(instrument, question),
        value=value,
        error=error,
    )


def sections(
    instrument: Instrument,
    moment: str,
    answers: Mapping[str, object],
    typed: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    *,
    client: bool = False,
) -> list[Section]:
    """The domains with the questions asked at ``moment``; ``typed`` (raw POST values) wins
    over stored answers so nothing typed is lost. ``client``: in the client's words (the
    instrument's ``client`` blocks; a domain with one shows its name and description, and
    no description of the interview's when it has none).

    Domains in the instrument's order; questions without a domain last, under "Overige
    vragen". A domain with no question at ``moment`` is left out.
    """
    typed = typed or {}
    errors = errors or {}
    grouped: dict[str | None, list[Field]] = {}
    for question in asked(instrument, moment):
        name = PREFIX + question.id
        value = typed[name] if name in typed else _shown(answers.get(question.id))
        grouped.setdefault(question.domain, []).append(
            field(instrument, question, value, errors.get(name, ""), client=client)
        )
    result = []
    for domain in instrument.domains:
        if domain.id not in grouped:
            continue
        title, intro = domain.name, domain.description
        if client and domain.client is not None:
            title, intro = domain.client.name or title, domain.client.description
        result.append(Section(title, intro or "", grouped[domain.id]))
    if None in grouped:
        result.append(Section(_("Overige vragen"), "", grouped[None]))
    return result


def _stored(question: Question, text: str) -> object:
    """What is kept of a checked answer: a number as a number, anything else as typed."""
    if question.type == "getal":
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() else number
    return text


def _message(question: Question, messages: list[str]) -> str:
    """The field's message as a sentence; a choice not offered (only a changed page sends
    one) is not worded with the options' stored values, which nobody should read."""
    if question.type != "getal":
        return _("Kies een van de antwoorden.")
    text = "; ".join(messages)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def read_answers(
    instrument: Instrument,
    moment: str,
    data: Mapping[str, str],
    previous: Mapping[str, object],
) -> tuple[dict[str, object], dict[str, str]]:
    """The answers after this POST (previous answers updated with the fields present in
    ``data``; an emptied field becomes unanswered) and per field name the Dutch error (via
    :func:`rendement.instrument.answers.measure`'s :class:`AnswerError` problems); answers
    are stored even when some fields have errors, only the wrong ones are not taken (the
    previous answer stays)."""
    questions = {q.id: q for q in asked(instrument, moment)}
    answers = {k: v for k, v in previous.items() if k in questions}
    errors: dict[str, str] = {}
    for question_id, question in questions.items():
        name = PREFIX + question_id
        if name not in data:
            continue
        text = str(data[name]).strip()
        if not text or text.lower() in UNKNOWN:
            answers.pop(question_id, None)
            continue
        candidate = {question_id: text}
        consent = consent_question(instrument)
        if consent is not None and consent.asked_at(moment):
            candidate[consent.id] = YES_NO[0]  # consent is asked apart; not this field's say
        try:
            measure(instrument, moment, candidate)
        except AnswerError as error:
            mine = [p for p in error.problems if p.question == question_id]
            if mine:
                errors[name] = _message(question, [p.message for p in mine])
                continue
        answers[question_id] = _stored(question, text)
    return answers, errors
