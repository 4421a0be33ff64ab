"""The price an existing effect line names, in words, for its field in the workspace: the
reader sees the price's name, amount, unit, year and source — never its id."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template

from ....i18n import active
from ....model.editing import read as parse
from .. import choosing

register = template.Library()


@lru_cache(maxsize=16)
def _chosen(document: str, code: str, language: str) -> choosing.Choice | None:
    """Cached per document, price and language: a workspace shows every line's price."""
    raw = parse(document)
    return choosing.chosen(raw if isinstance(raw, dict) else {}, code)


@register.simple_tag
def price_of(document: str, code: str) -> choosing.Choice | None:
    """The price ``code`` as the case resolves it (its own tariffs, then its lists)."""
    return _chosen(document, str(code), active())


@register.inclusion_tag("cases/_price_chosen.html")
def chosen_price(document: str, typed: dict[str, str], index: object) -> dict[str, Any]:
    """A refused effect form shown again keeps its chosen price and 'Wie betaalt' (so the
    reader answers what the error asks, without searching again)."""
    from ..price_views import payer_options

    raw = parse(document)
    raw = raw if isinstance(raw, dict) else {}
    value = str(typed.get("price") or "")
    choice = choosing.chosen(raw, value) if value else None
    options = payer_options(raw, choice)
    if typed.get("financier"):
        options["selected"] = typed["financier"]
    return {"choice": choice, "index": index, "keep": True, **options}
