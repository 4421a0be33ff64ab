"""``rendement simulate | sensitivity``: Monte Carlo and the tornado, from the command line."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..i18n import _
from .common import (
    LanguageOption,
    ModelArg,
    PerspectiveOption,
    check_perspective,
    check_scenario,
    draw,
    err,
    evaluate,
    load,
    out,
    usage,
    writable,
    write_json,
    writing,
)

SCHEDULER_TIMEOUT = 3
"""Seconds to wait for a Dask scheduler before saying it cannot be reached."""

SchedulerOption = Annotated[
    str | None,
    typer.Option(
        help="Reken op een Dask-cluster: het adres van een draaiende scheduler, "
        "bijv. tcp://127.0.0.1:8786 (vraagt de extra 'dask').",
        show_default=False,
    ),
]


@contextmanager
def executor(workers: int, scheduler: str | None) -> Iterator[Executor | None]:
    """Where the chunks run: this process, a process pool, or a Dask cluster."""
    if scheduler is not None:
        if workers > 1:
            usage("kies --workers (processen op deze computer) of --scheduler (een cluster)")
        client = connect(scheduler)
        try:
            yield client.get_executor()
        finally:
            client.close()
    elif workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            yield pool
    else:
        yield None


def connect(address: str) -> Any:
    """A Dask client of the scheduler at ``address``, or a usage error that says why not."""
    import asyncio
    import socket

    try:
        import distributed
    except ImportError:
        usage(
            "--scheduler rekent op een Dask-cluster, maar Dask is niet geïnstalleerd; "
            "installeer het met: pip install 'rendement[dask]'"
        )
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location) if scheme in ("tcp", "tls") else ("", 0)
    except ValueError:
        usage(
            f"'{address}' is geen adres van een Dask-scheduler; schrijf bijv. "
            "tcp://127.0.0.1:8786 (protocol, computer en poort)"
        )
    try:
        if host:  # a refused connection is known at once; Dask would retry until its timeout
            socket.create_connection((host, int(port)), timeout=SCHEDULER_TIMEOUT).close()
        # then ask who is there, within the timeout, before a client retries and hangs on
        identity = asyncio.run(_identity(address))
    except Exception:  # refused, timed out, or something that does not speak Dask
        identity = None
    if not isinstance(identity, dict) or identity.get("type") != "Scheduler":
        usage(
            f"de Dask-scheduler op '{address}' is niet bereikbaar binnen {SCHEDULER_TIMEOUT} "
            "seconden; controleer het adres en of de scheduler draait (dask scheduler)"
        )
    try:
        return distributed.Client(  # type: ignore[no-untyped-call]
            address, timeout=SCHEDULER_TIMEOUT, set_as_default=False
        )
    except Exception as error:  # e.g. another Dask version on the cluster
        usage(f"verbinden met de Dask-scheduler op '{address}' lukt niet: {error}")


async def _identity(address: str) -> Any:
    import asyncio

    from distributed.comm.core import connect as open_comm

    comm = await open_comm(address, timeout=SCHEDULER_TIMEOUT)  # type: ignore[no-untyped-call]
    try:
        await comm.write({"op": "identity", "reply": True})
        return await asyncio.wait_for(comm.read(), SCHEDULER_TIMEOUT)
    finally:
        await comm.close()


def simulate(
    model: ModelArg,
    draws: Annotated[int, typer.Option(help="Aantal trekkingen.", min=1)] = 100_000,
    seed: Annotated[
        int, typer.Option(help="Startwaarde: dezelfde seed geeft dezelfde uitkomst.")
    ] = 2019,
    perspective: PerspectiveOption = None,
    chunk: Annotated[
        int | None,
        typer.Option(
            help="Trekkingen per deel (geheugen); standaard 50.000, minder bij een groot model.",
            min=1,
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(help="Processen naast elkaar (1: in dit proces).", min=1)
    ] = 1,
    scheduler: SchedulerOption = None,
    export: Annotated[
        Path | None,
        typer.Option(help="Schrijf alle trekkingen naar .parquet, .csv of .npz (audit trail)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Uitkomsten als JSON-document.")] = False,
    histograms: Annotated[bool, typer.Option(help="Met histogrammen in de JSON.")] = False,
    lang: LanguageOption = None,
) -> None:
    """Monte Carlo: verdeling van de netto besparing per interventie, scenario en financier."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..engine import evaluate
    from ..money import number
    from ..present import shown_scenarios, simulation_portfolio_table, simulation_table
    from ..uncertainty import simulate as run_simulation
    from ..uncertainty.export import write_draws

    loaded = load(model)
    check_perspective(loaded, perspective)
    if export is not None and export.suffix not in (".parquet", ".csv", ".npz"):
        usage("--export schrijft naar een bestand op .parquet, .csv of .npz")
    if export is not None:
        writable(export)
    with (
        executor(workers, scheduler) as pool,
        Progress(
            TextColumn(_("Trekkingen")),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=as_json and not err.is_terminal,
        ) as bar,
    ):
        task = bar.add_task("simulate", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

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
    if export is not None:
        with writing(export):
            write_draws(result, export)
    if as_json:
        write_json(result.to_json(histograms))
        return
    heading = _("{draws} trekkingen · seed {seed} · perspectief {name}").format(
        draws=number(draws), seed=seed, name=escape(result.perspective_name)
    )
    out.print(f"[bold]Monte Carlo[/] · {heading}")
    results = evaluate(loaded, perspective=perspective)  # which scenarios the tables show
    for intervention in loaded.case.interventions:
        shown = shown_scenarios(results, intervention.id)
        draw(simulation_table(result, intervention.id, intervention.name, loaded.case, shown))
    if result.outputs and any(o.column for o in result.outputs):
        draw(simulation_portfolio_table(result, loaded.case))
    if export is not None:
        out.print(_("Trekkingen geschreven naar {path}").format(path=escape(str(export))))


def sensitivity(
    model: ModelArg,
    perspective: PerspectiveOption = None,
    draws: Annotated[
        int, typer.Option(help="Trekkingen voor rangcorrelatie en EVPI.", min=100)
    ] = 20_000,
    seed: Annotated[int, typer.Option(help="Startwaarde.")] = 2019,
    headline: Annotated[
        bool,
        typer.Option(
            "--headline",
            help="Alleen de opties die het rapport toont: per interventie de eerste variant "
            "in elk getoond scenario (zoals het hoofdstuk Onzekerheid van het rapport).",
        ),
    ] = False,
    scenario: Annotated[
        str | None,
        typer.Option(
            help="Met --headline: alleen dit scenario, zoals 'rendement report --scenario'.",
            show_default=False,
        ),
    ] = None,
    chunk: Annotated[
        int | None,
        typer.Option(
            help="Trekkingen per deel, als bij 'rendement simulate --chunk': dezelfde "
            "trekkingen en dus dezelfde kans op netto > 0.",
            min=1,
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON-document.")] = False,
    scheduler: SchedulerOption = None,
    lang: LanguageOption = None,
) -> None:
    """Tornado, rangcorrelatie, waarde van informatie en break-even per onzekere invoer.

    De trekkingen zijn die van 'rendement simulate' met dezelfde --draws, --seed en
    --chunk: gemiddelde en kans op netto > 0 van een optie zijn daar dezelfde.
    """
    from ..engine import build_plan
    from ..present import tornado_table
    from ..present.uncertain import headline_targets
    from ..uncertainty import has_uncertainty
    from ..uncertainty import sensitivity as run_sensitivity

    loaded = load(model)
    check_perspective(loaded, perspective)
    check_scenario(loaded, scenario)
    if scenario is not None and not headline:
        usage("--scenario kiest de opties van het rapport; gebruik het samen met --headline")
    if not has_uncertainty(build_plan(loaded)):
        usage(
            "dit model heeft geen onzekere invoer; geef een getal een verdeling, bijv. "
            "share: {pert: [15%, 25%, 35%]}"
        )
    targets = headline_targets(evaluate(loaded, perspective), scenario) if headline else None
    with executor(1, scheduler) as pool:
        results = run_sensitivity(
            loaded,
            perspective=perspective,
            targets=targets,
            draws=draws,
            seed=seed,
            executor=pool,
            chunk=chunk,
        )
    if as_json:
        document = {
            "perspective": results[0].perspective if results else perspective,
            "draws": draws,
            "seed": seed,
            "evaluations": [r.to_json() for r in results],
        }
        write_json(document)
        return
    for result in results:
        if result.inputs:
            name = loaded.case.intervention(result.intervention).name
            draw(tornado_table(result, name, loaded.case))
