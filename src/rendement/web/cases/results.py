"""The results of a case version as the page shows them: the CLI's tables and the report's
charts (Vega-Lite specs, drawn in the browser by vega-embed).

Loading a document is the expensive step (YAML parse and validation, ~0,1 s for De Bilt);
results are kept per document text in a small process-wide cache, so every viewer of the
same version shares one evaluation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ...engine import Results, evaluate
from ...i18n import _, language
from ...money import currency
from ...present import (
    Table,
    charts,
    financiers_table,
    headline_evaluations,
    intervention_tables,
    portfolio_balance_table,
    portfolio_table,
    prices_table,
)
from ...present.headline import headline_table
from ...recent import Recent
from . import shared
from .completeness import Missing, missing, reason
from .services import Checked, check_document, digest

CACHED = 64  # per cache; an edit makes one entry in each (tables ~0,3 MB, charts less)


@dataclass
class Shown:
    """What the results panel shows for one document, in one language."""

    checked: Checked
    results: Results | None = None
    tables: list[tuple[str, list[Table]]] = field(default_factory=list)  # per section
    findings: list[str] = field(default_factory=list)
    rounded: str | None = None  # how many printed figures agree within their rounding
    missing: list[Missing] = field(default_factory=list)  # what a result still needs
    elsewhere: bool = False  # the tables were computed by another process (see panel)

    @property
    def evaluated(self) -> bool:
        """There are results to show (here, or as tables from another process)."""
        return self.results is not None or self.elsewhere

    @property
    def ready(self) -> bool:
        """Complete: the downloads and the guide's last step have a result to show."""
        return self.evaluated and not self.missing

    @property
    def why_not(self) -> str:
        """Why the downloads are not there yet (empty when they are)."""
        return "" if self.ready else reason(self.missing, len(self.checked.problems) or 1)


def spec_json(spec: dict[str, Any] | None) -> str | None:
    """A chart spec as the page embeds it (``data-spec``), or None for no chart."""
    return None if spec is None else json.dumps(spec, ensure_ascii=False)


_SHOWN = Recent(CACHED)
_DRAWN = Recent(CACHED)
_UNCERTAIN = Recent(CACHED)
_PANELS = Recent(CACHED)


def shown(text: str, lang: str = "nl") -> Shown:
    """The tables of the document (every intervention), the to-dos and the audit; cached
    per document and language: every viewer of a version shares them."""
    return _SHOWN.kept((digest(text), lang), lambda: _compute(text, lang))


def panel(text: str, lang: str = "nl") -> Shown:
    """What the case page shows of a version's results: :func:`shown` when this process
    has it, else the tables, findings and to-dos another process computed and kept in the
    shared cache (:mod:`.shared`; no ``results``, ``elsewhere`` set), else :func:`shown`.

    Why: with several server processes the page read after an edit usually lands in
    another process than the edit, which computed the new version's results already;
    the reader takes them (~9 kB, ~0,3 ms to unpickle) instead of evaluating the version
    again. The entry is keyed by the text's digest and the language (and the code's
    fingerprint): the text is all the results depend on; rights and the version's number
    are in the page's template, not in the panel."""
    key = (digest(text), lang)
    here: Shown | None = _SHOWN.find(key) or _PANELS.find(key)
    if here is not None:
        return here
    kept = shared.found(shared.key("panel", *key))
    if isinstance(kept, tuple) and len(kept) == 4:
        checked = check_document(text)
        if checked.model is not None:
            tables, findings, rounded, missed = kept
            view = Shown(checked, None, tables, findings, rounded, missed, elsewhere=True)
            _PANELS[key] = view
            return view
    return shown(text, lang)


def _share(text: str, lang: str, out: Shown) -> None:
    """The panel of ``out`` kept for every server process (see :func:`panel`), each
    table's HTML written first so the reader need not write it again."""
    from .templatetags.tables import table_html

    with language(lang):
        for _section, tables in out.tables:
            for table in tables:
                table_html(table)
    entry = (out.tables, out.findings, out.rounded, out.missing)
    shared.keep(shared.key("panel", digest(text), lang), entry)


def drawn(
    text: str, lang: str = "nl", intervention: str | None = None, option: str | None = None
) -> list[tuple[str, str]]:
    """The charts (title, Vega-Lite spec as JSON) of one intervention's option
    (``variant|scenario``; its first variant under the first scenario shown by default)
    and of the portfolio.

    Asked for by the page in a second request after the tables, so a changed number shows
    its tables at once; building specs is the slow part of a results panel."""
    key = (digest(text), lang, f"{intervention or ''}#{option or ''}")
    return _DRAWN.kept(key, lambda: _charts(text, lang, intervention, option))


def options(text: str, lang: str, intervention: str | None) -> list[tuple[str, str]]:
    """The options of an intervention the charts can draw: (``variant|scenario``, name)."""
    from ...present.tables import evaluation_name, shown_scenarios

    results = shown(text, lang).results
    if results is None or not results.interventions:
        return []
    ids = [r.id for r in results.interventions]
    chosen = intervention if intervention in ids else ids[0]
    scenarios = shown_scenarios(results, chosen)
    with language(lang):
        return [
            (f"{ev.variant}|{ev.scenario}", evaluation_name(ev, len(scenarios) > 1))
            for ev in results.intervention(chosen).evaluations
            if ev.scenario in scenarios
        ]


CHAIN = 4
"""Edits of numbers followed back to a version whose results this process has."""


def _earlier(text: str, lang: str) -> tuple[Shown | None, set[str], tuple[int | str, ...] | None]:
    """The panel of the text ``text`` was made from by edits of one number each (of an
    intervention), when this process has it, the ids of the interventions those edits
    changed and, when every edit changed the same place, that place: the other
    interventions' evaluations and tables are the same (``model/incremental.py``).

    Followed back up to :data:`CHAIN` edits: with two processes taking turns, the version
    before an edit was often only read here from the shared cache (:func:`panel`, without
    results), and the one before that was evaluated here."""
    from .services import made_from, made_from_digest

    made = made_from(text)
    places: list[tuple[int | str, ...]] = []
    before: Shown | None = None
    while made is not None and len(places) < CHAIN:
        earlier, loc = made
        if len(loc) < 3 or loc[0] != "interventions" or not isinstance(loc[1], int):
            return None, set(), None
        places.append(loc)
        before = _SHOWN.find((earlier, lang))
        if before is not None:
            break
        made = made_from_digest(earlier)
    if before is None or before.results is None:
        return None, set(), None
    interventions = before.results.model.case.interventions
    edited: set[str] = set()
    for loc in places:
        index = loc[1]
        if not isinstance(index, int) or not 0 <= index < len(interventions):
            return None, set(), None
        edited.add(interventions[index].id)
    return before, edited, places[0] if len(set(places)) == 1 else None


def _compute(text: str, lang: str) -> Shown:
    out = Shown(check_document(text))
    model = out.checked.model
    if model is None:
        return out
    before, edited, place = _earlier(text, lang)
    plan = None
    if before is not None and before.results is not None and place is not None:
        from ...engine.replan import patched_plan  # edits of one number, at one place

        plan = patched_plan(before.results.plan, before.results.model, model, place)
    with language(lang), currency(model.case.meta.currency):
        out.missing = missing(model)
        reused = before.results if before else None
        results = evaluate(model, plan=plan, reuse=reused, changed=edited)
        out.results = results
        headline = headline_table(results)
        if headline is not None:
            out.tables.append(("", [headline]))
        same = _same_tables(before, results, edited)
        for result in results.interventions:
            tables = same.get(result.id) or intervention_tables(results, result.id)
            out.tables.append((result.name, tables))
        overview = [t for t in (portfolio_table(results), portfolio_balance_table(results)) if t]
        overview.append(financiers_table(results))
        overview.append(prices_table(results))  # every price with its source and index
        out.tables.append((_("Overzicht"), overview))
        if any(i.reported for i in model.case.interventions):
            from ...audit import audit

            report = audit(results)
            out.findings = [
                f"{f.table} · {f.where} · {f.label}: {f.cause.text}" for f in report.findings
            ]
            out.rounded = report.rounded_sentence()
    if out.results is not None:
        _share(text, lang, out)
    return out


def _same_tables(
    before: Shown | None, results: Results, edited: set[str]
) -> dict[str, list[Table]]:
    """The tables of every intervention but those ``edited`` from the panel before the
    edits, when its evaluations were reused as they were (the same objects)."""
    if before is None or before.results is None or not edited:
        return {}
    out: dict[str, list[Table]] = {}
    interventions = before.results.interventions
    first = len(before.tables) - len(interventions) - 1  # after the headline, before the rest
    if first < 0 or len(interventions) != len(results.interventions):
        return {}
    for n, (was, now) in enumerate(zip(interventions, results.interventions, strict=True)):
        name, tables = before.tables[first + n]
        if now.id not in edited and was is now and name == was.name:
            out[now.id] = tables
    return out


def _charts(
    text: str, lang: str, intervention: str | None, option: str | None
) -> list[tuple[str, str]]:
    view = shown(text, lang)
    results = view.results
    if results is None:
        return []
    out: list[tuple[str, str]] = []
    ids = [r.id for r in results.interventions]
    chosen = intervention if intervention in ids else (ids[0] if ids else None)
    with language(lang), currency(results.currency):
        names = {f.id: f.name for f in results.model.case.financiers}
        if chosen:
            ev = headline_evaluations(results, chosen)[0]
            wanted = dict(options(text, lang, chosen))
            if option in wanted and option is not None:
                variant, _sep, scenario = option.partition("|")
                ev = results.get(chosen, variant, scenario)
            for spec in (
                charts.waterfall(ev, results.perspective_name, names),
                charts.who_pays(ev),
            ):
                out.append((str(spec.get("title", "")), spec_json(spec) or ""))
        portfolio = charts.portfolio_range(results)
        if portfolio is not None:
            out.append(("portfolio", spec_json(portfolio) or ""))
    return out


PAGE_DRAWS = 5_000
"""Monte Carlo draws in the page: well under a second for De Bilt (simulation ~20 ms,
the tornado ~50 ms, from the same draws); the reports use 10 000."""


@dataclass
class Uncertain:
    """Monte Carlo and sensitivity of a version, as the page shows them."""

    tables: list[Table]
    charts: list[tuple[str, str]]


def uncertain(text: str, lang: str = "nl", intervention: str | None = None) -> Uncertain | None:
    """None when the model has no uncertain input; cached like the tables."""
    key = (digest(text), lang, intervention or "")
    found: Uncertain | None = _UNCERTAIN.kept(key, lambda: _uncertainty(text, lang, intervention))
    return found


def _uncertainty(text: str, lang: str, intervention: str | None) -> Uncertain | None:
    from ...present import simulation_portfolio_table, simulation_table, tornado_table
    from ...present.tables import shown_scenarios
    from ...report import analyse_uncertainty
    from ...uncertainty import has_uncertainty

    results = shown(text, lang).results
    if results is None or not has_uncertainty(results.plan):
        return None
    model = results.model
    ids = [r.id for r in results.interventions]
    chosen = intervention if intervention in ids else ids[0]
    with language(lang), currency(results.currency):
        # the report's own run: the tornado studies the options the tables show, with the
        # simulation's draws, so the page and a report with the same draws agree
        simulation, tornados = analyse_uncertainty(results, draws=PAGE_DRAWS, seed=2019)
        assert simulation is not None
        tables = [
            simulation_table(simulation, r.id, r.name, model.case, shown_scenarios(results, r.id))
            for r in results.interventions
        ]
        if results.portfolio:
            tables.append(simulation_portfolio_table(simulation, model.case))
        name = results.intervention(chosen).name
        ev = headline_evaluations(results, chosen)[0]
        specs = [charts.distribution(simulation.get(chosen, ev.variant, ev.scenario), name)]
        for sens in tornados:
            if sens.intervention == chosen and sens.inputs and sens.variant == ev.variant:
                tables.append(tornado_table(sens, name, model.case))
                specs.append(charts.tornado(sens, name, case=model.case))
                break
    return Uncertain(
        tables, [(str(spec.get("title", "")), spec_json(spec) or "") for spec in specs]
    )
