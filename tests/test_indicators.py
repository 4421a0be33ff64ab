"""Indicators of effects not in money: measured values per client case, the change start →
end per segment with its bootstrap interval, and where it shows (report, chart, workbook)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import formulas
import numpy as np
import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.cohort.indicators import (
    defined,
    indicator_changes,
    measurements_from,
    read_measurements,
)
from rendement.cohort.reading import CohortError
from rendement.engine import evaluate
from rendement.i18n import language
from rendement.model import ModelError, load_model, loads
from rendement.model.interventions import Indicator
from rendement.money import number
from rendement.present.indicators import slope_chart
from rendement.report import build_outline, write_workbook

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml"
VALUES = ROOT / "examples" / "cohort" / "sociaal-makelaar-indicatoren.csv"

SCORE = Indicator(id="score", scale="score 1–5", direction="higher", baseline=2, target=3)
# (case, segment, start, end): segment A has 4 client cases, B 3, C 1 (too small)
PAIRS = [
    ("k1", "A", 2.0, 3.0),
    ("k2", "A", 1.0, 1.5),
    ("k3", "A", 3.0, 4.0),
    ("k4", "A", 2.0, 2.0),
    ("k5", "B", 4.0, 3.0),
    ("k6", "B", 2.0, 4.0),
    ("k7", "B", 1.0, 2.5),
    ("k8", "C", 5.0, 5.0),
]


def _small() -> list:
    values: list[tuple[str, str, str, float]] = []
    for case, _segment, start, end in PAIRS:
        values += [(case, "start", "score", start), (case, "eind", "score", end)]
    values.append(("k9", "start", "score", 1.0))  # never measured at the end
    attributes = {case: {"groep": segment} for case, segment, _s, _e in PAIRS}
    attributes["k9"] = {"groep": "A"}
    measurements = measurements_from(values, ["score"], attributes)
    return indicator_changes(
        measurements, [("Score", "Beter", SCORE)], "groep", min_segment=3, seed=7, resamples=500
    )


def _interval(differences: list[float], rng: np.random.Generator) -> tuple[float, float]:
    array = np.array(differences)
    picks = rng.integers(0, len(array), size=(500, len(array)))
    low, high = np.quantile(array[picks].mean(axis=1), [0.025, 0.975])
    return float(low), float(high)


def test_the_change_and_its_interval_are_a_hand_computation() -> None:
    (result,) = _small()
    total = result.total
    # eight client cases measured at both; k9 only at the start
    assert total.count == 8 and result.unpaired == 1
    assert total.start == pytest.approx((2 + 1 + 3 + 2 + 4 + 2 + 1 + 5) / 8)
    assert total.end == pytest.approx((3 + 1.5 + 4 + 2 + 3 + 4 + 2.5 + 5) / 8)
    differences = [1.0, 0.5, 1.0, 0.0, -1.0, 2.0, 1.5, 0.0]
    assert total.change == pytest.approx(sum(differences) / 8)
    assert total.reached == 5  # end ≥ 3: k1, k3, k5, k6, k8
    # the bootstrap: one generator, the whole group first, then the segments largest first
    rng = np.random.default_rng(7)
    assert (total.interval.low, total.interval.high) == pytest.approx(_interval(differences, rng))
    a, b = result.segments
    assert (a.value, a.count, b.value, b.count) == ("A", 4, "B", 3)
    assert a.change == pytest.approx((1.0 + 0.5 + 1.0 + 0.0) / 4)
    assert b.change == pytest.approx((-1.0 + 2.0 + 1.5) / 3)
    assert (a.interval.low, a.interval.high) == pytest.approx(_interval(differences[:4], rng))
    assert (b.interval.low, b.interval.high) == pytest.approx(_interval(differences[4:7], rng))
    assert (result.hidden, result.hidden_cases) == (1, 1)  # C: one client case
    assert total.interval.low <= total.change <= total.interval.high


def test_the_change_to_the_follow_up_is_the_same_hand_computation() -> None:
    """Start → follow-up: the follow-up value in the place of the end value; the client
    cases without a follow-up are unpaired; the end's figures do not move."""
    values: list[tuple[str, str, str, float]] = []
    follow = {"k1": 3.5, "k2": 1.0, "k3": 4.5, "k5": 4.0, "k6": 3.0}  # k4, k7, k8: none
    for case, _segment, start, end in PAIRS:
        values += [(case, "start", "score", start), (case, "eind", "score", end)]
        if case in follow:
            values.append((case, "follow-up", "score", follow[case]))
    values.append(("k9", "nameting", "score", 2.0))  # a follow-up without a start
    measurements = measurements_from(values, ["score"])
    specs = [("Score", "Beter", SCORE)]
    (later,) = indicator_changes(measurements, specs, seed=7, resamples=500, to="follow_up")
    starts = {case: start for case, _g, start, _e in PAIRS}
    differences = [follow[c] - starts[c] for c in follow]  # k1, k2, k3, k5, k6 in order
    assert later.to == "follow_up" and later.total.count == 5
    assert later.unpaired == 3 + 1  # k4, k7, k8 without follow-up; k9 without start
    assert later.total.start == pytest.approx(sum(starts[c] for c in follow) / 5)
    assert later.total.end == pytest.approx(sum(follow.values()) / 5)
    assert later.total.change == pytest.approx(sum(differences) / 5)
    assert later.total.reached == 4  # follow-up ≥ 3: k1, k3, k5, k6
    low, high = _interval(differences, np.random.default_rng(7))
    assert (later.total.interval.low, later.total.interval.high) == pytest.approx((low, high))
    (end,) = indicator_changes(measurements, specs, seed=7, resamples=500)
    assert end.to == "end" and end.total.count == 8
    assert end.total.change == pytest.approx((1.0 + 0.5 + 1.0 + 0.0 - 1.0 + 2.0 + 1.5) / 8)
    with pytest.raises(ValueError):
        indicator_changes(measurements, specs, to="eind")


def test_lower_is_better_counts_the_target_from_below() -> None:
    spec = Indicator(id="score", scale="score 0–11", direction="lower", target=2)
    values = [("a", "start", "score", 5), ("a", "eind", "score", 2), ("b", "start", "score", 4)]
    values += [("b", "eind", "score", 3)]
    (result,) = indicator_changes(measurements_from(values), [("S", "E", spec)])
    assert result.total.reached == 1 and result.total.change == pytest.approx(-2.0)


def test_a_dataframe_reads_like_a_file() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "case_id": ["a", "a"],
            "moment": ["start", "end"],
            "indicator": ["s", "s"],
            "value": [1, 2],
        }
    )
    (result,) = indicator_changes(
        measurements_from(frame), [("S", "E", SCORE.model_copy(update={"id": "s"}))]
    )
    assert result.total.change == 1.0


def test_bad_rows_get_their_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "meting.csv"
    path.write_text(
        "casus;moment;indicator;waarde\n"
        "k1;start;score;3\n"
        "k1;halverwege;score;3\n"  # row 3: no such moment
        "k2;start;score;veel\n"  # row 4: not a number
        "k3;start;scor;2\n"  # row 5: unknown indicator, with the close one
        "k1;start;score;4\n"  # row 6: twice
        "k4;eind;score;\n",  # row 7: empty value
        encoding="utf-8",
    )
    with pytest.raises(CohortError) as caught:
        read_measurements(path, ["score"])
    found = {(p.row, p.column): p.message for p in caught.value.problems}
    assert set(found) == {
        (3, "moment"),
        (4, "waarde"),
        (5, "indicator"),
        (6, "indicator"),
        (7, "waarde"),
    }
    assert "halverwege" in found[(3, "moment")]
    assert "'score'" in found[(5, "indicator")]
    assert "rij 2" in found[(6, "indicator")]
    with language("en"), pytest.raises(CohortError) as english:
        read_measurements(path, ["score"])
    assert "row 3" in str(english.value)


def test_a_missing_column_and_a_personal_column_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "meting.csv"
    path.write_text("casus;moment;waarde;bsn\nk1;start;3;123456782\n", encoding="utf-8")
    with pytest.raises(CohortError) as caught:
        read_measurements(path)
    columns = {p.column for p in caught.value.problems}
    assert {"indicator", "bsn"} <= columns


def test_a_wrong_direction_is_a_located_model_error() -> None:
    text = MODEL.read_text(encoding="utf-8").replace("direction: lower", "direction: omlaag")
    with pytest.raises(ModelError) as caught:
        loads(text, file="model.yaml", base=MODEL.parent)
    assert "direction" in str(caught.value) and "model.yaml" in str(caught.value)


def _example() -> list:
    specs = defined(load_model(MODEL).case)
    return indicator_changes(
        read_measurements(VALUES, [s.id for *_r, s in specs]), specs, "hulpvraag"
    )


def _by_hand() -> dict[tuple[str, str], tuple[int, float, float]]:
    """(indicator, request) → (n, mean start, mean end), straight from the CSV."""
    with VALUES.open(encoding="utf-8") as file:
        rows = list(csv.DictReader([r for r in file if not r.startswith("#")], delimiter=";"))
    values: dict[tuple[str, str, str], float] = {}
    request: dict[str, str] = {}
    for row in rows:
        values[(row["indicator"], row["casus"], row["moment"])] = float(row["waarde"])
        request[row["casus"]] = row["hulpvraag"]
    out: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for (indicator, case, moment), start in values.items():
        if moment == "start" and (indicator, case, "eind") in values:
            end = values[(indicator, case, "eind")]
            out.setdefault((indicator, request[case]), []).append((start, end))
            out.setdefault((indicator, ""), []).append((start, end))
    return {
        key: (len(p), sum(s for s, _e in p) / len(p), sum(e for _s, e in p) / len(p))
        for key, p in out.items()
    }


def test_the_example_agrees_with_the_csv_read_another_way() -> None:
    hand = _by_hand()
    for result in _example():
        for change in [result.total, *result.segments]:
            n, start, end = hand[(result.id, change.value)]
            assert change.count == n
            assert change.start == pytest.approx(start) and change.end == pytest.approx(end)
            assert change.change == pytest.approx(end - start)


def test_the_slope_chart_holds_every_segments_start_and_end() -> None:
    import jsonschema
    from altair.vegalite.v6.schema import load_schema

    validator = jsonschema.Draft7Validator(load_schema())
    for result in _example():
        spec = slope_chart(result)
        assert not list(validator.iter_errors(spec))
        assert "http" not in json.dumps(spec)
        means = {round(float(m), 9) for m in _values(spec, "mean")}
        for change in [result.total, *result.segments]:
            assert round(change.start, 9) in means and round(change.end, 9) in means
        assert result.target in _values(spec, "target")
        assert json.dumps(spec).count(result.by or "?") >= 1  # the legend names the grouping


def _values(node: object, key: str) -> list[object]:
    """Every value of ``key`` anywhere in a spec (inline data, datasets, layers)."""
    if isinstance(node, dict):
        found = [node[key]] if key in node and not isinstance(node[key], dict | list) else []
        return found + [v for value in node.values() for v in _values(value, key)]
    if isinstance(node, list):
        return [v for value in node for v in _values(value, key)]
    return []


def test_the_report_has_the_table_and_fills_the_meting_column() -> None:
    results = evaluate(load_model(MODEL))
    outline = build_outline(results, indicators=_example())
    tables = {t.title: t for t in (getattr(b, "table", None) for b in outline.blocks) if t}
    table = tables["Indicatoren: verandering van begin tot eind"]
    hand = _by_hand()
    n, start, end = hand[("eenzaamheid", "schulden")]
    row = next(r for r in table.rows if r[1] == "schulden")  # the first indicator's
    assert row[2:5] == [str(n), f"{start:.2f}".replace(".", ","), f"{end:.2f}".replace(".", ",")]
    outcomes = tables["Effecten die niet in geld zijn uitgedrukt"]
    n, start, end = hand[("eenzaamheid", "")]
    assert outcomes.rows[0][3].startswith(f"{start:.2f} → {end:.2f}".replace(".", ","))
    assert f"{n} casussen" in outcomes.rows[0][3]


def test_without_values_the_report_is_as_before() -> None:
    results = evaluate(load_model(MODEL))
    outline = build_outline(results)
    titles = [getattr(getattr(b, "table", None), "title", "") for b in outline.blocks]
    assert "Indicatoren: verandering van begin tot eind" not in titles


def test_the_workbook_formulas_recompute_to_the_same_figures(tmp_path: Path) -> None:
    results = evaluate(load_model(MODEL))
    changes = _example()
    workbook = write_workbook(results, tmp_path / "werkboek.xlsx", changes)
    expected = {k: v for k, v in workbook.expected.items() if k[0] == "Indicatoren"}
    hand = _by_hand()
    averages = sorted(v for v in expected.values())
    shown = {(c.id, s.value) for c in changes for s in [c.total, *c.segments]}
    assert len(shown) == 10  # two indicators × (all + four segments; 'psychisch' too small)
    for _n, start, end in (hand[key] for key in shown):  # every group's means are in cells
        assert any(abs(v - start) < 1e-9 for v in averages)
        assert any(abs(v - end) < 1e-9 for v in averages)
    solution = formulas.ExcelModel().loads(str(workbook.path)).finish().calculate()
    got = {}
    for key, result in solution.items():
        if "]INDICATOREN'!" in key.upper() and ":" not in key.split("!")[1]:
            got[key.upper().split("'!")[1]] = result.value[0][0]
    assert len(expected) > 100
    for (_sheet, cell), value in expected.items():
        assert float(got[cell]) == pytest.approx(value, abs=1e-9), cell


def test_the_report_command_reads_the_values(tmp_path: Path) -> None:
    out = tmp_path / "rapport.html"
    result = CliRunner().invoke(
        app,
        ["report", str(MODEL), "-o", str(out), "--indicators", str(VALUES), "--by", "hulpvraag"],
    )
    assert result.exit_code == 0, result.output
    assert "Indicatoren: verandering van begin tot eind" in out.read_text(encoding="utf-8")
    bad = tmp_path / "fout.csv"
    bad.write_text("casus;moment;indicator;waarde\nk1;start;onbekend_id;3\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["report", str(MODEL), "-o", str(out), "--indicators", str(bad)]
    )
    assert result.exit_code == 1
    assert "rij 2" in result.output and "onbekend_id" in result.output


def test_the_report_command_adds_the_follow_up_when_there_is_one(tmp_path: Path) -> None:
    """Values measured at a follow-up (moment ``follow-up``) give the report a second
    table, start → follow-up, with the engine's figures for those client cases; the
    start → end table and the 'Meting' column stay those of the end."""
    import html

    values = tmp_path / "metingen.csv"
    text = VALUES.read_text(encoding="utf-8")
    later = [
        f"SM-{k:03d};schulden;follow-up;eenzaamheid;{1 + k % 3}\n"
        f"SM-{k:03d};schulden;follow-up;zelfredzaamheid;{2.5 + (k % 4) / 2}\n"
        for k in range(1, 13)
    ]
    values.write_text(text + "".join(later), encoding="utf-8")
    out = tmp_path / "rapport.html"
    result = CliRunner().invoke(
        app, ["report", str(MODEL), "-o", str(out), "--indicators", str(values)]
    )
    assert result.exit_code == 0, result.output
    report = html.unescape(out.read_text(encoding="utf-8"))
    before, after = report.split("Indicatoren: verandering van begin tot follow-up")
    loaded = load_model(MODEL)
    specs = defined(loaded.case)
    found = read_measurements(values, [s.id for *_rest, s in specs])
    followed = indicator_changes(found, specs, None, seed=2019, to="follow_up")
    ended = indicator_changes(found, specs, None, seed=2019)
    assert {i.total.count for i in followed} == {12}
    for indicator in followed:
        interval = indicator.total.interval
        assert f"{number(interval.low, 2)} – {number(interval.high, 2)}" in after
    for indicator in ended:  # the end's table comes first and is the end's
        interval = indicator.total.interval
        assert f"{number(interval.low, 2)} – {number(interval.high, 2)}" in before
