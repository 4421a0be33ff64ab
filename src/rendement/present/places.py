"""Where a problem sits, in words: "Buurtcoach › Coördinator › bedrag", not
``interventions[buurtcoach].investments[inv].amount``.

A policy advisor who never saw the YAML reads the names she gave the intervention and its
lines, and the fields in words (:data:`~rendement.present.inputs.FIELDS` and a few more).
The model path stays available for an expert, in small print. Built from the raw document
(the round-trip tree), so it also works for a model that does not load: that is exactly
when a message is shown. The command line, the reports and the web app can all use it.

>>> place({"interventions": [{"id": "steun", "name": "Steun", "reach": 4}]},
...       "interventions[steun].reach")
'Steun › bereik'
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import N_, _
from .inputs import FIELDS, SEPARATOR

SECTIONS = {
    "meta": N_("Algemeen"),
    "prices": N_("Prijzen"),
    "price_lists": N_("Prijslijsten"),
    "parameters": N_("Parameters"),
    "scenarios": N_("Scenario's"),
    "financiers": N_("Financiers"),
    "stakeholders": N_("Belanghebbenden"),
    "sources": N_("Bronnen"),
    "perspectives": N_("Perspectieven"),
    "correlations": N_("Samenhang tussen onzekere invoer"),
    "reported": N_("Gedrukte cijfers"),
    "portfolio": N_("Overzicht van interventies"),
    "variants": N_("Varianten"),
    "unit_conversions": N_("Omrekeningen van eenheden"),
    "index_series": N_("Indexreeksen"),
}
"""Blocks of the model, in words. The lists an author names item by item (interventions,
effect lines, investments) need no word: the item's own name says it."""

NAMED = ("interventions", "effects", "investments", "non_monetised")

WORDS = {
    **FIELDS,
    "price": N_("prijs"),
    "financier": N_("financier"),
    "stakeholder": N_("belanghebbende"),
    "payer": N_("betaler"),
    "source": N_("bron"),
    "name": N_("naam"),
    "id": N_("korte naam"),
    "value": N_("waarde"),
    "unit": N_("eenheid"),
    "reach_unit": N_("eenheid van het bereik"),
    "title": N_("titel"),
    "date": N_("datum"),
    "currency": N_("valuta"),
    "exchange": N_("wisselkoers"),
    "price_year": N_("prijspeil"),
    "weeks_per_year": N_("werkweken per jaar"),
    "discount_rate": N_("discontovoet"),
    "perspective": N_("perspectief"),
    "variant": N_("variant"),
    "scenario": N_("scenario"),
    "figures": N_("cijfers"),
    "set": N_("wijzigingen"),
    "description": N_("omschrijving"),
    "units_per_case": FIELDS["units_per_case"],
    "value_per_case": N_("waarde per casus"),
    "between": N_("tussen"),
    "domains": N_("domeinen"),
    "organisation": N_("organisatie"),
    "author": N_("auteur"),
    "years": N_("jaren"),
    "columns": N_("kolommen"),
    "picks": N_("keuzes"),
    "table": N_("tabel"),
}
"""Fields of the model format, in words."""

_PART = re.compile(r"\[([^\]]*)\]|([^.\[\]]+)")


def parts(path: str) -> list[tuple[str, bool]]:
    """``a[x].b`` → ``[('a', False), ('x', True), ('b', False)]`` (True: an item of a list)."""
    return [(item or key, bool(item)) for item, key in _PART.findall(path)]


def _item(node: Any, label: str) -> Any:
    """The item of list ``node`` with id ``label``, or at 1-based position ``label``."""
    if not isinstance(node, list):
        return None
    for child in node:
        if isinstance(child, dict) and str(child.get("id")) == label:
            return child
    if label.isdigit() and 0 < int(label) <= len(node):
        return node[int(label) - 1]
    return None


def _label(item: Any, key: str) -> str:
    """An item as its author knows it: its name (or the table it cites), else its id."""
    if isinstance(item, dict):
        for field in ("name", "title", "table"):
            said = item.get(field)
            if isinstance(said, str) and said.strip():
                return said.strip()
    return key


def place(raw: Any, path: str) -> str:
    """The field at ``path`` (as :func:`~rendement.model.locations.display_path` writes
    it) in words, in the active language; '' for the whole file."""
    words: list[str] = []
    node = raw
    for key, is_item in parts(path):
        if is_item:
            node = _item(node, key)
            words.append(_label(node, key))
            continue
        node = node.get(key) if isinstance(node, dict) else None
        if key in NAMED:
            continue  # the item's own name follows
        if key in SECTIONS:
            words.append(_(SECTIONS[key]))
        elif key in WORDS:
            words.append(_(WORDS[key]))
        else:
            words.append(key)  # an id the author chose (a scenario's, a figure's path)
    return SEPARATOR.join(words)


def places(raw: Any, problems: list[Any]) -> list[tuple[str, Any]]:
    """Each problem with its place in words (``''`` when it concerns the whole file)."""
    return [(place(raw, p.path) if p.path else "", p) for p in problems]
