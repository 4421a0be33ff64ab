"""Valuing client cases with a price list: per row, per case, per financier.

For one row of a client case (quantities per year):

- an **effect** (a service, benefit or risk the case used less or more):
  ``(before − after) × price × attribution × probability`` — positive is a saving;
- a **shadow value** (something no budget pays, such as the client's volunteer work):
  ``(after − before) × price × attribution × probability`` — positive is value created;
  it is shown apart and never counted in the net return;
- an **investment** (hours or costs spent on the case): ``after × price``.

Attribution and probability come from the row, else from the item's ``*`` row, else
100 %. A row with an unknown quantity is left out of its case, which says so; it is
never taken for zero. Money is not rounded here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import N_, _
from .reading import ClientCases, CohortError, Entry, Problem

if TYPE_CHECKING:
    from ..model import LoadedModel


@dataclass(frozen=True)
class UnitPrice:
    """A price as the cohort uses it: indexed to the base year, with who pays it."""

    id: str
    name: str
    unit: str
    amount: float
    financier: str  # the financier's id (a model's), or the price list's domain
    financier_name: str
    source: str
    price_year: int


@dataclass(frozen=True)
class RowValue:
    entry: Entry
    price: UnitPrice
    attribution: float
    probability: float
    value: float  # a saving (effect), value created (shadow) or a cost (investment)


@dataclass
class CaseResult:
    """One client case's figures for a year."""

    id: str
    attributes: dict[str, str]
    rows: list[RowValue] = field(default_factory=list)
    unknown: list[Entry] = field(default_factory=list)  # rows left out: a quantity unknown

    def _total(self, kind: str) -> float:
        return sum(r.value for r in self.rows if r.entry.kind == kind)

    @property
    def gross(self) -> float:
        return self._total("effect")

    @property
    def shadow(self) -> float:
        return self._total("shadow")

    @property
    def investment(self) -> float:
        return self._total("investment")

    @property
    def net(self) -> float:
        return self.gross - self.investment

    @property
    def ratio(self) -> float | None:
        """Gross savings per euro invested; None without an investment."""
        return self.gross / self.investment if self.investment else None

    def gross_by_financier(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for r in self.rows:
            if r.entry.kind == "effect":
                out[r.price.financier] = out.get(r.price.financier, 0.0) + r.value
        return out


@dataclass
class Valued:
    source: str
    attributes: list[str]
    cases: list[CaseResult]
    financiers: dict[str, str]  # id → name, in the order they first appear


# ----------------------------------------------------------------------------- prices

DOMAINS = {
    "zvw": N_("Zorgverzekeraar (Zvw)"),
    "wmo": N_("Gemeente (Wmo)"),
    "jeugd": N_("Gemeente (Jeugdwet)"),
    "participatie": N_("Gemeente (Participatiewet)"),
    "sociaal_domein": N_("Gemeente (sociaal domein)"),
    "wlz": N_("Zorgkantoor (Wlz)"),
    "rijk": N_("Rijk"),
    "werkgever": N_("Werkgever"),
    "burger": N_("Burger"),
}
"""Who pays a price list's domain, when no business case names its financiers."""


def prices_from_model(path: str | Path) -> dict[str, UnitPrice]:
    """The prices of the business case's model at ``path`` (see :func:`prices_of`)."""
    from ..model import load_model

    return prices_of(load_model(path))


def prices_of(model: LoadedModel) -> dict[str, UnitPrice]:
    """The prices of a loaded business case: its own and its lists', indexed to its
    price year and in its currency (a proxy's stated exchange rate applied), each with the
    case's financier that pays it (else its domain)."""
    names = {f.id: f.name for f in model.case.financiers}
    out = {}
    for price in model.book.prices.values():
        literal = price.amount.literal
        if literal is None:
            continue  # a formula or distribution: not a unit price for cases
        payer = price.financier or price.domain or ""
        out[price.id] = UnitPrice(
            price.id,
            price.name,
            price.unit,
            # in the case's year and currency: indexed, then through a stated exchange rate
            literal * (price.index_factor or 1.0) * (price.exchange_rate or 1.0),
            payer,
            names.get(payer, payer or _("onbekend")),
            price.source,
            price.price_year,
        )
    return out


def prices_from_lists(refs: Iterable[str], base: Path | None = None) -> dict[str, UnitPrice]:
    """The prices of price lists (a bundled list's id, or a file), as written in them (in
    their own price year); who pays is the item's domain (``zvw``, ``wmo``, …)."""
    from ..prices import load_list

    out = {}
    for ref in refs:
        price_list = load_list(ref, base or Path.cwd())
        for item in price_list.items.values():
            source = price_list.source_of(item)
            domain = item.domain or ""
            out[item.code] = UnitPrice(
                item.code,
                item.label(),
                item.unit,
                float(item.amount),
                domain,
                _(DOMAINS[domain]) if domain in DOMAINS else domain or _("onbekend"),
                source.title,
                item.price_year,
            )
    return out


# ----------------------------------------------------------------------------- valuing


def value_cases(cases: ClientCases, prices: dict[str, UnitPrice]) -> Valued:
    """Every case valued; :class:`CohortError` naming each row whose item is not in the
    prices (with the closest id), and nothing valued then."""
    problems = []
    for entry in cases.entries:
        if entry.item not in prices:
            close = difflib.get_close_matches(entry.item, list(prices), n=1, cutoff=0.6)
            hint = " " + _("Bedoelde u '{word}'?").format(word=close[0]) if close else ""
            message = _("post '{item}' staat niet in de prijslijst.").format(item=entry.item)
            problems.append(Problem(entry.row, "post", message + hint))
    if problems:
        raise CohortError(problems)
    results: dict[str, CaseResult] = {
        case: CaseResult(case, attributes) for case, attributes in cases.cases.items()
    }
    financiers: dict[str, str] = {}
    for entry in cases.entries:
        result = results[entry.case]
        if entry.before is None or entry.after is None:
            result.unknown.append(entry)
            continue
        price = prices[entry.item]
        default_attribution, default_probability = cases.defaults.get(entry.item, (None, None))
        attribution = _first(entry.attribution, default_attribution)
        probability = _first(entry.probability, default_probability)
        if entry.kind == "investment":
            value = entry.after * price.amount
            attribution = probability = 1.0
        else:
            change = entry.before - entry.after
            if entry.kind == "shadow":
                change = -change
            value = change * price.amount * attribution * probability
            if entry.kind == "effect":
                financiers.setdefault(price.financier, price.financier_name)
        result.rows.append(RowValue(entry, price, attribution, probability, value))
    return Valued(cases.source, cases.attributes, list(results.values()), financiers)


def _first(*values: float | None) -> float:
    return next((v for v in values if v is not None), 1.0)
