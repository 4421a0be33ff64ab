"""Numbers as an author writes them: ``80``, ``25%`` or ``=21376 / (9 * 52)``.

Every number in a model becomes a :class:`Value`: the parsed expression (what the
engine evaluates) and the text as written (what reports and the YAML writer show).
Nothing is guessed: ``46,80`` (a Dutch decimal comma), ``1.800`` (a Dutch thousands
separator that YAML reads as 1.8) and ``ja`` are refused with an explanation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from ..i18n import N_
from ..wording import Text, reason
from .distributions import LARGEST, SMALLEST, Distribution, DistributionError
from .expressions import Const, Expr, FormulaError, parse_formula, render
from .value_schema import number_schema

_PERCENT_TEXT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%\s*$")
_DUTCH_DECIMAL = re.compile(r"^\s*-?[\d.]*\d,\d+\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")


@dataclass(frozen=True)
class Value:
    """A number or formula from the model, with the text its author wrote."""

    expr: Expr
    text: str
    dist: Distribution | None = None  # uncertain: Monte Carlo draws from it; expr is its point

    @property
    def literal(self) -> float | None:
        """The number itself when the author wrote a plain number (not a formula)."""
        return self.expr.value if isinstance(self.expr, Const) else None

    @property
    def is_formula(self) -> bool:
        return not isinstance(self.expr, Const)

    def __str__(self) -> str:
        return self.text

    @classmethod
    def of(cls, number: float) -> Value:
        return cls(Const(float(number)), _number_text(float(number)))


def _number_text(number: float) -> str:
    """``80``, ``46.8``; a huge whole number as ``1e+300``, not 301 digits."""
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def _ambiguous_thousands(raw: float) -> bool:
    """True for a YAML float written like ``1.800``: Dutch for 1800, but YAML reads 1.8."""
    prec = getattr(raw, "_prec", None)
    width = getattr(raw, "_width", None)
    if prec is None or width is None:
        return False
    decimals = width - prec - 1
    if decimals != 3 or getattr(raw, "_exp", None) or abs(raw) < 1:
        return False
    return f"{raw:.3f}".endswith("0")  # 1.800 or 12.500; 46.875 is taken as written


_PARSED: dict[tuple[Any, ...], Value] = {}
"""Numbers and formulas already read, by what was written: a model repeats them (each
variant and scenario validates its intervention again), and reading is a pure function of
the text, so the same frozen :class:`Value` serves every place. Mistakes are not kept."""


def _parse(raw: Any, *, percent_allowed: bool) -> Value:
    if isinstance(raw, str):
        key: tuple[Any, ...] = (str, str(raw), percent_allowed)
    elif type(raw) is int:
        key = (int, raw, percent_allowed)
    elif isinstance(raw, float) and type(raw).__name__ in ("float", "ScalarFloat"):
        # what the 1.800 check reads is part of the key, with the exact number
        written = (getattr(raw, "_prec", None), getattr(raw, "_width", None))
        key = (float, repr(float(raw)), *written, getattr(raw, "_exp", None), percent_allowed)
    else:
        return _parse_once(raw, percent_allowed=percent_allowed)
    found = _PARSED.get(key)
    if found is None:
        found = _parse_once(raw, percent_allowed=percent_allowed)
        if len(_PARSED) >= 50_000:  # a bound, not a policy: a long-running server
            _PARSED.clear()
        _PARSED[key] = found
    return found


def _parse_once(raw: Any, *, percent_allowed: bool) -> Value:
    if isinstance(raw, Value):
        return raw
    if isinstance(raw, dict):
        try:
            dist = Distribution.parse(dict(raw), percent=percent_allowed)
        except DistributionError as error:
            raise ValueError(reason(error)) from None
        return Value(Const(dist.point), dist.describe(), dist)
    if isinstance(raw, bool) or raw is None:
        shown = Text(N_("leeg")) if raw is None else repr(raw)
        raise ValueError(Text(N_("hier hoort een getal, maar er staat {given}"), given=shown))
    if type(raw).__name__ in ("HexInt", "HexCapsInt", "OctalInt", "BinaryInt"):
        raise ValueError(
            Text(N_("schrijf een gewoon decimaal getal (geen hexadecimaal, octaal of binair)"))
        )
    if isinstance(raw, int | float):
        try:
            number = float(raw)
        except OverflowError:  # an integer with hundreds of digits
            number = math.inf
        if not math.isfinite(number):
            raise ValueError(Text(N_("hier hoort een eindig getal")))
        _check_size(number)
        if isinstance(raw, float) and _ambiguous_thousands(raw):
            written = f"{raw:.3f}"
            raise ValueError(
                Text(
                    N_(
                        "'{written}' is dubbelzinnig: YAML leest dit als {read}, maar bedoelde u "
                        "{whole}? Schrijf duizendtallen zonder punt ({whole}) of laat de nul weg "
                        "({read})"
                    ),
                    written=written,
                    read=f"{raw:g}",
                    whole=written.replace(".", ""),
                )
            )
        return Value(Const(number), _number_text(number))
    if not isinstance(raw, str):
        kind = (
            Text(N_("een lijst"))
            if isinstance(raw, list)
            else Text(N_("een blok met velden"))
            if isinstance(raw, dict)
            else Text(N_("iets anders dan een getal (een YAML-tag?)"))
        )
        raise ValueError(Text(N_("hier hoort een getal, maar er staat {given}"), given=kind))
    text = raw.strip()
    if text.startswith("="):
        try:
            expr = parse_formula(text)
        except FormulaError as error:
            raise ValueError(reason(error)) from None
        return Value(expr, "=" + render(expr) if not isinstance(expr, Const) else text)
    match = _PERCENT_TEXT.match(text)
    if match:
        if not percent_allowed:
            raise ValueError(
                Text(
                    N_(
                        "'{text}' is een percentage, maar hier hoort een aantal of bedrag; "
                        "een percentage mag alleen bij een aandeel (share)"
                    ),
                    text=text,
                )
            )
        return Value(Const(_check_size(float(match.group(1)) / 100)), text)
    if _DUTCH_DECIMAL.match(text):
        suggestion = text.replace(".", "").replace(",", ".")
        raise ValueError(
            Text(
                N_("'{text}' heeft een decimale komma; schrijf {number} (met een punt, zonder €)"),
                text=text,
                number=suggestion,
            )
        )
    if _PLAIN_NUMBER.match(text):
        return Value(Const(_check_size(float(text))), text)
    if text.startswith("€"):
        raise ValueError(
            Text(N_("'{text}': schrijf een bedrag zonder € en zonder duizendtalpunt"), text=text)
        )
    raise ValueError(
        Text(
            N_(
                "hier hoort een getal (of een formule die met '=' begint), maar er staat tekst: "
                "'{text}'"
            ),
            text=text,
        )
    )


def _check_size(number: float) -> float:
    """The number, when it is 0 or between :data:`SMALLEST` and :data:`LARGEST` in size."""
    if abs(number) > LARGEST:
        raise ValueError(
            Text(
                N_(
                    "{number} is te groot; rendement rekent met getallen tot 10^15 (duizend "
                    "biljoen). Controleer de eenheid"
                ),
                number=f"{number:g}",
            )
        )
    if 0 < abs(number) < SMALLEST:
        raise ValueError(
            Text(
                N_(
                    "{number} ligt zo dicht bij 0 dat het een tikfout lijkt; schrijf 0 of een "
                    "getal van minstens 0.000000000001"
                ),
                number=f"{number:g}",
            )
        )
    return number


def _check_share(value: Value) -> Value:
    if value.dist is not None:
        low, high = value.dist.bounds
        if low < 0 or high > 1:
            raise ValueError(
                Text(
                    N_(
                        "een aandeel ligt tussen 0% en 100%, maar {value} kan daarbuiten vallen; "
                        "gebruik uniform, triangular, pert of beta met grenzen tussen 0% en 100%"
                    ),
                    value=value.text,
                )
            )
    literal = value.literal
    if literal is not None and not 0.0 <= literal <= 1.0:
        shown = value.text if value.text.endswith("%") else f"{value.text} ({literal * 100:g}%)"
        raise ValueError(
            Text(
                N_(
                    "een aandeel ligt tussen 0% en 100%, maar hier staat {value}; "
                    "schrijf bijvoorbeeld 25% of 0.25"
                ),
                value=shown,
            )
        )
    return value


def _check_non_negative(value: Value) -> Value:
    if value.dist is not None and value.dist.bounds[0] < 0:
        raise ValueError(
            Text(
                N_(
                    "hier hoort een getal van 0 of meer, maar {value} kan negatief worden; "
                    "gebruik bijv. triangular, pert, lognormal of ci90 met positieve grenzen"
                ),
                value=value.text,
            )
        )
    literal = value.literal
    if literal is not None and literal < 0:
        raise ValueError(
            Text(N_("hier hoort een getal van 0 of meer, maar er staat {given}"), given=value.text)
        )
    return value


def _serialize(value: Value) -> float | str | dict[str, Any]:
    if value.dist is not None:
        return value.dist.raw
    literal = value.literal
    if literal is not None and not value.text.endswith("%"):
        return int(literal) if literal.is_integer() else literal
    return value.text


Number = Annotated[
    Value,
    PlainValidator(lambda raw: _parse(raw, percent_allowed=False)),
    PlainSerializer(_serialize, return_type=Any),
    WithJsonSchema(number_schema()),
]
"""Any number or formula (may be negative, e.g. extra use of a service)."""

Amount = Annotated[
    Value,
    PlainValidator(lambda raw: _check_non_negative(_parse(raw, percent_allowed=False))),
    PlainSerializer(_serialize, return_type=Any),
    WithJsonSchema(number_schema(minimum=0)),
]
"""A count, a number of hours or an amount of money: 0 or more."""

Share = Annotated[
    Value,
    PlainValidator(lambda raw: _check_share(_parse(raw, percent_allowed=True))),
    PlainSerializer(_serialize, return_type=Any),
    WithJsonSchema(number_schema(percent=True, minimum=0, maximum=1)),
]
"""A share between 0% and 100%: ``25%`` or ``0.25``."""
