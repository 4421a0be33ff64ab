"""An intervention: what it does, whom it reaches, what it saves and what it costs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from ..i18n import N_
from ..wording import Text
from .base import Id, Strict
from .printed import PrintedFigure
from .values import Amount, Number, Share, Value


class Parameter(Strict):
    """A named assumption that formulas can use (``gezinnen``, ``koppelingen``)."""

    id: Id = Field(description="Naam waarmee formules deze waarde gebruiken.")
    name: str | None = Field(None, description="Omschrijving.")
    value: Number = Field(description="Waarde: een getal of een formule.")
    unit: str | None = Field(None, description="Eenheid, bijv. 'gezinnen' of 'euro per jaar'.")
    source: Id | None = Field(None, description="Id van de bron in 'sources'.")
    note: str | None = Field(None, description="Toelichting: waarom deze waarde.")


class QualitativeEffects(Strict):
    """Effects per perspective in words (the effect tables of the report)."""

    clients: list[str] = Field(default_factory=list, description="Effecten voor cliënten.")
    municipality: list[str] = Field(
        default_factory=list, description="Effecten voor gemeente en ketenpartners."
    )
    society: list[str] = Field(default_factory=list, description="Effecten voor de maatschappij.")


class IndicatorSource(Strict):
    """Where the measured values come from: a question of an instrument (for later use)."""

    instrument: Id = Field(description="Id van het instrument (vragenlijst of interviewleidraad).")
    question: Id | None = Field(None, description="Id van de vraag in dat instrument.")


class Indicator(Strict):
    """How a non-monetised effect is measured per client case: a scale with a direction,
    a baseline and a target, so that measured values at the start and end can be compared
    per segment (see :mod:`rendement.cohort.indicators`)."""

    id: Id = Field(description="Id van de indicator, zoals in de tabel met meetwaarden.")
    scale: str = Field(description="Eenheid of schaal, bijv. 'score 1–5', 'aantal' of '%'.")
    direction: Literal["higher", "lower"] = Field(
        "higher",
        description="Wat beter is: higher (hoger is beter, standaard) of lower (lager is beter).",
    )
    baseline: float | None = Field(None, description="Nulmeting: de waarde bij de start.")
    target: float | None = Field(None, description="Streefwaarde aan het eind, per casus.")
    source: IndicatorSource | None = Field(
        None, description="Het instrument en de vraag waaruit de meetwaarden komen."
    )


class NonMonetised(Strict):
    """An effect that is not valued in money, but counts: with how it could be measured."""

    effect: str = Field(description="Het effect in woorden.")
    stakeholder: Id | None = Field(None, description="Belanghebbende bij wie het optreedt.")
    perspective: Literal["clients", "municipality", "society"] = Field(
        description="Perspectief: clients, municipality (gemeente en ketenpartners) of society."
    )
    indicator: str | None = Field(None, description="Indicator waarmee het effect te meten is.")
    measurement: str | None = Field(None, description="Hoe en door wie het gemeten kan worden.")
    measure: Indicator | None = Field(
        None,
        description="De indicator als meetbare schaal: id, schaal, richting, nulmeting en "
        "streefwaarde; de meetwaarden per casus staan in een aparte tabel.",
    )


class Effect(Strict):
    """A quantified effect: cases × units per case × unit price, avoided for one financier.

    Write the number of cases as ``cases`` (absolute) or ``share`` (of the reach), with
    ``units_per_case``; or write the total number of units as ``units`` alone.
    """

    id: Id = Field(description="Id van de effectregel.")
    name: str = Field(description="Omschrijving zoals in de tabel, bijv. 'Huisarts'.")
    description: str | None = Field(None, description="Aanname in woorden.")
    stakeholder: Id | None = Field(None, description="Belanghebbende bij wie het effect optreedt.")
    indicator: str | None = Field(
        None,
        description="Hoe de uitkomst gemeten wordt (de indicator van een SROI-impact map).",
    )
    cases: Amount | None = Field(None, description="Aantal casussen met dit effect.")
    share: Share | None = Field(None, description="Aandeel van het bereik met dit effect (25%).")
    units_per_case: Number | None = Field(None, description="Eenheden minder per casus.")
    units: Number | None = Field(None, description="Totaal aantal eenheden (zonder casussen).")
    unit: str | None = Field(None, description="Eenheid; standaard die van de prijs.")
    price: Id = Field(description="Id van de prijs in 'prices'.")
    financier: Id | None = Field(None, description="Financier; standaard die van de prijs.")
    deadweight: Share | None = Field(
        None, description="Deel dat ook zonder de interventie was gebeurd (standaard 0%)."
    )
    attribution: Share | None = Field(
        None,
        description="Deel dat aan deze interventie is toe te rekenen, de toerekening "
        "(standaard 100%). Een SROI-impact map geeft meestal het omgekeerde: gebruik daarvoor "
        "'attribution_to_others'.",
    )
    attribution_to_others: Share | None = Field(
        None,
        description="Deel dat aan anderen is toe te rekenen en wordt afgetrokken, zoals de "
        "SROI-gidsen (UK, AU) 'attribution' bedoelen; de regel telt voor 1 − dit deel. Niet "
        "samen met 'attribution'.",
    )
    displacement: Share | None = Field(
        None, description="Deel dat elders weer ontstaat, verplaatsing (standaard 0%)."
    )
    drop_off: Share | None = Field(
        None, description="Afname van het effect per jaar na het eerste effectjaar (standaard 0%)."
    )
    duration_years: Amount | None = Field(
        None, description="Hoeveel jaar het effect van één jaar activiteit duurt (standaard 1)."
    )
    start_delay_years: Amount | None = Field(
        None, description="Jaren vertraging voordat het effect begint (standaard 0)."
    )
    note: str | None = Field(None, description="Toelichting.")

    @model_validator(mode="after")
    def _one_form(self) -> Effect:
        if self.attribution is not None and self.attribution_to_others is not None:
            raise ValueError(
                Text(
                    N_(
                        "geef 'attribution' (het deel dat aan deze interventie toe te rekenen "
                        "is) óf 'attribution_to_others' (het deel dat aan anderen toekomt, "
                        "zoals een SROI-impact map het noemt), niet allebei"
                    )
                )
            )
        per_case = self.cases is not None or self.share is not None
        if self.cases is not None and self.share is not None:
            raise ValueError(
                Text(N_("geef 'cases' (een aantal) óf 'share' (een aandeel), niet allebei"))
            )
        if per_case and self.units is not None:
            raise ValueError(
                Text(
                    N_(
                        "met 'cases' of 'share' hoort 'units_per_case'; 'units' is het totaal "
                        "zonder casussen"
                    )
                )
            )
        if per_case and self.units_per_case is None:
            raise ValueError("'units_per_case' ontbreekt: hoeveel eenheden minder per casus?")
        if not per_case and self.units is None:
            if self.units_per_case is not None:
                raise ValueError(Text(N_("bij 'units_per_case' hoort 'cases' of 'share'")))
            raise ValueError(
                Text(
                    N_("geef 'cases' of 'share' met 'units_per_case', of het totaal aantal 'units'")
                )
            )
        return self


class Investment(Strict):
    """A cost of running the intervention, paid by one financier.

    One of three forms: ``amount`` per year; ``hours_per_week`` × ``hourly_cost``
    (× the case's weeks per year); or ``quantity`` × ``unit_cost``.
    """

    id: Id = Field(description="Id van de investeringsregel.")
    name: str = Field(description="Omschrijving zoals in de tabel.")
    payer: Id = Field(description="Financier die de investering betaalt.")
    amount: Amount | None = Field(None, description="Bedrag per jaar.")
    hours_per_week: Amount | None = Field(None, description="Uren per week.")
    hourly_cost: Amount | None = Field(None, description="Kosten per uur.")
    quantity: Amount | None = Field(None, description="Aantal eenheden, bijv. koppelingen.")
    unit_cost: Amount | None = Field(None, description="Kosten per eenheid.")
    unit: str | None = Field(None, description="Eenheid bij 'quantity'.")
    one_off: bool = Field(
        False, description="Eenmalig (in het startjaar) in plaats van elk jaar van activiteit."
    )
    start_year: int = Field(1, ge=1, description="Jaar waarin de investering begint (1 = eerste).")
    source: Id | None = Field(None, description="Id van de bron in 'sources'.")
    note: str | None = Field(None, description="Toelichting.")

    @model_validator(mode="after")
    def _one_form(self) -> Investment:
        forms = {
            "amount": self.amount is not None,
            "hours_per_week/hourly_cost": self.hours_per_week is not None
            or self.hourly_cost is not None,
            "quantity/unit_cost": self.quantity is not None or self.unit_cost is not None,
        }
        used = [name for name, present in forms.items() if present]
        if len(used) != 1:
            raise ValueError(
                Text(
                    N_(
                        "geef precies één vorm: 'amount', of 'hours_per_week' met "
                        "'hourly_cost', of 'quantity' met 'unit_cost'"
                    )
                )
                + (Text(N_(" (nu: {names})"), names=", ".join(used)) if used else "")
            )
        if used[0] == "hours_per_week/hourly_cost" and (
            self.hours_per_week is None or self.hourly_cost is None
        ):
            raise ValueError(Text(N_("'hours_per_week' en 'hourly_cost' horen samen")))
        if used[0] == "quantity/unit_cost" and (self.quantity is None or self.unit_cost is None):
            raise ValueError(Text(N_("'quantity' en 'unit_cost' horen samen")))
        return self

    @property
    def factors(self) -> tuple[str, ...]:
        """The fields that multiply to the yearly amount (weeks come from the case)."""
        if self.amount is not None:
            return ("amount",)
        if self.hours_per_week is not None:
            return ("hours_per_week", "hourly_cost")
        return ("quantity", "unit_cost")


class Variant(Strict):
    """A way of running the intervention: the current situation or an expansion.

    ``set`` holds named overrides of values of the intervention, e.g.
    ``investments.coordinator.hours_per_week: 7``; everything else stays as written. It
    may also change a case parameter (``parameters.<id>``) or a unit price
    (``prices.<id>.amount``) for this intervention only.
    """

    id: Id = Field(description="Id van de variant, bijv. huidig of uitbreiding.")
    name: str = Field(description="Naam, bijv. 'Uitbreiding met 15 koppelingen'.")
    description: str | None = Field(None, description="Toelichting.")
    set: dict[str, Any] = Field(
        default_factory=dict,
        description="Overschreven waarden: pad → nieuwe waarde (ook parameters.<id> van de "
        "case en prices.<id>.amount, alleen voor deze interventie).",
    )


class ScenarioChange(Strict):
    """What a declared scenario (minimum, maximum) changes in this intervention."""

    description: str | None = Field(None, description="De aanname van dit scenario.")
    set: dict[str, Any] = Field(
        description="Overschreven waarden: pad → nieuwe waarde (ook parameters.<id> van de "
        "case en prices.<id>.amount, alleen voor deze interventie)."
    )


class Reported(Strict):
    """Figures a published report printed, to audit the report against its own inputs."""

    table: str = Field(description="Waar het getal staat, bijv. 'Tabel 2' of '§5.2 (tekst)'.")
    variant: Id | None = Field(None, description="Variant; standaard de eerste.")
    scenario: Id | None = Field(None, description="Scenario; standaard 'basis'.")
    perspective: Id | None = Field(
        None,
        description="Perspectief waarvoor het rapport deze getallen berekende (voor net, "
        "perspective_gross, ratio_gross, …); standaard dat van de case.",
    )
    figures: dict[str, PrintedFigure] = Field(
        description="Pad van een berekend getal → het getal zoals gedrukt: een getal (21376), "
        "of de tekst uit het rapport ('6:1', '€ 1,07 miljoen', '$4.8m', 'ca. € 670.000', "
        "'44%'), of {value, precision}; de audit beoordeelt het binnen de afronding van de "
        "druk. Geen formule."
    )
    remarks: list[str] = Field(
        default_factory=list, description="Opmerkingen van de auteur van het model bij deze tabel."
    )


class Intervention(Strict):
    """One intervention (lokale aanpak) with its effects, investments, variants and scenarios."""

    id: Id = Field(description="Id van de interventie.")
    name: str = Field(description="Naam, bijv. 'Ouders Lokaal'.")
    category: str | None = Field(None, description="Categorie uit de verandertheorie.")
    provider: str | None = Field(None, description="Uitvoerende organisatie.")
    description: str | None = Field(None, description="Korte beschrijving.")
    target_groups: list[str] = Field(default_factory=list, description="Doelgroepen.")
    main_activities: list[str] = Field(default_factory=list, description="Hoofdactiviteiten.")
    way_of_working: list[str] = Field(default_factory=list, description="Werkwijze.")
    qualitative_effects: QualitativeEffects = Field(
        default_factory=QualitativeEffects, description="Effecten per perspectief in woorden."
    )
    other_benefits: list[str] = Field(
        default_factory=list, description="Opbrengsten die lastig te kwantificeren zijn."
    )
    non_monetised: list[NonMonetised] = Field(
        default_factory=list,
        description="Niet in geld uitgedrukte effecten met indicator en meetwijze.",
    )
    reach: Amount = Field(
        description="Bereik per jaar: aantal casussen, deelnemers of koppelingen."
    )
    reach_unit: str = Field(description="Eenheid van het bereik, bijv. 'ouders'.")
    activity_years: int | None = Field(
        None,
        ge=1,
        description="Jaren dat de interventie loopt (elk jaar nieuwe casussen); standaard de "
        "hele tijdshorizon.",
    )
    parameters: list[Parameter] = Field(default_factory=list, description="Benoemde aannames.")
    effects: list[Effect] = Field(description="Gekwantificeerde effectregels.")
    investments: list[Investment] = Field(description="Investeringsregels.")
    variants: list[Variant] = Field(
        default_factory=list,
        description=(
            "Varianten (huidige situatie, uitbreidingen); zonder lijst één variant 'basis'."
        ),
    )
    scenarios: dict[Id, ScenarioChange] = Field(
        default_factory=dict, description="Wat elk scenario in deze interventie verandert."
    )
    reported: list[Reported] = Field(
        default_factory=list, description="Gedrukte getallen uit een rapport, voor de audit."
    )

    def variant_ids(self) -> list[str]:
        return [v.id for v in self.variants] or ["basis"]

    def parameter_values(self) -> dict[str, Value]:
        return {p.id: p.value for p in self.parameters}
