"""Which assumptions matter: tornado, rank correlation, value of information, break-even.

For one evaluation (an intervention as one variant under one scenario) and one
perspective, every uncertain input is moved:

- one way (tornado): from its P5 to its P95 with all others at their point value; the
  *swing* is the difference in net savings, and inputs are ranked by it;
- together (Monte Carlo): the Spearman rank correlation of each input's draws with the net;
- the expected value of perfect information for the decision "invest or not" (EVPI:
  what knowing everything exactly would be worth) and per input (EVPPI, estimated by
  grouping the draws into 20 quantile bins of that input);
- the break-even value of each input (see :mod:`rendement.uncertainty.breakeven`).

All tornado points are evaluated in one vectorised run.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from ..engine import run, totals
from ..model import BASE_SCENARIO, LoadedModel
from ..tabular import Columns, Tabular
from . import frames
from .breakeven import BreakEven, break_even
from .montecarlo import input_draws, model_of, prepare, remember


@dataclass(frozen=True)
class InputSensitivity:
    key: str
    where: str
    label: str
    distribution: str  # as written in a model (``triangular(8; 13; 16)``)
    current: float
    low: float
    high: float
    net_low: float
    net_high: float
    swing: float
    rank_correlation: float
    evppi: float
    break_even: BreakEven
    kind: str = ""  # the distribution's kind and parameters, for words in a report
    params: tuple[float, ...] = ()
    support: tuple[float | None, float | None] = (None, None)  # what a draw can be; None: open


@dataclass(frozen=True)
class Sensitivity:
    intervention: str
    variant: str
    scenario: str
    perspective: str
    net: float
    mean: float
    probability_positive: float
    evpi: float
    inputs: list[InputSensitivity]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Sensitivities(list[Sensitivity], Tabular):
    """What :func:`sensitivity` returns: a list, one item per evaluation, that also reads as
    tables (``to_pandas()``: one row per input, ``to_pandas("evaluations")``) with names."""

    TABLES = frames.SENSITIVITY_TABLES

    def __init__(self, items: list[Sensitivity], model: LoadedModel | None = None) -> None:
        super().__init__(items)
        self.model = model

    def _columns(self, table: str, model: LoadedModel | None) -> Columns:
        return frames.sensitivity_columns(self, table, model or self.model)

    def _html(self) -> str:
        return frames.sensitivity_html(self, self.model)


def _evppi(x: np.ndarray, y: np.ndarray, bins: int = 20) -> float:
    order = np.argsort(x, kind="stable")
    groups = np.array_split(y[order], bins)
    known = float(np.mean([max(float(g.mean()), 0.0) for g in groups if len(g)]))
    return float(max(known - max(float(y.mean()), 0.0), 0.0))


def sensitivity(
    model: LoadedModel,
    perspective: str | None = None,
    targets: list[tuple[str, str, str]] | None = None,
    draws: int = 20_000,
    seed: int = 2019,
    executor: Executor | None = None,
    chunk: int | None = None,
) -> Sensitivities:
    """Sensitivity of the net savings of each target evaluation to every uncertain input.

    With an ``executor`` (a process pool, ``distributed.Client(...).get_executor()``) each
    target evaluation is a task: the same draws (same seed) and so the same figures as in
    this process.

    The Monte Carlo draws are those of :func:`~rendement.uncertainty.simulate` with the same
    ``draws``, ``seed`` and ``chunk`` (see :func:`~.montecarlo.input_draws`): the mean and
    P(net > 0) of an option here are exactly those of the simulation.

    ``targets`` defaults to every intervention and variant under the ``basis`` scenario,
    and under each scenario that has uncertain values of its own.
    """
    prepared = prepare(model, perspective)
    plan = prepared.plan
    financiers = model.case.perspective_financiers(prepared.perspective)
    if targets is None:
        # the basis of each variant, and the evaluations of a scenario that brings an
        # uncertain value of its own (e.g. a case-wide scenario with an uncertain price)
        own = {
            inp.key.split("|s:", 1)[1].split("|")[0].split(":")[0]
            for inp in plan.inputs
            if inp.dist is not None and "|s:" in inp.key
        }
        targets = [
            (e.intervention, e.variant, e.scenario)
            for e in plan.evaluations
            if e.scenario == BASE_SCENARIO or (e.scenario in own and e.same_as is None)
        ]
    if executor is not None:
        return _on(executor, model, prepared.perspective, targets, draws, seed, chunk)
    uncertain = [n for n, inp in enumerate(plan.inputs) if inp.dist is not None]
    point = plan.input_values()
    # the tornado: every input at its P5 and P95, all in one run
    intervals = [plan.inputs[n].dist.interval() for n in uncertain]  # type: ignore[union-attr]
    columns = np.repeat(point[:, None], 2 * len(uncertain) + 1, axis=1)
    for k, n in enumerate(uncertain):
        columns[n, 2 * k], columns[n, 2 * k + 1] = intervals[k]
    one_way = totals(plan, run(plan, columns), financiers).net
    # Monte Carlo for rank correlations and the value of information
    x = np.repeat(point[:, None], draws, axis=1)
    x[uncertain] = input_draws(model, draws, seed, prepared.perspective, chunk)
    y_all = totals(plan, run(plan, x), financiers).net
    out = []
    for intervention, variant, scenario in targets:
        e = plan.evaluation_index(intervention, variant, scenario)
        y = y_all[e]
        rows = []
        for k, n in enumerate(uncertain):
            low_net, high_net = float(one_way[e, 2 * k]), float(one_way[e, 2 * k + 1])
            swing = abs(high_net - low_net)
            if swing <= 1e-9 * max(1.0, abs(float(one_way[e, -1]))):
                continue  # this input does not touch this evaluation
            inp = plan.inputs[n]
            assert inp.dist is not None
            rho = stats.spearmanr(x[n], y).statistic if np.ptp(y) > 0 else 0.0
            bounds = inp.dist.bounds
            search = (bounds[0], bounds[1]) if all(np.isfinite(bounds)) else None
            rows.append(
                InputSensitivity(
                    key=inp.key,
                    where=inp.where,
                    label=inp.label,
                    distribution=inp.dist.describe(),
                    current=inp.value,
                    low=intervals[k][0],
                    high=intervals[k][1],
                    net_low=low_net,
                    net_high=high_net,
                    swing=swing,
                    rank_correlation=float(rho),
                    evppi=_evppi(x[n], y),
                    break_even=break_even(plan, financiers, e, n, search),
                    kind=inp.dist.kind,
                    params=tuple(float(v) for v in inp.dist.params),
                    support=(
                        bounds[0] if np.isfinite(bounds[0]) else None,
                        bounds[1] if np.isfinite(bounds[1]) else None,
                    ),
                )
            )
        rows.sort(key=lambda r: r.swing, reverse=True)
        out.append(
            Sensitivity(
                intervention=intervention,
                variant=variant,
                scenario=scenario,
                perspective=prepared.perspective,
                net=float(one_way[e, -1]),
                mean=float(y.mean()),
                probability_positive=float((y > 0).mean()),
                evpi=float(np.maximum(y, 0).mean() - max(float(y.mean()), 0.0)),
                inputs=rows,
            )
        )
    return Sensitivities(out, model)


@dataclass(frozen=True)
class _Task:
    """Sensitivity of some targets, picklable: the model travels as its text."""

    text: str
    file: str
    base: str
    perspective: str
    targets: list[tuple[str, str, str]]
    draws: int
    seed: int
    chunk: int | None = None


def _run(task: _Task) -> list[Sensitivity]:
    model = model_of(task.text, task.file, task.base)
    return list(
        sensitivity(model, task.perspective, task.targets, task.draws, task.seed, chunk=task.chunk)
    )


def _on(
    executor: Executor,
    model: LoadedModel,
    perspective: str,
    targets: list[tuple[str, str, str]],
    draws: int,
    seed: int,
    chunk: int | None = None,
) -> Sensitivities:
    """One task per target evaluation on ``executor``, gathered in the targets' order."""
    remember(model)
    base = str(Path(model.file).parent)
    futures = [
        executor.submit(
            _run, _Task(model.text, model.file, base, perspective, [target], draws, seed, chunk)
        )
        for target in targets
    ]
    return Sensitivities([item for future in futures for item in future.result()], model)
