"""The whole business case: the root of a model file."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from ..i18n import N_
from ..wording import Text
from .base import Id, Strict
from .interventions import Intervention, Parameter
from .meta import Meta, Source, TeamMember, TheoryOfChange
from .parties import SOCIETY, Financier, Perspective, Stakeholder
from .prices import Price, UnitConversion
from .printed import PrintedFigure

BASE_SCENARIO = "basis"
"""The scenario that is the model as written (no scenario overrides)."""


class Scenario(Strict):
    """A named set of assumptions (minimum, maximum, 'tarief hoog').

    Interventions say in their own ``scenarios`` block what the scenario changes there;
    ``set`` changes values for the whole case: case parameters, unit prices, and values
    inside any intervention (see :mod:`rendement.model.scenarios`).
    """

    id: Id = Field(description="Id, bijv. minimum. 'basis' is het model zoals geschreven.")
    name: str = Field(description="Naam, bijv. 'Minimum'.")
    description: str | None = Field(None, description="Toelichting.")
    set: dict[str, Any] = Field(
        default_factory=dict,
        description="Overschreven waarden voor de hele case: parameters.<id>, "
        "prices.<id>.amount (in het prijspeil van de prijs) of interventions.<id>.<pad>.",
    )


class Correlation(Strict):
    """Two uncertain inputs that move together (a rank correlation via a Gaussian copula)."""

    between: list[str] = Field(
        min_length=2,
        max_length=2,
        description="Twee onzekere invoerwaarden, als 'interventie.pad' "
        "(bijv. ouders_lokaal.effects.cjg.share) of 'parameters.naam'.",
    )
    rho: float = Field(ge=-1, le=1, description="Correlatie tussen -1 en 1.")


class PortfolioColumn(Strict):
    """One column of the overview: which variant/scenario of each intervention it shows."""

    id: Id = Field(description="Id van de kolom, bijv. minimum.")
    name: str = Field(description="Kop van de kolom.")
    picks: dict[Id, str] = Field(
        description="Interventie → 'variant' of 'variant/scenario' die in deze kolom telt."
    )


class PortfolioReported(Strict):
    """Printed figures of the overview table, for the audit."""

    table: str = Field(description="Waar de tabel staat, bijv. 'Tabel 12'.")
    figures: dict[str, PrintedFigure] = Field(
        description="'kolom.interventie' of 'kolom.total' → het getal zoals gedrukt (een "
        "getal, of de tekst uit het rapport, zoals bij reported: van een interventie)."
    )
    remarks: list[str] = Field(default_factory=list, description="Opmerkingen van de auteur.")


class Portfolio(Strict):
    """The overview table that adds up the interventions (Table 12 in De Bilt)."""

    title: str = Field(description="Titel van het overzicht.")
    columns: list[PortfolioColumn] = Field(description="Kolommen van het overzicht.")
    reported: list[PortfolioReported] = Field(
        default_factory=list, description="Gedrukte getallen van het overzicht."
    )


class BusinessCase(Strict):
    """A maatschappelijke business case, as written in one YAML file."""

    _by_id: dict[str, tuple[int, Intervention]] = PrivateAttr(default_factory=dict)

    rendement: Literal[1] = Field(description="Versie van het modelformaat; nu 1.")
    meta: Meta = Field(description="Titelpagina en conventies.")
    theory_of_change: TheoryOfChange = Field(description="Verandertheorie (stap 1).")
    project_team: list[TeamMember] = Field(default_factory=list, description="Projectteam.")
    sources: list[Source] = Field(default_factory=list, description="Bronnen.")
    financiers: list[Financier] = Field(description="Financiers (budgetten).")
    stakeholders: list[Stakeholder] = Field(
        default_factory=list, description="Belanghebbenden (stap 2)."
    )
    perspectives: list[Perspective] = Field(
        default_factory=list, description="Perspectieven naast 'maatschappij'."
    )
    perspective: Id = Field(
        SOCIETY, description="Perspectief waarvan de besparingen in de nettocijfers tellen."
    )
    price_lists: list[str] = Field(
        default_factory=list,
        description="Prijslijsten, van algemeen naar specifiek: een meegeleverde lijst (id) of "
        "een eigen bestand (pad op .yaml). Een latere lijst en de eigen 'prices' gaan voor.",
    )
    index_series: str | None = Field(
        None,
        description="Indexreeks om prijzen naar het prijspeil te brengen; standaard cpi-cbs, "
        "meegeleverd ook cpi-ons (VK) en cpi-abs (Australië). "
        "Een eigen reeks: pad op .yaml.",
    )
    unit_conversions: list[UnitConversion] = Field(
        default_factory=list, description="Extra omrekeningen tussen eenheden."
    )
    prices: list[Price] = Field(
        default_factory=list, description="Eigen tarieven van de case; gaan voor op prijslijsten."
    )
    parameters: list[Parameter] = Field(
        default_factory=list, description="Aannames die alle interventies kunnen gebruiken."
    )
    scenarios: list[Scenario] = Field(
        default_factory=list, description="Scenario's naast 'basis', bijv. minimum en maximum."
    )
    interventions: list[Intervention] = Field(description="Interventies.")
    correlations: list[Correlation] = Field(
        default_factory=list, description="Onzekere invoerwaarden die samen bewegen."
    )
    portfolio: Portfolio | None = Field(None, description="Overzichtstabel van alle interventies.")

    @model_validator(mode="after")
    def _has_interventions(self) -> BusinessCase:
        if not self.interventions:
            raise ValueError(Text(N_("een business case heeft minstens één interventie")))
        return self

    def scenario_ids(self) -> list[str]:
        return [BASE_SCENARIO, *(s.id for s in self.scenarios)]

    def scenario_name(self, scenario_id: str) -> str:
        for s in self.scenarios:
            if s.id == scenario_id:
                return s.name
        return "Basis"

    def intervention(self, intervention_id: str) -> Intervention:
        # an index, not a search: a load asks this per intervention, variant and scenario
        # (quadratic at 500 interventions). An entry is trusted only while that place in
        # the list still holds that very intervention with that id; else it is rebuilt.
        items = self.interventions
        entry = self._by_id.get(intervention_id)
        if entry is not None:
            at, found = entry
            if at < len(items) and items[at] is found and found.id == intervention_id:
                return found
        self._by_id = {}
        for at, i in enumerate(items):
            self._by_id.setdefault(i.id, (at, i))
        entry = self._by_id.get(intervention_id)
        if entry is None:
            raise KeyError(intervention_id)
        return entry[1]

    def perspective_ids(self) -> list[str]:
        """Declared perspectives, 'maatschappij', and each financier on its own."""
        declared = [p.id for p in self.perspectives]
        return [SOCIETY, *declared, *(f.id for f in self.financiers if f.id not in declared)]

    def perspective_financiers(self, perspective_id: str) -> list[str]:
        if perspective_id == SOCIETY:
            return [f.id for f in self.financiers]
        for p in self.perspectives:
            if p.id == perspective_id:
                return list(p.financiers)
        for f in self.financiers:
            if f.id == perspective_id:
                return [f.id]
        raise KeyError(perspective_id)

    def perspective_name(self, perspective_id: str) -> str:
        if perspective_id == SOCIETY:
            return "Maatschappij (alle financiers)"
        for p in self.perspectives:
            if p.id == perspective_id:
                return p.name
        for f in self.financiers:
            if f.id == perspective_id:
                return f.name
        raise KeyError(perspective_id)
