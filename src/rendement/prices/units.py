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

A count followed by its unit reads as a sentence would: ``60 consulten``, ``1 consult``;
in English the bundled lists' Dutch units are said in English (``60 consultations``):

>>> counted("60", 60, "consult")
'60 consulten'
>>> counted("1", 1, "consult")
'1 consult'
>>> counted("3", 3, "gezin per jaar")
'3 gezinnen per jaar'
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

SINGULAR_TO_PLURAL = {singular: plural for plural, singular in PLURALS.items()} | {
    "sessie": "sessies",
    "zitting": "zittingen",
    "onderzoek": "onderzoeken",
    "rit": "ritten",
    "delict": "delicten",
    "eenheid": "eenheden",
    "kilometer": "kilometers",
    "visite": "visites",
    "deelnemer": "deelnemers",
    "bewoner": "bewoners",
    "cliënt": "cliënten",
    "leerling": "leerlingen",
    "traject": "trajecten",
    "verwijzing": "verwijzingen",
    "opname": "opnames",
    "nacht": "nachten",
    "maaltijd": "maaltijden",
}
"""A Dutch unit → its plural (the bundled lists' units and the common ones of cases)."""

ENGLISH: dict[str, tuple[str, str]] = {
    "uur": ("hour", "hours"),
    "dag": ("day", "days"),
    "dagdeel": ("half-day", "half-days"),
    "minuut": ("minute", "minutes"),
    "week": ("week", "weeks"),
    "maand": ("month", "months"),
    "jaar": ("year", "years"),
    "consult": ("consultation", "consultations"),
    "contactmoment": ("contact", "contacts"),
    "contact": ("contact", "contacts"),
    "gesprek": ("conversation", "conversations"),
    "bezoek": ("visit", "visits"),
    "visite": ("home visit", "home visits"),
    "sessie": ("session", "sessions"),
    "zitting": ("session", "sessions"),
    "onderzoek": ("examination", "examinations"),
    "rit": ("ride", "rides"),
    "delict": ("offence", "offences"),
    "eenheid": ("unit", "units"),
    "kilometer": ("kilometre", "kilometres"),
    "gezin": ("family", "families"),
    "persoon": ("person", "people"),
    "deelnemer": ("participant", "participants"),
    "person": ("person", "people"),
    "member": ("member", "members"),
    "participant": ("participant", "participants"),
    "hour": ("hour", "hours"),
    "day": ("day", "days"),
    "visit": ("visit", "visits"),
    "session": ("session", "sessions"),
}
"""A unit (Dutch, or already English) → English (singular, plural)."""


def unit_word(unit: str, amount: float | None, code: str | None = None) -> str:
    """``unit`` as said after ``amount`` in language ``code`` (the active one by default):
    plural unless the amount is at most 1; a unit of several words changes its first word
    (``gezin per jaar`` → ``gezinnen per jaar``); an unknown unit stays as written."""
    from ..i18n import active

    first, space, rest = unit.strip().partition(" ")
    singular = normalise(first)
    many = amount is not None and abs(amount) > 1
    if (code or active()) == "en":
        if singular not in ENGLISH:
            return unit
        one, more = ENGLISH[singular]
        return f"{more if many else one}{space}{rest}"
    if not many:
        return unit if normalise(first) == first.lower() else f"{singular}{space}{rest}"
    plural = SINGULAR_TO_PLURAL.get(singular)
    return f"{plural}{space}{rest}" if plural else unit


def counted(shown: str, amount: float | None, unit: str) -> str:
    """A shown count and its unit: ``60 consulten``, ``1 consult``, ``12 uren``."""
    return f"{shown} {unit_word(unit, amount)}"


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
