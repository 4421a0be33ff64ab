"""Every Dutch label has its English text, with the same placeholders; none is left over;
the compiled catalogue (.mo) that rendement reads is the .po that translators edit."""

from __future__ import annotations

import re
from gettext import GNUTranslations
from io import BytesIO

import pytest

from rendement.i18n import _, catalogue, language
from rendement.i18n_catalogue import (
    TRANSLATED,
    compiled,
    extract,
    marked_labels,
    mo_path,
    po_path,
    read,
)
from rendement.money import count, euro, number, price, ratio


def where(places: list[tuple[str, int]]) -> str:
    return ", ".join(f"{path}:{line}" for path, line in places)


def test_every_label_has_an_english_text() -> None:
    po = read("en")
    missing = {
        label: where(places)
        for label, places in marked_labels().items()
        if label not in po or not po[label].string
    }
    assert not missing, f"zonder Engelse vertaling (python -m rendement.i18n_catalogue): {missing}"


def test_the_catalogue_has_no_entries_left_over() -> None:
    po = read("en")
    left_over = {m.id for m in po if m.id} - set(marked_labels())
    assert not left_over, f"niet (meer) gebruikt: {sorted(left_over)}"
    assert not po.obsolete, f"vervallen (#~) vermeldingen: {sorted(po.obsolete)}"
    assert not [m.id for m in po if m.id and m.fuzzy], "fuzzy vertalingen: nakijken"


def test_placeholders_match() -> None:
    field = re.compile(r"\{(\w*)\}|%\((\w+)\)s")  # Python's {x}, Django templates' %(x)s
    for message in read("en"):
        if message.id and message.string:
            dutch, english = str(message.id), str(message.string)
            assert sorted(field.findall(dutch)) == sorted(field.findall(english)), dutch


def test_the_po_has_a_proper_header() -> None:
    text = po_path("en").read_text("utf-8")
    for line in (
        '"Language: en\\n"',
        '"Content-Type: text/plain; charset=utf-8\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
    ):
        assert line in text
    assert po_path("en").parent.name == "LC_MESSAGES" and po_path("en").stem == "django"


@pytest.mark.parametrize("code", ["en", "nl"])
def test_the_committed_mo_is_compiled_from_the_po(code: str) -> None:
    """Compared as catalogues, not bytes: another compiler (msgfmt) may lay it out otherwise."""
    fresh = GNUTranslations(BytesIO(compiled(read(code))))
    with mo_path(code).open("rb") as file:
        committed = GNUTranslations(file)
    assert committed.info() == fresh.info()
    stale = {
        k: (committed._catalog.get(k), v)  # type: ignore[attr-defined]
        for k, v in fresh._catalog.items()  # type: ignore[attr-defined]
        if committed._catalog.get(k) != v  # type: ignore[attr-defined]
    }
    gone = set(committed._catalog) - set(fresh._catalog)  # type: ignore[attr-defined]
    assert not stale and not gone, "python -m rendement.i18n_catalogue compile"
    if code in TRANSLATED:  # what rendement itself reads (the reworded ones are for Django)
        assert catalogue(code) == {k: v for k, v in fresh._catalog.items() if k}  # type: ignore[attr-defined]


def test_extract_keeps_texts_adds_new_labels_empty_and_drops_unused_ones() -> None:
    labels = {"Bruto besparing": [("present/tables.py", 1)], "Een nieuw label": [("x.py", 2)]}
    updated = extract("en", labels)
    assert [m.id for m in updated if m.id] == ["Bruto besparing", "Een nieuw label"]
    assert updated["Bruto besparing"].string == "Gross savings"
    assert not updated["Een nieuw label"].string
    assert updated["Een nieuw label"].locations == [("x.py", 2)]
    assert "Netto besparing" in updated.obsolete
    assert not updated["Een nieuw label"].fuzzy  # no guessed text from a similar label
    assert b"Een nieuw label" not in compiled(updated)  # untranslated: stays Dutch


def test_labels_and_numbers_follow_the_language() -> None:
    with language("en"):
        assert _("Bruto besparing") == "Gross savings"
        assert (euro(-14969.4), euro(1829.875, cents=True)) == ("-€14,969", "€1,829.88")
        assert (number(1800), count(0.5), ratio(2.615), price(46.8)) == (
            "1,800",
            "0.5",
            "2.62",
            "€46.80",
        )
    assert _("Bruto besparing") == "Bruto besparing"
    assert (euro(-14969.4), count(0.5), price(46.8)) == (
        "-\u00a0€\u00a014.969",
        "0,5",
        "€\u00a046,80",
    )


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="onbekende taal 'de'"), language("de"):
        pass
