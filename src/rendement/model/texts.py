"""Limits on the texts of a model: names one line of at most 200 characters, long texts at
most 20,000, and no characters that hide or reorder what a reader sees.

Every text a person can type reaches the loader (a form, an upload, the CLI), and every
text the loader accepts is printed in a PDF, a Word file, a workbook and on the web page.
Found by testing: a 100 kB name made one PDF take minutes and a case list nearly a
million pixels wide; a NUL or an escape (``"a\\u0000b"`` in YAML) stopped the Word writer,
whose XML cannot hold it; a right-to-left override (U+202E) showed the rest of a name in
reverse. :func:`check_texts` walks the parsed tree once (no recursion) and says, per
text, what is wrong in plain Dutch, so the CLI, the import and every form refuse alike.

Which text is which follows its key (the nearest key for a list item):
:data:`ONE_LINE` keys are names and titles; every other text (descriptions, the theory
of change, lists of lines, formulas) is a long text. Invisible characters, decided:

- refused everywhere: control characters (Unicode category Cc, so NUL, ESC, vertical
  tab, form feed and the C1 range) except a line break and a tab in a long text (the
  line and paragraph separators U+2028/U+2029 are line breaks too: not in a name, where
  they also broke the charts' expressions); lone
  surrogates and the non-characters U+FFFE/U+FFFF (no document format can hold them);
  the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069,
  which reorder everything after them up to the end of the paragraph.
- refused in a name, besides: the other invisible format characters (category Cf, such
  as the zero-width space U+200B, the word joiner U+2060, a BOM U+FEFF), which make two
  names that look the same differ.
- allowed: the left-to-right and right-to-left marks U+200E/U+200F and the Arabic letter
  mark U+061C (they only set the direction of the neutral characters beside them, and
  Arabic or Hebrew names with numbers need them), the zero-width joiner and non-joiner
  U+200C/U+200D (needed for emoji and several scripts) and the soft hyphen U+00AD (Word
  puts it in pasted text; it shows only at a line break).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..i18n import N_
from ..wording import Number, Text
from .locations import Loc

MAX_NAME = 200
"""Characters in a name or title (De Bilt's longest is 96)."""
MAX_TEXT = 20_000
"""Characters in one long text (a description, a line of a list; De Bilt's longest is ~2,000)."""

ONE_LINE = frozenset(
    {
        "name",
        "title",
        "client",
        "project",
        "subject",
        "organisation",
        "authors",
        "version",
        "unit",
        "reach_unit",
        "party",
        "law",
        "domains",
        "role",
        "publisher",
        "category",
        "provider",
        "table",
        "perspective",
        "id",
        "stakeholder",
        "financier",
        "payer",
        "price",
        "source",
        "variant",
        "scenario",
    }
)
"""Keys whose text is one line: a name, a title, an id or a short label."""
NAMES = frozenset({"name", "title"})
"""Keys whose text may not be empty or blank (what a table, a list or a heading shows). The
client (opdrachtgever) may be left empty: a blank case starts so, and is computed."""

BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
ALLOWED_FORMAT = frozenset({0x00AD, 0x061C, 0x200C, 0x200D, 0x200E, 0x200F})

_NAMES = {
    0x00: N_("nul-teken"),
    0x09: N_("tab"),
    0x0A: N_("regeleinde"),
    0x0B: N_("verticale tab"),
    0x0C: N_("pagina-einde"),
    0x0D: N_("regelterugloop"),
    0x1B: N_("escape"),
    0x7F: N_("wissen"),
    0x202A: N_("links-naar-rechts insluiten"),
    0x202B: N_("rechts-naar-links insluiten"),
    0x202C: N_("richting herstellen"),
    0x202D: N_("links-naar-rechts forceren"),
    0x202E: N_("richting omkeren"),
    0x2066: N_("links-naar-rechts isoleren"),
    0x2067: N_("rechts-naar-links isoleren"),
    0x2068: N_("eerste sterke richting isoleren"),
    0x2069: N_("isoleren beëindigen"),
    0x200B: N_("spatie zonder breedte"),
    0x2060: N_("woordverbinder"),
    0xFEFF: N_("bytevolgordemarkering"),
}
"""Dutch names of the characters a message names (shown with their code)."""


def _label(char: str) -> Text:
    """A character as a message names it: its code and, when it has one, its name."""
    code = ord(char)
    name = _NAMES.get(code)
    if name is None:
        return Text("U+{code}", code=f"{code:04X}")
    return Text("U+{code}, {name}", code=f"{code:04X}", name=Text(name))


_ODD_NAME = re.compile(r"[^\x20-\x7e]")
_ODD_TEXT = re.compile(r"[^\x20-\x7e\n\t]")


def text_problem(text: str, one_line: bool, required: bool = False) -> tuple[str, Text] | None:
    """(code, message) for the first thing wrong with ``text``, or None when it is fine; the
    message is worded when shown, in the reader's language (rendement.wording).

    ``one_line`` for a name or title; ``required`` when it may not be blank."""
    limit = MAX_NAME if one_line else MAX_TEXT
    if len(text) > limit:
        template = (
            N_("een naam is hoogstens {limit} tekens; deze is {length} tekens lang")
            if one_line
            else N_(
                "een tekst is hoogstens {limit} tekens; deze is {length} tekens lang. "
                "Zet een lang stuk in een bijlage en verwijs ernaar"
            )
        )
        return "too_long", Text(template, limit=Number(limit), length=Number(len(text)))
    if required and not text.strip():
        blank = N_("deze naam is leeg; vul een naam in van hoogstens {limit} tekens")
        return "blank_name", Text(blank, limit=MAX_NAME)
    # the loop below skips plain ASCII (and, in running text, line breaks and tabs): find
    # the first other character in C, and start there (most texts have none at all)
    odd = (_ODD_NAME if one_line else _ODD_TEXT).search(text)
    if odd is None:
        return None
    for position, char in enumerate(text[odd.start() :], start=odd.start() + 1):
        code = ord(char)
        if code < 0x80 and (0x20 <= code < 0x7F):
            continue  # the common case: plain ASCII
        if char in "\n\t" and not one_line:
            continue
        kind = unicodedata.category(char)
        at = Number(position)
        if kind in ("Cc", "Cs") or code in (0xFFFE, 0xFFFF) or (one_line and kind in ("Zl", "Zp")):
            if char == "\n" or kind in ("Zl", "Zp"):
                template = N_(
                    "een naam is één regel; haal het regeleinde op positie {position} weg"
                )
            else:
                template = N_(
                    "deze tekst bevat een onzichtbaar stuurteken ({character}) op positie "
                    "{position}; haal het weg of typ de tekst opnieuw (vaak komt het mee bij "
                    "kopiëren uit een ander programma)"
                )
            return "control_character", Text(template, character=_label(char), position=at)
        if code in BIDI:
            return "bidi_control", Text(
                N_(
                    "deze tekst bevat een onzichtbaar teken ({character}) op positie {position} "
                    "dat de leesrichting van de rest omdraait; haal het weg"
                ),
                character=_label(char),
                position=at,
            )
        if one_line and kind == "Cf" and code not in ALLOWED_FORMAT:
            return "invisible_character", Text(
                N_(
                    "deze naam bevat een onzichtbaar teken ({character}) op positie {position}; "
                    "haal het weg, zodat de naam is wat er te zien is"
                ),
                character=_label(char),
                position=at,
            )
    return None


def _kind(loc: Loc) -> str | None:
    """The key that decides what a text at ``loc`` is: the last key that is text."""
    for key in reversed(loc):
        if isinstance(key, str):
            return key
    return None


def check_texts(raw: Any) -> Iterator[tuple[Loc, str, Text]]:
    """(place, code, message) for every text in the parsed model that breaks a limit.

    Keys are texts too (a key with a control character would show in a message about an
    unknown field); they are checked as one-line texts, and said at the block that holds
    them (the key itself would be in the field path)."""
    stack: list[tuple[Any, Loc]] = [(raw, ())]
    seen: set[int] = set()
    while stack:
        node, loc = stack.pop()
        if isinstance(node, dict):
            if id(node) in seen:  # an alias: its texts were checked where they are written
                continue
            seen.add(id(node))
            for key, value in node.items():
                if isinstance(key, str):
                    found = text_problem(key, one_line=True)
                    if found is not None:
                        yield loc, *found
                        continue
                stack.append((value, (*loc, key)))
        elif isinstance(node, list):
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.extend((item, (*loc, index)) for index, item in enumerate(node))
        elif isinstance(node, str):
            kind = _kind(loc)
            one_line = kind in ONE_LINE
            found = text_problem(
                str(node), one_line, required=kind in NAMES and isinstance(loc[-1], str)
            )
            if found is not None:
                yield loc, *found
