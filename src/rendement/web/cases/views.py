"""Thin views: read through selectors, write through services, answer HTMX with partials.

Every view finds its case with :func:`selectors.case_for`, which answers 404 for a case
of another organisation, whatever the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from ...model.guards import MAX_FILE_BYTES
from ...recent import Recent
from ..language import chosen
from ..organisations.models import Organisation
from . import adding, editor, method, overview, selectors, services
from .downloads import FORMATS
from .examples import EXAMPLES, example_text
from .models import Case
from .refusals import refusal
from .results import drawn, panel, shown, uncertain
from .results import options as chart_options

MAX_UPLOAD = MAX_FILE_BYTES  # the loader's own limit for a model file
KINDS = ("effect", "investment", "change", "price")  # added to an intervention, beside its form
CASE_KINDS = ("intervention", "financier", "stakeholder", "scenario")  # added to the case


def _lang() -> str:
    return chosen()


def _editable(request: HttpRequest, case: Case) -> None:
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The organisation's overview: every case with its newest figures, status and
    completeness, and their portfolio chart; searched, filtered and sorted by GET
    parameters; ``?formaat=csv`` or ``xlsx`` gives the same rows as a spreadsheet file."""
    organisations = list(selectors.organisations_of(request.user))
    every = overview.rows(selectors.cases_of(request.user), _lang())
    shown_rows = overview.chosen(every, request.GET)
    if request.GET.get("formaat") == "csv":
        answer = HttpResponse(overview.as_csv(shown_rows), content_type="text/csv; charset=utf-8")
        answer["Content-Disposition"] = 'attachment; filename="business-cases.csv"'
        return answer
    if request.GET.get("formaat") == "xlsx":
        answer = HttpResponse(overview.as_xlsx(shown_rows), content_type=overview.XLSX)
        answer["Content-Disposition"] = 'attachment; filename="business-cases.xlsx"'
        return answer
    key, descending = overview.sort_of(request.GET)
    return render(
        request,
        "cases/list.html",
        {
            "cases": every,
            "rows": shown_rows,
            "columns": _columns(request, key, descending),
            "search": request.GET.get("zoek", ""),
            "status": request.GET.get("status", ""),
            "statuses": [
                (overview.CONCEPT, _("concept")),
                (overview.AGREED, _("vastgesteld")),
                (overview.ARCHIVED, _("gearchiveerd")),
            ],
            "csv_query": _query(request, formaat="csv"),
            "xlsx_query": _query(request, formaat="xlsx"),
            "chart": overview.chart(shown_rows, _lang()),
            "editing": {
                o.pk for o in organisations if request.user.has_perm("organisations.add_case", o)
            },
            "owned": {
                o.pk
                for o in organisations
                if request.user.has_perm("organisations.manage_members", o)
            },
            "copyable": any(
                request.user.has_perm("organisations.add_case", o) for o in organisations
            ),
            "organisations": organisations,
            "mine": {o.pk for o in organisations},  # others' cases are shared ones
            "examples": EXAMPLES,
            "kinds": Organisation.Kind.choices,
        },
    )


def _query(request: HttpRequest, **changed: str) -> str:
    """The list's current GET parameters with ``changed`` set, as ``?…``."""
    query = request.GET.copy()
    for name, value in changed.items():
        query[name] = value
    return "?" + query.urlencode()


@dataclass
class Column:
    """A sortable column head: its words, the link that sorts by it, its aria-sort."""

    label: str
    href: str
    aria_sort: str
    numeric: bool = False


def _columns(request: HttpRequest, key: str, descending: bool) -> list[Column]:
    labels = {
        "titel": _("Titel"),
        "organisatie": _("Organisatie"),
        "netto": _("Netto besparing"),
        "ratio": _("Bruto ratio"),
        "status": _("Status"),
        "volledig": _("Volledig"),
        "door": _("Laatst door"),
        "gewijzigd": _("Gewijzigd"),
    }
    out = []
    for name in overview.SORTS:
        now = name == key
        # a second click on the sorted column turns it round; a first sorts ascending
        target = ("" if descending else "-") + name if now else name
        out.append(
            Column(
                labels[name],
                _query(request, sorteer=target),
                ("descending" if descending else "ascending") if now else "none",
                name in ("netto", "ratio"),
            )
        )
    return out


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
    if example == "blank":  # a newcomer's case: the method's steps, one a page
        return redirect("cases:guide", uid=case.uid, step="verandertheorie")
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
        problem = _("Het bestand is groter dan {limit} MB; een model is dat nooit.").format(
            limit=MAX_UPLOAD // 2**20
        )
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
    conflicts: dict[str, Clash] | None = None,
    status: int = 200,
) -> HttpResponse:
    version = selectors.version_of(case)
    groups = editor.groups(version.document)
    view = panel(version.document, _lang())  # computed by the edit, maybe in another process
    settings = method.settings(version.document, view.checked.model)
    placed: set[str] = method.place_errors(settings, errors or {}, typed or {})
    for group in groups:
        for item in (*group.fields, *group.about, *group.names):
            item.error = (errors or {}).get(item.loc, "")
            item.conflict = (conflicts or {}).get(item.loc)
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
    refused = dict(typed or {}) if adds else {}  # what a refused add-form held, kept
    # a form that is gone (what it added to was removed meanwhile): its text in the notice
    kept = "; ".join(v for k, v in refused.items() if v.strip() and k in TYPED_FREELY)
    unplaced += [
        text + (" " + _("Wat u typte: {typed}").format(typed=kept) if kept else "")
        for loc, text in adds.items()
        if loc not in shown_beside
    ]
    for group in groups:
        group.effect_error = adds.get(f"add-effect-{group.index}", "")
        group.investment_error = adds.get(f"add-investment-{group.index}", "")
        group.change_error = adds.get(f"add-change-{group.index}", "")
        group.price_error = adds.get(f"add-price-{group.index}", "")
        if group.effect_error or group.investment_error or group.change_error:
            group.typed = refused
        if group.price_error:  # its own fields, not shown in the other add-forms
            group.price_typed = refused
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
            "stale_mine": stale is not None and _mine(request, stale.since),
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
            "head_oob": bool(request.headers.get("HX-Request")),  # the title may have changed
            "settings": settings,
        },
        status=status,
    )
    if request.headers.get("HX-Request"):  # whatever the form aimed at: the whole workspace
        answer["HX-Retarget"] = "#workspace"
        answer["HX-Reswap"] = "outerHTML"
    return answer


TYPED_FREELY = frozenset(
    {"name", "reach", "reach_unit", "amount", "units_per_case", "share", "value", "variant"}
    | {"description"}
)
"""An add-form's fields that hold what the user typed (the others are choices by id)."""

RELABELLING = frozenset({"name", "title", "id"})
"""Fields whose value is also a label or title in the form: a change answers the whole
workspace."""


@dataclass
class Clash:
    """A change refused because someone changed the same value meanwhile: what is stored
    now, who stored it and when; shown beside the field, the typed value kept."""

    theirs: str
    who: str
    mine: bool  # the same user, in another tab or window
    number: int | None
    when: Any


def _mine(request: HttpRequest, versions: list[Any]) -> bool:
    """Whether the versions made meanwhile are all the user's own (another tab)."""
    return bool(versions) and all(v.author_id == request.user.pk for v in versions)


def _clash(request: HttpRequest, conflict: services.Conflict) -> Clash:
    by = conflict.by
    theirs = "" if conflict.theirs is None else editor.shown_value(conflict.theirs)
    return Clash(
        theirs=theirs,
        who=str(by.author) if by is not None and by.author else "",
        mine=by is not None and by.author_id == request.user.pk,
        number=by.number if by is not None else None,
        when=by.created_at if by is not None else None,
    )


def _fields(document: str) -> dict[str, editor.Field]:
    return _fields_of(editor.groups(document))


def _fields_of(groups: list[editor.Group]) -> dict[str, editor.Field]:
    return {f.loc: f for g in groups for f in (*g.fields, *g.about, *g.names)}


_SUMMARIES = Recent(128)
"""Per document and language, each field's value, label, whether it is multi-line and
the title of the intervention it belongs to: what an edit's message and answer need of
the version it was made on — the version the edit before it made, so kept from then."""


def _summary(document: str) -> dict[str, tuple[str, str, bool, str]]:
    key = (services.digest(document), _lang())
    return _SUMMARIES.kept(key, lambda: _summary_of(editor.groups(document)))


def _summary_of(groups: list[editor.Group]) -> dict[str, tuple[str, str, bool, str]]:
    out = {}
    for g in groups:
        owner = g.title if g.index is not None else ""
        for f in (*g.fields, *g.about, *g.names):
            out[f.loc] = (f.value, f.label, f.multiline, owner)
    return out


def _edited(
    request: HttpRequest,
    case: Case,
    dotted: str,
    *,
    base: int | None = None,
    error: str = "",
    typed: str | None = None,
    conflict: Clash | None = None,
    status: int = 200,
) -> HttpResponse:
    """The answer to one changed field: the results of the newest version, the version
    every form now saves on, the field itself (its error or conflict beside it, what was
    typed kept) and every other field another save changed since ``base``; the notices
    above the forms cleared. The rest of the form stays as the user has it (a value typed
    meanwhile in the next field is not overwritten). When the newest version has other
    fields than ``base`` (a line added or removed meanwhile), the whole workspace."""
    version = selectors.version_of(case)
    groups = editor.groups(version.document)
    _SUMMARIES[(services.digest(version.document), _lang())] = _summary_of(groups)
    now = _fields_of(groups)
    changed = now.get(dotted)
    others: list[editor.Field] = []
    if base is not None and base != version.number:
        earlier = selectors.numbered(case, base)
        before = _summary(earlier.document) if earlier is not None else {}
        if set(before) != set(now):
            changed = None
        else:
            others = [f for loc, f in now.items() if loc != dotted and before[loc][0] != f.value]
    if changed is None:
        return _workspace(
            request,
            case,
            errors={dotted: error} if error else None,
            typed={dotted: typed} if typed is not None and (error or conflict) else None,
            conflicts={dotted: conflict} if conflict else None,
            status=status,
        )
    changed.error = error
    changed.conflict = conflict
    if typed is not None and (error or conflict):
        changed.value = typed
    view = shown(version.document, _lang())
    method.annotate([editor.Group("", [changed, *others])], view.checked.model)
    return render(
        request,
        "cases/_edited.html",
        {
            "case": case,
            "version": version,
            "shown": view,
            "headline_note": _unmoved(case, version),
            "f": changed,
            "others": others,
            "can_edit": True,
            "formats": FORMATS,
        },
        status=status,
    )


def _unmoved(case: Case, version: Any) -> str:
    """Said when a changed number moved other figures but not the headline's."""
    from .headnote import unmoved

    if version.number < 2:
        return ""
    before = selectors.numbered(case, version.number - 1)
    return unmoved(before.document, version.document, _lang()) if before else ""


@login_required
def case_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _workspace(request, selectors.case_for(request.user, uid))


@login_required
@require_POST
def case_edit(request: HttpRequest, uid: str) -> HttpResponse:
    """One field changed: a new version (placed on the newest version when another save
    came in between and did not change this field), or the refusal beside the field —
    a wrong value (422) or the same value changed by someone else (409) — with what was
    typed kept and nothing saved."""
    case = selectors.case_for(request.user, uid)
    _editable(request, case)
    dotted, loc = _place(request)
    typed = request.POST.get("value", "")
    base = _base(request)
    earlier = selectors.numbered(case, base)
    try:
        services.edit_value(
            actor=request.user,
            case=case,
            base=base,
            loc=loc,
            value=_value(request.POST.get("kind", ""), typed),
            message=_described(earlier.document if earlier else "", dotted, typed)[:300],
        )
    except services.Conflict as conflict:
        return _edited(
            request,
            case,
            dotted,
            base=base,
            typed=typed,
            conflict=_clash(request, conflict),
            status=409,
        )
    except services.StaleVersion as stale:
        return _workspace(request, case, stale=stale, typed={dotted: typed}, status=409)
    except services.FieldRejected as rejected:
        text = "; ".join(p.message for p in rejected.problems)
        return _edited(request, case, dotted, base=base, error=text, typed=typed, status=422)
    except (EditError, services.DocumentRefused) as error:
        return _edited(request, case, dotted, base=base, error=str(error), typed=typed, status=422)
    if request.headers.get("HX-Request") and str(loc[-1]) not in RELABELLING:
        return _edited(request, case, dotted, base=base)
    return _workspace(request, case)


def _described(document: str, dotted: str, typed: str) -> str:
    """A version's message for a changed field, as a sentence: "Bereik van Buurtcoach
    gewijzigd van 50 in 60"."""
    found = _summary(document).get(dotted) if document else None
    if found is None:
        return _("Een waarde gewijzigd in {new}").format(new=_short(typed))
    value, what, multiline, owner = found
    if owner and "›" not in what:
        what = _("{field} van {owner}").format(field=what, owner=owner)
    elif owner:
        what = f"{what} ({owner})"
    if multiline:
        return _("{what} gewijzigd").format(what=what)
    if not value.strip():
        return _("{what} ingevuld: {new}").format(what=what, new=_short(typed))
    return _("{what} gewijzigd van {old} in {new}").format(
        what=what, old=_short(value), new=_short(typed)
    )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    except services.Conflict as conflict:
        gone = _("Niet opgeslagen: wat u wijzigde, is intussen gewijzigd of verwijderd")
        who = _clash(request, conflict)
        if who.who:
            gone += " " + _("(versie {number}, door {who})").format(
                number=who.number, who=_("uzelf in een ander venster") if who.mine else who.who
            )
        return _workspace(
            request, case, stale=conflict, errors={key: gone + "."}, typed=typed, status=409
        )
    except services.StaleVersion as stale:
        return _workspace(
            request,
            case,
            stale=stale,
            errors={key: _("Niet opgeslagen.")},
            typed=typed,
            status=409,
        )
    except services.FieldRejected as rejected:
        document = selectors.version_of(case).document
        text = refusal(document, rejected.problems, paths)  # the field in words, no path
        return _workspace(request, case, errors={key: text}, typed=typed, status=422)
    except (EditError, adding.Incomplete, services.DocumentRefused) as error:
        return _workspace(request, case, errors={key: str(error)}, typed=typed, status=422)
    return done() if done is not None else _workspace(request, case)


VERSIONS_PER_PAGE = 25
"""Versions listed (each with its figures) per page; a long history is paged."""


@login_required
def case_versions(request: HttpRequest, uid: str) -> HttpResponse:
    """Every version with who, when, why and its headline figures (net savings and gross
    ratio, from the same cached results as its page), or in words why it has none."""
    from django.core.paginator import Paginator

    from .history import figures

    case = selectors.case_for(request.user, uid)
    page = Paginator(
        case.versions.select_related("author", "agreement").defer("agreement__report"),
        VERSIONS_PER_PAGE,
    )
    shown_page = page.get_page(request.GET.get("pagina"))
    rows = [(v, figures(v.document, _lang())) for v in shown_page]
    return render(
        request,
        "cases/versions.html",
        {
            "case": case,
            "versions": shown_page,
            "rows": rows,
            "page": shown_page,
            # the compare form offers every version, not only this page's
            "numbers": list(case.versions.order_by("-number").values_list("number", flat=True)),
        },
    )


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
    from .history_views import download

    return download(request, case, selectors.version_of(case), fmt)


@login_required
def case_delete(request: HttpRequest, uid: str) -> HttpResponse:
    """Asks first (GET: what will be gone), deletes on the confirming POST; owners only."""
    case = selectors.case_for(request.user, uid)
    if not request.user.has_perm("organisations.manage_members", case.organisation):
        raise PermissionDenied
    if request.method != "POST":
        return render(
            request,
            "cases/delete.html",
            {"case": case, "versions": case.latest_number, "agreement": case.agreement()},
        )
    services.delete_case(actor=request.user, case=case)
    messages.success(request, _("De business case is verwijderd."))
    return redirect("cases:list")


@login_required
def case_duplicate(request: HttpRequest, uid: str) -> HttpResponse:
    """A copy of the case's newest text, into an organisation where the user may create
    cases (GET: choose which; POST: copy)."""
    case = selectors.case_for(request.user, uid)
    creating = [
        o
        for o in selectors.organisations_of(request.user)
        if request.user.has_perm("organisations.add_case", o)
    ]
    if request.method != "POST":
        return render(
            request,
            "cases/duplicate.html",
            {"case": case, "creating": creating, "current": case.organisation_id},
        )
    organisation = _organisation(request)
    copy = overview.duplicate_case(actor=request.user, case=case, organisation=organisation)
    messages.success(request, _("Gekopieerd als „{title}”.").format(title=copy.title))
    return redirect("cases:detail", uid=copy.uid)


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

    def add() -> None:
        try:
            add_from_form(
                actor=request.user, case=case, base=base, kind=kind, index=index, form=request.POST
            )
        except (IndexError, AttributeError, KeyError, TypeError):
            raise Http404 from None

    return _saved(request, case, f"add-{kind}-{index}", add, _typed(request), paths=True)


def add_from_form(*, actor: Any, case: Case, base: int, kind: str, index: int, form: Any) -> None:
    """One add-form's entry stored (an intervention, financier, stakeholder, scenario, an
    effect line or investment of intervention ``index``, or a variant's or scenario's
    change): the workspace's and the guide's forms write through here. The entry is read
    against the version the form was made on; the service places it on the newest."""
    made_on = case.versions.filter(number=base).first() or selectors.version_of(case)
    document = made_on.document
    if kind == "change":
        made = adding.change(document, index, form)
        variants_at = ("interventions", index, "variants")
        services.set_change(
            actor=actor,
            case=case,
            base=base,
            loc=made.set_at,
            value=made.value,
            new_variants=tuple((variants_at, v) for v in made.new_variants),
            message=_("{where} zet {what} op {value}").format(
                where=_option_words(document, index, form),
                what=made.what,
                value=_short(form.get("value", "")),
            )[:300],
        )
        return
    also: list[tuple[tuple[int | str, ...], Any]] = []
    loc: tuple[int | str, ...]
    if kind == "intervention":
        loc, item = adding.intervention(document, form)
    elif kind == "financier":
        loc, item = adding.financier(document, form)
        also = method.joins(document, item)  # into the perspective of its party
    elif kind == "effect":
        loc, item, also = adding.effect(document, index, form)
    elif kind == "investment":
        loc, item = adding.investment(document, index, form)
    elif kind == "stakeholder":
        loc, item = adding.stakeholder(document, form)
    elif kind == "scenario":
        loc, item = adding.scenario(document, form)
    else:
        raise Http404
    services.add_item(
        actor=actor,
        case=case,
        base=base,
        loc=loc,
        item=item,
        also=also,
        message=_added(kind, str(item["name"]), document, index)[:300],
    )


def _option_words(document: str, index: int, form: Any) -> str:
    """The variant or scenario a change goes to, by its name: "Variant Uitbreiding"."""
    target = str(form.get("target") or "new")
    if target == "new":
        return _("Nieuwe variant {name}").format(name=_short(str(form.get("variant") or "")))
    kind, _sep, ident = target.partition(":")
    if kind == "v":
        for group in editor.groups(document):
            for key, name in group.variants if group.index == index else []:
                if key == target:
                    return _("Variant {name}").format(name=name)
    for key, name in editor.options(document):
        if key == target:
            return name[:1].upper() + name[1:]
    return ident


def _added(kind: str, name: str, document: str, index: int) -> str:
    """A version's message for an addition, as a sentence: "Effectregel Minder
    huisartsbezoek toegevoegd aan Buurtcoach"."""
    words = {
        "intervention": _("Interventie {name} toegevoegd"),
        "financier": _("Financier {name} toegevoegd"),
        "stakeholder": _("Belanghebbende {name} toegevoegd"),
        "scenario": _("Scenario {name} toegevoegd"),
        "effect": _("Effectregel {name} toegevoegd aan {owner}"),
        "investment": _("Investering {name} toegevoegd aan {owner}"),
    }
    owner = ""
    if index >= 0:
        from ...model.editing import read as parse

        items = parse(document).get("interventions") if document else None
        if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
            owner = str(items[index].get("name") or items[index].get("id") or "")
    return words.get(kind, _("{name} toegevoegd")).format(name=name, owner=owner)


@login_required
def price_search(request: HttpRequest, uid: str) -> HttpResponse:
    """The prices matching what was typed: the case's own and those of the bundled lists,
    each with its name in the reader's language, amount, unit, price year and source."""
    from ...model.editing import read as parse
    from . import choosing

    case = selectors.case_for(request.user, uid)
    needle = (request.GET.get("q") or "").strip()
    choices: list[choosing.Choice] = []
    if len(needle) >= 2:
        raw = parse(selectors.version_of(case).document)
        choices = choosing.found(raw if isinstance(raw, dict) else {}, needle)
    index = (request.GET.get("index") or "").strip()
    return render(
        request,
        "cases/_price_options.html",
        {"choices": choices, "needle": needle, "index": index if index.isdigit() else ""},
    )


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
    if len(loc) == 3 and loc[:2] == ("portfolio", "columns") and isinstance(loc[2], int):
        return True  # a column of the portfolio
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
