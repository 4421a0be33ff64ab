"""The instruments that come with rendement, and the example a team starts from.

They are files in :mod:`rendement.instrument` ``bundled/`` (package data), so the
command line and the web app offer the same ones. The example is written as it is
stored, comments and layout included: what ``template`` writes, ``check`` accepts (a
test checks it).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLE = "voorbeeld"
"""The commented example instrument ``rendement instrument template`` writes."""

GUIDE = "bmc-start-eind"
"""The start and end interview guide in the BMC way, mapped to the bundled price lists."""


def _folder() -> Path:
    return Path(str(resources.files("rendement.instrument") / "bundled"))


def bundled_instruments() -> list[str]:
    """The names of the bundled instruments (file names without ``.yaml``)."""
    return sorted(p.stem for p in _folder().glob("*.yaml"))


def bundled_path(name: str) -> Path:
    """The file of a bundled instrument; KeyError for an unknown name."""
    if name not in bundled_instruments():
        raise KeyError(name)
    return _folder() / f"{name}.yaml"


def example_text() -> str:
    """The commented example instrument, as stored."""
    return bundled_path(EXAMPLE).read_text(encoding="utf-8")


def write_template(path: Path) -> None:
    """Writes the commented example instrument to ``path``."""
    path.write_text(example_text(), encoding="utf-8")
