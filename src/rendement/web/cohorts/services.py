"""Write actions on client cases: one transaction and one audit row each. The audit rows
hold counts and the cohort's id, never a pseudonym's figures."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from ...cohort.adoption import adopt
from ...cohort.reading import ClientCases, CohortError, Entry, Problem
from ...cohort.valuation import Valued
from ..audit.services import record
from ..cases.models import Case, CaseVersion
from ..cases.services import check_document, save_version
from ..organisations.models import Organisation
from . import evaluation
from .correcting import Corrected
from .models import ClientCase, ClientRow, Cohort


def _store_rows(rows: Iterable[tuple[ClientCase, Entry, int]]) -> None:
    """Checked rows stored, each with its client case and its row number in the file."""
    ClientRow.objects.bulk_create(
        (
            ClientRow(
                client=client,
                row=number,
                item=e.item,
                kind=e.kind,
                before=e.before,
                after=e.after,
                attribution=e.attribution,
                probability=e.probability,
            )
            for client, e, number in rows
        ),
        batch_size=2000,
    )


@transaction.atomic
def import_cohort(
    *, actor: Any, organisation: Organisation, name: str, cases: ClientCases, prices: Case
) -> Cohort:
    """A checked table stored as a new cohort of ``organisation`` (the file is not kept)."""
    cohort = Cohort.objects.create(
        organisation=organisation,
        name=name[:200],
        source=cases.source[:200],
        attributes=list(cases.attributes),
        defaults={k: list(v) for k, v in cases.defaults.items()},
        prices=prices,
        created_by=actor,
    )
    clients = ClientCase.objects.bulk_create(
        ClientCase(cohort=cohort, pseudonym=pseudonym, attributes=attributes)
        for pseudonym, attributes in cases.cases.items()
    )
    by_name = {c.pseudonym: c for c in clients}
    _store_rows((by_name[e.case], e, e.row) for e in cases.entries)
    record(
        actor=actor,
        action="cohort.import",
        organisation=organisation,
        subject=f"cohort {cohort.uid}",
        detail={"name": cohort.name, "cases": len(clients), "rows": len(cases.entries)},
    )
    return cohort


@transaction.atomic
def delete_cohort(*, actor: Any, cohort: Cohort) -> None:
    """The cohort and every client case and row of it are gone; the audit row keeps counts."""
    organisation, uid, pk = cohort.organisation, cohort.uid, cohort.pk
    clients = cohort.clients.count()
    rows = ClientRow.objects.filter(client__cohort=cohort).count()
    cohort.delete()
    evaluation.forget(pk)
    record(
        actor=actor,
        action="cohort.delete",
        organisation=organisation,
        subject=f"cohort {uid}",
        detail={"cases": clients, "rows": rows},
    )


@transaction.atomic
def delete_client(*, actor: Any, cohort: Cohort, client: ClientCase) -> None:
    """One client case and its rows are gone (e.g. a client withdrew consent)."""
    rows = client.rows.count()
    client.delete()
    cohort.save(update_fields=["updated_at"])  # the figures follow
    evaluation.forget(cohort.pk)
    record(
        actor=actor,
        action="cohort.delete_case",
        organisation=cohort.organisation,
        subject=f"cohort {cohort.uid}",
        detail={"rows": rows},
    )


@transaction.atomic
def save_client(*, actor: Any, cohort: Cohort, corrected: Corrected) -> ClientCase:
    """A client case entered or corrected by hand: its rows replaced by the checked ones."""
    client, created = ClientCase.objects.get_or_create(
        cohort=cohort,
        pseudonym=corrected.pseudonym,
        defaults={"attributes": corrected.attributes},
    )
    client.rows.all().delete()
    _store_rows(
        (client, e, number) for e, number in zip(corrected.entries, corrected.numbers, strict=True)
    )
    cohort.save(update_fields=["updated_at"])  # the figures follow
    evaluation.forget(cohort.pk)
    record(
        actor=actor,
        action="cohort.add_case" if created else "cohort.correct",
        organisation=cohort.organisation,
        subject=f"cohort {cohort.uid}",
        detail={"rows": len(corrected.entries)},
    )
    return client


@transaction.atomic
def record_export(*, actor: Any, cohort: Cohort, what: str, cases: int) -> None:
    """Case-level data left the app (a table or a receipt): who, what, how many cases."""
    record(
        actor=actor,
        action="cohort.export",
        organisation=cohort.organisation,
        subject=f"cohort {cohort.uid}",
        detail={"what": what, "cases": cases},
    )


@transaction.atomic
def adopt_into(
    *, actor: Any, cohort: Cohort, valued: Valued, case: Case, name: str | None = None
) -> CaseVersion:
    """The cohort's measured effects as a new intervention of ``case`` (a new version)."""
    version = case.latest()
    adopted = adopt(version.document, valued, name=name or cohort.name, when=date.today())
    checked = check_document(adopted.document)
    if checked.model is None:  # e.g. time paid by a budget the case has no financier for
        from ...model.editing import read
        from ...present.places import places

        raise CohortError(  # each problem after its field in words, never a model path
            [
                Problem(0, "", f"{where}: {p.message}" if where else p.message)
                for where, p in places(read(adopted.document), checked.problems)
            ]
        )
    saved = save_version(
        actor=actor,
        case=case,
        document=adopted.document,
        message=f"Gemeten effecten overgenomen uit cliëntcasussen '{cohort.name}'",
        base=version.number,
    )
    record(  # means of the cases went into a business case: which, and how many cases
        actor=actor,
        action="cohort.adopt",
        organisation=cohort.organisation,
        subject=f"cohort {cohort.uid}",
        detail={"case": case.uid, "version": saved.number, "cases": len(valued.cases)},
    )
    return saved
