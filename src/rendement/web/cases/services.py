"""Write actions on cases: each runs in one transaction and writes its audit row.

A save never overwrites a version someone else made meanwhile (optimistic locking): the
caller says which version its change was made on, and a save on an older one is refused
with what changed since.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from ...model import LoadedModel, ModelError, loads
from ...model.errors import Problem
from ...model.guards import TooMuch
from ...recent import Recent
from ..audit.services import record
from ..organisations.models import Organisation
from .models import Case, CaseVersion

REFUSED = {"too_large", "control_character", "too_deep", "yaml", "not_a_model", "alias_bomb"}
"""Problems that make a text no model document at all: refused, never stored."""
HOSTILE = {"too_long", "control_character", "bidi_control", "invisible_character"}
"""Problems of a name or text (model/texts.py): an import that brings one is refused (a
form too: it makes a new problem); a version stored before the limits existed still
opens, with them as to-dos. An empty name is no such problem: a blank case starts with
one, to fill in (a form that empties a name is refused all the same)."""


class DocumentRefused(ValueError):
    """The text is no model document (not YAML, hostile, too large); nothing is stored."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class StaleVersion(ValueError):
    """The change was made on an older version; ``since`` lists what changed meanwhile."""

    def __init__(self, base: int, since: list[CaseVersion]) -> None:
        super().__init__(f"versie {base} is niet meer de nieuwste")
        self.base = base
        self.since = since


class FieldRejected(ValueError):
    """A form's change would make the model wrong in a new way; ``problems`` say how."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class Checked:
    """A document loaded as far as it goes: the model when complete, else what is missing."""

    model: LoadedModel | None
    problems: list[Problem] = field(default_factory=list)
    links: int = 0  # edits of one number back to a check kept in full in the shared cache


CACHED = 128
_CHECKED = Recent(CACHED)
"""Documents kept loaded per process (~0,7 MB each for De Bilt): a save, its check and the
page after it load once; an edit checks the version it starts from and the one it makes."""


def digest(text: str) -> str:
    """The key a document is kept under: SHA-256 of its text.

    Remembered for the last texts asked: an edit asks for the digest of the same two
    texts ~17 times (its caches, the shared cache, the results, the headline note); the
    dict finds a text by its hash, which Python computes once per string."""
    found: str | None = _DIGESTS.find(text)
    if found is None:
        found = _DIGESTS[text] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return found


_DIGESTS = Recent(32)


def check_document(text: str, name: str = "model.yaml") -> Checked:
    """Load ``text`` as the CLI would, without files on the server; refuse what is no model.

    Loaded documents are kept (by their text and the language of their messages) in a
    small process-wide cache: the check of a form's change, its save and the results page
    after it share one load."""
    from ...i18n import active
    from ...model.editing import number_changed

    key = (digest(text), active())
    found: Checked | None = _CHECKED.find(key)
    if found is None and number_changed(text) is None:
        # (a text an edit of a number made here is new: the shared cache is not asked)
        found = _shared(text, key)
    if found is None:
        from . import shared

        found = _changed(text, key[1])
        if found is not None and found.links < LINKS:
            shared.keep(shared.key("checked", *key), _recipe(text, found))
        else:
            found = found or _check(text, name)
            found.links = 0
            shared.keep(shared.key("checked", *key), _slim(found))
        _CHECKED[key] = found
    return found


LINKS = 8
"""At most this many edits of one number in a row are kept in the shared cache as the
edit alone (a few bytes, instead of the pickled model and tree: ~8 ms of CPU); the next
is kept in full, so another process finds any version after at most this many short
validations."""


def _recipe(text: str, checked: Checked) -> tuple[Any, ...]:
    """How another process makes the check of ``text`` from the check of the text it was
    made from: ``("edit", that text's digest, place, new number, links)``."""
    from ...model.editing import number_changed

    made = number_changed(text)
    assert made is not None and checked.model is not None
    earlier, loc = made
    value: Any = checked.model.raw
    for step in loc:
        value = value[step]
    return ("edit", digest(earlier), loc, value, checked.links)


def _slim(checked: Checked) -> Checked:
    """What the shared cache keeps of a check: the model without its text (the key is
    the text: whoever finds it has it) and without its memos of effective interventions
    (filled again on first use) — half the size, and half the time to pickle."""
    from dataclasses import replace

    if checked.model is None:
        return checked
    return replace(checked, model=replace(checked.model, text="", _effective={}, _changes={}))


def _shared(text: str, key: tuple[str, str]) -> Checked | None:
    """The check of ``text`` from the cache every server process shares (see
    :mod:`.shared`), now kept in this process too; the round-trip tree that came with it
    is kept for the editing layer, so an edit on a version another process loaded does
    not parse its text again."""
    from ...model.editing import keep, kept
    from . import shared

    entry = shared.found(shared.key("checked", *key))
    checked = _made(entry, key[1])
    if not isinstance(checked, Checked):
        return None
    if isinstance(entry, tuple):  # made from the version before: see made_from
        _MADE_FROM[key[0]] = (entry[1], entry[2])
    if checked.model is not None:
        checked.model.text = text  # left out when it was kept (see _slim)
    _CHECKED[key] = checked
    if checked.model is not None and checked.model.raw is not None and kept(text) is None:
        keep(text, checked.model.raw)
    return checked


def _made(entry: Any, lang: str, depth: int = 0) -> Checked | None:
    """A shared cache entry as a check: kept in full, or made again from the check of the
    text before one edit of a number (:func:`_recipe`), itself found here or in the shared
    cache. None when a link is missing or the edit no longer loads the short way (the
    caller then loads the text in full)."""
    if isinstance(entry, Checked) or depth > LINKS:
        return entry if isinstance(entry, Checked) else None
    if not (isinstance(entry, tuple) and len(entry) == 5 and entry[0] == "edit"):
        return None
    from ...model.editing import with_value
    from ...model.incremental import loads_changed
    from . import shared

    _kind, earlier, loc, value, links = entry
    before: Checked | None = _CHECKED.find((earlier, lang))
    if before is None:
        before = _made(shared.found(shared.key("checked", earlier, lang)), lang, depth + 1)
    if before is None or before.model is None or before.problems or before.model.raw is None:
        return None
    tree = with_value(before.model.raw, loc, value)
    model = loads_changed(before.model, "", tree, loc)  # its text is set by the caller
    return None if model is None else Checked(model, links=links)


_MADE_FROM = Recent(CACHED)
"""By digest of a text made from the shared cache's record of an edit of one number: the
digest of the text before that edit and the place."""


def made_from(text: str) -> tuple[str, tuple[int | str, ...]] | None:
    """``(digest of the earlier text, place)`` when ``text`` is known to be that text with
    only the plain number at that place changed (an edit made here, or one another
    process recorded in the shared cache); else None."""
    from ...model.editing import number_changed

    made = number_changed(text)
    if made is not None:
        found = digest(made[0]), made[1]
        _MADE_FROM[digest(text)] = found  # for a later edit's chain (made_from_digest)
        return found
    return made_from_digest(digest(text))


def made_from_digest(name: str) -> tuple[str, tuple[int | str, ...]] | None:
    """:func:`made_from` by the digest of the text, for a text this process saw made
    (here, or by another process through the shared cache); else None."""
    found: tuple[str, tuple[int | str, ...]] | None = _MADE_FROM.find(name)
    return found


def shared_tree(text: str) -> Any:
    """The round-trip tree of ``text`` when another process loaded it (None when not):
    what the editing layer asks before it parses a text (``model.editing.ELSEWHERE``)."""
    from ...i18n import active

    checked = _shared(text, (digest(text), active()))
    model = checked.model if checked is not None else None
    return model.raw if model is not None else None


def _changed(text: str, lang: str) -> Checked | None:
    """The check of ``text`` from the check of the text it was made from, when an edit
    changed only one number of an intervention in it and that text loaded without a
    problem: only the changed intervention is validated again (see
    ``model/incremental.py``); None when that does not apply."""
    from ...model.editing import kept, number_changed
    from ...model.incremental import loads_changed

    made = number_changed(text)
    if made is None:
        return None
    earlier, loc = made
    before: Checked | None = _CHECKED.find((digest(earlier), lang))
    tree = kept(text)
    if before is None or before.model is None or before.problems or tree is None:
        return None
    model = loads_changed(before.model, text, tree, loc)
    return None if model is None else Checked(model, links=before.links + 1)


def _check(text: str, name: str) -> Checked:
    from ...model.editing import kept

    try:
        return Checked(loads(text, file=name, files=False, tree=kept(text)))
    except ModelError as error:
        # a control character in one text (written as an escape) is that text's problem
        if any(p.code in REFUSED and not (p.path and p.code in HOSTILE) for p in error.problems):
            raise DocumentRefused(error.problems) from None
        return Checked(None, error.problems)
    except TooMuch as error:  # from the editing layer's own parse
        raise DocumentRefused([Problem(name, error.line, "", str(error), error.code)]) from None


def _complete(checked: Checked) -> bool:
    """Loads, and has what a result needs (an intervention with an effect line and an
    investment): see :mod:`.completeness`."""
    from .completeness import missing

    return checked.model is not None and not missing(checked.model)


def _title(text: str, checked: Checked, fallback: str) -> str:
    if checked.model is not None:
        return checked.model.case.meta.title
    from ...model.editing import parse

    try:
        meta = parse(text).get("meta") or {}
        return str(meta.get("title") or fallback)[:300]
    except Exception:
        return fallback


@transaction.atomic
def create_case(
    *, actor: Any, organisation: Organisation, document: str, message: str, name: str = ""
) -> Case:
    """A new case from a model document (an upload, an example, a blank case)."""
    checked = check_document(document, name or "model.yaml")
    hostile = [p for p in checked.problems if p.code in HOSTILE]
    if hostile:
        raise DocumentRefused(hostile)
    case = Case.objects.create(
        organisation=organisation,
        title=_title(document, checked, name or "Nieuwe business case"),
        created_by=actor,
        latest_number=1,
    )
    CaseVersion.objects.create(
        case=case,
        number=1,
        document=document,
        author=actor,
        message=message[:300],
        complete=_complete(checked),
    )
    record(
        actor=actor,
        action="case.create",
        organisation=organisation,
        subject=f"case {case.uid}",
        detail={"title": case.title, "message": message[:300]},
    )
    return case


@transaction.atomic
def save_version(*, actor: Any, case: Case, document: str, message: str, base: int) -> CaseVersion:
    """Store ``document`` as the case's next version, if ``base`` is still the newest."""
    checked = check_document(document)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.latest_number != base:
        since = list(locked.versions.filter(number__gt=base).order_by("number"))
        raise StaleVersion(base, since)
    number = locked.latest_number + 1
    version = CaseVersion.objects.create(
        case=locked,
        number=number,
        document=document,
        author=actor,
        message=message[:300],
        complete=_complete(checked),
    )
    locked.latest_number = number
    locked.title = _title(document, checked, locked.title)
    locked.save(update_fields=["latest_number", "title", "updated_at"])
    case.latest_number, case.title = number, locked.title
    case.__dict__.setdefault("_numbered", {})[number] = version  # see selectors.numbered
    record(
        actor=actor,
        action="case.save",
        # the request's case has its organisation loaded already (selectors.case_for)
        organisation=case.organisation
        if case.organisation_id == locked.organisation_id
        else locked.organisation,
        subject=f"case {locked.uid}",
        detail={"version": number, "message": message[:300]},
    )
    return version


@transaction.atomic
def delete_case(*, actor: Any, case: Case) -> None:
    """The case and all its versions are gone; the audit row says who removed what."""
    organisation, uid, title = case.organisation, case.uid, case.title
    case.delete()
    record(
        actor=actor,
        action="case.delete",
        organisation=organisation,
        subject=f"case {uid}",
        detail={"title": title},
    )


TO_DO = {"missing"}
"""Problems an addition or removal may leave behind (to be filled in later)."""


class Conflict(StaleVersion):
    """The value this change sets was changed by someone else since its base: the one
    real conflict of three-way placing. ``theirs`` is the value now stored (None when
    the item is gone), ``by`` the version that changed it."""

    def __init__(
        self, base: int, since: list[CaseVersion], *, theirs: Any, by: CaseVersion | None
    ) -> None:
        super().__init__(base, since)
        self.theirs = theirs
        self.by = by


@dataclass(frozen=True)
class Change:
    """One change to a document, made on the version the form was opened on.

    ``kind`` says how it is placed on a newer version: ``set`` a value (a conflict only
    when that value changed meanwhile), ``append`` to a list (never a conflict while the
    list's owner exists), ``remove`` an item (a conflict when it is gone or changed),
    ``fixed`` (no placing: refused on a newer version, as before). ``apply`` makes the
    change to a document at the place given (the base's place, or the same place in the
    newest version)."""

    kind: str
    loc: tuple[int | str, ...]
    apply: Callable[[str, tuple[int | str, ...]], str]


def _placed(case: Case, base: int, change: Change) -> tuple[int, str, tuple[int | str, ...]]:
    """The version to build on, its document and the change's place in it: the base
    itself when it is the newest, else the newest version when the change can be placed
    there (three-way: its place unchanged since the base)."""
    from ...model.editing import read
    from ...model.merging import MISSING, relocate, unchanged, value_at
    from .selectors import numbered

    latest = Case.objects.values_list("latest_number", flat=True).get(pk=case.pk)
    current = numbered(case, base)
    if current is None:
        raise StaleVersion(base, list(case.versions.filter(number__gt=base).order_by("number")))
    if base == latest:
        return base, current.document, change.loc
    since = list(case.versions.filter(number__gt=base).order_by("number"))
    newest = since[-1] if since else None
    if newest is None or change.kind == "fixed":
        raise StaleVersion(base, since)
    old, new = read(current.document), read(newest.document)
    owner = change.loc[:-1] if change.kind == "append" else change.loc
    moved = relocate(old, new, owner)
    if moved is None:
        raise Conflict(base, since, theirs=None, by=_changed_by(old, change.loc, since))
    if change.kind == "append":
        moved = (*moved, change.loc[-1])
    elif not unchanged(old, new, change.loc, moved):
        found = value_at(new, moved)
        raise Conflict(
            base,
            since,
            theirs=None if found is MISSING else found,
            by=_changed_by(old, change.loc, since),
        )
    return newest.number, newest.document, moved


def _changed_by(
    old: Any, loc: tuple[int | str, ...], since: list[CaseVersion]
) -> CaseVersion | None:
    """The first version after the base in which the value at ``loc`` differs (who made
    the other change); the newest when none can be told apart."""
    from ...model.editing import read
    from ...model.merging import relocate, unchanged

    for version in since:
        try:
            tree = read(version.document)
        except Exception:  # a stored version the reader refuses now: skip it
            continue
        moved = relocate(old, tree, loc)
        if moved is None or not unchanged(old, tree, loc, moved):
            return version
    return since[-1] if since else None


def _change(
    *,
    actor: Any,
    case: Case,
    base: int,
    message: str,
    change: Change,
    allowed: set[str],
) -> CaseVersion:
    """``change`` made to version ``base``'s document, or placed on the newest version
    when another save came in between (three-way), and stored as the next version.

    Refused (nothing stored) when the value it changes was changed meanwhile
    (:class:`Conflict`), or when the changed document has a problem the one it was made
    on had not, unless its code is ``allowed`` (what was already missing — a case is
    saved incomplete — never stops a change). A save that races another between placing
    and storing is placed again."""
    for _attempt in range(5):
        on, text, loc = _placed(case, base, change)
        document = change.apply(text, loc)
        before = {(p.path, p.message) for p in check_document(text).problems}
        introduced = [
            p
            for p in check_document(document).problems
            if (p.path, p.message) not in before and p.code not in allowed
        ]
        if introduced:
            raise FieldRejected(introduced)
        try:
            return save_version(actor=actor, case=case, document=document, message=message, base=on)
        except Conflict:
            raise
        except (StaleVersion, IntegrityError):
            continue  # another save landed between placing and storing: place again
    raise StaleVersion(base, list(case.versions.filter(number__gt=base).order_by("number")))


def edit_value(
    *, actor: Any, case: Case, base: int, loc: tuple[int | str, ...], value: Any, message: str
) -> CaseVersion:
    """One value changed on version ``base``, keeping the document's comments and order;
    refused when it makes the model wrong in a new way (a share of 150 %, text where a
    number belongs), or when someone else changed the same value meanwhile."""
    from ...model.editing import set_value

    return _change(
        actor=actor,
        case=case,
        base=base,
        message=message,
        change=Change("set", loc, lambda text, at: set_value(text, at, value)),
        allowed=set(),
    )


def set_change(
    *,
    actor: Any,
    case: Case,
    base: int,
    loc: tuple[int | str, ...],
    value: Any,
    message: str,
    new_variants: tuple[tuple[tuple[int | str, ...], Any], ...] = (),
) -> CaseVersion:
    """A value a variant or scenario sets (``loc`` inside its ``set``), after appending
    ``new_variants`` (each ``(list loc, item)``: a new variant, and 'huidig' with the
    first); refused when the change is wrong (a path that does not exist, a share of
    150 %). A change that makes new variants is placed only on its own base."""
    from ...model.editing import append, set_value

    def changed(text: str, at: tuple[int | str, ...]) -> str:
        for where, item in new_variants:
            text = append(text, where, item)
        return set_value(text, at, value)

    return _change(
        actor=actor,
        case=case,
        base=base,
        message=message,
        change=Change("fixed" if new_variants else "set", loc, changed),
        allowed=set(),
    )


def add_item(
    *,
    actor: Any,
    case: Case,
    base: int,
    loc: tuple[int | str, ...],
    item: Any,
    message: str,
    also: list[tuple[tuple[int | str, ...], Any]] | None = None,
) -> CaseVersion:
    """``item`` appended to the list at ``loc`` (an intervention, an effect line, an
    investment), and each ``(list loc, value)`` of ``also`` appended when not there yet
    (a price list the new line's price comes from). What the new item still lacks becomes
    a to-do; a wrong value in it is refused like a wrong value in a field. Made on an
    older version, it is appended to the newest one."""
    from ...model.editing import append, read

    def added(text: str, at: tuple[int | str, ...]) -> str:
        document = append(text, at[:-1], item)
        for where, value in also or []:
            node: Any = read(document)  # the tree append just wrote, not parsed again
            for key in where:
                node = node.get(key) if isinstance(node, dict) else None
            if not isinstance(node, list) or value not in node:
                document = append(document, where, value)
        return document

    return _change(
        actor=actor,
        case=case,
        base=base,
        message=message,
        change=Change("append", (*loc, "+"), added),
        allowed=TO_DO,
    )


def remove_item(
    *, actor: Any, case: Case, base: int, loc: tuple[int | str, ...], message: str
) -> CaseVersion:
    """The entry at ``loc`` (an effect line, an investment, an intervention, a variant, a
    value a variant or scenario sets, a financier, a stakeholder, a scenario) removed;
    refused when something else still refers to it (a portfolio column, a reported
    figure, an effect line paid by the financier). A scenario of the case goes with what
    it changes in each intervention. Made on an older version, it is placed on the newest
    when the entry is there unchanged."""
    from ...model.editing import read, remove

    def removed(text: str, at: tuple[int | str, ...]) -> str:
        raw = read(text)
        gone: Any = None
        if len(at) == 2 and at[0] == "scenarios" and isinstance(raw.get("scenarios"), list):
            scenario = raw["scenarios"][at[1]] if 0 <= int(at[1]) < len(raw["scenarios"]) else {}
            gone = scenario.get("id") if isinstance(scenario, dict) else None
        text = remove(text, at)
        interventions = read(text).get("interventions")
        for i, item in enumerate(interventions if isinstance(interventions, list) else []):
            blocks = item.get("scenarios") if isinstance(item, dict) else None
            if gone is not None and isinstance(blocks, dict) and gone in blocks:
                text = remove(text, ("interventions", i, "scenarios", gone))
        return text

    return _change(
        actor=actor,
        case=case,
        base=base,
        message=message,
        change=Change("remove", loc, removed),
        allowed=TO_DO,
    )
