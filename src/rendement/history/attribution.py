"""Comparing two versions of a model: what changed, how each headline figure moved, and why.

The question a council asks is "why is the net lower than in the version the alderman
saw?". The answer is the *change attribution*: the move of each headline figure split
over the inputs that changed, so the parts add up to the whole move.

Every figure is evaluated on the *old* version's numeric plan (the same plan Monte Carlo
evaluates): a changed input is an input with the same key in both versions and another
value, and an evaluation "with some of the changes" is the old input vector with those
inputs set to their new values. All the vectors needed are evaluated in one vectorised
call, one column each.

Two splits, both adding up to the move:

- **sequential**: the changes applied one by one, in the order the inputs stand in the
  model; each gets the move it causes when it is applied. The order matters when changes
  interact (reach × price: the second change is valued at the first one's new level).
- **Shapley**: the average of the sequential split over every order, which no order can
  favour. Exact over all 2^k subsets for up to :data:`EXACT` changed inputs; with more,
  the inputs of one intervention (or the case-wide ones) move together as one part, and
  with more than :data:`EXACT` of those groups the average is over :data:`ORDERS` random
  orders drawn with :data:`SEED` (said in :attr:`Comparison.method`).

What is not an input substitution — an intervention or an effect line added or
removed, a changed formula, another horizon or perspective — cannot be split that way:
it is one part, "structural change", the remainder of the move after the input parts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..engine import Results, evaluate
from ..engine.evaluate import run, totals
from ..i18n import _
from ..model import LoadedModel, loads
from ..present.inputs import input_name, input_value
from ..present.tables import evaluation_name, headline_evaluations

EXACT = 10
"""Up to this many parts, the Shapley split is exact over every subset (2^k evaluations)."""
ORDERS = 2000
"""Random orders the Shapley split averages over when there are more parts than EXACT."""
SEED = 2019
"""The seed of those orders: the same two versions always give the same split."""
NEGLIGIBLE = 1e-6
"""A remainder smaller than this (in money) is rounding in floating point, not a change."""

MEASURES = ("net", "gross", "investment")


@dataclass(frozen=True)
class Change:
    """One input whose value differs between the versions (in words and as numbers)."""

    key: str
    name: str
    old: float
    new: float

    @property
    def old_text(self) -> str:
        return input_value(self.key, self.old)

    @property
    def new_text(self) -> str:
        return input_value(self.key, self.new)

    @property
    def words(self) -> str:
        """``Ouders Lokaal › bereik: 160 → 200``."""
        return f"{self.name}: {self.old_text} → {self.new_text}"


@dataclass(frozen=True)
class Part:
    """A part of the attribution: one changed input, or a group that moves together."""

    name: str
    keys: tuple[str, ...]


@dataclass
class Figure:
    """One headline figure in both versions, with its move split two ways."""

    id: str  # intervention/variant/scenario/measure, or portfolio/column
    where: str  # the option in words: Ouders Lokaal · Huidige situatie
    label: str  # the figure in words: Netto besparing
    old: float | None  # None: the figure does not exist in the old version
    new: float | None
    sequential: list[float]  # per part, in the order of Comparison.parts
    shapley: list[float]
    structural: float  # the remainder: what no input substitution explains

    @property
    def move(self) -> float:
        return (self.new or 0.0) - (self.old or 0.0)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "where": self.where,
            "label": self.label,
            "old": self.old,
            "new": self.new,
            "move": self.move,
            "sequential": self.sequential,
            "shapley": self.shapley,
            "structural": self.structural,
        }


@dataclass
class Comparison:
    """Two versions compared: the changed inputs, the structural changes, each figure."""

    changes: list[Change]
    parts: list[Part]
    figures: list[Figure]
    structural: list[str] = field(default_factory=list)  # structural changes in words
    method: str = "exact"  # exact, grouped (per intervention), sampled (random orders)
    perspective: str = ""

    @property
    def has_structural(self) -> bool:
        """Whether a structural change is part of the move (said, or found as a remainder)."""
        return bool(self.structural) or any(abs(f.structural) > NEGLIGIBLE for f in self.figures)

    def method_words(self) -> str:
        """How the Shapley split was made, for the caption."""
        if self.method == "sampled":
            return _(
                "Shapley: gemiddelde over {orders} willekeurige volgordes (seed {seed}), "
                "per interventie gegroepeerd."
            ).format(orders=ORDERS, seed=SEED)
        if self.method == "grouped":
            return _(
                "Shapley: exact over alle volgordes, met de wijzigingen per interventie "
                "gegroepeerd (meer dan {exact} gewijzigde invoerwaarden)."
            ).format(exact=EXACT)
        return _("Shapley: exact, het gemiddelde over alle volgordes van de wijzigingen.")

    def to_json(self) -> dict[str, Any]:
        return {
            "perspective": self.perspective,
            "changes": [
                {
                    "key": c.key,
                    "name": c.name,
                    "old": c.old,
                    "new": c.new,
                    "old_text": c.old_text,
                    "new_text": c.new_text,
                }
                for c in self.changes
            ],
            "parts": [{"name": p.name, "keys": list(p.keys)} for p in self.parts],
            "sequential_order": "de volgorde van de invoer in het model (oude versie)",
            "shapley": self.method,
            "structural": self.structural,
            "figures": [f.to_json() for f in self.figures],
        }


def compare_texts(old_text: str, new_text: str, perspective: str | None = None) -> Comparison:
    """:func:`compare` of two model texts (YAML)."""
    return compare(loads(old_text), loads(new_text), perspective)


def compare(
    old: LoadedModel,
    new: LoadedModel,
    perspective: str | None = None,
    old_results: Results | None = None,
    new_results: Results | None = None,
) -> Comparison:
    """The changed inputs, the structural changes and every headline figure's move."""
    before = old_results or evaluate(old, perspective)
    after = new_results or evaluate(new, perspective)
    plan = before.plan
    old_inputs = {i.key: i for i in plan.inputs}
    new_inputs = {i.key: i for i in after.plan.inputs}
    changes = [
        Change(i.key, input_name(new, i.key), i.value, new_inputs[i.key].value)
        for i in plan.inputs
        if i.key in new_inputs and new_inputs[i.key].value != i.value
    ]
    parts, method = _parts(new, changes)
    figures = _figures(before, after)
    comparison = Comparison(
        changes,
        parts,
        [],
        _structural(old, new, before, after, old_inputs, new_inputs),
        method,
        after.perspective_name,
    )
    position = {key: n for n, key in enumerate(old_inputs)}
    new_values = {c.key: c.new for c in changes}
    base = plan.input_values()

    def columns(groups: list[Part], subsets: list[list[int]]) -> np.ndarray:
        """Old inputs with the new values of the listed groups: one column per subset."""
        x = np.repeat(base[:, None], max(1, len(subsets)), axis=1)
        for column, subset in enumerate(subsets):
            for p in subset:
                for key in groups[p].keys:
                    x[position[key], column] = new_values[key]
        return x

    # sequential: per changed input, in the model's order (whatever the Shapley parts)
    steps = [Part(c.name, (c.key,)) for c in changes]
    k = len(parts)
    orders: list[list[int]] = []
    if method == "sampled":
        rng = np.random.default_rng(SEED)
        orders = [rng.permutation(k).tolist() for _n in range(ORDERS)]
        subsets = [order[:m] for order in orders for m in range(k + 1)]
    else:
        subsets = [[p for p in range(k) if mask >> p & 1] for mask in range(1 << k)]
    # one vectorised evaluation of every column: the steps, then the subsets
    cumulative = [list(range(m)) for m in range(len(steps) + 1)]
    x = np.concatenate([columns(steps, cumulative), columns(parts, subsets)], axis=1)
    values = _values(before, figures, x)

    for n, figure in enumerate(figures):
        both = values[n]
        if both is None:  # not in the old plan: the whole move is structural
            figure.sequential = [0.0] * len(steps)
            figure.shapley = [0.0] * k
            figure.structural = figure.move
            comparison.figures.append(figure)
            continue
        row, rest = both[: len(steps) + 1], both[len(steps) + 1 :]
        figure.sequential = [float(row[m + 1] - row[m]) for m in range(len(steps))]
        figure.shapley = _sampled(rest, orders, k) if method == "sampled" else _shapley(rest, k)
        # the remainder: the new version against the old plan with every new input value
        figure.structural = figure.move - float(row[-1] - row[0])
        comparison.figures.append(figure)
    if not comparison.structural and comparison.has_structural:
        # nothing added or removed, yet a remainder: a formula or the model's make-up
        comparison.structural.append(_("een formule of de opbouw van het model is veranderd"))
    return comparison


def _parts(model: LoadedModel, changes: list[Change]) -> tuple[list[Part], str]:
    """The parts of the Shapley split: each changed input, or per intervention when many."""
    if len(changes) <= EXACT:
        return [Part(c.name, (c.key,)) for c in changes], "exact"
    groups: dict[str, list[str]] = {}
    for c in changes:
        owner = c.key.split("|")[0] if c.key.count("|") == 2 else ""
        groups.setdefault(owner, []).append(c.key)
    names = {i.id: i.name for i in model.case.interventions}
    parts = [
        Part(names.get(owner, owner) if owner else _("Hele business case"), tuple(keys))
        for owner, keys in groups.items()
    ]
    return parts, "grouped" if len(parts) <= EXACT else "sampled"


def _figures(before: Results, after: Results) -> list[Figure]:
    """The headline figures of either version: per headline option net, gross, investment
    (for the perspective), and each portfolio column's net."""
    found: dict[str, Figure] = {}
    labels = {
        "net": _("Netto besparing"),
        "gross": _("Bruto besparing"),
        "investment": _("Investering"),
    }
    fields = {"net": "net", "gross": "perspective_gross", "investment": "perspective_investment"}
    for results in (after, before):
        for result in results.interventions:
            for ev in headline_evaluations(results, result.id):
                for measure in MEASURES:
                    ident = f"{ev.intervention}/{ev.variant}/{ev.scenario}/{measure}"
                    where = f"{result.name} · {evaluation_name(ev)}"
                    found.setdefault(
                        ident, Figure(ident, where, labels[measure], None, None, [], [], 0)
                    )
        for column in results.portfolio:
            ident = f"portfolio/{column.id}"
            title = results.portfolio_title or _("Overzicht")
            where = f"{title} · {column.name}"
            found.setdefault(
                ident, Figure(ident, where, _("Netto besparing"), None, None, [], [], 0)
            )
    for side, results in (("old", before), ("new", after)):
        for ident, figure in found.items():
            head, *rest = ident.split("/")
            try:
                if head == "portfolio":
                    value = results.column(rest[0]).net
                else:
                    variant, scenario, measure = rest
                    ev = results.get(head, variant, scenario)
                    value = getattr(ev, fields[measure])
            except (KeyError, StopIteration):
                continue  # not in this version
            setattr(figure, side, float(value))
    # a figure only one version has exists there only: the other side stays None
    return list(found.values())


def _values(before: Results, figures: list[Figure], x: np.ndarray) -> list[np.ndarray | None]:
    """Each figure on the old plan for every column of inputs ``x`` (None: not in it)."""
    plan = before.plan
    outcome = run(plan, x)
    sums = totals(plan, outcome, before.perspective_financiers, ratios=False)
    arrays = {
        "net": sums.net,
        "gross": sums.perspective_gross,
        "investment": sums.perspective_investment,
    }
    columns = (
        {c.id: c for c in before.model.case.portfolio.columns}
        if before.model.case.portfolio
        else {}
    )
    out: list[np.ndarray | None] = []
    for figure in figures:
        if figure.old is None:
            out.append(None)
            continue
        head, *rest = figure.id.split("/")
        if head == "portfolio":
            total = np.zeros(x.shape[1])
            for intervention, pick in columns[rest[0]].picks.items():
                variant, _sep, scenario = pick.partition("/")
                index = plan.evaluation_index(intervention, variant, scenario or "basis")
                total = total + sums.net[index]
            out.append(total)
            continue
        variant, scenario, measure = rest
        index = plan.evaluation_index(head, variant, scenario)
        out.append(np.asarray(arrays[measure][index], dtype=np.float64))
    return out


def _shapley(values: np.ndarray, k: int) -> list[float]:
    """Exact Shapley values from f over every subset (column ``mask``: the parts in it)."""
    masks = np.arange(1 << k)
    sizes = np.array([bin(m).count("1") for m in masks])
    weights = np.array(
        [
            math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) if s < k else 0.0
            for s in sizes
        ]
    )
    out = []
    for p in range(k):
        without = masks[(masks >> p & 1) == 0]
        out.append(float(np.sum(weights[without] * (values[without | (1 << p)] - values[without]))))
    return out


def _sampled(values: np.ndarray, orders: list[list[int]], k: int) -> list[float]:
    """Shapley values as the average over the sampled orders (k + 1 columns per order)."""
    out = np.zeros(k)
    for n, order in enumerate(orders):
        row = values[n * (k + 1) : (n + 1) * (k + 1)]
        for m, p in enumerate(order):
            out[p] += row[m + 1] - row[m]
    return [float(v) for v in out / len(orders)]


def _structural(
    old: LoadedModel,
    new: LoadedModel,
    before: Results,
    after: Results,
    old_inputs: dict[str, Any],
    new_inputs: dict[str, Any],
) -> list[str]:
    """The changes no input substitution can stand for, in words."""
    out: list[str] = []
    old_ids = {i.id: i.name for i in old.case.interventions}
    new_ids = {i.id: i.name for i in new.case.interventions}
    out += [
        _("interventie toegevoegd: {name}").format(name=n)
        for i, n in new_ids.items()
        if i not in old_ids
    ]
    out += [
        _("interventie verwijderd: {name}").format(name=n)
        for i, n in old_ids.items()
        if i not in new_ids
    ]
    kept = set(old_ids) & set(new_ids)

    def inside(key: str) -> bool:
        return key.count("|") != 2 or key.split("|")[0] in kept

    out += [
        _("invoer toegevoegd: {name} = {value}").format(
            name=input_name(new, k), value=input_value(k, i.value)
        )
        for k, i in new_inputs.items()
        if k not in old_inputs and inside(k)
    ]
    out += [
        _("invoer verwijderd: {name} (was {value})").format(
            name=input_name(old, k), value=input_value(k, i.value)
        )
        for k, i in old_inputs.items()
        if k not in new_inputs and inside(k)
    ]
    if before.perspective_financiers != after.perspective_financiers:
        out.append(
            _("ander perspectief: {old} → {new}").format(
                old=before.perspective_name, new=after.perspective_name
            )
        )
    if before.horizon_years != after.horizon_years:
        out.append(
            _("andere horizon: {old} → {new} jaar").format(
                old=before.horizon_years, new=after.horizon_years
            )
        )
    return out


__all__ = ["Change", "Comparison", "Figure", "Part", "compare", "compare_texts"]
