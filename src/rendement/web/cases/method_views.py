"""Views of the method's forms: the case's settings, an optional value (a filter), an
uncertain value (low / likely / high), sensitivity and the audit on demand, and the
glossary. Thin, as the other views: read through selectors, write through
:mod:`.method_services`, answer with the workspace."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...i18n import language
from ...model.editing import read
from . import adding, editor, method, method_services, selectors, services
from .results import PAGE_DRAWS, shown
from .views import _base, _editable, _lang, _place, _saved

SETTABLE = frozenset({"price_year", "horizon_years", "discount_rate"})


def glossary(request: HttpRequest) -> HttpResponse:
    """The method's words explained, in the app's layout (Dutch, or English by choice)."""
    terms = [(anchor, _(term), _(text)) for anchor, term, text in method.GLOSSARY]
    return render(request, "cases/glossary.html", {"terms": terms})


def _pick_words(raw: dict[str, Any], ident: str, value: str) -> str:
    """A column's pick as the version's message says it: "Uitbreiding · Minimum", never
    the ids ``uitbreiding|minimum``; nothing picked: "niet mee"."""
    if not value:
        return _("niet mee")
    variant, _sep, scenario = value.partition("|")
    item = next(
        (i for i in raw.get("interventions") or [] if isinstance(i, dict) and i.get("id") == ident),
        {},
    )
    variants = {
        str(v.get("id")): str(v.get("name") or v.get("id"))
        for v in item.get("variants") or []
        if isinstance(v, dict)
    }
    scenarios = {
        str(c.get("id")): str(c.get("name") or c.get("id"))
        for c in raw.get("scenarios") or []
        if isinstance(c, dict)
    }
    scenarios.setdefault("basis", _("Basis"))
    words = [variants.get(variant, variant)] if variant else []
    if scenario:
        words.append(scenarios.get(scenario, scenario))
    return " · ".join(words) or value


@login_required
@require_POST
def case_setting(request: HttpRequest, uid: str) -> HttpResponse:
    """A setting chosen from a list: the perspective, the method, a portfolio column's
    pick of an intervention (which variant and scenario it adds up)."""
    case = selectors.case_for(request.user, uid)
    _editable(request, case)
    base = _base(request)
    what = request.POST.get("what", "")
    value = request.POST.get("value", "").strip()
    raw = read(selectors.version_of(case).document)
    if not isinstance(raw, dict):
        raise Http404
    if what == "perspective":
        offered = dict(method.perspective_options(raw))
        if value not in offered:
            raise Http404
        declare = method.new_perspective(raw, value) if ":" in value else None
        if ":" in value and declare is None:
            raise Http404

        def save() -> object:
            return method_services.set_perspective(
                actor=request.user,
                case=case,
                base=base,
                perspective=value,
                declare=declare,
                name=offered[value],
            )

    elif what == "method":
        if value not in ("mbc", "sroi"):
            raise Http404

        def save() -> object:
            return services.edit_value(
                actor=request.user,
                case=case,
                base=base,
                loc=("meta", "method"),
                value=value,
                message=_("Methode gewijzigd in {value}").format(value=value.upper()),
            )

    elif what == "pick":
        try:
            column = int(request.POST.get("column", ""))
        except ValueError:
            raise Http404 from None
        ident = request.POST.get("intervention", "")
        names = {
            str(i.get("id")): str(i.get("name") or i.get("id"))
            for i in raw.get("interventions") or []
            if isinstance(i, dict)
        }
        if ident not in names or column < 0:
            raise Http404

        def save() -> object:
            return method_services.set_optional(
                actor=request.user,
                case=case,
                base=base,
                loc=("portfolio", "columns", column, "picks", ident),
                value=value,
                message=_("Kolom {column}: {intervention} telt {value}").format(
                    column=column + 1,
                    intervention=names[ident],
                    value=_pick_words(raw, ident, value),
                ),
            )

    elif what == "column":

        def save() -> object:
            if not value:
                raise adding.Incomplete("name", _("Geef de kolom een naam, bijv. 'Maximum'."))
            return method_services.add_column(
                actor=request.user, case=case, base=base, name=value[:100]
            )

    else:
        raise Http404
    key = f"setting-{what}" if what != "pick" else f"setting-pick-{request.POST.get('column')}"
    return _saved(request, case, key, save, typed=None, paths=False)


@login_required
@require_POST
def case_optional(request: HttpRequest, uid: str) -> HttpResponse:
    """A filter of an effect line or a case setting (price year, horizon, discount rate):
    a value, or empty for 'not used' (the model's default)."""
    case = selectors.case_for(request.user, uid)
    _editable(request, case)
    posted, loc = _place(request)
    base = _base(request)
    is_filter = (
        len(loc) == 5
        and loc[0] == "interventions"
        and loc[2] == "effects"
        and loc[4] in {k for k, _label in method.FILTERS} | {"attribution_to_others"}
    )
    is_setting = len(loc) == 2 and loc[0] == "meta" and loc[1] in SETTABLE
    if not (is_filter or is_setting):
        raise Http404
    typed = request.POST.get("value", "")
    required = loc == ("meta", "price_year")  # the one setting that is never left out
    value = editor.value_of(typed) if typed.strip() or required else ""
    message = _("{field} gewijzigd in {value}").format(field=posted, value=typed or "-")
    write = services.edit_value if required else method_services.set_optional
    return _saved(
        request,
        case,
        posted,
        lambda: write(
            actor=request.user, case=case, base=base, loc=loc, value=value, message=message
        ),
        typed={posted: typed},
        paths=False,
    )


@login_required
@require_POST
def case_uncertain(request: HttpRequest, uid: str) -> HttpResponse:
    """ "Onzeker?": a number's low, likely and high value saved as ``pert(low; likely;
    high)``; likely alone makes it one number again."""
    case = selectors.case_for(request.user, uid)
    _editable(request, case)
    posted, loc = _place(request)
    base = _base(request)
    typed = method.ranged(
        request.POST.get("low", ""), request.POST.get("likely", ""), request.POST.get("high", "")
    )
    return _saved(
        request,
        case,
        posted,
        lambda: services.edit_value(
            actor=request.user,
            case=case,
            base=base,
            loc=loc,
            value=editor.value_of(typed),
            message=_("{field} gewijzigd in {value}").format(field=posted, value=typed)[:300],
        ),
        typed={posted: typed},
        paths=False,
    )


@login_required
def case_sensitivity(request: HttpRequest, uid: str) -> HttpResponse:
    """Sensitivity with break-even and EVPI of every intervention, computed on demand (a
    few seconds for a large case); the page's own panel shows one intervention."""
    from ...money import currency
    from ...present import headline_evaluations, tornado_table
    from ...uncertainty import has_uncertainty, sensitivity

    case = selectors.case_for(request.user, uid)
    version = selectors.version_of(case)
    results = shown(version.document, _lang()).results
    tables = []
    if results is not None and has_uncertainty(results.plan):
        model = results.model
        targets = []
        for r in results.interventions:
            ev = headline_evaluations(results, r.id)[0]
            targets.append((r.id, ev.variant, ev.scenario))
        with language(_lang()), currency(results.currency):
            names = {r.id: r.name for r in results.interventions}
            for sens in sensitivity(
                model,
                perspective=results.perspective,
                targets=targets,
                draws=PAGE_DRAWS // 2,
                seed=2019,
            ):
                if sens.inputs:
                    tables.append(tornado_table(sens, names[sens.intervention], model.case))
    return render(request, "cases/_sensitivity.html", {"tables": tables})


@login_required
def case_audit(request: HttpRequest, uid: str) -> HttpResponse:
    """The published figures (``reported:``) checked against this version, on demand."""
    from ...audit import audit
    from ...money import currency

    case = selectors.case_for(request.user, uid)
    version = selectors.version_of(case)
    results = shown(version.document, _lang()).results
    report = None
    if results is not None:
        with language(_lang()), currency(results.currency):
            report = audit(results)
            findings = [
                f"{f.table} · {f.where} · {f.label}: {f.cause.text}" for f in report.findings
            ]
            rounded = report.rounded_sentence()
    return render(
        request,
        "cases/_audit.html",
        {
            "report": report,
            "findings": findings if report else [],
            "rounded": rounded if report else None,
        },
    )
