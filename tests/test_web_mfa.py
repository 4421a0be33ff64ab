"""The second factor: who must have one, and that without it nothing of the app is reached.

An owner may require a second factor of every member; whoever has the client-data right
needs one anyway (``RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA``, on unless the local demo turns
it off; the other web tests run without it, see conftest.py, and turn it on here). Django's
test client on the real database; the codes are computed by ``totp.py`` (RFC 6238), not
by allauth.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rendement.web.audit.models import AuditEntry
from rendement.web.audit.wording import phrase
from rendement.web.organisations.models import Membership
from rendement.web.organisations.services import change_member, require_second_factor
from totp import fresh_code, hotp, totp
from web_world import PASSWORD, client_for

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def _production_rule(settings: Any) -> None:
    """As in production: the client-data right needs a second factor; no codes used yet."""
    settings.RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA = True
    cache.clear()


def test_the_codes_are_those_of_rfc_6238() -> None:
    """The test's own authenticator against the RFC's published vectors (appendix B,
    SHA-1, key "12345678901234567890"; 8 digits there, the last 6 are an app's code)."""
    key = b"12345678901234567890"
    assert hotp(key, 59 // 30, digits=8) == "94287082"
    assert hotp(key, 1111111109 // 30, digits=8) == "07081804"
    assert hotp(key, 20000000000 // 30, digits=8) == "65353130"
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # the same key in base32, as an app gets it
    assert totp(secret, at=59) == "287082"


def _login(client: Client, username: str) -> Any:
    return client.post("/accounts/login/", {"login": username, "password": PASSWORD})


def logged_in(username: str) -> Client:
    """A client logged in through allauth's form, as a person does, and then confirmed
    with the password again: allauth asks that before a second factor is set up (someone
    at an unlocked computer must not add their own app to another's account)."""
    client = Client()
    answer = _login(client, username)
    assert answer.status_code == 302, answer
    asked = client.get(SETUP)
    assert asked.status_code == 302 and asked["Location"].startswith("/accounts/reauthenticate/")
    confirmed = client.post(asked["Location"], {"password": PASSWORD})
    assert confirmed.status_code in (200, 302), confirmed
    return client


def _give_totp(user: Any) -> str:
    """An authenticator app for ``user`` (as after the setup page); returns its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _all_app_urls(world: dict[str, Any]) -> list[str]:
    """Every URL pattern of the site with its parameters filled in from the world (a case,
    the organisation, made-up numbers: the requirement holds before any view looks)."""
    values = {
        "slug": world["bilt"].slug,
        "uid": world["case"].uid,
        "int": "1",
        "str": "x",
        "path": "x",
    }
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if route.startswith("^"):  # a regular expression (none of the app's own)
                continue
            route = re.sub(
                r"<(?:(\w+):)?(\w+)>",
                lambda m: values.get(m.group(2)) or values.get(m.group(1) or "str", "x"),
                route,
            )
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


EXEMPT = {
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
    SETUP,
    "/accounts/2fa/reauthenticate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/recovery-codes/download/",
    "/i18n/setlang/",
}


def test_a_member_of_an_organisation_requiring_it_reaches_nothing_but_the_setup(
    world: dict[str, Any],
) -> None:
    require_second_factor(actor=world["owner"], organisation=world["bilt"], required=True)
    editor = logged_in("bewerker")  # no client-data right: the organisation's rule
    urls = _all_app_urls(world)
    assert len(urls) >= 60, urls  # cases, versions, cohorts, organisations, accounts, …
    assert set(urls) >= EXEMPT
    reached = []
    for url in urls:
        if url in EXEMPT:  # (logging out would end the walk)
            continue
        for answer in (editor.get(url), editor.post(url)):
            sent = answer.status_code == 302 and answer["Location"] == SETUP
            if not sent:
                reached.append((url, answer.request["REQUEST_METHOD"], answer.status_code))
    assert reached == []
    # the setup pages answer for themselves
    assert editor.get(SETUP).status_code == 200
    assert editor.get("/accounts/2fa/").status_code == 200
    # an HTMX fragment sends the whole page there
    fragment = editor.get(f"/cases/{world['case'].uid}/", headers={"HX-Request": "true"})
    assert fragment.status_code == 204 and fragment["HX-Redirect"] == SETUP
    # static files and the language switch stay reachable
    assert editor.get("/static/rendement/app.css").status_code == 200
    switched = editor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302 and switched["Location"] == "/"
    # logging out works
    assert editor.post("/accounts/logout/").status_code == 302
    assert editor.get("/").status_code == 302 and "/accounts/login/" in editor.get("/")["Location"]


def test_with_an_authenticator_app_the_member_passes(world: dict[str, Any]) -> None:
    require_second_factor(actor=world["owner"], organisation=world["bilt"], required=True)
    _give_totp(world["editor"])
    editor = client_for(world["editor"])
    assert editor.get("/").status_code == 200
    assert editor.get(f"/cases/{world['case'].uid}/").status_code == 200
    # recovery codes alone are no second factor
    viewer = world["viewer"]
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(viewer)
    assert client_for(viewer).get("/")["Location"] == SETUP


def test_the_client_data_right_always_needs_it(world: dict[str, Any], settings: Any) -> None:
    """The organisation requires nothing; a viewer with the client-data right is sent to
    the setup, the same viewer without it is not; the owner (who made the organisation and
    so has the right) too. Off only where the setting is off (the local demo)."""
    assert not world["bilt"].requires_second_factor
    viewer = client_for(world["viewer"])
    assert viewer.get("/").status_code == 200
    membership = Membership.objects.get(user=world["viewer"], organisation=world["bilt"])
    change_member(actor=world["owner"], membership=membership, client_data=True)
    assert viewer.get("/")["Location"] == SETUP
    assert viewer.get(f"/cases/{world['case'].uid}/")["Location"] == SETUP
    assert client_for(world["owner"]).get("/")["Location"] == SETUP
    settings.RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA = False
    assert viewer.get("/").status_code == 200


def test_no_requirement_and_no_client_data_right_no_redirect(world: dict[str, Any]) -> None:
    for who in ("editor", "viewer"):
        client = client_for(world[who])
        for url in ("/", f"/cases/{world['case'].uid}/", "/casussen/", "/accounts/2fa/"):
            answer = client.get(url)
            assert answer.status_code == 200, (who, url, answer.status_code)


def test_an_owner_requires_it_on_the_members_page_and_the_log_says_so(
    world: dict[str, Any],
) -> None:
    owner, bilt = world["owner"], world["bilt"]
    _give_totp(owner)  # the owner has the client-data right: needs one to get here
    client = client_for(owner)
    page = client.get(f"/organisations/{bilt.slug}/").content.decode()
    assert "Tweede factor verplicht voor alle leden" in page
    assert page.count("nog niet") == 2 and page.count("ingesteld") >= 1  # editor, viewer
    url = reverse("organisations:second_factor", args=[bilt.slug])
    assert client.post(url, {"required": "on"}).status_code == 302
    bilt.refresh_from_db()
    assert bilt.requires_second_factor
    client.post(url, {"required": "on"})  # again: nothing changes, no second row
    client.post(url, {})  # unticked: off again
    bilt.refresh_from_db()
    assert not bilt.requires_second_factor
    entries = list(
        AuditEntry.objects.filter(organisation=bilt, action__contains="second_factor")
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert entries == ["organisation.require_second_factor", "organisation.drop_second_factor"]
    assert "verplicht voor alle leden" in phrase(entries[0])
    assert "niet langer verplicht" in phrase(entries[1])
    log = client.get(f"/organisations/{bilt.slug}/logboek/").content.decode()
    assert "maakte een tweede factor bij het inloggen verplicht voor alle leden" in log
    # an editor may not
    _give_totp(world["editor"])
    assert client_for(world["editor"]).post(url, {"required": "on"}).status_code == 403


def test_setting_it_up_with_the_code_of_the_app_then_recovery_codes(
    world: dict[str, Any],
) -> None:
    require_second_factor(actor=world["owner"], organisation=world["bilt"], required=True)
    editor = logged_in("bewerker")
    page = editor.get(SETUP)
    text = page.content.decode()
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', text)
    assert secret, text
    assert 'src="data:image/svg+xml;base64,' in text  # the QR code, an image: no inline SVG
    assert "<script>" not in text and " style=" not in text
    assert "script-src 'self'" in page["Content-Security-Policy"]
    wrong = editor.post(SETUP, {"code": "000000" if totp(secret.group(1)) != "000000" else "1"})
    assert wrong.status_code == 200 and "Ongeldige code" in wrong.content.decode()
    code, _step = fresh_code(secret.group(1))
    done = editor.post(SETUP, {"code": code})
    assert done.status_code == 302 and done["Location"] == "/accounts/2fa/recovery-codes/"
    codes = editor.get(done["Location"]).content.decode()
    assert len(re.findall(r"<li><code>\w+</code></li>", codes)) == 10
    assert editor.get("/").status_code == 200
    # someone who must have one cannot switch it off
    deactivate = editor.post("/accounts/2fa/totp/deactivate/")
    assert deactivate.status_code == 200  # the form again, with the refusal
    assert Authenticator.objects.filter(user=world["editor"], type=Authenticator.Type.TOTP).exists()


def test_the_setup_pages_are_dutch_without_inline_script_or_style(
    world: dict[str, Any],
) -> None:
    editor = logged_in("bewerker")
    seen = {}
    for url in ("/accounts/2fa/", SETUP, "/accounts/reauthenticate/"):
        answer = editor.get(url)
        assert answer.status_code == 200, url
        text = seen[url] = answer.content.decode()
        assert "<script>" not in text and " style=" not in text and " on" + "click" not in text
        assert 'lang="nl"' in text
    assert "Tweede factor bij het inloggen" in seen["/accounts/2fa/"]
    assert "Authenticator-app instellen" in seen[SETUP]
    assert "Bevestig" in seen["/accounts/reauthenticate/"]  # allauth's own words, in Dutch


def test_login_asks_for_the_code_once_it_is_set_up(world: dict[str, Any]) -> None:
    secret = _give_totp(world["editor"])
    client = Client()
    answer = _login(client, "bewerker")
    assert answer.status_code == 302 and answer["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/")["Location"].startswith("/accounts/login/")  # not in yet
    refused = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    if totp(secret) != "123456":
        assert "Ongeldige code" in refused.content.decode()
    code, _step = fresh_code(secret)
    passed = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert passed.status_code == 302 and passed["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_local_demo_goes_without_and_says_so(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``rendement serve --demo`` on 127.0.0.1 (the README's first command): the demo user
    has the client-data right, yet logs in with a password only, and the server says so."""
    import http.cookiejar
    import urllib.parse
    import urllib.request

    from servers import demo_server

    monkeypatch.delenv("RENDEMENT_REQUIRE_2FA_FOR_CLIENT_DATA", raising=False)
    with demo_server(tmp_path) as (served, password):
        assert "logt hier zonder tweede factor in" in served.stdout.read_text()
        base = f"http://127.0.0.1:{served.port}"
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), urllib.request.ProxyHandler({})
        )
        form = browser.open(f"{base}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token
        fields = {"csrfmiddlewaretoken": token.group(1), "login": "demo", "password": password}
        request = urllib.request.Request(
            f"{base}/accounts/login/",
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": f"{base}/accounts/login/"},
        )
        assert browser.open(request).geturl() == f"{base}/"
        assert browser.open(f"{base}/casussen/").geturl() == f"{base}/casussen/"
