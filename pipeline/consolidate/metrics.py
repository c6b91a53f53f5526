"""Each indicator against its target per unit and pooled for the Department; each month computed once per run and
every longer span pooled from the months; pure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model import Arrival, Outcome, Status, Submitted
from ..plan.config import Config, Indicator, meets
from ..plan.periods import Period
from ..plan.pools import judged_alone, pools_of
from ..vi import POOLED_VI, RESULT_VI, SMALL_BASE_VI, TRACKED_VI, pct, vi_ratio
from .merge import POOLED_COLUMNS, merge_figures
from .timeliness import Slots, UnitStatus, reporting_rate, slots, unit_statuses


@dataclass(frozen=True, slots=True)
class UnitFigure:
    numerator: int
    denominator: int
    late: int | None
    rate: float | None
    met: bool | None


@dataclass(frozen=True, slots=True)
class PoolFigure:
    """An indicator over one pool of units the plan judges together (6.2: the administrative block, a centre)."""
    id: str
    title: str
    units: tuple[str, ...]
    numerator: int
    denominator: int
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
    aggregation: str = "sum"      # "latest": a stock or status, each unit's latest report in the span
    pools: tuple[PoolFigure, ...] = ()     # the plan's pools; the Department's verdict is theirs
    tracked: bool = False         # the plan sets no target: «theo dõi», no verdict
    small_base: bool = False      # a denominator too small for its rate to say much (below [reporting] small_base)

    @property
    def result_vi(self) -> str:
        """«Đạt», «Không đạt», «Không phát sinh», or «Theo dõi» where the plan sets no target."""
        return TRACKED_VI if self.tracked else RESULT_VI[self.met]

    def unit_result_vi(self, code: str) -> str:
        """A unit's own verdict in words: «Theo dõi» where the plan sets no target; a unit judged only with its
        pool (6.2 in a phòng) gets its pool's verdict («Đạt (cả nhóm)»), never «Không phát sinh»."""
        if self.tracked:
            return TRACKED_VI
        figure = self.by_unit.get(code)
        pool = next((p for p in self.pools if code in p.units and len(p.units) > 1), None)
        if pool is not None:
            return POOLED_VI.format(result=RESULT_VI[pool.met])
        return RESULT_VI[figure.met if figure else None]

    @property
    def rate_vi(self) -> str:
        """The rate the Vietnamese way, marked when its base is tiny («0,0% (mẫu số nhỏ: 0/1)»)."""
        if not self.small_base:
            return pct(self.rate)
        return f"{pct(self.rate)} ({SMALL_BASE_VI}: {vi_ratio(self.numerator, self.denominator)})"

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
        """Reports due by now, or arrived anyway: a month not yet due is pending, never counted missing (every
        output of a period counts the same reports: timeliness.reporting_rate)."""
        return reporting_rate(self.statuses).expected

    @property
    def submitted(self) -> int:
        return reporting_rate(self.statuses).reported

    @property
    def pending(self) -> int:
        """Reports whose due date has not come yet (and that have not arrived)."""
        return sum(s.arrival == Arrival.PENDING for s in self.statuses)

    @property
    def missing_units(self) -> list[str]:
        first: dict[str, int] = {}
        for i, s in enumerate(self.statuses):
            first.setdefault(s.unit, i)
        return sorted({s.unit for s in self.statuses if s.status in (Submitted.MISSING, Submitted.REJECTED)},
                      key=first.__getitem__)


@dataclass(frozen=True)
class Sums:
    """Per indicator and unit (rows and columns in the plan's order): what was due, done on time and done late,
    summed over the months of a span. `reported`: the unit gave a due count; `has_late`: and a late count."""
    due: np.ndarray
    on_time: np.ndarray
    late: np.ndarray
    reported: np.ndarray
    has_late: np.ndarray

    @classmethod
    def empty(cls, config: Config) -> "Sums":
        shape = (len(config.indicators), len(config.units))
        return cls(*(np.zeros(shape, dtype=np.int64) for _ in range(3)),
                   np.zeros(shape, dtype=bool), np.zeros(shape, dtype=bool))

    def __add__(self, other: "Sums") -> "Sums":
        return Sums(self.due + other.due, self.on_time + other.on_time, self.late + other.late,
                    self.reported | other.reported, self.has_late | other.has_late)

    def then(self, later: "Sums", latest: np.ndarray) -> "Sums":
        """These sums followed by a later month's: added, except the rows of `latest` (stocks and statuses,
        one bool per indicator), where each unit's later report, when it gave one, replaces the earlier."""
        summed = self + later
        take = latest[:, None] & later.reported
        keep = latest[:, None] & ~later.reported
        def pick(mine, theirs, total):
            return np.where(take, theirs, np.where(keep, mine, total))
        return Sums(pick(self.due, later.due, summed.due), pick(self.on_time, later.on_time, summed.on_time),
                    pick(self.late, later.late, summed.late), summed.reported,
                    pick(self.has_late, later.has_late, summed.has_late))


def latest_rows(config: Config) -> np.ndarray:
    """One bool per indicator (the plan's order): rolled up by each unit's latest report, not summed."""
    return np.array([ind.aggregation == "latest" for ind in config.indicators], dtype=bool)


def sums_of(frame: pd.DataFrame, config: Config) -> Sums:
    """The figures of the long table summed per indicator and unit (rows without a due count left out)."""
    out = Sums.empty(config)
    # only the columns pooled: a filtered copy of the whole table would hold every text again
    reported = frame.loc[frame["due"].notna(), ["indicator", "unit", "due", "on_time", "late"]]
    if not len(reported):
        return out
    stocks = [ind.id for ind in config.indicators if ind.aggregation == "latest"]
    if stocks and "period" in frame.columns and frame["period"].nunique() > 1:
        # a stock over several months: each unit's latest report counts (rows come in their months' order)
        latest = frame.loc[reported.index, "indicator"].isin(stocks)
        last = ~reported.loc[latest].duplicated(["indicator", "unit"], keep="last")
        reported = reported.drop(last.index[~last])
    indicators = {ind.id: n for n, ind in enumerate(config.indicators)}
    units = config.unit_order()
    grouped = reported.groupby(["indicator", "unit"], sort=False).sum(min_count=1)
    due, on_time, late = (grouped[c].astype("float64").to_numpy() for c in ("due", "on_time", "late"))
    rows = np.array([indicators.get(i, -1) for i, _ in grouped.index], dtype=np.int64)
    cols = np.array([units.get(u, -1) for _, u in grouped.index], dtype=np.int64)
    keep = (rows >= 0) & (cols >= 0)
    rows, cols = rows[keep], cols[keep]
    out.due[rows, cols] = due[keep].astype(np.int64)
    out.on_time[rows, cols] = np.nan_to_num(on_time[keep]).astype(np.int64)
    out.late[rows, cols] = np.nan_to_num(late[keep]).astype(np.int64)
    out.reported[rows, cols] = True
    out.has_late[rows, cols] = ~np.isnan(late[keep])
    return out


def _met(indicator: Indicator, numerators: np.ndarray, denominators: np.ndarray) -> np.ndarray:
    """meets() of each unit's rate, for every unit at once (False where nothing is due)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = numerators / denominators
    if indicator.comparison == "<=":
        met = rates <= indicator.target + 1e-9
    elif indicator.comparison == "milestone":
        met = rates >= 1 - 1e-9
    else:
        met = rates >= indicator.target - 1e-9
    return met & (denominators > 0)


def _pools(config: Config, indicator: Indicator, on_time: np.ndarray, due: np.ndarray,
           reported: np.ndarray) -> tuple[PoolFigure, ...]:
    order = config.unit_order()
    out = []
    for pool in pools_of(config.pools, indicator.id):
        cols = np.array([order[code] for code in pool.units], dtype=np.int64)
        mask = reported[cols]
        num, den = int(on_time[cols][mask].sum()), int(due[cols][mask].sum())
        rate = num / den if den else None
        out.append(PoolFigure(pool.id, pool.title, pool.units, num, den, rate, meets(indicator, rate)))
    return tuple(out)


def metrics_from(sums: Sums, config: Config, period: Period, statuses: tuple[UnitStatus, ...] = (),
                 units: bool = True) -> Metrics:
    """The indicators and objectives of `period` from its sums; with `units`, each unit's figure too (the
    Department's figures alone serve trends and other spans)."""
    codes = [u.code for u in config.units]
    indicators = []
    for i, ind in enumerate(config.indicators):
        reported = sums.reported[i]
        due, on_time = sums.due[i], sums.on_time[i]
        met = _met(ind, on_time, due)
        by_unit = {}
        if units:
            for u in np.flatnonzero(reported):
                num, den = int(on_time[u]), int(due[u])
                rate = num / den if den else None
                by_unit[codes[u]] = UnitFigure(num, den, int(sums.late[i, u]) if sums.has_late[i, u] else None,
                                               rate, None if rate is None or not ind.judged else bool(met[u]))
        numerator, denominator = int(on_time[reported].sum()), int(due[reported].sum())
        lates = sums.has_late[i] & reported
        rate = numerator / denominator if denominator else None
        pools = _pools(config, ind, on_time, due, reported)
        verdict, judged_units = meets(ind, rate), reported & ind.judged
        if pools:           # the plan sets the target per pool: met when every pool with a figure is
            judged = [p.met for p in pools if p.met is not None]
            verdict = all(judged) if judged else None
            alone = {code for code in codes if judged_alone(config.pools, ind.id, code)}
            by_unit = {code: f if code in alone else UnitFigure(f.numerator, f.denominator, f.late, f.rate, None)
                       for code, f in by_unit.items()}
            judged_units = reported & np.array([code in alone for code in codes])
        indicators.append(IndicatorResult(
            id=ind.id, objective=ind.objective, name=ind.name, target=ind.target, comparison=ind.comparison,
            target_label=ind.target_label, numerator=numerator, denominator=denominator,
            late=int(sums.late[i][lates].sum()) if lates.any() else None, rate=rate, met=verdict,
            units_met=int((met & judged_units).sum()), units_reporting=int(((due > 0) & judged_units).sum()),
            by_unit=by_unit, aggregation=ind.aggregation, pools=pools, tracked=not ind.judged,
            small_base=0 < denominator < config.reporting.small_base))
    objectives = []
    for obj in config.objectives:
        mine = [r for r in indicators if r.objective == obj.id]
        known = [r.met for r in mine if r.met is not None]
        objectives.append(ObjectiveResult(id=obj.id, short=obj.short, met=(all(known) if known else None),
                                          indicators=tuple(r.id for r in mine)))
    return Metrics(period=period, indicators=tuple(indicators), objectives=tuple(objectives), statuses=statuses)


def compute_metrics(frame: pd.DataFrame, outcomes: list[Outcome], config: Config, period: Period,
                    today: dt.date | None = None) -> Metrics:
    """Indicator results pooled over the units (and months) of `period`, plus each unit's status per month."""
    return metrics_from(sums_of(frame, config), config, period,
                        unit_statuses(slots(outcomes), config, period.months(), today))


class Months:
    """The run's figures, month by month: each month is merged and summed once, and any span (a quarter, a half,
    the year, the year to date, the previous period, the same period last year) is the sum of its months."""

    def __init__(self, outcomes: list[Outcome], config: Config, today: dt.date):
        self.config, self.today = config, today
        self.slots: Slots = slots(outcomes)
        self._accepted: dict[Period, list[Outcome]] = {}
        for o in outcomes:
            if o.status == Status.ACCEPTED and o.checked.period is not None:
                self._accepted.setdefault(o.checked.period, []).append(o)
        self._sums: dict[Period, Sums] = {}

    def seed(self, month: Period, frame: pd.DataFrame) -> None:
        """Sum `month` from the long table the run has already merged for it (its full table for the workbook)."""
        if month not in self._sums:
            self._sums[month] = sums_of(frame, self.config)

    def sums(self, month: Period) -> Sums:
        if month not in self._sums:
            frame = merge_figures(self._accepted.get(month, []), self.config, month, POOLED_COLUMNS)
            self._sums[month] = sums_of(frame, self.config)
        return self._sums[month]

    def statuses(self, period: Period) -> tuple[UnitStatus, ...]:
        return unit_statuses(self.slots, self.config, period.months(), self.today)

    def metrics(self, period: Period, units: bool = True) -> Metrics:
        """`period`'s figures pooled from its months (sums of numerators and denominators, never averages of
        rates; a stock or status: each unit's latest report); with `units`, each unit's figures and statuses, else the Department's alone."""
        total, latest = Sums.empty(self.config), latest_rows(self.config)
        for month in period.months():
            total = total.then(self.sums(month), latest)
        return metrics_from(total, self.config, period, self.statuses(period) if units else (), units)
