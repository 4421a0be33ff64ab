"""The client's one-time link: the professional's page to make, show once and revoke it,
and the public questionnaire behind the token.

The public pages are reached by the token alone, without an account or a session (only
Django's CSRF cookie). They have a layout of their own (``measuring/public/base.html``):
no navigation, no way into the app, nothing but the link's own questionnaire — no
pseudonym, no other client case, no results. A token that opens nothing (unknown,
expired, revoked, already sent) gets one and the same page. Every public answer carries
``Referrer-Policy: no-referrer`` (the token must not leave in a Referer header),
``Cache-Control: no-store`` (no shared or back-button copy of someone's answers) and
``X-Robots-Tag: noindex``. The pages speak the instrument's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from ...i18n import _, language
from ...instrument.schema import Instrument as Schema
from ..cohorts import selectors as cohort_selectors
from ..cohorts.models import ClientCase, Cohort
from . import links
from .models import AnswerLink, Instrument, Moment, Status
from .questionnaire import (
    PREFIX,
    Section,
    consent_question,
    instrument_of,
    read_answers,
    sections,
    wording,
)

# -- the professional's page ---------------------------------------------------------------


def _client(request: HttpRequest, uid: str, client: int) -> tuple[Cohort, ClientCase]:
    """The client case, for a member with the client-data right (404 for anyone else)."""
    cohort = cohort_selectors.cohort_for(request.user, uid)
    return cohort, cohort_selectors.client_for(cohort, client)


def _usual_instrument(client: ClientCase, instruments: list[Instrument]) -> str:
    """The instrument this client case was last measured with (an end measurement is
    made with the start's instrument, else it makes no rows), else the first."""
    last = client.measurements.order_by("-updated_at").values_list("instrument", flat=True)
    known = {i.pk for i in instruments}
    for pk in last[:1]:
        if pk in known:
            return str(pk)
    return str(instruments[0].pk) if instruments else ""


def _page(
    request: HttpRequest,
    cohort: Cohort,
    client: ClientCase,
    *,
    made: tuple[AnswerLink, str] | None = None,
    typed: dict[str, str] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    instruments = list(Instrument.objects.filter(organisation=cohort.organisation))
    default_until = (today + datetime.timedelta(days=links.LINK_DAYS)).isoformat()
    shown_url = ""
    if made is not None:
        shown_url = request.build_absolute_uri(reverse("measuring_link:start", args=[made[1]]))
    return render(
        request,
        "measuring/links.html",
        {
            "cohort": cohort,
            "client": client,
            "pseudonym": client.pseudonym,
            "instruments": instruments,
            "moments": Moment.choices,
            "links": [
                (link, links.state_of(link), links.is_open(link)) for link in links.links_of(client)
            ],
            "made": made[0] if made else None,
            "shown_url": shown_url,
            "typed": typed
            or {
                "instrument": _usual_instrument(client, instruments),
                "moment": Moment.END,
                "until": default_until,
            },
            "error": error,
            "first_day": (today + datetime.timedelta(days=1)).isoformat(),
            "last_day": (today + datetime.timedelta(days=links.MAX_LINK_DAYS)).isoformat(),
            "max_days": links.MAX_LINK_DAYS,
            "may_link": links.may_link(request.user, client),
        },
        status=status,
    )


@login_required
def link_page(request: HttpRequest, uid: str, client: int) -> HttpResponse:
    """The client case's links with their state; the form to make one."""
    cohort, found = _client(request, uid, client)
    return _page(request, cohort, found)


@login_required
@require_POST
def link_make(request: HttpRequest, uid: str, client: int) -> HttpResponse:
    """Make a link and show it once, on this answer only (a reload does not show it)."""
    cohort, found = _client(request, uid, client)
    typed = {k: request.POST.get(k, "").strip() for k in ("instrument", "moment", "until")}
    instrument = Instrument.objects.filter(
        organisation=cohort.organisation,
        pk=typed["instrument"] if typed["instrument"].isdigit() else 0,
    ).first()
    try:
        until = datetime.date.fromisoformat(typed["until"])
    except ValueError:
        until = None
    if instrument is None:
        error = _("Kies een vragenlijst.")
    elif until is None:
        error = _("Vul de datum in tot wanneer de link werkt (dag-maand-jaar).")
    else:
        try:
            made = links.make_link(
                actor=request.user,
                client=found,
                instrument=instrument,
                moment=typed["moment"],
                days=(until - timezone.localdate()).days,
            )
        except links.LinkRefused as refused:
            error = str(refused)
        else:
            response = _page(request, cohort, found, made=made)
            response["Cache-Control"] = "no-store"  # the token is in this page only
            return response
    return _page(request, cohort, found, typed=typed, error=error, status=400)


@login_required
@require_POST
def link_revoke(request: HttpRequest, uid: str, client: int, pk: int) -> HttpResponse:
    cohort, found = _client(request, uid, client)
    link = links.links_of(found).filter(pk=pk).first()
    if link is None:
        raise Http404
    try:
        links.revoke_link(actor=request.user, link=link)
    except links.LinkRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("De link is ingetrokken. Hij werkt niet meer."))
    return redirect("measuring_link:page", uid=cohort.uid, client=found.pk)


# -- the public questionnaire --------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    """The headers of every public answer (see the module's docstring)."""
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _gone(request: HttpRequest, status: int) -> HttpResponse:
    return _private(render(request, "measuring/public/gone.html", status=status))


View = Callable[..., HttpResponse]


def _origin_of_own_page(request: HttpRequest) -> None:
    """Our pages send no referrer, so a browser posts their forms with ``Origin: null``,
    which Django's CSRF check refuses. The browser's own word that the form came from this
    site (``Sec-Fetch-Site: same-origin``; a browser too old to send it gets the benefit)
    stands in for it; the CSRF token is checked as on every other form, and a post from
    another site (``cross-site``) keeps its ``null`` and is refused."""
    site = request.META.get("HTTP_SEC_FETCH_SITE", "same-origin")
    if request.META.get("HTTP_ORIGIN") == "null" and site == "same-origin":
        request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"


def _through_link(view: View) -> View:
    """The view runs only for an open link, in the instrument's language; everything else
    gets the one 'no longer works' page. CSRF is checked here, after
    :func:`_origin_of_own_page` (the middleware leaves these views alone)."""

    @csrf_protect
    def checked(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        found = links.link_for_token(token)
        if found.link is None:
            return _gone(request, found.status)
        schema = instrument_of(found.link.measurement.instrument)
        lang = schema.meta.language
        with translation.override(lang), language(lang):
            return _private(view(request, found.link, token, schema, *args, **kwargs))

    @csrf_exempt
    @wraps(view)
    def opened(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        _origin_of_own_page(request)
        return checked(request, token, *args, **kwargs)

    return opened


def _steps(schema: Schema, link: AnswerLink, **shown: Any) -> list[Section]:
    measurement = link.measurement
    return sections(schema, measurement.moment, measurement.answers, client=True, **shown)


def _until(link: AnswerLink) -> str:
    return timezone.localtime(link.expires_at).strftime("%d-%m-%Y")


def _where_to_go_on(steps: list[Section]) -> int:
    """The first step with a question not yet answered (the last one when all are)."""
    for number, step in enumerate(steps, start=1):
        if any(not f.value for f in step.fields):
            return number
    return len(steps)


def _step_url(token: str, number: int) -> str:
    return reverse("measuring_link:step", args=[token, number])


@_through_link
def start(request: HttpRequest, link: AnswerLink, token: str, schema: Schema) -> HttpResponse:
    """The consent question first: what is asked, why, who sees it, that it is voluntary.
    Given before through this link: on to where the client left off."""
    steps = _steps(schema, link)
    question = consent_question(schema)
    context = {
        "token": token,
        "organisation": link.measurement.client.cohort.organisation.name,
        "question": None if question is None else wording(question, client=True),
        "domains": [s.title for s in steps],
        "count": len(steps),
        "until": _until(link),
        "error": "",
    }
    if request.method == "POST":
        choice = request.POST.get("toestemming", "")
        if choice in ("ja", "nee"):
            links.answer_consent(link=link, given=choice == "ja")
            if choice == "nee":
                return render(request, "measuring/public/refused.html", context)
            return redirect(_step_url(token, 1))
        context["error"] = _("Kies of u meedoet: ja of nee.")
        return render(request, "measuring/public/consent.html", context, status=400)
    if links.consent_given(link) and steps:
        return redirect(_step_url(token, _where_to_go_on(steps)))
    return render(request, "measuring/public/consent.html", context)


ACTIONS = ("volgende", "vorige", "later", "versturen")


@_through_link
def step(
    request: HttpRequest, link: AnswerLink, token: str, schema: Schema, number: int
) -> HttpResponse:
    """One domain's questions. Every button saves this page's answers first; a wrong
    answer keeps the page (with what was typed and a message at the question)."""
    if not links.consent_given(link):
        return redirect(reverse("measuring_link:start", args=[token]))
    steps = _steps(schema, link)
    if not 1 <= number <= len(steps):
        return redirect(reverse("measuring_link:start", args=[token]))
    typed: dict[str, str] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("actie", "volgende")
        action = action if action in ACTIONS else "volgende"
        measurement = link.measurement
        answers, errors = read_answers(
            schema, measurement.moment, request.POST, measurement.answers
        )
        last = number == len(steps)
        if errors:
            links.save_answers(link=link, answers=answers)
            typed = {k: request.POST.get(k, "") for k in request.POST if k.startswith(PREFIX)}
            link.measurement.answers = answers
        elif action == "later":
            links.save_answers(link=link, answers=answers, pause=True)
            return redirect(reverse("measuring_link:later", args=[token]))
        elif action == "versturen" and last:
            links.send_answers(link=link, answers=answers)
            return render(request, "measuring/public/thanks.html", {})
        else:
            links.save_answers(link=link, answers=answers)
            if action == "vorige":
                return redirect(_step_url(token, max(1, number - 1)))
            return redirect(_step_url(token, min(len(steps), number + 1)))
    shown = _steps(schema, link, typed=typed, errors=errors)
    status = 400 if errors else 200
    return render(
        request,
        "measuring/public/step.html",
        {
            "token": token,
            "number": number,
            "count": len(shown),
            "section": shown[number - 1],
            "sections": [shown[number - 1]],
            "last": number == len(shown),
            "first": number == 1,
            "errors": len(errors),
            "until": _until(link),
        },
        status=status,
    )


@_through_link
def later(request: HttpRequest, link: AnswerLink, token: str, schema: Schema) -> HttpResponse:
    """Saved for later: the same link continues until its end date."""
    steps = _steps(schema, link)
    if link.measurement.status != Status.PAUSED or not steps:
        return redirect(reverse("measuring_link:start", args=[token]))
    return render(
        request,
        "measuring/public/later.html",
        {"until": _until(link), "next": _step_url(token, _where_to_go_on(steps))},
    )


def anything_else(request: HttpRequest, token: str, rest: str = "") -> HttpResponse:
    """Any other address under a token: the same page as a token that opens nothing."""
    found = links.link_for_token(token)
    return _gone(request, 404 if found.link is not None else found.status)
