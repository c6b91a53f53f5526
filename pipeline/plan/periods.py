"""Reporting periods: months, quarters, halves and years, their dates and Vietnamese labels."""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import sys
from dataclasses import dataclass

from ..vi import PERIOD_LABELS


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole months: `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn` or `YYYY`."""
    year: int
    first_month: int
    months_count: int

    @property
    def key(self) -> str:
        """`2023-05`, `2023-Q2`, `2023-H1` or `2023`: one string object per period, however many records
        of thousands of units carry it."""
        if self.months_count == 1:
            key = f"{self.year}-{self.first_month:02d}"
        elif self.months_count == 3:
            key = f"{self.year}-Q{(self.first_month - 1) // 3 + 1}"
        elif self.months_count == 6:
            key = f"{self.year}-H{(self.first_month - 1) // 6 + 1}"
        else:
            key = f"{self.year}"
        return sys.intern(key)

    def __str__(self) -> str:
        return self.key

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        last = self.first_month + self.months_count - 1
        return dt.date(self.year, last, calendar.monthrange(self.year, last)[1])

    def months(self) -> list["Period"]:
        return [Period(self.year, m, 1) for m in range(self.first_month, self.first_month + self.months_count)]

    def due_date(self, due_day: int) -> dt.date:
        """The report for this period is due on `due_day` of the month after it ends."""
        year, month = (self.year + 1, 1) if self.end.month == 12 else (self.year, self.end.month + 1)
        return dt.date(year, month, min(due_day, calendar.monthrange(year, month)[1]))

    def previous(self) -> "Period":
        start = self.first_month - self.months_count
        return Period(self.year - 1, start + 12, self.months_count) if start < 1 else Period(self.year, start, self.months_count)

    def same_last_year(self) -> "Period":
        return Period(self.year - 1, self.first_month, self.months_count)

    @property
    def label_vi(self) -> str:
        if self.months_count == 1:
            return PERIOD_LABELS["month"].format(month=self.first_month, year=self.year)
        if self.months_count == 3:
            return PERIOD_LABELS["quarter"].format(roman=_ROMAN[(self.first_month - 1) // 3 + 1], year=self.year)
        if self.months_count == 6:
            return PERIOD_LABELS["first-half" if self.first_month == 1 else "second-half"].format(year=self.year)
        return PERIOD_LABELS["year"].format(year=self.year)

    @property
    def form_value(self) -> str:
        """How a month is written in the template's drop-down: `05/2023`."""
        return f"{self.first_month:02d}/{self.year}"


_KEY = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])|[Hh]([12])))?$")


@functools.lru_cache(maxsize=1024)       # records of every unit and month parse the same few keys
def parse_period(text: str) -> Period:
    """`2023-05`, `2023-Q2`, `2023-H1` or `2023`; raises ValueError otherwise."""
    match = _KEY.match(text.strip())
    if not match:
        raise ValueError(f"not a period: {text!r} (expected YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY)")
    year, month, quarter, half = match.groups()
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"not a month: {text!r}")
        return Period(int(year), int(month), 1)
    if quarter is not None:
        return Period(int(year), 3 * int(quarter) - 2, 3)
    if half is not None:
        return Period(int(year), 6 * int(half) - 5, 6)
    return Period(int(year), 1, 12)


def months_of_year(year: int) -> list[Period]:
    return [Period(year, m, 1) for m in range(1, 13)]


def current_reporting_period(today: dt.date) -> Period:
    """The month whose report is being collected now: the previous calendar month."""
    first = today.replace(day=1) - dt.timedelta(days=1)
    return Period(first.year, first.month, 1)
