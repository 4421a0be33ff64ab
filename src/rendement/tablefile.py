"""Reading a table from a file as people keep them: CSV (comma or semicolon, UTF-8 or
Windows-1252, notes above the headings starting with ``#``), Excel (the first sheet) or
Parquet (read by DuckDB). Used by the client cases and the SROI impact map; what the
columns mean is theirs.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from .i18n import _

MAX_BYTES = 200 * 2**20
"""The largest file read this way (a team's table is far smaller; a national table goes
to the cohort's database directly)."""


class TableError(ValueError):
    """A file that is not a table rendement reads; the message says why."""


def read_table(path: Path) -> tuple[list[str], list[list[Any]], int]:
    """The headings, the rows and the number of lines above the headings (a CSV's notes
    starting with ``#``) of a CSV (comma or semicolon), Excel (.xlsx, first sheet) or
    Parquet file; :class:`TableError` when the file cannot be read as a table."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError:
        raise TableError(_("dit bestand bestaat niet")) from None
    if size > MAX_BYTES:
        limit = MAX_BYTES // 2**20
        raise TableError(_("het bestand is groter dan {mb} MB").format(mb=limit))
    if suffix in (".csv", ".txt"):
        return _csv(path.read_bytes())
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(path)
    if suffix == ".parquet":
        return _parquet(path)
    message = _("lees een tabel als .csv, .xlsx of .parquet; dit is een '{suffix}'-bestand")
    raise TableError(message.format(suffix=suffix or "?"))


def _csv(data: bytes) -> tuple[list[str], list[list[Any]], int]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # an older Excel's CSV
    if "\x00" in text:
        raise TableError(_("dit is geen tekstbestand; een CSV is tekst"))
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and lines[skipped].lstrip().startswith("#"):
        skipped += 1  # a note above the table (what it is, where it came from)
    text = "".join(lines[skipped:])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise TableError(_("het bestand is leeg"))
    return [h.strip() for h in rows[0]], rows[1:], skipped


def _xlsx(path: Path) -> tuple[list[str], list[list[Any]], int]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError):
        raise TableError(_("dit is geen Excel-bestand (.xlsx)")) from None
    try:
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        raise TableError(_("het eerste werkblad is leeg"))
    return ["" if h is None else str(h).strip() for h in rows[0]], rows[1:], 0


def _parquet(path: Path) -> tuple[list[str], list[list[Any]], int]:
    """A Parquet file read by DuckDB (embedded, already the aggregation's engine): no
    extra package, and only the rows come into Python."""
    import duckdb

    connection = duckdb.connect(":memory:")
    try:
        cursor = connection.execute("SELECT * FROM read_parquet(?)", [str(path)])
        names = [str(d[0]) for d in cursor.description or []]
        rows = [list(r) for r in cursor.fetchall()]
    except duckdb.Error:
        raise TableError(_("dit is geen Parquet-bestand")) from None
    finally:
        connection.close()
    return names, rows, 0
