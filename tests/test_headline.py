"""The first page says what the case concludes, with the computed figures, each option named."""

from __future__ import annotations

from pathlib import Path

from rendement.engine import evaluate
from rendement.model import load_model
from rendement.present.headline import headline_table, published_notes
from rendement.report import build_outline, render_html
from rendement.report.outline import Heading, Paragraph, TableBlock

ROOT = Path(__file__).resolve().parents[1]
DE_BILT = evaluate(load_model(ROOT / "examples" / "de-bilt-2019.yaml"))


def test_the_headline_names_each_option_and_adds_up() -> None:
    table = headline_table(DE_BILT)
    assert table.columns == [
        "Interventie",
        "Minimum: optie",
        "Minimum: netto",
        "Maximum: optie",
        "Maximum: netto",
    ]
    rows = {row[0]: row for row in table.rows}
    assert rows["Ouders Lokaal"][1:3] == ["Uitbreiding (+7 uur coördinator)", "€\u00a070.946"]
    assert rows["Samen Oplopen"][3:5] == [
        "Huidige situatie (30 gezinnen), scenario Maximum",
        "€\u00a074.146",
    ]
    # the total is the exact sum, rounded once: not the 2019 report's sum of rounded figures
    assert rows["Totaal"][2] == "€\u00a088.415" and rows["Totaal"][4] == "€\u00a0274.839"


def test_a_published_figure_in_the_prose_is_explained_beside_the_computed_one() -> None:
    summary = DE_BILT.model.case.meta.summary
    assert "€ 88.416" in " ".join((summary or "").split())  # the model's prose, typed
    (notes,) = published_notes(DE_BILT, summary)
    assert len(notes) == 2
    # the 2019 report's Tabel 12, not this report's
    assert notes[0].startswith(
        "€\u00a088.416 in de tekst is het gepubliceerde bedrag (Tabel 12 van het rapport uit 2019,"
    )
    assert "herberekend is het €\u00a088.415" in notes[0]
    assert "afgeronde" in notes[0]  # the audit's cause: a sum of rounded figures
    assert "€\u00a0274.839" in notes[1]
    assert published_notes(DE_BILT, "Geen bedragen hier.", None) == [[], []]


def test_the_summary_opens_with_the_figures() -> None:
    outline = build_outline(DE_BILT)
    start = next(
        n
        for n, b in enumerate(outline.blocks)
        if isinstance(b, Heading) and b.text == "Samenvatting"
    )
    first = outline.blocks[start + 1]
    assert isinstance(first, TableBlock) and first.table.title == "Wat de business case oplevert"
    notes = [
        b.text for b in outline.blocks[start:] if isinstance(b, Paragraph) and b.style == "note"
    ]
    assert any("€\u00a088.416 in de tekst" in n for n in notes)
    page = render_html(outline)
    assert page.index("€\u00a088.415") < page.index(
        "€\u00a088.416"
    )  # computed first, published after
