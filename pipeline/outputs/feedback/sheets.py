"""A worksheet's XML edited: marked cells, their comments and drawing, and the findings sheet written anew."""
from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils.cell import column_index_from_string as column_number, get_column_letter as column_letters

from ...excel import split_ref
from .spec import COMMENT_AUTHOR, DOC_REL_NS, MAIN_NS, SheetSpec, Style, Unsupported
from .xml import (_Span, _children, _direct_child, _element, _elements, _plain_block, _prefix_for, _root, _span_of,
    _splice, _start_tag, _xml_text, attributes, ooxml_text, plain_text, set_attributes)


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
