"""The currencies a case may be written in: ISO 4217 codes with their minor units.

The list holds the active codes of ISO 4217 (the standard's list one, as published by its
maintenance agency SIX), without the codes for precious metals, bond-market units and
testing (XAU, XAG, XPT, XPD, XBA–XBD, XDR, XSU, XUA, XTS, XXX). The number is the minor
unit: how many decimals an amount "with cents" has (2 for EUR, 0 for JPY, 3 for KWD).
"""

from __future__ import annotations

_TWO_DECIMALS = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD "
    "BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP "
    "ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR "
    "JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU "
    "MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR "
    "RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS "
    "TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG"
)
_NO_DECIMALS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE_DECIMALS = "BHD IQD JOD KWD LYD OMR TND"
_FOUR_DECIMALS = "CLF UYW"

MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(_TWO_DECIMALS.split(), 2),
    **dict.fromkeys(_NO_DECIMALS.split(), 0),
    **dict.fromkeys(_THREE_DECIMALS.split(), 3),
    **dict.fromkeys(_FOUR_DECIMALS.split(), 4),
}
"""ISO 4217 code → number of decimals of its minor unit."""

SYMBOLS: dict[str, str] = {
    "EUR": "€",
    "GBP": "£",
    "USD": "$",
    "AUD": "A$",
    "NZD": "NZ$",
    "CAD": "C$",
    "HKD": "HK$",
    "SGD": "S$",
}
"""Codes written with a symbol; every other code is written as itself (``CHF 98.072``).
Dollars other than the US dollar carry their country's letters (``A$``), as they are
written beside other currencies: a report on Australian dollars never says plain ``$``
where a reader abroad takes it for US dollars."""

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "EUR": "euro",
        "GBP": "pond",
        "USD": "dollar",
        "AUD": "dollar",
        "NZD": "dollar",
        "CAD": "dollar",
    },
    "en": {
        "EUR": "euro",
        "GBP": "pound",
        "USD": "dollar",
        "AUD": "dollar",
        "NZD": "dollar",
        "CAD": "dollar",
    },
}
"""The currency as a word in running text ('elke geïnvesteerde euro'); else the code."""

NAMES: dict[str, dict[str, str]] = {
    "nl": {
        "EUR": "euro's",
        "GBP": "Britse ponden",
        "USD": "Amerikaanse dollars",
        "AUD": "Australische dollars",
        "NZD": "Nieuw-Zeelandse dollars",
        "CAD": "Canadese dollars",
        "CHF": "Zwitserse franken",
    },
    "en": {
        "EUR": "euros",
        "GBP": "pounds sterling",
        "USD": "US dollars",
        "AUD": "Australian dollars",
        "NZD": "New Zealand dollars",
        "CAD": "Canadian dollars",
        "CHF": "Swiss francs",
    },
}
"""The currency by its name, for 'all amounts in Australian dollars' on a title page."""


def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency code (upper case, as the standard writes it)."""
    return code in MINOR_UNITS


def currency_problem(code: str) -> str | None:
    """What is wrong with ``code`` as a currency, in Dutch; ``None`` when it is fine."""
    if is_currency(code):
        return None
    if is_currency(code.strip().upper()):
        return (
            f"schrijf de valutacode '{code}' als {code.strip().upper()} "
            "(drie hoofdletters, ISO 4217)"
        )
    return (
        f"'{code}' is geen valutacode volgens ISO 4217; schrijf drie hoofdletters, "
        "bijv. EUR (euro), GBP (Britse pond), USD (Amerikaanse dollar) of CHF (Zwitserse frank)"
    )
