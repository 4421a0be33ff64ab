"""The uncertainty room: Monte Carlo, sensitivity and break-even through the one engine."""

from .breakeven import BreakEven, break_even
from .montecarlo import InlineExecutor, Simulation, Statistics, simulate
from .sampling import has_uncertainty, sample
from .sensitivity import InputSensitivity, Sensitivities, Sensitivity, sensitivity

__all__ = [
    "BreakEven",
    "InlineExecutor",
    "InputSensitivity",
    "Sensitivities",
    "Sensitivity",
    "Simulation",
    "Statistics",
    "break_even",
    "has_uncertainty",
    "sample",
    "sensitivity",
    "simulate",
]
