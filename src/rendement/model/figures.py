"""The names of computed figures, so a model can say what a report printed for each.

A figure path names one number of one evaluation (intervention × variant × scenario):
``net``, ``gross_by_financier.zvw`` or ``effects.jeugdhulp.gross``. Its kind sets how
it is compared and shown: money to the euro, ratios to two decimals, counts as counts.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["money", "ratio", "count"]

EVALUATION_FIGURES: dict[str, Kind] = {
    "reach": "count",
    "gross": "money",
    "perspective_gross": "money",
    "investment": "money",
    "perspective_investment": "money",
    "net": "money",
    "ratio_gross": "ratio",
    "ratio_net": "ratio",
    "gross_per_case": "money",
    "perspective_gross_per_case": "money",
    "society_net": "money",
}
"""Figures of a whole evaluation."""

BY_FINANCIER: dict[str, Kind] = {"gross_by_financier": "money", "investment_by_payer": "money"}

EFFECT_FIGURES: dict[str, Kind] = {
    "cases": "count",
    "units_per_case": "count",
    "units": "count",
    "price": "money",
    "value_per_case": "money",
    "base": "money",
    "gross": "money",
}
"""Figures of one effect line; ``units`` is the total (cases × units per case)."""

INVESTMENT_FIGURES: dict[str, Kind] = {
    "amount": "money",
    "hours_per_week": "count",
    "hourly_cost": "money",
    "quantity": "count",
    "unit_cost": "money",
}

LABELS: dict[str, str] = {
    "reach": "bereik",
    "gross": "bruto besparing",
    "perspective_gross": "bruto besparing (perspectief)",
    "investment": "investering",
    "perspective_investment": "investering (perspectief)",
    "net": "netto besparing",
    "ratio_gross": "bruto ratio",
    "ratio_net": "netto ratio",
    "gross_per_case": "bruto besparing per casus",
    "perspective_gross_per_case": "bruto besparing per casus (perspectief)",
    "society_net": "netto besparing (maatschappij)",
    "gross_by_financier": "bruto besparing voor",
    "investment_by_payer": "investering door",
    "cases": "aantal casussen",
    "units_per_case": "eenheden per casus",
    "units": "aantal eenheden",
    "price": "tarief",
    "value_per_case": "besparing per casus",
    "base": "besparing per jaar vóór filters",
    "amount": "bedrag",
    "hours_per_week": "uren per week",
    "hourly_cost": "kosten per uur",
    "quantity": "aantal",
    "unit_cost": "kosten per eenheid",
}


def figure_kind(
    path: str, effects: set[str], investments: set[str], financiers: set[str]
) -> Kind | str:
    """The kind of figure ``path`` names, or a Dutch message saying why it names none."""
    parts = path.split(".")
    head = parts[0]
    if len(parts) == 1:
        if head in EVALUATION_FIGURES:
            return EVALUATION_FIGURES[head]
        return f"'{path}' is geen berekend getal; kies uit {', '.join(EVALUATION_FIGURES)}"
    if head in BY_FINANCIER:
        if len(parts) == 2 and parts[1] in financiers:
            return BY_FINANCIER[head]
        options = ", ".join(sorted(financiers))
        return f"'{path}': na '{head}.' hoort de id van een financier ({options})"
    tables = {
        "effects": (effects, EFFECT_FIGURES),
        "investments": (investments, INVESTMENT_FIGURES),
    }
    if head in tables and len(parts) == 3:
        ids, fields = tables[head]
        if parts[1] not in ids:
            return (
                f"'{path}': geen regel met id '{parts[1]}' onder {head} ({', '.join(sorted(ids))})"
            )
        if parts[2] not in fields:
            return f"'{path}': kies na de regel uit {', '.join(fields)}"
        return fields[parts[2]]
    return (
        f"'{path}' is geen berekend getal; voorbeelden: net, effects.<id>.gross, "
        "investments.<id>.amount, gross_by_financier.<financier>"
    )
