"""The prices room: price lists as data, index series, and unit conversions.

It knows nothing of models: the model room resolves a case's prices through it.
"""

from .catalogue import (
    DEFAULT_SERIES,
    CatalogueError,
    ListSource,
    PriceItem,
    PriceList,
    bundled_list,
    bundled_lists,
    bundled_series,
    bundled_series_ids,
    load_list,
    load_series,
)
from .index import IndexError_, IndexSeries
from .units import normalise, price_units_per_unit

__all__ = [
    "DEFAULT_SERIES",
    "CatalogueError",
    "IndexError_",
    "IndexSeries",
    "ListSource",
    "PriceItem",
    "PriceList",
    "bundled_list",
    "bundled_lists",
    "bundled_series",
    "bundled_series_ids",
    "load_list",
    "load_series",
    "normalise",
    "price_units_per_unit",
]
