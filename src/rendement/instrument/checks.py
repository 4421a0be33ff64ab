"""What the schema alone cannot see: references, duplicates, complete meanings, consent.

Each finding is ``(place, code, message)``, like the model's reference checks, so the
loader gives it the line and field path where the author must look.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from ..i18n import N_
from ..model.locations import Loc
from ..prices import CatalogueError, bundled_list, bundled_lists
from ..wording import Text, known, suggestion
from .schema import YES_NO, Instrument, Question

Finding = tuple[Loc, str, Text]


@cache
def _items(list_id: str) -> frozenset[str]:
    return frozenset(bundled_list(list_id).items)


def duplicate_ids(ids: list[str], where: str) -> Iterator[Finding]:
    """A finding for every id that stood earlier in the same block (the instrument's and
    the work session's blocks alike)."""
    seen: set[str] = set()
    for n, ident in enumerate(ids):
        if ident in seen:
            yield (
                (where, n, "id"),
                "duplicate_id",
                Text(
                    N_("de id '{id}' staat twee keer in '{block}'; elke id is uniek"),
                    id=ident,
                    block=where,
                ),
            )
        seen.add(ident)


def check_instrument(instrument: Instrument) -> Iterator[Finding]:
    """Every finding of one validated instrument, in the order of the file."""
    yield from duplicate_ids([d.id for d in instrument.domains], "domains")
    yield from duplicate_ids([i.id for i in instrument.indicators], "indicators")
    yield from duplicate_ids([q.id for q in instrument.questions], "questions")
    items: set[str] = set()
    for n, ref in enumerate(instrument.meta.price_lists):
        try:
            items |= _items(ref)
        except CatalogueError:
            yield (
                ("meta", "price_lists", n),
                "unknown_price_list",
                Text(
                    N_("er is geen meegeleverde prijslijst '{ref}' ({known}).{hint}"),
                    ref=ref,
                    known=known(bundled_lists()),
                    hint=suggestion(ref, bundled_lists()),
                ),
            )
    yield from _consent(instrument)
    domains = [d.id for d in instrument.domains]
    indicators = [i.id for i in instrument.indicators]
    for n, question in enumerate(instrument.questions):
        loc: Loc = ("questions", n)
        if question.domain is not None and question.domain not in domains:
            yield (
                (*loc, "domain"),
                "unknown_domain",
                Text(
                    N_("domein '{ref}' staat niet onder 'domains' ({known}).{hint}"),
                    ref=question.domain,
                    known=known(domains),
                    hint=suggestion(question.domain, domains),
                ),
            )
        for m, moment in enumerate(question.moments or ()):
            if moment not in instrument.moments:
                yield (
                    (*loc, "moments", m),
                    "unknown_moment",
                    Text(
                        N_("het moment '{moment}' staat niet onder 'moments' van het instrument"),
                        moment=moment,
                    ),
                )
        yield from _options(question, loc)
        for block in ("cost", "risk"):
            meaning = getattr(question, block)
            if meaning is None:
                continue
            if not instrument.meta.price_lists:
                yield (
                    (*loc, block, "item"),
                    "no_price_list",
                    Text(
                        N_(
                            "post '{item}' hoort in een prijslijst: noem die onder "
                            "'meta.price_lists' (bijv. mbc-de-bilt-2019)"
                        ),
                        item=meaning.item,
                    ),
                )
            elif items and meaning.item not in items:
                yield (
                    (*loc, block, "item"),
                    "unknown_item",
                    Text(
                        N_("post '{item}' staat niet in de prijslijsten {lists}.{hint}"),
                        item=meaning.item,
                        lists=", ".join(instrument.meta.price_lists),
                        hint=suggestion(meaning.item, sorted(items)),
                    ),
                )
        if question.indicator is not None and question.indicator.id not in indicators:
            yield (
                (*loc, "indicator", "id"),
                "unknown_indicator",
                Text(
                    N_("indicator '{ref}' staat niet onder 'indicators' ({known}).{hint}"),
                    ref=question.indicator.id,
                    known=known(indicators),
                    hint=suggestion(question.indicator.id, indicators),
                ),
            )


def _consent(instrument: Instrument) -> Iterator[Finding]:
    """One consent question, and it comes first: nothing is asked before it is given."""
    consents = [n for n, q in enumerate(instrument.questions) if q.consent]
    if not consents:
        yield (
            ("questions", 0),
            "no_consent",
            Text(
                N_(
                    "de eerste vraag hoort de toestemmingsvraag te zijn (type: ja-nee, "
                    "consent: true); er is er geen"
                )
            ),
        )
    elif consents[0] != 0:
        yield (
            ("questions", consents[0], "consent"),
            "consent_not_first",
            Text(
                N_("de toestemmingsvraag hoort de eerste vraag te zijn; nu is het vraag {number}"),
                number=consents[0] + 1,
            ),
        )
    for n in consents[1:]:
        yield (
            ("questions", n, "consent"),
            "consent_twice",
            Text(N_("er is al een toestemmingsvraag (de eerste vraag); één is genoeg")),
        )


def _options(question: Question, loc: Loc) -> Iterator[Finding]:
    """Options unique; for yes/no exactly ja and nee; each option says what it means."""
    values = [o.value for o in question.options]
    for n, value in enumerate(values):
        if value in values[:n]:
            yield (
                (*loc, "options", n, "value"),
                "duplicate_option",
                Text(N_("het antwoord '{value}' staat twee keer in 'options'"), value=value),
            )
    if question.type == "ja-nee" and question.options and sorted(values) != sorted(YES_NO):
        yield (
            (*loc, "options"),
            "yes_no_options",
            Text(N_("een ja-nee-vraag heeft precies de antwoorden 'ja' en 'nee'")),
        )
    needs = [
        ("cost", "quantity", N_("bij 'cost' hoort elk antwoord een 'quantity' te hebben")),
        ("risk", "probability", N_("bij 'risk' hoort elk antwoord een 'probability' te hebben")),
        ("indicator", "level", N_("bij 'indicator' hoort elk antwoord een 'level' te hebben")),
    ]
    for block, field, message in needs:
        if getattr(question, block) is None:
            continue
        if question.type == "ja-nee" and not question.options:
            yield (
                (*loc, block),
                f"missing_{field}",
                Text(N_("{what}; geef 'options' met 'ja' en 'nee'"), what=Text(message)),
            )
            continue
        for n, option in enumerate(question.options):
            if getattr(option, field) is None:
                yield (
                    (*loc, "options", n),
                    f"missing_{field}",
                    Text(
                        N_("{what}; bij '{value}' ontbreekt '{field}'"),
                        what=Text(message),
                        value=option.value,
                        field=field,
                    ),
                )
