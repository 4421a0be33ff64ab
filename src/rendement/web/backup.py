"""A whole site in one file, and back: ``rendement backup`` and ``rendement restore``.

The file is a zip: ``manifest.json`` (rendement's version, the applied migrations, per table
its rows, fields and SHA-256) and one JSON-lines file per table, rows in primary-key order,
each field as the database held it (password hashes included, so people log in as before;
second-factor secrets too when the site has them). Every model of the site is in it —
none is named here, so a table added later is backed up without anyone remembering to —
except what the database rebuilds itself (content types, permissions) or what only lives
for a while (sessions, background tasks). Permissions a user or group holds are written by
their name (app, codename), as their numbers differ between databases.

A restore first reads the whole file (checksums, counts, a schema this code knows), then
migrates the target, then loads every table in one transaction, keeping primary and
foreign keys; it then reads every table back, encoded the same way, and compares the
checksums with the manifest — so "loses nothing" is checked on the target database itself,
SQLite or PostgreSQL — and moves PostgreSQL's sequences past the restored keys. Anything
wrong rolls everything back. Both write a row in the audit log.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction

from ..files import replacing
from ..i18n import N_, _

FORMAT = "rendement-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 2000

SKIPPED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
"""Rebuilt by ``migrate`` (content types, permissions) or short-lived (log-in sessions: after
a restore everyone logs in again)."""
SKIPPED_APPS = ("django_tasks", "work")
"""Background tasks and their results (django-tasks' queue, rendement's ``Job`` with its
PDFs and figures): recomputed on demand from the versions, not part of a site's data. An
agreed version's PDF is data (``cases.agreedversion``) and is kept."""


def _skipped_app(label: str) -> bool:
    """An app of :data:`SKIPPED_APPS`: ``work`` by its exact label (``worksessions``
    starts with it and holds a site's data), django-tasks' apps by their prefix
    (``django_tasks_database``)."""
    return label == "work" or label.startswith("django_tasks")


NATURAL = {"contenttypes.contenttype", "auth.permission"}
"""Referred to by name (their natural key), not by number."""

Progress = Callable[[str, int], None]
"""Told a table's Dutch name and how many of its rows were just handled."""


class BackupError(ValueError):
    """A backup that cannot be written or restored; the message says why, in words."""


@dataclass
class Table:
    label: str  # app_label.model_name
    file: str
    rows: int
    sha256: str
    fields: list[str] = field(default_factory=list)


@dataclass
class Manifest:
    version: str
    created: str
    database: str
    migrations: dict[str, list[str]]
    tables: list[Table]

    @property
    def total(self) -> int:
        return sum(t.rows for t in self.tables)


def rendement_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rendement")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "onbekend"


def backed_up_models() -> list[type[models.Model]]:
    """Every table of the site that holds its data, each after the tables it refers to."""
    chosen = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.label_lower not in SKIPPED
        and not _skipped_app(m._meta.app_label)
        and not m._meta.proxy
        and m._meta.managed
    ]
    by_label = {m._meta.label_lower: m for m in chosen}
    ordered: list[type[models.Model]] = []
    seen: set[str] = set()

    def visit(model: type[models.Model]) -> None:
        label = model._meta.label_lower
        if label in seen:
            return
        seen.add(label)
        for f in model._meta.concrete_fields:
            target = f.related_model if f.is_relation else None
            if target is not None and not isinstance(target, str):
                other = by_label.get(target._meta.label_lower)
                if other is not None and other is not model:
                    visit(other)
        ordered.append(model)

    for model in sorted(chosen, key=lambda m: m._meta.label_lower):
        visit(model)
    return ordered


NAMES = {
    "auth.user": N_("gebruikers"),
    "auth.group": N_("groepen"),
    "auth.group_permissions": N_("rechten van groepen"),
    "auth.user_groups": N_("groepen van gebruikers"),
    "auth.user_user_permissions": N_("rechten van gebruikers"),
    "account.emailaddress": N_("e-mailadressen"),
    "account.emailconfirmation": N_("bevestigingen van e-mailadressen"),
    "mfa.authenticator": N_("tweede factoren"),
    "organisations.organisation": N_("organisaties"),
    "organisations.membership": N_("lidmaatschappen"),
    "organisations.invitation": N_("uitnodigingen"),
    "cases.case": N_("business cases"),
    "cases.caseversion": N_("versies"),
    "cases.agreedversion": N_("vastgestelde versies"),
    "cohorts.cohort": N_("cohorten"),
    "cohorts.clientcase": N_("cliëntcasussen"),
    "cohorts.clientrow": N_("regels van cliëntcasussen"),
    "measuring.instrument": N_("instrumenten"),
    "measuring.measurement": N_("metingen"),
    "measuring.consent": N_("toestemmingen"),
    "measuring.answerlink": N_("links naar vragenlijsten"),
    "measuring.measuredrows": N_("regels uit metingen"),
    "worksessions.worksession": N_("werksessies"),
    "worksessions.participant": N_("deelnemers aan werksessies"),
    "worksessions.sessionitem": N_("beoordeelde posten van werksessies"),
    "worksessions.judgement": N_("oordelen in werksessies"),
    "audit.auditentry": N_("logboek"),
    "sharing.caseshare": N_("gedeelde business cases"),
    "sharing.publiclink": N_("openbare links"),
}


def table_name(label: str) -> str:
    """A table's name for a person, with its technical name for whoever looks further:
    "versies (cases.caseversion)"; a table added later without a name here shows the
    latter only."""
    name = NAMES.get(label)
    return f"{_(name)} ({label})" if name else label


# -- encoding ------------------------------------------------------------------------------


def _natural_keys(model: type[models.Model], using: str) -> dict[Any, list[Any]]:
    manager: Any = model._default_manager.db_manager(using)
    return {obj.pk: list(obj.natural_key()) for obj in manager.all()}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    return value


def _encoded_rows(
    model: type[models.Model], using: str, naturals: dict[str, dict[Any, list[Any]]]
) -> Iterator[bytes]:
    """The table's rows as JSON lines, in primary-key order; the same bytes on any database."""
    fields = list(model._meta.concrete_fields)
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    by_name: list[dict[Any, list[Any]] | None] = []
    for f in fields:
        target = f.related_model if f.is_relation else None
        label = (
            target._meta.label_lower if target is not None and not isinstance(target, str) else ""
        )
        by_name.append(naturals.get(label) if label in NATURAL else None)
    names = [f.attname for f in fields]
    rows = model._default_manager.db_manager(using).order_by("pk").values_list(*names)
    for values in rows.iterator(chunk_size=BATCH):
        line = {}
        for name, value, natural in zip(names, values, by_name, strict=True):
            if natural is not None and value is not None:
                line[name] = natural[value]
            elif name in json_fields:
                line[name] = value
            else:
                line[name] = _encode(value)
        yield json.dumps(line, ensure_ascii=False, sort_keys=True, allow_nan=False).encode() + b"\n"


def _naturals(using: str) -> dict[str, dict[Any, list[Any]]]:
    return {label: _natural_keys(apps.get_model(label), using) for label in NATURAL}


def _applied_migrations(using: str) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


@contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """One transaction that sees the database as it was when it began (PostgreSQL: repeatable
    read; SQLite: its transaction), so a backup taken while people work is consistent."""
    connection = connections[using]
    if connection.in_atomic_block:  # inside a caller's transaction (the tests)
        yield
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


# -- writing -------------------------------------------------------------------------------


def count_rows(using: str = "default") -> dict[str, int]:
    """Rows per backed-up table (label → count)."""
    return {
        m._meta.label_lower: m._default_manager.db_manager(using).count()
        for m in backed_up_models()
    }


def write_backup(
    target: Path, *, using: str = "default", progress: Progress | None = None
) -> Manifest:
    """The whole site in ``target`` (replaced in one step once complete); returns its manifest
    and writes a ``backup.create`` row in the audit log."""
    from django.db.utils import DatabaseError

    try:
        with _snapshot(using):
            manifest = _write(target, using, progress)
    except DatabaseError as error:
        raise BackupError(
            _("De database kan niet gelezen worden: {error}").format(error=error)
        ) from error
    _audit("backup.create", target, manifest, using)
    return manifest


def _write(target: Path, using: str, progress: Progress | None) -> Manifest:
    naturals = _naturals(using)
    tables: list[Table] = []
    with (
        replacing(target, ".zip") as partial,
        zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for model in backed_up_models():
            label = model._meta.label_lower
            name = f"tables/{label}.jsonl"
            digest = hashlib.sha256()
            rows = 0
            with archive.open(name, "w") as member:
                for line in _encoded_rows(model, using, naturals):
                    member.write(line)
                    digest.update(line)
                    rows += 1
                    if progress is not None and rows % 500 == 0:
                        progress(table_name(model._meta.label_lower), 500)
            if progress is not None:
                progress(table_name(model._meta.label_lower), rows % 500)
            fields = [f.attname for f in model._meta.concrete_fields]
            tables.append(Table(label, name, rows, digest.hexdigest(), fields))
        manifest = Manifest(
            version=rendement_version(),
            created=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            database=connections[using].vendor,
            migrations=_applied_migrations(using),
            tables=tables,
        )
        archive.writestr(MANIFEST, _manifest_json(manifest))
    return manifest


def _manifest_json(manifest: Manifest) -> str:
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "rendement": manifest.version,
        "created": manifest.created,
        "database": manifest.database,
        "migrations": manifest.migrations,
        "tables": [
            {
                "model": t.label,
                "file": t.file,
                "rows": t.rows,
                "sha256": t.sha256,
                "fields": t.fields,
            }
            for t in manifest.tables
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _audit(
    action: str, path: Path, manifest: Manifest, using: str, replaced: int | None = None
) -> None:
    from .audit.services import record

    detail: dict[str, Any] = {
        "rendement": manifest.version,
        "rows": {t.label: t.rows for t in manifest.tables},
    }
    if replaced is not None:
        detail["replaced"] = replaced  # rows the database held before, now gone

    with transaction.atomic(using=using):
        record(
            actor=None,
            action=action,
            subject=path.name,
            detail=detail,
        )


# -- reading -------------------------------------------------------------------------------


def read_manifest(path: Path) -> Manifest:
    """The manifest of the backup at ``path``, after checking every table's rows and
    checksum; a file that is not a (complete, unchanged) backup gives a BackupError."""
    archive = _open(path)
    with archive:
        manifest = _parse_manifest(archive, path)
        for table in manifest.tables:
            rows, digest = 0, hashlib.sha256()
            try:
                with archive.open(table.file) as member:
                    for line in member:
                        digest.update(line)
                        rows += 1
            except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as error:
                raise BackupError(
                    _("De back-up '{file}' is beschadigd (tabel {table}): {error}").format(
                        file=path.name, table=table_name(table.label), error=error
                    )
                ) from error
            if rows != table.rows or digest.hexdigest() != table.sha256:
                raise BackupError(
                    _(
                        "De back-up '{file}' is beschadigd of gewijzigd: de tabel {table} "
                        "klopt niet met de controlesom in het manifest."
                    ).format(file=path.name, table=table_name(table.label))
                )
    return manifest


def _open(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise BackupError(_("Het bestand '{file}' bestaat niet.").format(file=path))
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise BackupError(
            _(
                "'{file}' is geen back-up van rendement (of het bestand is afgebroken): {error}"
            ).format(file=path.name, error=error)
        ) from error


def _parse_manifest(archive: zipfile.ZipFile, path: Path) -> Manifest:
    not_ours = BackupError(
        _(
            "'{file}' is geen back-up van rendement: het manifest ontbreekt of is onleesbaar."
        ).format(file=path.name)
    )
    try:
        document = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise not_ours from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise not_ours
    made_with = str(document.get("rendement", "?"))
    version = document.get("format_version")
    if not isinstance(version, int):
        raise not_ours
    if version > FORMAT_VERSION:
        raise _newer(path, made_with)
    try:
        tables = [
            Table(
                str(t["model"]),
                str(t["file"]),
                int(t["rows"]),
                str(t["sha256"]),
                [str(f) for f in t["fields"]],
            )
            for t in document["tables"]
        ]
        migrations = {
            str(a): [str(n) for n in names] for a, names in document["migrations"].items()
        }
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise not_ours from error
    names = set(archive.namelist())
    missing = [t.file for t in tables if t.file not in names]
    if missing:
        raise BackupError(
            _("De back-up '{file}' is onvolledig: {missing} ontbreekt.").format(
                file=path.name, missing=", ".join(missing)
            )
        )
    return Manifest(
        made_with,
        str(document.get("created", "")),
        str(document.get("database", "")),
        migrations,
        tables,
    )


def _newer(path: Path, made_with: str) -> BackupError:
    return BackupError(
        _(
            "De back-up '{file}' is gemaakt met een nieuwere versie van rendement ({version}) "
            "dan deze ({here}); werk rendement bij en herstel dan."
        ).format(file=path.name, version=made_with, here=rendement_version())
    )


def _check_schema(manifest: Manifest, path: Path) -> None:
    """Refuse a backup whose tables this version of rendement does not know (made by a newer
    one): every migration it had applied must exist here, every table and field too. An
    older backup is fine: a field it lacks gets its default."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app, names in manifest.migrations.items():
        if any((app, name) not in known for name in names):
            raise _newer(path, manifest.version)
    for table in manifest.tables:
        try:
            model = apps.get_model(table.label)
        except (LookupError, ValueError) as error:
            raise _newer(path, manifest.version) from error
        fields = {f.attname for f in model._meta.concrete_fields}
        if not set(table.fields) <= fields:
            raise _newer(path, manifest.version)


# -- restoring -----------------------------------------------------------------------------


class NotEmpty(BackupError):
    """The target database already holds data (and replacing was not asked for)."""


def occupied(using: str = "default") -> dict[str, int]:
    """The tables of the (migrated) target database that hold rows."""
    return {label: n for label, n in count_rows(using).items() if n}


def prepared(using: str = "default", *, migrate: bool = True) -> dict[str, int]:
    """The target migrated (created when new); the tables in it that hold rows. A database
    that cannot be reached or migrated is a BackupError that says so."""
    from django.core.management import call_command
    from django.db.utils import DatabaseError

    try:
        if migrate:
            call_command("migrate", database=using, interactive=False, verbosity=0)
        return occupied(using)
    except DatabaseError as error:
        raise BackupError(
            _("De database is niet bereikbaar of kan niet bijgewerkt worden: {error}").format(
                error=error
            )
        ) from error


def restore_backup(
    source: Path,
    *,
    using: str = "default",
    replace: bool = False,
    progress: Progress | None = None,
    migrate: bool = True,
) -> Manifest:
    """Put the backup at ``source`` in the database ``using``: read and checked first, then
    the database migrated, then every row in one transaction (all or nothing). Refuses a
    database with data unless ``replace`` (which empties it first, in the same
    transaction). Returns the manifest; a ``backup.restore`` row is in the audit log."""
    manifest = read_manifest(source)
    _check_schema(manifest, source)
    filled = prepared(using, migrate=migrate)
    if filled and not replace:
        raise NotEmpty(
            _(
                "De database is niet leeg ({rows} rijen, o.a. in {table}); herstel gaat alleen "
                "in een lege database. Met --replace wordt alles wat er staat vervangen."
            ).format(rows=sum(filled.values()), table=table_name(next(iter(filled))))
        )
    from django.db.utils import DatabaseError

    try:
        with transaction.atomic(using=using):
            if replace:
                _empty(using)
            _load(source, manifest, using, progress)
            _verify(manifest, source, using)
            _reset_sequences(using)
            _audit("backup.restore", source, manifest, using, sum(filled.values()))
    except DatabaseError as error:
        raise BackupError(
            _("Herstel afgebroken, er is niets veranderd: {error}").format(error=error)
        ) from error
    return manifest


def _empty(using: str) -> None:
    from django.contrib.sessions.models import Session

    emptied: list[type[models.Model]] = [*reversed(backed_up_models()), Session]
    for model in emptied:
        model._default_manager.db_manager(using).all()._raw_delete(using)


@contextmanager
def _keeping_times() -> Iterator[None]:
    """``auto_now``/``auto_now_add`` off while loading: a restored row keeps its own times."""
    changed: list[tuple[Any, bool, bool]] = []
    for model in backed_up_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField | models.TimeField) and (
                f.auto_now or f.auto_now_add
            ):
                changed.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in changed:
            f.auto_now, f.auto_now_add = now, now_add


def _load(source: Path, manifest: Manifest, using: str, progress: Progress | None) -> None:
    naturals = {
        label: {tuple(key): pk for pk, key in _natural_keys(apps.get_model(label), using).items()}
        for label in NATURAL
    }
    with zipfile.ZipFile(source) as archive, _keeping_times():
        for table in manifest.tables:
            model = apps.get_model(table.label)
            decoders = _decoders(model, naturals, source)
            manager = model._default_manager.db_manager(using)
            batch: list[models.Model] = []
            with archive.open(table.file) as member:
                for number, raw in enumerate(io.TextIOWrapper(member, encoding="utf-8"), 1):
                    try:
                        row = json.loads(raw)
                        values = {k: decoders[k](v) for k, v in row.items()}
                    except (
                        ValueError,
                        KeyError,
                        TypeError,
                        AttributeError,
                        ValidationError,
                    ) as error:
                        raise BackupError(
                            _(
                                "De back-up '{file}' heeft in tabel {table}, rij {row}, een waarde "
                                "die niet past: {error}"
                            ).format(
                                file=source.name,
                                table=table_name(table.label),
                                row=number,
                                error=error,
                            )
                        ) from error
                    batch.append(model(**values))
                    if len(batch) >= BATCH:
                        manager.bulk_create(batch)
                        if progress is not None:
                            progress(table_name(model._meta.label_lower), len(batch))
                        batch = []
            if batch:
                manager.bulk_create(batch)
                if progress is not None:
                    progress(table_name(model._meta.label_lower), len(batch))


def _decoders(
    model: type[models.Model], naturals: dict[str, dict[tuple[Any, ...], Any]], source: Path
) -> dict[str, Callable[[Any], Any]]:
    decoders: dict[str, Callable[[Any], Any]] = {}
    for f in model._meta.concrete_fields:
        target = f.related_model if f.is_relation else None
        label = (
            target._meta.label_lower if target is not None and not isinstance(target, str) else ""
        )
        if label in NATURAL:
            decoders[f.attname] = _by_name(naturals[label], source)
        elif isinstance(f, models.JSONField):
            decoders[f.attname] = _same
        elif isinstance(f, models.BinaryField):
            decoders[f.attname] = _binary
        elif f.is_relation:
            decoders[f.attname] = _python(f.target_field)  # type: ignore[attr-defined]
        else:
            decoders[f.attname] = _python(f)
    return decoders


def _same(value: Any) -> Any:
    return value


def _binary(value: Any) -> Any:
    return None if value is None else base64.b64decode(value["base64"])


def _python(f: models.Field[Any, Any]) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(f, models.DurationField):
            return datetime.timedelta(seconds=value)
        return f.to_python(value)

    return decode


def _by_name(pks: dict[tuple[Any, ...], Any], source: Path) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        if value is None:
            return None
        key = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        flat = _flatten(key)
        for known, pk in pks.items():
            if _flatten(known) == flat:
                return pk
        raise BackupError(
            _("De back-up '{file}' noemt een recht dat deze versie niet kent: {name}").format(
                file=source.name, name=" ".join(map(str, flat))
            )
        )

    return decode


def _flatten(key: tuple[Any, ...] | list[Any]) -> tuple[Any, ...]:
    out: list[Any] = []
    for part in key:
        out.extend(_flatten(part) if isinstance(part, tuple | list) else [part])
    return tuple(out)


def _verify(manifest: Manifest, source: Path, using: str) -> None:
    """Every table read back from the target and encoded again: its rows and (when it has
    the backup's fields) its checksum must be the manifest's."""
    naturals = _naturals(using)
    for table in manifest.tables:
        model = apps.get_model(table.label)
        digest, rows = hashlib.sha256(), 0
        for line in _encoded_rows(model, using, naturals):
            digest.update(line)
            rows += 1
        same_fields = table.fields == [f.attname for f in model._meta.concrete_fields]
        if rows != table.rows or (same_fields and digest.hexdigest() != table.sha256):
            raise BackupError(
                _(
                    "Na het herstel komt de tabel {table} niet overeen met de back-up "
                    "({rows} van {expected} rijen); er is niets veranderd."
                ).format(table=table_name(table.label), rows=rows, expected=table.rows)
            )


def _reset_sequences(using: str) -> None:
    """PostgreSQL's id sequences past the restored keys (the next new row gets a free id)."""
    from django.core.management.color import no_style

    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
