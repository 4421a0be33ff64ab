"""Every Dutch label has its English text, with the same placeholders; none is left over."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from rendement.i18n import _, catalogue, language
from rendement.money import count, euro, number, price, ratio

SOURCE = Path(__file__).parents[1] / "src" / "rendement"


def marked_labels() -> dict[str, str]:
    """Every string literal passed to ``_`` or ``N_`` in the package, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.name}:{node.lineno}")
    return found


def test_every_label_has_an_english_text() -> None:
    english = catalogue("en")
    missing = {k: where for k, where in marked_labels().items() if k not in english}
    assert not missing, f"zonder Engelse vertaling: {missing}"


def test_the_catalogue_has_no_entries_left_over() -> None:
    left_over = set(catalogue("en")) - set(marked_labels())
    assert not left_over, f"niet (meer) gebruikt: {sorted(left_over)}"


def test_placeholders_match() -> None:
    field = re.compile(r"\{(\w*)\}")
    for dutch, english in catalogue("en").items():
        assert sorted(field.findall(dutch)) == sorted(field.findall(english)), dutch


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
