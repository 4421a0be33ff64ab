"""Totals beside their printed parts: a reader with a calculator is never left wondering.

Each amount in a table is rounded on its own and a total is computed before rounding, so
a printed total can be € 1 off the sum of the printed lines (De Bilt 2019, Tabel 17:
€ 41.488 − € 21.317 is printed as € 20.172). Such a table, and only such a table, says
so in a note. The check here reads the printed cells back, independently of the
declarations the table builders make.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rendement.engine import evaluate
from rendement.model import load_model
from rendement.present import Table
from rendement.present.rounding import rounding_note, with_rounding_note
from rendement.report import build_outline
from rendement.report.outline import TableBlock

ROOT = Path(__file__).resolve().parents[1]
NOTE = "afgerond; totalen en saldi zijn berekend vóór afronding"


def money(cell: str) -> int | None:
    """A printed whole amount ('€ 20.172', '- € 406') as a number; None for anything else."""
    match = re.fullmatch(r"(-\s?)?€\s?(\d{1,3}(?:\.\d{3})*)", cell.strip().replace("\xa0", " "))
    if match is None:
        return None
    value = int(match.group(2).replace(".", ""))
    return -value if match.group(1) else value


def mismatches(table: Table) -> list[str]:
    """Every printed total or balance that is not what its printed parts give."""
    found = []
    header = [h.lower() for h in table.columns]
    lines = [r for n, r in enumerate(table.rows) if not r[0].startswith("Totaal")]
    flag = header.index("in perspectief") if "in perspectief" in header else None

    def inside(row: list[str]) -> bool:
        marked = any("*" in c for c in row)
        return not marked and (flag is None or row[flag] != "nee")

    for row in table.rows:
        label = row[0]
        if not label.startswith("Totaal"):
            continue
        # 'Totaal' adds every line; 'Totaal <perspective>' the lines inside it: without the
        # * mark, and not 'nee' in an 'In perspectief' column
        parts = lines if label == "Totaal" else [r for r in lines if inside(r)]
        for col in range(1, len(row)):
            total = money(row[col])
            if total is None:
                continue
            printed = [money(r[col]) for r in parts]
            if sum(v for v in printed if v is not None) != total:
                found.append(f"{table.title}: {label}, {table.columns[col]}")
    # balances on each row: gross − investment = net (or saldo)
    for gross, invest, net in _balances(header):
        for row in table.rows:
            values = [money(row[c]) for c in (gross, invest, net)]
            if None not in values and values[0] - values[1] != values[2]:  # type: ignore[operator]
                found.append(f"{table.title}: {row[0]}, {table.columns[net]}")
    return found


def _balances(header: list[str]) -> list[tuple[int, int, int]]:
    """(gross, investment, net) column triples, found by their headers."""
    out = []
    for n, h in enumerate(header):
        prefix = h.rsplit(":", 1)[0] + ":" if ":" in h else ""
        if h in ("netto besparing", "saldo") or (prefix and h.endswith(": saldo")):
            gross = [i for i, x in enumerate(header) if x in (f"{prefix} bruto", "bruto besparing")]
            invest = [
                i for i, x in enumerate(header) if x in (f"{prefix} investering", "investering")
            ]
            if gross and invest:
                out.append((gross[0], invest[0], n))
    return out


@pytest.fixture(scope="module")
def tables() -> list[tuple[int, Table]]:
    results = evaluate(load_model(ROOT / "examples" / "de-bilt-2019.yaml"))
    outline = build_outline(results)
    return [(b.number, b.table) for b in outline.blocks if isinstance(b, TableBlock)]


@pytest.mark.parametrize(
    "example",
    [
        "de-bilt-2019.yaml",
        "de-bilt-2019-onzeker.yaml",
        "kostenbesparing-raster.yaml",
        "rekenvoorbeeld-meerjarig.yaml",
    ],
)
def test_every_table_adds_up_as_printed_or_says_why(example: str) -> None:
    results = evaluate(load_model(ROOT / "examples" / example))
    outline = build_outline(results)
    tables = [(b.number, b.table) for b in outline.blocks if isinstance(b, TableBlock)]
    checked = 0
    for number, table in tables:
        off = mismatches(table)
        checked += bool(off) or any(r[0].startswith("Totaal") for r in table.rows)
        if off:
            assert NOTE in (table.caption or ""), (number, off)
        else:  # the note only where a difference actually shows
            assert NOTE not in (table.caption or ""), number
    assert checked >= 3


def test_de_bilt_tables_17_and_36_carry_the_note_and_7_does_not(
    tables: list[tuple[int, Table]],
) -> None:
    by_number = dict(tables)
    # Tabel 17: 41.488 − 21.317 = 20.171, but the exact net rounds to 20.172
    row = next(r for r in by_number[17].rows if r[0] == "Uitbreiding met 15 koppelingen")
    assert [money(c) for c in row[3:6]] == [41_488, 21_317, 20_172]
    assert NOTE in (by_number[17].caption or "")
    # Tabel 36: 132.910 − 133.317 = −407, printed −406
    wmo = next(r for r in by_number[36].rows if r[0] == "Gemeente De Bilt (Wmo)")
    assert [money(c) for c in wmo[1:4]] == [133_317, 132_910, -406]
    assert NOTE in (by_number[36].caption or "")
    # Tabel 7 (Ouders Lokaal) adds up as printed: no note
    assert not mismatches(by_number[7]) and NOTE not in (by_number[7].caption or "")


def test_a_table_whose_rounded_parts_disagree_gets_one_note() -> None:
    table = Table("t", ["Post", "Bedrag"])
    table.add(["a", "€ 1"])
    table.add(["b", "€ 3"])
    table.add(["Totaal", "€ 3"], bold=True)
    # 1.4 + 2.4 = 3.8: printed 1 + 2 = 3 against a printed total of 4
    table.adds_up(3.8, 1.4, 2.4)
    note = rounding_note(table)
    assert note is not None and "€\xa01 afwijken" in note
    with_rounding_note(table)
    with_rounding_note(table)
    assert table.caption is not None and table.caption.count(NOTE) == 1


def test_a_table_that_adds_up_as_printed_gets_no_note() -> None:
    table = Table("t", ["Post", "Bedrag"], caption="Een toelichting")
    # 1.2 + 2.2 = 3.4: printed 1 + 2 = 3, and the total printed is 3
    table.adds_up(3.4, 1.2, 2.2)
    table.adds_up(-0.6, 0.2, -0.8)  # 0 − 1 = −1, total −1
    assert rounding_note(table) is None
    assert with_rounding_note(table).caption == "Een toelichting"
