"""The SQLite ledger: every file ever seen, its parsed content and its outcome; one transaction per decision."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from ..model import AttachmentStatus, Finding, MailAttachment, MailOrigin, Submission
from ..text import path_key


SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path        TEXT NOT NULL,      -- relative to inbound/, exactly as on disk
    path_key    TEXT NOT NULL,      -- NFC-normalised, case-folded path: the same name typed another way
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    received_at TEXT NOT NULL,      -- when the file arrived (its modification time, never later than first_seen)
    first_seen  TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT 'folder',
    archived    TEXT NOT NULL,      -- relative to archive/
    unit        TEXT,
    period      TEXT,
    status      TEXT,               -- accepted | rejected | superseded | duplicate
    on_time     INTEGER,
    findings    TEXT,               -- JSON list of findings
    decided_at  TEXT,
    PRIMARY KEY (path_key, sha256)
);
CREATE TABLE IF NOT EXISTS seen (
    path_key    TEXT PRIMARY KEY,   -- a file taken before, with the size and mtime it had then
    size        INTEGER NOT NULL,
    mtime_ns    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS deferred (
    path        TEXT PRIMARY KEY,   -- seen in the last run but not taken yet
    reason      TEXT NOT NULL,      -- copying (still arriving) | open (open in Excel)
    size        INTEGER,
    modified_at TEXT,
    seen_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS parsed (
    sha256         TEXT PRIMARY KEY,
    reader_version INTEGER NOT NULL,
    report         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL,
    detail      TEXT
);
CREATE TABLE IF NOT EXISTS confirmations (
    path        TEXT NOT NULL,      -- a held file (relative to inbound/) and its bytes
    sha256      TEXT NOT NULL,
    decision    TEXT NOT NULL,      -- confirm | reject
    unit        TEXT,               -- confirmed: whose report it is
    period      TEXT,               -- confirmed: for which month (YYYY-MM)
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (path, sha256)
);
CREATE TABLE IF NOT EXISTS mail_state (
    account     TEXT NOT NULL,      -- imap_user@imap_host
    folder      TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    last_uid    INTEGER NOT NULL,   -- every message up to this UID is on disk and recorded
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (account, folder)
);
CREATE TABLE IF NOT EXISTS mail_files (
    message_id  TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    name        TEXT NOT NULL,      -- the attachment's name as sent (decoded, NFC)
    path        TEXT,               -- relative to inbound/ (NULL when not stored)
    size        INTEGER NOT NULL,
    sender      TEXT NOT NULL,      -- the From address, lower case
    unit        TEXT,               -- unit code whose configured email is the sender; NULL if none
    folder      TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    uid         INTEGER NOT NULL,
    received_at TEXT NOT NULL,      -- IMAP INTERNALDATE (else the Date header)
    fetched_at  TEXT NOT NULL,
    status      TEXT NOT NULL,      -- stored | too-large
    PRIMARY KEY (message_id, sha256)
);
CREATE INDEX IF NOT EXISTS mail_files_path ON mail_files (path);
CREATE TABLE IF NOT EXISTS mail_sent (
    key        TEXT NOT NULL,       -- X-MTCL-Key: receipt:<sha256>:<path>, summary:<period>:<date>, reminder:…
    mode       TEXT NOT NULL,       -- smtp | eml (dry run)
    sent_at    TEXT NOT NULL,
    recipients TEXT NOT NULL,
    subject    TEXT NOT NULL,
    ref        TEXT NOT NULL,       -- the Message-ID sent, or the .eml written
    PRIMARY KEY (key, mode)
);
CREATE TABLE IF NOT EXISTS digested (
    period      TEXT PRIMARY KEY,   -- what leadership's digest last told of a period
    fingerprint TEXT NOT NULL,      -- mail.digest.Section.fingerprint: the figures it showed
    key         TEXT NOT NULL,      -- the digest's X-MTCL-Key (digest:<date>)
    sent_at     TEXT NOT NULL
);
"""
# Columns added after the first release: a ledger made before them gets them on opening (none yet).
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = ()


class Ledger:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(path), timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.executescript(SCHEMA)
        for table, column, kind in ADDED_COLUMNS:
            if column not in {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}:
                self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- files
    def known(self, path: str, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM files WHERE path_key=? AND sha256=?",
                                 (path_key(path), sha256)).fetchone() is not None

    def record_files(self, subs: list[Submission], first_seen: dt.datetime) -> None:
        """Record newly arrived files, all in one transaction."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR IGNORE INTO files (path, path_key, sha256, size, received_at, first_seen, source, archived) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(sub.path, path_key(sub.path), sub.sha256, sub.size, sub.received_at.isoformat(),
                  first_seen.isoformat(), sub.source, sub.archived) for sub in subs])

    def submissions(self) -> list[Submission]:
        rows = self.conn.execute("SELECT path, sha256, size, received_at, archived, source FROM files "
                                 "ORDER BY received_at, path").fetchall()
        return [Submission(path=r[0], sha256=r[1], size=r[2], received_at=dt.datetime.fromisoformat(r[3]),
                           archived=r[4], source=r[5]) for r in rows]

    def record_outcomes(self, rows: list[tuple[Submission, str | None, str | None, str, bool | None,
                                               tuple[Finding, ...]]], decided_at: dt.datetime) -> None:
        """Each file's outcome (unit, period, status, on time, findings), in one transaction: the outcomes
        of a run depend on each other (a correction supersedes), so they are one decision."""
        with self.conn:
            self.conn.executemany(
                "UPDATE files SET unit=?, period=?, status=?, on_time=?, findings=?, decided_at=? "
                "WHERE path=? AND sha256=?",
                [(unit, period, status, None if on_time is None else int(on_time),
                  json.dumps([f.to_dict() for f in findings], ensure_ascii=False), decided_at.isoformat(),
                  sub.path, sub.sha256) for sub, unit, period, status, on_time, findings in rows])

    def outcome(self, path: str, sha256: str) -> dict | None:
        row = self.conn.execute("SELECT unit, period, status, on_time, findings FROM files WHERE path=? AND sha256=?",
                                (path, sha256)).fetchone()
        if row is None:
            return None
        return {"unit": row[0], "period": row[1], "status": row[2],
                "on_time": None if row[3] is None else bool(row[3]), "findings": json.loads(row[4] or "[]")}

    def seen_stats(self) -> dict[str, tuple[int, int]]:
        return {k: (size, mtime) for k, size, mtime in self.conn.execute("SELECT path_key, size, mtime_ns FROM seen")}

    def remember_stats(self, rows: list[tuple[str, int, int]]) -> None:
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO seen VALUES (?, ?, ?)", rows)

    def set_deferred(self, rows: list[tuple[str, str, int | None, dt.datetime | None]], now: dt.datetime) -> None:
        """Replace the list of files waiting for a later run (path, reason, size, modified)."""
        with self.conn:
            self.conn.execute("DELETE FROM deferred")
            self.conn.executemany("INSERT OR REPLACE INTO deferred VALUES (?, ?, ?, ?, ?)",
                                  [(p, r, size, m.isoformat() if m else None, now.isoformat())
                                   for p, r, size, m in rows])

    def file_rows(self) -> list[tuple[str, str, str]]:
        """(path, sha256, received_at) of every file, in a stable order: what the outputs were made from."""
        return self.conn.execute("SELECT path, sha256, received_at FROM files ORDER BY path, sha256").fetchall()

    def deferred(self) -> list[tuple[str, str]]:
        return self.conn.execute("SELECT path, reason FROM deferred ORDER BY path").fetchall()

    # --- parsed reports, cached by content
    def cached_report(self, sha256: str, reader_version: int) -> str | None:
        row = self.conn.execute("SELECT report FROM parsed WHERE sha256=? AND reader_version=?",
                                (sha256, reader_version)).fetchone()
        return row[0] if row else None

    def store_reports(self, rows: list[tuple[str, int, str]]) -> None:
        """Cache parsed reports (sha256, reader version, JSON); a lost batch is only parsed again."""
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO parsed (sha256, reader_version, report) VALUES (?, ?, ?)",
                                  rows)

    def recorded_outcomes(self) -> list:
        """The outcomes the last full run recorded, without re-reading anything (unit, period, status,
        arrival; no figures): enough for statuses and reminders on a night with nothing new."""
        from ..model import Outcome
        from ..plan.periods import parse_period
        from ..model import Checked
        out = []
        for path, sha, size, received, archived, source, unit, period, status, on_time in self.conn.execute(
                "SELECT path, sha256, size, received_at, archived, source, unit, period, status, on_time "
                "FROM files WHERE status IS NOT NULL ORDER BY received_at, path"):
            sub = Submission(path=path, sha256=sha, size=size, received_at=dt.datetime.fromisoformat(received),
                             archived=archived, source=source)
            out.append(Outcome(submission=sub, checked=Checked(unit=unit, period=parse_period(period) if period else None),
                               status=status, on_time=None if on_time is None else bool(on_time)))
        return out

    # --- runs
    def start_run(self, now: dt.datetime) -> int:
        with self.conn:
            return self.conn.execute("INSERT INTO runs (started_at, status) VALUES (?, 'running')",
                                     (now.isoformat(),)).lastrowid

    def last_run_detail(self) -> dict:
        """What the last completed run recorded (its fingerprint and outputs), or {}."""
        row = self.conn.execute("SELECT detail FROM runs WHERE status IN ('ok', 'unchanged') "
                                "ORDER BY id DESC LIMIT 1").fetchone()
        return json.loads(row[0]) if row and row[0] else {}

    def finish_run(self, run_id: int, status: str, detail: dict, now: dt.datetime) -> None:
        with self.conn:
            self.conn.execute("UPDATE runs SET finished_at=?, status=?, detail=? WHERE id=?",
                              (now.isoformat(), status, json.dumps(detail, ensure_ascii=False), run_id))

    # --- the secretary's word on held files (mtcl confirm)
    def confirm(self, path: str, sha256: str, decision: str, unit: str | None, period: str | None,
                now: dt.datetime) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO confirmations VALUES (?,?,?,?,?,?)",
                              (path, sha256, decision, unit, period, now.isoformat()))

    def confirmations(self) -> dict[tuple[str, str], tuple[str, str | None, str | None]]:
        """(path, sha256) -> (decision, unit, period) of every held file the secretary decided."""
        return {(path, sha): (decision, unit, period) for path, sha, decision, unit, period in self.conn.execute(
            "SELECT path, sha256, decision, unit, period FROM confirmations ORDER BY path, sha256")}

    # --- mail: the mailbox's state, the attachments fetched from it, the messages sent
    def mail_state(self, account: str, folder: str) -> tuple[int, int] | None:
        """(uidvalidity, last_uid) recorded for a mailbox folder, or None."""
        return self.conn.execute("SELECT uidvalidity, last_uid FROM mail_state WHERE account=? AND folder=?",
                                 (account, folder)).fetchone()

    def save_mail_state(self, account: str, folder: str, uidvalidity: int, last_uid: int, now: dt.datetime) -> None:
        with self.conn:
            self._save_mail_state(account, folder, uidvalidity, last_uid, now)

    def _save_mail_state(self, account, folder, uidvalidity, last_uid, now) -> None:
        self.conn.execute(
            "INSERT INTO mail_state (account, folder, uidvalidity, last_uid, updated_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT (account, folder) DO UPDATE SET uidvalidity=excluded.uidvalidity, "
            "last_uid=excluded.last_uid, updated_at=excluded.updated_at",
            (account, folder, uidvalidity, last_uid, now.isoformat()))

    def mail_hashes(self, message_id: str) -> set[str]:
        """The SHA-256 of every attachment recorded for a message (a message delivered twice counts once)."""
        return {r[0] for r in self.conn.execute("SELECT sha256 FROM mail_files WHERE message_id=?", (message_id,))}

    def record_mail_message(self, account: str, folder: str, uidvalidity: int, uid: int,
                            rows: list[MailAttachment], now: dt.datetime) -> None:
        """One transaction: the message's attachments and the new last UID, or nothing."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR IGNORE INTO mail_files (message_id, sha256, name, path, size, sender, unit, folder, "
                "uidvalidity, uid, received_at, fetched_at, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(r.message_id, r.sha256, r.name, r.path, r.size, r.sender, r.unit, folder, uidvalidity, r.uid,
                  r.received_at.isoformat(), now.isoformat(), r.status) for r in rows])
            self._save_mail_state(account, folder, uidvalidity, uid, now)

    def mail_origins(self) -> dict[str, MailOrigin]:
        """Where each file stored from mail came from (by its path under inbound/), read once."""
        return {path: MailOrigin(sender=sender, unit=unit, message_id=message_id,
                                 received_at=dt.datetime.fromisoformat(received), name=name)
                for path, sender, unit, message_id, received, name in self.conn.execute(
                    "SELECT path, sender, unit, message_id, received_at, name FROM mail_files "
                    "WHERE status=? AND path IS NOT NULL", (AttachmentStatus.STORED,))}

    def was_sent(self, key: str, mode: str) -> bool:
        return self.conn.execute("SELECT 1 FROM mail_sent WHERE key=? AND mode=?", (key, mode)).fetchone() is not None

    def digested(self) -> dict[str, str]:
        """Period → the fingerprint of the figures the last digest sent showed for it."""
        return dict(self.conn.execute("SELECT period, fingerprint FROM digested"))

    def digest_pending(self) -> bool:
        """Changes wait for the next digest (found after the night's digest had gone)."""
        return self.conn.execute("SELECT 1 FROM digested WHERE fingerprint='pending'").fetchone() is not None

    def record_digested(self, fingerprints: dict[str, str], key: str, now: dt.datetime) -> None:
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO digested (period, fingerprint, key, sent_at) VALUES (?,?,?,?)",
                                  [(p, f, key, now.isoformat()) for p, f in fingerprints.items()])

    def record_sent(self, key: str, mode: str, now: dt.datetime, recipients: str, subject: str, ref: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO mail_sent (key, mode, sent_at, recipients, subject, ref) "
                              "VALUES (?,?,?,?,?,?)", (key, mode, now.isoformat(), recipients, subject, ref))
