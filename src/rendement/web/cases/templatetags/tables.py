"""Template filters for the results tables: amount columns right-aligned and unbroken."""

from __future__ import annotations

from typing import Any

from django import template

from ....present import Table
from ....report.columns import numeric

register = template.Library()


@register.filter
def numeric_columns(table: Table) -> list[bool]:
    """Per column: True when every filled cell is an amount or a number (as in the PDF)."""
    return [numeric(table, n) for n in range(len(table.columns))]


@register.filter
def paired(cells: list[Any], flags: list[bool]) -> list[tuple[Any, bool]]:
    """The cells of a row with their column's flag: ``{% for cell, num in row|paired:flags %}``."""
    return list(zip(cells, flags, strict=False))
