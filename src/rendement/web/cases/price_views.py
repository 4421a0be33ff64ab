"""The views of choosing a price: what a chosen price is and who pays it, another price
for an existing effect line, and an own tariff ("Tarief toevoegen").

Kept beside :mod:`views` so the effect form's price handling is in one place; the writes
go through :mod:`services` like every other change (one version, one audit row)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...model.editing import identifier
from ...model.editing import read as parse
from . import adding, choosing, editor, selectors, services
from .views import _base, _editable, _saved, _typed


def _raw(document: str) -> dict[str, Any]:
    raw = parse(document)
    return raw if isinstance(raw, dict) else {}


def payer_options(raw: dict[str, Any], choice: choosing.Choice | None) -> dict[str, Any]:
    """The 'Wie betaalt' select of a chosen price: the case's financiers and a new one per
    budget, the one that follows from the price selected."""
    present = [
        (str(f.get("id")), str(f.get("name") or f.get("id"))) for f in choosing.financiers(raw)
    ]
    budgets = [(f"new:{key}", choosing.budget_name(key)) for key in adding.BUDGETS]
    selected = ""
    who = None
    if choice is not None:
        who = choosing.payer(raw, choice)
        if who.financier:
            selected = who.financier
        elif who.budget:
            selected = f"new:{who.budget}"
    return {"present": present, "budgets": budgets, "selected": selected, "who": who}


@login_required
def price_chosen(request: HttpRequest, uid: str) -> HttpResponse:
    """Under the effect form's price: the chosen price in full and who pays it."""
    case = selectors.case_for(request.user, uid)
    raw = _raw(selectors.version_of(case).document)
    choice = choosing.chosen(raw, (request.GET.get("price") or "").strip())
    index = (request.GET.get("index") or "").strip()
    return render(
        request,
        "cases/_price_chosen.html",
        {"choice": choice, "index": index if index.isdigit() else "", **payer_options(raw, choice)},
    )


def _price_place(posted: str) -> tuple[int | str, ...]:
    """``interventions.<i>.effects.<j>.price``; anything else: 404."""
    try:
        loc = editor.loc_of(posted)
    except ValueError:
        raise Http404 from None
    shape = ("interventions", int, "effects", int, "price")
    if len(loc) != len(shape) or not all(
        (isinstance(k, int) if s is int else k == s) for k, s in zip(loc, shape, strict=True)
    ):
        raise Http404
    return loc


@login_required
@require_POST
def price_set(request: HttpRequest, uid: str) -> HttpResponse:
    """Another price for an existing effect line: its list joins the case, and a financier
    for its budget when the case has none (as when the line was added)."""
    case = selectors.case_for(request.user, uid)
    _editable(request, case)
    posted = request.POST.get("loc", "")
    loc = _price_place(posted)
    base = _base(request)
    raw = _raw(selectors.version_of(case).document)

    def save() -> None:
        choice = choosing.chosen(raw, (request.POST.get("price") or "").strip())
        if choice is None:
            raise adding.Incomplete("price", _("Kies een tarief uit de lijst (zoek op naam)."))
        first: list[tuple[tuple[int | str, ...], Any]] = []
        lists = raw.get("price_lists") if isinstance(raw.get("price_lists"), list) else []
        if choice.list_id is not None and choice.list_id not in (lists or []):
            first.append((("price_lists",), choice.list_id))
        line = _line(raw, loc)
        if not line.get("financier"):
            try:
                _own, added = choosing.paying(raw, choice, "")
            except choosing.NoPayer:
                added = []  # the line's price says nothing: the loader asks, beside the field
            first += [(("financiers",), financier) for financier in added]
        services.set_change(
            actor=request.user,
            case=case,
            base=base,
            loc=loc,
            value=choice.code,
            new_variants=tuple(first),
            message=_("Tarief gewijzigd in {name}").format(name=choice.name)[:300],
        )

    return _saved(request, case, posted, save, typed=None, paths=False)


def _line(raw: dict[str, Any], loc: tuple[int | str, ...]) -> dict[str, Any]:
    try:
        line = raw["interventions"][loc[1]]["effects"][loc[3]]
    except (KeyError, IndexError, TypeError):
        raise Http404 from None
    if not isinstance(line, dict):
        raise Http404
    return line


def own_tariff(document: str, form: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The case's own price from the 'Tarief toevoegen' form, and its source when the
    case does not cite it yet (by title)."""
    name = adding._required(form, "name", _("Geef het tarief een naam."))
    amount = editor.value_of(adding._required(form, "amount", _("Vul het bedrag in.")))
    unit = adding._required(form, "unit", _("Vul de eenheid in, bijv. 'uur' of 'consult'."))
    year_text = adding._required(form, "price_year", _("Vul het prijspeil (jaar) in."))
    if not year_text.isdigit():
        raise adding.Incomplete("price_year", _("Het prijspeil is een jaartal, bijv. 2024."))
    title = adding._required(form, "source", _("Geef de bron van het tarief."))
    raw = _raw(document)
    sources = [s for s in raw.get("sources") or [] if isinstance(s, dict)]
    cited = next((s for s in sources if str(s.get("title")) == title), None)
    new_sources: list[dict[str, Any]] = []
    if cited is None:
        cited = {"id": identifier(title, {str(s.get("id")) for s in sources}), "title": title}
        href = (form.get("href") or "").strip()
        if href:
            cited["href"] = href
        new_sources.append(cited)
    taken = {str(p.get("id")) for p in raw.get("prices") or [] if isinstance(p, dict)}
    item: dict[str, Any] = {"id": identifier(name, taken), "name": name, "unit": unit}
    item["amount"] = amount
    item["price_year"] = int(year_text)
    item["source"] = str(cited["id"])
    payer = (form.get("financier") or "").strip()
    if payer in {str(f.get("id")) for f in choosing.financiers(raw)}:
        item["financier"] = payer
    return item, new_sources


@login_required
@require_POST
def price_add(request: HttpRequest, uid: str) -> HttpResponse:
    """An own tariff (``prices``) with its source; then choosable in the search."""
    case = selectors.case_for(request.user, uid)
    _editable(request, case)
    base = _base(request)
    index = (request.POST.get("index") or "").strip()
    document = selectors.version_of(case).document

    def save() -> None:
        item, sources = own_tariff(document, request.POST)
        services.add_item(
            actor=request.user,
            case=case,
            base=base,
            loc=("prices",),
            item=item,
            also=[(("sources",), source) for source in sources],
            message=_("Eigen tarief toegevoegd: {name}").format(name=item["name"])[:300],
        )

    return _saved(request, case, f"add-price-{index}", save, _typed(request), paths=False)
