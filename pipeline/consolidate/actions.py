"""The corrective-action register (ISO 9001 clause 10.2): causes and actions carried over until a later figure meets the target; pure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import ActionStatus, Figure, Outcome, Status, Submission
from ..plan.config import Config, meets
from ..plan.periods import Period
from ..text import name_key
from .trends import year_to_date


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
