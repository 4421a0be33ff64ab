"""Playwright drives Debian's chromium against a server started by ``servers.serve_process``.

The pattern of the web app's end-to-end tests, on a static page: a real server process on
a free port, a headless browser that clicks, and a screenshot. Never skipped: without
chromium this fails and says to run ``scripts/install-test-system-deps.sh``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from servers import chromium_launch_kwargs, serve_process

PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Rookproef</title></head>
<body>
  <h1 id="status">Nog niet berekend</h1>
  <button id="go" onclick="document.getElementById('status').textContent =
    'Netto besparing € 158.763'">Bereken</button>
</body>
</html>
"""


def test_chromium_clicks_a_button_on_a_served_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    screenshot = tmp_path / "page.png"
    command = [sys.executable, "-m", "http.server", "{port}", "--bind", "127.0.0.1"]
    command += ["--directory", str(site)]

    with (
        serve_process(command, "http://127.0.0.1:{port}/") as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            page = browser.new_page()
            page.goto(server.url)
            expect(page.locator("#status")).to_have_text("Nog niet berekend")
            page.get_by_role("button", name="Bereken").click()
            expect(page.locator("#status")).to_have_text("Netto besparing € 158.763")
            page.screenshot(path=str(screenshot))
        finally:
            browser.close()

    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 1024
