"""The Excel workbook: its formulas, recomputed outside rendement, give the engine's figures."""

from __future__ import annotations

import re
from pathlib import Path

import formulas
import numpy as np
import openpyxl
import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import load_model, loads
from rendement.report import write_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    "de-bilt-2019.yaml",
    "rekenvoorbeeld-meerjarig.yaml",
    "de-bilt-2019-onzeker.yaml",
    "sroi-uk-pounds.yaml",
    "sroi-drum-atweme-2014.yaml",
]


def recompute(path: Path) -> dict[tuple[str, str], object]:
    """Every cell's value as the formula engine computes it: (SHEET, A1) → value (numbers
    as Python floats, an empty text as '')."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values: dict[tuple[str, str], object] = {}
    for key, result in solution.items():
        if "]" not in key or "'!" not in key:
            continue
        sheet, cell = key.split("]", 1)[1].split("'!")
        if ":" in cell:
            continue
        value = result.value[0][0]
        if isinstance(value, np.generic):
            value = value.item()
        values[(sheet.upper(), cell)] = value
    return values


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_formula_recomputes_to_the_engines_figure(example: str, tmp_path: Path) -> None:
    results = evaluate(load_model(ROOT / "examples" / example))
    workbook = write_workbook(results, tmp_path / "werkboek.xlsx")
    assert len(workbook.expected) > 30
    values = recompute(workbook.path)
    wrong = []
    for (sheet, cell), expected in workbook.expected.items():
        got = values.get((sheet.upper(), cell))
        if not isinstance(got, int | float) or abs(float(got) - expected) > 1e-6 * max(
            1.0, abs(expected)
        ):
            wrong.append((sheet, cell, expected, got))
    assert not wrong


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.yaml")))
def test_every_formula_cell_carries_its_value(example: str, tmp_path: Path) -> None:
    """A reader that does not recalculate (LibreOffice's default, a file preview, openpyxl
    with ``data_only``) shows what Excel would compute: each formula cell's cached value is
    the value the formula engine recomputes, and never 0 in place of a figure."""
    results = evaluate(load_model(ROOT / "examples" / example))
    workbook = write_workbook(results, tmp_path / "werkboek.xlsx")
    formulas_book = openpyxl.load_workbook(workbook.path)
    cached_book = openpyxl.load_workbook(workbook.path, data_only=True)
    values = recompute(workbook.path)
    checked, wrong, zero = 0, [], []
    for sheet in formulas_book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                checked += 1
                cached = cached_book[sheet.title][cell.coordinate].value
                got = values[(sheet.title.upper(), cell.coordinate)]
                if isinstance(got, int | float) and not isinstance(got, bool):
                    if cached == 0 and abs(got) > 1e-6:
                        zero.append((sheet.title, cell.coordinate, cell.value, got))
                    if not isinstance(cached, int | float) or abs(cached - got) > 1e-6 * max(
                        1.0, abs(got)
                    ):
                        wrong.append((sheet.title, cell.coordinate, cell.value, cached, got))
                elif (cached or "") != (got or ""):  # an empty ratio: '' both ways
                    wrong.append((sheet.title, cell.coordinate, cell.value, cached, got))
    assert checked > 50
    assert not zero
    assert not wrong


def test_the_input_cells_with_arithmetic_show_their_value(tmp_path: Path) -> None:
    """The four De Bilt inputs written as a sum (=21376/(9*52) …) read as their value, and
    each input is described in words, never with the model's field name."""
    results = evaluate(load_model(ROOT / "examples" / "de-bilt-2019.yaml"))
    workbook = write_workbook(results, tmp_path / "werkboek.xlsx")
    sheet_name, cell = workbook.inputs["ouders_lokaal||investments.coordinator.hourly_cost"].split(
        "!"
    )
    book = openpyxl.load_workbook(workbook.path, data_only=True)
    cached = book[sheet_name]
    assert cached[cell].value == pytest.approx(21376 / (9 * 52), rel=1e-12)
    description = cached[cell.replace("D", "C")].value
    assert description.endswith("kosten per uur"), description
    fields = re.compile(
        r"\((hours_per_week|hourly_cost|amount|quantity|unit_cost|"
        r"deadweight|attribution\w*|displacement|drop_off|\w+_years)\)"
    )
    for sheet in ("Invoer", "Tussenwaarden"):
        texts = [
            c.value for row in book[sheet].iter_rows() for c in row if isinstance(c.value, str)
        ]
        assert not [t for t in texts if fields.search(t)], sheet


def test_the_english_workbook_recomputes_too(tmp_path: Path) -> None:
    results = evaluate(load_model(ROOT / "examples" / "de-bilt-2019.yaml"))
    with language("en"):
        workbook = write_workbook(results, tmp_path / "workbook.xlsx")
    book = openpyxl.load_workbook(workbook.path)
    assert book.sheetnames[:4] == ["Explanation", "Input", "Intermediate values", "Calculation"]
    values = recompute(workbook.path)
    assert len(workbook.expected) > 400
    for (sheet, cell), expected in workbook.expected.items():
        got = values.get((sheet.upper(), cell))
        assert isinstance(got, int | float), (sheet, cell)
        assert float(got) == pytest.approx(expected, rel=1e-9, abs=1e-6), (sheet, cell)


def test_an_input_changed_in_excel_changes_the_results(tmp_path: Path) -> None:
    model = load_model(ROOT / "examples" / "de-bilt-2019.yaml")
    workbook = write_workbook(evaluate(model), tmp_path / "werkboek.xlsx")
    # the coordinator of Ouders Lokaal works 9 hours a week; make it 12 in the workbook
    key = "ouders_lokaal||investments.coordinator.hours_per_week"
    sheet_name, cell = workbook.inputs[key].split("!")
    book = openpyxl.load_workbook(workbook.path)
    assert book[sheet_name][cell].value == 9
    book[sheet_name][cell].value = 12
    edited = tmp_path / "bewerkt.xlsx"
    book.save(edited)
    values = recompute(edited)
    # the engine, with the same change made in the model
    index = next(n for n, i in enumerate(model.case.interventions) if i.id == "ouders_lokaal")
    investments = model.case.interventions[index].investments
    position = next(n for n, i in enumerate(investments) if i.id == "coordinator")
    changed = evaluate(
        model.edited(("interventions", index, "investments", position, "hours_per_week"), 12)
    )
    net_cells = [
        (sheet, c)
        for (sheet, c), v in workbook.expected.items()
        if sheet == "Berekening"
        and v == pytest.approx(evaluate(model).get("ouders_lokaal", "huidig").net)
    ]
    assert net_cells, "the net of Ouders Lokaal (current) is a formula cell"
    sheet, c = net_cells[0]
    assert values[(sheet.upper(), c)] == pytest.approx(changed.get("ouders_lokaal", "huidig").net)
    assert changed.get("ouders_lokaal", "huidig").net == pytest.approx(66_196 - 3 * 21_376 / 9)


@pytest.mark.parametrize(
    ("key", "path", "value"),
    [
        ("meta.discount_rate", ("meta", "discount_rate"), 0.04),
        (
            "maatjes||effects.huishoudelijke_hulp.drop_off",
            ("interventions", 0, "effects", 1, "drop_off"),
            0.35,
        ),
    ],
)
def test_time_in_the_workbook_is_formulas_too(
    key: str, path: tuple[str | int, ...], value: float, tmp_path: Path
) -> None:
    """With a horizon of several years, discounting, drop-off, duration and delay are
    formulas on the Looptijd sheet: changing the rate or a drop-off in Excel moves the net
    exactly as the same change in the model does."""
    model = load_model(ROOT / "examples" / "rekenvoorbeeld-meerjarig.yaml")
    assert model.case.interventions[0].effects[1].id == "huishoudelijke_hulp"
    before = evaluate(model)
    workbook = write_workbook(before, tmp_path / "werkboek.xlsx")
    assert sum(sheet == "Looptijd" for sheet, _ in workbook.expected) > 20
    sheet_name, cell = workbook.inputs[key].split("!")
    book = openpyxl.load_workbook(workbook.path)
    book[sheet_name][cell].value = value
    edited = tmp_path / "bewerkt.xlsx"
    book.save(edited)
    values = recompute(edited)
    after = evaluate(model.edited(path, value))
    evaluation = before.interventions[0].evaluations[0]
    net = evaluation.net
    cells = [k for k, v in workbook.expected.items() if k[0] == "Berekening" and v == net]
    assert cells
    sheet, c = cells[0]
    changed = after.get(evaluation.intervention, evaluation.variant, evaluation.scenario).net
    assert changed != pytest.approx(net)
    assert values[(sheet.upper(), c)] == pytest.approx(changed, rel=1e-9)


def test_user_text_never_becomes_a_formula(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "de-bilt-2019.yaml").read_text(encoding="utf-8")
    text = text.replace("    name: Ouders Lokaal\n", '    name: "=HYPERLINK(\\"http://x\\")"\n', 1)
    results = evaluate(loads(text, "x.yaml", ROOT / "examples"))
    path = write_workbook(results, tmp_path / "werkboek.xlsx").path
    sheet = openpyxl.load_workbook(path)["Berekening"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    hostile = [c for c in cells if "HYPERLINK" in c.value]
    assert hostile and all(c.data_type == "s" and c.value.startswith("'=") for c in hostile)


def test_report_command_writes_the_workbook(tmp_path: Path) -> None:
    target = tmp_path / "de-bilt.xlsx"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "report",
            str(ROOT / "examples" / "de-bilt-2019.yaml"),
            "--format",
            "xlsx",
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    assert target.exists() and not list(tmp_path.glob("*.deel.xlsx"))
    refused = runner.invoke(
        app,
        [
            "report",
            str(ROOT / "examples" / "de-bilt-2019.yaml"),
            "--format",
            "xlsx",
            "-o",
            str(tmp_path / "x.pdf"),
        ],
    )
    assert refused.exit_code == 2 and "schrijft u naar een bestand op .xlsx" in refused.output


def _bare(path: Path) -> list[tuple[str, str, str]]:
    """Formula cells that refer to no cell and no name: arithmetic on numbers only."""
    import re

    book = openpyxl.load_workbook(path)
    inputs = book.worksheets[1].title  # the input sheet may hold arithmetic as written
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith("=") and sheet.title != inputs:
                    body = re.sub(r'"[^"]*"', "", value[1:])
                    if not re.search(r"[A-Za-z_]", body):
                        found.append((sheet.title, cell.coordinate, value))
    return found


@pytest.mark.parametrize("example", EXAMPLES)
def test_no_formula_hides_an_input_in_a_constant(example: str, tmp_path: Path) -> None:
    results = evaluate(load_model(ROOT / "examples" / example))
    workbook = write_workbook(results, tmp_path / "werkboek.xlsx")
    assert _bare(workbook.path) == []


def test_a_formula_of_numbers_is_an_input_cell_the_controller_can_change(tmp_path: Path) -> None:
    model = load_model(ROOT / "examples" / "de-bilt-2019.yaml")
    workbook = write_workbook(evaluate(model), tmp_path / "werkboek.xlsx")
    # Ouders Lokaal's hourly cost is written as =21376 / (9 * 52) in the model
    key = "ouders_lokaal||investments.coordinator.hourly_cost"
    sheet_name, cell = workbook.inputs[key].split("!")
    book = openpyxl.load_workbook(workbook.path)
    assert book[sheet_name][cell].value == "=21376/(9*52)"
    book[sheet_name][cell].value = "=24000/(9*52)"
    edited = tmp_path / "bewerkt.xlsx"
    book.save(edited)
    values = recompute(edited)
    index = next(n for n, i in enumerate(model.case.interventions) if i.id == "ouders_lokaal")
    changed = evaluate(
        model.edited(("interventions", index, "investments", 0, "hourly_cost"), "=24000 / (9 * 52)")
    )
    net = changed.get("ouders_lokaal", "huidig").net
    assert net == pytest.approx(
        evaluate(model).get("ouders_lokaal", "huidig").net - (24000 - 21376)
    )
    assert any(isinstance(v, float) and v == pytest.approx(net, abs=1e-6) for v in values.values())


def test_the_results_sheet_links_every_figure_to_the_calculation(tmp_path: Path) -> None:
    results = evaluate(load_model(ROOT / "examples" / "de-bilt-2019.yaml"))
    workbook = write_workbook(results, tmp_path / "werkboek.xlsx")
    book = openpyxl.load_workbook(workbook.path)
    sheet = book["Resultaten"]
    links = [sheet.cell(row, 5).value for row in range(2, sheet.max_row + 1)]
    assert len(links) == 7 * len(results.plan.evaluations)  # seven figures per evaluation
    assert all(isinstance(v, str) and v.startswith("='Berekening'!$J$") for v in links)
    # one result column on Berekening: column I holds time factors, never a total
    calculation = book["Berekening"]
    for row in calculation.iter_rows(min_col=9, max_col=9):
        value = row[0].value
        assert not (isinstance(value, str) and value.startswith("='Berekening'")), row[0]
    values = recompute(workbook.path)
    differences = [
        values[("RESULTATEN", f"G{row}")]
        for row in range(2, sheet.max_row + 1)
        if isinstance(values.get(("RESULTATEN", f"G{row}")), float)
    ]
    assert differences and max(abs(d) for d in differences) < 1e-6


def test_distributions_on_invoer_are_in_words(tmp_path: Path) -> None:
    """The uncertain De Bilt's distributions as the report writes them, with decimal
    commas: "PERT: laag 0,10 · waarschijnlijk 0,25 · hoog 0,35", never ``pert(0.1; …)``."""
    import openpyxl

    results = evaluate(load_model(ROOT / "examples" / "de-bilt-2019-onzeker.yaml"))
    write_workbook(results, tmp_path / "onzeker.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "onzeker.xlsx")["Invoer"]
    shown = [str(c.value) for c in sheet["E"] if c.value]
    assert "PERT: laag 0,10 · waarschijnlijk 0,25 · hoog 0,35" in shown
    assert "driehoek: laag 8 · waarschijnlijk 13 · hoog 16" in shown
    assert not [s for s in shown if re.search(r"\b(pert|triangular)\(", s)]
