"""Years of data survive: a damaged ledger stops every command with what to do, a backup is consistent while a run
writes, a restore keeps the replaced ledger, and a ledger rebuilt from the archive gives the same figures."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading

import pytest
from click.testing import CliRunner

from factories import Row, copy_with_time, edit_cells, full_rows, make_workspace, submit
from pipeline.cli import main
from pipeline.plan.layout import SHEET_INDICATORS
from pipeline.plan.periods import parse_period
from pipeline.run import RunInProgress, confirm_file, locked, rebuild_ledger, restore_workspace, run
from pipeline.store.backup import BackupProblem
from pipeline.store.ledger import Ledger, LedgerDamaged

MAY = parse_period("2023-05")
DUE = dt.datetime(2023, 6, 20, 9).astimezone()


@pytest.fixture
def busy(tmp_path):
    """A May with what a rebuild must get right: on time, late, a correction, a file sent twice under two names,
    and a held file the secretary confirmed; run once. (config, summary.json without its time, arrival rows)."""
    config = make_workspace(tmp_path / "ws")
    submit(config, "KHTC", received=DUE - dt.timedelta(days=5))
    submit(config, "NCC", received=DUE + dt.timedelta(days=4))                       # late
    first = submit(config, "VP", rows={**full_rows(config), "1.2": Row(4, 1)}, name="VP_lan1.xlsx",
                   received=DUE - dt.timedelta(days=9))
    submit(config, "VP", name="VP_lan2.xlsx", received=DUE - dt.timedelta(days=2))   # the correction
    copy_with_time(first, config.paths.inbound / "gui-lai" / "VP ban cu.xlsx", DUE - dt.timedelta(days=8))
    held = submit(config, "KHTC", name="NCC_2023-05.xlsx", folder=config.paths.inbound / "khac",
                  received=DUE - dt.timedelta(days=1))
    edit_cells(held, SHEET_INDICATORS, {"C4": config.unit("LDVL").name})
    run(config, periods=[MAY], mail=False)
    confirm_file(config, "khac/NCC_2023-05.xlsx", unit="LDVL", period=MAY)
    run(config, periods=[MAY], mail=False)
    return config, figures(config), arrivals(config)


def figures(config) -> dict:
    summary = json.loads((config.paths.outbound / "2023-05" / "summary.json").read_text(encoding="utf-8"))
    summary.pop("generated_at")
    return summary


def arrivals(config) -> list[tuple]:
    with sqlite3.connect(config.paths.ledger) as db:
        return db.execute("SELECT path, sha256, received_at, source, unit, period, status, on_time FROM files "
                          "ORDER BY path, sha256").fetchall()


def damage(config, how: str) -> None:
    path = config.paths.ledger
    if how == "text":
        path.write_text("Đây là biên bản họp, lưu nhầm đè lên sổ.\n", encoding="utf-8")
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    elif how == "zero":
        path.write_bytes(b"")
    else:
        path.unlink()


DAMAGES = ("text", "truncated", "zero", "deleted")


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_ledger_stops_every_command_that_opens_it_with_what_to_do(busy, how):
    config, before, _ = busy
    damage(config, how)
    left = config.paths.ledger.read_bytes() if config.paths.ledger.exists() else None
    for args in (["run"], ["status"], ["confirm"], ["backup", str(config.source.parent.parent / "bk")],
                 ["report", "--period", "2023-H1"], ["review", "--period", "2023-H1"], ["schedule"]):
        result = CliRunner().invoke(main, args + ["--config", str(config.source)])
        assert result.exit_code == 1, (args, result.output)
        assert str(config.paths.ledger) in result.output and "mtcl restore" in result.output and \
            "mtcl rebuild-ledger" in result.output, (args, result.output)
        assert "Traceback" not in result.output and not isinstance(result.exception, LedgerDamaged), args
    # nothing was written over what was left of it
    assert (config.paths.ledger.read_bytes() if config.paths.ledger.exists() else None) == left


def test_a_night_with_a_damaged_ledger_logs_what_to_do_without_a_traceback(busy, caplog):
    from pipeline.scheduler import nightly_job
    config, _, _ = busy
    damage(config, "text")
    nightly_job(config, lambda c: run(c, mail=False))()
    [record] = [r for r in caplog.records if "nightly run" in r.getMessage() and r.levelname == "ERROR"]
    assert record.exc_info is None and "mtcl rebuild-ledger" in record.getMessage()


@pytest.mark.parametrize("how", DAMAGES)
def test_a_rebuilt_ledger_gives_the_same_figures_and_arrival_times(busy, how):
    config, before, rows = busy
    damage(config, how)
    result = CliRunner().invoke(main, ["rebuild-ledger", "--config", str(config.source)])
    assert result.exit_code == 0, result.output
    if how != "deleted":
        [aside] = config.paths.ledger.parent.glob("ledger.sqlite.damaged-*")
        assert aside.name in result.output                # kept, never deleted
    run(config, periods=[MAY], mail=False)
    assert figures(config) == before
    assert arrivals(config) == rows


def test_a_rebuild_takes_inbound_files_the_archive_has_no_note_for(busy):
    """An archive from before the notes: the files still in inbound/ keep their arrival time (their modification
    time, as when they were first taken); bytes nothing names any more are kept under khoi-phuc/."""
    config, before, rows = busy
    for note in config.paths.archive.glob("*/*.notes.jsonl"):
        note.unlink()
    (config.paths.inbound / "gui-lai" / "VP ban cu.xlsx").unlink()
    folder = next(p for p in config.paths.archive.iterdir() if p.is_dir())
    (folder / ".ab12-x7k2m9qz.xlsx").write_bytes(b"half a copy")           # left by a stopped restore
    config.paths.ledger.unlink()
    rebuilt = rebuild_ledger(config)
    assert (rebuilt.from_notes, rebuilt.unplaced) == (0, 0)      # VP's old copy: the same bytes as VP_lan1
    assert rebuilt.from_inbound == len({r[0] for r in rows}) - 1
    with Ledger(config.paths.ledger) as ledger:
        assert {(s.path, s.received_at.isoformat()) for s in ledger.submissions()} == \
            {(r[0], r[2]) for r in rows if r[0] != "gui-lai/VP ban cu.xlsx"}


def test_a_backup_while_a_run_writes_is_consistent_and_restores(busy, tmp_path):
    """A run holds the lock and is in the middle of recording files; the backup neither waits nor copies the
    half-made decision, and restoring it gives the same figures. The replaced ledger is kept."""
    config, before, rows = busy
    with locked(config), Ledger(config.paths.ledger) as writer:
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute("UPDATE files SET status='rejected'")      # not committed yet
        result = CliRunner().invoke(main, ["backup", str(tmp_path / "bk"), "--config", str(config.source)])
        writer.conn.rollback()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "bk" / "ledger.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM files WHERE status='rejected'").fetchone()[0] < len(rows)
    damage(config, "text")
    result = CliRunner().invoke(main, ["restore", str(tmp_path / "bk"), "--config", str(config.source)])
    assert result.exit_code == 0, result.output
    [aside] = config.paths.ledger.parent.glob("ledger.sqlite.replaced-*")
    assert aside.read_text(encoding="utf-8").startswith("Đây là biên bản họp")
    assert "khác với cấu hình đang dùng" not in result.output          # the same config: nothing to say
    assert arrivals(config) == rows
    run(config, periods=[MAY], mail=False)
    assert figures(config) == before


def test_a_backup_runs_beside_a_run_in_another_thread(busy, tmp_path):
    """A whole run in a second thread while backups are made: every backup opens whole and names only archived
    bytes."""
    config, before, rows = busy
    submit(config, "LDVL", received=DUE - dt.timedelta(days=3))
    worker = threading.Thread(target=run, args=(config,), kwargs={"periods": [MAY], "mail": False})
    worker.start()
    made = []
    while worker.is_alive() or not made:
        folder = tmp_path / f"bk{len(made)}"
        assert CliRunner().invoke(main, ["backup", str(folder), "--config", str(config.source)]).exit_code == 0
        made.append(folder)
    worker.join()
    for folder in made:
        with sqlite3.connect(folder / "ledger.sqlite") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            for (archived,) in db.execute("SELECT archived FROM files"):
                assert (folder / "archive" / archived).is_file()


def test_restore_refuses_while_a_run_holds_the_lock_and_an_unusable_backup(busy, tmp_path):
    config, _, rows = busy
    CliRunner().invoke(main, ["backup", str(tmp_path / "bk"), "--config", str(config.source)])
    with locked(config), pytest.raises(RunInProgress):
        restore_workspace(config, tmp_path / "bk")
    (tmp_path / "bk" / "ledger.sqlite").write_bytes(b"not a ledger")
    with pytest.raises(BackupProblem, match="không phải là tệp sổ ghi nhận"):
        restore_workspace(config, tmp_path / "bk")
    assert arrivals(config) == rows and not list(config.paths.ledger.parent.glob("ledger.sqlite.replaced-*"))


def test_a_backup_inside_inbound_is_refused(busy):
    """Its copies of the archive would come back as new reports."""
    config, _, _ = busy
    result = CliRunner().invoke(main, ["backup", str(config.paths.inbound / "sao-luu"), "--config", str(config.source)])
    assert result.exit_code == 2 and "Hãy chọn một thư mục khác" in result.output
    assert not (config.paths.inbound / "sao-luu").exists()


def test_a_restore_on_a_new_pc_says_the_backups_config_differs_and_leaves_the_one_in_use(busy, tmp_path):
    """A new PC: mtcl init wrote the packaged plan; the backup carries the secretary's edited config."""
    config, _, rows = busy
    backup = tmp_path / "bk"
    CliRunner().invoke(main, ["backup", str(backup), "--config", str(config.source)])
    (backup / "config.toml").write_text(config.source.read_text(encoding="utf-8") + "# đã sửa\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["restore", str(backup), "--config", str(config.source)])
    assert result.exit_code == 0 and "khác với cấu hình đang dùng" in result.output
    assert "# đã sửa" not in config.source.read_text(encoding="utf-8") and arrivals(config) == rows


def test_a_fresh_workspace_still_makes_its_ledger(tmp_path):
    """No archive yet: a missing or empty ledger is a new one, not damage."""
    config = make_workspace(tmp_path / "ws")
    config.paths.ledger.write_bytes(b"")
    with Ledger(config.paths.ledger, config.paths.archive) as ledger:
        assert ledger.submissions() == []
