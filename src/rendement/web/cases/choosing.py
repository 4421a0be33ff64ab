"""Choosing a price for an effect line, and who pays for it, the way a newcomer can.

A price is chosen from what the search finds (the case's own tariffs, then the bundled
lists), each shown with its name in the reader's language, its amount in the reader's
format, its unit, price year and source. Who pays then follows from the price's domain:
the financier of the case that claims it, or — when none does — a financier for that
budget added in the same save. Only a price without a domain asks who pays; the effect
form never gets a refusal it cannot resolve itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ...model.editing import identifier
from ...money import currency
from ...money import price as show_price
from ...prices import CatalogueError, bundled_list, bundled_lists
from ...prices.search import search, terms
from ...prices.units import unit_word


@dataclass(frozen=True)
class Choice:
    """A price as the form shows it, and where it comes from."""

    value: str  # what the form posts: ``<list>:<code>``, or ``case:<id>`` for an own tariff
    code: str  # the id the effect line names
    name: str  # in the reader's language
    amount: float | None  # None: a formula or distribution (an own tariff)
    currency: str
    unit: str
    price_year: int | None
    source: str  # the list's name, or the own tariff's source
    domain: str | None
    financier: str | None  # an own tariff's own financier
    list_id: str | None  # None for an own tariff

    @property
    def own(self) -> bool:
        return self.list_id is None

    @property
    def amount_text(self) -> str:
        """``€ 30,87 per consult`` in Dutch, ``€30.87 per consultation`` in English."""
        per = unit_word(self.unit, 1)
        if self.amount is None:
            return _("per {unit}").format(unit=per)
        with currency(self.currency):
            return _("{amount} per {unit}").format(amount=show_price(self.amount), unit=per)

    @property
    def details(self) -> str:
        """Amount, unit, price year and source in one line."""
        parts = [self.amount_text]
        if self.price_year is not None:
            parts.append(_("prijspeil {year}").format(year=self.price_year))
        if self.own:
            parts.append(_("eigen tarief, bron: {source}").format(source=self.source))
        else:
            parts.append(self.source)
        return " · ".join(p for p in parts if p)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def own_prices(raw: dict[str, Any]) -> list[Choice]:
    """The case's own tariffs (``prices``), with their sources' titles."""
    meta = _mapping(raw.get("meta"))
    titles = {
        str(s.get("id")): str(s.get("title") or s.get("id"))
        for s in _sequence(raw.get("sources"))
        if isinstance(s, dict)
    }
    out = []
    for own in _sequence(raw.get("prices")):
        if not isinstance(own, dict) or not own.get("id"):
            continue
        year = own.get("price_year")
        source = own.get("source")
        out.append(
            Choice(
                value=f"case:{own['id']}",
                code=str(own["id"]),
                name=str(own.get("name") or own["id"]),
                amount=_number(own.get("amount")),
                currency=str(own.get("currency") or meta.get("currency") or "EUR"),
                unit=str(own.get("unit") or ""),
                price_year=year if isinstance(year, int) else None,
                source=titles.get(str(source), str(source or "")),
                domain=None,
                financier=str(own["financier"]) if own.get("financier") else None,
                list_id=None,
            )
        )
    return out


def _from_list(list_id: str, code: str) -> Choice | None:
    try:
        price_list = bundled_list(list_id)
    except CatalogueError:
        return None
    item = price_list.items.get(code)
    if item is None:
        return None
    return Choice(
        value=f"{list_id}:{code}",
        code=code,
        name=item.label(),
        amount=item.amount,
        currency=price_list.currency,
        unit=item.unit,
        price_year=item.price_year,
        source=price_list.info.name,
        domain=item.domain,
        financier=None,
        list_id=list_id,
    )


def found(raw: dict[str, Any], needle: str, limit: int = 40) -> list[Choice]:
    """What the search shows for ``needle``: the case's own tariffs first, then the items
    of the bundled lists (Dutch names first)."""
    words = terms(needle)
    out = [
        own for own in own_prices(raw) if any(w in f"{own.code} {own.name}".lower() for w in words)
    ]
    for hit in search(needle, [bundled_list(i) for i in bundled_lists()], limit=limit):
        choice = _from_list(hit.list_id, hit.item.code)
        if choice is not None:
            out.append(choice)
    return out


def chosen(raw: dict[str, Any], value: str) -> Choice | None:
    """The price a form posted (``<list>:<code>``, ``case:<id>``), or the one an effect line
    names by id: the case's own first, then its lists from the most specific."""
    own = {c.code: c for c in own_prices(raw)}
    list_id, sep, code = value.rpartition(":")
    if sep:
        if list_id == "case":
            return own.get(code)
        return _from_list(list_id, code)
    if value in own:
        return own[value]
    for ref in reversed(_sequence(raw.get("price_lists"))):
        if isinstance(ref, str) and not ref.endswith((".yaml", ".yml")):
            choice = _from_list(ref, value)
            if choice is not None:
                return choice
    return None


def financiers(raw: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in _sequence(raw.get("financiers")) if isinstance(f, dict)]


def claimants(raw: dict[str, Any], domain: str | None) -> list[str]:
    """The ids of the case's financiers that claim ``domain`` (its budget pays it)."""
    if domain is None:
        return []
    return [str(f.get("id")) for f in financiers(raw) if domain in _sequence(f.get("domains"))]


@dataclass(frozen=True)
class Payer:
    """Who pays a chosen price: a financier of the case, or one to add for its budget."""

    financier: str | None  # the id of the case's financier that claims the domain
    name: str  # in words
    budget: str | None  # a budget (``adding.BUDGETS``) to add a financier for
    ask: bool  # no domain: the form asks


def budget_name(budget: str) -> str:
    """A financier's name for a budget: ``Zorgverzekeraar (Zvw)``, ``Gemeente (Wmo)``."""
    from .adding import BUDGETS

    party, law, _domains = BUDGETS[budget]
    words = {"gemeente": _("Gemeente"), "zorgverzekeraar": _("Zorgverzekeraar")}
    words |= {"zorgkantoor": _("Zorgkantoor"), "rijk": _("Rijk")}
    words |= {"werkgever": _("Werkgever"), "burger": _("Burger")}
    name = words.get(party, party)
    if law:
        return f"{name} ({law})"
    if budget == "sociaal_domein":
        return _("{party} (sociaal domein)").format(party=name)
    return name


def payer(raw: dict[str, Any], choice: Choice) -> Payer:
    """Who pays the chosen price when the form says nothing else."""
    from .adding import BUDGETS

    present = financiers(raw)
    names = {str(f.get("id")): str(f.get("name") or f.get("id")) for f in present}
    if choice.financier and choice.financier in names:
        return Payer(choice.financier, names[choice.financier], None, False)
    if choice.domain is None:
        return Payer(None, "", None, True)
    claims = claimants(raw, choice.domain)
    if claims:
        return Payer(claims[0], names[claims[0]], None, False)
    if choice.domain in BUDGETS:
        return Payer(None, budget_name(choice.domain), choice.domain, False)
    return Payer(None, "", None, True)


def new_financier(raw: dict[str, Any], budget: str) -> dict[str, Any]:
    """A financier for ``budget`` as the financier form writes it, with an id of its own."""
    from .adding import BUDGETS

    party, law, domains = BUDGETS[budget]
    name = budget_name(budget)
    taken = {str(f.get("id")) for f in financiers(raw)}
    item: dict[str, Any] = {"id": identifier(name, taken), "name": name, "party": party}
    if law:
        item["law"] = law
    item["domains"] = list(domains)
    return item


class NoPayer(ValueError):
    """The form named no financier for a price without a domain."""


def paying(
    raw: dict[str, Any], choice: Choice, posted: str
) -> tuple[str | None, list[dict[str, Any]]]:
    """The line's own ``financier`` (None: its price's domain decides) and the financiers
    to add in the same save, from what the form's 'Wie betaalt' says (``""``: follow the
    price; an id of the case's financiers; ``new:<budget>``)."""
    from .adding import BUDGETS

    posted = posted.strip()
    ids = {str(f.get("id")) for f in financiers(raw)}
    default = payer(raw, choice)
    if posted in ids:
        claims = claimants(raw, choice.domain)
        return (None if claims == [posted] or choice.financier == posted else posted), []
    if posted.startswith("new:") and posted[4:] in BUDGETS:
        added = new_financier(raw, posted[4:])
        claims = claimants(raw, choice.domain)
        pays = choice.domain in added["domains"] and not claims and not choice.financier
        return (None if pays else str(added["id"])), [added]
    if default.ask:
        raise NoPayer(
            _(
                "Het tarief '{name}' zegt niet wie het betaalt: kies bij 'Wie betaalt' een "
                "financier, of een nieuwe."
            ).format(name=choice.name)
        )
    if default.budget is not None:
        added = new_financier(raw, default.budget)
        return None, [added]
    claims = claimants(raw, choice.domain)
    # several financiers claim the domain: the line names the first, as the form showed
    return (default.financier if len(claims) > 1 else None), []
