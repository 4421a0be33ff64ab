"""The shipped JSON Schema: current, accepting every model the loader accepts, refusing typos.

An editor's YAML language server reads YAML 1.2, where ``2019-05-01`` is text; the
examples are read the same way here (dates as text) before they are validated.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from rendement.cli import app
from rendement.model import ModelError, loads
from rendement.model.schema import SHIPPED, schema_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    ROOT / "examples" / "cohort" / "sociaal-makelaar.yaml",  # a model beside its price list
]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yaml"


def as_editor_reads(value: Any) -> Any:
    """Plain JSON data as a YAML 1.2 language server sees the file (dates are text)."""
    if isinstance(value, dict):
        return {str(k): as_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_reads(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def read(path: Path) -> Any:
    return as_editor_reads(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(shipped)
    return jsonschema.Draft202012Validator(shipped)


def messages(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return [e.message for e in validator.iter_errors(data)]


def test_the_shipped_schema_is_current() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), (
        "src/rendement/model/schema.json is stale: python -m rendement.model.schema"
    )


@pytest.mark.parametrize("path", [*EXAMPLES, MINIMAL], ids=lambda p: p.name)
def test_every_example_is_valid(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    assert messages(validator, read(path)) == []


@pytest.mark.parametrize(
    ("where", "key"),
    [((), "colour"), (("meta",), "titel"), (("interventions", 0, "effects", 0), "sharee")],
)
def test_an_unknown_key_is_refused(
    validator: jsonschema.Draft202012Validator, where: tuple[Any, ...], key: str
) -> None:
    data = read(MINIMAL)
    node = data
    for step in where:
        node = node[step]
    node[key] = 1
    assert any(f"'{key}' was unexpected" in m for m in messages(validator, data))


NUMBERS = [
    ("reach", 40),
    ("reach", "40"),
    ("reach", " 12.5 "),
    ("reach", "=10 * 4"),
    ("reach", {"triangular": [30, 40, 60]}),
    ("reach", {"ci90": ["30", 50], "point": 40}),
    ("effects.0.share", "25%"),
    ("effects.0.share", 0.25),
    ("effects.0.share", {"pert": ["15%", "25%", "35%"]}),
    ("effects.0.share", {"beta": {"alpha": 2, "beta": 5}}),
    ("effects.0.share", {"beta": {"mean": 0.3, "sd": 0.1}}),
    ("effects.0.units_per_case", {"lognormal": {"mean": 2, "sd": 1}}),
    ("effects.0.units_per_case", {"uniform": [1, 3]}),
]


def put(data: Any, path: str, value: Any) -> Any:
    changed = copy.deepcopy(data)
    node = changed["interventions"][0]
    *steps, last = [int(s) if s.isdigit() else s for s in path.split(".")]
    for step in steps:
        node = node[step]
    node[last] = value
    return changed


@pytest.mark.parametrize(("path", "value"), NUMBERS, ids=[f"{p}={v}" for p, v in NUMBERS])
def test_what_the_loader_accepts_the_schema_accepts(
    validator: jsonschema.Draft202012Validator, path: str, value: Any
) -> None:
    data = put(read(MINIMAL), path, value)
    loads(json.dumps(data), str(MINIMAL), MINIMAL.parent)  # the loader takes it (JSON is YAML)
    assert messages(validator, data) == []


REFUSED = [
    ("reach", "veertig"),
    ("reach", -1),
    ("reach", {"triangle": [1, 2, 3]}),
    ("reach", {"uniform": [1, 2], "normal": {"mean": 1, "sd": 1}}),
    ("reach", "25%"),  # a percentage only where a share is meant
    ("effects.0.share", 1.5),
    ("effects.0.units_per_case", {"normal": {"mean": 1}}),
    ("effects.0.id", "Huis arts"),
]


@pytest.mark.parametrize(("path", "value"), REFUSED, ids=[f"{p}={v}" for p, v in REFUSED])
def test_what_both_refuse(
    validator: jsonschema.Draft202012Validator, path: str, value: Any
) -> None:
    data = put(read(MINIMAL), path, value)
    with pytest.raises(ModelError):
        loads(json.dumps(data), str(MINIMAL), MINIMAL.parent)
    assert messages(validator, data)


def test_the_command_prints_and_writes_the_schema(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(app, ["schema"])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == schema_text()
    target = tmp_path / "rendement.schema.json"
    written = runner.invoke(app, ["schema", "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "rendement-model"
    refused = runner.invoke(app, ["schema", "-o", str(tmp_path / "geen" / "map" / "s.json")])
    assert refused.exit_code == 2
    assert "kan" in refused.stderr and "niet schrijven" in refused.stderr
