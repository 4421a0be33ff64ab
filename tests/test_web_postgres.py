"""The web app on a real PostgreSQL server: migrations, the demo, a save and its audit
row, run by `rendement manage` in its own process with DATABASE_URL set."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import psycopg

from rendement.web.demo import DEMO_COHORT_NAME
from servers import postgres_server


def manage(url: str, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "RENDEMENT_DATA": tempfile.mkdtemp(prefix="rendement-pg-"),
        "RENDEMENT_SECRET_KEY": "test-only",
    }
    done = subprocess.run(
        [sys.executable, "-m", "rendement", "manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


SAVE = """
from rendement.web.demo import ensure_demo
from rendement.web.cases.models import Case
from rendement.web.cases import services
ensure_demo(password="pg-demo-wachtwoord")
case = Case.objects.get(title="Maatschappelijke business case bewezen preventie")
services.edit_value(actor=case.created_by, case=case, base=1,
                    loc=("interventions", 0, "reach"), value=320, message="bereik 320")
try:
    services.edit_value(actor=case.created_by, case=case, base=1,
                        loc=("interventions", 0, "reach"), value=100, message="te laat")
except services.StaleVersion as stale:
    print("stale", stale.base, [v.number for v in stale.since])
"""


def test_the_web_app_runs_on_postgresql() -> None:
    with postgres_server() as url:
        manage(url, "migrate", "--no-input")
        printed = manage(url, "shell", "-c", SAVE)
        assert "stale 1 [2]" in printed
        with psycopg.connect(url) as connection:
            rows = connection.execute(
                "select c.title, c.latest_number, v.number, v.document like '%reach: 320%' "
                "from cases_case c join cases_caseversion v on v.case_id = c.id "
                "where c.title = 'Maatschappelijke business case bewezen preventie' "
                "order by v.number"
            ).fetchall()
            assert [(r[1], r[2], r[3]) for r in rows] == [(2, 1, False), (2, 2, True)]
            actions = [
                a for (a,) in connection.execute("select action from audit_auditentry order by id")
            ]
            # the demo's own rows first (one per case made, the cohorts, the measurements,
            # the work session), then exactly one save: the stale edit wrote nothing
            cases = connection.execute("select count(*) from cases_case").fetchone()
            assert actions[0] == "organisation.create"
            assert cases is not None and actions.count("case.create") == cases[0]
            assert "cohort.import" in actions and "measurement.rows" in actions
            assert actions[-1] == "case.save" and actions.count("case.save") == 1
            # the demo's 60 invented client cases, stored in PostgreSQL too
            (clients,) = connection.execute(
                "select count(*) from cohorts_clientcase c join cohorts_cohort h "
                "on c.cohort_id = h.id where h.name = %s",
                (DEMO_COHORT_NAME,),
            ).fetchone()
            assert clients == 60
