"""A document as an editable Word file in the shape of a Vietnamese administrative report."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ...consolidate.analysis import Analysis
from ...plan.config import Config
from .content import Document, Heading, Paragraph, Table
from ...vi.documents import DOCUMENTS


_SHADE = {"ok": "C6EFCE", "bad": "FFC7CE", "warn": "FFEB9C"}
FONT = "Times New Roman"


def write_docx(document: Document, config: Config, analysis: Analysis, path: Path, signature=None) -> None:
    """An editable Word document in the shape of a Vietnamese administrative report (A4, Times New Roman);
    `signature(d, document)` writes another signature block (the minutes are signed by the chair and secretary)."""
    d = docx.Document()
    _setup(d, document, config, analysis)
    _heading_block(d, document, config)
    for block in document.blocks:
        if isinstance(block, Heading):
            p = d.add_paragraph(style="Heading 1" if block.level == 1 else "Heading 2")
            p.add_run(block.text)
        elif isinstance(block, Paragraph):
            _paragraph(d, block)
        elif isinstance(block, Table):
            _table(d, block)
    (signature or _signature)(d, document)
    d.save(str(path))


def _setup(d, document: Document, config: Config, analysis: Analysis) -> None:
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    props = d.core_properties
    props.title = f"{document.title} — {document.subtitle}"
    props.subject = config.plan.title
    props.author = config.plan.department
    props.keywords = f"MTCL, ISO 9001, {analysis.period.key}"
    props.comments = config.plan.decision
    props.category = "ISO 9001:2015"
    props.created = dt.datetime.combine(analysis.today, dt.time())
    for name, size, bold in (("Normal", 13, False), ("Heading 1", 13, True), ("Heading 2", 13, True)):
        style = d.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), bold
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)                  # a theme font would win over Times New Roman
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
    d.styles["Heading 2"].font.italic = True
    d.styles["Normal"].paragraph_format.space_after = Pt(4)
    d.styles["Normal"].paragraph_format.line_spacing = 1.15
    for name in ("Heading 1", "Heading 2"):
        d.styles[name].paragraph_format.space_before = Pt(8)
        d.styles[name].paragraph_format.space_after = Pt(4)
        d.styles[name].paragraph_format.keep_with_next = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Trang ")
    _field(footer, "PAGE")
    footer.add_run("/")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(10)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader's Word or LibreOffice fills in."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _heading_block(d, document: Document, config: Config) -> None:
    """The national heading: the Department and number on the left, the motto and date on the right."""
    table = d.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (6.5, 9.5))
    left, right = table.rows[0].cells
    _lines(left, [(DOCUMENTS["heading_block.1"], False, False), (config.plan.department.upper(), True, False),
                  (DOCUMENTS["heading_block.2"], False, False)])
    _lines(right, [(DOCUMENTS["heading_block.3"], True, False), (DOCUMENTS["heading_block.4"], True, False),
                   (DOCUMENTS["heading_block.5"], False, True)])
    for text, bold in ((document.title, True), (document.subtitle, True)):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(14 if text == document.title else 13)
    d.add_paragraph()


def _lines(cell, lines: list[tuple[str, bool, bool]]) -> None:
    cell.paragraphs[0].text = ""
    for i, (text, bold, italic) in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(12 if len(text) > 30 else 13)


def _paragraph(d, block: Paragraph) -> None:
    style = {"bullet": "List Bullet"}.get(block.style, "Normal")
    p = d.add_paragraph(style=style)
    run = p.add_run(block.text)
    if block.style == "note":
        run.italic = True
    if block.style == "centre":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if block.style in ("body", "note"):
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
    p.runs[0].font.name = FONT


def _table(d, block: Table) -> None:
    table = d.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, block.headers):
        _cell_text(cell, text, bold=True)
        _shade(cell, "D9E1F2")
    for values in block.rows:
        cells = table.add_row().cells
        for cell, (text, tone) in zip(cells, values):
            _cell_text(cell, text)
            if tone in _SHADE:
                _shade(cell, _SHADE[tone])
    if block.widths:
        _widths(table, block.widths)
    d.add_paragraph().paragraph_format.space_after = Pt(2)


def _widths(table, widths: tuple[float, ...]) -> None:
    """Column widths in cm; Word reads them from the cells, LibreOffice from the table grid: set both."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _cell_text(cell, text: str, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(11)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _signature(d, document: Document) -> None:
    d.add_paragraph()
    table = d.add_table(rows=1, cols=2)
    _widths(table, (8.0, 8.0))
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    run = left.paragraphs[0].add_run(DOCUMENTS["signature.1"])
    run.bold, run.italic = True, True
    run.font.size = Pt(12)
    for name in document.recipients:
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(f"- {name};" if name != document.recipients[-1] else f"- {name}.")
        r.font.size = Pt(11)
    _lines(right, [(document.signer, True, False), (DOCUMENTS["signature.2"], False, True)])
