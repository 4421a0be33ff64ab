"""Pydantic's error types, said in plain Dutch for the author of a model."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic_core import ErrorDetails


def _allowed_fields(model: Any) -> list[str]:
    fields = getattr(model, "model_fields", None)
    return list(fields) if fields else []


def suggestion(word: str, options: list[str]) -> str:
    """`` Bedoelde u 'x'?`` when a close match exists, else ''."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" Bedoelde u '{close[0]}'?" if close else ""


def known(options: list[str]) -> str:
    if not options:
        return "er is er nog geen gedeclareerd"
    shown = ", ".join(options[:12])
    return f"bekend: {shown}" + (", ..." if len(options) > 12 else "")


def translate(error: ErrorDetails, parent_model: Any = None) -> tuple[str, str]:
    """(code, Dutch message) for one pydantic error."""
    kind = error["type"]
    loc = error["loc"]
    field = str(loc[-1]) if loc else ""
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    given = error.get("input")
    if kind == "missing":
        return "missing", f"het verplichte veld '{field}' ontbreekt"
    if kind == "extra_forbidden":
        options = _allowed_fields(parent_model)
        hint = suggestion(field, options) or (
            f" Toegestaan: {', '.join(options)}." if options else ""
        )
        return "unknown_field", f"onbekend veld '{field}'.{hint}".replace("..", ".")
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"):
        whole = kind.startswith("int")
        wanted = "een geheel getal" if whole else "een getal"
        if isinstance(given, str) and "," in given:
            return "not_a_number", (
                f"hier hoort {wanted}, maar er staat '{given}'; schrijf getallen met een punt"
            )
        return "not_a_number", f"hier hoort {wanted}, maar er staat {given!r}"
    if kind == "finite_number":
        return "not_a_number", f"hier hoort een eindig getal, maar er staat {given!r}"
    if kind == "string_type":
        return "not_text", f"hier hoort tekst, maar er staat {given!r}"
    if kind == "list_type":
        return "not_a_list", "hier hoort een lijst (regels die met '- ' beginnen)"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "not_a_block", "hier hoort een blok met velden (sleutel: waarde)"
    if kind == "literal_error" and field == "rendement":
        return "not_allowed", (
            f"dit bestand zegt modelformaat {given!r}; deze versie van rendement leest formaat 1"
        )
    if kind == "literal_error":
        return "not_allowed", f"kies uit {ctx.get('expected', '')}; er staat {given!r}"
    if kind.startswith("date"):
        return "not_a_date", f"hier hoort een datum als 2019-05-08, maar er staat {given!r}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = {
            "greater_than": f"groter dan {ctx.get('gt')}",
            "greater_than_equal": f"{ctx.get('ge')} of meer",
            "less_than": f"kleiner dan {ctx.get('lt')}",
            "less_than_equal": f"{ctx.get('le')} of minder",
        }[kind]
        return "out_of_range", f"de waarde moet {bound} zijn, maar is {given!r}"
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "minstens" if kind == "too_short" else "hoogstens"
        return (
            "wrong_length",
            f"hier horen {word} {limit} items, maar er staan er {ctx.get('actual_length')}",
        )
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return "invalid_value", message
    return kind, error["msg"]
