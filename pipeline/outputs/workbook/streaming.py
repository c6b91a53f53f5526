"""The one place that reaches into xlsxwriter's worksheet internals, to write large list sheets fast, and the
public-API path that writes the same cells on any other xlsxwriter (slower, never broken)."""
from __future__ import annotations

import collections
import datetime as dt
import re
from typing import NamedTuple

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ...excel import LINK_LIMIT


# A list row's cells. Text, Number and Blank are also xlsxwriter's own cell records: its writer goes by the
# class name and these fields (a Date becomes a Number on the way in).
Text = collections.namedtuple("String", "string, format")
Number = collections.namedtuple("Number", "number, format")
Blank = collections.namedtuple("Blank", "format")


class Date(NamedTuple):
    value: dt.datetime                 # naive
    format: object


# Text xlsxwriter would change on the way out (XML escapes, control characters, "_xHHHH_", edge spaces):
# such a cell goes through xlsxwriter's own writer.
_NOT_PLAIN = re.compile(r"[&<>\x00-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
TESTED = ((3, 3),)                                # xlsxwriter releases (major, minor) the fast path is made for
_INTERNALS = ("_write_single_row", "_write_cell", "_write_row", "_check_dimensions", "_convert_date_time",
              "_xml_end_tag", "_xml_inline_string", "_escape_control_characters")


def looks_rich(text: str) -> bool:
    """Whether xlsxwriter would take `text` for its own rich-string markup and copy it into the file unescaped."""
    return text.startswith("<r>") and text.endswith("</r>")


def _fast_path_usable() -> bool:
    """Whether this xlsxwriter is one the fast path was written and tested against, with the members it uses."""
    try:
        version = tuple(int(part) for part in xlsxwriter.__version__.split(".")[:2])
    except ValueError:
        return False
    return version in TESTED and all(callable(getattr(Worksheet, name, None)) for name in _INTERNALS)


FAST = _fast_path_usable()


class StreamedSheet(Worksheet):
    """xlsxwriter's worksheet, whose rows of plain cells (text, numbers, blanks, each with a format) are
    turned into XML in one piece instead of cell by cell: in constant_memory mode that writer is most of
    the time of a large workbook. Any other cell, or text xlsxwriter would escape, goes through
    xlsxwriter's own `_write_cell`; the XML is the same (tests compare the two), but for text that looks
    like rich-text markup (see `_write_cell`)."""

    _columns = [xl_col_to_name(c) for c in range(64)]     # cell references of the usual columns, made once

    def _write_single_row(self, current_row_num=0) -> None:
        row = self.previous_row
        cells = self.table.get(row)
        if not cells or row in self.comments:
            return super()._write_single_row(current_row_num)
        self.previous_row = current_row_num
        self._write_row(row, None, self.row_info.get(row))
        number, parts, columns = str(row + 1), [], self._columns
        for col in sorted(cells):
            cell = cells[col]
            kind, fmt = cell.__class__, cell.format
            if fmt is not None and col < len(columns):
                ref = columns[col] + number
                if kind is Text and not _NOT_PLAIN.search(cell.string):
                    parts.append(f'<c r="{ref}" s="{fmt._get_xf_index()}" t="inlineStr"><is><t>{cell.string}'
                                 '</t></is></c>')
                    continue
                if kind is Number:
                    parts.append(f'<c r="{ref}" s="{fmt._get_xf_index()}"><v>{cell.number:.16G}</v></c>')
                    continue
                if kind is Blank:
                    parts.append(f'<c r="{ref}" s="{fmt._get_xf_index()}"/>')
                    continue
            if parts:
                self.fh.write("".join(parts))
                parts = []
            self._write_cell(row, col, cell)
        if parts:
            self.fh.write("".join(parts))
        self._xml_end_tag("row")
        self.table.clear()

    def _write_cell(self, row: int, col: int, cell) -> None:
        """xlsxwriter's, except for text that looks like its rich-string markup ("<r>…</r>"), which it
        would copy into the file unescaped: a unit's text is written as the text it is (no rich text here)."""
        if cell.__class__.__name__ != "String" or not looks_rich(cell.string):
            return super()._write_cell(row, col, cell)
        attributes = [("r", xl_rowcol_to_cell(row, col))]
        fmt = cell.format
        if fmt is None and row in self.row_info:
            fmt = self.row_info[row].row_format
        if fmt is None and col in self.col_info:
            fmt = self.col_info[col].column_format
        if fmt is not None:
            attributes.append(("s", fmt._get_xf_index()))
        text = self._escape_control_characters(cell.string)
        self._xml_inline_string(text, text != text.strip(), attributes)


class ListSheet:
    """A worksheet of the streamed workbook. Each row goes to disk when a later row is begun (xlsxwriter's
    constant_memory mode), so memory stays flat however many units there are; the price is that a
    cell written to an earlier row would be dropped without a word. Here it raises instead. With `fast`, a
    row of list cells is handed to StreamedSheet in one piece; without, each cell goes through xlsxwriter's
    public API (slower, the same cells)."""
    __slots__ = ("ws", "fast", "links", "heights")

    def __init__(self, ws, fast: bool):
        self.ws, self.fast, self.links, self.heights = ws, fast, 0, collections.deque()

    def __getattr__(self, name):
        return getattr(self.ws, name)

    def _written(self, code, what: str, row: int) -> None:
        if isinstance(code, int) and code < 0:     # xlsxwriter's "not written": an earlier row, or off the sheet
            raise RuntimeError(f"{self.ws.name}: {what} on row {row + 1} not written (after a later row, "
                               "or outside the sheet)")

    def write_string(self, row, col, string, cell_format=None):
        if not self.fast and looks_rich(string):
            # Text xlsxwriter would take for rich-text markup goes as three runs in the cell's font: it stays text.
            runs = [part for piece in (string[:1], string[1:2], string[2:]) for part in (cell_format, piece)
                    if part is not None] + ([cell_format] if cell_format is not None else [])
            self._written(self.ws.write_rich_string(row, col, *runs), "text", row)
            return
        self._written(self.ws.write_string(row, col, string, cell_format), "text", row)

    def write_number(self, row, col, *args):
        self._written(self.ws.write_number(row, col, *args), "number", row)

    def write_blank(self, row, col, *args):
        self._written(self.ws.write_blank(row, col, *args), "blank", row)

    def write_datetime(self, row, col, *args):
        self._written(self.ws.write_datetime(row, col, *args), "date", row)

    def write_url(self, row, col, *args, **kwargs) -> bool:
        """Whether the link was written: past Excel's limit for a sheet it is not (the caller's value stands)."""
        if self.links >= LINK_LIMIT:
            return False
        self.links += 1
        self._written(self.ws.write_url(row, col, *args, **kwargs), "link", row)
        return True

    def write_row(self, row, col, *args):
        self._written(self.ws.write_row(row, col, *args), "row", row)

    def merge_range(self, r1, c1, r2, c2, *args):
        self._written(self.ws.merge_range(r1, c1, r2, c2, *args), "merged range", r1)

    def write_comment(self, row, col, *args):
        self._written(self.ws.write_comment(row, col, *args), "comment", row)

    def set_row(self, row, *args):
        self._written(self.ws.set_row(row, *args), "row height", row)

    def put_row(self, row: int, cells: dict) -> None:
        """A list row's cells (`Text`, `Number`, `Date`, `Blank`, each with its format) in one step, beside any
        already written on that row (its links)."""
        if not cells:
            return
        if not self.fast:
            for col, cell in sorted(cells.items()):
                kind = type(cell)
                if kind is Text:
                    self.write_string(row, col, cell.string, cell.format)
                elif kind is Number:
                    self.write_number(row, col, cell.number, cell.format)
                elif kind is Date:
                    self.write_datetime(row, col, cell.value, cell.format)
                else:
                    self.write_blank(row, col, None, cell.format)
            return
        ws = self.ws
        self._written(min(ws._check_dimensions(row, min(cells)), ws._check_dimensions(row, max(cells))), "cells", row)
        if row > ws.previous_row:
            ws._write_single_row(row)
        ws.table[row].update({col: Number(ws._convert_date_time(cell.value), cell.format) if type(cell) is Date
                              else cell for col, cell in cells.items()})

    def set_list_row_height(self, row: int, height: float) -> None:
        """The height of a row of a list (no chart or comment on the sheet). xlsxwriter keeps every row's
        height for placing drawings until the workbook closes, about 300 bytes a row even in
        constant_memory mode; on the fast path, those of rows already on disk are let go here."""
        self.set_row(row, height)
        if not self.fast:
            return
        heights, ws = self.heights, self.ws
        heights.append(row)
        while heights[0] < ws.previous_row:
            done = heights.popleft()
            ws.row_info.pop(done, None)
            ws.row_sizes.pop(done, None)


def new_sheet(wb, name: str) -> ListSheet:
    """A sheet of the streamed workbook `wb`: the fast one on the xlsxwriter versions it was made for."""
    fast = FAST
    return ListSheet(wb.add_worksheet(name, worksheet_class=StreamedSheet if fast else None), fast)


class RowOrdered:
    """Records the writes of a sheet laid out in blocks (the dashboard) and plays them back in row order."""
    WRITES = {"write_string", "write_number", "write_blank", "write_url", "write_row", "merge_range",
              "write_comment", "set_row"}

    def __init__(self, sheet: ListSheet):
        self.sheet, self.calls = sheet, []

    def __getattr__(self, name):
        if name not in self.WRITES:
            return getattr(self.sheet, name)
        return lambda row, *args, **kwargs: self.calls.append((row, name, args, kwargs))

    def flush(self) -> None:
        for row, name, args, kwargs in sorted(self.calls, key=lambda call: call[0]):
            getattr(self.sheet, name)(row, *args, **kwargs)
        self.calls = []
