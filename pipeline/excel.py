"""What Excel allows: the limits of a cell, a sheet and its links, and A1 references."""
from __future__ import annotations

import re

from openpyxl.utils.cell import column_index_from_string as column_number


EXCEL_CELL_LIMIT = 32767
EXCEL_MAX_CELL = 32767
ROW_LIMIT = 1_048_576           # rows of an Excel sheet; a longer table continues on "<sheet> (2)"
LINK_LIMIT = 65_530             # hyperlinks Excel keeps on one sheet; a longer list names its sources as text


def _safe_text(value) -> str:
    """Text within what an Excel cell holds (32,767 UTF-16 units: a character beyond U+FFFF counts two)."""
    text = str(value)
    if len(text) <= EXCEL_MAX_CELL // 2 or len(text.encode("utf-16-le", "surrogatepass")) <= 2 * EXCEL_MAX_CELL:
        return text
    units = 0
    for i, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > EXCEL_MAX_CELL - 1:              # room for the "…"
            return text[:i] + "…"
    return text


EXCEL_MAX_TEXT = 32_767
EXCEL_MAX_ROW, EXCEL_MAX_COL = 1_048_576, 16_384
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
