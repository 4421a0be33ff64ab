"""How many queries an edit and the case page ask of the database: pinned, so a query
added per request (a right asked again, a relation read in a template) shows up here.

Counted as the load test's users do: an edit through one process, then the case page
read through the other (its own caches emptied, the shared cache kept)."""

from __future__ import annotations

from typing import Any

import pytest

from web_world import client_for, no_cache_count_due

pytestmark = pytest.mark.django_db

EDIT = [
    "session",
    "user",
    "second factor required?",
    "case with role, shares and agreement",
    "the version edited",
    "the newest version's number",
    "the new version's check kept (shared cache)",
    "transaction: the case locked, version, case, audit row",
    "the new version's results panel kept (shared cache)",
]
"""What an edit asks, in order (the transaction's statements counted below)."""

READ = [
    "session",
    "user",
    "second factor required?",
    "case with role, shares and agreement",
    "the version with its author",
    "the version's check (shared cache): the edit of one number it was made by",
    "the version that edit was made on, kept in full (shared cache)",
    "the version's results panel (shared cache)",
]


def _forget() -> None:
    from rendement.model import editing
    from rendement.web.cases import fragments, headnote, results, services, views

    for kept in (
        services._CHECKED,
        services._MADE_FROM,
        editing._READ,
        editing._NUMBERS,
        results._SHOWN,
        results._DRAWN,
        results._PANELS,
        headnote._ROWS,
        views._SUMMARIES,
        fragments.KEPT,
    ):
        kept.clear()


def _queries(captured: Any) -> list[str]:
    """The statements, a savepoint and its release left out (the test's own transaction
    makes them; the server writes the shared cache without)."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def test_an_edit_and_the_case_page_after_it_ask_a_fixed_number_of_queries(
    world: dict[str, Any],
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = world["case"]
    editor = client_for(world["editor"])
    url = f"/cases/{case.uid}/edit/"
    editor.post(url, {"base": 1, "loc": "interventions.0.reach", "value": "300"})
    # as after the first edit of a new case: the version before read in full once, by
    # the other process (the first version was stored without its round-trip tree)
    _forget()
    editor.get(f"/cases/{case.uid}/")
    no_cache_count_due()
    with CaptureQueriesContext(connection) as edit:
        answer = editor.post(
            url,
            {"base": 2, "loc": "interventions.0.reach", "value": "301"},
            HTTP_HX_REQUEST="true",
        )
    assert answer.status_code == 200
    _forget()  # the page read in the other process
    no_cache_count_due()
    with CaptureQueriesContext(connection) as read:
        page = editor.get(f"/cases/{case.uid}/")
    assert page.status_code == 200 and b'data-version="3"' in page.content

    edits = _queries(edit)
    in_transaction = 4  # the case locked, the version, the case, the audit row
    assert len(edits) == len(EDIT) - 1 + in_transaction, "\n".join(edits)
    reads = _queries(read)
    assert len(reads) == len(READ), "\n".join(reads)
    # the shared cache's writes are one statement each; the page asks no share count
    assert sum("rendement_cache" in q for q in edits) == 2, "\n".join(edits)
    assert not any("sharing_caseshare" in q and "COUNT" in q[:40] for q in reads)
