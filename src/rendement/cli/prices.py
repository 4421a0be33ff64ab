"""``rendement prices``: search the bundled price lists (or an own list)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..i18n import _
from .common import LanguageOption, draw, usage, write_json


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
            text = f"{item.code} {item.name} {item.note or ''} {item.domain or ''}".lower()
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
            row["name"],
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
