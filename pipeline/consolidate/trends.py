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

    @property
    def label(self) -> str:
        if self.direction is None:
            return "—"
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
