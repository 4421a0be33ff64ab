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
    assert len(document.inline_shapes) == 10  # the charts, as pictures (one in the summary)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    # figures of Tables 2, 3, 8, 11 and 12, as the engine computes them
    for figure in (
        "€\u00a0110.872",
        "€\u00a098.072",
        "€\u00a066.196",
        "-\u00a0€\u00a014.969",
        "-\u00a0€\u00a028.765",
        "€\u00a088.415",
        "€\u00a0274.839",
        "2,62",
    ):
        assert figure in cells, figure
    text = "\n".join([p.text for p in document.paragraphs] + sorted(cells))
    for price in results.model.book.prices.values():
        if price.origin == "mbc-de-bilt-2019":
            assert price.source in text  # every source of a price used, with its year
    assert "2019" in cells
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Tabel 1 ") and any(c.startswith("Figuur 10 ") for c in captions)
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


def _fields(document: object) -> list[str]:
    """The instructions of every field in the body, the footers included."""
    from docx.oxml.ns import qn

    parts = [document.element.body]  # type: ignore[attr-defined]
    for section in document.sections:  # type: ignore[attr-defined]
        parts.append(section.footer._element)
    return [t.text.strip() for part in parts for t in part.iter(qn("w:instrText"))]


def test_word_is_a_finished_dutch_document(tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    results = evaluate(load_model(DE_BILT))
    document = Document(str(write_report(results, tmp_path / "de-bilt.docx")))
    fields = _fields(document)
    assert "PAGE" in fields and "NUMPAGES" in fields  # 'Pagina 3 van 30' in the footer
    assert any(f.startswith("TOC ") for f in fields)  # an updatable table of contents
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Pagina ") and " van " in footer
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "nl-NL"
    languages = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert languages == {"nl-NL"}
    properties = document.core_properties
    assert properties.language == "nl-NL"
    assert properties.title == results.model.case.meta.title
    assert "Lisette van der Hoeven" in properties.author
    toc = [p.text for p in document.paragraphs if p.style.name == "TOC Heading"]
    assert toc == ["Inhoud"]
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Inhoud")
    # until Word updates the field, it shows the chapters (without page numbers)
    assert texts[start + 1 : start + 3] == ["Samenvatting", "Verandertheorie"]


def test_an_english_word_report_is_british_english(tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    from rendement.i18n import language

    results = evaluate(load_model(DE_BILT))
    with language("en"):
        document = Document(str(write_report(results, tmp_path / "de-bilt.docx", lang="en")))
    languages = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert languages == {"en-GB"}
    assert document.core_properties.language == "en-GB"
    assert document.sections[0].footer.paragraphs[0].text.startswith("Page ")


def test_in_word_a_table_keeps_with_the_chart_that_draws_it(tmp_path: Path) -> None:
    """Word's 'keep with next' on every paragraph from a table's caption to the chart's
    picture: the chart never starts a page away from its table."""
    from docx.oxml.ns import qn

    path = write_report(evaluate(load_model(DE_BILT)), tmp_path / "de-bilt.docx")
    body = Document(str(path)).element.body
    blocks = [b for b in body.iterchildren() if b.tag in (qn("w:p"), qn("w:tbl"))]

    def keeps(element: object) -> bool:
        paragraphs = [element] if element.tag == qn("w:p") else element.iter(qn("w:p"))  # type: ignore[attr-defined]
        return all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in paragraphs)

    def text(element: object) -> str:
        return "".join(t.text or "" for t in element.iter(qn("w:t")))  # type: ignore[attr-defined]

    checked = 0
    for n, block in enumerate(blocks):
        if not text(block).startswith("Figuur "):
            continue
        # walk back to the table this chart draws: its caption note, its grid, its caption
        back = n - 1
        if blocks[back].tag == qn("w:p"):  # the table's note under it
            back -= 1
        if blocks[back].tag != qn("w:tbl"):
            continue  # a chart after text, not after a table
        assert keeps(blocks[back]) and keeps(blocks[back - 1]), text(block)
        assert keeps(block), text(block)  # the chart's caption with its picture
        checked += 1
    assert checked == 10
