"""Writing files so that a crash or a full disk never leaves a partial one under its final name."""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)
REPLACE_RETRIES = 5


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()
TEMP_NAME = re.compile(r"^\..+-[a-z0-9_]{8}\.(xlsx|md|json|docx|html|eml)$")    # what stage() names its temps


def sweep_temp_files(folder: Path) -> list[Path]:
    """Remove temp files a killed run left under `folder` (runs hold the lock, so none is being written)."""
    stale = [p for p in folder.rglob(".*") if p.is_file() and TEMP_NAME.match(p.name)] if folder.is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def stage(final: Path, produce: Callable[[Path], None], durable: bool = True) -> Path:
    """Write through `produce` into a temp file beside `final` (a dot name: no collector or reader takes it);
    nothing carries the final name yet. `durable`: on disk before this returns (else the caller flushes a
    batch at once, flush_to_disk). A failure leaves no temp file behind."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.stem}-", suffix=final.suffix)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        produce(tmp)
        if durable:
            with tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)      # mkstemp makes it private; colleagues read the outputs
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def publish(final: Path, produce: Callable[[Path], None]) -> Path:
    """Write through `produce` into a temp file beside `final`, then replace `final` in one step.

    The previous output stays intact until the new one is complete; no partial file ever carries the
    final name. When `final` is locked (open in Excel on Windows), retry briefly, then publish under
    a timestamped name and return that."""
    return commit(stage(final, produce), final)


def commit(tmp: Path, final: Path) -> Path:
    """Replace `final` by the staged `tmp` (see publish)."""
    try:
        for attempt in range(REPLACE_RETRIES):
            try:
                os.replace(tmp, final)
                return final
            except PermissionError:
                time.sleep(0.2 * (attempt + 1))
        fallback = final.with_name(f"{final.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}{final.suffix}")
        os.replace(tmp, fallback)
        log.warning("%s is locked (open in another program?); published as %s", final, fallback.name)
        return fallback
    finally:
        if tmp.exists():
            tmp.unlink()


def write_new(target: Path, data: bytes, mtime: float | None = None) -> Path:
    """`data` as the new file `target` (which does not exist yet), whole or not at all, with its directory entry
    on disk; `mtime`: its modification time."""
    tmp = stage(target, lambda path: path.write_bytes(data))
    try:
        if mtime is not None:
            os.utime(tmp, (mtime, mtime))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(target.parent)
    return target


def flush_to_disk(paths: list[Path]) -> None:
    if not paths:
        return
    if hasattr(os, "sync"):
        os.sync()               # one flush for the whole batch (POSIX)
        return
    for path in paths:          # Windows: one by one
        with path.open("rb+") as fh:
            os.fsync(fh.fileno())


def sha256_file(path: Path, copy_to: Path | None = None) -> tuple[str, int]:
    """The SHA-256 and size of a file, read once in bounded steps; `copy_to`: written there on the way."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh, (copy_to.open("wb") if copy_to else contextlib.nullcontext()) as out:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
            if out is not None:
                out.write(chunk)
    return digest.hexdigest(), size


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
