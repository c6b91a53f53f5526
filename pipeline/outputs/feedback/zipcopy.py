"""A zip copied member by member: unchanged members keep their compressed bytes, so a copy costs no recompression."""
from __future__ import annotations

import struct
import zipfile
import zlib
from typing import BinaryIO

from ...intake.precheck import CHUNK, MAX_PART_BYTES, MAX_UNZIPPED_BYTES
from .spec import Unsupported


_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")


class _ZipIn:
    """Members of the source zip: inflated to be read, or as stored to be copied."""

    def __init__(self, zf: zipfile.ZipFile, fh: BinaryIO):
        self.zf, self.fh = zf, fh
        self.infos = zf.infolist()
        names = [i.filename for i in self.infos]
        if len({n.lower() for n in names}) != len(names):
            raise Unsupported("duplicate member names")
        if sum(i.file_size for i in self.infos) > MAX_UNZIPPED_BYTES:
            raise Unsupported("too large once inflated")
        for info in self.infos:
            if info.file_size > MAX_PART_BYTES:
                raise Unsupported(f"{info.filename} too large once inflated")
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Unsupported("encrypted or unusual compression")
            if max(info.file_size, info.compress_size, info.header_offset) >= 0xFFFFFFFF:
                raise Unsupported("zip64")
        self.by_name = {i.filename: i for i in self.infos}
        self.by_lower = {i.filename.lower(): i.filename for i in self.infos}

    def has(self, name: str) -> bool:
        return name.lower() in self.by_lower

    def read(self, name: str) -> bytes:
        """A member's content (its size is bounded by the checks above)."""
        info = self.by_name[self.by_lower[name.lower()]]
        stored = self._stored(info)
        if info.compress_type == zipfile.ZIP_STORED:
            return stored
        try:
            plain = zlib.decompressobj(-15).decompress(stored, info.file_size + 1)
        except zlib.error:
            raise Unsupported(f"damaged member {info.filename}") from None
        if len(plain) != info.file_size or zlib.crc32(plain) != info.CRC:
            raise Unsupported(f"damaged member {info.filename}")
        return plain

    def actual(self, name: str) -> str:
        """The member's name as the zip spells it (part names are case-insensitive)."""
        return self.by_lower.get(name.lower(), name)

    def read_if(self, name: str) -> bytes | None:
        return self.read(name) if self.has(name) else None

    def stored(self, info: zipfile.ZipInfo) -> bytes:
        """The member's bytes as stored in the zip, checked against its size and CRC (inflated in steps,
        so a member lying about its size costs no memory)."""
        stored = self._stored(info)
        crc, size = 0, 0
        if info.compress_type == zipfile.ZIP_STORED:
            crc, size = zlib.crc32(stored), len(stored)
        else:
            inflater, pending = zlib.decompressobj(-15), stored
            try:
                while pending and size <= info.file_size:
                    chunk = inflater.decompress(pending, CHUNK)
                    crc, size, pending = zlib.crc32(chunk, crc), size + len(chunk), inflater.unconsumed_tail
                rest = inflater.flush()
                crc, size = zlib.crc32(rest, crc), size + len(rest)
            except zlib.error:
                raise Unsupported(f"damaged member {info.filename}") from None
        if size != info.file_size or crc != info.CRC:
            raise Unsupported(f"damaged member {info.filename}")
        return stored

    def _stored(self, info: zipfile.ZipInfo) -> bytes:
        self.fh.seek(info.header_offset)
        head = self.fh.read(_LOCAL.size)
        if len(head) != _LOCAL.size or head[:4] != b"PK\x03\x04":
            raise Unsupported("damaged local header")
        fields = _LOCAL.unpack(head)
        self.fh.seek(info.header_offset + _LOCAL.size + fields[-2] + fields[-1])
        data = self.fh.read(info.compress_size)
        if len(data) != info.compress_size:
            raise Unsupported(f"truncated member {info.filename}")
        return data


class _ZipOut:
    """A zip written member by member: copies keep their stored bytes, new content is deflated."""

    def __init__(self, fh: BinaryIO):
        self.fh, self.central = fh, []

    def copy(self, info: zipfile.ZipInfo, stored: bytes) -> None:
        self._write(info.filename, stored, info.compress_type, info.CRC, info.file_size, info.date_time,
                    info.external_attr)

    def add(self, name: str, content: bytes, date_time: tuple) -> None:
        deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
        self._write(name, deflater.compress(content) + deflater.flush(), zipfile.ZIP_DEFLATED,
                    zlib.crc32(content), len(content), date_time, 0)

    def _write(self, name: str, stored: bytes, method: int, crc: int, size: int, date_time: tuple, attr: int) -> None:
        raw_name = name.encode("utf-8")
        flags = 0x800 if not raw_name.isascii() else 0
        year, month, day, hour, minute, second = date_time
        if year < 1980:
            year, month, day, hour, minute, second = 1980, 1, 1, 0, 0, 0
        dos_time = hour << 11 | minute << 5 | second // 2
        dos_date = (year - 1980) << 9 | month << 5 | day
        offset = self.fh.tell()
        self.fh.write(_LOCAL.pack(b"PK\x03\x04", 20, flags, method, dos_time, dos_date, crc, len(stored), size,
                                  len(raw_name), 0) + raw_name)
        self.fh.write(stored)
        self.central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 20, flags, method, dos_time, dos_date, crc, len(stored),
                                          size, len(raw_name), 0, 0, 0, 0, attr & 0xFFFFFFFF, offset) + raw_name)

    def close(self) -> None:
        start = self.fh.tell()
        directory = b"".join(self.central)
        if len(self.central) >= 0xFFFF or start + len(directory) >= 0xFFFFFFFF:
            raise Unsupported("zip64")
        self.fh.write(directory)
        self.fh.write(_END.pack(b"PK\x05\x06", 0, 0, len(self.central), len(self.central), len(directory), start, 0))
