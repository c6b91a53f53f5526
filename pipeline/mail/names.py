"""Names that cross the mail boundary: attachment file names made safe, IMAP folder names and UID sets."""
from __future__ import annotations

import base64
import re
import unicodedata


REPORT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
MAX_NAME_BYTES = 150                                 # well under the 255-byte limit of ext4 and NTFS


def is_report_name(name: str) -> bool:
    return name.lower().endswith(REPORT_SUFFIXES)


def safe_filename(name: str) -> str:
    """A name that is safe as one path component on Linux and Windows, and readable by a clerk.

    Only the part after the last / or \\ is kept; control and format characters (including bidi
    overrides that disguise extensions) go; leading dots go, so nothing becomes hidden; characters
    Windows forbids become _; the result is NFC and at most MAX_NAME_BYTES bytes, extension kept."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*]', "_", name)
    name = re.sub(r"\s+", " ", name).strip()
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    suffix = f".{suffix.strip()}"[:16] if suffix.strip() else ""
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    stem = stem.strip().lstrip(". ")
    while len(stem.encode("utf-8")) > budget:
        stem = stem[:-1]
    stem = stem.rstrip(". ") or "tep-dinh-kem"
    return unicodedata.normalize("NFC", stem + suffix)


def imap_utf7(name: str) -> str:
    """A mailbox name in IMAP's modified UTF-7 (RFC 3501 5.1.3): `Đã xử lý` → `&ARAA4w- x&Hu0- l&AP0-`."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            encoded = base64.b64encode("".join(pending).encode("utf-16-be")).rstrip(b"=").replace(b"/", b",")
            out.append(f"&{encoded.decode('ascii')}-")
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return "".join(out)


def mailbox_arg(name: str) -> str:
    """A mailbox name as an IMAP quoted string (imaplib sends arguments as they are)."""
    text = imap_utf7(name)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uid_set(uids: list[int]) -> str:
    """`1:3,7,9:10` from [1, 2, 3, 7, 9, 10]."""
    parts: list[str] = []
    ordered = sorted(set(uids))
    start = prev = ordered[0]
    for uid in ordered[1:] + [None]:
        if uid is not None and uid == prev + 1:
            prev = uid
            continue
        parts.append(str(start) if start == prev else f"{start}:{prev}")
        if uid is not None:
            start = prev = uid
    return ",".join(parts)
