"""Messages worded when they are shown, in the reader's language.

A message about a model (a :class:`~rendement.model.errors.Problem`) is made long before it
is read, and may be read in another language than the one active when it was made: the
web app checks a model once and shows the problem to a Dutch and an English reader. So a
message keeps its Dutch *template* (a literal marked with ``N_`` so the catalogue holds it)
and its named *parameters*; :class:`Text` translates the template and fills it in only when
it is turned into a string::

    >>> text = Text(N_("onbekende prijs '{name}'"), name="huisart")
    >>> str(text)
    "onbekende prijs 'huisart'"
    >>> with language("en"):
    ...     str(text)
    "unknown price 'huisart'"

A parameter that is itself a word to translate ("een lijst", "niets") is a :class:`Text`
too; a list of names is a :class:`Names` (joined, and cut short, when shown); a number is a
:class:`Number` (``1.800`` in Dutch, ``1,800`` in English). Anything else — an id, a name
the author wrote, a formula — is shown as given. Two texts are equal when their templates
and parameters are, so duplicate problems are still recognised.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .i18n import N_, _


def _frozen(value: object) -> object:
    """A hashable copy of a parameter (a list becomes a tuple)."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return tuple(sorted(str(v) for v in value))
    return value


_FIELD = re.compile(r"\{(\w+)\}")


class Text:
    """A Dutch template with named parameters, worded in the active language when shown."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params = tuple(sorted((k, _frozen(v)) for k, v in params.items()))

    def __str__(self) -> str:
        template = _(self.template)
        if not self.params:  # a fixed sentence, which may hold a brace ("een '}' ontbreekt")
            return template
        values = {k: shown(v) for k, v in self.params}
        try:
            return template.format(**values)
        except (ValueError, KeyError, IndexError):  # a brace the template did not double
            return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template)

    def __repr__(self) -> str:
        return f"Text({self.template!r}, {dict(self.params)!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return (self.template, self.params) == (other.template, other.params)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.template, self.params))

    def __add__(self, other: object) -> Text:
        """Two messages one after the other (a message and its hint)."""
        return Text("{first}{second}", first=self, second=other)

    def __radd__(self, other: object) -> Text:
        return Text("{first}{second}", first=other, second=self)


@dataclass(frozen=True)
class Names:
    """Names (ids) joined when shown, at most ``limit`` of them: ``gemeente, zvw, ...``;
    with ``choice`` quoted and as alternatives: ``'huisarts' of 'huisartsen'``."""

    names: tuple[str, ...]
    limit: int = 8
    choice: bool = False

    def __str__(self) -> str:
        shown = self.names[: self.limit]
        if not self.choice:
            return ", ".join(shown) + (", ..." if len(self.names) > self.limit else "")
        quoted = [f"'{n}'" for n in shown]
        if len(quoted) <= 1:
            return "".join(quoted)
        return _("{names} of {last}").format(names=", ".join(quoted[:-1]), last=quoted[-1])


def names(items: Iterable[str], limit: int = 8, choice: bool = False) -> Names:
    """A list of names to join when shown."""
    return Names(tuple(items), limit, choice)


@dataclass(frozen=True)
class Number:
    """A number written in the reader's language (grouping and decimal sign)."""

    value: float
    digits: int = 0

    def __str__(self) -> str:
        from .money import number

        return number(self.value, self.digits)


def shown(value: object) -> str:
    """A parameter as the reader sees it."""
    if isinstance(value, tuple):
        return ", ".join(shown(v) for v in value)
    return str(value)


def worded(message: object) -> str:
    """A message (a :class:`Text` or a plain string) in the active language."""
    if isinstance(message, str):
        return _(message)
    return str(message)


SHOWN_KNOWN = 8
"""A reference that is not found lists the known names only when there are this many or
fewer; a price list has 160 prices, and a list that long helps nobody."""


def close_matches(word: str, options: Sequence[str], count: int = 3) -> list[str]:
    """At most ``count`` of ``options`` that look like ``word`` (a typing mistake)."""
    return difflib.get_close_matches(word, list(options), n=count, cutoff=0.6)


def suggestion(word: str, options: Sequence[str]) -> Text | str:
    """`` Bedoelde u 'x'?`` (at most three names) when a close match exists, else ''."""
    close = close_matches(word, options)
    if not close:
        return ""
    return Text(N_(" Bedoelde u {names}?"), names=names(close, choice=True))


def known(options: Sequence[str]) -> Text:
    """``bekend: a, b`` — only when there are few; else nothing is listed."""
    if not options:
        return Text(N_("er is er nog geen gedeclareerd"))
    return Text(N_("bekend: {names}"), names=names(options))


def unknown_reference(kind: Text, ref: str, options: Sequence[str]) -> Text:
    """``prijs 'huisart' is niet gedeclareerd. Bedoelde u 'huisarts'?``: what was not found
    and, when the author probably mistyped, at most three close names — the known names
    only when there are few (a case can use 160 prices; that list helps nobody)."""
    if len(options) > SHOWN_KNOWN:
        return Text(N_("{kind} '{ref}' is niet gedeclareerd."), kind=kind, ref=ref) + suggestion(
            ref, options
        )
    return Text(
        N_("{kind} '{ref}' is niet gedeclareerd ({known})."),
        kind=kind,
        ref=ref,
        known=known(options),
    ) + suggestion(ref, options)


def reason(error: BaseException) -> Text | str:
    """The message an exception was raised with, still unworded when it is a :class:`Text`."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, Text) else str(error)
