"""Rounding and showing numbers the way a Dutch report does: ``€ 98.072``, ``- € 14.969``.

Under ``rendement.i18n.language("en")`` the same functions write English numbers:
``€98,072``, ``-€14,969``, ``2.62``.

Only presentation rounds; the engine never does. Rounding is half away from zero (as
the De Bilt report does: € 8.985,60 → € 8.986), computed on the decimal text of the
float so that 0.5 cases are not lost to binary representation.

>>> euro(98072.0)
'€ 98.072'
>>> euro(-14969.0)
'- € 14.969'
>>> euro(1829.88, cents=True)
'€ 1.829,88'
>>> ratio(2.615453)
'2,62'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .i18n import active


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
    """An amount as the report prints it: ``€ 98.072``, ``- € 28.765``, ``€ 78,60``."""
    digits = 2 if cents else 0
    negative = round_half_away(value, digits) < 0
    if active() == "nl":
        return f"{'- ' if negative else ''}€ {_grouped(value, digits)}"
    return f"{'-' if negative else ''}€{_grouped(value, digits)}"


def price(value: float) -> str:
    """A unit price: whole euros when whole (``€ 80``), else with cents (``€ 46,80``)."""
    return euro(value, cents=not float(value).is_integer())


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
