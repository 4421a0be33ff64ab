"""The PDF and HTML report: looked at as a person would, and checked figure by figure.

The De Bilt PDF is made once; its pages are rendered to PNG (as a reader sees them) and
its text is read back. Every figure the 2019 report printed in Tables 1–12 must be on the
pages as rendement computes it, and every price's source and price year must be named.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import Results, evaluate
from rendement.files import replacing
from rendement.i18n import language
from rendement.model import BASE_SCENARIO, load_model, loads
from rendement.money import count, euro, price, ratio
from rendement.present import Table
from rendement.present.receipt import receipts
from rendement.report import analyse_uncertainty, build_outline, render_html, write_report
from rendement.report.columns import numeric, widths
from rendement.report.outline import Chart, ReceiptBlock, TableBlock

ROOT = Path(__file__).resolve().parents[1]
DE_BILT = ROOT / "examples" / "de-bilt-2019.yaml"
UNCERTAIN = ROOT / "examples" / "de-bilt-2019-onzeker.yaml"


@pytest.fixture(scope="module")
def results() -> Results:
    return evaluate(load_model(DE_BILT))


@pytest.fixture(scope="module")
def pdf(results: Results, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(results, tmp_path_factory.mktemp("pdf") / "de-bilt.pdf")


def pdf_text(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    # collapse runs of ordinary white space only: the non-breaking space after € stays
    return [
        re.sub(r"[ \t\r\n]+", " ", page.get_textpage().get_text_range()).strip()
        for page in document
    ]


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            loads_content = name in ("src", "srcset", "data", "poster", "xlink:href") or (
                name == "href" and tag != "a"
            )
            if loads_content and value and not value.startswith(("#", "data:")):
                self.found.append(f"<{tag} {name}={value}>")


def remote_references(page: str) -> list[str]:
    """Attributes that would make a browser fetch something (links to click are fine)."""
    parser = _References()
    parser.feed(page)
    return parser.found


def printed_figures(results: Results) -> list[tuple[str, str, float]]:
    """(table, path, figure as rendement computes it) for every figure of Tables 1–12."""
    case = results.model.case
    out = []
    for intervention in case.interventions:
        for entry in intervention.reported:
            if not re.fullmatch(r"Tabel \d+", entry.table):
                continue
            variant = entry.variant or intervention.variant_ids()[0]
            ev = results.get(intervention.id, variant, entry.scenario or BASE_SCENARIO)
            for path in entry.figures:
                value = ev.figure(path)
                assert value is not None
                out.append((entry.table, f"{intervention.id}.{path}", value))
    assert case.portfolio is not None
    for entry in case.portfolio.reported:
        for path in entry.figures:
            column_id, _, what = path.partition(".")
            column = results.column(column_id)
            value = column.net if what == "total" else column.row(what).net
            out.append((entry.table, path, value))
    return out


def test_the_pdf_pages_look_like_a_report(pdf: Path) -> None:
    document = pdfium.PdfDocument(str(pdf))
    assert 20 <= len(document) <= 40
    for n, page in enumerate(document):
        width, height = page.get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        image = np.asarray(page.render(scale=0.5).to_pil().convert("L"))
        ink = float((image < 200).mean())
        assert ink > 0.003, f"pagina {n + 1} is leeg"
    texts = pdf_text(pdf)
    assert "Maatschappelijke business case bewezen preventie" in texts[0]
    assert "Inhoud" in texts[1] and "Ouders Lokaal" in texts[1]
    assert re.search(r"pagina 5 / \d+", texts[4])


def test_the_pdf_carries_every_figure_of_tables_1_to_12(pdf: Path, results: Results) -> None:
    text = "\n".join(pdf_text(pdf))
    figures = printed_figures(results)
    tables = {table for table, _, _ in figures}
    assert tables == {f"Tabel {n}" for n in range(1, 13)}
    missing = []
    for table, path, value in figures:
        shown = {euro(value), price(value), count(value), ratio(value)}
        if not any(s in text for s in shown):
            missing.append((table, path, sorted(shown)))
    assert not missing, missing
    # the exact totals of Table 12 (the report printed 88.416 and 274.842, off by rounding)
    assert "€\u00a088.415" in text and "€\u00a0274.839" in text


def test_the_pdf_names_every_source_and_price_year(pdf: Path, results: Results) -> None:
    text = " ".join(pdf_text(pdf))
    case = results.model.case
    for source in case.sources:
        assert " ".join(source.title.split()) in text, source.title
    for ev in (e for i in results.interventions for e in i.evaluations):
        for line in ev.effects:
            used = line.price_used
            assert used is not None
            assert " ".join(used.source.split()) in text, used.source
    assert "Prijspeil 2019" in text and "prijspeil 2019" in text
    # the price list by its name, never its id (issue 22)
    assert "Tarieven mBC De Bilt 2019 (regio Zuidoost-Utrecht)" in text and "Indexreeks" in text
    assert "mbc-de-bilt-2019" not in text


def test_receipts_add_up(results: Results) -> None:
    bons = receipts(results)
    assert [b.title for b in bons] == [
        "Ouders Lokaal",
        "Maatjesproject MENS met Elkaar",
        "Sterk door vrijwilligerswerk",
        "Sterk door vrijwilligerswerk",
        "Samen Oplopen",
        "Samen Oplopen",
    ]
    for bon in bons:
        assert sum(line.amount for line in bon.savings) == pytest.approx(bon.subtotal)
        assert bon.subtotal + sum(line.amount for line in bon.costs) == pytest.approx(bon.net)
    first = bons[0]
    assert (round(first.subtotal), round(first.net)) == (98072, 66196)
    assert "NETTO" in first.text() and "€\u00a066.196" in first.text()


def test_the_english_report(results: Results) -> None:
    with language("en"):
        page = render_html(build_outline(results))
    assert '<html lang="en">' in page
    for english in ("Summary", "Gross savings potential", "Who pays, who gains", "€98,072"):
        assert english in page, english
    for dutch in ("Samenvatting", "Bruto besparingspotentieel", "Wie betaalt", "€\u00a098.072"):
        assert dutch not in page, dutch


def test_the_html_page_is_self_contained_and_escapes_user_text(tmp_path: Path) -> None:
    text = DE_BILT.read_text("utf-8").replace(
        "    name: Ouders Lokaal\n", "    name: \"<img src='https://x.test/a.png'>\"\n", 1
    )
    loaded = loads(text, str(tmp_path / "vijandig.yaml"), DE_BILT.parent)
    target = write_report(evaluate(loaded), tmp_path / "r.html")
    page = target.read_text("utf-8")
    assert "&lt;img src=" in page and "<img" not in page
    assert not re.search(r"<(script|link|iframe)\b", page)
    assert remote_references(page) == []
    assert remote_references("<p><img src='https://x.test/a.png'><a href='https://ok'>") == [
        "<img src=https://x.test/a.png>"
    ]
    assert page.count("<svg") == 10  # the charts, drawn inline (one in the summary)


def test_uncertainty_chapter(tmp_path: Path) -> None:
    results = evaluate(load_model(UNCERTAIN))
    simulation, tornados = analyse_uncertainty(results, draws=2000, seed=7)
    assert simulation is not None and tornados
    outline = build_outline(results, simulation=simulation, sensitivities=tornados)
    titles = [b.table.title for b in outline.blocks if isinstance(b, TableBlock)]
    assert any(t.startswith("Monte Carlo · Ouders Lokaal") for t in titles)
    assert any(t.startswith("Gevoeligheid · ") for t in titles)
    charts = [b.title for b in outline.blocks if isinstance(b, Chart)]
    assert any(t.startswith("Verdeling van de netto besparing") for t in charts)
    assert any(t.startswith("Gevoeligheid (tornado)") for t in charts)
    stats = simulation.get("ouders_lokaal", "huidig")
    page = render_html(outline)
    shown = f"{count(round(stats.probability_positive * 100, 1))}%"
    assert shown in page


def test_the_outline_has_the_chapters_of_an_mbc(results: Results) -> None:
    outline = build_outline(results)
    chapters = [h.text for h in outline.headings()]
    assert chapters[:4] == ["Samenvatting", "Verandertheorie", "Aanpak", "Belanghebbenden"]
    assert chapters[-5:] == [
        "Samen Oplopen",
        "Conclusie",
        "Tarieven en bronnen",
        "Kassabonnen",
        "Bijlage: alle aannames",
    ]
    assert sum(isinstance(b, ReceiptBlock) for b in outline.blocks) == 1
    numbers = [b.number for b in outline.blocks if isinstance(b, TableBlock)]
    assert numbers == list(range(1, len(numbers) + 1))


def test_report_command(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "rapport.html"
    result = runner.invoke(
        app, ["report", str(DE_BILT), "-o", str(target), "--lang", "en", "--scenario", "minimum"]
    )
    assert result.exit_code == 0, result.output
    page = target.read_text("utf-8")
    assert "Gross savings potential" in page and "Minimum" in page
    wrong = runner.invoke(
        app, ["report", str(DE_BILT), "-o", str(tmp_path / "r.html"), "--lang", "de"]
    )
    assert wrong.exit_code == 2 and "taal 'de' bestaat niet" in wrong.output
    unknown = runner.invoke(app, ["report", str(DE_BILT), "-o", str(tmp_path / "r.txt")])
    assert unknown.exit_code == 2 and "formaat 'txt' bestaat niet" in unknown.output
    assert not list(tmp_path.glob("*.deel.*"))


def test_kassabon_as_a_document_one_to_a_page(tmp_path: Path) -> None:
    target = tmp_path / "bonnen.pdf"
    result = CliRunner().invoke(app, ["kassabon", str(DE_BILT), "-o", str(target)])
    assert result.exit_code == 0, result.output
    pages = pdf_text(target)
    assert len(pages) == 4
    assert "Ouders Lokaal" in pages[0] and "NETTO €\u00a066.196" in pages[0]
    assert "Samen Oplopen" in pages[3] and "Inhoud" not in " ".join(pages)
    wrong = CliRunner().invoke(app, ["kassabon", str(DE_BILT), "-o", str(tmp_path / "b.docx")])
    assert wrong.exit_code == 2 and ".pdf of .html" in wrong.output


def test_kassabon_command() -> None:
    result = CliRunner().invoke(app, ["kassabon", str(DE_BILT), "--intervention", "ouders_lokaal"])
    assert result.exit_code == 0, result.output
    assert "Ouders Lokaal" in result.output and "€\u00a066.196" in result.output
    english = CliRunner().invoke(
        app,
        [
            "kassabon",
            str(DE_BILT),
            "--intervention",
            "samen_oplopen",
            "--scenario",
            "maximum",
            "--lang",
            "en",
        ],
    )
    assert english.exit_code == 0, english.output
    assert "NET" in english.output and "€74,146" in english.output


def test_columns_are_aligned_and_sized_from_their_text() -> None:
    table = Table("t", ["Post", "Bedrag", "Toelichting"])
    table.add(["Coördinator", "-\u00a0€\u00a021.376", "negen uur per week, tweeënvijftig weken"])
    table.add(["PR", "-€750", ""])
    table.add(["Totaal", "€\u00a022.126", "—"])
    assert [numeric(table, n) for n in range(3)] == [False, True, False]
    shares = widths(table)
    assert sum(shares) == pytest.approx(100, abs=0.05)
    assert shares[2] > shares[1] > shares[0] * 0.5


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    target.write_text("oud", "utf-8")
    with pytest.raises(RuntimeError), replacing(target, ".html") as partial:
        partial.write_text("half", "utf-8")
        raise RuntimeError("onderbroken")
    assert target.read_text("utf-8") == "oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html"]


def test_the_six_steps_are_listed_once() -> None:
    """De Bilt's approach walks through 'Stap 1' … 'Stap 6' itself: the report does not add
    its own list of the six steps after it; a model without them gets the list."""
    from rendement.report.outline import Bullets, Paragraph

    def approach(example: str) -> str:
        outline = build_outline(evaluate(load_model(ROOT / "examples" / example)))
        blocks = outline.blocks
        start = next(n for n, b in enumerate(blocks) if getattr(b, "text", "") == "Aanpak")
        end = next(n for n, b in enumerate(blocks) if n > start and getattr(b, "level", 0) == 1)
        parts = []
        for block in blocks[start:end]:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif isinstance(block, Bullets):
                parts.extend(block.items)
        return "\n".join(parts)

    bilt = approach("de-bilt-2019.yaml")
    assert len(re.findall(r"Stap 6", bilt)) == 1
    assert "zes stappen van de SROI-methode" not in bilt
    grid = approach("kostenbesparing-raster.yaml")
    assert "zes stappen van de SROI-methode" in grid and "Waardering: effecten" in grid
