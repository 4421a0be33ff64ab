"""The reference of the model format, generated from the schema itself.

``python -m rendement.model.reference > docs/model-reference.md`` writes it; a test
checks that the file is current and that every field has a description.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .case import BusinessCase
from .printed import Printed
from .values import Value

FIGURES_NOTE = """\
## Figure paths (for `reported:`)

A printed figure is named by a path within one evaluation (intervention × variant ×
scenario): `reach`, `gross`, `perspective_gross`, `investment`, `perspective_investment`,
`net`, `society_net`, `ratio_gross`, `ratio_net`, `gross_per_case`,
`perspective_gross_per_case`, `gross_by_financier.<financier>`,
`investment_by_payer.<financier>`, `effects.<id>.(cases|units_per_case|units|price|`
`value_per_case|gross)` and `investments.<id>.(amount|hours_per_week|hourly_cost|`
`quantity|unit_cost)`. In `portfolio.reported`: `<column>.<intervention>` and
`<column>.total`.

A printed figure is a number (`21376`, `5.62`: judged within € 1, or 0.01 for a ratio
or count), or the text as the report printed it, judged within the rounding that print
implies: `"6:1"` (5.5–6.5), `"5.62:1"`, `"€ 1,07 miljoen"` (± € 5.000), `"$4.8m"`,
`"£7.8 million"`, `"ca. € 670.000"` (the last non-zero digit is the one meant:
± € 5.000), `"44%"` (43.5–44.5 %). Dutch and English separators are read (`1.234,56`,
`1,234.56`; one separator before exactly three digits groups thousands). Or
`{value: 1070000, precision: 10000}`: the value and the unit it was rounded to. Never a
formula: a report prints numbers.
"""


def _type_name(annotation: object) -> str:
    if annotation is Value or typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        if annotation is Value or (args and args[0] is Value):
            return "getal of formule"
        if args and args[0] is Printed:
            return "gedrukt getal (getal, of tekst zoals gedrukt)"
        return _type_name(args[0])
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " of ".join(names)
    if origin is list:
        return f"lijst van {_type_name(args[0])}"
    if origin is dict:
        return f"{_type_name(args[0])} → {_type_name(args[1])}"
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    mapping = {str: "tekst", int: "geheel getal", float: "getal", object: "waarde"}
    if isinstance(annotation, type) and annotation in mapping:
        return mapping[annotation]
    if annotation is typing.Any:
        return "waarde"
    return getattr(annotation, "__name__", str(annotation)).replace("date", "datum")


def _models(root: type[BaseModel]) -> Iterator[type[BaseModel]]:
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for info in model.model_fields.values():
            for inner in _nested(info.annotation):
                visit(inner)

    visit(root)
    yield from seen


def _nested(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _nested(arg)


def undocumented() -> list[str]:
    """``Model.field`` for every field without a description (should be none)."""
    return [
        f"{model.__name__}.{name}"
        for model in _models(BusinessCase)
        for name, info in model.model_fields.items()
        if not (info.description or "").strip()
    ]


def _required(info: FieldInfo) -> str:
    return "ja" if info.is_required() else "nee"


def markdown() -> str:
    lines = [
        "# Model reference",
        "",
        "Generated from the schema by `python -m rendement.model.reference`; do not edit.",
        "Every block accepts only the fields listed (unknown fields are errors).",
        "A *getal of formule* is a number (`80`, `46.80`), a percentage where a share is",
        "meant (`25%`), or a formula starting with `=` (`=21376 / (9 * 52)`).",
        "",
    ]
    for model in _models(BusinessCase):
        doc = (model.__doc__ or "").strip().splitlines()[0]
        lines += [f"## {model.__name__}", "", doc, "", "| veld | type | verplicht | betekenis |"]
        lines.append("|---|---|---|---|")
        for name, info in model.model_fields.items():
            description = (info.description or "").replace("|", "\\|")
            type_name = _type_name(info.annotation).replace("|", "\\|")
            lines.append(f"| `{name}` | {type_name} | {_required(info)} | {description} |")
        lines.append("")
    lines.append(FIGURES_NOTE)
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
