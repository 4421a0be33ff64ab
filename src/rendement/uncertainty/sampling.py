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
    uncertain = [n for n, inp in enumerate(plan.inputs) if inp.dist is not None]
    for n in uncertain:
        dist = plan.inputs[n].dist
        assert dist is not None
        x[n] = dist.draw(rng, draws)
    if correlated is not None:
        members, matrix = correlated
        scores = np.linalg.cholesky(matrix) @ rng.standard_normal((len(members), draws))
        for row, n in enumerate(members):
            ranks = np.empty(draws, dtype=np.intp)
            ranks[np.argsort(scores[row], kind="stable")] = np.arange(draws)
            x[n] = np.sort(x[n])[ranks]
    fixed = [n for n, inp in enumerate(plan.inputs) if inp.dist is None]
    x[fixed] = plan.input_values()[fixed, None]
    return x
