"""The plan's reporting calendar: every report the plan names (`[[reports]]` in config), the months each covers
and its due date; pure."""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..text import _nfc
from ..vi.config import CONFIG_TEXT
from .periods import Period


EVERY = ("month", "quarter")          # reports that recur: their periods are YYYY-MM and YYYY-Qn
COVERAGES = ("due", "cutoff")


@dataclass(frozen=True)
class Report:
    """One report the plan names. A recurring one (`every`) is due on `[reporting] due_day` of the month after
    it; a yearly one (`6T`, `12T`) on its own day and month, covering months `first_month`..`last_month`."""
    id: str
    title: str
    label: str = ""                   # how its period reads in a sentence: «6 tháng» (năm 2023)
    every: str = ""                   # "month" | "quarter" | "" (once a year, on `due`)
    due_month: int = 0
    due_day: int = 0
    first_month: int = 1
    last_month: int = 0
    source: str = ""                  # the measure that asks for it (I.6, IV.3)

    def period(self, year: int) -> Period:
        """The report of `year` as a period (`2023-6T`); only for a yearly report."""
        if self.every:
            raise ValueError(f"report {self.id!r} recurs every {self.every}: use YYYY-MM or YYYY-Qn")
        return Period(year, self.first_month, self.last_month - self.first_month + 1, self.id,
                      dt.date(year, self.due_month, min(self.due_day, _calendar.monthrange(year, self.due_month)[1])),
                      self.label or self.id)


def covered_until(due_month: int, due_day: int, coverage: str, cutoff_day: int, monthly_due_day: int) -> int:
    """The last month a yearly report due on `due_day`/`due_month` covers.
    "due": the last month whose own monthly report is due by then (due 15/05, monthly reports due on the 20th:
    March, April's being due 20/05), so every figure the report shows has had its time to arrive.
    "cutoff": the last month that has ended by the data cut-off date, day `cutoff_day` of the month before the
    due month (cut-off 30/04 for a report due 15/05: January to April)."""
    if coverage == "cutoff":
        before = due_month - 1
        if before < 1:
            return 0
        return before if cutoff_day >= _calendar.monthrange(2023, before)[1] else before - 1
    return due_month - 1 if due_day >= monthly_due_day else due_month - 2


_DUE = re.compile(r"^(\d{1,2})/(\d{1,2})$")


def read_reports(r, items: list, coverage: str, cutoff_day: int, monthly_due_day: int) -> tuple[Report, ...]:
    """`[[reports]]` checked, each yearly report's months resolved by the coverage rule (unless it lists
    `months = [first, last]` itself). `r` is the config reader that names key and line in an error."""
    out: list[Report] = []
    for i, d in enumerate(items):
        key = ("reports", i)
        d = r.table(d, key, {"id": (str,), "title": (str,), "every": (str,), "due": (str,), "months": (list,),
                             "source": (str,), "label": (str,)}, required=("id", "title"))
        if not re.fullmatch(r"[0-9A-Za-z]+", d["id"]) or re.fullmatch(r"\d{1,2}|[QqHh]\d", d["id"]):
            raise r.fail(key + ("id",), CONFIG_TEXT["reports.id"])
        if any(o.id.casefold() == d["id"].casefold() for o in out):
            raise r.fail(key + ("id",), CONFIG_TEXT["build_config.20"].format(id=d["id"]))
        every = d.get("every", "")
        if every:
            if every not in EVERY:
                raise r.fail(key + ("every",), CONFIG_TEXT["reports.every"].format(join=", ".join(EVERY)))
            if "due" in d or "months" in d:
                raise r.fail(key, CONFIG_TEXT["reports.recurring"])
            out.append(Report(id=d["id"], title=_nfc(d["title"]), every=every, source=d.get("source", "")))
            continue
        due = _DUE.match(d.get("due", ""))
        if not due or not 1 <= int(due[2]) <= 12 or not 1 <= int(due[1]) <= 31:
            raise r.fail(key + ("due",), CONFIG_TEXT["reports.due"])
        day, month = int(due[1]), int(due[2])
        if "months" in d:
            months = d["months"]
            if len(months) != 2 or not all(isinstance(m, int) and 1 <= m <= 12 for m in months) or \
                    months[0] > months[1]:
                raise r.fail(key + ("months",), CONFIG_TEXT["reports.months"])
            first, last = months
        else:
            first, last = 1, covered_until(month, day, coverage, cutoff_day, monthly_due_day)
        if last < first:
            raise r.fail(key + ("due",), CONFIG_TEXT["reports.empty"])
        out.append(Report(id=d["id"], title=_nfc(d["title"]), label=_nfc(d.get("label", "")), due_month=month, due_day=day, first_month=first,
                          last_month=last, source=d.get("source", "")))
    return tuple(out)


def yearly_reports(reports: tuple[Report, ...]) -> tuple[Report, ...]:
    return tuple(rep for rep in reports if not rep.every)


def report_periods(reports: tuple[Report, ...], year: int, months: int = 12) -> list[Period]:
    """The plan's yearly reports of `year` whose months are all within the first `months` months."""
    return [rep.period(year) for rep in yearly_reports(reports) if rep.last_month <= months]
