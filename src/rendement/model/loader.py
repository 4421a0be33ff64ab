"""Reading a model file: YAML (round-trip, comments kept) → validated :class:`BusinessCase`.

Every problem is collected (not only the first) and reported with file, line and field
path in plain Dutch. A file that loads is complete: every reference resolves, every
formula can be computed, every variant and scenario applies.

Two roads, one outcome: a text is first read by libyaml (:mod:`.fastyaml`, ruamel's
values without lines) and checked; only a text with a problem, or with YAML the fast
reader leaves alone, is read again by ruamel's round-trip parser, which locates every
problem. So a valid model loads several times faster and every message is unchanged.
"""

from __future__ import annotations

import gc
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..i18n import N_
from ..wording import Text
from . import fastyaml, overrides
from .case import BASE_SCENARIO, BusinessCase
from .errors import ModelError, Problem
from .formulas_check import numeric_findings
from .guards import TooMuch, check_tree, scan_text, too_deep
from .interventions import Intervention
from .locations import Loc, display_path, line_of
from .messages import translate
from .overrides import apply_overrides
from .pricing import PriceBook, resolve
from .references import check_case
from .scenarios import CaseChange, case_changes, scenario_intervention_changes, split_changes
from .texts import check_texts, text_problem


class _DatesAsText(RoundTripConstructor):
    """Reads dates as text, so an impossible date (2024-13-15) is located, not a crash.

    A subclass, because ``add_constructor`` changes the class it is called on.
    """


_DatesAsText.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


_PARSER_WORDS = {
    "mapping values are not allowed here": Text(
        N_("na deze sleutel staat nog een dubbele punt, of de inspringing klopt niet")
    ),
    "could not find expected ':'": Text(N_("er ontbreekt een dubbele punt na een sleutel")),
    "found character that cannot start any token": Text(
        N_("een teken dat hier niet kan beginnen, vaak een tab")
    ),
    "found undefined alias": Text(N_("een *verwijzing naar een &anker dat niet bestaat")),
    "found duplicate key": Text(N_("een sleutel staat twee keer in hetzelfde blok")),
    "expected <block end>, but found '-'": Text(N_("een lijstregel op een plek waar die niet kan")),
    "while parsing a flow sequence": Text(N_("een ']' ontbreekt")),
    "while parsing a flow mapping": Text(N_("een '}' ontbreekt")),
    "found unexpected end of stream": Text(N_("het bestand houdt midden in een tekst op")),
}
"""The YAML parser's own (English) words for common mistakes, in the reader's language;
another mistake is only located."""


def _yaml(dates_as_text: bool = False) -> YAML:
    yaml = YAML(typ="rt")
    if dates_as_text:
        yaml.Constructor = _DatesAsText
    yaml.preserve_quotes = True
    yaml.width = 4096  # keep the author's own line breaks in folded text
    yaml.indent(mapping=2, sequence=4, offset=2)  # '  - id: ...' under its key
    return yaml


@dataclass
class LoadedModel:
    """A valid business case, the raw YAML tree it came from (for writing back) and its file."""

    case: BusinessCase
    raw: Any  # read-only round-trip tree, to find lines; None when read the fast way (tree())
    file: str
    text: str
    book: PriceBook  # the resolved prices: own, from lists, indexed
    _effective: dict[tuple[str, str, str], Intervention] = field(default_factory=dict)
    _changes: dict[tuple[str, str, str], dict[tuple[str, str], CaseChange]] = field(
        default_factory=dict
    )

    def tree(self) -> Any:
        """The round-trip tree of ``text`` (with lines), read on first use when loaded fast."""
        if self.raw is None:
            try:
                self.raw = _yaml().load(self.text)
            except ValueError:  # as the round-trip road reads it (never for a loaded model)
                self.raw = _yaml(dates_as_text=True).load(self.text)
        return self.raw

    def effective(self, intervention_id: str, variant_id: str, scenario_id: str) -> Intervention:
        """The intervention as one variant under one scenario sees it."""
        key = (intervention_id, variant_id, scenario_id)
        if key not in self._effective:
            base = self.case.intervention(intervention_id)
            changes: dict[str, Any] = {}
            for variant in base.variants:
                if variant.id == variant_id:
                    changes.update(split_changes(variant.set, self.case, base)[0])
            if scenario_id != BASE_SCENARIO:
                changes.update(scenario_intervention_changes(self.case, scenario_id, base.id))
                if scenario_id in base.scenarios:
                    own = base.scenarios[scenario_id].set
                    changes.update(split_changes(own, self.case, base)[0])
            self._effective[key] = apply_overrides(base, changes)
        return self._effective[key]

    def case_changes(
        self, intervention_id: str, variant_id: str, scenario_id: str
    ) -> dict[tuple[str, str], CaseChange]:
        """The case parameters and prices one evaluation sees changed (by scenario or variant).

        Parsed once per evaluation: the load-time checks and the plan both ask for it.
        """
        key = (intervention_id, variant_id, scenario_id)
        if key not in self._changes:
            base = self.case.intervention(intervention_id)
            self._changes[key] = case_changes(self.case, base, variant_id, scenario_id)
        return self._changes[key]

    def edited(self, loc: Loc, value: Any) -> LoadedModel:
        """A new model with one value changed (``loc`` as in ``('interventions', 0, 'reach')``).

        The author's comments and layout are kept. The result is validated like any
        model; on a mistake :class:`ModelError` is raised and this model is unchanged.
        """
        raw = _yaml().load(self.text)
        node = raw
        for key in loc[:-1]:
            node = node[key]
        node[loc[-1]] = value
        stream = io.StringIO()
        _yaml().dump(raw, stream)
        return loads(stream.getvalue(), self.file, Path(self.file).parent)

    def dump(self) -> str:
        """The model as YAML text, with the author's comments and layout kept."""
        stream = io.StringIO()
        _yaml().dump(_yaml().load(self.text), stream)
        return stream.getvalue()


def _model_at(loc: Loc) -> Any:
    """The pydantic model class that holds the last field of ``loc`` (for suggestions)."""
    model: Any = BusinessCase
    for key in loc[:-1]:
        if isinstance(key, int) or model is None:
            continue
        fields = getattr(model, "model_fields", {})
        info = fields.get(key)
        if info is None:
            return None
        annotation = info.annotation
        candidate = None
        for arg in (*getattr(annotation, "__args__", ()), annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                candidate = arg
            for inner in getattr(arg, "__args__", ()):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    candidate = inner
        model = candidate
    return model


def _problem(file: str, raw: Any, loc: Loc, code: str, message: Text | str) -> Problem:
    return Problem(file, line_of(raw, loc), display_path(raw, loc), message, code)


def _fail(file: str, line: int | None, message: Text | str, code: str) -> NoReturn:
    raise ModelError([Problem(file, line, "", message, code)]) from None


def loads(
    text: str,
    file: str = "<model>",
    base: Path | None = None,
    files: bool = True,
    tree: Any = None,
) -> LoadedModel:
    """Load a model from YAML text; raise :class:`ModelError` listing every problem.

    Price lists and index series given as paths are read relative to ``base`` (default:
    the folder of ``file``); with ``files=False`` (a document from a web form or upload)
    only the bundled ones are allowed, so a model cannot make the server read its files.
    ``tree`` is the round-trip tree of exactly ``text`` when the caller has it already (an
    edit that just wrote the text): the slow YAML parse is then skipped.

    The cyclic garbage collector is paused meanwhile: a load makes hundreds of thousands
    of objects (none in a cycle that needs it), and each of its passes walks every live
    object again — at 500 interventions that was 40 % of the load's time.
    """
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        return _loads(text, file, base, files, tree)
    finally:
        overrides.forget_applied()  # kept for one load: it holds interventions alive
        if collecting:
            gc.enable()


def _loads(text: str, file: str, base: Path | None, files: bool, tree: Any) -> LoadedModel:
    try:
        scan_text(text)
    except TooMuch as error:
        _fail(file, error.line, error.text, error.code)
    if tree is None and fastyaml.AVAILABLE:
        fast = _fast_loads(text, file, base, files)
        if fast is not None:
            return fast
    try:
        if tree is not None:
            raw = tree
        else:
            try:
                raw = _yaml().load(text)
            except ValueError:  # an impossible date: read it as text; validation says where
                raw = _yaml(dates_as_text=True).load(text)
        check_tree(raw)
    except TooMuch as error:
        _fail(file, error.line, error.text, error.code)
    except RecursionError:  # nesting the scan did not see coming: still the author's file
        _fail(file, None, too_deep(), "too_deep")
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        said = [(error.problem or "").strip(), (error.context or "").strip()]
        what = next(
            (words for key, words in _PARSER_WORDS.items() if any(t.startswith(key) for t in said)),
            "",
        )
        _fail(
            file,
            mark.line + 1 if mark is not None else None,
            Text(
                N_(
                    "dit is geen geldige YAML ({what}); controleer inspringing, dubbele punten "
                    "en aanhalingstekens"
                ),
                what=what,
            )
            if what
            else Text(
                N_(
                    "dit is geen geldige YAML; controleer inspringing, dubbele punten en "
                    "aanhalingstekens"
                )
            ),
            "yaml",
        )
    except YAMLError as error:
        _fail(file, None, Text(N_("dit is geen geldige YAML: {what}"), what=str(error)), "yaml")
    except Exception as error:  # the parser's own limits (NotImplementedError on comments, …)
        located = re.search(r"line: (\d+)", str(error))
        _fail(
            file,
            int(located.group(1)) + 1 if located else None,
            Text(
                N_(
                    "dit is geen geldige YAML (de lezer loopt hier vast, vaak op een "
                    "commentaar of inspringing die niet klopt); controleer inspringing, "
                    "dubbele punten en aanhalingstekens"
                )
            ),
            "yaml",
        )
    if not isinstance(raw, dict):
        found = Text(
            N_("een lijst")
            if isinstance(raw, list)
            else N_("niets")
            if raw is None
            else N_("losse tekst")
        )
        line = getattr(getattr(raw, "lc", None), "line", None)  # None for some documents
        _fail(
            file,
            line + 1 if isinstance(line, int) else 1,
            Text(
                N_(
                    "een model is een blok met velden ('rendement: 1', 'meta:', ...), maar "
                    "dit bestand bevat {found}"
                ),
                found=found,
            ),
            "not_a_model",
        )
    # names too long, control characters, reversed text: said with the schema's problems
    limits = list(check_texts(raw))
    texts = [_problem(file, raw, loc, code, message) for loc, code, message in limits]
    try:
        case = BusinessCase.model_validate(raw)
    except ValidationError as error:
        problems = list(texts)
        limited = {loc for loc, _code, _message in limits}
        for detail in error.errors():
            loc = tuple(detail["loc"])
            if loc in limited:  # a lone surrogate: pydantic's own words would say it again
                continue
            if loc[:-1] in limited and text_problem(str(loc[-1]), one_line=True):
                continue  # an unknown field whose name is the problem: not repeated
            code, message = translate(detail, _model_at(loc))
            problems.append(_problem(file, raw, loc, code, message))
        raise ModelError(_unique(problems)) from None
    if texts:
        raise ModelError(_unique(texts))
    book = resolve(case, (base or Path(file).parent) if files else None)
    findings = [
        _problem(file, raw, loc, code, message) for loc, code, message in check_case(case, book)
    ]
    if findings:
        raise ModelError(_unique(findings))
    model = LoadedModel(case=case, raw=raw, file=file, text=text, book=book)
    # names and references are right: now every value must also be computable
    numeric = [
        _problem(file, raw, loc, code, message)
        for loc, code, message in numeric_findings(case, book, model.effective, model.case_changes)
    ]
    if numeric:
        raise ModelError(_unique(numeric))
    return model


FAST_LOADS = 0
"""How many models the fast road loaded (for tests: that it is taken, not how fast)."""


class _Wrong(Exception):
    """The fast road found a mistake: the round-trip road finds it again and locates it."""


def _fast_loads(text: str, file: str, base: Path | None, files: bool) -> LoadedModel | None:
    """The model when the text reads and validates without any problem, else ``None``.

    The same checks as the round-trip road, in the same order, on the same values (see
    :mod:`.fastyaml`), but without lines: a valid model needs none. On the first sign of
    a problem — or of anything the C parser is not trusted to read like ruamel — it gives
    up, and the caller reads the text again the round-trip way, so every message, line and
    field path is exactly the one it always was.
    """
    global FAST_LOADS
    try:
        raw = fastyaml.fast_load(text)
        if not isinstance(raw, dict):
            raise _Wrong
        check_tree(raw)
        if next(iter(check_texts(raw)), None) is not None:
            raise _Wrong
        case = BusinessCase.model_validate(raw)
        book = resolve(case, (base or Path(file).parent) if files else None)
        if next(iter(check_case(case, book)), None) is not None:
            raise _Wrong
        model = LoadedModel(case=case, raw=None, file=file, text=text, book=book)
        found = numeric_findings(case, book, model.effective, model.case_changes)
        if next(iter(found), None) is not None:
            raise _Wrong
    except (fastyaml.Unsure, _Wrong, TooMuch, ValidationError, ModelError, RecursionError):
        return None
    FAST_LOADS += 1
    return model


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int | None, str, Text | str]] = set()
    out = []
    for p in problems:
        key = (p.line, p.path, p.text)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def read_text(
    path: str | Path,
    fail: Callable[[str, int | None, Text, str], NoReturn],
    directory: Text | None = None,
) -> str:
    """A document file's text (UTF-8), or ``fail(file, None, message, code)`` saying in
    words why it cannot be read: the same messages for a model, an instrument and a work
    session. ``directory``: what to say of a folder given for the file."""
    file = str(path)
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(file, None, Text(N_("dit bestand bestaat niet")), "no_file")
    except IsADirectoryError:
        fail(file, None, directory or Text(N_("dit is een map, geen bestand")), "no_file")
    except UnicodeDecodeError:
        fail(
            file,
            None,
            Text(N_("dit bestand is geen tekst in UTF-8; sla het op als UTF-8")),
            "encoding",
        )
    except OSError as error:
        fail(
            file,
            None,
            Text(N_("kan het bestand niet lezen: {reason}"), reason=error.strerror or ""),
            "no_file",
        )


def load_model(path: str | Path) -> LoadedModel:
    """Load a model file; raise :class:`ModelError` (never a traceback) when it is not usable."""
    file = str(path)
    text = read_text(path, _fail, Text(N_("dit is een map, geen modelbestand")))
    return loads(text, file)
