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

from django.db import transaction

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


CACHED = 128
_CHECKED = Recent(CACHED)
"""Documents kept loaded per process (~0,7 MB each for De Bilt): a save, its check and the
page after it load once; an edit checks the version it starts from and the one it makes."""


def digest(text: str) -> str:
    """The key a document is kept under: SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def check_document(text: str, name: str = "model.yaml") -> Checked:
    """Load ``text`` as the CLI would, without files on the server; refuse what is no model.

    Loaded documents are kept (by their text and the language of their messages) in a
    small process-wide cache: the check of a form's change, its save and the results page
    after it share one load."""
    from ...i18n import active

    return _CHECKED.kept((digest(text), active()), lambda: _check(text, name))


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
        complete=checked.model is not None,
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
        complete=checked.model is not None,
    )
    locked.latest_number = number
    locked.title = _title(document, checked, locked.title)
    locked.save(update_fields=["latest_number", "title", "updated_at"])
    case.latest_number, case.title = number, locked.title
    record(
        actor=actor,
        action="case.save",
        organisation=locked.organisation,
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


def _change(
    *,
    actor: Any,
    case: Case,
    base: int,
    message: str,
    change: Callable[[str], str],
    allowed: set[str],
) -> CaseVersion:
    """``change`` made to version ``base``'s document and stored as the next version.

    Refused (nothing stored) when ``base`` is no longer the newest, or when the changed
    document has a problem the old one had not, unless its code is ``allowed`` (what was
    already missing — a case is saved incomplete — never stops a change)."""
    current = case.versions.filter(number=base).first()
    if current is None or base != case.latest_number:
        since = list(case.versions.filter(number__gt=base).order_by("number"))
        raise StaleVersion(base, since)
    document = change(current.document)
    before = {(p.path, p.message) for p in check_document(current.document).problems}
    introduced = [
        p
        for p in check_document(document).problems
        if (p.path, p.message) not in before and p.code not in allowed
    ]
    if introduced:
        raise FieldRejected(introduced)
    return save_version(actor=actor, case=case, document=document, message=message, base=base)


def edit_value(
    *, actor: Any, case: Case, base: int, loc: tuple[int | str, ...], value: Any, message: str
) -> CaseVersion:
    """One value changed on version ``base``, keeping the document's comments and order;
    refused when it makes the model wrong in a new way (a share of 150 %, text where a
    number belongs)."""
    from ...model.editing import set_value

    return _change(
        actor=actor,
        case=case,
        base=base,
        message=message,
        change=lambda text: set_value(text, loc, value),
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
    150 %)."""
    from ...model.editing import append, set_value

    def changed(text: str) -> str:
        for where, item in new_variants:
            text = append(text, where, item)
        return set_value(text, loc, value)

    return _change(
        actor=actor, case=case, base=base, message=message, change=changed, allowed=set()
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
    a to-do; a wrong value in it is refused like a wrong value in a field."""
    from ...model.editing import append, read

    def added(text: str) -> str:
        document = append(text, loc, item)
        for where, value in also or []:
            node: Any = read(document)  # the tree append just wrote, not parsed again
            for key in where:
                node = node.get(key) if isinstance(node, dict) else None
            if not isinstance(node, list) or value not in node:
                document = append(document, where, value)
        return document

    return _change(actor=actor, case=case, base=base, message=message, change=added, allowed=TO_DO)


def remove_item(
    *, actor: Any, case: Case, base: int, loc: tuple[int | str, ...], message: str
) -> CaseVersion:
    """The entry at ``loc`` (an effect line, an investment, an intervention, a variant, a
    value a variant or scenario sets, a financier, a stakeholder, a scenario) removed;
    refused when something else still refers to it (a portfolio column, a reported
    figure, an effect line paid by the financier). A scenario of the case goes with what
    it changes in each intervention."""
    from ...model.editing import read, remove

    def removed(text: str) -> str:
        raw = read(text)
        gone: Any = None
        if len(loc) == 2 and loc[0] == "scenarios" and isinstance(raw.get("scenarios"), list):
            scenario = raw["scenarios"][loc[1]] if 0 <= int(loc[1]) < len(raw["scenarios"]) else {}
            gone = scenario.get("id") if isinstance(scenario, dict) else None
        text = remove(text, loc)
        interventions = read(text).get("interventions")
        for i, item in enumerate(interventions if isinstance(interventions, list) else []):
            blocks = item.get("scenarios") if isinstance(item, dict) else None
            if gone is not None and isinstance(blocks, dict) and gone in blocks:
                text = remove(text, ("interventions", i, "scenarios", gone))
        return text

    return _change(
        actor=actor, case=case, base=base, message=message, change=removed, allowed=TO_DO
    )
