"""Reading an instrument file: YAML (round-trip) → validated :class:`Instrument`.

The model's machinery does the reading, so an instrument's author gets the same kind of
message as a model's: file, line, field path and what is expected, in Dutch or English,
every problem at once. Only the round-trip road is taken: an instrument is small, and a
web form that checks one wants the lines anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..i18n import N_, _
from ..model.errors import ModelError, Problem
from ..model.guards import TooMuch, check_tree, scan_text
from ..model.loader import _PARSER_WORDS, _yaml, read_text
from ..model.locations import Loc, display_path, line_of
from ..model.messages import translate
from ..model.texts import check_texts
from ..wording import Text
from .checks import check_instrument
from .schema import Instrument


class InstrumentError(ModelError):
    """An instrument that cannot be used; carries every problem, sorted by line."""

    @property
    def header(self) -> str:
        if len(self.problems) == 1:
            return _("1 fout in het instrument")
        return str(Text(N_("{count} fouten in het instrument"), count=len(self.problems)))


@dataclass(frozen=True)
class LoadedInstrument:
    """A valid instrument, the text it came from and its file."""

    instrument: Instrument
    text: str
    file: str


Schema = TypeVar("Schema", bound=BaseModel)


def _fail(file: str, line: int | None, message: Text, code: str) -> NoReturn:
    raise InstrumentError([Problem(file, line, "", message, code)]) from None


def schema_at(root: type[BaseModel], loc: Loc) -> Any:
    """The schema class under ``root`` that holds the last field of ``loc`` (to suggest a
    field name); the instrument's and the work session's."""
    model: Any = root
    for key in loc[:-1]:
        if isinstance(key, int):
            continue
        info = getattr(model, "model_fields", {}).get(key)
        if info is None:
            return None
        annotation = info.annotation
        found = None
        for arg in (annotation, *getattr(annotation, "__args__", ())):
            for inner in (arg, *getattr(arg, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    found = inner
        model = found
    return model


def validated(
    raw: Any,
    file: str,
    schema: type[Schema],
    error: type[ModelError],
    version: tuple[str, str],
) -> tuple[Schema, Callable[[Loc, str, Text | str], Problem]]:
    """``raw`` validated as ``schema``, with the function that places a problem at its line
    and field; ``error`` listing every problem of the texts and the fields otherwise.
    ``version``: the format field and what to say when it names another format (a Dutch
    msgid with ``{given}``)."""

    def located(loc: Loc, code: str, message: Text | str) -> Problem:
        return Problem(file, line_of(raw, loc), display_path(raw, loc), message, code)

    texts = [located(loc, code, message) for loc, code, message in check_texts(raw)]
    try:
        valid = schema.model_validate(raw)
    except ValidationError as invalid:
        problems = list(texts)
        for detail in invalid.errors():
            loc = tuple(detail["loc"])
            code, message = translate(detail, schema_at(schema, loc))
            if code == "not_allowed" and loc == (version[0],):
                message = Text(version[1], given=repr(detail.get("input")))
            problems.append(located(loc, code, message))
        raise error(problems) from None
    if texts:
        raise error(texts)
    return valid, located


def _parse(text: str, file: str) -> Any:
    """The round-trip tree of ``text``; a located problem when it is no YAML."""
    try:
        scan_text(text)
        raw = _yaml(dates_as_text=True).load(text)
        check_tree(raw)
    except TooMuch as error:
        _fail(file, error.line, error.text, error.code)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        said = [(error.problem or "").strip(), (error.context or "").strip()]
        what = next(
            (words for key, words in _PARSER_WORDS.items() if any(t.startswith(key) for t in said)),
            Text(N_("controleer inspringing, dubbele punten en aanhalingstekens")),
        )
        _fail(
            file,
            mark.line + 1 if mark is not None else None,
            Text(N_("dit is geen geldige YAML ({what})"), what=what),
            "yaml",
        )
    except (YAMLError, RecursionError) as error:
        _fail(file, None, Text(N_("dit is geen geldige YAML: {what}"), what=str(error)), "yaml")
    return raw


def loads_instrument(text: str, file: str = "<instrument>") -> LoadedInstrument:
    """An instrument from YAML text; :class:`InstrumentError` listing every problem."""
    raw = _parse(text, file)
    if not isinstance(raw, dict):
        line = getattr(getattr(raw, "lc", None), "line", None)
        _fail(
            file,
            line + 1 if isinstance(line, int) else 1,
            Text(
                N_(
                    "een instrument is een blok met velden ('instrument: 1', 'meta:', "
                    "'questions:', ...)"
                )
            ),
            "not_an_instrument",
        )

    instrument, located = validated(
        raw,
        file,
        Instrument,
        InstrumentError,
        ("instrument", N_("dit bestand zegt instrumentformaat {given}; rendement leest formaat 1")),
    )
    findings = [located(*finding) for finding in check_instrument(instrument)]
    if findings:
        raise InstrumentError(findings)
    return LoadedInstrument(instrument, text, file)


def load_instrument(path: str | Path) -> LoadedInstrument:
    """An instrument file; :class:`InstrumentError` (never a traceback) when not usable."""
    file = str(path)
    text = read_text(path, _fail)
    return loads_instrument(text, file)
