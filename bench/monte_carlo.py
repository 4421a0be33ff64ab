"""Benchmark: 10^6 Monte Carlo draws of the uncertain De Bilt portfolio, three ways.

    python -m pip install --group bench -e .   # squigglepy
    python bench/monte_carlo.py [--draws 1000000]

1. rendement: ``simulate`` on ``examples/de-bilt-2019-onzeker.yaml`` (sampling, the engine,
   summaries of every evaluation's net and both portfolio columns); and again with
   ``by_financier=True`` (the CLI default: each financier's balance in every evaluation
   too), which should cost at most twice the net-only run;
2. the same model written directly in NumPy: the same distributions (the correlated pair
   through the same rank-based Gaussian copula), the same 24 nets and 2 portfolio columns,
   the same statistics;
3. the same model the squigglepy way: distributions combined with arithmetic, the pair
   through ``sq.correlate``, each of the 26 outputs sampled with ``sq.sample``.

Each runs in its own process, so the peak memory (ru_maxrss) is its own. Prints seconds,
ratios and peak memory; not a test.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import resource
import time
from pathlib import Path

import numpy as np

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "de-bilt-2019-onzeker.yaml"


def summarise(nets: dict[str, np.ndarray]) -> dict[str, tuple[float, ...]]:
    return {
        name: (
            float(y.mean()),
            *map(float, np.quantile(y, [0.05, 0.5, 0.95])),
            float((y > 0).mean()),
        )
        for name, y in nets.items()
    }


def run_rendement(draws: int, by_financier: bool = False) -> dict[str, object]:
    from rendement.model import load_model
    from rendement.uncertainty import simulate

    model = load_model(EXAMPLE)
    cpu, start = time.process_time(), time.perf_counter()
    result = simulate(model, draws=draws, seed=2019, chunk=100_000, by_financier=by_financier)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    s = result.column("minimum")
    return {
        "seconds": seconds,
        "cpu": cpu,
        "minimum": (s.mean, s.p5, s.p50, s.p95, s.probability_positive),
    }


def run_rendement_by_financier(draws: int) -> dict[str, object]:
    """As the CLI does by default: a distribution per financier as well (122 figures)."""
    return run_rendement(draws, by_financier=True)


def pert(rng: np.random.Generator, a: float, m: float, b: float, n: int) -> np.ndarray:
    alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    return a + (b - a) * rng.beta(alpha, beta, n)


def portfolio(v: dict[str, object]) -> dict[str, object]:
    """The 24 nets and 2 portfolio columns from the inputs ``v`` (arrays or squigglepy)."""
    ol_gemeente = 160 * (
        v["share_cjg"] * v["cjg_units"] * 55  # type: ignore[operator]
        + v["share_youth"] * v["youth_units"] * 78.60
    )
    ol = {"huidig": ol_gemeente - 31_876, "uitbreiding": ol_gemeente - (7 * 21_376 / 9 + 10_500)}
    per_match = v["support_hours"] * 46.80 + v["day_care"] * 35.19  # type: ignore[operator]
    mj = {
        name: m * (per_match - 127_900 / 90)
        for name, m in (("huidig", 90), ("uitbreiding_15", 15), ("uitbreiding_30", 30))
    }
    days, support = v["days"], v["sdv_support"]
    sdv = {
        ("huidig", "basis"): 900 * days * 70.38 + support * 46.80 - 56_000,  # type: ignore[operator]
        ("huidig", "minimum"): 900 * 0.5 * 70.38 + support * 46.80 - 56_000,  # type: ignore[operator]
        ("huidig", "maximum"): 900 * 1.0 * 70.38 + support * 46.80 - 56_000,  # type: ignore[operator]
        ("uitbreiding", "basis"): 1800 * days * 70.38 + 400 * 46.80 - 56_000,  # type: ignore[operator]
        ("uitbreiding", "minimum"): 1800 * 0.5 * 70.38 + 400 * 46.80 - 56_000,
        ("uitbreiding", "maximum"): 1800 * 1.0 * 70.38 + 400 * 46.80 - 56_000,
    }
    families, prevented = v["families"], v["prevented"]
    per_family = 13 * 55 + 8 * 46.80
    samen = {
        "basis": (families - prevented) * per_family + prevented * 104_000 - 56_000,  # type: ignore[operator]
        "minimum": families * per_family - 56_000,  # type: ignore[operator]
        "maximum": (families - 1) * per_family + 104_000 - 56_000,  # type: ignore[operator]
    }
    nets: dict[str, object] = {}
    for scenario in ("basis", "minimum", "maximum"):
        for name, y in ol.items():
            nets[f"ouders_lokaal/{name}/{scenario}"] = y
        for name, y in mj.items():
            nets[f"maatjesproject/{name}/{scenario}"] = y
        for name in ("huidig", "uitbreiding"):
            nets[f"sterk_door_vrijwilligerswerk/{name}/{scenario}"] = sdv[(name, scenario)]
        nets[f"samen_oplopen/huidig/{scenario}"] = samen[scenario]
    nets["portfolio/minimum"] = (
        ol["uitbreiding"]
        + mj["uitbreiding_15"]  # type: ignore[operator]
        + sdv[("uitbreiding", "minimum")]
        + samen["minimum"]
    )
    nets["portfolio/maximum"] = (
        ol["uitbreiding"]
        + mj["uitbreiding_30"]  # type: ignore[operator]
        + sdv[("uitbreiding", "maximum")]
        + samen["maximum"]
    )
    return nets


def correlate_by_rank(
    rng: np.random.Generator, a: np.ndarray, b: np.ndarray, rho: float
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian copula by rank (Iman–Conover), as rendement does."""
    z = np.linalg.cholesky(np.array([[1, rho], [rho, 1]])) @ rng.standard_normal((2, len(a)))
    out = []
    for draws, scores in ((a, z[0]), (b, z[1])):
        ranks = np.empty(len(a), dtype=np.intp)
        ranks[np.argsort(scores)] = np.arange(len(a))
        out.append(np.sort(draws)[ranks])
    return out[0], out[1]


def direct_numpy_chunk(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """The De Bilt portfolio with the example's distributions, written out by hand."""
    tri = rng.triangular
    share_cjg, share_youth = correlate_by_rank(
        rng, pert(rng, 0.35, 0.5, 0.65, n), pert(rng, 0.10, 0.25, 0.35, n), 0.5
    )
    v = {
        "share_cjg": share_cjg,
        "share_youth": share_youth,
        "cjg_units": tri(8, 13, 16, n),
        "youth_units": tri(8, 13, 16, n),
        "support_hours": tri(10, 20, 25, n),
        "day_care": tri(30, 52, 52, n),
        "days": rng.uniform(0.5, 1, n),
        "sdv_support": tri(100, 200, 250, n),
        "families": tri(20, 25, 30, n),
        "prevented": rng.uniform(0, 1, n),
    }
    return {k: np.broadcast_to(y, (n,)) for k, y in portfolio(v).items()}  # type: ignore[arg-type]


def run_numpy(draws: int) -> dict[str, object]:
    start = time.perf_counter()
    rng = np.random.default_rng(2019)
    chunks = [direct_numpy_chunk(rng, min(100_000, draws - k)) for k in range(0, draws, 100_000)]
    nets = {name: np.concatenate([c[name] for c in chunks]) for name in chunks[0]}
    stats = summarise(nets)
    return {"seconds": time.perf_counter() - start, "minimum": stats["portfolio/minimum"]}


def run_squigglepy(draws: int) -> dict[str, object]:
    """The same model the squigglepy way: distributions combined, each output sampled."""
    import squigglepy as sq

    start = time.perf_counter()
    sq.set_seed(2019)
    share_cjg, share_youth = sq.correlate(
        (sq.pert(0.35, 0.5, 0.65), sq.pert(0.10, 0.25, 0.35)), 0.5
    )
    v = {
        "share_cjg": share_cjg,
        "share_youth": share_youth,
        "cjg_units": sq.triangular(8, 13, 16),
        "youth_units": sq.triangular(8, 13, 16),
        "support_hours": sq.triangular(10, 20, 25),
        "day_care": sq.triangular(30, 52, 52),
        "days": sq.uniform(0.5, 1),
        "sdv_support": sq.triangular(100, 200, 250),
        "families": sq.triangular(20, 25, 30),
        "prevented": sq.uniform(0, 1),
    }
    nets = {
        name: (
            np.asarray(sq.sample(expr, n=draws))
            if not isinstance(expr, float | int)
            else np.full(draws, float(expr))
        )
        for name, expr in portfolio(v).items()
    }
    stats = summarise(nets)
    return {"seconds": time.perf_counter() - start, "minimum": stats["portfolio/minimum"]}


def _child(name: str, draws: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    runner = {
        "rendement": run_rendement,
        "per-financier": run_rendement_by_financier,
        "numpy": run_numpy,
        "squigglepy": run_squigglepy,
    }[name]
    result = runner(draws)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(json.dumps(result))


def measure(name: str, draws: int) -> dict[str, object]:
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    process = multiprocessing.Process(target=_child, args=(name, draws, queue))
    process.start()
    result: dict[str, object] = json.loads(queue.get())
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument(
        "--only", nargs="*", default=["rendement", "per-financier", "numpy", "squigglepy"]
    )
    args = parser.parse_args()
    draws = args.draws
    print(
        f"{draws:,} draws · {platform.processor() or platform.machine()} · "
        f"{multiprocessing.cpu_count()} cores · Python {platform.python_version()}"
    )
    results = {name: measure(name, draws) for name in args.only}
    for name, r in results.items():
        mean, p5, _p50, p95, positive = r["minimum"]  # type: ignore[misc]
        print(
            f"{name:11} {r['seconds']:7.2f} s  peak {r['peak_mb']:7.0f} MB   portfolio minimum: "
            f"mean {mean:10,.0f}  P5 {p5:10,.0f}  P95 {p95:10,.0f}  P(>0) {positive:.3f}"
        )
    seconds = {k: float(r["seconds"]) for k, r in results.items()}  # type: ignore[arg-type]
    if "rendement" in seconds and "numpy" in seconds:
        print(
            f"rendement / NumPy       = {seconds['rendement'] / seconds['numpy']:.2f}"
            "   (target ≤ 1.5)"
        )
    if "rendement" in seconds and "per-financier" in seconds:
        cpu = {k: float(results[k]["cpu"]) for k in ("rendement", "per-financier")}  # type: ignore[arg-type]
        print(
            f"per financier / net only = {seconds['per-financier'] / seconds['rendement']:.2f}"
            f" (CPU {cpu['per-financier'] / cpu['rendement']:.2f})   (target ≤ 2)"
        )
    if "rendement" in seconds and "squigglepy" in seconds:
        print(
            f"squigglepy / rendement  = {seconds['squigglepy'] / seconds['rendement']:.2f}"
            "   (target ≥ 5)"
        )


if __name__ == "__main__":
    main()
