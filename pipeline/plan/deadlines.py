"""The plan's deadline texts ("Tháng 01/2023", "Trước 15/5 và trước 30/10 hằng năm") as rules and due dates."""
from __future__ import annotations

import calendar
import datetime
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

from .periods import Period


KINDS = (
    "month", "date", "yearly", "monthly", "quarterly", "half-yearly",
    "annual", "continuous", "all-year", "work-programme",
)
_FIELDS = {"month": ("month",), "date": ("date",), "yearly": ("dates",), "monthly": ("day",)}
_MONTH_KEY = re.compile(r"(\d{4})-(\d{2})")
_MMDD = re.compile(r"(\d{2})-(\d{2})")


class DeadlineError(ValueError):
    """A deadline text or rule that cannot be understood."""


@dataclass(frozen=True)
class DeadlineRule:
    kind: str
    month: str | None = None                   # "YYYY-MM" for kind="month"
    date: datetime.date | None = None          # kind="date"
    dates: tuple[str, ...] = ()                # kind="yearly": "MM-DD", sorted, unique
    day: int | None = None                     # kind="monthly": day of the month (None = any / month end)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise DeadlineError(f"unknown deadline kind {self.kind!r}")
        wanted = set(_FIELDS.get(self.kind, ()))
        present = {name for name in ("month", "date", "dates", "day") if getattr(self, name) not in (None, ())}
        if present - wanted:
            raise DeadlineError(f"kind {self.kind!r} does not take {sorted(present - wanted)}")
        if self.kind == "month":
            m = _MONTH_KEY.fullmatch(self.month or "")
            if not m or not 1 <= int(m[2]) <= 12:
                raise DeadlineError(f"month must be 'YYYY-MM', got {self.month!r}")
        elif self.kind == "date":
            if type(self.date) is not datetime.date:
                raise DeadlineError(f"date must be a datetime.date, got {self.date!r}")
        elif self.kind == "yearly":
            dates = tuple(sorted(set(self.dates)))
            if not dates:
                raise DeadlineError("yearly rule needs at least one 'MM-DD' date")
            for mmdd in dates:
                m = _MMDD.fullmatch(mmdd) if isinstance(mmdd, str) else None
                if not m:
                    raise DeadlineError(f"yearly date must be 'MM-DD', got {mmdd!r}")
                _check_day_month(int(m[2]), int(m[1]), 2000)   # a leap year: 02-29 is allowed
            object.__setattr__(self, "dates", dates)
        elif self.kind == "monthly" and self.day is not None:
            if type(self.day) is not int or not 1 <= self.day <= 31:
                raise DeadlineError(f"monthly day must be 1..31, got {self.day!r}")


def _check_day_month(day: int, month: int, year: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DeadlineError(f"impossible date {day:02d}/{month:02d}/{year}") from None


_HANG = r"h[àằ]ng"                                    # "hàng" and "hằng" are both in use
_DM = r"(\d{1,2})\s*(?:/|\s+tháng\s+)\s*(\d{1,2})(?![\d/])"   # day/month or "30 tháng 8", no year
_BEFORE = r"(?:trước\s+)?(?:ngày\s+)?"


def _month(m: re.Match) -> list[DeadlineRule]:
    month, year = int(m[1]), int(m[2])
    if not 1 <= month <= 12:
        raise DeadlineError(f"impossible month {month}/{year}")
    return [DeadlineRule("month", month=f"{year:04d}-{month:02d}")]


def _date(m: re.Match) -> list[DeadlineRule]:
    return [DeadlineRule("date", date=_check_day_month(int(m[1]), int(m[2]), int(m[3])))]


def _yearly(m: re.Match) -> list[DeadlineRule]:
    pairs = re.findall(_DM, m[0])
    for d, mo in pairs:
        _check_day_month(int(d), int(mo), 2000)
    return [DeadlineRule("yearly", dates=tuple(f"{int(mo):02d}-{int(d):02d}" for d, mo in pairs))]


def _monthly_day(m: re.Match) -> list[DeadlineRule]:
    day = int(m[1])
    if not 1 <= day <= 31:
        raise DeadlineError(f"impossible day of month {day}")
    return [DeadlineRule("monthly", day=day)]


def _fixed(kind: str):
    return lambda m: [DeadlineRule(kind)]


def _quarterly(m: re.Match) -> list[DeadlineRule]:
    return [DeadlineRule("quarterly")] + ([DeadlineRule("annual")] if m[1] else [])   # "hàng quý/năm"


# Tried in this order; each match is blanked out so that later patterns do not see it again.
_PATTERNS = [
    (re.compile(_BEFORE + r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"), _date),
    (re.compile(_BEFORE + r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"), _date),
    (re.compile(_BEFORE + _DM + r"(?:\s*(?:,|và)\s*" + _BEFORE + _DM + r")*\s+" + _HANG + r"\s+năm"), _yearly),
    (re.compile(r"tháng\s+(\d{1,2})\s*/\s*(\d{4})"), _month),
    (re.compile(r"(?:6|sáu)\s+tháng\s*(?:/|một)\s*lần"), _fixed("half-yearly")),
    (re.compile(_BEFORE + r"(\d{1,2})\s*(?:/\s*tháng|\s+" + _HANG + r"\s+tháng)"), _monthly_day),
    (re.compile(r"(?:định kỳ\s+)?" + _HANG + r"\s+tháng"), _fixed("monthly")),
    (re.compile(r"(?:định kỳ\s+)?" + _HANG + r"\s+quý(\s*/\s*năm)?"), _quarterly),
    (re.compile(_HANG + r"\s+năm"), _fixed("annual")),
    (re.compile(r"cả\s+năm"), _fixed("all-year")),
    (re.compile(r"thường\s+xuyên"), _fixed("continuous")),
    (re.compile(r"theo\s+chương\s+trình\s+công\s+tác"), _fixed("work-programme")),
]


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"<[^>]*>", " ", text)                 # stray <i>/<b> tags
    text = unicodedata.normalize("NFC", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def parse_deadline(text: str) -> tuple[DeadlineRule, ...]:
    """Every rule found in a deadline text, in the order written; DeadlineError if none."""
    if not isinstance(text, str):
        raise DeadlineError(f"deadline text must be a string, got {text!r}")
    work = _normalise(text)
    found: list[tuple[int, int, DeadlineRule]] = []
    for pattern, build in _PATTERNS:
        for m in pattern.finditer(work):
            try:
                rules = build(m)
            except DeadlineError as exc:
                raise DeadlineError(f"{exc} in deadline {text!r}") from None
            found += [(m.start(), i, r) for i, r in enumerate(rules)]
        work = pattern.sub(lambda m: " " * len(m[0]), work)
    rules: list[DeadlineRule] = []
    for _, _, rule in sorted(found, key=lambda t: t[:2]):
        if rule not in rules:
            rules.append(rule)
    if any(r.kind == "monthly" and r.day is not None for r in rules):   # "hàng tháng (ngày 20/tháng)"
        rules = [r for r in rules if not (r.kind == "monthly" and r.day is None)]
    if not rules:
        raise DeadlineError(f"cannot understand deadline {text!r}")
    return tuple(rules)


def rule_from_dict(d: dict[str, Any]) -> DeadlineRule:
    """Build a rule from e.g. {kind = "month", month = "2023-01"}; DeadlineError on bad input."""
    if not isinstance(d, dict) or "kind" not in d:
        raise DeadlineError(f"deadline rule needs a 'kind': {d!r}")
    kind = d["kind"]
    if kind not in KINDS:
        raise DeadlineError(f"unknown deadline kind {kind!r}")
    fields = _FIELDS.get(kind, ())
    extra = set(d) - {"kind", *fields}
    if extra:
        raise DeadlineError(f"kind {kind!r} does not take {sorted(extra)}")
    missing = [f for f in fields if f not in d and kind != "monthly"]   # a monthly day is optional
    if missing:
        raise DeadlineError(f"kind {kind!r} needs {missing}")
    args = {f: d[f] for f in fields if f in d}
    if "date" in args:
        value = args["date"]
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                raise DeadlineError(f"date must be 'YYYY-MM-DD', got {value!r}") from None
        args["date"] = value
    if "dates" in args:
        if not isinstance(args["dates"], (list, tuple)):
            raise DeadlineError(f"yearly dates must be a list, got {args['dates']!r}")
        args["dates"] = tuple(args["dates"])
    return DeadlineRule(kind, **args)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _rule_dates(rule: DeadlineRule, year: int) -> list[datetime.date]:
    if rule.kind == "month":
        y, m = map(int, rule.month.split("-"))
        return [_month_end(y, m)] if y == year else []
    if rule.kind == "date":
        return [rule.date] if rule.date.year == year else []
    if rule.kind == "yearly":
        out = []
        for mmdd in rule.dates:
            m, d = map(int, mmdd.split("-"))
            if d <= calendar.monthrange(year, m)[1]:      # 02-29 only in leap years
                out.append(datetime.date(year, m, d))
        return out
    if rule.kind == "monthly":                              # day 31 falls on the month's last day
        return [_month_end(year, m) if rule.day is None else
                datetime.date(year, m, min(rule.day, calendar.monthrange(year, m)[1])) for m in range(1, 13)]
    if rule.kind == "quarterly":
        return [_month_end(year, m) for m in (3, 6, 9, 12)]
    if rule.kind == "half-yearly":
        return [_month_end(year, m) for m in (6, 12)]
    if rule.kind in ("annual", "all-year"):
        return [datetime.date(year, 12, 31)]
    return []                                               # continuous, work-programme


def due_dates(rules: Iterable[DeadlineRule], year: int) -> list[datetime.date]:
    """Every concrete due date the rules give in `year`, sorted and without duplicates."""
    return sorted({d for rule in rules for d in _rule_dates(rule, year)})


@functools.lru_cache(maxsize=1024)     # every report of a year asks the same few questions
def _due_dates(rules: tuple, year: int) -> tuple[dt.date, ...]:
    return tuple(due_dates(rules, year))


def measure_deadline(measure, period: Period | None, year: int) -> dt.date | None:
    """The deadline a report for `period` is held to: the first due date on or after the period's
    start, else the last one of the year; None for continuous work."""
    dates = _due_dates(measure.deadline_rules, year)
    if not dates:
        return None
    if period is None:
        return dates[-1]
    return next((d for d in dates if d >= period.start), dates[-1])
