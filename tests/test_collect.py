"""Intake from the shared folder: arrival, lock files, duplicates, one outcome per file, moving, one run at a time."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import unicodedata

import pytest
from click.testing import CliRunner
from filelock import FileLock

from factories import copy_with_time, make_workspace, submit
from pipeline.cli import main
from pipeline.intake.collect import PROCESSED_DIR, is_ignored
from pipeline.store.ledger import Ledger
from pipeline.plan.periods import parse_period
from pipeline.run import RunInProgress, lock_path, run

MAY = parse_period("2023-05")


def statuses(result):
    return sorted((o.submission.path, o.status) for o in result.outcomes)


@pytest.fixture
def slow(tmp_path):
    return make_workspace(tmp_path / "ws", **{"settle_seconds = 0": "settle_seconds = 120"})


def test_a_file_written_slowly_is_deferred_then_accepted(slow, tmp_path):
    done = submit(slow, "KHTC", folder=tmp_path / "outside")
    data = done.read_bytes()
    target = slow.paths.inbound / "KHTC" / done.name
    target.parent.mkdir()
    with target.open("wb") as fh:                     # the copy is half-way through
        fh.write(data[: len(data) // 2])
    now = dt.datetime.now().astimezone()
    first = run(slow, periods=[MAY], now=now)
    assert statuses(first) == [("KHTC/KHTC_2023-05.xlsx", "deferred")]
    assert first.deferred[0].reason == "copying"
    with Ledger(slow.paths.ledger) as ledger:
        assert ledger.deferred() == [("KHTC/KHTC_2023-05.xlsx", "copying")] and ledger.submissions() == []
    summary = json.loads(first.periods[0].outputs["summary_json"].read_text(encoding="utf-8"))
    assert [(s["file"], s["status"], s["sha256"], s["verdict"]) for s in summary["submissions"]] == [
        ("KHTC/KHTC_2023-05.xlsx", "deferred", None, None)]
    with target.open("ab") as fh:                     # the copy finishes
        fh.write(data[len(data) // 2:])
    old = (now - dt.timedelta(minutes=10)).timestamp()
    os.utime(target, (old, old))
    second = run(slow, periods=[MAY], now=now)
    assert statuses(second) == [("KHTC/KHTC_2023-05.xlsx", "accepted")]
    with Ledger(slow.paths.ledger) as ledger:
        assert ledger.deferred() == []


@pytest.mark.parametrize("name", ["~$KHTC_2023-05.xlsx", ".~lock.KHTC_2023-05.xlsx#", ".hidden.xlsx",
                                  "KHTC_2023-05.xlsx.tmp", "a/.DS_Store", "da-xu-ly/KHTC.xlsx", "Thumbs.db"])
def test_lock_hidden_and_temp_files_are_ignored(name):
    from pathlib import PurePosixPath
    assert is_ignored(PurePosixPath(name))


def test_owner_file_never_appears_as_a_submission(workspace):
    submit(workspace, "KHTC")
    (workspace.paths.inbound / "~$NCC_2023-05.xlsx").write_bytes(b"\x00owner file of another workbook")
    result = run(workspace, periods=[MAY], now=dt.datetime(2023, 6, 30).astimezone())
    assert statuses(result) == [("KHTC_2023-05.xlsx", "accepted")]


def test_same_bytes_under_two_names_count_once_and_same_name_in_nfd_is_the_same_file(workspace):
    first = submit(workspace, "KHTC", name="Báo cáo KHTC.xlsx")
    when = dt.datetime(2023, 6, 18, 10).astimezone()      # a day after the original
    copy_with_time(first, workspace.paths.inbound / "khac" / "ban sao.xlsx", when)
    result = run(workspace, periods=[MAY], now=dt.datetime(2023, 6, 30).astimezone())
    assert statuses(result) == [("Báo cáo KHTC.xlsx", "accepted"), ("khac/ban sao.xlsx", "duplicate")]
    # The same name written in NFD (a copy from a Mac) with the same bytes is not a new file.
    nfd = unicodedata.normalize("NFD", "Báo cáo KHTC.xlsx")
    os.rename(first, workspace.paths.inbound / nfd)
    again = run(workspace, periods=[MAY], now=dt.datetime(2023, 7, 1).astimezone())
    assert again.new_files == () and len(again.outcomes) == 2


def test_unit_subfolder_places_a_file_the_unit_could_not_fill_in(workspace):
    folder = workspace.paths.inbound / unicodedata.normalize("NFD", "Phòng Người có công")
    folder.mkdir()
    (folder / "bao cao 05-2023.xlsx").write_bytes(b"not a workbook at all")
    result = run(workspace, periods=[MAY], now=dt.datetime(2023, 6, 30).astimezone())
    (outcome,) = result.outcomes
    assert outcome.status == "rejected" and outcome.checked.unit == "NCC"
    assert {s.unit: s.status for s in result.periods[0].metrics.statuses}["NCC"] == "rejected"


def test_every_file_has_exactly_one_outcome_in_the_ledger(workspace):
    submit(workspace, "KHTC")
    submit(workspace, "NCC", name="NCC_2023-05.xlsx")
    (workspace.paths.inbound / "rac.pdf").write_bytes(b"%PDF-1.4 not a workbook")
    run(workspace, periods=[MAY], now=dt.datetime(2023, 6, 30).astimezone())
    with sqlite3.connect(workspace.paths.ledger) as db:
        rows = db.execute("SELECT path, status FROM files ORDER BY path").fetchall()
    assert rows == [("KHTC_2023-05.xlsx", "accepted"), ("NCC_2023-05.xlsx", "accepted"), ("rac.pdf", "rejected")]


def test_move_processed_moves_without_replacing(tmp_path):
    config = make_workspace(tmp_path / "ws", **{"settle_seconds = 0": "settle_seconds = 0\nmove_processed = true"})
    path = submit(config, "KHTC", folder=config.paths.inbound / "KHTC")
    occupied = config.paths.inbound / PROCESSED_DIR / "KHTC" / path.name
    occupied.parent.mkdir(parents=True)
    occupied.write_bytes(b"an earlier file with the same name")
    result = run(config, periods=[MAY], now=dt.datetime(2023, 6, 30).astimezone())
    assert statuses(result) == [("KHTC/KHTC_2023-05.xlsx", "accepted")]
    assert not path.exists()
    assert occupied.read_bytes() == b"an earlier file with the same name"
    moved = occupied.with_name("KHTC_2023-05 (2).xlsx")
    assert moved.exists()
    again = run(config, periods=[MAY], now=dt.datetime(2023, 7, 1).astimezone())   # nothing new, nothing lost
    assert statuses(again) == [("KHTC/KHTC_2023-05.xlsx", "accepted")]


def test_without_the_option_inbound_is_left_alone(workspace):
    path = submit(workspace, "KHTC")
    run(workspace, periods=[MAY], now=dt.datetime(2023, 6, 30).astimezone())
    assert path.exists() and not (workspace.paths.inbound / PROCESSED_DIR).exists()


def test_a_second_concurrent_run_is_refused(workspace):
    submit(workspace, "KHTC")
    workspace.paths.ledger.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(lock_path(workspace))):
        with pytest.raises(RunInProgress):
            run(workspace, periods=[MAY])
        result = CliRunner().invoke(main, ["run", "--config", str(workspace.source)])
        assert result.exit_code == 1 and "đang chạy" in result.output
    assert run(workspace, periods=[MAY]).outcomes          # the lock is free again


def test_a_lock_left_by_a_killed_run_does_not_block(workspace):
    import subprocess
    import sys
    code = ("import sys, os, signal; from filelock import FileLock; "
            "l = FileLock(sys.argv[1]); l.acquire(); print('held', flush=True); os.kill(os.getpid(), signal.SIGKILL)")
    workspace.paths.ledger.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-c", code, str(lock_path(workspace))], capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL and "held" in proc.stdout
    assert lock_path(workspace).exists()
    submit(workspace, "KHTC")
    assert run(workspace, periods=[MAY]).outcomes
