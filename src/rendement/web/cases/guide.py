"""The guided start: a new case walks through the method one step a page.

A newcomer who opens a blank case in the full workspace sees every form at once and no
order. The guide shows the method's steps — theory of change, stakeholders and
financiers, interventions, effect lines with their prices, investments, variants and
scenarios, results — each with a short explanation, an example, what the case already
has and what is still missing. Its forms post plain HTML forms (no script needed) and
write through the same functions as the workspace (:mod:`.adding`, :mod:`.services`),
so a guided case is an ordinary case: the workspace is one click away at every step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ...i18n import N_
from ...model.editing import EditError
from ...model.editing import read as parse
from . import adding, editor, selectors, services
from .downloads import FORMATS
from .editor import _sequence
from .models import Case
from .results import shown
from .views import _base, _described, _editable, _lang, add_from_form


@dataclass(frozen=True)
class Step:
    slug: str  # in the URL: cases/<uid>/stap/<slug>/
    title: str  # marked with N_, translated when shown
    explanation: str
    example: str


STEPS = (
    Step(
        "verandertheorie",
        N_("Verandertheorie"),
        N_(
            "Begin bij het probleem: wat gaat er nu mis, voor wie, en wat kost dat? Een "
            "business case laat zien wat een aanpak oplevert ten opzichte van niets doen; "
            "dat begint met een korte beschrijving van het probleem en een titel."
        ),
        N_(
            "Voorbeeld: 'Gezinnen met opgroeiende kinderen komen pas bij de jeugdhulp als "
            "problemen groot zijn geworden; vroeg steun uit de buurt voorkomt dure "
            "specialistische hulp.'"
        ),
    ),
    Step(
        "partijen",
        N_("Belanghebbenden en financiers"),
        N_(
            "Wie heeft belang bij de aanpak, en wie betaalt wat bespaard wordt? Een "
            "financier betaalt uit een budget (een wet): de gemeente uit de Wmo of de "
            "Jeugdwet, de zorgverzekeraar uit de Zvw. Een besparing komt terecht bij de "
            "financier uit wiens budget het tarief komt."
        ),
        N_(
            "Voorbeeld: financiers 'Gemeente (Wmo)' en 'Zorgverzekeraar (Zvw)'; "
            "belanghebbenden 'Ouders' en 'Wijkteam'."
        ),
    ),
    Step(
        "interventies",
        N_("Interventies"),
        N_(
            "Een interventie is de aanpak die u doorrekent. Het bereik is hoeveel mensen, "
            "gezinnen of trajecten er per jaar mee worden bereikt."
        ),
        N_("Voorbeeld: 'Maatjesproject', bereik 40 deelnemers per jaar."),
    ),
    Step(
        "effecten",
        N_("Effectregels en tarieven"),
        N_(
            "Een effectregel zegt wat de interventie voorkomt of oplevert, met een tarief "
            "uit de prijslijsten: het aandeel van de deelnemers bij wie het effect "
            "optreedt, maal de eenheden per deelnemer, maal het tarief."
        ),
        N_(
            "Voorbeeld: 'Minder huishoudelijke hulp', tarief Huishoudelijke ondersteuning, "
            "10 uur per deelnemer, bij 25% van de deelnemers."
        ),
    ),
    Step(
        "investeringen",
        N_("Investeringen"),
        N_(
            "Wat kost de interventie per jaar, en wie betaalt dat? Tegenover de besparing "
            "staat deze investering; samen geven ze de netto besparing en de ratio."
        ),
        N_("Voorbeeld: 'Coördinator', € 45.000 per jaar, betaald door de gemeente."),
    ),
    Step(
        "varianten",
        N_("Varianten en scenario's"),
        N_(
            "Niet verplicht. Een variant is een andere uitvoering van dezelfde interventie "
            "(meer deelnemers, meer uren); een scenario is een voorzichtige of ruime "
            "schatting voor de hele case (Minimum, Maximum)."
        ),
        N_(
            "Voorbeeld: variant 'Uitbreiding' met bereik 60; scenario 'Minimum' waarin een "
            "effect bij 15% optreedt in plaats van 25%."
        ),
    ),
    Step(
        "resultaat",
        N_("Resultaat"),
        N_(
            "Wat de business case oplevert: per interventie de netto besparing en de ratio. "
            "Als alles compleet is, kunt u het rapport downloaden."
        ),
        N_(
            "Voorbeeld: 'Maatjesproject · Basis: netto besparing € 12.400; elke "
            "geïnvesteerde euro levert 1,35 op.'"
        ),
    ),
)
SLUGS = [s.slug for s in STEPS]
FORMS = {
    "verandertheorie": ("about",),
    "partijen": ("financier", "stakeholder"),
    "interventies": ("intervention",),
    "effecten": ("effect",),
    "investeringen": ("investment",),
    "varianten": ("scenario", "change"),
    "resultaat": (),
}
"""The forms each step posts (``action``); nothing else is accepted there."""

NEW_TITLE = "Nieuwe business case"  # the blank case's title (examples.BLANK)


@dataclass
class Intervention:
    """One intervention as a step shows it, with its add-forms' state (the names the
    workspace's form partials read: ``index``, ``typed``, ``effect_error``)."""

    index: int
    title: str
    reach: str
    effects: list[str] = field(default_factory=list)
    investments: list[str] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)
    effect_error: str = ""
    investment_error: str = ""
    change_error: str = ""
    changes: list[tuple[str, str]] = field(default_factory=list)
    variants: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class State:
    """What the case has, read from its document (an incomplete case too)."""

    title: str = ""
    problem: str = ""
    financiers: list[str] = field(default_factory=list)
    stakeholders: list[str] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)

    def missing(self, slug: str) -> list[str]:
        """What the step still lacks, in words."""
        out: list[str] = []
        if slug == "verandertheorie":
            if not self.title or self.title == NEW_TITLE:
                out.append(_("Geef de business case een eigen titel."))
            if not self.problem.strip():
                out.append(_("Beschrijf het probleem dat de aanpak oplost."))
        elif slug == "partijen":
            if not self.financiers:
                out.append(_("Nog geen financier: wie betaalt wat bespaard wordt?"))
        elif slug == "interventies":
            if not self.interventions:
                out.append(_("Nog geen interventie."))
        elif slug in ("effecten", "investeringen"):
            if not self.interventions:
                out.append(_("Voeg eerst een interventie toe (stap 3)."))
            for item in self.interventions:
                if slug == "effecten" and not item.effects:
                    text = _("{name}: nog geen effectregel.")
                    out.append(text.format(name=item.title))
                if slug == "investeringen" and not item.investments:
                    text = _("{name}: nog geen investering.")
                    out.append(text.format(name=item.title))
        return out


def _names(items: Any) -> list[str]:
    return [str(i.get("name") or i.get("id")) for i in _sequence(items) if isinstance(i, dict)]


def state_of(document: str) -> State:
    raw = parse(document)
    if not isinstance(raw, dict):
        raw = {}
    meta: Any = raw.get("meta") if isinstance(raw.get("meta"), dict) else {}
    change = raw.get("theory_of_change")
    out = State(
        title=str(meta.get("title") or ""),
        problem=str(change.get("problem") or "") if isinstance(change, dict) else "",
        financiers=_names(raw.get("financiers")),
        stakeholders=_names(raw.get("stakeholders")),
        scenarios=_names(raw.get("scenarios")),
    )
    by_index = {g.index: g for g in editor.groups(document) if g.index is not None}
    for i, item in enumerate(_sequence(raw.get("interventions"))):
        if not isinstance(item, dict):
            continue
        group = by_index.get(i)
        out.interventions.append(
            Intervention(
                index=i,
                title=str(item.get("name") or item.get("id") or i),
                reach=f"{item.get('reach', '')} {item.get('reach_unit', '')}".strip(),
                effects=_names(item.get("effects")),
                investments=_names(item.get("investments")),
                changes=group.changes if group else [],
                variants=group.variants if group else [],
            )
        )
        out.variants += [
            f"{out.interventions[-1].title} · {n}" for n in _names(item.get("variants"))
        ]
    return out


def _step(slug: str) -> int:
    if slug not in SLUGS:
        raise Http404
    return SLUGS.index(slug)


def _first_open(document: str) -> str:
    """The first step with something missing (the last when none is)."""
    state = state_of(document)
    return next((s for s in SLUGS if state.missing(s)), SLUGS[-1])


@login_required
def guide_start(request: HttpRequest, uid: str) -> HttpResponse:
    """'Stap voor stap': the first step that still lacks something."""
    case = selectors.case_for(request.user, uid)
    return redirect(
        "cases:guide", uid=case.uid, step=_first_open(selectors.version_of(case).document)
    )


def _page(
    request: HttpRequest,
    case: Case,
    slug: str,
    *,
    error: str = "",
    action: str = "",
    typed: dict[str, str] | None = None,
    index: int = -1,
    status: int = 200,
) -> HttpResponse:
    version = selectors.version_of(case)
    number = _step(slug)
    step = STEPS[number]
    state = state_of(version.document)
    for item in state.interventions:  # a refused form keeps its text and error
        if item.index == index and action in ("effect", "investment", "change"):
            setattr(item, f"{action}_error", error)
            item.typed = dict(typed or {})
    view = shown(version.document, _lang())
    context = {
        "case": case,
        "version": version,
        "step": step,
        "title": gettext(step.title),
        "explanation": gettext(step.explanation),
        "example": gettext(step.example),
        "number": number + 1,
        "steps": [(s.slug, gettext(s.title)) for s in STEPS],
        "previous": SLUGS[number - 1] if number > 0 else None,
        "next": SLUGS[number + 1] if number + 1 < len(SLUGS) else None,
        "state": state,
        "missing": state.missing(slug),
        "can_edit": request.user.has_perm("cases.change_case", case),
        "error": error if action not in ("effect", "investment", "change") else "",
        "action": action,
        "typed": typed or {},
        "added": request.GET.get("toegevoegd", ""),
        "typed_index": request.GET.get("bij", ""),
        "budgets": adding.BUDGETS,
        "financiers": adding.financiers(version.document),
        "scenario_options": editor.options(version.document),
        "shown": view,
        "formats": FORMATS,
        "guide_action": request.path,
    }
    if slug == "resultaat" and view.tables:
        context["headline"] = view.tables[0][1][0] if view.tables[0][0] == "" else None
    return render(request, "cases/guide/step.html", context, status=status)


@login_required
def guide_step(request: HttpRequest, uid: str, step: str) -> HttpResponse:
    """One step of the guide; a form posted here is written like the workspace's and
    answered with the same step again (or the step with the form's error beside it)."""
    case = selectors.case_for(request.user, uid)
    _step(step)
    if request.method != "POST":
        return _page(request, case, step)
    _editable(request, case)
    action = request.POST.get("action", "")
    if action not in FORMS[step]:
        raise Http404
    base = _base(request)
    try:
        index = int(request.POST.get("index", "-1"))
    except ValueError:
        raise Http404 from None
    typed = {k: str(v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "base")}
    try:
        _write(request, case, action, base, index)
    except services.StaleVersion:
        error = _(
            "Niet opgeslagen: iemand anders heeft deze case intussen gewijzigd. Hieronder staat "
            "de nieuwste versie; voer uw wijziging zo nodig opnieuw in."
        )
        return _page(
            request, case, step, error=error, action=action, typed=typed, index=index, status=409
        )
    except services.FieldRejected as rejected:
        error = "; ".join(p.message for p in rejected.problems)
        return _page(
            request, case, step, error=error, action=action, typed=typed, index=index, status=422
        )
    except (EditError, adding.Incomplete, services.DocumentRefused) as refused:
        return _page(
            request,
            case,
            step,
            error=str(refused),
            action=action,
            typed=typed,
            index=index,
            status=422,
        )
    except (IndexError, AttributeError, KeyError, TypeError):
        raise Http404 from None
    answer = redirect("cases:guide", uid=case.uid, step=step)
    answer["Location"] += f"?toegevoegd={action}&bij={index}"  # what to focus
    return answer


def _write(request: HttpRequest, case: Case, action: str, base: int, index: int) -> None:
    """The form's change, through the workspace's own functions."""
    document = selectors.version_of(case).document
    form = request.POST
    user = request.user
    if action == "about":
        state = state_of(document)
        wanted = (
            (("meta", "title"), (form.get("title") or "").strip(), state.title),
            (("theory_of_change", "problem"), (form.get("problem") or "").strip(), state.problem),
        )
        if not wanted[0][1]:
            raise adding.Incomplete("title", _("Geef de business case een titel."))
        for at, value, before in wanted:
            if value != before.strip():
                services.edit_value(
                    actor=user,
                    case=case,
                    base=base,
                    loc=at,
                    value=value,
                    message=_described(document, ".".join(str(k) for k in at), value)[:300],
                )
                base += 1
        return
    add_from_form(actor=user, case=case, base=base, kind=action, index=index, form=form)
