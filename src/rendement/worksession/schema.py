"""The format of a work session (werksessie): who judged which item, how, and when.

In a work session professionals and volunteers judge how far each change is due to the
activities (the attribution), or how likely a latent risk was (the probability). The file
keeps every judgement with its participant and time, so the agreed value can always be
traced back to the people who gave it. Field names are English (like the model's); the
values a team writes are Dutch (``casussen``, ``toerekening``, ``kans``).

Only the shape is checked here; references (participants, items) and bounds that need
more than one field are checked in :mod:`.checks`, where every finding gets its line.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from ..i18n import N_
from ..model.base import Id, Strict
from ..model.distributions import DistributionError, _number
from ..wording import Text

About = Literal["casussen", "businesscase"]
Judges = Literal["toerekening", "kans"]


def _share(raw: Any) -> float:
    """``60%`` or ``0.6`` → 0.6; a share lies between 0 and 1."""
    try:
        number = _number(raw, percent=True)
    except DistributionError as error:
        raise ValueError(error.args[0]) from None
    if not 0 <= number <= 1:
        raise ValueError(
            Text(
                N_("een aandeel ligt tussen 0% en 100% (0 en 1), maar er staat {raw}"),
                raw=str(raw),
            )
        )
    return number


Share = Annotated[
    float,
    BeforeValidator(_share),
    WithJsonSchema({"type": ["number", "string"], "description": "0–1 of 0%–100%"}),
]
"""A share: ``60%`` or ``0.6``, between 0 and 1."""


class Meta(Strict):
    """What the session was about, when it was held and for which client cases or model."""

    title: str = Field(description="Titel van de werksessie.")
    about: About = Field(
        description="'casussen' (een set cliëntcasussen) of 'businesscase' (een invoer van "
        "een businesscase-model)."
    )
    date: str | None = Field(None, description="Datum van de sessie, bijv. 2026-03-12.")
    cases: list[str] = Field(
        default_factory=list,
        description="Bij 'casussen': de pseudoniemen van de cliëntcasussen waarover "
        "geoordeeld is; leeg: alle casussen van de tabel.",
    )
    model: str | None = Field(
        None, description="Bij 'businesscase': het modelbestand waar de sessie over ging."
    )
    facilitator: str | None = Field(
        None, description="Wie de sessie leidde (naam of rol; een pseudoniem mag)."
    )
    note: str | None = Field(None, description="Toelichting: werkwijze, afspraken.")


class Participant(Strict):
    """One person who judged: a name, a role or a pseudonym."""

    id: Id = Field(description="Id waarmee oordelen naar deze deelnemer verwijzen.")
    name: str = Field(description="Naam, rol of pseudoniem, bijv. 'wijkcoach 1'.")
    role: str | None = Field(
        None, description="Rol of organisatie, bijv. 'professional' of 'vrijwilliger'."
    )


class Item(Strict):
    """One thing judged: the attribution of an effect or row item, or a risk's probability."""

    id: Id = Field(description="Id waarmee oordelen naar dit onderdeel verwijzen.")
    name: str = Field(description="Omschrijving, bijv. 'Minder huisartsconsulten'.")
    judges: Judges = Field(
        "toerekening",
        description="Wat beoordeeld wordt: 'toerekening' (het deel van de verandering dat "
        "aan de activiteiten te danken is) of 'kans' (de kans dat een latent risico was "
        "opgetreden).",
    )
    effect: str | None = Field(
        None,
        description="Bij 'businesscase': de effectregel in het model als "
        "'interventie.effect', bijv. 'maatjes.huisarts'.",
    )
    item: str | None = Field(
        None,
        description="Bij 'casussen': de post (id in de prijslijst) van de rijen van de "
        "casussen, bijv. 'huisarts_consult'.",
    )
    agreed: Share | None = Field(
        None,
        description="De waarde die de groep heeft afgesproken (0–1 of %); leeg: de mediaan "
        "van de oordelen.",
    )
    agreed_at: datetime | None = Field(
        None, description="Wanneer de groep de waarde afsprak, bijv. 2026-03-12T11:30."
    )
    note: str | None = Field(None, description="Toelichting: waarom deze afspraak.")


class Judgement(Strict):
    """One participant's judgement of one item, at one moment.

    A participant may judge an item again (after the discussion): every judgement is
    kept, the latest counts."""

    participant: Id = Field(description="Id van de deelnemer in 'participants'.")
    item: Id = Field(description="Id van het onderdeel in 'items'.")
    value: Share = Field(description="Het oordeel: een aandeel (0–1) of percentage.")
    low: Share | None = Field(
        None, description="Optioneel: de laagste waarde die de deelnemer nog aannemelijk vindt."
    )
    high: Share | None = Field(
        None, description="Optioneel: de hoogste waarde die de deelnemer nog aannemelijk vindt."
    )
    at: datetime = Field(description="Wanneer het oordeel gegeven is, bijv. 2026-03-12T10:15.")
    note: str | None = Field(None, description="Toelichting van de deelnemer.")


class WorkSession(Strict):
    """A work session file: what it was about, who took part, what they judged."""

    worksession: Literal[1] = Field(description="Versie van het werksessieformaat (1).")
    meta: Meta = Field(description="Waar de sessie over ging, wanneer en door wie geleid.")
    participants: list[Participant] = Field(
        min_length=1, description="De deelnemers (naam, rol of pseudoniem)."
    )
    items: list[Item] = Field(min_length=1, description="De beoordeelde onderdelen.")
    judgements: list[Judgement] = Field(
        default_factory=list, description="De oordelen: per deelnemer per onderdeel, met tijd."
    )
