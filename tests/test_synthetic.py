"""Synthetic workloads for benchmarks: N units, one report each, written through the real template."""
from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from factories import REAL_CONFIG
from pipeline.cli import main
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
    assert ws["C4"].value == config.units[0].name and isinstance(ws["G11"].value, int)


def test_demo_units_runs_the_pipeline_on_them(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--workdir", str(tmp_path / "ws"), "--units", "8",
                                       "--config", str(REAL_CONFIG)])
    assert result.exit_code == 0, result.output
    assert "nhận 8/8 báo cáo" in result.output
    bad = CliRunner().invoke(main, ["demo", "--workdir", str(tmp_path / "x"), "--units", "3", "--months", "2",
                                    "--config", str(REAL_CONFIG)])
    assert bad.exit_code == 2
