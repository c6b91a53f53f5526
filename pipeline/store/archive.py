"""The archive: every received file's bytes, kept under their SHA-256."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def archive_file(source: Path, archive: Path) -> tuple[str, int, str]:
    """Copy `source` into the content-addressed archive; (sha256, size, path relative to archive).
    The caller makes the copies durable (flush_to_disk) before recording them."""
    archive.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    tmp = tempfile.NamedTemporaryFile(dir=archive, prefix=".in-", delete=False)
    try:
        with source.open("rb") as src, tmp:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
                tmp.write(chunk)
                size += len(chunk)
    except BaseException:           # a full disk or a vanished source: no partial copy stays behind
        os.unlink(tmp.name)
        raise
    sha = digest.hexdigest()
    relative = f"{sha[:2]}/{sha}{source.suffix.lower()}"
    target = archive / relative
    target.parent.mkdir(exist_ok=True)
    if target.exists():
        os.unlink(tmp.name)
    else:
        os.replace(tmp.name, target)
    return sha, size, relative
