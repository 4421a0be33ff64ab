"""Instruments as data: every broken fixture gets a located message in Dutch and English;
the template and the bundled instruments check clean; answers become client-case rows
that the cohort's own valuation values like a hand computation.

Every file in ``tests/fixtures/instruments/broken/`` is ``minimal.yaml`` with one mistake
(its first line says which).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rendement.cli import app
from rendement.cohort.valuation import prices_from_lists, value_cases
from rendement.i18n import language
from rendement.instrument import (
    AnswerError,
    InstrumentError,
    client_case_rows,
    load_instrument,
    measure,
)
from rendement.instrument.loading import loads_instrument
from rendement.instrument.template import GUIDE, bundled_instruments, bundled_path
from rendement.prices import bundled_list

FIXTURES = Path(__file__).parent / "fixtures" / "instruments"
BROKEN = FIXTURES / "broken"

# (fixture, code, line, path, Dutch fragment, English fragment)
CASES = [
    ("yaml_syntax", "yaml", 6, "", "geen geldige YAML", "not valid YAML"),
    (
        "top_level_list",
        "not_an_instrument",
        2,
        "",
        "een instrument is een blok",
        "an instrument is a block",
    ),
    (
        "unknown_field",
        "unknown_field",
        20,
        "questions[begeleiding].txt",
        "onbekend veld 'txt'. Bedoelde u 'text'?",
        "unknown field 'txt'. Did you mean 'text'?",
    ),
    (
        "missing_field",
        "missing",
        19,
        "questions[begeleiding].type",
        "het verplichte veld 'type' ontbreekt",
        "'type' is missing",
    ),
    (
        "unknown_type",
        "not_allowed",
        21,
        "questions[begeleiding].type",
        "er staat 'nummer'",
        "'nummer'",
    ),
    (
        "unknown_item",
        "unknown_item",
        24,
        "questions[begeleiding].cost.item",
        "post 'begeleidings_uur' staat niet in de prijslijsten mbc-de-bilt-2019. "
        "Bedoelde u 'begeleiding_uur'?",
        "item 'begeleidings_uur' is not in the price lists mbc-de-bilt-2019. "
        "Did you mean 'begeleiding_uur'?",
    ),
    (
        "duplicate_id",
        "duplicate_id",
        27,
        "questions[begeleiding].id",
        "de id 'begeleiding' staat twee keer in 'questions'",
        "the id 'begeleiding' appears twice in 'questions'",
    ),
    (
        "unknown_indicator",
        "unknown_indicator",
        44,
        "questions[alleen].indicator.id",
        "indicator 'eenzaamheid' staat niet onder 'indicators' (bekend: alleen_voelen)",
        "indicator 'eenzaamheid' is not under 'indicators'",
    ),
    (
        "no_consent",
        "no_consent",
        15,
        "questions[toestemming]",
        "de eerste vraag hoort de toestemmingsvraag te zijn",
        "the first question should be the consent question",
    ),
    (
        "consent_not_first",
        "consent_not_first",
        26,
        "questions[toestemming].consent",
        "nu is het vraag 2",
        "now it is question 2",
    ),
    (
        "missing_quantity",
        "missing_quantity",
        32,
        "questions[huisarts].options[2]",
        "bij 'vaak' ontbreekt 'quantity'",
        "'vaak' has no 'quantity'",
    ),
    (
        "unknown_price_list",
        "unknown_price_list",
        6,
        "meta.price_lists[1]",
        "er is geen meegeleverde prijslijst 'mbc-de-bilt-2091'",
        "there is no bundled price list 'mbc-de-bilt-2091'",
    ),
    (
        "probability_above_one",
        "out_of_range",
        42,
        "questions[alleen].options[2].probability",
        "de waarde moet 1.0 of minder zijn, maar is 40",
        "40",
    ),
    (
        "unknown_domain",
        "unknown_domain",
        22,
        "questions[begeleiding].domain",
        "domein 'zorgen' staat niet onder 'domains' (bekend: zorg). Bedoelde u 'zorg'?",
        "domain 'zorgen' is not under 'domains'",
    ),
    (
        "one_option",
        "invalid_value",
        27,
        "questions[huisarts]",
        "minstens twee antwoordmogelijkheden",
        "at least two answer options",
    ),
    (
        "client_unknown_field",
        "unknown_field",
        24,
        "questions[begeleiding].client.tekst",
        "onbekend veld 'tekst'. Bedoelde u 'text'?",
        "unknown field 'tekst'. Did you mean 'text'?",
    ),
    (
        "decimal_comma",
        "not_a_number",
        26,
        "questions[begeleiding].cost.per_year",
        "'52,5'; schrijf getallen met een punt",
        "'52,5'",
    ),
]


def _problem(name: str, code: str):  # type: ignore[no-untyped-def]
    with pytest.raises(InstrumentError) as raised:
        load_instrument(BROKEN / f"{name}.yaml")
    found = [p for p in raised.value.problems if p.code == code]
    assert found, [(p.code, str(p)) for p in raised.value.problems]
    return found[0]


def test_every_broken_fixture_is_in_the_table() -> None:
    assert sorted(p.stem for p in BROKEN.glob("*.yaml")) == sorted(c[0] for c in CASES)


@pytest.mark.parametrize(("name", "code", "line", "path", "dutch", "english"), CASES)
def test_broken_fixture_is_located_in_both_languages(
    name: str, code: str, line: int, path: str, dutch: str, english: str
) -> None:
    problem = _problem(name, code)
    assert problem.line == line
    assert problem.path == path
    with language("nl"):
        assert dutch in problem.message
    with language("en"):
        assert english in problem.message
        if dutch != english:
            assert dutch not in problem.message  # really said in English


def test_minimal_fixture_and_bundled_instruments_check_clean() -> None:
    load_instrument(FIXTURES / "minimal.yaml")
    assert {"bmc-start-eind", "voorbeeld", "zrm-sjabloon", "de-jong-gierveld-sjabloon"} <= set(
        bundled_instruments()
    )
    for name in bundled_instruments():
        load_instrument(bundled_path(name))


# Words a client answering alone should not have to read: abbreviations of laws and care,
# and the business case's own terms. Matched at the start of a word ("latente" too).
JARGON = [
    "wlz", "wmo", "zvw", "ggz", "seh", "jw", "latent", "attributie", "toerekening",
    "interventie", "indicator", "schaduwwaarde", "budget", "professional", "domein",
    "casus", "cliënt", "client", "risico", "effect", "nulmeting", "deadweight", "kpi",
]  # fmt: skip


def _client_reads(instrument, moment):  # type: ignore[no-untyped-def]
    """Every text a client answering alone reads at ``moment``: the domains' headings
    and introductions, the questions, their help, options and units."""
    asked = [q for q in instrument.questions if q.asked_at(moment)]
    texts = []
    for domain in instrument.domains:
        if any(q.domain == domain.id for q in asked):
            client = domain.client
            texts += [client.name or domain.name, client.description or ""] if client else [
                domain.name, domain.description or ""
            ]  # fmt: skip
    for question in asked:
        texts += [t or "" for t in question.worded(client=True)]
        texts += [o.client.label if o.client else o.label for o in question.choices()]
        if question.type == "getal" and question.cost is not None:
            texts.append(question.cost.unit)
    return [t for t in texts if t]


def test_every_question_of_the_guide_has_client_wording_without_jargon() -> None:
    """The BMC guide is written for the conversation; a client who answers it alone gets
    every domain and question in B1 words. Without the ``client`` blocks the check finds
    the guide's own jargon (Wlz, latente risico's, the professional's help)."""
    guide = load_instrument(bundled_path(GUIDE)).instrument
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, JARGON)) + r")", re.IGNORECASE)
    for moment in guide.moments:
        asked = [q for q in guide.questions if q.asked_at(moment)]
        assert asked
        assert [q.id for q in asked if q.client is None or not q.client.text] == []
        used = {q.domain for q in asked if q.domain}
        assert [d.id for d in guide.domains if d.id in used and d.client is None] == []
        found = [(t, pattern.findall(t)) for t in _client_reads(guide, moment)]
        assert [f for f in found if f[1]] == [], moment
    # the check can fail: the interview's own wording holds jargon
    plain = guide.model_copy(
        update={
            "domains": [d.model_copy(update={"client": None}) for d in guide.domains],
            "questions": [q.model_copy(update={"client": None}) for q in guide.questions],
        }
    )
    words = {w.lower() for t in _client_reads(plain, "start") for w in pattern.findall(t)}
    assert {"wlz", "latent", "professional", "ggz"} <= words
    # the client's wording changes the words only, never what an answer means
    risk = guide.question("risico_opname")
    assert risk is not None and risk.worded() == (risk.text, risk.help)
    assert [o.client.label for o in risk.options if o.client] != [o.label for o in risk.options]
    assert all(o.probability is not None for o in risk.options)


def test_an_empty_client_block_is_a_located_error_in_both_languages() -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("    type: getal\n", "    type: getal\n    client: {}\n", 1)
    with pytest.raises(InstrumentError) as raised:
        loads_instrument(text, "leeg.yaml")
    (problem,) = raised.value.problems
    assert problem.path == "questions[begeleiding].client" and problem.line == 22
    with language("nl"):
        assert "een 'client'-blok is leeg; geef minstens één van 'text', 'help'" in str(problem)
    with language("en"):
        assert "'client' block is empty" in str(problem) and "één" not in str(problem)


def test_template_is_accepted_by_check_through_the_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "mijn-instrument.yaml"
    made = runner.invoke(app, ["instrument", "template", str(target)])
    assert made.exit_code == 0, made.output
    assert "# De eerste vraag is altijd de toestemming" in target.read_text(encoding="utf-8")
    checked = runner.invoke(app, ["instrument", "check", str(target)])
    assert checked.exit_code == 0, checked.output
    assert "in orde — 6 vragen" in checked.output


@pytest.mark.parametrize(("lang", "words"), [("nl", "regel 24"), ("en", "line 24")])
def test_check_prints_located_errors_and_fails(lang: str, words: str) -> None:
    result = CliRunner().invoke(
        app, ["instrument", "check", "--lang", lang, str(BROKEN / "unknown_item.yaml")]
    )
    assert result.exit_code == 1
    assert words in result.output
    assert "Traceback" not in result.output
    assert ("Bedoelde u" if lang == "nl" else "Did you mean") in result.output


def test_check_of_a_missing_file_is_a_message() -> None:
    result = CliRunner().invoke(app, ["instrument", "check", "bestaat-niet.yaml"])
    assert result.exit_code == 1
    assert "dit bestand bestaat niet" in result.output


# ----------------------------------------------------------------------------- answers

START = {
    "toestemming": "ja",
    "begeleiding_uren": 4,
    "dagbesteding_dagdelen": "3",
    "huishoudelijke_hulp_uren": 2,
    "huisarts_contacten": 5,
    "ggz_contacten": 3,
    "spoedeisende_hulp": 2,
    "risico_opname": "reeel",
    "risico_zware_hulp": "klein",
    "gezondheid": "matig",
    "rondkomen": "moeilijk",
    "achterstand": True,
    "woning": "onzeker",
    "alleen": "vaak",
    "contacten": 1,
    "werk_uren": 0,
    "vrijwilligerswerk_uren": 0,
    "situatie_start": "Ik kwam de deur niet meer uit.",
}
END = {
    "toestemming": True,
    "begeleiding_uren": "1,5",
    "dagbesteding_dagdelen": 1,
    "huishoudelijke_hulp_uren": 2,
    "huisarts_contacten": 2,
    "ggz_contacten": "onbekend",
    "spoedeisende_hulp": 0,
    "risico_opname": "klein",
    "risico_zware_hulp": "geen",
    "gezondheid": "goed",
    "rondkomen": "gaat_wel",
    "achterstand": "nee",
    "woning": "zeker",
    "alleen": "soms",
    "contacten": 4,
    "werk_uren": 8,
    "vrijwilligerswerk_uren": 3,
    "verandering": "Ik heb een maatje en doe vrijwilligerswerk.",
}
LISTS = ["mbc-de-bilt-2019", "kostenhandleiding-2024", "vrijwilligerswerk"]


def test_answers_become_rows_valued_like_a_hand_computation() -> None:
    guide = load_instrument(bundled_path(GUIDE)).instrument
    prices = prices_from_lists(LISTS)
    before = measure(guide, "start", START, prices)
    during = measure(guide, "eind", END, prices)
    cases = client_case_rows("BMC-001", before, during, {"wijk": "Noord"})
    valued = value_cases(cases, prices)
    (case,) = valued.cases

    # Prices as the bundled lists give them (each in its own price year, not indexed).
    begeleiding = 46.80  # begeleiding_uur, Wmo, mbc-de-bilt-2019
    dagbesteding = 35.19  # dagbesteding_dagdeel
    huishouden = 32.76  # homecare_household, kostenhandleiding 2024
    huisarts = 80.0  # huisarts_contact
    seh = 258.0  # emergency_care
    opname_dag = 327.0  # mhc_nursingday_psy_inst
    zware_hulp = 104000.0  # multiprobleemgezin_jaar
    vrijwilliger = 10.83  # vrijwilligersuur
    for code, amount in [("begeleiding_uur", begeleiding), ("multiprobleemgezin_jaar", zware_hulp)]:
        assert bundled_list("mbc-de-bilt-2019").items[code].amount == amount

    hand = {
        # (before − after) per year × price
        "begeleiding_uur": (4 * 52 - 1.5 * 52) * begeleiding,
        "dagbesteding_dagdeel": (3 * 52 - 1 * 52) * dagbesteding,
        "homecare_household": (2 * 52 - 2 * 52) * huishouden,
        "huisarts_contact": (5 * 4 - 2 * 4) * huisarts,
        "emergency_care": (2 - 0) * seh,
        # a risk: expected days (probability × 30 days) before and during
        "mhc_nursingday_psy_inst": (0.25 * 30 - 0.05 * 30) * opname_dag,
        "multiprobleemgezin_jaar": (0.05 * 1 - 0 * 1) * zware_hulp,
    }
    by_item = {row.entry.item: row.value for row in case.rows}
    assert set(by_item) == {*hand, "vrijwilligersuur"}
    for item, value in hand.items():
        assert by_item[item] == pytest.approx(value), item
    assert case.gross == pytest.approx(sum(hand.values()))
    # volunteer work: a shadow value, (after − before) × price, apart from the net
    assert case.shadow == pytest.approx((3 * 52 - 0) * vrijwilliger)
    # the GGZ contacts at the end are unknown: left out, never taken for zero
    assert [e.item for e in case.unknown] == ["mhc_basic_institution"]
    assert case.attributes == {"wijk": "Noord"}


def test_answers_become_indicator_values() -> None:
    guide = load_instrument(bundled_path(GUIDE)).instrument
    before = measure(guide, "start", START)
    during = measure(guide, "eind", END)
    start = {v.indicator: v.value for v in before.indicators}
    end = {v.indicator: v.value for v in during.indicators}
    assert start == {
        "ervaren_gezondheid": 2,
        "rondkomen": 2,
        "betalingsachterstand": 1,
        "woonzekerheid": 2,
        "alleen_voelen": 3,
        "contacten_per_week": 1,
        "werkuren": 0,
    }
    assert end["alleen_voelen"] == 2 and end["werkuren"] == 8 and end["betalingsachterstand"] == 0
    assert {v.moment for v in during.indicators} == {"eind"}
    assert during.texts == {"verandering": END["verandering"]}


@pytest.mark.parametrize(
    ("answers", "question", "dutch", "english"),
    [
        (
            {"toestemming": "ja", "begeleiding_urenn": 3},
            "begeleiding_urenn",
            "staat niet in het instrument",
            "is not in the instrument",
        ),
        (
            {"toestemming": "ja", "gezondheid": "prima"},
            "gezondheid",
            "kies uit slecht, matig",
            "choose from slecht, matig",
        ),
        (
            {"toestemming": "ja", "begeleiding_uren": "veel"},
            "begeleiding_uren",
            "hier hoort een getal",
            "a number",
        ),
        (
            {"toestemming": "ja", "begeleiding_uren": 80},
            "begeleiding_uren",
            "tussen 0 en 40 te liggen, maar is 80",
            "between 0 and 40, but is 80",
        ),
        ({"toestemming": "nee"}, "toestemming", "zonder toestemming", "without consent"),
    ],
)
def test_wrong_answers_get_a_clear_error(
    answers: dict[str, object], question: str, dutch: str, english: str
) -> None:
    guide = load_instrument(bundled_path(GUIDE)).instrument
    with pytest.raises(AnswerError) as raised:
        measure(guide, "start", answers)
    found = [p for p in raised.value.problems if p.question == question]
    assert found, str(raised.value)
    with language("nl"):
        assert dutch in found[0].message
    with language("en"):
        assert english in found[0].message


def test_an_item_missing_from_the_prices_is_an_error() -> None:
    guide = load_instrument(bundled_path(GUIDE)).instrument
    only_de_bilt = prices_from_lists(["mbc-de-bilt-2019"])
    with pytest.raises(AnswerError) as raised:
        measure(guide, "start", START, only_de_bilt)
    assert "spoedeisende_hulp" in {p.question for p in raised.value.problems}
