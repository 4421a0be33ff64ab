"""Background work in a real browser (Debian's chromium through Playwright), served by
``rendement serve --demo`` with the worker it starts beside the web server: a PDF and a
Monte Carlo of 10^6 draws started in the page show their progress, then their result —
the PDF downloads and is a PDF, the Monte Carlo's table shows the figures
``rendement simulate`` gives with the same draws and seed. A second click on the PDF
downloads at once."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from servers import (
    RENDEMENT,
    Served,
    chromium_launch_kwargs,
    demo_server,
    log_in,
)

NBSP = "\u00a0"
UNCERTAIN = "Maatschappelijke business case bewezen preventie (met onzekerheid)"


def dutch_euro(value: float) -> str:
    """``€ 98.072`` / ``- € 1.234``: whole euros, Dutch grouping, as the tables print."""
    whole = int(abs(value) + 0.5)
    grouped = f"{whole:,}".replace(",", ".")
    return ("- " if value < 0 and whole else "") + f"€{NBSP}{grouped}"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str]]:
    with demo_server(tmp_path_factory.mktemp("tasks-data")) as running:
        yield running


@pytest.fixture(scope="module")
def page(served: tuple[Served, str]) -> Iterator[Page]:
    server, password = served
    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(**chromium_launch_kwargs())
        context = browser.new_context(locale="nl-NL", accept_downloads=True)
        context.set_default_timeout(30_000)
        opened = context.new_page()
        log_in(opened, server.port, password)
        opened.get_by_role("link", name=UNCERTAIN, exact=True).click()
        opened.wait_for_url(re.compile(r"/cases/[0-9a-f]+/$"))
        try:
            yield opened
        finally:
            context.close()
            browser.close()


def _shoot(what: Page | Locator, name: str) -> None:
    """A screenshot (of the page, or of one part of it) into ``$RENDEMENT_SCREENSHOTS``,
    when set (to look at the pages)."""
    folder = os.environ.get("RENDEMENT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        what.screenshot(path=str(Path(folder) / f"{name}.png"))


def _simulate(yaml_file: Path, draws: int, seed: int) -> dict[str, object]:
    run = subprocess.run(
        [
            RENDEMENT,
            "simulate",
            str(yaml_file),
            "--json",
            "--draws",
            str(draws),
            "--seed",
            str(seed),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert run.returncode == 0, run.stderr
    figures: dict[str, object] = json.loads(run.stdout)
    return figures


def test_a_pdf_shows_progress_then_downloads_and_a_second_is_immediate(
    page: Page, tmp_path: Path
) -> None:
    version = page.locator("#workspace").get_attribute("data-version")
    downloads = page.locator("nav.downloads")
    downloads.get_by_role("button", name="PDF", exact=True).click()
    job = page.locator("#work-documents .job")
    expect(job).to_contain_text(f"PDF van versie {version}")
    # while the worker makes it: a progress bar and what it is doing, polled every second
    expect(job.locator("progress")).to_be_visible()
    expect(job.locator(".job-phrase")).not_to_be_empty()
    _shoot(downloads, "tasks-1-pdf-progress")
    link = job.get_by_role("link", name=f"PDF van versie {version} downloaden")
    expect(link).to_be_visible(timeout=120_000)
    expect(job.locator("progress")).to_have_count(0)
    _shoot(downloads, "tasks-2-pdf-done")
    with page.expect_download() as download:
        link.click()
    first = tmp_path / "first.pdf"
    download.value.save_as(first)
    assert download.value.suggested_filename.endswith(f"-v{version}.pdf")
    data = first.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 10_000

    # the same version's PDF again: the stored file, at once, the same bytes
    started = time.monotonic()
    with page.expect_download(timeout=10_000) as again:
        downloads.get_by_role("button", name="PDF", exact=True).click()
    second = tmp_path / "second.pdf"
    again.value.save_as(second)
    assert time.monotonic() - started < 5
    assert second.read_bytes() == data


def test_a_million_draw_monte_carlo_shows_progress_then_its_figures(
    page: Page, tmp_path: Path
) -> None:
    version = page.locator("#workspace").get_attribute("data-version")
    panel = page.locator(".work-uncertainty")
    expect(panel).to_be_visible(timeout=60_000)  # loaded with the charts
    panel.locator("#work-mc-draws").select_option("1000000")
    started = time.monotonic()
    panel.get_by_role("button", name="Monte Carlo starten").click()
    job = panel.locator(".job[data-job=montecarlo]").first
    expect(job).to_contain_text(f"Monte Carlo van versie {version}")
    expect(job.locator("progress")).to_be_visible()
    _shoot(panel, "tasks-3-mc-progress")
    table = job.locator("figure.table")
    expect(table).to_contain_text("1.000.000 trekkingen", timeout=60_000)
    took = time.monotonic() - started
    _shoot(panel, "tasks-4-mc-done")

    # the figures of `rendement simulate` on this version's YAML, 10^6 draws, seed 2019
    yaml_file = tmp_path / "case.yaml"
    with page.expect_download() as download:
        page.locator("nav.downloads").get_by_role("link", name="YAML", exact=True).click()
    download.value.save_as(yaml_file)
    figures = _simulate(yaml_file, 1_000_000, 2019)
    stats = figures["interventions"]["ouders_lokaal"]["variants"]["huidig"]["scenarios"]["basis"]  # type: ignore[index]
    row = table.locator("tbody tr").first
    for key in ("mean", "p5", "p50", "p95"):
        expect(row).to_contain_text(dutch_euro(stats[key]))
    share = f"{100 * stats['probability_positive']:.1f}".replace(".", ",")
    expect(row).to_contain_text(f"{share} %")
    print(f"10^6 draws in the page: {took:.1f} s from the click to the table")
    assert took < 45, f"10^6 draws took {took:.1f} s in the page"
