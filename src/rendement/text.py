"""Text that leaves rendement for spreadsheets and documents: never a formula by accident,
never a character the file format cannot hold.

>>> safe("=HYPERLINK(\\"x\\")")
"'=HYPERLINK(\\"x\\")"
>>> safe("Ouders Lokaal")
'Ouders Lokaal'
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar, cast

_T = TypeVar("_T")

UNSAFE = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    """User text as a spreadsheet shows it: a leading ``= + - @`` is neutralised with ``'``."""
    return "'" + text if text.startswith(UNSAFE) else text


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return; lone
surrogates; the non-characters U+FFFE and U+FFFF): lxml refuses a text that has one."""


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML document (Word, Excel) cannot hold.

    >>> xml_safe("a\\x00b\\x1bc\\td")
    'abc\\td'
    """
    return _XML_ILLEGAL.sub("", text)


def xml_safe_all(value: _T) -> _T:
    """``value`` with :func:`xml_safe` applied to every text in it: in lists, tuples, dicts
    and dataclasses (copied, so a frozen one is not changed in place). The loader refuses
    these characters; this is the writers' defence in depth, for a text that came in some
    other way (an index series, a price list, a stored model from before the limits)."""
    return cast(_T, _clean(value))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value) if _XML_ILLEGAL.search(value) else value
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_clean(item) for item in value)
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    return value
