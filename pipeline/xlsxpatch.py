"""Annotating an .xlsx by patching its package: fills, comments and a new first sheet, every other part kept.

openpyxl loads every cell and writes the whole workbook again; for a copy that only highlights a few cells
that is most of the cost. Here the zip is copied member by member (unchanged members as their compressed
bytes), and only workbook.xml, its rels, [Content_Types].xml, styles.xml and the touched sheets are edited,
in place, as text. An edit is made only where the part is plain enough to edit safely: well-formed, no
comments, CDATA or processing instructions (so every "<" opens or closes an element), no namespace prefix
on the SpreadsheetML elements. Anything else raises `Unsupported`, and the caller takes the openpyxl way.
"""
from __future__ import annotations

import functools
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Sequence
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree as SafeET
from openpyxl.utils.cell import column_index_from_string as column_number
from openpyxl.utils.cell import get_column_letter as column_letters

from .read import CHUNK, MAX_PART_BYTES, MAX_UNZIPPED_BYTES

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

REL_WORKSHEET = DOC_REL_NS + "/worksheet"
REL_STYLES = DOC_REL_NS + "/styles"
REL_COMMENTS = DOC_REL_NS + "/comments"
REL_VML = DOC_REL_NS + "/vmlDrawing"
REL_HYPERLINK = DOC_REL_NS + "/hyperlink"
REL_OFFICE_DOCUMENT = DOC_REL_NS + "/officeDocument"

_OOXML = "application/vnd.openxmlformats-officedocument."
CT_WORKSHEET = _OOXML + "spreadsheetml.worksheet+xml"
CT_COMMENTS = _OOXML + "spreadsheetml.comments+xml"
CT_VML = _OOXML + "vmlDrawing"

# Parts that may be copied as they are: data, formatting and pictures. Macros, ActiveX and OLE objects,
# embedded files, external links and data connections are not in the list: a workbook holding one goes
# the openpyxl way, which drops them (keep_vba=False, keep_links=False) or fails safe.
SAFE_CONTENT_TYPES = frozenset({
    "application/xml",
    "application/vnd.openxmlformats-package.relationships+xml",
    "application/vnd.openxmlformats-package.core-properties+xml",
    _OOXML + "extended-properties+xml",
    _OOXML + "custom-properties+xml",
    _OOXML + "customXmlProperties+xml",
    _OOXML + "theme+xml",
    _OOXML + "themeOverride+xml",
    _OOXML + "spreadsheetml.sheet.main+xml",
    CT_WORKSHEET,
    _OOXML + "spreadsheetml.chartsheet+xml",
    _OOXML + "spreadsheetml.styles+xml",
    _OOXML + "spreadsheetml.sharedStrings+xml",
    _OOXML + "spreadsheetml.calcChain+xml",
    _OOXML + "spreadsheetml.table+xml",
    _OOXML + "spreadsheetml.sheetMetadata+xml",
    _OOXML + "spreadsheetml.printerSettings",
    _OOXML + "drawing+xml",
    _OOXML + "drawingml.chart+xml",
    "application/vnd.ms-office.chartstyle+xml",
    "application/vnd.ms-office.chartcolorstyle+xml",
})

EXCEL_MAX_TEXT = 32_767
EXCEL_MAX_ROW, EXCEL_MAX_COL = 1_048_576, 16_384
COMMENT_AUTHOR = "mtcl"


class Unsupported(Exception):
    """The package holds something this module does not edit; annotate it another way."""


# --- what the caller asks for ---------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """The few cell formats the findings sheet uses (colours as RGB hex, "1F4E78")."""
    bold: bool = False
    size: float | None = None
    color: str | None = None
    underline: bool = False
    fill: str | None = None
    wrap: bool = False
    vertical: str | None = None

    @property
    def has_font(self) -> bool:
        return self.bold or self.underline or self.size is not None or self.color is not None


@dataclass(frozen=True)
class Cell:
    ref: str                         # "D6"
    value: str                       # always text
    style: Style = Style()
    link: str | None = None          # a place in the workbook, "'Chỉ tiêu'!H10"


@dataclass(frozen=True)
class SheetSpec:
    """A small sheet of text cells, described once and drawn by either writer."""
    name: str
    cells: tuple[Cell, ...]
    merged: tuple[str, ...] = ()
    widths: tuple[tuple[str, float], ...] = ()      # (column letter, width in characters)
    heights: tuple[tuple[int, float], ...] = ()     # (row, height in points)
    freeze: str | None = None                       # first scrolling cell, "A6"
    landscape_fit_width: bool = False               # A4 landscape, all columns on one page width


@dataclass(frozen=True)
class Mark:
    """One highlighted cell: a solid fill over its own format, and a comment."""
    sheet: str
    cell: str
    fill: str
    text: str


# --- A1 references and text -----------------------------------------------------------------------

_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")


def split_ref(ref: str) -> tuple[int, int] | None:
    """(row, column) of a single-cell A1 reference inside Excel's grid, or None."""
    match = _REF.fullmatch(ref)
    if not match:
        return None
    row, col = int(match.group(2)), column_number(match.group(1))
    return (row, col) if row <= EXCEL_MAX_ROW and col <= EXCEL_MAX_COL else None


def sheet_location(sheet: str, ref: str) -> str:
    """An in-workbook link target, "'Chỉ tiêu'!H10" (a quote in the name is doubled)."""
    return "'" + sheet.replace("'", "''") + "'!" + ref


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def ooxml_text(text: str, limit: int = EXCEL_MAX_TEXT) -> str:
    """`text` as a cell or comment may hold it: at most `limit` characters, characters XML cannot carry
    written as Excel's _xHHHH_ escapes (and a literal "_x0041_" protected the way Excel does)."""
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    text = _SURROGATE.sub("\ufffd", text)
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _xml_text(text: str) -> str:
    return escape(ooxml_text(text))


# --- reading parts as editable text ---------------------------------------------------------------

_ATTRS = r"""((?:\s+[^\s=/>]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*"""
_TAG = re.compile(r"<(/?)([^\s/>]+)" + _ATTRS + r"(/?)>")
_ATTR = re.compile(r"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DECLARATION = re.compile(r"\ufeff?<\?xml\b[^<>]*\?>")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def plain_text(data: bytes, root: str, namespace: str) -> str:
    """A part as text, if it is plain enough to edit as text; else Unsupported.

    Plain: UTF-8, well-formed, its root element `root` in `namespace` without a prefix, and no comment,
    CDATA, DOCTYPE or processing instruction after the declaration, so every "<" starts a tag. With no
    DOCTYPE there are no entities to expand, so expat can check the form without defusedxml's wrapper
    (which costs a Python call per element)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unsupported("part not in UTF-8") from None
    declaration = _DECLARATION.match(text)
    body = declaration.end() if declaration else 0
    if "<!" in text or "<?" in text[body:]:
        raise Unsupported("comment, CDATA, DOCTYPE or processing instruction")
    try:
        expat.ParserCreate(namespace_separator=" ").Parse(data, True)
    except expat.ExpatError as exc:
        raise Unsupported(f"malformed part ({exc})") from None
    first = _TAG.search(text, body)
    if first is None or first.group(2) != root or attributes(first.group()).get("xmlns") != namespace:
        raise Unsupported(f"root element is not <{root} xmlns=\"{namespace}\">")
    return text


def parse_tree(data: bytes, root: str, namespace: str):
    """A small part, as plain as plain_text asks, as an element tree (read through defusedxml)."""
    try:
        tree = SafeET.fromstring(data)
    except Exception as exc:       # malformed, or a DTD defusedxml refuses
        raise Unsupported(f"unreadable part ({type(exc).__name__})") from None
    if tree.tag != f"{{{namespace}}}{root}" or b"<!" in data:
        raise Unsupported(f"root element is not <{root} xmlns=\"{namespace}\">, or a comment or CDATA")
    return tree


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one start tag, values unescaped."""
    return {m.group(1): _unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(_TAG.match(tag).group(3))}


def _unescape(value: str) -> str:
    def one(m: re.Match) -> str:
        name = m.group(1)
        if name[0] == "#":
            return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
        return _NAMED[name]
    return _ENTITY.sub(one, value)


def set_attributes(tag: str, changes: dict[str, str | None]) -> str:
    """One start tag with attributes replaced, removed (None) or added at the end; the others as written."""
    match = _TAG.match(tag)
    base = match.start(3)
    found = {m.group(1): (base + m.start(), base + m.end()) for m in _ATTR.finditer(match.group(3))}
    edits, extra = [], ""
    for name, value in changes.items():
        new = "" if value is None else f"{name}={quoteattr(value)}"
        if name in found:
            start, end = found[name]
            if value is None:       # take the whitespace before it too
                start = len(tag[:start].rstrip())
            edits.append((start, end, new))
        elif value is not None:
            extra += " " + new
    at = match.end(3)
    return _splice(tag, edits + ([(at, at, extra)] if extra else []))


def _prefix_for(root_tag: str, namespace: str) -> str | None:
    for name, value in attributes(root_tag).items():
        if value == namespace and name.startswith("xmlns:"):
            return name[6:]
    return None


@dataclass(frozen=True)
class _Span:
    """An element located in the text: its start tag, and where its content and its end tag are."""
    start: int
    open_end: int            # after the start tag
    close_start: int         # before the end tag (== open_end for an empty element)
    end: int                 # after the end tag
    tag: str                 # the start tag as written

    @property
    def empty(self) -> bool:
        return self.tag.endswith("/>")


@functools.lru_cache(maxsize=None)
def _start_tag(name: str) -> re.Pattern:
    return re.compile("<" + re.escape(name) + _ATTRS + "(/?)>")


def _element(text: str, name: str, start: int = 0, stop: int | None = None) -> _Span | None:
    """The first element called `name` (unprefixed) from `start` on; elements of that name must not nest."""
    match = _start_tag(name).search(text, start, len(text) if stop is None else stop)
    return None if match is None else _span_of(text, match, name)


def _span_of(text: str, match: re.Match, name: str) -> _Span:
    """The element whose start tag `match` found."""
    if match.group(2):
        return _Span(match.start(), match.end(), match.end(), match.end(), match.group())
    close = text.find(f"</{name}>", match.end())
    if close < 0:
        raise Unsupported(f"<{name}> not closed")
    return _Span(match.start(), match.end(), close, close + len(name) + 3, match.group())


def _elements(text: str, name: str, start: int = 0, stop: int | None = None) -> list[_Span]:
    out, pos, stop = [], start, len(text) if stop is None else stop
    while (span := _element(text, name, pos, stop)) is not None and span.start < stop:
        out.append(span)
        pos = span.end
    return out


def _children(text: str, parent: _Span) -> list[tuple[str, int]]:
    """(local name, offset) of each child element of `parent`, in order."""
    out, depth = [], 0
    for match in _TAG.finditer(text, parent.open_end, parent.close_start):
        closing, name, empty = match.group(1), match.group(2), match.group(4)
        if closing:
            depth -= 1
            continue
        if depth == 0:
            out.append((name.rsplit(":", 1)[-1], match.start()))
        if not empty:
            depth += 1
    return out


def _root(text: str, name: str) -> _Span:
    """The root element: its end tag is the last thing in the part."""
    match = re.compile("<" + re.escape(name) + _ATTRS + ">").search(text)
    close = text.rfind(f"</{name}>")
    if match is None or close < match.end() or text[close + len(name) + 3:].strip():
        raise Unsupported(f"no <{name}> root with content")
    return _Span(match.start(), match.end(), close, close + len(name) + 3, match.group())


def _direct_child(text: str, parent: _Span, child: _Span) -> bool:
    """Whether `child` sits right under `parent` (the tags before it are balanced)."""
    depth = 0
    for match in _TAG.finditer(text, parent.open_end, child.start):
        depth += -1 if match.group(1) else 0 if match.group(4) else 1
        if depth < 0:
            return False
    return depth == 0


_PREFIXED = re.compile(r"</?[^\s/>:]+:")


def _plain_block(text: str, span: _Span) -> _Span:
    """`span`, if its content holds only elements of the part's own namespace (no prefixed element, no
    namespace declaration): then every element of a given name in it is what the schema says it is."""
    if text.find("xmlns", span.open_end, span.close_start) >= 0 or \
            _PREFIXED.search(text, span.open_end, span.close_start):
        raise Unsupported("foreign elements inside a block the patcher edits")
    return span


def _splice(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) applied; edits must not overlap."""
    out, pos = [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            raise Unsupported("overlapping edits")
        out += [text[pos:start], new]
        pos = end
    out.append(text[pos:])
    return "".join(out)


# --- relationships and content types --------------------------------------------------------------


@dataclass(frozen=True)
class _Rel:
    id: str
    type: str
    target: str
    external: bool


def _relationships(data: bytes | None) -> list[_Rel]:
    if data is None:
        return []
    tree = parse_tree(data, "Relationships", PKG_REL_NS)
    return [_Rel(r.get("Id", ""), r.get("Type", ""), r.get("Target", ""), r.get("TargetMode") == "External")
            for r in tree if r.tag == f"{{{PKG_REL_NS}}}Relationship"]


def _rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(source_part: str, target: str) -> str:
    """The zip member a relationship of `source_part` points at."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _relative(source_part: str, member: str) -> str:
    return posixpath.relpath(member, posixpath.dirname(source_part) or ".")


def _new_ids(existing: Iterable[str], count: int, stem: str = "mtcl") -> list[str]:
    taken, out, n = set(existing), [], 1
    while len(out) < count:
        if f"{stem}{n}" not in taken:
            out.append(f"{stem}{n}")
        n += 1
    return out


def add_relationships(data: bytes | None, rels: Sequence[tuple[str, str, str]]) -> bytes:
    """A .rels part with (id, type, target) relationships added (a new part when `data` is None)."""
    items = "".join(f"<Relationship Id={quoteattr(i)} Type={quoteattr(t)} Target={quoteattr(g)}/>"
                    for i, t, g in rels)
    if data is None:
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Relationships xmlns="{PKG_REL_NS}">{items}</Relationships>').encode()
    text = plain_text(data, "Relationships", PKG_REL_NS)
    root = _root(text, "Relationships")
    return _splice(text, [(root.close_start, root.close_start, items)]).encode()


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """(default content type by extension, content type by part name) of [Content_Types].xml."""
    tree = parse_tree(data, "Types", TYPES_NS)
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in tree
                if d.tag == f"{{{TYPES_NS}}}Default"}
    overrides = {o.get("PartName", "").lstrip("/").lower(): o.get("ContentType", "") for o in tree
                 if o.tag == f"{{{TYPES_NS}}}Override"}
    return defaults, overrides


def add_content_types(data: bytes, overrides: dict[str, str], defaults: dict[str, str]) -> bytes:
    text = plain_text(data, "Types", TYPES_NS)
    root = _root(text, "Types")
    items = "".join(f"<Default Extension={quoteattr(e)} ContentType={quoteattr(t)}/>" for e, t in defaults.items())
    items += "".join(f"<Override PartName={quoteattr('/' + p)} ContentType={quoteattr(t)}/>"
                     for p, t in overrides.items())
    return _splice(text, [(root.close_start, root.close_start, items)]).encode()


# --- styles ---------------------------------------------------------------------------------------


class _Styles:
    """styles.xml, growing: a solid fill laid over an existing cell format, and the findings sheet's formats."""

    def __init__(self, data: bytes):
        self.text = plain_text(data, "styleSheet", MAIN_NS)
        root = _root(self.text, "styleSheet")
        top = dict(_children(self.text, root))      # the blocks of the style sheet, where they start
        self.blocks: dict[str, _Span] = {}
        counts = {}
        for name, child in (("fonts", "font"), ("fills", "fill"), ("cellXfs", "xf")):
            span = _element(self.text, name, top[name], root.close_start) if name in top else None
            if span is None or span.empty or span.start != top[name]:
                raise Unsupported(f"styles without <{name}>")
            _plain_block(self.text, span)
            children = _children(self.text, span)
            if any(c != child for c, _ in children):
                raise Unsupported(f"unexpected element in <{name}>")
            self.blocks[name], counts[name] = span, len(children)
        xfs = self.blocks["cellXfs"]
        self.xfs = [self.text[s.start:s.end] for s in _elements(self.text, "xf", xfs.open_end, xfs.close_start)]
        if len(self.xfs) != counts["cellXfs"]:
            raise Unsupported("cell formats not where expected")
        self.counts = counts
        named = _element(self.text, "cellStyleXfs", top["cellStyleXfs"]) if "cellStyleXfs" in top else None
        self.has_style_xfs = named is not None and not named.empty
        self.added: dict[str, list[str]] = {"fonts": [], "fills": [], "cellXfs": []}
        self._fills: dict[str, int] = {}
        self._made: dict[object, int] = {}

    def _add(self, block: str, xml: str) -> int:
        self.added[block].append(xml)
        return self.counts[block] + len(self.added[block]) - 1

    def _fill(self, rgb: str) -> int:
        if rgb not in self._fills:
            self._fills[rgb] = self._add("fills", f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
                                                  f'<bgColor indexed="64"/></patternFill></fill>')
        return self._fills[rgb]

    def filled(self, xf: int, rgb: str) -> int:
        """A cell format: format `xf` with a solid `rgb` fill."""
        key = ("filled", xf, rgb)
        if key not in self._made:
            if not 0 <= xf < len(self.xfs):
                raise Unsupported(f"cell format {xf} does not exist")
            base = self.xfs[xf]
            head = _TAG.match(base).group()
            new = set_attributes(head, {"fillId": str(self._fill(rgb)), "applyFill": "1"})
            self._made[key] = self._add("cellXfs", new + base[len(head):])
        return self._made[key]

    def style(self, style: Style) -> int:
        """A cell format for the findings sheet (0, the workbook's default, for a plain cell)."""
        if style == Style():
            return 0
        if style not in self._made:
            font = 0
            if style.has_font:
                font = self._add("fonts", "<font>" + ("<b/>" if style.bold else "")
                                 + ("<u/>" if style.underline else "") + f'<sz val="{style.size or 11:g}"/>'
                                 + (f'<color rgb="FF{style.color}"/>' if style.color else "")
                                 + '<name val="Calibri"/><family val="2"/></font>')
            fill = self._fill(style.fill) if style.fill else 0
            align = ""
            if style.wrap or style.vertical:
                align = "<alignment" + (f' vertical="{style.vertical}"' if style.vertical else "") \
                        + (' wrapText="1"' if style.wrap else "") + "/>"
            self._made[style] = self._add(
                "cellXfs", f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="0"'
                           + (' xfId="0"' if self.has_style_xfs else "")
                           + (' applyFont="1"' if font else "") + (' applyFill="1"' if fill else "")
                           + (' applyAlignment="1">' + align + "</xf>" if align else "/>"))
        return self._made[style]

    def bytes(self) -> bytes:
        edits = []
        for name, items in self.added.items():
            if items:
                span = self.blocks[name]
                edits.append((span.start, span.open_end,
                              set_attributes(span.tag, {"count": str(self.counts[name] + len(items))})
                              if "count" in attributes(span.tag) else span.tag))
                edits.append((span.close_start, span.close_start, "".join(items)))
        return _splice(self.text, edits).encode()


# --- worksheets -----------------------------------------------------------------------------------

# Children of <worksheet> that come after <legacyDrawing> in the schema (CT_Worksheet is a sequence);
# AlternateContent is how Excel wraps <controls> and <oleObjects>.
AFTER_LEGACY_DRAWING = frozenset({"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                                  "webPublishItems", "tableParts", "extLst", "AlternateContent"})


def unselect(text: str) -> str:
    """A worksheet whose tab is no longer selected (the findings sheet takes the focus)."""
    edits = [(v.start, v.open_end, set_attributes(v.tag, {"tabSelected": None}))
             for v in _elements(text, "sheetView") if "tabSelected" in attributes(v.tag)]
    return _splice(text, edits) if edits else text


def mark_cells(data: bytes, restyle: dict[tuple[int, int], Callable[[int], int]], drawing_rid: str) -> bytes:
    """A worksheet with each (row, column) of `restyle` given a new format (the callable maps the cell's
    format to it; missing cells and rows are created in order) and a <legacyDrawing> for its comments."""
    text = plain_text(data, "worksheet", MAIN_NS)
    root = _root(text, "worksheet")
    data_span = _element(text, "sheetData", root.open_end, root.close_start)
    if data_span is None or not _direct_child(text, root, data_span):
        raise Unsupported("no <sheetData>")
    _plain_block(text, data_span)
    _check_not_merged(text, root, restyle)
    edits: list[tuple[int, int, str]] = []
    rows = _rows(text, data_span, max(row for row, _ in restyle))
    by_number = {number: span for number, span in rows}
    wanted: dict[int, list[int]] = {}
    for row, col in sorted(restyle):
        wanted.setdefault(row, []).append(col)
    new_rows: dict[int, list[str]] = {}       # where they go -> the rows, in order
    for row, cols in wanted.items():
        if row in by_number:
            edits += _edit_row(text, row, by_number[row], cols, restyle)
            continue
        cells = "".join(f'<c r="{column_letters(c)}{row}" s="{restyle[row, c](0)}"/>' for c in cols)
        at = next((span.start for number, span in rows if number > row), data_span.close_start)
        new_rows.setdefault(at, []).append(f'<row r="{row}">{cells}</row>')
    if data_span.empty and new_rows:
        rows_xml = "".join(new_rows[data_span.close_start])
        edits.append((data_span.start, data_span.end, f"<sheetData>{rows_xml}</sheetData>"))
    else:
        edits += [(at, at, "".join(added)) for at, added in new_rows.items()]
    edits += _grow_dimension(text, root, data_span, restyle)
    edits.append(_legacy_drawing(text, root, data_span, drawing_rid))
    return _splice(text, edits).encode()


def _rows(text: str, data_span: _Span, until: int) -> list[tuple[int, _Span]]:
    """(number, span) of the rows, up to the first one after row `until`."""
    rows, last = [], 0
    for match in _start_tag("row").finditer(text, data_span.open_end, data_span.close_start):
        number = attributes(match.group()).get("r", "")
        if not number.isdigit() or int(number) <= last:
            raise Unsupported("rows without numbers or out of order")
        last = int(number)
        rows.append((last, match))
        if last > until:
            break
    return [(number, _span_of(text, match, "row")) for number, match in rows]


def _edit_row(text: str, row: int, span: _Span, cols: list[int],
              restyle: dict[tuple[int, int], Callable[[int], int]]) -> list[tuple[int, int, str]]:
    cells, last = [], 0
    for match in _start_tag("c").finditer(text, span.open_end, span.close_start):
        place = split_ref(attributes(match.group()).get("r", ""))
        if place is None or place[0] != row or place[1] <= last:
            raise Unsupported(f"cells of row {row} without references or out of order")
        last = place[1]
        cells.append((last, _span_of(text, match, "c")))
        if last > cols[-1]:
            break           # the cells after it do not matter
    present = dict(cells)
    edits, inserts = [], {}
    for col in cols:
        new_format = restyle[row, col]
        if col in present:
            cell = present[col]
            old = attributes(cell.tag).get("s", "0")
            if not old.isdigit():
                raise Unsupported("cell format is not a number")
            new_tag = set_attributes(cell.tag, {"s": str(new_format(int(old)))})
            edits.append((cell.start, cell.open_end, new_tag))
            continue
        at = next((c.start for c2, c in cells if c2 > col), span.close_start)
        inserts.setdefault(at, []).append(f'<c r="{column_letters(col)}{row}" s="{new_format(0)}"/>')
    if inserts:
        # the row's "spans" hint may no longer hold; it is optional
        head = set_attributes(span.tag, {"spans": None})
        if span.empty:
            filled = head[:-2].rstrip() + ">" + "".join(inserts[span.close_start]) + "</row>"
            return edits + [(span.start, span.end, filled)]
        edits.append((span.start, span.open_end, head))
        edits += [(at, at, "".join(new)) for at, new in inserts.items()]
    return edits


def _check_not_merged(text: str, root: _Span, cells: Iterable[tuple[int, int]]) -> None:
    """A cell hidden under a merged range cannot carry a fill or a comment of its own."""
    ranges = []
    for merged in _elements(text, "mergeCell", root.open_end, root.close_start):
        ends = [split_ref(p) for p in attributes(merged.tag).get("ref", "").split(":")]
        if None in ends:
            raise Unsupported("unreadable merged range")
        ranges.append((ends[0], ends[-1]))
    for row, col in cells:
        for (r1, c1), (r2, c2) in ranges:
            if r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1):
                raise Unsupported(f"{column_letters(col)}{row} is inside a merged range")


def _grow_dimension(text: str, root: _Span, data_span: _Span, cells: Iterable[tuple[int, int]]) -> list:
    dim = _element(text, "dimension", root.open_end, data_span.start)
    if dim is None:
        return []
    ends = [split_ref(p) for p in attributes(dim.tag).get("ref", "").split(":")]
    if None in ends:
        return []
    (r1, c1), (r2, c2) = ends[0], ends[-1]
    for row, col in cells:
        r1, c1, r2, c2 = min(r1, row), min(c1, col), max(r2, row), max(c2, col)
    ref = f"{column_letters(c1)}{r1}" + (f":{column_letters(c2)}{r2}" if (r1, c1) != (r2, c2) else "")
    return [(dim.start, dim.open_end, set_attributes(dim.tag, {"ref": ref}))]


def _legacy_drawing(text: str, root: _Span, data_span: _Span, rid: str) -> tuple[int, int, str]:
    """Where <legacyDrawing> goes: before the first later sibling the schema puts after it."""
    if _LEGACY_DRAWING.search(text, root.open_end):
        raise Unsupported("the sheet already has a legacy drawing")
    prefix = _prefix_for(root.tag, DOC_REL_NS)
    element = (f'<legacyDrawing {prefix}:id="{rid}"/>' if prefix else
               f'<legacyDrawing xmlns:r="{DOC_REL_NS}" r:id="{rid}"/>')
    after = _Span(data_span.end, data_span.end, root.close_start, root.end, "")
    at = next((offset for name, offset in _children(text, after) if name in AFTER_LEGACY_DRAWING), root.close_start)
    return at, at, element


_LEGACY_DRAWING = re.compile(r"<legacyDrawing[\s/>]")


def comments_xml(notes: Sequence[tuple[str, str]]) -> bytes:
    """xl/commentsN.xml for (cell, text) notes, all by COMMENT_AUTHOR."""
    items = "".join(f'<comment ref="{ref}" authorId="0"><text><t xml:space="preserve">{_xml_text(text)}</t>'
                    f"</text></comment>" for ref, text in notes)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{MAIN_NS}"><authors>'
            f"<author>{escape(COMMENT_AUTHOR)}</author></authors><commentList>{items}</commentList>"
            "</comments>").encode()


def vml_blocks(first: int, shapes: int) -> range:
    """The blocks of 1024 shape ids a drawing of `shapes` shapes claims from block `first` on (each
    drawing of the workbook claims its own, so shape ids stay unique)."""
    return range(first, (first * 1024 + shapes) // 1024 + 1)


def vml_xml(cells: Sequence[tuple[int, int]], block: int) -> bytes:
    """The VML drawing Excel and LibreOffice need to show comments: one hidden note shape per cell,
    numbered from block `block` on."""
    blocks = vml_blocks(block, len(cells))
    shapes = []
    for n, (row, col) in enumerate(cells, start=1):
        r, c = row - 1, col - 1
        shapes.append(
            f'<v:shape id="_x0000_s{block * 1024 + n}" type="#_x0000_t202" style="position:absolute;'
            f'margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:120pt;z-index:{n};visibility:hidden" '
            f'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            f'<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            f'<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            f'<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{c + 1}, 15, {max(r - 1, 0)}, 10, {c + 3}, 15, {r + 4}, 4</x:Anchor>"
            f"<x:AutoFill>False</x:AutoFill><x:Row>{r}</x:Row><x:Column>{c}</x:Column></x:ClientData></v:shape>")
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{",".join(map(str, blocks))}"/></o:shapelayout>'
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
            '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            + "".join(shapes) + "</xml>").encode()


def sheet_xml(spec: SheetSpec, style_of: Callable[[Style], int]) -> bytes:
    """A complete worksheet part for `spec`: text cells as inline strings, links to places in the workbook."""
    rows: dict[int, list[str]] = {}
    links, last_row, last_col = [], 1, 1
    for cell in sorted(spec.cells, key=lambda c: split_ref(c.ref) or (0, 0)):
        place = split_ref(cell.ref)
        if place is None:
            raise ValueError(f"not a cell reference: {cell.ref!r}")
        last_row, last_col = max(last_row, place[0]), max(last_col, place[1])
        s = style_of(cell.style)
        attrs = f'r="{cell.ref}"' + (f' s="{s}"' if s else "")
        rows.setdefault(place[0], []).append(
            f'<c {attrs} t="inlineStr"><is><t xml:space="preserve">{_xml_text(cell.value)}</t></is></c>'
            if cell.value else f"<c {attrs}/>")
        if cell.link:
            links.append(f'<hyperlink ref="{cell.ref}" location={quoteattr(cell.link)} '
                         f'display={quoteattr(ooxml_text(cell.value))}/>')
    heights = dict(spec.heights)
    for row in heights:
        rows.setdefault(row, [])
    body = "".join(f'<row r="{r}"' + (f' ht="{heights[r]:g}" customHeight="1"' if r in heights else "")
                   + ">" + "".join(cells) + "</row>" for r, cells in sorted(rows.items()))
    view = '<sheetView tabSelected="1" workbookViewId="0">'
    if spec.freeze:
        row, col = split_ref(spec.freeze)
        split = (f' xSplit="{col - 1}"' if col > 1 else "") + (f' ySplit="{row - 1}"' if row > 1 else "")
        pane = "bottomRight" if col > 1 and row > 1 else "bottomLeft" if row > 1 else "topRight"
        view += (f'<pane{split} topLeftCell="{spec.freeze}" activePane="{pane}" state="frozen"/>'
                 f'<selection pane="{pane}" activeCell="{spec.freeze}" sqref="{spec.freeze}"/>')
    view += "</sheetView>"
    cols = "".join(f'<col min="{column_number(c)}" max="{column_number(c)}" width="{w:g}" customWidth="1"/>'
                   for c, w in sorted(spec.widths, key=lambda cw: column_number(cw[0])))
    merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in spec.merged)
    dimension = "A1" if (last_row, last_col) == (1, 1) else f"A1:{column_letters(last_col)}{last_row}"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{DOC_REL_NS}">'
            + ('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if spec.landscape_fit_width else "")
            + f'<dimension ref="{dimension}"/><sheetViews>{view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + (f"<sheetData>{body}</sheetData>" if body else "<sheetData/>")
            + (f'<mergeCells count="{len(spec.merged)}">{merged}</mergeCells>' if merged else "")
            + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
            + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            + ('<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>' if spec.landscape_fit_width else "")
            + "</worksheet>").encode()


# --- the workbook part ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sheet:
    name: str
    part: str | None        # its zip member, when the package holds it
    kind: str               # "worksheet", "chartsheet" (or another root element name)


def _sheets(book: bytes, rels: list[_Rel], book_part: str) -> tuple[list[_Sheet], int]:
    """The sheets in tab order, and the largest sheetId."""
    tree = parse_tree(book, "workbook", MAIN_NS)
    by_id = {r.id: r for r in rels}
    node = tree.find(f"{{{MAIN_NS}}}sheets")
    if node is None or not len(node):
        raise Unsupported("no sheets")
    out, top = [], 0
    for sheet in node:
        rel = by_id.get(sheet.get(f"{{{DOC_REL_NS}}}id", ""))
        sheet_id = sheet.get("sheetId", "")
        if not sheet_id.isdigit():
            raise Unsupported("sheet without a number")
        top = max(top, int(sheet_id))
        part = _resolve(book_part, rel.target) if rel and not rel.external else None
        out.append(_Sheet(sheet.get("name", ""), part, rel.type.rsplit("/", 1)[-1] if rel else ""))
    return out, top


def insert_first_sheet(book: bytes, name: str, sheet_id: int, rid: str) -> bytes:
    """workbook.xml with a new first sheet that is also the active tab; sheet-local names follow their
    sheet, whose position moves up by one."""
    text = plain_text(book, "workbook", MAIN_NS)
    root = _root(text, "workbook")
    sheets = _element(text, "sheets", root.open_end, root.close_start)
    if sheets is None or sheets.empty:
        raise Unsupported("no sheets")
    prefix = _prefix_for(root.tag, DOC_REL_NS)
    ref = f'{prefix}:id="{rid}"' if prefix else f'xmlns:r="{DOC_REL_NS}" r:id="{rid}"'
    edits = [(sheets.open_end, sheets.open_end, f'<sheet name={quoteattr(name)} sheetId="{sheet_id}" {ref}/>')]
    views = _elements(text, "workbookView", root.open_end, root.close_start)
    for view in views:
        edits.append((view.start, view.open_end, set_attributes(view.tag, {"activeTab": "0", "firstSheet": None})))
    if not views:
        edits.append((sheets.start, sheets.start, '<bookViews><workbookView activeTab="0"/></bookViews>'))
    for defined in _elements(text, "definedName", root.open_end, root.close_start):
        local = attributes(defined.tag).get("localSheetId")
        if local is not None:
            if not local.isdigit():
                raise Unsupported("unreadable localSheetId")
            edits.append((defined.start, defined.open_end,
                          set_attributes(defined.tag, {"localSheetId": str(int(local) + 1)})))
    return _splice(text, edits).encode()


# --- the zip --------------------------------------------------------------------------------------

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")


class _ZipIn:
    """Members of the source zip: inflated to be read, or as stored to be copied."""

    def __init__(self, zf: zipfile.ZipFile, fh: BinaryIO):
        self.zf, self.fh = zf, fh
        self.infos = zf.infolist()
        names = [i.filename for i in self.infos]
        if len({n.lower() for n in names}) != len(names):
            raise Unsupported("duplicate member names")
        if sum(i.file_size for i in self.infos) > MAX_UNZIPPED_BYTES:
            raise Unsupported("too large once inflated")
        for info in self.infos:
            if info.file_size > MAX_PART_BYTES:
                raise Unsupported(f"{info.filename} too large once inflated")
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Unsupported("encrypted or unusual compression")
            if max(info.file_size, info.compress_size, info.header_offset) >= 0xFFFFFFFF:
                raise Unsupported("zip64")
        self.by_name = {i.filename: i for i in self.infos}
        self.by_lower = {i.filename.lower(): i.filename for i in self.infos}

    def has(self, name: str) -> bool:
        return name.lower() in self.by_lower

    def read(self, name: str) -> bytes:
        """A member's content (its size is bounded by the checks above)."""
        info = self.by_name[self.by_lower[name.lower()]]
        stored = self._stored(info)
        if info.compress_type == zipfile.ZIP_STORED:
            return stored
        try:
            plain = zlib.decompressobj(-15).decompress(stored, info.file_size + 1)
        except zlib.error:
            raise Unsupported(f"damaged member {info.filename}") from None
        if len(plain) != info.file_size or zlib.crc32(plain) != info.CRC:
            raise Unsupported(f"damaged member {info.filename}")
        return plain

    def actual(self, name: str) -> str:
        """The member's name as the zip spells it (part names are case-insensitive)."""
        return self.by_lower.get(name.lower(), name)

    def read_if(self, name: str) -> bytes | None:
        return self.read(name) if self.has(name) else None

    def stored(self, info: zipfile.ZipInfo) -> bytes:
        """The member's bytes as stored in the zip, checked against its size and CRC (inflated in steps,
        so a member lying about its size costs no memory)."""
        stored = self._stored(info)
        crc, size = 0, 0
        if info.compress_type == zipfile.ZIP_STORED:
            crc, size = zlib.crc32(stored), len(stored)
        else:
            inflater, pending = zlib.decompressobj(-15), stored
            try:
                while pending and size <= info.file_size:
                    chunk = inflater.decompress(pending, CHUNK)
                    crc, size, pending = zlib.crc32(chunk, crc), size + len(chunk), inflater.unconsumed_tail
                rest = inflater.flush()
                crc, size = zlib.crc32(rest, crc), size + len(rest)
            except zlib.error:
                raise Unsupported(f"damaged member {info.filename}") from None
        if size != info.file_size or crc != info.CRC:
            raise Unsupported(f"damaged member {info.filename}")
        return stored

    def _stored(self, info: zipfile.ZipInfo) -> bytes:
        self.fh.seek(info.header_offset)
        head = self.fh.read(_LOCAL.size)
        if len(head) != _LOCAL.size or head[:4] != b"PK\x03\x04":
            raise Unsupported("damaged local header")
        fields = _LOCAL.unpack(head)
        self.fh.seek(info.header_offset + _LOCAL.size + fields[-2] + fields[-1])
        data = self.fh.read(info.compress_size)
        if len(data) != info.compress_size:
            raise Unsupported(f"truncated member {info.filename}")
        return data


class _ZipOut:
    """A zip written member by member: copies keep their stored bytes, new content is deflated."""

    def __init__(self, fh: BinaryIO):
        self.fh, self.central = fh, []

    def copy(self, info: zipfile.ZipInfo, stored: bytes) -> None:
        self._write(info.filename, stored, info.compress_type, info.CRC, info.file_size, info.date_time,
                    info.external_attr)

    def add(self, name: str, content: bytes, date_time: tuple) -> None:
        deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
        self._write(name, deflater.compress(content) + deflater.flush(), zipfile.ZIP_DEFLATED,
                    zlib.crc32(content), len(content), date_time, 0)

    def _write(self, name: str, stored: bytes, method: int, crc: int, size: int, date_time: tuple, attr: int) -> None:
        raw_name = name.encode("utf-8")
        flags = 0x800 if not raw_name.isascii() else 0
        year, month, day, hour, minute, second = date_time
        if year < 1980:
            year, month, day, hour, minute, second = 1980, 1, 1, 0, 0, 0
        dos_time = hour << 11 | minute << 5 | second // 2
        dos_date = (year - 1980) << 9 | month << 5 | day
        offset = self.fh.tell()
        self.fh.write(_LOCAL.pack(b"PK\x03\x04", 20, flags, method, dos_time, dos_date, crc, len(stored), size,
                                  len(raw_name), 0) + raw_name)
        self.fh.write(stored)
        self.central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 20, flags, method, dos_time, dos_date, crc, len(stored),
                                          size, len(raw_name), 0, 0, 0, 0, attr & 0xFFFFFFFF, offset) + raw_name)

    def close(self) -> None:
        start = self.fh.tell()
        directory = b"".join(self.central)
        if len(self.central) >= 0xFFFF or start + len(directory) >= 0xFFFFFFFF:
            raise Unsupported("zip64")
        self.fh.write(directory)
        self.fh.write(_END.pack(b"PK\x05\x06", 0, 0, len(self.central), len(self.central), len(directory), start, 0))


# --- putting it together --------------------------------------------------------------------------


def _check_parts(pkg: _ZipIn, defaults: dict[str, str], overrides: dict[str, str]) -> None:
    """Every member is of a kind safe to copy, and no relationship leaves the package except a hyperlink."""
    for info in pkg.infos:
        name = info.filename
        if name.endswith("/") or name.lower() == "[content_types].xml":
            continue
        kind = overrides.get(name.lower()) or defaults.get(name.rsplit("/", 1)[-1].rpartition(".")[2].lower(), "")
        if kind not in SAFE_CONTENT_TYPES and not kind.startswith("image/"):
            raise Unsupported(f"{name} ({kind or 'no content type'})")
        if name.endswith(".rels"):
            if any(r.external and r.type != REL_HYPERLINK for r in _relationships(pkg.read(name))):
                raise Unsupported(f"external relationship in {name}")


@dataclass(frozen=True)
class _Book:
    """Where the workbook part, its relationships and its styles are, and what its sheets are."""
    part: str
    data: bytes
    rels_part: str
    rels_data: bytes | None
    rels: list[_Rel]
    sheets: list[_Sheet]
    top_sheet_id: int
    styles_part: str


def _find_book(pkg: _ZipIn) -> _Book:
    book_part = next((_resolve("", r.target) for r in _relationships(pkg.read_if("_rels/.rels"))
                      if r.type == REL_OFFICE_DOCUMENT), None)
    if book_part != "xl/workbook.xml" or not pkg.has(book_part):
        raise Unsupported(f"workbook part {book_part}")
    book_part = pkg.actual(book_part)
    rels_part = pkg.actual(_rels_part(book_part))
    rels_data = pkg.read_if(rels_part)
    rels = _relationships(rels_data)
    data = pkg.read(book_part)
    sheets, top = _sheets(data, rels, book_part)
    sheets = [_Sheet(s.name, pkg.actual(s.part) if s.part and pkg.has(s.part) else None, s.kind) for s in sheets]
    styles_part = next((_resolve(book_part, r.target) for r in rels if r.type == REL_STYLES), None)
    if styles_part is None or not pkg.has(styles_part):
        raise Unsupported("no styles part")
    return _Book(book_part, data, rels_part, rels_data, rels, sheets, top, pkg.actual(styles_part))


class _Names:
    """Fresh part names and relationship ids for what is added."""

    def __init__(self, pkg: _ZipIn):
        self.taken = {i.filename.lower() for i in pkg.infos}

    def part(self, pattern: str) -> str:
        n = 1
        while pattern.format(n).lower() in self.taken:
            n += 1
        self.taken.add(pattern.format(n).lower())
        return pattern.format(n)


def _marks_by_part(book: _Book, marks: Sequence[Mark]) -> dict[str, dict[tuple[int, int], Mark]]:
    """The marks on each worksheet part, by (row, column); marks on sheets the workbook lacks are left out."""
    sheets = {s.name: s for s in book.sheets}
    out: dict[str, dict[tuple[int, int], Mark]] = {}
    for mark in marks:
        place = split_ref(mark.cell)
        if mark.sheet not in sheets or place is None:
            continue
        sheet = sheets[mark.sheet]
        if sheet.kind != "worksheet":
            continue        # a chart sheet has no cells
        if sheet.part is None:
            raise Unsupported(f"sheet {mark.sheet!r} is not in the package")
        out.setdefault(sheet.part, {})[place] = mark
    return out


def _annotate_sheet(pkg: _ZipIn, part: str, cells: dict[tuple[int, int], Mark], styles: _Styles, names: _Names,
                    block: int) -> tuple[dict[str, bytes], str]:
    """The edited sheet and its relationships, its comments and their drawing (shape ids from `block`);
    and the name of the comments part."""
    rels_part = pkg.actual(_rels_part(part))
    rels_data = pkg.read_if(rels_part)
    rels = _relationships(rels_data)
    if any(r.type in (REL_COMMENTS, REL_VML) for r in rels):
        raise Unsupported(f"{part} already has comments or a drawing")
    comments, drawing = names.part("xl/comments{}.xml"), names.part("xl/drawings/vmlDrawing{}.vml")
    comments_id, drawing_id = _new_ids((r.id for r in rels), 2)
    restyle = {place: (lambda xf, fill=mark.fill: styles.filled(xf, fill)) for place, mark in cells.items()}
    places = sorted(cells)
    return {
        part: unselect(mark_cells(pkg.read(part), restyle, drawing_id).decode()).encode(),
        rels_part: add_relationships(rels_data, [(comments_id, REL_COMMENTS, _relative(part, comments)),
                                                 (drawing_id, REL_VML, _relative(part, drawing))]),
        comments: comments_xml([(f"{column_letters(c)}{r}", cells[r, c].text) for r, c in places]),
        drawing: vml_xml(places, block),
    }, comments


def _write_zip(pkg: _ZipIn, out: Path, parts: dict[str, bytes], stamp: tuple) -> None:
    """The package again: members in their order, as stored unless `parts` replaces them; new parts last.
    Every part written anew is checked to be well-formed first."""
    for name, content in parts.items():
        try:
            expat.ParserCreate(namespace_separator=" ").Parse(content, True)
        except expat.ExpatError as exc:
            raise RuntimeError(f"the patched {name} is not well-formed: {exc}") from None
    parts = dict(parts)
    with out.open("wb") as target:
        zout = _ZipOut(target)
        for info in pkg.infos:
            if info.filename in parts:
                zout.add(info.filename, parts.pop(info.filename), info.date_time)
            else:
                zout.copy(info, pkg.stored(info))
        for name, content in parts.items():
            zout.add(name, content, stamp)
        zout.close()


def patch_workbook(source: Path, out: Path, marks: Sequence[Mark],
                   first_sheet: Callable[[Sequence[str]], SheetSpec]) -> None:
    """Write to `out` the workbook `source` with `marks` applied (marks on sheets it does not have are left
    out) and the sheet `first_sheet(sheet names)` inserted as the first, active tab. Raises Unsupported,
    having written nothing useful to `out`, when the package is not one this module edits."""
    with zipfile.ZipFile(source) as zf, source.open("rb") as fh:
        pkg = _ZipIn(zf, fh)
        types_part = pkg.actual("[Content_Types].xml")
        if not pkg.has(types_part):
            raise Unsupported("no [Content_Types].xml")
        types = pkg.read(types_part)
        defaults, overrides = _content_types(types)
        _check_parts(pkg, defaults, overrides)
        book = _find_book(pkg)
        spec = first_sheet([s.name for s in book.sheets])
        if any(s.name.casefold() == spec.name.casefold() for s in book.sheets):
            raise Unsupported(f"a sheet is already called {spec.name}")
        styles = _Styles(pkg.read(book.styles_part))
        names = _Names(pkg)

        # 1. each marked cell: its format with the fill, and a comment
        parts: dict[str, bytes] = {}
        new_types: dict[str, str] = {}
        block = 1
        for part, cells in _marks_by_part(book, marks).items():
            annotated, comments = _annotate_sheet(pkg, part, cells, styles, names, block)
            parts.update(annotated)
            new_types[comments] = CT_COMMENTS
            block = vml_blocks(block, len(cells))[-1] + 1

        # 2. the findings sheet, first and selected; every other tab unselected
        for sheet in book.sheets:
            if sheet.part and sheet.part not in parts:
                data = pkg.read(sheet.part)
                if b"tabSelected" in data:
                    parts[sheet.part] = unselect(plain_text(data, sheet.kind, MAIN_NS)).encode()
        listing = names.part("xl/worksheets/sheet{}.xml")
        parts[listing] = sheet_xml(spec, styles.style)
        new_types[listing] = CT_WORKSHEET
        (listing_id,) = _new_ids((r.id for r in book.rels), 1)
        parts[book.part] = insert_first_sheet(book.data, spec.name, book.top_sheet_id + 1, listing_id)
        parts[book.rels_part] = add_relationships(book.rels_data, [(listing_id, REL_WORKSHEET,
                                                                    _relative(book.part, listing))])
        parts[book.styles_part] = styles.bytes()
        parts[types_part] = add_content_types(types, new_types, {} if "vml" in defaults or block == 1
                                              else {"vml": CT_VML})
        _write_zip(pkg, out, parts, pkg.by_name[book.part].date_time)
