"""Drawing the uncertain inputs of a plan: one matrix ``(n_inputs, n_draws)`` per chunk.

Randomness is explicit: the caller passes a ``numpy.random.Generator``. Inputs without a
distribution keep their value in every draw. Correlated inputs share a Gaussian copula:
correlated standard normals are turned into uniforms and then into each input's own
distribution, so every marginal stays exactly as written.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import special

from ..engine import Plan
from ..model import BusinessCase

FloatArray = NDArray[np.float64]


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
    u = np.empty((len(uncertain), draws))
    if correlated is not None:
        members, matrix = correlated
        rows = [uncertain.index(n) for n in members]
        z = rng.standard_normal((len(members), draws))
        u[rows] = special.ndtr(np.linalg.cholesky(matrix) @ z)
    copula = set(correlated[0]) if correlated is not None else set()
    for row, n in enumerate(uncertain):
        dist = plan.inputs[n].dist
        assert dist is not None
        x[n] = dist.ppf(u[row]) if n in copula else dist.draw(rng, draws)
    for n, inp in enumerate(plan.inputs):
        if inp.dist is None:
            x[n] = inp.value
    return x
