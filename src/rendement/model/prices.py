"""Unit prices (tarieven) used by the case, each with unit, price year and source."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Id, Strict
from .values import Amount


class Price(Strict):
    """One unit price. Effect lines refer to it by id, so every euro has a source."""

    id: Id = Field(description="Id waarmee effectregels naar deze prijs verwijzen.")
    name: str = Field(description="Omschrijving, bijv. 'Consult huisarts/POH'.")
    unit: str = Field(description="Eenheid waarop de prijs slaat: contact, uur, dagdeel, jaar.")
    amount: Amount = Field(
        description="Bedrag per eenheid, in de valuta van de case (meta.currency)."
    )
    price_year: int = Field(description="Prijspeil (jaar) van het bedrag.")
    source: Id = Field(description="Id van de bron in 'sources'.")
    financier: Id | None = Field(
        None, description="Financier die deze kosten normaal draagt (standaard voor effectregels)."
    )
    kind: Literal["avoided_cost", "shadow_price"] = Field(
        "avoided_cost",
        description="Vermeden kosten (een besparing op een budget) of een schaduwprijs "
        "(een waarde, zoals vrijwilligerstijd, die apart wordt getoond).",
    )
    code: str | None = Field(None, description="Code in de bron, bijv. een productcode.")
    note: str | None = Field(None, description="Toelichting.")


class UnitConversion(Strict):
    """A conversion between units that the built-in ones do not cover."""

    larger: str = Field(description="De grotere eenheid, bijv. 'traject'.")
    smaller: str = Field(description="De kleinere eenheid, bijv. 'uur'.")
    factor: float = Field(gt=0, description="Hoeveel kleinere eenheden één grotere is.")
