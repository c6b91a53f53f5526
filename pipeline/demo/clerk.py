"""What a unit's clerk does: plausible figures, typed into the unit's pre-filled template."""
from __future__ import annotations

import datetime as dt
import os
import random
from dataclasses import dataclass
from pathlib import Path

from ..model import MeasureState
from ..outputs.template import write_template
from ..plan.config import Config
from ..plan.deadlines import measure_deadline, occurrences
from ..plan.indicators import measures_counted
from ..plan.layout import MEASURE_HEADER_ROW, STATUSES, picked_states
from ..plan.periods import Period


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
    action_done: dt.date | None = None


@dataclass(frozen=True)
class Action:
    """What a unit writes next to a figure short of its target (ISO 9001 clause 10.2); `done`: the day it
    says the action was carried out (written in the month it reports so, the figure met or not)."""
    cause: str
    action: str
    owner: str
    deadline: dt.date
    done: dt.date | None = None


WORKLOADS = (0, 1, 2, 3, 5, 8, 12, 20)              # what a unit may have due in a month, per indicator
DEFAULT_ACTION = Action("Khối lượng hồ sơ tăng, thiếu nhân lực trong kỳ",
                        "Phân công lại nhiệm vụ, theo dõi tiến độ hằng tuần", "Trưởng phòng", dt.date(2023, 6, 30))


def realistic_figures(config: Config, rng: random.Random, short: set[str] = frozenset(),
                      actions: dict[str, Action | None] | None = None,
                      dues: dict[str, int] | None = None, carried_out: dict[str, Action] | None = None) -> dict[str, Row]:
    """Plausible counts for every indicator; indicators in `short` fall below target, with the cause and
    action of `actions` (None: the unit wrote none; no `actions` at all: one default action). `dues`
    fixes what was due per indicator (a unit's workload); otherwise it is drawn. `carried_out`: actions
    the unit reports carried out beside a figure that meets its target."""
    rows = {}
    for ind in config.indicators:
        action = DEFAULT_ACTION if actions is None else actions.get(ind.id)
        if ind.comparison == "<=":
            staff = dues[ind.id] if dues else rng.randint(8, 30)
            if ind.denominator_from in rows:       # 6.2's staff are those 6.1 rated
                staff = int(rows[ind.denominator_from].on_time or 0)
            htxs = int(staff * ind.target) if ind.id not in short else int(staff * ind.target) + 2
            given = action if ind.id in short and actions is not None else (carried_out or {}).get(ind.id)
            rows[ind.id] = Row(staff, htxs, None, "Quyết định xếp loại số 12/QĐ-SLĐTBXH", *_action_cells(given))
            continue
        due = 1 if ind.comparison == "milestone" else (dues[ind.id] if dues else rng.choice(WORKLOADS))
        if ind.id in short and due == 0:
            due = 4
        if ind.id in short:
            on_time = due - rng.randint(1, max(1, due // 2))
            late = (due - on_time) if ind.late else None
            rows[ind.id] = Row(due, on_time, late, "Báo cáo số 45/BC-SLĐTBXH", *_action_cells(action))
        else:
            if due == 0 and (carried_out or {}).get(ind.id):
                due = 4                                     # a figure to judge the action by
            rows[ind.id] = Row(due, due, 0 if ind.late else None, "Báo cáo số 45/BC-SLĐTBXH" if due else None,
                               *_action_cells((carried_out or {}).get(ind.id)))
    return rows


def _action_cells(action: Action | None) -> tuple:
    return (None,) * 5 if action is None else (action.cause, action.action, action.owner, action.deadline, action.done)


def fill_submission(config: Config, unit: str, period: Period, rows: dict[str, Row], path: Path,
                    received: dt.datetime, measures_done_by: dt.date | None = None,
                    behind: dict[str, dt.date | None] | None = None, measures: bool = True) -> Path:
    """What a clerk does: take the unit's pre-filled template, type the figures, save, send (the file's time
    is `received`). Measures due by the period's end are done on time, except those in `behind`: finished
    late on the given day, or still in progress when that day is None or after the period. Without
    `measures`, the Biện pháp sheet is left as issued."""
    figures = {}
    for ind in config.indicators:
        row = rows.get(ind.id)
        if row is not None:
            typed = {key: getattr(row, key) for key in FIGURE_KEYS if getattr(row, key) is not None}
            if not ind.late:
                typed.pop("late", None)            # the template shows «—» there: nothing to type
            figures[ind.id] = typed
    done = measure_entries(config, unit, period, measures_done_by, behind) if measures else {}
    write_template(config, path, unit, period, figures, done,
                   {"reporter": "Nguyễn Thị Hoa", "report_date": received.replace(tzinfo=None)})
    stamp = received.timestamp()
    os.utime(path, (stamp, stamp))
    return path


FIGURE_KEYS = ("due", "on_time", "late", "evidence", "cause", "action", "owner", "action_deadline", "action_done")


def measure_entries(config: Config, unit: str, period: Period, done_by: dt.date | None,
                    behind: dict[str, dt.date | None] | None = None) -> dict[str, dict[str, object]]:
    """What the clerk types on the Biện pháp sheet, by measure id (see `fill_submission`)."""
    return {measure.id: _measure_entry(config, unit, period, measure, MEASURE_HEADER_ROW + 2 + offset, done_by,
                                       behind or {})
            for offset, measure in enumerate(config.measures_for(unit))}


def computed_short(config: Config, unit: str, period: Period, entries: dict[str, dict[str, object]]) -> set[str]:
    """The indicators counted from the Biện pháp sheet (1.1) that `entries` leave short of target: a measure
    the unit leads, due in the month, not reported done on time."""
    due, on_time, _ = measures_counted(config, unit, period, picked_states(entries))
    return {ind.id for ind in config.indicators if ind.computed and on_time < due}


def _measure_entry(config: Config, unit: str, period: Period, measure, row: int, done_by: dt.date | None,
                   behind: dict[str, dt.date | None]) -> dict[str, object]:
    """What the clerk types on the measure's row (`row`, as Excel numbers it)."""
    dates = [o.held_to for o in occurrences(measure, config.plan.year) if o.held_to <= period.end]
    evidence = f"Văn bản số {row}/VP-{unit}"
    if measure.id in behind:
        finished = behind[measure.id]
        if finished is None or finished > period.end:
            return {"status": STATUSES[MeasureState.IN_PROGRESS]}
        return {"status": STATUSES[MeasureState.DONE_LATE], "completed_on": finished, "evidence": evidence}
    if dates and done_by:
        # Done by the deadline this month's report is held to, or by the last one already passed.
        held_to = measure_deadline(measure, period, config.plan.year)
        done_on = min(held_to if held_to <= period.end else dates[-1], done_by)
        return {"status": STATUSES[MeasureState.DONE_ON_TIME], "completed_on": done_on, "evidence": evidence}
    return {"status": STATUSES[MeasureState.IN_PROGRESS]}


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).astimezone()
