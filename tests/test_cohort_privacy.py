"""Personal data is refused at the door of a client-case table (issue 13): citizen service
numbers by their eleven test, names, addresses, birth dates, phone numbers and e-mail
addresses by their column's name or their values; pseudonyms and grouping attributes
pass."""

from __future__ import annotations

import random

import pytest

from rendement.cohort.privacy import personal_columns, valid_bsn
from rendement.i18n import language


def _bsns(count: int, seed: int) -> list[str]:
    """Numbers that pass the eleven test, made the way the test is defined."""
    rng, out = random.Random(seed), []
    while len(out) < count:
        head = [rng.randrange(10) for _ in range(8)]
        last = sum(w * d for w, d in zip(range(9, 1, -1), head, strict=True)) % 11
        if last < 10 and any(head):
            out.append("".join(map(str, [*head, last])))
    return out


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("111222333", True),  # the test number in the government's own examples
        ("123456782", True),
        ("123456789", False),
        ("000000000", False),
        ("12345678", False),  # 8 digits: read as 012345678, which fails
        ("1234567890", False),
        ("11122233a", False),
    ],
)
def test_the_eleven_test(text: str, valid: bool) -> None:
    assert valid_bsn(text) is valid


def test_a_column_of_citizen_service_numbers_is_refused_a_column_of_pseudonyms_is_not() -> None:
    numbers = _bsns(50, seed=1)
    assert all(valid_bsn(n) for n in numbers)
    rng = random.Random(2)
    pseudonyms = [str(rng.randrange(10**8, 10**9)) for _ in range(500)]
    passing = sum(valid_bsn(p) for p in pseudonyms) / len(pseudonyms)
    assert 0.04 < passing < 0.14  # about one in eleven, by chance
    found = personal_columns({"client": pseudonyms, "kenmerk": [*numbers[:10], "", None]})
    assert [f.column for f in found] == ["kenmerk"]
    assert "burgerservicenummer" in found[0].reason


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("Achternaam", ["de Vries", "Jansen"]),
        ("geboortedatum", ["1950-03-01", "1962-11-30"]),
        ("Date of birth", ["1950-03-01"]),
        ("e-mailadres", ["x"]),
        ("contact", ["an@example.nl", ""]),
        ("woonplaats_pc", ["3511 AB", "3731GA"]),
        ("bereikbaar", ["06-12345678"]),
        ("Post_code", ["3511"]),
    ],
)
def test_personal_data_is_found_by_name_or_value(column: str, values: list[str]) -> None:
    table = {"id": ["c1", "c2"], column: values}
    assert [f.column for f in personal_columns(table)] == [column]


def test_pseudonyms_and_grouping_attributes_pass() -> None:
    table = {
        "casus": ["HM-001", "HM-002", "HM-003"],
        "hulpvraag": ["eenzaamheid", "schulden", "opvoeding"],
        "leeftijdsklasse": ["65+", "25-44", "25-44"],
        "wijk": ["Hoofddorp-Centrum", "Nieuw-Vennep", "Badhoevedorp"],
        "startdatum": ["2024-01-15", "2024-02-01", "2024-03-12"],
        "uren_sociaal_werker": ["12", "30", "8"],
    }
    assert personal_columns(table) == []


def test_the_reason_is_in_the_users_language() -> None:
    with language("en"):
        (found,) = personal_columns({"BSN": ["111222333"]})
    assert found.reason.startswith("column 'BSN' seems to hold a citizen service number")
