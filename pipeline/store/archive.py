"""The archive: every received file's bytes, kept under their SHA-256."""
from __future__ import annotations

import os
from pathlib import Path

from .files import sha256_file, stage


def archive_file(source: Path, archive: Path) -> tuple[str, int, str]:
    """Copy `source` into the content-addressed archive; (sha256, size, path relative to archive). The bytes
    are hashed as they are copied, in one read. The caller makes the copies durable (flush_to_disk) before
    recording them; a full disk or a vanished source leaves no partial copy behind."""
    found: list[tuple[str, int]] = []
    tmp = stage(archive / "in", lambda path: found.append(sha256_file(source, copy_to=path)), durable=False)
    try:
        (sha, size), = found
        relative = f"{sha[:2]}/{sha}{source.suffix.lower()}"
        target = archive / relative
        target.parent.mkdir(exist_ok=True)
        if not target.exists():
            os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return sha, size, relative
