"""A model's paragraph breaks and list lines survive into the PDF/HTML and Word reports.

The De Bilt model writes its long texts as folded YAML scalars: there a blank line in the
file is the only mark of a new paragraph. The tests count those blank lines in the file
itself (not through the YAML loader) and find as many paragraphs in the report.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from rendement.engine import evaluate
from rendement.model import load_model
from rendement.report import build_outline, render_html, write_report
from rendement.report.outline import Bullets, Heading, Outline, Paragraph
from rendement.report.paragraphs import paragraphs

ROOT = Path(__file__).resolve().parents[1]
DE_BILT = ROOT / "examples" / "de-bilt-2019.yaml"


def _source_paragraphs(path: Path, key: str) -> list[str]:
    """The first words of each paragraph of the folded scalar ``key:`` in the file, read
    as lines: a paragraph starts after the key or after a blank line."""
    lines = path.read_text("utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if re.match(rf"^\s+{key}: >-?$", line))
    indent = len(lines[start + 1]) - len(lines[start + 1].lstrip())
    firsts, new = [], True
    for line in lines[start + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break  # the next key
        if not line.strip():
            new = True
        elif new:
            firsts.append(" ".join(line.split()[:4]))
            new = False
    return firsts


def _section(outline: Outline, heading: str) -> list[Paragraph]:
    """The paragraphs under a heading, up to the next heading."""
    start = next(
        n for n, b in enumerate(outline.blocks) if isinstance(b, Heading) and b.text == heading
    )
    out = []
    for block in outline.blocks[start + 1 :]:
        if isinstance(block, Heading):
            break
        if isinstance(block, Paragraph):
            out.append(block)
    return out


def test_every_paragraph_of_the_model_is_a_paragraph_of_the_report() -> None:
    outline = build_outline(evaluate(load_model(DE_BILT)))
    for key, heading in (
        ("approach", "Aanpak"),  # the report's own lines follow the model's text here
        ("problem", "Maatschappelijk probleem"),
        ("scope", "Scope"),
        ("conclusion", "Conclusie"),
    ):
        firsts = _source_paragraphs(DE_BILT, key)
        assert len(firsts) > (2 if key in ("approach", "conclusion") else 0), key
        shown = _section(outline, heading)[: len(firsts)]
        # as many paragraphs, each starting where the model's starts: none merged
        for paragraph, first in zip(shown, firsts, strict=True):
            assert paragraph.text.startswith(first), (key, first)
    # the six steps, one paragraph each
    steps = [p.text for p in _section(outline, "Aanpak") if p.text.startswith("Stap ")]
    assert [s.split(":")[0] for s in steps] == [f"Stap {n}" for n in range(1, 7)]


def test_paragraphs_in_html_and_word(tmp_path: Path) -> None:
    results = evaluate(load_model(DE_BILT))
    page = render_html(build_outline(results))
    assert "<p>Stap 3: Effecten bepalen" in page
    document = Document(str(write_report(results, tmp_path / "r.docx")))
    texts = [p.text for p in document.paragraphs]
    assert sum(t.startswith("Stap ") for t in texts) == 6
    conclusion = _source_paragraphs(DE_BILT, "conclusion")
    assert all(any(t.startswith(first) for t in texts) for first in conclusion)


def test_the_two_ways_a_yaml_text_marks_a_paragraph() -> None:
    # folded: every line feed left is a blank line in the file
    assert paragraphs("Een twee.\nDrie vier.") == ["Een twee.", "Drie vier."]
    # literal: single line feeds are wraps, blank lines separate paragraphs
    assert paragraphs("Een\ntwee.\n\nDrie\nvier.\n") == ["Een twee.", "Drie vier."]
    # list lines become one list, also inside a literal paragraph
    assert paragraphs("Punten:\n- een\n- twee\n  lang\n\nSlot.") == [
        "Punten:",
        ["een", "twee lang"],
        "Slot.",
    ]
    assert paragraphs("Voor\n- a\n- b\nNa") == ["Voor", ["a", "b"], "Na"]
    # a literal text wrapped without blank lines: a line that goes on with the sentence
    assert paragraphs("Het project brengt een\nvrijwilliger in contact.\nDaarna volgt") == [
        "Het project brengt een vrijwilliger in contact.",
        "Daarna volgt",
    ]
    assert paragraphs("Titel\nTekst.") == ["Titel", "Tekst."]  # a capital: a new line
    assert paragraphs("- een\n  lang punt\n- twee") == [["een lang punt", "twee"]]
    assert paragraphs(None) == [] and paragraphs("  \n ") == []
    # a non-breaking space (between € and its amount) is no white space to collapse
    assert paragraphs("€\u00a05  en") == ["€\u00a05 en"]


def test_list_lines_of_a_model_text_are_a_list() -> None:
    outline = Outline("nl", "t", [])
    outline.text("Twee punten:\n- eerste\n- tweede")
    assert outline.blocks == [Paragraph("Twee punten:"), Bullets(["eerste", "tweede"])]
