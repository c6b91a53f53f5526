"""Tolerant parsing of what clerks type in a cell: counts, dates, periods; pure functions."""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from ..plan.periods import Period
from ..text import clean_text, fold


EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serials up to 9999-12-31; under 1000 (before 26/09/1902) a "date" is a number pasted into a date cell.
SERIAL_PLAUSIBLE, _SERIAL_MAX = 1000, 2958465
_PLAUSIBLE_DATE = EXCEL_EPOCH + dt.timedelta(days=SERIAL_PLAUSIBLE)
_NUMBER = re.compile(r"^([+-]?)\s*(\d[\d .,\u00a0\u202f]*)\s*([^\d\s].*)?$")


def parse_number(raw: Any) -> tuple[float | None, str | None]:
    """A number from a cell: 12, '12', ' 12 ', '12,0', '1.234', '1 234', '12 hồ sơ'.

    Returns (value, None), (None, None) for an empty cell, or (None, 'not-a-number')."""
    if raw is None or isinstance(raw, bool):
        return (None, None) if raw is None else (None, "not-a-number")
    if isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:       # an int beyond float range: no clerk typed that
            return None, "not-a-number"
        return (value, None) if math.isfinite(value) else (None, "not-a-number")
    if isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return None, "not-a-number"
    text = clean_text(raw)
    if text is None:
        return None, None
    match = _NUMBER.match(text)
    if not match or (match.group(3) and not _is_unit_word(match.group(3))):
        return None, "not-a-number"
    sign, digits = match.group(1), re.sub(r"[ \u00a0\u202f]", "", match.group(2)).rstrip(".,")
    value = _digits_to_float(digits)
    if value is None or not math.isfinite(value):    # 400 typed digits overflow to inf
        return None, "not-a-number"
    return (-value if sign == "-" else value), None


def _is_unit_word(tail: str) -> bool:
    # "12 hồ sơ", "3 văn bản": a trailing word without digits is a unit of count, not a problem.
    return bool(re.fullmatch(r"[^\d%=+@]{1,30}", tail)) and any(ch.isalpha() for ch in tail)


def _digits_to_float(digits: str) -> float | None:
    if re.fullmatch(r"\d+", digits):
        return float(digits)
    # Grouped thousands: 1.234.567 or 1,234,567 (a single separator with exactly 3 digits after
    # it is read as grouping, which is what a count means: "1.234" hồ sơ is 1234).
    if re.fullmatch(r"\d{1,3}([.,])\d{3}(\1\d{3})*", digits):
        return float(re.sub(r"[.,]", "", digits))
    # 1.234,5 (Vietnamese) or 1,234.5 (English)
    match = re.fullmatch(r"(\d{1,3}(?:([.,])\d{3})*)([.,])(\d+)", digits)
    if match and (match.group(2) is None or match.group(2) != match.group(3)):
        whole = re.sub(r"[.,]", "", match.group(1))
        return float(f"{whole}.{match.group(4)}")
    return None


# What clerks write for "nothing was due" instead of 0; unambiguous in a count cell, read as 0.
NOTHING_DUE = frozenset({"khong phat sinh", "kps", "k ps", "khong", "-", "--", "x", "0"})
_PERCENT = re.compile(r"^[+-]?\s*\d[\d.,]*\s*%$")


def parse_count(raw: Any) -> tuple[int | None, str | None]:
    """A whole count ≥ 0; (None, None) when empty, else (None, code) with code in 'not-a-number', 'not-whole',
    'negative' or 'rate-typed' (a percentage, or a fraction between 0 and 1: a rate where the count belongs).
    «Không phát sinh», «KPS», «-», «x» mean nothing was due: 0."""
    if isinstance(raw, str):
        text = clean_text(raw)
        if text is not None and (fold(text) in NOTHING_DUE or text.strip("-–—") == ""):
            return 0, None
        if text is not None and _PERCENT.match(text):
            return None, "rate-typed"
    value, problem = parse_number(raw)
    if problem or value is None:
        return None, problem
    if not float(value).is_integer():
        return None, "rate-typed" if 0 < value < 1 else "not-whole"
    if value < 0:
        return None, "negative"
    return int(value), None


_DMY = re.compile(r"^(?:ngày\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MONTH = re.compile(r"^(?:tháng|thang|t)\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$", re.IGNORECASE)
_DAY_MONTH = re.compile(r"^(?:ngày\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
_DMY_WORDS = re.compile(r"^(?:ngày\s*)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$", re.IGNORECASE)


def parse_date(raw: Any, year: int | None = None) -> tuple[dt.date | None, str | None]:
    """A date from an Excel date, an Excel serial, dd/mm/yyyy, d/m/yy, ISO, 'ngày 5 tháng 6 năm 2023'
    or 'tháng 5/2023' (the last day of that month); with `year`, also 'dd/mm' (a day of that year).
    Impossible or ambiguous, or a small number pasted into a date cell: (None, 'date-invalid')."""
    if raw is None:
        return None, None
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        # a small number typed into a date-formatted cell reads back as a day of 1900
        return (raw, None) if raw >= _PLAUSIBLE_DATE else (None, "date-invalid")
    if isinstance(raw, bool):
        return None, "date-invalid"
    if isinstance(raw, (int, float)):
        # range first: float() of a huge int raises OverflowError
        if SERIAL_PLAUSIBLE <= raw <= _SERIAL_MAX and float(raw).is_integer():
            return EXCEL_EPOCH + dt.timedelta(days=int(raw)), None
        return None, "date-invalid"
    text = clean_text(raw)
    if text is None:
        return None, None
    text = text.lower()
    try:
        if m := _DMY.match(text):
            day, month_, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            return dt.date(year + 2000 if year < 100 else year, month_, day), None
        if m := _YMD.match(text):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None
        if m := _DMY_WORDS.match(text):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))), None
        if m := _MONTH.match(text):
            return Period(int(m.group(2)), int(m.group(1)), 1).end, None
        if year is not None and (m := _DAY_MONTH.match(text)):
            return dt.date(year, int(m.group(2)), int(m.group(1))), None
    except ValueError:
        return None, "date-invalid"
    return None, "date-invalid"


_PERIOD_TEXT = re.compile(r"^(?:(?:kỳ|ky)\s*)?(?:tháng|thang|t)?\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$", re.IGNORECASE)
_PERIOD_ISO = re.compile(r"^(\d{4})\s*[-/]\s*(\d{1,2})$")


def parse_period_value(raw: Any) -> tuple[Period | None, str | None]:
    """A reporting month from '05/2023', 'Tháng 5/2023', '2023-05' or a date in that month."""
    if raw is None:
        return None, None
    if isinstance(raw, (dt.date, dt.datetime)):
        return Period(raw.year, raw.month, 1), None
    text = clean_text(raw)
    if text is None:
        return None, None
    for pattern, order in ((_PERIOD_TEXT, (1, 2)), (_PERIOD_ISO, (2, 1))):
        if m := pattern.match(text):
            month_, year = int(m.group(order[0])), int(m.group(order[1]))
            if 1 <= month_ <= 12:
                return Period(year, month_, 1), None
    return None, "period-invalid"


def excel_text(value: Any) -> str:
    """How a value found in a cell is quoted back to a clerk: numbers the Vietnamese way (1.234,5), dates as
    day/month/year."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and math.isfinite(value)):
        return f"{int(value):,}".replace(",", ".")
    if isinstance(value, float):
        return f"{value:,}".translate(_VI_DECIMAL)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def percent_text(value: Any) -> str:
    """A fraction typed where a count belongs, as the clerk typed it: 0.95 → «95%»."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{value * 100:,.4g}".translate(_VI_DECIMAL) + "%"
    return excel_text(value)


_VI_DECIMAL = str.maketrans({",": ".", ".": ","})
