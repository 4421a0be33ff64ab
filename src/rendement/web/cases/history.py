"""A case's history that explains itself: each version's headline figures, restoring an
earlier version, and marking one *vastgesteld* (agreed) with its report kept as it was.

The figures of a version come from the same cached results as the case page
(:func:`.results.shown`, keyed by the text's digest): a version whose text equals
another's (a restored one) costs nothing more, and the list shows exactly what that
version's page shows.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.db import IntegrityError, transaction

from ...i18n import _, language
from ...money import currency, euro, ratio
from ..audit.services import record
from .models import AgreedVersion, Case, CaseVersion
from .results import Shown, shown
from .services import DocumentRefused, save_version


@dataclass
class Line:
    """One headline figure of a version: what (an option, or a column's total), its net
    savings for the case's perspective and its gross ratio, both as shown."""

    label: str
    net: str
    gross_ratio: str
    net_value: float | None = None  # unrounded, for sorting (the overview of cases)
    ratio_value: float | None = None
    investment_value: float | None = None  # the perspective's investment (the portfolio chart)


@dataclass
class Figures:
    """A version's headline, or why it has none (``lines`` empty, ``reason`` in words)."""

    lines: list[Line] = field(default_factory=list)
    perspective: str = ""
    reason: str = ""
    currency: str = "EUR"  # of the amounts (meta.currency): the overview's Excel formats


def figures(text: str, lang: str) -> Figures:
    """The headline figures of a document: per intervention its headline options (the
    headline table's options) or, with an overview (portfolio), each column's total."""
    try:
        view = shown(text, lang)
    except DocumentRefused as refused:
        return Figures(reason="; ".join(p.message for p in refused.problems))
    results = view.results
    if results is None or not view.ready:
        return Figures(reason=_why_not(view))
    from ...present.headline import _option
    from ...present.tables import headline_evaluations

    out = Figures(perspective=results.perspective_name, currency=results.currency)
    with language(lang), currency(results.currency):
        if results.portfolio:
            for column in results.portfolio:
                evaluations = [
                    results.intervention(r.intervention).get(r.variant, r.scenario)
                    for r in column.rows
                ]
                invested = sum(ev.perspective_investment for ev in evaluations)
                gained = sum(ev.perspective_gross for ev in evaluations)
                gross_ratio = gained / invested if invested else None
                out.lines.append(
                    Line(
                        _("{column}: totaal").format(column=column.name),
                        euro(column.net),
                        ratio(gross_ratio),
                        column.net,
                        gross_ratio,
                        invested,
                    )
                )
        else:
            for result in results.interventions:
                for ev in headline_evaluations(results, result.id):
                    option = _option(results, result.id, ev.variant, ev.scenario)
                    out.lines.append(
                        Line(
                            f"{result.name} · {option}",
                            euro(ev.net),
                            ratio(ev.ratio_gross),
                            ev.net,
                            ev.ratio_gross,
                            ev.perspective_investment,
                        )
                    )
    return out


def _why_not(view: Shown) -> str:
    """Why a version has no figures, in words: what it lacks, or its first problems."""
    problems = view.checked.problems
    if view.missing or not problems:
        return view.why_not
    told = "; ".join(p.message for p in problems[:2])
    if len(problems) > 2:
        told += " " + _("(en nog {count})").format(count=len(problems) - 2)
    return _("Onvolledig: {problems}").format(problems=told)


class NotAgreeable(ValueError):
    """The version cannot be marked vastgesteld (incomplete: no report to keep)."""


def rendement_version() -> str:
    try:
        return version("rendement")
    except PackageNotFoundError:  # run from a source tree without installing
        return "onbekend"


@transaction.atomic
def restore_version(*, actor: Any, case: Case, number: int) -> CaseVersion:
    """Version ``number``'s text, exactly, as the case's next version ("Versie 3
    teruggezet"); nothing in between is lost (it stays in the history)."""
    old = case.versions.get(number=number)
    restored = save_version(
        actor=actor,
        case=case,
        document=old.document,
        message=_("Versie {number} teruggezet").format(number=number),
        base=Case.objects.select_for_update().get(pk=case.pk).latest_number,
    )
    record(
        actor=actor,
        action="case.restore",
        organisation=case.organisation,
        subject=f"case {case.uid}",
        detail={"restored": number, "version": restored.number},
    )
    return restored


def report_pdf(document: str, stem: str, lang: str) -> tuple[bytes, str]:
    """The PDF the download of ``document`` gives (the CLI's report), and its file name."""
    from django.conf import settings

    from .downloads import RENDER_SECONDS
    from .rendering import render_bounded

    name = f"{stem}.pdf"
    seconds = float(getattr(settings, "RENDEMENT_RENDER_SECONDS", RENDER_SECONDS))
    return render_bounded(document, "pdf", name, lang, seconds), name


def agree_version(
    *,
    actor: Any,
    case: Case,
    number: int,
    agreed_on: datetime.date,
    note: str,
    lang: str,
    render: Callable[[str, str, str], tuple[bytes, str]] = report_pdf,
) -> AgreedVersion:
    """Mark version ``number`` vastgesteld on ``agreed_on`` (by whom, in ``note``) and keep
    its report: the PDF is rendered now (outside the transaction: seconds of CPU) and
    stored with its hash and the rendement version that made it. A version is agreed
    once; a later version may be agreed too."""
    target = case.versions.get(number=number)
    if AgreedVersion.objects.filter(version=target).exists():
        raise NotAgreeable(_("Versie {number} is al vastgesteld.").format(number=number))
    view = shown(target.document, lang)
    if not view.ready:
        raise NotAgreeable(
            _("Een onvolledige versie kan niet worden vastgesteld: {why}").format(why=view.why_not)
        )
    body, name = render(target.document, f"{case.uid}-v{number}-vastgesteld", lang)
    try:
        return _agreed(actor, case, target, agreed_on, note, body, name, lang)
    except IntegrityError:  # agreed meanwhile, in another request: the first one stands
        raise NotAgreeable(_("Versie {number} is al vastgesteld.").format(number=number)) from None


@transaction.atomic
def _agreed(
    actor: Any,
    case: Case,
    target: CaseVersion,
    agreed_on: datetime.date,
    note: str,
    body: bytes,
    name: str,
    lang: str,
) -> AgreedVersion:
    """The agreement's row and its audit row, in one transaction."""
    agreed = AgreedVersion.objects.create(
        case=case,
        version=target,
        agreed_on=agreed_on,
        note=note.strip()[:300],
        marked_by=actor,
        report=body,
        report_name=name,
        report_sha256=hashlib.sha256(body).hexdigest(),
        rendement_version=rendement_version(),
        language=lang,
    )
    record(
        actor=actor,
        action="case.agree",
        organisation=case.organisation,
        subject=f"case {case.uid}",
        detail={
            "version": target.number,
            "agreed_on": agreed_on.isoformat(),
            "note": agreed.note,
            "report_sha256": agreed.report_sha256,
        },
    )
    return agreed
