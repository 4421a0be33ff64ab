"""Monte Carlo through the one engine: chunks with child seeds, mergeable results.

A run of N draws is split into chunks. Chunk *i* draws with the *i*-th child of
``SeedSequence(seed)``, so the draws do not depend on how chunks are executed: inline (the
default), on a process pool, or on a Dask cluster (``distributed.Client.get_executor()``).
Each chunk returns mergeable summaries per output — count, sum, sum of squares, number of
positive draws, min, max and a histogram over bins fixed before the run (from a pilot
sample with its own child seed) — merged in chunk order, so the same seed gives the same
result on any executor. Percentiles come from the histogram (2 000 bins over the pilot's
range widened by half, plus the exact min and max for the tails).

Cost follows the model, not its square: only the uncertain inputs are drawn; outputs that
add the same lines share one row and a row no uncertain input touches is a constant
(see :class:`Prepared`); the default chunk keeps a chunk near :data:`BUDGET` numbers, and
a few chunks at a time are in flight, so memory stays bounded whatever the model's size.
"""

from __future__ import annotations

import hashlib
import math
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..engine import Folded, Plan, build_plan, moving_slots, sums
from ..model import BASE_SCENARIO, LoadedModel, loads
from ..recent import Recent
from ..tabular import Columns, Tabular
from . import frames
from .sampling import correlation_matrix, sample_uncertain, uncertain_inputs

FloatArray = NDArray[np.float64]
BINS = 2000
PILOT = 4096
BUDGET = 1 << 23
"""Numbers a chunk may hold at once (8 Mi float64, 64 MiB): the default chunk follows it."""
MAX_CHUNK = 50_000
"""The default chunk of a small model (and so its seeds per chunk)."""
AHEAD = 16
"""Chunks submitted ahead to an executor: enough to keep a pool or a cluster busy."""


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
    """What a worker needs: the plan, the outputs and how to compute them from draws.

    Outputs that add the same lines (a financier's balance that is the whole net, a
    scenario that changes nothing, a portfolio of one) share one *row*; a row that no
    uncertain input touches is a constant, computed once; only the other rows (the
    *moving* rows) are computed and summarised per draw.
    """

    model: LoadedModel
    plan: Plan
    perspective: str
    outputs: list[Output]
    portfolio: list[list[int]]  # per column: evaluation indices
    correlated: tuple[list[int], FloatArray] | None
    by_financier: bool
    rows: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, np.intp))  # per output
    moving: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, np.intp))  # per row
    constants: FloatArray = field(default_factory=lambda: np.zeros(0))  # per row
    gains: Any = None  # sparse (moving rows × effect lines)
    costs: Any = None  # sparse (moving rows × investment lines)
    uncertain: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, np.intp))
    per_draw: int = 1  # numbers a chunk holds per draw (for the default chunk)
    kernel: Folded | None = None  # the moving rows from draws, constants folded once

    @property
    def varying(self) -> NDArray[np.bool_]:
        """The inputs that differ between draws: those with a distribution."""
        return np.array([inp.dist is not None for inp in self.plan.inputs], dtype=bool)

    @property
    def n_moving(self) -> int:
        return int(self.gains.shape[0])

    def default_chunk(self) -> int:
        """Draws per chunk so that a chunk holds about :data:`BUDGET` numbers."""
        return max(100, min(MAX_CHUNK, BUDGET // self.per_draw))

    def compute(self, u: FloatArray) -> FloatArray:
        """(moving rows, n_draws) for draws ``u`` of the uncertain inputs."""
        if self.kernel is None:
            self.kernel = Folded(self.plan, self.gains, self.costs, self.uncertain)
        return self.kernel(u)

    def expand(self, moving: FloatArray) -> FloatArray:
        """Every output (n_outputs, n_draws) from the moving rows: for kept draws."""
        y = np.empty((len(self.outputs), moving.shape[1]))
        for n, row in enumerate(self.rows):
            k = self.moving[row]
            y[n] = moving[k] if k >= 0 else self.constants[row]
        return y


CACHED = 16
"""How many models (and their prepared plans) a process keeps for the next run."""
_PREPARED: Recent = Recent(CACHED)
_DIGESTS: dict[int, tuple[str, str]] = {}


def _digest(text: str) -> str:
    """SHA-256 of a model text, once per text object (a large model has megabytes)."""
    known = _DIGESTS.get(id(text))
    if known is None or known[0] is not text:
        known = (text, hashlib.sha256(text.encode()).hexdigest())
        if len(_DIGESTS) >= 8:  # a worker gets a new copy of the text with every task
            _DIGESTS.clear()
        _DIGESTS[id(text)] = known
    return known[1]


def _outputs(plan: Plan, by_financier: bool) -> list[Output]:
    outputs = [
        Output(f"{e.intervention}/{e.variant}/{e.scenario}", e.intervention, e.variant, e.scenario)
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
    return outputs


def _rows(
    plan: Plan, inside: set[int], by_financier: bool, columns: list[list[int]]
) -> tuple[NDArray[np.intp], Any, Any]:
    """Per output its row, and the 0/1 matrices (rows × lines) of the distinct rows."""
    effects: list[list[int]] = [[] for _ in plan.evaluations]
    for line, spec in enumerate(plan.effects):
        if spec.kind != "shadow_price":  # valued, but no saving on anyone's budget
            effects[spec.evaluation].append(line)
    investments: list[list[int]] = [[] for _ in plan.evaluations]
    for line, inv in enumerate(plan.investments):
        investments[inv.evaluation].append(line)
    keys: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}

    def row(gain: list[int], cost: list[int]) -> int:
        return keys.setdefault((tuple(sorted(gain)), tuple(sorted(cost))), len(keys))

    def lines_of(evaluation: int, financiers: set[int]) -> tuple[list[int], list[int]]:
        e = int(plan.canonical[evaluation])
        return (
            [n for n in effects[e] if plan.effects[n].financier in financiers],
            [n for n in investments[e] if plan.investments[n].payer in financiers],
        )

    nets = [lines_of(e, inside) for e in range(len(plan.evaluations))]
    rows = [row(*lines) for lines in nets]
    if by_financier:
        rows += [
            row(*lines_of(e, {f}))
            for e in range(len(plan.evaluations))
            for f in range(len(plan.financiers))
        ]
    for picks in columns:
        rows.append(
            row([n for e in picks for n in nets[e][0]], [n for e in picks for n in nets[e][1]])
        )
    from scipy import sparse

    def matrix(part: int, width: int) -> Any:
        cells = [(r, n) for key, r in keys.items() for n in key[part]]
        data = np.ones(len(cells))
        index = np.array(cells, dtype=np.intp).reshape(-1, 2)
        return sparse.csr_matrix((data, (index[:, 0], index[:, 1])), shape=(len(keys), width))

    return (
        np.array(rows, dtype=np.intp),
        matrix(0, len(plan.effects)),
        matrix(1, len(plan.investments)),
    )


def prepare(
    model: LoadedModel, perspective: str | None = None, by_financier: bool = True
) -> Prepared:
    """Build (once per process) the plan and the list of outputs of a model."""
    perspective = perspective or model.case.perspective
    key = (
        _digest(model.text),
        model.file,
        perspective,
        str(by_financier),
    )
    if key not in _PREPARED:
        plan = build_plan(model)
        case = model.case
        outputs = _outputs(plan, by_financier)
        columns: list[list[int]] = []
        if case.portfolio is not None:
            index = {
                (e.intervention, e.variant, e.scenario): n for n, e in enumerate(plan.evaluations)
            }
            for column in case.portfolio.columns:
                picks = []
                for intervention, pick in column.picks.items():
                    variant, _, scenario = pick.partition("/")
                    picks.append(index[(intervention, variant, scenario or BASE_SCENARIO)])
                columns.append(picks)
                outputs.append(Output(f"portfolio/{column.id}", None, None, None, column=column.id))
        inside = {plan.financiers.index(f) for f in case.perspective_financiers(perspective)}
        rows, gains, costs = _rows(plan, inside, by_financier, columns)
        prepared = Prepared(
            model, plan, perspective, outputs, columns, correlation_matrix(plan, case), by_financier
        )
        prepared.rows = rows
        prepared.uncertain = uncertain_inputs(plan)
        # which lines, and so which rows, move with the uncertain inputs
        moves = moving_slots(plan, prepared.varying)
        effect_slots = [plan.effect_factors]
        investment_slots = [plan.investment_factors]
        if not (plan.one_year and plan.neutral_filters):
            effect_slots.append(plan.effect_filters)
            if plan.horizon > 1:
                for group, lines in (
                    (effect_slots, plan.effects),
                    (investment_slots, plan.investments),
                ):
                    group.append(np.full((len(lines), 1), plan.discount_rate, dtype=np.intp))
        effect_moves = np.hstack([moves[s] for s in effect_slots]).any(axis=1)
        investment_moves = np.hstack([moves[s] for s in investment_slots]).any(axis=1)
        row_moves = (np.asarray(gains @ effect_moves.astype(float)) > 0) | (
            np.asarray(costs @ investment_moves.astype(float)) > 0
        )
        prepared.constants = sums(plan, gains, costs, plan.input_values()[:, None])[:, 0]
        prepared.moving = np.where(row_moves, np.cumsum(row_moves) - 1, -1).astype(np.intp)
        picked = np.nonzero(row_moves)[0]
        prepared.gains, prepared.costs = gains[picked], costs[picked]
        held = len(picked) * 3  # the rows, their bins as numbers and as integers
        if plan.one_year and plan.neutral_filters:
            held += len(prepared.uncertain) + int(moves.sum())
            held += int(effect_moves.sum() + investment_moves.sum())
        else:
            held += len(plan.inputs) + plan.n_slots
            held += 3 * (len(plan.effects) + len(plan.investments)) * plan.horizon
        prepared.per_draw = max(held, 1)
        _PREPARED[key] = prepared
    found: Prepared = _PREPARED[key]
    return found


@dataclass
class Summary:
    """Mergeable statistics of many outputs over some draws (one row per output)."""

    count: int
    total: FloatArray
    squares: FloatArray
    positive: FloatArray
    low: FloatArray
    high: FloatArray
    histogram: NDArray[np.int64]  # (n_outputs, BINS + 2): underflow, bins, overflow
    bins: NDArray[np.int64] | None = None  # or, for few draws, each draw's bin (not counted)

    @classmethod
    def of(cls, y: FloatArray, left: FloatArray, right: FloatArray) -> Summary:
        """Summarise draws ``y`` (outputs × draws) over BINS equal bins from left to right.

        A chunk with fewer draws than bins (a large model has small chunks) keeps the bin
        of each draw instead of counts: counting is then done once, when merging, and
        costs the draws, not outputs × bins per chunk.
        """
        n_out, n = y.shape
        bins = BINS
        few = n < bins + 2
        histogram = np.zeros((0, bins + 2) if few else (n_out, bins + 2), dtype=np.int64)
        numbers = np.empty((n_out, n) if few else (0, 0), dtype=np.int64)
        width = (right - left) / bins
        step = max(1, (1 << 22) // max(n, 1))  # rows at a time: bounded temporaries
        for start in range(0, n_out, step):
            part = slice(start, start + step)
            index = y[part] - left[part, None]
            index /= width[part, None]
            np.floor(index, out=index)
            np.clip(index, -1, bins, out=index)  # -1: under, bins: over
            flat = index.astype(np.int64)
            first = start if few else 0  # kept bins count from the first row, counts per block
            flat += (np.arange(first, first + flat.shape[0]) * (bins + 2) + 1)[:, None]
            if few:
                numbers[part] = flat
            else:
                histogram[part] = np.bincount(
                    flat.ravel(), minlength=flat.shape[0] * (bins + 2)
                ).reshape(-1, bins + 2)
        return cls(
            n,
            y.sum(axis=1),
            np.einsum("ij,ij->i", y, y),
            (y > 0).sum(axis=1).astype(float),
            y.min(axis=1, initial=np.inf),
            y.max(axis=1, initial=-np.inf),
            histogram,
            numbers.ravel() if few else None,
        )

    def counted(self) -> NDArray[np.int64]:
        """The histogram as counts (n_outputs, BINS + 2), counting kept bins if need be."""
        if self.bins is not None:
            counts = np.zeros(len(self.total) * (BINS + 2), dtype=np.int64)
            np.add.at(counts, self.bins, 1)
            self.histogram, self.bins = counts.reshape(-1, BINS + 2), None
        return self.histogram

    def merge(self, other: Summary) -> Summary:
        """Add ``other`` to this summary (in place: the histograms can be large)."""
        self.count += other.count
        self.total += other.total
        self.squares += other.squares
        self.positive += other.positive
        np.minimum(self.low, other.low, out=self.low)
        np.maximum(self.high, other.high, out=self.high)
        counts = self.counted()
        if other.bins is not None:
            np.add.at(counts.reshape(-1), other.bins, 1)
        else:
            counts += other.histogram
        return self


@dataclass(frozen=True)
class Task:
    """One chunk, picklable: what a worker on another process or machine needs."""

    text: str
    file: str
    base: str
    perspective: str
    seed: np.random.SeedSequence
    draws: int
    left: FloatArray  # per moving row: the histogram's range
    right: FloatArray
    keep: bool
    by_financier: bool


_MODELS: Recent = Recent(CACHED)


def remember(model: LoadedModel) -> None:
    """Let tasks run in this process use ``model`` itself instead of parsing its text."""
    _MODELS[(_digest(model.text), model.file)] = model


def model_of(text: str, file: str, base: str) -> LoadedModel:
    """The loaded model, parsed once per process (a worker gets the text, not the objects)."""
    key = (_digest(text), file)
    if key not in _MODELS:
        _MODELS[key] = loads(text, file, Path(base))
    model: LoadedModel = _MODELS[key]
    return model


def run_task(task: Task) -> tuple[Summary, FloatArray | None, FloatArray | None]:
    """Run one chunk: draws → engine → summary (and the raw draws when asked)."""
    prepared = prepare(
        model_of(task.text, task.file, task.base), task.perspective, task.by_financier
    )
    rng = np.random.default_rng(task.seed)
    u = sample_uncertain(prepared.plan, task.draws, rng, prepared.correlated)
    y = prepared.compute(u)
    summary = Summary.of(y, task.left, task.right)
    return summary, (u if task.keep else None), (prepared.expand(y) if task.keep else None)


@dataclass(frozen=True, eq=False)
class Histogram:
    """The bins of one output, read from the run's histogram matrix when asked (not copied)."""

    left: float
    right: float
    counts_row: NDArray[np.int64] | None  # BINS + 2 (under, bins, over); None: a constant
    constant: float = 0.0  # the value of a constant output, in every one of its draws
    draws: int = 0

    @property
    def edges(self) -> list[float]:
        return [float(e) for e in np.linspace(self.left, self.right, BINS + 1)]

    @property
    def counts(self) -> NDArray[np.int64]:
        """BINS + 2 counts: underflow, the bins, overflow."""
        if self.counts_row is not None:
            return self.counts_row
        counts = np.zeros(BINS + 2, dtype=np.int64)
        width = (self.right - self.left) / BINS
        where = np.floor((self.constant - self.left) / width)
        counts[int(min(max(where, -1), BINS)) + 1] = self.draws
        return counts

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Histogram)
            and (self.left, self.right, self.constant) == (other.left, other.right, other.constant)
            and np.array_equal(self.counts, other.counts)
        )

    __hash__ = None  # type: ignore[assignment]


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
    histogram: Histogram | None = field(default=None, repr=False)

    @property
    def fixed(self) -> bool:
        """Every draw gave the same figure: no uncertain input touches this option, so its
        P5, median and P95 are that figure and say nothing about uncertainty."""
        return self.low == self.high

    @property
    def edges(self) -> list[float]:
        """BINS + 1 bin edges (empty without a histogram)."""
        return self.histogram.edges if self.histogram is not None else []

    @property
    def counts(self) -> list[int]:
        """Draws per bin, BINS of them (under- and overflow left out)."""
        if self.histogram is None:
            return []
        return [int(c) for c in self.histogram.counts[1:-1]]


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
class Simulation(Tabular):
    """The result of ``simulate``: statistics per output, and how the run was made.

    ``to_pandas()`` gives one row per output, ``to_pandas("draws")`` the kept draws and
    ``to_pandas("histograms")`` the bins (see :mod:`rendement.uncertainty.frames`).
    """

    TABLES = frames.SIMULATION_TABLES

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

    def _columns(self, table: str, model: LoadedModel | None) -> Columns:
        return frames.simulation_columns(self, table, model)

    def _metadata(self) -> dict[str, str]:
        return {"perspective": self.perspective, "seed": str(self.seed), "draws": str(self.draws)}

    def _html(self) -> str:
        return frames.simulation_html(self)

    def to_json(self, histograms: bool = False) -> dict[str, Any]:
        def stats(s: Statistics) -> dict[str, Any]:
            out = {
                k: getattr(s, k)
                for k in ("mean", "sd", "p5", "p50", "p95", "probability_positive", "low", "high")
            }
            if histograms:
                out["histogram"] = {"edges": s.edges, "counts": s.counts}
            return out

        by_financier: dict[tuple[str | None, ...], dict[str, Any]] = {}
        for f in self.outputs:
            if f.financier:
                where = (f.intervention, f.variant, f.scenario)
                by_financier.setdefault(where, {})[f.financier] = stats(self.statistics[f.name])
        interventions: dict[str, Any] = {}
        for o in self.outputs:
            if o.intervention is None or o.financier is not None:
                continue
            target = interventions.setdefault(o.intervention, {"variants": {}})[
                "variants"
            ].setdefault(o.variant, {"scenarios": {}})["scenarios"]
            entry = stats(self.statistics[o.name])
            entry["by_financier"] = by_financier.get((o.intervention, o.variant, o.scenario), {})
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


def _edges(prepared: Prepared, seed: np.random.SeedSequence) -> tuple[FloatArray, FloatArray]:
    """Each moving row's histogram range: a pilot sample's range, widened by half."""
    rng = np.random.default_rng(seed)
    low = np.full(prepared.n_moving, np.inf)
    high = np.full(prepared.n_moving, -np.inf)
    chunk = prepared.default_chunk()
    pilot = max(min(PILOT, chunk), min(PILOT, 1024))  # fewer pieces for a large model
    for size in chunk_sizes(pilot, chunk):  # one piece for a small model
        y = prepared.compute(sample_uncertain(prepared.plan, size, rng, prepared.correlated))
        np.minimum(low, y.min(axis=1, initial=np.inf), out=low)
        np.maximum(high, y.max(axis=1, initial=-np.inf), out=high)
    span = np.where(high > low, high - low, np.maximum(np.abs(high), 1.0))
    return low - span / 2, high + span / 2


def chunk_sizes(draws: int, chunk: int) -> list[int]:
    full, rest = divmod(draws, chunk)
    return [chunk] * full + ([rest] if rest else [])


def input_draws(
    model: LoadedModel,
    draws: int,
    seed: int = 2019,
    perspective: str | None = None,
    chunk: int | None = None,
) -> FloatArray:
    """The draws of the uncertain inputs (rows as :func:`uncertain_inputs` lists them) that
    :func:`simulate` makes with the same ``draws``, ``seed`` and ``chunk``.

    Chunk *i* draws with the *i*-th child of ``SeedSequence(seed)``, as in a simulation, so
    a sensitivity analysis that uses these draws gives the same P(net > 0) and mean as the
    Monte Carlo table for the same option: a reader can rerun either and find the other.
    """
    prepared = prepare(model, perspective)
    sizes = chunk_sizes(draws, chunk or prepared.default_chunk())
    children = np.random.SeedSequence(seed).spawn(len(sizes) + 1)
    parts = [
        sample_uncertain(
            prepared.plan, size, np.random.default_rng(children[i]), prepared.correlated
        )
        for i, size in enumerate(sizes)
    ]
    return np.concatenate(parts, axis=1) if parts else np.zeros((len(prepared.uncertain), 0))


def simulate(
    model: LoadedModel,
    draws: int = 100_000,
    seed: int = 2019,
    perspective: str | None = None,
    chunk: int | None = None,
    executor: Executor | None = None,
    keep_draws: bool = False,
    progress: Callable[[int, int], None] | None = None,
    by_financier: bool = True,
) -> Simulation:
    """Monte Carlo of every evaluation and portfolio column; see the module docstring.

    ``chunk`` (draws per chunk) defaults to what keeps a chunk near :data:`BUDGET`
    numbers: 50 000 for a model of De Bilt's size, fewer for a larger model.
    """
    if draws < 1:
        raise ValueError("het aantal trekkingen moet minstens 1 zijn")
    return _simulate(
        model, draws, seed, perspective, chunk, executor, keep_draws, progress, by_financier
    )


def _simulate(
    model: LoadedModel,
    draws: int,
    seed: int,
    perspective: str | None,
    chunk: int | None,
    executor: Executor | None,
    keep_draws: bool,
    progress: Callable[[int, int], None] | None,
    by_financier: bool,
) -> Simulation:
    remember(model)
    prepared = prepare(model, perspective, by_financier)
    sizes = chunk_sizes(draws, chunk or prepared.default_chunk())
    children = np.random.SeedSequence(seed).spawn(len(sizes) + 1)
    left, right = _edges(prepared, children[-1])
    base = str(Path(model.file).parent)
    tasks = [
        Task(
            model.text,
            model.file,
            base,
            prepared.perspective,
            children[i],
            size,
            left,
            right,
            keep_draws,
            by_financier,
        )
        for i, size in enumerate(sizes)
    ]
    pool = executor or InlineExecutor()
    # a few chunks in flight at a time (one inline): results wait in memory until merged
    ahead = 1 if isinstance(pool, InlineExecutor) else AHEAD
    futures: deque[Future[Any]] = deque()
    merged: Summary | None = None
    kept_x, kept_y = [], []
    for done in range(1, len(tasks) + 1):
        while len(futures) < ahead and done - 1 + len(futures) < len(tasks):
            futures.append(pool.submit(run_task, tasks[done - 1 + len(futures)]))
        summary, x, y = futures.popleft().result()
        merged = summary if merged is None else merged.merge(summary)
        if x is not None and y is not None:
            kept_x.append(x)
            kept_y.append(y)
        if progress is not None:
            progress(done, len(tasks))
    assert merged is not None
    n = merged.count
    histogram = merged.counted()
    by_row: dict[int, Statistics] = {}
    for row, k in enumerate(prepared.moving):
        if k < 0:  # no uncertain input touches this row: one value in every draw
            value = float(prepared.constants[row])
            span = max(abs(value), 1.0)
            by_row[row] = Statistics(
                mean=value,
                sd=0.0,
                p5=value,
                p50=value,
                p95=value,
                probability_positive=1.0 if value > 0 else 0.0,
                low=value,
                high=value,
                histogram=Histogram(value - span / 2, value + span / 2, None, value, n),
            )
            continue
        mean = float(merged.total[k] / n)
        variance = max(float(merged.squares[k] / n - mean * mean), 0.0)
        counts = histogram[k]
        low, high = float(merged.low[k]), float(merged.high[k])
        edges = np.linspace(left[k], right[k], BINS + 1)
        by_row[row] = Statistics(
            mean=mean,
            sd=math.sqrt(variance * n / (n - 1)) if n > 1 else 0.0,
            p5=_quantile(0.05, counts, edges, low, high),
            p50=_quantile(0.50, counts, edges, low, high),
            p95=_quantile(0.95, counts, edges, low, high),
            probability_positive=float(merged.positive[k] / n),
            low=low,
            high=high,
            histogram=Histogram(float(left[k]), float(right[k]), counts),
        )
    statistics = {
        o.name: by_row[int(row)] for o, row in zip(prepared.outputs, prepared.rows, strict=True)
    }
    uncertain = prepared.uncertain
    return Simulation(
        draws=draws,
        seed=seed,
        chunks=len(sizes),
        perspective=prepared.perspective,
        perspective_name=model.case.perspective_name(prepared.perspective),
        outputs=prepared.outputs,
        statistics=statistics,
        inputs=[prepared.plan.inputs[n].where for n in uncertain],
        x=np.concatenate(kept_x, axis=1) if kept_x else None,
        y=np.concatenate(kept_y, axis=1) if kept_y else None,
    )
