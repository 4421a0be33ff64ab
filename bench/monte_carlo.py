"""Benchmark: 10^6 Monte Carlo draws of the uncertain De Bilt portfolio, three ways.

    python -m pip install --group bench -e .   # squigglepy
    python bench/monte_carlo.py [--draws 1000000]

1. rendement: ``simulate`` on ``examples/de-bilt-2019-onzeker.yaml`` (sampling, the engine,
   summaries of every evaluation's net and both portfolio columns);
2. the same model written directly in NumPy: the same distributions (the correlated pair
   through the same Gaussian copula), the same 24 nets and 2 portfolio columns, the same
   statistics;
3. the same model in squigglepy (its own sampling, no correlation), same statistics.

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
from scipy import special

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


def run_rendement(draws: int) -> dict[str, object]:
    from rendement.model import load_model
    from rendement.uncertainty import simulate

    model = load_model(EXAMPLE)
    start = time.perf_counter()
    result = simulate(model, draws=draws, seed=2019, chunk=100_000, by_financier=False)
    seconds = time.perf_counter() - start
    s = result.column("minimum")
    return {"seconds": seconds, "minimum": (s.mean, s.p5, s.p50, s.p95, s.probability_positive)}


def pert(rng: np.random.Generator, a: float, m: float, b: float, n: int) -> np.ndarray:
    alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    return a + (b - a) * rng.beta(alpha, beta, n)


def pert_ppf(u: np.ndarray, a: float, m: float, b: float) -> np.ndarray:
    alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    return a + (b - a) * special.betaincinv(alpha, beta, u)


def direct_numpy_chunk(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """The De Bilt portfolio with the example's distributions, written out by hand."""
    tri = rng.triangular
    # Ouders Lokaal: CJG and youth-care shares correlated (ρ = 0,5) through a Gaussian copula
    z = np.linalg.cholesky(np.array([[1, 0.5], [0.5, 1]])) @ rng.standard_normal((2, n))
    u = special.ndtr(z)
    share_cjg, share_youth = pert_ppf(u[0], 0.35, 0.5, 0.65), pert_ppf(u[1], 0.10, 0.25, 0.35)
    share_gp = pert(rng, 0.15, 0.25, 0.35, n)
    gp_units, cjg_units, youth_units = tri(2, 4, 6, n), tri(8, 13, 16, n), tri(8, 13, 16, n)
    ol_gemeente = 160 * (share_cjg * cjg_units * 55 + share_youth * youth_units * 78.60)
    _ = share_gp * gp_units  # the GP line (Zvw) is outside the municipality's perspective
    ol = {"huidig": ol_gemeente - 31_876, "uitbreiding": ol_gemeente - (7 * 21_376 / 9 + 10_500)}
    # Maatjesproject: municipal saving per match × matches − cost per match × matches
    per_match = tri(10, 20, 25, n) * 46.80 + tri(30, 52, 52, n) * 35.19
    _ = tri(2, 4, 6, n)  # GP hours per match (Zvw)
    mj = {
        v: m * (per_match - 127_900 / 90)
        for v, m in (("huidig", 90), ("uitbreiding_15", 15), ("uitbreiding_30", 30))
    }
    # Sterk door vrijwilligerswerk
    days = rng.uniform(0.5, 1, n)
    support = tri(100, 200, 250, n)
    sdv = {
        ("huidig", "basis"): 900 * days * 70.38 + support * 46.80 - 56_000,
        ("huidig", "minimum"): 900 * 0.5 * 70.38 + support * 46.80 - 56_000,
        ("huidig", "maximum"): 900 * 1.0 * 70.38 + support * 46.80 - 56_000,
        ("uitbreiding", "basis"): 1800 * days * 70.38 + 400 * 46.80 - 56_000,
        ("uitbreiding", "minimum"): np.full(n, 1800 * 0.5 * 70.38 + 400 * 46.80 - 56_000),
        ("uitbreiding", "maximum"): np.full(n, 1800 * 1.0 * 70.38 + 400 * 46.80 - 56_000),
    }
    # Samen Oplopen
    families = tri(20, 25, 30, n)
    prevented = rng.uniform(0, 1, n)

    def so(m: np.ndarray | float) -> np.ndarray:
        return (families - m) * (13 * 55 + 8 * 46.80) + m * 104_000 - 56_000

    samen = {"basis": so(prevented), "minimum": so(0.0), "maximum": so(1.0)}
    nets: dict[str, np.ndarray] = {}
    for scenario in ("basis", "minimum", "maximum"):
        for v, y in ol.items():
            nets[f"ouders_lokaal/{v}/{scenario}"] = y
        for v, y in mj.items():
            nets[f"maatjesproject/{v}/{scenario}"] = y
        for v in ("huidig", "uitbreiding"):
            nets[f"sterk_door_vrijwilligerswerk/{v}/{scenario}"] = sdv[(v, scenario)]
        nets[f"samen_oplopen/huidig/{scenario}"] = samen[scenario]
    nets["portfolio/minimum"] = (
        ol["uitbreiding"]
        + mj["uitbreiding_15"]
        + sdv[("uitbreiding", "minimum")]
        + samen["minimum"]
    )
    nets["portfolio/maximum"] = (
        ol["uitbreiding"]
        + mj["uitbreiding_30"]
        + sdv[("uitbreiding", "maximum")]
        + samen["maximum"]
    )
    return nets


def run_numpy(draws: int) -> dict[str, object]:
    start = time.perf_counter()
    rng = np.random.default_rng(2019)
    chunks = [direct_numpy_chunk(rng, min(100_000, draws - k)) for k in range(0, draws, 100_000)]
    nets = {name: np.concatenate([c[name] for c in chunks]) for name in chunks[0]}
    stats = summarise(nets)
    return {"seconds": time.perf_counter() - start, "minimum": stats["portfolio/minimum"]}


def run_squigglepy(draws: int) -> dict[str, object]:
    import squigglepy as sq

    start = time.perf_counter()
    sq.set_seed(2019)

    def pert_(a: float, m: float, b: float) -> object:
        return sq.pert(a, m, b)

    ol = 160 * (
        pert_(0.35, 0.5, 0.65) * sq.triangular(8, 13, 16) * 55
        + pert_(0.10, 0.25, 0.35) * sq.triangular(8, 13, 16) * 78.60
    )
    per_match = sq.triangular(10, 20, 25) * 46.80 + sq.triangular(30, 52, 52) * 35.19
    days = sq.uniform(0.5, 1)
    support = sq.triangular(100, 200, 250)
    families, prevented = sq.triangular(20, 25, 30), sq.uniform(0, 1)
    models = {
        "ouders_lokaal": ol - (7 * 21_376 / 9 + 10_500),
        "maatjesproject_15": 15 * (per_match - 127_900 / 90),
        "maatjesproject_30": 30 * (per_match - 127_900 / 90),
        "sdv_huidig": 900 * days * 70.38 + support * 46.80 - 56_000,
        "sdv_uitbreiding": 1800 * days * 70.38 + 400 * 46.80 - 56_000,
        "samen_oplopen": (families - prevented) * (13 * 55 + 8 * 46.80)
        + prevented * 104_000
        - 56_000,
        "samen_oplopen_min": families * (13 * 55 + 8 * 46.80) - 56_000,
    }
    samples = {name: np.asarray(sq.sample(dist, n=draws)) for name, dist in models.items()}
    minimum = (
        samples["ouders_lokaal"]
        + samples["maatjesproject_15"]
        + (1800 * 0.5 * 70.38 + 400 * 46.80 - 56_000)
        + samples["samen_oplopen_min"]
    )
    stats = summarise({**samples, "portfolio/minimum": minimum})
    return {"seconds": time.perf_counter() - start, "minimum": stats["portfolio/minimum"]}


def _child(name: str, draws: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    runner = {"rendement": run_rendement, "numpy": run_numpy, "squigglepy": run_squigglepy}[name]
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
    parser.add_argument("--only", nargs="*", default=["rendement", "numpy", "squigglepy"])
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
    if "rendement" in seconds and "squigglepy" in seconds:
        print(
            f"squigglepy / rendement  = {seconds['squigglepy'] / seconds['rendement']:.2f}"
            "   (target ≥ 5)"
        )


if __name__ == "__main__":
    main()
