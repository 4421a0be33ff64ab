"""A cohort's indicators from its stored measurements: per indicator of its business case
the change start → end, over all client cases and per segment, with the bootstrap
interval — the figures ``rendement report --indicators`` gives for the same values.

Only finished measurements count, and only where the client case's consent for that
instrument was not refused. The values are read in two queries whatever the number of
client cases (the measurements with their client case's pseudonym and consent, then the
instruments' texts), and each instrument's text is loaded once per process; what the
answers mean comes from :func:`rendement.instrument.answers.measure`, the function the
forms use, so the page and the stored rows never read an answer two ways.

Follow-up measurements are shown apart: per indicator the mean at the follow-up and the
change start → follow-up with its interval (``indicator_changes(..., to="follow_up")``),
over the client cases measured at both; does the change last after the support ended?

A measurement whose answers no longer fit its instrument (the instrument was changed
after) is left out and counted, never guessed at. When two instruments measured the same
indicator of a client case at the same moment, the later finished one counts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from ...cohort.indicators import IndicatorChange, defined, indicator_changes, measurements_from
from ...cohort.reading import CohortError
from ...instrument.answers import AnswerError, measure
from ...instrument.loading import loads_instrument
from ...instrument.schema import YES_NO
from ...money import number
from ..cases.services import check_document
from .models import Consent, Instrument, Measurement, Status

if TYPE_CHECKING:
    from ...instrument.schema import Instrument as InstrumentSpec
    from ..cohorts.models import Cohort

SEED = 2019
"""The bootstrap's seed: the CLI's default, so the page and ``rendement report`` agree."""

Value = tuple[str, str, str, float]
"""(pseudonym, moment, indicator id, value): a row of the table of measured values."""


@dataclass
class CohortIndicators:
    """What the cohort page, the report and the workbook show of the indicators."""

    changes: list[IndicatorChange] = field(default_factory=list)
    follow_up: list[IndicatorChange] = field(default_factory=list)  # start → follow-up
    defined: int = 0  # indicators with a ``measure`` in the business case
    measurements: int = 0  # finished measurements read
    unreadable: int = 0  # finished measurements whose answers do not fit their instrument
    why_not: str = ""  # a Dutch sentence when there is nothing to show


@functools.lru_cache(maxsize=32)
def _instrument(text: str) -> InstrumentSpec:
    """An instrument's text loaded once per process (it was checked before it was stored)."""
    return loads_instrument(text).instrument


def measured_values(
    cohort: Cohort,
) -> tuple[list[Value], dict[str, dict[str, str]], int, int]:
    """The indicator values of the cohort's finished measurements, the attributes of the
    client cases measured, the number of those measurements, and how many of them could
    not be read. Two queries."""
    consent = Consent.objects.filter(
        client=OuterRef("client"), instrument=OuterRef("instrument")
    ).values("given")[:1]
    rows = list(
        Measurement.objects.filter(client__cohort=cohort, status=Status.FINISHED)
        .annotate(consent=Subquery(consent))
        .order_by("finished_at", "pk")
        .values_list(
            "client__pseudonym",
            "client__attributes",
            "instrument_id",
            "moment",
            "answers",
            "consent",
        )
    )
    texts = dict(Instrument.objects.filter(pk__in={r[2] for r in rows}).values_list("pk", "text"))
    kept: dict[tuple[str, str, str], float] = {}  # later measurements overwrite earlier
    attributes: dict[str, dict[str, str]] = {}
    read = unreadable = 0
    for pseudonym, shown, instrument_id, moment, answers, given in rows:
        if given is not None and not given:  # consent refused: the answers are not used
            continue
        read += 1
        attributes[pseudonym] = {a: str((shown or {}).get(a, "")) for a in cohort.attributes}
        instrument = _instrument(texts[instrument_id])
        answers = dict(answers or {})
        for question in instrument.questions:  # consent recorded apart from the answers
            if question.consent and question.id not in answers and given:
                answers[question.id] = YES_NO[0]
        try:
            meaning = measure(instrument, moment, answers)
        except AnswerError:
            unreadable += 1
            continue
        for value in meaning.indicators:
            kept[(pseudonym, moment, value.indicator)] = value.value
    values = [(case, moment, indicator, v) for (case, moment, indicator), v in kept.items()]
    return values, attributes, read, unreadable


def cohort_indicators(cohort: Cohort, by: str | None = None) -> CohortIndicators:
    """The change of every indicator the cohort's business case defines that its client
    cases were measured on (``by``: per segment of that attribute), or why there is none."""
    out = CohortIndicators()
    if cohort.prices is None:
        out.why_not = _("De business case met de prijzen is verwijderd; kies een andere.")
        return out
    checked = check_document(cohort.prices.latest().document)
    if checked.model is None:
        out.why_not = _("De business case is nog niet compleet.")
        return out
    specs = defined(checked.model.case)
    out.defined = len(specs)
    if not specs:
        out.why_not = _(
            "De business case heeft geen indicator om te meten. Geef een effect dat niet in "
            "geld is uitgedrukt een meetbare indicator (met een schaal, nulmeting en "
            "streefwaarde) om hier de verandering te zien."
        )
        return out
    values, attributes, out.measurements, out.unreadable = measured_values(cohort)
    ids = {spec.id for _name, _effect, spec in specs}
    mine = [v for v in values if v[2] in ids]
    if mine:
        try:
            measured = measurements_from(mine, ids, attributes, source=cohort.name)
        except CohortError:  # cannot happen with values read from stored answers
            measured = None
        if measured is not None:
            grouping = by if by in measured.attributes else None
            out.changes = indicator_changes(measured, specs, grouping, seed=SEED)
            if any(m.moment == "follow_up" for m in measured.values):
                out.follow_up = indicator_changes(
                    measured, specs, grouping, seed=SEED, to="follow_up"
                )
    if not any(c.total.count for c in out.changes):
        names = ", ".join(name for name, _effect, _spec in specs)
        out.why_not = _(
            "Nog geen casus is bij de start en aan het eind gemeten op {names}. Rond per "
            "casus een start- en een eindmeting af met een instrument dat deze indicator "
            "meet; dan staat hier de verandering."
        ).format(names=names)
    return out


def report_indicators(cohort: Cohort, by: str | None = None) -> list[IndicatorChange] | None:
    """The changes to pass to the report and the workbook, start → end and, where client
    cases were measured again later, start → follow-up (None: nothing measured)."""
    found = cohort_indicators(cohort, by)
    return [c for c in [*found.changes, *found.follow_up] if c.total.count] or None


@dataclass(frozen=True)
class ShownRow:
    """One row of the page's table: an indicator's whole group or one segment."""

    first: bool  # the indicator's first row (its name, scale and target are on it)
    name: str
    scale: str
    direction: str
    group: str
    count: int
    start: str
    end: str
    change: str
    low: str
    high: str
    baseline: str
    target: str
    reached: str
    verdict: str  # improvement or not, in words, for a screen reader ('' for no change)


def _n(value: float) -> str:
    return number(value, 2)


def _signed(value: float) -> str:
    return f"+{_n(value)}" if value > 0 else _n(value)


def shown_rows(changes: list[IndicatorChange]) -> list[ShownRow]:
    """The page's rows: per indicator its whole group, then each segment shown apart."""
    rows = []
    for indicator in changes:
        direction = _("hoger is beter") if indicator.direction == "higher" else _("lager is beter")
        for n, change in enumerate([indicator.total, *indicator.segments]):
            rows.append(
                ShownRow(
                    n == 0,
                    indicator.name,
                    indicator.scale,
                    direction,
                    change.value or _("alle casussen"),
                    change.count,
                    _n(change.start),
                    _n(change.end),
                    _signed(change.change),
                    _signed(change.interval.low),
                    _signed(change.interval.high),
                    "—" if indicator.baseline is None else _n(indicator.baseline),
                    "—" if indicator.target is None else _n(indicator.target),
                    ""
                    if change.reached is None
                    else _("{reached} van {count}").format(
                        reached=change.reached, count=change.count
                    ),
                    ""
                    if change.change == 0
                    else _("een verbetering")
                    if indicator.better(change.change)
                    else _("een verslechtering"),
                )
            )
    return rows


def notes(changes: list[IndicatorChange]) -> list[str]:
    """What the table leaves out, per indicator, in words."""
    out = []
    for indicator in changes:
        if indicator.hidden:
            out.append(
                _(
                    "{name}: in groepen te klein om apart te tonen (aantal casussen: {cases})."
                ).format(name=indicator.name, cases=indicator.hidden_cases)
            )
        if indicator.unpaired:
            out.append(
                _(
                    "{name}: maar op één moment gemeten, telt niet mee (aantal casussen: {count})."
                ).format(name=indicator.name, count=indicator.unpaired)
            )
    return out


def page_context(cohort: Cohort, by: str | None) -> dict[str, object]:
    """The cohort page's section *Indicatoren*: the table's rows, a slope chart per
    indicator with the text a screen reader gives, the notes, or why there is nothing."""
    from ...present.indicators import slope_chart
    from ..cases.results import spec_json

    found = cohort_indicators(cohort, by)
    shown = [c for c in found.changes if c.total.count]
    later = [c for c in found.follow_up if c.total.count]
    charts = []
    for indicator in shown:
        spec = slope_chart(indicator)
        charts.append((spec_json(spec), str(spec.get("description", ""))))
    return {
        "rows": shown_rows(shown),
        "follow_up_rows": shown_rows(later),
        "follow_up_notes": [
            _(
                "{name}: niet bij de start én bij de follow-up gemeten, telt hier niet mee "
                "(aantal casussen: {count})."
            ).format(name=c.name, count=c.unpaired)
            for c in later
            if c.unpaired
        ],
        "charts": charts,
        "notes": notes(shown),
        "why_not": found.why_not,
        "unreadable": found.unreadable,
        "formats": report_formats(),
        "by": shown[0].by if shown else None,
    }


def report_formats() -> list[tuple[str, str]]:
    """The cohort's downloads of the report with the indicators: (format, label)."""
    return [
        ("pdf", _("Rapport (PDF)")),
        ("html", _("Rapport (HTML)")),
        ("docx", _("Rapport (Word)")),
        ("xlsx", _("Werkboek (Excel)")),
    ]
