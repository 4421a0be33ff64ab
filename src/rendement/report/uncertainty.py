"""The uncertainty chapter of a report, and the commands that reproduce every figure in it.

An auditor reruns what a report prints. So the chapter comes from one run: one number of
draws and one seed for the Monte Carlo tables, the histograms and the sensitivity tables
(whose draws are the simulation's own, see :func:`rendement.uncertainty.montecarlo.
input_draws`), about the options the other chapters show (:func:`~rendement.present.
uncertain.headline_targets`), never a scenario the model hides. The chapter says the draws
and the seed once; the appendix prints the two commands that give the same figures.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine import Results
from ..i18n import _
from ..money import count, euro
from ..present import (
    charts,
    headline_evaluations,
    shown_scenarios,
    simulation_portfolio_table,
    simulation_table,
    tornado_table,
)
from ..present.tables import evaluation_name
from ..present.uncertain import TERMS
from ..uncertainty import Sensitivity, Simulation

if TYPE_CHECKING:
    from .outline import Outline


def reproduce_commands(
    results: Results, simulation: Simulation, scenario: str | None = None
) -> list[str]:
    """``rendement simulate …`` and ``rendement sensitivity …`` that give every figure of
    the chapter: the same draws, seed, perspective and options."""
    model = shlex.quote(Path(results.model.file).name)
    common = f"--draws {simulation.draws} --seed {simulation.seed}"
    if results.perspective != results.model.case.perspective:
        common += f" --perspective {shlex.quote(results.perspective)}"
    options = " --headline" + (f" --scenario {shlex.quote(scenario)}" if scenario else "")
    return [
        f"rendement simulate {model} {common}",
        f"rendement sensitivity {model} {common}{options}",
    ]


def uncertainty_chapter(
    outline: Outline,
    results: Results,
    simulation: Simulation | None,
    sensitivities: list[Sensitivity],
    scenario: str | None = None,
) -> None:
    """Monte Carlo per intervention (table, then a histogram per option the report shows),
    the overview, then per option its tornado; the terms explained once."""
    from .outline import Bullets, PageBreak

    if simulation is None and not sensitivities:
        return
    case = results.model.case
    outline.blocks.append(PageBreak())
    outline.heading(_("Onzekerheid en gevoeligheid"))
    if simulation is not None:
        outline.text(
            _(
                "Alle cijfers in dit hoofdstuk komen uit één Monte Carlo-berekening: "
                "{draws} doorrekeningen met startwaarde (seed) {seed}, waarin elke onzekere "
                "invoer ({n}) tegelijk varieert volgens haar verdeling. De tabellen, de "
                "histogrammen en de gevoeligheidsanalyse gebruiken dezelfde doorrekeningen; "
                "de bijlage geeft de opdrachten die deze cijfers opnieuw uitrekenen."
            ).format(draws=count(simulation.draws), seed=simulation.seed, n=len(simulation.inputs))
        )
    outline.heading(_("Begrippen"), 3)
    outline.blocks.append(Bullets([f"{_(term)}: {_(words)}" for term, words in TERMS]))
    if simulation is not None:
        for result in results.interventions:
            shown = shown_scenarios(results, result.id, scenario)
            outline.table(simulation_table(simulation, result.id, result.name, case, shown))
            for ev in headline_evaluations(results, result.id, scenario):
                stats = simulation.get(result.id, ev.variant, ev.scenario)
                if stats.fixed:
                    continue  # the table says so; a histogram of one bar says nothing
                option = f"{result.name} · {evaluation_name(ev)}"
                outline.chart(
                    charts.distribution(stats, option),
                    _("Verdeling van de netto besparing · {option}").format(option=option),
                )
        if results.portfolio:
            outline.table(simulation_portfolio_table(simulation, case))
    for sens in sensitivities:
        result = results.intervention(sens.intervention)
        name = result.name
        option = f"{name} · {evaluation_name(result.get(sens.variant, sens.scenario))}"
        if not sens.inputs:
            outline.text(
                _(
                    "{option}: geen onzekere invoer in deze optie; de netto besparing is in "
                    "elke doorrekening {net}."
                ).format(option=option, net=euro(sens.net))
            )
            continue
        outline.table(tornado_table(sens, name, case))
        outline.chart(
            charts.tornado(sens, name, case=case),
            _("Gevoeligheid (tornado) · {option}").format(option=option),
        )


def reproduce_section(
    outline: Outline, results: Results, simulation: Simulation | None, scenario: str | None
) -> None:
    """The appendix's paragraph with the commands that reproduce the uncertainty chapter."""
    if simulation is None:
        return
    outline.heading(_("De onzekerheidsanalyse narekenen"), 2)
    outline.text(
        _(
            "Elk percentage, elke P5, mediaan en P95 en elke waarde van perfecte informatie in "
            "het hoofdstuk Onzekerheid en gevoeligheid komt uit deze twee opdrachten, met "
            "hetzelfde model ({draws} doorrekeningen, startwaarde {seed}); met --json geven ze "
            "de cijfers onafgerond."
        ).format(draws=count(simulation.draws), seed=simulation.seed)
    )
    for command in reproduce_commands(results, simulation, scenario):
        outline.text(command)
