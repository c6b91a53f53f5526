"""The list sheets: a titled table with filters, written row by row, continued on a second sheet when Excel's rows run out."""
from __future__ import annotations

import datetime as dt
import math
import numbers
from typing import Callable, Iterable

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell

from ...excel import LINK_LIMIT, ROW_LIMIT, clip_text
from ...vi import vi_int
from .context import Row, _Writer, _tip
from .streaming import Blank, Date, ListSheet, Number, Text
from ...vi.workbook import WORKBOOK


TITLE_ROWS = 2                  # a list sheet: title, blank, then the table header on this 0-based row
PRINT_ROWS = 100                # rows of a list that print (about four pages): the whole workbook prints in
                                # tens of pages, not hundreds; the sheet on screen keeps every row


def sheet_capacity() -> int:
    """Data rows one list sheet holds under its title and header."""
    return ROW_LIMIT - (TITLE_ROWS + 1)


def _long_table(w: _Writer, name: str, rows: Iterable[Row], headers: list[str], widths: list[int],
                title: str, pct_cols=(), colours: tuple[int, tuple] | None = None,
                total: int | None = None) -> Callable[[int], str]:
    """A titled list with filters on sheet `name`, written row by row as `rows` yields them, continued on
    "`name` (2)", "(3)"… when it has more rows than a sheet holds (never dropped). `total` is the number
    of rows: a list longer than Excel's hyperlink limit carries no links at all (not the first 65,530
    rows only) and says so; it names each source in its columns, and memory stays flat. Returns where
    row i ended up, as an `internal:` link."""
    capacity = sheet_capacity()
    linked = total is None or total <= LINK_LIMIT
    part, count, ws = 0, 0, None
    for row in rows:
        if ws is None or count == capacity:
            if ws is not None:
                _end_table(w, ws, count, headers, colours)
            ws, count, part = _start_table(w, name, part, title, headers, widths, linked), 0, part + 1
        _table_row(ws, TITLE_ROWS + 1 + count, row.values, row.links if linked else None, row.formats, widths,
                   pct_cols, w.f)
        count += 1
    if ws is None:
        ws = _start_table(w, name, 0, title, headers, widths, linked)
    _end_table(w, ws, count, headers, colours)

    def locate(i: int) -> str:
        n, r = divmod(i, capacity)
        sheet = name if n == 0 else f"{name} ({n + 1})"
        return f"internal:'{sheet}'!A{TITLE_ROWS + 2 + r}"
    return locate


def _start_table(w: _Writer, name: str, part: int, title: str, headers: list[str], widths: list[int],
                 linked: bool) -> ListSheet:
    ws = w.sheet(name if part == 0 else f"{name} ({part + 1})")
    f = w.f
    ws.write_string(0, 0, title if part == 0 else WORKBOOK["start_table.1"].format(title=title, value=part + 1), f["title_left"])
    if not linked:
        ws.write_string(1, 0, unlinked_note(), f["note"])
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.set_row(TITLE_ROWS, 15 * _row_lines(headers, widths, most=4))
    ws.write_row(TITLE_ROWS, 0, headers, f["header"])
    return ws


def unlinked_note() -> str:
    return (WORKBOOK["unlinked_note.1"].format(vi_int=vi_int(LINK_LIMIT)))


def _table_row(ws: ListSheet, r: int, values: list, links, formats, widths, pct_cols, f) -> None:
    """One row of a list: text always as text; a hyperlink under a cell while the sheet may hold more."""
    height = _row_lines(values, widths)
    if height > 1:                       # LibreOffice does not grow rows for wrapped text on opening
        ws.set_list_row_height(r, 15 * height)
    cells = {}
    for c, value in enumerate(values):
        link = links.get(c) if links else None
        if link is not None and not ws.write_url(r, c, link.url, f["link_cell_left"], string="-", tip=_tip(link.tip)):
            link = None
        fmt = f[formats[c]] if formats and c in formats else None
        if not isinstance(value, str):                 # most cells are text: they skip these tests
            if value is None or pd.isna(value) or (isinstance(value, float) and not math.isfinite(value)):
                cells[c] = Blank(fmt or f["cell"])
                continue
            if isinstance(value, (bool, np.bool_)):
                cells[c] = Text(WORKBOOK["table_row.1"] if value else WORKBOOK["table_row.2"], fmt or f["cell"])
                continue
            if isinstance(value, numbers.Real):          # numpy's too
                cells[c] = Number(value, fmt or (f["pct"] if c in pct_cols else f["int"]))
                continue
            if isinstance(value, dt.datetime):           # a date is a number in a date format
                cells[c] = Date(value.replace(tzinfo=None), fmt or f["datetime"])
                continue
            if isinstance(value, dt.date):
                cells[c] = Date(dt.datetime.combine(value, dt.time()), fmt or f["date"])
                continue
        cells[c] = Text(clip_text(value), fmt or (f["link_cell_left"] if link is not None else f["cell"]))
    ws.put_row(r, cells)


def _end_table(w: _Writer, ws: ListSheet, count: int, headers: list[str], colours) -> None:
    """Filters on the header, frozen header rows, status colours and the page set-up."""
    ws.autofilter(TITLE_ROWS, 0, TITLE_ROWS + max(count, 1), len(headers) - 1)
    ws.freeze_panes(TITLE_ROWS + 1, 0)
    if colours is not None:
        _status_colours(ws, count, *colours, w.f)
    if count > PRINT_ROWS:
        w.page(ws, TITLE_ROWS, (0, 0, TITLE_ROWS + PRINT_ROWS, len(headers) - 1),
               note=WORKBOOK["print_rows"].format(shown=vi_int(PRINT_ROWS), count=vi_int(count)))
    else:
        w.page(ws, TITLE_ROWS)


def _row_lines(values: list, widths: list[int], most: int = 8) -> int:
    """Lines the longest wrapped text of a row needs (a character of Times New Roman 11 ≈ 1.1 width units)."""
    lines = 1
    for value, width in zip(values, widths):
        if isinstance(value, str) and value:
            lines = max(lines, -(-len(value) * 11 // (10 * max(width - 1, 1))))
    return min(lines, most)


def _status_colours(ws, count: int, col: int, rules: tuple, f: dict) -> None:
    """Green, amber or red by how the status text in column `col` of a list sheet starts."""
    if not count:
        return
    r1, r2 = TITLE_ROWS + 1, TITLE_ROWS + count
    cell = xl_rowcol_to_cell(r1, col, row_abs=False, col_abs=True)
    for prefix, key in rules:
        rule = {"type": "formula", "criteria": f'=LEFT({cell},{len(prefix)})="{prefix}"', "stop_if_true": True}
        ws.conditional_format(r1, col, r2, col, {**rule, "format": f[key]} if key else rule)
