"""The charts of an mBC as Vega-Lite specifications: one spec for the web, the PDF and notebooks.

The web app embeds a spec with vega-embed, the PDF report renders the same spec offline to
SVG (:mod:`rendement.report.svg`) and a notebook shows it as is, so each chart is drawn in
one place only. Specs are plain dicts built with Altair, data inline (no pandas).

The data keep the engine's exact floats, never rounded, so a bar can be checked against
the tables; what people read is formatted here and follows the active language
(:mod:`rendement.i18n`): bar labels by :mod:`rendement.money`, axis numbers by the spec's
own number locale (``€ 98.072`` in Dutch, ``€98,072`` in English), in the active
currency (``£ 98.072`` under ``with currency("GBP")``). A spec holds no URL, not
even ``$schema``, so drawing it never fetches anything.
"""

from __future__ import annotations

import json
import math
from typing import Any

import altair as alt

from ..cohort.summary import Summary
from ..engine import Evaluation, Results
from ..i18n import _, active
from ..model import BASE_SCENARIO, BusinessCase
from ..money import count, euro, money_affixes
from ..uncertainty import Sensitivity, Statistics
from .chartwords import (
    LINE_HEIGHT,
    label_expression,
    most_lines,
    note_full_names,
    wrap_titles,
)
from .tables import evaluation_name, scenario_name, variant_name
from .uncertain import chance as chance_text

WIDTH = 500  # the whole chart, axis labels included
FONT = "DejaVu Sans"
MONEY = "$,.0f"  # d3 format: currency and grouping from the locale below
BINS = 60  # bars of a histogram, about

INVESTMENT = "#c0392b"
GAIN = "#2e8b57"
NET = "#1f3b73"
ZERO = "#7f7f7f"
LOW = "#e08a3c"
HIGH = "#3c7dc4"

# d3-format number locales, written like money.euro writes amounts (minus included)
NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "nl": {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["€ ", ""],
        "minus": "- ",
    },
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""], "minus": "-"},
}

Row = dict[str, Any]


def number_locale() -> dict[str, Any]:
    """The d3 number locale of the active language and currency: axis amounts read as
    :func:`rendement.money.euro` writes them (``€ 98.072``, ``£98,072``, ``CHF 98.072``)."""
    prefix, minus = money_affixes()
    return {**NUMBER_LOCALES[active()], "currency": [prefix, ""], "minus": minus}


# ------------------------------------------------------------------ shared building blocks


def _finish(
    chart: alt.Chart | alt.LayerChart, title: str, subtitle: list[str], description: str
) -> dict[str, Any]:
    """Title, size, font and number locale of the active language; the spec as a dict."""
    config = alt.Config(
        font=FONT,
        locale=alt.Locale(number=number_locale()),
        axis=alt.AxisConfig(labelLimit=220, labelSeparation=8, labelLineHeight=LINE_HEIGHT),
        legend=alt.LegendConfig(labelLimit=220),  # a 200-character name: cut off with '…'
        view=alt.ViewConfig(stroke=None),
    )
    spec = chart.properties(
        # at most the chart's width: a subtitle of long names would widen the chart
        title=alt.TitleParams(title, subtitle=subtitle, anchor="start", limit=WIDTH),
        description=description,
        width=WIDTH,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        config=config,
    ).to_dict(validate=False)  # validated against the schema in the tests, not per request
    del spec["$schema"]  # a URL; the spec is Vega-Lite without saying so
    # titles in lines of whole words; names an axis or legend had to shorten, for the caption
    names = _labelled(spec)
    if most_lines(names) > 1 and "height" not in spec:
        spec["height"] = {"step": LINE_HEIGHT * most_lines(names) + 8}  # a band per name
    return note_full_names(wrap_titles(spec), names)


def _labelled(node: Any) -> list[str]:
    """The names of every axis and legend that draws them through a label expression."""
    found: list[str] = []
    if isinstance(node, dict):
        guide = node.get("axis") or node.get("legend")
        if isinstance(guide, dict) and "labelExpr" in guide and isinstance(node.get("sort"), list):
            found += [str(name) for name in node["sort"]]
        for value in node.values():
            found += _labelled(value)
    elif isinstance(node, list):
        for value in node:
            found += _labelled(value)
    return found


def _describe(title: str, parts: list[str]) -> str:
    """The text a screen reader gives: the title and every figure shown."""
    return f"{title}: {'; '.join(parts)}" if parts else title


def _money(field: str, title: str, binned: bool = False) -> alt.X:
    """A horizontal euro axis (of bins already counted when ``binned``). About five ticks:
    at the chart's width more labels overlap, and Vega then drops every other one, which
    can drop the label at zero (the portfolio chart showed -60.000, 20.000, 100.000)."""
    return alt.X(
        f"{field}:Q",
        title=title,
        axis=alt.Axis(format=MONEY, tickCount=5),
        bin="binned" if binned else alt.Undefined,
    )


def _names(field: str, order: list[str]) -> alt.Y:
    """A vertical axis of names in the given order, a long name on up to three lines."""
    expression = label_expression(order)
    axis = alt.Axis(labelExpr=expression) if expression else alt.Undefined
    return alt.Y(f"{field}:N", title=None, sort=order, axis=axis)


def _legend(title: str | None = None, names: list[str] | None = None) -> alt.Legend:
    """Below the plot, so the plot keeps the chart's width; long names on several lines."""
    expression = label_expression(names or [])
    if expression:
        return alt.Legend(title=title, orient="bottom", labelExpr=expression)
    return alt.Legend(title=title, orient="bottom")


def _colour(field: str, colours: dict[str, str], legend: bool = False) -> alt.Color:
    """Fixed colours per value; a legend when the values are words people read."""
    scale = alt.Scale(domain=list(colours), range=list(colours.values()))
    return alt.Color(f"{field}:N", scale=scale, legend=_legend() if legend else None)


def _tooltips(*fields: tuple[str, str]) -> list[alt.Tooltip]:
    """Tooltips of text fields (amounts already formatted), each with its title."""
    return [alt.Tooltip(f"{field}:N", title=title) for field, title in fields]


def _fold(chart: alt.Chart, columns: dict[str, tuple[str, str]], value: str) -> alt.Chart:
    """Columns to rows (``key``, ``value``); ``shown`` is the column's label, in words."""
    texts = {key: text for key, (text, _hex) in columns.items()}
    folded: alt.Chart = chart.transform_fold(list(columns), as_=["key", value])
    return folded.transform_calculate(shown=_choose("key", texts))


def _fold_colour(columns: dict[str, tuple[str, str]]) -> alt.Color:
    """The colour of each folded column, with its label in the legend."""
    return _colour("shown", dict(columns.values()), legend=True)


def _choose(field: str, texts: dict[str, str]) -> str:
    """A Vega expression: the text for the key in ``field`` (a label for a folded column)."""
    *pairs, (_key, text) = texts.items()
    expression = json.dumps(text)
    for key, shown in reversed(pairs):
        expression = f"datum.{field} === {json.dumps(key)} ? {json.dumps(shown)} : {expression}"
    return expression


def _rule(value: float, colour: str, dashed: bool = False) -> alt.Chart:
    """A vertical line at ``value`` on the money axis (zero, the current net)."""
    mark: alt.Chart = alt.Chart(alt.InlineData(values=[{"at": value}])).mark_rule(
        color=colour, strokeWidth=1.5, strokeDash=[4, 3] if dashed else []
    )
    return mark.encode(x=alt.X("at:Q"))


# ------------------------------------------------------------------ point results


def waterfall_rows(ev: Evaluation, names: dict[str, str]) -> list[Row]:
    """Investment down, each perspective financier's gross savings up, then the net."""
    steps: list[tuple[str, str, float]] = [
        ("investment", _("Investering"), -ev.perspective_investment)
    ]
    steps += [
        ("gain" if b.gross > 0 else "loss", names.get(b.financier, b.name), b.gross)
        for b in ev.who_pays_who_gains
        if b.in_perspective and b.gross != 0
    ]
    rows: list[Row] = []
    level = 0.0
    for kind, step, amount in steps:
        rows.append(_step(len(rows), kind, step, level, level + amount))
        level += amount
    rows.append(_step(len(rows), "net", _("Netto besparing"), 0.0, ev.net))
    return rows


def _step(order: int, kind: str, step: str, start: float, end: float) -> Row:
    amount = end - start
    return {
        "order": order,
        "kind": kind,
        "step": step,
        "start": start,
        "end": end,
        "amount": amount,
        "label": euro(end if kind == "net" else amount),
    }


def waterfall(ev: Evaluation, perspective_name: str, names: dict[str, str]) -> dict[str, Any]:
    """From the perspective's investment via gross savings per financier to the net savings."""
    rows = waterfall_rows(ev, names)
    title = _("Van investering naar netto besparing")
    base = alt.Chart(alt.InlineData(values=rows)).encode(
        y=_names("step", [r["step"] for r in rows])
    )
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=_money("start", _("Bedrag")),
        x2="end:Q",
        color=_colour(
            "kind", {"investment": INVESTMENT, "gain": GAIN, "loss": INVESTMENT, "net": NET}
        ),
        tooltip=_tooltips(("step", _("Stap")), ("label", _("Bedrag"))),
    )
    # the amounts as a column right of the plot, where no bar can cover them
    labels = base.mark_text(align="left", dx=8).encode(x=alt.value("width"), text="label:N")
    subtitle = [
        evaluation_name(ev),
        _("perspectief {perspective}").format(perspective=perspective_name),
    ]
    chart = alt.LayerChart(layer=[bars, labels, _rule(0.0, ZERO)])
    return _finish(
        chart, title, subtitle, _describe(title, [f"{r['step']} {r['label']}" for r in rows])
    )


def who_pays_rows(ev: Evaluation) -> list[Row]:
    """One row per financier of the who-pays-who-gains matrix, with the engine's figures.

    ``investment`` is what the financier pays (as in the table); ``paid`` is the same
    amount drawn below zero, the sign every chart gives an investment (as the waterfall).
    """
    return [
        {
            "financier": b.name if b.in_perspective else f"{b.name} *",
            "investment": b.investment,
            "paid": -b.investment,
            "gross": b.gross,
            "net": b.net,
            "investment_label": euro(-b.investment),
            "gross_label": euro(b.gross),
            "net_label": euro(b.net),
        }
        for b in ev.who_pays_who_gains
    ]


def who_pays(ev: Evaluation) -> dict[str, Any]:
    """Investment and gross savings side by side per financier, the balance as a diamond."""
    rows = who_pays_rows(ev)
    title = _("Wie betaalt, wie wint")
    measures = {
        "paid": (_("Investering"), INVESTMENT),
        "gross": (_("Bruto besparing"), GAIN),
        "net": (_("Saldo"), NET),
    }
    labels = {"paid": "investment_label", "gross": "gross_label", "net": "net_label"}
    pick = " : ".join(
        [f"datum.key === {json.dumps(k)} ? datum.{v}" for k, v in labels.items()] + ["''"]
    )
    folded = _fold(alt.Chart(alt.InlineData(values=rows)), measures, "amount")
    base = folded.transform_calculate(label=pick).encode(
        y=_names("financier", [r["financier"] for r in rows]),
        x=_money("amount", _("Bedrag")),
        color=_fold_colour(measures),
        tooltip=_tooltips(
            ("financier", _("Financier")),
            ("investment_label", _("Investering")),
            ("gross_label", _("Bruto besparing")),
            ("net_label", _("Saldo")),
        ),
    )
    # per financier three sub-rows, in this order: investment, gross savings, balance
    offset = alt.YOffset("shown:N", sort=[text for text, _hex in measures.values()])
    bars = base.transform_filter("datum.key !== 'net'").mark_bar().encode(yOffset=offset)
    balance = (
        base.transform_filter("datum.key === 'net'")
        .mark_point(shape="diamond", filled=True, size=70, opacity=1)
        .encode(yOffset=offset)
    )
    # every figure as a column right of the plot, beside its bar, where no bar covers it
    values_shown = base.mark_text(align="left", dx=8, fontSize=9).encode(
        x=alt.value("width"), yOffset=offset, text="label:N", color=alt.value("#333")
    )
    outside = not all(b.in_perspective for b in ev.who_pays_who_gains)
    subtitle = [evaluation_name(ev), *([_("* valt niet onder het perspectief")] if outside else [])]
    parts = [
        _("{financier}: investering {investment}, bruto besparing {gross}, saldo {net}").format(
            financier=r["financier"],
            investment=r["investment_label"],
            gross=r["gross_label"],
            net=r["net_label"],
        )
        for r in rows
    ]
    chart = alt.LayerChart(layer=[bars, balance, values_shown, _rule(0.0, ZERO)]).properties(
        height=alt.Step(18)
    )
    return _finish(chart, title, subtitle, _describe(title, parts))


def portfolio_rows(results: Results) -> tuple[list[Row], list[Row]]:
    """Per intervention the lowest and highest net over the columns; and every column's net."""
    points: list[Row] = [
        {"intervention": r.name, "column": c.name, "net": r.net, "label": euro(r.net)}
        for c in results.portfolio
        for r in c.rows
    ]
    ranges: list[Row] = []
    for name in dict.fromkeys(p["intervention"] for p in points):
        nets = [p["net"] for p in points if p["intervention"] == name]
        low, high = min(nets), max(nets)
        ranges.append(
            {"intervention": name, "low": low, "high": high, "range": f"{euro(low)} – {euro(high)}"}
        )
    return ranges, points


def portfolio_range(results: Results) -> dict[str, Any] | None:
    """The overview: per intervention the range of its net savings over the columns."""
    if not results.portfolio:
        return None
    ranges, points = portfolio_rows(results)
    title = results.portfolio_title or _("Overzicht")
    order = [r["intervention"] for r in ranges]
    span = (
        alt.Chart(alt.InlineData(values=ranges))
        .mark_rule(color=NET, strokeWidth=3)
        .encode(
            y=_names("intervention", order),
            x=_money("low", _("Netto besparing")),
            x2="high:Q",
            tooltip=_tooltips(("intervention", _("Interventie")), ("range", _("Bereik"))),
        )
    )
    columns = list(dict.fromkeys(p["column"] for p in points))
    dots = (
        alt.Chart(alt.InlineData(values=points))
        .mark_point(filled=True, size=80, opacity=1)
        .encode(
            y=_names("intervention", order),
            x="net:Q",
            color=alt.Color("column:N", sort=columns, legend=_legend(names=columns)),
            tooltip=_tooltips(("column", _("Overzicht")), ("label", _("Netto besparing"))),
        )
    )
    subtitle = [
        _(
            "Netto besparing per interventie, per kolom van het overzicht; "
            "perspectief {perspective}"
        ).format(perspective=results.perspective_name)
    ]
    parts = [f"{r['intervention']} {r['range']}" for r in ranges]
    chart = alt.LayerChart(layer=[span, dots, _rule(0.0, ZERO, dashed=True)])
    return _finish(chart, title, subtitle, _describe(title, parts))


# ------------------------------------------------------------------ uncertainty


def tornado_rows(result: Sensitivity, name: str, top: int = 10) -> list[Row]:
    """The ``top`` inputs by swing: the net with each at its P5 and at its P95."""
    inputs = sorted(result.inputs, key=lambda row: row.swing, reverse=True)[:top]
    return [
        {
            "rank": rank,
            "input": row.label.removeprefix(f"{name}: "),
            "net": result.net,
            "net_low": row.net_low,
            "net_high": row.net_high,
            "swing": row.swing,
            "low_label": f"{count(row.low)} → {euro(row.net_low)}",
            "high_label": f"{count(row.high)} → {euro(row.net_high)}",
        }
        for rank, row in enumerate(inputs)
    ]


def tornado(
    result: Sensitivity, name: str, top: int = 10, case: BusinessCase | None = None
) -> dict[str, Any]:
    """One-way sensitivity: per input a bar from the net at its P5 to the net at its P95;
    the subtitle names the variant and scenario (their ids without ``case``)."""
    rows = tornado_rows(result, name, top)
    title = _("Gevoeligheid van de netto besparing")
    ends = {"net_low": (_("invoer op P5"), LOW), "net_high": (_("invoer op P95"), HIGH)}
    bars = (
        _fold(alt.Chart(alt.InlineData(values=rows)), ends, "value")
        .transform_calculate(length="abs(datum.value - datum.net)")
        .mark_bar()
        .encode(
            y=_names("input", [r["input"] for r in rows]),
            x=_money("value", _("Netto besparing")),
            x2="net:Q",
            color=_fold_colour(ends),
            order=alt.Order("length:Q", sort="descending"),  # the shorter bar on top
            tooltip=_tooltips(
                ("input", _("Invoer")),
                ("low_label", _("P5 → netto")),
                ("high_label", _("P95 → netto")),
            ),
        )
    )
    subtitle = [
        f"{name} · {variant_name(case, result.intervention, result.variant)} · "
        + ("" if result.scenario == BASE_SCENARIO else f"{scenario_name(case, result.scenario)} · ")
        + _("netto nu {net}").format(net=euro(result.net)),
        _("Elke invoer van P5 naar P95, de andere op hun puntwaarde"),
    ]
    parts = [f"{r['input']}: P5 {r['low_label']}, P95 {r['high_label']}" for r in rows]
    chart = alt.LayerChart(layer=[bars, _rule(result.net, NET), _rule(0.0, ZERO, dashed=True)])
    return _finish(chart, title, subtitle, _describe(title, parts))


def histogram_rows(stats: Statistics, bins: int = BINS) -> list[Row]:
    """The simulation's histogram merged to about ``bins`` bars over the drawn range.

    The merged bars keep the exact edges and counts of the 2 000 bins they cover; one bar
    boundary is the edge nearest 0, so a bar is either above or below zero.
    """
    edges, counts = stats.edges, stats.counts
    filled = [n for n, c in enumerate(counts) if c]
    if not filled:
        return []
    first, last = filled[0], filled[-1] + 1
    size = max(1, math.ceil((last - first) / bins))
    zero = min(range(first, last + 1), key=lambda n: abs(edges[n]))
    rows: list[Row] = []
    for start in range(first - (first - zero) % size, last, size):
        low, high = max(start, 0), min(start + size, len(counts))
        middle = (edges[low] + edges[high]) / 2
        side = _("netto > 0") if middle > 0 else _("netto ≤ 0")
        rows.append(
            {"start": edges[low], "end": edges[high], "count": sum(counts[low:high]), "side": side}
        )
    return rows


def distribution(stats: Statistics, title: str) -> dict[str, Any]:
    """Histogram of the simulated net savings, coloured by sign, with P(net > 0)."""
    rows = histogram_rows(stats)
    bars = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_bar(binSpacing=0)
        .encode(
            x=_money("start", _("Netto besparing"), binned=True),
            x2="end:Q",
            y=alt.Y("count:Q", title=_("Aantal trekkingen")),
            color=_colour("side", {_("netto ≤ 0"): INVESTMENT, _("netto > 0"): GAIN}, legend=True),
        )
    )
    chance = _("Kans netto > 0: {p}").format(p=chance_text(stats.probability_positive))
    spread = _("gemiddeld {mean} · P5 {p5} · P95 {p95}").format(
        mean=euro(stats.mean), p5=euro(stats.p5), p95=euro(stats.p95)
    )
    # low enough that a Monte Carlo table and its histogram fit twice on a page
    chart = alt.LayerChart(layer=[bars, _rule(0.0, ZERO, dashed=True)]).properties(height=150)
    return _finish(chart, title, [chance, spread], _describe(title, [chance, spread]))


# ------------------------------------------------------------------ client cases


def segment_rows(summary: Summary) -> list[Row]:
    """Per segment shown: the mean net return per client case and its 95 % interval."""
    return [
        {
            "segment": f"{s.value or '—'} ({s.count})",
            "mean": s.net_mean,
            "low": s.interval.low,
            "high": s.interval.high,
            "mean_label": euro(s.net_mean),
            "range": f"{euro(s.interval.low)} – {euro(s.interval.high)}",
        }
        for s in summary.segments
    ]


def segments(summary: Summary, by: str) -> dict[str, Any] | None:
    """Where the approach pays: per segment (e.g. type of request for help) the mean net
    return per client case, with its bootstrap interval; the cohort's mean as a line."""
    rows = segment_rows(summary)
    if not rows:
        return None
    title = _("Netto per casus, per {by}").format(by=by)
    order = [r["segment"] for r in sorted(rows, key=lambda r: -float(r["mean"]))]
    base = alt.Chart(alt.InlineData(values=rows))
    tips = _tooltips(
        ("segment", by), ("mean_label", _("Gemiddeld netto")), ("range", _("95%-interval"))
    )
    span = base.mark_rule(color=NET, strokeWidth=3).encode(
        y=_names("segment", order),
        x=_money("low", _("Netto per casus (gemiddeld, met 95%-interval)")),
        x2="high:Q",
        tooltip=tips,
    )
    dots = base.mark_point(filled=True, size=90, opacity=1, color=NET).encode(
        y=_names("segment", order), x="mean:Q", tooltip=tips
    )
    subtitle = [
        _("Gemiddelde van het cohort: {mean} per casus ({count} casussen)").format(
            mean=euro(summary.net_mean), count=summary.count
        )
    ]
    if summary.hidden:
        subtitle.append(
            _("Te klein om apart te tonen: {cases} casussen (aantal groepen: {groups})").format(
                groups=summary.hidden, cases=summary.hidden_cases
            )
        )
    parts = [f"{r['segment']} {r['mean_label']} ({r['range']})" for r in rows]
    chart = alt.LayerChart(
        layer=[span, dots, _rule(0.0, ZERO, dashed=True), _rule(summary.net_mean, GAIN)]
    )
    return _finish(chart, title, subtitle, _describe(title, parts))
