"""The method in the forms: the case's settings, the SROI filters of an effect line,
"Onzeker?" (a range), a formula's result, help texts and the glossary."""

from __future__ import annotations

import html
from typing import Any

import pytest

from rendement.web.cases.models import Case, CaseVersion
from web_world import client_for

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _latest(case: Case) -> CaseVersion:
    return Case.objects.get(pk=case.pk).latest()


def _post(client: Any, case: Case, url: str, status: int = 200, **fields: Any) -> str:
    base = Case.objects.get(pk=case.pk).latest_number
    answer = client.post(f"/cases/{case.uid}/{url}", {"base": base, **fields}, **HX)
    text = html.unescape(answer.content.decode())
    assert answer.status_code == status, text[:3000]
    return text


def test_smoke(world: dict[str, Any]) -> None:
    case, editor = world["case"], client_for(world["editor"])
    page = html.unescape(editor.get(f"/cases/{case.uid}/").content.decode())
    open("/tmp/sm/page.html", "w").write(page)
    assert "Uitgangspunten" in page
