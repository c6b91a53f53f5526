"""Mail intake: report attachments from the units' mailbox (IMAP) into inbound/email/, each exactly once."""
from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import imaplib
import logging
import os
import time
import unicodedata
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from ..intake.collect import EMAIL_DIR
from ..model import AttachmentStatus, MailAttachment, MailOrigin
from ..plan.config import Config
from ..plan.years import senders as every_year_senders
from ..progress import Progress
from ..store.files import sha256_file, write_new
from ..store.ledger import Ledger
from ..vi.mail import ACTIONS, ERRORS, SKIPPED
from .names import is_report_name, mailbox_arg, safe_filename, uid_set
from .settings import (TIMEOUT_SECONDS, MailError, connection_error, login_error, mail_settings, missing_key, password_for,
    tls_context)

log = logging.getLogger(__name__)
NOT_A_SPREADSHEET, NO_ATTACHMENT = "not-a-spreadsheet", "no-attachment"


@dataclass(frozen=True)
class MailFile:
    """An attachment stored under inbound/email/ and recorded in the ledger."""
    path: str                 # relative to inbound/, posix
    name: str                 # as sent
    sender: str
    unit: str | None
    message_id: str
    uid: int
    received_at: dt.datetime
    sha256: str
    size: int


@dataclass(frozen=True)
class Skipped:
    """Something a unit sent that did not become a submission; reported, never silently dropped."""
    uid: int
    sender: str
    subject: str
    name: str                 # the attachment's name ("" for a message without one)
    reason: str               # too-large | not-a-spreadsheet | no-attachment
    size: int = 0

    def message_vi(self, config: Config) -> str:
        limit = config.mail.max_attachment_mb if config.mail else 0
        return SKIPPED[self.reason].format(limit=limit)


@dataclass(frozen=True)
class FetchResult:
    folder: str
    messages: int                         # new messages looked at in this fetch
    stored: tuple[MailFile, ...]
    duplicates: int                       # attachments already stored from an earlier delivery
    skipped: tuple[Skipped, ...]
    unknown_senders: tuple[str, ...]      # addresses that are no unit's email (their files are stored)
    moved: int = 0


def sender_address(message: EmailMessage) -> str:
    """The From address in lower case; the display name is never trusted or used."""
    return email.utils.parseaddr(str(message.get("From", "")))[1].strip().lower()


def arrival_time(meta: bytes, message: EmailMessage, now: dt.datetime) -> dt.datetime:
    """When the message reached the mailbox: IMAP INTERNALDATE, else its Date header, never after now."""
    arrived = None
    parsed = imaplib.Internaldate2tuple(meta)
    if parsed is not None:
        arrived = dt.datetime.fromtimestamp(time.mktime(parsed)).astimezone()
    else:
        try:
            header = email.utils.parsedate_to_datetime(str(message.get("Date", "")))
            arrived = (header if header.tzinfo else header.replace(tzinfo=dt.timezone.utc)).astimezone()
        except (TypeError, ValueError):
            arrived = None
    return min(arrived, now) if arrived else now


def message_key(message: EmailMessage) -> str:
    """The Message-ID, or for a message without one a stable stand-in from its From, Date and Subject."""
    message_id = str(message.get("Message-ID", "")).strip()
    if message_id:
        return message_id
    basis = "\n".join(str(message.get(h, "")) for h in ("From", "Date", "Subject"))
    return f"<no-id-{hashlib.sha256(basis.encode('utf-8', 'replace')).hexdigest()[:32]}@mtcl.invalid>"


def _check(config: Config, action: str, response: tuple) -> list:
    typ, data = response
    if typ != "OK":
        reason = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
        raise MailError(ERRORS["imap"].format(host=config.mail.imap_host, action=action, reason=reason))
    return data


def connect_imap(config: Config) -> imaplib.IMAP4:
    """A logged-in IMAP connection over TLS (implicit, or STARTTLS)."""
    mail = mail_settings(config)
    if not mail.imap_host:
        raise missing_key(config, "imap_host")
    if not mail.imap_user:
        raise missing_key(config, "imap_user")
    password = password_for(config, "imap_password", mail.imap_user)
    context = tls_context(config)
    try:
        if mail.imap_security == "tls":
            conn = imaplib.IMAP4_SSL(mail.imap_host, mail.imap_port, ssl_context=context, timeout=TIMEOUT_SECONDS)
        else:
            conn = imaplib.IMAP4(mail.imap_host, mail.imap_port, timeout=TIMEOUT_SECONDS)
            conn.starttls(context)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise connection_error(mail.imap_host, mail.imap_port, exc) from exc
    try:
        if password.isascii():
            conn.login(mail.imap_user, password)
        else:
            # LOGIN sends ASCII only (imaplib refuses the rest); SASL PLAIN is UTF-8 by definition (RFC 4616)
            conn.authenticate("PLAIN", lambda _challenge: f"\0{mail.imap_user}\0{password}".encode("utf-8"))
    except imaplib.IMAP4.error as exc:
        conn.shutdown()
        raise login_error(config, mail.imap_host, mail.imap_user, exc) from exc
    return conn


def capabilities(conn: imaplib.IMAP4) -> set[str]:
    """Capabilities after login (servers such as Dovecot announce MOVE only then)."""
    typ, data = conn.capability()
    return set(data[-1].decode("ascii", "replace").upper().split()) if typ == "OK" and data else set()


def search_uids(config: Config, conn: imaplib.IMAP4, first: int, last: int | None = None,
                extra: tuple[str, ...] = ()) -> list[int]:
    """UIDs in [first, last]; `n:*` always includes the highest UID even when it is below n, so filter."""
    span = f"{first}:{last if last is not None else '*'}"
    data = _check(config, ACTIONS["search"], conn.uid("SEARCH", None, "UID", span, *extra))
    found = [int(x) for x in b" ".join(d for d in data if d).split()]
    return sorted(u for u in found if u >= first and (last is None or u <= last))


def fetch_raw(config: Config, conn: imaplib.IMAP4, uid: int) -> tuple[bytes, bytes] | None:
    """(response meta, message bytes) of one message without setting \\Seen; None if it has gone."""
    data = _check(config, ACTIONS["fetch"], conn.uid("FETCH", str(uid), "(UID INTERNALDATE BODY.PEEK[])"))
    for item in data:
        if isinstance(item, tuple) and b"BODY[]" in item[0]:
            meta = b" ".join(x for x in data if isinstance(x, bytes)) + b" " + item[0]
            return meta, item[1]
    return None


def move_messages(config: Config, conn: imaplib.IMAP4, uids: list[int], target: str, caps: set[str]) -> None:
    """MOVE when the server has it; else COPY, flag \\Deleted and expunge only those UIDs (UIDPLUS)."""
    mailbox = mailbox_arg(target)
    conn.create(mailbox)                       # NO when it exists already: fine
    span = uid_set(uids)
    if "MOVE" in caps:
        _check(config, ACTIONS["move"].format(target=target), conn.uid("MOVE", span, mailbox))
        return
    _check(config, ACTIONS["copy"].format(target=target), conn.uid("COPY", span, mailbox))
    _check(config, ACTIONS["flag"], conn.uid("STORE", span, "+FLAGS.SILENT", r"(\Deleted)"))
    if "UIDPLUS" in caps:
        _check(config, ACTIONS["expunge"], conn.uid("EXPUNGE", span))
    else:
        log.warning("server has neither MOVE nor UIDPLUS: copied %d message(s) to %s and flagged them "
                    "\\Deleted without expunging", len(uids), target)


def store_attachment(folder: Path, base_name: str, data: bytes, sha256: str, arrived: dt.datetime) -> Path:
    """Write `data` as `folder/base_name` atomically with mtime = arrival; an existing file with other
    bytes is never replaced (the name gets -2, -3, …); one with the same bytes is reused."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = os.path.splitext(base_name)
    target, n = folder / base_name, 1
    stamp = arrived.timestamp()
    while target.exists():
        if sha256_file(target)[0] == sha256:
            os.utime(target, (stamp, stamp))
            return target
        n += 1
        target = folder / f"{stem}-{n}{suffix}"
    write_new(target, data, stamp)
    return target


def sender_of(origin: MailOrigin | None, known: dict[str, tuple[str, ...]]) -> tuple[str, tuple[str, ...]] | None:
    """(sender address, the units it may report for) of a file that came by mail (`origin`, from
    Ledger.mail_origins); None for any other file. Those units are the one the address belonged to when the file
    arrived, and those the config gives it today (`known`: units_by_email): an address later given to another
    unit does not make earlier reports someone else's, and one added to the config stops being unknown."""
    if origin is None:
        return None
    today = known.get(origin.sender.casefold(), ())
    return origin.sender, tuple(dict.fromkeys(((origin.unit,) if origin.unit else ()) + today))


@dataclass
class _Tally:
    stored: list[MailFile]
    skipped: list[Skipped]
    unknown: set[str]
    duplicates: int = 0


def handle_message(config: Config, ledger: Ledger, account: str, folder: str, uidvalidity: int, uid: int,
                   meta: bytes, raw: bytes, now: dt.datetime, tally: _Tally,
                   senders: dict[str, tuple[str, ...]]) -> None:
    """Store the report attachments of one message, then record them and advance last_uid together.
    `senders`: units_by_email(config), made once for the whole fetch."""
    mail = mail_settings(config)
    message = email.message_from_bytes(raw, policy=email.policy.default)
    sender = sender_address(message)
    units = senders.get(sender.casefold(), ())
    unit = units[0] if len(units) == 1 else None          # recorded as the file arrived; the run checks again
    if not units:
        tally.unknown.add(sender or ACTIONS["unknown-sender"])
    message_id = message_key(message)
    arrived = arrival_time(meta, message, now)
    subject = str(message.get("Subject", ""))
    limit = mail.max_attachment_mb * 1024 * 1024
    day_folder = config.paths.inbound / EMAIL_DIR / f"{arrived:%Y-%m-%d}"

    rows: list[MailAttachment] = []
    seen = ledger.mail_hashes(message_id)
    reports = 0
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if not name:
            continue
        name = unicodedata.normalize("NFC", str(name))
        if not is_report_name(safe_filename(name)):
            if part.get_content_maintype() != "image":     # signature logos are no one's report
                tally.skipped.append(Skipped(uid, sender, subject, name, NOT_A_SPREADSHEET))
            continue
        reports += 1
        data = part.get_payload(decode=True) or b""
        sha = hashlib.sha256(data).hexdigest()
        if sha in seen:
            tally.duplicates += 1
            continue
        seen.add(sha)
        if len(data) > limit:
            tally.skipped.append(Skipped(uid, sender, subject, name, AttachmentStatus.TOO_LARGE, len(data)))
            rows.append(MailAttachment(message_id, sha, name, None, len(data), sender, unit, uid, arrived,
                                       AttachmentStatus.TOO_LARGE))
            continue
        path = store_attachment(day_folder, f"{uid}-{safe_filename(name)}", data, sha, arrived)
        relative = path.relative_to(config.paths.inbound).as_posix()
        rows.append(MailAttachment(message_id, sha, name, relative, len(data), sender, unit, uid, arrived,
                                   AttachmentStatus.STORED))
        tally.stored.append(MailFile(path=relative, name=name, sender=sender, unit=unit, message_id=message_id,
                                     uid=uid, received_at=arrived, sha256=sha, size=len(data)))
    if not reports:
        tally.skipped.append(Skipped(uid, sender, subject, "", NO_ATTACHMENT))
    ledger.record_mail_message(account, folder, uidvalidity, uid, rows, now)


def fetch_mail(config: Config, now: dt.datetime | None = None, progress: Progress | None = None) -> FetchResult:
    """Fetch new messages of `imap_folder` into inbound/email/; safe to interrupt and run again."""
    mail = mail_settings(config)
    now = now or dt.datetime.now().astimezone()
    account = f"{mail.imap_user}@{mail.imap_host}"
    folder = mail.imap_folder
    tally = _Tally(stored=[], skipped=[], unknown=set())
    senders = every_year_senders(config)          # a unit of any year's plan
    moved = 0
    with Ledger(config.paths.ledger, config.paths.archive) as ledger, connect_imap(config) as conn:
        typ, data = conn.select(mailbox_arg(folder), readonly=not mail.move_to)
        if typ != "OK":
            reason = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
            raise MailError(ERRORS["folder"].format(folder=folder, user=mail.imap_user, reason=reason))
        announced = conn.response("UIDVALIDITY")[1][0]
        if not announced:
            raise MailError(ERRORS["folder"].format(folder=folder, user=mail.imap_user,
                                                     reason=ACTIONS["no-uidvalidity"]))
        uidvalidity = int(announced)
        state = ledger.mail_state(account, folder)
        last_uid = 0
        if state is not None and state[0] == uidvalidity:
            last_uid = state[1]
        else:
            if state is not None:
                # UIDs of the old generation mean nothing now; dedup by Message-ID + sha256 keeps this safe
                log.warning("UIDVALIDITY of %s changed (%s -> %s): reading the folder again", folder, state[0],
                            uidvalidity)
            ledger.save_mail_state(account, folder, uidvalidity, 0, now)
        uids = search_uids(config, conn, last_uid + 1)
        log.info("%s/%s: %d new message(s) after UID %d", account, folder, len(uids), last_uid)
        for done, uid in enumerate(uids, start=1):
            fetched = fetch_raw(config, conn, uid)
            if fetched is None:                      # expunged between SEARCH and FETCH
                ledger.save_mail_state(account, folder, uidvalidity, uid, now)
            else:
                handle_message(config, ledger, account, folder, uidvalidity, uid, fetched[0], fetched[1], now, tally,
                               senders)
            if progress:
                progress("fetch mail", done, len(uids))
        if mail.move_to:
            # every message up to last_uid is recorded; moving them all also finishes a move a crash interrupted
            recorded = ledger.mail_state(account, folder)[1]
            handled = search_uids(config, conn, 1, recorded, ("UNDELETED",)) if recorded else []
            if handled:
                move_messages(config, conn, handled, mail.move_to, capabilities(conn))
                moved = len(handled)
        # no CLOSE: it would expunge messages someone else flagged \Deleted; LOGOUT (on exit) does not
    for s in tally.skipped:
        log.warning("mail UID %d from %s: %s %s", s.uid, s.sender, s.reason, s.name)
    return FetchResult(folder=folder, messages=len(uids), stored=tuple(tally.stored), duplicates=tally.duplicates,
                       skipped=tuple(tally.skipped), unknown_senders=tuple(sorted(tally.unknown)), moved=moved)
