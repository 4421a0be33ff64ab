"""The Word report: real headings and tables, the engine's figures, every source named."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import evaluate
from rendement.model import load_model
from rendement.report import write_report

ROOT = Path(__file__).resolve().parents[1]
DE_BILT = ROOT / "examples" / "de-bilt-2019.yaml"


def test_the_de_bilt_report_in_word(tmp_path: Path) -> None:
    results = evaluate(load_model(DE_BILT))
    path = write_report(results, tmp_path / "de-bilt.docx")
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for expected in (
        "Verandertheorie",
        "Ouders Lokaal",
        "Samen Oplopen",
        "Conclusie",
        "Tarieven en bronnen",
        "Kassabonnen",
        "Bijlage: alle aannames",
    ):
        assert expected in headings
    assert len(document.inline_shapes) == 9  # the charts, as pictures
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    # figures of Tables 2, 3, 8, 11 and 12, as the engine computes them
    for figure in (
        "€ 110.872",
        "€ 98.072",
        "€ 66.196",
        "- € 14.969",
        "- € 28.765",
        "€ 88.415",
        "€ 274.839",
        "2,62",
    ):
        assert figure in cells, figure
    text = "\n".join([p.text for p in document.paragraphs] + sorted(cells))
    for price in results.model.book.prices.values():
        if price.origin == "mbc-de-bilt-2019":
            assert price.source in text  # every source of a price used, with its year
    assert "2019" in cells
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Tabel 1 ") and any(c.startswith("Figuur 9 ") for c in captions)
    assert not list(tmp_path.glob("*.deel.docx"))


def test_report_command_writes_word(tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    result = CliRunner().invoke(
        app, ["report", str(DE_BILT), "--format", "docx", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.exists()
    wrong = CliRunner().invoke(
        app, ["report", str(DE_BILT), "--format", "docx", "-o", str(tmp_path / "rapport.pdf")]
    )
    assert wrong.exit_code == 2 and "op .docx" in wrong.output
