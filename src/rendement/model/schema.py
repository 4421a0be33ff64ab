"""The JSON Schema of the model format, generated from the pydantic models and shipped.

An editor with a YAML language server (VS Code's YAML extension, Neovim, Helix, …)
reads it to complete field names and flag unknown keys, wrong types and bad ids while a
model is typed. The loader remains the judge: the schema never refuses what the loader
accepts, but the loader checks more (references, formulas, ranges of distributions).

``python -m rendement.model.schema`` rewrites the shipped ``schema.json`` beside this
module; a test fails when that file is stale. ``rendement schema`` prints the same text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).with_name("schema.json")
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema() -> dict[str, Any]:
    """The JSON Schema of a model file (draft 2020-12), with unknown keys forbidden.

    Every number field carries its full schema (see :mod:`rendement.model.value_schema`);
    here the three kinds are defined once and referred to, which keeps the file small.
    """
    from .case import BusinessCase  # the pydantic models only when a schema is asked for
    from .value_schema import number_schema

    shared = {
        "Getal": number_schema(),
        "Bedrag": number_schema(minimum=0),
        "Aandeel": number_schema(percent=True, minimum=0, maximum=1),
    }
    generated = _refer(BusinessCase.model_json_schema(), shared)
    return {
        "$schema": DIALECT,
        "title": "rendement-model",
        **{k: v for k, v in generated.items() if k not in ("title", "$defs")},
        "$defs": {**generated.get("$defs", {}), **shared},
    }


def _refer(node: Any, shared: dict[str, dict[str, Any]]) -> Any:
    """``node`` with every copy of a shared definition replaced by a ``$ref`` to it."""
    for name, definition in shared.items():
        if node == definition:
            return {"$ref": f"#/$defs/{name}"}
    if isinstance(node, dict):
        return {key: _refer(value, shared) for key, value in node.items()}
    if isinstance(node, list):
        return [_refer(value, shared) for value in node]
    return node


def schema_text() -> str:
    """The schema as the shipped file holds it: stable key order, UTF-8, a final newline."""
    import json

    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    SHIPPED.write_text(schema_text(), encoding="utf-8")
    print(f"{SHIPPED} bijgewerkt")


if __name__ == "__main__":
    main()
