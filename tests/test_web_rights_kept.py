"""A role asked for once per organisation object and user (organisations/rules.py
``role_in``): always the role the database holds, also after a membership is added,
changed or removed while the same organisation object is still in use."""

from __future__ import annotations

from typing import Any

import pytest

from web_world import make_user

pytestmark = pytest.mark.django_db


def _stored(user: Any, organisation: Any) -> str | None:
    """The role as the table holds it, asked without any memo."""
    from rendement.web.organisations.models import Membership

    found = Membership.objects.filter(user=user, organisation_id=organisation.pk).first()
    return found.role if found else None


def test_the_kept_role_is_the_stored_role_after_every_change(
    world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    from rendement.web.organisations.models import Membership, Role
    from rendement.web.organisations.rules import role_in
    from rendement.web.organisations.services import add_member, change_member, remove_member

    bilt, owner = world["bilt"], world["owner"]
    newcomer = make_user("nieuw")
    people = [owner, world["editor"], world["viewer"], world["stranger"], newcomer]

    def check() -> None:
        for person in people:
            assert role_in(person, bilt) == _stored(person, bilt)
            assert person.has_perm("organisations.add_case", bilt) == (
                _stored(person, bilt) in (Role.OWNER, Role.EDITOR)
            )

    check()
    with django_assert_num_queries(0):  # asked again: kept
        for person in people:
            role_in(person, bilt)
    add_member(actor=owner, organisation=bilt, user=newcomer, role=Role.VIEWER)
    check()
    membership = Membership.objects.get(user=newcomer, organisation=bilt)
    change_member(actor=owner, membership=membership, role=Role.EDITOR)
    check()
    assert role_in(newcomer, bilt) == Role.EDITOR
    remove_member(actor=owner, membership=Membership.objects.get(pk=membership.pk))
    check()
    assert role_in(newcomer, bilt) is None
    # another request's object of the same organisation asks the database itself
    from rendement.web.organisations.models import Organisation

    again = Organisation.objects.get(pk=bilt.pk)
    assert role_in(world["editor"], again) == _stored(world["editor"], bilt) == Role.EDITOR


def test_the_role_read_with_the_case_is_the_stored_role(
    world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    from django.http import Http404

    from rendement.web.cases.selectors import case_for
    from rendement.web.organisations.rules import role_in

    uid = world["case"].uid
    for name in ("owner", "editor", "viewer"):
        person = world[name]
        case = case_for(person, uid)
        with django_assert_num_queries(0):  # read with the case
            role = role_in(person, case.organisation)
            may_edit = person.has_perm("cases.change_case", case)
        assert role == _stored(person, world["bilt"])
        assert may_edit == (name != "viewer")
    with pytest.raises(Http404):
        case_for(world["stranger"], uid)
