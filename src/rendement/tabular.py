"""Results as tables for analysts: Arrow, pandas and polars, and HTML in a notebook.

Each result object (``Results``, ``Evaluation``, ``Simulation``, the sensitivity list)
builds plain column dicts of Python values; this module turns them into an Arrow table,
and that into a pandas or polars DataFrame. Arrow is the one conversion: pandas and
polars both read it without copying, and the column types (text, float, int, bool) are
fixed here rather than guessed from the first row.

pyarrow, pandas and polars are optional (``pip install 'rendement[analysis]'``) and imported
only when a table is asked for, so the engine imports none of them. Money is never
rounded in a table; only the HTML shown in a notebook rounds, as the report does.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

    from .model import LoadedModel

Kind = str  # 'text', 'float', 'int' or 'bool'

KEYS: dict[str, Kind] = {
    "intervention": "text",
    "intervention_name": "text",
    "variant": "text",
    "variant_name": "text",
    "scenario": "text",
    "scenario_name": "text",
    "perspective": "text",
}
"""The columns every table of evaluations starts with: which evaluation, in ids and names."""
Columns = dict[str, tuple[Kind, Any]]
"""Column name → (kind, values: a list, or a NumPy array for many draws); one length."""

INSTALL = "pip install 'rendement[analysis]'"


def _require(module: str, extra: str = INSTALL) -> Any:
    """Import an optional package, or say in plain words how to install it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:  # installed but broken: its own error says more
        raise ImportError(
            f"voor tabellen als DataFrame is het pakket '{module}' nodig: {extra}"
        ) from None


def arrow(columns: Columns, metadata: dict[str, str] | None = None) -> pyarrow.Table:
    """An Arrow table with the given column types (an empty table keeps its columns)."""
    pa = _require("pyarrow")
    types = {"text": pa.string(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
    arrays = {name: pa.array(values, type=types[kind]) for name, (kind, values) in columns.items()}
    table = pa.table(arrays)
    if metadata:
        table = table.replace_schema_metadata({f"rendement.{k}": v for k, v in metadata.items()})
    return table


def columns(rows: Sequence[dict[str, Any]], kinds: dict[str, Kind]) -> Columns:
    """Rows (dicts) as columns in the order and with the types of ``kinds``."""
    return {name: (kind, [row.get(name) for row in rows]) for name, kind in kinds.items()}


class Tabular:
    """Methods shared by every result that reads as tables; subclasses give the columns.

    ``TABLES`` names the tables an object offers, the first being the default.
    """

    TABLES: ClassVar[tuple[str, ...]] = ()

    def _columns(self, table: str, model: LoadedModel | None) -> Columns:
        raise NotImplementedError

    def _metadata(self) -> dict[str, str]:
        return {}

    def _html(self) -> str:
        raise NotImplementedError

    def _table(self, table: str | None) -> str:
        chosen = table or self.TABLES[0]
        if chosen not in self.TABLES:
            raise ValueError(f"onbekende tabel '{chosen}'; kies uit {', '.join(self.TABLES)}")
        return chosen

    def to_arrow(self, table: str | None = None, model: LoadedModel | None = None) -> pyarrow.Table:
        """One of ``TABLES`` (the first by default) as an Arrow table, unrounded.

        ``model`` gives names to the ids where the object does not carry its model itself
        (a Monte Carlo ``Simulation``); without it those name columns are empty.
        """
        chosen = self._table(table)
        return arrow(self._columns(chosen, model), {"table": chosen, **self._metadata()})

    def to_pandas(
        self, table: str | None = None, model: LoadedModel | None = None
    ) -> pandas.DataFrame:
        """The same table as a pandas DataFrame (through Arrow)."""
        _require("pandas")
        return self.to_arrow(table, model).to_pandas()

    def to_polars(
        self, table: str | None = None, model: LoadedModel | None = None
    ) -> polars.DataFrame:
        """The same table as a polars DataFrame (through Arrow, without copying)."""
        pl = _require("polars", "pip install polars")
        frame: polars.DataFrame = pl.from_arrow(self.to_arrow(table, model))
        return frame

    def _repr_html_(self) -> str:
        """What Jupyter shows: the object's main figures as a readable, rounded table."""
        return self._html()


def html_table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    note: str | None = None,
) -> str:
    """A small HTML table in the notebook's own style; every text is escaped."""
    esc: Callable[[str], str] = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    foot = f"<p><small>{esc(note)}</small></p>" if note else ""
    return (
        f'<table class="rendement"><caption style="text-align:left"><b>{esc(caption)}</b>'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{foot}"
    )
