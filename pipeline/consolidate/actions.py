"""The corrective-action register (ISO 9001 clause 10.2): an action closes only once recorded, carried out and verified effective; pure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import ActionStatus, Figure, Outcome, Status, Submission
from ..plan.config import Config, meets
from ..plan.pools import judged_alone
from ..plan.periods import Period
from ..text import name_key
from .trends import year_to_date


@dataclass(frozen=True, slots=True)
class Check:
    """A figure that came in after the entry opened: after the action was carried out, the effectiveness check."""
    period: Period
    rate: float
    met: bool
    verifies: bool = False               # counted toward verification: it came after the action was carried out


@dataclass(frozen=True, slots=True)
class CorrectiveAction:
    """One miss of one unit's indicator and what was done about it. Closed only when the action was
    recorded, the unit reported it carried out (`done_on`), and the indicator then met its target in
    `effective_periods` consecutive periods (config [reporting]); a miss with no action stays open."""
    unit: str
    indicator: str
    opened: Period                       # the month whose figure opened the entry
    rate: float | None                   # that figure's rate
    cause: str | None
    action: str | None                   # None: no action recorded (yet)
    owner: str | None
    deadline: dt.date | None
    done_on: dt.date | None              # the day the unit says the action was carried out
    reported_in: tuple[Period, ...]      # months the unit reported this miss or action (carried over)
    checks: tuple[Check, ...]            # later figures, in order
    closed_in: Period | None             # the month of the figure that completed the verification
    reopens: Period | None               # the earlier entry of the same unit and indicator, closed, that this miss reopens
    earlier_action: str | None           # that entry's action
    source: Submission                   # the file where the latest action (or the miss) was written
    sheet: str | None
    cell: str | None
    as_of: dt.date
    effective_periods: int = 2

    @property
    def status(self) -> str:
        if self.closed_in is not None:
            return ActionStatus.CLOSED
        if self.action is None:
            return ActionStatus.NO_ACTION
        if self.done_on is None:
            return ActionStatus.OPEN
        verifying = [c for c in self.checks if c.verifies]
        return ActionStatus.NOT_EFFECTIVE if verifying and not verifying[-1].met else ActionStatus.VERIFYING

    @property
    def verified_periods(self) -> int:
        """Consecutive periods meeting the target since the action was carried out (the last miss)."""
        n = 0
        for c in self.checks:
            if c.verifies:
                n = n + 1 if c.met else 0
        return n

    @property
    def overdue(self) -> bool:
        """Open past its deadline, and not yet carried out (an action carried out is waiting for figures)."""
        return self.closed_in is None and self.done_on is None and self.deadline is not None \
            and self.deadline < self.as_of

    @property
    def next_check(self) -> Period | None:
        """The month whose figure will tell whether the action worked (None once closed)."""
        if self.closed_in is not None:
            return None
        last = max([self.reported_in[-1]] + [c.period for c in self.checks])
        return Period(last.year, last.first_month + 1, 1) if last.first_month < 12 else Period(last.year + 1, 1, 1)


@dataclass(frozen=True, slots=True)
class ActionCounts:
    """The register's counts, the same in every output (register sheet, dashboard, summary.md, documents)."""
    total: int
    closed: int
    open: int                            # not closed, whatever the reason
    no_action: int                       # open with no action recorded
    overdue: int                         # open past the action's deadline, not carried out
    by_status: dict[str, int]


def action_counts(actions) -> ActionCounts:
    """One function counting the register for every output that shows counts."""
    actions = list(actions)
    by_status = {s.value: sum(a.status == s for a in actions) for s in ActionStatus}
    return ActionCounts(total=len(actions), closed=by_status[ActionStatus.CLOSED],
                        open=sum(a.closed_in is None for a in actions), no_action=by_status[ActionStatus.NO_ACTION],
                        overdue=sum(a.overdue for a in actions), by_status=by_status)


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
    """Every miss units reported from January to the end of `period`, carried from month to month until
    closed: an action recorded, reported carried out (a later report may say so, even a month that meets
    the target), and then `effective_periods` consecutive figures meeting the target. A later met figure
    closes nothing by itself: a miss with no action stays open («chưa có hành động»). A miss after an
    entry closed opens a new entry linked to it. Entries closed before `period` are left out. Entries
    still open at the end of last year carry over into this year's register (its figures are read from
    January of last year), for the indicators and units this year's plan still has."""
    figures = accepted_figures(outcomes, Period(period.year - 1, 1, 12))
    for key, rows in accepted_figures(outcomes, year_to_date(period)).items():
        figures.setdefault(key, []).extend(rows)
    needed = config.reporting.effective_periods
    entries: list[CorrectiveAction] = []
    for unit in config.units:
        for indicator in config.indicators:
            if not indicator.judged or not judged_alone(config.pools, indicator.id, unit.code):
                continue            # «Theo dõi», or judged with its pool only (6.2 in a phòng): no miss of its own
            current: dict | None = None
            closed: CorrectiveAction | None = None
            for month, fig, outcome in figures.get((unit.code, indicator.id), []):
                if fig.rate is None:
                    continue                                # nothing due: no figure to judge
                met = bool(meets(indicator, fig.rate))
                stale = closed.done_on if closed else None      # a closed entry's date, copied forward
                if current is None:
                    if met:
                        continue                            # met, or the closed action copied forward
                    current = {"unit": unit.code, "indicator": indicator.id, "opened": month, "rate": fig.rate,
                               "cause": None, "action": None, "owner": None, "deadline": None, "done_on": None,
                               "reported_in": [month], "checks": [], "closed_in": None,
                               "reopens": closed.opened if closed else None,
                               "earlier_action": closed.action if closed else None,
                               "source": outcome.submission, "sheet": outcome.checked.indicator_sheet,
                               "cell": fig.cell("action")}
                    if fig.action or fig.cause:
                        _take_action(current, fig, outcome, stale)
                    continue
                if fig.action or fig.cause or fig.action_done:
                    _take_action(current, fig, outcome, stale)
                done_on = current["done_on"]
                current["checks"].append(Check(month, fig.rate, met, verifies=done_on is not None and done_on <= month.end))
                if not met:
                    current["reported_in"].append(month)
                entry = _freeze(current, as_of, needed)
                if entry.action is not None and entry.done_on is not None and entry.verified_periods >= needed:
                    current["closed_in"] = month
                    closed = _freeze(current, as_of, needed)
                    entries.append(closed)
                    current = None
            if current is not None:
                entries.append(_freeze(current, as_of, needed))
    kept = [e for e in entries if e.closed_in is None or e.closed_in.start >= period.start]
    return tuple(sorted(kept, key=lambda e: e.opened))          # stable: units, then indicators, in plan order


def _take_action(entry: dict, fig: Figure, outcome: Outcome, stale: dt.date | None) -> None:
    done = fig.action_done if fig.action_done and (stale is None or fig.action_done > stale) else None
    entry.update(cause=fig.cause or entry["cause"], action=fig.action or entry["action"],
                 owner=fig.owner or entry["owner"], deadline=fig.action_deadline or entry["deadline"],
                 done_on=entry["done_on"] or done,
                 source=outcome.submission, sheet=outcome.checked.indicator_sheet,
                 cell=fig.cell("action"))


def _freeze(entry: dict, as_of: dt.date, needed: int) -> CorrectiveAction:
    return CorrectiveAction(**{**entry, "reported_in": tuple(entry["reported_in"]), "checks": tuple(entry["checks"])},
                            as_of=as_of, effective_periods=needed)
