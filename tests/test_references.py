"""References point at what is in this report, and the model's remarks are where the figure is.

The De Bilt model carries the 2019 report's words. In the report rendement makes, Tabel 12
is another table, "onderstaande tabel" may be on the next page and the chapters carry no
numbers; the notes must say "Tabel 12 van het rapport uit 2019". The model author's remarks
on printed figures ("Inzet projectbegeleiding (24 + 12 uur per week)" beside an amount of
24 hours) stand under the table that prints that line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.engine import evaluate
from rendement.model import load_model
from rendement.present import Table
from rendement.report import build_outline
from rendement.report.outline import Heading, Outline, Paragraph, TableBlock
from rendement.report.references import reference_problems

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=["de-bilt-2019.yaml", "de-bilt-2019-onzeker.yaml"])
def outline(request: pytest.FixtureRequest) -> Outline:
    return build_outline(evaluate(load_model(ROOT / "examples" / request.param)))


def test_no_reference_points_elsewhere(outline: Outline) -> None:
    assert reference_problems(outline) == []
    notes = [
        b.text
        for b in outline.blocks
        if isinstance(b, Paragraph) and "het gepubliceerde bedrag" in b.text
    ]
    assert notes and all("(Tabel 12 van het rapport uit 2019, " in n for n in notes)
    # this report's Tabel 12 is something else than the 2019 overview
    twelve = next(b.table for b in outline.blocks if isinstance(b, TableBlock) and b.number == 12)
    assert "preventief sociaal werk" not in twelve.title


def _fixture(texts: list[str]) -> Outline:
    made = Outline("nl", "t", [])
    made.heading("Samenvatting")
    for text in texts:
        made.text(text)
    for title in ("Financiers en wet", "Netto besparingspotentieel in De Bilt"):
        table = Table(title, ["a"])
        table.add(["x"])
        made.table(table)
    return made


@pytest.mark.parametrize(
    "text",
    [
        "€ 88.416 is het gepubliceerde bedrag (Tabel 1, kolom Minimum).",
        "We geven in onderstaande tabel een overzicht.",
        "Zie de figuren in paragrafen 4.1, 5.1, 6.1 en 7.1.",
        "Zie §5.2 voor de effecten.",
        "Tabel 7 toont het totaal.",  # no table 7 here
    ],
)
def test_a_reference_to_another_report_is_found(text: str) -> None:
    assert len(reference_problems(_fixture([text]))) == 1


def test_a_reference_that_says_whose_it_is_passes() -> None:
    texts = [
        "€ 88.416 is het gepubliceerde bedrag (Tabel 12 van het rapport uit 2019, kolom Minimum).",
        "Tabel 2 (2019) noemt 13 contactmomenten; §5.2 (tekst) van het rapport uit 2019 niet.",
        "Tabel 2, Netto besparingspotentieel in De Bilt, toont het totaal.",  # ours, named
    ]
    assert reference_problems(_fixture(texts)) == []
    numbered = _fixture(["Zie paragraaf 4.1."])
    numbered.blocks.insert(0, Heading("4.1 Effecten", 2))
    assert reference_problems(numbered) == []  # headings with numbers: a section can be cited


def _chapters(outline: Outline) -> dict[str, list[Table]]:
    """The tables of each chapter (level-1 heading)."""
    chapters: dict[str, list[Table]] = {}
    current = ""
    for block in outline.blocks:
        if isinstance(block, Heading) and block.level == 1:
            current = block.text
        elif isinstance(block, TableBlock):
            chapters.setdefault(current, []).append(block.table)
    return chapters


def _shown(remark: str, table: Table) -> bool:
    caption = (table.caption or "").replace(" (2019)", "")
    return " ".join(remark.split()) in caption


def test_each_remark_stands_under_a_table_of_its_intervention() -> None:
    results = evaluate(load_model(ROOT / "examples" / "de-bilt-2019.yaml"))
    outline = build_outline(results)
    chapters = _chapters(outline)
    case = results.model.case
    count = 0
    for intervention in case.interventions:
        for entry in intervention.reported:
            for remark in entry.remarks:
                count += 1
                holding = [t for t in chapters[intervention.name] if _shown(remark, t)]
                assert len(holding) == 1, remark
                # said to be about the 2019 report's table
                assert f"Bij {entry.table} van het rapport uit 2019: " in (holding[0].caption or "")
    assert count >= 5
    overview = next(t for t in chapters["Conclusie"] if t.title == case.portfolio.title)
    assert all(_shown(r, overview) for e in case.portfolio.reported for r in e.remarks)


def test_a_remark_on_a_line_stands_under_the_table_that_prints_it() -> None:
    results = evaluate(load_model(ROOT / "examples" / "de-bilt-2019.yaml"))
    tables = [b.table for b in build_outline(results).blocks if isinstance(b, TableBlock)]
    # the 36-hour name beside the amount of 24 hours: the investment table that prints it
    line = "Inzet projectbegeleiding (24 + 12 uur per week)"
    (holder,) = [t for t in tables if line in (t.caption or "")]
    assert [r for r in holder.rows if r[0] == line]
    assert holder.title.startswith("Investering per jaar")
    # "De kop noemt 25 gezinnen": under the effect lines of Samen Oplopen's current situation
    (heading,) = [t for t in tables if "De kop noemt 25 gezinnen" in (t.caption or "")]
    assert heading.title.startswith("Bruto besparingspotentieel · Huidige situatie (30 gezinnen)")
