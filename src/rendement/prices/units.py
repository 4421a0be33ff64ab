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

SINGULAR_TO_PLURAL = {
    "dagdeel": "dagdelen",
    "dag": "dagen",
    "uur": "uren",
    "minuut": "minuten",
    "week": "weken",
    "maand": "maanden",
    "jaar": "jaren",
    "contactmoment": "contactmomenten",
    "contact": "contacten",
    "consult": "consulten",
    "gesprek": "gesprekken",
    "bezoek": "bezoeken",
    "gezin": "gezinnen",
    "persoon": "personen",
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
    "koppeling": "koppelingen",
    "uithuiszetting": "uithuiszettingen",
    "activiteit": "activiteiten",
    "ouder": "ouders",
    "vrijwilliger": "vrijwilligers",
    "mantelzorger": "mantelzorgers",
    "kind": "kinderen",
    "huishouden": "huishoudens",
    "verpleegdag": "verpleegdagen",
    "behandeling": "behandelingen",
    "afspraak": "afspraken",
    "melding": "meldingen",
    "zaak": "zaken",
}
"""A Dutch unit → its plural: every unit of the bundled price lists and the examples, and
the common ones of cases. Other Dutch words follow :func:`dutch_plural`."""

PLURALS = {plural: singular for singular, plural in SINGULAR_TO_PLURAL.items()}
"""A Dutch plural → its singular, so ``dagdelen`` matches a price per ``dagdeel``."""

MEASURES = frozenset({"euro", "procent", "keer", "maal", "kilo", "liter", "cent"})
"""Dutch measure words that stay singular after a number (``3 euro``, ``2 keer``)."""

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
    "bewoner": ("resident", "residents"),
    "cliënt": ("client", "clients"),
    "leerling": ("pupil", "pupils"),
    "traject": ("programme", "programmes"),
    "verwijzing": ("referral", "referrals"),
    "opname": ("admission", "admissions"),
    "nacht": ("night", "nights"),
    "maaltijd": ("meal", "meals"),
    "koppeling": ("match", "matches"),
    "uithuiszetting": ("eviction", "evictions"),
    "activiteit": ("activity", "activities"),
    "ouder": ("parent", "parents"),
    "vrijwilliger": ("volunteer", "volunteers"),
    "mantelzorger": ("carer", "carers"),
    "kind": ("child", "children"),
    "huishouden": ("household", "households"),
    "verpleegdag": ("inpatient day", "inpatient days"),
    "behandeling": ("treatment", "treatments"),
    "afspraak": ("appointment", "appointments"),
    "melding": ("report", "reports"),
    "zaak": ("case", "cases"),
    "euro": ("euro", "euros"),
}
"""A Dutch unit → English (singular, plural)."""

ENGLISH_PLURALS: dict[str, str] = {one: more for one, more in ENGLISH.values()} | {
    "member": "members",
    "attendance": "attendances",
    "appointment": "appointments",
    "admission": "admissions",
    "carer": "carers",
    "volunteer": "volunteers",
    "resident": "residents",
    "person": "people",
    "hour": "hours",
    "day": "days",
    "visit": "visits",
    "session": "sessions",
    "participant": "participants",
}
"""An English unit (a model written in English) → its plural, in either language."""

_ENGLISH_SINGULARS = {more: one for one, more in ENGLISH_PLURALS.items()}


def dutch_plural(word: str) -> str:
    """A Dutch plural by the spelling rules, for a unit no table knows.

    -e, -el, -em, -en, -er, -je → +s (``sessie`` → ``sessies``); a vowel → 's
    (``euro`` → ``euro's``); -heid → -heden; a doubled long vowel loses a letter
    (``maal`` → ``malen``); a short vowel before one consonant doubles it (``rit`` →
    ``ritten``); else +en (``consult`` → ``consulten``). Irregular words belong in
    :data:`SINGULAR_TO_PLURAL`.

    >>> [dutch_plural(w) for w in ("zorgpakket", "sessie", "uitkering", "cursus")]
    ['zorgpakketten', 'sessies', 'uitkeringen', 'cursussen']
    """
    vowels = "aeiouyéëï"
    if word.endswith("heid"):
        return word[:-4] + "heden"
    if word.endswith(("e", "el", "em", "en", "er", "je", "é")):
        return word + "s"
    if word[-1] in vowels:
        return word + "'s"
    if word.endswith("ing"):
        return word + "en"
    if len(word) >= 3 and word[-1] not in vowels and word[-2] in vowels:
        if word[-3] == word[-2]:  # a long vowel written double: maal → malen
            return word[:-2] + word[-1] + "en"
        if word[-3] not in vowels and word[-1] not in "wxy":  # short: rit → ritten
            return word + word[-1] + "en"
    return word + "en"


def _many(amount: float | None, code: str) -> bool:
    """Whether a count takes the plural: English for every amount but 1 (``0 days``,
    ``1.5 days``); Dutch for 0 and above 1 (``0 gezinnen``, ``0,5 dag``)."""
    if amount is None:
        return False
    size = abs(amount)
    if code == "en":
        return size != 1
    return size > 1 or size == 0


def unit_word(unit: str, amount: float | None, code: str | None = None) -> str:
    """``unit`` as said after ``amount`` in language ``code`` (the active one by default):
    the plural when the amount asks for it (see :func:`_many`); a unit of several words
    changes its first word (``gezin per jaar`` → ``gezinnen per jaar``).

    A Dutch unit no table knows follows :func:`dutch_plural`; a unit already in English
    takes its English plural in either language; in English a Dutch unit no table knows
    stays as written (a wrong English word would be worse than the model's own)."""
    from ..i18n import active

    language = code or active()
    first, space, rest = unit.strip().partition(" ")
    lower = first.lower()
    many = _many(amount, language)
    english = _ENGLISH_SINGULARS.get(lower, lower)
    if english in ENGLISH_PLURALS and normalise(lower) not in ENGLISH:
        return f"{ENGLISH_PLURALS[english] if many else english}{space}{rest}"
    singular = normalise(first)
    if language == "en":
        if singular not in ENGLISH:
            return unit
        one, more = ENGLISH[singular]
        return f"{more if many else one}{space}{_english_words(rest)}"
    if not many:
        return unit if singular == lower else f"{singular}{space}{rest}"
    if singular in MEASURES or not singular.isalpha():
        return unit
    if singular != lower:  # written in the plural already
        return unit
    plural = SINGULAR_TO_PLURAL.get(singular) or dutch_plural(singular)
    return f"{plural}{space}{rest}"


def _english_words(rest: str) -> str:
    """The words after a unit in English: ``per jaar`` → ``per year``."""
    return (
        " ".join(
            ENGLISH[normalise(word)][0] if normalise(word) in ENGLISH else word
            for word in rest.split(" ")
        )
        if rest
        else rest
    )


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
