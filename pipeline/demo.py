"""A self-contained demo workspace: config, inbound files filled through the real template, then a run."""
from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from .config import Config, load_config
from .deadlines import due_dates
from .periods import Period
from .template import (HEADER_FIRST_ROW, INDICATOR_COLUMNS, INDICATOR_HEADER_ROW, MEASURE_COLUMNS,
                       MEASURE_HEADER_ROW, SHEET_INDICATORS, SHEET_MEASURES, STATUSES, column_index,
                       write_template)

DEMO_PERIOD = "2023-05"
SEED = 2023


@dataclass(frozen=True)
class Row:
    due: int | str | None
    on_time: int | str | None
    late: int | None = None
    evidence: str | None = None
    cause: str | None = None
    action: str | None = None
    owner: str | None = None
    action_deadline: dt.date | None = None


def realistic_figures(config: Config, rng: random.Random, short: set[str] = frozenset()) -> dict[str, Row]:
    """Plausible counts for every indicator; indicators in `short` fall below target with a cause and action."""
    rows = {}
    for ind in config.indicators:
        if ind.comparison == "<=":
            staff = rng.randint(8, 30)
            htxs = int(staff * ind.target) if ind.id not in short else int(staff * ind.target) + 2
            rows[ind.id] = Row(staff, htxs, None, "Quyết định xếp loại số 12/QĐ-SLĐTBXH")
            continue
        due = rng.choice([0, 1, 2, 3, 5, 8, 12, 20]) if ind.comparison != "milestone" else 1
        if ind.id in short and due == 0:
            due = 4
        if ind.id in short:
            on_time = due - rng.randint(1, max(1, due // 2))
            late = (due - on_time) if ind.late else None
            rows[ind.id] = Row(due, on_time, late, "Báo cáo số 45/BC-SLĐTBXH",
                               cause="Khối lượng hồ sơ tăng, thiếu nhân lực trong kỳ",
                               action="Phân công lại nhiệm vụ, theo dõi tiến độ hằng tuần",
                               owner="Trưởng phòng", action_deadline=dt.date(2023, 6, 30))
        else:
            rows[ind.id] = Row(due, due, 0 if ind.late else None, "Báo cáo số 45/BC-SLĐTBXH" if due else None)
    return rows


def fill_submission(config: Config, unit: str, period: Period, rows: dict[str, Row], path: Path,
                    received: dt.datetime, measures_done_by: dt.date | None = None) -> Path:
    """What a clerk does: take the unit's pre-filled template, type the figures, save, send."""
    write_template(config, path, unit, period)
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_INDICATORS]
    ws.cell(HEADER_FIRST_ROW + 2 + 1, 3, "Nguyễn Thị Hoa")
    ws.cell(HEADER_FIRST_ROW + 3 + 1, 3, received.replace(tzinfo=None))
    for r in range(INDICATOR_HEADER_ROW + 2, ws.max_row + 1):
        row = rows.get(str(ws.cell(r, 1).value))
        if row is None:
            continue
        for key in ("due", "on_time", "late", "evidence", "cause", "action", "owner", "action_deadline"):
            value = getattr(row, key)
            if key == "late" and ws.cell(r, column_index(INDICATOR_COLUMNS, key) + 1).value == "—":
                continue
            if value is not None:
                ws.cell(r, column_index(INDICATOR_COLUMNS, key) + 1, value)
    ms = wb[SHEET_MEASURES]
    by_id = {m.id: m for m in config.measures}
    for r in range(MEASURE_HEADER_ROW + 2, ms.max_row + 1):
        measure = by_id.get(str(ms.cell(r, 1).value))
        if measure is None:
            continue
        dates = [d for d in due_dates(measure.deadline_rules, config.plan.year) if d <= period.end]
        status_col = column_index(MEASURE_COLUMNS, "status") + 1
        if dates and measures_done_by:
            done_on = min(dates[-1], measures_done_by)
            ms.cell(r, status_col, STATUSES["done-on-time"])
            ms.cell(r, column_index(MEASURE_COLUMNS, "completed_on") + 1, dt.datetime.combine(done_on, dt.time()))
            ms.cell(r, column_index(MEASURE_COLUMNS, "evidence") + 1, f"Văn bản số {r}/VP-{unit}")
        else:
            ms.cell(r, status_col, STATUSES["in-progress"])
    wb.save(path)
    stamp = received.timestamp()
    os.utime(path, (stamp, stamp))
    return path


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).astimezone()


def build_demo(workdir: Path, source_config: Path) -> Config:
    """Create `workdir` with a config and one period of realistic submissions for every unit but one:
    most valid and on time, one late, one with errors, one corrected and re-sent, one sent twice."""
    workdir.mkdir(parents=True, exist_ok=True)
    for name in ("inbound", "outbound", "archive"):
        shutil.rmtree(workdir / name, ignore_errors=True)
    (workdir / "ledger.sqlite").unlink(missing_ok=True)
    text = source_config.read_text(encoding="utf-8")
    (workdir / "config.toml").write_text(text, encoding="utf-8")
    config = load_config(workdir / "config.toml")
    period = Period(config.plan.year, 5, 1)
    due = period.due_date(config.reporting.due_day)
    inbound = config.paths.inbound
    inbound.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    codes = [u.code for u in config.units]
    missing, late, broken, corrected, twice = codes[-1], codes[-2], codes[-3], codes[5], codes[2]
    for i, code in enumerate(codes):
        if code == missing:
            continue
        short = {rng.choice([i.id for i in config.indicators])} if i % 3 == 1 else set()
        rows = realistic_figures(config, rng, short)
        name = f"{code}_{period.key}.xlsx"
        received = at(due - dt.timedelta(days=rng.randint(1, 12)))
        if code == late:
            received = at(due + dt.timedelta(days=5))
        if code == broken:
            first = config.indicators[0].id
            rows[first] = Row(3, 5, 1)                       # done exceeds due
            rows[config.indicators[2].id] = Row("mười", 2)   # a word where a count belongs
        if code == corrected:
            wrong = dict(rows)
            wrong[config.indicators[3].id] = Row(2, 1, 1)   # valid, later corrected
            fill_submission(config, code, period, wrong, inbound / code / f"{code}_{period.key}_lan1.xlsx",
                            received - dt.timedelta(days=2), period.end)
            name = f"{code}_{period.key}_lan2.xlsx"
        target = inbound / code / name
        target.parent.mkdir(exist_ok=True)
        fill_submission(config, code, period, rows, target, received, period.end)
        if code == twice:
            copy = inbound / f"{code} - ban gui lai qua email.xlsx"
            shutil.copy2(target, copy)
            stamp = (received + dt.timedelta(hours=3)).timestamp()
            os.utime(copy, (stamp, stamp))
    return config
