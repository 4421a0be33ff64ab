"""The model room: the YAML format of a business case, its validation and overrides.

>>> from rendement.model import load_model   # doctest: +SKIP
>>> model = load_model("examples/de-bilt-2019.yaml")   # doctest: +SKIP
"""

from .case import BASE_SCENARIO, BusinessCase, Portfolio, PortfolioColumn, Scenario
from .errors import ModelError, Problem
from .interventions import Effect, Intervention, Investment, Parameter, Reported, Variant
from .loader import LoadedModel, load_model, loads
from .parties import SOCIETY, Financier, Perspective, Stakeholder
from .prices import Price
from .values import Value

__all__ = [
    "BASE_SCENARIO",
    "SOCIETY",
    "BusinessCase",
    "Effect",
    "Financier",
    "Intervention",
    "Investment",
    "LoadedModel",
    "ModelError",
    "Parameter",
    "Perspective",
    "Portfolio",
    "PortfolioColumn",
    "Price",
    "Problem",
    "Reported",
    "Scenario",
    "Stakeholder",
    "Value",
    "Variant",
    "load_model",
    "loads",
]
