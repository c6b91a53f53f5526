"""Backups of the ledger and the archive, restoring one, and setting a replaced ledger aside (never deleting it)."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .files import flush_to_disk, fsync_dir, stage
from .ledger import backup_database, database_problem
from ..vi.store import STORE

LEDGER_NAME = "ledger.sqlite"           # inside a backup folder
ARCHIVE_NAME = "archive"
MANIFEST = "sao-luu.json"
JOURNAL_SUFFIXES = ("-wal", "-shm")


class BackupProblem(Exception):
    """A backup cannot be made or restored; the message (Vietnamese) says why and what to do."""


@dataclass(frozen=True)
class Backup:
    folder: Path
    files: int              # files the copied ledger records
    archive_copied: int     # archive files copied this time (a backup folder used again gets only the new)


def copy_archive(source: Path, target: Path) -> int:
    """Every file of the archive `source` (copies and notes) that `target` lacks or holds shorter (notes only
    grow); the number copied. Archived bytes never change under their name, so nothing else is compared."""
    copied = []
    for path in sorted(p for p in source.glob("??/*") if p.is_file() and not p.name.startswith(".")) \
            if source.is_dir() else []:
        there = target / path.relative_to(source)
        if there.exists() and there.stat().st_size >= path.stat().st_size:
            continue
        there.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage(there, lambda tmp: shutil.copyfile(path, tmp), durable=False), there)
        copied.append(there)
    flush_to_disk(copied)
    return len(copied)


def make_backup(ledger: Path, archive: Path, config_source: Path, dest: Path, now: dt.datetime,
                plan_files: tuple[Path, ...] = ()) -> Backup:
    """A consistent copy of the ledger, then the archive, then the config, into the folder `dest`. The ledger
    comes first: the archive only grows and its copies reach the disk before the ledger names them, so every file
    the copied ledger names is in the copied archive. Safe while a run is writing (backup_database)."""
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / LEDGER_NAME
    files: list[int] = []
    tmp = stage(target, lambda path: (path.unlink(), files.append(backup_database(ledger, path, archive))))
    os.replace(tmp, target)
    copied = copy_archive(archive, dest / ARCHIVE_NAME)
    shutil.copyfile(config_source, dest / config_source.name)
    for plan in plan_files:               # the other years' plans ([plans]), where config.toml names them
        try:
            target = dest / plan.resolve().relative_to(config_source.resolve().parent)
        except ValueError:
            target = dest / "plans" / plan.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(plan, target)
    (dest / MANIFEST).write_text(json.dumps({"made_at": now.isoformat(), "ledger_files": files[0],
                                             "ledger": str(ledger), "archive": str(archive)},
                                            ensure_ascii=False, indent=2), encoding="utf-8")
    fsync_dir(dest)
    return Backup(dest, files[0], copied)


def set_aside(ledger: Path, why: str, now: dt.datetime) -> Path | None:
    """Move the ledger (and its journal files) to `ledger.sqlite.<why>-YYYYMMDD-HHMMSS` beside it; never deleted.
    The new name, or None when there was no ledger."""
    if not ledger.exists():
        return None
    aside = ledger.with_name(f"{ledger.name}.{why}-{now:%Y%m%d-%H%M%S}")
    n = 2
    while aside.exists():
        aside = ledger.with_name(f"{ledger.name}.{why}-{now:%Y%m%d-%H%M%S}-{n}")
        n += 1
    for suffix in JOURNAL_SUFFIXES:
        journal = ledger.with_name(ledger.name + suffix)
        if journal.exists():
            os.replace(journal, aside.with_name(aside.name + suffix))
    os.replace(ledger, aside)
    fsync_dir(ledger.parent)
    return aside


@dataclass(frozen=True)
class Restored:
    aside: Path | None      # the ledger that was replaced, kept under this name
    archive_copied: int
    other_config: Path | None = None    # the backup's config.toml when it differs from the one in use (not copied)


def restore_backup(source: Path, ledger: Path, archive: Path, config_source: Path, now: dt.datetime) -> Restored:
    """Put the backup in folder `source` back: its ledger in place of `ledger` (the one replaced set aside), and
    the archive files it has that `archive` lacks. The config in use is never replaced; the result names the
    backup's when it differs. The caller holds the run lock."""
    copy = source / LEDGER_NAME
    problem = database_problem(copy)
    if problem:
        raise BackupProblem(STORE["restore-unusable"].format(path=copy, what=STORE[f"damage-{problem}"]))
    tmp = stage(ledger, lambda path: shutil.copyfile(copy, path))
    copied = copy_archive(source / ARCHIVE_NAME, archive)
    aside = set_aside(ledger, "replaced", now)
    os.replace(tmp, ledger)
    fsync_dir(ledger.parent)
    theirs = source / config_source.name
    differs = theirs.is_file() and (not config_source.is_file() or theirs.read_bytes() != config_source.read_bytes())
    return Restored(aside, copied, theirs if differs else None)
