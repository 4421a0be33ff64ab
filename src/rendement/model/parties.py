"""Who is involved: financiers (whose budget), stakeholders and perspectives."""

from __future__ import annotations

from pydantic import Field

from .base import Id, Strict

SOCIETY = "maatschappij"
"""The built-in perspective that counts every financier."""


class Financier(Strict):
    """A budget that pays a cost or receives a saving: gemeente/Wmo, Zvw, Wlz, ..."""

    id: Id = Field(description="Id, bijv. gemeente_wmo.")
    name: str = Field(description="Naam zoals in tabellen, bijv. 'Gemeente (Wmo)'.")
    party: str = Field(description="De partij achter het budget: gemeente, zorgverzekeraar, ...")
    law: str | None = Field(None, description="Wet of regeling: Wmo, Jeugdwet, Zvw, Wlz, ...")
    domains: list[str] = Field(
        default_factory=list,
        description="Domeinen uit prijslijsten die deze financier betaalt (wmo, jeugd, zvw, ...).",
    )
    description: str | None = Field(None, description="Toelichting.")


class Stakeholder(Strict):
    """A party affected by or involved in the interventions (SROI step 2)."""

    id: Id = Field(description="Id van de belanghebbende.")
    name: str = Field(description="Naam.")
    description: str | None = Field(None, description="Wie dit zijn en hun belang.")
    included: bool = Field(
        True,
        description="Of de analyse de waarde voor deze belanghebbende meetelt (SROI: "
        "'included'); false voor een belanghebbende die bewust buiten de analyse blijft.",
    )
    reason: str | None = Field(
        None,
        description="Waarom deze belanghebbende is meegenomen of buiten de analyse blijft "
        "(de SROI-gids vraagt dit voor elke belanghebbende).",
    )


class Perspective(Strict):
    """A set of financiers whose savings and costs count together (e.g. the municipality)."""

    id: Id = Field(description="Id; 'maatschappij' (alle financiers) bestaat altijd.")
    name: str = Field(description="Naam, bijv. 'Gemeente De Bilt'.")
    financiers: list[Id] = Field(description="De financiers die tot dit perspectief horen.")
    description: str | None = Field(None, description="Toelichting.")
