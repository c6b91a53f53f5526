"""Checks on a file's bytes before any parser sees them: zip bombs, XML bombs, encryption, absurd sizes; and that the environment defends against them."""
from __future__ import annotations

import html
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any, Iterator

from openpyxl.utils.cell import column_index_from_string
from xlsxwriter.utility import xl_rowcol_to_cell

from ..findings import make_finding
from ..model import RawReport
from ..vi import vi_int
from ..vi.intake import INTAKE


MAX_ZIP_ENTRIES = 2000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_CELLS = 5_000_000
MAX_FILE_BYTES = 100 * 1024 * 1024
CHUNK = 1 << 20
CELL_BYTES = 1 << 17        # the longest cell judged whole across a chunk boundary (the template's checks: ~3 KB)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def rejected(code: str, **params: Any) -> RawReport:
    return RawReport(findings=(make_finding(code, **params),))


def inspect_bytes(path: Path) -> tuple[RawReport | None, dict[str, set[str]]]:
    """The pre-checks (a RawReport when the file is refused), and what their one pass over a zip
    finds on the way: the cells of each sheet holding a formula without a saved result."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return rejected("unreadable-file", reason=INTAKE["inspect_bytes.1"].format(strerror=exc.strerror)), {}
    if size == 0:
        return rejected("unreadable-file", reason=INTAKE["inspect_bytes.2"]), {}
    if size > MAX_FILE_BYTES:
        return rejected("unreadable-file", reason=INTAKE["inspect_bytes.3"].format(vi_int=vi_int(size // (1024 * 1024)))), {}
    if head.startswith(OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            return rejected("password-protected"), {}
        return None, {}
    if head.startswith(b"PK"):
        return _check_zip(path)
    return rejected("unreadable-file", reason=INTAKE["inspect_bytes.4"]), {}


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
                return rejected("unreadable-file", reason=INTAKE["check_zip.1"].format(vi_int=vi_int(len(infos)))), {}
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED_BYTES or any(i.file_size > MAX_PART_BYTES for i in infos):
                return rejected("unreadable-file", reason=INTAKE["check_zip.2"]), {}
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
        return rejected("unreadable-file", reason=INTAKE["check_zip.3"].format(name=type(exc).__name__)), {}
    except ZIP_ERRORS as exc:
        return rejected("unreadable-file", reason=INTAKE["check_zip.4"].format(name=type(exc).__name__)), {}
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
    # CELL_BYTES of them: Excel's longest formula, 8,192 characters, escaped and in UTF-8, is shorter).
    pending = b""
    for chunk in _inflate(zf, info):
        data = carried + chunk
        if _DTD.search(data):
            return INTAKE["scan_part.1"], set()
        if sheet is not None:
            if not carried and (match := _DIMENSION.search(data)) and match.group(3):
                rows = int(match.group(4)) - int(match.group(2)) + 1
                cols = column_index_from_string(match.group(3).decode()) - \
                    column_index_from_string(match.group(1).decode()) + 1
                if rows * cols > MAX_CELLS:
                    return (INTAKE["scan_part.2"].format(sheet=sheet, vi_int=vi_int(rows), vi_int2=vi_int(cols))), set()
            box = _extend(box, _CELL_REF.findall(data))
            pending += chunk
            end = pending.rfind(b"</c>") + len(b"</c>")
            if end >= len(b"</c>"):
                formulas |= _formula_cells(pending[:end])
                pending = pending[end:]
            pending = pending[-max(CHUNK, CELL_BYTES):]
        carried = data[-_OVERLAP:]
    if box is not None:
        rows, cols = box[1] - box[0] + 1, box[3] - box[2] + 1
        if rows * cols > MAX_CELLS:
            far = xl_rowcol_to_cell(box[1] - 1, box[3] - 1)
            return (INTAKE["scan_part.3"].format(sheet=sheet, far=far, vi_int=vi_int(rows), vi_int2=vi_int(cols))), set()
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


class UnsafeEnvironment(RuntimeError):
    """The installation cannot read untrusted workbooks safely; nothing should run until it is fixed."""


def ensure_safe_xml() -> None:
    """Refuse to run unless openpyxl parses XML through defusedxml.

    openpyxl opens units' workbooks (feedback copies, the demo's clerk); without defusedxml, or with
    OPENPYXL_DEFUSEDXML set to anything but "True", a file with nested entities (a «billion laughs»)
    or external entities would be expanded in this process."""
    import openpyxl.xml
    if openpyxl.xml.DEFUSEDXML:
        return
    try:
        import defusedxml  # noqa: F401
        cause = INTAKE["ensure_safe_xml.1"]
    except ImportError:
        cause = INTAKE["ensure_safe_xml.2"]
    raise UnsafeEnvironment(INTAKE["ensure_safe_xml.3"].format(cause=cause))
