"""A stored work session as the engine's :class:`~rendement.worksession.WorkSession`:
the one bridge between the database and :mod:`rendement.worksession`, so the page's
spread, the agreed distribution, the cohort's interval and the exported YAML are all the
engine's own figures (no spread or PERT maths here).

Ids: the engine's file needs ids; the page never shows them. An item's id is its
price-list id when that is a valid id (``huisarts_contact``), a participant's is
``deelnemer_<n>`` in the order they joined.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from ruamel.yaml import YAML

from ...worksession import Spread, spreads, summarise_with_spread
from ...worksession.cohort import CohortSpread
from ...worksession.schema import WorkSession as EngineSession
from ...worksession.spread import percent
from .models import Judgement, Participant, SessionItem, WorkSession

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
ROLE_WORDS = {"client": "cliënt"}  # the file's Dutch word for a stored role (else itself)


def item_id(item: SessionItem) -> str:
    return item.item if _ID.match(item.item) else f"onderdeel_{item.pk}"


def participant_ids(participants: Iterable[Participant], prefix: str = "") -> dict[int, str]:
    return {p.pk: f"{prefix}deelnemer_{n}" for n, p in enumerate(participants, start=1)}


def local_time(moment: datetime) -> datetime:
    """A stored (UTC) moment as the session's wall clock, without a zone (the file's)."""
    return timezone.localtime(moment).replace(tzinfo=None)


def _judgement(j: Judgement, ids: dict[int, str], item: str) -> dict[str, Any]:
    out: dict[str, Any] = {"participant": ids[j.participant_id], "item": item, "value": j.value}
    if j.low is not None:
        out["low"] = j.low
    if j.high is not None:
        out["high"] = j.high
    out["at"] = local_time(j.at)
    if j.note:
        out["note"] = j.note
    return out


def _item(item: SessionItem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item_id(item),
        "name": item.name,
        "judges": item.judges,
        "item": item.item,
    }
    if item.agreed is not None:
        out["agreed"] = item.agreed
        if item.agreed_at is not None:
            out["agreed_at"] = local_time(item.agreed_at)
    if item.note:
        out["note"] = item.note
    return out


def as_data(
    session: WorkSession, *, judged_only: bool = False, agreed: bool = False
) -> dict[str, Any]:
    """The session as the engine's document (a dict): every judgement in the order it was
    given. ``judged_only``: without items nobody judged yet (the file requires a judgement
    per item). ``agreed``: only agreed items, each with the judgements up to its agreement
    — the spread that became its distribution."""
    participants = list(session.participants.all())
    ids = participant_ids(participants)
    items = list(session.items.all())
    judgements = list(Judgement.objects.filter(item__session=session).order_by("at", "pk"))
    by_item: dict[int, list[Judgement]] = {}
    for j in judgements:
        by_item.setdefault(j.item_id, []).append(j)
    chosen = []
    for item in items:
        own = by_item.get(item.pk, [])
        if agreed:
            if item.agreed is None or item.agreed_at is None:
                continue
            own = [j for j in own if j.at <= item.agreed_at]
        if (judged_only or agreed) and not own:
            continue
        chosen.append((item, own))
    meta: dict[str, Any] = {
        "title": session.title,
        "about": "casussen",
        "date": session.date.isoformat(),
    }
    if session.facilitator:
        meta["facilitator"] = session.facilitator
    if session.note:
        meta["note"] = session.note
    return {
        "worksession": 1,
        "meta": meta,
        "participants": [
            {"id": ids[p.pk], "name": p.name, "role": ROLE_WORDS.get(p.role, p.role)}
            for p in participants
        ],
        "items": [_item(item) for item, _own in chosen],
        "judgements": [_judgement(j, ids, item_id(item)) for item, own in chosen for j in own],
    }


def as_session(session: WorkSession, **kwargs: Any) -> EngineSession:
    """The stored session validated as the engine's model (its shape only: a session
    under way may have items nobody judged yet)."""
    return EngineSession.model_validate(as_data(session, **kwargs))


def item_spreads(session: WorkSession) -> dict[str, Spread]:
    """Per item id the engine's spread of the current judgements (judged items only;
    nothing before the first judgement: the file needs a participant and an item)."""
    data = as_data(session, judged_only=True)
    if not data["items"]:
        return {}
    return {s.item.id: s for s in spreads(EngineSession.model_validate(data))}


def _share(value: float) -> str:
    return percent(value)


def export_yaml(session: WorkSession) -> str:
    """The session as a work session file that ``rendement werksessie check`` accepts:
    shares written ``70%``, times ``2026-04-02T14:05:00``."""
    data = as_data(session, judged_only=True)
    for item in data["items"]:
        if "agreed" in item:
            item["agreed"] = _share(item["agreed"])
        if "agreed_at" in item:
            item["agreed_at"] = item["agreed_at"].isoformat(timespec="seconds")
    for j in data["judgements"]:
        for key in ("value", "low", "high"):
            if key in j:
                j[key] = _share(j[key])
        j["at"] = j["at"].isoformat(timespec="seconds")
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 100
    out = io.StringIO()
    out.write(
        f"# Werksessie uit rendement (web), cliëntcasussen '{session.cohort.name}'.\n"
        "# Controleren: rendement werksessie check <dit bestand>\n"
    )
    yaml.dump(data, out)
    return out.getvalue()


@dataclass(frozen=True)
class CohortSessions:
    """The agreed items of a cohort's sessions as one engine session (per price-list
    item the latest agreement), with their spreads."""

    session: EngineSession
    spreads: Sequence[Spread]
    titles: list[str]


def agreed_for(cohort: Any) -> CohortSessions | None:
    """Every agreed item of the cohort's sessions, the latest agreement per price-list
    item; None when nothing was agreed yet."""
    latest: dict[str, SessionItem] = {}
    for item in (
        SessionItem.objects.filter(session__cohort=cohort, agreed__isnull=False)
        .select_related("session")
        .order_by("agreed_at", "pk")
    ):
        latest[item.item] = item
    if not latest:
        return None
    sessions = {item.session_id: item.session for item in latest.values()}
    keep = {item.pk for item in latest.values()}
    participants: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    judgements: list[dict[str, Any]] = []
    for number, session in enumerate(sessions.values(), start=1):
        data = as_data(session, agreed=True)
        prefix = f"s{number}_"
        wanted = {item_id(i) for i in session.items.all() if i.pk in keep}
        participants += [{**p, "id": prefix + p["id"]} for p in data["participants"]]
        items += [{**i, "id": prefix + i["id"]} for i in data["items"] if i["id"] in wanted]
        judgements += [
            {**j, "participant": prefix + j["participant"], "item": prefix + j["item"]}
            for j in data["judgements"]
            if j["item"] in wanted
        ]
    combined = EngineSession.model_validate(
        {
            "worksession": 1,
            "meta": {"title": cohort.name, "about": "casussen"},
            "participants": participants,
            "items": items,
            "judgements": judgements,
        }
    )
    return CohortSessions(combined, spreads(combined), [s.title for s in sessions.values()])


def cohort_interval(cohort: Any, valued: Any, by: str | None = None) -> CohortSpread | None:
    """The cohort's mean net per case with its bootstrap interval without and with the
    agreed spreads (:func:`rendement.worksession.summarise_with_spread`)."""
    found = agreed_for(cohort)
    if found is None:
        return None
    return summarise_with_spread(found.session, found.spreads, valued, by)


def for_model(session: WorkSession, text: str) -> tuple[EngineSession, list[Spread]] | None:
    """The session's agreed items as a session on a business case: each item judges every
    effect line of the model whose price is the item (``interventie.effect``), with the
    judgements up to its agreement; None when no agreed item has such a line."""
    from ...model import editing

    tree = editing.parse(text)
    lines: dict[str, list[str]] = {}
    for intervention in tree.get("interventions") or []:
        if not isinstance(intervention, dict):
            continue
        for effect in intervention.get("effects") or []:
            if isinstance(effect, dict) and effect.get("price") and effect.get("id"):
                target = f"{intervention.get('id')}.{effect.get('id')}"
                lines.setdefault(str(effect["price"]), []).append(target)
    data = as_data(session, agreed=True)
    items: list[dict[str, Any]] = []
    judgements: list[dict[str, Any]] = []
    for item in data["items"]:
        for n, target in enumerate(lines.get(item["item"], [])):
            new = item["id"] if n == 0 else f"{item['id']}_{n + 1}"
            items.append({**{k: v for k, v in item.items() if k != "item"}, "id": new})
            items[-1]["effect"] = target
            judgements += [
                {**j, "item": new} for j in data["judgements"] if j["item"] == item["id"]
            ]
    if not items:
        return None
    data |= {
        "meta": {**data["meta"], "about": "businesscase"},
        "items": items,
        "judgements": judgements,
    }
    judged = EngineSession.model_validate(data)
    return judged, spreads(judged)
