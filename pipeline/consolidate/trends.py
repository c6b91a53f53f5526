"""Each indicator against the previous period, the same period last year and the year to date; pure."""
from __future__ import annotations

from dataclasses import dataclass

from ..plan.config import Config, Indicator
from ..plan.periods import Period
from ..vi import DOWN, FLAT, UP
from .metrics import Metrics
from ..vi.analysis import ANALYSIS


def year_to_date(period: Period) -> Period:
    """January through the last month of `period`, in the same year (pooled like any roll-up)."""
    return Period(period.year, 1, period.first_month + period.months_count - 1)


@dataclass(frozen=True)
class Change:
    """An indicator's rate compared with another period's."""
    rate: float | None                   # the other period's rate (None: no figure)
    delta: float | None
    direction: str | None                # ↑ ↓ →, None when either rate is missing
    better: bool | None                  # ↑ is better for ≥ targets, ↓ for ≤ targets; None when flat
    new: bool = False                    # the other period is on an earlier plan that has no such indicator

    @property
    def arrow(self) -> str:
        """The direction, «chỉ tiêu mới» when the other period's plan had no such indicator, else «—»."""
        return self.direction or (ANALYSIS["new-indicator"] if self.new else "—")

    @property
    def label(self) -> str:
        if self.direction is None:
            return self.arrow
        if self.direction == FLAT:
            return ANALYSIS["unchanged"].format(arrow=FLAT)
        points = self.delta * 100
        shown = f"{points:+.{2 if abs(points) < 0.1 else 1}f}".replace(".", ",")
        return ANALYSIS["change"].format(arrow=self.direction, points=shown)


@dataclass(frozen=True)
class Trend:
    indicator: str
    rate: float | None
    previous: Change                     # the period just before (same length)
    last_year: Change                    # the same period of the previous year
    year_to_date: float | None
    months: tuple[tuple[Period, float | None], ...]     # Department rate per month, January to the period's end


def compare(indicator: Indicator, rate: float | None, other: float | None, threshold: float = 1e-9) -> Change:
    """The change from `other` to `rate`; flat (→) unless it is more than `threshold` ([reporting]
    trend_threshold): 99,6 % after 100 % is no fall worth an arrow."""
    if rate is None or other is None:
        return Change(other, None, None, None)
    delta = rate - other
    if abs(delta) <= max(threshold, 1e-9):
        return Change(other, delta, FLAT, None)
    rising = delta > 0
    return Change(other, delta, UP if rising else DOWN, rising != (indicator.comparison == "<="))


def indicator_trends(config: Config, current: Metrics, previous: Metrics, last_year: Metrics, ytd: Metrics,
                     monthly: list[Metrics], new: frozenset[str] = frozenset()) -> tuple[Trend, ...]:
    """`new`: indicators with no counterpart of the same meaning in last year's plan (plan.years.new_indicators):
    compared with nothing from that year."""
    out = []
    for ind in config.indicators:
        rate = _rate(current, ind.id)
        threshold = config.reporting.trend_threshold
        out.append(Trend(indicator=ind.id, rate=rate, previous=_across(ind, rate, previous, current, new, threshold),
                         last_year=_across(ind, rate, last_year, current, new, threshold), year_to_date=_rate(ytd, ind.id),
                         months=tuple((m.period, _rate(m, ind.id)) for m in monthly)))
    return tuple(out)


def _across(ind: Indicator, rate: float | None, other: Metrics, current: Metrics, new: frozenset[str],
            threshold: float) -> Change:
    if ind.id in new and other.period.year < current.period.year:
        return Change(None, None, None, None, new=True)
    return compare(ind, rate, _rate(other, ind.id), threshold)


def _rate(metrics: Metrics, indicator_id: str) -> float | None:
    return next(r.rate for r in metrics.indicators if r.id == indicator_id)
