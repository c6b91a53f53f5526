"""Reporting periods: months, quarters, halves, years and the plan's own reports (6T, 12T), their dates and
Vietnamese labels."""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import sys
from dataclasses import dataclass, field

from ..vi import PERIOD_LABELS


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole months: `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn` or `YYYY`; or one of the plan's reports
    (`YYYY-6T`: `report` is its id, `due` its own due date and `title` how it reads: «6 tháng», from config)."""
    year: int
    first_month: int
    months_count: int
    report: str = ""
    due: dt.date | None = field(default=None, compare=False)
    title: str = field(default="", compare=False)

    @property
    def is_month(self) -> bool:
        """A single month's report (what a unit sends), not a roll-up."""
        return self.months_count == 1 and not self.report

    @property
    def key(self) -> str:
        """`2023-05`, `2023-Q2`, `2023-H1`, `2023` or `2023-6T`: one string object per period, however many
        records of thousands of units carry it."""
        if self.report:
            key = f"{self.year}-{self.report}"
        elif self.months_count == 1:
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

    @property
    def last_month(self) -> int:
        return self.first_month + self.months_count - 1

    def due_date(self, due_day: int) -> dt.date:
        """The report for this period is due on `due_day` of the month after it ends; a plan's report on its
        own date."""
        if self.due is not None:
            return self.due
        year, month = (self.year + 1, 1) if self.end.month == 12 else (self.year, self.end.month + 1)
        return dt.date(year, month, min(due_day, calendar.monthrange(year, month)[1]))

    def span_label(self, due_day: int) -> str:
        """The one line every output of the period states: the months its figures come from, and when its
        report is due («Số liệu từ tháng 01/2023 đến tháng 03/2023; hạn nộp 15/05/2023»)."""
        return PERIOD_LABELS["span"].format(first=f"{self.first_month:02d}/{self.year}",
                                            last=f"{self.last_month:02d}/{self.year}",
                                            due=self.due_date(due_day).strftime("%d/%m/%Y"))

    def previous(self) -> "Period":
        if self.report:         # the plan's reports come once a year: the one before is last year's
            return self.same_last_year()
        start = self.first_month - self.months_count
        return Period(self.year - 1, start + 12, self.months_count) if start < 1 else Period(self.year, start, self.months_count)

    def same_last_year(self) -> "Period":
        due = self.due.replace(year=self.due.year - 1) if self.due else None
        return Period(self.year - 1, self.first_month, self.months_count, self.report, due, self.title)

    @property
    def label_vi(self) -> str:
        if self.report:
            return PERIOD_LABELS["report"].format(label=self.title or self.report, year=self.year)
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
_REPORT_KEY = re.compile(r"^(\d{4})-([0-9A-Za-z]+)$")


@functools.lru_cache(maxsize=1024)       # records of every unit and month parse the same few keys
def parse_period(text: str, reports: tuple = ()) -> Period:
    """`2023-05`, `2023-Q2`, `2023-H1`, `2023`, or `YYYY-<id>` of one of `reports` (the plan's reports from
    config: objects with `id` and `period(year)`); raises ValueError otherwise."""
    report = _REPORT_KEY.match(text.strip())
    for spec in reports if report else ():
        if spec.id.casefold() == report[2].casefold():
            return spec.period(int(report[1]))
    match = _KEY.match(text.strip())
    if not match:
        ids = "".join(f", YYYY-{spec.id}" for spec in reports)
        raise ValueError(f"not a period: {text!r} (expected YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY{ids})")
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
