"""Monte Carlo through the one engine: chunks with child seeds, mergeable results.

A run of N draws is split into chunks. Chunk *i* draws with the *i*-th child of
``SeedSequence(seed)``, so the draws do not depend on how chunks are executed: inline (the
default), on a process pool, or on a Dask cluster (``distributed.Client.get_executor()``).
Each chunk returns mergeable summaries per output — count, sum, sum of squares, number of
positive draws, min, max and a histogram over bins fixed before the run (from a pilot
sample with its own child seed) — merged in chunk order, so the same seed gives the same
result on any executor. Percentiles come from the histogram (2 000 bins over the pilot's
range widened by half, plus the exact min and max for the tails).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..engine import Plan, build_plan, net, run, totals
from ..model import BASE_SCENARIO, LoadedModel, loads
from .sampling import correlation_matrix, sample

FloatArray = NDArray[np.float64]
BINS = 2000
PILOT = 4096


class InlineExecutor(Executor):
    """Runs each task at once in this process (the default executor)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # pragma: no cover - surfaced by future.result()
            future.set_exception(error)
        return future


@dataclass(frozen=True)
class Output:
    """One simulated figure: an evaluation's net, a financier's balance, a portfolio column."""

    name: str  # e.g. samen_oplopen/huidig/basis or .../zorgverzekeraar or portfolio/minimum
    intervention: str | None
    variant: str | None
    scenario: str | None
    financier: str | None = None
    column: str | None = None


@dataclass
class Prepared:
    """What a worker needs: the plan, the outputs and how to compute them from a run."""

    model: LoadedModel
    plan: Plan
    perspective: str
    outputs: list[Output]
    portfolio: list[list[int]]  # per column: evaluation indices
    correlated: tuple[list[int], FloatArray] | None
    by_financier: bool

    @property
    def varying(self) -> NDArray[np.bool_]:
        """The inputs that differ between draws: those with a distribution."""
        return np.array([inp.dist is not None for inp in self.plan.inputs], dtype=bool)

    def compute(self, x: FloatArray) -> FloatArray:
        """(n_outputs, n_draws) for inputs ``x`` (n_inputs, n_draws)."""
        plan = self.plan
        financiers = self.model.case.perspective_financiers(self.perspective)
        if self.by_financier:
            outcome = run(plan, x)
            nets = totals(plan, outcome, financiers, ratios=False).net
            balance = outcome.gross_by_financier - outcome.investment_by_payer
            rows = [nets, balance.reshape(-1, balance.shape[-1])]
        else:
            nets = net(plan, financiers, x, self.varying)
            rows = [nets]
        if self.portfolio:
            rows.append(np.stack([nets[idx].sum(axis=0) for idx in self.portfolio]))
        return np.concatenate(rows, axis=0)


_PREPARED: dict[tuple[str, str, str, str], Prepared] = {}


def prepare(
    model: LoadedModel, perspective: str | None = None, by_financier: bool = True
) -> Prepared:
    """Build (once per process) the plan and the list of outputs of a model."""
    perspective = perspective or model.case.perspective
    key = (
        hashlib.sha256(model.text.encode()).hexdigest(),
        model.file,
        perspective,
        str(by_financier),
    )
    if key not in _PREPARED:
        plan = build_plan(model)
        case = model.case
        outputs = [
            Output(
                f"{e.intervention}/{e.variant}/{e.scenario}", e.intervention, e.variant, e.scenario
            )
            for e in plan.evaluations
        ]
        if by_financier:
            outputs += [
                Output(
                    f"{e.intervention}/{e.variant}/{e.scenario}/{f}",
                    e.intervention,
                    e.variant,
                    e.scenario,
                    financier=f,
                )
                for e in plan.evaluations
                for f in plan.financiers
            ]
        columns: list[list[int]] = []
        if case.portfolio is not None:
            for column in case.portfolio.columns:
                picks = []
                for intervention, pick in column.picks.items():
                    variant, _, scenario = pick.partition("/")
                    picks.append(
                        plan.evaluation_index(intervention, variant, scenario or BASE_SCENARIO)
                    )
                columns.append(picks)
                outputs.append(Output(f"portfolio/{column.id}", None, None, None, column=column.id))
        _PREPARED[key] = Prepared(
            model, plan, perspective, outputs, columns, correlation_matrix(plan, case), by_financier
        )
    return _PREPARED[key]


@dataclass
class Summary:
    """Mergeable statistics of many outputs over some draws (one row per output)."""

    count: int
    total: FloatArray
    squares: FloatArray
    positive: FloatArray
    low: FloatArray
    high: FloatArray
    histogram: FloatArray  # (n_outputs, BINS + 2): underflow, bins, overflow

    @classmethod
    def of(cls, y: FloatArray, edges: FloatArray) -> Summary:
        """Summarise draws ``y`` (outputs × draws) over equal-width bins ``edges``."""
        n_out, n = y.shape
        bins = edges.shape[1] - 1
        left, width = edges[:, :1], (edges[:, -1:] - edges[:, :1]) / bins
        index = np.floor((y - left) / width).astype(np.int64) + 1  # 0: under, bins+1: over
        np.clip(index, 0, bins + 1, out=index)
        index += (np.arange(n_out) * (bins + 2))[:, None]
        histogram = (
            np.bincount(index.ravel(), minlength=n_out * (bins + 2))
            .reshape(n_out, bins + 2)
            .astype(np.float64)
        )
        return cls(
            n,
            y.sum(axis=1),
            (y * y).sum(axis=1),
            (y > 0).sum(axis=1).astype(float),
            y.min(axis=1),
            y.max(axis=1),
            histogram,
        )

    def merge(self, other: Summary) -> Summary:
        return Summary(
            self.count + other.count,
            self.total + other.total,
            self.squares + other.squares,
            self.positive + other.positive,
            np.minimum(self.low, other.low),
            np.maximum(self.high, other.high),
            self.histogram + other.histogram,
        )


@dataclass(frozen=True)
class Task:
    """One chunk, picklable: what a worker on another process or machine needs."""

    text: str
    file: str
    base: str
    perspective: str
    seed: np.random.SeedSequence
    draws: int
    edges: FloatArray
    keep: bool
    by_financier: bool


_MODELS: dict[tuple[str, str], LoadedModel] = {}


def _model(text: str, file: str, base: str) -> LoadedModel:
    """The loaded model, parsed once per process (a worker gets the text, not the objects)."""
    key = (hashlib.sha256(text.encode()).hexdigest(), file)
    if key not in _MODELS:
        _MODELS[key] = loads(text, file, Path(base))
    return _MODELS[key]


def run_task(task: Task) -> tuple[Summary, FloatArray | None, FloatArray | None]:
    """Run one chunk: draws → engine → summary (and the raw draws when asked)."""
    prepared = prepare(_model(task.text, task.file, task.base), task.perspective, task.by_financier)
    rng = np.random.default_rng(task.seed)
    x = sample(prepared.plan, task.draws, rng, prepared.correlated)
    y = prepared.compute(x)
    summary = Summary.of(y, task.edges)
    return summary, (x if task.keep else None), (y if task.keep else None)


@dataclass
class Statistics:
    """The summary of one output."""

    mean: float
    sd: float
    p5: float
    p50: float
    p95: float
    probability_positive: float
    low: float
    high: float
    edges: list[float] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)


def _quantile(q: float, counts: FloatArray, edges: FloatArray, low: float, high: float) -> float:
    """Quantile from a histogram with under- and overflow bins, interpolating in a bin."""
    total = counts.sum()
    target = q * total
    cumulative = np.cumsum(counts)
    k = int(np.searchsorted(cumulative, target, side="left"))
    before = cumulative[k - 1] if k > 0 else 0.0
    inside = counts[k]
    left = low if k == 0 else edges[k - 1]
    right = high if k == len(edges) else edges[k]
    left, right = max(left, low), min(right, high)
    if inside <= 0 or right <= left:
        return float(left)
    return float(left + (right - left) * (target - before) / inside)


@dataclass
class Simulation:
    """The result of ``simulate``: statistics per output, and how the run was made."""

    draws: int
    seed: int
    chunks: int
    perspective: str
    perspective_name: str
    outputs: list[Output]
    statistics: dict[str, Statistics]
    inputs: list[str]  # labels of the uncertain inputs
    x: FloatArray | None = None  # raw input draws (uncertain inputs only) when kept
    y: FloatArray | None = None  # raw output draws when kept

    def get(
        self,
        intervention: str,
        variant: str,
        scenario: str = BASE_SCENARIO,
        financier: str | None = None,
    ) -> Statistics:
        name = f"{intervention}/{variant}/{scenario}" + (f"/{financier}" if financier else "")
        return self.statistics[name]

    def column(self, column: str) -> Statistics:
        return self.statistics[f"portfolio/{column}"]

    def to_json(self, histograms: bool = False) -> dict[str, Any]:
        def stats(s: Statistics) -> dict[str, Any]:
            out = {
                k: getattr(s, k)
                for k in ("mean", "sd", "p5", "p50", "p95", "probability_positive", "low", "high")
            }
            if histograms:
                out["histogram"] = {"edges": s.edges, "counts": s.counts}
            return out

        interventions: dict[str, Any] = {}
        for o in self.outputs:
            if o.intervention is None or o.financier is not None:
                continue
            target = interventions.setdefault(o.intervention, {"variants": {}})[
                "variants"
            ].setdefault(o.variant, {"scenarios": {}})["scenarios"]
            entry = stats(self.statistics[o.name])
            entry["by_financier"] = {
                f.financier: stats(self.statistics[f.name])
                for f in self.outputs
                if f.financier
                and f.intervention == o.intervention
                and f.variant == o.variant
                and f.scenario == o.scenario
            }
            target[o.scenario] = entry
        return {
            "draws": self.draws,
            "seed": self.seed,
            "chunks": self.chunks,
            "perspective": {"id": self.perspective, "name": self.perspective_name},
            "figure": "netto besparing (contante waarde) per doorrekening; per financier: "
            "bruto besparing min investering",
            "uncertain_inputs": self.inputs,
            "interventions": interventions,
            "portfolio": [
                {"column": o.column, **stats(self.statistics[o.name])}
                for o in self.outputs
                if o.column is not None
            ],
        }


def _edges(prepared: Prepared, seed: np.random.SeedSequence) -> FloatArray:
    rng = np.random.default_rng(seed)
    y = prepared.compute(sample(prepared.plan, PILOT, rng, prepared.correlated))
    low, high = y.min(axis=1), y.max(axis=1)
    span = np.where(high > low, high - low, np.maximum(np.abs(high), 1.0))
    left, right = low - span / 2, high + span / 2
    return np.linspace(left, right, BINS + 1, axis=1)


def chunk_sizes(draws: int, chunk: int) -> list[int]:
    full, rest = divmod(draws, chunk)
    return [chunk] * full + ([rest] if rest else [])


def simulate(
    model: LoadedModel,
    draws: int = 100_000,
    seed: int = 2019,
    perspective: str | None = None,
    chunk: int = 50_000,
    executor: Executor | None = None,
    keep_draws: bool = False,
    progress: Callable[[int, int], None] | None = None,
    by_financier: bool = True,
) -> Simulation:
    """Monte Carlo of every evaluation and portfolio column; see the module docstring."""
    if draws < 1:
        raise ValueError("het aantal trekkingen moet minstens 1 zijn")
    _MODELS[(hashlib.sha256(model.text.encode()).hexdigest(), model.file)] = model
    prepared = prepare(model, perspective, by_financier)
    sizes = chunk_sizes(draws, chunk)
    children = np.random.SeedSequence(seed).spawn(len(sizes) + 1)
    edges = _edges(prepared, children[-1])
    base = str(Path(model.file).parent)
    tasks = [
        Task(
            model.text,
            model.file,
            base,
            prepared.perspective,
            children[i],
            size,
            edges,
            keep_draws,
            by_financier,
        )
        for i, size in enumerate(sizes)
    ]
    pool = executor or InlineExecutor()
    futures = [pool.submit(run_task, t) for t in tasks]
    merged: Summary | None = None
    kept_x, kept_y = [], []
    for done, future in enumerate(futures, start=1):
        summary, x, y = future.result()
        merged = summary if merged is None else merged.merge(summary)
        if x is not None and y is not None:
            kept_x.append(x)
            kept_y.append(y)
        if progress is not None:
            progress(done, len(futures))
    assert merged is not None
    statistics = {}
    for row, output in enumerate(prepared.outputs):
        n = merged.count
        mean = float(merged.total[row] / n)
        variance = max(float(merged.squares[row] / n - mean * mean), 0.0)
        counts = merged.histogram[row]
        low, high = float(merged.low[row]), float(merged.high[row])
        statistics[output.name] = Statistics(
            mean=mean,
            sd=math.sqrt(variance * n / (n - 1)) if n > 1 else 0.0,
            p5=_quantile(0.05, counts, edges[row], low, high),
            p50=_quantile(0.50, counts, edges[row], low, high),
            p95=_quantile(0.95, counts, edges[row], low, high),
            probability_positive=float(merged.positive[row] / n),
            low=low,
            high=high,
            edges=[float(e) for e in edges[row]],
            counts=[int(c) for c in counts[1:-1]],
        )
    uncertain = [n for n, inp in enumerate(prepared.plan.inputs) if inp.dist is not None]
    return Simulation(
        draws=draws,
        seed=seed,
        chunks=len(sizes),
        perspective=prepared.perspective,
        perspective_name=model.case.perspective_name(prepared.perspective),
        outputs=prepared.outputs,
        statistics=statistics,
        inputs=[prepared.plan.inputs[n].where for n in uncertain],
        x=np.concatenate(kept_x, axis=1)[uncertain] if kept_x else None,
        y=np.concatenate(kept_y, axis=1) if kept_y else None,
    )
