"""A document as an editable Word file in the shape of a Vietnamese administrative report."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ...consolidate.analysis import Analysis
from ...plan.config import Config
from .content import Document, Heading, Paragraph, Table
from ...vi.documents import DOCUMENTS


_SHADE = {"ok": "C6EFCE", "bad": "FFC7CE", "warn": "FFEB9C"}
FONT = "Times New Roman"
NBSP = "\u00a0"
KEPT_ROWS = 8                  # tables up to this many rows are never split across pages
_FIGURE = re.compile(r"[\d.,/%—+-]+")          # a count, a ratio or a rate: never broken inside a cell


def write_docx(document: Document, config: Config, analysis: Analysis, path: Path, signature=None) -> None:
    """An editable Word document in the shape of a Vietnamese administrative report (A4, Times New Roman);
    `signature(d, document)` writes another signature block (the minutes are signed by the chair and secretary)."""
    d = docx.Document()
    _setup(d, document, config, analysis)
    if document.official:
        _heading_block(d, document, config)
    else:
        _one_page(d)
        _title(d, document)
    blocks = [b for b in document.blocks if isinstance(b, (Heading, Paragraph, Table))]     # charts: HTML only
    for block, following in zip(blocks, blocks[1:] + [None]):
        if isinstance(block, Heading):
            p = d.add_paragraph(style=f"Heading {block.level}")
            p.add_run(block.text)
        elif isinstance(block, Paragraph):
            # a line that introduces a table stays on the table's page
            _paragraph(d, block).paragraph_format.keep_with_next = isinstance(following, Table)
        elif isinstance(block, Table):
            _table(d, block)
    if signature is not None:
        signature(d, document)
    elif document.official:
        _signature(d, document)
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
    for name, size, bold in (("Normal", 13, False), ("Heading 1", 13, True), ("Heading 2", 13, True),
                             ("Heading 3", 13, True)):
        style = d.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), bold
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)                  # a theme font would win over Times New Roman
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
    d.styles["Heading 2"].font.italic = False
    d.styles["Heading 3"].font.italic = True
    d.styles["Normal"].paragraph_format.space_after = Pt(4)
    d.styles["Normal"].paragraph_format.line_spacing = 1.15
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        d.styles[name].paragraph_format.space_before = Pt(8)
        d.styles[name].paragraph_format.space_after = Pt(4)
        d.styles[name].paragraph_format.keep_with_next = True
    # Nghị định 30/2020, Phụ lục I: the page number at the top centre in 13–14 pt, from the second page on
    section.different_first_page_header_footer = True
    section.header_distance = Cm(1)
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE")
    for run in number.runs:
        run.font.size = Pt(13)


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
    """The decree's heading: the parent body over the issuing body (bold), a short rule and the number on the left;
    the national title and motto (bold), a rule as long as the motto and the place and date (italic) on the right;
    then the title and summary line, with a short rule under them."""
    info = config.documents
    issuer = info.issuer or _issuer_lines(config.plan.department)
    table = d.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (7.2, 9.0))         # the national title and «… THƯƠNG BINH» fit at 12 pt, cells unpadded
    _no_padding(table)
    left, right = table.rows[0].cells
    _lines(left, [(info.parent_body.upper(), False, False)] + [(line.upper(), True, False) for line in issuer], 12)
    _rule(left.add_paragraph(), Cm(2.0))
    _lines(right, [(DOCUMENTS["heading_block.3"], True, False), (DOCUMENTS["heading_block.4"], True, False)], 13,
           sizes=(12, 13))
    _rule(right.add_paragraph(), Cm(2.3))
    number = left.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.add_run(DOCUMENTS["heading_block.2"].format(kind=document.kind, abbreviation=info.abbreviation))
    dated = right.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = dated.add_run(DOCUMENTS["heading_block.5"].format(place=info.place))
    run.italic = True
    for p in (number, dated):
        p.paragraph_format.space_before = Pt(6)
    d.add_paragraph()
    _title(d, document)


def _one_page(d) -> None:
    """A one-page view: narrower top and bottom margins and single line spacing; the text stays 11 pt and more."""
    section = d.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.2)
    d.styles["Normal"].paragraph_format.line_spacing = 1.0
    d.styles["Normal"].paragraph_format.space_after = Pt(2)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        d.styles[name].paragraph_format.space_before = Pt(6)
        d.styles[name].paragraph_format.space_after = Pt(2)


def _title(d, document: Document) -> None:
    """The title in capitals and the summary line under it, bold and centred, a short rule below."""
    for text, size in ((document.title, 14), (document.subtitle, 13)):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.keep_with_next = True
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    _rule(d.add_paragraph(), Cm(5.5))


def _no_padding(table) -> None:
    """No inner left/right cell margins: the heading's lines use the whole width of their column."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.append(margins)


def _issuer_lines(name: str, width: int = 26) -> list[str]:
    """The department's name in lines of at most `width` characters, broken between words (a config without
    [documents].issuer; the shipped one sets the lines)."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _rule(paragraph, indent) -> None:
    """A short horizontal rule: the bottom border of an empty paragraph, `indent` in from each side of its cell."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = indent
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(attr), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _lines(cell, lines: list[tuple[str, bool, bool]], size: int = 13, sizes: tuple[int, ...] = ()) -> None:
    """Centred lines in a cell; each line's spaces do not break (an agency's name breaks only where it is
    written in lines, never inside «Thương binh»)."""

    for i, (text, bold, italic) in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text.replace(" ", NBSP))
        run.bold, run.italic = bold, italic
        run.font.size = Pt(sizes[i] if i < len(sizes) else size)


def _paragraph(d, block: Paragraph):
    style = {"bullet": "List Bullet"}.get(block.style, "Normal")
    p = d.add_paragraph(style=style)
    run = p.add_run(block.text)
    if block.style in ("note", "draft"):
        run.italic = True
    if block.style == "draft":          # seen at a glance, deleted by the secretary once the text is hers
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    if block.style == "centre":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if block.style in ("body", "note"):
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
    p.runs[0].font.name = FONT
    return p


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
        row = table.add_row()
        _cant_split(row)
        cells = row.cells
        for cell, (text, tone) in zip(cells, values):
            _cell_text(cell, text)
            if tone in _SHADE:
                _shade(cell, _SHADE[tone])
    if block.widths:
        _widths(table, block.widths)
    if len(block.rows) <= KEPT_ROWS:        # a short table stays on one page with the line that introduces it
        for row in table.rows[:-1]:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
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
    if text and _FIGURE.fullmatch(text):
        no_wrap = OxmlElement("w:noWrap")
        cell._tc.get_or_add_tcPr().append(no_wrap)
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(11)


def _cant_split(row) -> None:
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


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
    """«Nơi nhận» on the left (bold italic 12 pt, the list in 11 pt); on the right the signer's authority and
    title (bold), room for the signature and the seal, and the name (bold)."""
    d.add_paragraph().paragraph_format.keep_with_next = True
    table = d.add_table(rows=1, cols=2)
    _widths(table, (7.0, 9.0))
    _cant_split(table.rows[0])
    left, right = table.rows[0].cells

    run = left.paragraphs[0].add_run(DOCUMENTS["signature.1"])
    run.bold, run.italic = True, True
    run.font.size = Pt(12)
    for i, name in enumerate(document.recipients):
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        r = p.add_run(f"- {name}{'.' if i == len(document.recipients) - 1 else ';'}")
        r.font.size = Pt(11)
    lines = [(document.signer, True, False)] + ([(document.signer_title, True, False)] if document.signer_title else [])
    _lines(right, lines, 13)
    for _ in range(4):                  # room for the signature and the seal
        right.add_paragraph().paragraph_format.space_after = Pt(6)
    name = right.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.add_run(document.signer_name or "").bold = True
