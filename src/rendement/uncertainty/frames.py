"""Monte Carlo and sensitivity results as tidy tables (see :mod:`rendement.tabular`).

- ``Simulation``: ``summary`` (one row per simulated figure: an evaluation's net, a
  financier's balance in it, a portfolio column), ``draws`` (one row per draw, one column
  per uncertain input and per figure, named as in the draws export; needs
  ``keep_draws=True``) and ``histograms`` (one row per bin of each figure).
- the list ``sensitivity()`` returns: ``inputs`` (one row per evaluation × uncertain input,
  ranked by swing) and ``evaluations`` (one row per evaluation: net, mean, P(net > 0), EVPI).

A ``Simulation`` keeps ids, not names; give ``model=`` to fill the name columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..money import currency, euro, number, ratio
from ..tabular import KEYS, Columns, Kind, columns, html_table

if TYPE_CHECKING:
    from ..model import LoadedModel
    from .montecarlo import Output, Simulation
    from .sensitivity import Sensitivity

SIMULATION_TABLES = ("summary", "draws", "histograms")
SENSITIVITY_TABLES = ("inputs", "evaluations")

SUMMARY: dict[str, Kind] = {
    "output": "text",
    "figure": "text",
    **KEYS,
    "financier": "text",
    "financier_name": "text",
    "column": "text",
    "column_name": "text",
    "draws": "int",
    "mean": "float",
    "sd": "float",
    "p5": "float",
    "p50": "float",
    "p95": "float",
    "probability_positive": "float",
    "low": "float",
    "high": "float",
}
HISTOGRAMS: dict[str, Kind] = {
    "output": "text",
    "bin": "int",
    "left": "float",
    "right": "float",
    "count": "int",
}
INPUTS: dict[str, Kind] = {
    **KEYS,
    "rank": "int",
    "input": "text",
    "where": "text",
    "label": "text",
    "distribution": "text",
    "current": "float",
    "low": "float",
    "high": "float",
    "net_low": "float",
    "net_high": "float",
    "swing": "float",
    "rank_correlation": "float",
    "evppi": "float",
    "break_even": "float",
    "break_even_linear": "bool",
    "break_even_note": "text",
}
EVALUATIONS: dict[str, Kind] = {
    **KEYS,
    "net": "float",
    "mean": "float",
    "probability_positive": "float",
    "evpi": "float",
    "inputs": "int",
}


class Names:
    """Names for the ids of a model; without a model every name is None."""

    def __init__(self, model: LoadedModel | None) -> None:
        self.case = model.case if model is not None else None

    def intervention(self, iid: str | None) -> str | None:
        if self.case is None or iid is None:
            return None
        return self.case.intervention(iid).name

    def variant(self, iid: str | None, vid: str | None) -> str | None:
        if self.case is None or iid is None or vid is None:
            return None
        variants = self.case.intervention(iid).variants
        return next((v.name for v in variants if v.id == vid), "Basis")

    def scenario(self, sid: str | None) -> str | None:
        return None if self.case is None or sid is None else self.case.scenario_name(sid)

    def financier(self, fid: str | None) -> str | None:
        if self.case is None or fid is None:
            return None
        return next((f.name for f in self.case.financiers if f.id == fid), None)

    def column(self, cid: str | None) -> str | None:
        if self.case is None or cid is None or self.case.portfolio is None:
            return None
        return next((c.name for c in self.case.portfolio.columns if c.id == cid), None)

    def keys(
        self, intervention: str | None, variant: str | None, scenario: str | None, perspective: str
    ) -> dict[str, Any]:
        return {
            "intervention": intervention,
            "intervention_name": self.intervention(intervention),
            "variant": variant,
            "variant_name": self.variant(intervention, variant),
            "scenario": scenario,
            "scenario_name": self.scenario(scenario),
            "perspective": perspective,
        }


def _figure(output: Output) -> str:
    if output.column is not None:
        return "portfolio"
    return "financier" if output.financier is not None else "evaluation"


def simulation_columns(sim: Simulation, table: str, model: LoadedModel | None) -> Columns:
    """One of :data:`SIMULATION_TABLES` of a Monte Carlo run."""
    if table == "draws":
        return draws_columns(sim)
    if table == "histograms":
        rows = []
        for o in sim.outputs:
            stats = sim.statistics[o.name]
            edges, counts = stats.edges, stats.counts  # built on each access: read once
            rows += [
                {"output": o.name, "bin": n, "left": edges[n], "right": edges[n + 1], "count": c}
                for n, c in enumerate(counts)
            ]
        return columns(rows, HISTOGRAMS)
    names = Names(model)
    rows = []
    for o in sim.outputs:
        s = sim.statistics[o.name]
        rows.append(
            {
                "output": o.name,
                "figure": _figure(o),
                **names.keys(o.intervention, o.variant, o.scenario, sim.perspective),
                "financier": o.financier,
                "financier_name": names.financier(o.financier),
                "column": o.column,
                "column_name": names.column(o.column),
                "draws": sim.draws,
                "mean": s.mean,
                "sd": s.sd,
                "p5": s.p5,
                "p50": s.p50,
                "p95": s.p95,
                "probability_positive": s.probability_positive,
                "low": s.low,
                "high": s.high,
            }
        )
    return columns(rows, SUMMARY)


def draws_columns(sim: Simulation) -> Columns:
    """One row per draw: ``draw`` (1, 2, …), each uncertain input, each simulated figure."""
    if sim.x is None or sim.y is None:
        raise ValueError("de trekkingen zijn niet bewaard: simuleer met keep_draws=True")
    out: Columns = {"draw": ("int", np.arange(1, sim.y.shape[1] + 1))}
    for n, label in enumerate(sim.inputs):
        out[f"invoer: {label}"] = ("float", sim.x[n])
    for n, o in enumerate(sim.outputs):
        out[o.name] = ("float", sim.y[n])
    return out


def _percent(value: float) -> str:
    return f"{number(value * 100)}%"


def simulation_html(sim: Simulation) -> str:
    """Each evaluation's and portfolio column's net: mean, P5, median, P95, P(net > 0)."""
    rows = [
        [
            o.name,
            euro(s.mean),
            euro(s.p5),
            euro(s.p50),
            euro(s.p95),
            _percent(s.probability_positive),
        ]
        for o in sim.outputs
        if o.financier is None
        for s in [sim.statistics[o.name]]
    ]
    return html_table(
        f"Monte Carlo: netto besparing ({sim.perspective_name}), {number(sim.draws)} trekkingen",
        ["Doorrekening", "Gemiddeld", "P5", "Mediaan", "P95", "Kans netto > 0"],
        rows,
        f"Seed {sim.seed}; per financier en de trekkingen zelf: to_pandas('summary' | 'draws').",
    )


def sensitivity_columns(items: list[Sensitivity], table: str, model: LoadedModel | None) -> Columns:
    """One of :data:`SENSITIVITY_TABLES` for the evaluations in ``items``."""
    names = Names(model)
    rows: list[dict[str, Any]] = []
    for item in items:
        keys = names.keys(item.intervention, item.variant, item.scenario, item.perspective)
        if table == "evaluations":
            rows.append(
                {
                    **keys,
                    "net": item.net,
                    "mean": item.mean,
                    "probability_positive": item.probability_positive,
                    "evpi": item.evpi,
                    "inputs": len(item.inputs),
                }
            )
            continue
        for rank, i in enumerate(item.inputs, start=1):
            rows.append(
                {
                    **keys,
                    "rank": rank,
                    "input": i.key,
                    "where": i.where,
                    "label": i.label,
                    "distribution": i.distribution,
                    "current": i.current,
                    "low": i.low,
                    "high": i.high,
                    "net_low": i.net_low,
                    "net_high": i.net_high,
                    "swing": i.swing,
                    "rank_correlation": i.rank_correlation,
                    "evppi": i.evppi,
                    "break_even": i.break_even.value,
                    "break_even_linear": i.break_even.linear,
                    "break_even_note": i.break_even.note,
                }
            )
    return columns(rows, EVALUATIONS if table == "evaluations" else INPUTS)


def sensitivity_html(items: list[Sensitivity], model: LoadedModel | None) -> str:
    """Per evaluation its tornado: each input from P5 to P95, the swing and break-even."""
    with currency(model.case.meta.currency if model is not None else "EUR"):
        return _sensitivity_html(items, model)


def _sensitivity_html(items: list[Sensitivity], model: LoadedModel | None) -> str:
    names = Names(model)
    parts = []
    for item in items:
        title = names.intervention(item.intervention) or item.intervention
        variant = names.variant(item.intervention, item.variant) or item.variant
        scenario = names.scenario(item.scenario) or item.scenario
        rows = [
            [
                i.label,
                i.distribution,
                euro(i.net_low),
                euro(i.net_high),
                euro(i.swing),
                ratio(i.rank_correlation),
                "—" if i.break_even.value is None else number(i.break_even.value, 2),
            ]
            for i in item.inputs
        ]
        parts.append(
            html_table(
                f"{title}, {variant}, {scenario}: netto {euro(item.net)}, "
                f"kans netto > 0 {_percent(item.probability_positive)}, EVPI {euro(item.evpi)}",
                [
                    "Invoer",
                    "Verdeling",
                    "Netto bij P5",
                    "Netto bij P95",
                    "Zwaai",
                    "Rangcorr.",
                    "Omslagpunt",
                ],
                rows,
            )
        )
    return "\n".join(parts)
