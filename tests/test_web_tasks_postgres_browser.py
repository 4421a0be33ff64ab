"""The background Monte Carlo with the site on PostgreSQL, in real Chromium.

A module of its own: Playwright's sync API cannot be started while another is open, and
the browser tests of background work on SQLite keep theirs open for the whole module."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

from servers import RENDEMENT, chromium_launch_kwargs, log_in, postgres_server, serve_process
from test_web_tasks_browser import UNCERTAIN, _simulate, dutch_euro


def test_on_postgresql_the_worker_runs_a_monte_carlo_too(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """The same background Monte Carlo with the site on PostgreSQL: the task's row, the
    job's progress and its figures (JSON) go through PostgreSQL, and the worker that
    ``rendement serve`` started finds the task there."""
    command = [RENDEMENT, "serve", "--demo", "--port", "{port}"]
    with postgres_server() as url:
        env = {
            "RENDEMENT_DATA": str(tmp_path_factory.mktemp("tasks-pg-data")),
            "DATABASE_URL": url,
            "LANG": "C.UTF-8",
        }
        ready = "http://127.0.0.1:{port}/accounts/login/"
        with serve_process(command, ready, env, timeout=120) as server, sync_playwright() as pw:
            found = re.search(r"wachtwoord: (\S+)", server.stdout.read_text())
            assert found, server.logs()
            browser = pw.chromium.launch(**chromium_launch_kwargs())
            try:
                context = browser.new_context(locale="nl-NL", accept_downloads=True)
                context.set_default_timeout(60_000)
                page = context.new_page()
                log_in(page, server.port, found.group(1))
                page.get_by_role("link", name=UNCERTAIN, exact=True).click()
                panel = page.locator(".work-uncertainty")
                panel.locator("#work-mc-draws").select_option("10000")
                panel.get_by_role("button", name="Monte Carlo starten").click()
                row = panel.locator(".job[data-job=montecarlo] figure.table tbody tr").first
                expect(row).to_be_visible(timeout=60_000)
                yaml_file = tmp_path / "case.yaml"
                with page.expect_download() as download:
                    page.locator("nav.downloads").get_by_role("link", name="YAML").click()
                download.value.save_as(yaml_file)
                figures = _simulate(yaml_file, 10_000, 2019)
                interventions: Any = figures["interventions"]
                stats = interventions["ouders_lokaal"]["variants"]["huidig"]["scenarios"]["basis"]
                for key in ("mean", "p5", "p50", "p95"):
                    expect(row).to_contain_text(dutch_euro(stats[key]))
            finally:
                browser.close()
