"""Open a Word decision (.docx) and return its body as plain blocks: paragraphs and tables of cells, in order."""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..vi.plan_import import PLAN_IMPORT

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SPACES = re.compile(r"\s+")


class DecisionError(Exception):
    """The file is not a plan decision mtcl can read; the message (Vietnamese) says what it is and what to do."""


@dataclass(frozen=True)
class Para:
    text: str
    numbered: bool = False          # Word's own list numbering: the number is not in the text


@dataclass(frozen=True)
class Cell:
    col: int                        # first grid column
    span: int                       # grid columns covered
    text: str                       # the cell's paragraphs joined by one space
    continued: bool = False         # a vertically merged cell's lower part: the text is the cell above's


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    header: bool = False            # marked «repeat as header row at the top of each page»


@dataclass(frozen=True)
class Table:
    number: int                     # 1-based, among the body's tables
    rows: tuple[Row, ...]


def clean(text: str) -> str:
    """NFC (a Mac sends NFD), no-break spaces and line breaks as spaces, spaces folded."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def read_blocks(path: Path) -> list[Para | Table]:
    """The body of the .docx at `path`, paragraphs and tables in reading order; DecisionError for a file that
    is not a readable .docx (a .doc, a PDF, a damaged zip, a spreadsheet)."""
    _check_bytes(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError, zipfile.BadZipFile, XMLSyntaxError, OSError) as exc:
        raise DecisionError(PLAN_IMPORT["not-docx"].format(name=path.name, problem=type(exc).__name__)) from exc
    return list(_blocks(document.element.body, document, [0]))


def _check_bytes(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise DecisionError(PLAN_IMPORT["unreadable"].format(name=path.name, problem=exc.strerror)) from exc
    if head.startswith(OLE_MAGIC):
        raise DecisionError(PLAN_IMPORT["is-doc"].format(name=path.name))
    if head.startswith(b"%PDF"):
        raise DecisionError(PLAN_IMPORT["is-pdf"].format(name=path.name))
    if size > MAX_FILE_BYTES:
        raise DecisionError(PLAN_IMPORT["too-big"].format(name=path.name))
    if not head.startswith(b"PK"):
        raise DecisionError(PLAN_IMPORT["not-docx"].format(name=path.name, problem=PLAN_IMPORT["not-zip"]))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DecisionError(PLAN_IMPORT["not-docx"].format(name=path.name, problem=type(exc).__name__)) from exc
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
        raise DecisionError(PLAN_IMPORT["too-big"].format(name=path.name))
    if "word/document.xml" not in names:
        raise DecisionError(PLAN_IMPORT["not-word"].format(name=path.name))


def _blocks(parent, document, counter: list[int]):
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            yield Para(clean(paragraph.text), _numbered(paragraph))
        elif child.tag == qn("w:tbl"):
            counter[0] += 1
            yield Table(counter[0], tuple(_row(tr) for tr in child.iterchildren(qn("w:tr"))))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):   # content controls wrap blocks
            yield from _blocks(child, document, counter)


def _numbered(paragraph) -> bool:
    """Whether Word numbers the paragraph itself (its own numPr, or its style's, or a base style's)."""
    from docx.oxml.ns import qn
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.find(qn("w:numPr")) is not None:
        num_id = p_pr.find(qn("w:numPr")).find(qn("w:numId"))
        return num_id is None or num_id.get(qn("w:val")) != "0"
    style, seen = paragraph.style, 0
    while style is not None and seen < 10:
        style_pr = style.element.pPr
        if style_pr is not None and style_pr.find(qn("w:numPr")) is not None:
            return True
        style, seen = style.base_style, seen + 1
    return False


def _row(tr) -> Row:
    from docx.oxml.ns import qn
    tr_pr = tr.find(qn("w:trPr"))
    col, header = 0, False
    if tr_pr is not None:
        before = tr_pr.find(qn("w:gridBefore"))
        col = int(before.get(qn("w:val"), "0")) if before is not None else 0
        header = tr_pr.find(qn("w:tblHeader")) is not None and \
            tr_pr.find(qn("w:tblHeader")).get(qn("w:val"), "true") not in ("0", "false")
    cells = []
    for tc in tr.iterchildren(qn("w:tc")):
        span = tc.grid_span
        text = " ".join(t for t in (clean("".join(_texts(p))) for p in tc.iter(qn("w:p"))) if t)
        cells.append(Cell(col, span, text, continued=tc.vMerge == "continue"))
        col += span
    return Row(tuple(cells), header)


def _texts(p):
    """A paragraph's visible text: its runs' text, tabs and breaks as spaces (also inside hyperlinks)."""
    from docx.oxml.ns import qn
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        yield (node.text or "") if node.tag == qn("w:t") else " "
