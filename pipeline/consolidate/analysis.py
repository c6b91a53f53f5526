"""Everything a period's outputs show, on top of its figures: timeliness, trends, overdue measures, the register, who is behind; pure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..model import Arrival, Outcome
from ..plan.config import Config
from ..plan.periods import Period
from ..plan.years import new_indicators
from .actions import ActionCounts, CorrectiveAction, action_counts, corrective_action_register
from .measures import (MeasureReports, OverdueMeasure, PlanNote, SelfReportFlag, deadlines_before_issue,
                       overdue_measures, self_report_flags)
from .metrics import Metrics, Months
from .timeliness import ReportingRate, UnitStatus, reporting_rate
from .trends import Trend, indicator_trends, year_to_date
from ..vi.analysis import ANALYSIS


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
            parts.append(ANALYSIS["summary.1"] + ", ".join(p.form_value for p in self.missing))
        if self.not_met:
            parts.append(ANALYSIS["summary.2"] + ", ".join(self.not_met))
        if self.overdue:
            parts.append(ANALYSIS["summary.3"] + ", ".join(self.overdue))
        if self.late:
            parts.append(ANALYSIS["summary.4"].format(len=len(self.late)))
        return "; ".join(parts)


def units_behind(config: Config, metrics: Metrics, timeliness: Iterable[UnitStatus],
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
            missing=tuple(t.period for t in mine if not t.reported and t.arrival != Arrival.PENDING),
            late=tuple(t.period for t in mine if t.reported and t.arrival != Arrival.ON_TIME),
            not_met=tuple(r.id for r in metrics.indicators if r.by_unit.get(unit.code) and
                          r.by_unit[unit.code].met is False),
            overdue=tuple(dict.fromkeys(overdue_by.get(unit.code, ()))))
        if entry.missing or entry.late or entry.not_met or entry.overdue:
            out.append(entry)
    return tuple(sorted(out, key=lambda e: (-len(e.missing), -len(e.not_met), -len(e.overdue), -len(e.late))))


@dataclass(frozen=True)
class Analysis:
    period: Period
    metrics: Metrics                     # the period's own figures (as `mtcl run` computes them)
    today: dt.date                       # the day of the run: decides which reports are overdue yet
    as_of: dt.date                       # the plan's state is read at the period's end (or today, if earlier)
    timeliness: tuple[UnitStatus, ...]   # every unit and month from January to the period's end
    year_to_date: Metrics
    previous: Metrics
    last_year: Metrics
    monthly: tuple[Metrics, ...]         # January to the period's end, one per month
    trends: tuple[Trend, ...]
    overdue: tuple[OverdueMeasure, ...]
    self_reports: tuple[SelfReportFlag, ...]
    actions: tuple[CorrectiveAction, ...]
    behind: tuple[UnitBehind, ...]       # units with anything outstanding in the period, most behind first
    plan_notes: tuple[PlanNote, ...] = ()   # deadlines before the plan's issue date: told once, never an error

    def timeliness_in(self, period: Period) -> tuple[UnitStatus, ...]:
        months = set(period.months())
        return tuple(t for t in self.timeliness if t.period in months)

    def rate_by_month(self) -> dict[Period, ReportingRate]:
        return {m.period: reporting_rate(t for t in self.timeliness if t.period == m.period) for m in self.monthly}

    def rate_by_unit(self, period: Period | None = None) -> dict[str, ReportingRate]:
        by_unit: dict[str, list[UnitStatus]] = {}
        for t in self.timeliness_in(period) if period else self.timeliness:
            by_unit.setdefault(t.unit, []).append(t)
        return {u: reporting_rate(rows) for u, rows in by_unit.items()}

    @property
    def open_actions(self) -> tuple[CorrectiveAction, ...]:
        return tuple(a for a in self.actions if a.closed_in is None)

    @property
    def action_counts(self) -> ActionCounts:
        """The register's counts: every output that counts actions shows these."""
        return action_counts(self.actions)


def analyse(config: Config, outcomes: list[Outcome], metrics: Metrics, today: dt.date,
            months: Months | None = None, last_plan: Months | None = None) -> Analysis:
    """Everything on top of the period's metrics, from the outcomes of every period (trends and the
    register look back; nothing looks past the period's end). `months`: the run's monthly figures, which
    every period it writes shares (made here when not given); `last_plan`: last year's, on last year's plan
    (plan.years), for the comparisons that reach into last year."""
    months = months or Months(outcomes, config, today)
    period = metrics.period
    as_of = min(today, period.end)
    ytd = year_to_date(period)
    # The other spans are read at the Department level only (a year of months for thousands of units would
    # otherwise stay in memory).
    monthly = tuple(months.metrics(m, units=False) for m in ytd.months())
    ytd_metrics = months.metrics(ytd, units=False)

    def earlier(other: Period) -> Metrics:
        return (last_plan if last_plan is not None and other.year < period.year else months).metrics(other, units=False)

    previous = earlier(period.previous())
    last_year = earlier(period.same_last_year())
    reports = MeasureReports(outcomes, period)
    overdue = overdue_measures(config, outcomes, period, as_of, reports, today)
    timeliness = months.statuses(ytd)
    in_period = [t for t in timeliness if t.period in set(period.months())]
    return Analysis(
        period=period, metrics=metrics, today=today, as_of=as_of, timeliness=timeliness,
        year_to_date=ytd_metrics, previous=previous, last_year=last_year, monthly=monthly,
        trends=indicator_trends(config, metrics, previous, last_year, ytd_metrics, list(monthly),
                                new_indicators(config)),
        overdue=overdue, self_reports=self_report_flags(config, metrics, outcomes, overdue, reports),
        actions=corrective_action_register(config, outcomes, period, as_of),
        behind=units_behind(config, metrics, in_period, overdue), plan_notes=deadlines_before_issue(config))
