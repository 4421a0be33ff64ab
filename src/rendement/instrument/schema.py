"""The format of an instrument: a questionnaire or interview guide, and what each answer means.

Field names are English (like the model's); the values a team writes are Dutch
(``vragenlijst``, ``keuze``, ``ja-nee``). Each question may say what its answer means in
money or in a measure:

- ``cost``: a price-list item and a quantity per year (``uren begeleiding per week`` →
  ``begeleiding_uur``, answer × 52), so the answer becomes a client-case row;
- ``risk``: a latent risk: the item it would cost, how much of it per year, and per
  answer option the probability that it happens;
- ``indicator``: a level on an indicator (an effect not in money): per option, or the
  number itself.

An interview guide is written for the professional who holds the conversation. When the
client answers it alone (through a one-time link), the optional ``client`` blocks give the
same domain, question or option in the client's own words (B1, "u", no abbreviations);
without one the professional's wording is shown. The meaning never changes with the
wording: values, quantities and probabilities stay the professional's.

Only the shape is checked here; references (items, indicators) and the consent question
are checked in :mod:`.checks`, where every finding gets its line.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..i18n import N_
from ..model.base import Id, Strict
from ..wording import Text

Kind = Literal["vragenlijst", "interviewleidraad"]
MomentId = Literal["start", "eind", "follow-up"]
QuestionType = Literal["keuze", "getal", "ja-nee", "tekst", "schaal"]
RowKind = Literal["effect", "investering", "schaduwwaarde"]

YES_NO = ("ja", "nee")
"""The options of a ``ja-nee`` question, in this order."""


class Source(Strict):
    """Where the instrument, or the standard instrument it follows, comes from."""

    title: str = Field(description="Titel van de bron.")
    href: str | None = Field(None, description="Webadres van de bron.")


class Meta(Strict):
    """What the instrument is, in which language, and from where."""

    title: str = Field(description="Titel van het instrument.")
    kind: Kind = Field(
        description="'vragenlijst' (de cliënt vult zelf in) of 'interviewleidraad' (een "
        "professional vult in tijdens het gesprek)."
    )
    language: Literal["nl", "en"] = Field("nl", description="Taal van de vragen: nl of en.")
    source: Source | None = Field(None, description="Bron van het instrument.")
    licence: str | None = Field(
        None, description="Licentie of gebruiksvoorwaarden van het instrument."
    )
    description: str | None = Field(None, description="Waar het instrument voor is.")
    price_lists: list[str] = Field(
        default_factory=list,
        description="Meegeleverde prijslijsten (id) waarin de posten van 'cost' en 'risk' "
        "staan, bijv. mbc-de-bilt-2019.",
    )


def _not_empty(block: Strict) -> None:
    """A ``client`` block says something: at least one of its fields is given."""
    if all(getattr(block, name) is None for name in type(block).model_fields):
        raise ValueError(
            Text(
                N_("een 'client'-blok is leeg; geef minstens één van {fields}, of laat het weg"),
                fields=", ".join(f"'{name}'" for name in type(block).model_fields),
            )
        )


class ClientDomain(Strict):
    """A domain as the client reads it (a heading and an introduction in B1)."""

    name: str | None = Field(
        None, description="De naam van het domein zoals de cliënt die leest (B1)."
    )
    description: str | None = Field(
        None,
        description="De inleiding voor de cliënt (B1). Zonder deze ziet de cliënt geen "
        "inleiding, ook niet die van de professional.",
    )

    @model_validator(mode="after")
    def _says_something(self) -> ClientDomain:
        _not_empty(self)
        return self


class Domain(Strict):
    """A part of life the questions are grouped under (health, income, housing, …)."""

    id: Id = Field(description="Id waarmee vragen naar dit domein verwijzen.")
    name: str = Field(description="Naam van het domein.")
    description: str | None = Field(None, description="Toelichting.")
    client: ClientDomain | None = Field(
        None,
        description="Het domein in de woorden van de cliënt, als die zelf invult (via een "
        "link): 'name' en 'description'.",
    )


class Indicator(Strict):
    """An effect not expressed in money, measured by answers (loneliness, self-reliance)."""

    id: Id = Field(description="Id waarmee vragen naar deze indicator verwijzen.")
    name: str = Field(description="Naam van de indicator.")
    unit: str | None = Field(None, description="Eenheid of schaal, bijv. 'score 1–5'.")
    higher_is_better: bool = Field(
        True, description="Of een hogere waarde beter is (false: lager is beter)."
    )
    description: str | None = Field(None, description="Toelichting.")


class ClientOption(Strict):
    """An answer option as the client reads it (the stored value stays the same)."""

    label: str = Field(description="De tekst die de cliënt ziet als die zelf invult (B1).")


class Option(Strict):
    """One answer option of a choice, scale or yes/no question, and what it means."""

    value: str = Field(description="De waarde die wordt opgeslagen, bijv. 'ja' of '3'.")
    label: str = Field(description="De tekst die de cliënt ziet (B1).")
    quantity: float | None = Field(
        None,
        ge=0,
        description="Bij 'cost': de hoeveelheid die bij dit antwoord hoort, in de eenheid "
        "van 'cost.unit' (wordt × 'cost.per_year').",
    )
    probability: float | None = Field(
        None, ge=0, le=1, description="Bij 'risk': de kans (0–1) dat het risico optreedt."
    )
    level: float | None = Field(
        None, description="Bij 'indicator': de waarde op de indicator bij dit antwoord."
    )
    client: ClientOption | None = Field(
        None,
        description="Het antwoord in de woorden van de cliënt, als die zelf invult: 'label'.",
    )


class Cost(Strict):
    """The answer is a quantity of a price-list item (care or support used)."""

    item: str = Field(description="Code van de post in een prijslijst uit 'meta.price_lists'.")
    unit: str = Field(description="Eenheid van het antwoord, bijv. 'uur per week' (zeg het erbij).")
    per_year: float = Field(
        gt=0,
        description="Waarmee het antwoord wordt vermenigvuldigd tot een aantal per jaar, "
        "bijv. 52 voor 'per week', 12 voor 'per maand', 1 voor 'per jaar'.",
    )
    kind: RowKind = Field(
        "effect",
        description="Soort regel: 'effect' (zorg of steun), 'investering' (tijd aan de "
        "casus besteed) of 'schaduwwaarde' (waarde die geen budget betaalt).",
    )


class Risk(Strict):
    """The answer says how likely a costly event is (eviction, crisis admission)."""

    item: str = Field(description="Code van de post die het risico zou kosten.")
    quantity: float = Field(
        gt=0, description="Hoeveel van die post per jaar als het risico optreedt."
    )


class IndicatorLevel(Strict):
    """The answer is a level on an indicator: per option ('level') or the number itself."""

    id: Id = Field(description="Id van de indicator in 'indicators'.")


class ClientQuestion(Strict):
    """A question as the client reads it when answering alone (B1, "u", one question at a
    time, no abbreviations)."""

    text: str | None = Field(None, description="De vraag zoals de cliënt die leest (B1).")
    help: str | None = Field(
        None,
        description="Uitleg voor de cliënt (B1). Zonder deze ziet de cliënt geen uitleg, "
        "ook niet die voor het gesprek.",
    )

    @model_validator(mode="after")
    def _says_something(self) -> ClientQuestion:
        _not_empty(self)
        return self


class Question(Strict):
    """One question, its answer scale, and what the answer means."""

    id: Id = Field(description="Id van de vraag; antwoorden worden onder deze id opgeslagen.")
    text: str = Field(description="De vraag, in eenvoudig Nederlands (B1).")
    help: str | None = Field(None, description="Uitleg bij de vraag (B1).")
    type: QuestionType = Field(description="Soort antwoord: keuze, getal, ja-nee, tekst of schaal.")
    domain: Id | None = Field(None, description="Id van het domein in 'domains'.")
    moments: list[MomentId] | None = Field(
        None, description="Alleen op deze momenten; standaard op alle momenten."
    )
    consent: bool = Field(
        False,
        description="Dit is de toestemmingsvraag (ja-nee); zonder 'ja' worden de "
        "antwoorden niet gebruikt. Hoort de eerste vraag te zijn.",
    )
    options: list[Option] = Field(
        default_factory=list,
        description="Antwoordmogelijkheden bij keuze en schaal (bij ja-nee: 'ja' en 'nee').",
    )
    minimum: float | None = Field(None, description="Bij getal: de kleinste toegestane waarde.")
    maximum: float | None = Field(None, description="Bij getal: de grootste toegestane waarde.")
    cost: Cost | None = Field(None, description="Het antwoord is een hoeveelheid van een post.")
    risk: Risk | None = Field(None, description="Het antwoord is de kans op een risico.")
    indicator: IndicatorLevel | None = Field(
        None, description="Het antwoord is een waarde op een indicator."
    )
    client: ClientQuestion | None = Field(
        None,
        description="De vraag in de woorden van de cliënt, als die zelf invult (via een "
        "link): 'text' en 'help'. Zonder dit blok ziet de cliënt de vraag van het gesprek.",
    )

    @model_validator(mode="after")
    def _fits_its_type(self) -> Question:
        if self.type in ("keuze", "schaal") and len(self.options) < 2:
            raise ValueError(
                Text(
                    N_(
                        "een vraag van het soort '{type}' heeft minstens twee "
                        "antwoordmogelijkheden ('options')"
                    ),
                    type=self.type,
                )
            )
        if self.type in ("getal", "tekst") and self.options:
            raise ValueError(
                Text(N_("een vraag van het soort '{type}' heeft geen 'options'"), type=self.type)
            )
        if self.type == "tekst" and (self.cost or self.risk or self.indicator):
            raise ValueError(
                Text(
                    N_(
                        "een open vraag (tekst) kan geen 'cost', 'risk' of "
                        "'indicator' hebben: een tekst is geen getal"
                    )
                )
            )
        if self.consent and self.type != "ja-nee":
            raise ValueError(Text(N_("de toestemmingsvraag is een ja-nee-vraag")))
        if self.type == "getal" and self.risk is not None:
            raise ValueError(
                Text(
                    N_(
                        "een risico hoort bij een keuze-, schaal- of ja-nee-vraag, "
                        "met een kans per antwoord"
                    )
                )
            )
        return self

    def choices(self) -> list[Option]:
        """The options, with ``ja`` and ``nee`` for a yes/no question that lists none."""
        if self.type == "ja-nee" and not self.options:
            return [Option(value=v, label=v) for v in YES_NO]
        return list(self.options)

    def worded(self, client: bool = False) -> tuple[str, str | None]:
        """The question and its help, in the client's words when ``client`` and the
        question has a ``client`` block (its help then replaces the conversation's help,
        also when it has none: a help written for the professional is not the client's)."""
        if client and self.client is not None:
            return self.client.text or self.text, self.client.help
        return self.text, self.help

    def asked_at(self, moment: str) -> bool:
        return self.moments is None or moment in self.moments


class Instrument(Strict):
    """A questionnaire or interview guide: its questions and what the answers mean."""

    instrument: Literal[1] = Field(description="Formaat van het bestand; altijd 1.")
    meta: Meta = Field(description="Wat het instrument is en waar het vandaan komt.")
    moments: list[MomentId] = Field(
        min_length=1, description="Meetmomenten: start, eind en/of follow-up."
    )
    domains: list[Domain] = Field(default_factory=list, description="Leefgebieden.")
    indicators: list[Indicator] = Field(
        default_factory=list, description="Indicatoren (effecten die niet in geld zijn)."
    )
    questions: list[Question] = Field(min_length=1, description="De vragen, in volgorde.")

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)
