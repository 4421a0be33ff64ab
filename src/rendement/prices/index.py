"""Price index series: bringing a price from its own price year to the case's price year.

A series holds index values per year (or yearly changes from which they are derived)
and cites where its figures come from. A year outside the series is an error, never an
extrapolation.

>>> series = IndexSeries(id="x", name="X", source="s", base_year=2015,
...                      values={2015: 100.0, 2016: 100.3, 2017: 101.7})
>>> round(series.factor(2015, 2017), 4)
1.017
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class IndexError_(ValueError):
    """A year the series does not cover; the message says which years it does."""


class IndexSeries(BaseModel):
    """An index series such as the CPI, with its source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Id van de reeks, bijv. cpi-cbs.")
    name: str = Field(description="Naam van de reeks.")
    source: str = Field(description="Bron van de cijfers, met tabel of adres.")
    href: str | None = Field(None, description="Webadres van de bron.")
    base_year: int = Field(description="Jaar met indexwaarde 100.")
    note: str | None = Field(None, description="Toelichting, bijv. hoe de index is afgeleid.")
    values: dict[int, float] = Field(
        default_factory=dict, description="Indexwaarde per jaar (basisjaar = 100)."
    )
    yearly_change_percent: dict[int, float] = Field(
        default_factory=dict,
        description="Jaarmutatie in procenten; de index wordt vanaf het basisjaar geketend.",
    )

    @model_validator(mode="after")
    def _chain(self) -> IndexSeries:
        if self.values or not self.yearly_change_percent:
            return self
        values = {self.base_year: 100.0}
        for year in sorted(y for y in self.yearly_change_percent if y > self.base_year):
            values[year] = values[year - 1] * (1 + self.yearly_change_percent[year] / 100)
        for year in sorted(
            (y for y in self.yearly_change_percent if y <= self.base_year), reverse=True
        ):
            values[year - 1] = values[year] / (1 + self.yearly_change_percent[year] / 100)
        object.__setattr__(self, "values", values)
        return self

    @property
    def years(self) -> tuple[int, int]:
        return min(self.values), max(self.values)

    def factor(self, from_year: int, to_year: int) -> float:
        """Multiply a price of ``from_year`` by this to express it in prices of ``to_year``."""
        first, last = self.years
        for year in (from_year, to_year):
            if year not in self.values:
                raise IndexError_(
                    f"de indexreeks '{self.name}' loopt van {first} tot en met {last}; "
                    f"{year} valt erbuiten"
                )
        return self.values[to_year] / self.values[from_year]
