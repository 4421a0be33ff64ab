"""Documentation that cannot drift: schema fields, the generated reference, docstring examples."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import rendement.cohort.privacy
import rendement.files
import rendement.i18n
import rendement.instrument.answers
import rendement.instrument.answers_table
import rendement.model.editing
import rendement.model.expressions
import rendement.model.values
import rendement.money
import rendement.prices.search
import rendement.prices.units
import rendement.recent
import rendement.web.compression
from rendement.model.reference import markdown, undocumented

ROOT = Path(__file__).resolve().parents[1]


def test_every_schema_field_has_a_description() -> None:
    assert undocumented() == []


def test_model_reference_is_current() -> None:
    written = (ROOT / "docs" / "model-reference.md").read_text(encoding="utf-8")
    assert written == markdown(), (
        "docs/model-reference.md is stale: python -m rendement.model.reference "
        "> docs/model-reference.md"
    )


@pytest.mark.parametrize(
    "module",
    [
        rendement.money,
        rendement.web.compression,
        rendement.model.expressions,
        rendement.model.values,
        rendement.files,
        rendement.i18n,
        rendement.model.editing,
        rendement.recent,
        rendement.cohort.privacy,
        rendement.instrument.answers,
        rendement.instrument.answers_table,
        rendement.prices.units,
        rendement.prices.search,
    ],
)
def test_docstring_examples(module: object) -> None:
    failures, _ = doctest.testmod(module, verbose=False)  # type: ignore[arg-type]
    assert failures == 0


def test_readme_starts_with_the_two_quickstart_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", text, flags=re.S)
    first = blocks[0].strip().splitlines()
    assert len(first) == 2, "the quickstart block holds exactly two commands"
    assert first[0].endswith("rendement serve --demo")  # the web app with De Bilt loaded
    assert "pytest" in first[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert first[1] in ci, ".ci/run runs the README's test command"


def test_every_instrument_field_is_described_and_documented() -> None:
    """Each block of the instrument format has its section in docs/instruments.md, which
    names every field of it; and every field has a description in the schema."""
    from rendement.instrument.schema import Instrument
    from rendement.model.reference import _models

    text = (ROOT / "docs" / "instruments.md").read_text(encoding="utf-8")
    missing = []
    for model in _models(Instrument):
        section = re.search(rf"^### {model.__name__}\n(.*?)(?=^##|\Z)", text, flags=re.S | re.M)
        for name, info in model.model_fields.items():
            if not (info.description or "").strip():
                missing.append(f"{model.__name__}.{name}: no description")
            if section is None or f"| `{name}` |" not in section.group(1):
                missing.append(f"{model.__name__}.{name}: not in docs/instruments.md")
    assert missing == []


def test_every_worksession_field_is_described_and_documented() -> None:
    """Each block of the work session format has its section in docs/worksession.md, which
    names every field of it; and every field has a description in the schema."""
    from rendement.model.reference import _models
    from rendement.worksession.schema import WorkSession

    text = (ROOT / "docs" / "worksession.md").read_text(encoding="utf-8")
    missing = []
    for model in _models(WorkSession):
        section = re.search(rf"^### {model.__name__}\n(.*?)(?=^##|\Z)", text, flags=re.S | re.M)
        for name, info in model.model_fields.items():
            if not (info.description or "").strip():
                missing.append(f"{model.__name__}.{name}: no description")
            if section is None or f"| `{name}` |" not in section.group(1):
                missing.append(f"{model.__name__}.{name}: not in docs/worksession.md")
    assert missing == []
