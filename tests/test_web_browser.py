"""The web app in a real browser: Debian's chromium (Playwright) against ``rendement serve``.

One server process for the module (``rendement serve --demo`` on a fresh data directory)
and one logged-in demo page; the steps run in file order and build on each other (the
edit of step 2 is what steps 4 and 5 read back). Nothing here touches Django's ORM in
this process: users, cases and versions are reached through the server, or through
``rendement manage shell`` in a separate process against the same data directory.

Screenshots go to ``$RENDEMENT_SCREENSHOTS`` (else a temporary directory).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    expect,
    sync_playwright,
)

from rendement import money
from servers import Served, chromium_launch_kwargs, demo_server, run_json

NBSP = "\u00a0"
DE_BILT = "Maatschappelijke business case bewezen preventie"
REACH = '[id="f-interventions.0.reach"]'
SHARE = '[id="f-interventions.0.effects.0.share"]'
SHARE_ERROR = '[id="e-interventions.0.effects.0.share"]'
UNITS = '[id="f-interventions.0.effects.0.units_per_case"]'
OTHER_REACH = '[id="f-interventions.1.reach"]'
OUTSIDER, OUTSIDER_PASSWORD = "buitenstaander", "Buiten-De-Bilt-2026!"
RENDEMENT = str(Path(sys.executable).with_name("rendement"))


def euro(amount: str) -> str:
    """An amount as the app shows it: ``€``, a non-breaking space, Dutch thousands."""
    return f"€{NBSP}{amount}"


def dutch(value: float) -> str:
    """A whole, positive amount in the app's money format: ``€ 164.268``."""
    return euro(f"{round(value):,}".replace(",", "."))


@dataclass
class Site:
    served: Served
    data: Path
    password: str
    shots: Path
    screenshots: dict[str, Path] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.served.port}{path}"

    def shoot(self, page: Page, name: str) -> None:
        target = self.shots / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        self.screenshots[name] = target


@dataclass
class Demo:
    context: BrowserContext
    page: Page
    uid: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data = tmp_path_factory.mktemp("web-data")
    wanted = os.environ.get("RENDEMENT_SCREENSHOTS")
    shots = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    with demo_server(data) as (served, password):
        yield Site(served, data, password, shots)


@pytest.fixture(autouse=True)
def _server_log_on_failure(site: Site) -> Iterator[None]:
    """What the server printed during the test; pytest shows it only when the test fails."""
    out_before = len(site.served.stdout.read_bytes())
    err_before = len(site.served.stderr.read_bytes())
    yield
    out = site.served.stdout.read_bytes()[out_before:].decode(errors="replace")
    err = site.served.stderr.read_bytes()[err_before:].decode(errors="replace")
    exit_code = site.served.process.poll()
    print(f"--- server (exit {exit_code}) during this test\n{out}\n--- stderr\n{err}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**chromium_launch_kwargs())
        try:
            yield launched
        finally:
            launched.close()


def _log_in(site: Site, page: Page, user: str, password: str, shot: str = "") -> None:
    page.goto(site.url("/accounts/login/"))
    if shot:
        site.shoot(page, shot)
    page.fill("#id_login", user)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(site.url("/"))


@pytest.fixture(scope="module")
def demo(site: Site, browser: Browser) -> Iterator[Demo]:
    """The demo user logged in through the login form, on the De Bilt case."""
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    _log_in(site, page, "demo", site.password, shot="01-login")
    expect(page.locator("main")).to_contain_text("Gemeente De Bilt (demo)")
    expect(page.get_by_role("link", name=DE_BILT, exact=True)).to_be_visible()
    site.shoot(page, "02-case-list")
    page.get_by_role("link", name=DE_BILT, exact=True).click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+/$"))
    uid = page.url.rstrip("/").rsplit("/", 1)[1]
    try:
        yield Demo(context, page, uid)
    finally:
        context.close()


def _version(page: Page) -> int:
    label = page.locator("#workspace p.version").inner_text()
    found = re.match(r"Versie (\d+)\b", label)
    assert found, label
    return int(found.group(1))


def _waterfall(page: Page) -> str:
    """The text of the drawn 'Van investering naar netto besparing' chart."""
    chart = page.locator(".vega svg").filter(has_text="Van investering naar netto besparing")
    expect(chart).to_have_count(1)
    return chart.text_content() or ""


def _net_row(page: Page) -> dict[str, str]:
    """Ouders Lokaal's 'Huidige situatie' row of its net table, by column name."""
    table = page.locator("figure.table").filter(
        has=page.locator("figcaption", has_text="Netto besparingspotentieel · perspectief")
    )
    first = table.first
    columns = first.locator("thead th").all_inner_texts()
    row = first.locator("tbody tr").filter(has_text="Huidige situatie").first
    return dict(zip(columns, row.locator("td").all_inner_texts(), strict=True))


# ----------------------------------------------------------------------------- the steps


def test_1_log_in_and_see_the_de_bilt_figures(demo: Demo) -> None:
    page = demo.page
    expect(page.locator("h1")).to_have_text(DE_BILT)
    results = page.locator("section.results")
    for amount in ("98.072", "88.415", "274.839", "31.876", "66.196"):
        expect(results).to_contain_text(euro(amount))
    expect(results.locator("figcaption").first).to_have_text("Wat de business case oplevert")
    assert _net_row(page)["Netto besparing"] == euro("66.196")
    # every chart drawn by vega-embed into an SVG, none replaced by an error text
    charts = page.locator(".vega[data-spec]")
    expect(charts.nth(2)).to_be_attached()  # the charts come in a second request
    expect(page.locator(".vega svg")).to_have_count(charts.count())
    assert charts.count() >= 3
    assert "Van investering naar netto besparing" in _waterfall(page)
    assert _version(page) == 1


def test_2_a_changed_input_updates_the_results_without_a_reload(site: Site, demo: Demo) -> None:
    page = demo.page
    version = _version(page)
    page.evaluate("window.__noReload = 1")
    before = _waterfall(page)
    reach = page.locator(REACH)
    expect(reach).to_have_value("160")
    reach.fill("320")
    reach.press("Tab")
    results = page.locator("section.results")
    expect(results).to_contain_text(euro("196.144"))  # Ouders Lokaal's gross, doubled
    expect(page.locator("#workspace p.version")).to_contain_text(f"Versie {version + 1} ")
    assert page.evaluate("window.__noReload") == 1, "the page was loaded again"
    assert page.locator("#case-base").get_attribute("value") == str(version + 1)
    expect(page.locator(REACH)).to_have_value("320")
    row = _net_row(page)
    assert row["Bruto besparing"] == euro("196.144")
    assert row["Netto besparing"] == euro("164.268")  # 196.144 − 31.876
    # the charts are drawn again from the new figures
    expect(page.locator(".vega svg")).to_have_count(page.locator(".vega[data-spec]").count())
    chart = page.locator(".vega svg").filter(has_text="Van investering naar netto besparing")
    expect(chart).not_to_have_text(before)
    after = _waterfall(page)
    assert after != before
    site.shoot(page, "03-case-after-edit")


def test_3_a_wrong_share_shows_its_error_beside_the_field(site: Site, demo: Demo) -> None:
    page = demo.page
    version = _version(page)
    share = page.locator(SHARE)
    share.fill("150%")
    share.press("Tab")
    error = page.locator(SHARE_ERROR)
    expect(error).to_contain_text("tussen 0% en 100%")
    expect(page.locator(SHARE)).to_have_value("150%")  # what was typed stays to correct
    expect(page.locator(SHARE)).to_have_attribute("aria-invalid", "true")
    # beside that field: inside the same small form, right after its input
    form = page.locator("form.field.invalid")
    expect(form).to_have_count(1)
    expect(form.locator(SHARE_ERROR)).to_have_count(1)
    assert _version(page) == version, "a refused value was saved"
    expect(page.locator(".stale")).to_have_count(0)
    site.shoot(page, "04-field-error")


def test_4_a_save_on_an_older_version_of_another_field_is_kept(
    site: Site, browser: Browser, demo: Demo
) -> None:
    """Another user changes one field; this page, still on the older version, changes
    another: both are stored (three-way), and this page then shows the other's value."""
    older = demo.page
    older.reload()  # a clean form, without step 3's wrong value
    base = _version(older)
    other = browser.new_context(locale="nl-NL")
    try:
        newer = other.new_page()
        _log_in(site, newer, "demo", site.password)
        newer.goto(site.url(f"/cases/{demo.uid}/"))
        assert _version(newer) == base
        field_ = newer.locator(OTHER_REACH)
        expect(field_).to_have_value("90")
        field_.fill("91")
        field_.press("Tab")
        expect(newer.locator("#workspace p.version")).to_contain_text(f"Versie {base + 1} ")
    finally:
        other.close()

    older.evaluate("window.__noReload = 1")
    units = older.locator(UNITS)
    expect(units).to_have_value("4")
    units.fill("5")
    units.press("Tab")
    expect(older.locator("#workspace p.version")).to_contain_text(f"Versie {base + 2} ")
    expect(older.locator(".stale")).to_have_count(0)
    assert older.evaluate("window.__noReload") == 1
    expect(older.locator(OTHER_REACH)).to_have_value("91")  # the other's value, shown
    expect(older.locator(UNITS)).to_have_value("5")
    stored = older.request.get(site.url(f"/cases/{demo.uid}/versions/{base + 2}.yaml"))
    assert stored.status == 200
    assert "reach: 91" in stored.text() and "units_per_case: 5" in stored.text()
    # back to 4 for the steps after this one
    units.fill("4")
    units.press("Tab")
    expect(older.locator("#workspace p.version")).to_contain_text(f"Versie {base + 3} ")


def test_5_downloads_agree_with_the_page(site: Site, demo: Demo, tmp_path: Path) -> None:
    page = demo.page
    page.reload()  # the download links are outside the live-updated workspace
    version = _version(page)
    net_shown = _net_row(page)["Netto besparing"]
    downloads = page.locator("nav.downloads")

    with page.expect_download() as yaml_download:
        downloads.get_by_role("link", name="YAML", exact=True).click()
    yaml_file = tmp_path / "case.yaml"
    yaml_download.value.save_as(yaml_file)
    assert yaml_download.value.suggested_filename == f"{demo.uid}-v{version}.yaml"
    assert "reach: 320" in yaml_file.read_text(encoding="utf-8")

    figures = run_json(yaml_file)
    basis = figures["interventions"]["ouders_lokaal"]["variants"]["huidig"]["scenarios"]["basis"]
    assert basis["reach"] == 320
    assert dutch(basis["gross"]) == euro("221.744")  # all financiers; 196.144 in perspective
    assert dutch(basis["net"]) == net_shown == euro("164.268")

    # the PDF is made in the background (rendement.web.work): a button starts it, a link
    # to the file shows when it is ready
    downloads.get_by_role("button", name="PDF", exact=True).click()
    ready = downloads.get_by_role("link", name=f"PDF van versie {version} downloaden")
    expect(ready).to_be_visible(timeout=120_000)
    with page.expect_download() as pdf_download:
        ready.click()
    pdf_file = tmp_path / "case.pdf"
    pdf_download.value.save_as(pdf_file)
    assert pdf_download.value.suggested_filename == f"{demo.uid}-v{version}.pdf"
    data = pdf_file.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 10_000


def test_5b_the_yaml_link_follows_a_live_edit(site: Site, demo: Demo) -> None:
    page = demo.page
    page.reload()
    version = _version(page) + 1
    reach = page.locator(REACH)
    reach.fill("321")
    reach.press("Tab")
    expect(page.locator("#workspace p.version")).to_contain_text(f"Versie {version} ")
    expect(page.locator(".stale")).to_have_count(0)
    link = page.locator("nav.downloads").get_by_role("link", name="YAML", exact=True)
    try:
        assert link.get_attribute("href") == f"/cases/{demo.uid}/versions/{version}.yaml"
    finally:  # back to 320 for the steps after this one
        page.locator(REACH).fill("320")
        page.locator(REACH).press("Tab")
        expect(page.locator("#workspace p.version")).to_contain_text(f"Versie {version + 1} ")


CREATE_OUTSIDER = f"""
from django.contrib.auth import get_user_model
from rendement.web.organisations.services import create_organisation
user = get_user_model().objects.create_user({OUTSIDER!r}, email="buiten@example.org")
user.set_password({OUTSIDER_PASSWORD!r})
user.save()
create_organisation(actor=user, name="Gemeente Elders", kind="gemeente")
print("aangemaakt", user.pk)
"""


def test_6_another_organisation_cannot_reach_the_case(
    site: Site, browser: Browser, demo: Demo
) -> None:
    made = subprocess.run(
        [RENDEMENT, "manage", "shell", "-c", CREATE_OUTSIDER],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, **site.served.environment},  # its data, its database
    )
    assert made.returncode == 0 and "aangemaakt" in made.stdout, made.stdout + made.stderr

    context = browser.new_context(locale="nl-NL")
    try:
        page = context.new_page()
        _log_in(site, page, OUTSIDER, OUTSIDER_PASSWORD)
        expect(page.locator("main")).to_contain_text("Gemeente Elders")
        expect(page.get_by_role("link", name=DE_BILT, exact=True)).to_have_count(0)
        csrf = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
        headers = {"X-CSRFToken": csrf, "HX-Request": "true"}
        case = f"/cases/{demo.uid}"
        version = _version(demo.page)
        gets = {
            f"{case}/": {404},
            f"{case}/versions/": {404},
            f"{case}/versions/1.yaml": {404},
            f"{case}/download/pdf/": {404},
            f"{case}/edit/": {404, 405},
            f"{case}/delete/": {404, 405},
        }
        posts = {
            f"{case}/edit/": {"base": str(version), "loc": "meta.title", "value": "Overgenomen"},
            f"{case}/delete/": {},
        }
        answers: dict[str, int] = {}
        for path, allowed in gets.items():
            answer = page.request.get(site.url(path), max_redirects=0)
            answers[f"GET {path}"] = answer.status
            assert answer.status in allowed, (path, answer.status, answer.text()[:300])
            assert "De Bilt" not in answer.text()
        for path, form in posts.items():
            answer = page.request.post(site.url(path), form=form, headers=headers, max_redirects=0)
            answers[f"POST {path}"] = answer.status
            assert answer.status == 404, (path, answer.status, answer.text()[:300])
    finally:
        context.close()

    # the case is untouched for its own organisation
    after = demo.page.request.get(site.url(f"/cases/{demo.uid}/versions/{version}.yaml"))
    assert after.status == 200
    assert "Overgenomen" not in after.text()
    assert demo.page.request.get(site.url(f"/cases/{demo.uid}/")).status == 200
    assert (
        demo.page.request.get(site.url(f"/cases/{demo.uid}/versions/{version + 1}.yaml")).status
        == 404
    )


def test_7_screenshots_were_taken(site: Site) -> None:
    wanted = ("01-login", "02-case-list", "03-case-after-edit", "04-field-error")
    assert sorted(site.screenshots) == sorted(wanted)
    for name in wanted:
        data = site.screenshots[name].read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), name
        assert len(data) > 10_000, (name, len(data))


# ----------------------------------------------------------------------------- a new case

NEW_FORM = "form:has(#new-example)"
GP_CONSULT = "kostenhandleiding-2024:gp_consult_avg"


def _new_case(site: Site, page: Page, example: str) -> str:
    """A case made through the case list's "Nieuwe business case" form; its uid."""
    page.goto(site.url("/"))
    form = page.locator(NEW_FORM)
    form.locator("#new-organisation").select_option(label="Gemeente De Bilt (demo)")
    form.locator("#new-example").select_option(label=example)
    form.get_by_role("button", name="Maken", exact=True).click()
    # a blank case opens the guided start at its first step, an example the workspace
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+/(stap/verandertheorie/)?$"))
    found = re.search(r"/cases/([0-9a-f]+)/", page.url)
    assert found, page.url
    return found.group(1)


def _group(page: Page, name: str) -> Locator:
    """The editor's fieldset of one intervention, by its legend."""
    return page.locator("section.editor fieldset").filter(
        has=page.locator("legend", has_text=re.compile(f"^{re.escape(name)}$"))
    )


def _net_cells(page: Page, section: str) -> list[str]:
    """The 'Netto besparing' column of the net table under the results heading ``section``."""
    table = page.locator(
        f"xpath=//section[contains(@class,'results')]/h2[normalize-space()='{section}']"
        "/following-sibling::figure[contains(@class,'table')]"
        "[starts-with(normalize-space(figcaption), 'Netto besparingspotentieel')][1]"
    )
    expect(table).to_have_count(1)
    columns = table.locator("thead th").all_inner_texts()
    column = columns.index("Netto besparing")
    return [row.locator("td").nth(column).inner_text() for row in table.locator("tbody tr").all()]


def test_8_a_new_user_builds_a_case(site: Site, browser: Browser, tmp_path: Path) -> None:
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        _log_in(site, page, "demo", site.password)

        # a blank case: nothing to compute yet, and the page says what is missing
        blank = _new_case(site, page, "Lege business case")
        expect(page.locator("h1")).to_have_text("Stap 1: Verandertheorie")
        page.get_by_role("link", name="Naar de volledige werkruimte").click()
        page.wait_for_url(site.url(f"/cases/{blank}/"))
        expect(page.locator("h1")).to_have_text("Nieuwe business case")
        todo = page.locator("section.results .todo")
        expect(todo.locator("h2")).to_have_text("Nog te doen")
        expect(todo.locator("li")).not_to_have_count(0)
        expect(todo).to_contain_text("interventie")
        expect(page.locator(".vega[data-spec]")).to_have_count(0)
        expect(page.locator("section.results figure.table")).to_have_count(0)
        assert _version(page) == 1
        # it has no financiers, and no form adds one: the adding continues on the example
        uid = _new_case(site, page, "De Bilt 2019 (preventief sociaal werk)")
        assert uid != blank
        expect(page.locator("h1")).to_have_text(DE_BILT)
        expect(page.locator("section.results .todo")).to_have_count(0)
        version = _version(page)
        page.evaluate("window.__noReload = 1")

        # an intervention
        adder = page.locator("section.editor > details.add").filter(
            has_text="Interventie toevoegen"
        )
        adder.locator("summary").click()
        page.fill("#iv-name", "Buurtcoach")
        page.fill("#iv-reach", "50")
        page.fill("#iv-unit", "bewoners")
        adder.get_by_role("button", name="Toevoegen").click()
        group = _group(page, "Buurtcoach")
        expect(group).to_have_count(1)
        expect(page.locator("#workspace p.version")).to_contain_text(f"Versie {version + 1} ")
        assert page.evaluate("window.__noReload") == 1, "the page was loaded again"
        expect(group.locator('input[id$=".reach"]')).to_have_value("50")
        index = group.locator("input[name=index]").first.get_attribute("value")
        assert index is not None and index.isdigit(), index

        # an effect line, its price found in Dutch in the (English) Kostenhandleiding
        effect = group.locator("details.add").filter(has_text="Effectregel toevoegen")
        effect.locator(":scope > summary").click()
        page.fill(f"#effect-name-{index}", "Minder huisartsbezoek")
        page.locator(f"#effect-search-{index}").press_sequentially("huisarts")
        price = page.locator(f"#effect-price-{index}")
        option = price.locator("label.price-option").filter(
            has=page.locator(f'input[value="{GP_CONSULT}"]')
        )
        expect(option).to_have_count(1)
        expect(option).to_contain_text("Huisarts, consult (gemiddeld")
        expect(option).to_contain_text("€\u00a030,87 per consult")
        option.locator("input").check()
        chosen = page.locator(f"#effect-chosen-{index}")
        expect(chosen).to_contain_text("prijspeil 2022")  # the choice in full, under the list
        expect(chosen.locator("select")).to_have_value("zorgverzekeraar")  # De Bilt's Zvw
        page.fill(f"#effect-units-{index}", "2")
        page.fill(f"#effect-share-{index}", "50%")
        effect.get_by_role("button", name="Toevoegen").click()
        expect(page.locator("#workspace p.version")).to_contain_text(f"Versie {version + 2} ")
        group = _group(page, "Buurtcoach")
        expect(group).to_contain_text("Minder huisartsbezoek › tarief")

        # an investment, paid by the municipality's Wmo budget
        investment = group.locator("details.add").filter(has_text="Investering toevoegen")
        investment.locator("summary").click()
        page.fill(f"#inv-name-{index}", "Inzet buurtcoach")
        page.fill(f"#inv-amount-{index}", "1000")
        payer = page.locator(f"#inv-payer-{index}")
        payer.select_option(label="Gemeente De Bilt (Wmo)")
        expect(payer).to_have_value("gemeente_wmo")
        investment.get_by_role("button", name="Toevoegen").click()
        version += 3
        expect(page.locator("#workspace p.version")).to_contain_text(f"Versie {version} ")
        expect(page.locator(".stale")).to_have_count(0)
        expect(page.locator("section.editor .error")).to_have_count(0)
        assert page.evaluate("window.__noReload") == 1, "the page was loaded again"

        # the new intervention's figures, as the CLI computes them from the stored version
        link = page.locator("nav.downloads").get_by_role("link", name="YAML", exact=True)
        expect(link).to_have_attribute("href", f"/cases/{uid}/versions/{version}.yaml")
        with page.expect_download() as download:
            link.click()
        yaml_file = tmp_path / "new-case.yaml"
        download.value.save_as(yaml_file)
        text = yaml_file.read_text(encoding="utf-8")
        for expected in ("Buurtcoach", "gp_consult_avg", "kostenhandleiding-2024", "gemeente_wmo"):
            assert expected in text, expected
        figures = run_json(yaml_file)["interventions"]["buurtcoach"]
        evaluations = [
            scenario
            for variant in figures["variants"].values()
            for scenario in variant["scenarios"].values()
        ]
        # the case's scenarios leave this intervention alone: the page shows one row
        assert {e["scenario"] for e in evaluations} == {"basis", "minimum", "maximum"}
        assert {(e["reach"], e["net"], e["gross"]) for e in evaluations} == {
            (evaluations[0]["reach"], evaluations[0]["net"], evaluations[0]["gross"])
        }, evaluations
        evaluation = evaluations[0]
        assert evaluation["reach"] == 50
        assert evaluation["net"] == -evaluation["perspective_investment"] != 0  # Zvw saves
        assert _net_cells(page, "Buurtcoach") == [money.euro(evaluation["net"])]
        expect(page.locator("section.results")).to_contain_text(money.euro(evaluation["gross"]))
        expect(page.locator("section.results")).to_contain_text("Minder huisartsbezoek")
        # the charts are drawn into the swapped-in workspace
        expect(page.locator(".vega svg").first).to_be_visible()
        expect(page.locator(".vega svg")).to_have_count(page.locator(".vega[data-spec]").count())

        # a refused addition: the error beside its own form, nothing saved
        group = _group(page, "Buurtcoach")
        investment = group.locator("details.add").filter(has_text="Investering toevoegen")
        investment.locator("summary").click()
        page.fill(f"#inv-name-{index}", "")
        page.fill(f"#inv-amount-{index}", "5")
        label = page.locator("#workspace p.version").inner_text()
        investment.get_by_role("button", name="Toevoegen").click()
        error = page.locator(f"#e-add-investment-{index}")
        expect(error).to_have_text("Geef de investering een naam.")
        investment = _group(page, "Buurtcoach").locator("details.add[open]")
        expect(investment.locator(f"#e-add-investment-{index}")).to_have_count(1)
        expect(page.locator("#workspace p.version")).to_have_text(label)
        assert _version(page) == version
        assert page.evaluate("window.__noReload") == 1, "the page was loaded again"
        gone = page.request.get(site.url(f"/cases/{uid}/versions/{version + 1}.yaml"))
        assert gone.status == 404
        site.shoot(page, "05-new-case")
        assert site.screenshots["05-new-case"].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    finally:
        context.close()


def test_8b_a_newcomer_chooses_a_price_by_keyboard_and_its_payer_joins_the_case(
    site: Site, browser: Browser
) -> None:
    """Blank case → Gemeente Zeist (Wmo) → Buurtcoach → 'Minder huisartsbezoek' with the
    price found by typing 'huisarts' and chosen with the arrow keys: every hit in full in
    Dutch; the choice repeated with 'Wie betaalt' offering the missing Zvw financier; one
    save adds both; the line's price then reads as words, not as its id."""
    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        _log_in(site, page, "demo", site.password)
        uid = _new_case(site, page, "Lege business case")
        page.goto(site.url(f"/cases/{uid}/"))  # the workspace, not the guided start
        page.evaluate("window.__noReload = 1")
        financier = page.locator("details.add").filter(has_text="Financier toevoegen")
        financier.locator("summary").click()
        page.fill("#fin-name", "Gemeente Zeist (Wmo)")
        page.locator("#fin-budget").select_option("wmo")
        financier.get_by_role("button", name="Toevoegen").click()
        expect(page.locator("p.financiers")).to_contain_text("Gemeente Zeist (Wmo)")
        adder = page.locator("section.editor > details.add").filter(
            has_text="Interventie toevoegen"
        )
        adder.locator("summary").click()
        page.fill("#iv-name", "Buurtcoach")
        page.fill("#iv-reach", "40")
        adder.get_by_role("button", name="Toevoegen").click()
        group = _group(page, "Buurtcoach")
        expect(group).to_have_count(1)
        effect = group.locator("details.add").filter(has_text="Effectregel toevoegen")
        effect.locator(":scope > summary").click()
        page.fill("#effect-name-0", "Minder huisartsbezoek")
        page.locator("#effect-search-0").press_sequentially("huisarts")
        options = page.locator("#effect-price-0 label.price-option")
        expect(options.first).to_contain_text("Huisarts, consult (gemiddeld")
        expect(options.first).to_contain_text("€\u00a030,87 per consult · prijspeil 2022")
        expect(page.locator("#effect-price-0")).not_to_contain_text("General practitioner")
        # by keyboard: into the list, the first hit, then the second and back with arrows
        page.locator("#effect-search-0").focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowUp")
        expect(page.locator(f'#effect-price-0 input[value="{GP_CONSULT}"]')).to_be_checked()
        chosen = page.locator("#effect-chosen-0")
        expect(chosen).to_contain_text("Huisarts, consult (gemiddeld")
        payer = chosen.locator("select[name=financier]")
        expect(payer).to_have_value("new:zvw")
        expect(payer.locator("option:checked")).to_have_text(
            "nieuw: Zorgverzekeraar (Zvw) toevoegen"
        )
        page.fill("#effect-units-0", "3")
        effect.get_by_role("button", name="Toevoegen").click()
        expect(page.locator("p.financiers")).to_contain_text(
            "Gemeente Zeist (Wmo), Zorgverzekeraar (Zvw)"
        )
        expect(page.locator("section.editor .error")).to_have_count(0)
        field = _group(page, "Buurtcoach").locator(".price-field")
        expect(field).to_contain_text(
            "Huisarts, consult (gemiddeld; ook telefonisch of per e-mail)"
        )
        expect(field).to_contain_text("€\u00a030,87 per consult")
        expect(field).not_to_contain_text("gp_consult_avg")
        expect(page.locator("section.results")).to_contain_text("120 consulten")
        assert page.evaluate("window.__noReload") == 1, "the page was loaded again"
    finally:
        context.close()


def test_9_the_method_in_forms_target_groups_a_variant_and_a_stakeholder(
    site: Site, browser: Browser
) -> None:
    """Step 3 in words (target groups one per line), a variant made from the change form
    (its row appears in the results without a reload), a stakeholder added."""
    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        _log_in(site, page, "demo", site.password)
        _new_case(site, page, "De Bilt 2019 (preventief sociaal werk)")
        version = _version(page)
        page.evaluate("window.__noReload = 1")
        group = _group(page, "Samen Oplopen")
        group.locator("details.about > summary").click()
        groups = group.locator('textarea[id$=".target_groups"]')
        groups.fill("Gezinnen met kinderen onder de 24 jaar\nGrootouders")
        groups.press("Tab")  # the change event: saved
        expect(page.locator("#workspace p.version")).to_contain_text(f"Versie {version + 1} ")
        page.reload()
        group = _group(page, "Samen Oplopen")
        text = group.locator('textarea[id$=".target_groups"]').input_value()
        assert text == "Gezinnen met kinderen onder de 24 jaar\nGrootouders"
        page.evaluate("window.__noReload = 1")

        change = group.locator("details.add").filter(has_text="wijziging toevoegen")
        change.locator("summary").click()
        change.locator("select[name=target]").select_option("new")
        change.locator("input[name=variant]").fill("Dubbel bereik")
        change.locator("select[name=what]").select_option("reach")
        change.locator("input[name=value]").fill("60")
        change.get_by_role("button", name="Toevoegen").click()
        expect(page.locator("#workspace p.version")).to_contain_text(f"Versie {version + 2} ")
        expect(page.locator(".stale")).to_have_count(0)
        rows = _net_rows(page, "Samen Oplopen")
        assert any(r.startswith("Dubbel bereik") for r in rows), rows
        # the variant's value is a field now
        field = _group(page, "Samen Oplopen").get_by_label("Variant Dubbel bereik › bereik")
        expect(field).to_have_value("60")
        assert page.evaluate("window.__noReload") == 1, "the page was loaded again"

        parties = page.locator("section.editor fieldset").filter(
            has=page.locator("legend", has_text="Belanghebbenden en financiers")
        )
        adder = parties.locator("details.add").filter(has_text="Belanghebbende toevoegen")
        adder.locator("summary").click()
        page.fill("#sh-name", "Grootouders")
        page.fill("#sh-description", "Passen op en zien de gezinnen vaak")
        adder.get_by_role("button", name="Toevoegen").click()
        expect(page.locator("#workspace p.version")).to_contain_text(f"Versie {version + 3} ")
        expect(parties.locator('form.field input[value="Grootouders"]')).to_have_count(1)
        group = _group(page, "Samen Oplopen")
        group.locator("details.about > summary").click()
        change = group.locator("details.add").filter(has_text="wijziging toevoegen")
        change.locator("summary").click()
        site.shoot(page, "06-method-forms")
    finally:
        context.close()


def _net_rows(page: Page, section: str) -> list[str]:
    table = page.locator(
        f"xpath=//section[contains(@class,'results')]/h2[normalize-space()='{section}']"
        "/following-sibling::figure[contains(@class,'table')]"
        "[starts-with(normalize-space(figcaption), 'Netto besparingspotentieel')][1]"
    )
    return [row.locator("td").first.inner_text() for row in table.locator("tbody tr").all()]


ACCESSIBLE = """() => {
  const unnamed = [...document.querySelectorAll('input, select, textarea, button')]
    .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
    .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                 && !(e.tagName === 'BUTTON' && e.textContent.trim()))
    .map(e => e.outerHTML.slice(0, 120));
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const e of document.querySelectorAll('body *')) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || e.offsetParent === null || e.closest('.vega')) continue;
    const a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const text = e.textContent.trim().slice(0, 40);
    if (ratio < 4.5) low.push(`${ratio.toFixed(2)} ${e.tagName} ${text}`);
  }
  return {lang: document.documentElement.lang, unnamed, low};
}"""


def test_10_every_field_has_a_label_the_contrast_suffices_and_the_keyboard_reaches(
    site: Site, browser: Browser
) -> None:
    """WCAG basics on the main pages: the page's language, a label on every field and
    button, text contrast of at least 4.5:1, and the first field reached by Tab."""
    context = browser.new_context(locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(site.url("/accounts/login/"))
        pages = {"login": page.evaluate(ACCESSIBLE)}
        page.keyboard.press("Tab")  # the skip link first
        assert page.evaluate("document.activeElement.className") == "skip"
        reached = []
        for _ in range(6):  # then, past the header's links, the first field
            page.keyboard.press("Tab")
            reached.append(page.evaluate("document.activeElement.id"))
            if reached[-1] == "id_login":
                break
        assert reached[-1] == "id_login", reached
        _log_in(site, page, "demo", site.password)
        pages["list"] = page.evaluate(ACCESSIBLE)
        _new_case(site, page, "De Bilt 2019 (preventief sociaal werk)")
        for details in page.locator("section.editor details > summary").all():
            details.click()  # every form open: their fields count too
        pages["case"] = page.evaluate(ACCESSIBLE)
        for name, found in pages.items():
            assert found["lang"] == "nl", name
            assert found["unnamed"] == [], (name, found["unnamed"][:5])
            assert found["low"] == [], (name, found["low"][:5])
        # the check itself finds what it looks for: pale text and an unlabelled field
        # (the colour set through the DOM: a style="" attribute is refused by the page's
        # Content-Security-Policy)
        page.evaluate(
            "() => { const p = document.createElement('p'); p.textContent = 'bleek';"
            " p.style.color = '#bbb'; const i = document.createElement('input'); i.id = 'kaal';"
            " document.querySelector('main').append(p, i); }"
        )
        planted = page.evaluate(ACCESSIBLE)
        assert [x.split(" ", 1)[1] for x in planted["low"]] == ["P bleek"]
        assert len(planted["unnamed"]) == 1 and 'id="kaal"' in planted["unnamed"][0]
    finally:
        context.close()


# ----------------------------------------------------------------------------- client cases

EXAMPLE_COHORT = (
    Path(__file__).resolve().parents[1] / "examples" / "cohort" / "sociaal-makelaar.csv"
)
BROKER = "Sociaal makelaar Voorbeeldstad (verzonnen voorbeeld)"


def test_11_client_cases_upload_see_the_mistakes_fix_and_compare_segments(
    site: Site, browser: Browser
) -> None:
    """Upload a table with a mistake, read the preview, upload it mended, and see where
    the approach pays: the segment chart drawn, a client case's kassabon, the forecast."""
    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        _log_in(site, page, "demo", site.password)
        page.get_by_role("link", name="Cliëntcasussen", exact=True).click()
        expect(page.locator("main table.cases")).to_contain_text("Sociaal makelaar Voorbeeldstad")
        good = EXAMPLE_COHORT.read_bytes()
        lines = good.decode().split("\n")
        row = next(n for n, line in enumerate(lines) if line.startswith("SM-005;"))
        cells = lines[row].split(";")
        cells[6] = "veel"  # 'voor': text in a number cell
        lines[row] = ";".join(cells)
        bad = "\n".join(lines).encode()

        def upload(content: bytes) -> None:
            page.fill("#cohort-name", "Makelaar in de browser")
            page.select_option("#cohort-prices", label=BROKER)
            page.set_input_files(
                "#cohort-table",
                {"name": "casussen.csv", "mimeType": "text/csv", "buffer": content},
            )
            page.get_by_role("button", name="Inlezen").click()

        upload(bad)
        problems = page.locator("#problems")
        expect(problems).to_contain_text("Niet ingelezen: het bestand heeft fouten")
        # the file's own row number (the note above the headings counts) and the column
        expect(problems.locator("tbody tr")).to_have_count(1)
        cells_shown = problems.locator("tbody tr td").all_inner_texts()
        assert cells_shown[:2] == [str(row + 1), "voor"], cells_shown
        assert "veel" in cells_shown[2]
        site.shoot(page, "11-cohort-errors")
        upload(good)
        page.wait_for_url(re.compile(r"/casussen/[0-9a-f]+/$"))
        expect(page.locator("h1")).to_have_text("Makelaar in de browser")
        chart = page.locator("#segment-chart svg")
        expect(chart).to_have_count(1)
        assert "Netto per casus, per hulpvraag" in (chart.text_content() or "")
        assert "schulden" in (chart.text_content() or "")
        expect(page.locator("main")).to_contain_text("60 casussen")
        found = page.evaluate(ACCESSIBLE)
        assert found["unnamed"] == [] and found["low"] == [], found
        site.shoot(page, "12-cohort-segments")
        page.locator("details.clients > summary").click()
        page.get_by_role("link", name="SM-002", exact=True).click()
        expect(page.locator(".receipt")).to_contain_text("NETTO")
        site.shoot(page, "13-cohort-kassabon")
        page.go_back()
        page.get_by_role("button", name="Vergelijken").click()
        expect(page.locator("main")).to_contain_text("Verwacht tegenover gemeten: Sociaal makelaar")
        site.shoot(page, "14-cohort-forecast")
    finally:
        context.close()
