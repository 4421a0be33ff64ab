"""Sharing one case (with another organisation or one person, read-only or as editor) and
the public link to one version: what each grants, what it never grants, revoking, expiry
and the audit rows.

The world (tests/web_world.py): De Bilt's case in "Gemeente De Bilt" with an owner, an
editor and a viewer; "ander" is the only member of "Gemeente Elders".
"""

from __future__ import annotations

import html
import re
import secrets
from datetime import timedelta
from typing import Any

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from rendement.web.audit.models import AuditEntry
from rendement.web.cases import services as case_services
from rendement.web.cases import urls as case_urls
from rendement.web.cases.examples import example_text
from rendement.web.cases.guide import SLUGS
from rendement.web.security import DOCUMENT_POLICY
from rendement.web.sharing import services
from rendement.web.sharing import urls as sharing_urls
from rendement.web.sharing.models import CaseShare, PublicLink
from web_world import client_for, make_user


def _text(answer: Any) -> str:
    return html.unescape(answer.content.decode())


def _share(world: dict[str, Any], met: str, toegang: str = "lezen", by: str = "owner") -> Any:
    """Share De Bilt's case through the share page's form."""
    uid = world["case"].uid
    form = {"met": met, "toegang": toegang}
    return client_for(world[by]).post(f"/cases/{uid}/delen/toevoegen/", form)


def _second_case(world: dict[str, Any]) -> Any:
    return case_services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text("rekenvoorbeeld-meerjarig"),
        message="tweede",
    )


def _cohort(world: dict[str, Any]) -> Any:
    from rendement.cohort.reading import read_cases
    from rendement.web.cases.examples import examples_dir
    from rendement.web.cohorts.services import import_cohort

    return import_cohort(
        actor=world["owner"],
        organisation=world["bilt"],
        name="Makelaar",
        cases=read_cases(examples_dir() / "cohort/sociaal-makelaar.csv"),
        prices=world["case"],
    )


def _edit(client: Any, case: Any, value: str) -> Any:
    return client.post(
        f"/cases/{case.uid}/edit/",
        {"loc": "interventions.0.reach", "value": value, "base": str(case.latest_number)},
    )


# -- what a share grants ------------------------------------------------------------------


def test_a_read_only_share_shows_that_case_and_nothing_else(world: dict[str, Any]) -> None:
    case, stranger = world["case"], world["stranger"]
    other_case = _second_case(world)
    cohort = _cohort(world)
    reader = client_for(stranger)
    assert reader.get(f"/cases/{case.uid}/").status_code == 404  # before: not theirs

    answer = _share(world, "gemeente elders")  # the organisation's name, in any case
    assert answer.status_code == 302
    share = CaseShare.objects.get()
    assert (share.organisation, share.user, share.access) == (world["other"], None, "lezen")

    page = reader.get(f"/cases/{case.uid}/")
    assert page.status_code == 200
    assert "gedeeld door Gemeente De Bilt, alleen lezen" in _text(page)
    assert reader.get(f"/cases/{case.uid}/versions/1/").status_code == 200
    assert reader.get(f"/cases/{case.uid}/versions/1.yaml").content.decode() == (
        case.latest().document
    )
    listed = _text(reader.get("/"))
    assert case.title in listed and "gedeeld door Gemeente De Bilt" in listed
    assert other_case.title not in listed

    # read only: no edit, no vastgesteld, no delete, no share page
    assert _edit(reader, case, "320").status_code == 403
    case.refresh_from_db()
    assert case.latest_number == 1
    agree = {"agreed_on": "2026-03-12"}
    assert reader.post(f"/cases/{case.uid}/versions/1/agree/", agree).status_code == 403
    assert reader.post(f"/cases/{case.uid}/delete/").status_code == 403
    assert reader.get(f"/cases/{case.uid}/delen/").status_code == 403
    # never the organisation's other cases, its pages or its client cases
    assert reader.get(f"/cases/{other_case.uid}/").status_code == 404
    assert reader.get(f"/organisations/{world['bilt'].slug}/").status_code == 404
    assert reader.get(f"/organisations/{world['bilt'].slug}/logboek/").status_code == 404
    assert reader.get(f"/casussen/{cohort.uid}/").status_code == 404
    assert reader.get(f"/casussen/{cohort.uid}/export.csv").status_code == 404
    assert cohort.name not in _text(reader.get("/casussen/"))


def test_an_editing_share_edits_that_case_only(world: dict[str, Any]) -> None:
    case, stranger = world["case"], world["stranger"]
    other_case = _second_case(world)
    _share(world, "Gemeente Elders", "bewerken")
    editor = client_for(stranger)
    assert _edit(editor, case, "320").status_code == 200
    case.refresh_from_db()
    assert case.latest_number == 2
    assert case.latest().author == stranger
    assert "reach: 320" in case.latest().document
    assert stranger.has_perm("cases.change_case", case)
    # the organisation's decisions stay the organisation's
    assert not stranger.has_perm("cases.agree_version", case)
    assert not stranger.has_perm("cases.share_case", case)
    assert editor.post(f"/cases/{case.uid}/delen/toevoegen/", {"met": "x"}).status_code == 403
    assert _edit(editor, other_case, "320").status_code == 404


def test_a_share_with_one_person_by_email(world: dict[str, Any]) -> None:
    case = world["case"]
    alone = make_user("los")
    colleague = make_user("collega")
    answer = _share(world, "LOS@example.org")
    assert answer.status_code == 302
    assert CaseShare.objects.get().user == alone
    assert client_for(alone).get(f"/cases/{case.uid}/").status_code == 200
    assert client_for(colleague).get(f"/cases/{case.uid}/").status_code == 404
    assert client_for(world["stranger"]).get(f"/cases/{case.uid}/").status_code == 404


def test_sharing_is_refused_in_words(world: dict[str, Any]) -> None:
    case = world["case"]
    owner = client_for(world["owner"])

    def said(met: str) -> str:
        answer = owner.post(f"/cases/{case.uid}/delen/toevoegen/", {"met": met}, follow=True)
        return _text(answer)

    assert "Er is geen account met dit e-mailadres." in said("niemand@example.org")
    assert "Er is geen organisatie met deze naam." in said("Gemeente Nergens")
    assert "Deze organisatie is de eigenaar van de business case." in said("Gemeente De Bilt")
    assert "al lid van de organisatie" in said("lezer@example.org")
    assert CaseShare.objects.count() == 0
    # a viewer of the organisation sees the page, but may not share
    viewer = client_for(world["viewer"])
    assert viewer.get(f"/cases/{case.uid}/delen/").status_code == 200
    assert _share(world, "Gemeente Elders", by="viewer").status_code == 403
    assert CaseShare.objects.count() == 0


# -- revoking: 404 on every URL of the case -------------------------------------------------


def _case_urls(uid: str, share_pk: int, link_pk: int) -> list[tuple[str, bool]]:
    """Every URL pattern of a case (the case's own and the share page's), filled in; with
    whether its view takes POST only."""
    values = {
        "uid": uid,
        "number": 1,
        "a": 1,
        "b": 1,
        "fmt": "pdf",
        "kind": "effect",
        "step": SLUGS[0],
        "pk": share_pk,
    }
    found = []
    for namespace, patterns in (("cases", case_urls), ("sharing", sharing_urls)):
        for pattern in patterns.urlpatterns:
            assert isinstance(pattern, URLPattern)
            names = set(pattern.pattern.converters) or set(
                re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
            )
            if "uid" not in names:
                continue
            kwargs = {k: values[k] for k in names}
            if pattern.name == "link_revoke":
                kwargs["pk"] = link_pk
            url = reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)
            found.append((url, _post_only(pattern.callback)))
    return found


def _post_only(view: Any) -> bool:
    """Whether the view below ``login_required`` answers a GET with 405 (``require_POST``)
    before it looks at the case."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    try:
        answer = view.__wrapped__(request, uid="x")
    except Exception:  # it went on to look for the case: not POST-only
        return False
    return getattr(answer, "status_code", 0) == 405


def test_after_revoking_every_url_of_the_case_is_not_found(world: dict[str, Any]) -> None:
    case = world["case"]
    _share(world, "Gemeente Elders", "bewerken")
    share = CaseShare.objects.get()
    link = services.create_public_link(actor=world["owner"], case=case, version=case.latest())
    urls = _case_urls(case.uid, share.pk, link.pk)
    assert len(urls) >= 30  # every page of a case, not a sample
    member = client_for(world["stranger"])
    # before: the case's pages open (downloads aside: a report takes seconds each)
    for url, post_only in urls:
        if post_only or "/download/" in url or "/delen/" in url:
            continue
        assert member.get(url).status_code != 404, url
    revoked = client_for(world["owner"]).post(f"/cases/{case.uid}/delen/{share.pk}/intrekken/")
    assert revoked.status_code == 302
    assert not CaseShare.objects.exists()
    for url, post_only in urls:
        assert member.post(url).status_code == 404, url
        # a GET of a POST-only address: 405, as for a case that does not exist
        assert member.get(url).status_code == (405 if post_only else 404), url
        made_up = url.replace(case.uid, secrets.token_hex(8))
        assert member.get(made_up).status_code == member.get(url).status_code, url
    assert case.title not in _text(member.get("/"))


# -- public links ---------------------------------------------------------------------------


def _links_in(page: str) -> set[str]:
    """Every same-origin address a page links to, posts to or loads into itself."""
    found = set(re.findall(r'(?:href|action|hx-get|hx-post)="(/[^"]*)"', page))
    return {u for u in found if not u.startswith("/static/")}


def test_a_public_link_shows_one_version_and_nothing_else(world: dict[str, Any]) -> None:
    case = world["case"]
    _edit(client_for(world["owner"]), case, "320")  # version 2: twice Ouders Lokaal's reach
    owner = client_for(world["owner"])
    until = timezone.localdate() + timedelta(days=30)
    answer = owner.post(
        f"/cases/{case.uid}/delen/link/", {"versie": "1", "geldig_tot": until.isoformat()}
    )
    assert answer.status_code == 302
    link = PublicLink.objects.get()
    assert link.version.number == 1
    assert len(link.token) >= 43  # 32 random bytes, URL-safe
    assert timezone.localdate(link.expires) == until
    listed = _text(owner.get(f"/cases/{case.uid}/delen/"))
    assert f"/openbaar/{link.token}/" in listed and "Geldig" in listed

    from django.test import Client

    anonymous = Client()
    prefix = f"/openbaar/{link.token}/"
    page = anonymous.get(prefix)
    assert page.status_code == 200
    shown = _text(page)
    assert case.title in shown and "Versie 1 van" in shown
    # version 1's net saving of Ouders Lokaal's base (98.072), not version 2's (196.144)
    assert "98.072" in shown and "196.144" not in shown
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "<script>" not in shown and "onclick" not in shown
    reached = _links_in(page.content.decode())
    assert reached and all(u.startswith(prefix) for u in reached), reached
    charts = anonymous.get(prefix + "grafieken/")
    assert charts.status_code == 200
    assert all(u.startswith(prefix) for u in _links_in(charts.content.decode()))
    report = anonymous.get(prefix + "rapport.html")
    assert report.status_code == 200
    assert report["Content-Security-Policy"] == DOCUMENT_POLICY
    assert "98.072" in _text(report)
    link.refresh_from_db()
    assert link.opened == 1
    # nothing else with it: the case, its versions, the organisation ask for a login
    for url in (
        f"/cases/{case.uid}/",
        f"/cases/{case.uid}/versions/2/",
        f"/cases/{case.uid}/versions/1.yaml",
        f"/organisations/{world['bilt'].slug}/",
    ):
        assert anonymous.get(url).status_code == 302, url
    assert anonymous.get(prefix + "rapport.yaml").status_code == 404
    assert anonymous.get(f"/openbaar/{secrets.token_urlsafe(32)}/").status_code == 404


def test_an_expired_or_revoked_link_is_gone(world: dict[str, Any]) -> None:
    from django.test import Client

    case = world["case"]
    owner = world["owner"]
    link = services.create_public_link(actor=owner, case=case, version=case.latest(), days=1)
    url = f"/openbaar/{link.token}/"
    assert Client().get(url).status_code == 200
    PublicLink.objects.filter(pk=link.pk).update(expires=timezone.now() - timedelta(seconds=1))
    for tail in ("", "grafieken/", "rapport.pdf", "rapport.html"):
        gone = Client().get(url + tail)
        assert gone.status_code == 404
        assert "Deze link is verlopen of ingetrokken" in _text(gone)
        assert "/cases/" not in gone.content.decode()  # no way into the app
    assert "Verlopen" in _text(client_for(owner).get(f"/cases/{case.uid}/delen/"))

    fresh = services.create_public_link(actor=owner, case=case, version=case.latest())
    assert fresh.token != link.token
    assert Client().get(f"/openbaar/{fresh.token}/").status_code == 200
    answer = client_for(owner).post(f"/cases/{case.uid}/delen/link/{fresh.pk}/intrekken/")
    assert answer.status_code == 302
    assert Client().get(f"/openbaar/{fresh.token}/").status_code == 404
    assert "Ingetrokken" in _text(client_for(owner).get(f"/cases/{case.uid}/delen/"))


def test_a_link_is_made_only_by_the_organisations_editors(world: dict[str, Any]) -> None:
    case = world["case"]
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    form = {"versie": "1", "geldig_tot": until}
    viewer = client_for(world["viewer"])
    assert viewer.post(f"/cases/{case.uid}/delen/link/", form).status_code == 403
    _share(world, "Gemeente Elders", "bewerken")
    stranger = client_for(world["stranger"])
    assert stranger.post(f"/cases/{case.uid}/delen/link/", form).status_code == 403
    assert not PublicLink.objects.exists()
    with pytest.raises(services.ShareRefused):
        services.create_public_link(
            actor=world["owner"], case=case, version=case.latest(), days=services.MAX_LINK_DAYS + 1
        )


# -- the audit log --------------------------------------------------------------------------


def test_every_share_and_revoke_writes_one_audit_row(world: dict[str, Any]) -> None:
    case, owner = world["case"], world["owner"]
    before = AuditEntry.objects.count()
    _share(world, "Gemeente Elders")
    _share(world, "Gemeente Elders")  # the same again: nothing changes, nothing written
    _share(world, "Gemeente Elders", "bewerken")  # the access changed
    share = CaseShare.objects.get()
    assert share.access == "bewerken"
    client_for(owner).post(f"/cases/{case.uid}/delen/{share.pk}/intrekken/")
    link = services.create_public_link(actor=owner, case=case, version=case.latest(), days=7)
    services.revoke_public_link(actor=owner, link=link)
    services.revoke_public_link(actor=owner, link=link)  # twice: one row
    rows = list(AuditEntry.objects.order_by("id")[before:])
    assert [(r.action, r.actor, r.organisation, r.subject) for r in rows] == [
        ("case.share", owner, world["bilt"], f"case {case.uid}"),
        ("case.share", owner, world["bilt"], f"case {case.uid}"),
        ("case.unshare", owner, world["bilt"], f"case {case.uid}"),
        ("case.link_create", owner, world["bilt"], f"case {case.uid}"),
        ("case.link_revoke", owner, world["bilt"], f"case {case.uid}"),
    ]
    assert [r.detail.get("access") for r in rows[:2]] == ["lezen", "bewerken"]
    expiry = (timezone.localdate() + timedelta(days=7)).strftime("%d-%m-%Y")
    assert rows[3].detail["until"] == expiry
    log = _text(client_for(owner).get(f"/organisations/{world['bilt'].slug}/logboek/"))
    assert "deelde de business case met Gemeente Elders (alleen lezen)" in log
    assert "deelde de business case met Gemeente Elders (bewerken)" in log
    assert "trok het delen van de business case met Gemeente Elders in" in log
    assert f"maakte een openbare link naar versie 1, geldig tot {expiry}" in log
    assert "trok de openbare link naar versie 1 in" in log


# -- the back-up ----------------------------------------------------------------------------

SHARED_ROWS = """
import json
from rendement.web.sharing.models import CaseShare, PublicLink
print(json.dumps([
    sorted([s.case.uid, s.recipient, s.access] for s in CaseShare.objects.all()),
    sorted([k.token, k.version.number, k.expires.isoformat(), k.revoked is not None]
           for k in PublicLink.objects.all()),
]))
"""


def test_shares_and_links_come_back_from_a_backup(world: dict[str, Any], tmp_path: Any) -> None:
    """A restore gives back every share and link as it was: a revoked link stays revoked,
    a token keeps working (or not) exactly as before."""
    import json
    import tempfile
    from pathlib import Path

    from rendement.web.backup import write_backup
    from test_backup import _environment, _rendement

    case, owner = world["case"], world["owner"]
    alone = make_user("los")
    services.share_case(actor=owner, case=case, access="bewerken", organisation=world["other"])
    services.share_case(actor=owner, case=case, user=alone)
    kept = services.create_public_link(actor=owner, case=case, version=case.latest(), days=9)
    gone = services.create_public_link(actor=owner, case=case, version=case.latest())
    services.revoke_public_link(actor=owner, link=gone)
    target = tmp_path / "backup.zip"
    write_backup(target)

    env = _environment(Path(tempfile.mkdtemp(prefix="rendement-delen-")))
    done = _rendement(env, "restore", str(target))
    assert done.returncode == 0, done.stdout + done.stderr
    dumped = _rendement(env, "manage", "shell", "-c", SHARED_ROWS)
    assert dumped.returncode == 0, dumped.stdout + dumped.stderr
    shares, links = json.loads(dumped.stdout.strip().splitlines()[-1])
    assert shares == sorted(
        [
            [case.uid, "Gemeente Elders", "bewerken"],
            [case.uid, "los (los@example.org)", "lezen"],
        ]
    )
    assert links == sorted(
        [
            [kept.token, 1, kept.expires.isoformat(), False],
            [gone.token, 1, gone.expires.isoformat(), True],
        ]
    )


def test_a_public_link_gives_the_pdf_made_before_in_the_background(
    world: dict[str, Any],
) -> None:
    """A version's PDF a background job already made is what the public link sends, at
    once; a PDF of another version of the same case is never sent for this one."""
    from django.test import Client

    from rendement.web.work.models import Job

    case = world["case"]
    owner = world["owner"]
    _edit(client_for(owner), case, "320")  # version 2
    first, second = case.versions.get(number=1), case.versions.get(number=2)
    link = services.create_public_link(actor=owner, case=case, version=first)
    made = b"%PDF-1.7 made in the background for version 1"
    for version, body in ((second, b"%PDF-1.7 version 2"), (first, made)):
        Job.objects.create(
            case=case,
            version=version,
            kind=Job.Kind.PDF,
            language="nl",
            status=Job.Status.DONE,
            progress=100,
            result=body,
            result_name=f"business-case-v{version.number}.pdf",
        )
    answer = Client().get(f"/openbaar/{link.token}/rapport.pdf")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content == made
    assert answer["X-Robots-Tag"] == "noindex, nofollow"
