"""Backup and restore of the web app's database (issue 23, item 6).

A world with two organisations, their people, a case with several versions, a cohort of
client cases, an invitation and the audit rows all of that wrote is backed up from SQLite
and restored — by the command line, in its own process — into a fresh SQLite and into a
real PostgreSQL server. What the restored database holds is read there by another process
and compared with what the test's own database holds: every version's text, every net per
intervention (evaluated again from the restored text), every password, every row count.
Broken files and a database that is not empty are refused with a message, changing nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from web_world import PASSWORD

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "cohort" / "sociaal-makelaar.csv"


# -- the world ----------------------------------------------------------------------------


@pytest.fixture
def filled(world: dict[str, Any]) -> dict[str, Any]:
    """The web world plus: three versions of De Bilt's case, a case of the other
    organisation, a cohort of 60 client cases valued with the broker's case, an invitation."""
    from rendement.cohort.reading import read_cases
    from rendement.web.cases import services as case_services
    from rendement.web.cases.examples import example_text
    from rendement.web.cohorts.services import import_cohort
    from rendement.web.organisations.services import invite

    case = world["case"]
    case_services.edit_value(
        actor=world["editor"],
        case=case,
        base=1,
        loc=("interventions", 0, "reach"),
        value=320,
        message="bereik 320",
    )
    case_services.edit_value(
        actor=world["owner"],
        case=case,
        base=2,
        loc=("interventions", 0, "reach"),
        value=275,
        message="bereik 275",
    )
    broker = case_services.create_case(
        actor=world["stranger"],
        organisation=world["other"],
        document=example_text("cohort/sociaal-makelaar"),
        message="voorbeeld",
        name="sociaal-makelaar.yaml",
    )
    import_cohort(
        actor=world["stranger"],
        organisation=world["other"],
        name="Makelaar 2026",
        cases=read_cases(TABLE),
        prices=broker,
    )
    import datetime

    from rendement.web.cases.history import agree_version

    agree_version(  # version 2 vastgesteld, its report kept as bytes (a stand-in PDF here)
        actor=world["owner"],
        case=case,
        number=2,
        agreed_on=datetime.date(2026, 3, 12),
        note="door de gemeenteraad",
        lang="nl",
        render=lambda text, stem, lang: (b"%PDF-1.7\x00\xff" + text.encode()[:64], stem + ".pdf"),
    )
    invite(
        actor=world["owner"],
        organisation=world["bilt"],
        email="nieuw@example.org",
        role="editor",
        link=lambda token: f"/uitnodiging/{token}/",
    )
    return world


DUMP = """
import json
from django.contrib.auth import get_user_model
from rendement.engine import evaluate
from rendement.model import loads
from rendement.web.audit.models import AuditEntry
from rendement.web.backup import count_rows
from rendement.web.cases.models import CaseVersion
from rendement.web.cohorts.models import ClientRow
from rendement.web.organisations.models import Organisation

def nets(text):
    results = evaluate(loads(text, files=False))
    return {f"{i.id}/{e.variant}/{e.scenario}": e.net
            for i in results.interventions for e in i.evaluations}

versions = {f"{v.case.uid}/{v.number}": [v.document, nets(v.document), v.author_id,
            v.created_at.isoformat(), v.message] for v in CaseVersion.objects.all()}
logins = {u.username: u.check_password(PASSWORD) for u in get_user_model().objects.all()}
counts = count_rows()
actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
rows = sorted((r.client.pseudonym, r.row, r.item, r.before, r.after)
              for r in ClientRow.objects.select_related("client"))
before = max(Organisation.objects.values_list("id", flat=True))
new = Organisation.objects.create(name="Na herstel", slug="na-herstel")
from rendement.web.cases.models import AgreedVersion
import hashlib
agreed = sorted([a.version.number, a.note, hashlib.sha256(bytes(a.report)).hexdigest(),
                 a.report_sha256] for a in AgreedVersion.objects.all())
print(json.dumps({"versions": versions, "logins": logins, "counts": counts, "agreed": agreed,
                  "actions": actions, "rows": rows, "max_id": before, "new_id": new.id}))
"""


def _here() -> dict[str, Any]:
    """What the test's own database holds, computed in this process."""
    from django.contrib.auth import get_user_model

    from rendement.engine import evaluate
    from rendement.model import loads
    from rendement.web.audit.models import AuditEntry
    from rendement.web.backup import count_rows
    from rendement.web.cases.models import CaseVersion
    from rendement.web.cohorts.models import ClientRow

    def nets(text: str) -> dict[str, float]:
        results = evaluate(loads(text, files=False))
        return {
            f"{i.id}/{e.variant}/{e.scenario}": e.net
            for i in results.interventions
            for e in i.evaluations
        }

    versions = {
        f"{v.case.uid}/{v.number}": [
            v.document,
            nets(v.document),
            v.author_id,
            v.created_at.isoformat(),
            v.message,
        ]
        for v in CaseVersion.objects.all()
    }
    import hashlib

    from rendement.web.cases.models import AgreedVersion

    agreed = sorted(
        [a.version.number, a.note, hashlib.sha256(bytes(a.report)).hexdigest(), a.report_sha256]
        for a in AgreedVersion.objects.all()
    )
    return {
        "versions": versions,
        "agreed": agreed,
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "counts": count_rows(),
        "actions": list(AuditEntry.objects.order_by("id").values_list("action", flat=True)),
        "rows": sorted(
            [r.client.pseudonym, r.row, r.item, r.before, r.after]
            for r in ClientRow.objects.select_related("client")
        ),
    }


def _environment(data: Path, url: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "RENDEMENT_DATA": str(data),
        "RENDEMENT_SECRET_KEY": "test-only",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if url:
        env["DATABASE_URL"] = url
    return env


def _rendement(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rendement", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _dump(env: dict[str, str]) -> dict[str, Any]:
    script = f"PASSWORD = {PASSWORD!r}\n" + DUMP
    done = _rendement(env, "manage", "shell", "-c", script)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _backup(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The test database backed up (in process); what it held just before."""
    from rendement.web.backup import write_backup

    here = _here()
    target = tmp_path / "rendement-backup.zip"
    manifest = write_backup(target)
    assert {t.label: t.rows for t in manifest.tables} == here["counts"]
    return target, here


def _same_world(restored: dict[str, Any], here: dict[str, Any]) -> None:
    assert restored["versions"] == here["versions"]  # text, nets, author, time, message
    assert len(here["versions"]) == 4  # three of De Bilt's, one of the broker's
    assert restored["logins"] == dict.fromkeys(here["users"], True)
    # the restore's own audit row is the only row more
    assert restored["counts"]["audit.auditentry"] == here["counts"]["audit.auditentry"] + 1
    assert {k: v for k, v in restored["counts"].items() if k != "audit.auditentry"} == {
        k: v for k, v in here["counts"].items() if k != "audit.auditentry"
    }
    assert restored["actions"] == [*here["actions"], "backup.restore"]
    assert restored["rows"] == here["rows"]
    # the agreed version's report: the same bytes, whose hash is the one stored with them
    assert restored["agreed"] == here["agreed"]
    assert [(n, note, a == b) for n, note, a, b in here["agreed"]] == [
        (2, "door de gemeenteraad", True)
    ]
    assert restored["new_id"] > restored["max_id"]  # the keys go on after the restored ones


# -- round trips --------------------------------------------------------------------------


def test_a_backup_restored_into_a_fresh_sqlite_has_everything(
    filled: dict[str, Any], tmp_path: Path
) -> None:
    from rendement.web.audit.models import AuditEntry

    target, here = _backup(tmp_path)
    assert here["counts"]["cohorts.clientcase"] == 60
    assert here["counts"]["organisations.invitation"] == 1
    assert here["counts"]["organisations.membership"] == 4
    # the backup is in the audit log of the database it was made of
    written = AuditEntry.objects.get(action="backup.create")
    assert written.subject == target.name and written.detail["rows"] == here["counts"]
    # the De Bilt nets differ between the versions: a reach of 320 is not one of 275
    bilt = [here["versions"][f"{filled['case'].uid}/{n}"][1] for n in (1, 2, 3)]
    assert bilt[0] != bilt[1] != bilt[2]

    env = _environment(Path(tempfile.mkdtemp(prefix="rendement-herstel-")))
    done = _rendement(env, "restore", str(target))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Hersteld" in done.stdout
    _same_world(_dump(env), here)


def test_a_backup_from_sqlite_restored_into_postgresql_loses_nothing(
    filled: dict[str, Any], tmp_path: Path
) -> None:
    from servers import postgres_server

    target, here = _backup(tmp_path)
    with postgres_server() as url:
        env = _environment(Path(tempfile.mkdtemp(prefix="rendement-pg-herstel-")), url)
        done = _rendement(env, "restore", str(target))
        assert done.returncode == 0, done.stdout + done.stderr
        restored = _dump(env)
        _same_world(restored, here)
        # and back again: PostgreSQL → backup → the same tables, the same checksums
        again = tmp_path / "terug.zip"
        done = _rendement(env, "backup", str(again))
        assert done.returncode == 0, done.stdout + done.stderr
        with zipfile.ZipFile(target) as first, zipfile.ZipFile(again) as second:
            one = {t["model"]: t for t in json.loads(first.read("manifest.json"))["tables"]}
            two = {t["model"]: t for t in json.loads(second.read("manifest.json"))["tables"]}
        changed = {label for label in one if one[label]["sha256"] != two[label]["sha256"]}
        # the audit log has the restore's row and the new organisation's; nothing else moved
        assert changed == {"audit.auditentry", "organisations.organisation"}


# -- refusals -----------------------------------------------------------------------------


def _refused(source: Path, *, replace: bool = False) -> str:
    """The restore of ``source`` into the test's database: refused, and nothing changed."""
    from rendement.web.backup import BackupError, count_rows, restore_backup

    before = count_rows()
    with pytest.raises(BackupError) as refusal:
        restore_backup(source, replace=replace, migrate=False)
    assert count_rows() == before
    return str(refusal.value)


def _rewritten(source: Path, target: Path, change: Any) -> Path:
    """A copy of the backup with ``change(name, bytes) -> bytes`` applied to each member."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, change(name, old.read(name)))
    return target


def test_a_database_with_data_is_refused(filled: dict[str, Any], tmp_path: Path) -> None:
    target = _backup(tmp_path)[0]
    message = _refused(target)
    assert "De database is niet leeg" in message and "--replace" in message


def test_replace_empties_the_database_and_puts_the_backup_back(
    filled: dict[str, Any], tmp_path: Path
) -> None:
    from rendement.web.backup import count_rows, restore_backup
    from rendement.web.cases import services as case_services
    from rendement.web.cases.models import Case

    target, here = _backup(tmp_path)
    case_services.edit_value(
        actor=filled["owner"],
        case=filled["case"],
        base=3,
        loc=("interventions", 0, "reach"),
        value=100,
        message="na de back-up",
    )
    assert Case.objects.get(pk=filled["case"].pk).latest_number == 4
    restore_backup(target, replace=True, migrate=False)
    assert Case.objects.get(pk=filled["case"].pk).latest_number == 3
    after = _here()
    assert after["versions"] == here["versions"]
    assert after["actions"] == [*here["actions"], "backup.restore"]
    assert count_rows()["cases.caseversion"] == here["counts"]["cases.caseversion"]


def test_broken_or_foreign_files_are_refused_and_change_nothing(
    filled: dict[str, Any], tmp_path: Path
) -> None:
    target = _backup(tmp_path)[0]
    whole = target.read_bytes()

    truncated = tmp_path / "afgebroken.zip"
    truncated.write_bytes(whole[: len(whole) // 2])
    assert "geen back-up van rendement (of het bestand is afgebroken)" in _refused(truncated)

    model = tmp_path / "model.zip"
    model.write_text("meta:\n  title: een model, geen back-up\n")
    assert "geen back-up van rendement" in _refused(model)

    other_zip = tmp_path / "ander.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("rapport.txt", "iets anders")
    assert "het manifest ontbreekt" in _refused(other_zip)

    def tamper(name: str, content: bytes) -> bytes:
        if name == "tables/cases.caseversion.jsonl":
            return content.replace(b"reach: 275", b"reach: 999", 1)
        return content

    tampered = _rewritten(target, tmp_path / "gewijzigd.zip", tamper)
    message = _refused(tampered, replace=True)
    assert "beschadigd of gewijzigd" in message and "cases.caseversion" in message

    def future(name: str, content: bytes) -> bytes:
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        manifest["migrations"]["cases"].append("0099_iets_van_later")
        manifest["rendement"] = "9.0"
        return json.dumps(manifest).encode()

    newer = _rewritten(target, tmp_path / "nieuwer.zip", future)
    assert "nieuwere versie van rendement (9.0)" in _refused(newer, replace=True)

    def newer_format(name: str, content: bytes) -> bytes:
        if name != "manifest.json":
            return content
        return json.dumps({**json.loads(content), "format_version": 2}).encode()

    assert "nieuwere versie" in _refused(_rewritten(target, tmp_path / "v2.zip", newer_format))


def test_a_row_that_does_not_fit_rolls_back_everything_even_with_replace(
    filled: dict[str, Any], tmp_path: Path
) -> None:
    """A backup whose checksums agree but one of whose last rows cannot be stored: the
    database had been emptied (``replace``) and partly loaded — all of it is undone."""
    import hashlib

    target = _backup(tmp_path)[0]
    label = "organisations.membership"

    def spoil(name: str, content: bytes) -> bytes:
        if name == f"tables/{label}.jsonl":
            lines = content.splitlines(keepends=True)
            row = json.loads(lines[-1])
            row["user_id"] = "niet-een-nummer"
            lines[-1] = json.dumps(row).encode() + b"\n"
            return b"".join(lines)
        return content

    spoiled = _rewritten(target, tmp_path / "bedorven.zip", spoil)
    with zipfile.ZipFile(spoiled) as archive:
        content = archive.read(f"tables/{label}.jsonl")
        manifest = json.loads(archive.read("manifest.json"))
    for table in manifest["tables"]:
        if table["model"] == label:
            table["sha256"] = hashlib.sha256(content).hexdigest()
    consistent = _rewritten(
        spoiled,
        tmp_path / "bedorven-maar-kloppend.zip",
        lambda name, data: json.dumps(manifest).encode() if name == "manifest.json" else data,
    )
    message = _refused(consistent, replace=True)
    assert f"({label}), rij 4, een waarde die niet past" in message
    from rendement.web.cases.models import Case

    assert Case.objects.get(pk=filled["case"].pk).latest_number == 3


def test_the_command_line_says_what_is_wrong_without_a_traceback(
    filled: dict[str, Any], tmp_path: Path
) -> None:
    target = _backup(tmp_path)[0]
    env = _environment(Path(tempfile.mkdtemp(prefix="rendement-herstel-")))
    assert _rendement(env, "restore", str(target)).returncode == 0
    again = _rendement(env, "restore", str(target))
    assert again.returncode == 1 and "De database is niet leeg" in again.stderr
    truncated = tmp_path / "afgebroken.zip"
    truncated.write_bytes(target.read_bytes()[:-100])
    broken = _rendement(env, "restore", "--replace", "--yes", str(truncated))
    assert broken.returncode == 1 and "Fout:" in broken.stderr
    assert "Traceback" not in broken.stderr + broken.stdout
    # asked before replacing; "no" changes nothing
    asked = subprocess.run(
        [sys.executable, "-m", "rendement", "restore", "--replace", str(target)],
        env=env,
        input="n\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert asked.returncode == 1 and "Doorgaan?" in asked.stdout + asked.stderr
    assert "Niet hersteld" in asked.stderr
    replaced = _rendement(env, "restore", "--replace", "--yes", str(target))
    assert replaced.returncode == 0, replaced.stderr
    # the log is the backup's again (the first restore's row was replaced), plus this one
    assert _dump(env)["actions"].count("backup.restore") == 1


def test_every_app_with_a_sites_data_is_backed_up() -> None:
    """Each installed app's tables are in the backup except the background work's
    (``work``, django-tasks) and the rebuilt ones — a work session's tables too, whose app
    label starts with ``work``."""
    from django.apps import apps

    from rendement.web.backup import backed_up_models

    chosen = {m._meta.label_lower for m in backed_up_models()}
    for app in ("worksessions", "measuring", "cohorts", "cases"):
        models = {m._meta.label_lower for m in apps.get_app_config(app).get_models()}
        assert models and models <= chosen, app
    assert not any(label.split(".")[0] in ("work", "django_tasks_database") for label in chosen)
