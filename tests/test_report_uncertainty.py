"""The uncertainty chapter of a report can be reproduced, figure by figure.

The outline of the uncertain De Bilt report is built with a modest number of draws; the
commands its appendix prints are then run through the command line (``--json``) and every
percentage, P5/median/P95, EVPI and EVPPI the chapter prints is compared with what they
give. The chapter shows only the options the other chapters show, says when an option has
no uncertain input, and never prints a break-even value the input cannot take (checked
against the model's own distributions).
"""

from __future__ import annotations

import json
import re
import shlex
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import build_plan, evaluate
from rendement.i18n import language
from rendement.model import BASE_SCENARIO, load_model
from rendement.money import euro
from rendement.present import shown_scenarios
from rendement.report import analyse_uncertainty, build_outline
from rendement.report.outline import Block, Chart, Heading, Paragraph, TableBlock
from rendement.uncertainty import sensitivity, simulate
from rendement.uncertainty.breakeven import ABOVE, BELOW, NONE, OUTSIDE, POSSIBLE, verdict

ROOT = Path(__file__).resolve().parents[1]
UNCERTAIN = ROOT / "examples" / "de-bilt-2019-onzeker.yaml"
DRAWS = 2000
SEED = 2019
runner = CliRunner()


@cache
def report(draws: int = DRAWS, lang: str = "nl") -> tuple[Any, Any, list[Block]]:
    model = load_model(UNCERTAIN)
    results = evaluate(model)
    simulation, tornados = analyse_uncertainty(results, draws=draws, seed=SEED)
    with language(lang):
        outline = build_outline(results, None, simulation, tornados)
    return model, results, outline.blocks


def chapter(blocks: list[Block], starts: str = "Onzekerheid en gevoeligheid") -> list[Block]:
    """The blocks of one chapter (level-1 heading to the next)."""
    out: list[Block] = []
    inside = False
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            inside = block.text == starts
        elif inside:
            out.append(block)
    return out


def percentage(p: float) -> str:
    """The chance as a reader expects it, written here independently of the report: one
    decimal, except none or all of the draws (0% / 100%)."""
    if p == 0:
        return "0%"
    if p == 1:
        return "100%"
    text = f"{p * 100:.1f}".replace(".", ",")
    assert text not in ("0,0", "100,0"), p  # would need '< 0,1%': not in this example
    return text + "%"


@cache
def commands(draws: int = DRAWS) -> dict[str, dict[str, Any]]:
    """Run the commands the appendix prints (with --json) and return their documents."""
    _model, _results, blocks = report(draws)
    printed = [
        b.text
        for b in chapter(blocks, "Bijlage: alle aannames")
        if isinstance(b, Paragraph) and b.text.startswith("rendement ")
    ]
    assert len(printed) == 2, printed
    documents = {}
    for line in printed:
        args = shlex.split(line)[1:]
        assert args[1] == UNCERTAIN.name  # the model's file, as the reader has it
        args[1] = str(UNCERTAIN)
        result = runner.invoke(app, [*args, "--json"])
        assert result.exit_code == 0, result.output
        documents[args[0]] = json.loads(result.stdout)
    return documents


def ids(model: Any, intervention_name: str, variant_name: str, scenario_name: str) -> tuple:
    intervention = next(i for i in model.case.interventions if i.name == intervention_name)
    variant = next(v.id for v in intervention.variants if v.name == variant_name)
    scenario = (
        BASE_SCENARIO
        if scenario_name == "—"
        else next(s.id for s in model.case.scenarios if s.name == scenario_name)
    )
    return intervention.id, variant, scenario


def option_words(model: Any, intervention: str, variant: str, scenario: str) -> str:
    """``Samen Oplopen · Huidige situatie (30 gezinnen) — scenario Minimum``, by hand."""
    item = model.case.intervention(intervention)
    words = f"{item.name} · {next(v.name for v in item.variants if v.id == variant)}"
    if scenario != BASE_SCENARIO:
        words += f" — scenario {model.case.scenario_name(scenario)}"
    return words


PERCENT = re.compile(r"(?:[<>] )?\d+(?:,\d)?%")


def test_every_monte_carlo_figure_is_what_simulate_gives() -> None:
    model, _results, blocks = report()
    sim = commands()["simulate"]
    assert sim["draws"] == DRAWS and sim["seed"] == SEED
    compared = 0
    fixed_rows = 0
    for block in chapter(blocks):
        if not isinstance(block, TableBlock) or not block.table.title.startswith("Monte Carlo"):
            continue
        table = block.table
        name = table.title.split(" · ")[1]
        for row in table.rows:
            if name == "overzicht":
                column = next(c for c in model.case.portfolio.columns if c.name == row[0])
                stats = next(p for p in sim["portfolio"] if p["column"] == column.id)
                figures = row[1:]
            else:
                variant = row[0].removesuffix(" (geen onzekere invoer in deze optie)")
                i, v, s = ids(model, name, variant, row[1])
                stats = sim["interventions"][i]["variants"][v]["scenarios"][s]
                figures = row[2:]
            mean, p5, p50, p95, chance = figures
            assert mean == euro(stats["mean"])
            assert chance == percentage(stats["probability_positive"])
            if stats["low"] == stats["high"]:  # every draw the same figure
                assert [p5, p50, p95] == ["—", "—", "—"]
                assert row[0].endswith(" (geen onzekere invoer in deze optie)")
                assert "Geen onzekere invoer in deze optie" in (table.caption or "")
                fixed_rows += 1
            else:
                assert [p5, p50, p95] == [euro(stats[k]) for k in ("p5", "p50", "p95")]
                assert "geen onzekere invoer" not in row[0]
            compared += 1
    # 2 + 3 + 4 + 2 options and 2 overview columns; Sterk door vrijwilligerswerk's
    # expansion fixes its only uncertain inputs under both scenarios
    assert compared == 13
    assert fixed_rows == 2


def test_every_sensitivity_figure_is_what_sensitivity_gives() -> None:
    model, _results, blocks = report()
    documents = commands()
    sens = documents["sensitivity"]["evaluations"]
    sim = documents["simulate"]["interventions"]
    assert documents["sensitivity"]["draws"] == DRAWS
    tables = [
        b.table
        for b in chapter(blocks)
        if isinstance(b, TableBlock) and b.table.title.startswith("Gevoeligheid")
    ]
    with_inputs = [e for e in sens if e["inputs"]]
    assert len(tables) == len(with_inputs) == 6
    for table, evaluation in zip(tables, with_inputs, strict=True):
        i, v, s = evaluation["intervention"], evaluation["variant"], evaluation["scenario"]
        assert table.title.startswith(f"Gevoeligheid · {option_words(model, i, v, s)} · netto")
        p = percentage(evaluation["probability_positive"])
        caption = table.caption or ""
        assert f"Kans op netto besparing > 0: {p};" in caption
        assert f"'investeren of niet'): {euro(evaluation['evpi'])}." in caption
        # the same draws as the simulation: the same chance as its table
        assert (
            evaluation["probability_positive"]
            == sim[i]["variants"][v]["scenarios"][s]["probability_positive"]
        )
        assert len(table.rows) == len(evaluation["inputs"])
        for row, entry in zip(table.rows, evaluation["inputs"], strict=True):
            assert row[0] == entry["label"]
            assert row[5] == euro(entry["swing"])
            assert row[6] == f"{entry['rank_correlation']:.2f}".replace(".", ",")
            assert row[7] == euro(entry["evppi"])


def test_every_percentage_in_the_chapter_is_accounted_for() -> None:
    """Each percentage printed in the chapter's tables, captions and charts is one of the
    commands' chances (the glossary's 5% and 90% aside)."""
    _model, _results, blocks = report()
    documents = commands()
    chances = {
        percentage(e["probability_positive"]) for e in documents["sensitivity"]["evaluations"]
    }
    for intervention in documents["simulate"]["interventions"].values():
        for variant in intervention["variants"].values():
            for stats in variant["scenarios"].values():
                chances.add(percentage(stats["probability_positive"]))
    chances |= {percentage(p["probability_positive"]) for p in documents["simulate"]["portfolio"]}
    printed = []
    for block in chapter(blocks):
        if isinstance(block, TableBlock):
            texts = [c for row in block.table.rows for c in row] + [block.table.caption or ""]
            printed += [m for t in texts for m in PERCENT.findall(t)]
        elif isinstance(block, Chart):
            subtitle = block.spec["title"].get("subtitle", [])
            printed += [m for t in subtitle for m in PERCENT.findall(t)]
    assert printed and set(printed) <= chances, set(printed) - chances


def test_each_histogram_names_its_option_and_says_its_chance_as_the_table() -> None:
    model, results, blocks = report()
    sim = commands()["simulate"]["interventions"]
    charts = [
        b
        for b in chapter(blocks)
        if isinstance(b, Chart) and b.title.startswith("Verdeling van de netto besparing")
    ]
    expected = []
    for intervention in model.case.interventions:
        first = intervention.variants[0].id
        for scenario in shown_scenarios(results, intervention.id):
            stats = sim[intervention.id]["variants"][first]["scenarios"][scenario]
            if stats["low"] != stats["high"]:
                expected.append((option_words(model, intervention.id, first, scenario), stats))
    assert len(charts) == len(expected) == 6
    for chart, (words, stats) in zip(charts, expected, strict=True):
        assert chart.title == f"Verdeling van de netto besparing · {words}"
        subtitle = " ".join(chart.spec["title"]["subtitle"])
        assert f"Kans netto > 0: {percentage(stats['probability_positive'])}" in subtitle
        assert "0,0%" not in subtitle and "100,0%" not in subtitle


def test_no_hidden_scenario_in_the_chapter() -> None:
    """The model hides 'basis' (meta.report_basis: false) where scenarios change an
    intervention; the chapter analyses the options the tables show instead."""
    model, results, blocks = report()
    assert model.case.meta.report_basis is False
    text = json.dumps([str(b) for b in chapter(blocks)], ensure_ascii=False)
    assert "Basis" not in text
    sens = commands()["sensitivity"]["evaluations"]
    analysed = {(e["intervention"], e["scenario"]) for e in sens}
    for intervention in model.case.interventions:
        shown = set(shown_scenarios(results, intervention.id))
        assert {s for i, s in analysed if i == intervention.id} == shown
    assert ("sterk_door_vrijwilligerswerk", BASE_SCENARIO) not in analysed


def test_no_impossible_break_even_is_printed() -> None:
    model, _results, blocks = report()
    plan = build_plan(model)
    dists = {inp.key: inp.dist for inp in plan.inputs if inp.dist is not None}
    sens = [e for e in commands()["sensitivity"]["evaluations"] if e["inputs"]]
    tables = [
        b.table
        for b in chapter(blocks)
        if isinstance(b, TableBlock) and b.table.title.startswith("Gevoeligheid")
    ]
    words = set()
    for table, evaluation in zip(tables, sens, strict=True):
        assert "Break-even" in table.columns
        for row, entry in zip(table.rows, evaluation["inputs"], strict=True):
            dist = dists[entry["key"]]
            low, high = dist.bounds
            value = entry["break_even"]["value"]
            cell = row[8]
            field = entry["key"].split(".")[-1]
            share = field == "share"
            # the model format takes a share in 0–1 and a number of cases of 0 or more; units
            # (per case) and parameters may be negative (more use of a service)
            at_least_zero = field in ("share", "cases", "reach")
            if re.fullmatch(r"-?[\d.]+(,\d+)?", cell):  # printed as a value: it must be possible
                shown = float(cell.replace(".", "").replace(",", "."))
                assert low <= shown <= high and shown >= 0
            elif at_least_zero and value is not None and value < 0:
                assert cell == "kan niet: onder 0", (cell, value)
            elif share and value is not None and value > 1:
                assert cell == "kan niet: boven 1"
            elif value is not None:  # possible in itself, outside what the team estimated
                assert not low <= value <= high
                assert cell == f"buiten de verdeling ({low:g}–{high:g})", cell
            else:
                assert cell == "geen"
            words.add(cell.split(" (")[0])
            assert "−" not in cell and not cell.startswith("-")
    # the De Bilt break-evens of −2,04 and −8,05 units per case (triangular 8–16) are
    # outside the distribution; a share's negative one cannot be at all
    assert {"buiten de verdeling", "kan niet: onder 0"} <= words
    assert any("buiten de verdeling (8–16)" in row[8] for t in tables for row in t.rows)


def test_the_chapter_says_draws_and_seed_once_and_the_appendix_the_commands() -> None:
    _model, _results, blocks = report()
    texts = [b.text for b in chapter(blocks) if isinstance(b, Paragraph)]
    stated = [t for t in texts if "2.000 doorrekeningen met startwaarde (seed) 2019" in t]
    assert len(stated) == 1
    assert not any("seed" in t for t in texts if t not in stated)
    appendix = [
        b.text for b in chapter(blocks, "Bijlage: alle aannames") if isinstance(b, Paragraph)
    ]
    name = UNCERTAIN.name
    assert f"rendement simulate {name} --draws 2000 --seed 2019" in appendix
    assert f"rendement sensitivity {name} --draws 2000 --seed 2019 --headline" in appendix


def test_terms_are_explained_and_distributions_are_in_words() -> None:
    _model, _results, blocks = report()
    text = json.dumps([str(b) for b in blocks], ensure_ascii=False)
    for term in ("Startwaarde (seed)", "P5 en P95", "Mediaan", "Zwaai", "Rangcorrelatie"):
        assert f"{term}: " in text
    assert "Waarde van perfecte informatie (EVPI)" in text
    assert "Rangcorr." not in text
    assert "pert(" not in text and "triangular(" not in text and "uniform(" not in text
    assert "PERT: laag 0,10 · waarschijnlijk 0,25 · hoog 0,35" in text
    assert "driehoek: laag 8 · waarschijnlijk 13 · hoog 16" in text
    assert "uniform: van 0,5 tot 1" in text


def test_distributions_in_english() -> None:
    _model, _results, blocks = report(lang="en")
    text = json.dumps([str(b) for b in blocks], ensure_ascii=False)
    assert "PERT: low 0.10 · most likely 0.25 · high 0.35" in text
    assert "triangular: low 8 · most likely 13 · high 16" in text
    assert "driehoek" not in text


@pytest.mark.parametrize("chunk", [None, 700])
def test_sensitivity_draws_are_the_simulations(chunk: int | None) -> None:
    """With several chunks too, the sensitivity's mean and chance are the simulation's."""
    model = load_model(UNCERTAIN)
    sim = simulate(model, draws=1500, seed=7, chunk=chunk)
    for sens in sensitivity(model, draws=1500, seed=7, chunk=chunk):
        stats = sim.get(sens.intervention, sens.variant, sens.scenario)
        assert sens.probability_positive == stats.probability_positive
        assert np.isclose(sens.mean, stats.mean, rtol=1e-12, atol=1e-6)


# --------------------------------------------------------------- impossible break-even


def test_break_even_below_zero_for_a_count() -> None:
    # a count of units cannot be −2,04, whatever its distribution
    assert verdict(-2.04, 0.0, None, (8.0, 16.0)) == BELOW


def test_break_even_above_one_for_a_share() -> None:
    assert verdict(1.3, 0.0, 1.0, (0.1, 0.35)) == ABOVE


def test_break_even_outside_a_triangular_distribution() -> None:
    # 13,79 days where the team estimated triangular(30; 52; 52)
    assert verdict(13.79, 0.0, None, (30.0, 52.0)) == OUTSIDE
    assert verdict(60.0, 0.0, None, (30.0, 52.0)) == OUTSIDE


def test_break_even_none_and_possible() -> None:
    assert verdict(None, 0.0, None) == NONE
    assert verdict(float("nan")) == NONE
    assert verdict(0.74, 0.0, None, (0.5, 1.0)) == POSSIBLE
    assert verdict(-3.0) == POSSIBLE  # a parameter that may take any sign, open distribution
    assert verdict(16.0 + 1e-12, 0.0, None, (8.0, 16.0)) == POSSIBLE  # on the edge


def test_break_even_words_in_the_table() -> None:
    from rendement.present.uncertain import break_even_text
    from rendement.uncertainty.breakeven import BreakEven
    from rendement.uncertainty.sensitivity import InputSensitivity

    def row(key: str, value: float | None, support: tuple) -> InputSensitivity:
        return InputSensitivity(
            key,
            "",
            "",
            "",
            13,
            9,
            15,
            0,
            0,
            1,
            0.5,
            0,
            BreakEven(value, 13, True, ""),
            "triangular",
            (8, 13, 16),
            support,
        )

    units = "x||effects.cjg.units_per_case"
    cases = "x||effects.cjg.cases"
    share = "x||effects.cjg.share"
    with language("nl"):
        assert break_even_text(row(units, -2.04, (8, 16))) == "buiten de verdeling (8–16)"
        assert break_even_text(row(cases, -2.04, (8, 16))) == "kan niet: onder 0"
        assert break_even_text(row(share, 1.4, (0.1, 0.35))) == "kan niet: boven 1"
        assert break_even_text(row(share, 0.5, (0.1, 0.35))) == "buiten de verdeling (0,10–0,35)"
        assert break_even_text(row(units, None, (8, 16))) == "geen"
        assert break_even_text(row(units, 9.5, (8, 16))) == "9,5"


def test_a_report_of_one_scenario_prints_the_command_for_that_scenario() -> None:
    """`rendement report --scenario maximum`: the chapter studies that scenario only, and
    the printed command (with --scenario) gives the same chances and EVPI."""
    from rendement.report.uncertainty import reproduce_commands

    model = load_model(UNCERTAIN)
    results = evaluate(model)
    simulation, tornados = analyse_uncertainty(results, draws=500, seed=SEED, scenario="maximum")
    assert simulation is not None
    assert {t.scenario for t in tornados} == {"maximum"}
    line = reproduce_commands(results, simulation, "maximum")[1]
    assert line.endswith("--draws 500 --seed 2019 --headline --scenario maximum")
    args = shlex.split(line)[1:]
    args[1] = str(UNCERTAIN)
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    given = json.loads(result.stdout)["evaluations"]
    assert [(e["intervention"], e["probability_positive"], e["evpi"]) for e in given] == [
        (t.intervention, t.probability_positive, t.evpi) for t in tornados
    ]


def test_sensitivity_scenario_needs_headline() -> None:
    result = runner.invoke(
        app, ["sensitivity", str(UNCERTAIN), "--draws", "200", "--scenario", "minimum"]
    )
    assert result.exit_code == 2
    assert "--headline" in result.output
