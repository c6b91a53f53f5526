"""Who reported each month, on time or late, and the reporting rates; pure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..model import Arrival, Outcome, Status, Submission, Submitted, rate_of
from ..plan.config import Config
from ..plan.periods import Period
from ..vi import TIMELINESS_VI
from ..vi.analysis import ANALYSIS

Slots = dict[tuple[str | None, Period | None], list[Outcome]]


@dataclass(frozen=True, slots=True)
class UnitStatus:
    """One unit and month: the report that counts, and whether it arrived by the due date. `status` is how the
    period's figures count it; `arrival` is how timeliness reads it (a report sent on time but rejected is told
    apart from one sent late; a month not yet due is pending, not missing). Timeliness goes by the first valid
    report to arrive: a correction sent after the due date never makes a unit late."""
    unit: str
    period: Period
    status: Submitted
    arrival: Arrival
    due_date: dt.date
    source: Submission | None            # the accepted file (the latest valid one: its figures count)
    rejected_files: int
    received_at: dt.datetime | None = None   # when the first valid file arrived

    @property
    def reported(self) -> bool:
        return self.source is not None

    @property
    def file(self) -> str | None:
        return self.source.path if self.source else None

    @property
    def label(self) -> str:
        if self.arrival == Arrival.ON_TIME_REJECTED:
            return (ANALYSIS["label.1"] if self.reported else
                    ANALYSIS["label.2"])
        return TIMELINESS_VI[self.arrival]

    @property
    def days_late(self) -> int | None:
        if self.received_at is None:
            return None
        return max(0, (self.received_at.date() - self.due_date).days)


def slots(outcomes: Iterable[Outcome]) -> Slots:
    """The outcomes of each (unit, month), in the order given."""
    out: Slots = {}
    for o in outcomes:
        out.setdefault((o.checked.unit, o.checked.period), []).append(o)
    return out


def unit_statuses(by_slot: Slots, config: Config, months: Iterable[Period],
                  today: dt.date | None = None) -> tuple[UnitStatus, ...]:
    """Per month, then unit in the plan's order: the accepted report (on time or late by its month's due date),
    rejected files only, or nothing. A month whose due date is on or after `today` is pending (None: none is)."""
    out = []
    for month in months:
        due = month.due_date(config.reporting.due_day)
        for unit in config.units:
            mine = by_slot.get((unit.code, month), ())
            accepted = next((o for o in mine if o.status == Status.ACCEPTED), None)
            # a superseded file was a valid report until a later one replaced it: the first of them counts
            first = next((o for o in mine if o.status in (Status.ACCEPTED, Status.SUPERSEDED)), None)
            rejected = sum(o.status == Status.REJECTED for o in mine)
            rejected_on_time = any(o.status == Status.REJECTED and o.on_time for o in mine)
            if accepted is not None:
                status = Submitted.ON_TIME if first.on_time else Submitted.LATE
                arrival = Arrival.ON_TIME if first.on_time else (
                    Arrival.ON_TIME_REJECTED if rejected_on_time else Arrival.LATE)
            else:
                status = Submitted.REJECTED if rejected else Submitted.MISSING
                arrival = Arrival.PENDING if today is not None and today <= due else (
                    Arrival.ON_TIME_REJECTED if rejected_on_time else Arrival.MISSING)
            out.append(UnitStatus(unit=unit.code, period=month, status=status, arrival=arrival, due_date=due,
                                  source=accepted.submission if accepted else None, rejected_files=rejected,
                                  received_at=first.submission.received_at if accepted else None))
    return tuple(out)


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


def reporting_rate(rows: Iterable[UnitStatus]) -> ReportingRate:
    counted = [r for r in rows if r.arrival != Arrival.PENDING]
    return ReportingRate(expected=len(counted), reported=sum(r.reported for r in counted),
                         on_time=sum(r.arrival == Arrival.ON_TIME for r in counted))
