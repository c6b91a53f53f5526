"""The archive: every received file's bytes, kept under their SHA-256, with notes of how and when they arrived."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ..model import Submission
from .files import sha256_file, stage

log = logging.getLogger(__name__)


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


# --- notes beside each archived file: what a rebuilt ledger needs that the bytes do not say
NOTES_SUFFIX = ".notes.jsonl"


def notes_path(archive: Path, archived: str) -> Path:
    """The notes of one archived file: one JSON line per arrival of its bytes and per decision on them."""
    return archive / f"{archived}{NOTES_SUFFIX}"


def write_notes(archive: Path, entries: list[tuple[str, dict]]) -> list[Path]:
    """Append each (archived, note) as a JSON line to its notes file; the files written, for the caller to
    flush with the archive copies. Append-only: a line cut short by a crash is skipped when read back."""
    written: dict[Path, None] = {}
    for archived, note in entries:
        path = notes_path(archive, archived)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(note, ensure_ascii=False, sort_keys=True) + "\n")
        written[path] = None
    return list(written)


def arrival_note(sub: Submission, first_seen: dt.datetime, mail: dict | None) -> dict:
    """What the ledger's files row says about an arrival; `mail`: its mail_files row, for a mailed file."""
    return {"kind": "arrival", "path": sub.path, "sha256": sub.sha256, "size": sub.size,
            "received_at": sub.received_at.isoformat(), "first_seen": first_seen.isoformat(), "source": sub.source,
            "archived": sub.archived, "mail": mail}


def confirmation_note(sub: Submission, decision: str, unit: str | None, period: str | None,
                      decided_at: dt.datetime) -> dict:
    """The secretary's word on a held file (mtcl confirm), as the ledger's confirmations row says it."""
    return {"kind": "confirmation", "path": sub.path, "sha256": sub.sha256, "decision": decision, "unit": unit,
            "period": period, "decided_at": decided_at.isoformat()}


@dataclass(frozen=True)
class Notes:
    """Everything the archive's notes say, read back: arrivals in order (the first of a path and bytes wins),
    the secretary's decisions (the last wins), and the archived files no arrival names."""
    arrivals: tuple[tuple[Submission, dt.datetime, dict | None], ...]
    confirmations: tuple[dict, ...]
    unnoted: tuple[str, ...]            # archived paths (relative to archive/) without an arrival note


def read_notes(archive: Path) -> Notes:
    arrivals: dict[tuple[str, str], tuple[Submission, dt.datetime, dict | None]] = {}
    confirmations: dict[tuple[str, str], dict] = {}
    unnoted = []
    for copy in sorted(p for p in archive.glob("??/*") if p.is_file() and not p.name.endswith(NOTES_SUFFIX)
                       and not p.name.startswith(".")):       # a temp copy a stopped restore left
        archived = copy.relative_to(archive).as_posix()
        noted = False
        notes = notes_path(archive, archived)
        lines = notes.read_text(encoding="utf-8").splitlines() if notes.exists() else []
        for line in lines:
            try:
                note = json.loads(line)
            except ValueError:
                log.warning("%s: a note cut short was skipped", notes)
                continue
            if note.get("kind") == "arrival":
                noted = True
                sub = Submission(path=note["path"], sha256=note["sha256"], size=note["size"],
                                 received_at=dt.datetime.fromisoformat(note["received_at"]),
                                 archived=note["archived"], source=note["source"])
                arrivals.setdefault((sub.path, sub.sha256),
                                    (sub, dt.datetime.fromisoformat(note["first_seen"]), note.get("mail")))
            elif note.get("kind") == "confirmation":
                confirmations[(note["path"], note["sha256"])] = note
        if not noted:
            unnoted.append(archived)
    ordered = sorted(arrivals.values(), key=lambda a: (a[0].received_at, a[0].path))
    return Notes(tuple(ordered), tuple(confirmations.values()), tuple(unnoted))
