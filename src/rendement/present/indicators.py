"""Indicators measured per client case, shown: the table of the change start → end per
segment, the text of the 'Meting' column, and the slope chart (one line per segment from
the mean at the start to the mean at the end, the target as a rule). Figures are rounded
here only, to two decimals; the data in the chart keep the exact means."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import altair as alt

from ..cohort.indicators import Change, IndicatorChange
from ..i18n import _
from ..model.interventions import NonMonetised
from ..money import number
from .charts import GAIN, _describe, _finish
from .tables import Table


def _n(value: float) -> str:
    return number(value, 2)


def _segment(change: Change) -> str:
    return change.value or _("alle casussen")


def _direction_of(direction: str) -> str:
    return _("hoger is beter") if direction == "higher" else _("lager is beter")


def _direction(indicator: IndicatorChange) -> str:
    return _direction_of(indicator.direction)


def indicator_text(outcome: NonMonetised) -> str:
    """The 'Indicator' cell: the indicator's name, with its scale and target when measurable."""
    name = outcome.indicator or ""
    spec = outcome.measure
    if spec is None:
        return name
    parts = [spec.scale, _direction_of(spec.direction)]
    if spec.baseline is not None:
        parts.append(_("nulmeting {value}").format(value=_n(spec.baseline)))
    if spec.target is not None:
        parts.append(_("streefwaarde {value}").format(value=_n(spec.target)))
    return f"{name or spec.id} ({'; '.join(parts)})"


def measured_text(indicator: IndicatorChange) -> str:
    """The 'Meting' cell of the effects not in money: the mean change with its interval."""
    total = indicator.total
    text = _("{start} → {end} ({change}, 95%: {low} tot {high}; {count} casussen)").format(
        start=_n(total.start),
        end=_n(total.end),
        change=f"{'+' if total.change > 0 else ''}{_n(total.change)}",
        low=_n(total.interval.low),
        high=_n(total.interval.high),
        count=total.count,
    )
    return text


def indicators_table(indicators: Iterable[IndicatorChange], to: str = "end") -> Table | None:
    """Per indicator and segment: n, mean at start and end, the mean change with its 95 %
    bootstrap interval, and how many client cases reached the target. ``to="follow_up"``:
    the same from the start to the follow-up, of the changes measured that way (the list
    may hold both kinds; each table takes its own)."""
    follow_up = to == "follow_up"
    table = Table(
        _("Indicatoren: verandering van begin tot follow-up")
        if follow_up
        else _("Indicatoren: verandering van begin tot eind"),
        [
            _("Indicator"),
            _("Groep"),
            _("Casussen"),
            _("Begin"),
            _("Follow-up") if follow_up else _("Eind"),
            _("Verandering"),
            _("95%-interval"),
            _("Streefwaarde gehaald"),
        ],
        kind="indicators",
    )
    notes = []
    for indicator in (i for i in indicators if i.to == to):
        for n, change in enumerate([indicator.total, *indicator.segments]):
            table.add(
                [
                    f"{indicator.name} ({indicator.scale}, {_direction(indicator)})"
                    if n == 0
                    else "",
                    _segment(change),
                    str(change.count),
                    _n(change.start),
                    _n(change.end),
                    _n(change.change),
                    f"{_n(change.interval.low)} – {_n(change.interval.high)}",
                    "—"
                    if change.reached is None
                    else _("{reached} van {count}").format(
                        reached=change.reached, count=change.count
                    ),
                ],
                bold=n == 0,
            )
        if indicator.hidden:
            notes.append(
                _("{name}: {cases} casussen in groepen te klein om apart te tonen.").format(
                    name=indicator.name, cases=indicator.hidden_cases
                )
            )
        if indicator.unpaired:
            notes.append(
                _(
                    "{name}: {count} casussen zijn maar op één moment gemeten en tellen niet mee."
                ).format(name=indicator.name, count=indicator.unpaired)
            )
    if not table.rows:
        return None
    table.caption = " ".join(
        [
            _(
                "Alleen casussen die bij de start en bij de follow-up zijn gemeten; de "
                "verandering is het gemiddelde van follow-up min begin per casus, met een "
                "95%-bootstrapinterval: houdt de verandering stand na de ondersteuning?"
            )
            if follow_up
            else _(
                "Alleen casussen die bij de start en aan het eind zijn gemeten; de "
                "verandering is het gemiddelde van eind min begin per casus, met een "
                "95%-bootstrapinterval."
            ),
            *notes,
        ]
    )
    return table


def slope_rows(indicator: IndicatorChange) -> list[dict[str, Any]]:
    """Two points per group (all client cases, then each segment shown): start and end."""
    rows = []
    for change in [indicator.total, *indicator.segments]:
        label = f"{_segment(change)} ({change.count})"
        for order, (moment, mean) in enumerate(
            ((_("begin"), change.start), (_("eind"), change.end))
        ):
            rows.append(
                {
                    "segment": label,
                    "moment": moment,
                    "order": order,
                    "mean": mean,
                    "mean_label": _n(mean),
                }
            )
    return rows


def slope_chart(indicator: IndicatorChange) -> dict[str, Any]:
    """A slope chart: per group a line from the mean at the start to the mean at the end;
    the target (and the baseline) as a horizontal rule."""
    rows = slope_rows(indicator)
    title = _("{name}: van begin tot eind").format(name=indicator.name)
    base = alt.Chart(alt.InlineData(values=rows))
    x = alt.X(
        "moment:N",
        sort=[_("begin"), _("eind")],
        title=None,
        axis=alt.Axis(labelAngle=0),
    )
    y = alt.Y("mean:Q", title=f"{indicator.name} ({indicator.scale})", scale=alt.Scale(zero=False))
    colour = alt.Color("segment:N", title=indicator.by or _("Groep"))
    tips = [
        alt.Tooltip("segment:N", title=indicator.by or _("Groep")),
        alt.Tooltip("moment:N", title=_("Moment")),
        alt.Tooltip("mean_label:N", title=_("Gemiddelde")),
    ]
    lines = base.mark_line(point=True, strokeWidth=2).encode(
        x=x, y=y, color=colour, detail="segment:N", order="order:O", tooltip=tips
    )
    layers: list[Any] = [lines]
    subtitle = [_direction(indicator).capitalize()]
    if indicator.target is not None:
        target = alt.Chart(alt.InlineData(values=[{"target": indicator.target}]))
        layers.append(
            target.mark_rule(color=GAIN, strokeWidth=1.5, strokeDash=[4, 3]).encode(y="target:Q")
        )
        subtitle.append(
            _("Streefwaarde {target} (stippellijn)").format(target=_n(indicator.target))
        )
    if indicator.baseline is not None:
        subtitle.append(_("Nulmeting {baseline}").format(baseline=_n(indicator.baseline)))
    parts = [f"{r['segment']} {r['moment']} {r['mean_label']}" for r in rows]
    return _finish(alt.LayerChart(layer=layers), title, subtitle, _describe(title, parts))
