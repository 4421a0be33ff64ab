"""Measuring in the browser, by a professional: the organisation's instruments, and per
client case a measurement at start, end or follow-up — the consent question first, then
the form per domain, saved as you go (HTMX, with a plain POST as fallback), paused and
continued, finished. A finished start and end measurement make the client case's rows.

Every view finds its cohort through :mod:`..cohorts.selectors` (404 outside the user's
organisations with client data); writing needs the right to change client cases.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...i18n import N_
from ...instrument.loading import InstrumentError, loads_instrument
from ...instrument.template import bundled_instruments, bundled_path
from ...text import safe
from ..cohorts import selectors
from ..cohorts.models import ClientCase, Cohort
from . import questionnaire, services
from .models import Consent, Instrument, MeasuredRows, Measurement, Moment, Status

MAX_INSTRUMENT = 512 * 1024


def _moment_words() -> dict[str, str]:
    return {
        Moment.START: _("Start (voor de ondersteuning)"),
        Moment.END: _("Eind (tijdens of na de ondersteuning)"),
        Moment.FOLLOW_UP: _("Follow-up (later, alleen indicatoren)"),
    }


# --- instruments of an organisation -------------------------------------------------------


def _bundled() -> list[dict[str, str]]:
    """The bundled instruments with their title, kind and source, as the page offers them."""
    found = []
    for name in bundled_instruments():
        loaded = loads_instrument(bundled_path(name).read_text(encoding="utf-8"), name)
        meta = loaded.instrument.meta
        found.append(
            {
                "name": name,
                "title": meta.title,
                "source": meta.source.title if meta.source else "",
                "licence": meta.licence or "",
            }
        )
    return found


_SEGMENT = re.compile(r"([a-z_]+)(?:\[([^\]]+)\])?")
_FIELD_WORDS = {
    "meta": N_("gegevens"),
    "questions": N_("vraag"),
    "domains": N_("domein"),
    "indicators": N_("indicator"),
    "options": N_("antwoord"),
    "moments": N_("momenten"),
    "cost": N_("kosten"),
    "risk": N_("risico"),
    "indicator": N_("indicator"),
    "source": N_("bron"),
    "title": N_("titel"),
    "text": N_("vraagtekst"),
    "type": N_("soort"),
    "item": N_("post"),
    "unit": N_("eenheid"),
    "per_year": N_("per jaar"),
    "quantity": N_("hoeveelheid"),
    "probability": N_("kans"),
    "level": N_("waarde"),
    "minimum": N_("minimum"),
    "maximum": N_("maximum"),
    "value": N_("waarde"),
    "label": N_("tekst"),
    "kind": N_("soort"),
    "name": N_("naam"),
    "help": N_("uitleg"),
    "client": N_("voor de cliënt"),
    "description": N_("toelichting"),
    "domain": N_("domein"),
    "consent": N_("toestemming"),
    "instrument": N_("formaat"),
    "price_lists": N_("prijslijsten"),
}


def field_words(path: str) -> str:
    """An instrument's field path in words: ``questions[uren].cost.item`` → ``vraag 'uren'
    › kosten › post`` (the author's own ids stay, the format's English names do not)."""
    words = []
    for part in path.split("."):
        match = _SEGMENT.fullmatch(part)
        if match is None:
            words.append(part)
            continue
        name, key = match.groups()
        word = _(_FIELD_WORDS.get(name, name))
        if key is not None:
            word += f" {int(key) + 1}" if key.isdigit() else f" '{key}'"
        words.append(word)
    return " › ".join(words)


def _instruments_page(
    request: HttpRequest,
    problems: list[dict[str, Any]] | None = None,
    typed: dict[str, str] | None = None,
) -> HttpResponse:
    organisations = list(selectors.organisations_with_client_data(request.user))
    editing = set(
        selectors.organisations_with_client_data(request.user, editing=True).values_list(
            "pk", flat=True
        )
    )
    return render(
        request,
        "measuring/instruments.html",
        {
            "organisations": [
                (o, list(Instrument.objects.filter(organisation=o)), o.pk in editing)
                for o in organisations
            ],
            "bundled": _bundled(),
            "problems": problems or [],
            "typed": typed or {},
            "may_add": bool(editing),
            "editable": [o for o in organisations if o.pk in editing],
        },
        status=422 if problems else 200,
    )


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    return _instruments_page(request)


def _editable_organisation(request: HttpRequest) -> Any:
    wanted = request.POST.get("organisation") or ""
    found = (
        selectors.organisations_with_client_data(request.user, editing=True)
        .filter(slug=wanted)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@require_POST
def instrument_add_bundled(request: HttpRequest) -> HttpResponse:
    organisation = _editable_organisation(request)
    name = request.POST.get("bundled") or ""
    if name not in bundled_instruments():
        raise Http404
    text = bundled_path(name).read_text(encoding="utf-8")
    loaded = loads_instrument(text, name)
    services.add_instrument(
        actor=request.user,
        organisation=organisation,
        title=loaded.instrument.meta.title,
        text=text,
        bundled=name,
    )
    messages.success(
        request, _("Instrument '{title}' toegevoegd.").format(title=loaded.instrument.meta.title)
    )
    return redirect("measuring:instruments")


@login_required
@require_POST
def instrument_add_own(request: HttpRequest) -> HttpResponse:
    """An own instrument, uploaded or pasted, checked: every problem with its line and its
    field in words; stored only without any."""
    organisation = _editable_organisation(request)
    upload = request.FILES.get("file")
    text = request.POST.get("text") or ""
    file = _("geplakte tekst")
    typed = {"text": text, "organisation": organisation.slug}
    if upload is not None:
        if upload.size is not None and upload.size > MAX_INSTRUMENT:
            return _instruments_page(
                request, [{"where": "", "message": _("Het bestand is groter dan 512 kB.")}], typed
            )
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            message = _("Het bestand is geen tekst (UTF-8); sla het op als .yaml.")
            return _instruments_page(request, [{"where": "", "message": message}], typed)
        file = upload.name or "instrument.yaml"
    if not text.strip():
        message = _("Kies een bestand of plak de tekst van een instrument.")
        return _instruments_page(request, [{"where": "", "message": message}], typed)
    try:
        loaded = loads_instrument(text, file)
    except InstrumentError as error:
        problems = [
            {
                "where": p.where(),
                "field": field_words(p.path) if p.path else "",
                "message": p.message,
            }
            for p in error.problems
        ]
        return _instruments_page(request, problems, typed)
    services.add_instrument(
        actor=request.user,
        organisation=organisation,
        title=loaded.instrument.meta.title,
        text=text,
    )
    messages.success(
        request, _("Instrument '{title}' toegevoegd.").format(title=loaded.instrument.meta.title)
    )
    return redirect("measuring:instruments")


# --- measurements of a client case ---------------------------------------------------------


def _client(request: HttpRequest, uid: str, client: int) -> tuple[Cohort, ClientCase]:
    cohort = selectors.cohort_for(request.user, uid)
    return cohort, selectors.client_for(cohort, client)


def _may_change(request: HttpRequest, cohort: Cohort) -> bool:
    return bool(request.user.has_perm("organisations.change_client_cases", cohort.organisation))


def _changeable(request: HttpRequest, uid: str, client: int) -> tuple[Cohort, ClientCase]:
    cohort, found = _client(request, uid, client)
    if not _may_change(request, cohort):
        raise PermissionDenied
    return cohort, found


def _measurement(client: ClientCase, muid: str) -> Measurement:
    found = Measurement.objects.filter(client=client, uid=muid).select_related("instrument").first()
    if found is None:
        raise Http404
    return found


@login_required
def client_measurements(request: HttpRequest, uid: str, client: int) -> HttpResponse:
    """A client case's measurements, its consent per instrument, and a new one started."""
    cohort, found = _client(request, uid, client)
    words = _moment_words()
    return render(
        request,
        "measuring/client.html",
        {
            "cohort": cohort,
            "client": found,
            "measurements": [
                (m, words.get(m.moment, m.moment))
                for m in found.measurements.select_related("instrument").order_by(
                    "instrument__title", "created_at"
                )
            ],
            "consents": found.consents.select_related("instrument", "recorded_by"),
            "instruments": Instrument.objects.filter(organisation=cohort.organisation),
            "moments": list(words.items()),
            "measured": MeasuredRows.objects.filter(client=found).first(),
            "can_change": _may_change(request, cohort),
        },
    )


@login_required
@require_POST
def measurement_start(request: HttpRequest, uid: str, client: int) -> HttpResponse:
    cohort, found = _changeable(request, uid, client)
    instrument = Instrument.objects.filter(
        organisation=cohort.organisation, uid=request.POST.get("instrument") or ""
    ).first()
    moment = request.POST.get("moment") or ""
    if instrument is None or moment not in Moment.values:
        raise Http404
    if moment not in questionnaire.instrument_of(instrument).moments:
        messages.error(request, _("Dit instrument kent dat meetmoment niet."))
        return redirect("measuring:client", uid=cohort.uid, client=found.pk)
    measurement = services.start_measurement(
        actor=request.user, client=found, instrument=instrument, moment=moment
    )
    return redirect("measuring:measurement", uid=cohort.uid, client=found.pk, muid=measurement.uid)


_NO_ROWS = N_(
    "Dit instrument vraagt niet naar zorg, steun of risico's die geld kosten: de start- en "
    "eindmeting veranderen de regels van de casus niet. De antwoorden tellen als waarden "
    "op indicatoren."
)


def _page(
    request: HttpRequest,
    cohort: Cohort,
    client: ClientCase,
    measurement: Measurement,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> HttpResponse:
    instrument = questionnaire.instrument_of(measurement.instrument)
    consent = Consent.objects.filter(client=client, instrument=measurement.instrument).first()
    context: dict[str, Any] = {
        "cohort": cohort,
        "client": client,
        "measurement": measurement,
        "moment": _moment_words().get(measurement.moment, measurement.moment),
        "consent": consent,
        "can_change": _may_change(request, cohort),
        "errors": errors or {},
        "no_rows": _(_NO_ROWS) if not services.makes_rows(measurement.instrument) else "",
    }
    if consent is None or not consent.given:
        question = questionnaire.consent_question(instrument)
        context["consent_field"] = questionnaire.Field(
            name="consent",
            label=question.text if question else _("Mogen wij uw antwoorden gebruiken?"),
            help=question.help or "" if question else "",
            kind="ja-nee",
            choices=[("ja", _("Ja")), ("nee", _("Nee"))],
            minimum=None,
            maximum=None,
            unit="",
            value="",
            error=(errors or {}).get("consent", ""),
        )
        return render(request, "measuring/consent.html", context, status=422 if errors else 200)
    context["sections"] = questionnaire.sections(
        instrument, measurement.moment, measurement.answers, typed, errors
    )
    return render(request, "measuring/measurement.html", context, status=422 if errors else 200)


@login_required
def measurement_page(request: HttpRequest, uid: str, client: int, muid: str) -> HttpResponse:
    cohort, found = _client(request, uid, client)
    return _page(request, cohort, found, _measurement(found, muid))


@login_required
@require_POST
def measurement_consent(request: HttpRequest, uid: str, client: int, muid: str) -> HttpResponse:
    """The consent question's answer: yes opens the form; no stops the measurement and
    stores no answers."""
    cohort, found = _changeable(request, uid, client)
    measurement = _measurement(found, muid)
    answer = request.POST.get("consent") or ""
    if answer not in ("ja", "nee"):
        error = _("Kies ja of nee: zonder antwoord op deze vraag begint de meting niet.")
        return _page(request, cohort, found, measurement, errors={"consent": error})
    services.record_consent(
        actor=request.user, client=found, instrument=measurement.instrument, given=answer == "ja"
    )
    if answer == "nee":
        messages.info(
            request,
            _("Geen toestemming: de meting is gestopt en er zijn geen antwoorden bewaard."),
        )
        return redirect("measuring:client", uid=cohort.uid, client=found.pk)
    return redirect("measuring:measurement", uid=cohort.uid, client=found.pk, muid=measurement.uid)


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, uid: str, client: int) -> HttpResponse:
    """The client takes back a consent given before: recorded as a refusal, which removes
    the measurements with that instrument and the rows made from them
    (:func:`.services.record_consent`)."""
    cohort, found = _changeable(request, uid, client)
    consent = Consent.objects.filter(
        client=found, instrument__uid=request.POST.get("instrument") or "", given=True
    ).first()
    if consent is None:
        raise Http404
    services.record_consent(
        actor=request.user, client=found, instrument=consent.instrument, given=False
    )
    messages.info(
        request,
        _(
            "De toestemming is ingetrokken. De metingen met dit instrument en de regels die "
            "eruit kwamen, zijn verwijderd."
        ),
    )
    return redirect("measuring:client", uid=cohort.uid, client=found.pk)


def _typed(request: HttpRequest) -> dict[str, str]:
    return {
        k: (request.POST.get(k) or "")[:2000]
        for k in request.POST
        if k.startswith(questionnaire.PREFIX)
    }


@login_required
@require_POST
def measurement_save(request: HttpRequest, uid: str, client: int, muid: str) -> HttpResponse:
    """Answers saved: by HTMX on every change (the answer is a status line and the fields'
    messages), or by a plain POST with the buttons Opslaan, Pauzeren and Afronden."""
    cohort, found = _changeable(request, uid, client)
    measurement = _measurement(found, muid)
    if measurement.status == Status.FINISHED or not services.consented(
        found, measurement.instrument
    ):  # a finished measurement made rows: its answers stay as they were
        return redirect(
            "measuring:measurement", uid=cohort.uid, client=found.pk, muid=measurement.uid
        )
    instrument = questionnaire.instrument_of(measurement.instrument)
    typed = _typed(request)
    answers, errors = questionnaire.read_answers(
        instrument, measurement.moment, typed, measurement.answers
    )
    action = request.POST.get("action") or "save"
    if request.headers.get("HX-Request"):
        services.save_answers(actor=request.user, measurement=measurement, answers=answers)
        fields = [
            f
            for s in questionnaire.sections(instrument, measurement.moment, answers, typed, errors)
            for f in s.fields
        ]
        return render(
            request,
            "measuring/_saved.html",
            {"fields": fields, "errors": errors, "measurement": measurement},
        )
    if action == "finish" and not errors:
        done = services.finish_measurement(
            actor=request.user, measurement=measurement, answers=answers
        )
        messages.success(request, _("De meting is afgerond."))
        if done.rows is not None:
            messages.success(
                request,
                _(
                    "De regels van deze casus komen nu uit de start- en eindmeting "
                    "({count} regels)."
                ).format(count=done.rows),
            )
        if done.no_rows:
            messages.info(request, _(_NO_ROWS))
        for problem in done.problems:
            messages.error(
                request,
                _("De regels zijn niet gemaakt: {message}").format(message=problem.message),
            )
        return redirect("measuring:client", uid=cohort.uid, client=found.pk)
    status = Status.PAUSED if action == "pause" else None
    services.save_answers(
        actor=request.user, measurement=measurement, answers=answers, status=status
    )
    if errors:
        return _page(request, cohort, found, measurement, typed, errors)
    if action == "pause":
        messages.info(request, _("De meting is gepauzeerd; u kunt later verder."))
        return redirect("measuring:client", uid=cohort.uid, client=found.pk)
    messages.success(request, _("De antwoorden zijn opgeslagen."))
    return redirect("measuring:measurement", uid=cohort.uid, client=found.pk, muid=measurement.uid)


@login_required
@require_POST
def measurement_continue(request: HttpRequest, uid: str, client: int, muid: str) -> HttpResponse:
    """A paused (or finished) measurement opened again to answer further."""
    cohort, found = _changeable(request, uid, client)
    measurement = _measurement(found, muid)
    if measurement.status == Status.PAUSED:
        services.save_answers(
            actor=request.user,
            measurement=measurement,
            answers=measurement.answers,
            status=Status.OPEN,
        )
    return redirect("measuring:measurement", uid=cohort.uid, client=found.pk, muid=measurement.uid)


# --- export of a cohort's answers -----------------------------------------------------------


def _answer_text(question: Any, value: object) -> str:
    """An answer as the export shows it: an option's label, a number, a text."""
    if question.type in ("keuze", "schaal", "ja-nee"):
        for option_value, label in questionnaire._choices(question):
            if option_value == str(value):
                return label
    return questionnaire._shown(value)


@login_required
def cohort_answers_export(request: HttpRequest, uid: str) -> HttpResponse:
    """Every measurement's answers of the cohort as CSV, one row per client case × moment ×
    question, pseudonyms only, no formula in any cell; logged."""
    cohort = selectors.cohort_for(request.user, uid)
    words = _moment_words()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            _("casus"),
            _("instrument"),
            _("moment"),
            _("status"),
            _("domein"),
            _("vraag"),
            _("antwoord"),
        ]
    )
    rows = 0
    measurements = (
        Measurement.objects.filter(client__cohort=cohort)
        .select_related("client", "instrument")
        .order_by("client__pseudonym", "instrument__title", "moment")
    )
    count = 0
    for m in measurements:
        count += 1
        instrument = questionnaire.instrument_of(m.instrument)
        domains = {d.id: d.name for d in instrument.domains}
        for question in questionnaire.asked(instrument, m.moment):
            value = m.answers.get(question.id)
            writer.writerow(
                [
                    safe(str(cell))
                    for cell in (
                        m.client.pseudonym,
                        m.instrument.title,
                        words.get(m.moment, m.moment),
                        m.get_status_display(),
                        domains.get(question.domain or "", ""),
                        question.text,
                        "" if value is None else _answer_text(question, value),
                    )
                ]
            )
            rows += 1
    services.record_answers_export(actor=request.user, cohort=cohort, rows=rows, measurements=count)
    answer = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="antwoorden-{cohort.uid}.csv"'
    return answer
