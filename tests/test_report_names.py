"""Names, not ids, and the report's language throughout: the appendix names each input by
its own intervention's variant; the audit's explanations follow the report's language."""

from __future__ import annotations

import re
from pathlib import Path

from rendement.audit import audit
from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import load_model
from rendement.present.headline import published_notes
from rendement.report import build_outline
from rendement.report.outline import TableBlock

ROOT = Path(__file__).resolve().parents[1]
UNCERTAIN = evaluate(load_model(ROOT / "examples" / "de-bilt-2019-onzeker.yaml"))
DE_BILT = evaluate(load_model(ROOT / "examples" / "de-bilt-2019.yaml"))


def test_each_input_is_named_with_the_variant_of_its_own_intervention() -> None:
    """Ouders Lokaal and Sterk door vrijwilligerswerk both have a variant 'uitbreiding'."""
    case = UNCERTAIN.model.case
    (appendix,) = [
        b.table
        for b in build_outline(UNCERTAIN).blocks
        if isinstance(b, TableBlock) and b.table.title == "Elke invoerwaarde van het model"
    ]
    variants = {i.name: {v.name for v in i.variants} for i in case.interventions}
    checked = 0
    for row in appendix.rows:
        named = re.search(r"\(variant (.+)\)$", row[0])
        if named:
            owner = row[0].split(" › ")[0]
            assert named.group(1) in variants[owner], row[0]
            checked += 1
    assert checked >= 6
    sterk = [
        r[0] for r in appendix.rows if r[0].startswith("Sterk door vrijwilligerswerk › bereik")
    ]
    assert sterk[-1].endswith("(variant Uitbreiding naar 50 deelnemers)")


def test_the_audit_explains_in_the_language_of_the_report() -> None:
    dutch = audit(DE_BILT)
    with language("en"):
        english = audit(DE_BILT)
    assert len(english.findings) == len(dutch.findings) > 5
    for nl, en in zip(dutch.findings, english.findings, strict=True):
        assert nl.cause.code == en.cause.code
        assert nl.cause.text != en.cause.text, en.cause.text
        assert not re.search(r"\b(het|de|rapport|afgerond|gedrukt|invoer)\b", en.cause.text)
    rounded = next(f for f in english.findings if f.cause.code == "rounded_intermediate")
    assert rounded.cause.text.startswith("the report ")


def test_a_dutch_figure_in_the_prose_is_explained_in_an_english_report() -> None:
    """The model's prose writes € 88.416 the Dutch way; the English note still finds it."""
    summary = DE_BILT.model.case.meta.summary
    with language("en"):
        (notes,) = published_notes(DE_BILT, summary)
    assert len(notes) == 2
    assert notes[0].startswith(
        "€\u00a088.416 in the text is the published figure (Tabel 12 of the 2019 report, "
    )
    assert "recomputed it is €88,415" in notes[0] and "column Minimum" in notes[0]
    assert "€\u00a0274.842" in notes[1] and "€274,839" in notes[1]
    # a longer number that starts with the same digits is not the figure
    assert published_notes(DE_BILT, "Samen € 88.416,50 en € 88.4160.") == [[]]
