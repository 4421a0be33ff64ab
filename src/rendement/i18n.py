"""The language of what people read: Dutch (the source language) or English.

Labels in code are written in Dutch and wrapped in :func:`_`; the English gettext catalogue
(``locale/en/LC_MESSAGES/django.po``, compiled to ``django.mo`` beside it and read with the
standard library's :mod:`gettext`) maps each Dutch label to its English text. The domain is
``django``, so the web app reads the very same catalogue. The active language is a
context variable, like Django's ``translation.override``, so a report, a CLI command or a
web request can switch it without passing it through every function::

    >>> with language("en"):
    ...     _("Bruto besparing")
    'Gross savings'
    >>> _("Bruto besparing")
    'Bruto besparing'

Numbers follow the language too (see :mod:`rendement.money`): ``€ 1.800`` in Dutch,
``€1,800`` in English. Text the user wrote in the model (names, descriptions) stays as
written. A test checks that every label wrapped in ``_`` has an English entry, that the
catalogue has no entries left over and that the .mo is compiled from the .po;
``python -m rendement.i18n_catalogue extract|compile`` keeps them so (docs/translations.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a catalogue is read: the CLI's --help stays quick
    from gettext import NullTranslations

LANGUAGES = ("nl", "en")
DOMAIN = "django"
"""The gettext domain: Django's, so its ``LOCALE_PATHS`` can name ``rendement/locale``."""
_ACTIVE: ContextVar[str] = ContextVar("rendement_language", default="nl")


def active() -> str:
    """The code of the active language: ``nl`` or ``en``."""
    return _ACTIVE.get()


@contextmanager
def language(code: str) -> Iterator[None]:
    """Use ``code`` for labels and numbers inside the ``with`` block."""
    if code not in LANGUAGES:
        raise ValueError(f"onbekende taal {code!r}; kies uit {', '.join(LANGUAGES)}")
    token = _ACTIVE.set(code)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


@cache
def _translations(code: str) -> NullTranslations:
    """The compiled gettext catalogue of ``code`` (none for Dutch, the source language)."""
    if code not in LANGUAGES:
        raise ValueError(f"onbekende taal {code!r}; kies uit {', '.join(LANGUAGES)}")
    from gettext import GNUTranslations, NullTranslations
    from importlib import resources

    if code == "nl":
        return NullTranslations()
    path = resources.files("rendement").joinpath(f"locale/{code}/LC_MESSAGES/{DOMAIN}.mo")
    with path.open("rb") as file:
        return GNUTranslations(file)


@cache
def catalogue(code: str) -> dict[str, str]:
    """Dutch label → text in language ``code`` (empty for Dutch itself)."""
    entries: dict[object, str] = getattr(_translations(code), "_catalog", {})
    return {k: v for k, v in entries.items() if isinstance(k, str) and k}  # "" is the header


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue without translating it yet (gettext's ``noop``)."""
    return text


def _(text: str) -> str:
    """``text`` (Dutch) in the active language; Dutch when there is no translation."""
    code = _ACTIVE.get()
    if code == "nl":
        return text
    return _translations(code).gettext(text)
