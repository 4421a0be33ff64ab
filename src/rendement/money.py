r"""Rounding and showing numbers the way a Dutch report does: ``€ 98.072``, ``- € 14.969``.

Under ``rendement.i18n.language("en")`` the same functions write English numbers:
``€98,072``, ``-€14,969``, ``2.62``.

Only presentation rounds; the engine never does. Rounding is half away from zero (as
the De Bilt report does: € 8.985,60 → € 8.986), computed on the decimal text of the
float so that 0.5 cases are not lost to binary representation.

>>> euro(98072.0)
'€\xa098.072'
>>> euro(-14969.0)
'-\xa0€\xa014.969'
>>> euro(1829.88, cents=True)
'€\xa01.829,88'
>>> ratio(2.615453)
'2,62'

Amounts are in the case's currency (``meta.currency``, an ISO 4217 code), a context
variable like the language: inside ``with currency("GBP"):`` the same functions write
``£ 98.072`` (Dutch) or ``£98,072`` (English); dollars are ``$``, every other code is
written as itself, ``CHF 98.072`` / ``CHF 98,072`` (Dutch writes a symbol or code with a
space before the amount; English writes a symbol against it and a code with a space).
Amounts "with cents" have the currency's minor unit (0 decimals for JPY, 3 for KWD).
The CLI and :func:`rendement.report.write_report` set the case's currency; code that
formats results itself writes ``with currency(results.currency):``.

>>> with currency("GBP"):
...     euro(-14969.0)
'-\xa0£\xa014.969'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal

from .currencies import MINOR_UNITS, NAMES, SYMBOLS, WORDS, currency_problem
from .i18n import active

DEFAULT_CURRENCY = "EUR"
NBSP = "\u00a0"
"""The non-breaking space between a currency sign and its amount (``€\u00a098.072``)."""
_CURRENCY: ContextVar[str] = ContextVar("rendement_currency", default=DEFAULT_CURRENCY)


def active_currency() -> str:
    """The ISO 4217 code amounts are shown in: ``EUR`` unless a ``with currency`` says so."""
    return _CURRENCY.get()


@contextmanager
def currency(code: str) -> Iterator[None]:
    """Show amounts in ``code`` (an ISO 4217 code) inside the ``with`` block."""
    problem = currency_problem(code)
    if problem is not None:
        raise ValueError(problem)
    token = _CURRENCY.set(code)
    try:
        yield
    finally:
        _CURRENCY.reset(token)


def use_currency(code: str) -> None:
    """Show amounts in ``code`` from now on, in this context: what the CLI does once it has
    read a model (inside :func:`currency_scope`). Elsewhere prefer ``with currency(...)``."""
    problem = currency_problem(code)
    if problem is not None:
        raise ValueError(problem)
    _CURRENCY.set(code)


@contextmanager
def currency_scope() -> Iterator[None]:
    """Whatever :func:`use_currency` sets inside the block is undone at its end."""
    token = _CURRENCY.set(_CURRENCY.get())
    try:
        yield
    finally:
        _CURRENCY.reset(token)


def symbol(code: str | None = None) -> str:
    """``€``, ``£``, ``$``; the code itself for every other currency (``CHF``)."""
    code = code or active_currency()
    return SYMBOLS.get(code, code)


def currency_word(code: str | None = None) -> str:
    """The currency in running text: ``euro``, ``pond`` (Dutch) / ``pound``; else the code."""
    code = code or active_currency()
    return WORDS.get(active(), {}).get(code, code)


def currency_name(code: str | None = None) -> str:
    """The currency by name in the active language (``Australian dollars``); a currency
    without a name here is its code, with its symbol where it has one (``CHF``)."""
    code = code or active_currency()
    name = NAMES.get(active(), {}).get(code)
    if name is not None:
        return name
    sign = symbol(code)
    return code if sign == code else f"{code} ({sign})"


def money_affixes(code: str | None = None) -> tuple[str, str]:
    """What stands before an amount and before a negative one, in the active language:
    ``("€ ", "- ")`` in Dutch, ``("€", "-")`` in English, ``("CHF ", "-")`` for a code.

    The spaces are non-breaking (U+00A0): a line never ends in "€" or "-" with the
    amount on the next line."""
    sign = symbol(code)
    if active() == "nl":
        return f"{sign}{NBSP}", f"-{NBSP}"
    return (sign if sign in SYMBOLS.values() else f"{sign}{NBSP}"), "-"


def round_half_away(value: float, digits: int = 0) -> float:
    """Round half away from zero: 2.5 → 3, -2.5 → -3, 8985.6 → 8986."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def _grouped(value: float, digits: int) -> str:
    rounded = Decimal(repr(abs(float(value)))).quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP
    )
    whole, _, fraction = f"{rounded:f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, decimal = (".", ",") if active() == "nl" else (",", ".")
    text = thousands.join(groups)
    return f"{text}{decimal}{fraction}" if fraction else text


def number(value: float, digits: int = 0) -> str:
    """``1.800`` or ``46,80``: Dutch grouping and decimal comma."""
    sign = "-" if round_half_away(value, digits) < 0 else ""
    return sign + _grouped(value, digits)


def euro(value: float, cents: bool = False) -> str:
    """An amount as the report prints it: ``€ 98.072``, ``- € 28.765``, ``€ 78,60`` — in
    the active currency (``£ 98.072`` under ``with currency("GBP")``); the name stays."""
    return _amount(value, MINOR_UNITS.get(active_currency(), 2) if cents else 0)


def _amount(value: float, digits: int) -> str:
    negative = round_half_away(value, digits) < 0
    prefix, minus = money_affixes()
    return f"{minus if negative else ''}{prefix}{_grouped(value, digits)}"


money = euro
"""The same function under a name that does not say euro."""


def per_unit(value: float) -> str:
    """What each unit of money invested returns (a ratio written as money): ``€ 3,62``;
    always two decimals or more, so a currency without cents (JPY) keeps the ratio."""
    return _amount(value, max(2, MINOR_UNITS.get(active_currency(), 2)))


def price(value: float) -> str:
    """A unit price: whole units when whole (``€ 80``), else with cents (``€ 46,80``)."""
    return euro(value, cents=not float(value).is_integer())


def price_for(value: float, times: float, total: float) -> str:
    """A unit price precise enough that ``times × price`` gives ``total`` by hand.

    ``9 uur/week × 52 weken × € 45,68`` is € 21.375,36, not the € 21.376 the table
    shows; with the price the engine used, ``€ 45,6752``, a calculator agrees. Up to four
    decimals are added until the shown price, multiplied out, rounds to the shown total.
    """
    shown = round_half_away(total)
    for digits in range(MINOR_UNITS.get(active_currency(), 2), 5):
        if round_half_away(round_half_away(value, digits) * times) == shown:
            return price(value) if digits <= 2 else _amount(value, digits)
    return _amount(value, 4)


def ratio(value: float | None) -> str:
    """A ratio to two decimals with a comma: ``2,62``; ``—`` when undefined."""
    if value is None:
        return "—"
    return number(value, 2)


def count(value: float | None) -> str:
    """A count: whole when whole (``1.800``), else up to two decimals (``0,5``)."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return number(value)
    text = number(value, 2)
    point = "," if active() == "nl" else "."
    return text.rstrip("0").rstrip(point) if point in text else text
