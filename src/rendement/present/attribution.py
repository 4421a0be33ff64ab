"""The change attribution of a figure as a waterfall chart, and its parts in cents.

From the old version's figure, each changed input's part up or down, the structural
change (what no input explains) and then the new figure: the bars end where the new
figure starts. The chart takes plain numbers (the comparison itself is made in
:mod:`rendement.history`, a layer above this one).

Parts are shown to the cent, and rounded so that the shown parts add up to the shown
move (:func:`in_cents`): a reader who adds them up with a calculator finds the move.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt

from ..currencies import MINOR_UNITS
from ..i18n import _
from ..money import active_currency, euro, round_half_away
from .charts import (
    GAIN,
    INVESTMENT,
    NET,
    ZERO,
    Row,
    _colour,
    _describe,
    _finish,
    _money,
    _names,
    _rule,
    _tooltips,
)

OLD = "#9aa5b8"


def in_cents(old: float, new: float, parts: list[float]) -> list[int]:
    """The parts in cents (minor units) such that they add up to the move as shown:
    rounded new − rounded old. Largest remainders first (Hamilton's method), so no part
    is more than a cent off its exact value."""
    scale = 10 ** MINOR_UNITS.get(active_currency(), 2)
    total = round(round_half_away(new * scale)) - round(round_half_away(old * scale))
    floors = [math.floor(p * scale) for p in parts]
    rest = total - sum(floors)
    order = sorted(range(len(parts)), key=lambda n: parts[n] * scale - floors[n], reverse=True)
    out = list(floors)
    if rest >= 0:
        for n in order[:rest]:
            out[n] += 1
    else:
        for n in order[::-1][:-rest]:
            out[n] -= 1
    return out


def shown_parts(old: float, new: float, parts: list[float]) -> list[float]:
    """:func:`in_cents` as amounts: what a table shows for each part."""
    scale = 10 ** MINOR_UNITS.get(active_currency(), 2)
    return [c / scale for c in in_cents(old, new, parts)]


def attribution_rows(
    old_label: str, old: float, steps: list[tuple[str, float]], new_label: str, new: float
) -> list[Row]:
    """The old figure, each step up or down from where the last ended, the new figure."""
    shown = shown_parts(old, new, [amount for _name, amount in steps])
    rows: list[Row] = [_bar(0, "old", old_label, 0.0, old, euro(old, cents=True))]
    level = old
    for (name, amount), cents in zip(steps, shown, strict=True):
        kind = "up" if amount >= 0 else "down"
        sign = "+\u00a0" if cents >= 0 else ""  # as the minus: kept with the amount
        rows.append(_bar(len(rows), kind, name, level, level + amount, sign + euro(cents, True)))
        level += amount
    rows.append(_bar(len(rows), "new", new_label, 0.0, new, euro(new, cents=True)))
    return rows


def _bar(order: int, kind: str, step: str, start: float, end: float, label: str) -> Row:
    return {
        "order": order,
        "kind": kind,
        "step": step,
        "start": start,
        "end": end,
        "amount": end - start,
        "label": label,
    }


def attribution_waterfall(
    title: str,
    subtitle: list[str],
    old_label: str,
    old: float,
    steps: list[tuple[str, float]],
    new_label: str,
    new: float,
) -> dict[str, Any]:
    """A Vega-Lite waterfall: from ``old`` via each step (name, amount) to ``new``."""
    rows = attribution_rows(old_label, old, steps, new_label, new)
    base = alt.Chart(alt.InlineData(values=rows)).encode(
        y=_names("step", [r["step"] for r in rows])
    )
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=_money("start", _("Bedrag")),
        x2="end:Q",
        color=_colour("kind", {"old": OLD, "up": GAIN, "down": INVESTMENT, "new": NET}),
        tooltip=_tooltips(("step", _("Stap")), ("label", _("Bedrag"))),
    )
    labels = base.mark_text(align="left", dx=8).encode(x=alt.value("width"), text="label:N")
    chart = alt.LayerChart(layer=[bars, labels, _rule(0.0, ZERO)])
    return _finish(
        chart, title, subtitle, _describe(title, [f"{r['step']} {r['label']}" for r in rows])
    )
