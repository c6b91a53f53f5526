"""The plan's measures: which are overdue, and units reporting targets met while their measures lag; pure."""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass

from ..model import MeasureReport, Outcome, Status, Submission
from ..plan.config import Config, Measure
from ..plan.deadlines import Occurrence, measure_deadline, occurrences, report_due
from ..plan.layout import DONE_STATUSES, STATUSES
from ..plan.periods import Period
from ..vi import NOT_REPORTED_VI, OVERDUE_VI
from .metrics import Metrics
from ..vi.analysis import ANALYSIS


@dataclass(frozen=True, slots=True)
class MeasureStatus:
    """A measure as one unit last reported it, with the file and cell it came from."""
    period: Period
    report: MeasureReport
    source: Submission
    sheet: str | None


class MeasureReports:
    """Every accepted measure row of the plan year up to the end of `until`, per (unit, measure), by
    month: `reports.get((unit, measure), ())`. Made one unit at a time, as asked (callers go unit by
    unit): for every unit at once it was 300,000 lists at 10,000 units."""

    def __init__(self, outcomes: list[Outcome], until: Period):
        self._by_unit: dict[str | None, list[Outcome]] = {}
        for o in sorted((o for o in outcomes if o.status == Status.ACCEPTED and o.checked.period is not None
                         and o.checked.period.year == until.year and o.checked.period.start <= until.end),
                        key=lambda o: o.checked.period):
            self._by_unit.setdefault(o.checked.unit, []).append(o)
        self._unit: str | None = None
        self._rows: dict[str, list[MeasureStatus]] = {}

    def get(self, key: tuple[str, str], default=()) -> list[MeasureStatus]:
        unit, measure = key
        if unit != self._unit:
            self._unit, self._rows = unit, {}
            for o in self._by_unit.get(unit, ()):
                for m in o.checked.measures:
                    self._rows.setdefault(m.measure, []).append(
                        MeasureStatus(o.checked.period, m, o.submission, o.checked.measure_sheet))
        return self._rows.get(measure, default)

    def months(self, unit: str | None) -> tuple[Period, ...]:
        """The months of the unit's accepted reports, in order."""
        return tuple(dict.fromkeys(o.checked.period for o in self._by_unit.get(unit, ())))


def owed_occurrences(measure: Measure, year: int, as_of: dt.date, today: dt.date, due_day: int,
                     reported: tuple[Period, ...] = ()) -> tuple[Occurrence, ...]:
    """For each deadline of the measure, its latest occurrence a unit can be held to on `as_of`: the
    day it is held to has passed (the day itself is not late), and the report that should show it is
    due by `today` (the report of the month containing that day, due on `due_day` of the next month)
    or has arrived (`reported`: the months of the unit's accepted reports). Plan order of deadlines."""
    latest: dict[int, Occurrence] = {}
    for occ in occurrences(measure, year):
        if occ.held_to >= as_of:
            continue
        month = Period(occ.held_to.year, occ.held_to.month, 1)
        if today > report_due(occ.held_to, due_day) or any(p.start >= month.start for p in reported):
            latest[occ.rule] = occ                  # occurrences come in order: the last one stays
    return tuple(latest[k] for k in sorted(latest))


def reported_done(history: list[MeasureStatus], after: dt.date | None) -> bool:
    """Whether a report says the measure was completed after the previous occurrence's due date:
    a recurring measure done last quarter does not count for this quarter."""
    return any(h.report.status in DONE_STATUSES and h.report.completed_on is not None
               and (after is None or h.report.completed_on > after) for h in history)


@dataclass(frozen=True, slots=True)
class OverdueMeasure:
    """A measure whose due date has passed and that its lead unit has not reported done."""
    measure: str
    objective: int
    unit: str                            # the lead unit that owes it
    text: str
    deadline_text: str                   # as written in the plan
    due_date: dt.date                    # the day it is held to (the plan's issue date when the plan's is earlier)
    days_overdue: int                    # days after that day
    occurrence: Occurrence
    coordinate: tuple[str, ...]          # the units that coordinate it (they see it; the lead owes it)
    last: MeasureStatus | None           # what the unit last reported on it (None: never reported)
    evidence_expected: str
    monitor: str

    @property
    def status_label(self) -> str:
        """What the unit last said, e.g. "Đang thực hiện (tháng 05/2023)"."""
        if self.last is None:
            return NOT_REPORTED_VI
        report, when = self.last.report, self.last.period.label_vi.lower()
        if report.status in DONE_STATUSES and report.completed_on is not None:
            return ANALYSIS["status_label.1"].format(completed_on=report.completed_on, when=when)
        said = STATUSES.get(report.status, ANALYSIS["blank"]) if report.status else ANALYSIS["blank"]
        return ANALYSIS["status-when"].format(status=said, when=when)


def overdue_measures(config: Config, outcomes: list[Outcome], period: Period, as_of: dt.date,
                     reports: MeasureReports | None = None, today: dt.date | None = None) -> tuple[OverdueMeasure, ...]:
    """Each occurrence of a measure's deadlines that a lead unit owes on `as_of` (owed_occurrences:
    after its day, and its report due by `today` or arrived) and has not reported done since the same
    deadline's previous occurrence; one entry per lead unit and deadline (each lead answers for its own
    part), in plan order. `reports`: MeasureReports(outcomes, period), when the caller has it."""
    reports = MeasureReports(outcomes, period) if reports is None else reports
    today = as_of if today is None else today
    year, due_day = config.plan.year, config.reporting.due_day
    leads = {(m.id, unit): (n, k) for n, m in enumerate(config.measures) for k, unit in enumerate(m.lead)
             if any(o.held_to < as_of for o in occurrences(m, year))}
    found = []
    for unit in dict.fromkeys(unit for _, unit in leads):       # unit by unit: see MeasureReports
        reported = reports.months(unit)
        for measure in config.measures_for(unit):
            if (measure.id, unit) not in leads:
                continue
            history = reports.get((unit, measure.id))
            for occ in owed_occurrences(measure, year, as_of, today, due_day, reported):
                if reported_done(history, occ.previous):
                    continue
                found.append((leads[measure.id, unit] + (occ.held_to,), OverdueMeasure(
                    measure=measure.id, objective=measure.objective, unit=unit, text=measure.text,
                    deadline_text=measure.deadline, due_date=occ.held_to, days_overdue=(as_of - occ.held_to).days,
                    occurrence=occ, coordinate=measure.coordinate, last=history[-1] if history else None,
                    evidence_expected=measure.evidence, monitor=measure.monitor)))
    found.sort(key=lambda item: item[0])
    return tuple(o for _, o in found)


@dataclass(frozen=True, slots=True)
class PlanNote:
    """A deadline of the plan before the decision that sets it: due at issue, told once to the secretary."""
    measure: str
    due: dt.date                         # the plan's day
    held_to: dt.date                     # the decision's date


def deadlines_before_issue(config: Config) -> tuple[PlanNote, ...]:
    """Every occurrence of the plan year that falls before the plan was issued, in plan order."""
    return tuple(PlanNote(m.id, o.due, o.held_to) for m in config.measures
                 for o in sorted(occurrences(m, config.plan.year), key=lambda o: o.due) if o.before_issue)


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A measure that contradicts a unit's fully met objective."""
    measure: str
    reason: str                          # Vietnamese: "quá hạn" or the status reported
    due_date: dt.date | None


@dataclass(frozen=True, slots=True)
class SelfReportFlag:
    """A unit reports every indicator of an objective met, yet measures under it are overdue or unfinished."""
    unit: str
    objective: int
    rates: tuple[tuple[str, float], ...]            # (indicator, the unit's rate) it reported
    measures: tuple[Contradiction, ...]


def self_report_flags(config: Config, metrics: Metrics, outcomes: list[Outcome], overdue: tuple[OverdueMeasure, ...],
                      reports: MeasureReports | None = None) -> tuple[SelfReportFlag, ...]:
    """Compare what each unit claims (every indicator of an objective met over the period) with the
    measures it owes: overdue as a lead unit, or reported unfinished past the deadline its own latest
    report of the period is held to (validate.measure_deadline), as lead or coordinator."""
    period = metrics.period
    reports = MeasureReports(outcomes, period) if reports is None else reports
    overdue_by: dict[tuple[str, int], list[OverdueMeasure]] = {}
    for o in overdue:
        overdue_by.setdefault((o.unit, o.objective), []).append(o)
    flags = []
    for unit in config.units:
        for obj in config.objectives:
            figures = [(r.id, r.by_unit[unit.code]) for r in metrics.indicators
                       if r.objective == obj.id and unit.code in r.by_unit and r.by_unit[unit.code].rate is not None]
            if not figures or not all(f.met for _, f in figures):
                continue
            found: dict[str, Contradiction] = {}
            for o in overdue_by.get((unit.code, obj.id), ()):
                said = o.status_label[0].lower() + o.status_label[1:]
                found[o.measure] = Contradiction(o.measure, sys.intern(f"{OVERDUE_VI}: {said}"), o.due_date)
            for measure in config.measures_for(unit.code):
                if measure.objective != obj.id or measure.id in found:
                    continue
                history = [h for h in reports.get((unit.code, measure.id), ()) if h.period.start >= period.start]
                if not history:
                    continue
                last = history[-1]
                deadline = measure_deadline(measure, last.period, config.plan.year)
                if deadline is not None and deadline <= last.period.end and last.report.status not in DONE_STATUSES:
                    label = STATUSES.get(last.report.status, "") if last.report.status else ANALYSIS["self_report_flags.1"]
                    reason = ANALYSIS["self_report_flags.2"].format(label=label, lower=last.period.label_vi.lower(), deadline=deadline)
                    found[measure.id] = Contradiction(measure.id, sys.intern(reason), deadline)
            if found:
                flags.append(SelfReportFlag(unit=unit.code, objective=obj.id,
                                            rates=tuple((i, f.rate) for i, f in figures),
                                            measures=tuple(found[m.id] for m in config.measures if m.id in found)))
    return tuple(flags)
