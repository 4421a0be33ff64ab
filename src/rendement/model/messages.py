"""Pydantic's error types, said in plain words for the author of a model: each a stable
code and a :class:`~rendement.wording.Text`, worded in the reader's language when shown."""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from ..i18n import N_
from ..wording import Text, known, names, suggestion

__all__ = ["known", "suggestion", "translate"]


def _allowed_fields(model: Any) -> list[str]:
    fields = getattr(model, "model_fields", None)
    return list(fields) if fields else []


def translate(error: ErrorDetails, parent_model: Any = None) -> tuple[str, Text]:
    """(code, message) for one pydantic error."""
    kind = error["type"]
    loc = error["loc"]
    field = str(loc[-1]) if loc else ""
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    given = error.get("input")
    if kind == "missing":
        return "missing", Text(N_("het verplichte veld '{field}' ontbreekt"), field=field)
    if kind == "extra_forbidden":
        options = _allowed_fields(parent_model)
        hint = suggestion(field, options) or (
            Text(N_(" Toegestaan: {names}."), names=names(options, limit=len(options)))
            if options
            else ""
        )
        return "unknown_field", Text(N_("onbekend veld '{field}'."), field=field) + hint
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"):
        whole = kind.startswith("int")
        if isinstance(given, str) and "," in given:
            return "not_a_number", Text(
                N_(
                    "hier hoort een geheel getal, maar er staat '{given}'; "
                    "schrijf getallen met een punt"
                )
                if whole
                else N_(
                    "hier hoort een getal, maar er staat '{given}'; schrijf getallen met een punt"
                ),
                given=given,
            )
        return "not_a_number", Text(
            N_("hier hoort een geheel getal, maar er staat {given}")
            if whole
            else N_("hier hoort een getal, maar er staat {given}"),
            given=repr(given),
        )
    if kind == "finite_number":
        return "not_a_number", Text(
            N_("hier hoort een eindig getal, maar er staat {given}"), given=repr(given)
        )
    if kind == "string_type":
        return "not_text", Text(N_("hier hoort tekst, maar er staat {given}"), given=repr(given))
    if kind == "list_type":
        return "not_a_list", Text(N_("hier hoort een lijst (regels die met '- ' beginnen)"))
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "not_a_block", Text(N_("hier hoort een blok met velden (sleutel: waarde)"))
    if kind == "literal_error" and field == "rendement":
        return "not_allowed", Text(
            N_("dit bestand zegt modelformaat {given}; deze versie van rendement leest formaat 1"),
            given=repr(given),
        )
    if kind == "literal_error":
        return "not_allowed", Text(
            N_("kies uit {options}; er staat {given}"),
            options=str(ctx.get("expected", "")),
            given=repr(given),
        )
    if kind.startswith("date"):
        return "not_a_date", Text(
            N_("hier hoort een datum als 2019-05-08, maar er staat {given}"), given=repr(given)
        )
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = {
            "greater_than": N_("de waarde moet groter dan {limit} zijn, maar is {given}"),
            "greater_than_equal": N_("de waarde moet {limit} of meer zijn, maar is {given}"),
            "less_than": N_("de waarde moet kleiner dan {limit} zijn, maar is {given}"),
            "less_than_equal": N_("de waarde moet {limit} of minder zijn, maar is {given}"),
        }[kind]
        limit = ctx.get(
            {"greater_than": "gt", "greater_than_equal": "ge"}.get(kind, "")
        ) or ctx.get({"less_than": "lt", "less_than_equal": "le"}.get(kind, ""))
        return "out_of_range", Text(bound, limit=str(limit), given=repr(given))
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        return "wrong_length", Text(
            N_("hier horen minstens {limit} items, maar er staan er {count}")
            if kind == "too_short"
            else N_("hier horen hoogstens {limit} items, maar er staan er {count}"),
            limit=str(limit),
            count=str(ctx.get("actual_length")),
        )
    if kind == "value_error":
        raised = ctx.get("error")
        if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], Text):
            return "invalid_value", raised.args[0]  # a validator's own message, worded later
        return "invalid_value", Text("{message}", message=str(raised or error["msg"]))
    return kind, Text("{message}", message=error["msg"])
