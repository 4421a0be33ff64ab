"""Unit prices (tarieven) used by the case, each with unit, price year and source."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ..i18n import N_
from ..wording import Text
from .base import Id, Strict
from .meta import Currency
from .values import Amount


class Exchange(Strict):
    """The exchange rate of a price in another currency: stated, dated and sourced, and
    shown in the price table — rendement never converts silently."""

    rate: float = Field(
        gt=0, description="Eenheden van de valuta van de case per eenheid van die van de prijs."
    )
    date: dt.date = Field(description="Datum van de koers (JJJJ-MM-DD).")
    source: Id = Field(description="Id van de bron van de koers in 'sources'.")


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
    currency: Currency | None = Field(
        None,
        description="Valuta van het bedrag als die anders is dan die van de case (een proxy "
        "uit een ander land); dan hoort er een 'exchange' bij.",
    )
    exchange: Exchange | None = Field(
        None, description="Wisselkoers naar de valuta van de case, met datum en bron."
    )
    index_series: str | None = Field(
        None,
        description="Indexreeks voor dit bedrag als die niet die van de case is, bijv. "
        "cpi-ons voor een Britse proxy: het bedrag gaat met de reeks van zijn eigen land "
        "naar het prijspeil van de case en wordt daarna omgerekend. Een eigen reeks: pad op "
        ".yaml.",
    )
    code: str | None = Field(None, description="Code in de bron, bijv. een productcode.")
    note: str | None = Field(None, description="Toelichting.")

    @model_validator(mode="after")
    def _stated_exchange(self) -> Price:
        if self.currency is not None and self.exchange is None:
            raise ValueError(
                Text(
                    N_(
                        "het bedrag is in {currency}: geef 'exchange' (rate, date, source) — "
                        "rendement rekent nooit ongemerkt om"
                    ),
                    currency=self.currency,
                )
            )
        if self.exchange is not None and self.currency is None:
            raise ValueError(Text(N_("bij 'exchange' hoort 'currency': de valuta van het bedrag")))
        return self


class UnitConversion(Strict):
    """A conversion between units that the built-in ones do not cover."""

    larger: str = Field(description="De grotere eenheid, bijv. 'traject'.")
    smaller: str = Field(description="De kleinere eenheid, bijv. 'uur'.")
    factor: float = Field(gt=0, description="Hoeveel kleinere eenheden één grotere is.")
