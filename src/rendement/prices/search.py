"""Searching the price lists the way a Dutch project team types: in Dutch or English.

The Kostenhandleiding is bundled with its English descriptions; a policy advisor types
``huisarts``, not ``general practitioner``. A search term is widened with its synonyms
(both ways) before matching code, name, note and domain.

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


def search(needle: str, lists: list[PriceList], limit: int = 50) -> list[Hit]:
    """Items whose code, name, note or domain contains the term or one of its synonyms."""
    wanted = terms(needle) if needle.strip() else set()
    hits = []
    for price_list in lists:
        for item in price_list.items.values():
            text = f"{item.code} {item.name} {item.note or ''} {item.domain or ''}".lower()
            if wanted and not any(word in text for word in wanted):
                continue
            hits.append(Hit(price_list.id, price_list.currency, item))
            if len(hits) >= limit:
                return hits
    return hits
