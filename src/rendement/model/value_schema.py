"""The JSON Schema of a number in the model, for editors that check a model while it is typed.

It describes what :mod:`rendement.model.values` accepts, never less: a plain number, a
number written as text, a percentage where a share is meant, a formula starting with ``=``,
or a distribution written as a one-kind mapping. The loader stays the judge; the schema
only lets an editor (a YAML language server) complete and flag what it can see.
"""

from __future__ import annotations

from typing import Any

from .distributions import KINDS

_NUMBER_TEXT = r"^\s*[-+]?\d[\d_]*(\.\d+)?\s*$"  # 1_000: a number to the loader, text to an editor
_PERCENT_TEXT = r"^\s*-?\d+(\.\d+)?\s*%\s*$"
_FORMULA = r"^\s*="
_FLOAT_TEXT = r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"  # Python's float()


def _parameter(percent: bool) -> dict[str, Any]:
    """One parameter of a distribution: a number, or text such as ``'25%'`` or ``'1e3'``."""
    texts = [_FLOAT_TEXT, _PERCENT_TEXT] if percent else [_FLOAT_TEXT]
    return {"anyOf": [{"type": "number"}, *({"type": "string", "pattern": p} for p in texts)]}


def distribution_schema(percent: bool) -> dict[str, Any]:
    """``{triangular: [1, 2, 6]}``, ``{normal: {mean: 10, sd: 2}}``, with an optional ``point``."""
    value = _parameter(percent)

    def listed(size: int) -> dict[str, Any]:
        return {"type": "array", "items": value, "minItems": size, "maxItems": size}

    def named(*names: str) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {name: value for name in names},
            "required": list(names),
            "additionalProperties": False,
        }

    shapes: dict[str, dict[str, Any]] = {
        "uniform": listed(2),
        "range": listed(2),
        "ci90": listed(2),
        "triangular": listed(3),
        "pert": listed(3),
        "normal": named("mean", "sd"),
        "lognormal": named("mean", "sd"),
        "beta": {"anyOf": [named("mean", "sd"), named("alpha", "beta")]},
    }
    assert set(shapes) == set(KINDS), "every kind of distribution has a shape here"
    return {
        "type": "object",
        "description": "Een verdeling: één soort met parameters, bijv. {triangular: [1, 2, 6]} "
        "of {normal: {mean: 10, sd: 2}}; 'point' zet de puntwaarde.",
        "properties": {**shapes, "point": value},
        "additionalProperties": False,
        "oneOf": [{"required": [kind]} for kind in KINDS],
    }


def number_schema(
    percent: bool = False, minimum: float | None = None, maximum: float | None = None
) -> dict[str, Any]:
    """A number field: ``80``, ``'80'``, ``=21376 / (9 * 52)``, ``25%`` (shares) or a distribution.

    ``minimum``/``maximum`` bound the plain numbers only (a formula is checked by the loader).
    """
    plain: dict[str, Any] = {"type": "number"}
    if minimum is not None:
        plain["minimum"] = minimum
    if maximum is not None:
        plain["maximum"] = maximum
    texts = [_FORMULA, _NUMBER_TEXT, *([_PERCENT_TEXT] if percent else [])]
    what = "een getal, een percentage (25%)" if percent else "een getal"
    return {
        "anyOf": [
            plain,
            {"type": "string", "pattern": "|".join(f"(?:{t})" for t in texts)},
            distribution_schema(percent),
        ],
        "description": f"{what.capitalize()}, een formule die met '=' begint (=21376 / (9 * 52)) "
        "of een verdeling ({triangular: [1, 2, 6]}).",
    }
