"""The editor's groups kept per what they show (web/cases/fragments.py): a case page
served with kept groups is, byte for byte, the page rendered in full — after edits, in
both languages, for an editor and for a reader who may not edit, on every example case —
and never shows another version's value, language or rights."""

from __future__ import annotations

import re
from typing import Any

import pytest

from web_world import client_for

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+"')


def _page(client: Any, uid: str, *, kept: bool, **headers: str) -> str:
    """The case page, with kept groups or rendered in full; the CSRF token (new per
    request, never kept) written as ``TOKEN``."""
    from rendement.web.cases import fragments

    fragments.ENABLED = kept
    try:
        answer = client.get(f"/cases/{uid}/", **headers)
    finally:
        fragments.ENABLED = True
    assert answer.status_code == 200
    return _TOKEN.sub(r"\1TOKEN\"", answer.content.decode())


def _same(client: Any, uid: str, **headers: str) -> str:
    """The page twice with kept groups (made, then found) and once in full: all equal."""
    first = _page(client, uid, kept=True, **headers)
    found = _page(client, uid, kept=True, **headers)
    full = _page(client, uid, kept=False, **headers)
    assert first == full
    assert found == full
    return full


@pytest.mark.parametrize(
    "example",
    ["de-bilt-2019", "de-bilt-2019-onzeker", "rekenvoorbeeld-meerjarig", "sroi-uk-pounds"],
)
def test_kept_groups_give_the_page_rendered_in_full(world: dict[str, Any], example: str) -> None:
    from rendement.web.cases import fragments, services
    from rendement.web.cases.examples import example_text

    case = services.create_case(
        actor=world["owner"],
        organisation=world["bilt"],
        document=example_text(example),
        message="voorbeeld",
    )
    fragments.KEPT.clear()
    editor, viewer = client_for(world["editor"]), client_for(world["viewer"])
    for lang in ("nl", "en"):
        for client in (editor, viewer):
            client.post("/i18n/setlang/", {"language": lang, "next": "/"})
            _same(client, case.uid)
            _same(client, case.uid, HTTP_HX_REQUEST="true")  # the workspace alone
    assert len(fragments.KEPT) > 0  # the comparison above was with kept groups


def test_a_kept_group_never_shows_another_version_language_or_right(
    world: dict[str, Any],
) -> None:
    from rendement.web.cases import fragments
    from rendement.web.cases.models import Case

    case = world["case"]
    fragments.KEPT.clear()
    editor, viewer = client_for(world["editor"]), client_for(world["viewer"])
    _same(editor, case.uid)
    url = f"/cases/{case.uid}/edit/"
    for number, value in enumerate(("321", "4321", "321"), start=1):
        answer = editor.post(url, {"base": number, "loc": "interventions.0.reach", "value": value})
        assert answer.status_code == 200
        page = _same(editor, case.uid)
        # the new value in the reach field, whatever was kept from before
        assert re.search(r'id="f-interventions\.0\.reach" name="value" value="' + value + '"', page)
        assert f'id="case-base" name="base" value="{number + 1}"' in page
    assert Case.objects.get(pk=case.pk).latest_number == 4  # 321 again: a kept group's
    # a setting and an SROI filter (kept apart from the groups' numbers)
    for loc, value, shown in (
        ("meta.horizon_years", "3", 'id="f-meta.horizon_years" name="value" value="3"'),
        (
            "interventions.0.effects.0.deadweight",
            "0.25",
            'id="f-interventions.0.effects.0.deadweight" name="value" value="0.25"',
        ),
    ):
        base = Case.objects.get(pk=case.pk).latest_number
        answer = editor.post(
            f"/cases/{case.uid}/optional/", {"base": base, "loc": loc, "value": value}
        )
        assert answer.status_code == 200, answer.content[:500]
        assert shown in _same(editor, case.uid)
    # a reader after the editor: no form of the editor's (the groups' forms are readonly)
    read = _same(viewer, case.uid)
    assert 'id="f-interventions.0.reach" name="value" value="321" readonly' in read
    assert "Effectregel toevoegen" not in read and "Onzeker?" not in read
    edit = _page(editor, case.uid, kept=True)
    assert "Effectregel toevoegen" in edit and "Onzeker?" in edit
    # English after Dutch: no Dutch group
    editor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = _same(editor, case.uid)
    assert "Effectregel toevoegen" not in english and "Onzeker?" not in english


def test_a_page_with_an_error_is_rendered_in_full_and_keeps_what_was_typed(
    world: dict[str, Any],
) -> None:
    from rendement.web.cases import fragments

    case = world["case"]
    fragments.KEPT.clear()
    editor = client_for(world["editor"])
    _same(editor, case.uid)
    kept = len(fragments.KEPT)
    answer = editor.post(
        f"/cases/{case.uid}/edit/",
        {"base": 1, "loc": "interventions.0.reach", "value": "veel"},
    )
    assert answer.status_code == 422
    assert 'value="veel"' in answer.content.decode()
    assert len(fragments.KEPT) == kept  # nothing kept from a page with an error
    fragments.KEPT.clear()
    # an add-form refused: its text is shown again, the page rendered in full
    refused = editor.post(
        f"/cases/{case.uid}/add/investment/",
        {"base": 1, "index": 0, "name": "Mijn getypte investering", "amount": "veel"},
    )
    assert "Mijn getypte investering" in refused.content.decode()
    assert not any("Mijn getypte investering" in html for html in fragments.KEPT.values())
