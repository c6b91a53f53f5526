"""Factories the tests share: a workspace built from the real plan, unit submissions filled through the template,
LibreOffice as a user's spreadsheet program, the peer corpus."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from pipeline.plan.config import Config, load_config
from pipeline.demo.clerk import Row, fill_submission
from pipeline.plan.periods import Period

ROOT = Path(__file__).resolve().parents[1]
REAL_CONFIG = ROOT / "config.toml"
# Real-world and broken spreadsheets from another reader's test suite, kept beside the project (CI has them);
# MTCL_PEER_CORPUS points elsewhere.
PEER_CORPUS = Path(os.environ.get("MTCL_PEER_CORPUS") or ROOT.parent / "shared" / "peer-corpus" / "calamine")


def make_workspace(folder: Path, **replace: str) -> Config:
    """A copy of the real plan in `folder` (files are taken as soon as they are written)."""
    text = REAL_CONFIG.read_text(encoding="utf-8").replace("settle_seconds = 120", "settle_seconds = 0")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")
    (folder / "inbound").mkdir(exist_ok=True)
    return load_config(folder / "config.toml")


def full_rows(config: Config, due: int = 4, on_time: int = 4) -> dict[str, Row]:
    """Every indicator with the same counts (6.2 gets a share within its 20 % limit of 6.1's 10 staff rated)."""
    rows = {}
    sources = {ind.denominator_from for ind in config.indicators}
    for ind in config.indicators:
        if ind.comparison == "<=":
            rows[ind.id] = Row(10, 2)
        elif ind.id in sources:
            rows[ind.id] = Row(10, 10, 0 if ind.late else None, "Báo cáo 1/BC")
        else:
            rows[ind.id] = Row(due, on_time, 0 if ind.late else None, "Báo cáo 1/BC")
    return rows


def submit(config: Config, unit: str, period: str = "2023-05", rows: dict[str, Row] | None = None,
           name: str | None = None, received: dt.datetime | None = None, folder: Path | None = None) -> Path:
    """A unit's report, typed into its pre-filled template and dropped into inbound/."""
    p = Period(int(period[:4]), int(period[5:]), 1)
    received = received or dt.datetime.combine(p.due_date(config.reporting.due_day) - dt.timedelta(days=3),
                                               dt.time(9)).astimezone()
    target = (folder or config.paths.inbound) / (name or f"{unit}_{period}.xlsx")
    target.parent.mkdir(parents=True, exist_ok=True)
    return fill_submission(config, unit, p, rows if rows is not None else full_rows(config), target, received,
                           p.end)


def copy_with_time(source: Path, target: Path, when: dt.datetime) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    os.utime(target, (when.timestamp(), when.timestamp()))
    return target


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def soffice_convert(source: Path, target: str, outdir: Path, timeout: int = 240) -> Path:
    """Open `source` in LibreOffice headless, as a user would, and save it as `target` ("pdf", "xls",
    "xlsx:Calc MS Excel 2007 XML"…); the converted file, or a failed assertion with LibreOffice's words."""
    import subprocess
    profile = outdir.parent / f".lo-profile-{outdir.name}"
    proc = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                           "--convert-to", target, "--outdir", str(outdir), str(source)],
                          capture_output=True, text=True, timeout=timeout)
    converted = outdir / f"{source.stem}.{target.split(':')[0]}"
    assert proc.returncode == 0 and converted.exists(), proc.stderr
    return converted


def edit_cells(path: Path, sheet: str, values: dict[str, object]) -> Path:
    """Change cells of a saved workbook as a clerk would, keeping its modification time."""
    import openpyxl
    stat = path.stat()
    wb = openpyxl.load_workbook(path)
    for ref, value in values.items():
        wb[sheet][ref] = value
    wb.save(path)
    os.utime(path, (stat.st_atime, stat.st_mtime))
    return path


def measure_cell(path: Path, measure_id: str, key: str) -> str:
    """The A1 reference of column `key` on the row of `measure_id` in the measures sheet."""
    import openpyxl
    from pipeline.plan.layout import MEASURE_COLUMNS, SHEET_MEASURES, column_index
    from openpyxl.utils import get_column_letter
    ws = openpyxl.load_workbook(path)[SHEET_MEASURES]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == measure_id)
    return f"{get_column_letter(column_index(MEASURE_COLUMNS, key) + 1)}{row}"


def peer_corpus() -> Path:
    """The peer corpus, or a failed test saying where it is expected: its files must never be skipped quietly."""
    if not PEER_CORPUS.is_dir():
        pytest.fail(f"the peer corpus is expected at {PEER_CORPUS} (a checkout of the project beside shared/, "
                    "or MTCL_PEER_CORPUS): these tests prove that every file of it gets a verdict", pytrace=False)
    return PEER_CORPUS
