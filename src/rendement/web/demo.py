"""The demo: an organisation with the De Bilt case (and the uncertain and multi-year
examples), the invented social broker's business case with its 60 invented client cases,
and a demo user, made once in a fresh data directory."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_USER = "demo"
DEMO_ORGANISATION = "Gemeente De Bilt (demo)"
DEMO_CASES = (
    "de-bilt-2019",
    "de-bilt-2019-onzeker",
    "rekenvoorbeeld-meerjarig",
    "cohort/sociaal-makelaar",
)
DEMO_COHORT = "cohort/sociaal-makelaar.csv"  # invented client cases, valued by the case above


@dataclass
class Demo:
    username: str
    password: str
    created: bool


@transaction.atomic
def ensure_demo(password: str | None = None) -> Demo:
    """The demo user, organisation and cases; a new password each start (printed once)."""
    from .cases.examples import EXAMPLES, example_text
    from .cases.services import create_case
    from .organisations.models import Organisation
    from .organisations.services import create_organisation

    users = get_user_model()
    user = users.objects.filter(username=DEMO_USER).first()
    created = user is None
    if user is None:
        user = users.objects.create_user(DEMO_USER, email="demo@example.org")
    chosen = password or secrets.token_urlsafe(9)
    user.set_password(chosen)
    user.save()
    organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if organisation is None:
        organisation = create_organisation(
            actor=user, name=DEMO_ORGANISATION, kind=Organisation.Kind.MUNICIPALITY
        )
        cases = [
            create_case(
                actor=user,
                organisation=organisation,
                document=example_text(name),
                message=f"Demo: voorbeeld {EXAMPLES.get(name, name)}",
                name=f"{name.rsplit('/', 1)[-1]}.yaml",
            )
            for name in DEMO_CASES
        ]
        _demo_cohort(user, organisation, cases[-1])
        _demo_worksession(user, organisation)
    return Demo(DEMO_USER, chosen, created)


def _demo_cohort(user: Any, organisation: Any, case: Any) -> None:
    from ..cohort.reading import read_cases
    from .cases.examples import examples_dir
    from .cohorts.services import import_cohort

    cases = read_cases(examples_dir() / DEMO_COHORT)
    import_cohort(
        actor=user,
        organisation=organisation,
        name="Sociaal makelaar Voorbeeldstad (verzonnen)",
        cases=cases,
        prices=case,
    )


DEMO_WORKSESSION = "werksessie/sociaal-makelaar-toerekening.yaml"  # its judgements, invented


def _demo_worksession(user: Any, organisation: Any) -> None:
    """A finished work session on the demo cohort: the example file's three participants
    and their judgements (with their own times), every item agreed and applied."""
    import datetime

    from django.utils import timezone

    from ..worksession import loads_session, spreads
    from .cases.examples import examples_dir
    from .cohorts.models import Cohort
    from .worksessions import selectors, services

    cohort = Cohort.objects.filter(organisation=organisation).first()
    if cohort is None:
        return
    loaded = loads_session((examples_dir() / DEMO_WORKSESSION).read_text(encoding="utf-8"))
    file = loaded.session
    names = {item: name for item, name, _judges in selectors.judgeable_items(cohort)}
    session = services.create_session(
        actor=user,
        cohort=cohort,
        title=file.meta.title,
        when=datetime.date.fromisoformat(file.meta.date or "2026-04-02"),
        items=[(i.item or "", names.get(i.item or "", i.name), i.judges) for i in file.items],
        facilitator=file.meta.facilitator or "",
        note=file.meta.note or "",
    )
    people = {
        p.id: services.add_participant(
            actor=user, session=session, name=p.name, role=p.role or "anders"
        )
        for p in file.participants
    }
    items = {i.id: session.items.get(item=i.item) for i in file.items}
    for j in file.judgements:
        services.record_judgement(
            actor=user,
            item=items[j.item],
            participant=people[j.participant],
            value=j.value,
            low=j.low,
            high=j.high,
            note=j.note or "",
            at=timezone.make_aware(j.at),
        )
    by_id = {s.item.id: s for s in spreads(file)}
    for i in file.items:  # the group's value, else the median, as the file says
        services.agree(actor=user, item=items[i.id], value=by_id[i.id].agreed, note=i.note or "")
