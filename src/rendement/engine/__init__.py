"""The engine room: a validated model becomes a numeric plan, evaluated in one pass.

No Django, CLI or report code is imported here (checked by import-linter), so the web
app, the CLI and notebooks all evaluate through the same code.
"""

from .evaluate import (
    Folded,
    Lines,
    Outcome,
    Totals,
    lines,
    moving_slots,
    net,
    run,
    sums,
    sums_of_draws,
    totals,
)
from .plan import Input, Plan, build_plan
from .results import Evaluation, InterventionResult, PortfolioColumn, Results, evaluate

__all__ = [
    "Evaluation",
    "Folded",
    "Input",
    "InterventionResult",
    "Lines",
    "Outcome",
    "Plan",
    "PortfolioColumn",
    "Results",
    "Totals",
    "build_plan",
    "evaluate",
    "lines",
    "moving_slots",
    "net",
    "run",
    "sums",
    "sums_of_draws",
    "totals",
]
