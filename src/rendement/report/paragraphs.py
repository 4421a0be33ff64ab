"""A model's text split into the paragraphs and list lines its writer meant.

A model's long texts (theory of change, approach, conclusion) are YAML scalars, written in
one of two ways, and they mean a new paragraph differently:

- folded (``>``/``>-``, what the examples use): YAML joins wrapped lines with a space and
  turns each *blank* line into a single line feed, so every ``\\n`` left in the value
  marks a new paragraph;
- literal (``|``) or a quoted string with ``\\n\\n``: every wrapped line keeps its
  ``\\n`` and a blank line is ``\\n\\n``; only the blank line marks a new paragraph.

So: a text that holds a blank line is split at blank lines (single line feeds are wraps);
a text without one is split at every line feed, except where a line plainly goes on with
the sentence before (no full stop before it, a lower-case word after it): a literal text
wrapped without blank lines. Lines that start with "- ", "* " or "• "
are list items, kept together as one list. Splitting at ``\\n\\n`` alone (what the report
did) printed every folded text — the six steps, the conclusion — as one wall of text.
"""

from __future__ import annotations

import re

_ITEM = re.compile(r"^\s*[-*•]\s+")
_SPACE = re.compile(r"[ \t\r\n]+")
"""White space a paragraph collapses; a non-breaking space (after €) is kept."""

Part = str | list[str]
"""A paragraph, or a list of list items."""


def _lines(text: str) -> list[str]:
    """The text's paragraphs (and list lines), each still with its own wrapping."""
    text = text.replace("\r\n", "\n").strip("\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n+", text)
        out: list[str] = []
        for block in blocks:
            # inside a paragraph, a line that starts a list item still starts a new line
            current: list[str] = []
            for line in block.split("\n"):
                if _ITEM.match(line) and current:
                    out.append(" ".join(current))
                    current = []
                current.append(line)
            if current:
                out.append(" ".join(current))
        return out
    out = []
    for line in text.split("\n"):
        if out and _wrapped(out[-1], line):
            out[-1] += " " + line  # a literal text wrapped mid-sentence, without blank lines
        else:
            out.append(line)
    return out


def _wrapped(before: str, line: str) -> bool:
    """Does ``line`` continue the sentence of ``before`` (a wrapped line, not a new
    paragraph)? When the line before ends without a sentence's end and this one goes on in
    lower case; a list line never continues one."""
    head = line.lstrip()
    return (
        bool(before.strip())
        and not _ITEM.match(line)
        and not re.search(r"[.!?:;…)\"'”]\s*$", before)
        and head[:1].islower()
    )


def paragraphs(text: str | None) -> list[Part]:
    """Paragraphs (strings) and lists (lists of items) of a model's text, in order, with
    ordinary white space collapsed."""
    parts: list[Part] = []
    for raw in _lines(text or ""):
        if not raw.strip():
            continue
        if _ITEM.match(raw):
            item = _SPACE.sub(" ", _ITEM.sub("", raw, count=1)).strip()
            if parts and isinstance(parts[-1], list):
                parts[-1].append(item)
            else:
                parts.append([item])
        else:
            parts.append(_SPACE.sub(" ", raw).strip())
    return parts
