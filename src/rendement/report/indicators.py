"""The report's indicators: after an intervention's tables, the change start → end of its
measured indicators (a table) and a slope chart per indicator; where client cases were
measured again after the support ended, the change start → follow-up (a table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import _
from ..present.indicators import indicators_table, slope_chart

if TYPE_CHECKING:
    from ..cohort.indicators import IndicatorChange
    from ..model import Intervention
    from .outline import Outline


def indicator_blocks(
    outline: Outline, intervention: Intervention, indicators: list[IndicatorChange]
) -> None:
    """The measured indicators of ``intervention``'s effects not in money, if any."""
    ids = {o.measure.id for o in intervention.non_monetised if o.measure is not None}
    mine = [i for i in indicators if i.id in ids]
    table = indicators_table(mine)
    if table is None:
        return
    outline.heading(_("Indicatoren {name}").format(name=intervention.name), 2)
    outline.table(table)
    for indicator in mine:
        if indicator.to != "end":
            continue
        outline.chart(
            slope_chart(indicator),
            _("{name}: gemiddelde bij begin en eind, per groep").format(name=indicator.name),
        )
    later = indicators_table(mine, to="follow_up")
    if later is not None:
        outline.table(later)
