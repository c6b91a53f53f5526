"""The messages mtcl sends: receipts to units, reminders, the summary to leadership; pure."""
from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import re
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Iterable

from ..consolidate.timeliness import UnitStatus
from ..model import MailOrigin, Outcome, Status, Submitted, Verdict
from ..plan.config import Config
from ..plan.periods import Period
from ..vi import SEVERITY_VI, STATUS_VI, VERDICT_VI
from .names import safe_filename
from .settings import mail_settings
from ..vi.mail import MESSAGES


KEY_HEADER = "X-MTCL-Key"              # what a message is about; send() sends each key once
SPREADSHEET_TYPES = {
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".xlsm": ("application", "vnd.ms-excel.sheet.macroEnabled.12"),
    ".xls": ("application", "vnd.ms-excel"),
    ".ods": ("application", "vnd.oasis.opendocument.spreadsheet"),
    ".xlsb": ("application", "vnd.ms-excel.sheet.binary.macroEnabled.12"),
}


def _date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _sender_domain(config: Config) -> str:
    return mail_settings(config).from_address.rpartition("@")[2] or "mtcl.invalid"


def new_message(config: Config, key: str, to: Iterable[str], subject: str, body: str,
                cc: Iterable[str] = ()) -> EmailMessage:
    """A UTF-8 plain-text message from the Department, tagged with the key send() remembers it by."""
    mail = mail_settings(config)
    to = list(dict.fromkeys(to))
    cc = [a for a in dict.fromkeys(cc) if a.casefold() not in {t.casefold() for t in to}]
    message = EmailMessage(policy=email.policy.SMTP)
    if mail.from_address:                   # send() refuses to go on without one
        message["From"] = Address(display_name=config.plan.department, addr_spec=mail.from_address)
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(domain=_sender_domain(config))
    message["Auto-Submitted"] = "auto-generated"        # RFC 3834: out-of-office replies stay away
    message[KEY_HEADER] = key
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    return message


def attach_file(message: EmailMessage, path: Path, filename: str | None = None) -> None:
    """Attach a workbook with its spreadsheet MIME type; a Vietnamese name is encoded per RFC 2231."""
    maintype, subtype = SPREADSHEET_TYPES.get(path.suffix.lower(), ("application", "octet-stream"))
    message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype,
                           filename=filename or path.name)


def _footer(config: Config) -> list[str]:
    lines = ["", "--", MESSAGES["footer"]]
    contacts = mail_settings(config).secretary
    if contacts:
        lines.append(MESSAGES["footer-contact"].format(contacts=", ".join(contacts)))
    return lines


def _where(sheet: str | None, cell: str | None) -> str:
    place = f"{sheet}!{cell}" if sheet and cell else (sheet or cell or "")
    return f"{place} — " if place else ""


def receipt_message(config: Config, outcome: Outcome, attachment: Path | None = None, *,
                    sender: str | None = None, in_reply_to: str | None = None,
                    file_name: str | None = None) -> EmailMessage | None:
    """The receipt for one submitted file, to its unit's email and to whoever mailed it; None when
    neither address is known (a file dropped in the folder by a unit nobody could identify).
    `file_name` is the name the unit gave the file, when it differs from the stored one."""
    sub, checked = outcome.submission, outcome.checked
    unit = config.unit(checked.unit) if checked.unit else None
    to = [unit.email] if unit and unit.email else ([sender] if sender else [])
    if outcome.status == Status.HELD:        # every unit the file's signs name is told, not only the one typed
        to += [config.unit(code).email for code in checked.named_units if config.unit(code).email]
    if not to:
        return None
    verdict = Verdict.REJECTED if outcome.status == Status.REJECTED else checked.verdict
    period = checked.period
    subject_period = _lower_first(period.label_vi) if period else ""
    subject = MESSAGES["receipt-subject"].format(period=subject_period, verdict=VERDICT_VI[verdict])
    subject = re.sub(r"\s+", " ", subject)

    lines = [MESSAGES["receipt-greeting"].format(unit=unit.name if unit else sender), "",
             MESSAGES["receipt-intro"].format(department=config.plan.department), "",
             MESSAGES["receipt-file"].format(name=file_name or sub.name),
             MESSAGES["receipt-received"].format(time=f"{sub.received_at:%H:%M}", day=_date(sub.received_at))]
    if period is not None:
        due = period.due_date(config.reporting.due_day)
        lines.append(MESSAGES["receipt-period"].format(period=period.label_vi, due=_date(due)))
        if outcome.on_time is not None and verdict != Verdict.REJECTED:
            lines.append(MESSAGES["on-time" if outcome.on_time else "late"])
    else:
        lines.append(MESSAGES["receipt-period-unknown"])
    lines.append(MESSAGES["receipt-verdict"].format(verdict=VERDICT_VI[verdict].upper()))
    if outcome.status in (Status.DUPLICATE, Status.SUPERSEDED, Status.HELD):
        lines.append(MESSAGES["receipt-status"].format(status=STATUS_VI[outcome.status]))
    if checked.findings:
        lines += ["", MESSAGES["findings-title"].format(count=len(checked.findings))]
        lines += [MESSAGES["finding-line"].format(n=n, severity=SEVERITY_VI.get(f.severity, f.severity),
                                                 where=_where(f.sheet, f.cell), message=f.message)
                  for n, f in enumerate(checked.findings, start=1)]
    closing = outcome.status if outcome.status in (Status.DUPLICATE, Status.SUPERSEDED, Status.HELD) else verdict
    lines += ["", MESSAGES[f"closing-{closing}"]]
    if attachment is not None:
        lines += ["", MESSAGES["annotated"]]
    lines += _footer(config)

    message = new_message(config, f"receipt:{sub.sha256}:{sub.path}", to, subject, "\n".join(lines),
                          cc=[sender] if sender else [])
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    if attachment is not None:
        attach_file(message, attachment, safe_filename(attachment.name))
    return message


def receipt_messages(config: Config, outcomes: Iterable[Outcome],
                     annotated: dict[tuple[str, str], Path] | None = None,
                     origins: dict[str, MailOrigin] | None = None) -> list[EmailMessage]:
    """Receipts for `outcomes` (pass only the files new in this run); a file that came by mail (`origins`,
    from Ledger.mail_origins) is answered in its thread and also to its sender. `annotated` maps (path,
    sha256) of a submission to its annotated copy (RunResult.feedback), which is attached."""
    out = []
    for outcome in outcomes:
        sub = outcome.submission
        origin = (origins or {}).get(sub.path)
        message = receipt_message(config, outcome, (annotated or {}).get((sub.path, sub.sha256)),
                                  sender=origin.sender if origin else None,
                                  in_reply_to=origin.message_id if origin else None,
                                  file_name=origin.name if origin else None)
        if message is not None:
            out.append(message)
    return out


def _next_due(period: Period, due_day: int) -> dt.date:
    """The due date of the month after the last month of `period`."""
    due = period.due_date(due_day)
    return Period(due.year, due.month, 1).due_date(due_day)


def reminder_messages(config: Config, statuses: Iterable[UnitStatus], today: dt.date) -> list[EmailMessage]:
    """Reminders to units whose report for a period is missing (or only rejected): from
    `remind_days_before` days before the due date until it, and from `remind_days_after` days after
    it until the next month's report is due. send() sends each (period, unit, before|after) once."""
    mail = mail_settings(config)
    due_day = config.reporting.due_day
    intake = mail.imap_user if "@" in mail.imap_user else mail.from_address
    out = []
    for status in statuses:
        if status.status not in (Submitted.MISSING, Submitted.REJECTED):
            continue
        unit = config.unit(status.unit)
        if not unit.email:
            continue
        period = status.period
        due = period.due_date(due_day)
        if due - dt.timedelta(days=mail.remind_days_before) <= today <= due:
            kind, days = "before", (due - today).days
        elif due + dt.timedelta(days=mail.remind_days_after) <= today < _next_due(period, due_day):
            kind, days = "after", (today - due).days
        else:
            continue
        label = _lower_first(period.label_vi)
        subject = MESSAGES[f"reminder-subject-{kind}"].format(period=label, due=_date(due))
        lines = [MESSAGES["receipt-greeting"].format(unit=unit.name), "",
                 MESSAGES[f"reminder-{status.status}"].format(department=config.plan.department, period=label),
                 MESSAGES["reminder-today" if days == 0 else f"reminder-{kind}"].format(due=_date(due), days=days),
                 "",
                 MESSAGES["reminder-how"].format(intake=intake)]
        lines += _footer(config)
        out.append(new_message(config, f"reminder:{status.period}:{unit.code}:{kind}", [unit.email], subject,
                               "\n".join(lines)))
    return out
