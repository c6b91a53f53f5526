"""Beyond the period's figures: timeliness, trends, overdue measures, self-report vs evidence, corrective actions; pure."""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, replace
from typing import Iterable

from .config import Config, Indicator, Measure, name_key
from .deadlines import due_dates
from .ledger import Submission
from .merge import POOLED_COLUMNS, Outcome, merge_figures
from .metrics import Metrics, compute_metrics, rate_of, submission_statuses
from .periods import Period, parse_period
from .template import DONE_STATUSES, STATUSES
from .validate import Figure, MeasureReport, meets, measure_deadline
from .model import ActionStatus, Arrival, Status, Submitted

# --- user-facing words, kept together for review
TIMELINESS_VI = {Arrival.ON_TIME: "Đúng hạn", Arrival.LATE: "Trễ hạn",
                 Arrival.ON_TIME_REJECTED: "Gửi đúng hạn nhưng bị trả lại", Arrival.MISSING: "Chưa nộp",
                 Arrival.PENDING: "Chưa đến hạn nộp"}
UP, DOWN, FLAT = "↑", "↓", "→"
NO_ACTION_VI = "Chưa có hành động khắc phục"
ACTION_STATUS_VI = {ActionStatus.OPEN: "Đang khắc phục, chờ số liệu kỳ sau",
                    ActionStatus.NOT_EFFECTIVE: "Chưa hiệu quả: kỳ sau vẫn chưa đạt",
                    ActionStatus.CLOSED: "Đã đóng: kỳ sau đạt lại", ActionStatus.NO_ACTION: NO_ACTION_VI}
ACTION_SHORT_VI = {ActionStatus.OPEN: "đang khắc phục", ActionStatus.NOT_EFFECTIVE: "chưa hiệu quả",
                   ActionStatus.CLOSED: "đã đóng", ActionStatus.NO_ACTION: "chưa có hành động"}
NOT_REPORTED_VI = "Chưa báo cáo"
OVERDUE_VI = "Quá hạn"


# ---------------------------------------------------------------- periods and figures

def year_to_date(period: Period) -> Period:
    """January through the last month of `period`, in the same year (pooled like any roll-up)."""
    return Period(period.year, 1, period.first_month + period.months_count - 1)


def ytd_label(period: Period) -> str:
    last = period.first_month + period.months_count - 1
    return f"Lũy kế tháng 01–{last:02d}/{period.year}" if last > 1 else f"Tháng 01/{period.year}"


def metrics_for(outcomes: list[Outcome], config: Config, period: Period) -> Metrics:
    """The same figures `mtcl run --period` computes, for any span of months (pooled, never averaged)."""
    return compute_metrics(merge_figures(outcomes, config, period, POOLED_COLUMNS), outcomes, config, period)


def department_only(metrics: Metrics) -> Metrics:
    """The same metrics with the Department's figures only: the pooled rates and counts of units stay; the
    figures and submission statuses of each unit go (reporting over the months is read from the timeliness)."""
    return replace(metrics, indicators=tuple(replace(r, by_unit={}) for r in metrics.indicators), statuses=())


# ---------------------------------------------------------------- timeliness

@dataclass(frozen=True, slots=True)
class Timeliness:
    """One unit and month: did a valid report arrive, and by the due date?"""
    unit: str
    period: Period
    status: str                          # on-time | late | on-time-rejected | missing | pending
    due_date: dt.date
    received_at: dt.datetime | None      # when the valid (accepted) file arrived
    source: Submission | None            # that file
    rejected_files: int

    @property
    def reported(self) -> bool:
        return self.source is not None

    @property
    def label(self) -> str:
        if self.status == Arrival.ON_TIME_REJECTED:
            return ("Bản gửi đúng hạn bị trả lại, bản đúng đến trễ" if self.reported else
                    "Gửi đúng hạn nhưng bị trả lại, chưa gửi lại")
        return TIMELINESS_VI[self.status]

    @property
    def days_late(self) -> int | None:
        if self.received_at is None:
            return None
        return max(0, (self.received_at.date() - self.due_date).days)


@dataclass(frozen=True)
class ReportingRate:
    expected: int                        # reports whose due date has passed, or that arrived anyway
    reported: int                        # a valid report arrived
    on_time: int                         # a valid report arrived by the due date

    @property
    def reporting_rate(self) -> float | None:
        return rate_of(self.reported, self.expected)

    @property
    def on_time_rate(self) -> float | None:
        return rate_of(self.on_time, self.expected)


def submission_timeliness(outcomes: list[Outcome], config: Config, period: Period,
                          today: dt.date) -> tuple[Timeliness, ...]:
    """Per unit and month of `period`, measured from when the valid file arrived against the month's due
    date. A unit that sent on time but had its file rejected is told apart from one that sent late; a
    month whose due date has not come yet is pending, not missing."""
    by_slot: dict[tuple, list[Outcome]] = {}
    for o in outcomes:
        by_slot.setdefault((o.checked.unit, o.checked.period), []).append(o)
    rows = []
    for s in submission_statuses(outcomes, config, period):
        month = parse_period(s.period)
        due = month.due_date(config.reporting.due_day)
        slot = by_slot.get((s.unit, month), [])
        rejected_on_time = any(o.status == Status.REJECTED and o.on_time for o in slot)
        accepted = next((o.submission for o in slot if o.status == Status.ACCEPTED), None)
        if s.status == Submitted.ON_TIME:
            status = Arrival.ON_TIME
        elif s.status == Submitted.LATE:
            status = Arrival.ON_TIME_REJECTED if rejected_on_time else Arrival.LATE
        elif today <= due:
            status = Arrival.PENDING
        else:
            status = Arrival.ON_TIME_REJECTED if rejected_on_time else Arrival.MISSING
        rows.append(Timeliness(unit=s.unit, period=month, status=status, due_date=due, received_at=s.received_at,
                               source=accepted, rejected_files=s.rejected_files))
    return tuple(rows)


def reporting_rate(rows: Iterable[Timeliness]) -> ReportingRate:
    counted = [r for r in rows if r.status != Arrival.PENDING]
    return ReportingRate(expected=len(counted), reported=sum(r.reported for r in counted),
                         on_time=sum(r.status == Arrival.ON_TIME for r in counted))


# ---------------------------------------------------------------- trends

@dataclass(frozen=True)
class Change:
    """An indicator's rate compared with another period's."""
    rate: float | None                   # the other period's rate (None: no figure)
    delta: float | None
    direction: str | None                # ↑ ↓ →, None when either rate is missing
    better: bool | None                  # ↑ is better for ≥ targets, ↓ for ≤ targets; None when flat

    @property
    def label(self) -> str:
        if self.direction is None:
            return "—"
        if self.direction == FLAT:
            return f"{FLAT} không đổi"
        points = self.delta * 100
        return f"{self.direction} {points:+.{2 if abs(points) < 0.1 else 1}f} điểm %".replace(".", ",")


@dataclass(frozen=True)
class Trend:
    indicator: str
    rate: float | None
    previous: Change                     # the period just before (same length)
    last_year: Change                    # the same period of the previous year
    year_to_date: float | None
    months: tuple[tuple[Period, float | None], ...]     # Department rate per month, January to the period's end


def compare(indicator: Indicator, rate: float | None, other: float | None) -> Change:
    if rate is None or other is None:
        return Change(other, None, None, None)
    delta = rate - other
    if abs(delta) < 1e-9:
        return Change(other, 0.0, FLAT, None)
    rising = delta > 0
    return Change(other, delta, UP if rising else DOWN, rising != (indicator.comparison == "<="))


def indicator_trends(config: Config, current: Metrics, previous: Metrics, last_year: Metrics, ytd: Metrics,
                     monthly: list[Metrics]) -> tuple[Trend, ...]:
    out = []
    for ind in config.indicators:
        rate = _rate(current, ind.id)
        out.append(Trend(indicator=ind.id, rate=rate, previous=compare(ind, rate, _rate(previous, ind.id)),
                         last_year=compare(ind, rate, _rate(last_year, ind.id)), year_to_date=_rate(ytd, ind.id),
                         months=tuple((m.period, _rate(m, ind.id)) for m in monthly)))
    return tuple(out)


def _rate(metrics: Metrics, indicator_id: str) -> float | None:
    return next(r.rate for r in metrics.indicators if r.id == indicator_id)


# ---------------------------------------------------------------- measures

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


def current_occurrence(measure: Measure, year: int, as_of: dt.date) -> tuple[dt.date, dt.date | None] | None:
    """(the last due date on or before `as_of`, the one before it) from the plan's parsed deadline;
    None when nothing has fallen due (continuous work, or a deadline still ahead)."""
    passed = [d for d in due_dates(measure.deadline_rules, year) if d <= as_of]
    if not passed:
        return None
    return passed[-1], (passed[-2] if len(passed) > 1 else None)


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
    due_date: dt.date
    days_overdue: int
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
            return f"Chỉ báo cáo xong lần trước ({report.completed_on:%d/%m/%Y}); chưa báo cáo lần này ({when})"
        return f"{STATUSES.get(report.status, 'Để trống') if report.status else 'Để trống'} ({when})"


def overdue_measures(config: Config, outcomes: list[Outcome], period: Period, as_of: dt.date,
                     reports: MeasureReports | None = None) -> tuple[OverdueMeasure, ...]:
    """Each measure of the plan past its parsed deadline (as of `as_of`) that a lead unit has not
    reported done, one entry per lead unit that owes it (each lead answers for its own part), in plan
    order. `reports`: MeasureReports(outcomes, period), when the caller has it."""
    reports = MeasureReports(outcomes, period) if reports is None else reports
    occurrences = {m.id: current_occurrence(m, config.plan.year, as_of) for m in config.measures}
    leads = {(m.id, unit): (n, k) for n, m in enumerate(config.measures) for k, unit in enumerate(m.lead)
             if occurrences[m.id] is not None}
    found = []
    for unit in dict.fromkeys(unit for _, unit in leads):       # unit by unit: see MeasureReports
        for measure in config.measures_for(unit):
            if (measure.id, unit) not in leads:
                continue
            due, after = occurrences[measure.id]
            history = reports.get((unit, measure.id))
            if reported_done(history, after):
                continue
            found.append((leads[measure.id, unit], OverdueMeasure(
                measure=measure.id, objective=measure.objective, unit=unit, text=measure.text,
                deadline_text=measure.deadline, due_date=due, days_overdue=(as_of - due).days,
                last=history[-1] if history else None, evidence_expected=measure.evidence, monitor=measure.monitor)))
    found.sort(key=lambda item: item[0])
    return tuple(o for _, o in found)


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
                    label = STATUSES.get(last.report.status, "") if last.report.status else "Để trống"
                    reason = f"{label} ({last.period.label_vi.lower()}, hạn {deadline:%d/%m/%Y})"
                    found[measure.id] = Contradiction(measure.id, sys.intern(reason), deadline)
            if found:
                flags.append(SelfReportFlag(unit=unit.code, objective=obj.id,
                                            rates=tuple((i, f.rate) for i, f in figures),
                                            measures=tuple(found[m.id] for m in config.measures if m.id in found)))
    return tuple(flags)


# ---------------------------------------------------------------- corrective actions (ISO 9001 clause 10.2)

@dataclass(frozen=True, slots=True)
class Check:
    """A figure that came in after an action was opened: the effectiveness check."""
    period: Period
    rate: float
    met: bool


@dataclass(frozen=True, slots=True)
class CorrectiveAction:
    unit: str
    indicator: str
    opened: Period                       # the month whose figure opened the entry
    rate: float | None                   # that figure's rate
    cause: str | None
    action: str | None                   # None: the miss came with no action
    owner: str | None
    deadline: dt.date | None
    reported_in: tuple[Period, ...]      # months the unit reported this miss or action (carried over)
    checks: tuple[Check, ...]            # later figures, in order; the last met one closes the entry
    source: Submission                   # the file where the latest action (or the miss) was written
    sheet: str | None
    cell: str | None
    as_of: dt.date

    @property
    def closed_in(self) -> Period | None:
        return self.checks[-1].period if self.checks and self.checks[-1].met else None

    @property
    def status(self) -> str:
        if self.closed_in is not None:
            return ActionStatus.CLOSED
        if self.action is None:
            return ActionStatus.NO_ACTION
        return ActionStatus.NOT_EFFECTIVE if self.checks else ActionStatus.OPEN

    @property
    def overdue(self) -> bool:
        return self.closed_in is None and self.deadline is not None and self.deadline < self.as_of

    @property
    def next_check(self) -> Period | None:
        """The month whose figure will tell whether the action worked (None once closed)."""
        if self.closed_in is not None:
            return None
        last = max([self.reported_in[-1]] + [c.period for c in self.checks])
        return Period(last.year, last.first_month + 1, 1) if last.first_month < 12 else Period(last.year + 1, 1, 1)


def _text_key(text: str | None) -> str:
    return name_key(text) if text else ""


def accepted_figures(outcomes: list[Outcome],
                     period: Period) -> dict[tuple[str, str], list[tuple[Period, Figure, Outcome]]]:
    """The figures of every accepted report in the months of `period`, per (unit, indicator), by month."""
    months = set(period.months())
    out: dict[tuple[str, str], list[tuple[Period, Figure, Outcome]]] = {}
    for o in sorted((o for o in outcomes if o.status == Status.ACCEPTED and o.checked.period in months),
                    key=lambda o: o.checked.period):
        for fig in o.checked.figures:
            out.setdefault((o.checked.unit, fig.indicator), []).append((o.checked.period, fig, o))
    return out


def corrective_action_register(config: Config, outcomes: list[Outcome], period: Period,
                               as_of: dt.date) -> tuple[CorrectiveAction, ...]:
    """Every cause and action units reported from January to the end of `period`, carried from month to
    month until a later figure meets the target again (closed) — each later figure is the effectiveness
    check. A miss with no action opens an entry all the same. Entries closed before `period` are left out."""
    figures = accepted_figures(outcomes, year_to_date(period))
    entries: list[CorrectiveAction] = []
    for unit in config.units:
        for indicator in config.indicators:
            current: dict | None = None
            last_action = ""
            for month, fig, outcome in figures.get((unit.code, indicator.id), []):
                if fig.rate is None:
                    continue                                # nothing due: no figure to judge
                met = bool(meets(indicator, fig.rate))
                written = bool(fig.action or fig.cause)
                if current is not None:
                    current["checks"].append(Check(month, fig.rate, met))
                    if met:
                        entries.append(_freeze(current, as_of))
                        current = None
                    else:
                        current["reported_in"].append(month)
                        if written:
                            _take_action(current, fig, outcome)
                            last_action = _text_key(fig.action)
                        continue
                if met and (not written or _text_key(fig.action) == last_action):
                    continue                                # met, or the closed action copied forward
                current = {"unit": unit.code, "indicator": indicator.id, "opened": month, "rate": fig.rate,
                           "cause": None, "action": None, "owner": None, "deadline": None, "reported_in": [month],
                           "checks": [], "source": outcome.submission, "sheet": outcome.checked.indicator_sheet,
                           "cell": fig.cell("action")}
                if written:
                    _take_action(current, fig, outcome)
                last_action = _text_key(current["action"])
            if current is not None:
                entries.append(_freeze(current, as_of))
    kept = [e for e in entries if e.closed_in is None or e.closed_in.start >= period.start]
    return tuple(sorted(kept, key=lambda e: e.opened))          # stable: units, then indicators, in plan order


def _take_action(entry: dict, fig: Figure, outcome: Outcome) -> None:
    entry.update(cause=fig.cause or entry["cause"], action=fig.action or entry["action"],
                 owner=fig.owner or entry["owner"], deadline=fig.action_deadline or entry["deadline"],
                 source=outcome.submission, sheet=outcome.checked.indicator_sheet,
                 cell=fig.cell("action"))


def _freeze(entry: dict, as_of: dt.date) -> CorrectiveAction:
    return CorrectiveAction(**{**entry, "reported_in": tuple(entry["reported_in"]), "checks": tuple(entry["checks"])},
                            as_of=as_of)


# ---------------------------------------------------------------- who is behind

@dataclass(frozen=True, slots=True)
class UnitBehind:
    """One unit's shortfalls in the period, for the "who is behind" lists."""
    unit: str
    missing: tuple[Period, ...]          # months without a valid report, due date passed
    late: tuple[Period, ...]             # months whose valid report arrived after the due date
    not_met: tuple[str, ...]             # indicators below target, pooled over the period
    overdue: tuple[str, ...]             # measures the unit leads that are overdue

    @property
    def summary(self) -> str:
        parts = []
        if self.missing:
            parts.append("chưa nộp " + ", ".join(p.form_value for p in self.missing))
        if self.not_met:
            parts.append("chưa đạt " + ", ".join(self.not_met))
        if self.overdue:
            parts.append("quá hạn " + ", ".join(self.overdue))
        if self.late:
            parts.append(f"nộp trễ {len(self.late)} lần")
        return "; ".join(parts)


def units_behind(config: Config, metrics: Metrics, timeliness: Iterable[Timeliness],
                 overdue: Iterable[OverdueMeasure]) -> tuple[UnitBehind, ...]:
    """Units with anything outstanding, the most behind first (missing reports, then targets missed,
    then overdue measures, then late reports)."""
    timeliness, overdue = list(timeliness), list(overdue)
    by_unit: dict[str, list] = {}
    for t in timeliness:
        by_unit.setdefault(t.unit, []).append(t)
    overdue_by: dict[str, list[str]] = {}
    for o in overdue:
        overdue_by.setdefault(o.unit, []).append(o.measure)
    out = []
    for unit in config.units:
        mine = by_unit.get(unit.code, [])
        entry = UnitBehind(
            unit=unit.code,
            missing=tuple(t.period for t in mine if not t.reported and t.status != Arrival.PENDING),
            late=tuple(t.period for t in mine if t.reported and t.status != Arrival.ON_TIME),
            not_met=tuple(r.id for r in metrics.indicators if r.by_unit.get(unit.code) and
                          r.by_unit[unit.code].met is False),
            overdue=tuple(dict.fromkeys(overdue_by.get(unit.code, ()))))
        if entry.missing or entry.late or entry.not_met or entry.overdue:
            out.append(entry)
    return tuple(sorted(out, key=lambda e: (-len(e.missing), -len(e.not_met), -len(e.overdue), -len(e.late))))


# ---------------------------------------------------------------- everything together

@dataclass(frozen=True)
class Analysis:
    period: Period
    metrics: Metrics                     # the period's own figures (as `mtcl run` computes them)
    today: dt.date                       # the day of the run: decides which reports are overdue yet
    as_of: dt.date                       # the plan's state is read at the period's end (or today, if earlier)
    timeliness: tuple[Timeliness, ...]   # every unit and month from January to the period's end
    year_to_date: Metrics
    previous: Metrics
    last_year: Metrics
    monthly: tuple[Metrics, ...]         # January to the period's end, one per month
    trends: tuple[Trend, ...]
    overdue: tuple[OverdueMeasure, ...]
    self_reports: tuple[SelfReportFlag, ...]
    actions: tuple[CorrectiveAction, ...]
    behind: tuple[UnitBehind, ...]       # units with anything outstanding in the period, most behind first

    def timeliness_in(self, period: Period) -> tuple[Timeliness, ...]:
        months = set(period.months())
        return tuple(t for t in self.timeliness if t.period in months)

    def rate_by_month(self) -> dict[Period, ReportingRate]:
        return {m.period: reporting_rate(t for t in self.timeliness if t.period == m.period) for m in self.monthly}

    def rate_by_unit(self, period: Period | None = None) -> dict[str, ReportingRate]:
        by_unit: dict[str, list[Timeliness]] = {}
        for t in self.timeliness_in(period) if period else self.timeliness:
            by_unit.setdefault(t.unit, []).append(t)
        return {u: reporting_rate(rows) for u, rows in by_unit.items()}

    @property
    def open_actions(self) -> tuple[CorrectiveAction, ...]:
        return tuple(a for a in self.actions if a.closed_in is None)


def analyse(config: Config, outcomes: list[Outcome], metrics: Metrics, today: dt.date) -> Analysis:
    """Everything on top of the period's metrics, from the outcomes of every period (trends and the
    register look back; nothing looks past the period's end)."""
    period = metrics.period
    as_of = min(today, period.end)
    ytd = year_to_date(period)
    # The other spans are read at the Department level only: their unit figures are dropped as soon as
    # they are pooled (a year of months for thousands of units would otherwise stay in memory).
    monthly = tuple(department_only(metrics if m == period else metrics_for(outcomes, config, m))
                    for m in ytd.months())
    ytd_metrics = metrics if ytd == period else department_only(metrics_for(outcomes, config, ytd))
    previous = department_only(metrics_for(outcomes, config, period.previous()))
    last_year = department_only(metrics_for(outcomes, config, period.same_last_year()))
    reports = MeasureReports(outcomes, period)
    overdue = overdue_measures(config, outcomes, period, as_of, reports)
    timeliness = submission_timeliness(outcomes, config, ytd, today)
    in_period = [t for t in timeliness if t.period in set(period.months())]
    return Analysis(
        period=period, metrics=metrics, today=today, as_of=as_of, timeliness=timeliness,
        year_to_date=ytd_metrics, previous=previous, last_year=last_year, monthly=monthly,
        trends=indicator_trends(config, metrics, previous, last_year, ytd_metrics, list(monthly)),
        overdue=overdue, self_reports=self_report_flags(config, metrics, outcomes, overdue, reports),
        actions=corrective_action_register(config, outcomes, period, as_of),
        behind=units_behind(config, metrics, in_period, overdue))
