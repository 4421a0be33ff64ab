"""Thin views: read through selectors, write through services, answer HTMX with partials.

Every view finds its case with :func:`selectors.case_for`, which answers 404 for a case
of another organisation, whatever the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...model.editing import EditError
from ..language import chosen
from ..organisations.models import Organisation
from . import adding, editor, method, selectors, services
from .downloads import FORMATS, render_download
from .examples import EXAMPLES, example_text
from .models import Case
from .results import drawn, shown, uncertain
from .results import options as chart_options

MAX_UPLOAD = 10 * 2**20  # the loader's own limit for a model file
KINDS = ("effect", "investment", "change")  # what is added to an intervention, beside its form
CASE_KINDS = ("intervention", "financier", "stakeholder", "scenario")  # added to the case


def _lang() -> str:
    return chosen()


def _editable(request: HttpRequest, case: Case) -> None:
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    organisations = list(selectors.organisations_of(request.user))
    return render(
        request,
        "cases/list.html",
        {
            "cases": selectors.cases_of(request.user),
            "organisations": organisations,
            "examples": EXAMPLES,
            "kinds": Organisation.Kind.choices,
        },
    )


def _organisation(request: HttpRequest) -> Any:
    wanted = request.POST.get("organisation") or ""
    if not wanted.isdigit():  # a hand-made request: no such organisation
        raise Http404
    found = selectors.organisations_of(request.user).filter(pk=int(wanted)).first()
    if found is None:
        raise Http404
    if not request.user.has_perm("organisations.add_case", found):
        raise PermissionDenied
    return found


@login_required
@require_POST
def case_new(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    example = request.POST.get("example") or "blank"
    if example not in EXAMPLES:
        raise Http404
    case = services.create_case(
        actor=request.user,
        organisation=organisation,
        document=example_text(example),
        message=_("Nieuw, uit voorbeeld {name}").format(name=EXAMPLES[example]),
    )
    return redirect("cases:detail", uid=case.uid)


@login_required
@require_POST
def case_import(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    upload = request.FILES.get("document")
    problem = ""
    if upload is None:
        problem = _("Kies een YAML-bestand om te importeren.")
    elif upload.size is not None and upload.size > MAX_UPLOAD:
        problem = _("Het bestand is groter dan 10 MB; een model is dat nooit.")
    if not problem and upload is not None:
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            problem = _("Dit bestand is geen tekst (UTF-8); een model is een YAML-bestand.")
        else:
            try:
                case = services.create_case(
                    actor=request.user,
                    organisation=organisation,
                    document=text,
                    message=_("Geïmporteerd uit {name}").format(name=upload.name),
                    name=Path(upload.name or "model.yaml").name,
                )
            except services.DocumentRefused as refused:
                problem = _("Niet geïmporteerd: {reason}").format(
                    reason="; ".join(str(p) for p in refused.problems)
                )
            else:
                return redirect("cases:detail", uid=case.uid)
    messages.error(request, problem)
    return redirect("cases:list")


def _workspace(
    request: HttpRequest,
    case: Case,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    stale: services.StaleVersion | None = None,
    status: int = 200,
) -> HttpResponse:
    version = selectors.version_of(case)
    groups = editor.groups(version.document)
    settings = method.settings(version.document, shown(version.document, _lang()).checked.model)
    placed: set[str] = method.place_errors(settings, errors or {}, typed or {})
    for group in groups:
        for item in group.fields:
            item.error = (errors or {}).get(item.loc, "")
            placed.add(item.loc)
            if typed and item.loc in typed:
                item.value = typed[item.loc]
    # an add-form's error stays with its form; one for no field at all goes above them
    adds = {loc: text for loc, text in (errors or {}).items() if loc.startswith("add-")}
    unplaced = [
        text for loc, text in (errors or {}).items() if loc not in placed and loc not in adds
    ]
    shown_beside = {f"add-{kind}--1" for kind in CASE_KINDS} | {
        f"add-{kind}-{g.index}" for g in groups if g.index is not None for kind in KINDS
    }
    unplaced += [text for loc, text in adds.items() if loc not in shown_beside]
    refused = dict(typed or {}) if adds else {}  # what a refused add-form held, kept
    for group in groups:
        group.effect_error = adds.get(f"add-effect-{group.index}", "")
        group.investment_error = adds.get(f"add-investment-{group.index}", "")
        group.change_error = adds.get(f"add-change-{group.index}", "")
        if group.effect_error or group.investment_error or group.change_error:
            group.typed = refused
    view = shown(version.document, _lang())
    method.annotate(groups, view.checked.model)  # help texts, formula results, "Onzeker?"
    template = "cases/_workspace.html" if request.headers.get("HX-Request") else "cases/detail.html"
    answer = render(
        request,
        template,
        {
            "case": case,
            "version": version,
            "groups": groups,
            "shown": view,
            "can_edit": request.user.has_perm("cases.change_case", case),
            "stale": stale,
            "unplaced": unplaced,
            **{f"{kind}_error": adds.get(f"add-{kind}--1", "") for kind in CASE_KINDS},
            **{
                f"refused_{kind}": refused if f"add-{kind}--1" in adds else {}
                for kind in CASE_KINDS
            },
            "budgets": adding.BUDGETS,
            "financiers": adding.financiers(version.document),
            "scenario_options": editor.options(version.document),
            "formats": FORMATS,
            "settings": settings,
        },
        status=status,
    )
    if request.headers.get("HX-Request"):  # whatever the form aimed at: the whole workspace
        answer["HX-Retarget"] = "#workspace"
        answer["HX-Reswap"] = "outerHTML"
    return answer


RELABELLING = frozenset({"name", "title", "id"})
"""Fields whose value is also a label or title in the form: a change answers the whole
workspace."""


def _edited(request: HttpRequest, case: Case, dotted: str) -> HttpResponse:
    """The answer to a changed number: the results, the version every form now saves on,
    and the field itself; the rest of the form stays as the user has it (a value typed
    meanwhile in the next field is not overwritten)."""
    version = selectors.version_of(case)
    changed = next(
        (
            f
            for g in editor.groups(version.document)
            for f in (*g.fields, *g.about, *g.names)
            if f.loc == dotted
        ),
        None,
    )
    if changed is not None:
        method.annotate(
            [editor.Group("", [changed])], shown(version.document, _lang()).checked.model
        )
    return render(
        request,
        "cases/_edited.html",
        {
            "case": case,
            "version": version,
            "shown": shown(version.document, _lang()),
            "f": changed,
            "can_edit": True,
            "formats": FORMATS,
        },
    )


@login_required
def case_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _workspace(request, selectors.case_for(request.user, uid))


@login_required
@require_POST
def case_edit(request: HttpRequest, uid: str) -> HttpResponse:
    """One field changed: a new version, or the field's error beside it (nothing saved)."""
    case = selectors.case_for(request.user, uid)
    _editable(request, case)
    dotted, loc = _place(request)
    typed = request.POST.get("value", "")
    base = _base(request)
    return _saved(
        request,
        case,
        dotted,
        lambda: services.edit_value(
            actor=request.user,
            case=case,
            base=base,
            loc=loc,
            value=_value(request.POST.get("kind", ""), typed),
            message=_("{field} gewijzigd in {value}").format(field=dotted, value=typed)[:300],
        ),
        typed={dotted: typed},
        paths=False,
        done=(
            (lambda: _edited(request, case, dotted))
            if request.headers.get("HX-Request") and str(loc[-1]) not in RELABELLING
            else None
        ),
    )


def _value(kind: str, typed: str) -> Any:
    """A field's text as the document's value: sentences stay text, a list field is one
    item per line (empty lines dropped), anything else is read as a number, a percentage,
    a formula or a distribution."""
    if kind == "text":
        return typed
    if kind == "lines":
        from ruamel.yaml.comments import CommentedSeq

        return CommentedSeq(line.strip() for line in typed.splitlines() if line.strip())
    return editor.value_of(typed)


def _place(request: HttpRequest) -> tuple[str, tuple[int | str, ...]]:
    """The place a form posted (as posted, and as the model's path); a hand-made request
    with a place that is no path: 404."""
    posted = request.POST.get("loc", "")
    try:
        return posted, editor.loc_of(posted)
    except ValueError:
        raise Http404 from None


def _base(request: HttpRequest) -> int:
    """The version a form was made on (a hand-made request without one: 404)."""
    try:
        return int(request.POST.get("base", ""))
    except ValueError:
        raise Http404 from None


def _saved(
    request: HttpRequest,
    case: Case,
    key: str,
    save: Callable[[], object],
    typed: dict[str, str] | None,
    paths: bool,
    done: Callable[[], HttpResponse] | None = None,
) -> HttpResponse:
    """Run one write of a form and answer with the workspace: the new version, or the
    refusal where it belongs — a save on an older version above the forms (409), a wrong
    value beside its field or form (422, with what was typed); nothing is stored then."""
    try:
        save()
    except services.StaleVersion as stale:
        return _workspace(request, case, stale=stale, status=409)
    except services.FieldRejected as rejected:
        text = "; ".join(
            f"{p.path}: {p.message}" if paths else p.message for p in rejected.problems
        )
        return _workspace(request, case, errors={key: text}, typed=typed, status=422)
    except (EditError, adding.Incomplete, services.DocumentRefused) as error:
        return _workspace(request, case, errors={key: str(error)}, typed=typed, status=422)
    return done() if done is not None else _workspace(request, case)


@login_required
def case_versions(request: HttpRequest, uid: str) -> HttpResponse:
    case = selectors.case_for(request.user, uid)
    return render(request, "cases/versions.html", {"case": case, "versions": case.versions.all()})


@login_required
def version_yaml(request: HttpRequest, uid: str, number: int) -> HttpResponse:
    case = selectors.case_for(request.user, uid)
    version = selectors.version_of(case, number)
    response = HttpResponse(version.document, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.uid}-v{number}.yaml"'
    return response


@login_required
def case_download(request: HttpRequest, uid: str, fmt: str) -> HttpResponse | FileResponse:
    case = selectors.case_for(request.user, uid)
    if fmt not in FORMATS:
        raise Http404
    version = selectors.version_of(case)
    view = shown(version.document, _lang())
    if view.results is None:
        messages.error(request, _("Deze versie is nog niet compleet; maak eerst de to-do's af."))
        return redirect("cases:detail", uid=case.uid)
    return render_download(view.results, fmt, f"{case.uid}-v{version.number}", _lang())


@login_required
@require_POST
def case_delete(request: HttpRequest, uid: str) -> HttpResponse:
    case = selectors.case_for(request.user, uid)
    if not request.user.has_perm("organisations.manage_members", case.organisation):
        raise PermissionDenied
    services.delete_case(actor=request.user, case=case)
    messages.success(request, _("De business case is verwijderd."))
    return redirect("cases:list")


def _typed(request: HttpRequest) -> dict[str, str]:
    """What a refused add-form held, to show it again."""
    skip = ("base", "csrfmiddlewaretoken")
    return {k: str(request.POST.get(k, "")) for k in request.POST if k not in skip}


@login_required
@require_POST
def case_add(request: HttpRequest, uid: str, kind: str) -> HttpResponse:
    """Add an intervention, or an effect line or investment to intervention ``index``."""
    case = selectors.case_for(request.user, uid)
    _editable(request, case)
    base = _base(request)
    try:
        index = int(request.POST.get("index", "-1"))
    except ValueError:
        raise Http404 from None
    document = selectors.version_of(case).document

    def _changed(document: str, index: int) -> None:
        made = adding.change(document, index, request.POST)
        variants_at = ("interventions", index, "variants")
        services.set_change(
            actor=request.user,
            case=case,
            base=base,
            loc=made.set_at,
            value=made.value,
            new_variants=tuple((variants_at, v) for v in made.new_variants),
            message=_("{where} zet {what} op {value}").format(
                where=request.POST.get("variant") or request.POST.get("target"),
                what=made.what,
                value=request.POST.get("value", ""),
            )[:300],
        )

    def add() -> None:
        also: list[tuple[tuple[int | str, ...], Any]] = []
        try:
            if kind == "intervention":
                loc, item = adding.intervention(document, request.POST)
            elif kind == "financier":
                loc, item = adding.financier(document, request.POST)
                also = method.joins(document, item)  # into the perspective of its party
            elif kind == "effect":
                loc, item, also = adding.effect(document, index, request.POST)
            elif kind == "investment":
                loc, item = adding.investment(document, index, request.POST)
            elif kind == "stakeholder":
                loc, item = adding.stakeholder(document, request.POST)
            elif kind == "scenario":
                loc, item = adding.scenario(document, request.POST)
            elif kind == "change":
                _changed(document, index)
                return
            else:
                raise Http404
        except (IndexError, AttributeError, KeyError, TypeError):
            raise Http404 from None
        services.add_item(
            actor=request.user,
            case=case,
            base=base,
            loc=loc,
            item=item,
            also=also,
            message=_("{kind} toegevoegd: {name}").format(kind=kind, name=item["name"])[:300],
        )

    return _saved(request, case, f"add-{kind}-{index}", add, _typed(request), paths=True)


@login_required
def price_search(request: HttpRequest, uid: str) -> HttpResponse:
    """The prices matching what was typed: the case's own and those of the bundled lists."""
    from ...prices import bundled_list, bundled_lists
    from ...prices.search import search, terms

    case = selectors.case_for(request.user, uid)
    needle = (request.GET.get("q") or "").strip()
    options: list[tuple[str, str]] = []
    if len(needle) >= 2:
        from ...model.editing import read as parse

        raw = parse(selectors.version_of(case).document)
        words = terms(needle)
        for own in raw.get("prices") if isinstance(raw.get("prices"), list) else []:
            if isinstance(own, dict):
                text = f"{own.get('id')} {own.get('name')}".lower()
                if any(w in text for w in words):
                    options.append((f"case:{own.get('id')}", f"{own.get('name')} (eigen tarief)"))
        for hit in search(needle, [bundled_list(i) for i in bundled_lists()], limit=40):
            item = hit.item
            label = (
                f"{item.name} — {item.amount:.2f} {hit.currency} per {item.unit}, "
                f"prijspeil {item.price_year} ({hit.list_id})"
            )
            options.append((f"{hit.list_id}:{item.code}", label))
    return render(request, "cases/_price_options.html", {"options": options, "needle": needle})


@login_required
def case_charts(request: HttpRequest, uid: str, number: int) -> HttpResponse:
    """The charts of a version, for the page to load after its tables."""
    case = selectors.case_for(request.user, uid)
    version = selectors.version_of(case, number)
    chosen = request.GET.get("intervention")
    option = request.GET.get("option")
    specs = drawn(version.document, _lang(), chosen, option)
    results = shown(version.document, _lang()).results
    options = [(r.id, r.name) for r in results.interventions] if results else []
    choices = chart_options(version.document, _lang(), chosen)
    return render(
        request,
        "cases/_charts.html",
        {
            "charts": specs,
            "options": options,
            "chosen": chosen,
            "case": case,
            "version": version,
            "uncertain": uncertain(version.document, _lang(), chosen),
            "choices": choices,
            "option": option,
        },
    )


REMOVABLE = frozenset(
    {
        ("interventions", "#"),
        ("interventions", "#", "effects", "#"),
        ("interventions", "#", "investments", "#"),
        ("interventions", "#", "variants", "#"),
        ("interventions", "#", "variants", "#", "set", "*"),
        ("interventions", "#", "scenarios", "*", "set", "*"),
        ("financiers", "#"),
        ("stakeholders", "#"),
        ("scenarios", "#"),
        ("scenarios", "#", "set", "*"),
    }
)
"""The places the remove form may take away (``#`` a position, ``*`` a name); nothing else,
whatever a hand-made request asks."""


def removable(loc: tuple[int | str, ...]) -> bool:
    names = {"interventions", "effects", "investments", "variants", "set", "scenarios"}
    names |= {"financiers", "stakeholders"}
    shape = tuple(
        "#" if isinstance(k, int) else k if k in names and n in (0, 2, 4) else "*"
        for n, k in enumerate(loc)
    )
    return shape in REMOVABLE


@login_required
@require_POST
def case_remove(request: HttpRequest, uid: str) -> HttpResponse:
    """Remove an intervention, effect line or investment (a new version, as every change)."""
    case = selectors.case_for(request.user, uid)
    _editable(request, case)
    posted, loc = _place(request)
    base = _base(request)
    if not removable(loc):
        raise Http404
    name = request.POST.get("name") or posted
    return _saved(
        request,
        case,
        f"remove-{posted}",
        lambda: services.remove_item(
            actor=request.user,
            case=case,
            base=base,
            loc=loc,
            message=_("{place} verwijderd").format(place=name)[:300],
        ),
        typed=None,
        paths=True,
    )
