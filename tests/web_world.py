"""The web tests' world: two organisations, De Bilt's case, people in every role.

``world`` is a fixture through conftest.py; the web test modules import ``client_for``
and ``PASSWORD`` from here.
"""

from __future__ import annotations

from typing import Any

import pytest

# Django's modules are imported inside the functions: conftest.py imports this module
# before pytest-django has set Django up.

PASSWORD = "een-lang-wachtwoord-7"


def make_user(name: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(name, f"{name}@example.org", PASSWORD)


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    """Two organisations; De Bilt's case in the first; an owner, an editor and a viewer
    there, and a user of the other organisation."""
    from rendement.web.cases import services
    from rendement.web.cases.examples import example_text
    from rendement.web.organisations.models import Role
    from rendement.web.organisations.services import add_member, create_organisation

    owner, editor, viewer, stranger = (
        make_user(n) for n in ("eigenaar", "bewerker", "lezer", "ander")
    )
    bilt = create_organisation(actor=owner, name="Gemeente De Bilt", kind="gemeente")
    add_member(actor=owner, organisation=bilt, user=editor, role=Role.EDITOR)
    add_member(actor=owner, organisation=bilt, user=viewer, role=Role.VIEWER)
    other = create_organisation(actor=stranger, name="Gemeente Elders", kind="gemeente")
    case = services.create_case(
        actor=owner,
        organisation=bilt,
        document=example_text("de-bilt-2019"),
        message="voorbeeld",
        name="de-bilt-2019.yaml",
    )
    return {
        "owner": owner,
        "editor": editor,
        "viewer": viewer,
        "stranger": stranger,
        "bilt": bilt,
        "other": other,
        "case": case,
    }


def client_for(user: Any) -> Any:
    """A test client logged in as ``user``."""
    from django.test import Client

    client = Client()
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


def no_cache_count_due() -> None:
    """The shared cache counts its table at a process's first write and then every 50th
    (``web/caching/backend.py``, tested in ``test_web_cache_backend.py``); where the count
    falls depends on how many entries the tests before wrote. After this, none falls in
    the next 48 writes: a test that counts statements sees those of every other request."""
    import itertools

    from django.core.cache import caches

    caches["default"]._writes = itertools.count(1)
