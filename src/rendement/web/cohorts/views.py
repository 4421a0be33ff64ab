"""Client cases in the browser: upload with a preview of every mistake, the cohort's
totals and segments, a client case's kassabon (opened on purpose), forecast against
realisation, and the measured effects taken into a business case.

Every view finds its cohort through :mod:`selectors` (404 outside the user's organisations
with client data); every export of case-level data writes an audit row.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...cohort.reading import CohortError, Problem, read_cases
from ...cohort.valuation import Valued, value_cases
from ...engine import evaluate
from ...model import BASE_SCENARIO
from ...money import count, euro
from ...present import charts
from ...present.cohort import (
    case_receipt,
    cases_table,
    forecast_table,
    segments_table,
    totals_table,
)
from ...text import safe
from ..cases.models import Case
from ..cases.results import spec_json
from ..cases.services import StaleVersion, check_document
from . import correcting, evaluation, figures, selectors, services
from .correcting import FIELDS, KIND_WORDS, Change, row_cells, share_text
from .models import ClientCase, Cohort

MAX_UPLOAD = 50 * 2**20
KIND_CHOICES = list(KIND_WORDS.values())
SUFFIXES = (".csv", ".xlsx", ".parquet")


def _changeable(request: HttpRequest, uid: str) -> Cohort:
    """The cohort, if the user may see its client cases (else 404) and change them (else
    403)."""
    cohort = selectors.cohort_for(request.user, uid)
    if not request.user.has_perm("organisations.change_client_cases", cohort.organisation):
        raise PermissionDenied
    return cohort


def _changeable_client(request: HttpRequest, uid: str, client: int) -> tuple[Cohort, ClientCase]:
    """The cohort (see :func:`_changeable`) and one of its client cases (else 404)."""
    cohort = _changeable(request, uid)
    return cohort, selectors.client_for(cohort, client)


def _choices(user: Any) -> list[tuple[Any, list[Case]]]:
    """Per organisation where the user may add client cases: its business cases."""
    return [
        (organisation, list(selectors.business_cases_for(organisation)))
        for organisation in selectors.organisations_with_client_data(user, editing=True)
    ]


def _list(
    request: HttpRequest,
    problems: list[Problem] | None = None,
    left_out: int = 0,
    typed: dict[str, str] | None = None,
) -> HttpResponse:
    return render(
        request,
        "cohorts/list.html",
        {
            "cohorts": selectors.cohorts_of(request.user),
            "choices": _choices(request.user),
            "problems": problems or [],
            "left_out": left_out,
            "typed": typed or {},
        },
        status=422 if problems else 200,
    )


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


@login_required
@require_POST
def cohort_upload(request: HttpRequest) -> HttpResponse:
    """A table read, checked and valued; stored only when it has no mistake at all."""
    wanted = request.POST.get("prices") or ""
    case = (
        Case.objects.filter(
            uid=wanted,
            organisation__in=selectors.organisations_with_client_data(request.user, editing=True),
        )
        .select_related("organisation")
        .first()
    )
    if case is None:
        raise Http404
    upload = request.FILES.get("table")
    name = (request.POST.get("name") or "").strip()
    typed = {"name": name, "prices": wanted}

    def refused(message: str) -> HttpResponse:
        return _list(request, [Problem(0, "", message)], typed=typed)

    if upload is None:
        return refused(_("Kies een bestand met cliëntcasussen (.csv, .xlsx of .parquet)."))
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        return refused(_("Lees een tabel als .csv, .xlsx of .parquet."))
    if upload.size is not None and upload.size > MAX_UPLOAD:
        return refused(_("Het bestand is groter dan 50 MB."))
    source = Path(upload.name or "casussen").name
    try:
        with tempfile.TemporaryDirectory(prefix="rendement-cohort-") as folder:
            path = Path(folder) / f"tabel{suffix}"  # the file lives only while it is read
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            cases = read_cases(path)
        cases.source = source
        value_cases(cases, evaluation.prices_for(case))  # every item has a price
    except CohortError as error:
        return _list(request, list(error.problems), error.left_out, typed)
    cohort = services.import_cohort(
        actor=request.user,
        organisation=case.organisation,
        name=name or Path(source).stem,
        cases=cases,
        prices=case,
    )
    messages.success(
        request,
        _("{count} cliëntcasussen ingelezen uit {source}.").format(
            count=len(cases.cases), source=source
        ),
    )
    return redirect("cohorts:detail", uid=cohort.uid)


def _valued(request: HttpRequest, cohort: Cohort) -> Any:
    try:
        return evaluation.valued(cohort)
    except CohortError as error:  # its business case is gone or incomplete now
        messages.error(request, "; ".join(str(p) for p in error.problems))
        return None


def _figures(request: HttpRequest, cohort: Cohort, by: str | None) -> figures.Figures | None:
    """The cohort's figures from the database; None (and a message) when its business case
    is gone or incomplete, or an item lacks a price now."""
    if cohort.prices is None:
        message = _("de business case met de prijzen is verwijderd; kies een andere")
        messages.error(request, message)
        return None
    try:
        return figures.figures(cohort, cohort.prices, by)
    except CohortError as error:
        messages.error(request, "; ".join(str(p) for p in error.problems))
        return None


def _listed(cohort: Cohort, found: figures.Figures) -> list[tuple[int, str, dict[str, Any]]]:
    """The cases one by one, as the page lists them: number, pseudonym, figures."""
    empty = figures.CaseFigures(0.0, 0.0, 0.0, 0.0, 0)
    listed = []
    for number, pseudonym, attributes in cohort.clients.values_list(
        "pk", "pseudonym", "attributes"
    ):
        case = found.cases.get(pseudonym, empty)
        listed.append(
            (
                number,
                pseudonym,
                {
                    "unknown": bool(case.unknown),
                    "shown_attributes": [attributes.get(a, "") for a in cohort.attributes],
                    "gross_shown": euro(case.gross),
                    "investment_shown": euro(case.investment),
                    "net_shown": euro(case.net),
                },
            )
        )
    return listed


@login_required
def cohort_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _detail(request, selectors.cohort_for(request.user, uid))


def _detail(
    request: HttpRequest,
    cohort: Cohort,
    problems: list[Problem] | None = None,
    typed: dict[str, str] | None = None,
) -> HttpResponse:
    by = request.GET.get("by") or (cohort.attributes[0] if cohort.attributes else None)
    if by is not None and by not in cohort.attributes:
        raise Http404
    context: dict[str, Any] = {
        "cohort": cohort,
        "by": by,
        "can_change": request.user.has_perm(
            "organisations.change_client_cases", cohort.organisation
        ),
        "business_cases": selectors.business_cases_for(cohort.organisation),
        "problems": problems or [],
        "typed": typed or {},
        "kinds": KIND_CHOICES,
        "items": sorted(_item_names(cohort).items(), key=lambda pair: pair[1].lower()),
        "attribute_fields": [
            (f"kenmerk-{n}", a, (typed or {}).get(f"kenmerk-{n}", ""))
            for n, a in enumerate(cohort.attributes)
        ],
    }
    size_text = request.GET.get("size") or ""
    size = int(size_text) if size_text.isdigit() and 0 < int(size_text) <= 10**8 else None
    found = _figures(request, cohort, by)
    if found is not None:
        summary = found.summary
        if size is not None:
            total, band = summary.extrapolated(size)
            context["extrapolated"] = _(
                "Doorgerekend naar {size} casussen: {net} netto per jaar (95%-interval "
                "{low} – {high})"
            ).format(size=count(size), net=euro(total), low=euro(band.low), high=euro(band.high))
        context["size"] = size_text[:12]
        # the totals need only the financiers' names of the valuation
        names = Valued(cohort.source, list(cohort.attributes), [], found.financiers)
        context |= {
            "totals": totals_table(names, summary),
            "segments": segments_table(summary),
            "chart": spec_json(charts.segments(summary, by)) if by else None,
            "clients": _listed(cohort, found),
            "attributes": list(cohort.attributes),
            "summary": summary,
        }
        from ..measuring.indicators import page_context  # the measured indicators

        context["indicators"] = page_context(cohort, by)
    return render(request, "cohorts/detail.html", context, status=422 if problems else 200)


@login_required
def client_receipt(request: HttpRequest, uid: str, client: int) -> HttpResponse:
    """One client case's kassabon: opened on purpose, and so logged."""
    cohort = selectors.cohort_for(request.user, uid)
    found = selectors.client_for(cohort, client)
    services.record_export(actor=request.user, cohort=cohort, what="kassabon", cases=1)
    return _receipt(request, cohort, found)


def _receipt(
    request: HttpRequest,
    cohort: Cohort,
    client: ClientCase,
    problems: list[Problem] | None = None,
    typed: dict[str, str] | None = None,
    at: str = "",
) -> HttpResponse:
    try:  # one case: its own rows valued, not the cohort's
        valued = evaluation.valued_case(cohort, client)
    except CohortError as error:  # its business case is gone or incomplete now
        messages.error(request, "; ".join(str(p) for p in error.problems))
        return redirect("cohorts:detail", uid=cohort.uid)
    (found,) = valued.cases
    bon = case_receipt(found, valued.attributes, cohort.name)
    defaults = cohort.defaults or {}
    names = _item_names(cohort)
    rows = [
        (
            row.pk,
            typed if typed is not None and at == str(row.pk) else _shown(row_cells(row)),
            [share_text(v) or "100%" for v in defaults.get(row.item, (None, None))],
            names.get(row.item, row.item),
        )
        for row in client.rows.order_by("row")
    ]
    return render(
        request,
        "cohorts/receipt.html",
        {
            "cohort": cohort,
            "bon": bon,
            "subtotal": euro(bon.subtotal),
            "net": euro(bon.net),
            "pseudonym": client.pseudonym,
            "client": client.pk,
            "rows": rows,
            "fields": FIELDS,
            "kinds": KIND_CHOICES,
            "items": sorted(names.items(), key=lambda pair: pair[1].lower()),
            "problems": problems or [],
            "at": at,
            "typed_new": typed if at == "new" and typed is not None else {},
            "can_change": request.user.has_perm(
                "organisations.change_client_cases", cohort.organisation
            ),
        },
        status=422 if problems else 200,
    )


def _shown(cells: dict[str, str]) -> dict[str, str]:
    """A row's numbers with the decimal sign of the page's language (``7,5`` on a Dutch
    page); the form reads either sign back."""
    if not (translation.get_language() or "nl").startswith("nl"):
        return cells
    numbers = ("voor", "na", "toerekening", "kans")
    return {k: v.replace(".", ",") if k in numbers else v for k, v in cells.items()}


def _item_names(cohort: Cohort) -> dict[str, str]:
    """Item id → the price list's name, so a row says what it is, not its id (empty when
    the business case cannot be read: the ids then show, as the table had them)."""
    if cohort.prices is None:
        return {}
    try:
        return {item: price.name for item, price in evaluation.prices_for(cohort.prices).items()}
    except CohortError:
        return {}


def _cells(request: HttpRequest) -> dict[str, str]:
    return {k: (request.POST.get(k) or "").strip()[:100] for k in FIELDS}


@login_required
@require_POST
def client_row(request: HttpRequest, uid: str, client: int) -> HttpResponse:
    """A row of a client case corrected, added or removed; checked as an upload is."""
    cohort, found = _changeable_client(request, uid, client)
    pseudonym = found.pseudonym
    wanted = request.POST.get("row") or ""
    if wanted and not wanted.isdigit():
        raise Http404
    cells = _cells(request)
    change = Change(
        pseudonym,
        cells,
        row=int(wanted) if wanted else None,
        remove=request.POST.get("action") == "remove",
    )
    try:
        corrected = correcting.apply(cohort, change)
    except CohortError as error:
        return _receipt(request, cohort, found, list(error.problems), cells, wanted or "new")
    services.save_client(actor=request.user, cohort=cohort, corrected=corrected)
    messages.success(request, _("Casus {id} is bijgewerkt.").format(id=pseudonym))
    return redirect("cohorts:receipt", uid=cohort.uid, client=found.pk)


@login_required
@require_POST
def client_add(request: HttpRequest, uid: str) -> HttpResponse:
    """A new client case with its first row, entered by hand."""
    cohort = _changeable(request, uid)
    pseudonym = (request.POST.get("casus") or "").strip()[:100]
    attributes = {
        a: (request.POST.get(f"kenmerk-{n}") or "").strip()[:100]
        for n, a in enumerate(cohort.attributes)
    }
    typed = {
        "casus": pseudonym,
        **_cells(request),
        **{f"kenmerk-{n}": v for n, v in enumerate(attributes.values())},
    }
    if not pseudonym:
        problem = Problem(0, "casus", _("leeg: deze kolom is verplicht"))
        return _detail(request, cohort, [problem], typed)
    try:
        corrected = correcting.apply(
            cohort, Change(pseudonym, _cells(request), attributes=attributes)
        )
    except CohortError as error:
        return _detail(request, cohort, list(error.problems), typed)
    added = services.save_client(actor=request.user, cohort=cohort, corrected=corrected)
    messages.success(request, _("Casus {id} is toegevoegd.").format(id=pseudonym))
    return redirect("cohorts:receipt", uid=cohort.uid, client=added.pk)


@login_required
def cohort_export(request: HttpRequest, uid: str) -> HttpResponse:
    """Every client case's figures as CSV (for Excel: semicolons, no formulas); logged."""
    cohort = selectors.cohort_for(request.user, uid)
    valued = _valued(request, cohort)
    if valued is None:
        return redirect("cohorts:detail", uid=cohort.uid)
    table = cases_table(valued)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([safe(h) for h in table.columns])
    for row in table.rows:
        writer.writerow([safe(str(cell)) for cell in row])
    services.record_export(actor=request.user, cohort=cohort, what="csv", cases=len(valued.cases))
    answer = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="casussen-{cohort.uid}.csv"'
    return answer


@login_required
@require_POST
def cohort_delete(request: HttpRequest, uid: str) -> HttpResponse:
    cohort = _changeable(request, uid)
    services.delete_cohort(actor=request.user, cohort=cohort)
    messages.success(request, _("De cliëntcasussen zijn verwijderd, met alle regels."))
    return redirect("cohorts:list")


@login_required
@require_POST
def client_delete(request: HttpRequest, uid: str, client: int) -> HttpResponse:
    cohort, found = _changeable_client(request, uid, client)
    pseudonym = found.pseudonym
    services.delete_client(actor=request.user, cohort=cohort, client=found)
    messages.success(request, _("Casus {id} is verwijderd.").format(id=pseudonym))
    return redirect("cohorts:detail", uid=cohort.uid)


def _business_case(request: HttpRequest, cohort: Cohort, wanted: str) -> Case:
    found = selectors.business_cases_for(cohort.organisation).filter(uid=wanted).first()
    if found is None:
        raise Http404
    return found


@login_required
def cohort_forecast(request: HttpRequest, uid: str) -> HttpResponse:
    """Per effect line of a business case: what it assumed against what the cases show."""
    from ...cohort.forecast import compare

    cohort = selectors.cohort_for(request.user, uid)
    wanted = request.GET.get("case") or (cohort.prices.uid if cohort.prices else "")
    case = _business_case(request, cohort, wanted)
    context: dict[str, Any] = {"cohort": cohort, "case": case, "table": None}
    context["business_cases"] = selectors.business_cases_for(cohort.organisation)
    checked = check_document(case.latest().document)
    if checked.model is None:
        messages.error(request, _("Deze business case is nog niet compleet."))
        return render(request, "cohorts/forecast.html", context)
    try:
        valued = evaluation.valued(cohort, case)
    except CohortError as error:
        messages.error(request, "; ".join(str(p) for p in error.problems))
        return render(request, "cohorts/forecast.html", context)
    results = evaluate(checked.model)
    interventions = [(r.id, r.name) for r in results.interventions]
    chosen = request.GET.get("intervention") or (interventions[0][0] if interventions else "")
    if interventions and chosen not in dict(interventions):
        raise Http404
    if interventions:
        result = results.intervention(chosen)
        first = result.evaluations[0].variant
        lines = compare(result.get(first, BASE_SCENARIO), valued)
        context["table"] = forecast_table(lines, result.name)
    context |= {
        "interventions": interventions,
        "chosen": chosen,
        "can_adopt": request.user.has_perm("cases.change_case", case)
        and request.user.has_perm("organisations.change_client_cases", cohort.organisation),
    }
    return render(request, "cohorts/forecast.html", context)


@login_required
@require_POST
def cohort_adopt(request: HttpRequest, uid: str) -> HttpResponse:
    """The measured effects become a new intervention of the business case (a new version
    that cites the cohort); only aggregates enter the case."""
    cohort = _changeable(request, uid)
    case = _business_case(request, cohort, request.POST.get("case") or "")
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    try:
        valued = evaluation.valued(cohort, case)
        version = services.adopt_into(actor=request.user, cohort=cohort, valued=valued, case=case)
    except CohortError as error:
        messages.error(request, "; ".join(str(p) for p in error.problems))
        return redirect("cohorts:detail", uid=cohort.uid)
    except StaleVersion:
        messages.error(request, _("De business case is net gewijzigd; probeer het opnieuw."))
        return redirect("cohorts:detail", uid=cohort.uid)
    messages.success(
        request,
        _("De gemeten effecten staan nu als interventie in versie {n}.").format(n=version.number),
    )
    return redirect("cases:detail", uid=case.uid)
