"""A stored cohort as the cohort room reads it, valued with the prices of a business case
of the same organisation; the figures are computed from the rows (and cached per process
while neither the rows nor the business case change)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ...cohort.reading import ClientCases, CohortError, Entry, Problem
from ...cohort.valuation import UnitPrice, Valued, prices_of, value_cases
from ...recent import Recent
from ..cases.services import check_document
from ..language import chosen

if TYPE_CHECKING:
    from ..cases.models import Case
    from .models import ClientCase, Cohort

_VALUED = Recent(32)


def client_cases(cohort: Cohort, only: ClientCase | None = None) -> ClientCases:
    """The stored rows as the table they came from (file order, pseudonyms, attributes);
    with ``only``, just that client case's rows."""
    clients = [only] if only is not None else list(cohort.clients.all())
    names = {c.pk: c.pseudonym for c in clients}
    from .models import ClientRow

    stored = ClientRow.objects.filter(client__cohort=cohort)
    if only is not None:
        stored = stored.filter(client=only)
    entries = [
        Entry(
            r.row,
            names[r.client_id],
            r.item,
            r.kind,
            r.before,
            r.after,
            r.attribution,
            r.probability,
        )
        for r in stored.order_by("row")
    ]
    defaults = {k: (v[0], v[1]) for k, v in (cohort.defaults or {}).items()}
    return ClientCases(
        cohort.source,
        list(cohort.attributes),
        {c.pseudonym: dict(c.attributes) for c in clients},
        entries,
        defaults,
    )


def prices_for(case: Case) -> dict[str, UnitPrice]:
    """The unit prices of the business case's newest version; :class:`CohortError` when it
    does not load yet (it is still being filled in)."""
    version = case.latest()
    checked = check_document(version.document)
    if checked.model is None:
        message = _("de business case '{title}' is nog niet compleet; kies een complete case")
        raise CohortError([Problem(0, "", message.format(title=case.title))])
    return prices_of(checked.model)


def valued(cohort: Cohort, case: Case | None = None) -> Valued:
    """The cohort valued with the prices of ``case`` (default: the business case it was
    read with); cached per rows, business case and version."""
    case = case or cohort.prices
    if case is None:
        message = _("de business case met de prijzen is verwijderd; kies een andere")
        raise CohortError([Problem(0, "", message)])
    key = (cohort.pk, cohort.updated_at.isoformat(), case.pk, case.latest_number, chosen())
    return _VALUED.kept(key, lambda: value_cases(client_cases(cohort), prices_for(case)))


def valued_case(cohort: Cohort, client: ClientCase) -> Valued:
    """One client case valued with the prices of the cohort's business case: what its
    kassabon shows (the cohort's own figures come from the database, see
    :mod:`.figures`)."""
    case = cohort.prices
    if case is None:
        message = _("de business case met de prijzen is verwijderd; kies een andere")
        raise CohortError([Problem(0, "", message)])
    return value_cases(client_cases(cohort, client), prices_for(case))


def forget(cohort_pk: int) -> None:
    """Drop the cohort's figures from this process's caches (after a deletion)."""
    from . import figures

    figures.forget(cohort_pk)
    for key in [k for k in list(_VALUED) if k[0] == cohort_pk]:
        _VALUED.pop(key, None)
