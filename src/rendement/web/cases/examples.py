"""Examples a new case can start from: the bundled example models and a blank case."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = {
    "blank": "Lege business case",
    "de-bilt-2019": "De Bilt 2019 (preventief sociaal werk)",
    "de-bilt-2019-onzeker": "De Bilt 2019 met onzekerheid",
    "rekenvoorbeeld-meerjarig": "Rekenvoorbeeld meerjarig",
    "cohort/sociaal-makelaar": "Sociaal makelaar (verzonnen, met cliëntcasussen)",
    "sroi-uk-pounds": "SROI in ponden: waarde per belanghebbende (illustratief)",
    "sroi-lunch-club-au": "SROI in Australische dollars: proxy uit het VK, gedrukte cijfers "
    "(illustratief)",
    "sroi-drum-atweme-2014": "SROI Drum Atweme 2014: een gepubliceerd rapport nagerekend "
    "(gedrukte cijfers, audit)",
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
# De nettocijfers tellen voor de gemeente: een financier van de gemeente (Wmo, Jeugdwet,
# ...) die u toevoegt, komt in dit perspectief. Kies een ander bij Uitgangspunten.
perspectives:
  - id: gemeente
    name: Gemeente
    financiers: []
perspective: gemeente
interventions: []
"""


def examples_dir() -> Path:
    """The example models shipped in the package (``web/examples``: in a source checkout
    a link to the repository's ``examples/``, in a wheel a copy of them)."""
    return Path(__file__).resolve().parents[1] / "examples"


def example_text(name: str) -> str:
    if name == "blank":
        from datetime import date

        from ...prices import bundled_series

        today = date.today()
        # the newest price level the bundled index reaches: every listed price can be
        # indexed to it (a later year would leave the lists' prices without a factor)
        year = min(today.year, max(bundled_series().values))
        return BLANK.format(today=today.isoformat(), year=year)
    return (examples_dir() / f"{name}.yaml").read_text(encoding="utf-8")
