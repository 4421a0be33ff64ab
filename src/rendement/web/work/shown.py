"""A finished job's figures as the page's tables (the same ``Table`` as every results
table, so they look and read alike), named from the version they were computed for."""

from __future__ import annotations

from typing import Any

from ...i18n import _, language
from ...money import currency, euro, number
from ...present import Table
from ..cases.results import shown
from .models import Job


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{number(100 * value, 1)} %"


def _money(value: float | None) -> str:
    return "—" if value is None else euro(value)


def _option(results: Any, intervention: str, variant: str, scenario: str) -> str:
    from ...present.tables import evaluation_name

    try:
        return evaluation_name(results.get(intervention, variant, scenario), None)
    except (KeyError, ValueError):
        return f"{variant} / {scenario}"


def tables(job: Job, lang: str) -> list[Table]:
    """The tables of a finished Monte Carlo or sensitivity job (none for a document)."""
    figures = job.figures
    results = shown(job.version.document, lang).results
    if not isinstance(figures, dict) or results is None:
        return []
    with language(lang), currency(results.currency):
        names = {r.id: r.name for r in results.interventions}
        if job.kind == Job.Kind.MONTECARLO:
            return [_montecarlo(figures, names, results)]
        return _sensitivity(figures, names, results)


def _montecarlo(figures: dict[str, Any], names: dict[str, str], results: Any) -> Table:
    table = Table(
        _("Monte Carlo: netto besparing ({draws} trekkingen, seed {seed})").format(
            draws=number(figures["draws"]), seed=figures["seed"]
        ),
        [
            _("Interventie"),
            _("Optie"),
            _("Gemiddelde"),
            "P5",
            _("Mediaan"),
            "P95",
            _("Kans netto > 0"),
        ],
        caption=_(
            "Perspectief {name}. P5 en P95: 5 % van de doorrekeningen ligt lager, 5 % hoger."
        ).format(name=figures["perspective"]["name"]),
        kind="montecarlo",
    )
    from ...present.tables import shown_scenarios

    for intervention, entry in figures["interventions"].items():
        # the scenarios the page's tables show: one that changes nothing is 'basis' again
        shown_here = shown_scenarios(results, intervention) if intervention in names else []
        for variant, scenarios in entry["variants"].items():
            for scenario, s in scenarios["scenarios"].items():
                if shown_here and scenario not in shown_here:
                    continue
                table.add(
                    [
                        names.get(intervention, intervention),
                        _option(results, intervention, variant, scenario),
                        _money(s["mean"]),
                        _money(s["p5"]),
                        _money(s["p50"]),
                        _money(s["p95"]),
                        _percent(s["probability_positive"]),
                    ]
                )
    return table


def _sensitivity(figures: dict[str, Any], names: dict[str, str], results: Any) -> list[Table]:
    out = []
    for option in figures["options"]:
        title = _("Gevoeligheid en EVPPI: {name} — {option} ({draws} trekkingen)").format(
            name=names.get(option["intervention"], option["intervention"]),
            option=_option(results, option["intervention"], option["variant"], option["scenario"]),
            draws=number(figures["draws"]),
        )
        table = Table(
            title,
            [
                _("Invoer"),
                _("Netto bij P5"),
                _("Netto bij P95"),
                _("Uitslag"),
                _("Rangcorrelatie"),
                "EVPPI",
            ],
            caption=_(
                "Kans netto > 0: {p}; EVPI (waarde van volledige informatie): {evpi}. EVPPI: "
                "wat zekerheid over alleen deze invoer waard is."
            ).format(p=_percent(option["probability_positive"]), evpi=_money(option["evpi"])),
            kind="sensitivity",
        )
        for row in option["inputs"]:
            table.add(
                [
                    row["label"],
                    _money(row["net_low"]),
                    _money(row["net_high"]),
                    _money(row["swing"]),
                    number(row["rank_correlation"], 2),
                    _money(row["evppi"]),
                ]
            )
        out.append(table)
    return out
