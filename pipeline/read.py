"""Reading a submitted workbook into raw rows (values as typed, with their cells), via python-calamine."""
from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import python_calamine
from openpyxl.utils.cell import column_index_from_string
from xlsxwriter.utility import xl_rowcol_to_cell

from .findings import Finding, make_finding
from .template import (HEADER_FIELDS, INDICATOR_COLUMNS, MEASURE_COLUMNS, META_MARK, SHEET_INDICATORS,
                       SHEET_MEASURES, Column)
from .values import clean_text, fold

# Bumped whenever what the reader extracts changes, so cached parses in the ledger are redone.
READER_VERSION = 1

MAX_ZIP_ENTRIES = 2000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_CELLS = 5_000_000
KNOWN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
INPUT_KEYS = {c.key for c in INDICATOR_COLUMNS + MEASURE_COLUMNS if c.is_input}
HEADER_SCAN_ROWS = 40
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class RawRow:
    key: str                       # indicator or measure id as written
    row: int                       # 1-based Excel row
    values: dict[str, Any]         # column key -> value as read
    cells: dict[str, str]          # column key -> "F12"


@dataclass(frozen=True)
class RawReport:
    """What a workbook says, before any rule is applied."""
    meta: dict[str, str] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)
    header_cells: dict[str, str] = field(default_factory=dict)
    indicator_sheet: str | None = None
    indicators: tuple[RawRow, ...] = ()
    measure_sheet: str | None = None
    measures: tuple[RawRow, ...] = ()
    findings: tuple[Finding, ...] = ()

    def to_json(self) -> str:
        return json.dumps({
            "meta": self.meta, "header": self.header, "header_cells": self.header_cells,
            "indicator_sheet": self.indicator_sheet, "measure_sheet": self.measure_sheet,
            "indicators": [r.__dict__ for r in self.indicators], "measures": [r.__dict__ for r in self.measures],
            "findings": [f.to_dict() for f in self.findings]}, default=_encode, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "RawReport":
        d = json.loads(text, object_hook=_decode)
        return cls(meta=d["meta"], header=d["header"], header_cells=d["header_cells"],
                   indicator_sheet=d["indicator_sheet"], measure_sheet=d["measure_sheet"],
                   indicators=tuple(RawRow(**r) for r in d["indicators"]),
                   measures=tuple(RawRow(**r) for r in d["measures"]),
                   findings=tuple(Finding.from_dict(f) for f in d["findings"]))


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return str(value)


def _decode(obj: dict) -> Any:
    if len(obj) == 1 and "$date" in obj:
        return dt.date.fromisoformat(obj["$date"])
    if len(obj) == 1 and "$datetime" in obj:
        return dt.datetime.fromisoformat(obj["$datetime"])
    return obj


def rejected(code: str, **params: Any) -> RawReport:
    return RawReport(findings=(make_finding(code, **params),))


def precheck(path: Path) -> RawReport | None:
    """Cheap checks on the bytes before any parser sees them; a RawReport when the file is refused."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return rejected("unreadable-file", reason=f"lỗi đọc tệp: {exc.strerror}")
    if size == 0:
        return rejected("unreadable-file", reason="tệp rỗng, 0 byte")
    if head.startswith(OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            return rejected("password-protected")
        return None
    if head.startswith(b"PK"):
        return _check_zip(path, size)
    return rejected("unreadable-file", reason="nội dung không phải bảng tính (có thể là HTML, CSV, PDF hoặc "
                                               "tệp đã đổi đuôi)")


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _check_zip(path: Path, size: int) -> RawReport | None:
    """Zip bombs, XML entity bombs and sheets claiming absurd sizes are refused before parsing."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return rejected("unreadable-file", reason=f"tệp chứa {len(infos)} thành phần, quá nhiều")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED_BYTES or any(i.file_size > MAX_PART_BYTES for i in infos):
                return rejected("unreadable-file", reason="tệp giải nén ra quá lớn (nghi là «bom nén»)")
            for info in infos:
                if info.filename.endswith("manifest.xml") and b"encryption-data" in zf.read(info):
                    return rejected("password-protected")
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(info) as part:
                    head = part.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    return rejected("unreadable-file", reason="tệp chứa khai báo DOCTYPE/ENTITY, không được phép "
                                                              "(nghi là «bom XML»)")
                match = _DIMENSION.search(head)
                if match and match.group(3):
                    rows = int(match.group(4)) - int(match.group(2)) + 1
                    cols = column_index_from_string(match.group(3).decode()) - \
                        column_index_from_string(match.group(1).decode()) + 1
                    if rows * cols > MAX_CELLS:
                        return rejected("unreadable-file", reason=f"một trang khai báo {rows:,} dòng × {cols:,} cột, "
                                                                  "quá lớn cho một báo cáo")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, zlib.error) as exc:
        return rejected("unreadable-file", reason=f"tệp nén hỏng hoặc bị cắt cụt ({type(exc).__name__})")
    return None


def uncached_formulas(path: Path) -> dict[str, set[str]]:
    """Cells per sheet of an .xlsx/.xlsm that hold a formula but no saved result (calamine would read
    them as 0): tools that write workbooks without calculating leave them so."""
    out: dict[str, set[str]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                return out
            book = zf.read("xl/workbook.xml")
            rels = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
            targets = dict(re.findall(rb'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)) | \
                {k: v for v, k in re.findall(rb'Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
            for name, rid in re.findall(rb'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', book):
                target = targets.get(rid, b"").decode()
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                if part not in names:
                    continue
                xml = zf.read(part)
                if b"<f" not in xml:
                    continue
                refs = {ref.decode() for ref, body in _CELL.findall(xml) if b"<f" in body and not _VALUE.search(body)}
                if refs:
                    out[html.unescape(name.decode("utf-8"))] = refs
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, zlib.error):
        pass
    return out


_VALUE = re.compile(rb"<v>[^<]|<is>")
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def read_workbook(path: str | Path) -> RawReport:
    """Read one workbook; never raises for a bad file: problems come back as findings."""
    path = Path(path)
    refused = precheck(path)
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
        sheets = {}
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue   # chart and macro sheets hold no report data
            try:
                rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except Exception:
                continue   # one unreadable extra sheet does not lose the rest of the file
            sheets[meta.name] = [[None if v == "" else v for v in row] for row in rows]
    except python_calamine.PasswordError:
        return rejected("password-protected")
    except Exception as exc:  # calamine raises several types for broken files; each is a verdict
        return rejected("unreadable-file", reason=f"{type(exc).__name__}: {str(exc)[:200]}")
    report = parse_sheets(sheets)
    if zipped and report.indicator_sheet:
        report = _flag_uncached(report, uncached_formulas(path))
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

    ind_sheet, ind_header, ind_cols = _find_table(sheets, INDICATOR_COLUMNS, SHEET_INDICATORS, ("due", "on_time"))
    meas_sheet, meas_header, meas_cols = _find_table(sheets, MEASURE_COLUMNS, SHEET_MEASURES, ("status",))
    if ind_sheet is None:
        return RawReport(meta=meta, findings=(make_finding("not-our-template"),))

    rows = sheets[ind_sheet]
    header, header_cells = _header_fields(rows[:ind_header])
    indicators = _table_rows(rows, ind_header, ind_cols)
    measures = _table_rows(sheets[meas_sheet], meas_header, meas_cols) if meas_sheet else ()
    return RawReport(meta=meta, header=header, header_cells=header_cells, indicator_sheet=ind_sheet,
                     indicators=indicators, measure_sheet=meas_sheet, measures=measures)


def _match_columns(cells: list[Any], columns: tuple[Column, ...]) -> dict[str, int]:
    folded = [fold(c) if isinstance(c, str) else "" for c in cells]
    found: dict[str, int] = {}
    # Exact header first, then aliases, then a header that starts with one: a column renamed or
    # annotated by a unit is still found, and the exact pass keeps look-alikes apart.
    for matcher in (lambda cell, names: cell == names[0], lambda cell, names: cell in names,
                    lambda cell, names: any(cell.startswith(n) for n in names)):
        for column in columns:
            if column.key in found:
                continue
            names = [fold(column.header)] + [fold(a) for a in column.aliases]
            for index, cell in enumerate(folded):
                if cell and index not in found.values() and matcher(cell, names):
                    found[column.key] = index
                    break
    return found


def _find_table(sheets, columns, preferred: str, required: tuple[str, ...]):
    """(sheet, header row index, column map) of the first sheet holding this table; the sheet with
    the template's name is tried first, but a renamed sheet is found by its header row."""
    order = sorted(sheets, key=lambda name: fold(name) != fold(preferred))
    for name in order:
        for index, row in enumerate(sheets[name][:HEADER_SCAN_ROWS]):
            mapping = _match_columns(row, columns)
            if "id" in mapping and all(k in mapping for k in required):
                return name, index, mapping
    return None, None, {}


def _header_fields(rows: list[list[Any]]) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for key, label in HEADER_FIELDS:
        wanted = fold(label)
        for r, row in enumerate(rows):
            col = next((c for c, v in enumerate(row) if isinstance(v, str) and fold(v) and
                        (fold(v) == wanted or fold(v).startswith(wanted) or wanted.startswith(fold(v)))
                        and len(fold(v)) >= 6), None)
            if col is None:
                continue
            right = next((c for c in range(col + 1, min(col + 4, len(row))) if row[c] is not None), None)
            # The input cell of the template sits two columns right of the label (label merged over two).
            target = right if right is not None else min(col + 2, max(len(row) - 1, col + 1))
            values[key] = row[right] if right is not None else None
            cells[key] = xl_rowcol_to_cell(r, target)
            break
    return values, cells


def _table_rows(rows: list[list[Any]], header: int, mapping: dict[str, int]) -> tuple[RawRow, ...]:
    out = []
    id_col = mapping["id"]
    for r in range(header + 1, len(rows)):
        row = rows[r]
        key = _id_text(row[id_col] if id_col < len(row) else None)
        if key is None:
            continue  # blank or spacer row
        values = {k: (row[c] if c < len(row) else None) for k, c in mapping.items() if k != "id"}
        cells = {k: xl_rowcol_to_cell(r, c) for k, c in mapping.items()}
        out.append(RawRow(key=key, row=r + 1, values=values, cells=cells))
    return tuple(out)


def _id_text(value: Any) -> str | None:
    if isinstance(value, float):
        # "1.1" typed into a General cell becomes the number 1.1; "10.10" cannot occur in the plan.
        return repr(value).rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    text = clean_text(value)
    return text.rstrip(".") if text else None
