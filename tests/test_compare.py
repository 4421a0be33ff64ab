"""Two versions compared: the changed inputs, each figure's move, and its attribution.

The figures are worked out by hand in each test: net = reach × units × price − investment
in the tiny model of tests/fixtures/compare_old.yaml (reach 100 → 120, price 50 → 70).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.history import compare_texts
from rendement.history.tables import attribution_table, steps
from rendement.present.attribution import attribution_rows, in_cents

FIXTURES = Path(__file__).parent / "fixtures"
OLD = (FIXTURES / "compare_old.yaml").read_text(encoding="utf-8")
NEW = (FIXTURES / "compare_new.yaml").read_text(encoding="utf-8")
NBSP = "\u00a0"

# by hand: 2 hours per family, reach 100 → 120, price € 50 → € 70, investment € 1.000
OLD_NET = 100 * 2 * 50 - 1000  # 9.000
NEW_NET = 120 * 2 * 70 - 1000  # 15.800
PRICE_FIRST = 100 * 2 * (70 - 50)  # the price at the old reach: 4.000
REACH_AFTER_PRICE = (120 - 100) * 2 * 70  # the reach at the new price: 2.800
REACH_FIRST = (120 - 100) * 2 * 50  # the reach at the old price: 2.000
PRICE_AFTER_REACH = 120 * 2 * (70 - 50)  # the price at the new reach: 4.800


def _net(comparison: Any) -> Any:
    return next(f for f in comparison.figures if f.id == "steun/basis/basis/net")


def test_two_changed_inputs_are_named_in_words_old_to_new() -> None:
    comparison = compare_texts(OLD, NEW)
    assert [c.words for c in comparison.changes] == [
        "Tarief Begeleiding: 50 → 70",
        "Steun aan gezinnen › bereik: 100 → 120",
    ]
    assert comparison.structural == [] and not comparison.has_structural


def test_sequential_and_shapley_differ_and_both_add_up_to_the_move() -> None:
    comparison = compare_texts(OLD, NEW)
    net = _net(comparison)
    assert net.old == OLD_NET and net.new == NEW_NET
    # sequential, in the model's order: the price list stands before the interventions
    assert net.sequential == pytest.approx([PRICE_FIRST, REACH_AFTER_PRICE], abs=1e-6)
    # Shapley: the average over both orders (price first; reach first)
    price = (PRICE_FIRST + PRICE_AFTER_REACH) / 2  # 4.400
    reach = (REACH_AFTER_PRICE + REACH_FIRST) / 2  # 2.400
    assert net.shapley == pytest.approx([price, reach], abs=1e-6)
    assert net.sequential != pytest.approx(net.shapley)
    assert sum(net.sequential) + net.structural == pytest.approx(NEW_NET - OLD_NET, abs=1e-6)
    assert sum(net.shapley) + net.structural == pytest.approx(NEW_NET - OLD_NET, abs=1e-6)
    assert abs(net.structural) < 1e-6
    # the investment did not move: no part for anything
    investment = next(f for f in comparison.figures if f.id.endswith("/investment"))
    assert investment.move == 0 and investment.shapley == [0, 0]


def test_the_table_shows_both_splits_to_the_cent() -> None:
    comparison = compare_texts(OLD, NEW)
    table = attribution_table(comparison, _net(comparison))
    rows = {row[0]: [cell.replace(NBSP, " ") for cell in row[1:]] for row in table.rows}
    assert rows["Tarief Begeleiding"] == ["+ € 4.000,00", "+ € 4.400,00"]
    assert rows["Steun aan gezinnen › bereik"] == ["+ € 2.800,00", "+ € 2.400,00"]
    assert rows["Totaal verschil"] == ["+ € 6.800,00"] * 2


def test_shown_parts_add_up_to_the_shown_move_to_the_cent() -> None:
    # three thirds of a cent-less move: the rounded parts must still add up
    parts = [100 / 3, 100 / 3, 100 / 3]
    cents = in_cents(0.0, 100.0, parts)
    assert sum(cents) == 10000 and sorted(cents) == [3333, 3333, 3334]
    # the shown move is rounded new − rounded old (0,005 rounds up, 10,004 down)
    assert sum(in_cents(0.005, 10.004, [5.0, 4.999])) == 1000 - 1
    rows = attribution_rows("oud", 0.0, [("a", 2.5), ("b", -1.25)], "nieuw", 1.25)
    assert [r["end"] for r in rows] == [0.0, 2.5, 1.25, 1.25]
    assert rows[1]["label"].replace(NBSP, " ") == "+ € 2,50"
    assert rows[2]["label"].replace(NBSP, " ") == "- € 1,25"


def test_a_structural_change_is_the_remainder_and_said_so() -> None:
    new = OLD.replace("    reach: 100", "    reach: 120") + (
        "      - id: materiaal\n"
        "        name: Materiaal\n"
        "        amount: 500\n"
        "        payer: gemeente\n"
        "        source: prijslijst\n"
    )
    comparison = compare_texts(OLD, new)
    assert comparison.structural == [
        "invoer toegevoegd: Steun aan gezinnen › Materiaal › bedrag = 500"
    ]
    net = _net(comparison)
    assert net.sequential == pytest.approx([REACH_FIRST])  # 20 × 2 × 50
    assert net.structural == pytest.approx(-500)  # the new investment line
    assert [name for name, _v in steps(comparison, net, "shapley")] == [
        "Steun aan gezinnen › bereik",
        "Structurele wijziging",
    ]


def test_a_changed_formula_is_structural() -> None:
    """Units per family as a formula of the reach: 100 / 50 = 2, then 100 / 40 = 2,5."""
    old = OLD.replace("units_per_case: 2\n", "units_per_case: =reach / 50\n")
    new = OLD.replace("units_per_case: 2\n", "units_per_case: =reach / 40\n")
    comparison = compare_texts(old, new)
    assert comparison.changes == []
    assert comparison.structural == ["een formule of de opbouw van het model is veranderd"]
    net = _net(comparison)
    assert net.structural == pytest.approx(100 * 0.5 * 50)  # half an hour more per family


def test_an_intervention_added_is_structural_as_a_whole() -> None:
    added = OLD.replace(
        "  - id: steun\n    name: Steun aan gezinnen", "  - id: hulp\n    name: Hulp"
    )
    comparison = compare_texts(OLD, OLD + added.split("interventions:\n", 1)[1])
    assert "interventie toegevoegd: Hulp" in comparison.structural
    hulp = next(f for f in comparison.figures if f.id == "hulp/basis/basis/net")
    assert hulp.old is None and hulp.new == OLD_NET and hulp.structural == OLD_NET


def test_many_changes_are_grouped_per_intervention_and_still_add_up() -> None:
    """More than ten changed inputs: the Shapley split per intervention (and the case), exact."""
    old = (FIXTURES.parent.parent / "examples" / "de-bilt-2019.yaml").read_text(encoding="utf-8")
    new = old
    for before, after in (
        ("    reach: 160\n", "    reach: 200\n"),
        ("    reach: 90\n", "    reach: 100\n"),
        ("    reach: 25\n", "    reach: 30\n"),
        ("        amount: 7000\n", "        amount: 8000\n"),
        ("        amount: 2000\n", "        amount: 2500\n"),
    ):
        new = new.replace(before, after, 1)
    for n in (13, 20):
        new = new.replace(f"units_per_case: {n}\n", f"units_per_case: {n + 1}\n")
    new = new.replace("share: 25%\n", "share: 30%\n")
    comparison = compare_texts(old, new)
    assert len(comparison.changes) > 10 and comparison.method == "grouped"
    assert len(comparison.parts) < len(comparison.changes)
    for figure in comparison.figures:
        assert sum(figure.sequential) + figure.structural == pytest.approx(figure.move, abs=1e-6)
        assert sum(figure.shapley) + figure.structural == pytest.approx(figure.move, abs=1e-6)
        assert abs(figure.structural) < 1e-6


def test_the_command_line_compares_two_files(tmp_path: Path) -> None:
    runner = CliRunner()
    old, new = FIXTURES / "compare_old.yaml", FIXTURES / "compare_new.yaml"
    answer = runner.invoke(app, ["compare", str(old), str(new), "--lang", "nl"])
    assert answer.exit_code == 0, answer.output
    text = answer.output.replace(NBSP, " ")
    assert "Steun aan gezinnen › bereik" in text and "100" in text and "120" in text
    assert "+ € 4.400,00" in text and "+ € 2.800,00" in text and "+ € 6.800,00" in text
    answer = runner.invoke(app, ["compare", str(old), str(new), "--json"])
    assert answer.exit_code == 0, answer.output
    document = json.loads(answer.output)
    net = next(f for f in document["figures"] if f["id"] == "steun/basis/basis/net")
    assert net["old"] == OLD_NET and net["new"] == NEW_NET
    assert net["shapley"] == pytest.approx([4400, 2400])
    assert [c["new_text"] for c in document["changes"]] == ["70", "120"]


@pytest.mark.django_db
def test_the_compare_page_shows_the_changes_and_the_attribution(world: dict[str, Any]) -> None:
    """De Bilt: Ouders Lokaal's reach 160 → 200, then CJG contacts per parent 13 → 15.

    By hand: the perspective's gross is € 98.072 at reach 160, of which CJG 0,5 × 160 × 13
    × € 55 = € 57.200. The reach alone adds a quarter (€ 24.518); the CJG contacts alone
    add 0,5 × 160 × 2 × € 55 = € 8.800 at the old reach, € 11.000 at the new one.
    """
    from web_world import client_for

    case = world["case"]
    editor = client_for(world["editor"])
    for base, loc, value in (
        (1, "interventions.0.reach", "200"),
        (2, "interventions.0.effects.1.units_per_case", "15"),
    ):
        answer = editor.post(
            f"/cases/{case.uid}/edit/",
            {"base": base, "loc": loc, "value": value},
            HTTP_HX_REQUEST="true",
        )
        assert answer.status_code == 200
    viewer = client_for(world["viewer"])  # seeing the case is enough
    versions = html.unescape(viewer.get(f"/cases/{case.uid}/versions/").content.decode())
    assert f'action="/cases/{case.uid}/compare/"' in versions and "Vergelijk" in versions
    picked = viewer.get(f"/cases/{case.uid}/compare/", {"a": 1, "b": 3})
    assert picked.status_code == 302 and picked["Location"] == f"/cases/{case.uid}/compare/1/3/"
    page = viewer.get(f"/cases/{case.uid}/compare/1/3/")
    assert page.status_code == 200
    text = html.unescape(page.content.decode()).replace(NBSP, " ")
    assert "Ouders Lokaal › bereik" in text and "Ouders Lokaal › CJG › eenheden per casus" in text
    move = 24518 + 11000
    assert f"+ € {move:,}".replace(",", ".") + ",00" in text
    # sequential (reach first, as in the model): 24.518 and 11.000; Shapley 25.618 and 9.900
    for amount in (24518, 11000, 24518 + 1100, 9900):
        assert f"+ € {amount:,}".replace(",", ".") + ",00" in text, amount
    assert text.count('class="vega" data-spec=') == 2
    assert "Van oud naar nieuw" in text
    # another organisation: 404, as for every URL of the case
    assert client_for(world["stranger"]).get(f"/cases/{case.uid}/compare/1/3/").status_code == 404


def test_beyond_the_exact_limit_orders_are_sampled_with_a_seed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With more groups than the exact split takes, random orders (a fixed seed): the parts
    still add up exactly (each order's steps do), and come near the exact split."""
    from rendement.history import attribution

    monkeypatch.setattr(attribution, "EXACT", 1)
    comparison = compare_texts(OLD, NEW)
    assert comparison.method == "sampled" and "seed 2019" in comparison.method_words()
    net = _net(comparison)
    assert sum(net.shapley) == pytest.approx(NEW_NET - OLD_NET, abs=1e-6)
    assert net.shapley == pytest.approx([4400, 2400], abs=100)
    assert compare_texts(OLD, NEW).figures[0].shapley == net.shapley  # the same every time


def test_the_waterfall_is_valid_vega_lite_and_ends_at_the_new_figure() -> None:
    import jsonschema
    from altair.vegalite.v6.schema import load_schema

    from rendement.history.tables import waterfall

    comparison = compare_texts(OLD, NEW)
    for split in ("shapley", "sequential"):
        spec = waterfall(comparison, _net(comparison), split)
        assert not list(jsonschema.Draft7Validator(load_schema()).iter_errors(spec))
        rows = spec["datasets"][spec["layer"][0]["data"]["name"]]
        assert rows[0]["end"] == OLD_NET and rows[-1]["end"] == NEW_NET
        assert rows[-2]["end"] == pytest.approx(NEW_NET)  # the last part ends at the new net


def test_the_command_line_says_what_is_wrong_with_a_version(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = tmp_path / "bestaat-niet.yaml"
    answer = runner.invoke(app, ["compare", str(FIXTURES / "compare_old.yaml"), str(missing)])
    assert answer.exit_code == 1 and "bestaat niet" in answer.output
    assert "Traceback" not in answer.output
