"""Sending: over SMTP, or as .eml files in a dry run; each message once."""
from __future__ import annotations

import base64
import datetime as dt
import email.utils
import logging
import smtplib
from email.message import EmailMessage
from pathlib import Path
from typing import Iterable

from ..consolidate.timeliness import slots, unit_statuses
from ..model import MailOrigin, Outcome
from ..plan.config import Config
from ..plan.years import config_for_year
from ..plan.periods import current_reporting_period, parse_period
from ..store.files import publish
from ..store.ledger import Ledger
from .digest import PENDING, changed_sections, digest_key, digest_message, section
from .messages import KEY_HEADER, attach_file, receipt_messages, reminder_messages
from .settings import TIMEOUT_SECONDS, connection_error, login_error, mail_settings, missing_key, password_for, tls_context

log = logging.getLogger(__name__)
OUTBOX_DIR = "mail"                    # dry run: outbound/mail/*.eml
TEMPLATES_DIR = "mau-dien-san"         # outbound/mail/mau-dien-san/<UNIT>_<YYYY-MM>.xlsx: what reminders attach


def _recipients(message: EmailMessage) -> str:
    return ", ".join(str(message[h]) for h in ("To", "Cc") if message[h])


def _free_eml_path(folder: Path, message: EmailMessage, now: dt.datetime) -> Path:
    """outbound/mail/20230615-223000-001-receipt.eml: sortable by time, the kind readable, never reused."""
    kind = str(message[KEY_HEADER] or "mail").split(":", 1)[0]
    n = 1
    while (folder / f"{now:%Y%m%d-%H%M%S}-{n:03d}-{kind}.eml").exists():
        n += 1
    return folder / f"{now:%Y%m%d-%H%M%S}-{n:03d}-{kind}.eml"


def login_smtp(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib encodes credentials as ASCII; a password with Vietnamese letters goes as SASL PLAIN
    in UTF-8 (RFC 4616) instead."""
    if password.isascii() and user.isascii():
        smtp.login(user, password)
        return
    smtp.ehlo_or_helo_if_needed()
    token = base64.b64encode(f"\0{user}\0{password}".encode("utf-8")).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def connect_smtp(config: Config) -> smtplib.SMTP:
    """A TLS (implicit or STARTTLS) SMTP connection, logged in when `smtp_user` is set."""
    mail = mail_settings(config)
    if not mail.smtp_host:
        raise missing_key(config, "smtp_host")
    password = password_for(config, "smtp_password", mail.smtp_user) if mail.smtp_user else None
    context = tls_context(config)
    try:
        if mail.smtp_security == "tls":
            smtp = smtplib.SMTP_SSL(mail.smtp_host, mail.smtp_port, context=context, timeout=TIMEOUT_SECONDS)
        else:
            smtp = smtplib.SMTP(mail.smtp_host, mail.smtp_port, timeout=TIMEOUT_SECONDS)
            smtp.starttls(context=context)
    except (OSError, smtplib.SMTPException) as exc:
        raise connection_error(mail.smtp_host, mail.smtp_port, exc) from exc
    if password is not None:
        try:
            login_smtp(smtp, mail.smtp_user, password)
        except smtplib.SMTPException as exc:
            smtp.close()
            raise login_error(config, mail.smtp_host, mail.smtp_user, exc) from exc
    return smtp


def send(config: Config, messages: Iterable[EmailMessage], now: dt.datetime | None = None) -> list[Path | str]:
    """Send `messages` over SMTP (their Message-IDs are returned), or with `dry_run` write each as an
    .eml under outbound/mail/ (their paths are returned). A message whose key was sent before in the
    same mode is skipped, so a nightly run never repeats a receipt or reminder. A recipient the server
    refuses is logged and retried on the next call; a broken connection raises."""
    mail = mail_settings(config)
    if not mail.from_address:
        raise missing_key(config, "from_address")
    now = now or dt.datetime.now().astimezone()
    mode = "eml" if mail.dry_run else "smtp"
    done: list[Path | str] = []
    with Ledger(config.paths.ledger, config.paths.archive) as ledger:
        todo: dict[str, EmailMessage] = {}
        for message in messages:
            key = str(message[KEY_HEADER] or message["Message-ID"])
            if key in todo or ledger.was_sent(key, mode):
                continue
            todo[key] = message
        if not todo:
            return done

        def remember(key: str, message: EmailMessage, ref: str) -> None:
            ledger.record_sent(key, mode, now, _recipients(message), str(message["Subject"]), ref)
            done.append(Path(ref) if mode == "eml" else ref)

        if mail.dry_run:
            folder = config.paths.outbound / OUTBOX_DIR
            for key, message in todo.items():
                target = _free_eml_path(folder, message, now)
                data = message.as_bytes(policy=email.policy.SMTP)
                publish(target, lambda path, data=data: path.write_bytes(data))
                remember(key, message, str(target))
            return done

        with connect_smtp(config) as smtp:
            for key, message in todo.items():
                try:
                    smtp.send_message(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                    log.warning("mail %s to %s not accepted: %s", key, _recipients(message), exc)
                    continue
                remember(key, message, str(message["Message-ID"]))
    return done


def send_notifications(config: Config, fresh: list[Outcome], feedback: dict, outcomes: list[Outcome],
                       results: list, now: dt.datetime, sent: list,
                       origins: dict[str, MailOrigin] | None = None) -> list[str]:
    """Receipts for files that arrived in this run (with the annotated copy), reminders to units
    missing for the month being collected, and, when asked (`results`), leadership's digest: one a night, of the
    periods whose figures changed since the last digest, none when nothing did. Each message is sent once (a
    key per message); a mail failure is logged, never fatal. Nothing is built without an SMTP server or
    dry_run to deliver it."""
    if not (config.mail.smtp_host or config.mail.dry_run):
        return []
    today = now.date()
    current = current_reporting_period(today)
    messages = receipt_messages(config, fresh, feedback, origins or {})
    year_config = config_for_year(config, current.year)     # reminders go out on the plan of the month collected
    if year_config is not None:
        messages += attach_templates(year_config, reminder_messages(
            year_config, unit_statuses(slots(outcomes), year_config, current.months()), today))
    changed = []
    if results:
        with Ledger(config.paths.ledger) as ledger:
            changed = changed_sections([section(config, r.analysis, r.outputs) for r in results], ledger.digested())
            if changed and _was_sent(config, digest_key(today)):
                # tonight's digest has gone: these wait for tomorrow's, even if nothing else arrives by then
                ledger.record_digested({s.period: PENDING for s in changed}, digest_key(today), now)
                changed = []
        if changed:
            messages.append(digest_message(config, changed, today))
    try:
        done = send(config, messages, now)
    except Exception as exc:
        log.error("sending notifications failed: %s", exc)
        return [str(exc)]
    sent.extend(done)
    if changed and _was_sent(config, digest_key(today)):
        with Ledger(config.paths.ledger) as ledger:
            ledger.record_digested({s.period: s.fingerprint for s in changed}, digest_key(today), now)
    return []


def attach_templates(config: Config, reminders: list[EmailMessage]) -> list[EmailMessage]:
    """Each reminder not yet sent carries the unit's template pre-filled for the month it reminds of (written
    once under outbound/mail/, beside the dry run's messages)."""
    from ..outputs.template import write_template         # a template is an output: built only when needed
    mode = "eml" if mail_settings(config).dry_run else "smtp"
    with Ledger(config.paths.ledger) as ledger:
        due = [m for m in reminders if not ledger.was_sent(str(m[KEY_HEADER]), mode)]
    for message in due:
        _, period, unit, _ = str(message[KEY_HEADER]).split(":")
        target = config.paths.outbound / OUTBOX_DIR / TEMPLATES_DIR / f"{unit}_{period}.xlsx"
        if not target.exists():
            publish(target, lambda path, unit=unit, period=period: write_template(config, path, unit, parse_period(period)))
        attach_file(message, target)
    return reminders


def _was_sent(config: Config, key: str) -> bool:
    with Ledger(config.paths.ledger) as ledger:
        return ledger.was_sent(key, "eml" if mail_settings(config).dry_run else "smtp")
