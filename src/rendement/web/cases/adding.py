"""The forms that add to a case: an intervention, an effect line, an investment. Each
turns the form's fields into the model's YAML entry; the service checks and stores it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from ...model.editing import identifier
from ...model.editing import read as parse
from .editor import _sequence, offered, value_of


class Incomplete(ValueError):
    """A required form field is empty; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _ident(name: str, taken: set[str]) -> str:
    """An id from a name: ``Extra inzet coördinator`` → ``extra_inzet_coordinator``."""
    return identifier(name, taken)


def _required(form: QueryDict, field: str, message: str) -> str:
    value = (form.get(field) or "").strip()
    if not value:
        raise Incomplete(field, message)
    return value


def intervention(document: str, form: QueryDict) -> tuple[tuple[int | str, ...], dict[str, Any]]:
    raw = parse(document)
    taken = {str(i.get("id")) for i in _sequence(raw.get("interventions")) if isinstance(i, dict)}
    name = _required(form, "name", _("Geef de interventie een naam."))
    item: dict[str, Any] = {"id": _ident(name, taken), "name": name}
    item["reach"] = value_of(form.get("reach") or "0")
    item["reach_unit"] = (form.get("reach_unit") or "").strip() or "deelnemers"
    item["effects"] = []
    item["investments"] = []
    return ("interventions",), item


def _siblings(document: str, index: int, kind: str) -> set[str]:
    raw = parse(document)
    interventions = _sequence(raw.get("interventions"))
    if not 0 <= index < len(interventions) or not isinstance(interventions[index], dict):
        raise Incomplete("index", _("Deze interventie bestaat niet (meer)."))
    items = _sequence(interventions[index].get(kind))
    return {str(i.get("id")) for i in items if isinstance(i, dict)}


def effect(
    document: str, index: int, form: QueryDict
) -> tuple[tuple[int | str, ...], dict[str, Any], list[tuple[tuple[int | str, ...], Any]]]:
    """An effect line with its chosen price; the price's list joins the case, and who pays
    follows from the price (see :func:`choosing.paying`): a financier the case lacks for
    the price's budget is added in the same save."""
    from . import choosing

    name = _required(form, "name", _("Geef de effectregel een naam."))
    posted = _required(form, "price", _("Kies een tarief uit de lijst (zoek op naam)."))
    raw = parse(document)
    choice = choosing.chosen(raw if isinstance(raw, dict) else {}, posted)
    if choice is None:
        raise Incomplete("price", _("Dit tarief bestaat niet (meer); zoek het opnieuw."))
    item: dict[str, Any] = {"id": _ident(name, _siblings(document, index, "effects")), "name": name}
    item["share"] = _ranged(
        (form.get("share") or "100%").strip(),
        (form.get("share_low") or "").strip(),
        (form.get("share_high") or "").strip(),
    )
    item["units_per_case"] = value_of(form.get("units_per_case") or "1")
    item["price"] = choice.code
    also: list[tuple[tuple[int | str, ...], Any]] = []
    if choice.list_id is not None:
        also.append((("price_lists",), choice.list_id))  # the price's list joins the case
    try:
        own, added = choosing.paying(raw, choice, form.get("financier") or "")
    except choosing.NoPayer as missing:
        raise Incomplete("financier", str(missing)) from None
    if own is not None:
        item["financier"] = own
    from .method import joins  # (method reads the editor's fields; imported when used)

    for financier in added:  # a budget the case lacked, added in place, joins its party
        also += [(("financiers",), financier), *joins(document, financier)]
    return ("interventions", index, "effects"), item, also


def _ranged(likely: str, low: str, high: str) -> Any:
    """A value with, when given, its low and high: ``pert(low; likely; high)`` (an
    uncertain input, as "Onzeker?" beside a field writes it); one without the other is
    asked for."""
    if not low and not high:
        return likely
    if not low or not high:
        raise Incomplete(
            "share_low" if not low else "share_high",
            _("Vul voor een bandbreedte zowel laag als hoog in (of laat beide leeg)."),
        )
    return value_of(f"pert({low}; {likely}; {high})")


def investment(
    document: str, index: int, form: QueryDict
) -> tuple[tuple[int | str, ...], dict[str, Any]]:
    name = _required(form, "name", _("Geef de investering een naam."))
    item: dict[str, Any] = {
        "id": _ident(name, _siblings(document, index, "investments")),
        "name": name,
        "amount": value_of(_required(form, "amount", _("Vul een bedrag per jaar in."))),
    }
    payer = (form.get("payer") or "").strip()
    if payer:
        item["payer"] = payer
    return ("interventions", index, "investments"), item


def financiers(document: str) -> list[tuple[str, str]]:
    raw = parse(document)
    return [
        (str(f.get("id")), str(f.get("name") or f.get("id")))
        for f in _sequence(raw.get("financiers"))
        if isinstance(f, dict)
    ]


BUDGETS: dict[str, tuple[str, str | None, list[str]]] = {
    "wmo": ("gemeente", "Wmo", ["wmo"]),
    "jeugd": ("gemeente", "Jeugdwet", ["jeugd"]),
    "participatie": ("gemeente", "Participatiewet", ["participatie"]),
    "sociaal_domein": ("gemeente", None, ["sociaal_domein"]),
    "zvw": ("zorgverzekeraar", "Zvw", ["zvw"]),
    "wlz": ("zorgkantoor", "Wlz", ["wlz"]),
    "rijk": ("rijk", None, ["rijk"]),
    "werkgever": ("werkgever", None, ["werkgever"]),
    "burger": ("burger", None, ["burger"]),
}
"""A budget as a form offers it → (party, law, the price lists' domains it pays)."""


def financier(document: str, form: QueryDict) -> tuple[tuple[int | str, ...], dict[str, Any]]:
    name = _required(form, "name", _("Geef de financier een naam, bijv. 'Gemeente (Wmo)'."))
    budget = form.get("budget") or ""
    if budget not in BUDGETS:
        raise Incomplete("budget", _("Kies het budget (de wet) waaruit deze financier betaalt."))
    party, law, domains = BUDGETS[budget]
    raw = parse(document)
    taken = {str(f.get("id")) for f in _sequence(raw.get("financiers")) if isinstance(f, dict)}
    item: dict[str, Any] = {"id": _ident(name, taken), "name": name, "party": party}
    if law:
        item["law"] = law
    item["domains"] = domains
    return ("financiers",), item


def _taken(document: str, key: str) -> set[str]:
    raw = parse(document)
    items = _sequence(raw.get(key)) if isinstance(raw, dict) else []
    return {str(i.get("id")) for i in items if isinstance(i, dict)}


def stakeholder(document: str, form: QueryDict) -> tuple[tuple[int | str, ...], dict[str, Any]]:
    """A party with a stake in the intervention (step 2): a name and what their stake is."""
    name = _required(form, "name", _("Geef de belanghebbende een naam, bijv. 'Ouders'."))
    item: dict[str, Any] = {"id": _ident(name, _taken(document, "stakeholders")), "name": name}
    description = (form.get("description") or "").strip()
    if description:
        item["description"] = description
    return ("stakeholders",), item


def scenario(document: str, form: QueryDict) -> tuple[tuple[int | str, ...], dict[str, Any]]:
    """A declared scenario of the whole case (Minimum, Maximum); its changes are added per
    intervention, as a change to that scenario."""
    name = _required(form, "name", _("Geef het scenario een naam, bijv. 'Minimum'."))
    taken = _taken(document, "scenarios") | {"basis"}
    item: dict[str, Any] = {"id": _ident(name, taken), "name": name}
    description = (form.get("description") or "").strip()
    if description:
        item["description"] = description
    return ("scenarios",), item


@dataclass
class Change:
    """A value a variant or scenario sets for one intervention, and where it goes."""

    set_at: tuple[int | str, ...]  # the place of the value in the document
    value: Any
    new_variants: list[dict[str, Any]]  # variants to append first (a new one; 'huidig')
    what: str  # in words, for the version's message


def change(document: str, index: int, form: QueryDict) -> Change:
    """A change made in an intervention's form: to a new variant (named in the form; the
    first variant also brings 'Huidige situatie', so the intervention as written is still
    evaluated), to an existing variant, or to one of the case's scenarios."""
    raw = parse(document)
    interventions = _sequence(raw.get("interventions"))
    if not 0 <= index < len(interventions) or not isinstance(interventions[index], dict):
        raise Incomplete("index", _("Deze interventie bestaat niet (meer)."))
    item = interventions[index]
    path = _required(form, "what", _("Kies wat de variant of het scenario verandert."))
    words = dict(offered(item))  # what the intervention's form offers, and nothing else
    if path not in words:
        raise Incomplete("what", _("Kies wat de variant of het scenario verandert."))
    typed = _required(form, "value", _("Vul de waarde in die de variant of het scenario zet."))
    value = value_of(typed)
    target = (form.get("target") or "new").strip()
    variants = [v for v in _sequence(item.get("variants")) if isinstance(v, dict)]
    if target == "new":
        name = _required(form, "variant", _("Geef de nieuwe variant een naam."))
        taken = {str(v.get("id")) for v in variants}
        new: list[dict[str, Any]] = []
        if not variants:
            new.append({"id": "huidig", "name": _("Huidige situatie")})
            taken.add("huidig")
        new.append({"id": _ident(name, taken), "name": name, "set": {}})
        last = len(_sequence(item.get("variants"))) + len(new) - 1
        at = ("interventions", index, "variants", last, "set", path)
        return Change(at, value, new, words[path])
    kind, _sep, ident = target.partition(":")
    if kind == "v":
        for j, variant in enumerate(variants):
            if str(variant.get("id")) == ident:
                return Change(
                    ("interventions", index, "variants", j, "set", path), value, [], words[path]
                )
    if kind == "s" and ident in _taken(document, "scenarios"):
        return Change(
            ("interventions", index, "scenarios", ident, "set", path), value, [], words[path]
        )
    raise Incomplete("target", _("Deze variant of dit scenario bestaat niet (meer)."))
