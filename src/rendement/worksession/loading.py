"""Reading a work session file: YAML (round-trip) → validated :class:`WorkSession`.

The model's machinery does the reading (through the instrument's parser), so whoever
writes the file gets the same kind of message as for a model: file, line, field path and
what is expected, in Dutch or English, every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from pydantic import BaseModel, ValidationError

from ..i18n import N_, _
from ..instrument.loading import InstrumentError, _parse
from ..model.errors import ModelError, Problem
from ..model.locations import Loc, display_path, line_of
from ..model.messages import translate
from ..model.texts import check_texts
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


def _model_at(loc: Loc) -> Any:
    """The schema class that holds the last field of ``loc`` (to suggest a field name)."""
    model: Any = WorkSession
    for key in loc[:-1]:
        if isinstance(key, int):
            continue
        info = getattr(model, "model_fields", {}).get(key)
        if info is None:
            return None
        found = None
        for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
            for inner in (arg, *getattr(arg, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    found = inner
        model = found
    return model


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

    def located(loc: Loc, code: str, message: Text | str) -> Problem:
        return Problem(file, line_of(raw, loc), display_path(raw, loc), message, code)

    texts = [located(loc, code, message) for loc, code, message in check_texts(raw)]
    try:
        session = WorkSession.model_validate(raw)
    except ValidationError as error:
        problems = list(texts)
        for detail in error.errors():
            loc = tuple(detail["loc"])
            code, message = translate(detail, _model_at(loc))
            if code == "not_allowed" and loc == ("worksession",):
                message = Text(
                    N_("dit bestand zegt werksessieformaat {given}; rendement leest formaat 1"),
                    given=repr(detail.get("input")),
                )
            problems.append(located(loc, code, message))
        raise WorkSessionError(problems) from None
    if texts:
        raise WorkSessionError(texts)
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
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail(file, None, Text(N_("dit bestand bestaat niet")), "no_file")
    except IsADirectoryError:
        _fail(file, None, Text(N_("dit is een map, geen bestand")), "no_file")
    except UnicodeDecodeError:
        _fail(
            file,
            None,
            Text(N_("dit bestand is geen tekst in UTF-8; sla het op als UTF-8")),
            "encoding",
        )
    except OSError as error:
        _fail(
            file,
            None,
            Text(N_("kan het bestand niet lezen: {reason}"), reason=error.strerror or ""),
            "no_file",
        )
    return loads_session(text, file, table)
