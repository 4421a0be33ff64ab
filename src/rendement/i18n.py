"""The language of what people read: Dutch (the source language) or English.

Labels in code are written in Dutch and wrapped in :func:`_`; the English catalogue
(``locale/en.yaml``) maps each Dutch label to its English text. The active language is a
context variable, like Django's ``translation.override``, so a report, a CLI command or a
web request can switch it without passing it through every function::

    >>> with language("en"):
    ...     _("Bruto besparing")
    'Gross savings'
    >>> _("Bruto besparing")
    'Bruto besparing'

Numbers follow the language too (see :mod:`rendement.money`): ``€ 1.800`` in Dutch,
``€1,800`` in English. Text the user wrote in the model (names, descriptions) stays as
written. A test checks that every label wrapped in ``_`` has an English entry and that
the catalogue has no entries left over.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources

LANGUAGES = ("nl", "en")
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
def catalogue(code: str) -> dict[str, str]:
    """Dutch label → text in language ``code`` (empty for Dutch itself)."""
    if code == "nl":
        return {}
    from ruamel.yaml import YAML

    text = resources.files("rendement").joinpath(f"locale/{code}.yaml").read_text("utf-8")
    data = YAML(typ="safe").load(text) or {}
    return {str(k): str(v) for k, v in data.items()}


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue without translating it yet (gettext's ``noop``)."""
    return text


def _(text: str) -> str:
    """``text`` (Dutch) in the active language; Dutch when there is no translation."""
    code = _ACTIVE.get()
    if code == "nl":
        return text
    return catalogue(code).get(text, text)
