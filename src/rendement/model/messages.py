"""Pydantic's error types, said in plain words for the author of a model (Dutch, or the
language of :func:`rendement.i18n.language`)."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic_core import ErrorDetails

from ..i18n import _


def _allowed_fields(model: Any) -> list[str]:
    fields = getattr(model, "model_fields", None)
    return list(fields) if fields else []


def suggestion(word: str, options: list[str]) -> str:
    """`` Bedoelde u 'x'?`` when a close match exists, else ''."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return " " + _("Bedoelde u '{word}'?").format(word=close[0]) if close else ""


def known(options: list[str]) -> str:
    if not options:
        return _("er is er nog geen gedeclareerd")
    shown = ", ".join(options[:12])
    return _("bekend: {names}").format(names=shown) + (", ..." if len(options) > 12 else "")


def translate(error: ErrorDetails, parent_model: Any = None) -> tuple[str, str]:
    """(code, Dutch message) for one pydantic error."""
    kind = error["type"]
    loc = error["loc"]
    field = str(loc[-1]) if loc else ""
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    given = error.get("input")
    if kind == "missing":
        return "missing", _("het verplichte veld '{field}' ontbreekt").format(field=field)
    if kind == "extra_forbidden":
        options = _allowed_fields(parent_model)
        hint = suggestion(field, options) or (
            " " + _("Toegestaan: {names}.").format(names=", ".join(options)) if options else ""
        )
        message = _("onbekend veld '{field}'.").format(field=field) + hint
        return "unknown_field", message.replace("..", ".")
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"):
        whole = kind.startswith("int")
        if isinstance(given, str) and "," in given:
            text = (
                _(
                    "hier hoort een geheel getal, maar er staat '{given}'; "
                    "schrijf getallen met een punt"
                )
                if whole
                else _(
                    "hier hoort een getal, maar er staat '{given}'; schrijf getallen met een punt"
                )
            )
            return "not_a_number", text.format(given=given)
        text = (
            _("hier hoort een geheel getal, maar er staat {given}")
            if whole
            else _("hier hoort een getal, maar er staat {given}")
        )
        return "not_a_number", text.format(given=repr(given))
    if kind == "finite_number":
        return "not_a_number", _("hier hoort een eindig getal, maar er staat {given}").format(
            given=repr(given)
        )
    if kind == "string_type":
        return "not_text", _("hier hoort tekst, maar er staat {given}").format(given=repr(given))
    if kind == "list_type":
        return "not_a_list", _("hier hoort een lijst (regels die met '- ' beginnen)")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "not_a_block", _("hier hoort een blok met velden (sleutel: waarde)")
    if kind == "literal_error" and field == "rendement":
        return "not_allowed", _(
            "dit bestand zegt modelformaat {given}; deze versie van rendement leest formaat 1"
        ).format(given=repr(given))
    if kind == "literal_error":
        return "not_allowed", _("kies uit {options}; er staat {given}").format(
            options=ctx.get("expected", ""), given=repr(given)
        )
    if kind.startswith("date"):
        return "not_a_date", _("hier hoort een datum als 2019-05-08, maar er staat {given}").format(
            given=repr(given)
        )
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = {
            "greater_than": _("de waarde moet groter dan {limit} zijn, maar is {given}"),
            "greater_than_equal": _("de waarde moet {limit} of meer zijn, maar is {given}"),
            "less_than": _("de waarde moet kleiner dan {limit} zijn, maar is {given}"),
            "less_than_equal": _("de waarde moet {limit} of minder zijn, maar is {given}"),
        }[kind]
        limit = ctx.get(
            {"greater_than": "gt", "greater_than_equal": "ge"}.get(kind, "")
        ) or ctx.get({"less_than": "lt", "less_than_equal": "le"}.get(kind, ""))
        return "out_of_range", bound.format(limit=limit, given=repr(given))
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        text = (
            _("hier horen minstens {limit} items, maar er staan er {count}")
            if kind == "too_short"
            else _("hier horen hoogstens {limit} items, maar er staan er {count}")
        )
        return "wrong_length", text.format(limit=limit, count=ctx.get("actual_length"))
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return "invalid_value", message
    return kind, error["msg"]
