"""Drawing the uncertain inputs of a plan: one matrix ``(n_inputs, n_draws)`` per chunk.

Randomness is explicit: the caller passes a ``numpy.random.Generator``. Inputs without a
distribution keep their value in every draw. Correlated inputs share a Gaussian copula,
applied by rank: each input is drawn from its own distribution, then its draws are put in
the order of correlated standard normals (the Iman–Conover way). The marginals stay
exactly as drawn and the ranks follow the copula, at the cost of a sort instead of an
inverse distribution function per draw.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..engine import Plan
from ..model import BusinessCase

FloatArray = NDArray[np.float64]


def has_uncertainty(plan: Plan) -> bool:
    """Whether any input of the plan (a value, a parameter or a price) has a distribution."""
    return any(item.dist is not None for item in plan.inputs)


def input_key(case: BusinessCase, reference: str) -> str | None:
    """The plan key of an input as ``correlations`` names it (``intervention.path``)."""
    head, _, rest = reference.partition(".")
    if head == "parameters":
        return f"parameters.{rest}"
    if not rest or head not in {i.id for i in case.interventions}:
        return None
    if rest.startswith("parameters.") and not rest.endswith(".value"):
        rest += ".value"
    return f"{head}||{rest}"


def correlation_matrix(plan: Plan, case: BusinessCase) -> tuple[list[int], FloatArray] | None:
    """Indices of correlated uncertain inputs and their correlation matrix (None: none)."""
    if not case.correlations:
        return None
    index = {inp.key: n for n, inp in enumerate(plan.inputs)}
    members: list[int] = []
    pairs = []
    for c in case.correlations:
        ends = []
        for ref in c.between:
            key = input_key(case, ref)
            if key is None or key not in index:
                raise ValueError(f"onbekende invoer '{ref}' in correlations")
            ends.append(index[key])
        for n in ends:
            if n not in members:
                members.append(n)
        pairs.append((ends[0], ends[1], c.rho))
    matrix = np.eye(len(members))
    position = {n: k for k, n in enumerate(members)}
    for a, b, rho in pairs:
        matrix[position[a], position[b]] = matrix[position[b], position[a]] = rho
    return members, matrix


def sample(
    plan: Plan,
    draws: int,
    rng: np.random.Generator,
    correlated: tuple[list[int], FloatArray] | None = None,
) -> FloatArray:
    """Input values for ``draws`` Monte Carlo draws (rows: inputs, columns: draws)."""
    x = np.empty((len(plan.inputs), draws))
    x[uncertain_inputs(plan)] = sample_uncertain(plan, draws, rng, correlated)
    fixed = [n for n, inp in enumerate(plan.inputs) if inp.dist is None]
    x[fixed] = plan.input_values()[fixed, None]
    return x


def uncertain_inputs(plan: Plan) -> NDArray[np.intp]:
    """Indices of the inputs with a distribution, in order."""
    return np.array([n for n, inp in enumerate(plan.inputs) if inp.dist is not None], np.intp)


def sample_uncertain(
    plan: Plan,
    draws: int,
    rng: np.random.Generator,
    correlated: tuple[list[int], FloatArray] | None = None,
) -> FloatArray:
    """The draws of the uncertain inputs only: rows as :func:`uncertain_inputs` lists them.

    The same numbers as the uncertain rows of :func:`sample` with the same generator.
    """
    uncertain = uncertain_inputs(plan)
    row = {int(n): k for k, n in enumerate(uncertain)}
    x = np.empty((len(uncertain), draws))
    for k, n in enumerate(uncertain):
        dist = plan.inputs[n].dist
        assert dist is not None
        x[k] = dist.draw(rng, draws)
    if correlated is not None:
        members, matrix = correlated
        scores = _correlate(matrix, rng.standard_normal((len(members), draws)))
        for k, n in enumerate(members):
            if n not in row:
                continue  # a number without a distribution stays what it is
            ranks = np.empty(draws, dtype=np.intp)
            ranks[np.argsort(scores[k], kind="stable")] = np.arange(draws)
            x[row[n]] = np.sort(x[row[n]])[ranks]
    return x


def _correlate(matrix: FloatArray, z: FloatArray) -> FloatArray:
    """``cholesky(matrix) @ z``, one group of inputs that correlate at a time.

    Inputs that no correlation connects are independent blocks of the matrix; factoring
    each block alone keeps the work proportional to the model, not to its square.
    """
    size = len(matrix)
    group = np.arange(size)
    rows, cols = np.nonzero(matrix)
    changed = True
    while changed:  # each input takes the smallest index of the inputs it is connected to
        lowest = group.copy()
        np.minimum.at(lowest, rows, group[cols])
        changed = bool(np.any(lowest != group))
        group = lowest[lowest]
    out = np.empty_like(z)
    for label in np.unique(group):
        block = np.nonzero(group == label)[0]
        out[block] = np.linalg.cholesky(matrix[np.ix_(block, block)]) @ z[block]
    return out
