"""Reading one submitted workbook into raw rows (values as typed, with their cells), via python-calamine; the tables are found by their headers."""
from __future__ import annotations

import functools
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import python_calamine
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..findings import make_finding
from ..model import RawReport, RawRow
from ..plan.layout import (Column, HEADER_FIELDS, INDICATOR_COLUMNS, MEASURE_COLUMNS, META_MARK, SHEET_INDICATORS,
    SHEET_MEASURES)
from ..text import clean_text, fold
from .precheck import inspect_bytes, rejected
from ..vi.intake import INTAKE


# Bumped whenever what the reader extracts changes, so cached parses in the ledger are redone.
READER_VERSION = 3
KNOWN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
INPUT_KEYS = {c.key for c in INDICATOR_COLUMNS + MEASURE_COLUMNS if c.is_input}
HEADER_SCAN_ROWS = 40


def reader_failure(exc: BaseException) -> bool:
    """Whether an exception out of calamine is the file's fault (a verdict) rather than an interrupt.

    calamine raises several Exception types for broken files, and pyo3's PanicException — a
    BaseException, so `except Exception` misses it — when its Rust code panics on a malformed file."""
    return not isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit))


def read_workbook(path: str | Path) -> RawReport:
    """Read one workbook; never raises for a bad file: problems come back as findings."""
    path = Path(path)
    refused, uncached = inspect_bytes(path)
    if refused is not None:
        return refused
    try:
        with path.open("rb") as fh:
            zipped = fh.read(2) == b"PK"
        # The format is taken from the bytes, not the name: an .xls renamed .xlsx still opens.
        if path.suffix.lower() in KNOWN_SUFFIXES and zipped == (path.suffix.lower() != ".xls"):
            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        else:
            with path.open("rb") as fh:
                workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(fh.read()))
        sheets, broken = {}, {}
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue   # chart and macro sheets hold no report data
            try:
                rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except BaseException as exc:
                if not reader_failure(exc):
                    raise
                broken[meta.name] = exc
                continue   # one unreadable extra sheet does not lose the rest of the file
            sheets[meta.name] = [[None if v == "" else v for v in row] for row in rows]
    except python_calamine.PasswordError:
        return rejected("password-protected")
    except BaseException as exc:
        if not reader_failure(exc):
            raise
        return rejected("unreadable-file", reason=INTAKE["read_workbook.1"].format(name=type(exc).__name__, str=str(exc)[:160]))
    report = parse_sheets(sheets)
    if report.indicator_sheet is None and broken:
        # The table may sit in the sheet that failed: say the file is damaged, not that it is another form.
        name, exc = next(iter(broken.items()))
        return rejected("unreadable-file", reason=INTAKE["read_workbook.2"].format(name=name, name2=type(exc).__name__, str=str(exc)[:120]))
    if zipped and report.indicator_sheet:
        report = _flag_uncached(report, uncached)
    return report


def _flag_uncached(report: RawReport, uncached: dict[str, set[str]]) -> RawReport:
    found = []
    for sheet, rows in ((report.indicator_sheet, report.indicators), (report.measure_sheet, report.measures)):
        refs = uncached.get(sheet or "", set())
        for row in rows:
            for key, ref in row.cells.items():
                if ref in refs and key in INPUT_KEYS:
                    found.append(make_finding("formula-without-value", sheet=sheet, cell=ref))
    return replace(report, findings=report.findings + tuple(found)) if found else report


def parse_sheets(sheets: dict[str, list[list[Any]]]) -> RawReport:
    """Find the template's parts in a workbook's sheets, by metadata and content rather than by name."""
    meta: dict[str, str] = {}
    for rows in sheets.values():
        if len(rows) > 1 and len(rows[0]) > 1 and rows[0][0] == "mtcl" and rows[0][1] == META_MARK:
            meta = {str(r[0]): (clean_text(r[1]) or "") for r in rows[1:8] if len(r) > 1 and r[0]}
            break

    indicator_tables = _find_tables(sheets, INDICATOR_COLUMNS, SHEET_INDICATORS, ("due", "on_time"))
    measure_tables = _find_tables(sheets, MEASURE_COLUMNS, SHEET_MEASURES, ("status",))
    if not indicator_tables:
        return RawReport(meta=meta, findings=(make_finding("not-our-template"),))
    # A copied sheet («Chỉ tiêu (2)») or an old one kept beside the real one: which is the report is not ours
    # to guess, so the file says which was read and goes back to the unit.
    findings = tuple(make_finding("several-tables", sheet=tables[0][0], count=len(tables), what=what, read=tables[0][0],
                                  sheets=", ".join(f"«{t[0]}»" for t in tables))
                     for tables, what in ((indicator_tables, INTAKE["indicator-table"]),
                                          (measure_tables, INTAKE["measure-table"])) if len(tables) > 1)
    ind_sheet, ind_header, ind_cols = indicator_tables[0]
    meas_sheet, meas_header, meas_cols = measure_tables[0] if measure_tables else (None, None, {})

    rows = sheets[ind_sheet]
    header, header_cells = _header_fields(rows[:ind_header])
    indicators = _table_rows(rows, ind_header, ind_cols)
    measures = _table_rows(sheets[meas_sheet], meas_header, meas_cols) if meas_sheet else ()
    return RawReport(meta=meta, header=header, header_cells=header_cells, indicator_sheet=ind_sheet,
                     indicators=indicators, measure_sheet=meas_sheet, measures=measures, findings=findings)


def _match_columns(cells: list[Any], columns: tuple[Column, ...]) -> dict[str, int]:
    folded = [fold(c) if isinstance(c, str) else "" for c in cells]
    if sum(1 for c in folded if c) < 2:
        return {}
    found: dict[str, int] = {}
    # Exact header first, then aliases, then a header that starts with one: a column renamed or
    # annotated by a unit is still found, and the exact pass keeps look-alikes apart.
    for matcher in (lambda cell, names: cell == names[0], lambda cell, names: cell in names,
                    lambda cell, names: cell.startswith(names)):
        for column in columns:
            if column.key in found:
                continue
            names = _names(column)
            for index, cell in enumerate(folded):
                if cell and index not in found.values() and matcher(cell, names):
                    found[column.key] = index
                    break
    return found


@functools.lru_cache(maxsize=None)
def _names(column: Column) -> tuple[str, ...]:
    return (fold(column.header),) + tuple(fold(a) for a in column.aliases)


def _find_tables(sheets, columns, preferred: str, required: tuple[str, ...]) -> list[tuple[str, int, dict]]:
    """(sheet, header row index, column map) of every sheet holding this table, the sheet with the template's
    name first: a renamed sheet is found by its header row."""
    found = []
    order = sorted(sheets, key=lambda name: fold(name) != fold(preferred))
    # Every way of matching a header accepts at most a cell starting with one of the names, so a row
    # without such a cell for the id column cannot be the header: most rows are passed over at once.
    id_names = _names(next(c for c in columns if c.key == "id"))
    for name in order:
        for index, row in enumerate(sheets[name][:HEADER_SCAN_ROWS]):
            if not any(isinstance(cell, str) and fold(cell).startswith(id_names) for cell in row):
                continue
            mapping = _match_columns(row, columns)
            if "id" in mapping and all(k in mapping for k in required):
                found.append((name, index, mapping))
                break
    return found


def _header_fields(rows: list[list[Any]]) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    texts = [[(c, fold(v)) for c, v in enumerate(row) if isinstance(v, str)] for row in rows]
    for key, label in HEADER_FIELDS:
        wanted = fold(label)
        for r, row in enumerate(rows):
            col = next((c for c, text in texts[r] if _is_label(text, wanted)), None)
            if col is None:
                continue
            right = next((c for c in range(col + 1, min(col + 4, len(row))) if row[c] is not None), None)
            # The input cell of the template sits two columns right of the label (label merged over two).
            target = right if right is not None else min(col + 2, max(len(row) - 1, col + 1))
            values[key] = row[right] if right is not None else None
            cells[key] = xl_rowcol_to_cell(r, target)
            break
    return values, cells


def _is_label(text: str, wanted: str) -> bool:
    return len(text) >= 6 and (text == wanted or text.startswith(wanted) or wanted.startswith(text))


def _table_rows(rows: list[list[Any]], header: int, mapping: dict[str, int]) -> tuple[RawRow, ...]:
    out = []
    id_col = mapping["id"]
    columns = [(k, c) for k, c in mapping.items() if k != "id"]
    letters = [(k, xl_col_to_name(c)) for k, c in mapping.items()]
    width = max(mapping.values()) + 1
    for r in range(header + 1, len(rows)):
        row = rows[r]
        if len(row) < width:
            row = row + [None] * (width - len(row))     # cells past a short row's end are empty
        key = _id_text(row[id_col])
        if key is None:
            continue  # blank or spacer row
        number = str(r + 1)
        out.append(RawRow(key=key, row=r + 1, values={k: row[c] for k, c in columns},
                          cells={k: letter + number for k, letter in letters}))
    return tuple(out)


def _id_text(value: Any) -> str | None:
    if isinstance(value, float):
        # "1.1" typed into a General cell becomes the number 1.1; "10.10" cannot occur in the plan.
        return repr(value).rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    text = clean_text(value)
    return text.rstrip(".") if text else None
