"""Mail wired into the run: attachments fetched first, sender checked, receipts and reminders sent."""
from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest

from factories import Row, full_rows, make_workspace, submit
from mailservers import certificate, dovecot, imap_account, smtp_server  # noqa: F401  (fixtures)
from test_mail import PASSWORD_ENV, make_config, report_message
from pipeline.run import run

ICT = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2023, 6, 18, 22, 30, tzinfo=ICT)


def workbook_bytes(tmp_path, unit, rows=None):
    config = make_workspace(tmp_path / f"src-{unit}")
    return submit(config, unit, rows=rows).read_bytes()


@pytest.fixture
def mailed(tmp_path, imap_account, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, imap_account.password)
    config = make_config(tmp_path / "ws", account=imap_account, dry_run=True)
    config.paths.inbound.mkdir(parents=True, exist_ok=True)
    arrived = dt.datetime(2023, 6, 12, 9, 0, tzinfo=ICT)
    khtc = "KHTC <khtc@sldtbxh.example>"
    bad = {**full_rows(config), "1.2": Row(2, 3, 0)}
    imap_account.append(report_message((("KHTC_2023-05.xlsx", workbook_bytes(tmp_path, "KHTC")),), sender=khtc), arrived)
    imap_account.append(report_message((("NCC_2023-05.xlsx", workbook_bytes(tmp_path, "NCC")),), sender=khtc), arrived)
    imap_account.append(report_message((("loi.xlsx", workbook_bytes(tmp_path, "LDVL", bad)),),
                                       sender="LDVL <ldvl@sldtbxh.example>"), arrived)
    imap_account.append(report_message((("TTDD_2023-05.xlsx", workbook_bytes(tmp_path, "TTDD")),),
                                       sender="Ai đó <nguoi.la@gmail.example>"), arrived)
    return config, run(config, now=NOW)


def test_mailed_reports_are_fetched_checked_and_merged(mailed):
    config, result = mailed
    assert result.fetched.messages == 4 and len(result.fetched.stored) == 4
    by_name = {o.submission.name.split("-", 1)[1]: o for o in result.outcomes}
    assert by_name["KHTC_2023-05.xlsx"].status == "accepted"
    assert by_name["KHTC_2023-05.xlsx"].submission.received_at == dt.datetime(2023, 6, 12, 9, 0, tzinfo=ICT)
    # KHTC's address cannot report for NCC on its own: the file waits for the secretary
    ncc = by_name["NCC_2023-05.xlsx"]
    assert ncc.status == "held" and [f.code for f in ncc.checked.findings] == ["sender-unit-mismatch"]
    # an unknown address is reported, not dropped
    ttdd = by_name["TTDD_2023-05.xlsx"]
    assert ttdd.status == "accepted" and [f.code for f in ttdd.checked.findings] == ["unknown-sender"]
    assert by_name["loi.xlsx"].status == "rejected"


def test_two_units_sharing_an_address_may_each_report_from_it(tmp_path, imap_account, monkeypatch):
    """One clerk sends the reports of KHTC and NCC from KHTC's address (the config gives it to both): both
    are the sender's own; a third unit's report from it is still held, naming the two it may send for."""
    monkeypatch.setenv(PASSWORD_ENV, imap_account.password)
    config = make_config(tmp_path / "ws", account=imap_account, dry_run=True, emails={"NCC": "KHTC@sldtbxh.example"})
    config.paths.inbound.mkdir(parents=True, exist_ok=True)
    arrived = dt.datetime(2023, 6, 12, 9, 0, tzinfo=ICT)
    for unit in ("KHTC", "NCC", "LDVL"):
        imap_account.append(report_message(((f"{unit}_2023-05.xlsx", workbook_bytes(tmp_path, unit)),),
                                           sender="Văn thư <khtc@sldtbxh.example>"), arrived)
    result = run(config, now=NOW)
    assert result.fetched.unknown_senders == ()
    by_unit = {o.submission.name.split("-", 1)[1][:-13]: o for o in result.outcomes}
    assert [(by_unit[u].status, by_unit[u].checked.findings) for u in ("KHTC", "NCC")] == [("accepted", ())] * 2
    ldvl = by_unit["LDVL"]
    assert ldvl.status == "held" and [f.code for f in ldvl.checked.findings] == ["sender-unit-mismatch"]
    names = [config.unit(u).name for u in ("KHTC", "NCC")]
    assert f"của {names[0]} hoặc {names[1]} nhưng ghi là báo cáo của «{config.unit('LDVL').name}»" in \
        ldvl.checked.findings[0].message


def test_an_address_given_to_another_unit_later_leaves_earlier_reports_alone(mailed, imap_account):
    """KHTC's address is given to NCC and KHTC gets a new one: KHTC's report mailed from the old address
    stays KHTC's (accepted), and NCC's report from it, held before, is now the sender's own."""
    config, first = mailed
    by_name = {o.submission.name.split("-", 1)[1]: o for o in first.outcomes}
    assert by_name["NCC_2023-05.xlsx"].status == "held"
    moved = make_config(config.source.parent, account=imap_account, dry_run=True,
                        emails={"KHTC": "khtc.moi@sldtbxh.example", "NCC": "khtc@sldtbxh.example"})
    result = run(moved, now=NOW + dt.timedelta(minutes=5))
    by_name = {o.submission.name.split("-", 1)[1]: o for o in result.outcomes}
    for name in ("KHTC_2023-05.xlsx", "NCC_2023-05.xlsx"):
        assert (by_name[name].status, by_name[name].checked.findings) == ("accepted", ()), name


def test_receipts_and_reminders_are_written_in_dry_run(mailed):
    config, result = mailed
    messages = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in result.sent]
    receipts = [m for m in messages if "Biên nhận" in m["Subject"]]
    reminders = [m for m in messages if "Nhắc" in m["Subject"] or "nhắc" in m["Subject"]]
    assert len(receipts) == 4
    to_ldvl = next(m for m in receipts if "ldvl@" in m["To"])
    assert "trả lại" in to_ldvl["Subject"].lower()
    names = [part.get_filename() for part in to_ldvl.iter_attachments()]
    assert len(names) == 1 and names[0].endswith("_kiem-tra.xlsx")
    assert "H11" in to_ldvl.get_body(("plain",)).get_content()
    to_khtc = [m for m in receipts if "khtc@" in m["To"]]
    assert {("nhận" in m["Subject"].lower()) for m in to_khtc} == {True}
    # every unit without an accepted report for May, LDVL (rejected) and NCC (sent by KHTC) included
    missing = {u.email for u in config.units} - {"khtc@sldtbxh.example", "ttdd@sldtbxh.example"}
    assert {addr for m in reminders for addr in [m["To"].addresses[0].addr_spec]} == missing
    # each reminder carries the unit's template, pre-filled for May (read back: the unit and the month)
    from pipeline.intake.read import read_workbook
    for m in reminders:
        unit = next(u for u in config.units if u.email == m["To"].addresses[0].addr_spec)
        [part] = list(m.iter_attachments())
        assert part.get_filename() == f"{unit.code}_2023-05.xlsx"
        copy = config.paths.outbound / "mail" / "mau-dien-san" / part.get_filename()
        assert part.get_content() == copy.read_bytes()
        raw = read_workbook(copy)
        assert (raw.meta.get("unit"), raw.meta.get("period")) == (unit.code, "2023-05"), raw.meta
    # a second run sends nothing again
    again = run(config, now=NOW + dt.timedelta(hours=1))
    assert again.sent == ()


def test_a_mailbox_that_cannot_be_reached_does_not_stop_the_folder_intake(tmp_path, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    config = make_config(tmp_path / "ws", imap_host="127.0.0.1", imap_port=1, imap_user="x", dry_run=True)
    config.paths.inbound.mkdir(parents=True)
    submit(config, "KHTC")
    result = run(config, now=NOW)
    assert result.mail_errors and [o.status for o in result.outcomes] == ["accepted"]


def test_a_ledger_rebuilt_after_mail_keeps_senders_and_fetches_nothing_twice(mailed):
    """The notes beside each archived file carry its mail: a rebuilt ledger knows who sent what, the mailbox read
    again from its start stores no attachment a second time, and every file keeps its outcome."""
    from pipeline.run import rebuild_ledger
    from pipeline.store.ledger import Ledger
    config, before = mailed
    with Ledger(config.paths.ledger) as ledger:
        origins = ledger.mail_origins()
    stored = sorted(p for p in config.paths.inbound.rglob("*") if p.is_file())
    config.paths.ledger.unlink()
    rebuilt = rebuild_ledger(config)
    assert (rebuilt.from_notes, rebuilt.from_inbound, rebuilt.unplaced) == (4, 0, 0)
    with Ledger(config.paths.ledger) as ledger:
        assert ledger.mail_origins() == origins
    after = run(config, now=NOW)
    assert after.fetched.messages == 4 and not after.fetched.stored      # all four read again, none stored again
    assert sorted(p for p in config.paths.inbound.rglob("*") if p.is_file()) == stored
    outcome = lambda result: sorted((o.submission.path, o.submission.received_at, o.status, o.checked.unit)
                                    for o in result.outcomes)
    assert outcome(after) == outcome(before)


def digests(result) -> list:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in result.sent if p.name.endswith("-digest.eml")]


def test_one_digest_a_night_whatever_the_number_of_periods_that_changed(tmp_path):
    """Leadership gets one message a night for every period whose figures changed, none when nothing did; a
    change found after the night's digest went waits for the next night's, even if nothing else arrives."""
    config = make_config(tmp_path / "ws", dry_run=True)
    for unit, period in (("KHTC", "2023-03"), ("KHTC", "2023-04"), ("KHTC", "2023-05"), ("NCC", "2023-05")):
        submit(config, unit, period)
    first = run(config, now=NOW, summary_mail=True)
    assert len(first.periods) == 3
    [digest] = digests(first)
    assert "3 kỳ có số liệu mới" in digest["Subject"]
    text = digest.get_body(("plain",)).get_content()
    assert all(f"THÁNG {m}/2023" in text for m in ("03", "04", "05"))
    assert digest.get_body(("html",)) is not None and "**" not in text

    # later the same night a report for May: no second digest tonight
    submit(config, "LDVL", "2023-05")
    assert digests(run(config, now=NOW + dt.timedelta(minutes=30), summary_mail=True)) == []
    # the next night nothing arrives: May's change, not yet told, is tonight's digest, and May alone
    [late] = digests(run(config, now=NOW + dt.timedelta(days=1), summary_mail=True))
    assert late["Subject"] == "[MTCL] Tổng hợp mục tiêu chất lượng tháng 05/2023 — có số liệu mới"
    # the night after, nothing changed: nothing is sent
    assert digests(run(config, now=NOW + dt.timedelta(days=2), summary_mail=True)) == []
