"""Crash safety: a run killed at any point, a full disk, or an output open in Excel never loses or corrupts
the previous outputs or the ledger, and the next run gives exactly what an uninterrupted run gives."""
from __future__ import annotations

import errno
import json
import logging
import os
import random
import re
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import hostile as h
from factories import Row, full_rows, make_workspace, submit
from pipeline.outputs import period as write_module
from pipeline.store import files as files_module
from pipeline.cli import main
from pipeline.plan.config import load_config
from pipeline.plan.periods import parse_period
from pipeline.run import run

MAY = parse_period("2023-05")
TRIALS = 24
FIRST, LATER = 5, 5              # reports in the previous run, reports arriving before the killed one
OUTPUTS = ("tong-hop-mtcl-2023-05.xlsx", "summary.md", "summary.json")
# The time of writing, wherever an output shows it («lập lúc 22:30 ngày 25/06/2023», ISO stamps).
STAMP = re.compile(r"\d{1,2}:\d{2}(:\d{2})?( ngày)? \d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}T[\d:.+-]+")


def outputs_of(config) -> dict[str, Path]:
    return {name: config.paths.outbound / "2023-05" / name for name in OUTPUTS}


def snapshot(config) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in outputs_of(config).items()}


def readable(config) -> None:
    """Every output under its final name opens completely."""
    paths = outputs_of(config)
    openpyxl.load_workbook(paths[OUTPUTS[0]])
    json.loads(paths["summary.json"].read_text(encoding="utf-8"))
    assert paths["summary.md"].read_text(encoding="utf-8").startswith("# ")


def normalised(config) -> tuple[dict, dict]:
    """summary.json without its time of writing, and every cell of the workbook with stamps masked."""
    paths = outputs_of(config)
    summary = json.loads(paths["summary.json"].read_text(encoding="utf-8"))
    summary.pop("generated_at")
    wb = openpyxl.load_workbook(paths[OUTPUTS[0]])
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    value = STAMP.sub("<stamp>", cell.value) if isinstance(cell.value, str) else cell.value
                    cells[(ws.title, cell.coordinate)] = value
    return summary, cells


def ledger_consistent(config) -> None:
    """SQLite's own check, and every file the ledger knows is in the archive with the bytes it names."""
    with sqlite3.connect(config.paths.ledger) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute("SELECT sha256, archived FROM files").fetchall()
    import hashlib
    for sha, archived in rows:
        assert hashlib.sha256((config.paths.archive / archived).read_bytes()).hexdigest() == sha


def final_names(config) -> set[str]:
    return {p.name for p in (config.paths.outbound / "2023-05").iterdir() if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def crash_states(tmp_path_factory):
    """`before`: a workspace after a complete run over five reports, with five more reports waiting in
    `arrivals`; `reference`: the same after an uninterrupted run, and how long that run took."""
    base = tmp_path_factory.mktemp("crash")
    config = make_workspace(base / "before")
    codes = [u.code for u in config.units]
    for code in codes[:FIRST]:
        submit(config, code)
    for code in codes[FIRST:FIRST + LATER]:
        submit(config, code, folder=base / "arrivals")
    done = h.run_cli(["run", "--config", str(config.source), "--period", "2023-05"], timeout=120)
    assert done.returncode == 0, done.stderr
    shutil.copytree(base / "before", base / "reference")
    reference = load_config(base / "reference" / "config.toml")
    arrive(base, reference)
    done = h.run_cli(["run", "--config", str(reference.source), "--period", "2023-05"], timeout=120)
    assert done.returncode == 0, done.stderr
    return base, snapshot(config), normalised(reference), done.seconds


def arrive(base: Path, config) -> None:
    for path in (base / "arrivals").iterdir():
        shutil.copy2(path, config.paths.inbound / path.name)


def wait_gone(group: int, seconds: float = 5) -> bool:
    """Whether every process of `group` (the run and its readers) has ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def failure(check, *args, **kwargs) -> str | None:
    try:
        check(*args, **kwargs)
    except Exception as exc:       # recorded per trial; the tests below assert on every trial
        return repr(exc)
    return None


@pytest.fixture(scope="module")
def killed_runs(crash_states, tmp_path_factory):
    """TRIALS runs of `mtcl run` killed with SIGKILL after a random delay within a typical run's time,
    each followed by a normal run; what was found after the kill and after the next run."""
    base, previous, reference, typical = crash_states
    rng = random.Random(20230620)
    trials = []
    for trial in range(TRIALS):
        folder = tmp_path_factory.mktemp(f"trial{trial}")
        shutil.copytree(base / "before", folder, dirs_exist_ok=True)
        config = load_config(folder / "config.toml")
        arrive(base, config)
        proc = h.start_cli(["run", "--config", str(config.source), "--period", "2023-05"], folder / "cli")
        time.sleep(rng.uniform(0, typical))
        # Even trials: the whole process group, as a scheduler stopping the task does; odd trials: the
        # run's own process only, as the OOM killer or `kill -9 PID` does — its readers must not linger.
        if trial % 2 == 0:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        seen = {"trial": trial, "orphans_gone": wait_gone(proc.pid), "unreadable": failure(readable, config),
                "names": final_names(config), "ledger": failure(ledger_consistent, config)}
        current = snapshot(config)
        same = [current[name] == previous[name] for name in OUTPUTS]
        seen["state"] = "previous" if all(same) else "new" if not any(same) else "mixed"
        seen["next_run"] = failure(run, config, periods=[MAY]) or failure(readable, config)
        seen["next_ledger"] = failure(ledger_consistent, config)
        seen["next_equal"] = seen["next_run"] is None and normalised(config) == reference
        seen["stale"] = sorted(p.name for p in config.paths.outbound.rglob(".*") if p.is_file())
        trials.append(seen)
        shutil.rmtree(folder / "archive")
    print("\nkilled runs:", {s: sum(t["state"] == s for t in trials) for s in ("previous", "new", "mixed")},
          "stale temp files after the next run:", sum(bool(t["stale"]) for t in trials))
    return trials


def test_a_killed_run_leaves_the_previous_outputs_intact_and_readable(killed_runs):
    assert [(t["trial"], t["unreadable"]) for t in killed_runs if t["unreadable"]] == []
    assert [(t["trial"], t["names"]) for t in killed_runs if t["names"] != set(OUTPUTS)] == []
    # Where the kills landed (before, during or after publishing) depends on the machine's load: the
    # fixture prints the spread; every state must satisfy the checks above.


def test_a_killed_run_leaves_the_ledger_consistent(killed_runs):
    assert [(t["trial"], t["ledger"]) for t in killed_runs if t["ledger"]] == []


def test_no_reader_outlives_a_killed_run(killed_runs):
    """A forked reader holds the run's lock file too: one left behind would block every later run."""
    assert [t["trial"] for t in killed_runs if not t["orphans_gone"]] == []


def test_the_run_after_a_kill_gives_what_an_uninterrupted_run_gives(killed_runs):
    assert [(t["trial"], t["next_run"], t["next_ledger"]) for t in killed_runs
            if t["next_run"] or t["next_ledger"] or not t["next_equal"]] == []


def test_the_run_after_a_kill_sweeps_its_temp_files(killed_runs):
    assert [(t["trial"], t["stale"]) for t in killed_runs if t["stale"]] == []


SLOW_FEEDBACK = """
import pathlib, time
import pipeline.outputs.feedback.annotate as feedback
real = feedback._annotate
def slow(source, name, checked, out):
    pathlib.Path({marker!r}).touch()          # the annotation stage has started, in a pool worker
    time.sleep(60)
    return real(source, name, checked, out)
feedback._annotate = slow
"""


def test_no_annotating_worker_outlives_a_killed_run(tmp_path):
    config = make_workspace(tmp_path / "ws")
    for unit in config.units[:9]:                        # enough files with findings for the pool
        rows = full_rows(config)
        rows["1.2"] = Row(5, 2, 0)                      # below target, no corrective action: a warning
        submit(config, unit.code, rows=rows)
    marker = tmp_path / "annotating"
    proc = h.start_cli(["run", "--config", str(config.source), "--period", "2023-05"], tmp_path / "cli",
                       preload=SLOW_FEEDBACK.format(marker=str(marker)))
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), (tmp_path / "cli" / "stderr").read_text()
    os.kill(proc.pid, signal.SIGKILL)                   # the run only, as the OOM killer would
    proc.wait()
    gone = wait_gone(proc.pid)
    if not gone:
        os.killpg(proc.pid, signal.SIGKILL)             # clean up what the run left
    assert gone


# --- a full disk or a write error while writing the outputs --------------------------------------


@pytest.fixture
def published(tmp_path):
    """A workspace after a complete run over two reports, and a third report waiting to be read."""
    config = make_workspace(tmp_path / "ws")
    submit(config, "KHTC")
    submit(config, "NCC")
    run(config, periods=[MAY])
    submit(config, "VP")
    return config, snapshot(config)


def _disk_full(real):
    def produce_half_then_fail(path: Path, *args, **kwargs):
        real(path, *args, **kwargs)                          # the real bytes, then the disk fills up half-way
        data = Path(path).read_bytes()
        Path(path).write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return produce_half_then_fail


@pytest.mark.parametrize("failing", [
    "workbook",
    "summary_md",
    "summary_json",
])
def test_a_full_disk_while_writing_leaves_the_previous_outputs_intact(published, monkeypatch, failing):
    config, previous = published
    if failing == "workbook":
        monkeypatch.setattr(write_module, "write_workbook", _disk_full(write_module.write_workbook))
    elif failing == "summary_json":
        monkeypatch.setattr(write_module, "write_json", _disk_full(write_module.write_json))
    else:
        real_text = write_module._write_text
        monkeypatch.setattr(write_module, "_write_text",
                            lambda text: _disk_full(real_text(text)) if text.startswith("# ") else real_text(text))
    result = CliRunner().invoke(main, ["run", "--config", str(config.source), "--period", "2023-05"])
    assert result.exit_code == 1
    assert "Lần chạy thất bại" in result.output and os.strerror(errno.ENOSPC) in result.output, result.output
    assert final_names(config) == set(OUTPUTS)
    assert not [p for p in config.paths.outbound.rglob(".*") if p.is_file()], "a partial temp file was left"
    ledger_consistent(config)
    with sqlite3.connect(config.paths.ledger) as db:
        status, detail = db.execute("SELECT status, detail FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert status == "failed" and os.strerror(errno.ENOSPC) in detail, detail
    assert snapshot(config) == previous


# --- the output open in Excel --------------------------------------------------------------------


def _locked(monkeypatch, final: Path) -> list[int]:
    """os.replace onto `final` fails as on Windows while Excel holds the file; sleeps are counted, not slept."""
    real_replace = os.replace
    sleeps: list[int] = []

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == final:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))
        return real_replace(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(files_module.time, "sleep", lambda seconds: sleeps.append(seconds))
    return sleeps


def test_an_output_open_in_excel_is_retried_then_published_under_a_timestamped_name(published, monkeypatch,
                                                                                     caplog):
    config, previous = published
    final = outputs_of(config)[OUTPUTS[0]]
    sleeps = _locked(monkeypatch, final)
    with caplog.at_level(logging.WARNING, logger="pipeline.store.files"):
        result = run(config, periods=[MAY])
    used = result.periods[0].outputs["workbook"]
    assert len(sleeps) == files_module.REPLACE_RETRIES
    assert used != final and re.fullmatch(r"tong-hop-mtcl-2023-05-\d{8}-\d{6}\.xlsx", used.name), used
    assert final.read_bytes() == previous[OUTPUTS[0]]                 # the open copy is left alone
    assert openpyxl.load_workbook(used)[("Tổng quan")] is not None
    assert any(used.name in r.getMessage() and "locked" in r.getMessage() for r in caplog.records)
    summary = json.loads(outputs_of(config)["summary.json"].read_text(encoding="utf-8"))
    assert summary["outputs"]["workbook"] == f"2023-05/{used.name}"
    assert not [p for p in config.paths.outbound.rglob(".*") if p.is_file()]


def test_the_summary_for_leadership_names_the_workbook_actually_published(published, monkeypatch):
    config, _ = published
    _locked(monkeypatch, outputs_of(config)[OUTPUTS[0]])
    used = run(config, periods=[MAY]).periods[0].outputs["workbook"]
    assert used.name in outputs_of(config)["summary.md"].read_text(encoding="utf-8")


# --- the archive on a full disk ------------------------------------------------------------------


def test_a_full_disk_while_archiving_leaves_no_partial_copy(tmp_path, monkeypatch):
    config = make_workspace(tmp_path / "ws")
    path = submit(config, "KHTC")
    from pipeline.store import archive

    def full(source, copy_to):
        """The copy's first half reaches the disk, then the disk is full."""
        copy_to.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(archive, "sha256_file", full)
    result = run(config, periods=[MAY])
    assert [d.path for d in result.deferred] == [path.name]            # it waits for the next run
    assert not [p for p in config.paths.archive.rglob("*") if p.is_file()], "a partial copy was left"
