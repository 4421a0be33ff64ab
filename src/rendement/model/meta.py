"""What the business case is about: metadata, theory of change, team and sources."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, WithJsonSchema

from ..currencies import MINOR_UNITS, currency_problem
from .base import Id, Strict
from .values import Amount, Share


def _check_currency(code: str) -> str:
    problem = currency_problem(code)
    if problem is not None:
        raise ValueError(problem)
    return code


Currency = Annotated[
    str,
    AfterValidator(_check_currency),
    WithJsonSchema({"type": "string", "enum": sorted(MINOR_UNITS)}),
]
"""An ISO 4217 currency code: EUR, GBP, USD, CHF, ..."""


class Meta(Strict):
    """Title page facts and the conventions every figure depends on."""

    title: str = Field(description="Titel van de business case.")
    client: str = Field(description="Opdrachtgever, meestal de gemeente.")
    project: str | None = Field(None, description="Projectnaam bij de opdrachtgever.")
    subject: str | None = Field(None, description="Onderwerp zoals op de titelpagina.")
    organisation: str | None = Field(None, description="Organisatie van de auteurs.")
    authors: list[str] = Field(default_factory=list, description="Auteurs.")
    version: str = Field(description="Versie van het document, als tekst ('1.0').")
    date: dt.date = Field(description="Datum van het document (JJJJ-MM-DD).")
    currency: Currency = Field(
        "EUR",
        description="Valuta van alle bedragen: een ISO 4217-code (EUR, GBP, USD, CHF, ...). "
        "Eigen tarieven staan in deze valuta; een prijslijst in een andere valuta wordt "
        "geweigerd (er wordt niet omgerekend).",
    )
    method: Literal["mbc", "sroi"] = Field(
        "mbc",
        description="Werkwijze van het rapport: 'mbc' (besparingen per financier en het "
        "perspectief) of 'sroi' (daarnaast de maatschappelijke waarde per belanghebbende, "
        "ook waarde die geen budget bespaart, en de SROI-ratio: waarde ÷ de hele investering).",
    )
    language: Literal["nl", "en"] | None = Field(
        None,
        description="Taal van het model en standaardtaal van zijn rapporten: 'nl' of 'en'. "
        "Zonder deze regel is het rapport Nederlands, tenzij om een andere taal wordt gevraagd.",
    )
    report_basis: bool = Field(
        True,
        description="Toon naast de gedeclareerde scenario's ook 'basis' (het model zoals "
        "geschreven) in de tabellen; false als het rapport alleen de scenario's toont.",
    )
    price_year: int = Field(description="Prijspeil: het jaar waarin alle bedragen zijn uitgedrukt.")
    measurement_period_years: float = Field(
        1.0, gt=0, description="Meettermijn in jaren waarop de bedragen betrekking hebben."
    )
    weeks_per_year: Amount | None = Field(
        None, description="Werkweken per jaar; nodig voor investeringen in uren per week."
    )
    horizon_years: int | None = Field(
        None, ge=1, le=100, description="Tijdshorizon in jaren; standaard 1 (de meettermijn)."
    )
    discount_rate: Share | None = Field(
        None,
        description="Reële discontovoet per jaar; standaard 2,25% (MKBA-richtlijn). Jaar 1 "
        "wordt niet verdisconteerd.",
    )
    summary: str | None = Field(None, description="Samenvatting in gewone taal.")
    conclusion: str | None = Field(None, description="Conclusie van de business case.")


class Urgency(Strict):
    """Why the problem is urgent, seen from one perspective."""

    perspective: str = Field(description="Perspectief, bijv. 'Inwoners' of 'Gemeente'.")
    text: str = Field(description="De urgentie vanuit dit perspectief.")


class InterventionGroup(Strict):
    """A category of interventions as the theory of change groups them."""

    name: str = Field(description="Naam van de categorie.")
    description: str | None = Field(None, description="Kern van deze categorie.")


class TheoryOfChange(Strict):
    """Step 1 of the SROI method: problem, urgency, scope and the chosen solutions."""

    occasion: str | None = Field(None, description="Aanleiding voor de business case.")
    problem: str = Field(description="Het maatschappelijk probleem.")
    urgency: list[Urgency] = Field(default_factory=list, description="Urgentie per perspectief.")
    scope: str | None = Field(None, description="Afbakening van de business case.")
    categories: list[InterventionGroup] = Field(
        default_factory=list, description="Categorieën van interventies."
    )
    preconditions: list[str] = Field(
        default_factory=list, description="Randvoorwaarden voor succes."
    )
    approach: str | None = Field(None, description="Aanpak en proces (de stappen van de methode).")


class TeamMember(Strict):
    """A member of the project team that made the estimates."""

    name: str = Field(description="Naam.")
    role: str | None = Field(None, description="Functie en organisatie.")


class Source(Strict):
    """A source cited by prices, parameters or texts (the bronvermelding)."""

    id: Id = Field(description="Id waarmee prijzen en parameters naar deze bron verwijzen.")
    title: str = Field(description="Titel van de bron.")
    publisher: str | None = Field(None, description="Uitgever of organisatie.")
    year: int | None = Field(None, description="Jaar van uitgave.")
    href: str | None = Field(None, description="Webadres, als dat er is.")
    note: str | None = Field(None, description="Toelichting.")
