"""Membership by consent: an owner invites an e-mail address, the invitee says yes or no;
members leave or are removed (never the last owner); nobody learns another user's address
or whether an address has an account; a stranger's wrong passwords lock nobody else out.

Django's test client on the real database; mails go to Django's test outbox.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, TestCase
from django.urls import URLPattern, get_resolver

from rendement.web.audit.models import AuditEntry
from rendement.web.cohorts.models import Cohort
from rendement.web.organisations.models import Invitation, Membership, Role
from test_web_cohorts import _case_url, _uploaded
from web_world import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """allauth counts failed logins in the cache; every test starts with none."""
    cache.clear()


@pytest.fixture
def broker(world: dict[str, Any]) -> dict[str, Any]:
    """The world with the social broker's case (for client cases); the editor may see
    client cases (as in test_web_cohorts)."""
    from rendement.web.cases import services
    from rendement.web.cases.examples import example_text
    from rendement.web.organisations.services import add_member

    world["broker"] = services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text("cohort/sociaal-makelaar"),
        message="voorbeeld",
        name="sociaal-makelaar.yaml",
    )
    add_member(
        actor=world["owner"],
        organisation=world["bilt"],
        user=world["editor"],
        role=Role.EDITOR,
        client_data=True,
    )
    return world


def _text(answer: Any) -> str:
    return html.unescape(answer.content.decode())


def _invite(
    world: dict[str, Any], email: str, role: str = Role.EDITOR, client_data: bool = False
) -> Any:
    data = {"email": email, "role": role}
    if client_data:
        data["client_data"] = "on"
    # the mail leaves when the invitation is committed; the test's transaction never is
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client_for(world["owner"]).post(
            f"/organisations/{world['bilt'].slug}/invite/", data, follow=True
        )


def _link(email: str) -> str:
    """The path of the invitation link in the last mail to ``email``."""
    sent = [m for m in mail.outbox if m.to == [email]]
    assert sent, f"no mail to {email}"
    found = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", sent[-1].body)
    assert found, sent[-1].body
    return found.group(1)


def test_an_invitation_is_needed_and_the_invitee_sees_nothing_before_accepting(
    world: dict[str, Any],
) -> None:
    newcomer = make_user("nieuw")
    answer = _invite(world, "nieuw@example.org", Role.EDITOR, client_data=True)
    assert answer.status_code == 200
    assert "Uitnodiging verstuurd naar nieuw@example.org." in _text(answer)
    bilt, case = world["bilt"], world["case"]
    assert not Membership.objects.filter(user=newcomer, organisation=bilt).exists()
    assert len(mail.outbox) == 1 and bilt.name in mail.outbox[0].subject
    link = _link("nieuw@example.org")

    client = client_for(newcomer)
    # before accepting: no case, no organisation page, the case list lists nothing of it
    assert client.get(f"/cases/{case.uid}/").status_code == 404
    assert client.get(f"/organisations/{bilt.slug}/").status_code == 404
    front = _text(client.get("/"))
    assert case.uid not in front
    # ... only the notice of the invitation, with its two answers
    assert "U bent uitgenodigd voor organisatie Gemeente De Bilt als bewerker." in front
    assert "Accepteren" in front and "Weigeren" in front
    assert client.get(link).status_code == 200

    accepted = client.post(f"{link}accept/")
    assert accepted.status_code == 302
    membership = Membership.objects.get(user=newcomer, organisation=bilt)
    assert membership.role == Role.EDITOR and membership.client_data
    assert client.get(f"/cases/{case.uid}/").status_code == 200
    assert case.uid in _text(client.get("/"))
    assert "U bent uitgenodigd" not in _text(client.get("/"))
    # the link is used up
    assert client.get(link).status_code == 404
    assert client.post(f"{link}accept/").status_code == 404
    actions = list(
        AuditEntry.objects.filter(organisation=bilt).order_by("id").values_list("action", flat=True)
    )
    assert actions[-2:] == ["invitation.create", "invitation.accept"]


def test_a_notice_is_for_the_owner_of_the_address_only(world: dict[str, Any]) -> None:
    _invite(world, "lezer@example.org")  # the viewer's address; already a member
    _invite(world, "ander@example.org")  # the stranger's
    assert "U bent uitgenodigd" in _text(client_for(world["stranger"]).get("/"))
    assert "U bent uitgenodigd" not in _text(client_for(world["editor"]).get("/"))
    # already a member: no notice; the invitation cannot demote them either
    assert "U bent uitgenodigd" not in _text(client_for(world["viewer"]).get("/"))


def test_declining_leaves_nothing(world: dict[str, Any]) -> None:
    stranger, bilt = world["stranger"], world["bilt"]
    _invite(world, "ander@example.org", Role.OWNER)
    link = _link("ander@example.org")
    client = client_for(stranger)
    assert client.post(f"{link}decline/").status_code == 302
    assert not Membership.objects.filter(user=stranger, organisation=bilt).exists()
    invitation = Invitation.objects.get(email="ander@example.org")
    assert invitation.declined is not None and invitation.accepted is None
    assert client.post(f"{link}accept/").status_code == 404  # no second thought by link
    assert client.get(f"/cases/{world['case'].uid}/").status_code == 404
    assert "U bent uitgenodigd" not in _text(client.get("/"))
    # the owner sees no open invitation, not who declined
    page = _text(client_for(world["owner"]).get(f"/organisations/{bilt.slug}/"))
    assert "ander@example.org" not in page and not re.search(r">ander\b", page)


def test_an_owner_revokes_an_open_invitation(world: dict[str, Any]) -> None:
    bilt = world["bilt"]
    _invite(world, "ander@example.org")
    link = _link("ander@example.org")
    owner = client_for(world["owner"])
    assert "ander@example.org" in _text(owner.get(f"/organisations/{bilt.slug}/"))
    invitation = Invitation.objects.get()
    # an editor may not revoke
    editor = client_for(world["editor"])
    assert (
        editor.post(f"/organisations/{bilt.slug}/invitations/{invitation.pk}/revoke/").status_code
        == 403
    )
    assert owner.post(f"/organisations/{bilt.slug}/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked is not None
    assert client_for(world["stranger"]).post(f"{link}accept/").status_code == 404
    assert not Membership.objects.filter(user=world["stranger"], organisation=bilt).exists()
    assert "ander@example.org" not in _text(owner.get(f"/organisations/{bilt.slug}/"))
    assert AuditEntry.objects.filter(action="invitation.revoke").count() == 1


def test_the_inviter_cannot_tell_whether_an_address_has_an_account(
    world: dict[str, Any],
) -> None:
    """Same status, same page (but for the address typed), same mail for an address with an
    account and one without."""
    known = _invite(world, "ander@example.org")
    unknown = _invite(world, "niemand@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain

    def shown(answer: Any, email: str) -> str:
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", _text(answer))
        page = re.sub(r'"X-CSRFToken": "[^"]+"', "", page)
        page = re.sub(r"/invitations/\d+/", "/invitations/N/", page)
        return page.replace(email, "ADDRESS")

    # what the answer says (the second page also lists the first invitation)
    first, second = shown(known, "ander@example.org"), shown(unknown, "niemand@example.org")
    said = [re.search(r'<ul class="messages">.*?</ul>', p, re.S) for p in (first, second)]
    assert said[0] and said[1] and said[0].group() == said[1].group()
    assert "Uitnodiging verstuurd naar ADDRESS." in said[0].group()
    # the same mail, but for its link
    bodies = [re.sub(r"/invitations/[^/]+/", "/invitations/TOKEN/", m.body) for m in mail.outbox]
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert [m.to for m in mail.outbox] == [["ander@example.org"], ["niemand@example.org"]]
    assert not Membership.objects.filter(user=world["stranger"], organisation=world["bilt"])
    assert "gevonden" not in first + second


def test_no_address_is_shown_to_a_stranger_or_a_fellow_member(world: dict[str, Any]) -> None:
    bilt, other = world["bilt"], world["other"]
    addresses = [u.email for u in (world["owner"], world["editor"], world["viewer"])]
    stranger = client_for(world["stranger"])
    pages = [
        stranger.get("/"),
        stranger.get(f"/organisations/{other.slug}/"),
        stranger.get(f"/organisations/{bilt.slug}/"),
        stranger.get(f"/cases/{world['case'].uid}/"),
        stranger.get("/casussen/"),
    ]
    for page in pages:
        for address in addresses:
            assert address not in page.content.decode()
    assert pages[2].status_code == pages[3].status_code == 404
    # members see each other by name, not by address
    members = _text(client_for(world["viewer"]).get(f"/organisations/{bilt.slug}/"))
    assert "bewerker" in members and "bewerker@example.org" not in members
    assert "eigenaar@example.org" not in members


def _case_urls(uid: str) -> list[str]:
    """Every URL of the case app that names a case, filled in for ``uid``."""
    fill = {"uid": uid, "kind": "effect", "number": "1", "fmt": "html"}
    urls = []
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", []):
            if not isinstance(inner, URLPattern) or inner.name is None:
                continue
            if getattr(pattern, "namespace", None) != "cases" or "uid" not in str(inner.pattern):
                continue
            route = str(inner.pattern)
            for name, value in fill.items():
                route = re.sub(rf"<(?:\w+:)?{name}>", value, route)
            urls.append("/" + route)
    assert len(urls) >= 10, urls  # detail, edit, add, remove, prices, charts, versions, …
    return urls


def test_a_removed_member_finds_nothing_of_the_organisation(broker: dict[str, Any]) -> None:
    world = broker
    bilt, case = world["bilt"], world["case"]
    cohort: Cohort = _uploaded(world)
    editor = client_for(world["editor"])
    urls = _case_urls(case.uid)
    cohort_urls = [
        f"/casussen/{cohort.uid}/",
        f"/casussen/{cohort.uid}/verwacht/",
        f"/casussen/{cohort.uid}/export.csv",
        _case_url(cohort, cohort.clients.first().pseudonym),  # type: ignore[union-attr]
    ]
    assert editor.get(f"/cases/{case.uid}/").status_code == 200
    assert editor.get(cohort_urls[0]).status_code == 200

    membership = Membership.objects.get(user=world["editor"], organisation=bilt)
    owner = client_for(world["owner"])
    assert owner.post(f"/organisations/{bilt.slug}/members/{membership.pk}/remove/").status_code
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="membership.remove", subject="bewerker").exists()

    for url in urls + cohort_urls:
        assert editor.get(url).status_code in (404, 405), url
        assert editor.post(url, {"base": "1"}).status_code in (404, 405), url
    assert editor.post("/cases/new/", {"organisation": bilt.pk}).status_code == 404
    assert editor.get(f"/organisations/{bilt.slug}/").status_code == 404
    assert case.uid not in _text(editor.get("/"))
    assert cohort.uid not in _text(editor.get("/casussen/"))


def test_a_member_can_leave_the_last_owner_cannot(world: dict[str, Any]) -> None:
    bilt = world["bilt"]
    viewer = client_for(world["viewer"])
    assert viewer.post(f"/organisations/{bilt.slug}/leave/").status_code == 302
    assert not Membership.objects.filter(user=world["viewer"], organisation=bilt).exists()
    assert viewer.get(f"/cases/{world['case'].uid}/").status_code == 404

    owner = client_for(world["owner"])
    page = _text(owner.get(f"/organisations/{bilt.slug}/"))
    assert "U bent de enige eigenaar" in page and f"/organisations/{bilt.slug}/leave/" not in page
    assert f"/organisations/{bilt.slug}/leave/" in _text(
        client_for(world["editor"]).get(f"/organisations/{bilt.slug}/")
    )
    # a hand-made request is refused too
    page = _text(owner.post(f"/organisations/{bilt.slug}/leave/", follow=True))
    assert "minstens één eigenaar" in page
    mine = Membership.objects.get(user=world["owner"], organisation=bilt)
    assert mine.role == Role.OWNER
    # nor demoted, nor removed (by a second owner who then leaves: still one owner)
    editor = Membership.objects.get(user=world["editor"], organisation=bilt)
    owner.post(f"/organisations/{bilt.slug}/members/{mine.pk}/", {"role": "viewer"})
    assert Membership.objects.get(pk=mine.pk).role == Role.OWNER
    owner.post(f"/organisations/{bilt.slug}/members/{editor.pk}/", {"role": "owner"})
    second = client_for(world["editor"])
    assert second.post(f"/organisations/{bilt.slug}/members/{mine.pk}/remove/").status_code
    assert not Membership.objects.filter(pk=mine.pk).exists()  # two owners: one may go
    page = _text(second.post(f"/organisations/{bilt.slug}/leave/", follow=True))
    assert "minstens één eigenaar" in page
    assert Membership.objects.get(pk=editor.pk).role == Role.OWNER
    assert (
        sorted(
            AuditEntry.objects.filter(action__startswith="membership.").values_list(
                "action", flat=True
            )
        )
        == ["membership.change", "membership.leave", "membership.remove"] + ["membership.set"] * 2
    )


def test_changing_the_role_keeps_the_client_data_right(broker: dict[str, Any]) -> None:
    world = broker  # the editor may see client cases
    bilt = world["bilt"]
    membership = Membership.objects.get(user=world["editor"], organisation=bilt)
    assert membership.client_data
    owner = client_for(world["owner"])
    page = _text(owner.get(f"/organisations/{bilt.slug}/"))
    # the form shows the current role and right
    row = re.search(
        rf'action="/organisations/{bilt.slug}/members/{membership.pk}/".*?</form>', page, re.S
    )
    assert row
    assert '<option value="editor" selected>' in row.group()
    assert 'name="client_data" checked' in row.group()
    # only the role sent (a hand-made request): the right stays
    owner.post(f"/organisations/{bilt.slug}/members/{membership.pk}/", {"role": "viewer"})
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER and membership.client_data
    # the form as shown, the role changed: the ticked box is sent along, the right stays
    owner.post(
        f"/organisations/{bilt.slug}/members/{membership.pk}/",
        {"role": "editor", "client_data": "on", "client_data_shown": "1"},
    )
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR and membership.client_data
    # unticked in the form: the right goes, the role stays
    owner.post(
        f"/organisations/{bilt.slug}/members/{membership.pk}/",
        {"role": "editor", "client_data_shown": "1"},
    )
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR and not membership.client_data
    changes = AuditEntry.objects.filter(action="membership.change").order_by("id")
    assert [c.detail for c in changes] == [
        {"role": "viewer"},
        {"role": "editor"},
        {"client_data": False},
    ]
    # only an owner changes roles
    viewer = client_for(world["viewer"])
    assert (
        viewer.post(
            f"/organisations/{bilt.slug}/members/{membership.pk}/", {"role": "owner"}
        ).status_code
        == 403
    )


def _login(client: Client, password: str) -> Any:
    return client.post("/accounts/login/", {"login": "lezer", "password": password})


def test_a_strangers_wrong_passwords_do_not_lock_the_user_out(world: dict[str, Any]) -> None:
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        answer = _login(stranger, "geraden-wachtwoord")
        assert answer.status_code == 200  # the form again
    # the stranger's address is now refused even with the right password ...
    assert "_auth_user_id" not in stranger.session
    assert _login(stranger, PASSWORD).status_code == 200
    assert "_auth_user_id" not in stranger.session
    # ... the user from their own address logs in
    own = Client(REMOTE_ADDR="198.51.100.7")
    answer = _login(own, PASSWORD)
    assert answer.status_code == 302, _text(answer)[:500]
    assert own.session["_auth_user_id"] == str(world["viewer"].pk)


def test_the_case_list_offers_only_organisations_where_one_may_make_a_case(
    world: dict[str, Any],
) -> None:
    viewer, bilt = world["viewer"], world["bilt"]
    page = _text(client_for(viewer).get("/"))
    assert 'id="new-organisation"' not in page and 'id="import-organisation"' not in page
    assert "geen van uw organisaties eigenaar of bewerker" in page
    # an editor elsewhere: that organisation only
    from rendement.web.organisations.services import create_organisation

    own = create_organisation(actor=viewer, name="Welzijn Oost", kind="welzijn")
    page = _text(client_for(viewer).get("/"))
    for select in ("new-organisation", "import-organisation"):
        options = re.search(rf'<select id="{select}"[^>]*>(.*?)</select>', page, re.S)
        assert options, select
        values = re.findall(r'<option value="(\d+)"', options.group(1))
        assert values == [str(own.pk)], select
    assert f'value="{bilt.pk}"' not in page.split('id="new-example"')[0].split("<section")[-1]
    assert "geen van uw organisaties" not in page
    # and the one offered works
    answer = client_for(viewer).post("/cases/new/", {"organisation": own.pk, "example": "blank"})
    assert answer.status_code == 302


def test_with_a_mail_server_a_new_address_is_verified() -> None:
    """The settings read the environment once; a fresh interpreter reads them with and
    without ``RENDEMENT_SMTP_HOST``."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='rendement.web.settings';"
        "from django.conf import settings as s;"
        "print(s.ACCOUNT_EMAIL_VERIFICATION, s.EMAIL_BACKEND.rsplit('.', 2)[-2])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("RENDEMENT_SMTP")}
    without = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert without.stdout.split() == ["none", "filebased"]
    env["RENDEMENT_SMTP_HOST"] = "smtp.example.org"
    with_smtp = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert with_smtp.stdout.split() == ["mandatory", "smtp"]


def test_the_link_leads_through_the_login_to_the_invitation(world: dict[str, Any]) -> None:
    _invite(world, "nieuw@example.org")
    link = _link("nieuw@example.org")
    anonymous = Client()
    answer = anonymous.get(link)
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
    assert "next=" in answer["Location"]
    login = _text(anonymous.get(answer["Location"]))
    assert "/accounts/signup/?next=" in login  # a newcomer makes an account on the way
    assert anonymous.get("/invitations/geraden-token/").status_code == 302
    assert client_for(world["stranger"]).get("/invitations/geraden-token/").status_code == 404


def test_with_verification_only_a_verified_address_sees_the_notice(
    world: dict[str, Any], settings: Any
) -> None:
    """Someone who signs up with another's address does not see that person's invitations
    where addresses are verified (a mail server is set)."""
    from allauth.account.models import EmailAddress

    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    _invite(world, "ander@example.org")
    stranger = world["stranger"]
    address = EmailAddress.objects.create(
        user=stranger, email="ander@example.org", verified=False, primary=True
    )
    assert "U bent uitgenodigd" not in _text(client_for(stranger).get("/"))
    address.verified = True
    address.save()
    assert "U bent uitgenodigd" in _text(client_for(stranger).get("/"))
