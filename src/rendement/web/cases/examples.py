"""Examples a new case can start from: the bundled example models and a blank case."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLES = {
    "blank": "Lege business case",
    "de-bilt-2019": "De Bilt 2019 (preventief sociaal werk)",
    "de-bilt-2019-onzeker": "De Bilt 2019 met onzekerheid",
    "rekenvoorbeeld-meerjarig": "Rekenvoorbeeld meerjarig",
}

BLANK = """\
# Een nieuwe maatschappelijke business case. Vul de velden aan; wat nog ontbreekt staat
# als to-do bij de case.
rendement: 1
meta:
  title: Nieuwe business case
  client: ""
  version: "0.1"
  date: {today}
  price_year: {year}
theory_of_change:
  problem: ""
financiers: []
interventions: []
"""


def _examples_dir() -> Path:
    """The examples folder of a source checkout, else the copies in the package."""
    packaged = Path(str(resources.files("rendement.web").joinpath("examples")))
    source = Path(__file__).resolve().parents[4] / "examples"
    return source if source.is_dir() else packaged


def example_text(name: str) -> str:
    if name == "blank":
        from datetime import date

        today = date.today()
        return BLANK.format(today=today.isoformat(), year=today.year)
    return (_examples_dir() / f"{name}.yaml").read_text(encoding="utf-8")
