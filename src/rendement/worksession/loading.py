"""Reading a work session file: YAML (round-trip) → validated :class:`WorkSession`.

The model's machinery does the reading (through the instrument's parser), so whoever
writes the file gets the same kind of message as for a model: file, line, field path and
what is expected, in Dutch or English, every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from ..i18n import N_, _
from ..instrument.loading import InstrumentError, _parse, validated
from ..model.errors import ModelError, Problem
from ..model.loader import read_text
from ..wording import Text
from .checks import check_session
from .schema import WorkSession


class WorkSessionError(ModelError):
    """A work session that cannot be used; carries every problem, sorted by line."""

    @property
    def header(self) -> str:
        if len(self.problems) == 1:
            return _("1 fout in de werksessie")
        return str(Text(N_("{count} fouten in de werksessie"), count=len(self.problems)))


@dataclass(frozen=True)
class LoadedSession:
    """A valid work session, the text it came from and its file."""

    session: WorkSession
    text: str
    file: str


def _fail(file: str, line: int | None, message: Text, code: str) -> NoReturn:
    raise WorkSessionError([Problem(file, line, "", message, code)]) from None


def loads_session(
    text: str, file: str = "<werksessie>", table: str | Path | None = None
) -> LoadedSession:
    """A work session from YAML text; :class:`WorkSessionError` listing every problem.

    ``table``: a table (CSV, Excel) with more judgements (see :mod:`.table`), added to
    those of the file before the session is checked as a whole."""
    try:
        raw = _parse(text, file)
    except InstrumentError as error:  # the same located YAML problem, named for a session
        raise WorkSessionError(error.problems) from None
    if not isinstance(raw, dict):
        line = getattr(getattr(raw, "lc", None), "line", None)
        _fail(
            file,
            line + 1 if isinstance(line, int) else 1,
            Text(
                N_(
                    "een werksessie is een blok met velden ('worksession: 1', 'meta:', "
                    "'participants:', 'items:', 'judgements:')"
                )
            ),
            "not_a_session",
        )

    session, located = validated(
        raw,
        file,
        WorkSession,
        WorkSessionError,
        (
            "worksession",
            N_("dit bestand zegt werksessieformaat {given}; rendement leest formaat 1"),
        ),
    )
    written = len(session.judgements)
    if table is not None:
        from .table import judgements_from_table, with_judgements

        session = with_judgements(session, judgements_from_table(table, session))
    findings = [
        located(*finding)
        for finding in check_session(session)
        # a judgement of the table was checked with its row already
        if not (finding[0][:1] == ("judgements",) and int(finding[0][1]) >= written)
    ]
    if findings:
        raise WorkSessionError(findings)
    return LoadedSession(session, text, file)


def load_session(path: str | Path, table: str | Path | None = None) -> LoadedSession:
    """A work session file (and a table of more judgements);
    :class:`WorkSessionError` (never a traceback) when not usable."""
    file = str(path)
    text = read_text(path, _fail)
    return loads_session(text, file, table)
