"""A Word report (.docx) a municipality can edit further: real headings, real tables.

The structure follows an mBC report: summary, theory of change, approach, stakeholders,
per intervention its target groups, activities, way of working, effects per perspective
and its tables (investment, gross savings, net savings and ratios, who pays and who
gains), the overview, conclusion, the prices with source and price year, the sources, and
an appendix with every assumption. Every table comes from :mod:`rendement.present`, so
its figures are the ones the CLI shows.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType

from ..engine import Results
from ..model.pricing import source_text
from ..money import count
from ..present import Table, intervention_tables, portfolio_table, prices_table


def _table(document: DocumentType, table: Table) -> None:
    document.add_paragraph(table.title, style="Caption")
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Light Grid Accent 1"
    for cell, text in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = text
    for n, row in enumerate(table.rows):
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
            if n in table.emphasis:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    if table.caption:
        document.add_paragraph(table.caption)


def _bullets(document: DocumentType, heading: str, items: list[str]) -> None:
    if not items:
        return
    document.add_paragraph(heading, style="Heading 3")
    for item in items:
        document.add_paragraph(item, style="List Bullet")


def write_document(results: Results, path: str | Path) -> Path:
    """Write the report as .docx (written to a temporary name, then renamed)."""
    case = results.model.case
    meta = case.meta
    document = Document()
    document.add_heading(meta.title, level=0)
    document.add_paragraph(
        f"{meta.client} · {meta.organisation or ''} · versie {meta.version} · "
        f"{meta.date:%d-%m-%Y}".replace(" ·  ·", " ·")
    )
    if meta.authors:
        document.add_paragraph("Auteurs: " + ", ".join(meta.authors))
    document.add_paragraph(
        f"Prijspeil {meta.price_year} (constante prijzen). Perspectief voor de nettocijfers: "
        f"{results.perspective_name}."
    )
    if meta.summary:
        document.add_heading("Samenvatting", level=1)
        document.add_paragraph(meta.summary)

    toc = case.theory_of_change
    document.add_heading("Verandertheorie", level=1)
    if toc.occasion:
        document.add_paragraph(toc.occasion)
    document.add_heading("Maatschappelijk probleem", level=2)
    document.add_paragraph(toc.problem)
    if toc.urgency:
        document.add_heading("Urgentie", level=2)
        for urgency in toc.urgency:
            document.add_paragraph(f"{urgency.perspective}: {urgency.text}")
    if toc.scope:
        document.add_heading("Scope", level=2)
        document.add_paragraph(toc.scope)
    if toc.approach:
        document.add_heading("Aanpak", level=1)
        document.add_paragraph(toc.approach)
    if case.project_team:
        document.add_heading("Projectteam", level=2)
        for member in case.project_team:
            document.add_paragraph(
                member.name + (f", {member.role}" if member.role else ""), style="List Bullet"
            )
    if case.stakeholders:
        document.add_heading("Belanghebbenden", level=1)
        for stakeholder in case.stakeholders:
            text = stakeholder.name + (
                f": {stakeholder.description}" if stakeholder.description else ""
            )
            document.add_paragraph(text, style="List Bullet")

    for intervention in case.interventions:
        document.add_heading(intervention.name, level=1)
        if intervention.description:
            document.add_paragraph(intervention.description)
        _bullets(document, "Doelgroepen", intervention.target_groups)
        _bullets(document, "Hoofdactiviteiten", intervention.main_activities)
        _bullets(document, "Werkwijze", intervention.way_of_working)
        words = intervention.qualitative_effects
        _bullets(document, "Effecten voor cliënten", words.clients)
        _bullets(document, "Effecten voor gemeente en ketenpartners", words.municipality)
        _bullets(document, "Effecten voor de maatschappij", words.society)
        _bullets(
            document, "Opbrengsten die lastig te kwantificeren zijn", intervention.other_benefits
        )
        document.add_heading("Financiële business case", level=2)
        for table in intervention_tables(results, intervention.id):
            _table(document, table)

    overview = portfolio_table(results)
    if overview is not None:
        document.add_heading("Conclusie", level=1)
        if meta.conclusion:
            document.add_paragraph(meta.conclusion)
        _table(document, overview)

    document.add_heading("Tarieven en bronnen", level=1)
    _table(document, prices_table(results))
    if case.sources:
        document.add_heading("Bronvermelding", level=2)
        for source in case.sources:
            cited = source_text(source.title, source.publisher, source.year)
            document.add_paragraph(
                cited + (f" — {source.href}" if source.href else ""), style="List Bullet"
            )

    document.add_heading("Bijlage: alle aannames", level=1)
    appendix = Table("Elke invoerwaarde van het model", ["Waar", "Omschrijving", "Waarde"])
    for item in results.plan.inputs:
        shown = count(item.value) + (f" ({item.dist.describe()})" if item.dist else "")
        appendix.add([item.where, item.label, shown])
    _table(document, appendix)

    target = Path(path)
    partial = target.with_name(target.name + ".deel.docx")
    document.save(str(partial))
    partial.replace(target)
    return target
