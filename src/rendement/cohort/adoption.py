"""From realisation to forecast: the effects measured in client cases become an
intervention of a business case, whose lines cite the cohort as their source.

The new intervention reaches the cohort's client cases. Per effect item it has a named
assumption (a parameter, cited to the cohort) holding the units avoided per client case
— the mean over the cases whose quantity is known, with attribution and probability of
each case already applied — as a normal distribution around that mean with the standard
error of the cases (so Monte Carlo carries the cohort's uncertainty), and an effect line
that counts it for those cases. Time spent on the cases becomes investment lines. A
shadow value (the client's volunteer work) is no budget's and stays out, as in the
cohort's own net return; the intervention's description says how large it was.

Only aggregates enter the business case: no pseudonym, no single case.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ..i18n import _
from ..money import euro, number
from .forecast import measured
from .valuation import Valued


@dataclass(frozen=True)
class Adopted:
    document: str  # the business case's YAML with the new intervention (and its source)
    intervention: str  # the new intervention's id
    lines: int  # its effect lines


def ident(name: str, taken: set[str], prefix: str = "") -> str:
    """An id from a name (``Cliëntcasussen 2026`` → ``clientcasussen_2026``), not in
    ``taken``."""
    from ..model.editing import identifier

    return identifier(name, taken, prefix, limit=48)


def _value(values: list[float]) -> Any:
    """The mean per case; a normal distribution around it when the cases differ."""
    mean = float(np.mean(values))
    if len(values) < 2:
        return mean
    sd = float(np.std(values, ddof=1)) / math.sqrt(len(values))
    return {"normal": {"mean": mean, "sd": sd}} if sd > 0 else mean


def measured_intervention(
    valued: Valued, *, name: str, source: str, taken: set[str], when: date
) -> dict[str, Any]:
    """The intervention (as the model document writes it) of the cohort's measured effects,
    its parameters citing ``source`` (a source id of the business case)."""
    per_item = measured(valued)
    prices = {r.entry.item: r.price for c in valued.cases for r in c.rows}
    count = len(valued.cases)
    parameters: list[dict[str, Any]] = []
    effects: list[dict[str, Any]] = []
    names: set[str] = set()
    for item, values in per_item.items():
        price = prices[item]
        parameter = ident(item, names, prefix="gemeten_")
        names.add(parameter)
        mean = float(np.mean(values))
        parameters.append(
            {
                "id": parameter,
                "name": _("{name}: minder per casus (gemeten)").format(name=price.name),
                "value": _value(values),
                "unit": price.unit,
                "source": source,
                "note": _(
                    "Gemiddelde van {known} van de {count} cliëntcasussen met een bekende "
                    "hoeveelheid: {mean} {unit} minder per jaar, toerekening en kans per "
                    "casus toegepast; de spreiding is de standaardfout van dat gemiddelde."
                ).format(known=len(values), count=count, mean=number(mean, 2), unit=price.unit),
            }
        )
        effects.append(
            {
                "id": item,
                "name": price.name,
                "cases": len(values),
                "units_per_case": f"={parameter}",
                "price": item,
                "note": _(
                    "Gemeten in cliëntcasussen; toerekening en kans staan al in de "
                    "gemeten eenheden."
                ),
            }
        )
    investments: list[dict[str, Any]] = []
    spent: dict[str, float] = {}
    for case in valued.cases:
        for row in case.rows:
            if row.entry.kind == "investment":
                assert row.entry.after is not None  # a known row
                spent[row.entry.item] = spent.get(row.entry.item, 0.0) + row.entry.after
    for item, quantity in spent.items():
        price = prices[item]
        investments.append(
            {
                "id": ident(item, {e["id"] for e in investments}),
                "name": price.name,
                "payer": price.financier,
                "quantity": quantity,
                "unit": price.unit,
                "unit_cost": price.amount,
                "source": source,
                "note": _("Besteed aan de {count} cliëntcasussen samen.").format(count=count),
            }
        )
    shadow = sum(case.shadow for case in valued.cases)
    description = _(
        "De effecten zoals gemeten in {count} cliëntcasussen ({source}, overgenomen op "
        "{date}). Schaduwwaarde (bijv. vrijwilligerswerk van cliënten, door geen budget "
        "betaald) buiten de netto opbrengst: {shadow}."
    ).format(count=count, source=valued.source, date=when.isoformat(), shadow=euro(shadow))
    return {
        "id": ident(name, taken),
        "name": name,
        "description": description,
        "reach": count,
        "reach_unit": _("cliëntcasussen"),
        "parameters": parameters,
        "effects": effects,
        "investments": investments,
    }


def adopt(
    document: str, valued: Valued, *, name: str | None = None, when: date | None = None
) -> Adopted:
    """``document`` (a business case's YAML, whose prices valued the cohort) with the
    cohort's measured effects as a new intervention and the cohort as a new source.

    The caller loads the result (the loader's checks hold for it as for any edit)."""
    from ..model.editing import append, parse

    when = when or date.today()
    raw = parse(document)
    interventions = raw.get("interventions") or []
    taken = {str(i.get("id")) for i in interventions if isinstance(i, dict)}
    sources = {str(s.get("id")) for s in (raw.get("sources") or []) if isinstance(s, dict)}
    source = ident(valued.source, sources, prefix="cohort_")
    title = name or _("Gemeten in cliëntcasussen: {source}").format(source=valued.source)
    intervention = measured_intervention(valued, name=title, source=source, taken=taken, when=when)
    cited = {
        "id": source,
        "title": _("Cliëntcasussen {source} ({count} casussen)").format(
            source=valued.source, count=len(valued.cases)
        ),
        "year": when.year,
        "note": _(
            "Voor en tijdens de ondersteuning gemeten per cliëntcasus, toerekening besproken "
            "in de werksessie; overgenomen op {date}. De casussen zelf staan niet in dit model."
        ).format(date=when.isoformat()),
    }
    text = append(document, ("sources",), cited)
    text = append(text, ("interventions",), intervention)
    return Adopted(text, intervention["id"], len(intervention["effects"]))
