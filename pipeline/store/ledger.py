"""The SQLite ledger: every file ever seen, its parsed content and its outcome; one transaction per decision."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from ..model import AttachmentStatus, Finding, MailAttachment, MailOrigin, ReviewBook, ReviewDecision, Submission
from ..text import path_key
from ..vi.store import STORE


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
CREATE TABLE IF NOT EXISTS review_books (
    period      TEXT PRIMARY KEY,   -- the management review's period (YYYY-Hn, YYYY…)
    sha256      TEXT NOT NULL,      -- the workbook recorded last (its bytes are in the archive)
    name        TEXT NOT NULL,
    archived    TEXT NOT NULL,      -- relative to archive/
    recorded_at TEXT NOT NULL,
    content     TEXT NOT NULL       -- JSON: ReviewBook (the meeting, every filled row)
);
CREATE TABLE IF NOT EXISTS review_decisions (
    id          TEXT PRIMARY KEY,   -- <review period>.<n>
    review      TEXT NOT NULL,      -- the period of the review that took the decision
    kind        TEXT NOT NULL,      -- improvement | change | resource
    text        TEXT NOT NULL,
    owner       TEXT NOT NULL,      -- unit code
    deadline    TEXT NOT NULL,      -- ISO date
    status      TEXT NOT NULL,      -- not-started | in-progress | done | cancelled
    note        TEXT,
    updated_in  TEXT,               -- the review whose workbook last set the status
    updated_at  TEXT NOT NULL
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


SQLITE_MAGIC = b"SQLite format 3\x00"


class LedgerDamaged(Exception):
    """The ledger cannot be trusted: not a database, cut short, emptied, or gone while the archive holds files.
    The message (Vietnamese) names the file and the two ways out; `reason` says which (English, for the log)."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason
        super().__init__(STORE["ledger-damaged"].format(path=path, what=STORE[f"damage-{reason}"]))


def archive_holds_files(archive: Path | None) -> bool:
    """Whether the archive holds a received file (a ledger missing beside it was lost, not never made)."""
    return archive is not None and archive.is_dir() and any(p.is_file() and not p.name.startswith(".") for p in archive.glob("??/*"))


def ledger_damage(path: Path, archive: Path | None = None) -> str | None:
    """Why the ledger file at `path` is unusable, from what can be seen without trusting it: gone or empty
    while the archive holds files, not an SQLite file, or shorter than its own header says. None if it looks
    whole (SQLite's own errors on opening are caught by Ledger)."""
    if not path.exists() or path.stat().st_size == 0:
        return ("missing" if not path.exists() else "empty") if archive_holds_files(archive) else None
    with path.open("rb") as fh:
        header = fh.read(100)
    if not header.startswith(SQLITE_MAGIC):
        return "not-sqlite"
    if len(header) < 100:
        return "truncated"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is valid when its change counter matches (SQLite 3.7.0 and later).
    # A checkpoint stopped half-way leaves the file short with the rest in the write-ahead log: not damage.
    wal = path.with_name(path.name + "-wal")
    if header[24:28] == header[92:96] and path.stat().st_size < pages * page_size and \
            not (wal.exists() and wal.stat().st_size):
        return "truncated"
    return None


def ensure_usable(path: Path, archive: Path | None = None) -> None:
    """LedgerDamaged when the ledger at `path` cannot be trusted (ledger_damage); nothing is opened or written."""
    reason = ledger_damage(path, archive)
    if reason:
        raise LedgerDamaged(path, reason)


class Ledger:
    def __init__(self, path: Path, archive: Path | None = None):
        """Open (or create) the ledger; LedgerDamaged, before anything is written, when it cannot be trusted.
        `archive`: the archive beside it, so that a ledger lost while the archive holds files is not
        silently made anew (the next run would take every file as new)."""
        ensure_usable(path, archive)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.conn = sqlite3.connect(str(path), timeout=30)
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.executescript(SCHEMA)
            for table, column, kind in ADDED_COLUMNS:
                if column not in {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}:
                    self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            raise LedgerDamaged(path, "unreadable") from exc

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

    # --- the management review: the workbook recorded for each review, the decisions and their status
    def record_review(self, book: ReviewBook, sha256: str, name: str, archived: str,
                      decisions: list[ReviewDecision], updates: list[tuple[str, str, str | None]],
                      now: dt.datetime) -> None:
        """One transaction: the review's workbook (replacing an earlier recording of the same review), its
        decisions (a decision recorded again keeps the status a later review gave it; one no longer in the
        workbook is dropped) and the status of earlier decisions (`updates`: id, status, note)."""
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO review_books VALUES (?,?,?,?,?,?)",
                              (book.period, sha256, name, archived, now.isoformat(), book.to_json()))
            self.conn.execute(f"DELETE FROM review_decisions WHERE review=? AND id NOT IN "
                              f"({','.join('?' * len(decisions))})", (book.period, *(d.id for d in decisions)))
            self.conn.executemany(
                "INSERT INTO review_decisions VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET "
                "kind=excluded.kind, text=excluded.text, owner=excluded.owner, deadline=excluded.deadline",
                [(d.id, d.review, d.kind, d.text, d.owner, d.deadline.isoformat(), d.status, d.note, d.updated_in,
                  now.isoformat()) for d in decisions])
            self.conn.executemany("UPDATE review_decisions SET status=?, note=?, updated_in=?, updated_at=? "
                                  "WHERE id=? AND review<>?",
                                  [(status, note, book.period, now.isoformat(), id_, book.period)
                                   for id_, status, note in updates])

    def review_book(self, period: str) -> ReviewBook | None:
        row = self.conn.execute("SELECT content FROM review_books WHERE period=?", (period,)).fetchone()
        return ReviewBook.from_json(row[0]) if row else None

    def review_decisions(self) -> list[ReviewDecision]:
        """Every decision of every review, in the order they were taken."""
        return [ReviewDecision(id=r[0], review=r[1], kind=r[2], text=r[3], owner=r[4],
                               deadline=dt.date.fromisoformat(r[5]), status=r[6], note=r[7], updated_in=r[8])
                for r in self.conn.execute("SELECT id, review, kind, text, owner, deadline, status, note, "
                                           "updated_in FROM review_decisions ORDER BY review, id")]

    # --- what a rebuild of the ledger needs from it and gives back to it (store/archive.py keeps the notes)
    def mail_file_rows(self, paths: list[str]) -> dict[str, dict]:
        """The mail_files row of each stored attachment among `paths` (relative to inbound/), as a dict."""
        wanted = set(paths)
        if not wanted:
            return {}
        cursor = self.conn.execute("SELECT * FROM mail_files WHERE path IS NOT NULL")
        names = [c[0] for c in cursor.description]
        return {row["path"]: row for row in (dict(zip(names, r)) for r in cursor) if row["path"] in wanted}

    def restore_mail_files(self, rows: list[dict]) -> None:
        """mail_files rows as mail_file_rows gave them: a mailbox read again skips what they name."""
        if not rows:
            return
        names = sorted(rows[0])
        with self.conn:
            self.conn.executemany(f"INSERT OR IGNORE INTO mail_files ({', '.join(names)}) "
                                  f"VALUES ({', '.join('?' for _ in names)})", [[r[n] for n in names] for r in rows])


def backup_database(source: Path, target: Path, archive: Path | None = None) -> int:
    """A consistent copy of the ledger at `source` into the new file `target` with SQLite's online backup, which
    reads one snapshot even while a run writes (the journal is WAL: readers never wait for it); the number of
    files it records. The copy is checked before this returns; a damaged ledger raises LedgerDamaged."""
    ensure_usable(source, archive)
    try:
        return _backup(source, target)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise
        raise LedgerDamaged(source, "unreadable") from exc
    except sqlite3.DatabaseError as exc:
        raise LedgerDamaged(source, "unreadable") from exc


def _backup(source: Path, target: Path) -> int:
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)             # pages=-1: the whole database in one step, under one read snapshot
            dst.execute("PRAGMA journal_mode=DELETE")      # one self-contained file, no -wal beside it
            if dst.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError(f"the copy of {source} fails SQLite's integrity check")
            return dst.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()


def database_problem(path: Path) -> str | None:
    """Why the ledger file at `path` cannot be restored from (a reason as ledger_damage gives them, or "absent"),
    or None when it is whole."""
    if not path.exists() or path.stat().st_size == 0:
        return "absent"
    reason = ledger_damage(path)
    if reason:
        return reason
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            whole = db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            db.execute("SELECT COUNT(*) FROM files").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return "unreadable"
    return None if whole else "unreadable"
