"""Messages about a model are worded when shown, in the reader's language.

Every broken fixture is checked through the command line in Dutch and in English: no
Dutch word may appear in an English message and no English word in a Dutch one (ids,
names and formulas the author wrote are stripped first: they stay as written). A reference
that is not found suggests a few close names, never a long list; the web app's to-do list
names the field in words and keeps the model path in small print.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.i18n import language
from rendement.model import ModelError, loads
from rendement.model.editing import read
from rendement.present.places import place
from rendement.wording import SHOWN_KNOWN, Text, unknown_reference

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = sorted((FIXTURES / "broken").glob("*.yaml")) + sorted(FIXTURES.glob("several_*.yaml"))
MINIMAL = FIXTURES / "minimal.yaml"
runner = CliRunner()

DUTCH = {
    "de", "het", "een", "niet", "regel", "fout", "fouten", "bij", "moet", "geen", "staat",
    "hier", "hoort", "maar", "kies", "geef", "schrijf", "bestaat", "gebruikt", "gedeclareerd",
    "bekend", "bedoelde", "dit", "deze", "van", "voor", "wordt", "zijn", "onder", "tussen",
    "waarde", "getal", "bestand", "formule", "nu", "wel", "ligt", "verwacht", "elke",
}  # fmt: skip
"""Common Dutch words: none of them belongs in an English message."""

ENGLISH = {
    "the", "known", "did", "mean", "should", "must", "line", "error", "errors", "belongs",
    "here", "which", "please", "not", "number", "file", "formula", "give", "choose", "write",
    "every", "only", "with", "invalid", "expected", "allowed", "missing", "declared",
}  # fmt: skip
"""Common English words: none of them belongs in a Dutch message."""


def words(message: str) -> set[str]:
    """The words of a message the program wrote: quoted parts (ids, names, what the author
    typed), formulas (``=a / b``) and model paths are the author's, not the program's."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", " ", message)  # quoted: the author's own text
    text = re.sub(r"=\S+(?:\s+[-+*/]\s+\S+)*", " ", text)  # a formula as written
    tokens = re.findall(r"[A-Za-zÀ-ÿ][\w\-.<>]*", text)
    plain = [t for t in tokens if not re.search(r"[_.\-<>]", t)]  # ids and paths have _ . -
    return {t.lower() for t in plain}


def check_output(path: Path, lang: str) -> str:
    result = runner.invoke(app, ["check", "--lang", lang, str(path)])
    assert result.exit_code == 1, (path, result.output)
    return result.output


def messages(path: Path, lang: str) -> tuple[str, list[str]]:
    """The header and the messages ``rendement check`` prints for a broken model."""
    lines = check_output(path, lang).splitlines()
    said = [line.strip() for line in lines[1:] if line.startswith("    ")]
    assert said, lines
    return lines[0], said


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_every_message_of_a_broken_model_is_in_the_chosen_language(path: Path) -> None:
    header, dutch = messages(path, "nl")
    assert re.fullmatch(r"(1 fout|\d+ fouten) in het model:", header), header
    for message in dutch:
        english_words = words(message) & ENGLISH
        assert not english_words, (message, english_words)
    header, english = messages(path, "en")
    assert re.fullmatch(r"(1 error|\d+ errors) in the model:", header), header
    assert len(english) == len(dutch)
    for message in english:
        dutch_words = words(message) & DUTCH
        assert not dutch_words, (message, dutch_words)


def test_the_place_of_a_problem_is_translated_too() -> None:
    output = check_output(FIXTURES / "several_reference_mistakes.yaml", "en")
    assert ", line " in output and ", regel " not in output
    assert "4 errors in the model:" in output
    assert (
        "source 'prijslijsten' is not declared (known: prijslijst). Did you mean 'prijslijst'?"
        in output
    )
    dutch = check_output(FIXTURES / "several_reference_mistakes.yaml", "nl")
    assert "4 fouten in het model:" in dutch
    assert (
        "bron 'prijslijsten' is niet gedeclareerd (bekend: prijslijst). Bedoelde u 'prijslijst'?"
        in dutch
    )
    assert "known" not in dutch and "Did you mean" not in dutch


def test_json_errors_carry_a_stable_code_and_a_message_in_the_requested_language() -> None:
    path = FIXTURES / "broken" / "unknown_price.yaml"
    english = json.loads(runner.invoke(app, ["run", "--json", "--lang", "en", str(path)]).stdout)
    dutch = json.loads(runner.invoke(app, ["run", "--json", "--lang", "nl", str(path)]).stdout)
    [error_en], [error_nl] = english["errors"], dutch["errors"]
    assert error_en["code"] == error_nl["code"] == "unknown_price"
    assert error_en["path"] == error_nl["path"] == "interventions[steun].effects[huisarts].price"
    assert error_en["line"] == error_nl["line"]
    assert error_en["message"].startswith("price 'huisarts_consult' is not declared")
    assert error_nl["message"].startswith("prijs 'huisarts_consult' is niet gedeclareerd")


def test_one_problem_is_worded_again_in_each_language_it_is_shown_in() -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "price: huisarts_contact", "price: huisarts_contct"
    )
    with pytest.raises(ModelError) as caught:
        loads(text, "model.yaml")
    [problem] = caught.value.problems
    assert problem.code == "unknown_price"
    with language("en"):
        english = problem.message
        assert str(caught.value).startswith("1 error in the model:\n- model.yaml, line ")
    assert english == (
        "price 'huisarts_contct' is not declared (known: huisarts_contact, begeleiding_uur). "
        "Did you mean 'huisarts_contact'?"
    )
    assert problem.message == (
        "prijs 'huisarts_contct' is niet gedeclareerd (bekend: huisarts_contact, "
        "begeleiding_uur). Bedoelde u 'huisarts_contact'?"
    )
    assert str(caught.value).startswith("1 fout in het model:\n- model.yaml, regel ")


def test_an_unknown_price_among_many_suggests_at_most_three_and_lists_none() -> None:
    prices = [f"prijs_{n:03d}" for n in range(160)] + ["huisarts", "huisartsen", "huisarts_poh"]
    message = unknown_reference(Text("prijs"), "huisart", prices)
    dutch = str(message)
    assert dutch == (
        "prijs 'huisart' is niet gedeclareerd. Bedoelde u 'huisarts', 'huisartsen' of "
        "'huisarts_poh'?"
    )
    with language("en"):
        english = str(message)
    assert english == (
        "price 'huisart' is not declared. Did you mean 'huisarts', 'huisartsen' or 'huisarts_poh'?"
    )
    assert "prijs_000" not in dutch  # a long list of known ids helps nobody
    few = str(unknown_reference(Text("prijs"), "x", ["a", "b"]))
    assert few == "prijs 'x' is niet gedeclareerd (bekend: a, b)."
    many = str(unknown_reference(Text("prijs"), "x", prices[: SHOWN_KNOWN + 1]))
    assert many == "prijs 'x' is niet gedeclareerd."


def test_a_problem_in_the_bundled_price_lists_names_no_long_list() -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("price: huisarts_contact", "price: gp_consult_avgg")
    text = text.replace("price_lists: [", "price_lists: [kostenhandleiding-2024, ", 1)
    if "price_lists:" not in text:
        text = text.replace("\nprices:", "\nprice_lists: [kostenhandleiding-2024]\nprices:", 1)
    with pytest.raises(ModelError) as caught:
        loads(text, "model.yaml")
    [problem] = [p for p in caught.value.problems if p.code == "unknown_price"]
    assert problem.message.count("'") <= 2 * 4  # the reference and at most three names
    assert "gp_consult_avg'" in problem.message
    assert "bekend" not in problem.message


def test_run_json_says_what_a_ratio_means_in_the_requested_language() -> None:
    english = runner.invoke(app, ["run", "--json", "--lang", "en", str(MINIMAL)])
    dutch = runner.invoke(app, ["run", "--json", "--lang", "nl", str(MINIMAL)])
    meanings_en = re.findall(r'"meaning": "([^"]*)"', english.stdout)
    meanings_nl = re.findall(r'"meaning": "([^"]*)"', dutch.stdout)
    assert meanings_en and len(meanings_en) == len(meanings_nl)
    assert meanings_en[0] == (
        "every euro invested yields €0.72 in gross savings (Gemeente Voorbeeld)"
    )
    assert meanings_nl[0] == (
        "elke geïnvesteerde euro levert €\u00a00,72 bruto besparing op (Gemeente Voorbeeld)"
    )
    for meaning in meanings_en:
        assert not words(meaning.replace("Gemeente Voorbeeld", "")) & DUTCH, meaning


def test_prices_headers_follow_the_language() -> None:
    english = runner.invoke(app, ["prices", "--lang", "en", "huisarts"]).stdout
    dutch = runner.invoke(app, ["prices", "--lang", "nl", "huisarts"]).stdout
    for header in ("List", "Code", "Description", "Unit", "Amount", "Price level"):
        assert header in english
    assert "Prijspeil" in dutch and "Price level" not in dutch


def test_a_place_in_words_is_built_from_the_names_in_the_document() -> None:
    raw = read(MINIMAL.read_text(encoding="utf-8"))
    path = "interventions[steun].investments[coordinator].hours_per_week"
    assert place(raw, path) == "Steun aan gezinnen › Coördinator (4 uur per week) › uren per week"
    with language("en"):
        assert place(raw, path) == (
            "Steun aan gezinnen › Coördinator (4 uur per week) › hours per week"
        )
        assert place(raw, "meta.weeks_per_year") == "General › working weeks per year"
    assert place(raw, "prices[huisarts_contact].amount").startswith("Prijzen › ")
    assert place(raw, "") == ""


@pytest.mark.django_db
def test_the_to_do_list_speaks_english_on_an_english_page(world: dict[str, Any]) -> None:
    from rendement.web.cases import services
    from web_world import client_for

    text = MINIMAL.read_text(encoding="utf-8").replace(
        "price: huisarts_contact", "price: huisarts_contct"
    )
    case = services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=text,
        message="met een fout",
        name="model.yaml",
    )
    client = client_for(world["owner"])
    dutch = html.unescape(client.get(f"/cases/{case.uid}/").content.decode())
    todo = dutch[dutch.index('class="todo"') :]
    todo = todo[: todo.index("</div>")]
    assert "Nog te doen" in todo
    assert '<strong class="place">Steun aan gezinnen › Huisarts › prijs</strong>: prijs ' in todo
    assert "niet gedeclareerd" in todo and "Bedoelde u 'huisarts_contact'?" in todo
    # the model path only in small print, never in front of the message
    assert "<summary>Plaats in het model</summary><code>interventions[steun]" in todo
    assert "<li><code>" not in todo
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = html.unescape(client.get(f"/cases/{case.uid}/").content.decode())
    todo = english[english.index('class="todo"') :]
    todo = todo[: todo.index("</div>")]
    assert "Still to do" in todo and "Nog te doen" not in todo
    assert "Steun aan gezinnen › Huisarts › price</strong>: price 'huisarts_contct'" in todo
    assert "is not declared" in todo and "Did you mean 'huisarts_contact'?" in todo
    sentence = re.sub(r"<[^>]+>", " ", todo)
    sentence = sentence.replace("Steun aan gezinnen", "").replace("Huisarts", "")
    assert not words(sentence) & DUTCH, sentence


def test_a_refused_change_names_the_field_in_words_not_its_path() -> None:
    from rendement.model import Problem
    from rendement.web.cases.refusals import refusal

    document = MINIMAL.read_text(encoding="utf-8")
    problem = Problem(
        "model.yaml",
        80,
        "interventions[steun].effects[huisarts].share",
        Text("een aandeel ligt tussen 0% en 100%"),
        "out_of_range",
    )
    said = refusal(document, [problem], places=True)
    assert said == "Steun aan gezinnen › Huisarts › aandeel: een aandeel ligt tussen 0% en 100%"
    with language("en"):
        said = refusal(document, [problem], places=True)
    assert said == "Steun aan gezinnen › Huisarts › share: a share lies between 0% and 100%"
    assert "interventions[" not in said
    assert refusal(document, [problem], places=False) == "een aandeel ligt tussen 0% en 100%"


def test_a_message_with_a_brace_of_its_own_is_worded() -> None:
    """The YAML reader says "een '}' ontbreekt": a template with a brace that is no field
    (found by the fuzzer, mutant 368 of its seed 20261129)."""
    from rendement.wording import Text

    missing = Text("een '}' ontbreekt")
    assert str(missing) == "een '}' ontbreekt"
    outer = Text("dit is geen geldige YAML ({what})", what=missing)
    assert str(outer) == "dit is geen geldige YAML (een '}' ontbreekt)"
    assert str(Text("{a} en } b", a="x")) == "x en } b"
