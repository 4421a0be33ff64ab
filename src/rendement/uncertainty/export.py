"""Raw Monte Carlo draws to a file: the audit trail analysts ask for.

One row per draw; columns are the uncertain inputs (by their place in the model) and the
simulated figures (by evaluation, financier and portfolio column). Header text is made
safe for spreadsheets: a name never starts with ``=``, ``+``, ``-`` or ``@``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from ..files import replacing
from ..text import safe
from .montecarlo import Simulation


def write_draws(simulation: Simulation, path: Path) -> None:
    """Write the kept draws (``simulate(..., keep_draws=True)``) to .parquet, .csv or .npz."""
    if simulation.x is None or simulation.y is None:
        raise ValueError("de trekkingen zijn niet bewaard: simuleer met keep_draws=True")
    names = [f"invoer: {n}" for n in simulation.inputs] + [o.name for o in simulation.outputs]
    data = np.concatenate([simulation.x, simulation.y], axis=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix not in (".npz", ".csv", ".parquet"):
        raise ValueError("schrijf trekkingen naar een bestand op .parquet, .csv of .npz")
    with replacing(path) as partial:  # never leave a half-written file behind
        if path.suffix == ".npz":
            with partial.open("wb") as handle:
                np.savez_compressed(
                    handle, names=np.array(names), draws=data.T, seed=simulation.seed
                )
        elif path.suffix == ".csv":
            with partial.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["trekking", *(safe(n) for n in names)])
                for row in range(data.shape[1]):
                    writer.writerow([row + 1, *(repr(float(v)) for v in data[:, row])])
        else:
            try:
                import pyarrow as pa
                import pyarrow.parquet as pq
            except ImportError:  # pragma: no cover - pyarrow is in the test group
                raise ValueError(
                    "voor .parquet is pyarrow nodig: pip install 'rendement[parquet]'"
                ) from None
            table = pa.table({name: data[n] for n, name in enumerate(names)})
            pq.write_table(table.replace_schema_metadata({"seed": str(simulation.seed)}), partial)
