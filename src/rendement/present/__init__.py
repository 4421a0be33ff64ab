"""The presentation room: figures rounded and labelled for people (tables, later reports)."""

from .tables import (
    Table,
    financiers_table,
    headline_evaluations,
    intervention_tables,
    portfolio_balance_table,
    portfolio_table,
    prices_table,
    shown_scenarios,
    simulation_portfolio_table,
    simulation_table,
    tornado_table,
)

__all__ = [
    "Table",
    "financiers_table",
    "headline_evaluations",
    "intervention_tables",
    "portfolio_balance_table",
    "portfolio_table",
    "prices_table",
    "shown_scenarios",
    "simulation_portfolio_table",
    "simulation_table",
    "tornado_table",
]
