"""What the package patcher is asked to do: marks on cells and a sheet to insert, and the OOXML names it speaks."""
from __future__ import annotations

from dataclasses import dataclass


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
COMMENT_AUTHOR = "mtcl"


class Unsupported(Exception):
    """The package holds something this module does not edit; annotate it another way."""


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
