"""``rendement prices``: search the bundled price lists (or an own list)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..i18n import _
from .common import LanguageOption, draw, out, usage, write_json


def prices(
    search: Annotated[
        str | None, typer.Argument(help="Zoekterm in code of omschrijving.", show_default=False)
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Toon de bedragen ook geïndexeerd naar dit prijspeil.")
    ] = None,
    price_list: Annotated[
        str | None,
        typer.Option("--list", help="Alleen deze lijst: een id, of een eigen bestand (.yaml)."),
    ] = None,
    series: Annotated[
        str | None,
        typer.Option(
            help="Indexreeks voor --year: cpi-cbs (standaard), cpi-ons, cpi-abs of een pad "
            "op .yaml."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON-document.")] = False,
    lang: LanguageOption = None,
) -> None:
    """Zoek in de meegeleverde prijslijsten (of een eigen lijst), met bron en prijspeil."""
    from ..money import currency
    from ..money import price as price_text
    from ..present import Table
    from ..prices import (
        CatalogueError,
        IndexError_,
        bundled_list,
        bundled_lists,
        load_list,
        load_series,
    )
    from ..prices.catalogue import shown_name

    here = Path.cwd()
    try:
        lists = (
            [load_list(price_list, here)]
            if price_list
            else [bundled_list(i) for i in bundled_lists()]
        )
        index = load_series(series, here) if year is not None else None
    except CatalogueError as error:
        usage(str(error))
    needle = (search or "").lower()
    rows: list[dict[str, Any]] = []
    for plist in lists:
        for item in plist.items.values():
            text = f"{item.code} {item.name} {item.name_en or ''} {item.note or ''}"
            text = f"{text} {item.domain or ''}".lower()
            if needle and needle not in text:
                continue
            row: dict[str, Any] = {
                "list": plist.id,
                "currency": plist.currency,
                **item.model_dump(),
                "source_title": plist.source_of(item).title,
            }
            if index is not None and year is not None:
                try:
                    row["indexed"] = item.amount * index.factor(item.price_year, year)
                except IndexError_ as error:
                    usage(str(error))
                row["indexed_year"] = year
            rows.append(row)

    def price_in(code: str, amount: float) -> str:
        with currency(code):  # a list's amounts are in its own currency
            return price_text(amount)

    if as_json:
        write_json(rows)
        return
    columns = [
        _("Lijst"),
        _("Code"),
        _("Omschrijving"),
        _("Eenheid"),
        _("Bedrag"),
        _("Prijspeil"),
        _("Domein"),
        _("Soort"),
    ]
    if year is not None:
        columns.append(_("Prijspeil {year}").format(year=year))
    title = (
        _("{count} tarieven met '{search}'").format(count=len(rows), search=search)
        if search
        else _("{count} tarieven").format(count=len(rows))
    )
    table = Table(title, columns)
    for row in rows:
        cells = [
            row["list"],
            row["code"],
            shown_name(row["name"], row["name_en"]),
            row["unit"],
            price_in(row["currency"], row["amount"]),
            str(row["price_year"]),
            row["domain"] or "",
            _("schaduwprijs") if row["kind"] == "shadow_price" else _("kosten"),
        ]
        if year is not None:
            cells.append(price_in(row["currency"], row["indexed"]))
        table.add(cells)
    sources = sorted({f"{r['list']}: {r['source_title']}" for r in rows})
    table.caption = _("Bronnen: {sources}").format(sources="; ".join(sources)) if sources else None
    if index is not None:
        indexed = _("Index: {name} ({source})").format(name=index.name, source=index.source.strip())
        table.caption = f"{table.caption}. {indexed}" if table.caption else indexed
    draw(table)


def index(
    series: Annotated[
        str | None,
        typer.Argument(
            help="Een meegeleverde reeks (cpi-cbs, cpi-ons, cpi-abs) of een eigen bestand "
            "(.yaml); zonder: de lijst van meegeleverde reeksen.",
            show_default=False,
        ),
    ] = None,
    from_year: Annotated[
        int | None, typer.Option("--from", help="Prijspeil van een bedrag (met --to).")
    ] = None,
    to_year: Annotated[
        int | None, typer.Option("--to", help="Het prijspeil waarnaar het moet (met --from).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON-document.")] = False,
    lang: LanguageOption = None,
) -> None:
    """Toon de indexreeksen: welke er zijn, hun waarden per jaar met bron, en de factor
    tussen twee prijspeilen (--from 2019 --to 2024)."""
    from ..money import number
    from ..present import Table
    from ..prices import CatalogueError, IndexError_, bundled_series, bundled_series_ids
    from ..prices import load_series as load

    if series is None:
        found = [bundled_series(i) for i in bundled_series_ids()]
        if as_json:
            write_json([s.model_dump(mode="json") for s in found])
            return
        table = Table(
            _("Meegeleverde indexreeksen"),
            [_("Id"), _("Reeks"), _("Jaren"), _("Basisjaar"), _("Bron")],
        )
        for s in found:
            first, last = s.years
            table.add([s.id, s.name, f"{first}–{last}", str(s.base_year), s.href or ""])
        table.caption = _("Een reeks gebruiken: index_series: <id> in de case, of bij één prijs.")
        draw(table)
        return
    try:
        chosen = load(series, Path.cwd())
        factor = (
            chosen.factor(from_year, to_year)
            if from_year is not None and to_year is not None
            else None
        )
    except (CatalogueError, IndexError_) as error:
        usage(str(error))
    if (from_year is None) != (to_year is None):
        usage(_("geef --from en --to samen: het prijspeil van het bedrag en het gewenste"))
    if as_json:
        write_json({**chosen.model_dump(mode="json"), "factor": factor})
        return
    years = sorted(chosen.values)
    table = Table(chosen.name, [_("Jaar"), _("Index"), _("Mutatie")])
    for year in years:
        change = (
            number((chosen.values[year] / chosen.values[year - 1] - 1) * 100, 1) + "%"
            if year - 1 in chosen.values
            else ""
        )
        table.add([str(year), number(chosen.values[year], 3), change])
    table.caption = " ".join(
        part for part in (chosen.source.strip(), chosen.href, chosen.note) if part
    )
    draw(table)
    if factor is not None:
        out.print(
            _("Factor {start} → {end}: {factor}").format(
                start=from_year, end=to_year, factor=number(factor, 5)
            )
        )
