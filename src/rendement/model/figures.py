"""The names of computed figures, so a model can say what a report printed for each.

A figure path names one number of one evaluation (intervention × variant × scenario):
``net``, ``gross_by_financier.zvw`` or ``effects.jeugdhulp.gross``. Its kind sets how
it is compared and shown: money to the euro, ratios to two decimals, counts as counts.
"""

from __future__ import annotations

from typing import Literal

from ..i18n import N_
from ..wording import Text

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
    "social_value": "money",
    "sroi_ratio": "ratio",
}
"""Figures of a whole evaluation."""

BY_FINANCIER: dict[str, Kind] = {"gross_by_financier": "money", "investment_by_payer": "money"}
BY_STAKEHOLDER: dict[str, Kind] = {"stakeholder_value": "money", "stakeholder_ratio": "ratio"}

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

LABELS: dict[str, str] = {  # Dutch, marked for the catalogue; translate with _() when shown
    "reach": N_("bereik"),
    "gross": N_("bruto besparing"),
    "perspective_gross": N_("bruto besparing (perspectief)"),
    "investment": N_("investering"),
    "perspective_investment": N_("investering (perspectief)"),
    "net": N_("netto besparing"),
    "ratio_gross": N_("bruto ratio"),
    "ratio_net": N_("netto ratio"),
    "gross_per_case": N_("bruto besparing per casus"),
    "perspective_gross_per_case": N_("bruto besparing per casus (perspectief)"),
    "society_net": N_("netto besparing (maatschappij)"),
    "social_value": N_("maatschappelijke waarde"),
    "sroi_ratio": N_("SROI-ratio (maatschappelijke waarde ÷ investering)"),
    "stakeholder_value": N_("maatschappelijke waarde voor"),
    "stakeholder_ratio": N_("ratio (waarde ÷ investering) voor"),
    "gross_by_financier": N_("bruto besparing voor"),
    "investment_by_payer": N_("investering door"),
    "cases": N_("aantal casussen"),
    "units_per_case": N_("eenheden per casus"),
    "units": N_("aantal eenheden"),
    "price": N_("tarief"),
    "value_per_case": N_("besparing per casus"),
    "base": N_("besparing per jaar vóór filters"),
    "amount": N_("bedrag"),
    "hours_per_week": N_("uren per week"),
    "hourly_cost": N_("kosten per uur"),
    "quantity": N_("aantal"),
    "unit_cost": N_("kosten per eenheid"),
}


def figure_kind(
    path: str,
    effects: set[str],
    investments: set[str],
    financiers: set[str],
    stakeholders: set[str] | None = None,
) -> Kind | Text:
    """The kind of figure ``path`` names, or a Dutch message saying why it names none."""
    parts = path.split(".")
    head = parts[0]
    if len(parts) == 1:
        if head in EVALUATION_FIGURES:
            return EVALUATION_FIGURES[head]
        return Text(
            N_("'{path}' is geen berekend getal; kies uit {names}"),
            path=path,
            names=", ".join(EVALUATION_FIGURES),
        )
    if head in BY_FINANCIER:
        if len(parts) == 2 and parts[1] in financiers:
            return BY_FINANCIER[head]
        options = ", ".join(sorted(financiers))
        return Text(
            N_("'{path}': na '{head}.' hoort de id van een financier ({options})"),
            path=path,
            head=head,
            options=options,
        )
    if head in BY_STAKEHOLDER:
        known = stakeholders or set()
        if len(parts) == 2 and parts[1] in known:
            return BY_STAKEHOLDER[head]
        listed: Text | str = ", ".join(sorted(known)) or Text(N_("geen: declareer 'stakeholders'"))
        return Text(
            N_("'{path}': na '{head}.' hoort de id van een belanghebbende ({options})"),
            path=path,
            head=head,
            options=listed,
        )
    tables = {
        "effects": (effects, EFFECT_FIGURES),
        "investments": (investments, INVESTMENT_FIGURES),
    }
    if head in tables and len(parts) == 3:
        ids, fields = tables[head]
        if parts[1] not in ids:
            return Text(
                N_("'{path}': geen regel met id '{parts}' onder {head} ({names})"),
                path=path,
                parts=parts[1],
                head=head,
                names=", ".join(sorted(ids)),
            )
        if parts[2] not in fields:
            return Text(
                N_("'{path}': kies na de regel uit {names}"), path=path, names=", ".join(fields)
            )
        return fields[parts[2]]
    return Text(
        N_(
            "'{path}' is geen berekend getal; voorbeelden: net, effects.<id>.gross, "
            "investments.<id>.amount, gross_by_financier.<financier>"
        ),
        path=path,
    )
