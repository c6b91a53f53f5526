"""Reading a management-review workbook back: every sheet's cells as typed, via python-calamine; never raises for a bad file."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import python_calamine

from ..findings import make_finding
from ..model import Finding
from .read import reader_failure


def read_review_sheets(path: Path) -> tuple[dict[str, list[list[Any]]], Finding | None]:
    """The workbook's sheets (name -> rows of values, None for an empty cell), or ({}, the finding saying why the
    file cannot be read)."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = {}
        for meta in workbook.sheets_metadata:
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet:
                rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
                sheets[meta.name] = [[None if v == "" else v for v in row] for row in rows]
        return sheets, None
    except BaseException as exc:
        if not reader_failure(exc):
            raise
        return {}, make_finding("review-not-book", file=path.name)
