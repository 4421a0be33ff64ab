"""What makes a .docx a finished document in Word: page numbers, a table of contents, language.

python-docx writes paragraphs and tables but knows no fields. Word computes page numbers
and the table of contents from *fields* (``PAGE``, ``TOC``) when it opens or prints the
document; ``updateFields`` in the settings asks Word to refresh them on opening, so the
contents list shows the real page numbers without the user pressing F9. LibreOffice
reads the same fields.

Table headers repeat on every page (:func:`repeat_header`) and the document properties are
the report's own (:func:`report_properties`), not those of python-docx's template.

The document language (``nl-NL`` or ``en-GB``) is set on the default run properties and
on every style that names a language, so Word spell-checks Dutch text as Dutch.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
"""The report language → the language tag Word uses for spelling and hyphenation."""


def _field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A complex field (begin · instruction · separate · shown text · end) in a paragraph."""
    _field_start(paragraph, instruction)
    paragraph.add_run(placeholder)
    _field_end(paragraph)


def _field_start(paragraph: Any, instruction: str) -> None:
    """Begin · instruction · separate: what is shown follows, up to :func:`_field_end`."""
    begin = OxmlElement("w:r")
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "begin")
    mark.set(qn("w:dirty"), "true")
    begin.append(mark)
    code = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code.append(text)
    separate = OxmlElement("w:r")
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "separate")
    separate.append(mark)
    for element in (begin, code, separate):
        paragraph._p.append(element)


def _field_end(paragraph: Any) -> None:
    end = OxmlElement("w:r")
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "end")
    end.append(mark)
    paragraph._p.append(end)


def page_numbers(document: DocumentType, word: str) -> None:
    """A centred footer 'Pagina N van M' (or 'Page N of M') on every page."""
    for section in document.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        of = {"Pagina": "van", "Page": "of"}.get(word, "/")
        paragraph.add_run(f"{word} ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(f" {of} ")
        _field(paragraph, "NUMPAGES", "1")
        for run in paragraph.runs:
            run.font.size = Pt(8)


def table_of_contents(
    document: DocumentType, title: str, entries: list[tuple[int, str]], note: str
) -> None:
    """A heading and a TOC field over heading levels 1–2, refreshed when Word opens it.

    Until a program updates the field, its shown result is the list of ``entries``
    (level, heading) without page numbers, so the contents read right everywhere.
    """
    document.add_paragraph(title, style="TOC Heading")  # looks like a heading, not listed
    first = document.add_paragraph()
    _field_start(first, 'TOC \\o "1-2" \\h \\z \\u')
    for n, (level, text) in enumerate(entries):
        paragraph = first if n == 0 else document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.left_indent = Pt(14 * (level - 1))
        paragraph.add_run(text)
    last = document.add_paragraph()
    _field_end(last)
    note_run = document.add_paragraph().add_run(note)
    note_run.font.size = Pt(8)
    note_run.italic = True
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        settings.append(update)
    update.set(qn("w:val"), "true")


def document_language(document: DocumentType, language: str) -> str:
    """Set the proofing language of the whole document; returns the tag (``nl-NL``)."""
    tag = LANGUAGE_TAGS.get(language, language)
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    _set_lang(properties, tag)
    for lang in styles.iter(qn("w:lang")):  # styles that carry a language of their own
        lang.set(qn("w:val"), tag)
    return tag


def _set_lang(properties: Any, tag: str) -> None:
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    lang.set(qn("w:bidi"), "ar-SA")


def repeat_header(row: Any) -> None:
    """Mark a table's first row as its header (``w:tblHeader``): Word and LibreOffice
    repeat it at the top of every page the table runs over, and keep it whole."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        if properties.find(qn(tag)) is None:
            mark = OxmlElement(tag)
            mark.set(qn("w:val"), "true")
            properties.append(mark)


APP_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><Application>rendement</Application><DocSecurity>0</DocSecurity>'
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
"""The extended properties (docProps/app.xml) of a report: the program that wrote it, and
no counts of pages or words (Word computes them; a stale '1 page' would be wrong)."""


def report_properties(
    document: DocumentType,
    *,
    title: str,
    language: str,
    author: str,
    subject: str,
    comments: str,
    made: datetime | None = None,
) -> None:
    """The document properties of this report only.

    python-docx starts from its own template, whose properties say "created 2013-12-23",
    revision 1, "Microsoft Macintosh Word", one page, and carry its thumbnail: a reader who
    opens File › Properties would think the report is years old and made elsewhere. Every
    core property is set or emptied here, the extended properties replaced and the
    template's thumbnail dropped."""
    when = (made or datetime.now(UTC)).replace(microsecond=0, tzinfo=None)
    core = document.core_properties
    core.title = title
    core.language = language
    core.author = author
    core.last_modified_by = author
    core.subject = subject
    core.comments = comments
    core.created = when
    core.modified = when
    core.revision = 1
    core.keywords = ""
    core.category = ""
    core.content_status = ""
    core.identifier = ""
    core.version = ""
    printed = core._element.find(qn("cp:lastPrinted"))
    if printed is not None:
        core._element.remove(printed)
    package = document.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_PROPERTIES.encode("utf-8")
    for rId, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rId]
