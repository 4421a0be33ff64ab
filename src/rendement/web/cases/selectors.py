"""Reads: every query of cases goes through here and is scoped to the user's organisations."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from ..organisations.models import Organisation
from .models import Case, CaseVersion


def organisations_of(user: Any) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()


def cases_of(user: Any) -> QuerySet[Case]:
    """The cases the user may see: those of their organisations, and each case shared with
    them or with one of their organisations (that case only, not its organisation)."""
    from ..sharing.selectors import shared_case_ids

    return Case.objects.filter(
        Q(organisation__in=organisations_of(user)) | Q(pk__in=shared_case_ids(user))
    ).select_related("organisation")


def case_for(user: Any, uid: str) -> Case:
    """The case with this id, if the user may see it (their organisation's, or shared with
    them); otherwise 404 — the same answer for a case of another organisation, a share
    revoked, or one that does not exist."""
    from ..organisations.models import Membership
    from ..organisations.rules import know_role

    if not getattr(user, "is_authenticated", False):
        raise Http404
    from ..sharing.models import CaseShare
    from .models import AgreedVersion

    role = Membership.objects.filter(organisation=OuterRef("organisation"), user=user)
    shares = (
        CaseShare.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    found = (
        cases_of(user)
        .filter(uid=uid)
        .annotate(
            my_role=Subquery(role.values("role")[:1]),
            # what the case's head shows, read with the case (a page asked twice more)
            shares_count=Coalesce(Subquery(shares), 0),
            has_agreement=Exists(AgreedVersion.objects.filter(case=OuterRef("pk"))),
        )
    )
    case = found.first()
    if case is None:
        raise Http404
    know_role(user, case.organisation, case.my_role)  # the rights asked next: no query
    return case


def numbered(case: Case, number: int) -> CaseVersion | None:
    """Version ``number`` of the case, or None; read once per request (kept on the case
    object, which lives for one request): an edit asks for the version it was made on
    when it places the change, names it in the message and answers (a version never
    changes once stored)."""
    seen: dict[int, CaseVersion] = case.__dict__.setdefault("_numbered", {})
    found = seen.get(number)
    if found is None:
        found = case.versions.filter(number=number).select_related("author").first()
        if found is not None:  # none yet is not kept: it may be stored next
            seen[number] = found
    return found


def version_of(case: Case, number: int | None = None) -> CaseVersion:
    """A version of the case (the newest when ``number`` is None); 404 if there is none."""
    found = numbered(case, number or case.latest_number)
    if found is None:
        raise Http404
    return found
