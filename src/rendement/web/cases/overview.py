"""An organisation's overview: the case list as a dashboard, its CSV and Excel export,
duplicating and archiving a case.

Each row's figures are the headline of the case's newest version as the versions page
shows them (:func:`.history.figures`, from the results cached per text digest), so the
list costs one evaluation per case only the first time a text is seen. Searching,
filtering and sorting are GET parameters (``zoek``, ``status``, ``sorteer``), so a view
of the list is a link one can share or bookmark. An archived case is left out unless
``status=gearchiveerd`` asks for the archived ones only.
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
from django.utils.timezone import localtime, now

from ...i18n import _
from ...recent import Recent
from ...text import safe
from ..audit.services import record
from .history import figures
from .models import AgreedVersion, Case, CaseVersion

CONCEPT, AGREED, ARCHIVED = "concept", "vastgesteld", "gearchiveerd"
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
    investment: float | None = None  # the perspective's, of the same headline figure
    currency: str = "EUR"
    archived: bool = False

    @property
    def status_shown(self) -> str:
        if self.status == AGREED:
            shown = _("vastgesteld (versie {number})").format(number=self.agreed_number)
        else:
            shown = _("concept")
        return f"{shown} · {_('gearchiveerd')}" if self.archived else shown

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
                investment=first.investment_value if first else None,
                currency=shown.currency,
                archived=case.archived_at is not None,
            )
        )
    return out


def chosen(rows_: Iterable[Row], query: Mapping[str, str]) -> list[Row]:
    """The rows the GET parameters ask for: ``zoek`` (title contains, any case),
    ``status`` (concept or vastgesteld among the cases in use, or gearchiveerd: the
    archived ones only) and ``sorteer`` (a column; ``-`` first: descending).
    A case without figures sorts last either way."""
    wanted = (query.get("zoek") or "").strip().casefold()
    status = query.get("status") or ""
    out = [
        r
        for r in rows_
        if (not wanted or wanted in r.title.casefold())
        and (status not in STATUSES or r.status == status)
        and r.archived == (status == ARCHIVED)
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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CHART_CURRENCY = "EUR"
"""The portfolio chart's one money axis: cases in another currency are counted, not drawn."""


@dataclass
class Chart:
    """The portfolio chart as the page embeds it: the Vega-Lite spec as JSON, and its
    description (every case's figures in words) for the element's ``aria-label`` — Vega
    draws an SVG that does not say it."""

    spec: str
    description: str


def chart(rows_: Iterable[Row], lang: str) -> Chart | None:
    """The portfolio chart of these rows (those with figures, in euro), or None when no
    case has figures."""
    from ...i18n import language
    from ...money import currency
    from ...present.overview_chart import CaseFigure, cases_chart
    from .results import spec_json

    found = list(rows_)
    drawn = [
        r
        for r in found
        if r.net is not None and r.investment is not None and r.currency == CHART_CURRENCY
    ]
    names = chart_names(drawn)
    figures_ = tuple(
        CaseFigure(name, r.investment or 0.0, r.net or 0.0, r.ratio)
        for name, r in zip(names, drawn, strict=True)
    )
    left_out = len(found) - len(drawn)

    def build() -> Chart | None:
        with language(lang), currency(CHART_CURRENCY):
            spec = cases_chart(figures_, left_out=left_out)
        if spec is None:
            return None
        return Chart(spec_json(spec) or "", str(spec.get("description", "")))

    # building the spec is the list's slowest part (~2 ms a case); the same figures, names
    # and language make the same chart, so every viewer of an unchanged list shares it
    made: Chart | None = _CHARTS.kept((lang, figures_, left_out), build)
    return made


_CHARTS = Recent(32)


def chart_names(rows_: list[Row]) -> list[str]:
    """Each row's name in the chart: its title; a title two cases share with its
    organisation after it, and a number after that if still the same (a chart's axis
    would draw two cases of one name as one)."""
    titles = [r.title for r in rows_]
    names = [
        f"{r.title} ({r.organisation})" if titles.count(r.title) > 1 else r.title for r in rows_
    ]
    out: list[str] = []
    for name in names:
        n, unique = 1, name
        while unique in out:
            n += 1
            unique = f"{name} ({n})"
        out.append(unique)
    return out


def head() -> list[str]:
    """The export's column heads, the same in the CSV file and the workbook."""
    return [
        _("Titel"),
        _("Organisatie"),
        _("Kerncijfer"),
        _("Netto besparing"),
        _("Bruto ratio"),
        _("Status"),
        _("Volledig"),
        _("Laatst gewijzigd door"),
        _("Laatst gewijzigd"),
        _("Valuta"),  # the net's currency (ISO code): a case may be in pounds or dollars
    ]


def _decimal(value: float | None, places: int) -> str:
    """A number as Dutch Excel reads it: a decimal comma, no thousands separator."""
    return "" if value is None else f"{value:.{places}f}".replace(".", ",")


def as_csv(rows_: Iterable[Row]) -> bytes:
    """The overview as CSV for Excel (Dutch): semicolons, decimal commas, a UTF-8 BOM so
    Excel reads the accents, and every user text neutralised against formulas."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(head())
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
                r.currency,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(rows_: Iterable[Row]) -> bytes:
    """The overview as an Excel workbook: the CSV's columns, amounts and ratios as numbers
    (each amount in its case's currency format, to the cent), the time as a date, a
    frozen header row with an autofilter. Every user text is written as a string and
    neutralised like the CSV's (:func:`rendement.text.safe`), so no title becomes a formula."""
    import xlsxwriter

    from ...report.workbook import money_format
    from ...text import xml_safe

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(_("Business cases"))
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money: dict[str, Any] = {}
    ratio_ = book.add_format({"num_format": "0.00"})
    when = book.add_format({"num_format": "dd-mm-yyyy hh:mm"})
    heads = head()
    for col, text in enumerate(heads):
        sheet.write_string(0, col, text, bold)
    found = list(rows_)
    for n, r in enumerate(found, start=1):
        for col, text in ((0, r.title), (1, r.organisation), (2, r.headline), (7, r.author)):
            sheet.write_string(n, col, safe(xml_safe(text)))
        if r.net is not None:
            if r.currency not in money:
                money[r.currency] = book.add_format({"num_format": money_format(r.currency, True)})
            sheet.write_number(n, 3, r.net, money[r.currency])
        if r.ratio is not None:
            sheet.write_number(n, 4, r.ratio, ratio_)
        sheet.write_string(n, 5, r.status_shown)
        sheet.write_string(n, 6, r.complete_shown)
        sheet.write_datetime(n, 8, localtime(r.changed).replace(tzinfo=None), when)
        sheet.write_string(n, 9, r.currency)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(found), 1), len(heads) - 1)
    for col, width in enumerate((40, 24, 40, 18, 11, 22, 11, 22, 17, 8)):
        sheet.set_column(col, col, width)
    book.close()
    return out.getvalue()


@transaction.atomic
def archive_case(*, actor: Any, case: Case, archived: bool) -> None:
    """Put a case away (``archived``) or bring it back. The overview hides an archived
    case unless asked; nothing else changes: its versions, agreements, downloads and
    page stay as they were. The last change of the case does not move for it."""
    held = Case.objects.select_for_update().get(pk=case.pk)  # one of two clicks at once wins
    if (held.archived_at is not None) == archived:
        return  # already so: no second audit row for a double click
    case.archived_at = held.archived_at = now() if archived else None
    held.save(update_fields=["archived_at"])
    record(
        actor=actor,
        action="case.archive" if archived else "case.unarchive",
        organisation=case.organisation,
        subject=f"case {case.uid}",
        detail={"title": case.title},
    )


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
