"""The report as a list of blocks, written once and drawn as HTML/PDF and as Word.

The order follows an mBC report: title page, summary, theory of change, approach (the six
SROI steps), stakeholders, per intervention its target groups, activities, way of working,
effects per perspective, tables, charts and kassabon; then scenarios, uncertainty and
sensitivity where the model has them, the conclusion with the overview, the prices and
sources, and an appendix with every assumption. Building the outline is the only place
that decides *what* a report says; the renderers only decide how it looks, so the PDF and
the Word file cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..engine import Results
from ..i18n import N_, _, active
from ..model.pricing import source_text
from ..money import currency, currency_name, currency_word, euro, number, per_unit
from ..present import (
    Table,
    charts,
    financiers_table,
    headline_evaluations,
    intervention_tables,
    portfolio_balance_table,
    portfolio_table,
    prices_table,
)
from ..present.headline import headline_table, published_notes
from ..present.inputs import breakable, input_name, input_value, where_words
from ..present.receipt import Receipt, receipts
from ..present.rounding import with_rounding_note
from ..present.summary import certainty_sentences, council_summary
from ..present.tables import evaluation_name
from ..present.uncertain import dist_words
from ..uncertainty import Sensitivity, Simulation
from .paragraphs import paragraphs
from .uncertainty import reproduce_section, uncertainty_chapter

if TYPE_CHECKING:
    from ..cohort.indicators import IndicatorChange
    from ..model import BusinessCase

_ORDINARY_SPACE = re.compile(r"[ \t\r\n]+")
"""White space a paragraph collapses; a non-breaking space (after €) is kept."""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: chapter, 2: section, 3: paragraph heading
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "", "lead" (key message), "note" (small print)


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class TableBlock:
    table: Table
    number: int  # "Tabel 3"


@dataclass(frozen=True)
class Chart:
    spec: dict[str, Any]
    title: str
    number: int  # "Figuur 2"


@dataclass(frozen=True)
class ReceiptBlock:
    receipts: list[Receipt]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Bullets | TableBlock | Chart | ReceiptBlock | PageBreak


@dataclass
class Outline:
    """Everything a report shows, in order; the title page is kept apart."""

    language: str
    title: str
    title_lines: list[str]
    blocks: list[Block] = field(default_factory=list)
    front_matter: bool = True  # title page and table of contents
    currency: str = "EUR"  # the ISO 4217 code every amount is shown in
    authors: list[str] = field(default_factory=list)  # the document's author property
    subject: str | None = None  # the document's subject property
    _tables: int = 0
    _charts: int = 0

    def heading(self, text: str, level: int = 1) -> None:
        anchor = f"h{len(self.blocks)}"
        self.blocks.append(Heading(text, level, anchor))

    def text(self, text: str | None, style: str = "") -> None:
        """The model's paragraphs and list lines stay paragraphs and lists (see
        :func:`rendement.report.paragraphs.paragraphs` for how a YAML text marks them)."""
        for part in paragraphs(text):
            if isinstance(part, list):
                self.blocks.append(Bullets(part))
            else:
                self.blocks.append(Paragraph(part, style))

    def bullets(self, heading: str, items: list[str]) -> None:
        if items:
            self.heading(heading, 3)
            self.blocks.append(Bullets(list(items)))

    def table(self, table: Table | None) -> None:
        if table is not None and table.rows:
            with_rounding_note(table)  # a total € 1 off its printed parts says why
            self._tables += 1
            self.blocks.append(TableBlock(table, self._tables))

    def chart(self, spec: dict[str, Any] | None, title: str) -> None:
        if spec is not None:
            self._charts += 1
            self.blocks.append(Chart(spec, title, self._charts))

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level == 1]


SROI_STEPS = [
    N_(
        "Verandertheorie: het maatschappelijk probleem, de urgentie en de gekozen "
        "oplossingen, vastgesteld met het projectteam."
    ),
    N_("Belanghebbenden: wie investeert, wie merkt de effecten en wie financiert wat."),
    N_(
        "Effecten: per interventie de effecten voor cliënten, de gemeente en ketenpartners en "
        "de maatschappij."
    ),
    N_(
        "Waardering: effecten die in geld uit te drukken zijn, krijgen een tarief uit een "
        "prijslijst, met bron en prijspeil."
    ),
    N_(
        "Filters: alleen het deel van het effect dat aan de interventie is toe te rekenen "
        "telt mee (deadweight, toerekening, verplaatsing, afname, looptijd)."
    ),
    N_(
        "Rendement: bruto besparing, investering en netto besparing per perspectief en per "
        "financier, met de ratio's, scenario's en onzekerheid."
    ),
]


_STEPS_WRITTEN = re.compile(r"\b(stap|step)\s*6\b", re.IGNORECASE)
"""An approach text that walks through the method's steps itself (De Bilt: "Stap 1 …
Stap 6"): the report's own list of the six steps would say it all again."""


def _front(
    outline: Outline,
    results: Results,
    scenario: str | None,
    published: list[str],
    simulation: Simulation | None = None,
) -> None:
    case = results.model.case
    meta = case.meta
    outline.heading(_("Samenvatting"))
    # an SROI leads with its ratio and social value: it keeps the headline table
    council = None if meta.method == "sroi" else council_summary(results, scenario, simulation)
    outline.table(council.table if council else headline_table(results, scenario))
    if results.portfolio:
        outline.chart(
            charts.portfolio_range(results), _("Netto besparing per interventie, min–max")
        )
    for sentence in council.sentences if council else []:
        outline.text(sentence)
    outline.text(meta.summary)
    for note in published:
        outline.text(note, "note")
    if council and council.bullets_note:
        outline.text(council.bullets_note)
    statements = []
    for intervention in results.interventions:
        for ev in headline_evaluations(results, intervention.id, scenario):
            shown = f" — {evaluation_name(ev)}"  # the option in words, as in the table
            statement = _(
                "{name}{scenario}: netto besparing {net} voor {perspective}; elke "
                "geïnvesteerde {unit} levert {ratio} bruto besparing op."
            ).format(
                unit=currency_word(),
                name=intervention.name,
                scenario=shown,
                net=euro(ev.net),
                perspective=results.perspective_name,
                ratio=per_unit(ev.ratio_gross) if ev.ratio_gross is not None else "—",
            )
            statements.append(statement)
    outline.blocks.append(Bullets(statements))

    theory_of_change(outline, case)
    toc = case.theory_of_change
    outline.heading(_("Aanpak"))
    outline.text(toc.approach)
    if not _STEPS_WRITTEN.search(toc.approach or ""):  # the model's own six steps: not twice
        outline.text(_("De business case volgt de zes stappen van de SROI-methode:"))
        outline.blocks.append(Bullets([_(step) for step in SROI_STEPS]))
    outline.text(
        _(
            "Alle bedragen zijn in constante prijzen van prijspeil {year}. Netto cijfers zijn "
            "voor het perspectief {perspective}; wat andere financiers besparen staat ernaast."
        ).format(year=meta.price_year, perspective=results.perspective_name)
    )
    conventions_and_team(outline, results)
    if case.stakeholders:
        outline.heading(_("Belanghebbenden"))
        outline.blocks.append(
            Bullets(
                [
                    s.name + (f": {s.description}" if s.description else "")
                    for s in case.stakeholders
                ]
            )
        )
    outline.heading(_("Financiers"), 2)
    outline.table(financiers_table(results))


def theory_of_change(outline: Outline, case: BusinessCase) -> None:
    """Step 1 of the method as the chapter of both reports (mBC and SROI)."""
    toc = case.theory_of_change
    outline.heading(_("Verandertheorie"))
    outline.text(toc.occasion)
    outline.heading(_("Maatschappelijk probleem"), 2)
    outline.text(toc.problem)
    if toc.urgency:
        outline.heading(_("Urgentie"), 2)
        for urgency in toc.urgency:
            outline.text(f"{urgency.perspective}: {urgency.text}")
    if toc.scope:
        outline.heading(_("Scope"), 2)
        outline.text(toc.scope)
    if toc.categories:
        outline.heading(_("Categorieën van interventies"), 2)
        outline.blocks.append(
            Bullets(
                [c.name + (f": {c.description}" if c.description else "") for c in toc.categories]
            )
        )
    outline.bullets(_("Randvoorwaarden"), toc.preconditions)


def conventions_and_team(outline: Outline, results: Results) -> None:
    """The end of the approach in both reports: which attribution convention the lines
    use, the horizon and discount rate (when longer than a year), and the project team."""
    case = results.model.case
    outline.text(_attribution_convention(case))
    if results.horizon_years > 1:
        outline.text(
            _(
                "Horizon {years} jaar, discontovoet {rate}% per jaar; jaar 1 wordt niet "
                "verdisconteerd."
            ).format(years=results.horizon_years, rate=number(results.discount_rate * 100, 2))
        )
    if case.project_team:
        outline.heading(_("Projectteam"), 2)
        outline.blocks.append(
            Bullets([m.name + (f", {m.role}" if m.role else "") for m in case.project_team])
        )


def _attribution_convention(case: BusinessCase) -> str | None:
    """Which of the two attribution conventions the effect lines use, in words: the Dutch
    *toerekening* keeps the share due to this intervention, the SROI guides deduct the share
    due to others — a reader must know which one a percentage in the tables means."""
    lines = [e for i in case.interventions for e in i.effects]
    own = any(e.attribution is not None for e in lines)
    others = any(e.attribution_to_others is not None for e in lines)
    keep = _(
        "Toerekening is het deel van een effect dat aan deze interventie is toe te rekenen; "
        "alleen dat deel telt mee."
    )
    deduct = _(
        "Toerekening aan anderen volgt de SROI-gids: het deel van een effect dat aan anderen "
        "is toe te rekenen, gaat eraf."
    )
    if own and others:
        return (
            keep + " " + deduct + " " + _("Beide komen voor; de tabellen noemen per effect welke.")
        )
    return keep if own else deduct if others else None


def _interventions(
    outline: Outline,
    results: Results,
    scenario: str | None,
    indicators: list[IndicatorChange] | None = None,
) -> None:
    case = results.model.case
    names = {f.id: f.name for f in case.financiers}
    for result in results.interventions:
        intervention = case.intervention(result.id)
        outline.blocks.append(PageBreak())
        outline.heading(intervention.name)
        outline.text(intervention.description)
        outline.bullets(_("Doelgroepen"), intervention.target_groups)
        outline.bullets(_("Hoofdactiviteiten"), intervention.main_activities)
        outline.bullets(_("Werkwijze"), intervention.way_of_working)
        words = intervention.qualitative_effects
        outline.bullets(_("Effecten voor cliënten"), words.clients)
        outline.bullets(_("Effecten voor gemeente en ketenpartners"), words.municipality)
        outline.bullets(_("Effecten voor de maatschappij"), words.society)
        outline.bullets(
            _("Opbrengsten die lastig te kwantificeren zijn"), intervention.other_benefits
        )
        sroi = case.meta.method == "sroi"
        # the intervention's name in it: one entry per heading in a table of contents
        section = (
            _("Waarde en investering {name}") if sroi else _("Financiële business case {name}")
        )
        outline.heading(section.format(name=intervention.name), 2)
        ev = headline_evaluations(results, result.id, scenario)[0]
        heading = evaluation_name(ev)
        for table in intervention_tables(results, result.id, scenario, indicators):
            outline.table(table)
            # each chart right after the table it draws, for the same option
            if table.kind == "net":
                outline.chart(
                    charts.waterfall(ev, results.perspective_name, names),
                    _("Van investering naar netto besparing · {heading}").format(heading=heading),
                )
            elif table.kind == "who_pays":
                outline.chart(
                    charts.who_pays(ev),
                    _("Wie betaalt, wie wint · {heading}").format(heading=heading),
                )
        if indicators:
            from .indicators import indicator_blocks

            indicator_blocks(outline, intervention, indicators)


def _uncertainty(
    outline: Outline,
    results: Results,
    simulation: Simulation | None,
    sensitivities: list[Sensitivity],
    scenario: str | None = None,
) -> None:
    """One run, the options the other chapters show: see :mod:`.uncertainty`."""
    uncertainty_chapter(outline, results, simulation, sensitivities, scenario)


def _conclusion(
    outline: Outline, results: Results, published: list[str], simulation: Simulation | None = None
) -> None:
    case = results.model.case
    table, balance = portfolio_table(results), portfolio_balance_table(results)
    chart = charts.portfolio_range(results)
    if not (case.meta.conclusion or published or table or balance or chart):
        return  # nothing to conclude beyond the summary: no empty page
    outline.blocks.append(PageBreak())
    outline.heading(_("Conclusie"))
    outline.text(case.meta.conclusion)
    for note in published:
        outline.text(note, "note")
    outline.table(table)
    if results.portfolio:  # how sure the overview is, when its inputs are uncertain
        for sentence in certainty_sentences(results, simulation):
            outline.text(sentence)
    outline.chart(chart, _("Netto besparing per interventie, min–max"))
    outline.table(balance)


def _sources(outline: Outline, results: Results) -> None:
    case = results.model.case
    book = results.model.book
    outline.blocks.append(PageBreak())
    outline.heading(_("Tarieven en bronnen"))
    outline.table(prices_table(results))
    cited = []
    for price_list in book.lists:
        info = price_list.info
        cited.append(
            _("Prijslijst: {title}, versie {version}").format(title=info.name, version=info.version)
            + "".join(
                f"; {source_text(s.title, s.publisher, s.year)}"
                for s in price_list.sources.values()
            )
        )
    used = {e.price_id for i in results.interventions for ev in i.evaluations for e in ev.effects}
    series_used = [book.series] + [book.series_of(price_id) for price_id in sorted(used)]
    for series in {s.id: s for s in series_used if s is not None}.values():
        cited.append(
            _("Indexreeks {name}: {source} (basisjaar {year})").format(
                name=series.name, source=series.source, year=series.base_year
            )
            + (f" — {series.href}" if series.href else "")
        )
    for source in case.sources:
        cited.append(
            source_text(source.title, source.publisher, source.year)
            + (f" — {source.href}" if source.href else "")
        )
    outline.heading(_("Bronvermelding"), 2)
    outline.blocks.append(Bullets(cited))


def _appendix(
    outline: Outline,
    results: Results,
    simulation: Simulation | None = None,
    scenario: str | None = None,
) -> None:
    outline.blocks.append(PageBreak())
    outline.heading(_("Bijlage: alle aannames"))
    outline.text(
        _(
            "Elke invoerwaarde van het model, met de plaats waar ze in het model staat "
            "(voor wie het model naast het rapport legt)."
        ),
        "note",
    )
    appendix = Table(
        _("Elke invoerwaarde van het model"),
        [_("Invoer"), _("Waarde"), _("Plaats in het model")],
    )
    for item in results.plan.inputs:
        shown = input_value(item.key, item.value)
        shown += f" ({dist_words(item.dist, item.key)})" if item.dist else ""
        where = where_words(results.model, item.where)  # a price list by its name
        appendix.add([input_name(results.model, item.key), shown, breakable(where)])
    outline.table(appendix)
    reproduce_section(outline, results, simulation, scenario)


def _receipts(outline: Outline, results: Results, scenario: str | None) -> None:
    outline.blocks.append(PageBreak())
    outline.heading(_("Kassabonnen"))
    outline.text(
        _(
            "Per interventie de huidige situatie als kassabon: de vermeden kosten regel voor "
            "regel, de investering eraf, en wat elke geïnvesteerde {unit} oplevert."
        ).format(unit=currency_word()),
        "note",
    )
    outline.blocks.append(ReceiptBlock(receipts(results, scenario)))


def build_outline(
    results: Results,
    scenario: str | None = None,
    simulation: Simulation | None = None,
    sensitivities: list[Sensitivity] | None = None,
    indicators: list[IndicatorChange] | None = None,
) -> Outline:
    """The whole report in the active language (see :func:`rendement.i18n.language`), every
    amount in the case's currency; ``indicators``: the measured change of the effects not
    in money (:func:`rendement.cohort.indicators.indicator_changes`)."""
    with currency(results.currency):
        return _build_outline(results, scenario, simulation, sensitivities, indicators)


def _build_outline(
    results: Results,
    scenario: str | None,
    simulation: Simulation | None,
    sensitivities: list[Sensitivity] | None,
    indicators: list[IndicatorChange] | None = None,
) -> Outline:
    meta = results.model.case.meta
    title_lines = [
        x
        for x in (
            meta.subject,
            meta.client,
            meta.organisation,
            ", ".join(meta.authors) if meta.authors else None,
            _("versie {version} · {date}").format(
                version=meta.version, date=f"{meta.date:%d-%m-%Y}"
            ),
            _("Prijspeil {year} (constante prijzen) · perspectief {perspective}").format(
                year=meta.price_year, perspective=results.perspective_name
            ),
            None
            if meta.currency == "EUR"
            else _("Alle bedragen in {currency}").format(currency=currency_name(meta.currency)),
        )
        if x
    ]
    outline = Outline(
        active(),
        meta.title,
        title_lines,
        currency=results.currency,
        authors=[*meta.authors, *([meta.organisation] if meta.organisation else [])],
        subject=meta.subject or meta.client,
    )
    in_summary, in_conclusion = published_notes(results, meta.summary, meta.conclusion)
    sroi = meta.method == "sroi"
    if sroi:  # the SROI guide's report: ratio, stakeholders, impact map, NPV, sensitivity
        from .sroi import sroi_chapter, sroi_front

        sroi_front(outline, results, scenario, in_summary)
    else:
        _front(outline, results, scenario, in_summary, simulation)
    _interventions(outline, results, scenario, indicators)
    if sroi:
        sroi_chapter(outline, results, scenario)
    _uncertainty(outline, results, simulation, sensitivities or [], scenario)
    _conclusion(outline, results, in_conclusion, simulation)
    _sources(outline, results)
    _receipts(outline, results, scenario)
    _appendix(outline, results, simulation, scenario)
    return outline


def receipts_outline(results: Results, bons: list[Receipt]) -> Outline:
    """Receipts only, one to a page: the kassabon as a document of its own."""
    return receipts_document(results.model.case.meta.title, bons, results.currency)


def receipts_document(title: str, bons: list[Receipt], currency: str = "EUR") -> Outline:
    """Receipts one to a page under ``title``: an intervention's, or a client case's."""
    outline = Outline(active(), title, [], front_matter=False, currency=currency)
    for n, bon in enumerate(bons):
        if n:
            outline.blocks.append(PageBreak())
        outline.blocks.append(ReceiptBlock([bon]))
    return outline
