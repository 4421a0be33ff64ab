"""The words and figures of uncertainty, written once for tables, charts and the report.

A chance printed "0%" in a table must not read "0,0%" in the chart beside it, and a
distribution must read as the report's language writes numbers ("PERT: laag 0,10 ·
waarschijnlijk 0,25 · hoog 0,35", not ``pert(0.1; 0.25; 0.35)``). A break-even value an
input cannot take is not a value a reader can use: it is named for what it is
("kan niet: onder 0", "buiten de verdeling (8–16)").
"""

from __future__ import annotations

from ..engine import Results
from ..i18n import N_, _
from ..money import count, number, round_half_away
from ..uncertainty.breakeven import ABOVE, BELOW, NONE, OUTSIDE, verdict
from ..uncertainty.sensitivity import InputSensitivity
from .inputs import is_share, limits


def chance(probability: float) -> str:
    """A probability as a percentage with one decimal: ``49,5%``; exactly none or all of
    the draws as ``0%`` / ``100%``, and a chance that only rounds to them as ``< 0,1%`` /
    ``> 99,9%`` (so "0%" always means: in no draw)."""
    if probability <= 0:
        return "0%"
    if probability >= 1:
        return "100%"
    shown = round_half_away(probability * 100, 1)
    if shown <= 0:
        return f"< {number(0.1, 1)}%"
    if shown >= 100:
        return f"> {number(99.9, 1)}%"
    return f"{number(probability * 100, 1)}%"


def figure(value: float, share: bool = False) -> str:
    """A parameter of a distribution as the report writes numbers: up to four decimals,
    trailing zeros dropped; a share with at least two (``0,10``)."""
    least = 2 if share else 0
    for places in range(least, 5):
        if abs(round(value, places) - value) < 1e-9 * max(1.0, abs(value)):
            return number(value, places)
    return number(value, 4)


def distribution_words(kind: str, params: tuple[float, ...] | list[float], share: bool) -> str:
    """``driehoek: laag 8 · waarschijnlijk 13 · hoog 16`` — a distribution in words."""
    p = [figure(v, share) for v in params]
    if kind in ("uniform", "range"):
        return _("uniform: van {low} tot {high}").format(low=p[0], high=p[1])
    if kind in ("triangular", "pert"):
        name = _("driehoek") if kind == "triangular" else _("PERT")
        return _("{name}: laag {low} · waarschijnlijk {mode} · hoog {high}").format(
            name=name, low=p[0], mode=p[1], high=p[2]
        )
    if kind in ("normal", "lognormal"):
        name = _("normaal") if kind == "normal" else _("lognormaal")
        return _("{name}: gemiddeld {mean} · standaardafwijking {sd}").format(
            name=name, mean=p[0], sd=p[1]
        )
    if kind == "beta":
        mean = params[0] / (params[0] + params[1])
        return _("bèta: α {alpha} · β {beta} (gemiddeld {mean})").format(
            alpha=figure(params[0]), beta=figure(params[1]), mean=figure(mean, share)
        )
    if kind == "ci90":
        return _("90%-interval: van {low} tot {high}").format(low=p[0], high=p[1])
    return f"{kind}({'; '.join(p)})"  # a kind added later: still readable


def dist_words(dist: object, key: str) -> str:
    """:func:`distribution_words` of a model's :class:`~rendement.model.distributions.
    Distribution` for the input ``key``."""
    kind, params = getattr(dist, "kind"), getattr(dist, "params")  # noqa: B009
    return distribution_words(kind, tuple(params), is_share(key))


def span(support: tuple[float | None, float | None], share: bool = False) -> str:
    """``8–16``; an open side as ``≥ 0`` or ``≤ 1``."""
    low, high = support
    if low is not None and high is not None:
        return f"{figure(low, share)}–{figure(high, share)}"
    if low is not None:
        return f"≥ {figure(low, share)}"
    if high is not None:
        return f"≤ {figure(high, share)}"
    return "—"


def break_even_text(row: InputSensitivity) -> str:
    """The break-even of a tornado row: its value when the input can take it, else why
    not — ``geen``, ``kan niet: onder 0``, ``kan niet: boven 1``, ``buiten de verdeling
    (8–16)``."""
    value = row.break_even.value
    lowest, highest = limits(row.key)
    said = verdict(value, lowest, highest, row.support)
    if said == NONE or value is None:
        return _("geen")
    if said == BELOW:
        return _("kan niet: onder {limit}").format(limit=figure(lowest or 0.0))
    if said == ABOVE:
        return _("kan niet: boven {limit}").format(limit=figure(highest or 0.0))
    if said == OUTSIDE:
        return _("buiten de verdeling ({span})").format(span=span(row.support, is_share(row.key)))
    return count(value)


BREAK_EVEN_NOTE = N_(
    "Break-even: de waarde van de invoer waarbij de netto besparing 0 is, de andere invoer "
    "op de puntwaarde. 'geen': geen enkele waarde geeft 0; 'kan niet: onder 0' of 'kan "
    "niet: boven 1': dat getal kan deze invoer niet hebben (een aantal of bedrag is 0 of "
    "meer, een aandeel ligt tussen 0 en 1); 'buiten de verdeling (laag–hoog)': het kan wel, "
    "maar ligt buiten wat de verdeling van de invoer toelaat."
)


def headline_targets(results: Results, scenario: str | None = None) -> list[tuple[str, str, str]]:
    """The options the report's tables show of each intervention (its headline options:
    the first variant under each scenario shown), as ``(intervention, variant, scenario)``
    — what the sensitivity analysis of a report studies, never a scenario it hides."""
    from .tables import headline_evaluations  # tables draws these words: imported late

    return [
        (result.id, ev.variant, ev.scenario)
        for result in results.interventions
        for ev in headline_evaluations(results, result.id, scenario)
    ]


TERMS = [
    (
        N_("Doorrekening"),
        N_(
            "het model één keer uitgerekend, met voor elke onzekere invoer een "
            "waarde getrokken uit haar verdeling."
        ),
    ),
    (
        N_("Startwaarde (seed)"),
        N_(
            "het getal waarmee de toevalsgenerator begint. Met dezelfde "
            "startwaarde en hetzelfde aantal doorrekeningen komen precies "
            "dezelfde cijfers uit."
        ),
    ),
    (
        N_("P5 en P95"),
        N_(
            "5% van de doorrekeningen komt lager uit dan P5 en 5% hoger dan P95; 90% ligt ertussen."
        ),
    ),
    (
        N_("Mediaan"),
        N_("de middelste uitkomst; de helft van de doorrekeningen ligt lager, de helft hoger."),
    ),
    (
        N_("Kans op netto besparing > 0"),
        N_("het deel van de doorrekeningen waarin de besparing groter is dan de investering."),
    ),
    (
        N_("Zwaai"),
        N_(
            "hoeveel de netto besparing verschuift als één invoer van zijn P5 "
            "naar zijn P95 gaat en alle andere invoer op de puntwaarde blijft."
        ),
    ),
    (
        N_("Rangcorrelatie"),
        N_(
            "hoe sterk een invoer en de netto besparing samen op en neer gaan "
            "over alle doorrekeningen, van −1 tot 1 (0: geen verband)."
        ),
    ),
    (
        N_("Waarde van perfecte informatie (EVPI)"),
        N_(
            "wat het gemiddeld waard is om vooraf precies te weten hoe alles "
            "uitvalt, voor de keuze 'investeren of niet'; nul als die keuze in "
            "elke doorrekening dezelfde is. Per invoer (EVPPI): hetzelfde als "
            "alleen die invoer precies bekend is."
        ),
    ),
    (
        N_("Break-even"),
        N_(
            "de waarde van één invoer waarbij de netto besparing precies 0 is, "
            "de andere invoer op de puntwaarde."
        ),
    ),
]
"""The terms of the uncertainty chapter in plain words (msgids: translated when shown)."""
