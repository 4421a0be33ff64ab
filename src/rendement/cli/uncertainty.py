"""``rendement simulate | sensitivity``: Monte Carlo and the tornado, from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .common import ModelArg, PerspectiveOption, check_perspective, draw, err, load, out, usage


def simulate(
    model: ModelArg,
    draws: Annotated[int, typer.Option(help="Aantal trekkingen.", min=1)] = 100_000,
    seed: Annotated[
        int, typer.Option(help="Startwaarde: dezelfde seed geeft dezelfde uitkomst.")
    ] = 2019,
    perspective: PerspectiveOption = None,
    chunk: Annotated[int, typer.Option(help="Trekkingen per deel (geheugen).", min=1)] = 50_000,
    workers: Annotated[
        int, typer.Option(help="Processen naast elkaar (1: in dit proces).", min=1)
    ] = 1,
    export: Annotated[
        Path | None,
        typer.Option(help="Schrijf alle trekkingen naar .parquet, .csv of .npz (audit trail)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Uitkomsten als JSON-document.")] = False,
    histograms: Annotated[bool, typer.Option(help="Met histogrammen in de JSON.")] = False,
) -> None:
    """Monte Carlo: verdeling van de netto besparing per interventie, scenario en financier."""
    from concurrent.futures import ProcessPoolExecutor

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..present import simulation_portfolio_table, simulation_table
    from ..uncertainty import simulate as run_simulation
    from ..uncertainty.export import write_draws

    loaded = load(model)
    check_perspective(loaded, perspective)
    if export is not None and export.suffix not in (".parquet", ".csv", ".npz"):
        usage("--export schrijft naar een bestand op .parquet, .csv of .npz")
    pool = ProcessPoolExecutor(workers) if workers > 1 else None
    with Progress(
        TextColumn("Trekkingen"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=as_json and not err.is_terminal,
    ) as bar:
        task = bar.add_task("simulate", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = run_simulation(
                loaded,
                draws=draws,
                seed=seed,
                perspective=perspective,
                chunk=chunk,
                executor=pool,
                keep_draws=export is not None,
                progress=advance,
            )
        finally:
            if pool is not None:
                pool.shutdown()
    if export is not None:
        write_draws(result, export)
    if as_json:
        sys.stdout.write(
            json.dumps(result.to_json(histograms), ensure_ascii=False, indent=2) + "\n"
        )
        return
    out.print(
        f"[bold]Monte Carlo[/] · {draws:,} trekkingen · seed {seed} · perspectief "
        f"{escape(result.perspective_name)}".replace(",", ".")
    )
    for intervention in loaded.case.interventions:
        draw(simulation_table(result, intervention.id, intervention.name))
    if result.outputs and any(o.column for o in result.outputs):
        draw(simulation_portfolio_table(result))
    if export is not None:
        out.print(f"Trekkingen geschreven naar {escape(str(export))}")


def sensitivity(
    model: ModelArg,
    perspective: PerspectiveOption = None,
    draws: Annotated[
        int, typer.Option(help="Trekkingen voor rangcorrelatie en EVPI.", min=100)
    ] = 20_000,
    seed: Annotated[int, typer.Option(help="Startwaarde.")] = 2019,
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON-document.")] = False,
) -> None:
    """Tornado, rangcorrelatie, waarde van informatie en break-even per onzekere invoer."""
    from ..engine import build_plan
    from ..present import tornado_table
    from ..uncertainty import has_uncertainty
    from ..uncertainty import sensitivity as run_sensitivity

    loaded = load(model)
    check_perspective(loaded, perspective)
    if not has_uncertainty(build_plan(loaded)):
        usage(
            "dit model heeft geen onzekere invoer; geef een getal een verdeling, bijv. "
            "share: {pert: [15%, 25%, 35%]}"
        )
    results = run_sensitivity(loaded, perspective=perspective, draws=draws, seed=seed)
    if as_json:
        document = {
            "perspective": results[0].perspective if results else perspective,
            "draws": draws,
            "seed": seed,
            "evaluations": [r.to_json() for r in results],
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    for result in results:
        if result.inputs:
            draw(tornado_table(result, loaded.case.intervention(result.intervention).name))
