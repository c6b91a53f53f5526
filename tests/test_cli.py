"""The command line: the progress line on a terminal, and the read-only status command."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner

from factories import REAL_CONFIG, ROOT, make_workspace, submit
from pipeline.cli import _ProgressLine, main


def screen(written: str) -> str:
    """What a terminal line shows after `written`: each carriage return starts over the same line."""
    line = ""
    for chunk in written.split("\r"):
        line = chunk + line[len(chunk):]
    return line


def test_progress_line_rewrites_one_line_and_wipes_it():
    stream = io.StringIO()
    line = _ProgressLine(stream)
    line("read and check", 3, 1000)
    assert screen(stream.getvalue()) == "  đang đọc và kiểm tra tệp 3/1.000"
    line("workbook", 0, 0)
    assert screen(stream.getvalue()).rstrip() == "  đang ghi bảng tổng hợp …"
    line.clear()
    assert screen(stream.getvalue()).strip() == "" and "\n" not in stream.getvalue()


def test_demo_on_a_terminal_shows_each_stage_then_only_the_results(tmp_path):
    """Through a real pseudo-terminal: the stages appear on stderr while the run goes, each log message
    (-v) starts a line of its own instead of being glued to the progress line, and the line is wiped."""
    pty = pytest.importorskip("pty")        # POSIX only
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:          # the other end closed
                return
            if not data:
                return
            chunks.append(data)
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run([sys.executable, "-m", "pipeline", "-v", "demo", "--workdir", str(tmp_path / "ws"),
                               "--units", "8", "--config", str(REAL_CONFIG)], stdout=subprocess.PIPE, stderr=slave,
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    terminal = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 0, terminal
    for label in ("đang tạo báo cáo giả lập 8/8", "đang nhận tệp mới …", "đang đọc và kiểm tra tệp 8/8",
                  "đang ghi bảng tổng hợp …"):
        assert label in terminal, terminal
    shown = [screen(line.rstrip("\n")) for line in terminal.split("\n")]     # "\r" is not a new line here
    logged = [line for line in shown if " INFO pipeline." in line]
    assert any("workbook:" in line for line in logged), terminal
    assert all(re.match(r"\d{4}-\d\d-\d\d ", line) for line in logged), logged
    assert shown[-1].strip() == ""
    assert "nhận 8/8 báo cáo" in proc.stdout.decode("utf-8")


def test_status_reads_what_the_last_run_decided_and_checks_nothing_again(tmp_path, monkeypatch):
    """`mtcl status` is read-only: it lists each unit's report as the last run recorded it, without reading or
    checking any file a second time (outside the run's lock)."""
    import pipeline.run
    config = make_workspace(tmp_path / "ws")
    submit(config, "KHTC")
    late = submit(config, "NCC")
    os.utime(late, (late.stat().st_atime, late.stat().st_mtime + 30 * 86400))      # arrived after the 20th
    assert CliRunner().invoke(main, ["run", "--config", str(config.source), "--no-mail"]).exit_code == 0

    def never(*args, **kwargs):
        raise AssertionError("status read the files again")
    monkeypatch.setattr(pipeline.run, "check_submissions", never)
    monkeypatch.setattr(pipeline.run, "read_many", never)
    out = CliRunner().invoke(main, ["status", "--config", str(config.source), "--period", "2023-05"])
    assert out.exit_code == 0, out.output
    lines = {line.split()[0]: line for line in out.output.splitlines()[1:]}
    assert "Đúng hạn" in lines["KHTC"] and "Trễ hạn" in lines["NCC"] and "Chưa nộp" in lines["VP"]
    assert out.output.startswith("Tháng 05/2023 — hạn nộp 20/06/2023")
