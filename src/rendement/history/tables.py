"""A comparison of two versions as tables and a waterfall: what the CLI and the web show.

Amounts are shown to the cent, parts rounded so that they add up to the shown move
(:func:`rendement.present.attribution.shown_parts`).
"""

from __future__ import annotations

from typing import Any

from ..i18n import _
from ..money import euro
from ..present.attribution import attribution_waterfall, shown_parts
from ..present.tables import Table
from .attribution import NEGLIGIBLE, Comparison, Figure


def _amount(value: float | None) -> str:
    return "—" if value is None else euro(value, cents=True)


def _signed(value: float) -> str:
    return ("+\u00a0" if value > 0 else "") + euro(value, cents=True)  # never broken off


def changes_table(comparison: Comparison) -> Table:
    """The changed inputs, old → new, in words; the structural changes below."""
    table = Table(_("Gewijzigde invoer"), [_("Invoer"), _("Oud"), _("Nieuw")])
    for change in comparison.changes:
        table.add([change.name, change.old_text, change.new_text])
    if not comparison.changes:
        table.add([_("Geen invoer gewijzigd"), "", ""])
    if comparison.structural:
        table.caption = _("Structurele wijzigingen (geen invoer): {changes}.").format(
            changes="; ".join(comparison.structural)
        )
    return table


def figures_table(comparison: Comparison) -> Table:
    """Each headline figure that moved, old → new, and the move; how many did not move."""
    table = Table(
        _("Hoe de uitkomsten bewogen"),
        [_("Uitkomst"), _("Oud"), _("Nieuw"), _("Verschil")],
    )
    shown = moved(comparison)
    for figure in shown:
        table.add(
            [
                f"{figure.where} · {figure.label}",
                _amount(figure.old),
                _amount(figure.new),
                _signed(shown_move(figure)),
            ]
        )
    if not shown:
        table.add([_("Geen uitkomst is veranderd"), "", "", ""])
    table.caption = _("Perspectief {perspective}.").format(perspective=comparison.perspective)
    still = len(comparison.figures) - len(shown)
    if still and shown:
        table.caption += " " + _("Kopcijfers die niet veranderden: {count}.").format(count=still)
    return table


def shown_move(figure: Figure) -> float:
    """The move as shown: the shown new figure minus the shown old one."""
    return sum(shown_parts(figure.old or 0.0, figure.new or 0.0, [figure.move]))


def steps(comparison: Comparison, figure: Figure, split: str) -> list[tuple[str, float]]:
    """The parts of one split (``sequential`` or ``shapley``) as (name, amount), with the
    structural change as the last part when there is one."""
    if split == "sequential":
        named = [(c.name, v) for c, v in zip(comparison.changes, figure.sequential, strict=True)]
    else:
        named = [(p.name, v) for p, v in zip(comparison.parts, figure.shapley, strict=True)]
    if comparison.structural or abs(figure.structural) > NEGLIGIBLE:
        named.append((_("Structurele wijziging"), figure.structural))
    return named


def moved(comparison: Comparison) -> list[Figure]:
    """The figures that moved (by at least a cent): those worth an attribution."""
    return [f for f in comparison.figures if abs(f.move) >= 0.005]


def attribution_table(comparison: Comparison, figure: Figure) -> Table:
    """Both splits of one figure's move side by side, adding up to the move to the cent.

    With more changed inputs than the Shapley split takes one by one, the two splits have
    different rows (inputs, and groups of inputs): each lists its own."""
    old, new = figure.old or 0.0, figure.new or 0.0
    sequential = steps(comparison, figure, "sequential")
    shapley = steps(comparison, figure, "shapley")
    seq_shown = shown_parts(old, new, [v for _n, v in sequential])
    shap_shown = shown_parts(old, new, [v for _n, v in shapley])
    table = Table(
        _("Verklaring van het verschil · {where} · {label}").format(
            where=figure.where, label=figure.label
        ),
        [_("Onderdeel"), _("Stap voor stap"), _("Shapley")],
    )
    if [n for n, _v in sequential] == [n for n, _v in shapley]:
        for (name, _v), a, b in zip(sequential, seq_shown, shap_shown, strict=True):
            table.add([name, _signed(a), _signed(b)])
    else:
        for (name, _v), a in zip(sequential, seq_shown, strict=True):
            table.add([name, _signed(a), ""])
        for (name, _v), b in zip(shapley, shap_shown, strict=True):
            table.add([name, "", _signed(b)])
    total = shown_move(figure)
    table.add([_("Totaal verschil"), _signed(total), _signed(total)], bold=True)
    table.adds_up(total, *seq_shown)
    table.caption = _(
        "Stap voor stap: de wijzigingen één voor één doorgevoerd, in de volgorde van de "
        "invoer in het model; elke stap krijgt het verschil dat hij dan maakt. {method}"
    ).format(method=comparison.method_words())
    if comparison.has_structural:
        table.caption += " " + _(
            "Structurele wijziging: wat niet het vervangen van een invoerwaarde is (een "
            "interventie, effect of investering erbij of eraf, een andere formule); dat "
            "deel is de rest van het verschil."
        )
    return table


def waterfall(comparison: Comparison, figure: Figure, split: str = "shapley") -> dict[str, Any]:
    """The attribution of one figure as a waterfall chart (Vega-Lite)."""
    title = _("Van oud naar nieuw · {label}").format(label=figure.label)
    how = _("Shapley-verdeling") if split == "shapley" else _("stap voor stap")
    return attribution_waterfall(
        title,
        [figure.where, how],
        _("Oude versie"),
        figure.old or 0.0,
        steps(comparison, figure, split),
        _("Nieuwe versie"),
        figure.new or 0.0,
    )
