"""Resolving the prices a case uses: its own, then its price lists, indexed and in units.

A price id that an effect line names is looked up in the case's own ``prices`` first, then
in its ``price_lists`` from the last (most specific) to the first. A case price with the
same id as a list item *overrides* it, and the result says so. A price whose price year
differs from the case's is brought to the case's price year with the index series;
a year the series does not cover is an error for the line that uses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import N_
from ..money import currency, number
from ..money import price as show_price
from ..prices import (
    CatalogueError,
    IndexError_,
    IndexSeries,
    PriceList,
    load_list,
    load_series,
    price_units_per_unit,
)
from ..prices.catalogue import shown_name
from ..wording import Text, reason
from .case import BusinessCase
from .locations import Loc
from .meta import Source
from .prices import Price
from .values import Value


@dataclass(frozen=True)
class ResolvedPrice:
    """A unit price as the case uses it, with where it came from."""

    id: str
    dutch_name: str  # the list's (Dutch) name, or the case's own
    unit: str
    amount: Value  # in its own price year
    price_year: int
    source: str  # the title of the source, with publisher and year
    origin: str  # 'case', or the id of the price list
    domain: str | None
    financier: str | None  # the case's financier that pays it, when known
    kind: str
    index_factor: float | None  # None when the index series does not cover the years
    overrides: str | None  # what a case price replaced, in words
    note: str | None = None
    currency: str | None = None  # the amount's own currency, when not the case's
    exchange_rate: float | None = None  # case currency per unit of that currency
    exchange: str | None = None  # the rate's date and source (rate_words shows the rate)
    name_en: str | None = None  # a list item's English name, shown when reading English

    @property
    def name(self) -> str:
        """The name in the active language (a case's own price: as written)."""
        return shown_name(self.dutch_name, self.name_en)


def source_text(title: str, publisher: str | None, year: int | None) -> str:
    """``Title (Publisher, 2019)``: how a source is cited in results and reports."""
    extra = ", ".join(x for x in (publisher, str(year) if year else None) if x)
    return f"{title} ({extra})" if extra else title


@dataclass
class PriceBook:
    """All prices a case can use, the index series, and the problems found on the way."""

    prices: dict[str, ResolvedPrice]
    series: IndexSeries | None
    findings: list[tuple[Loc, str, Text | str]]
    lists: list[PriceList]
    own_series: dict[str, IndexSeries | None] = field(default_factory=dict)

    def series_of(self, price_id: str) -> IndexSeries | None:
        """The series that brings this price to the case's year: its own, or the case's."""
        if price_id in self.own_series:
            return self.own_series[price_id]
        return self.series

    def unit_factor(
        self, case: BusinessCase, unit: str | None, price: ResolvedPrice
    ) -> float | None:
        """Price units per effect unit (``dag`` with a price per ``dagdeel``: 2)."""
        if unit is None:
            return 1.0
        weeks = case.meta.weeks_per_year.literal if case.meta.weeks_per_year else None
        declared = {(c.larger, c.smaller): c.factor for c in case.unit_conversions}
        return price_units_per_unit(unit, price.unit, weeks, declared)


def _claimant(case: BusinessCase, domain: str | None) -> str | None:
    if domain is None:
        return None
    claims = [f.id for f in case.financiers if domain in f.domains]
    return claims[0] if len(claims) == 1 else None


def resolve(case: BusinessCase, base: Path | None) -> PriceBook:
    """The case's prices with their lists and index factors; problems as located findings."""
    findings: list[tuple[Loc, str, Text | str]] = []
    series = _series(case.index_series, base, ("index_series",), findings)
    prices: dict[str, ResolvedPrice] = {}
    lists: list[PriceList] = []
    list_names: dict[str, str] = {}
    for n, ref in enumerate(case.price_lists):
        try:
            price_list = load_list(ref, base)
        except CatalogueError as error:
            findings.append((("price_lists", n), "unknown_price_list", reason(error)))
            continue
        except OSError:  # a name the file system refuses (too long, not allowed)
            findings.append((("price_lists", n), "unknown_price_list", _unreadable(ref)))
            continue
        lists.append(price_list)
        if price_list.currency != case.meta.currency:
            findings.append(
                (
                    ("price_lists", n),
                    "currency_mismatch",
                    Text(
                        N_(
                            "prijslijst '{id}' is in {currency}, maar de case rekent in "
                            "{currency2} (meta.currency); rendement rekent niet om tussen "
                            "valuta's. Gebruik een lijst in {currency2}, of neem de tarieven "
                            "die u nodig hebt op als eigen prijzen (prices) in {currency2}, met "
                            "hun bron"
                        ),
                        id=price_list.id,
                        currency=price_list.currency,
                        currency2=case.meta.currency,
                    ),
                )
            )
        list_names[price_list.id] = price_list.info.name  # a reader sees names, not ids
        for item in price_list.items.values():
            source = price_list.source_of(item)
            prices[item.code] = ResolvedPrice(
                id=item.code,
                dutch_name=item.name,
                name_en=item.name_en,
                unit=item.unit,
                amount=Value.of(item.amount),
                price_year=item.price_year,
                source=source_text(source.title, source.publisher, source.year),
                origin=price_list.id,
                domain=item.domain,
                financier=_claimant(case, item.domain),
                kind=item.kind,
                index_factor=None,
                overrides=None,
                note=item.note,
            )
    sources = {s.id: s for s in case.sources}
    for local in case.prices:
        replaced = prices.get(local.id)
        overrides = None
        if replaced is not None:
            amount = replaced.amount.literal or 0.0
            with currency(case.meta.currency):
                shown = show_price(amount)
            overrides = (
                f"vervangt {replaced.name} uit {list_names.get(replaced.origin, replaced.origin)}"
                f": {shown} "
                f"per {replaced.unit}, prijspeil {replaced.price_year}"
            )
        cited = sources.get(local.source)
        prices[local.id] = ResolvedPrice(
            id=local.id,
            dutch_name=local.name,
            unit=local.unit,
            amount=local.amount,
            price_year=local.price_year,
            source=source_text(cited.title, cited.publisher, cited.year) if cited else local.source,
            origin="case",
            domain=None,
            financier=local.financier,
            kind=local.kind,
            index_factor=None,
            overrides=overrides,
            note=local.note,
            currency=local.currency,
            exchange_rate=None if local.exchange is None else local.exchange.rate,
            exchange=None if local.exchange is None else _exchange_text(local, sources),
        )
    own = _own_series(case, base, findings)
    book = PriceBook(prices, series, findings, lists, own)
    for price_id, price in list(prices.items()):
        used = book.series_of(price_id)
        factor = 1.0 if price.price_year == case.meta.price_year else None
        if factor is None and used is not None:
            try:
                factor = used.factor(price.price_year, case.meta.price_year)
            except IndexError_:
                factor = None
        prices[price_id] = _with_factor(price, factor)
    return book


def _series(
    ref: str | None, base: Path | None, where: Loc, findings: list[tuple[Loc, str, Text | str]]
) -> IndexSeries | None:
    """The index series ``ref`` names (None: the default); one that cannot be found is a
    finding at ``where`` and gives None."""
    try:
        return load_series(ref, base)
    except CatalogueError as error:
        findings.append((where, "unknown_series", reason(error)))
    except OSError:  # a name the file system refuses (too long, not allowed)
        findings.append((where, "unknown_series", _unreadable(ref)))
    return None


def _own_series(
    case: BusinessCase, base: Path | None, findings: list[tuple[Loc, str, Text | str]]
) -> dict[str, IndexSeries | None]:
    """The index series a case price names for itself (a proxy from another country); a
    series that cannot be found is a finding at that price, and the price is not indexed."""
    loaded: dict[str, IndexSeries | None] = {}
    own: dict[str, IndexSeries | None] = {}
    for n, local in enumerate(case.prices):
        ref = local.index_series
        if ref is None:
            continue
        if ref not in loaded:
            loaded[ref] = _series(ref, base, ("prices", n, "index_series"), findings)
        own[local.id] = loaded[ref]
    return own


def _exchange_text(local: Price, sources: dict[str, Source]) -> str:
    """``2024-06-28 (Reserve Bank of Australia)``: the rate's date and source, in no
    language; :func:`rate_words` puts the rate before it when it is shown."""
    assert local.exchange is not None
    cited = sources.get(local.exchange.source)
    title = source_text(cited.title, cited.publisher, cited.year) if cited else ""
    return local.exchange.date.isoformat() + (f" ({title})" if title else "")


def rate_words(currency: str | None, rate: float, exchange: str) -> str:
    """``1 GBP = 1,95 · 2024-06-28 (RBA)``: a rate as tables show it, in the active
    language's decimals."""
    decimals = len(f"{rate:f}".rstrip("0").partition(".")[2])
    return f"1 {currency} = {number(rate, min(decimals, 6))} · {exchange}"


def _unreadable(ref: str | None) -> Text:
    shown = ref if ref is None or len(ref) <= 60 else ref[:57] + "..."
    return Text(
        N_(
            "'{shown}' is geen meegeleverde lijst en geen bestand dat te lezen is; geef de id "
            "van een meegeleverde lijst of het pad van een eigen .yaml-bestand"
        ),
        shown=shown,
    )


def _with_factor(price: ResolvedPrice, factor: float | None) -> ResolvedPrice:
    return ResolvedPrice(**{**price.__dict__, "index_factor": factor})


def usage_findings(case: BusinessCase, book: PriceBook) -> Iterator[tuple[Loc, str, Text | str]]:
    """Per effect line: an index year outside the series, a unit without conversion."""
    for n, intervention in enumerate(case.interventions):
        for i, effect in enumerate(intervention.effects):
            price = book.prices.get(effect.price)
            if price is None:
                continue  # reported as an unknown price elsewhere
            where: Loc = ("interventions", n, "effects", i)
            used = book.series_of(price.id)
            if price.index_factor is None and used is not None:
                first, last = used.years
                yield (
                    (*where, "price"),
                    "index_year",
                    Text(
                        N_(
                            "prijs '{id}' heeft prijspeil {price_year} en de case "
                            "{price_year2}, maar de indexreeks '{name}' loopt van {first} tot "
                            "en met {last}; kies een ander prijspeil of geef een eigen reeks "
                            "onder 'index_series'"
                        ),
                        id=price.id,
                        price_year=price.price_year,
                        price_year2=case.meta.price_year,
                        name=used.name,
                        first=first,
                        last=last,
                    ),
                )
            if book.unit_factor(case, effect.unit, price) is None:
                yield (
                    (*where, "unit"),
                    "unit_mismatch",
                    Text(
                        N_(
                            "deze regel telt in '{unit}', maar prijs '{id}' is per '{unit2}' en "
                            "er is geen omrekening tussen die twee; kies een prijs per {unit}, "
                            "of declareer een omrekening onder 'unit_conversions'"
                        ),
                        unit=effect.unit,
                        id=price.id,
                        unit2=price.unit,
                    ),
                )
