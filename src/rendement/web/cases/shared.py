"""Loaded documents kept where every server process finds them: Django's cache (the
database, see ``CACHES`` in the settings), beside each process's own small cache.

Why: with two or more processes (``rendement serve --workers 2``, or two servers on one
PostgreSQL) consecutive edits of one case land in different processes. A process that
has not seen the version an edit starts from must otherwise parse its text the
round-trip way (~80 ms of CPU for De Bilt) and load and validate it (~15 ms); from here
it unpickles both in ~2 ms. The entry of a version is written once, by the process that
loaded it first (usually the one that saved it).

What is kept is the :class:`~.services.Checked` of a text (the validated model and, when
the text was read the round-trip way, its tree with the lines of that text), under the
SHA-256 of the text, the language of its messages and a fingerprint of the code that
loaded it: a model loaded by another version of rendement is never used. A miss, an
entry that no longer unpickles or a cache that cannot be reached is only slower: the
text is loaded again.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)

TIMEOUT = 7 * 24 * 60 * 60
"""Seconds an entry is kept: a version nobody opened for a week is loaded again."""


@cache
def fingerprint() -> str:
    """The code that loads and validates models: every module of the package by name,
    size and modification time (an upgrade or an edited checkout makes new keys)."""
    package = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def key(kind: str, *parts: str) -> str:
    """A cache key: short, printable, no spaces (memcached's rules too)."""
    return f"rendement:{kind}:{fingerprint()}:{':'.join(parts)}"


def _cache() -> Any:
    from django.core.cache import cache as default

    return default


def found(name: str) -> Any | None:
    """The value kept under ``name``, or None (also when it cannot be read)."""
    try:
        packed = _cache().get(name)
        return None if packed is None else pickle.loads(zlib.decompress(packed))
    except Exception as error:  # a broken entry or an unreachable cache: load again
        log.warning("shared cache: %s not read (%s)", name, error)
        return None


def keep(name: str, value: Any) -> None:
    """``value`` kept under ``name`` for every process (silently not, when it cannot be)."""
    try:
        packed = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
        _cache().set(name, packed, TIMEOUT)
    except Exception as error:
        log.warning("shared cache: %s not kept (%s)", name, error)


def kept(name: str, make: Callable[[], T]) -> T:
    """The value kept under ``name``, else made and kept."""
    value = found(name)
    if value is None:
        value = make()
        keep(name, value)
    return value
