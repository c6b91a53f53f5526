"""What Excel allows: the limits of a cell, a sheet and its links, and A1 references."""
from __future__ import annotations

import re

from openpyxl.utils.cell import column_index_from_string as column_number

CELL_TEXT_LIMIT = 32_767        # UTF-16 code units a cell holds (a character beyond U+FFFF counts two)
ROW_LIMIT = 1_048_576           # rows of a sheet; a longer table continues on "<sheet> (2)"
COLUMN_LIMIT = 16_384
LINK_LIMIT = 65_530             # hyperlinks Excel keeps on one sheet; a longer list names its sources as text
# The fills of a finding's severity, on the annotated copy and in the template's own checks: red, blue and amber,
# apart from each other and from the template's input yellow (FFF2CC), on screen and printed.
SEVERITY_FILL = {"error": "FF7C80", "hold": "9DC3E6", "warning": "FFC000"}
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")


def text_length(text: str) -> int:
    """How long Excel counts `text`: in UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clip_text(value) -> str:
    """Text within what an Excel cell or comment holds, cut with "…" when longer."""
    text = str(value)
    if len(text) <= CELL_TEXT_LIMIT // 2 or text_length(text) <= CELL_TEXT_LIMIT:
        return text
    units = 0
    for i, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > CELL_TEXT_LIMIT - 1:              # room for the "…"
            return text[:i] + "…"
    return text


def split_ref(ref: str) -> tuple[int, int] | None:
    """(row, column) of a single-cell A1 reference inside Excel's grid, or None."""
    match = _REF.fullmatch(ref)
    if not match:
        return None
    row, col = int(match.group(2)), column_number(match.group(1))
    return (row, col) if row <= ROW_LIMIT and col <= COLUMN_LIMIT else None


def sheet_location(sheet: str, ref: str) -> str:
    """An in-workbook link target, "'Chỉ tiêu'!H10" (a quote in the name is doubled)."""
    return "'" + sheet.replace("'", "''") + "'!" + ref


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (a character of the font ≈ 1.1 units):
    a spreadsheet program does not grow a row to its text on opening, so writers set the height themselves."""
    return max(1, sum(-(-max(len(part), 1) * 11 // int(10 * (width - 2))) for part in str(text).split("\n")))
