"""Who reported each month, on time or late, and the reporting rates; pure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..model import Arrival, Outcome, Status, Submission, Submitted, rate_of
from ..plan.config import Config
from ..plan.periods import Period, parse_period
from ..vi import TIMELINESS_VI


@dataclass(frozen=True, slots=True)
class UnitStatus:
    unit: str
    name: str
    period: str
    status: str                   # on-time | late | missing | rejected
    file: str | None
    received_at: dt.datetime | None
    rejected_files: int


def submission_statuses(outcomes: list[Outcome], config: Config, period: Period) -> list[UnitStatus]:
    """Per unit and month of `period`: on time, late (by the due date), rejected only, or missing."""
    by_slot: dict[tuple, list[Outcome]] = {}
    for o in outcomes:
        by_slot.setdefault((o.checked.unit, o.checked.period), []).append(o)
    out = []
    for month in period.months():
        for unit in config.units:
            mine = by_slot.get((unit.code, month), [])
            accepted = next((o for o in mine if o.status == Status.ACCEPTED), None)
            rejected = sum(o.status == Status.REJECTED for o in mine)
            if accepted is not None:
                status = Submitted.ON_TIME if accepted.on_time else Submitted.LATE
            else:
                status = Submitted.REJECTED if rejected else Submitted.MISSING
            out.append(UnitStatus(unit=unit.code, name=unit.name, period=month.key, status=status,
                                  file=accepted.submission.path if accepted else None,
                                  received_at=accepted.submission.received_at if accepted else None,
                                  rejected_files=rejected))
    return out


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
