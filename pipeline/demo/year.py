"""The demo workspace: a month, or the plan's year month by month, as units really send it."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import shutil
from pathlib import Path

from ..plan.calendar import report_periods
from ..plan.config import Config
from ..plan.deadlines import occurrences
from ..plan.periods import Period
from ..plan.years import config_for_year
from .nextplan import next_year_plan
from .clerk import (Action, Row, WORKLOADS, at, computed_short, fill_submission, measure_entries,
                    realistic_figures)
from .workspace import reset_workspace


SEED = 2023


def build_demo(workdir: Path, source_config: Path, months: int = 1) -> Config:
    """Create `workdir` with a config and realistic submissions. One month (the default): May, from every
    unit but one — most valid and on time, one late, one with errors, one corrected and re-sent, one sent
    twice. Two to twelve months: the plan's year month by month from January (see `fill_year`). Thirteen to
    twenty-four: that whole year, then the next year's first months on the next year's plan (its decision written
    and imported under plans/, named in [plans]; demo.nextplan), so the demo crosses from one plan to the next."""
    if not 1 <= months <= 24:
        raise ValueError(f"months must be 1..24, got {months}")
    config = reset_workspace(workdir, source_config.read_text(encoding="utf-8"))
    if months > 12:
        shutil.rmtree(workdir / "plans", ignore_errors=True)
        year, _ = next_year_plan(config, workdir / "plans")       # the decision written, then imported
        config = reset_workspace(workdir, config.source.read_text(encoding="utf-8") +
                                 f'\n[plans]                     # the other years\' plans\n{year} = "plans/{year}.toml"\n')
    if months == 1:
        fill_one_month(config)
    else:
        fill_year(config, min(months, 12))
    if months > 12:
        fill_year(config_for_year(config, config.plan.year + 1), months - 12)
    return config


def demo_periods(config: Config, months: int) -> list[Period] | None:
    """What the demo consolidates: every month, and the quarters, halves, plan's reports (6T, 12T) and year they
    complete (None for the one-month demo: the run's default)."""
    if months == 1:
        return None
    out = []
    for year, count in ((config.plan.year, min(months, 12)), (config.plan.year + 1, months - 12)):
        out += [Period(year, m, 1) for m in range(1, count + 1)]
        out += [Period(year, q, 3) for q in (1, 4, 7, 10) if q + 2 <= count]
        out += [Period(year, h, 6) for h in (1, 7) if h + 5 <= count]
        out += report_periods(config.reports, year, count)        # the plan's own reports: 6T, 12T
        out += [Period(year, 1, 12)] if count == 12 else []
    return out


def fill_one_month(config: Config) -> None:
    period = Period(config.plan.year, 5, 1)
    due = period.due_date(config.reporting.due_day)
    inbound = config.paths.inbound
    rng = random.Random(SEED)
    codes = [u.code for u in config.units]
    missing, late, broken, corrected, twice = codes[-1], codes[-2], codes[-3], codes[5], codes[2]
    for i, code in enumerate(codes):
        if code == missing:
            continue
        short = {rng.choice([i.id for i in config.indicators if not i.computed])} if i % 3 == 1 else set()
        rows = realistic_figures(config, rng, short)
        name = f"{code}_{period.key}.xlsx"
        received = at(due - dt.timedelta(days=rng.randint(1, 12)))
        if code == late:
            received = at(due + dt.timedelta(days=5))
        if code == broken:
            _break(config, rows)
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
            _send_again(target, inbound / f"{code} - ban gui lai qua email.xlsx", received + dt.timedelta(hours=3))


def _break(config: Config, rows: dict[str, Row]) -> None:
    typed = [i for i in config.indicators if not i.computed]   # 1.1's counts are not typed
    rows[typed[0].id] = Row(3, 5, 1)                              # done exceeds due
    rows[typed[1].id] = Row("mười", 2)                            # a word where a count belongs


def _send_again(source: Path, copy: Path, when: dt.datetime) -> None:
    shutil.copy2(source, copy)
    os.utime(copy, (when.timestamp(), when.timestamp()))


# Causes and actions units write when a figure falls short: (cause, action, owner).
YEAR_ACTIONS = (
    ("Khối lượng hồ sơ tăng, thiếu nhân lực trong kỳ", "Phân công lại nhiệm vụ, theo dõi tiến độ hằng tuần",
     "Trưởng phòng"),
    ("Cán bộ phụ trách nghỉ ốm dài ngày", "Bố trí cán bộ kiêm nhiệm, rà soát hồ sơ tồn đọng", "Phó Trưởng phòng"),
    ("Phần mềm QLVB&ĐH gián đoạn nhiều ngày", "Phối hợp đơn vị cung cấp phần mềm khắc phục, nhập bổ sung văn bản",
     "Chuyên viên phụ trách CNTT"),
    ("Văn bản của UBND tỉnh giao gấp, thời hạn ngắn", "Lập sổ theo dõi riêng, nhắc hạn trước 3 ngày",
     "Chánh Văn phòng"),
    ("Hồ sơ TTHC thiếu thành phần, phải bổ sung nhiều lần", "Hướng dẫn một lần đầy đủ, công khai mẫu hồ sơ",
     "Trưởng phòng"),
    ("Chưa cập nhật kịp quy trình ISO sau khi thay đổi TTHC", "Rà soát, ban hành lại quy trình trong tháng",
     "Thư ký ISO"),
)


def _behind_in(behind: dict[tuple[str, str], dict[int, dt.date | None]], code: str,
               month: int) -> dict[str, dt.date | None]:
    """A unit's measures behind schedule in `month` (step 3 of `fill_year`): measure id -> finished day or None."""
    return {m: days[month] for (c, m), days in behind.items() if c == code and month in days}


def _month_end(year: int, month: int) -> dt.date:
    return Period(year, month, 1).end


def fill_year(config: Config, months: int) -> None:
    """January to month `months` of the plan's year, seeded: most reports valid and on time; some late,
    some missing, some rejected then corrected (on time or not), some re-sent or sent twice; figures
    short of target for one to three months with causes and actions carried over (a few with none);
    measures mostly done by their deadlines, some late, a few never."""
    year, inbound = config.plan.year, config.paths.inbound
    rng = random.Random(SEED + months)
    codes = [u.code for u in config.units]
    indicator_ids = [i.id for i in config.indicators]
    computed = {i.id for i in config.indicators if i.computed}

    # Step 1: shortfalls, each lasting one to three months, with an action from the first month or later.
    short: dict[tuple[str, int], dict[str, Action | None]] = {}
    for month in range(1, months + 1):
        for _ in range(rng.randint(1, 2)):
            code, indicator = rng.choice(codes), rng.choice(indicator_ids)
            length, written_from = rng.choice([1, 1, 2, 2, 3]), (0 if rng.random() < 0.75 else 1)
            cause, action, owner = rng.choice(YEAR_ACTIONS)
            deadline = _month_end(year, min(month + 1, 12))
            if indicator in computed:
                continue                        # 1.1 falls short through the measures (step 3), never typed
            for k in range(length):
                if month + k <= months:
                    short.setdefault((code, month + k), {})[indicator] = (
                        Action(cause, action, owner, deadline) if k >= written_from else None)

    # Fixed storylines, so that every state of the register is there: a miss with no action for two
    # months, an action carried over past its deadline before it works, and misses still open at the end.
    ids = {i.id for i in config.indicators}
    fixed = [(codes[4], "4.2", (4, 5), None), (codes[2], "2.1", (3, 4, 5), _month_end(year, 3)),
             (codes[8], "8.1", (11, 12), _month_end(year, 12)), (codes[9], "1.2", (12,), dt.date(year + 1, 1, 31)),
             (codes[10], "9.1", (12,), None)]
    for n, (code, indicator, months_short, deadline) in enumerate(fixed):
        cause, action, owner = YEAR_ACTIONS[n % len(YEAR_ACTIONS)]
        for month in (m for m in months_short if m <= months and indicator in ids):
            short.setdefault((code, month), {})[indicator] = (Action(cause, action, owner, deadline) if deadline
                                                              else None)

    # A run of misses with an action ends with the unit reporting the action carried out, on the 5th of the
    # first month that meets the target again; then the following figures verify it (or not). One more
    # storyline: carried out, missed again (not effective), then met twice (closed).
    storylines = {(code, month) for code, _, months_short, _ in fixed for month in months_short}
    if "3.1" in ids and months >= 2:
        cause, action, owner = YEAR_ACTIONS[1]
        storylines |= {(codes[5], month) for month in (2, 3, 4, 5)}
        for month in (2, 3, 5):
            if month <= months:
                short.setdefault((codes[5], month), {})["3.1"] = Action(cause, action, owner, _month_end(year, 4))

    # Step 2: each unit's workload per indicator, steady from month to month (staff for an "at most" share).
    workload = {(code, ind.id): rng.randint(8, 30) if ind.comparison == "<=" else rng.choice(WORKLOADS)
                for code in codes for ind in config.indicators}

    # Step 3: measures behind schedule — (unit, measure) -> {month: finished day or None (in progress)}.
    behind: dict[tuple[str, str], dict[int, dt.date | None]] = {}
    # Only the lead unit's report counts a measure done or overdue (1.1, the overdue list): coordinators keep pace.
    for code in codes:
        for measure in (m for m in config.measures_for(code) if code in m.lead):
            dates = [o.held_to for o in occurrences(measure, year)]
            if len(dates) == 1 and dates[0].month <= months:
                draw = rng.random()
                if draw < 0.25:
                    finished = None if draw < 0.12 else dates[0] + dt.timedelta(days=rng.randint(20, 80))
                    behind[(code, measure.id)] = {m: finished for m in range(1, 13)}
            for n, day in enumerate(dates if len(dates) > 1 else []):
                if day.month <= months and rng.random() < 0.04:      # this occurrence missed until the next one
                    until = dates[n + 1].month if n + 1 < len(dates) else 13
                    for m in range(day.month, max(until, day.month + 1)):
                        behind.setdefault((code, measure.id), {})[m] = None

    # A month whose measures (step 3) leave 1.1 short: the clerk sees it on the template and writes why, the
    # same action for as long as the shortfall lasts.
    for month in range(1, months + 1):
        for n, code in enumerate(codes):
            late_measures = _behind_in(behind, code, month)
            period = Period(year, month, 1)
            for indicator in computed_short(config, code, period, measure_entries(config, code, period, period.end,
                                                                                 late_measures)):
                cause, action, owner = YEAR_ACTIONS[n % len(YEAR_ACTIONS)]
                given = short.get((code, month - 1), {}).get(indicator) or Action(
                    cause, action, owner, _month_end(year, min(month + 1, 12)))
                short.setdefault((code, month), {})[indicator] = given
    carried_out: dict[tuple[str, int], dict[str, Action]] = {}
    for (code, month), mine in sorted(short.items()):
        for indicator, given in mine.items():
            after = short.get((code, month + 1), {})
            if given is not None and indicator not in after and month < months:
                carried_out.setdefault((code, month + 1), {})[indicator] = dataclasses.replace(
                    given, done=dt.date(year, month + 1, 5))

    # Step 4: each month's files, as units really send them.
    for month in range(1, months + 1):
        period = Period(year, month, 1)
        due = period.due_date(config.reporting.due_day)
        for code in codes:
            draw = rng.random()
            if (code == codes[-1] and month in (3, 8)) or (draw < 0.03 and (code, month) not in storylines):
                continue                                            # nothing sent this month (a storyline's units send)
            mine = short.get((code, month), {})
            dues = {i: max(0, w + rng.choice((-1, 0, 0, 1))) if w else rng.choice((0, 0, 0, 1))
                    for (c, i), w in workload.items() if c == code}
            rows = realistic_figures(config, rng, set(mine), mine, dues, carried_out.get((code, month)))
            received = at(due - dt.timedelta(days=rng.randint(1, 12)))
            if draw > 0.88:
                received = at(due + dt.timedelta(days=rng.randint(1, 10)))
            late_measures = _behind_in(behind, code, month)
            folder = inbound / code
            folder.mkdir(exist_ok=True)
            name = f"{code}_{period.key}.xlsx"
            fill = lambda rows_, path, when: fill_submission(config, code, period, rows_, path, when, period.end,
                                                             late_measures)
            if (code == codes[6] and month == 6) or 0.03 <= draw < 0.08:
                wrong = dict(rows)
                _break(config, wrong)
                first = at(due - dt.timedelta(days=rng.randint(2, 6)))
                fill(wrong, folder / f"{code}_{period.key}_lan1.xlsx", first)
                if code == codes[6] and month == 6:
                    continue                                        # rejected, never sent again
                received = first + dt.timedelta(days=rng.choice([1, 8, 12]))     # on time, or after the due date
                name = f"{code}_{period.key}_lan2.xlsx"
            elif 0.08 <= draw < 0.12:
                wrong = dict(rows)
                wrong[indicator_ids[3]] = Row(2, 1, 1)               # valid, then corrected before the due date
                fill(wrong, folder / f"{code}_{period.key}_lan1.xlsx", received - dt.timedelta(days=2))
                name = f"{code}_{period.key}_lan2.xlsx"
            target = fill(rows, folder / name, received)
            if 0.12 <= draw < 0.15:
                _send_again(target, inbound / f"{code} - {period.key} gui lai qua email.xlsx",
                            received + dt.timedelta(hours=3))
