"""The portfolio chart of an organisation's overview: per business case its investment and
its net savings, side by side, the cases sorted by net.

One chart for a set of cases, each reduced to its headline figure (what the overview's
table shows of it), so the organisation sees at a glance which of its services pay and
what each asked for. Built like the case charts (:mod:`.charts`): Altair, data inline
and unrounded, amounts written by :mod:`rendement.money` in the active language and
currency, a description that names every figure for a screen reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import altair as alt

from ..i18n import _
from ..money import euro, ratio
from .charts import (
    INVESTMENT,
    NET,
    ZERO,
    _describe,
    _finish,
    _fold,
    _fold_colour,
    _money,
    _names,
    _rule,
    _tooltips,
)


@dataclass(frozen=True)
class CaseFigure:
    """One case as the chart draws it: a name unique in the chart and its headline."""

    name: str
    investment: float
    net: float
    gross_ratio: float | None


def case_rows(cases: Iterable[CaseFigure]) -> list[dict[str, Any]]:
    """The chart's data, highest net first: the exact figures and their words."""
    return [
        {
            "case": c.name,
            "investment": c.investment,
            "net": c.net,
            "investment_label": euro(c.investment),
            "net_label": euro(c.net),
            "ratio_label": ratio(c.gross_ratio) if c.gross_ratio is not None else "—",
        }
        for c in sorted(cases, key=lambda c: -c.net)
    ]


def cases_chart(cases: Iterable[CaseFigure], left_out: int = 0) -> dict[str, Any] | None:
    """Investment and net savings per case, two bars in each case's band, the cases from
    the highest net down; a dashed line at zero. ``left_out`` cases (without figures, or
    in another currency) are counted in the subtitle. None without a case to draw."""
    rows = case_rows(cases)
    if not rows:
        return None
    title = _("Portfolio: investering en netto besparing")
    order = [r["case"] for r in rows]
    bars_of = {"investment": (_("Investering"), INVESTMENT), "net": (_("Netto besparing"), NET)}
    bars = (
        _fold(alt.Chart(alt.InlineData(values=rows)), bars_of, "value")
        .mark_bar()
        .encode(
            y=_names("case", order),
            yOffset=alt.YOffset("shown:N", sort=[text for text, _hex in bars_of.values()]),
            x=_money("value", _("Bedrag (kerncijfer van de laatste versie)")),
            color=_fold_colour(bars_of),
            tooltip=_tooltips(
                ("case", _("Business case")),
                ("investment_label", _("Investering")),
                ("net_label", _("Netto besparing")),
                ("ratio_label", _("Bruto ratio")),
            ),
        )
    )
    subtitle = [
        _(
            "Per business case het kerncijfer van de laatste versie (perspectief van de "
            "case); de hoogste netto besparing bovenaan"
        )
    ]
    if left_out:
        subtitle.append(
            _("Niet getoond: {count} zonder cijfers of in een andere valuta").format(count=left_out)
        )
    parts = [
        _("{case}: investering {investment}, netto besparing {net}, bruto ratio {ratio}").format(
            case=r["case"],
            investment=r["investment_label"],
            net=r["net_label"],
            ratio=r["ratio_label"],
        )
        for r in rows
    ]
    chart = alt.LayerChart(layer=[bars, _rule(0.0, ZERO, dashed=True)])
    spec = _finish(chart, title, subtitle, _describe(title, parts))
    if "height" not in spec:  # a band per case holds two bars
        spec["height"] = {"step": 34}
    return spec
