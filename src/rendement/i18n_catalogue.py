"""Keeps the translation catalogues in step with the code (a maintainer's tool, not run by users).

    python -m rendement.i18n_catalogue extract   # code → locale/en/LC_MESSAGES/django.po
    python -m rendement.i18n_catalogue compile   # django.po → django.mo (what rendement reads)

``extract`` finds every string literal passed to ``_`` or ``N_`` in the package (the same
scan ``tests/test_i18n.py`` makes), keeps the English text of labels already in the .po,
adds new labels with an empty text for a translator to fill in, and drops labels the
code no longer uses (it names them). ``compile`` writes the .mo beside each .po. The
domain is ``django``, so the web app's ``LOCALE_PATHS`` reads the same files. See
``docs/translations.md``.

Needs Babel (the ``test`` dependency group); rendement itself reads the .mo with the
standard library's :mod:`gettext`.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

PACKAGE = Path(__file__).resolve().parent
LOCALE = PACKAGE / "locale"
SHOWN = PACKAGE.parents[1]  # paths are printed from here (the repository in a checkout)
DOMAIN = "django"
TRANSLATED = ("en",)
"""The languages with a catalogue of rendement's labels; Dutch, the source language, needs
none."""
REWORDED = ("nl",)
"""Languages with a catalogue that only rewords other packages' texts (django-allauth's
Dutch says 'je', rendement says 'u'); edited by hand, compiled with the others. Django
reads rendement's catalogues before those of the packages."""
MARKERS = ("_", "N_")
HEADER = """\
# {language} text of every Dutch label in rendement (see rendement/i18n.py).
# The msgids are the Dutch labels as written in the code. Update with
# `python -m rendement.i18n_catalogue extract`, then fill in the empty
# msgstr and run `python -m rendement.i18n_catalogue compile`.
#"""
NAMES = {"en": "English"}
WIDTH = 100


def marked_labels(root: Path = PACKAGE) -> dict[str, list[tuple[str, int]]]:
    """Every string literal passed to ``_`` or ``N_`` under ``root``, with where it is
    (path relative to the package, line), in the order of the files and lines."""
    found: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in MARKERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ]
        where = path.relative_to(root).as_posix()
        for node in sorted(calls, key=lambda call: (call.lineno, call.col_offset)):
            label = node.args[0].value  # type: ignore[attr-defined]
            found.setdefault(label, []).append((where, node.lineno))
    for path in sorted(root.rglob("templates/**/*.html")):
        text = path.read_text("utf-8")
        where = path.relative_to(root).as_posix()
        for label, offset in template_labels(text):
            found.setdefault(label, []).append((where, text.count("\n", 0, offset) + 1))
    return found


_TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1""", re.S)
_BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b[^%]*%\}(.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def template_labels(text: str) -> list[tuple[str, int]]:
    """The texts of a Django template's ``{% translate "…" %}`` and ``{% blocktranslate %}…
    {% endblocktranslate %}`` tags, as Django looks them up (``{{ x }}`` → ``%(x)s``, and a
    percent sign of the text doubled: ``25%`` → ``25%%``, Django's msgid for it)."""
    found = [(m.group(2).replace("%", "%%"), m.start()) for m in _TRANSLATE.finditer(text)]
    found += [
        (_VARIABLE.sub(r"%(\1)s", m.group(1).replace("%", "%%")), m.start())
        for m in _BLOCK.finditer(text)
    ]
    return sorted(found, key=lambda item: item[1])


def po_path(code: str) -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(code: str) -> Path:
    return po_path(code).with_suffix(".mo")


def new_catalogue(code: str) -> Catalog:
    """An empty catalogue for ``code`` with rendement's header."""
    from babel.messages.catalog import Catalog

    return Catalog(
        locale=code,
        domain=DOMAIN,
        header_comment=HEADER.format(language=NAMES.get(code, code)),
        project="rendement",
        version="0.1",
        copyright_holder="rendement",
        msgid_bugs_address="the rendement maintainers",
        revision_date=datetime.now(UTC).replace(second=0, microsecond=0),
        last_translator="the rendement maintainers",
        language_team=NAMES.get(code, code),
        charset="utf-8",
        fuzzy=False,
    )


def read(code: str) -> Catalog:
    """The .po of ``code`` as a Babel catalogue (an empty one when there is none yet)."""
    from babel.messages.pofile import read_po

    path = po_path(code)
    if not path.exists():
        return new_catalogue(code)
    with path.open("rb") as file:
        return read_po(file, locale=code, domain=DOMAIN)


def write(code: str, catalogue: Catalog) -> None:
    from babel.messages.pofile import write_po

    path = po_path(code)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = BytesIO()
    # no line numbers: a label moving within its file does not change the .po
    write_po(buffer, catalogue, width=WIDTH, include_lineno=False, ignore_obsolete=True)
    path.write_bytes(buffer.getvalue())


def template(labels: dict[str, list[tuple[str, int]]]) -> Catalog:
    """The labels as a catalogue without translations (a .pot in memory)."""
    from babel.messages.catalog import Catalog

    pot = Catalog(domain=DOMAIN, fuzzy=False)
    for label, places in labels.items():
        pot.add(label, locations=places)
    return pot


def extract(code: str, labels: dict[str, list[tuple[str, int]]] | None = None) -> Catalog:
    """The catalogue of ``code`` brought in step with the code: existing texts kept, new
    labels empty, labels no longer used moved to ``obsolete`` (which ``write`` leaves out)."""
    catalogue = read(code)
    pot = template(marked_labels() if labels is None else labels)
    pot.creation_date = catalogue.creation_date  # no churn in the header on every run
    catalogue.update(pot, no_fuzzy_matching=True)
    return catalogue


def compiled(catalogue: Catalog) -> bytes:
    """The .mo of ``catalogue`` (labels without a text are left out: they stay Dutch)."""
    from babel.messages.mofile import write_mo

    buffer = BytesIO()
    write_mo(buffer, catalogue)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args not in (["extract"], ["compile"]):
        print("gebruik: python -m rendement.i18n_catalogue extract|compile", file=sys.stderr)
        return 2
    for code in TRANSLATED:
        if args == ["extract"]:
            catalogue = extract(code)
            write(code, catalogue)
            for unused in catalogue.obsolete:
                print(f"{code}: niet meer gebruikt, weggelaten: {unused!r}")
            for message in catalogue:
                if message.id and not message.string:
                    print(f"{code}: nog te vertalen: {message.id!r}")
            print(f"{po_path(code).relative_to(SHOWN)}: {len(catalogue)} labels")
        else:
            catalogue = read(code)
            untranslated = sum(1 for m in catalogue if m.id and not m.string)
            mo_path(code).write_bytes(compiled(catalogue))
            note = f" ({untranslated} labels nog zonder vertaling)" if untranslated else ""
            print(f"{mo_path(code).relative_to(SHOWN)} geschreven{note}")
    if args == ["compile"]:
        for code in REWORDED:
            mo_path(code).write_bytes(compiled(read(code)))
            print(f"{mo_path(code).relative_to(SHOWN)} geschreven")
    return 0


if __name__ == "__main__":
    sys.exit(main())
