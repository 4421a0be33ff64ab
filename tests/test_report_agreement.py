"""A section's tables and charts show the same option, and every chart the same signs."""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.engine import evaluate
from rendement.model import load_model
from rendement.present.charts import waterfall_rows, who_pays, who_pays_rows
from rendement.report import build_outline
from rendement.report.outline import Chart, TableBlock

ROOT = Path(__file__).resolve().parents[1]
DE_BILT = evaluate(load_model(ROOT / "examples" / "de-bilt-2019.yaml"))


def test_each_chart_follows_the_table_of_the_same_option() -> None:
    blocks = build_outline(DE_BILT).blocks
    pairs = 0
    for n, block in enumerate(blocks[:-1]):
        if isinstance(block, TableBlock) and block.table.kind in ("net", "who_pays"):
            chart = blocks[n + 1]
            assert isinstance(chart, Chart), block.table.title
            if block.table.kind == "who_pays":
                # same option: 'Wie betaalt, wie wint · <option>' in both
                assert block.table.title.split(" · ", 1)[1] == chart.title.split(" · ", 1)[1]
            pairs += 1
    assert pairs == 2 * len(DE_BILT.interventions)


def test_the_who_pays_table_and_chart_give_the_same_figures() -> None:
    ev = DE_BILT.get("samen_oplopen", "huidig", "minimum")
    rows = who_pays_rows(ev)
    wmo = next(r for r in rows if r["financier"] == "Gemeente De Bilt (Wmo)")
    assert wmo["investment"] == pytest.approx(56000.0) and wmo["paid"] == -wmo["investment"]
    # drawn below zero, as in the waterfall
    assert wmo["investment_label"] == "-\u00a0€\u00a056.000"
    assert waterfall_rows(ev, {})[0]["amount"] == pytest.approx(-56000.0)
    spec = who_pays(ev)
    layers = [layer.get("mark", {}) for layer in spec["layer"]]
    assert any(m.get("type") == "text" for m in layers if isinstance(m, dict))  # value labels


def test_every_calculation_column_can_be_redone_by_hand() -> None:
    """'9 uur/week × 52 weken × € 45,675' gives the € 21.376 beside it on a calculator."""
    import re

    from rendement.money import round_half_away
    from rendement.present.tables import investment_table

    def value(text: str) -> float:
        return float(text.replace(".", "").replace(",", "."))

    checked = 0
    for result in DE_BILT.interventions:
        for ev in result.evaluations:
            for row in investment_table(ev, "", {}).rows[:-1]:
                if "×" not in row[1]:
                    continue
                factors = [value(n) for n in re.findall(r"\d[\d.]*(?:,\d+)?", row[1])]
                product = 1.0
                for factor in factors:
                    product *= factor
                assert round_half_away(product) == value(row[3].replace("€\u00a0", "")), row
                checked += 1
    assert checked >= 10


def test_zero_is_always_written_as_zero_euro() -> None:
    """No blank amount where a financier has no part, no '€0' or '-€ 0' anywhere."""
    from rendement.money import euro

    zero = euro(0)
    assert zero == "€\u00a00"
    tables = [b.table for b in build_outline(DE_BILT).blocks if isinstance(b, TableBlock)]
    (overview,) = [t for t in tables if t.title == "Wie betaalt, wie wint · overzicht"]
    social = next(row for row in overview.rows if row[0].endswith("(sociaal domein)"))
    assert social[1:4] == [zero, zero, zero]  # no part in the minimum: € 0, not blank
    assert all(cell for row in overview.rows for cell in row)
    cells = [cell for t in tables for row in t.rows for cell in row]
    assert not [c for c in cells if c.replace("\u00a0", " ") in ("€0", "- € 0", "-€ 0", "€ -0")]
    assert zero in cells
