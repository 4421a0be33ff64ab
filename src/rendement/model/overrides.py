"""Variants and scenarios as named overrides of values, never as copies of the model.

A variant's or scenario's ``set`` maps a path inside the intervention to a new value:
``reach``, ``parameters.gezinnen``, ``effects.dagbesteding.units_per_case`` or
``investments.coordinator.hours_per_week``. Applying them gives the intervention as
that variant/scenario sees it, validated like the original.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..i18n import N_
from ..wording import Text, reason
from .interventions import Intervention

LISTS = ("effects", "investments", "parameters")


class OverrideError(ValueError):
    """An override whose path does not exist or whose value is not valid there."""


def _resolve(data: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    """The mapping that holds the value ``path`` names, and the key within it."""
    parts = path.split(".")
    if parts[0] in LISTS:
        if len(parts) < 2:
            raise OverrideError(
                Text(
                    N_("pad '{path}': noem na '{parts}.' de id van een regel"),
                    path=path,
                    parts=parts[0],
                )
            )
        items = data.get(parts[0]) or []
        ids = [item.get("id") for item in items]
        if parts[1] not in ids:
            raise OverrideError(
                Text(
                    N_("pad '{path}': geen regel met id '{parts}' onder {parts2} (wel: {value})"),
                    path=path,
                    parts=parts[1],
                    parts2=parts[0],
                    value=", ".join(str(i) for i in ids) or "geen",
                )
            )
        item = items[ids.index(parts[1])]
        if parts[0] == "parameters" and len(parts) == 2:
            return item, "value"
        if len(parts) != 3:
            raise OverrideError(
                Text(N_("pad '{path}': verwacht {head}.<id>.<veld>"), path=path, head=parts[0])
            )
        return item, parts[2]
    if len(parts) != 1:
        raise OverrideError(
            Text(
                N_(
                    "pad '{path}' bestaat niet; begin met reach, parameters., effects. of "
                    "investments."
                ),
                path=path,
            )
        )
    return data, parts[0]


def _named(data: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """``effects.huisarts.share`` for ``('effects', 0, 'share')``: ids, not list positions."""
    parts: list[str] = []
    node: Any = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            node = node[key]
            parts.append(str(node.get("id", key + 1)) if isinstance(node, dict) else str(key + 1))
        else:
            node = node.get(key) if isinstance(node, dict) else None
            parts.append(str(key))
    return ".".join(parts)


_APPLIED: dict[tuple[Any, ...], tuple[Intervention, Intervention]] = {}
"""Interventions already changed, by (intervention, changes): a load's checks and its
evaluation of the same variant and scenario ask for the same one, and each asks a full
validation. Emptied after each load (:func:`forget_applied`), so no model stays alive."""


def forget_applied() -> None:
    """Let go of the interventions kept for one load."""
    _APPLIED.clear()


def _frozen(value: Any) -> Any:
    """A key for a written value that tells apart all a validation looks at, or None."""
    if value is None or type(value) in (str, int, bool):
        return (type(value), value)
    if isinstance(value, str):
        return (str, str(value))
    if isinstance(value, float) and type(value).__name__ in ("float", "ScalarFloat"):
        written = (getattr(value, "_prec", None), getattr(value, "_width", None))
        return (float, repr(float(value)), *written, getattr(value, "_exp", None))
    return None


def apply_overrides(base: Intervention, changes: dict[str, Any]) -> Intervention:
    """The intervention with ``changes`` applied; raises :class:`OverrideError` in plain words."""
    if not changes:
        return base
    frozen = [(path, _frozen(value)) for path, value in changes.items()]
    if any(key is None for _, key in frozen):
        return _apply(base, changes)
    key = (id(base), *frozen)
    found = _APPLIED.get(key)
    if found is not None and found[0] is base:  # the same object, not a reused id
        return found[1]
    changed = _apply(base, changes)
    if len(_APPLIED) >= 4096:  # a bound: each entry keeps two interventions alive
        _APPLIED.clear()
    _APPLIED[key] = (base, changed)
    return changed


def _apply(base: Intervention, changes: dict[str, Any]) -> Intervention:
    data = base.model_dump(exclude_none=True)
    for path, value in changes.items():
        target, key = _resolve(data, path)
        if key in ("id",):
            raise OverrideError(
                Text(
                    N_("pad '{path}': een id kan niet per variant of scenario veranderen"),
                    path=path,
                )
            )
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    try:
        return Intervention.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = _named(data, first["loc"])
        raised = (first.get("ctx") or {}).get("error")
        message: Text | str = (
            reason(raised) if isinstance(raised, BaseException) else str(raised or first["msg"])
        )
        if first["type"] == "extra_forbidden":
            message = Text(N_("onbekend veld '{field}'"), field=str(first["loc"][-1]))
        raise OverrideError(
            Text(
                N_("na deze wijziging klopt '{field}' niet: {message}"),
                field=field,
                message=message,
            )
        ) from None
