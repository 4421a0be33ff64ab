"""The work session's pages: the sessions of a cohort (and a new one), the session
itself (participants, per item the judgements, the spread and the agreement) and its
export as the engine's file.

Every view finds its session through :mod:`selectors` (404 outside the organisations
where the user may see client data); writing needs the right to change client cases
(403). A form with a mistake comes back with what was typed and a message per field.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...money import euro
from ...worksession import ApplyError, Spread
from ..cases.services import StaleVersion
from ..cohorts import selectors as cohort_selectors
from ..cohorts.models import Cohort
from . import engine, selectors, services
from .models import Judges, Role, SessionItem, WorkSession


def parse_share(text: str) -> float:
    """``60``, ``60%`` or ``60,5`` → 0.6 / 0.605: the form asks a percentage."""
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(_("vul een percentage in, bijv. 60")) from None
    if not 0 <= number <= 100:
        raise ValueError(_("een percentage ligt tussen 0 en 100"))
    return number / 100


def shown(share: float | None) -> str:
    """0.6 → ``60%`` as the page shows a share (one decimal at most)."""
    if share is None:
        return ""
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text}%"


def _may_change(request: HttpRequest, cohort: Cohort) -> bool:
    return bool(request.user.has_perm("organisations.change_client_cases", cohort.organisation))


def _changeable(request: HttpRequest, uid: str) -> WorkSession:
    session = selectors.session_for(request.user, uid)
    if not _may_change(request, session.cohort):
        raise PermissionDenied
    return session


# -- the sessions of a cohort ------------------------------------------------------------


def _list(
    request: HttpRequest,
    cohort: Cohort,
    typed: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> HttpResponse:
    typed = typed or {}
    items = [
        {
            "item": item,
            "name": name,
            "field": f"onderdeel-{n}",
            "choice": typed.get(f"onderdeel-{n}", ""),
            "suggested": suggested,
        }
        for n, (item, name, suggested) in enumerate(selectors.judgeable_items(cohort))
    ]
    return render(
        request,
        "worksessions/list.html",
        {
            "cohort": cohort,
            "sessions": selectors.sessions_of(cohort),
            "can_change": _may_change(request, cohort),
            "items": items,
            "typed": typed,
            "errors": errors or {},
            "today": datetime.date.today().isoformat(),
        },
        status=422 if errors else 200,
    )


@login_required
def session_list(request: HttpRequest, uid: str) -> HttpResponse:
    cohort = cohort_selectors.cohort_for(request.user, uid)
    if request.method != "POST":
        return _list(request, cohort)
    if not _may_change(request, cohort):
        raise PermissionDenied
    judgeable = selectors.judgeable_items(cohort)
    typed: dict[str, Any] = {
        k: (request.POST.get(k) or "").strip()[:300]
        for k in ("title", "date", "facilitator", "note")
    }
    chosen = []
    for n, (item, name, _suggested) in enumerate(judgeable):
        choice = request.POST.get(f"onderdeel-{n}") or ""
        typed[f"onderdeel-{n}"] = choice
        if choice in Judges.values:
            chosen.append((item, name, choice))
    errors: dict[str, str] = {}
    if not typed["title"]:
        errors["title"] = _("geef de sessie een titel")
    try:
        when = datetime.date.fromisoformat(typed["date"])
    except ValueError:
        errors["date"] = _("vul een datum in als 2026-04-02")
    if not chosen:
        errors["items"] = _("kies ten minste één post om te beoordelen")
    if errors:
        return _list(request, cohort, typed, errors)
    session = services.create_session(
        actor=request.user,
        cohort=cohort,
        title=typed["title"],
        when=when,
        items=chosen,
        facilitator=typed["facilitator"],
        note=typed["note"],
    )
    messages.success(request, _("De werksessie is aangemaakt; voeg de deelnemers toe."))
    return redirect("worksessions:detail", uid=session.uid)


# -- one session ---------------------------------------------------------------------------


def _chart(spread: Spread | None, values: list[float]) -> dict[str, Any] | None:
    """Where the bar's parts go on a 0–100 % scale, 300 px wide from x = 10."""
    if spread is None:
        return None

    def x(share: float) -> float:
        return round(10 + 300 * share, 1)

    return {
        "low": x(spread.low),
        "width": round(x(spread.high) - x(spread.low), 1),
        "min": x(spread.minimum),
        "span": round(x(spread.maximum) - x(spread.minimum), 1),
        "points": [x(v) for v in values],
        "agreed": x(spread.agreed),
        "ticks": [(x(t / 100), f"{t}%") for t in (0, 25, 50, 75, 100)],
    }


def _item_context(
    item: SessionItem,
    spread: Spread | None,
    participants: list[Any],
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    history = list(item.judgements.select_related("participant", "recorded_by"))
    ids = engine.participant_ids(participants)
    judged = {ids.get(j.participant_id) for j in history}
    waiting = [p for p in participants if ids[p.pk] not in judged]
    chosen = (typed or {}).get("participant") or (str(waiting[0].pk) if waiting else "")
    return {
        "item": item,
        "judges": Judges(item.judges).label,
        "spread": spread,
        "figures": spread
        and {
            "n": spread.n,
            "minimum": shown(spread.minimum),
            "maximum": shown(spread.maximum),
            "mean": shown(spread.mean),
            "median": shown(spread.median),
            "agreed": shown(spread.agreed),
            "pert": spread.pert and " – ".join(shown(v) for v in spread.pert),
            "pert_mean": shown(spread.distribution_mean),
        },
        "chart": _chart(spread, [j.value for j in spread.judgements] if spread else []),
        "history": [
            {
                "judgement": j,
                "value": shown(j.value),
                "low": shown(j.low),
                "high": shown(j.high),
                "counts": _counts(j, spread, ids),
            }
            for j in history
        ],
        "participants": participants,
        "chosen": chosen,
        "typed": typed or {},
        "errors": errors or {},
        "agreed_shown": shown(item.agreed),
        "distribution_shown": _distribution(item),
        "proposal": shown(spread.median) if spread else "",
    }


def _counts(j: Any, spread: Spread | None, ids: dict[int, str]) -> bool:
    """Whether this stored judgement is the one the spread counts (its participant's
    latest)."""
    if spread is None:
        return False
    return any(
        c.participant == ids[j.participant_id] and engine.local_time(j.at) == c.at
        for c in spread.judgements
    )


def _distribution(item: SessionItem) -> str:
    found = item.distribution or {}
    if "pert" in found:
        return "PERT " + " – ".join(shown(v) for v in found["pert"])
    if "value" in found:
        return shown(found["value"])
    return ""


def _detail(
    request: HttpRequest,
    session: WorkSession,
    at: int | None = None,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    participant_typed: dict[str, str] | None = None,
    participant_errors: dict[str, str] | None = None,
) -> HttpResponse:
    participants = list(session.participants.select_related("member"))
    found = engine.item_spreads(session)
    items = [
        _item_context(
            item,
            found.get(engine.item_id(item)),
            participants,
            typed if at == item.pk else None,
            errors if at == item.pk else None,
        )
        for item in session.items.all()
    ]
    can_change = _may_change(request, session.cohort)
    members = (
        get_user_model()
        .objects.filter(memberships__organisation=session.cohort.organisation)
        .order_by("username")
        if can_change
        else []
    )
    failed = bool(errors or participant_errors)
    case = session.cohort.prices
    return render(
        request,
        "worksessions/detail.html",
        {
            "case": case,
            "can_apply": can_change
            and case is not None
            and any(i["item"].agreed is not None for i in items)
            and request.user.has_perm("cases.change_case", case),
            "session": session,
            "cohort": session.cohort,
            "participants": participants,
            "items": items,
            "can_change": can_change,
            "roles": Role.choices,
            "members": members,
            "ptyped": participant_typed or {},
            "perrors": participant_errors or {},
        },
        status=422 if failed else 200,
    )


@login_required
def session_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _detail(request, selectors.session_for(request.user, uid))


@login_required
@require_POST
def participant_add(request: HttpRequest, uid: str) -> HttpResponse:
    session = _changeable(request, uid)
    typed = {k: (request.POST.get(k) or "").strip()[:200] for k in ("name", "role", "member")}
    member = None
    if typed["member"]:
        member = (
            get_user_model()
            .objects.filter(
                pk=typed["member"] if typed["member"].isdigit() else -1,
                memberships__organisation=session.cohort.organisation,
            )
            .first()
        )
    errors: dict[str, str] = {}
    if typed["member"] and member is None:
        errors["member"] = _("kies een lid van de organisatie, of geen")
    name = typed["name"] or (member.get_full_name() or member.get_username() if member else "")
    if not name:
        errors["name"] = _("vul een naam, rol of pseudoniem in")
    if typed["role"] not in Role.values:
        errors["role"] = _("kies een rol")
    if errors:
        return _detail(request, session, participant_typed=typed, participant_errors=errors)
    services.add_participant(
        actor=request.user, session=session, name=name, role=typed["role"], member=member
    )
    messages.success(request, _("{name} doet mee.").format(name=name))
    return redirect("worksessions:detail", uid=session.uid)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _item_answer(
    request: HttpRequest,
    session: WorkSession,
    item: SessionItem,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> HttpResponse:
    """The item's part of the page (HTMX) or the whole page."""
    if not _is_htmx(request):
        if errors:
            return _detail(request, session, item.pk, typed, errors)
        return redirect("worksessions:detail", uid=session.uid)
    participants = list(session.participants.all())
    spread = engine.item_spreads(session).get(engine.item_id(item))
    context = _item_context(item, spread, participants, typed, errors)
    context |= {"session": session, "can_change": True}
    return render(
        request,
        "worksessions/_item.html",
        {"i": context, "session": session, "can_change": True},
        status=422 if errors else 200,
    )


@login_required
@require_POST
def judgement_add(request: HttpRequest, uid: str, item: int) -> HttpResponse:
    session = _changeable(request, uid)
    found = selectors.item_for(session, item)
    typed = {
        k: (request.POST.get(k) or "").strip()[:500]
        for k in ("participant", "value", "low", "high", "note")
    }
    errors: dict[str, str] = {}
    participant = selectors.participant_for(session, typed["participant"])
    if participant is None:
        errors["participant"] = _("kies wie dit oordeel geeft")
    shares: dict[str, float | None] = {}
    for key in ("value", "low", "high"):
        if not typed[key]:
            shares[key] = None
            if key == "value":
                errors[key] = _("vul het oordeel in als percentage, bijv. 60")
            continue
        try:
            shares[key] = parse_share(typed[key])
        except ValueError as error:
            errors[key] = str(error)
    value, low, high = shares.get("value"), shares.get("low"), shares.get("high")
    if value is not None and low is not None and low > value:
        errors["low"] = _("de laagste waarde ligt niet boven het oordeel")
    if value is not None and high is not None and high < value:
        errors["high"] = _("de hoogste waarde ligt niet onder het oordeel")
    if errors or participant is None or value is None:
        return _item_answer(request, session, found, typed, errors)
    services.record_judgement(
        actor=request.user,
        item=found,
        participant=participant,
        value=value,
        low=low,
        high=high,
        note=typed["note"],
    )
    return _item_answer(request, session, found)


@login_required
@require_POST
def item_agree(request: HttpRequest, uid: str, item: int) -> HttpResponse:
    """The group's value: stored with its spread, and applied to the cohort's rows."""
    session = _changeable(request, uid)
    found = selectors.item_for(session, item)
    typed = {"agreed": (request.POST.get("agreed") or "").strip()[:20]}
    typed["agree_note"] = (request.POST.get("agree_note") or "").strip()[:2000]
    errors: dict[str, str] = {}
    if not found.judgements.exists():
        errors["agreed"] = _("eerst een oordeel vastleggen; zonder oordelen is er geen spreiding")
    value = None
    if not errors:
        try:
            value = parse_share(typed["agreed"])
        except ValueError as error:
            errors["agreed"] = str(error)
    if errors or value is None:
        return _detail(request, session, found.pk, typed, errors)
    services.agree(actor=request.user, item=found, value=value, note=typed["agree_note"])
    messages.success(
        request,
        _(
            "{name}: {value} vastgesteld (regels van de cliëntcasussen met deze waarde: "
            "{rows}); het interval van de casussen trekt nu uit de spreiding."
        ).format(name=found.name, value=shown(value), rows=found.rows),
    )
    return redirect("worksessions:detail", uid=session.uid)


@login_required
@require_POST
def case_apply(request: HttpRequest, uid: str) -> HttpResponse:
    """The agreed items into the cohort's business case: a new version whose effect lines
    carry the distributions, so its Monte Carlo draws them."""
    session = _changeable(request, uid)
    case = session.cohort.prices
    if case is None or not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    try:
        version = services.apply_to_case(actor=request.user, session=session)
    except ApplyError as error:
        messages.error(request, str(error))
        return redirect("worksessions:detail", uid=session.uid)
    except StaleVersion:
        messages.error(request, _("De business case is net gewijzigd; probeer het opnieuw."))
        return redirect("worksessions:detail", uid=session.uid)
    messages.success(
        request,
        _(
            "De vastgestelde waarden staan met hun spreiding in versie {n} van de business "
            "case; de Monte Carlo trekt ze uit die verdeling."
        ).format(n=version.number),
    )
    return redirect("cases:detail", uid=case.uid)


@login_required
def session_export(request: HttpRequest, uid: str) -> HttpResponse:
    """The session as a work session file (YAML) for ``rendement werksessie``; logged."""
    session = selectors.session_for(request.user, uid)
    if not session.items.filter(judgements__isnull=False).exists():
        messages.error(request, _("Nog geen oordelen: er is niets om te exporteren."))
        return redirect("worksessions:detail", uid=session.uid)
    text = engine.export_yaml(session)
    services.record_export(actor=request.user, session=session)
    answer = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="werksessie-{session.uid}.yaml"'
    return answer


# -- the cohort page's part -----------------------------------------------------------------


def cohort_interval_context(cohort: Cohort) -> dict[str, Any]:
    """What the cohort page shows of its sessions: a link, and the interval with the
    agreed spreads drawn in (empty when nothing was agreed yet or the cohort cannot be
    valued now)."""
    from ...cohort.reading import CohortError
    from ..cohorts import evaluation

    context: dict[str, Any] = {"cohort": cohort, "count": cohort.worksessions.count()}
    try:
        found = engine.agreed_for(cohort)
        if found is None:
            return context
        valued = evaluation.valued(cohort)
    except CohortError:
        return context
    from ...worksession import summarise_with_spread

    result = summarise_with_spread(found.session, found.spreads, valued)
    context |= {
        "titles": found.titles,
        "items": [
            (s.item.name, shown(s.agreed), s.pert and " – ".join(shown(v) for v in s.pert))
            for s in found.spreads
        ],
        "net": euro(result.net_mean),
        "point": (euro(result.interval_point.low), euro(result.interval_point.high)),
        "drawn": (euro(result.interval.low), euro(result.interval.high)),
    }
    return context
