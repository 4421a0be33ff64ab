"""Price lists as data: bundled with the package, or an organisation's own file.

A list file holds ``list`` (what it is), ``sources`` and ``items`` — or, for a large
published table, ``csv`` with how to read it. Every item has a code, name, unit, amount,
price year, source and (where known) the *domain* whose budget usually pays
(``wmo``, ``jeugd``, ``zvw``, ``wlz``, ...). A case's financier claims domains, so a
national list does not need to know the case's financiers.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..currencies import currency_problem
from .index import IndexSeries

Kind = Literal["avoided_cost", "shadow_price"]
DEFAULT_SERIES = "cpi-cbs"


class CatalogueError(ValueError):
    """A list or series that cannot be found or read; the message says which and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ListSource(_Strict):
    id: str = Field(description="Id waarmee items naar de bron verwijzen.")
    title: str = Field(description="Titel.")
    publisher: str | None = Field(None, description="Uitgever.")
    year: int | None = Field(None, description="Jaar van uitgave.")
    href: str | None = Field(None, description="Webadres.")
    note: str | None = Field(None, description="Toelichting.")


class PriceItem(_Strict):
    code: str = Field(description="Code van het item in de lijst.")
    name: str = Field(description="Omschrijving.")
    unit: str = Field(description="Eenheid waarop de prijs slaat.")
    amount: float = Field(ge=0, description="Bedrag per eenheid, in de valuta van de lijst.")
    price_year: int = Field(description="Prijspeil.")
    source: str = Field(description="Id van de bron in de lijst.")
    domain: str | None = Field(None, description="Wie dit normaal betaalt: wmo, zvw, wlz, ...")
    kind: Kind = Field("avoided_cost", description="Vermeden kosten of schaduwprijs.")
    region: str | None = Field(None, description="Regio waarvoor de prijs geldt.")
    note: str | None = Field(None, description="Toelichting.")
    name_en: str | None = Field(None, description="Engelse naam (ook doorzocht).")

    def label(self, code: str | None = None) -> str:
        """The name in language ``code`` (the active one by default): the English name
        when reading English and the list gives one, else the (Dutch) name."""
        return shown_name(self.name, self.name_en, code)


def shown_name(name: str, name_en: str | None, code: str | None = None) -> str:
    """``name`` (Dutch) or, in English, ``name_en`` where there is one."""
    from ..i18n import active

    return name_en if name_en and (code or active()) == "en" else name


class ListInfo(_Strict):
    id: str = Field(description="Id van de lijst.")
    name: str = Field(description="Naam.")
    version: str = Field(description="Versie van de lijst.")
    region: str | None = Field(None, description="Regio.")
    description: str | None = Field(None, description="Waar de lijst voor is.")
    currency: str = Field(
        "EUR", description="Valuta van alle bedragen in de lijst (ISO 4217); standaard EUR."
    )

    @field_validator("currency")
    @classmethod
    def _iso_code(cls, code: str) -> str:
        problem = currency_problem(code)
        if problem is not None:
            raise ValueError(problem)
        return code


class CsvTable(_Strict):
    file: str
    source: str
    price_year: int
    domains: dict[str, str] = Field(default_factory=dict)
    item_domains: dict[str, str] = Field(default_factory=dict)
    shadow_prices: list[str] = Field(default_factory=list)
    units: dict[str, str] = Field(default_factory=dict)
    category_units: dict[str, str] = Field(default_factory=dict)
    names_nl: dict[str, str] = Field(default_factory=dict)


class PriceListFile(_Strict):
    info: ListInfo = Field(alias="list")
    sources: list[ListSource]
    items: list[PriceItem] = Field(default_factory=list)
    csv: CsvTable | None = None


class PriceList:
    """A loaded list: its info, sources and items by code."""

    def __init__(self, data: PriceListFile, items: list[PriceItem], origin: str) -> None:
        self.info = data.info
        self.sources = {s.id: s for s in data.sources}
        self.items = {i.code: i for i in items}
        self.origin = origin

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def currency(self) -> str:
        return self.info.currency

    def source_of(self, item: PriceItem) -> ListSource:
        return self.sources[item.source]


def _yaml_file(path: Path) -> object:
    try:
        return YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"het bestand {path} bestaat niet") from None
    except (YAMLError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path} is geen leesbare YAML: {error}") from None


def _csv_items(table: CsvTable, folder: Path) -> list[PriceItem]:
    items = []
    with (folder / table.file).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = row["item"]
            lowered = label.lower()
            unit = table.category_units.get(row["category"], "eenheid")
            for words, candidate in table.units.items():
                if words in lowered:
                    unit = candidate
                    break
            code = row["code"]
            dutch = table.names_nl.get(code)
            items.append(
                PriceItem(
                    code=code,
                    name=dutch or label,
                    name_en=label if dutch else None,
                    unit=unit,
                    amount=float(row["eur_2022"]),
                    price_year=table.price_year,
                    source=table.source,
                    domain=table.item_domains.get(code, table.domains.get(row["category"])),
                    kind="shadow_price" if code in table.shadow_prices else "avoided_cost",
                    note=f"{row['domain']} / {row['category']}",
                )
            )
    return items


def read_list(path: Path) -> PriceList:
    """Read a price list file (bundled or an organisation's own)."""
    raw = _yaml_file(path)
    try:
        data = PriceListFile.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        raise CatalogueError(f"prijslijst {path.name}: '{where}': {message}") from None
    items = list(data.items)
    if data.csv is not None:
        items += _csv_items(data.csv, path.parent)
    known = {s.id for s in data.sources}
    for item in items:
        if item.source not in known:
            raise CatalogueError(
                f"prijslijst {path.name}: item '{item.code}' verwijst naar onbekende bron "
                f"'{item.source}'"
            )
    return PriceList(data, items, str(path))


def read_series(path: Path) -> IndexSeries:
    raw = _yaml_file(path)
    try:
        return IndexSeries.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        raise CatalogueError(f"indexreeks {path.name}: {first['msg']}") from None


def _data() -> Path:
    return Path(str(resources.files("rendement.prices") / "data"))


@cache
def bundled_lists() -> list[str]:
    """Ids of the lists that come with rendement (a list file has a top-level ``list:``)."""
    return sorted(
        p.stem for p in _data().glob("*.yaml") if "\nlist:" in "\n" + p.read_text(encoding="utf-8")
    )


@cache
def bundled_list(list_id: str) -> PriceList:
    path = _data() / f"{list_id}.yaml"
    if not path.exists() or list_id not in bundled_lists():
        raise CatalogueError(
            f"er is geen meegeleverde prijslijst '{list_id}' (wel: {', '.join(bundled_lists())}); "
            "een eigen lijst geeft u op met een pad dat eindigt op .yaml"
        )
    return read_list(path)


@cache
def bundled_series_ids() -> list[str]:
    """Ids of the index series that come with rendement (every data file that is no list)."""
    lists = set(bundled_lists())
    return sorted(p.stem for p in _data().glob("*.yaml") if p.stem not in lists)


@cache
def bundled_series(series_id: str = DEFAULT_SERIES) -> IndexSeries:
    path = _data() / f"{series_id}.yaml"
    if not path.exists() or series_id not in bundled_series_ids():
        raise CatalogueError(
            f"er is geen meegeleverde indexreeks '{series_id}' "
            f"(wel: {', '.join(bundled_series_ids())}); "
            "een eigen reeks geeft u op met een pad dat eindigt op .yaml"
        )
    return read_series(path)


NO_FILES = (
    "een model in de webapp gebruikt alleen de meegeleverde prijslijsten en indexreeksen "
    "(geen bestanden op de server); neem eigen tarieven op onder 'prices', met hun bron"
)


def load_list(ref: str, base: Path | None) -> PriceList:
    """A bundled list by id, or a list file by path (relative to the model's folder);
    ``base`` None allows bundled lists only (a model from a web form names no files)."""
    if ref.endswith((".yaml", ".yml")):
        if base is None:
            raise CatalogueError(NO_FILES)
        return read_list((base / ref).resolve())
    return bundled_list(ref)


def load_series(ref: str | None, base: Path | None) -> IndexSeries:
    if ref is None:
        return bundled_series()
    if ref.endswith((".yaml", ".yml")):
        if base is None:
            raise CatalogueError(NO_FILES)
        return read_series((base / ref).resolve())
    return bundled_series(ref)
