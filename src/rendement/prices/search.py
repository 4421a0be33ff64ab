"""Searching the price lists the way a Dutch project team types: in Dutch or English.

Every bundled item has a Dutch name (the Kostenhandleiding's English description is kept
as its English name); a policy advisor types ``huisarts``, a reader of the English
descriptions ``general practitioner``. A search term is widened with its synonyms (both
ways) before matching code, Dutch and English name, note and domain; items whose Dutch
name holds the typed word come first, then those whose Dutch name holds a synonym, then
the rest.

>>> sorted(terms("huisarts"))
['general practitioner', 'gp', 'huisarts']
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import PriceItem, PriceList

SYNONYMS: list[tuple[str, ...]] = [
    ("huisarts", "general practitioner", "gp"),
    ("ziekenhuis", "hospital"),
    ("opname", "admission", "nursing day"),
    ("verpleegdag", "nursing day"),
    ("spoedeisende hulp", "seh", "emergency"),
    ("ambulance", "ambulance"),
    ("fysiotherapie", "fysiotherapeut", "physiotherapy", "physiotherapist"),
    ("psycholoog", "psychologist"),
    ("psychiater", "psychiatrist"),
    ("ggz", "mental health"),
    ("huishoudelijke hulp", "thuiszorg", "household help", "home care"),
    ("wijkverpleging", "district nursing", "home nursing"),
    ("verpleeghuis", "nursing home"),
    ("mantelzorg", "mantelzorger", "informal care", "informal caregiver"),
    ("dagbesteding", "day care", "day activities"),
    ("consult", "consultation"),
    ("maatschappelijk werk", "social work"),
    ("apotheek", "pharmacy", "pharmacist"),
    ("medicijnen", "medication", "medicine"),
    ("politie", "police"),
    ("vrijwilligerswerk", "vrijwilliger", "volunteer"),
    ("uitkering", "bijstand", "benefit", "social assistance"),
    ("productiviteit", "verzuim", "productivity", "absenteeism"),
]


def terms(needle: str) -> set[str]:
    """The search term and its synonyms, lower case."""
    needle = needle.strip().lower()
    found = {needle}
    for group in SYNONYMS:
        if any(needle == word or (len(needle) >= 4 and needle in word) for word in group):
            found.update(group)
    return found


@dataclass(frozen=True)
class Hit:
    list_id: str
    currency: str
    item: PriceItem


def rank(needle: str, wanted: set[str], item: PriceItem) -> int | None:
    """0: the Dutch name holds the typed word; 1: it holds a synonym; 2: the code,
    English name, note or domain matches; None: no match."""
    dutch = item.name.lower()
    if needle in dutch:
        return 0
    if any(word in dutch for word in wanted):
        return 1
    text = f"{item.code} {item.name_en or ''} {item.note or ''} {item.domain or ''}".lower()
    return 2 if any(word in text for word in wanted) else None


def search(needle: str, lists: list[PriceList], limit: int = 50) -> list[Hit]:
    """Items whose code, names, note or domain contain the term or one of its synonyms;
    Dutch names first (see :func:`rank`), in list order within a rank."""
    typed = needle.strip().lower()
    wanted = terms(needle) if typed else set()
    ranked: list[tuple[int, Hit]] = []
    for price_list in lists:
        for item in price_list.items.values():
            found = rank(typed, wanted, item) if typed else 0
            if found is not None:
                ranked.append((found, Hit(price_list.id, price_list.currency, item)))
    ranked.sort(key=lambda pair: pair[0])  # stable: list order within a rank
    return [hit for _rank, hit in ranked[:limit]]
