"""Names of the model's inputs as a person reads them, not as the model stores them.

The plan knows every input by a key such as ``ouders_lokaal|v:uitbreiding|investments.
coordinator.hours_per_week``; a reader wants "Ouders Lokaal › Projectcoördinator ›
uren per week (variant Uitbreiding)". The appendix of the report, the tornado and the
Monte Carlo tables use these names; the model path stays available for an auditor.

>>> _split("ouders_lokaal|v:uitbreiding|investments.coordinator.hours_per_week")
('ouders_lokaal', 'v:uitbreiding', 'investments.coordinator.hours_per_week')
"""

from __future__ import annotations

from ..i18n import _
from ..model import LoadedModel
from ..model.fields import FIELDS as FIELDS  # re-exported: places and the editor use it
from ..model.interventions import Intervention
from ..money import number

SEPARATOR = " › "


def _split(key: str) -> tuple[str, str, str]:
    """(intervention, layer, path) of an intervention's input key; ('', layer, key) else."""
    parts = key.split("|")
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    return "", parts[1] if len(parts) == 2 else "", parts[0]


def _layer(model: LoadedModel, layer: str, owner: str = "") -> str:
    """``v:uitbreiding`` → "variant Uitbreiding ..."; ``s:minimum`` → "scenario Minimum".

    A variant's name is looked up in ``owner`` (the intervention of the input): two
    interventions may each have a variant ``uitbreiding``, with different names."""
    if not layer:
        return ""
    kind, _sep, rest = layer.partition(":")
    if kind == "s":
        scenario = rest.split(":")[0]
        return _("scenario {name}").format(name=model.case.scenario_name(scenario))
    intervention_id, _sep, variant_id = rest.rpartition(":")
    intervention_id = intervention_id or owner
    for intervention in model.case.interventions:
        if intervention_id and intervention.id != intervention_id:
            continue
        for variant in intervention.variants:
            if variant.id == variant_id:
                return _("variant {name}").format(name=variant.name)
    return _("variant {name}").format(name=variant_id)


def _item_name(intervention: Intervention, kind: str, ident: str) -> str:
    for item in getattr(intervention, kind, []):
        if item.id == ident:
            return str(getattr(item, "name", None) or item.id)
    return ident


def input_name(model: LoadedModel, key: str) -> str:
    """The input ``key`` in words: intervention › line › field (layer)."""
    intervention_id, layer, path = _split(key)
    parts: list[str] = []
    if intervention_id:
        intervention = model.case.intervention(intervention_id)
        parts.append(intervention.name)
        head, _sep, rest = path.partition(".")
        if head == "reach":
            parts.append(_(FIELDS["reach"]))
        elif head == "parameters":
            parts.append(_item_name(intervention, "parameters", rest.split(".")[0]))
        else:
            ident, _sep, field = rest.partition(".")
            parts.append(_item_name(intervention, head, ident))
            parts.append(_(FIELDS.get(field, field)))
    elif path == "meta.discount_rate":
        parts.append(_("Discontovoet"))
    elif path == "meta.weeks_per_year":
        parts.append(_("Werkweken per jaar"))
    elif path.startswith("parameters."):
        ident = path.split(".", 1)[1]
        names = {p.id: p.name or p.id for p in model.case.parameters}
        parts.append(names.get(ident, ident))
    elif path.startswith("prices."):
        ident = path.split(".", 1)[1]
        price = model.book.prices.get(ident)
        parts.append(_("Tarief {name}").format(name=price.name if price else ident))
    else:
        parts.append(path)
    shown = SEPARATOR.join(parts)
    where = _layer(model, layer, intervention_id)
    return f"{shown} ({where})" if where else shown


SHARES = (
    "share",
    "deadweight",
    "attribution",
    "attribution_to_others",
    "displacement",
    "drop_off",
    "discount_rate",
)
"""Inputs that are a share: shown as a percentage."""


NOT_NEGATIVE = (
    "cases",
    "reach",
    "amount",
    "hours_per_week",
    "hourly_cost",
    "quantity",
    "unit_cost",
    "duration_years",
    "start_delay_years",
)
"""Inputs that are 0 or more (counts, amounts, durations); parameters may take any sign."""


def limits(key: str) -> tuple[float | None, float | None]:
    """The lowest and highest value an input can take at all (None: no limit): a share
    lies in 0–1, a count or an amount is 0 or more; a parameter may take any sign."""
    head = key.split("|")[0]
    path = _split(key)[2]
    field = path.split(".")[-1]
    if field in SHARES:
        return 0.0, 1.0
    if field in NOT_NEGATIVE or head.startswith("prices.") or path == "meta.weeks_per_year":
        return 0.0, None
    return None, None


def is_share(key: str) -> bool:
    """Whether the input is a share (0–1, shown as a percentage)."""
    return key.split("|")[-1].split(".")[-1] in SHARES


def possible(key: str, value: float) -> bool:
    """Whether an input can take ``value`` at all: a share lies in 0–100 %, a count or an
    amount is 0 or more. A break-even outside that is no break-even a reader can use."""
    lowest, highest = limits(key)
    return (lowest is None or value >= lowest) and (highest is None or value <= highest)


def input_value(key: str, value: float) -> str:
    """An input as the reader can redo the sum with it: ``2,25%``, ``45,6838``, ``1.800``.

    Up to four decimals (six for a share in percent), trailing zeros dropped: the value
    the engine computes with, not a rounded one.
    """
    path = key.split("|")[-1]
    if path.split(".")[-1] in SHARES:
        return _trimmed(value * 100, 4) + "%"
    return _trimmed(value, 4)


def _trimmed(value: float, digits: int) -> str:
    for places in range(digits + 1):
        if abs(round(value, places) - value) < 1e-9 * max(1.0, abs(value)):
            return number(value, places)
    return number(value, digits)


def where_words(model: LoadedModel, where: str) -> str:
    """Where an input stands, for a reader: a price from a price list by the list's name
    (``prijslijst Tarieven mBC De Bilt 2019 …, tarief begeleiding_uur``), never the list's
    id (``mbc-de-bilt-2019:begeleiding_uur``); a path in the model as it is."""
    origin, colon, ident = where.partition(":")
    if not colon or "[" in origin or "." in origin:
        return where
    names = {price_list.info.id: price_list.info.name for price_list in model.book.lists}
    if origin not in names:
        return where
    return _("prijslijst {name}, tarief {price}").format(name=names[origin], price=ident)


def breakable(path: str) -> str:
    """A model path that may wrap after ``.``, ``]`` and ``_`` (a zero-width space there)."""
    out = []
    for char in path:
        out.append(char)
        if char in ".]_":
            out.append("\u200b")
    return "".join(out)
