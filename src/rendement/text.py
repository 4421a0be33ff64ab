"""Text that leaves rendement for spreadsheets: never a formula by accident.

>>> safe("=HYPERLINK(\\"x\\")")
"'=HYPERLINK(\\"x\\")"
>>> safe("Ouders Lokaal")
'Ouders Lokaal'
"""

from __future__ import annotations

UNSAFE = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    """User text as a spreadsheet shows it: a leading ``= + - @`` is neutralised with ``'``."""
    return "'" + text if text.startswith(UNSAFE) else text
