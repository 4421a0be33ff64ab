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
DEMO_COHORT_NAME = "Sociaal makelaar Voorbeeldstad (verzonnen)"


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
        _demo_measurements(user, organisation)
        _demo_worksession(user, organisation)
        _demo_scores(user, organisation)
    return Demo(DEMO_USER, chosen, created)


def _demo_cohort(user: Any, organisation: Any, case: Any) -> None:
    from ..cohort.reading import read_cases
    from .cases.examples import examples_dir
    from .cohorts.services import import_cohort

    cases = read_cases(examples_dir() / DEMO_COHORT)
    import_cohort(
        actor=user,
        organisation=organisation,
        name=DEMO_COHORT_NAME,
        cases=cases,
        prices=case,
    )


DEMO_MEASURED_COHORT = "Start- en eindgesprekken (verzonnen)"
DEMO_MEASURED_CASE = "Sociale basis met start- en eindgesprekken (verzonnen voorbeeld)"
DEMO_ANSWERS: dict[str, tuple[dict[str, str], dict[str, object], dict[str, object]]] = {
    # pseudonym: (attributes, start answers, end answers) — invented, no real person
    "G01": (
        {"hulpvraag": "schulden"},
        {
            "begeleiding_uren": 3,
            "dagbesteding_dagdelen": 0,
            "huishoudelijke_hulp_uren": 2,
            "huisarts_contacten": 4,
            "ggz_contacten": 2,
            "spoedeisende_hulp": 1,
            "risico_opname": "klein",
            "risico_zware_hulp": "reeel",
            "gezondheid": "matig",
            "rondkomen": "lukt_niet",
            "achterstand": "ja",
            "woning": "onzeker",
            "alleen": "vaak",
            "contacten": 2,
            "werk_uren": 0,
            "vrijwilligerswerk_uren": 0,
        },
        {
            "begeleiding_uren": 1,
            "dagbesteding_dagdelen": 0,
            "huishoudelijke_hulp_uren": 2,
            "huisarts_contacten": 2,
            "ggz_contacten": 0,
            "spoedeisende_hulp": 0,
            "risico_opname": "geen",
            "risico_zware_hulp": "klein",
            "gezondheid": "goed",
            "rondkomen": "moeilijk",
            "achterstand": "nee",
            "woning": "zeker",
            "alleen": "soms",
            "contacten": 5,
            "werk_uren": 0,
            "vrijwilligerswerk_uren": 4,
        },
    ),
    "G02": (
        {"hulpvraag": "eenzaamheid"},
        {
            "begeleiding_uren": 2,
            "dagbesteding_dagdelen": 4,
            "huishoudelijke_hulp_uren": 3,
            "huisarts_contacten": 6,
            "ggz_contacten": 3,
            "spoedeisende_hulp": 0,
            "risico_opname": "reeel",
            "risico_zware_hulp": "geen",
            "gezondheid": "slecht",
            "rondkomen": "gaat_wel",
            "achterstand": "nee",
            "woning": "zeker",
            "alleen": "bijna_altijd",
            "contacten": 1,
            "werk_uren": 0,
            "vrijwilligerswerk_uren": 0,
        },
        {
            "begeleiding_uren": 1,
            "dagbesteding_dagdelen": 2,
            "huishoudelijke_hulp_uren": 3,
            "huisarts_contacten": 3,
            "ggz_contacten": 1,
            "spoedeisende_hulp": 0,
            "risico_opname": "klein",
            "risico_zware_hulp": "geen",
            "gezondheid": "matig",
            "rondkomen": "gaat_wel",
            "achterstand": "nee",
            "woning": "zeker",
            "alleen": "soms",
            "contacten": 4,
            "werk_uren": 0,
            "vrijwilligerswerk_uren": 2,
        },
    ),
    "G03": (
        {"hulpvraag": "schulden"},
        {
            "begeleiding_uren": 4,
            "dagbesteding_dagdelen": 0,
            "huishoudelijke_hulp_uren": 0,
            "huisarts_contacten": 3,
            "ggz_contacten": 4,
            "spoedeisende_hulp": 2,
            "risico_opname": "groot",
            "risico_zware_hulp": "groot",
            "gezondheid": "matig",
            "rondkomen": "lukt_niet",
            "achterstand": "ja",
            "woning": "geen_vaste_plek",
            "alleen": "vaak",
            "contacten": 1,
            "werk_uren": 0,
            "vrijwilligerswerk_uren": 0,
        },
        {
            "begeleiding_uren": 2,
            "dagbesteding_dagdelen": 0,
            "huishoudelijke_hulp_uren": 0,
            "huisarts_contacten": 2,
            "ggz_contacten": 2,
            "spoedeisende_hulp": 0,
            "risico_opname": "klein",
            "risico_zware_hulp": "reeel",
            "gezondheid": "goed",
            "rondkomen": "moeilijk",
            "achterstand": "ja",
            "woning": "onzeker",
            "alleen": "soms",
            "contacten": 3,
            "werk_uren": 8,
            "vrijwilligerswerk_uren": 0,
        },
    ),
}


def _demo_measurements(user: Any, organisation: Any) -> None:
    """The bundled BMC interview guide in the demo organisation, and a small cohort of its
    own whose client cases were measured at the start and the end with it (their rows come
    from the answers). Its business case is the social broker's with the cost manual's
    prices too, so every item the guide maps to has a price; the 60 example client cases
    are left as they are."""
    from ..cohort.reading import ClientCases
    from ..instrument.template import bundled_path
    from .cases.examples import example_text
    from .cases.services import create_case
    from .cohorts.services import import_cohort
    from .measuring import services
    from .measuring.models import Moment

    document = (
        example_text("cohort/sociaal-makelaar")
        .replace(
            "price_lists: [mbc-de-bilt-2019, vrijwilligerswerk]",
            "price_lists: [mbc-de-bilt-2019, vrijwilligerswerk, kostenhandleiding-2024]",
        )
        .replace(
            "title: Sociaal makelaar Voorbeeldstad (verzonnen voorbeeld)",
            f"title: {DEMO_MEASURED_CASE}",
        )
    )
    case = create_case(
        actor=user,
        organisation=organisation,
        document=document,
        message="Demo: prijzen voor de start- en eindgesprekken",
        name="sociale-basis-gesprekken.yaml",
    )
    text = bundled_path("bmc-start-eind").read_text(encoding="utf-8")
    instrument = services.add_instrument(
        actor=user,
        organisation=organisation,
        title="Start- en eindgesprek sociale basis",
        text=text,
        bundled="bmc-start-eind",
    )
    cohort = import_cohort(
        actor=user,
        organisation=organisation,
        name=DEMO_MEASURED_COHORT,
        cases=ClientCases(
            "metingen",
            ["hulpvraag"],
            {pseudonym: attributes for pseudonym, (attributes, _s, _e) in DEMO_ANSWERS.items()},
            [],
        ),
        prices=case,
    )
    for client in cohort.clients.all():
        _attributes, start, end = DEMO_ANSWERS[client.pseudonym]
        services.record_consent(actor=user, client=client, instrument=instrument, given=True)
        for moment, answers in ((Moment.START, start), (Moment.END, end)):
            measurement = services.start_measurement(
                actor=user, client=client, instrument=instrument, moment=moment
            )
            done = services.finish_measurement(actor=user, measurement=measurement, answers=answers)
            if done.problems:  # the bundled guide and its prices no longer fit: say so
                raise RuntimeError("; ".join(str(p) for p in done.problems))


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

    cohort = Cohort.objects.filter(organisation=organisation, name=DEMO_COHORT_NAME).first()
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


DEMO_SCORES = "Scores op eenzaamheid, zelfredzaamheid, rondkomen en gezondheid"
DEMO_SCORES_SEED = 2024  # the invented scores are drawn once, the same at every start
DEMO_SCORE_PARAMETERS: dict[str, tuple[float, float, float, float, float, float, float, float]] = {
    # hulpvraag: De Jong Gierveld start mean and change (0–11, lower is better), ZRM mean
    # start and change (1–5), making ends meet start mean (1–4) and chance of a step up,
    # health start mean (1–5) and chance of a step up — invented, a segment apart from
    # the others where its question is: debts move money and self-reliance, loneliness
    # the loneliness score
    "schulden": (5.0, -0.5, 2.2, 0.6, 1.6, 0.6, 2.6, 0.25),
    "eenzaamheid": (8.5, -2.0, 2.9, 0.2, 2.8, 0.1, 2.7, 0.3),
    "mantelzorg": (5.5, -0.5, 3.1, 0.2, 2.8, 0.1, 2.4, 0.3),
    "opvoeding": (4.5, -0.3, 2.8, 0.4, 2.5, 0.2, 3.1, 0.15),
    "psychisch": (7.0, -1.0, 2.3, 0.3, 2.4, 0.15, 1.9, 0.35),
}
_MONEY = ("lukt_niet", "moeilijk", "gaat_wel", "lukt_goed")
_HEALTH = ("slecht", "matig", "goed", "zeer_goed", "uitstekend")


def demo_scores(
    clients: dict[str, dict[str, str]],
) -> dict[str, tuple[dict[str, object], dict[str, object]]]:
    """Invented start and end answers to the bundled score instrument per client case
    (pseudonym → attributes): drawn with a fixed seed in the pseudonyms' order, so every
    demo has the same. Most clients improve a little, some stay or get worse."""
    import numpy as np

    rng = np.random.default_rng(DEMO_SCORES_SEED)
    out: dict[str, tuple[dict[str, object], dict[str, object]]] = {}
    for pseudonym in sorted(clients):
        segment = clients[pseudonym].get("hulpvraag", "")
        lonely, lonely_d, zrm, zrm_d, money, money_up, health, health_up = (
            DEMO_SCORE_PARAMETERS.get(segment, DEMO_SCORE_PARAMETERS["opvoeding"])
        )
        l0 = int(np.clip(round(rng.normal(lonely, 1.5)), 0, 11))
        l1 = int(np.clip(l0 + round(rng.normal(lonely_d, 1.3)), 0, 11))
        z0 = float(np.clip(round(rng.normal(zrm, 0.4), 1), 1, 5))
        z1 = float(np.clip(round(z0 + rng.normal(zrm_d, 0.3), 1), 1, 5))
        m0 = int(np.clip(round(rng.normal(money, 0.7)), 1, 4))
        m1 = int(np.clip(m0 + (rng.random() < money_up) - (rng.random() < 0.05), 1, 4))
        h0 = int(np.clip(round(rng.normal(health, 0.7)), 1, 5))
        h1 = int(np.clip(h0 + (rng.random() < health_up) - (rng.random() < 0.08), 1, 5))
        out[pseudonym] = (
            {
                "eenzaamheid_score": l0,
                "zrm_gemiddeld": z0,
                "rondkomen": _MONEY[m0 - 1],
                "gezondheid": _HEALTH[h0 - 1],
            },
            {
                "eenzaamheid_score": l1,
                "zrm_gemiddeld": z1,
                "rondkomen": _MONEY[m1 - 1],
                "gezondheid": _HEALTH[h1 - 1],
            },
        )
    return out


DEMO_FOLLOW_UPS: dict[str, dict[str, object]] = {
    # half a year after the end, invented: G01 held on, G02 felt alone more often again
    "G01": {"gezondheid": "goed", "rondkomen": "gaat_wel", "achterstand": "nee",
            "woning": "zeker", "alleen": "soms", "contacten": 5, "werk_uren": 4},
    "G02": {"gezondheid": "matig", "rondkomen": "gaat_wel", "achterstand": "nee",
            "woning": "zeker", "alleen": "vaak", "contacten": 3, "werk_uren": 0},
}  # fmt: skip


def _demo_scores(user: Any, organisation: Any) -> None:
    """The example client cases measured at the start and the end with the bundled score
    instrument (consent given, finished), so the example cohort's page shows its
    indicators' changes per segment; the instrument asks nothing that costs money, so
    their rows and every figure made from them stay as the table has them. And later in
    the small measured cohort: a follow-up with the BMC guide of G01 and G02, and G03's
    follow-up sent to the client as a one-time link that is still open (its token is
    shown to nobody; the link list shows that it exists)."""
    from ..instrument.template import bundled_path
    from .cohorts.models import Cohort
    from .measuring import links, services
    from .measuring.models import Instrument, Moment

    cohort = Cohort.objects.filter(organisation=organisation, name=DEMO_COHORT_NAME).first()
    if cohort is None:
        return
    instrument = services.add_instrument(
        actor=user,
        organisation=organisation,
        title=DEMO_SCORES,
        text=bundled_path("scores").read_text(encoding="utf-8"),
        bundled="scores",
    )
    clients = {c.pseudonym: c for c in cohort.clients.select_related("cohort__organisation")}
    answers = demo_scores({p: dict(c.attributes) for p, c in clients.items()})
    services.import_scores(  # at once: one by one would take the demo a second longer
        actor=user,
        instrument=instrument,
        measured={
            clients[p]: {Moment.START: start, Moment.END: end}
            for p, (start, end) in answers.items()
        },
    )
    measured = Cohort.objects.filter(organisation=organisation, name=DEMO_MEASURED_COHORT).first()
    guide = Instrument.objects.filter(organisation=organisation, bundled="bmc-start-eind").first()
    if measured is None or guide is None:
        return
    for client in measured.clients.order_by("pseudonym"):
        if client.pseudonym in DEMO_FOLLOW_UPS:
            measurement = services.start_measurement(
                actor=user, client=client, instrument=guide, moment=Moment.FOLLOW_UP
            )
            services.finish_measurement(
                actor=user, measurement=measurement, answers=DEMO_FOLLOW_UPS[client.pseudonym]
            )
        else:  # the client answers this one on their phone, through the link
            links.make_link(actor=user, client=client, instrument=guide, moment=Moment.FOLLOW_UP)
