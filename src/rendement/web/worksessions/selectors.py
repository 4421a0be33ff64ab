"""Reads: a work session is found through its cohort, so only members with the
client-data right of the cohort's organisation see it (:mod:`..cohorts.selectors`);
anyone else gets 404, as for a session that does not exist."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ...cohort.reading import CohortError
from ...cohort.valuation import UnitPrice
from ..cohorts import evaluation
from ..cohorts.models import ClientRow, Cohort
from ..cohorts.selectors import organisations_with_client_data
from .models import Participant, SessionItem, WorkSession


def sessions_of(cohort: Cohort) -> QuerySet[WorkSession]:
    return cohort.worksessions.all()


def session_for(user: Any, uid: str) -> WorkSession:
    found = (
        WorkSession.objects.filter(
            uid=uid, cohort__organisation__in=organisations_with_client_data(user)
        )
        .select_related("cohort", "cohort__organisation", "cohort__prices")
        .first()
    )
    if found is None:
        raise Http404
    return found


def item_for(session: WorkSession, pk: int) -> SessionItem:
    found = session.items.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def participant_for(session: WorkSession, pk: str) -> Participant | None:
    if not pk.isdigit():
        return None
    return session.participants.filter(pk=int(pk)).first()


def judgeable_items(cohort: Cohort) -> list[tuple[str, str, str]]:
    """The items of the cohort's rows a session can judge (effects and shadow values, not
    investments), as ``(item, Dutch name, suggested judges)``: named as the price list of
    the cohort's business case names them; ``kans`` suggested when the rows or the
    defaults give the item a probability."""
    used = (
        ClientRow.objects.filter(client__cohort=cohort)
        .exclude(kind="investment")
        .values_list("item", "probability")
    )
    items: dict[str, bool] = {}
    for item, probability in used:
        items[item] = items.get(item, False) or probability is not None
    defaults = cohort.defaults or {}
    prices: dict[str, UnitPrice] = {}
    if cohort.prices is not None:
        try:
            prices = evaluation.prices_for(cohort.prices)
        except CohortError:  # an incomplete business case: the ids stay readable enough
            prices = {}
    out = []
    for item, has_probability in items.items():
        probable = has_probability or (defaults.get(item) or [None, None])[1] is not None
        name = prices[item].name if item in prices else item.replace("_", " ")
        out.append((item, name, "kans" if probable else "toerekening"))
    return sorted(out, key=lambda i: i[1].lower())
