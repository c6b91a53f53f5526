"""Collecting: find arrived files under inbound/, keep their bytes in the archive, record them in the ledger."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Deferred, Submission
from ..plan.config import Config
from ..store.archive import archive_file, arrival_note, write_notes
from ..store.files import flush_to_disk, sha256_file
from ..store.ledger import Ledger
from ..text import path_key


PROCESSED_DIR = "da-xu-ly"
EMAIL_DIR = "email"         # fetch-mail stores attachments here: email/<arrival date>/<uid>-<name>
TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".crdownload", ".partial")


@dataclass
class Collected:
    new: list[Submission] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def is_ignored(relative: Path) -> bool:
    """Office owner/lock files, hidden and temporary files are never submissions."""
    if relative.parts and relative.parts[0] == PROCESSED_DIR:
        return True
    name = relative.name
    return (any(part.startswith(".") for part in relative.parts) or name.startswith("~$")
            or name.startswith(".~lock.") or name.lower().endswith(TEMP_SUFFIXES) or name.lower() == "thumbs.db"
            or name.lower() == "desktop.ini")


def open_in_excel(path: Path) -> bool:
    """Excel keeps an owner file `~$name` (the first two letters replaced on long names) while open."""
    return any((path.parent / f"~${stem}").exists() for stem in {path.name, path.name[2:]}) or \
        (path.parent / f".~lock.{path.name}#").exists()


def collect_files(config: Config, ledger: Ledger, now: dt.datetime) -> Collected:
    """Record every arrived file under inbound/; inbound/ itself is never written to."""
    inbound = config.paths.inbound
    result = Collected()
    if not inbound.is_dir():
        return result
    # A file whose size and modification time are those recorded last time is not read again
    # (as rsync and make do): a quiet night costs a directory walk, not a hash of every file.
    seen = ledger.seen_stats()
    fresh_stats = []
    for path in sorted(p for p in inbound.rglob("*") if p.is_file()):
        relative = path.relative_to(inbound)
        if is_ignored(relative):
            result.skipped.append(relative.as_posix())
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        key = path_key(relative.as_posix())
        if seen.get(key) == (stat.st_size, stat.st_mtime_ns):
            continue
        modified = dt.datetime.fromtimestamp(stat.st_mtime).astimezone()
        if config.intake.settle_seconds and (now - modified).total_seconds() < config.intake.settle_seconds:
            result.deferred.append(Deferred(relative.as_posix(), "copying", stat.st_size, modified))
            continue
        if open_in_excel(path):
            result.deferred.append(Deferred(relative.as_posix(), "open", stat.st_size, modified))
            continue
        try:
            sha, size, archived = archive_file(path, config.paths.archive)
        except OSError:
            result.deferred.append(Deferred(relative.as_posix(), "copying", stat.st_size, modified))
            continue
        fresh_stats.append((key, stat.st_size, stat.st_mtime_ns))
        if ledger.known(relative.as_posix(), sha):
            continue
        result.new.append(Submission(path=relative.as_posix(), sha256=sha, size=size, received_at=min(modified, now),
                                     archived=archived,
                                     source="email" if relative.parts[0] == EMAIL_DIR else "folder"))
    # The archive copies reach the disk before the ledger says they exist: a crash in between leaves
    # at worst an unreferenced copy, never a ledger row without its bytes.
    # Beside each copy, a note of this arrival (where from, when; the mail it came in): what a ledger rebuilt
    # from the archive needs that the bytes do not say.
    mailed = ledger.mail_file_rows([s.path for s in result.new if s.source == "email"])
    notes = write_notes(config.paths.archive, [(s.archived, arrival_note(s, now, mailed.get(s.path)))
                                               for s in result.new])
    flush_to_disk([config.paths.archive / s.archived for s in result.new] + notes)
    ledger.record_files(result.new, first_seen=now)
    ledger.remember_stats(fresh_stats)
    return result


def move_processed(config: Config, submissions: list[Submission]) -> list[tuple[str, str]]:
    """With `move_processed = true`: move each decided file that is still unchanged in inbound/ to
    inbound/da-xu-ly/ (same sub-path; a name already there gets " (2)", " (3)"…, nothing is replaced)."""
    moved = []
    inbound = config.paths.inbound
    for sub in submissions:
        source = inbound / sub.path
        if sub.source != "folder" or not source.is_file():
            continue
        try:
            if source.stat().st_size != sub.size or sha256_file(source)[0] != sub.sha256:
                continue        # changed since it was recorded: the next run takes the new bytes first
            target = inbound / PROCESSED_DIR / sub.path
            target.parent.mkdir(parents=True, exist_ok=True)
            stem, suffix, n = target.stem, target.suffix, 2
            while target.exists():
                target = target.with_name(f"{stem} ({n}){suffix}")
                n += 1
            os.rename(source, target)
        except OSError:
            continue            # locked or vanished: left where it is, tried again next run
        moved.append((sub.path, target.relative_to(inbound).as_posix()))
    return moved
