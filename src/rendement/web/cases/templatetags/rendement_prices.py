"""The price an existing effect line names, in words, for its field in the workspace: the
reader sees the price's name, amount, unit, year and source — never its id."""

from __future__ import annotations

from functools import lru_cache

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
