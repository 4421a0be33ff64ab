"""An organisation's audit log for its owners: who did what, when, on which case or client
cases; filtered by person, kind and dates; as a page (newest first, 50 a page) or as CSV.

Owners only: it names every member's actions, among them who fetched client-level data.
A member who is no owner gets 403, anyone else 404 (the organisation is not theirs).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ...i18n import N_, _
from ...text import safe
from ..organisations.models import Organisation
from ..organisations.views import _owned
from .models import AuditEntry
from .wording import GROUPS, PHRASES, lines, person

PAGE = 50


@dataclass(frozen=True)
class Filters:
    who: str
    kind: str
    since: date | None
    until: date | None
    typed: dict[str, str]

    def query(self) -> str:
        return urlencode({k: v for k, v in self.typed.items() if v})


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _filters(request: HttpRequest) -> Filters:
    typed = {k: (request.GET.get(k) or "").strip()[:60] for k in ("wie", "actie", "van", "tot")}
    kind = typed["actie"] if typed["actie"] in GROUPS or typed["actie"] in PHRASES else ""
    return Filters(typed["wie"], kind, _date(typed["van"]), _date(typed["tot"]), typed)


def _of(organisation: Organisation) -> Q:
    """The organisation's rows, and the back-ups of the whole database: those hold its
    client cases too, so its owners see when one was made or put back."""
    return Q(organisation=organisation) | Q(organisation=None, action__startswith="backup.")


def _entries(organisation: Organisation, filters: Filters) -> QuerySet[AuditEntry]:
    """The organisation's rows that pass the filters, newest first."""
    rows = AuditEntry.objects.filter(_of(organisation)).select_related("actor")
    if filters.who:
        rows = rows.filter(actor__username=filters.who)
    if filters.kind:
        rows = rows.filter(Q(action=filters.kind) | Q(action__startswith=filters.kind + "."))
    if filters.since:  # dates as the organisation reads them (the site's time zone)
        rows = rows.filter(at__date__gte=filters.since)
    if filters.until:
        rows = rows.filter(at__date__lte=filters.until)
    return rows.order_by("-at", "-id")


def _people(organisation: Organisation) -> list[tuple[str, str]]:
    """Members and anyone who acted here before (a former member stays findable)."""
    users = get_user_model().objects.filter(
        pk__in=AuditEntry.objects.filter(organisation=organisation)
        .exclude(actor=None)
        .values("actor")
    ) | get_user_model().objects.filter(memberships__organisation=organisation)
    return sorted(
        {(u.get_username(), person(u)) for u in users.distinct()}, key=lambda p: p[1].lower()
    )


def _kinds(organisation: Organisation) -> list[tuple[str, str]]:
    present = set(
        AuditEntry.objects.filter(_of(organisation)).values_list("action", flat=True).distinct()
    )
    groups = [(k, _(label)) for k, label in GROUPS.items()]
    single = sorted(((a, _(PHRASES[a])) for a in present if a in PHRASES), key=lambda p: p[1])
    return groups + single


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _owned(request, slug)
    filters = _filters(request)
    page = Paginator(_entries(organisation, filters), PAGE).get_page(request.GET.get("pagina"))
    query = filters.query()
    return render(
        request,
        "organisations/log.html",
        {
            "organisation": organisation,
            "page": page,
            "lines": lines(page.object_list),
            "filters": filters,
            "people": _people(organisation),
            "kinds": _kinds(organisation),
            "query": query,
            "page_query": (query + "&") if query else "",
        },
    )


COLUMNS = (N_("Tijdstip"), N_("Wie"), N_("Wat"), N_("Waarop"), N_("Toelichting"))


@login_required
def audit_log_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The filtered log as CSV for Excel: semicolons, UTF-8 with BOM, every text neutralised
    against formulas (a name or message may begin with ``=``)."""
    organisation = _owned(request, slug)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_(c) for c in COLUMNS])
    for line in lines(_entries(organisation, _filters(request)).iterator()):
        at = timezone.localtime(line.at).strftime("%Y-%m-%d %H:%M:%S")
        writer.writerow([at, *(safe(t) for t in (line.who, line.what, line.subject, line.note))])
    answer = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="logboek-{organisation.slug}.csv"'
    return answer
