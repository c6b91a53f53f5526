"""Synthetic workloads for benchmarks: N units, one report each, written through the real template."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import REAL_CONFIG, ROOT
from pipeline.cli import _ProgressLine, main
from pipeline.plan.config import load_config
from pipeline.demo.synthetic import build_synthetic


def test_build_synthetic_writes_one_valid_report_per_unit(tmp_path):
    seen = []
    config = build_synthetic(tmp_path / "ws", REAL_CONFIG, 12, workers=1, progress=lambda *a: seen.append(a))
    assert seen == [("generate", 0, 12), ("generate", 12, 12)]
    assert len(config.units) == 12 and config.units[0].code == "U00001"
    assert len(config.measures) == len(load_config(REAL_CONFIG).measures)
    files = sorted(config.paths.inbound.glob("*.xlsx"))
    assert [f.name for f in files] == [f"U{i:05d}_2023-05.xlsx" for i in range(1, 13)]
    ws = openpyxl.load_workbook(files[0])["Chỉ tiêu"]
    assert ws["C4"].value == config.units[0].name and isinstance(ws["G10"].value, int)


def test_demo_units_runs_the_pipeline_on_them(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--workdir", str(tmp_path / "ws"), "--units", "8",
                                       "--config", str(REAL_CONFIG)])
    assert result.exit_code == 0, result.output
    assert "nhận 8/8 báo cáo" in result.output
    bad = CliRunner().invoke(main, ["demo", "--workdir", str(tmp_path / "x"), "--units", "3", "--months", "2",
                                    "--config", str(REAL_CONFIG)])
    assert bad.exit_code == 2


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
