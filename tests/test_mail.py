"""Tests for pipeline.mail and pipeline.notify against a real Dovecot and a real SMTP server on loopback."""
from __future__ import annotations

import base64
import datetime as dt
import email
import email.header
import email.policy
import email.utils
import hashlib
import os
import sqlite3
import tomllib
import unicodedata
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest

from mailservers import certificate, dovecot, imap_account, smtp_server  # noqa: F401  (fixtures)
from pipeline.mail import names as mail_module
from pipeline.mail import messages as notify
from pipeline.mail.send import send
from pipeline.intake.collect import collect_files
from pipeline.plan.config import build_config
from pipeline.findings import make_finding
from pipeline.store.ledger import Ledger
from pipeline.model import Submission
from pipeline.mail.settings import MailError
from pipeline.mail.fetch import fetch_mail, sender_of
from pipeline.plan.config import units_by_email
from pipeline.mail.names import imap_utf7, safe_filename, uid_set
from pipeline.model import Outcome
from pipeline.consolidate.metrics import Metrics
from pipeline.consolidate.timeliness import UnitStatus
from pipeline.plan.periods import Period
from pipeline.model import Checked
from pipeline.model import Arrival, Status, Submitted

CONFIG = Path(__file__).parents[1] / "config.toml"
PASSWORD_ENV = "MTCL_TEST_MAIL_PASSWORD"
ICT = dt.timezone(dt.timedelta(hours=7))
ARRIVED = dt.datetime(2023, 6, 12, 9, 15, 30, tzinfo=ICT)
NOW = dt.datetime(2023, 6, 15, 22, 30, tzinfo=ICT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VN_NAME = "Báo cáo MTCL tháng 5.xlsx"
KHTC = "Phòng Kế hoạch - Tài chính <KHTC@sldtbxh.example>"     # case differs from config: still KHTC

# the implicit-TLS test SMTP server requires AUTH without STARTTLS, which aiosmtpd warns about
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


# ---------------------------------------------------------------- factories

def make_config(tmp_path: Path, account=None, smtp=None, emails: dict[str, str] | None = None, **mail):
    """The real plan from config.toml, with paths in tmp_path and a [mail] table for the test servers
    (`emails`: unit code to the address the config gives it instead)."""
    data = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    for unit in data["units"]:
        unit["email"] = (emails or {}).get(unit["code"], unit["email"])
    data["paths"] = {"inbound": "inbound", "outbound": "outbound", "archive": "archive", "ledger": "ledger.sqlite"}
    table = {"from_address": "mtcl@sldtbxh.example", "leadership": ["giamdoc@sldtbxh.example"],
             "secretary": ["thuky@sldtbxh.example"], "password_env": PASSWORD_ENV}
    if account is not None:
        table.update(imap_host="127.0.0.1", imap_port=account.server.port_tls, imap_security="tls",
                     imap_user=account.user, cafile=str(account.server.cafile))
    if smtp is not None:
        table.update(smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security=smtp.security,
                     smtp_user=smtp.user, cafile=str(smtp.cafile))
    table.update(mail)
    data["mail"] = table
    return build_config(data, tmp_path / "config.toml")


@pytest.fixture
def imap_password(monkeypatch, imap_account):
    monkeypatch.setenv(PASSWORD_ENV, imap_account.password)


def report_message(attachments=((VN_NAME, b"PK\x03\x04 workbook bytes"),), sender=KHTC,
                   message_id: str | None = None, subject="Báo cáo MTCL tháng 5/2023") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "mtcl@sldtbxh.example"
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(ARRIVED)
    message["Message-ID"] = message_id or email.utils.make_msgid(domain="sldtbxh.example")
    message.set_content("Kính gửi Văn phòng Sở, đơn vị gửi báo cáo tháng 5.")
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype=XLSX.split("/")[1], filename=name)
    return message.as_bytes(policy=email.policy.SMTP)


def raw_message(disposition: str, data: bytes = b"PK\x03\x04 raw", content_type: str = XLSX) -> bytes:
    """A message written by hand, for header forms EmailMessage would never produce itself."""
    body = base64.encodebytes(data).decode("ascii").replace("\n", "\r\n")
    return (f"From: {KHTC.split('<')[1].rstrip('>')}\r\nTo: mtcl@sldtbxh.example\r\n"
            "Subject: =?utf-8?b?QsOhbyBjw6Fv?=\r\nMessage-ID: <tay@sldtbxh.example>\r\n"
            "Date: Mon, 12 Jun 2023 09:15:30 +0700\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="ranh-gioi"\r\n\r\n'
            "--ranh-gioi\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nxin gửi\r\n"
            f"--ranh-gioi\r\nContent-Type: {content_type}\r\nContent-Disposition: {disposition}\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{body}--ranh-gioi--\r\n").encode("utf-8")


def mail_rows(config) -> list[dict]:
    with sqlite3.connect(config.paths.ledger) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM mail_files ORDER BY uid, name")]


def mail_state(config) -> tuple[int, int]:
    with sqlite3.connect(config.paths.ledger) as conn:
        return conn.execute("SELECT uidvalidity, last_uid FROM mail_state").fetchone()


def stored_files(config) -> list[Path]:
    folder = config.paths.inbound / "email"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def day_folder(config, when: dt.datetime = ARRIVED) -> Path:
    return config.paths.inbound / "email" / f"{when.astimezone():%Y-%m-%d}"


# ---------------------------------------------------------------- pure helpers

@pytest.mark.parametrize("sent, safe", [
    ("../../x.xlsx", "x.xlsx"),
    ("..\\..\\Windows\\evil.xlsx", "evil.xlsx"),
    ("/etc/passwd.xlsx", "passwd.xlsx"),
    (".hidden.xlsx", "hidden.xlsx"),
    ("~$lock.xlsx", "~$lock.xlsx"),                       # stored as <uid>-~$lock.xlsx: not an owner file
    ("bao\u202eslx.exe.xlsx", "baoslx.exe.xlsx"),         # a bidi override cannot disguise the extension
    ("a\x00b\r\nc\t.xlsx", "abc.xlsx"),
    ('Báo: cáo? "5" <KHTC>|*.xlsx', "Báo_ cáo_ _5_ _KHTC___.xlsx"),
    (unicodedata.normalize("NFD", VN_NAME), VN_NAME),
    ("bao cao .  .xlsx", "bao cao.xlsx"),
    ("/", "tep-dinh-kem"),
    (".xlsx", "tep-dinh-kem.xlsx"),
    ("..\\.xlsx", "tep-dinh-kem.xlsx"),
])
def test_safe_filename(sent, safe):
    assert safe_filename(sent) == safe


def test_safe_filename_caps_length_in_bytes_and_keeps_the_extension():
    name = safe_filename("Báo cáo " * 60 + ".xlsx")
    assert name.endswith(".xlsx") and len(name.encode("utf-8")) <= mail_module.MAX_NAME_BYTES
    assert unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize("name, encoded", [
    ("INBOX", "INBOX"), ("Đã xử lý", "&ARAA4w- x&Hu0- l&AP0-"), ("A&B", "A&-B"), ("Báo cáo", "B&AOE-o c&AOE-o")])
def test_imap_utf7(name, encoded):
    assert imap_utf7(name) == encoded


def test_uid_set():
    assert uid_set([9, 1, 2, 3, 7, 10, 2]) == "1:3,7,9:10"


# ---------------------------------------------------------------- fetching

def test_fetch_stores_attachment_with_arrival_time_and_unit(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    data = b"PK\x03\x04 the report of KHTC"
    uid = imap_account.append(report_message([(VN_NAME, data)]), ARRIVED)

    result = fetch_mail(config, NOW)

    target = day_folder(config) / f"{uid}-{VN_NAME}"
    assert stored_files(config) == [target]
    assert target.read_bytes() == data
    assert target.stat().st_mtime == ARRIVED.timestamp()     # the folder collector reads arrival from mtime
    assert result.messages == 1 and result.unknown_senders == () and result.skipped == ()
    [stored] = result.stored
    assert (stored.path, stored.sender, stored.unit, stored.received_at) == (
        f"email/{ARRIVED.astimezone():%Y-%m-%d}/{uid}-{VN_NAME}", "khtc@sldtbxh.example", "KHTC", ARRIVED)
    [row] = mail_rows(config)
    assert (row["path"], row["name"], row["sender"], row["unit"], row["status"], row["sha256"]) == (
        stored.path, VN_NAME, "khtc@sldtbxh.example", "KHTC", "stored", hashlib.sha256(data).hexdigest())
    assert sender_of(origin_of(config, stored.path), units_by_email(config)) == ("khtc@sldtbxh.example", ("KHTC",))
    assert origin_of(config, "KHTC_2023-05.xlsx") is None and sender_of(None, {}) is None


def test_fetched_file_is_collected_with_its_arrival_time(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    imap_account.append(report_message(), ARRIVED)
    [stored] = fetch_mail(config, NOW).stored
    with Ledger(config.paths.ledger) as ledger:
        collected = collect_files(config, ledger, NOW)
    [submission] = collected.new
    assert submission.path == stored.path
    assert submission.received_at == ARRIVED


def test_message_delivered_twice_is_stored_once(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    raw = report_message(message_id="<mot-lan@sldtbxh.example>")
    first = imap_account.append(raw, ARRIVED)
    imap_account.append(raw, ARRIVED + dt.timedelta(minutes=1))

    result = fetch_mail(config, NOW)

    assert (result.messages, len(result.stored), result.duplicates) == (2, 1, 1)
    assert stored_files(config) == [day_folder(config) / f"{first}-{VN_NAME}"]
    assert len(mail_rows(config)) == 1


def test_same_attachment_twice_in_one_message_is_stored_once(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    imap_account.append(report_message([(VN_NAME, b"same"), ("ban sao.xlsx", b"same")]), ARRIVED)
    result = fetch_mail(config, NOW)
    assert (len(result.stored), result.duplicates, len(stored_files(config))) == (1, 1, 1)


@pytest.mark.parametrize("sent, safe", [("../../x.xlsx", "x.xlsx"), ("..\\..\\..\\x.xlsx", "x.xlsx"),
                                        ("/tmp/.x.xlsx", "x.xlsx")])
def test_attachment_name_cannot_escape_inbound(tmp_path, imap_account, imap_password, sent, safe):
    config = make_config(tmp_path, imap_account)
    uid = imap_account.append(report_message([(sent, b"PK escape")]), ARRIVED)

    fetch_mail(config, NOW)

    assert stored_files(config) == [day_folder(config) / f"{uid}-{safe}"]
    assert not (tmp_path / "x.xlsx").exists() and not Path("/tmp/.x.xlsx").exists()
    [row] = mail_rows(config)
    assert row["path"] == f"email/{ARRIVED.astimezone():%Y-%m-%d}/{uid}-{safe}" and row["name"] == sent


@pytest.mark.parametrize("disposition", [
    "attachment;\r\n filename*0*=utf-8''B%C3%A1o%20c%C3%A1o%20MTCL;\r\n filename*1*=%20th%C3%A1ng%205.xlsx",
    "attachment; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20MTCL%20th%C3%A1ng%205.xlsx",
    "attachment; filename*=windows-1258''B%E1o%20c%E1o%20MTCL%20th%E1ng%205.xlsx",
    'attachment; filename="=?utf-8?B?QsOhbyBjw6FvIE1UQ0wgdGjDoW5nIDUueGxzeA==?="',
    'attachment; filename="=?UTF-8?Q?Ba=CC=81o_ca=CC=81o_MTCL_tha=CC=81ng_5.xlsx?="',     # NFD, as macOS sends
], ids=["rfc2231-continuation", "rfc2231", "rfc2231-windows-1258", "encoded-word", "encoded-word-nfd"])
def test_vietnamese_attachment_name_is_decoded_to_nfc(tmp_path, imap_account, imap_password, disposition):
    config = make_config(tmp_path, imap_account)
    uid = imap_account.append(raw_message(disposition), ARRIVED)

    [stored] = fetch_mail(config, NOW).stored

    assert stored.name == VN_NAME
    assert stored_files(config) == [day_folder(config) / f"{uid}-{VN_NAME}"]
    assert mail_rows(config)[0]["name"] == VN_NAME


def test_name_in_content_type_only_is_used(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    raw = raw_message("attachment", content_type=f"{XLSX}; name*=utf-8''B%C3%A1o%20c%C3%A1o.xlsx")
    uid = imap_account.append(raw, ARRIVED)
    fetch_mail(config, NOW)
    assert stored_files(config) == [day_folder(config) / f"{uid}-Báo cáo.xlsx"]


def test_unknown_sender_is_stored_and_reported(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    imap_account.append(report_message(sender="Văn phòng Sở <someone@gmail.example>"), ARRIVED)

    result = fetch_mail(config, NOW)

    assert result.unknown_senders == ("someone@gmail.example",)
    [stored] = result.stored
    assert stored.unit is None and Path(config.paths.inbound / stored.path).exists()
    assert mail_rows(config)[0]["unit"] is None
    # the display name says "Văn phòng Sở" but only the address counts
    assert sender_of(origin_of(config, stored.path), units_by_email(config)) == ("someone@gmail.example", ())


def test_oversize_attachment_is_recorded_but_not_stored(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account, max_attachment_mb=1)
    big = os.urandom(1024 * 1024 + 1)
    imap_account.append(report_message([("to-qua.xlsx", big), (VN_NAME, b"small")]), ARRIVED)

    result = fetch_mail(config, NOW)

    assert [s.name for s in result.stored] == [VN_NAME]
    [skipped] = result.skipped
    assert (skipped.name, skipped.reason, skipped.size) == ("to-qua.xlsx", "too-large", len(big))
    assert "1 MB" in skipped.message_vi(config)
    assert [p.name.split("-", 1)[1] for p in stored_files(config)] == [VN_NAME]
    rows = {r["name"]: r for r in mail_rows(config)}
    assert rows["to-qua.xlsx"]["status"] == "too-large" and rows["to-qua.xlsx"]["path"] is None


def test_messages_without_a_report_are_reported(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    imap_account.append(report_message([]), ARRIVED)
    imap_account.append(report_message([("bao-cao.pdf", b"%PDF")]), ARRIVED)
    result = fetch_mail(config, NOW)
    assert sorted((s.reason, s.name) for s in result.skipped) == [
        ("no-attachment", ""), ("no-attachment", ""), ("not-a-spreadsheet", "bao-cao.pdf")]
    assert result.stored == () and stored_files(config) == []


@pytest.mark.parametrize("move_to", ["", "Đã xử lý"], ids=["examine", "select-and-move"])
def test_messages_stay_unseen_and_are_never_deleted(tmp_path, imap_account, imap_password, move_to):
    # with move_to the folder is opened read-write, where a plain BODY[] fetch would set \Seen
    config = make_config(tmp_path, imap_account, move_to=move_to)
    for n in range(3):
        imap_account.append(report_message([(f"{n}.xlsx", bytes([n]))]), ARRIVED)

    assert len(fetch_mail(config, NOW).stored) == 3

    where = move_to or "INBOX"
    uids = imap_account.uids(where)
    assert len(uids) == 3
    for uid in uids:
        flags = imap_account.flags(uid, where)
        assert "\\Seen" not in flags and "\\Deleted" not in flags, flags


def test_uidvalidity_and_last_uid_are_persisted(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    first = imap_account.append(report_message([("a.xlsx", b"a")]), ARRIVED)
    fetch_mail(config, NOW)
    assert mail_state(config) == (imap_account.uidvalidity(), first)

    again = fetch_mail(config, NOW)
    assert (again.messages, again.stored, again.duplicates) == (0, (), 0)

    second = imap_account.append(report_message([("b.xlsx", b"b")]), ARRIVED)
    later = fetch_mail(config, NOW)
    assert [s.uid for s in later.stored] == [second]
    assert mail_state(config) == (imap_account.uidvalidity(), second)


def test_changed_uidvalidity_reads_again_without_doubling(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    imap_account.append(report_message([("a.xlsx", b"a")]), ARRIVED)
    imap_account.append(report_message([("b.xlsx", b"b")]), ARRIVED)
    fetch_mail(config, NOW)
    with sqlite3.connect(config.paths.ledger) as conn:      # as if the server had rebuilt the folder
        conn.execute("UPDATE mail_state SET uidvalidity = 1")

    result = fetch_mail(config, NOW)

    assert (result.messages, result.stored, result.duplicates) == (2, (), 2)
    assert len(stored_files(config)) == 2 and len(mail_rows(config)) == 2
    assert mail_state(config)[0] == imap_account.uidvalidity()


def test_crash_between_storing_and_recording_loses_and_doubles_nothing(tmp_path, imap_account, imap_password,
                                                                       monkeypatch):
    config = make_config(tmp_path, imap_account)
    uid = imap_account.append(report_message(), ARRIVED)

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")
    with monkeypatch.context() as patched:
        patched.setattr(Ledger, "record_mail_message", crash)
        with pytest.raises(RuntimeError, match="power cut"):
            fetch_mail(config, NOW)
    assert len(stored_files(config)) == 1 and mail_rows(config) == []     # on disk, not yet recorded
    assert mail_state(config)[1] == 0

    result = fetch_mail(config, NOW)

    assert [s.uid for s in result.stored] == [uid]
    assert stored_files(config) == [day_folder(config) / f"{uid}-{VN_NAME}"]
    assert len(mail_rows(config)) == 1 and mail_state(config)[1] == uid


def test_a_different_file_is_never_overwritten(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    uid = imap_account.append(report_message([(VN_NAME, b"from the mail")]), ARRIVED)
    squatter = day_folder(config) / f"{uid}-{VN_NAME}"
    squatter.parent.mkdir(parents=True)
    squatter.write_bytes(b"someone else's file")

    [stored] = fetch_mail(config, NOW).stored

    assert squatter.read_bytes() == b"someone else's file"
    assert (config.paths.inbound / stored.path).read_bytes() == b"from the mail"
    assert stored.path.endswith(f"{uid}-Báo cáo MTCL tháng 5-2.xlsx")


def test_handled_messages_move_to_a_vietnamese_folder(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account, imap_folder="Báo cáo đơn vị", move_to="Đã xử lý")
    imap_account.append(report_message([("a.xlsx", b"a")]), ARRIVED, folder="Báo cáo đơn vị")
    imap_account.append(report_message([("b.xlsx", b"b")]), ARRIVED, folder="Báo cáo đơn vị")

    result = fetch_mail(config, NOW)

    assert (len(result.stored), result.moved) == (2, 2)
    assert imap_account.uids("Báo cáo đơn vị") == []
    assert len(imap_account.uids("Đã xử lý")) == 2
    assert {imap_utf7("Báo cáo đơn vị"), imap_utf7("Đã xử lý")} <= set(imap_account.folders())
    assert fetch_mail(config, NOW).messages == 0


def test_starttls_with_secrets_file_and_cafile_beside_the_config(tmp_path, imap_account, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    (tmp_path / "secrets.toml").write_text(f'imap_password = "{imap_account.password}"\n', encoding="utf-8")
    (tmp_path / "ca.pem").write_bytes(imap_account.server.cafile.read_bytes())
    config = make_config(tmp_path, imap_account, imap_security="starttls", cafile="ca.pem",
                         imap_port=imap_account.server.port_plain, secrets_file="secrets.toml")
    imap_account.append(report_message(), ARRIVED)
    assert len(fetch_mail(config, NOW).stored) == 1


def test_missing_password_names_the_environment_variable(tmp_path, imap_account, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    config = make_config(tmp_path, imap_account)
    with pytest.raises(MailError, match=f"Chưa có mật khẩu hộp thư {imap_account.user}.*{PASSWORD_ENV}"):
        fetch_mail(config, NOW)


def test_wrong_password_and_untrusted_certificate_are_clear_errors(tmp_path, imap_account, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "sai")
    with pytest.raises(MailError, match="từ chối đăng nhập"):
        fetch_mail(make_config(tmp_path, imap_account), NOW)
    monkeypatch.setenv(PASSWORD_ENV, imap_account.password)
    with pytest.raises(MailError, match="TLS"):
        fetch_mail(make_config(tmp_path, imap_account, cafile=""), NOW)


def test_progress_is_reported_per_message(tmp_path, imap_account, imap_password):
    config = make_config(tmp_path, imap_account)
    for n in range(2):
        imap_account.append(report_message([(f"{n}.xlsx", bytes([n]))]), ARRIVED)
    seen = []
    fetch_mail(config, NOW, progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen == [("fetch mail", 1, 2), ("fetch mail", 2, 2)]


# ---------------------------------------------------------------- notifications

def origin_of(config, path: str):
    """Where the ledger says the file at `path` came from (None: not by mail)."""
    with Ledger(config.paths.ledger) as ledger:
        return ledger.mail_origins().get(path)


def unit_status(unit: str, status: Submitted, file: str | None = None, rejected: int = 0) -> UnitStatus:
    """A unit's May report as the run counts it."""
    may = Period(2023, 5, 1)
    source = Submission(path=file, sha256="0" * 64, size=1, received_at=ARRIVED, archived="x") if file else None
    return UnitStatus(unit, may, status, Arrival(status) if status != Submitted.REJECTED else Arrival.MISSING,
                      may.due_date(20), source, rejected, source.received_at if source else None)


def make_outcome(path: str, data: bytes, unit="KHTC", status=Status.ACCEPTED, findings=None) -> Outcome:
    findings = (make_finding("template-version", sheet="Chỉ tiêu", cell="B2", found="0.9", expected="1.0"),
                make_finding("unknown-measure", sheet="Biện pháp", cell="A14", value="BP-99")) \
        if findings is None else findings
    sub = Submission(path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data), received_at=ARRIVED,
                     archived="")
    return Outcome(submission=sub, checked=Checked(unit=unit, period=Period(2023, 5, 1), findings=findings),
                   status=status, on_time=True)


def write_xlsx(path: Path) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Tổng hợp"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path.read_bytes()


def attachments(message) -> dict[str, tuple[str, bytes]]:
    return {part.get_filename(): (part.get_content_type(), part.get_content())
            for part in message.iter_attachments()}


def parse(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def test_receipt_reaches_the_unit_with_findings_and_annotated_workbook(tmp_path, smtp_server, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, smtp_server.password)
    config = make_config(tmp_path, smtp=smtp_server)
    annotated = tmp_path / "outbound" / "Báo cáo MTCL tháng 5 — đã đánh dấu.xlsx"
    data = write_xlsx(annotated)
    outcome = make_outcome("KHTC_2023-05.xlsx", b"report")

    sent = send(config, [notify.receipt_message(config, outcome, annotated)])

    [received] = smtp_server.messages
    message = parse(received.data)
    assert sent == [message["Message-ID"]]
    assert received.rcpt_tos == ["khtc@sldtbxh.example"] and received.mail_from == "mtcl@sldtbxh.example"
    assert message["Subject"] == "[MTCL] Biên nhận báo cáo tháng 05/2023 — nhận có cảnh báo"
    body = message.get_body(("plain",)).get_content()
    for text in (config.unit("KHTC").name, "KHTC_2023-05.xlsx", "09:15 ngày 12/06/2023", "hạn nộp 20/06/2023",
                 "đúng hạn", "NHẬN CÓ CẢNH BÁO", "[Cảnh báo] Chỉ tiêu!B2 — ", "[Cảnh báo] Biện pháp!A14 — ",
                 "BP-99"):
        assert text in body, text
    assert attachments(message) == {annotated.name: (XLSX, data)}


def test_receipt_of_a_mailed_file_answers_the_sender_in_its_thread(tmp_path, imap_account, smtp_server,
                                                                   monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    (tmp_path / "secrets.toml").write_text(f'imap_password = "{imap_account.password}"\n'
                                           f'smtp_password = "{smtp_server.password}"\n', encoding="utf-8")
    config = make_config(tmp_path, imap_account, smtp_server, secrets_file="secrets.toml")
    imap_account.append(report_message(sender="Chị Lan <lan.nguyen@gmail.example>",
                                       message_id="<goc@gmail.example>"), ARRIVED)
    [stored] = fetch_mail(config, NOW).stored
    assert origin_of(config, stored.path).message_id == "<goc@gmail.example>"
    outcome = make_outcome(stored.path, b"x", status=Status.REJECTED,
                           findings=(make_finding("negative", sheet="Chỉ tiêu", cell="F12", value=-3),))

    annotated = tmp_path / "phan-hoi.xlsx"
    data = write_xlsx(annotated)
    send(config, notify.receipt_messages(config, [outcome],
                                         {(outcome.submission.path, outcome.submission.sha256): annotated},
                                         {stored.path: origin_of(config, stored.path)}))

    [received] = smtp_server.messages
    message = parse(received.data)
    assert sorted(received.rcpt_tos) == ["khtc@sldtbxh.example", "lan.nguyen@gmail.example"]
    assert message["In-Reply-To"] == "<goc@gmail.example>"
    assert message["Subject"] == "[MTCL] Biên nhận báo cáo tháng 05/2023 — trả lại"
    body = message.get_body(("plain",)).get_content()
    assert "[Lỗi] Chỉ tiêu!F12 — Số lượng không được âm" in body
    assert f"- Tệp: {VN_NAME}\r\n" in body                 # the name the unit gave it, not <uid>-name
    assert attachments(message) == {"phan-hoi.xlsx": (XLSX, data)}


def test_the_digest_reaches_leadership_as_text_and_html_with_the_workbooks(tmp_path, smtp_server, monkeypatch):
    from pipeline.mail.digest import Section, digest_message
    monkeypatch.setenv(PASSWORD_ENV, smtp_server.password)
    config = make_config(tmp_path, smtp=smtp_server)
    books = {}
    for key in ("2023-04", "2023-05"):
        books[key] = tmp_path / "outbound" / key / f"tong-hop-mtcl-{key}.xlsx"
        write_xlsx(books[key])
    sections = [Section(key, f"Tháng {key[5:]}/2023", ("Mục tiêu đạt: 8/10", "Biện pháp quá hạn: 2"),
                        (("1.1. Biện pháp thực hiện MTCL", "99,1%", "≥ 100%", "Không đạt", "bad"),), books[key])
                for key in books]

    send(config, [digest_message(config, sections, NOW.date())])

    [received] = smtp_server.messages
    message = parse(received.data)
    assert sorted(received.rcpt_tos) == ["giamdoc@sldtbxh.example", "thuky@sldtbxh.example"]
    assert message["Subject"] == f"[MTCL] Tổng hợp mục tiêu chất lượng ngày {NOW:%d/%m/%Y} — 2 kỳ có số liệu mới"
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    assert "THÁNG 04/2023" in text and "THÁNG 05/2023" in text and "- Mục tiêu đạt: 8/10" in text
    assert "1.1. Biện pháp thực hiện MTCL: 99,1% (mục tiêu ≥ 100%)" in text
    assert not any(mark in text for mark in ("**", "| ", "# ", "`"))           # plain text, not Markdown
    assert 'name="viewport"' in page and "max-width:600px" in page           # a phone shows it at its width
    assert "<td class=\"bad\">Không đạt</td>" in page and page.count("<h2>") == 2
    assert set(attachments(message)) == {"tong-hop-mtcl-2023-04.xlsx", "tong-hop-mtcl-2023-05.xlsx"}


@pytest.mark.parametrize("today, expected", [
    (dt.date(2023, 6, 16), []),
    (dt.date(2023, 6, 17), [("VP", "before"), ("TTRA", "before")]),
    (dt.date(2023, 6, 20), [("VP", "before"), ("TTRA", "before")]),
    (dt.date(2023, 6, 21), []),
    (dt.date(2023, 6, 22), [("VP", "after"), ("TTRA", "after")]),
    (dt.date(2023, 7, 19), [("VP", "after"), ("TTRA", "after")]),
    (dt.date(2023, 7, 20), []),
])
def test_reminders_go_to_missing_units_around_the_due_date(tmp_path, today, expected):
    config = make_config(tmp_path, remind_days_before=3, remind_days_after=2)
    statuses = [unit_status("VP", Submitted.MISSING), unit_status("TTRA", Submitted.REJECTED, rejected=1),
                unit_status("KHTC", Submitted.LATE, "a.xlsx")]
    messages = notify.reminder_messages(config, statuses, today)
    assert [tuple(m[notify.KEY_HEADER].split(":")[2:]) for m in messages] == expected
    emails = {u.code: u.email for u in config.units}
    assert [m["To"] for m in messages] == [emails[code] for code, _ in expected]
    if expected:
        first = messages[0]
        assert "hạn 20/06/2023" in first["Subject"] and "tháng 05/2023" in first["Subject"]
        assert "bị trả lại" in messages[1].get_body(("plain",)).get_content()


def test_dry_run_writes_eml_files_that_parse_back_and_never_twice(tmp_path):
    config = make_config(tmp_path, dry_run=True)
    annotated = tmp_path / "Báo cáo đã đánh dấu.xlsx"
    data = write_xlsx(annotated)
    receipt = notify.receipt_message(config, make_outcome("KHTC_2023-05.xlsx", b"r"), annotated)
    reminders = notify.reminder_messages(
        config, [unit_status("VP", Submitted.MISSING)], dt.date(2023, 6, 18))

    paths = send(config, [receipt, *reminders], now=NOW)

    assert [p.parent for p in paths] == [config.paths.outbound / "mail"] * 2
    parsed = [parse(p.read_bytes()) for p in paths]
    assert parsed[0]["Subject"] == "[MTCL] Biên nhận báo cáo tháng 05/2023 — nhận có cảnh báo"
    assert attachments(parsed[0]) == {"Báo cáo đã đánh dấu.xlsx": (XLSX, data)}
    assert parsed[1]["To"] == "vanphong@sldtbxh.example"
    assert "Nhắc nộp báo cáo tháng 05/2023" in parsed[1]["Subject"]
    # the same receipt and reminder built again on the next night are not written again
    again = notify.reminder_messages(
        config, [unit_status("VP", Submitted.MISSING)], dt.date(2023, 6, 19))
    assert send(config, [notify.receipt_message(config, make_outcome("KHTC_2023-05.xlsx", b"r")), *again],
                       now=NOW) == []
    assert len(list((config.paths.outbound / "mail").iterdir())) == 2


def test_message_is_7bit_clean_with_rfc2231_attachment_name(tmp_path):
    config = make_config(tmp_path)
    workbook = tmp_path / "Tổng hợp.xlsx"
    write_xlsx(workbook)
    message = notify.new_message(config, "test:1", ["giamdoc@sldtbxh.example"], "Tổng hợp tháng 5", "Kính gửi")
    notify.attach_file(message, workbook)
    wire = message.as_bytes()
    assert max(wire) < 128                                   # any SMTP server takes it, 8BITMIME or not
    assert b"filename*=utf-8''T%E1%BB%95ng%20h%E1%BB%A3p.xlsx" in wire
    assert f"Content-Type: {XLSX}".encode() in wire
    assert parse(wire)["Subject"] == "Tổng hợp tháng 5"
    # decoded as RFC 2047 says, joining adjacent encoded words; CPython's address parser keeps the
    # folding space between them, so it is not the judge of the From header
    raw_from = email.message_from_bytes(wire)["From"]
    assert str(email.header.make_header(email.header.decode_header(raw_from))) == \
        "Sở Lao động – Thương binh và Xã hội <mtcl@sldtbxh.example>"
