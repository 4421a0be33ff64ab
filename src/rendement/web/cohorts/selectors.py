"""Reads: every query of client cases goes through here and is scoped to the organisations
where the user may see client data; anything else is not found (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ..cases.models import Case
from ..organisations.models import Organisation, Role
from .models import ClientCase, Cohort


def organisations_with_client_data(user: Any, *, editing: bool = False) -> QuerySet[Organisation]:
    """The organisations whose client cases the user may see (``editing``: also add and
    remove)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    # one filter() call: the conditions hold for the same membership (a second call would
    # join any membership of the organisation, e.g. its owner's)
    roles = (Role.OWNER, Role.EDITOR) if editing else tuple(Role.values)
    return Organisation.objects.filter(
        memberships__user=user, memberships__client_data=True, memberships__role__in=roles
    ).distinct()


def cohorts_of(user: Any) -> QuerySet[Cohort]:
    return Cohort.objects.filter(
        organisation__in=organisations_with_client_data(user)
    ).select_related("organisation", "prices")


def cohort_for(user: Any, uid: str) -> Cohort:
    """The cohort with this id if the user may see its client cases; otherwise 404 — the
    same answer as for a cohort that does not exist."""
    found = cohorts_of(user).filter(uid=uid).first()
    if found is None:
        raise Http404
    return found


def client_for(cohort: Cohort, client: int) -> ClientCase:
    """A client case of the cohort by its number in the database (a pseudonym may hold any
    character, a '/' too, so addresses use the number)."""
    found = cohort.clients.filter(pk=client).first()
    if found is None:
        raise Http404
    return found


def business_cases_for(organisation: Organisation) -> QuerySet[Case]:
    """The business cases whose prices may value a cohort of ``organisation``: its own."""
    return Case.objects.filter(organisation=organisation).order_by("title")
