"""The shared cache's table, counted every ``CULL_EVERY`` writes instead of before each.

Why: Django's ``DatabaseCache`` runs ``SELECT COUNT(*)`` on the whole table before every
write, to cull it when it holds more than ``MAX_ENTRIES``. An edit writes two or three
entries (the version's check, the headline's digests), so that is two or three scans of a
table of up to 5 000 rows per edit — on PostgreSQL a sequential scan each time, growing
with the table. Counting every ``CULL_EVERY``-th write of a process lets the table pass
``MAX_ENTRIES`` by at most ``CULL_EVERY`` entries per process before it is culled as
before (a third removed, the oldest expiry first). Reads, expiry, ``add``, ``touch`` and
the culling itself are Django's. ``_base_set`` below is Django 5.2's, with only the count
made conditional.
"""

# ruff: noqa
# mypy: disable-error-code="attr-defined,assignment"
from __future__ import annotations

import base64
import itertools
import pickle
from datetime import datetime, timezone

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, models, router, transaction
from django.utils.timezone import now as tz_now

CULL_EVERY = 50
"""Writes of one process between two counts of the table."""


UPSERT = frozenset({"postgresql", "sqlite"})
"""Databases whose ``set`` is one ``INSERT … ON CONFLICT DO UPDATE`` (both have it: SQLite
since 3.24, PostgreSQL since 9.5): one statement instead of Django's transaction with a
``SELECT`` and an ``INSERT`` or ``UPDATE`` (four round trips; the server writes two or
three entries per edit)."""


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache, counting its rows every ``CULL_EVERY`` writes."""

    def __init__(self, table: str, params: dict) -> None:  # type: ignore[type-arg]
        super().__init__(table, params)
        self._writes = itertools.count()

    def _count_due(self) -> bool:
        """Whether this write counts the table (the first of a process, then every
        ``CULL_EVERY``-th; ``itertools.count`` is safe across the server's threads)."""
        return next(self._writes) % CULL_EVERY == 0

    def _base_set(  # type: ignore[no-untyped-def]
        self, mode, key, value, timeout=DEFAULT_TIMEOUT
    ):
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)

        with connection.cursor() as cursor:
            num = 0
            if self._count_due():  # every CULL_EVERY-th write, not each (see above)
                cursor.execute("SELECT COUNT(*) FROM %s" % table)
                num = cursor.fetchone()[0]
            now = tz_now()
            now = now.replace(microsecond=0)
            if timeout is None:
                exp = datetime.max
            else:
                tz = timezone.utc if settings.USE_TZ else None
                exp = datetime.fromtimestamp(timeout, tz=tz)
            exp = exp.replace(microsecond=0)
            if num > self._max_entries:
                self._cull(db, cursor, now, num)
            pickled = pickle.dumps(value, self.pickle_protocol)
            # The DB column is expecting a string, so make sure the value is a
            # string, not bytes. Refs #19274.
            b64encoded = base64.b64encode(pickled).decode("latin1")
            if mode == "set" and connection.vendor in UPSERT:
                return self._upsert(db, connection, cursor, table, key, b64encoded, exp)
            try:
                # Note: typecasting for datetimes is needed by some 3rd party
                # database backends. All core backends work without typecasting,
                # so be careful about changes here - test suite will NOT pick
                # regressions.
                with transaction.atomic(using=db):
                    cursor.execute(
                        "SELECT %s, %s FROM %s WHERE %s = %%s"
                        % (
                            quote_name("cache_key"),
                            quote_name("expires"),
                            table,
                            quote_name("cache_key"),
                        ),
                        [key],
                    )
                    result = cursor.fetchone()

                    if result:
                        current_expires = result[1]
                        expression = models.Expression(output_field=models.DateTimeField())
                        for converter in connection.ops.get_db_converters(
                            expression
                        ) + expression.get_db_converters(connection):
                            current_expires = converter(current_expires, expression, connection)

                    exp = connection.ops.adapt_datetimefield_value(exp)
                    if result and mode == "touch":
                        cursor.execute(
                            "UPDATE %s SET %s = %%s WHERE %s = %%s"
                            % (table, quote_name("expires"), quote_name("cache_key")),
                            [exp, key],
                        )
                    elif result and (mode == "set" or (mode == "add" and current_expires < now)):
                        cursor.execute(
                            "UPDATE %s SET %s = %%s, %s = %%s WHERE %s = %%s"
                            % (
                                table,
                                quote_name("value"),
                                quote_name("expires"),
                                quote_name("cache_key"),
                            ),
                            [b64encoded, exp, key],
                        )
                    elif mode != "touch":
                        cursor.execute(
                            "INSERT INTO %s (%s, %s, %s) VALUES (%%s, %%s, %%s)"
                            % (
                                table,
                                quote_name("cache_key"),
                                quote_name("value"),
                                quote_name("expires"),
                            ),
                            [key, b64encoded, exp],
                        )
                    else:
                        return False  # touch failed.
            except DatabaseError:
                # To be threadsafe, updates/inserts are allowed to fail silently
                return False
            else:
                return True

    def _upsert(self, db, connection, cursor, table, key, value, exp) -> bool:  # type: ignore[no-untyped-def]
        """``set`` as one statement: the entry written, or its value and expiry replaced
        (what Django's ``set`` does in its transaction). Outside a transaction (the server:
        autocommit) the statement is its own; inside one, in a savepoint, so a failed write
        does not break the caller's transaction — and fails silently, as Django's."""
        quote_name = connection.ops.quote_name
        key_, value_, expires = (quote_name(n) for n in ("cache_key", "value", "expires"))
        sql = (
            f"INSERT INTO {table} ({key_}, {value_}, {expires}) VALUES (%s, %s, %s) "
            f"ON CONFLICT ({key_}) DO UPDATE SET {value_} = EXCLUDED.{value_}, "
            f"{expires} = EXCLUDED.{expires}"
        )
        params = [key, value, connection.ops.adapt_datetimefield_value(exp)]
        try:
            if connection.in_atomic_block:
                with transaction.atomic(using=db):
                    cursor.execute(sql, params)
            else:
                cursor.execute(sql, params)
        except DatabaseError:
            return False
        return True
