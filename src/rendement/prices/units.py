"""Units of effect lines and prices, and the declared conversions between them.

An effect counted in one unit never silently uses a price per another unit: either the
units are the same (after folding Dutch plurals: ``dagdelen`` = ``dagdeel``), or a
declared conversion applies (built in: day ↔ half-day, hour ↔ minute, year ↔ month,
year ↔ week with the case's weeks per year), or the model is refused.

>>> normalise("Dagdelen")
'dagdeel'
>>> price_units_per_unit("dag", "dagdeel")
2.0
>>> price_units_per_unit("uur", "dagdeel") is None
True
"""

from __future__ import annotations

PLURALS = {
    "dagdelen": "dagdeel",
    "dagen": "dag",
    "uren": "uur",
    "minuten": "minuut",
    "weken": "week",
    "maanden": "maand",
    "jaren": "jaar",
    "contactmomenten": "contactmoment",
    "contacten": "contact",
    "consulten": "consult",
    "gesprekken": "gesprek",
    "bezoeken": "bezoek",
    "gezinnen": "gezin",
    "personen": "persoon",
}

BUILT_IN: dict[tuple[str, str], float] = {
    ("dag", "dagdeel"): 2.0,
    ("uur", "minuut"): 60.0,
    ("jaar", "maand"): 12.0,
}
"""(larger, smaller) → how many of the smaller unit make one larger unit."""


def normalise(unit: str) -> str:
    """Lower case, singular: ``Dagdelen`` → ``dagdeel``; ``uur`` stays ``uur``."""
    word = " ".join(unit.strip().lower().split())
    return PLURALS.get(word, word)


def price_units_per_unit(
    unit: str,
    price_unit: str,
    weeks_per_year: float | None = None,
    declared: dict[tuple[str, str], float] | None = None,
) -> float | None:
    """How many price units one effect unit is (``dag`` with a price per ``dagdeel``: 2).

    ``None`` when no conversion is known: the caller must refuse the combination.
    """
    a, b = normalise(unit), normalise(price_unit)
    if a == b:
        return 1.0
    table = dict(BUILT_IN)
    if weeks_per_year:
        table[("jaar", "week")] = weeks_per_year
    for (x, y), factor in (declared or {}).items():
        table[(normalise(x), normalise(y))] = factor
    if (a, b) in table:
        return table[(a, b)]
    if (b, a) in table:
        return 1.0 / table[(b, a)]
    return None
