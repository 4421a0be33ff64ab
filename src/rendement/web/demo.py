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
