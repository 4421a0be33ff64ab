"""A table of answers → client-case rows and indicator values, from the command line and
the Python API (``rendement instrument antwoorden``): rows equal to a hand computation from
the instrument (answer × 52 per week, × 4 per three months, a risk's probability × its
quantity), ``cohort evaluate`` on the written table giving the hand-computed net, option
labels and values both read, every unusable answer reported with its row and question (in
Dutch and English) and nothing written then, a personal-data column refused, and the web
app's own answers export read back to the rows the web app made."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.cohort.indicators import read_measurements
from rendement.cohort.reading import read_cases
from rendement.cohort.valuation import prices_from_lists
from rendement.instrument import (
    AnswersTableError,
    client_cases_from_answers,
    load_instrument,
)
from rendement.instrument.template import bundled_path
from test_web_measuring import (
    END,
    START,
    _add_bundled,
    _measure,
    _rows,
    measuring,  # noqa: F401 - the web tests' fixture
)
from web_world import client_for

BMC = "bmc-start-eind"
K2_START = {"begeleiding_uren": "2,5", "gezondheid": "slecht"}  # no end measurement
PRICES = "mbc-de-bilt-2019,kostenhandleiding-2024,vrijwilligerswerk"
HEAD = ["casus", "moment", "vraag", "antwoord", "wijk"]

# Two client cases; K-1's answers in the stored values, K-2's as the web export writes
# them (an option's label, "Ja", a decimal comma)
ANSWERS = [
    ["K-1", "start", "toestemming", "ja", "Noord"],
    ["K-1", "start", "begeleiding_uren", "3", "Noord"],
    ["K-1", "start", "huisarts_contacten", "4", "Noord"],
    ["K-1", "start", "risico_zware_hulp", "reeel", "Noord"],  # 0.2 × 1 family-year
    ["K-1", "start", "gezondheid", "matig", "Noord"],  # level 2
    ["K-1", "eind", "begeleiding_uren", "1", "Noord"],
    ["K-1", "eind", "huisarts_contacten", "2", "Noord"],
    ["K-1", "eind", "risico_zware_hulp", "geen", "Noord"],
    ["K-1", "eind", "gezondheid", "goed", "Noord"],  # level 3
    ["K-2", "Start", "toestemming", "Ja", "Zuid"],
    ["K-2", "Start (voor de ondersteuning)", "begeleiding_uren", "2,5", "Zuid"],
    ["K-2", "Start (voor de ondersteuning)", "risico_zware_hulp", "Grote kans", "Zuid"],
    ["K-2", "Eind (tijdens of na de ondersteuning)", "begeleiding_uren", "0,5", "Zuid"],
    ["K-2", "Eind (tijdens of na de ondersteuning)", "risico_zware_hulp", "Kleine kans", "Zuid"],
    ["K-2", "eind", "gezondheid", "Zeer goed", "Zuid"],  # level 4
]
# by hand, from bmc-start-eind.yaml: per week × 52, per three months × 4, risk p × quantity
HAND = {
    ("K-1", "begeleiding_uur"): (3 * 52, 1 * 52),
    ("K-1", "huisarts_contact"): (4 * 4, 2 * 4),
    ("K-1", "multiprobleemgezin_jaar"): (0.2 * 1, 0.0),
    ("K-2", "begeleiding_uur"): (2.5 * 52, 0.5 * 52),
    ("K-2", "multiprobleemgezin_jaar"): (0.4 * 1, 0.05 * 1),
}


def _csv(path: Path, rows: list[list[str]], head: list[str] = HEAD) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(head)
        writer.writerows(rows)
    return path


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


def _known(rows: Any) -> dict[tuple[str, str], tuple[float, float]]:
    """The rows with a known quantity at both moments (the rest say ``onbekend``)."""
    return {
        (e.case, e.item): (e.before, e.after)
        for e in rows
        if e.before is not None and e.after is not None
    }


def test_the_python_api_makes_the_hand_computed_rows_from_values_and_labels() -> None:
    instrument = load_instrument(bundled_path(BMC)).instrument
    made = client_cases_from_answers(instrument, (HEAD, ANSWERS))
    cases, indicators = made  # unpacks as the brief's pair
    known = _known(cases.entries)
    assert set(known) == set(HAND)
    for key, pair in HAND.items():
        assert known[key] == pytest.approx(pair), key
    # a question not answered is unknown, never zero
    unknown = [e for e in cases.entries if e.case == "K-1" and e.item == "dagbesteding_dagdeel"]
    assert unknown and unknown[0].before is None and unknown[0].after is None
    assert cases.attributes == ["wijk"] and cases.cases["K-2"] == {"wijk": "Zuid"}
    levels = {(v.case, v.moment, v.indicator): v.value for v in indicators}
    assert levels == {
        ("K-1", "start", "ervaren_gezondheid"): 2,
        ("K-1", "end", "ervaren_gezondheid"): 3,
        ("K-2", "end", "ervaren_gezondheid"): 4,
    }


def test_the_cli_writes_the_cohort_table_that_cohort_evaluate_values_by_hand(
    tmp_path: Path,
) -> None:
    answers = _csv(tmp_path / "antwoorden.csv", ANSWERS)
    out, values = tmp_path / "casussen.csv", tmp_path / "metingen.csv"
    result = _run("instrument", "antwoorden", BMC, answers, "-o", out, "--indicatoren", values)
    assert result.exit_code == 0, result.output
    # what the cohort's reader reads back
    read = read_cases(out)
    known = _known(read.entries)
    for key, pair in HAND.items():
        assert known[key] == pytest.approx(pair), key
    assert read.cases == {"K-1": {"wijk": "Noord"}, "K-2": {"wijk": "Zuid"}}
    # the net by hand: (before − after) × the price list's price, every share 100 %
    prices = prices_from_lists(PRICES.split(","))
    net = sum((b - a) * prices[item].amount for (_c, item), (b, a) in HAND.items())
    evaluated = _run("cohort", "evaluate", out, "--prices", PRICES, "--json")
    assert evaluated.exit_code == 0, evaluated.output
    document = json.loads(evaluated.stdout)
    assert document["cohort"]["net"] == pytest.approx(net)
    # the indicator values in the format report --indicators reads
    measured = read_measurements(values, ["ervaren_gezondheid"])
    assert sorted((v.case, v.moment, v.value) for v in measured.values) == [
        ("K-1", "end", 3),
        ("K-1", "start", 2),
        ("K-2", "end", 4),
    ]
    assert measured.cases["K-1"] == {"wijk": "Noord"}


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", ("rij 4", "vraag 'huisarts_contacten'", "hier hoort een getal", "rij 6",
                "kies uit", "rij 7", "staat niet in het instrument", "niets geschreven")),
        ("en", ("row 4", "question 'huisarts_contacten'", "a number belongs here", "row 6",
                "choose from", "row 7", "not in the instrument", "nothing was written")),
    ],
)  # fmt: skip
def test_every_wrong_answer_is_reported_with_its_row_and_question_and_nothing_is_written(
    tmp_path: Path, lang: str, words: tuple[str, ...]
) -> None:
    wrong = [list(r) for r in ANSWERS]
    wrong[2][3] = "vier"  # row 4 of the file: a number was asked
    wrong[4][3] = "fantastisch"  # row 6: no such option (value nor label)
    wrong[5][2] = "uren_begeleiding"  # row 7: no such question
    answers = _csv(tmp_path / "antwoorden.csv", wrong)
    out = tmp_path / "casussen.csv"
    result = _run("instrument", "antwoorden", BMC, answers, "-o", out, "--lang", lang)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, (word, result.output)
    assert not out.exists()


def test_the_api_lists_every_problem_not_only_the_first() -> None:
    instrument = load_instrument(bundled_path(BMC)).instrument
    wrong = [list(r) for r in ANSWERS]
    wrong[1][3] = "-3"  # below the minimum of 0
    wrong[6][3] = "x"  # row 8
    with pytest.raises(AnswersTableError) as caught:
        client_cases_from_answers(instrument, (HEAD, wrong))
    where = [(p.row, p.question) for p in caught.value.problems]
    assert where == [(3, "begeleiding_uren"), (8, "huisarts_contacten")]


def test_no_consent_in_a_hand_made_table_means_the_answers_are_not_used() -> None:
    instrument = load_instrument(bundled_path(BMC)).instrument
    without = [r for r in ANSWERS if r[2] != "toestemming" or r[0] != "K-2"]
    with pytest.raises(AnswersTableError) as caught:
        client_cases_from_answers(instrument, (HEAD, without))
    assert {p.question for p in caught.value.problems} == {"toestemming"}
    assert all("K-2" in p.message for p in caught.value.problems)


def test_a_personal_data_column_is_refused(tmp_path: Path) -> None:
    rows = [[*r, "06-12345678"] for r in ANSWERS]
    answers = _csv(tmp_path / "antwoorden.csv", rows, [*HEAD, "telefoon"])
    out = tmp_path / "casussen.csv"
    result = _run("instrument", "antwoorden", BMC, answers, "-o", out)
    assert result.exit_code == 1
    assert "telefoon" in result.output and "telefoonnummers" in result.output
    assert not out.exists()


def test_a_wrong_instrument_or_output_is_a_usage_error_without_traceback(tmp_path: Path) -> None:
    answers = _csv(tmp_path / "antwoorden.csv", ANSWERS)
    result = _run("instrument", "antwoorden", BMC, answers, "-o", tmp_path / "c.xlsx")
    assert result.exit_code == 2 and "Traceback" not in result.output
    missing = _run("instrument", "antwoorden", tmp_path / "geen.yaml", answers, "-o",
                   tmp_path / "c.csv")  # fmt: skip
    assert missing.exit_code == 1 and "Traceback" not in missing.output


# --- the web app's own answers export ------------------------------------------------------


def test_the_web_export_reads_back_to_the_rows_the_web_app_made(
    measuring: dict[str, Any],  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    instrument = _add_bundled(measuring)
    k1, k2 = measuring["k1"], measuring["k2"]
    _measure(measuring, k1, instrument, "start", START)
    _measure(measuring, k1, instrument, "eind", END)
    _measure(
        measuring, k2, instrument, "start", {"begeleiding_uren": "2,5", "gezondheid": "slecht"}
    )
    editor = client_for(measuring["editor"])
    answer = editor.get(f"/casussen/{measuring['cohort'].uid}/antwoorden.csv")
    assert answer.status_code == 200
    exported = tmp_path / "antwoorden.csv"
    exported.write_bytes(answer.content)
    head = next(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert head == ["casus", "instrument", "moment", "status", "domein", "vraag", "antwoord"]

    spec = load_instrument(bundled_path(BMC)).instrument
    made = client_cases_from_answers(spec, exported)
    web = _rows(k1)
    ours = {(e.item, e.kind): (e.before, e.after) for e in made.cases.entries if e.case == "K-1"}
    assert set(ours) == set(web)
    for key, (before, after) in web.items():
        assert ours[key] == (pytest.approx(before) if before is not None else None,
                             pytest.approx(after) if after is not None else None), key  # fmt: skip
    assert made.without_rows == ["K-2"]  # only a start measurement: no rows, as in the web
    levels = {(v.case, v.moment): v.value for v in made.indicators
              if v.indicator == "ervaren_gezondheid"}  # fmt: skip
    assert levels == {("K-1", "start"): 2, ("K-1", "end"): 3, ("K-2", "start"): 1}

    # the command line reads it too, and an unfinished measurement is left out
    out = tmp_path / "casussen.csv"
    result = _run("instrument", "antwoorden", BMC, exported, "-o", out)
    assert result.exit_code == 0, result.output
    assert _known(read_cases(out).entries) == _known(made.cases.entries)


def test_an_english_web_export_written_by_hand_is_read_too() -> None:
    """The export's exact columns as the web app writes them in English: the question's
    text, the option's label ("Yes", "A real chance"), the moment's words, the status; an
    unfinished measurement's rows are left out, and the ``'`` before a formula-like answer
    is taken off."""
    spec = load_instrument(bundled_path(BMC)).instrument
    text = {q.id: q.text for q in spec.questions}
    head = ["case", "instrument", "moment", "status", "domain", "question", "answer"]
    title = spec.meta.title
    start, end = "Start (before the support)", "End (during or after the support)"
    rows = [
        ["K-9", title, start, "Finished", "", text["begeleiding_uren"], "3,5"],
        ["K-9", title, start, "Finished", "", text["risico_zware_hulp"], "Een echte kans"],
        ["K-9", title, start, "Finished", "", text["situatie_start"], "'-niets"],
        ["K-9", title, end, "Finished", "", text["begeleiding_uren"], "1"],
        ["K-9", title, end, "Finished", "", text["risico_zware_hulp"], "Geen kans"],
        ["K-8", title, start, "Open", "", text["begeleiding_uren"], "onzin"],  # unfinished
    ]
    made = client_cases_from_answers(spec, (head, rows))
    assert made.left_out == 1 and list(made.cases.cases) == ["K-9"]
    assert _known(made.cases.entries) == {
        ("K-9", "begeleiding_uur"): (3.5 * 52, 1 * 52),
        ("K-9", "multiprobleemgezin_jaar"): (0.2 * 1, 0.0),
    }
    assert made.measured["K-9"]["start"].texts == {"situatie_start": "-niets"}
