"""An organisation's overview: the case list as a dashboard, its CSV export, and
duplicating a case.

Each row's figures are the headline of the case's newest version as the versions page
shows them (:func:`.history.figures`, from the results cached per text digest), so the
list costs one evaluation per case only the first time a text is seen. Searching,
filtering and sorting are GET parameters (``zoek``, ``status``, ``sorteer``), so a view
of the list is a link one can share or bookmark.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet

from ...i18n import _
from ...text import safe
from ..audit.services import record
from .history import figures
from .models import AgreedVersion, Case, CaseVersion

CONCEPT, AGREED = "concept", "vastgesteld"
STATUSES = (CONCEPT, AGREED)

SORTS = ("titel", "organisatie", "netto", "ratio", "status", "volledig", "door", "gewijzigd")
"""The sortable columns, by their Dutch key in ``?sorteer=`` (``-`` before it: descending)."""


@dataclass
class Row:
    """One case in the overview: what the list and the export show of it."""

    case: Case
    title: str
    organisation: str
    headline: str  # what the figures are of (a column's total, an option)
    net: float | None
    net_shown: str
    ratio: float | None
    ratio_shown: str
    status: str  # CONCEPT or AGREED
    agreed_number: int | None
    complete: bool
    author: str
    changed: datetime

    @property
    def status_shown(self) -> str:
        if self.status == AGREED:
            return _("vastgesteld (versie {number})").format(number=self.agreed_number)
        return _("concept")

    @property
    def complete_shown(self) -> str:
        return _("volledig") if self.complete else _("onvolledig")


def rows(cases: QuerySet[Case], lang: str) -> list[Row]:
    """The overview's rows, in the cases' own order: three queries whatever the count
    (cases, their newest versions, their agreements) and the cached figures."""
    found = list(cases.select_related("organisation"))
    latest = {
        v.case_id: v
        for v in CaseVersion.objects.filter(
            case__in=[c.pk for c in found], number=F("case__latest_number")
        ).select_related("author")
    }
    agreed: dict[int, AgreedVersion] = {}
    for a in (
        AgreedVersion.objects.filter(case__in=[c.pk for c in found])
        .select_related("version")
        .order_by("agreed_on", "marked_at")  # the last one wins, as Case.agreement says
    ):
        agreed[a.case_id] = a
    out = []
    for case in found:
        version = latest.get(case.pk)
        if version is None:  # a case without versions is not made by any service
            continue
        shown = figures(version.document, lang)
        first = shown.lines[0] if shown.lines else None
        agreement = agreed.get(case.pk)
        author = version.author
        out.append(
            Row(
                case=case,
                title=case.title,
                organisation=str(case.organisation),
                headline=first.label if first else shown.reason,
                net=first.net_value if first else None,
                net_shown=first.net if first else "—",
                ratio=first.ratio_value if first else None,
                ratio_shown=first.gross_ratio if first else "—",
                status=AGREED if agreement else CONCEPT,
                agreed_number=agreement.version.number if agreement else None,
                complete=version.complete and first is not None,
                author=(author.get_full_name() or author.get_username()) if author else "—",
                changed=version.created_at,
            )
        )
    return out


def chosen(rows_: Iterable[Row], query: Mapping[str, str]) -> list[Row]:
    """The rows the GET parameters ask for: ``zoek`` (title contains, any case),
    ``status`` (concept or vastgesteld) and ``sorteer`` (a column; ``-`` first: descending).
    A case without figures sorts last either way."""
    wanted = (query.get("zoek") or "").strip().casefold()
    status = query.get("status") or ""
    out = [
        r
        for r in rows_
        if (not wanted or wanted in r.title.casefold())
        and (status not in STATUSES or r.status == status)
    ]
    key, descending = sort_of(query)
    if key:
        present = [r for r in out if _value(r, key) is not None]
        absent = [r for r in out if _value(r, key) is None]
        present.sort(key=lambda r: _value(r, key), reverse=descending)
        out = present + absent
    return out


def sort_of(query: Mapping[str, str]) -> tuple[str, bool]:
    """The sort asked for: (column key, descending), or ("", False) for the default."""
    asked = query.get("sorteer") or ""
    key = asked.removeprefix("-")
    return (key, asked.startswith("-")) if key in SORTS else ("", False)


def _value(row: Row, key: str) -> Any:
    return {
        "titel": row.title.casefold(),
        "organisatie": row.organisation.casefold(),
        "netto": row.net,
        "ratio": row.ratio,
        "status": (row.status, row.agreed_number or 0),
        "volledig": row.complete,
        "door": row.author.casefold(),
        "gewijzigd": row.changed,
    }[key]


def _decimal(value: float | None, places: int) -> str:
    """A number as Dutch Excel reads it: a decimal comma, no thousands separator."""
    return "" if value is None else f"{value:.{places}f}".replace(".", ",")


def as_csv(rows_: Iterable[Row]) -> bytes:
    """The overview as CSV for Excel (Dutch): semicolons, decimal commas, a UTF-8 BOM so
    Excel reads the accents, and every user text neutralised against formulas."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Titel"),
            _("Organisatie"),
            _("Kerncijfer"),
            _("Netto besparing (€)"),
            _("Bruto ratio"),
            _("Status"),
            _("Volledig"),
            _("Laatst gewijzigd door"),
            _("Laatst gewijzigd"),
        ]
    )
    for r in rows_:
        writer.writerow(
            [
                safe(r.title),
                safe(r.organisation),
                safe(r.headline),
                _decimal(r.net, 2),
                _decimal(r.ratio, 4),
                r.status_shown,
                r.complete_shown,
                safe(r.author),
                r.changed.strftime("%d-%m-%Y %H:%M"),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@transaction.atomic
def duplicate_case(*, actor: Any, case: Case, organisation: Any) -> Case:
    """A copy of ``case`` in ``organisation`` ("the same case for another municipality"):
    its first version is the newest text of the original, its title "Kopie van …". The
    history, agreements and sharing stay with the original."""
    source = case.versions.get(number=case.latest_number)
    copy = Case.objects.create(
        organisation=organisation,
        title=_("Kopie van {title}").format(title=case.title)[:300],
        created_by=actor,
        latest_number=1,
    )
    CaseVersion.objects.create(
        case=copy,
        number=1,
        document=source.document,
        author=actor,
        message=_("Kopie van versie {number} van {title}").format(
            number=source.number, title=case.title
        )[:300],
        complete=source.complete,
    )
    record(
        actor=actor,
        action="case.duplicate",
        organisation=organisation,
        subject=f"case {copy.uid}",
        detail={
            "from": case.uid,
            "from_organisation": case.organisation_id,
            "version": source.number,
            "title": copy.title,
        },
    )
    return copy
