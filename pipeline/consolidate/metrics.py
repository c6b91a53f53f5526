"""Each indicator against its target per unit and pooled for the Department; pure."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from ..model import Outcome, Submitted, rate_of
from ..plan.config import Config, meets
from ..plan.periods import Period
from .merge import POOLED_COLUMNS, merge_figures
from .timeliness import UnitStatus, submission_statuses


@dataclass(frozen=True, slots=True)
class UnitFigure:
    numerator: int
    denominator: int
    late: int | None
    rate: float | None
    met: bool | None


@dataclass(frozen=True)
class IndicatorResult:
    id: str
    objective: int
    name: str
    target: float
    comparison: str
    target_label: str
    numerator: int
    denominator: int
    late: int | None
    rate: float | None            # None: nothing due anywhere ("không phát sinh")
    met: bool | None
    units_met: int
    units_reporting: int          # units with something due
    by_unit: dict[str, UnitFigure]

    @property
    def units_not_met(self) -> list[str]:
        return [code for code, f in self.by_unit.items() if f.met is False]


@dataclass(frozen=True)
class ObjectiveResult:
    id: int
    short: str
    met: bool | None
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Metrics:
    period: Period
    indicators: tuple[IndicatorResult, ...]
    objectives: tuple[ObjectiveResult, ...]
    statuses: tuple[UnitStatus, ...]

    def count(self, status: str) -> int:
        return sum(s.status == status for s in self.statuses)

    @property
    def expected(self) -> int:
        return len(self.statuses)

    @property
    def submitted(self) -> int:
        return self.count(Submitted.ON_TIME) + self.count(Submitted.LATE)

    @property
    def missing_units(self) -> list[str]:
        first: dict[str, int] = {}
        for i, s in enumerate(self.statuses):
            first.setdefault(s.unit, i)
        return sorted({s.unit for s in self.statuses if s.status in (Submitted.MISSING, Submitted.REJECTED)}, key=first.__getitem__)


def compute_metrics(frame: pd.DataFrame, outcomes: list[Outcome], config: Config, period: Period) -> Metrics:
    """Indicator results pooled over the units (and months) of `period`, plus submission statuses."""
    # only the columns pooled: a filtered copy of the whole table would hold every text again
    reported = frame.loc[frame["due"].notna(), ["indicator", "unit", "due", "on_time", "late"]]
    planned = {ind.id: ind for ind in config.indicators}
    units = config.unit_order()
    found: dict[str, dict[str, UnitFigure]] = {ind.id: {} for ind in config.indicators}
    if len(reported):
        grouped = reported.groupby(["indicator", "unit"], sort=False).sum(min_count=1)
        # one UnitFigure per unit and indicator straight from the sums' columns (no dict per row)
        sums = (grouped[c].astype("float64").to_numpy() for c in ("due", "on_time", "late"))
        for (ind_id, code), due, on_time, late in zip(grouped.index, *sums):
            if ind_id not in planned or code not in units:
                continue
            den, num = int(due), (0 if math.isnan(on_time) else int(on_time))
            late = None if math.isnan(late) else int(late)
            rate = rate_of(num, den)
            found[ind_id][code] = UnitFigure(num, den, late, rate, meets(planned[ind_id], rate))
    indicators = []
    for ind in config.indicators:
        by_unit = dict(sorted(found[ind.id].items(), key=lambda item: units[item[0]]))   # the plan's order
        numerator = sum(f.numerator for f in by_unit.values())
        denominator = sum(f.denominator for f in by_unit.values())
        lates = [f.late for f in by_unit.values() if f.late is not None]
        rate = rate_of(numerator, denominator)
        indicators.append(IndicatorResult(
            id=ind.id, objective=ind.objective, name=ind.name, target=ind.target, comparison=ind.comparison,
            target_label=ind.target_label, numerator=numerator, denominator=denominator,
            late=sum(lates) if lates else None, rate=rate, met=meets(ind, rate),
            units_met=sum(f.met is True for f in by_unit.values()),
            units_reporting=sum(f.denominator > 0 for f in by_unit.values()), by_unit=by_unit))
    objectives = []
    for obj in config.objectives:
        mine = [r for r in indicators if r.objective == obj.id]
        known = [r.met for r in mine if r.met is not None]
        objectives.append(ObjectiveResult(id=obj.id, short=obj.short, met=(all(known) if known else None),
                                          indicators=tuple(r.id for r in mine)))
    return Metrics(period=period, indicators=tuple(indicators), objectives=tuple(objectives),
                   statuses=tuple(submission_statuses(outcomes, config, period)))


def metrics_for(outcomes: list[Outcome], config: Config, period: Period) -> Metrics:
    """The same figures `mtcl run --period` computes, for any span of months (pooled, never averaged)."""
    return compute_metrics(merge_figures(outcomes, config, period, POOLED_COLUMNS), outcomes, config, period)


def department_only(metrics: Metrics) -> Metrics:
    """The same metrics with the Department's figures only: the pooled rates and counts of units stay; the
    figures and submission statuses of each unit go (reporting over the months is read from the timeliness)."""
    return replace(metrics, indicators=tuple(replace(r, by_unit={}) for r in metrics.indicators), statuses=())
