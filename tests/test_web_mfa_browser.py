"""Two-factor login in a real Chromium against ``rendement serve --demo``, required by an
organisation: the owner turns the requirement on; a member logs in, is sent to set up an
authenticator app, "scans" it (the test reads the secret from the page and computes the
code itself, RFC 6238 with hmac and hashlib: ``totp.py``), sees the recovery codes, and
from then on is asked for a code at every login; a wrong code is refused in Dutch; a
recovery code works once. Nothing the browser does breaks the Content-Security-Policy.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page, expect, sync_playwright

from servers import RENDEMENT, chromium_launch_kwargs, demo_server, log_in
from totp import fresh_code

MEMBER, MEMBER_PASSWORD = "lid", "een-lang-wachtwoord-lid-9"

RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""

ADD_MEMBER = f"""
from django.contrib.auth import get_user_model
from rendement.web.demo import DEMO_ORGANISATION
from rendement.web.organisations.models import Organisation, Role
from rendement.web.organisations.services import add_member
user = get_user_model().objects.create_user({MEMBER!r}, "lid@example.org", {MEMBER_PASSWORD!r})
organisation = Organisation.objects.get(name=DEMO_ORGANISATION)
add_member(actor=None, organisation=organisation, user=user, role=Role.EDITOR)
print(organisation.slug)
"""


def _add_member(data: Path) -> str:
    """A member of the demo organisation (editor, no client-data right), made as an
    administrator would; returns the organisation's slug."""
    made = subprocess.run(
        [RENDEMENT, "manage", "shell", "-c", ADD_MEMBER],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "RENDEMENT_DATA": str(data), "LANG": "C.UTF-8"},
    )
    assert made.returncode == 0, made.stderr
    return made.stdout.strip().splitlines()[-1]


def _log_out(page: Page) -> None:
    page.locator("header form[action$='/logout/'] button").click()
    page.wait_for_url("**/accounts/login/")


def _password(page: Page, base: str, user: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", user)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()


def _code(page: Page, code: str) -> None:
    page.fill("#id_code", code)
    page.locator("main form.card button[type=submit]").click()


def test_two_factor_login_required_by_an_organisation(tmp_path: Path) -> None:
    data = tmp_path / "web-data"
    data.mkdir()
    with (
        demo_server(data) as (served, password),
        sync_playwright() as playwright,
    ):
        slug = _add_member(data)
        base = f"http://127.0.0.1:{served.port}"
        browser = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            context = browser.new_context(locale="nl-NL")
            context.set_default_timeout(30_000)
            context.add_init_script(RECORD)
            page = context.new_page()
            console: list[str] = []

            def heard(message: ConsoleMessage) -> None:
                console.append(message.text)

            page.on("console", heard)
            violations: list[str] = []

            def refused() -> None:
                violations.extend(page.evaluate("window.__violations || []"))

            # the owner (the demo user) requires a second factor of everyone
            log_in(page, served.port, password)
            page.goto(f"{base}/organisations/{slug}/")
            expect(page.locator("#second-factor-required")).not_to_be_checked()
            page.check("#second-factor-required")
            page.locator("#second-factor-form button[type=submit]").click()
            # ... which holds for the owner too: the next page is the setup, after the
            # password again
            page.wait_for_url("**/accounts/reauthenticate/**")
            expect(page.locator(".messages")).to_contain_text("tweede factor")
            page.goto(f"{base}/organisations/{slug}/")
            assert "/accounts/reauthenticate/" in page.url, page.url
            _log_out(page)

            # a member logs in and can reach nothing but the setup
            _password(page, base, MEMBER, MEMBER_PASSWORD)
            page.wait_for_url("**/accounts/reauthenticate/**")
            page.fill("#id_password", MEMBER_PASSWORD)
            page.locator("main form button[type=submit]").click()
            page.wait_for_url("**/accounts/2fa/totp/activate/")
            expect(page.locator("main")).to_contain_text("Voor uw organisatie logt u in")
            page.goto(f"{base}/casussen/")
            page.wait_for_url("**/accounts/2fa/totp/activate/")
            qr = page.locator("img.qr")
            expect(qr).to_be_visible()
            assert page.evaluate("document.querySelector('img.qr').naturalWidth") > 0
            secret = page.locator("#totp-secret").inner_text().strip()
            assert len(secret) >= 16, secret
            _code(page, "12345")  # not even six digits
            expect(page.locator("main .error")).to_be_visible()
            code, step = fresh_code(secret)
            _code(page, code)
            page.wait_for_url("**/accounts/2fa/recovery-codes/")
            expect(page.locator("h1")).to_have_text("Herstelcodes")
            codes = [c.strip() for c in page.locator("#recovery-codes code").all_inner_texts()]
            assert len(codes) == 10 and len(set(codes)) == 10, codes
            page.get_by_role("link", name="Verder naar de business cases").click()
            page.wait_for_url(f"{base}/")
            expect(page.locator("main")).to_contain_text("Gemeente De Bilt (demo)")
            refused()
            _log_out(page)

            # logging in again asks for the code; a wrong one is refused in Dutch
            _password(page, base, MEMBER, MEMBER_PASSWORD)
            page.wait_for_url("**/accounts/2fa/authenticate/")
            expect(page.locator("h1")).to_have_text("Inloggen met een tweede factor")
            wrong = "000000" if code != "000000" else "111111"
            _code(page, wrong)
            expect(page.locator("main .error")).to_contain_text("Ongeldige code")
            assert page.url.endswith("/accounts/2fa/authenticate/")
            code, step = fresh_code(secret, not_counter=step)  # a used code is not taken again
            _code(page, code)
            page.wait_for_url(f"{base}/")
            refused()
            _log_out(page)

            # a recovery code instead of the app's code: once
            _password(page, base, MEMBER, MEMBER_PASSWORD)
            page.wait_for_url("**/accounts/2fa/authenticate/")
            _code(page, codes[0])
            page.wait_for_url(f"{base}/")
            _log_out(page)
            _password(page, base, MEMBER, MEMBER_PASSWORD)
            page.wait_for_url("**/accounts/2fa/authenticate/")
            _code(page, codes[0])
            expect(page.locator("main .error")).to_contain_text("Ongeldige code")
            _code(page, codes[1])
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/accounts/2fa/")
            expect(page.locator("main")).to_contain_text("Nog 8 van de 10 herstelcodes ongebruikt")
            refused()
            said = [m for m in console if "Refused to" in m or "Content Security Policy" in m]
            assert violations == [] and said == [], (violations, said)
        finally:
            browser.close()
