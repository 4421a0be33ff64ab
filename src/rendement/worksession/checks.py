"""What the schema alone cannot see: references, duplicates, bounds, a target per item.

Each finding is ``(place, code, message)``, like the model's reference checks, so the
loader gives it the line and field path where the author must look.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import N_
from ..instrument.checks import Finding, duplicate_ids
from ..wording import Text, known, suggestion
from .schema import WorkSession


def _unknown(ident: str, ids: list[str], block: str) -> Text:
    return Text(
        N_("'{id}' staat niet in '{block}' ({known}).{hint}"),
        id=ident,
        block=block,
        known=known(ids),
        hint=suggestion(ident, ids),
    )


def outside_range(value: float, low: float, high: float) -> Text:
    """A judgement outside its own range, as the file and the table of judgements say it."""
    return Text(
        N_(
            "het oordeel {value} ligt niet tussen 'low' en 'high' "
            "({low} – {high}); laag ≤ oordeel ≤ hoog"
        ),
        value=f"{value:.0%}",
        low=f"{low:.0%}",
        high=f"{high:.0%}",
    )


def check_session(session: WorkSession) -> Iterator[Finding]:
    """Every finding of one validated work session, in the order of the file."""
    people = [p.id for p in session.participants]
    items = [i.id for i in session.items]
    yield from duplicate_ids(people, "participants")
    yield from duplicate_ids(items, "items")
    for n, item in enumerate(session.items):
        if session.meta.about == "businesscase":
            if item.effect is None:
                yield (
                    ("items", n, "effect"),
                    "missing",
                    Text(
                        N_(
                            "een werksessie over een businesscase noemt per onderdeel de "
                            "effectregel: 'effect: interventie.effect'"
                        )
                    ),
                )
            elif item.effect.count(".") != 1 or "" in item.effect.split("."):
                yield (
                    ("items", n, "effect"),
                    "bad_effect",
                    Text(
                        N_(
                            "schrijf de effectregel als 'interventie.effect' (twee id's met "
                            "een punt ertussen), niet '{effect}'"
                        ),
                        effect=item.effect,
                    ),
                )
        elif item.item is None:
            yield (
                ("items", n, "item"),
                "missing",
                Text(
                    N_(
                        "een werksessie over casussen noemt per onderdeel de post van de "
                        "rijen: 'item: <id in de prijslijst>'"
                    )
                ),
            )
    judged: set[str] = set()
    for n, judgement in enumerate(session.judgements):
        if judgement.participant not in people:
            yield (
                ("judgements", n, "participant"),
                "unknown_participant",
                _unknown(judgement.participant, people, "participants"),
            )
        if judgement.item not in items:
            yield (
                ("judgements", n, "item"),
                "unknown_item",
                _unknown(judgement.item, items, "items"),
            )
        judged.add(judgement.item)
        low = judgement.low if judgement.low is not None else judgement.value
        high = judgement.high if judgement.high is not None else judgement.value
        if not low <= judgement.value <= high:
            yield (
                ("judgements", n, "value"),
                "outside_range",
                outside_range(judgement.value, low, high),
            )
    for n, item in enumerate(session.items):
        if item.id not in judged:
            yield (
                ("items", n, "id"),
                "not_judged",
                Text(
                    N_("over '{id}' is nog niemand geoordeeld: geef minstens één oordeel"),
                    id=item.id,
                ),
            )
