"""Refusing personal data at the door: a column of a client-case table that holds, or is
named for, something that identifies a person (a citizen service number, a name, an
address, a date of birth, a phone number, an e-mail address).

The check runs before anything is stored, on the whole table: a file with such a column
imports nothing. Grouping attributes (type of request for help, age band, neighbourhood)
are allowed; a pseudonymous id is required.

>>> valid_bsn("111222333")
True
>>> valid_bsn("123456789")
False
>>> [f.column for f in personal_columns({"id": ["a1", "a2"], "Voornaam": ["An", "Bo"]})]
['Voornaam']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..i18n import _

_DIGITS = re.compile(r"^\d{8,9}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_POSTCODE = re.compile(r"^\d{4}\s?[A-Za-z]{2}$")  # 3511 AB: a street, not a neighbourhood
_PHONE = re.compile(r"^(\+31|0031|0)[\s-]?\d([\s-]?\d){8}$")

_NAMED = {
    "bsn": "citizen",
    "burgerservicenummer": "citizen",
    "sofinummer": "citizen",
    "citizen service number": "citizen",
    "naam": "name",
    "voornaam": "name",
    "achternaam": "name",
    "voorletters": "name",
    "tussenvoegsel": "name",
    "name": "name",
    "first name": "name",
    "last name": "name",
    "surname": "name",
    "adres": "address",
    "straat": "address",
    "huisnummer": "address",
    "address": "address",
    "street": "address",
    "postcode": "address",
    "post code": "address",
    "zip": "address",
    "geboortedatum": "birth",
    "geboortedag": "birth",
    "date of birth": "birth",
    "birth date": "birth",
    "birthdate": "birth",
    "dob": "birth",
    "telefoon": "phone",
    "telefoonnummer": "phone",
    "phone": "phone",
    "mobiel": "phone",
    "email": "email",
    "e mail": "email",
    "e mailadres": "email",
    "emailadres": "email",
}
"""Column names (lower case, separators as spaces) that say what they hold."""

SHARE_BSN = 0.8
"""A column is taken for citizen service numbers when at least this share of its 8- or
9-digit values passes the eleven test. A random 9-digit pseudonym passes it one time in
eleven, so a column of pseudonyms is not refused, and a column of real numbers is."""


@dataclass(frozen=True)
class Personal:
    """A column that may not be imported, and why (in the user's language)."""

    column: str
    reason: str


def valid_bsn(text: str) -> bool:
    """The eleven test (*elfproef*) of a Dutch citizen service number: 8 or 9 digits,
    9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11, not all zeros."""
    if not _DIGITS.match(text):
        return False
    digits = [int(c) for c in text.zfill(9)]
    total = sum(weight * d for weight, d in zip(range(9, 1, -1), digits[:8], strict=True))
    return (total - digits[8]) % 11 == 0 and any(digits)


def _heading(name: str) -> str:
    return re.sub(r"[\s_\-./]+", " ", name.strip().lower()).strip()


def _reason(kind: str) -> str:
    return {
        "citizen": _("een burgerservicenummer (BSN)"),
        "name": _("namen"),
        "address": _("een adres of postcode"),
        "birth": _("een geboortedatum"),
        "phone": _("telefoonnummers"),
        "email": _("e-mailadressen"),
    }[kind]


def _by_values(values: Iterable[object]) -> str | None:
    texts = [str(v).strip() for v in values if v is not None and str(v).strip()]
    numbers = [t for t in texts if _DIGITS.match(t)]
    if numbers and sum(valid_bsn(t) for t in numbers) >= SHARE_BSN * len(numbers):
        return "citizen"
    for kind, pattern in (("email", _EMAIL), ("address", _POSTCODE), ("phone", _PHONE)):
        if any(pattern.match(t) for t in texts):
            return kind
    return None


def personal_columns(table: Mapping[str, Iterable[object]]) -> list[Personal]:
    """The columns of ``table`` (name → values) that hold or are named for personal data,
    in the table's order; empty when the table may be imported."""
    found = []
    for column, values in table.items():
        kind = _NAMED.get(_heading(column)) or _by_values(values)
        if kind is not None:
            reason = _(
                "kolom '{column}' lijkt {what} te bevatten; importeer alleen "
                "pseudoniemen en kenmerken om te groeperen"
            ).format(column=column, what=_reason(kind))
            found.append(Personal(column, reason))
    return found
