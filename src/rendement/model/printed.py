"""A figure as a report printed it: its value and the range its print covers.

Reports round: a ratio printed ``6:1`` stands for anything from 5.5 to 6.5, ``€ 1,07
miljoen`` for € 1.065.000 – € 1.075.000, ``$4.8m`` for $4.75m – $4.85m, ``ca. € 670.000``
for € 665.000 – € 675.000 (the last non-zero digit is what was meant), ``44%`` for 43.5 %
– 44.5 %. The audit judges a printed figure within that range, so rounding is never taken
for an error, and an error is never hidden by a tolerance wider than the print.

A plain number (``21376``, ``5.62``) is exact as far as the audit's own tolerance goes
(€ 1, 0.01): a model that writes numbers keeps the audit it had.

>>> p = parse_printed("6:1"); (p.value, p.low, p.high, p.kind)
(6.0, 5.5, 6.5, 'ratio')
>>> p = parse_printed("€ 1,07 miljoen"); (p.value, p.low, p.high, p.kind)
(1070000.0, 1065000.0, 1075000.0, 'money')
>>> p = parse_printed("$4.8m"); (p.value, p.half)
(4800000.0, 50000.0)
>>> p = parse_printed("ca. € 670.000"); (p.value, p.half)
(670000.0, 5000.0)
>>> p = parse_printed("44%"); (round(p.value, 4), round(p.half or 0, 4), p.kind)
(0.44, 0.005, 'percent')
>>> parse_printed("4.760.250").value, parse_printed("4,760,250").half
(4760250.0, None)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from ..i18n import N_
from ..wording import Text

APPROXIMATELY = ("ca.", "ca ", "circa", "ongeveer", "about", "approx.", "approximately", "~", "±")
CURRENCIES = ("a$", "au$", "us$", "aud", "usd", "eur", "gbp", "nzd", "€", "$", "£")
SCALES = {
    "miljard": 1e9,
    "mld": 1e9,
    "billion": 1e9,
    "bn": 1e9,
    "miljoen": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "duizend": 1e3,
    "thousand": 1e3,
    "k": 1e3,
}
_NUMBER = re.compile(r"^-?\d[\d.,]*$")


@dataclass(frozen=True)
class Printed:
    """A printed figure: ``value``, and ``half`` the half-unit its print was rounded to
    (None: a plain number, judged with the audit's own tolerance)."""

    value: float
    half: float | None = None
    text: str = ""
    kind: str | None = None  # ratio, percent, money: what the print says it is

    @property
    def low(self) -> float:
        return self.value - (self.half or 0.0)

    @property
    def high(self) -> float:
        return self.value + (self.half or 0.0)

    def covers(self, exact: float) -> bool:
        """Whether ``exact``, rounded as the report rounded this figure, prints as this."""
        assert self.half is not None
        return abs(exact - self.value) <= self.half * (1 + 1e-9) + 1e-9


class PrintError(ValueError):
    """A printed figure rendement cannot read (the message says what it can)."""


EXPECTED = Text(
    N_(
        "een getal (21376 of 5.62), of het getal zoals gedrukt: '6:1', '€ 1,07 miljoen', "
        "'$4.8m', 'ca. € 670.000', '44%'; of {{value: 1070000, precision: 10000}}"
    )
)


def read_number(text: str) -> float:
    """A number as a person or a spreadsheet writes it, Dutch or English separators
    (``1105``, ``1.105,50``, ``1,105.50``); :class:`PrintError` when it is none."""
    return _digits(text.strip())[0]


def _digits(text: str) -> tuple[float, int, int]:
    """A number as printed (Dutch or English separators): its value, its decimals and
    the trailing zeros of its whole part.

    One kind of separator between groups of three digits groups thousands (``670.000``,
    ``$1,234``), when the first group is one to three digits that do not start with 0 —
    ``1105.500`` and ``0,250`` are decimals; both kinds: the last one is the decimal sign
    (``1.234,56``, ``1,234.56``).
    """
    if not _NUMBER.match(text):
        raise PrintError(Text(N_("'{text}' is geen getal"), text=text))
    negative = text.startswith("-")
    text = text.lstrip("-")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
    elif dots or commas:
        sign = "." if dots else ","
        groups = text.split(sign)
        thousands = (
            all(len(g) == 3 for g in groups[1:])
            and 1 <= len(groups[0]) <= 3
            and not groups[0].startswith("0")
        )
        decimal = "" if thousands else sign
    else:
        decimal = ""
    whole, _sep, fraction = text.partition(decimal) if decimal else (text, "", "")
    whole = whole.replace(".", "").replace(",", "")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        raise PrintError(Text(N_("'{text}' is geen getal"), text=text))
    value = float(f"{whole}.{fraction}" if fraction else whole)
    zeros = 0 if fraction else len(whole) - len(whole.rstrip("0"))
    if zeros == len(whole):
        zeros = 0  # the number zero
    return (-value if negative else value), len(fraction), zeros


def parse_printed(text: str) -> Printed:
    """The figure a report printed as ``text``; :class:`PrintError` when it is not one."""
    original = text
    if text.strip().startswith("="):
        raise PrintError(
            Text(
                N_(
                    "een gedrukt getal is het getal zoals het rapport het drukt, geen formule; "
                    "geef "
                )
            )
            + EXPECTED
        )
    word = " ".join(text.strip().lower().split())
    approximate = False
    for prefix in APPROXIMATELY:
        if word.startswith(prefix):
            approximate, word = True, word[len(prefix) :].strip()
            break
    negative = word[:1] in ("-", "−", "–")
    if negative:
        word = word[1:].strip()
    kind: str | None = None
    if re.fullmatch(r".+:\s*1", word):  # 6:1, 5.62 : 1
        kind, word = "ratio", word.rsplit(":", 1)[0].strip()
    elif word.endswith("%"):
        kind, word = "percent", word[:-1].strip()
    for code in CURRENCIES:
        if word.startswith(code):
            kind, word = "money", word[len(code) :].strip()
            break
        if word.endswith(code) and len(word) > len(code):
            kind, word = "money", word[: -len(code)].strip()
            break
    scale = 1.0
    found = re.fullmatch(r"(-?\d[\d.,]*)\s*([a-z]+)\.?", word)
    if found and found.group(2) in SCALES:
        word, scale = found.group(1), SCALES[found.group(2)]
    elif found:
        raise PrintError(
            Text(
                N_("'{group}' in '{original}' is geen bekend woord"),
                group=found.group(2),
                original=original,
            )
        )
    try:
        value, decimals, zeros = _digits(word)
    except PrintError:
        message = Text(
            N_("'{original}' is niet te lezen als gedrukt getal; geef {EXPECTED}"),
            original=original,
            EXPECTED=EXPECTED,
        )
        raise PrintError(message) from None
    value = -value if negative else value
    unit = 10.0**-decimals
    if approximate and not decimals:
        unit = 10.0**zeros  # 670.000: the 7 is the last digit meant
    if kind == "percent":
        return Printed(value / 100, unit / 200, original, kind)
    rounded = kind == "ratio" or scale != 1.0 or approximate
    half = unit * scale / 2 if rounded else None
    return Printed(value * scale, half, original, kind)


def _finite(number: float, shown: str | None = None) -> float:
    """The number as a float, or a plain error for one no report prints (too large, ∞)."""
    try:
        value = float(number)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise PrintError(
            Text(
                N_("{value}… is te groot voor een gedrukt getal; geef {EXPECTED}"),
                value=(shown or str(number))[:20],
                EXPECTED=EXPECTED,
            )
        )
    return value


_READ: dict[tuple[type, Any], Printed] = {}
"""Printed figures already read, by their exact type and text (a pure function; each
variant and scenario validates its intervention again). Mistakes are not kept."""


def printed_figure(raw: Any) -> Printed:
    """A ``reported:`` figure as the model file writes it: a number, the printed text, or
    ``{value: …, precision: …}`` (precision: the unit the report rounded to)."""
    kind = type(raw)
    if kind not in (str, int, float):
        return _printed_once(raw)
    key = (kind, repr(raw))  # repr: -0.0 and 0.0 are kept apart
    found = _READ.get(key)
    if found is None:
        found = _printed_once(raw)
        if len(_READ) >= 20_000:  # a bound for a long-running server
            _READ.clear()
        _READ[key] = found
    return found


def _printed_once(raw: Any) -> Printed:
    if isinstance(raw, bool):
        raise PrintError(
            Text(
                N_("{raw} is geen gedrukt getal; geef {EXPECTED}"),
                raw=f"{raw!r}",
                EXPECTED=EXPECTED,
            )
        )
    if isinstance(raw, int | float):
        return Printed(_finite(raw), None, str(raw))
    if isinstance(raw, str):
        figure = parse_printed(raw)
        _finite(figure.value, raw)
        return figure
    if isinstance(raw, dict) and set(raw) == {"value", "precision"}:
        value, precision = raw["value"], raw["precision"]
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw.values())
        if not numbers or precision <= 0:
            raise PrintError(
                Text(N_("'value' en 'precision' zijn getallen, 'precision' groter dan 0"))
            )
        return Printed(_finite(value), _finite(precision) / 2, "")
    raise PrintError(
        Text(N_("{raw} is geen gedrukt getal; geef {EXPECTED}"), raw=f"{raw!r}", EXPECTED=EXPECTED)
    )


def _written(figure: Printed) -> Any:
    """The figure as the model file writes it (what :func:`printed_figure` reads back)."""
    if figure.text and (figure.half is not None or figure.kind is not None):
        return figure.text
    if figure.half is not None:
        return {"value": figure.value, "precision": figure.half * 2}
    return int(figure.value) if figure.value.is_integer() else figure.value


PrintedFigure = Annotated[
    Printed,
    PlainValidator(printed_figure),
    PlainSerializer(_written, return_type=Any),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "examples": ["6:1", "€ 1,07 miljoen", "$4.8m", "44%"]},
                {
                    "type": "object",
                    "properties": {
                        "value": {"type": "number"},
                        "precision": {"type": "number", "exclusiveMinimum": 0},
                    },
                    "required": ["value", "precision"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]
"""A ``reported:`` figure: a number, the text as printed, or ``{value, precision}``."""
