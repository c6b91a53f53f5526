"""The ledger: the one module that speaks SQL; a ledger made by an earlier version opens and is brought up to date."""
from __future__ import annotations

import datetime as dt
import sqlite3

from pipeline.findings import make_finding
from pipeline.model import AttachmentStatus, MailAttachment, ReviewBook, ReviewDecision, Submission
from pipeline.store.ledger import Ledger

NOW = dt.datetime(2023, 6, 10, 22, 30).astimezone()


def submission(path: str = "KHTC_2023-05.xlsx") -> Submission:
    return Submission(path=path, sha256="a" * 64, size=10, received_at=NOW, archived=f"aa/{'a' * 64}.xlsx")


def test_a_ledger_from_before_the_mail_and_confirmation_tables_opens_and_gains_them(tmp_path):
    path = tmp_path / "ledger.sqlite"
    with sqlite3.connect(path) as db:          # the files table as the first releases made it, and nothing else
        db.execute("CREATE TABLE files (path TEXT NOT NULL, path_key TEXT NOT NULL, sha256 TEXT NOT NULL, "
                   "size INTEGER NOT NULL, received_at TEXT NOT NULL, first_seen TEXT NOT NULL, source TEXT NOT "
                   "NULL DEFAULT 'folder', archived TEXT NOT NULL, unit TEXT, period TEXT, status TEXT, on_time "
                   "INTEGER, findings TEXT, decided_at TEXT, PRIMARY KEY (path_key, sha256))")
    with Ledger(path) as ledger:
        ledger.record_files([submission()], NOW)
        ledger.record_outcomes([(submission(), "KHTC", "2023-05", "held", True,
                                 (make_finding("period-conflict", cell="C5", value="05/2023", source="tên tệp",
                                               other="04/2023"),))], NOW)
        assert ledger.file_rows() == [("KHTC_2023-05.xlsx", "a" * 64, NOW.isoformat())]
        assert ledger.mail_origins() == {} and ledger.mail_state("a@b", "INBOX") is None
        assert ledger.confirmations() == {}
        ledger.confirm("KHTC_2023-05.xlsx", "a" * 64, "confirm", "KHTC", "2023-05", NOW)
        assert ledger.confirmations() == {("KHTC_2023-05.xlsx", "a" * 64): ("confirm", "KHTC", "2023-05")}
        [held] = ledger.recorded_outcomes()
        assert held.status == "held" and held.checked.unit == "KHTC"


def test_mail_state_attachments_and_sent_messages_are_kept(tmp_path):
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        stored = MailAttachment("<m1@x>", "b" * 64, "Báo cáo.xlsx", "email/2023-06-10/7-Bao cao.xlsx", 5,
                                "khtc@sldtbxh.example", "KHTC", 7, NOW, AttachmentStatus.STORED)
        big = MailAttachment("<m1@x>", "c" * 64, "to.xlsx", None, 9, "khtc@sldtbxh.example", "KHTC", 7, NOW,
                             AttachmentStatus.TOO_LARGE)
        ledger.record_mail_message("u@h", "INBOX", 3, 7, [stored, big], NOW)
        assert ledger.mail_state("u@h", "INBOX") == (3, 7)
        assert ledger.mail_hashes("<m1@x>") == {"b" * 64, "c" * 64}
        (path, origin), = ledger.mail_origins().items()        # a file too large was never stored
        assert path == stored.path and (origin.sender, origin.unit, origin.name) == (
            "khtc@sldtbxh.example", "KHTC", "Báo cáo.xlsx")
        assert not ledger.was_sent("receipt:x", "smtp")
        ledger.record_sent("receipt:x", "smtp", NOW, "khtc@sldtbxh.example", "Biên nhận", "<id@x>")
        assert ledger.was_sent("receipt:x", "smtp") and not ledger.was_sent("receipt:x", "eml")


def test_review_decisions_keep_the_status_a_later_review_gave_them(tmp_path):
    """Recording a review again replaces its workbook and its decisions, but not the status a later review's
    workbook set; a decision no longer in the workbook is dropped; a review never sets its own decisions' status."""
    now = dt.datetime(2023, 7, 10, 9).astimezone()
    h1 = ReviewBook(period="2023-H1", meeting={"place": "Phòng họp 1"})
    one = ReviewDecision("2023-H1.01", "2023-H1", "improvement", "Số hóa hồ sơ", "VP", dt.date(2023, 9, 30))
    two = ReviewDecision("2023-H1.02", "2023-H1", "resource", "Nâng cấp máy chủ", "KHTC", dt.date(2023, 8, 15))
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        ledger.record_review(h1, "a" * 64, "so.xlsx", "aa/x.xlsx", [one, two], [], now)
        ledger.record_review(ReviewBook(period="2023-H2"), "b" * 64, "so2.xlsx", "bb/y.xlsx", [],
                             [("2023-H1.01", "done", "Xong tháng 9")], now)
        ledger.record_review(h1, "c" * 64, "so.xlsx", "cc/z.xlsx", [one], [("2023-H1.01", "cancelled", None)], now)
        assert [(d.id, d.status, d.note, d.updated_in) for d in ledger.review_decisions()] == [
            ("2023-H1.01", "done", "Xong tháng 9", "2023-H2")]
        assert ledger.review_book("2023-H1").meeting == {"place": "Phòng họp 1"}
        assert ledger.review_book("2023-Q3") is None
