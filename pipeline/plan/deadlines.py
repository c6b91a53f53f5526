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
    "annual", "continuous", "all-year", "work-programme", "periodic",
)
# Work that runs all year ("Cả năm", "Thường xuyên") has no due date of its own: neither text names a
# day, so any day would be invented. Both are tracked by what the units report, never overdue, unless
# the measure sets `due` in config. "periodic" ("Định kỳ" with no rhythm) has no dates either, and the
# config insists on `due` for it (see plan/config.py), so a rhythm the plan leaves open is a decision.
ONGOING = ("continuous", "all-year", "work-programme")
_FIELDS = {"month": ("month",), "date": ("date",), "yearly": ("dates",), "monthly": ("day",)}
_MONTH_KEY = re.compile(r"(\d{4})-(\d{2})")
_MMDD = re.compile(r"(\d{2})-(\d{2})")


class DeadlineError(ValueError):
    """A deadline text or rule that cannot be understood; `unread`: the part of the text no rule reads."""

    def __init__(self, message: str, unread: str | None = None):
        super().__init__(message)
        self.unread = unread


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


def _yearly_months(m: re.Match) -> list[DeadlineRule]:
    months = [int(mo) for mo in re.findall(r"tháng\s+(\d{1,2})", m[0])]
    if not all(1 <= mo <= 12 for mo in months):
        raise DeadlineError(f"impossible month in {m[0]!r}")
    return [DeadlineRule("yearly", dates=tuple(f"{mo:02d}-{calendar.monthrange(2001, mo)[1]:02d}" for mo in months))]


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
    (re.compile(r"tháng\s+\d{1,2}(?:\s*(?:,|và)\s*tháng\s+\d{1,2})*\s+" + _HANG + r"\s+năm"), _yearly_months),
    (re.compile(r"tháng\s+(\d{1,2})\s*/\s*(\d{4})"), _month),
    (re.compile(r"(?:định kỳ\s+)?(?:6|sáu)\s+tháng\s*(?:/|một)\s*lần"), _fixed("half-yearly")),
    (re.compile(_BEFORE + r"(\d{1,2})\s*(?:/\s*tháng|\s+" + _HANG + r"\s+tháng)"), _monthly_day),
    (re.compile(r"(?:định kỳ\s+)?" + _HANG + r"\s+tháng"), _fixed("monthly")),
    (re.compile(r"(?:định kỳ\s+)?" + _HANG + r"\s+quý(\s*/\s*năm)?"), _quarterly),
    (re.compile(_HANG + r"\s+năm"), _fixed("annual")),
    (re.compile(r"cả\s+năm"), _fixed("all-year")),
    (re.compile(r"thường\s+xuyên"), _fixed("continuous")),
    (re.compile(r"theo\s+chương\s+trình\s+công\s+tác"), _fixed("work-programme")),
    (re.compile(r"định\s+kỳ"), _fixed("periodic")),               # "Định kỳ/Thường xuyên": no rhythm given
]
# Words the plan writes around its deadlines that schedule nothing: labels ("chương trình năm"), unscheduled
# occasions ("đột xuất", "sau hoạt động ĐGNB"), a frequency floor ("tối thiểu 01 lần/năm"), "theo dõi".
_IGNORED = re.compile(
    r"chương\s+trình\s+(?:năm|tháng)|tối\s+thiểu\s+\d+\s+lần\s*/\s*năm|đột\s+xuất|sau\s+hoạt\s+động"
    r"|báo\s+cáo|theo\s+dõi|tùy\s+từng\s+đơn\s+vị|đảm\s+bảo\s+tần\s+suất|đgnb|hoặc|năm(?=\s*\()")
# What is left after the rules and the ignored words are taken out may not name a time: a number or one
# of these words there is a part the parser did not read.
_TIME_WORDS = re.compile(r"\d|\b(?:ngày|tháng|năm|quý|tuần|h[àằ]ng|trước|lần)\b")


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
    left = _IGNORED.sub(" ", work)
    unread = _TIME_WORDS.search(left)
    if unread:
        part = re.sub(r"[^\w/]+", " ", left).strip()
        raise DeadlineError(f"cannot read {part!r} in deadline {text!r}", unread=part)
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


def rule_to_toml(rule: DeadlineRule) -> str:
    """A rule as `deadline_parsed` writes it: { kind = "month", month = "2023-01" }."""
    parts = [f'kind = "{rule.kind}"']
    if rule.month is not None:
        parts.append(f'month = "{rule.month}"')
    if rule.date is not None:
        parts.append(f"date = {rule.date.isoformat()}")
    if rule.dates:
        parts.append("dates = [" + ", ".join(f'"{d}"' for d in rule.dates) + "]")
    if rule.day is not None:
        parts.append(f"day = {rule.day}")
    return "{ " + ", ".join(parts) + " }"


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
    if rule.kind == "annual":
        return [datetime.date(year, 12, 31)]
    return []                                               # ONGOING and periodic: see ONGOING


def due_dates(rules: Iterable[DeadlineRule], year: int) -> list[datetime.date]:
    """Every concrete due date the rules give in `year`, sorted and without duplicates."""
    return sorted({d for rule in rules for d in _rule_dates(rule, year)})


@functools.lru_cache(maxsize=1024)     # every report of a year asks the same few questions
def _due_dates(rules: tuple, year: int) -> tuple[dt.date, ...]:
    return tuple(due_dates(rules, year))


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One due date of one deadline of a measure. II.2's «Chương trình năm (Tháng 01/2023)» and its
    «trước ngày 10 hàng tháng» are separate deadlines; a monthly deadline is one occurrence a month."""
    rule: int                     # which deadline of the measure (index in its rules; 0 for `due` in config)
    due: dt.date                  # the day the plan writes
    held_to: dt.date              # the day it is judged by: `due`, or the plan's issue date when earlier
    previous: dt.date | None      # the same deadline's previous due date: work done after it counts

    @property
    def before_issue(self) -> bool:
        """Due before the decision that sets it was issued (I.1 «Tháng 01/2023», QĐ of 07/02/2023)."""
        return self.held_to != self.due


@functools.lru_cache(maxsize=4096)
def _occurrences(rules: tuple, due: tuple | None, not_before: dt.date | None, year: int) -> tuple[Occurrence, ...]:
    groups = [sorted(d for d in due if d.year == year)] if due is not None else \
        [_due_dates((rule,), year) for rule in rules]
    out = []
    for k, dates in enumerate(groups):
        previous = None
        for d in dates:
            out.append(Occurrence(k, d, max(d, not_before) if not_before else d, previous))
            previous = d
    return tuple(sorted(out, key=lambda o: (o.held_to, o.rule, o.due)))


def occurrences(measure, year: int) -> tuple[Occurrence, ...]:
    """Every occurrence of a measure's deadlines in `year`, by the day it is held to: the dates set in
    config (`due`) where the plan's text is overridden, else each parsed rule's own dates."""
    return _occurrences(measure.deadline_rules, getattr(measure, "due", None),
                        getattr(measure, "not_before", None), year)


def report_due(day: dt.date, due_day: int) -> dt.date:
    """When the monthly report that shows what happened on `day` is due: the report of that month is
    due on `due_day` of the next month."""
    return Period(day.year, day.month, 1).due_date(due_day)


def measure_deadline(measure, period: Period | None, year: int) -> dt.date | None:
    """The deadline a report for `period` is held to: the first occurrence held to a day on or after
    the period's start, else the last one of the year; None for work with no due date."""
    dates = [o.held_to for o in occurrences(measure, year)]
    if not dates:
        return None
    if period is None:
        return dates[-1]
    return next((d for d in dates if d >= period.start), dates[-1])
