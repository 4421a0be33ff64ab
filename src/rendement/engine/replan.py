"""The plan of a model that differs from an evaluated one by one plain number of one
intervention: the plan before, with that one input's value replaced.

Why: building the plan of De Bilt takes ~2,5 ms of an edit's ~24 ms of CPU, and an edit of
a number (a reach, a share, hours, a filter, a parameter) changes no slot, no line, no
evaluation — only the value of the input the number is. The plan keeps every written
number as an :class:`~.plan.Input` under a stable key (``<intervention>|<layer>|<path>``);
the number the base intervention writes is the input of layer ``""``, shared by every
variant and scenario that does not override it, exactly as a fresh build would share it.

Anything else gives None and the caller builds the plan in full: a place that is no input
of the base layer (a variant's or scenario's change, an activity year, a start year, a
text), a number the plan holds with another value than the model before wrote (the
mapping of place to key did not hold), or a number that is not plain.
``tests/test_replan.py`` compares the figures with those of a full build on every number
of every intervention of De Bilt.
"""

from __future__ import annotations

import copy
import math
from dataclasses import replace
from typing import Any

from ..model import LoadedModel
from .plan import Plan

_LISTS = ("effects", "investments", "parameters")


def _number(model: LoadedModel, loc: tuple[Any, ...]) -> float | None:
    """The plain number the model's intervention holds at document place ``loc``."""
    node: Any = model.case.interventions[loc[1]]
    for step in loc[2:]:
        node = node[step] if isinstance(step, int) else getattr(node, str(step), None)
        if node is None:
            return None
    literal = getattr(node, "literal", None)
    if getattr(node, "dist", None) is not None or not _plain(literal):
        return None
    return float(literal)  # type: ignore[arg-type]


def _plain(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def input_key(model: LoadedModel, loc: tuple[Any, ...]) -> str | None:
    """The key of the base layer's input at document place ``loc``, or None."""
    if len(loc) < 3 or loc[0] != "interventions" or not isinstance(loc[1], int):
        return None
    interventions = model.case.interventions
    if not 0 <= loc[1] < len(interventions):
        return None
    base = interventions[loc[1]]
    rest = loc[2:]
    if rest[0] in _LISTS:
        if len(rest) < 3 or not isinstance(rest[1], int):
            return None
        items = getattr(base, rest[0])
        if not 0 <= rest[1] < len(items):
            return None
        path = ".".join([rest[0], str(items[rest[1]].id), *map(str, rest[2:])])
    else:
        path = ".".join(map(str, rest))
    return f"{base.id}||{path}"


def patched_plan(
    plan: Plan, before: LoadedModel, model: LoadedModel, loc: tuple[Any, ...]
) -> Plan | None:
    """``plan`` (of ``before``) with the input at ``loc`` set to ``model``'s number there;
    None when that is not all that changed (then build the plan in full)."""
    key = input_key(before, loc)
    if key is None or key != input_key(model, loc):
        return None
    try:
        old, new = _number(before, loc), _number(model, loc)
    except (IndexError, TypeError):
        return None
    if old is None or new is None:
        return None
    found = [n for n, i in enumerate(plan.inputs) if i.key == key]
    if len(found) != 1:
        return None
    position = found[0]
    written = plan.inputs[position]
    if written.value != old or written.dist is not None or written.formula is not None:
        return None
    out = copy.copy(plan)  # the slots, lines, evaluations and index arrays are the same
    out.inputs = list(plan.inputs)
    out.inputs[position] = replace(written, value=new)
    return out
