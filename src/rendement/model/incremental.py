"""Loading a document that differs from a loaded one by one number of one intervention.

Why: the web app's most common change is one number (a reach, a share, hours per week),
and a full load validates the whole case again: every text, the whole tree, every
intervention and every variant's and scenario's effective intervention (~10 ms of CPU
for De Bilt, the largest part of an edit). A number changed inside intervention ``i``
can only change what validating intervention ``i`` gives and what is computed from it;
so only that intervention is validated again and the case rebuilt around it, and the
checks that look across the case (references, every formula's value) run in full on the
result, except each other intervention's own checks: those look at that intervention and
the case around it, neither of which changed, and found nothing before.

The shortcut is taken only where it gives the model a full load of the same tree would
give (tested against full loads on every number field of De Bilt): the previous model
is valid, both the old and the new value are plain numbers (not text, so no text limit,
reference or id can change; not a block, so the tree's shape is the same), and the new
model passes every cross-case check. Anything else — and any problem at all — returns
``None``, and the caller loads the text the full way, which finds and locates every
problem exactly as always.
"""

from __future__ import annotations

import gc
import math
from typing import Any

from . import overrides
from .formulas_check import numeric_findings
from .guards import MAX_FILE_BYTES
from .interventions import Intervention
from .loader import LoadedModel
from .locations import Loc
from .pricing import resolve
from .references import check_case


def plain_number(value: Any) -> bool:
    """An int or float as YAML reads one (not a bool, not infinite or NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def loads_changed(previous: LoadedModel, text: str, tree: Any, loc: Loc) -> LoadedModel | None:
    """The model of ``text`` (whose round-trip tree is ``tree``), which is ``previous``'s
    text with only the plain number at ``loc`` replaced by another plain number; ``None``
    when the shortcut does not apply or finds any problem (then load ``text`` in full).

    The caller vouches that ``tree`` differs from ``previous``'s tree at ``loc`` only
    (``model.editing.set_value`` records which of its texts it made that way)."""
    if len(loc) < 3 or loc[0] != "interventions" or not isinstance(loc[1], int):
        return None
    if len(text) * 4 > MAX_FILE_BYTES and len(text.encode("utf-8", "surrogatepass")) > (
        MAX_FILE_BYTES
    ):
        return None  # the size limit is the one text check a longer number can change
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        return _changed(previous, text, tree, loc)
    except Exception:  # a wrong value (ValidationError, …) or anything unforeseen: the
        return None  # full load decides and says where, as without the shortcut
    finally:
        overrides.forget_applied()
        if collecting:
            gc.enable()


def _changed(previous: LoadedModel, text: str, tree: Any, loc: Loc) -> LoadedModel | None:
    index = loc[1]
    assert isinstance(index, int)
    items = tree.get("interventions") if isinstance(tree, dict) else None
    old_items = previous.case.interventions
    if not isinstance(items, list) or len(items) != len(old_items) or not 0 <= index < len(items):
        return None
    node: Any = tree
    for key in loc:
        node = node[key]
    if not plain_number(node):
        return None
    changed = Intervention.model_validate(items[index])
    if changed.id != old_items[index].id:
        return None
    interventions = list(old_items)
    interventions[index] = changed
    case = previous.case.model_copy(update={"interventions": interventions})
    case._by_id = {}  # the index of the old list: rebuilt for the new one on first use
    book = resolve(case, None)  # as the web app loads: only the bundled price lists
    if next(iter(check_case(case, book, only=(index,))), None) is not None:
        return None
    model = LoadedModel(case=case, raw=tree, file=previous.file, text=text, book=book)
    same = changed.id
    # copied first (one C call): another thread may be filling the memos of ``previous``
    model._effective = {k: v for k, v in dict(previous._effective).items() if k[0] != same}
    model._changes = {k: v for k, v in dict(previous._changes).items() if k[0] != same}
    found = numeric_findings(case, book, model.effective, model.case_changes, only=(index,))
    if next(iter(found), None) is not None:
        return None
    return model
