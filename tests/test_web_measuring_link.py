"""The client's one-time link (issue 24, items 2 and 5), with Django's test client: the
professional makes it (shown once, only its digest stored) and revokes it; the client
answers without an account, consent first, one domain per page, pauses and continues,
sends; an expired, revoked, sent or unknown link gives one page and nothing else; a crawl
from the link reaches only its own pages and static files."""

from __future__ import annotations

import hashlib
import html
import re
from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import pytest
from django.test import Client
from django.utils import timezone

from rendement.instrument.loading import load_instrument
from rendement.web.audit.models import AuditEntry
from rendement.web.cohorts.models import ClientCase, Cohort
from rendement.web.measuring.models import AnswerLink, Consent, Instrument, Measurement, Via
from rendement.web.organisations.models import Role
from rendement.web.organisations.services import add_member
from web_world import client_for

ROOT = Path(__file__).resolve().parents[1]
BMC = ROOT / "src" / "rendement" / "instrument" / "bundled" / "bmc-start-eind.yaml"
GONE = "Deze link werkt niet meer"


@pytest.fixture
def linked(world: dict[str, Any]) -> dict[str, Any]:
    """De Bilt's cohort with two client cases and the bundled BMC guide; the owner (who
    has the client-data right) is the professional."""
    cohort = Cohort.objects.create(
        organisation=world["bilt"], name="Buurtteam 2026", source="hand", prices=world["case"]
    )
    world["cohort"] = cohort
    world["ann"] = ClientCase.objects.create(cohort=cohort, pseudonym="K-ANN-77")
    world["bob"] = ClientCase.objects.create(cohort=cohort, pseudonym="K-BOB-88")
    world["instrument"] = Instrument.objects.create(
        organisation=world["bilt"],
        title="Start- en eindgesprek sociale basis",
        text=BMC.read_text(encoding="utf-8"),
        bundled="bmc-start-eind.yaml",
    )
    world["pro"] = client_for(world["owner"])
    return world


def _text(answer: Any) -> str:
    return html.unescape(answer.content.decode())


def _page_url(world: dict[str, Any], client: ClientCase) -> str:
    return f"/casussen/{world['cohort'].uid}/casus/{client.pk}/link/"


def _make(world: dict[str, Any], client: ClientCase, **form: str) -> tuple[Any, str]:
    """The professional makes a link; the answer and the token read from the page."""
    data = {"instrument": str(world["instrument"].pk), "moment": "eind", **form}
    if "until" not in data:
        data["until"] = (timezone.localdate() + timedelta(days=14)).isoformat()
    answer = world["pro"].post(_page_url(world, client) + "maken/", data)
    found = re.search(
        r'value="https?://[^"]*/vragenlijst/([A-Za-z0-9_-]+)/"', answer.content.decode()
    )
    return answer, found.group(1) if found else ""


def _start(token: str) -> str:
    return f"/vragenlijst/{token}/"


def _step(token: str, number: int) -> str:
    return f"/vragenlijst/{token}/stap/{number}/"


def _consent(client: Client, token: str, given: bool = True) -> Any:
    return client.post(_start(token), {"toestemming": "ja" if given else "nee"})


def _steps() -> list[str]:
    """The titles of the pages, from the instrument itself: its domains with a question at
    the end moment (not the consent question), in order, in the client's words, and
    'Overige vragen' for the questions without a domain."""
    instrument = load_instrument(BMC).instrument
    asked = [q for q in instrument.questions if q.asked_at("eind") and not q.consent]
    titles = [
        d.client.name if d.client and d.client.name else d.name
        for d in instrument.domains
        if any(q.domain == d.id for q in asked)
    ]
    return titles + (["Overige vragen"] if any(q.domain is None for q in asked) else [])


def test_a_link_is_shown_once_only_its_digest_is_kept_and_it_is_logged(
    linked: dict[str, Any],
) -> None:
    world = linked
    page = world["pro"].get(_page_url(world, world["ann"]))
    assert page.status_code == 200
    text = _text(page)
    assert "Nog geen link gemaakt." in text
    # the default end date is two weeks from today
    two_weeks = (timezone.localdate() + timedelta(days=14)).isoformat()
    assert f'value="{two_weeks}"' in text
    assert 'value="eind" checked' in text  # the end measurement by default

    answer, token = _make(world, world["ann"])
    assert answer.status_code == 200 and token, _text(answer)[:2000]
    assert len(token) >= 43  # token_urlsafe(32): 32 random bytes
    link = AnswerLink.objects.get()
    assert link.digest == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(v) for v in AnswerLink.objects.values().get().values()]
    assert not any(token in v for v in stored)
    days = (link.expires_at - link.created_at).total_seconds() / 86400
    assert days == pytest.approx(14, abs=0.01)
    measurement = link.measurement
    assert (measurement.client, measurement.moment, measurement.via) == (
        world["ann"],
        "eind",
        Via.LINK,
    )
    # shown once: the page afterwards lists the link, not its address
    again = _text(world["pro"].get(_page_url(world, world["ann"])))
    assert token not in again and "Geldig" in again
    entry = AuditEntry.objects.get(action="measurement.link_create")
    assert entry.organisation == world["bilt"]
    assert "K-ANN-77" not in str(entry.detail) + entry.subject
    assert entry.detail["moment"] == "eind" and entry.detail["client"] == world["ann"].pk


def test_a_link_is_refused_past_ninety_days_and_what_was_typed_stays(
    linked: dict[str, Any],
) -> None:
    world = linked
    far = (timezone.localdate() + timedelta(days=91)).isoformat()
    answer, token = _make(world, world["ann"], until=far, moment="follow-up")
    assert answer.status_code == 400 and not token
    text = _text(answer)
    assert "Een link is 1 tot 90 dagen geldig." in text
    assert f'value="{far}"' in text and 'value="follow-up" checked' in text
    assert not AnswerLink.objects.exists()
    answer, token = _make(
        world, world["ann"], until=(timezone.localdate() + timedelta(days=90)).isoformat()
    )
    assert token


def test_only_members_with_the_client_data_right_reach_the_link_page(
    linked: dict[str, Any],
) -> None:
    world = linked
    for user in ("editor", "viewer", "stranger"):  # no client-data right
        client = client_for(world[user])
        assert client.get(_page_url(world, world["ann"])).status_code == 404
        made = client.post(
            _page_url(world, world["ann"]) + "maken/",
            {"instrument": world["instrument"].pk, "moment": "eind", "until": "2099-01-01"},
        )
        assert made.status_code == 404
    assert not AnswerLink.objects.exists()
    assert Client().get(_page_url(world, world["ann"])).status_code == 302  # to the login
    # a viewer with the client-data right sees the links, and may not make one
    add_member(
        actor=world["owner"],
        organisation=world["bilt"],
        user=world["viewer"],
        role=Role.VIEWER,
        client_data=True,
    )
    viewer = client_for(world["viewer"])
    assert viewer.get(_page_url(world, world["ann"])).status_code == 200
    refused = viewer.post(
        _page_url(world, world["ann"]) + "maken/",
        {"instrument": world["instrument"].pk, "moment": "eind", "until": "2099-01-01"},
    )
    assert refused.status_code == 400 and "eigenaren en bewerkers" in _text(refused)
    assert not AnswerLink.objects.exists()


def test_consent_comes_first_and_refusing_stores_no_answer(linked: dict[str, Any]) -> None:
    world = linked
    _answer, token = _make(world, world["ann"])
    client = Client(enforce_csrf_checks=True)
    first = client.get(_start(token))
    assert first.status_code == 200
    assert first["Referrer-Policy"] == "no-referrer"
    assert "no-store" in first["Cache-Control"]
    text = _text(first)
    for said in (
        "Wat vragen we?",
        "Waarom?",
        "Wie ziet uw antwoorden?",
        "Meedoen mag, het hoeft niet. U kunt altijd stoppen.",
        "Ja, ik doe mee",
        f"De vragenlijst heeft {len(_steps())} stappen:",
        "Gemeente De Bilt",
    ):
        assert said in text, said
    assert "K-ANN-77" not in text and "Buurtteam" not in text
    assert 'name="robots" content="noindex' in text
    # a page of questions before consent leads back to the question
    assert client.get(_step(token, 1))["Location"] == _start(token)
    csrf = client.cookies["csrftoken"].value
    posted = client.post(_step(token, 1), {"q-begeleiding_uren": "3", "csrfmiddlewaretoken": csrf})
    assert posted.status_code == 302
    assert Measurement.objects.get().answers == {}
    # CSRF is checked on the public form too
    assert client.post(_start(token), {"toestemming": "ja"}).status_code == 403
    refused = client.post(_start(token), {"toestemming": "nee", "csrfmiddlewaretoken": csrf})
    assert refused.status_code == 200
    assert "U doet niet mee" in _text(refused)
    consent = Consent.objects.get()
    assert (consent.given, consent.via, consent.client) == (False, Via.LINK, world["ann"])
    # nothing kept of someone who said no: no measurement, no answer, no link
    assert not Measurement.objects.exists() and not AnswerLink.objects.exists()
    assert client.get(_step(token, 1)).status_code == 404
    entry = AuditEntry.objects.get(action="measurement.consent")
    assert entry.detail["given"] is False and entry.actor is None
    assert "sessionid" not in client.cookies  # no session: the token is the key


def test_the_client_reads_the_client_wording_the_professional_the_interview(
    linked: dict[str, Any],
) -> None:
    """The link's pages show the instrument's ``client`` blocks (B1, no abbreviations),
    the professional's form the interview guide's own words; the stored value of an
    option is the same in both."""
    world = linked
    guide = load_instrument(BMC).instrument
    _answer, token = _make(world, world["ann"])
    client = Client()
    consent = _text(client.get(_start(token)))
    question = guide.questions[0]
    assert question.client is not None and question.client.text
    assert question.client.text in consent and question.text not in consent
    assert "Wat er mis kan gaan" in consent and "Latente risico" not in consent  # the steps
    _consent(client, token)
    pages = [_text(client.get(_step(token, n))) for n in range(1, len(_steps()) + 1)]
    shown = "\n".join(pages)
    for q in guide.questions:
        if q.asked_at("eind") and not q.consent:
            assert q.client is not None and q.client.text
            assert html.escape(q.client.text, quote=False) in html.escape(shown, quote=False), q.id
    for jargon in ("Wlz", "Latente", "SEH", "GGZ", "professional", "schaduwwaarde"):
        assert jargon not in shown, jargon
    risk = pages[1]
    assert "Hulp die u krijgt" in pages[0] and "Eerst een paar vragen" in pages[0]
    assert 'value="reeel"' in risk and "Ja, dat kan echt gebeuren" in risk
    assert "Een echte kans" not in risk
    # the professional's form of a measurement: the interview's words
    measurement = Measurement.objects.get(client=world["ann"])
    from rendement.web.measuring import services

    services.record_consent(
        actor=world["owner"], client=world["ann"], instrument=world["instrument"], given=True
    )
    form = _text(
        world["pro"].get(
            f"/casussen/{world['cohort'].uid}/casus/{world['ann'].pk}/metingen/{measurement.uid}/"
        )
    )
    assert "Latente risico's" in form and "De professional schat dit samen met u in." in form
    assert "Een echte kans" in form and "Ja, dat kan echt gebeuren" not in form
    assert "Hulp die u krijgt" not in form


def test_answers_land_in_that_measurement_pause_and_continue_then_send(
    linked: dict[str, Any],
) -> None:
    world = linked
    _a, token = _make(world, world["ann"])
    _b, other = _make(world, world["bob"])
    titles = _steps()
    client = Client()
    assert _consent(client, token)["Location"] == _step(token, 1)
    page = _text(client.get(_step(token, 1)))
    assert f"Stap 1 van {len(titles)}" in page and titles[0] in page
    assert "Vorige" not in page  # nothing before the first page
    # a wrong answer: the page stays, with what was typed and a message tied to the field
    wrong = client.post(
        _step(token, 1),
        {"q-begeleiding_uren": "drie", "q-dagbesteding_dagdelen": "2", "actie": "volgende"},
    )
    assert wrong.status_code == 400
    text = _text(wrong)
    assert 'value="drie"' in text
    assert 'aria-describedby="f-q-begeleiding_uren-help f-q-begeleiding_uren-error"' in text
    assert Measurement.objects.get(client=world["ann"]).answers == {"dagbesteding_dagdelen": 2}
    # right now: on to page 2, then pause there
    nxt = client.post(
        _step(token, 1),
        {"q-begeleiding_uren": "1,5", "q-dagbesteding_dagdelen": "2", "actie": "volgende"},
    )
    assert nxt["Location"] == _step(token, 2)
    page = _text(client.get(_step(token, 2)))
    assert f"Stap 2 van {len(titles)}" in page and titles[1] in page
    paused = client.post(_step(token, 2), {"q-risico_opname": "klein", "actie": "later"})
    assert paused["Location"] == f"/vragenlijst/{token}/later/"
    later = _text(client.get(paused["Location"]))
    until = timezone.localtime(
        AnswerLink.objects.get(digest__isnull=False, measurement__client=world["ann"]).expires_at
    )
    assert "dezelfde link" in later and until.strftime("%d-%m-%Y") in later
    ann = Measurement.objects.get(client=world["ann"])
    assert ann.status == "paused"
    assert ann.answers == {
        "begeleiding_uren": 1.5,
        "dagbesteding_dagdelen": 2,
        "risico_opname": "klein",
    }
    # another day, another browser: the same link goes on at the first open page
    again = Client()
    back = again.get(_start(token))
    assert back["Location"] == _step(token, 1)  # page 1 still has unanswered questions
    page = _text(again.get(_step(token, 1)))
    assert 'value="1,5"' in page
    assert _text(again.get(_step(token, 2))).count("checked") == 1
    # back and forth; the last page sends
    assert again.post(_step(token, 2), {"actie": "vorige"})["Location"] == _step(token, 1)
    last = len(titles)
    page = _text(again.get(_step(token, last)))
    assert "Versturen" in page and "Volgende" not in page
    sent = again.post(
        _step(token, last), {"q-verandering": "Meer rust thuis.", "actie": "versturen"}
    )
    assert sent.status_code == 200 and "Dank u wel!" in _text(sent)
    ann = Measurement.objects.get(client=world["ann"])
    assert ann.status == "finished" and ann.finished_at is not None
    assert ann.answers["verandering"] == "Meer rust thuis."
    assert AnswerLink.objects.get(measurement=ann).finished_at is not None
    # the other client case's measurement saw nothing of it
    assert Measurement.objects.get(client=world["bob"]).answers == {}
    assert again.get(_start(other)).status_code == 200
    # sent: the link opens nothing any more
    closed = again.get(_start(token))
    assert closed.status_code == 410 and GONE in _text(closed)
    statuses = [
        e.detail.get("status") for e in AuditEntry.objects.filter(action="measurement.save")
    ]
    assert "paused" in statuses
    assert AuditEntry.objects.get(action="measurement.finish").actor is None
    assert not any("K-ANN-77" in str(e.detail) for e in AuditEntry.objects.all())


def _every_url(token: str, count: int) -> list[str]:
    return [
        _start(token),
        *(_step(token, n) for n in range(1, count + 1)),
        f"/vragenlijst/{token}/later/",
        f"/vragenlijst/{token}/iets/anders/",
    ]


def _gone_everywhere(token: str, status: int) -> None:
    client = Client()
    bodies = set()
    for url in _every_url(token, len(_steps())):
        for method in (client.get, client.post):
            answer = method(url, {"actie": "volgende", "toestemming": "ja"})
            assert answer.status_code == status, url
            assert answer["Referrer-Policy"] == "no-referrer"
            text = _text(answer)
            assert GONE in text and "<form" not in text and "<a " not in text.split("<main")[1]
            bodies.add(re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text))
    assert len(bodies) == 1  # one and the same page


def test_an_expired_link_opens_nothing_anywhere(linked: dict[str, Any]) -> None:
    world = linked
    _answer, token = _make(world, world["ann"])
    client = Client()
    _consent(client, token)
    client.post(_step(token, 1), {"q-begeleiding_uren": "2", "actie": "volgende"})
    AnswerLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _gone_everywhere(token, 410)
    assert Measurement.objects.get().answers == {"begeleiding_uren": 2}  # nothing changed
    unknown = Client().get(_start("x" * 43))
    assert unknown.status_code == 404 and GONE in _text(unknown)
    _gone_everywhere("x" * 43, 404)


def test_revoking_and_a_new_link_replace_the_old(linked: dict[str, Any]) -> None:
    world = linked
    _a, first = _make(world, world["ann"])
    _b, second = _make(world, world["ann"])  # a new link for the same measurement
    assert Client().get(_start(first)).status_code == 410
    assert Client().get(_start(second)).status_code == 200
    link = AnswerLink.objects.get(digest=hashlib.sha256(second.encode()).hexdigest())
    revoked = world["pro"].post(_page_url(world, world["ann"]) + f"{link.pk}/intrekken/")
    assert revoked.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    _gone_everywhere(second, 410)
    assert AuditEntry.objects.filter(action="measurement.link_revoke").count() == 1
    page = _text(world["pro"].get(_page_url(world, world["ann"])))
    assert page.count("Ingetrokken") == 2
    # someone without the client-data right cannot revoke
    assert (
        client_for(world["editor"])
        .post(_page_url(world, world["ann"]) + f"{link.pk}/intrekken/")
        .status_code
        == 404
    )


class _Addresses(HTMLParser):
    """Every address a page names (href, src, a form's action — its own page without
    one) and the values of its forms' buttons."""

    def __init__(self, here: str) -> None:
        super().__init__()
        self.here = here
        self.found: list[str] = []
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name in ("href", "src", "action"):
            if named.get(name):
                self.found.append(urldefrag(urljoin(self.here, named[name] or "")).url)
        if tag == "form":
            self.forms.append((urljoin(self.here, named.get("action") or self.here), []))
        if tag == "button" and self.forms and named.get("name"):
            self.forms[-1][1].append((named["name"] or "", named.get("value") or ""))


def test_a_crawl_from_the_link_reaches_only_its_own_pages(linked: dict[str, Any]) -> None:
    """Breadth-first from the link: every address a page names, every form posted with
    each of its buttons (but 'Nee' and 'Versturen', which end the visit); every page of
    the questionnaire is reached, and nothing outside the token and the static files."""
    world = linked
    _answer, token = _make(world, world["ann"])
    client = Client()
    own = f"http://testserver/vragenlijst/{token}/"
    seen: set[str] = set()
    posted: set[tuple[str, str]] = set()
    queue = deque([own])
    texts = []
    while queue:
        url = queue.popleft()
        assert url.startswith((own, "http://testserver/static/")), url
        if url in seen or "/static/" in url:
            seen.add(url)
            continue
        seen.add(url)
        answer = client.get(url)
        if answer.status_code == 302:
            queue.append(urljoin(url, answer["Location"]))
            continue
        assert answer.status_code == 200, url
        text = answer.content.decode()
        texts.append(text)
        parser = _Addresses(url)
        parser.feed(text)
        queue.extend(parser.found)
        for action, buttons in parser.forms:
            assert action.startswith(own), action
            for name, value in buttons:
                if value in ("nee", "versturen") or (action, value) in posted:
                    continue
                posted.add((action, value))
                moved = client.post(action, {name: value})
                if moved.status_code == 302:
                    queue.append(urljoin(action, moved["Location"]))
    pages = {u for u in seen if "/stap/" in u}
    assert len(pages) == len(_steps()), sorted(pages)
    assert any(u.endswith("/later/") for u in seen)
    assert any("/static/rendement/questionnaire.css" in u for u in seen)
    for text in texts:  # nothing of the client case, the cohort, the app
        for secret in ("K-ANN-77", "K-BOB-88", "Buurtteam", world["cohort"].uid, "/casussen/"):
            assert secret not in text
        assert "/cases/" not in text and "/accounts/" not in text and "/i18n/" not in text


def test_a_form_posted_without_referrer_passes_csrf_only_from_its_own_site(
    linked: dict[str, Any],
) -> None:
    """The pages send no referrer, so a browser says ``Origin: null``; its
    ``Sec-Fetch-Site`` decides, and the CSRF token is still needed."""
    world = linked
    _answer, token = _make(world, world["ann"])
    client = Client(enforce_csrf_checks=True)
    client.get(_start(token))
    csrf = client.cookies["csrftoken"].value
    data = {"toestemming": "ja", "csrfmiddlewaretoken": csrf}
    cross = client.post(_start(token), data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site")
    assert cross.status_code == 403 and not Consent.objects.exists()
    no_token = client.post(
        _start(token), {"toestemming": "ja"}, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert no_token.status_code == 403 and not Consent.objects.exists()
    own = client.post(_start(token), data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert own.status_code == 302 and Consent.objects.get().given


def test_the_end_measurement_sent_through_the_link_makes_the_client_cases_rows(
    linked: dict[str, Any],
) -> None:
    """A finished start measurement (by the professional) and the end measurement sent by
    the client: the client case's rows are made from the pair, replacing the uploaded
    ones — quantities per week × 52, by hand."""
    from rendement.web.cases import services as case_services
    from rendement.web.cases.examples import example_text
    from rendement.web.cohorts.models import ClientRow
    from rendement.web.measuring import services

    world = linked
    text = example_text("cohort/sociaal-makelaar").replace(
        "price_lists: [mbc-de-bilt-2019, vrijwilligerswerk]",
        "price_lists: [mbc-de-bilt-2019, vrijwilligerswerk, kostenhandleiding-2024]",
    )
    cohort = world["cohort"]
    cohort.prices = case_services.create_case(
        actor=world["owner"], organisation=world["bilt"], document=text, message="prijzen"
    )
    cohort.save()
    ann = world["ann"]
    ClientRow.objects.create(
        client=ann, row=2, item="huisarts_contact", kind="effect", before=4.0, after=2.0
    )
    services.record_consent(
        actor=world["owner"], client=ann, instrument=world["instrument"], given=True
    )
    start = services.start_measurement(
        actor=world["owner"], client=ann, instrument=world["instrument"], moment="start"
    )
    services.finish_measurement(
        actor=world["owner"],
        measurement=start,
        answers={"begeleiding_uren": 4, "dagbesteding_dagdelen": 3},
    )
    assert ClientRow.objects.filter(client=ann, item="huisarts_contact").exists()  # no pair yet

    _answer, token = _make(world, ann)
    client = Client()
    _consent(client, token)
    client.post(
        _step(token, 1),
        {"q-begeleiding_uren": "1,5", "q-dagbesteding_dagdelen": "2", "actie": "volgende"},
    )
    sent = client.post(_step(token, len(_steps())), {"actie": "versturen"})
    assert "Dank u wel!" in _text(sent)
    rows = {r.item: (r.before, r.after) for r in ClientRow.objects.filter(client=ann)}
    assert rows["begeleiding_uur"] == (4 * 52, 1.5 * 52)
    assert rows["dagbesteding_dagdeel"] == (3 * 52, 2 * 52)
    assert rows.get("huisarts_contact", (None, None)) == (None, None)  # replaced: unknown now
    assert not ClientRow.objects.filter(client=world["bob"]).exists()
    # the client later refuses through a follow-up link: the measurements and the rows
    # made from them go, in the same transaction, and the audit row counts them
    from rendement.web.measuring.models import MeasuredRows

    made = len(rows)
    _answer, token = _make(world, ann, moment="follow-up")
    refusing = Client()
    assert "U doet niet mee" in _text(_consent(refusing, token, given=False))
    assert not ClientRow.objects.filter(client=ann).exists()
    assert not MeasuredRows.objects.filter(client=ann).exists()
    assert not Measurement.objects.filter(client=ann).exists()
    logged = AuditEntry.objects.filter(action="measurement.consent", detail__given=False).get()
    assert logged.actor is None and logged.detail["rows_removed"] == made


def test_the_link_form_offers_the_instrument_the_client_case_was_measured_with(
    linked: dict[str, Any],
) -> None:
    """An end measurement makes rows only with the start's instrument: the form proposes
    it, not whichever instrument comes first in the list."""
    world = linked
    first = Instrument.objects.create(
        organisation=world["bilt"],
        title="Aaa korte vragenlijst",  # sorts before the guide
        text=BMC.read_text(encoding="utf-8"),
    )

    def proposed(client: ClientCase) -> str:
        page = _text(world["pro"].get(_page_url(world, client)))
        found = re.search(r'<option value="(\d+)" selected>', page)
        assert found is not None, page[:2000]
        return found.group(1)

    assert proposed(world["ann"]) == str(first.pk)  # nothing measured yet: the first
    Measurement.objects.create(client=world["ann"], instrument=world["instrument"], moment="start")
    assert proposed(world["ann"]) == str(world["instrument"].pk)
    assert proposed(world["bob"]) == str(first.pk)
