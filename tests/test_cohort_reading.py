"""Reading a table of client cases (issue 13): one broken fixture per kind of mistake, and
the message that says where and what is expected; a file with a mistake imports nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.cohort.reading import CohortError, check_cases, read_cases
from rendement.i18n import language

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"


def test_a_good_table_reads_with_its_defaults_unknowns_and_kinds() -> None:
    cases = read_cases(FIXTURES / "good.csv")  # semicolons, as Dutch Excel writes CSV
    assert cases.attributes == ["hulpvraag", "wijk"]
    assert cases.cases == {
        "HM-001": {"hulpvraag": "eenzaamheid", "wijk": "Centrum"},
        "HM-002": {"hulpvraag": "schulden", "wijk": "Noord"},
    }
    assert cases.defaults == {"huisarts_contact": (0.5, None)}
    rows = {(e.case, e.item): e for e in cases.entries}
    assert len(rows) == 6
    first = rows[("HM-001", "huisarts_contact")]
    assert (first.row, first.before, first.after, first.attribution) == (3, 12.0, 4.0, None)
    assert rows[("HM-001", "dagbesteding_dagdeel")].attribution == 0.75
    hours = rows[("HM-001", "uur_sociaal_werker")]
    assert (hours.kind, hours.before, hours.after) == ("investment", 0.0, 30.0)
    unknown = rows[("HM-002", "huisarts_contact")]
    assert unknown.after is None  # 'onbekend': never zero
    risk = rows[("HM-002", "uithuiszetting")]
    assert (risk.attribution, risk.probability) == (1.0, 0.25)
    assert rows[("HM-002", "vrijwilligerswerk_uur")].kind == "shadow"


@pytest.mark.parametrize(
    ("fixture", "row", "column", "expected"),
    [
        ("missing_column.csv", 1, "na", "de kolom 'na' ontbreekt"),
        ("text_in_number.csv", 2, "voor", "hier hoort een getal, maar er staat 'drie'"),
        ("duplicate.csv", 3, "post", "casus A1 heeft post huisarts_contact al in rij 2"),
        ("empty_quantity.csv", 2, "na", "leeg: vul een aantal in, of 'onbekend'"),
        ("share_too_big.csv", 2, "toerekening", "tussen 0% en 100%, maar hier staat 150%"),
        ("attribute_differs.csv", 3, "hulpvraag", "heeft hier 'eenzaamheid', eerder 'schulden'"),
        ("citizen_numbers.csv", 1, "burgernummer", "burgerservicenummer"),
        ("names.csv", 1, "Naam", "namen"),
        ("unknown_kind.csv", 2, "soort", "kies effect, investering of schaduwwaarde"),
    ],
)
def test_each_mistake_is_found_where_it_is(
    fixture: str, row: int, column: str, expected: str
) -> None:
    with pytest.raises(CohortError) as raised:
        read_cases(FIXTURES / fixture)
    problems = raised.value.problems
    assert [(p.row, p.column) for p in problems] == [(row, column)], problems
    assert expected in problems[0].message
    assert str(problems[0]).startswith(f"rij {row}, kolom '{column}': ")


def test_every_mistake_is_listed_and_the_list_is_bounded() -> None:
    rows = [[f"C{n}", "huisarts_contact", "veel", "1"] for n in range(250)]
    with pytest.raises(CohortError) as raised:
        check_cases(["casus", "post", "voor", "na"], rows)
    assert len(raised.value.problems) == 200 and raised.value.left_out == 50
    assert str(raised.value).endswith("… en nog 50 problemen")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("cases.json", b"{}", "lees een tabel als .csv, .xlsx of .parquet"),
        ("cases.xlsx", b"geen zip", "dit is geen Excel-bestand"),
        ("cases.csv", b"\x00\x01\x02", "dit is geen tekstbestand"),
        ("cases.parquet", b"PAR1 geen parquet", "dit is geen Parquet-bestand"),
        ("cases.csv", b"", "het bestand is leeg"),
        ("cases.csv", b"casus,post,voor,na\n", "de tabel heeft geen enkele casus"),
    ],
)
def test_a_file_that_is_no_table(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CohortError, match=expected):
        read_cases(path)


def test_excel_reads_like_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["case_id", "request", "item", "before", "after", "attribution"])
    sheet.append(["X-1", "debts", "huisarts_contact", 12, 4, 0.5])  # English headings
    sheet.append(["X-2", "debts", "huisarts_contact", 3, "unknown", None])
    book.save(tmp_path / "cases.xlsx")
    cases = read_cases(tmp_path / "cases.xlsx")
    assert cases.attributes == ["request"]
    assert [(e.case, e.before, e.after, e.attribution) for e in cases.entries] == [
        ("X-1", 12.0, 4.0, 0.5),
        ("X-2", 3.0, None, None),
    ]


def test_parquet_is_read_by_duckdb_like_csv(tmp_path: Path) -> None:
    """A Parquet file (as a national table comes) reads to the same client cases as the
    CSV it was made from, row numbers included."""
    import duckdb

    source = Path(__file__).parents[1] / "examples" / "cohort" / "sociaal-makelaar.csv"
    from_csv = read_cases(source)
    target = tmp_path / "cases.parquet"
    with duckdb.connect(":memory:") as db:
        db.execute(
            "COPY (SELECT * FROM read_csv(?, skip=1, delim=';', header=true, all_varchar=true))"
            " TO ? (FORMAT parquet)",
            [str(source), str(target)],
        )
    from_parquet = read_cases(target)
    assert from_parquet.attributes == from_csv.attributes
    assert [(e.case, e.item, e.before, e.after, e.attribution) for e in from_parquet.entries] == [
        (e.case, e.item, e.before, e.after, e.attribution) for e in from_csv.entries
    ]


def test_the_messages_follow_the_language() -> None:
    with language("en"), pytest.raises(CohortError) as raised:
        read_cases(FIXTURES / "text_in_number.csv")
    assert str(raised.value) == "row 2, column 'voor': a number belongs here, but it says 'drie'"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("code", ["nl", "en"])
def test_the_template_reads_back(tmp_path: Path, suffix: str, code: str) -> None:
    """What `rendement cohort template` writes, `rendement cohort check` reads."""
    from typer.testing import CliRunner

    from rendement.cli import app

    path = tmp_path / f"sjabloon{suffix}"
    runner = CliRunner()
    made = runner.invoke(app, ["cohort", "template", str(path), "--lang", code])
    assert made.exit_code == 0, made.output
    cases = read_cases(path)
    assert cases.attributes == (
        ["hulpvraag", "wijk"] if code == "nl" else ["request", "neighbourhood"]
    )
    assert sorted(cases.cases) == ["VB-001", "VB-002"]
    assert cases.defaults == {"huisarts_contact": (0.5, None)}
    assert [e.after for e in cases.entries] == [4.0, 30.0, None]
    checked = runner.invoke(app, ["cohort", "check", str(path), "--lang", code])
    assert checked.exit_code == 0 and "2 " in checked.output
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        sheets = load_workbook(path).sheetnames
        assert sheets == (["Casussen", "Uitleg"] if code == "nl" else ["Cases", "Explanation"])


def test_the_cli_lists_every_problem_and_fails(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rendement.cli import app

    result = CliRunner().invoke(app, ["cohort", "check", str(FIXTURES / "duplicate.csv")])
    assert result.exit_code == 1
    assert "rij 3, kolom 'post': casus A1 heeft post huisarts_contact al in rij 2" in result.output


def test_row_numbers_are_the_files_with_notes_above_and_blank_lines_between(
    tmp_path: Path,
) -> None:
    path = tmp_path / "casussen.csv"
    path.write_text(
        "# verzonnen voorbeeld\n# tweede regel\ncasus,post,voor,na\n"
        "A1,huisarts_contact,3,1\n\n,,,\nA2,huisarts_contact,twee,1\n",
        encoding="utf-8",
    )
    with pytest.raises(CohortError) as raised:
        read_cases(path)
    assert [(p.row, p.column) for p in raised.value.problems] == [(7, "voor")]
    path.write_text("# notitie\ncasus,post,voor\nA1,huisarts_contact,3\n", encoding="utf-8")
    with pytest.raises(CohortError) as raised:
        read_cases(path)
    assert [(p.row, p.column) for p in raised.value.problems] == [(2, "na")]
