"""Reading a submitted workbook into raw rows (values as typed, with their cells), via python-calamine."""
from __future__ import annotations

import datetime as dt
import functools
import html
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

import python_calamine
from openpyxl.utils.cell import column_index_from_string
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .findings import Finding, make_finding
from .template import (HEADER_FIELDS, INDICATOR_COLUMNS, MEASURE_COLUMNS, META_MARK, SHEET_INDICATORS,
                       SHEET_MEASURES, Column)
from .values import clean_text, fold, vi_int

# Bumped whenever what the reader extracts changes, so cached parses in the ledger are redone.
READER_VERSION = 2

MAX_ZIP_ENTRIES = 2000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_CELLS = 5_000_000
MAX_FILE_BYTES = 100 * 1024 * 1024
CHUNK = 1 << 20
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
    return inspect_bytes(path)[0]


def inspect_bytes(path: Path) -> tuple[RawReport | None, dict[str, set[str]]]:
    """The pre-checks (a RawReport when the file is refused), and what their one pass over a zip
    finds on the way: the cells of each sheet holding a formula without a saved result."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return rejected("unreadable-file", reason=f"lỗi đọc tệp: {exc.strerror}"), {}
    if size == 0:
        return rejected("unreadable-file", reason="tệp rỗng, 0 byte"), {}
    if size > MAX_FILE_BYTES:
        return rejected("unreadable-file", reason=f"tệp nặng {vi_int(size // (1024 * 1024))} MB, quá lớn cho "
                                                   "một báo cáo"), {}
    if head.startswith(OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            return rejected("password-protected"), {}
        return None, {}
    if head.startswith(b"PK"):
        return _check_zip(path)
    return rejected("unreadable-file", reason="nội dung không phải bảng tính (có thể là HTML, CSV, PDF hoặc "
                                               "tệp đã đổi đuôi)"), {}


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref=["\']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?["\']')
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_CELL_REF = re.compile(rb'<(?:c|\w++:c)\b[^>]*?\br=["\']([A-Z]{1,3})([0-9]{1,7})["\']')   # <c r=…>, <x:c r=…>
_OVERLAP = 1024   # bytes carried between chunks, so a match cut by a chunk boundary is still seen


def _check_zip(path: Path) -> tuple[RawReport | None, dict[str, set[str]]]:
    """Zip bombs, XML entity bombs and sheets claiming or reaching absurd sizes are refused before
    parsing; every XML part is inflated once, in bounded steps, and scanned as it streams by."""
    uncached: dict[str, set[str]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return rejected("unreadable-file", reason=f"tệp chứa {vi_int(len(infos))} thành phần, "
                                                          "quá nhiều"), {}
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED_BYTES or any(i.file_size > MAX_PART_BYTES for i in infos):
                return rejected("unreadable-file", reason="tệp giải nén ra quá lớn (nghi là «bom nén»)"), {}
            sheets = {part: name for name, part in _sheet_parts(zf)}
            for info in infos:
                if info.filename.endswith("manifest.xml") and b"encryption-data" in _read_part(zf, info):
                    return rejected("password-protected"), {}
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    problem, formulas = _scan_part(zf, info, sheets.get(info.filename))
                    if problem:
                        return rejected("unreadable-file", reason=problem), {}
                    if formulas:
                        uncached[sheets[info.filename]] = formulas
    except RuntimeError as exc:     # zipfile: "File ... is encrypted, password required for extraction"
        if "encrypted" in str(exc):
            return rejected("password-protected"), {}
        return rejected("unreadable-file", reason=f"tệp nén hỏng hoặc bị cắt cụt ({type(exc).__name__})"), {}
    except ZIP_ERRORS as exc:
        return rejected("unreadable-file", reason=f"tệp nén hỏng hoặc bị cắt cụt ({type(exc).__name__})"), {}
    return None, uncached


# What zipfile raises for a damaged or unusual archive (NotImplementedError: a compression method it
# does not know, such as Deflate64 or AES).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError, EOFError, zlib.error,
              NotImplementedError, RuntimeError)


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str | None) -> tuple[str | None, set[str]]:
    """Stream one XML part once, in bounded steps: entity declarations anywhere in it (a DOCTYPE can
    hide behind a long comment), and for a worksheet the grid its <dimension> claims, the grid its
    cells really span — calamine allocates that grid densely, so A1 plus XFD1048576 asks for
    hundreds of gigabytes — and its cells holding a formula without a saved result. The reason to
    give the unit (or None), and those cells."""
    box: list[int] | None = None       # min row, max row, min column, max column
    carried = b""
    formulas: set[str] = set()
    # A sheet's bytes after its last </c>, so a cell cut by a chunk boundary is judged whole (at most
    # CHUNK of them: a formula without a saved result is never that long).
    pending = b""
    for chunk in _inflate(zf, info):
        data = carried + chunk
        if _DTD.search(data):
            return "tệp chứa khai báo DOCTYPE/ENTITY, không được phép (nghi là «bom XML»)", set()
        if sheet is not None:
            if not carried and (match := _DIMENSION.search(data)) and match.group(3):
                rows = int(match.group(4)) - int(match.group(2)) + 1
                cols = column_index_from_string(match.group(3).decode()) - \
                    column_index_from_string(match.group(1).decode()) + 1
                if rows * cols > MAX_CELLS:
                    return (f"trang «{sheet}» khai báo {vi_int(rows)} dòng × {vi_int(cols)} cột, quá lớn "
                            "cho một báo cáo; hãy xóa các dòng, cột thừa ngoài bảng rồi lưu lại"), set()
            box = _extend(box, _CELL_REF.findall(data))
            pending += chunk
            end = pending.rfind(b"</c>") + len(b"</c>")
            if end >= len(b"</c>"):
                formulas |= _formula_cells(pending[:end])
                pending = pending[end:]
            pending = pending[-CHUNK:]
        carried = data[-_OVERLAP:]
    if box is not None:
        rows, cols = box[1] - box[0] + 1, box[3] - box[2] + 1
        if rows * cols > MAX_CELLS:
            far = xl_rowcol_to_cell(box[1] - 1, box[3] - 1)
            return (f"trang «{sheet}» có ô xa tới {far} ({vi_int(rows)} dòng × {vi_int(cols)} cột), quá lớn "
                    "cho một báo cáo; hãy xóa các ô thừa ngoài bảng (Ctrl+End để tìm) rồi lưu lại"), set()
    return None, formulas


def _extend(box: list[int] | None, refs: list[tuple[bytes, bytes]]) -> list[int] | None:
    if not refs:
        return box
    letters, numbers = zip(*refs)
    rows = [int(r) for r in set(numbers)]        # a row or column recurs in many cells: convert each once
    cols = [column_index_from_string(c.decode()) for c in set(letters)]
    found = [min(rows), max(rows), min(cols), max(cols)]
    if box is None:
        return found
    return [min(box[0], found[0]), max(box[1], found[1]), min(box[2], found[2]), max(box[3], found[3])]


_VALUE = re.compile(rb"<v>[^<]|<is>")
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _formula_cells(xml: bytes) -> set[str]:
    """Cells («G10») of sheet XML holding a formula but no saved result (calamine would read them as
    0: tools that write workbooks without calculating leave them so). A cell ends at the first </c>
    after it, so only the stretch between the two </c> around each formula is matched against cells."""
    found = set()
    at = xml.find(b"<f")
    while at >= 0:
        end = xml.find(b"</c>", at)
        if end < 0:
            break
        end += len(b"</c>")
        start = xml.rfind(b"</c>", 0, at)
        start = 0 if start < 0 else start + len(b"</c>")
        found.update(ref.decode() for ref, body in _CELL.findall(xml, start, end)
                     if b"<f" in body and not _VALUE.search(body))
        at = xml.find(b"<f", end)
    return found


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in steps of at most CHUNK. zipfile stops at the size the entry declares and
    checks the CRC on the step that reaches it, so a member lying about its size is an error, never
    more bytes; nothing is read past that step."""
    left = info.file_size
    with zf.open(info) as part:
        while chunk := part.read(CHUNK):
            yield chunk
            left -= len(chunk)
            if left <= 0:
                return


def _read_part(zf: zipfile.ZipFile, member: str | zipfile.ZipInfo) -> bytes:
    """A member's bytes, inflated in bounded steps: zipfile's read() inflates the whole stream before
    it looks at the declared size, so a member lying about its size could fill the memory."""
    out = bytearray()
    for chunk in _inflate(zf, member if isinstance(member, zipfile.ZipInfo) else zf.getinfo(member)):
        out += chunk
        if len(out) > MAX_PART_BYTES:
            raise zipfile.BadZipFile("member larger than allowed")
    return bytes(out)


def _sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) of every sheet, in workbook order, through workbook.xml and its rels."""
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names:
        return []
    book = _read_part(zf, "xl/workbook.xml")
    rels = _read_part(zf, "xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    targets = dict(re.findall(rb'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)) | \
        {k: v for v, k in re.findall(rb'Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    out = []
    for name, rid in re.findall(rb'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', book):
        target = targets.get(rid, b"").decode("utf-8", "replace")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if part in names:
            out.append((html.unescape(name.decode("utf-8", "replace")), part))
    return out


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
        return rejected("unreadable-file", reason=f"tệp bị hỏng hoặc sai định dạng; {type(exc).__name__}: "
                                                  f"{str(exc)[:160]}")
    report = parse_sheets(sheets)
    if report.indicator_sheet is None and broken:
        # The table may sit in the sheet that failed: say the file is damaged, not that it is another form.
        name, exc = next(iter(broken.items()))
        return rejected("unreadable-file", reason=f"trang «{name}» bị hỏng, không đọc được "
                                                  f"({type(exc).__name__}: {str(exc)[:120]})")
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


def _find_table(sheets, columns, preferred: str, required: tuple[str, ...]):
    """(sheet, header row index, column map) of the first sheet holding this table; the sheet with
    the template's name is tried first, but a renamed sheet is found by its header row."""
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
                return name, index, mapping
    return None, None, {}


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
