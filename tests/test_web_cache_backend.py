"""The shared cache counts its table every CULL_EVERY writes (web/caching/backend.py):
what it answers is what Django's own database cache answers for the same writes, and the
table is still culled, overshooting MAX_ENTRIES by at most CULL_EVERY entries."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _caches(max_entries: int) -> tuple[Any, Any]:
    from django.core.cache.backends.db import DatabaseCache as Django

    from rendement.web.caching.backend import DatabaseCache

    params = {"OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 3}}
    return DatabaseCache("rendement_cache", params), Django("rendement_cache", params)


def _rows() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM rendement_cache")
        return int(cursor.fetchone()[0])


def test_answers_as_djangos_database_cache() -> None:
    ours, theirs = _caches(10_000)
    answers = []
    for cache in (ours, theirs):
        cache.clear()
        out = [
            cache.set("a", b"\x00een", 60),
            cache.add("a", "twee", 60),  # taken: not added
            cache.add("b", {"drie": 3}, 60),
            cache.touch("b", 120),
            cache.touch("c", 120),  # none: not touched
            cache.set("a", [4], 60),
            cache.get("a"),
            cache.get("b"),
            cache.get("c", "geen"),
            cache.get_many(["a", "b", "c"]),
        ]
        cache.set("d", 5, -1)  # expired at once
        out += [cache.get("d"), cache.has_key("a")]
        cache.delete("a")
        out += [cache.get("a")]
        answers.append(out)
    assert answers[0] == answers[1]
    assert answers[0][6] == [4] and answers[0][7] == {"drie": 3}


def test_the_table_is_still_culled() -> None:
    from rendement.web.caching.backend import CULL_EVERY

    most = 6 * CULL_EVERY  # far more than CULL_EVERY, as in the settings (5 000)
    ours, theirs = _caches(most)
    ours.clear()
    seen = []
    for n in range(4 * most):
        ours.set(f"k{n}", n, 60)
        seen.append(_rows())
        # Django's cache culls above MAX_ENTRIES; ours at most CULL_EVERY writes later
        assert seen[-1] <= most + CULL_EVERY + 1
    assert max(seen) > most  # it did fill up, and was culled
    assert ours.get(f"k{4 * most - 1}") == 4 * most - 1  # the newest entry is kept
    theirs.clear()
    for n in range(4 * most):
        theirs.set(f"k{n}", n, 60)
        assert _rows() <= most + 1  # the bound Django's own keeps, for comparison
