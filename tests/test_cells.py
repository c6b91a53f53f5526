"""Tests for pipeline.values: counts, rates, dates, periods and text as clerks type them."""
from __future__ import annotations

import datetime as dt
import math
import unicodedata

import pytest
from hypothesis import given, strategies as st

from pipeline.plan.periods import Period
from pipeline.rules.cells import EXCEL_EPOCH, parse_count, parse_date, parse_number, parse_period_value
from pipeline.text import clean_text, fold

NOT_A_NUMBER = (None, "not-a-number")
EMPTY = (None, None)


# ---------------------------------------------------------------- parse_count

@pytest.mark.parametrize("raw", [
    12, 12.0, "12", " 12 ", "12,0", "12.0", "\u00a012", "12\u00a0", "12 hồ sơ", "12 văn bản", "+12",
], ids=repr)
def test_parse_count_reads_twelve(raw):
    assert parse_count(raw) == (12, None)


@pytest.mark.parametrize("raw", ["1.234", "1,234", "1 234", "1\u00a0234", "1\u202f234", "1.234 hồ sơ"], ids=repr)
def test_parse_count_reads_thousands_separators(raw):
    # a count is whole: one separator followed by exactly three digits groups thousands
    assert parse_count(raw) == (1234, None)


@pytest.mark.parametrize("raw, expected", [
    ("1.234.567", 1234567), ("1,234,567", 1234567), ("1 234 567", 1234567), ("12.000,00", 12000),
    (0, 0), ("0", 0), (0.0, 0),
])
def test_parse_count_other_values(raw, expected):
    assert parse_count(raw) == (expected, None)


def test_parse_count_zero_is_not_empty():
    assert parse_count(0) == (0, None)
    assert parse_count("0") == (0, None)
    assert parse_count(None) == EMPTY


@pytest.mark.parametrize("raw", [None, "", "   ", "\u00a0", "\t"], ids=repr)
def test_parse_count_empty_cell(raw):
    assert parse_count(raw) == EMPTY


@pytest.mark.parametrize("raw", ["12,5", "12.5", 12.5, "1.234,5", 1.5], ids=repr)
def test_parse_count_not_whole(raw):
    assert parse_count(raw) == (None, "not-whole")


@pytest.mark.parametrize("raw", ["95 %", "95%", "12 %", "100%", 0.95, "0,5", 0.5], ids=repr)
def test_a_rate_typed_where_a_count_belongs_is_told_apart(raw):
    """«95 %» typed the Excel way arrives as 0.95: the clerk is told it is a rate, and that rates are computed."""
    assert parse_count(raw) == (None, "rate-typed")


@pytest.mark.parametrize("raw", ["Không phát sinh", "không phát sinh", "KPS", "kps", "-", "–", "x", "X", "0"],
                         ids=repr)
def test_the_notations_clerks_use_for_nothing_due_read_as_zero(raw):
    assert parse_count(raw) == (0, None)


@pytest.mark.parametrize("raw", ["-3", -3, "- 3", -3.0], ids=repr)
def test_parse_count_negative(raw):
    assert parse_count(raw) == (None, "negative")


@pytest.mark.parametrize("raw", [
    "mười",          # a number in words
    "=A1",           # a formula typed as text
    True, False,     # a ticked checkbox is not a count
    "1.2.3", "12-3", "12/5", "12 hồ sơ 3", "abc",
    float("nan"), float("inf"),
    dt.date(2023, 5, 15), dt.datetime(2023, 5, 15, 8, 0),
    "9" * 400,       # overflows a float: not a number, not infinity
    10 ** 400,       # an int no float can hold: must not raise
], ids=lambda v: repr(v)[:20])
def test_parse_count_not_a_number(raw):
    assert parse_count(raw) == NOT_A_NUMBER


@given(st.integers(min_value=0, max_value=10 ** 15))   # Excel keeps 15 significant digits
def test_parse_count_property_thousands_any_style(n):
    comma = f"{n:,}"
    for raw in (n, float(n), str(n), comma, comma.replace(",", "."), comma.replace(",", " ")):
        assert parse_count(raw) == (n, None), raw


# ---------------------------------------------------------------- parse_number

@pytest.mark.parametrize("raw, expected", [
    ("12,5", 12.5), ("12.5", 12.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("-3", -3.0),
    ("0,75", 0.75), (7, 7.0), (2.5, 2.5),
])
def test_parse_number_decimals(raw, expected):
    assert parse_number(raw) == (expected, None)


@given(st.text())
def test_parse_number_never_raises_on_text(text):
    value, problem = parse_number(text)
    if value is None:
        assert problem in (None, "not-a-number")
        if problem is None:     # only a blank cell is empty
            assert clean_text(text) is None
    else:
        assert problem is None and isinstance(value, float) and math.isfinite(value)


@given(st.one_of(st.integers(), st.floats(), st.booleans(), st.none(), st.dates(), st.text()))
def test_parse_count_never_raises_on_any_cell_value(raw):
    value, problem = parse_count(raw)
    assert (value is None) != (problem is None) or (value, problem) == EMPTY
    assert problem in (None, "not-a-number", "not-whole", "negative", "rate-typed")
    if value is not None:
        assert isinstance(value, int) and value >= 0


# ---------------------------------------------------------------- parse_date

D = dt.date(2023, 5, 15)


@pytest.mark.parametrize("raw", [
    D, dt.datetime(2023, 5, 15, 14, 30), 45061, 45061.0, "15/05/2023", "15/5/2023", "15-05-2023",
    "15.05.2023", " 15 / 05 / 2023 ", "2023-05-15", "2023/05/15", "2023-05-15 10:00", "2023-05-15T10:00",
    "ngày 15 tháng 5 năm 2023", "Ngày 15 tháng 05 năm 2023", "15 tháng 5 năm 2023", "ngày 15/05/2023",
    "15/05/23",
], ids=repr)
def test_parse_date_reads_may_15(raw):
    assert parse_date(raw) == (D, None)


@pytest.mark.parametrize("raw, expected", [
    ("5/6/23", dt.date(2023, 6, 5)),          # d/m/yy: Vietnamese order, 20yy
    ("05/06/2023", dt.date(2023, 6, 5)),      # never month-first
    ("tháng 5/2023", dt.date(2023, 5, 31)),   # a month means its last day
    ("Tháng 02/2024", dt.date(2024, 2, 29)),
    ("T12/2023", dt.date(2023, 12, 31)),
    ("29/02/2024", dt.date(2024, 2, 29)),
    (1000, dt.date(1902, 9, 26)),
    (2958465, dt.date(9999, 12, 31)),
])
def test_parse_date_forms(raw, expected):
    assert parse_date(raw) == (expected, None)


def test_a_small_number_pasted_into_a_date_cell_is_not_a_date_and_a_day_month_is_read_in_the_report_year():
    assert parse_date(15) == (None, "date-invalid") and parse_date(999) == (None, "date-invalid")
    assert parse_date("30/6", 2023) == (dt.date(2023, 6, 30), None) and parse_date("30/6") == (None, "date-invalid")
    assert parse_date("31/2", 2023) == (None, "date-invalid")


@pytest.mark.parametrize("raw", [
    "31/02/2023", "32/01/2023", "29/02/2023", "0/1/2023", "15/0/2023", "15/13/2023",
    "05/31/2023",        # US month-first: day 05 of month 31 does not exist
    "tháng 13/2023", "abc", "45061", "15/05", "2023-05", True, 0, -1, 45061.5, 2958466, 10 ** 400,
    float("nan"), dt.time(8, 0),
], ids=lambda v: repr(v)[:20])
def test_parse_date_invalid(raw):
    assert parse_date(raw) == (None, "date-invalid")


@pytest.mark.parametrize("raw", [None, "", "   "], ids=repr)
def test_parse_date_empty(raw):
    assert parse_date(raw) == EMPTY


def test_excel_serial_45061_is_2023_05_15():
    assert parse_date(45061) == (dt.date(2023, 5, 15), None)
    assert (dt.date(2023, 5, 15) - EXCEL_EPOCH).days == 45061


dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))


@given(dates)
def test_parse_date_property_dd_mm_yyyy_round_trips(d):
    assert parse_date(d.strftime("%d/%m/%Y")) == (d, None)
    assert parse_date(f"{d.day}/{d.month}/{d.year}") == (d, None)
    assert parse_date(d.isoformat()) == (d, None)


@given(dates)
def test_parse_date_property_excel_serial_round_trips(d):
    serial = (d - EXCEL_EPOCH).days
    assert parse_date(serial) == (d, None)
    assert parse_date(float(serial)) == (d, None)


@given(st.text())
def test_parse_date_never_raises_on_text(text):
    value, problem = parse_date(text)
    assert (value, problem) == EMPTY or (value is None and problem == "date-invalid") or \
        (isinstance(value, dt.date) and problem is None)


# ---------------------------------------------------------------- parse_period_value

MAY = Period(2023, 5, 1)


@pytest.mark.parametrize("raw", [
    "05/2023", "5/2023", "Tháng 5/2023", "tháng 05/2023", "THÁNG 5/2023", "thang 5/2023", "T5/2023",
    "t5-2023", "Tháng\u00a05 / 2023", "Kỳ tháng 5/2023", "2023-05", "2023/5", "05.2023",
    unicodedata.normalize("NFD", "Tháng 5/2023"),
    dt.date(2023, 5, 1), dt.date(2023, 5, 31), dt.datetime(2023, 5, 15, 9, 0),
], ids=repr)
def test_parse_period_value_reads_may_2023(raw):
    assert parse_period_value(raw) == (MAY, None)


@pytest.mark.parametrize("raw", ["13/2023", "0/2023", "2023-13", "2023-00", "abc", "Tháng 5", "2023", "5"], ids=repr)
def test_parse_period_value_invalid(raw):
    assert parse_period_value(raw) == (None, "period-invalid")


@pytest.mark.parametrize("raw", [None, "", "  "], ids=repr)
def test_parse_period_value_empty(raw):
    assert parse_period_value(raw) == EMPTY


@given(st.integers(1900, 2100), st.integers(1, 12))
def test_parse_period_value_property_form_value_round_trips(year, month):
    period = Period(year, month, 1)
    assert parse_period_value(period.form_value) == (period, None)
    assert parse_period_value(period.key) == (period, None)


# ---------------------------------------------------------------- clean_text and fold

def test_clean_text_returns_nfc():
    nfd = unicodedata.normalize("NFD", "Phòng Kế hoạch – Tài chính")
    assert nfd != "Phòng Kế hoạch – Tài chính"
    assert clean_text(nfd) == "Phòng Kế hoạch – Tài chính"


@pytest.mark.parametrize("raw, expected", [
    ("  Văn\u00a0phòng   Sở\t ", "Văn phòng Sở"),
    ("a\u00a0\u00a0 b", "a b"),
    (12.0, "12"),
    (12.5, "12.5"),
    (7, "7"),
    (None, None),
    ("", None),
    ("  \u00a0 ", None),
], ids=repr)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize("variant", [
    "hoan thanh dung han", "HOÀN THÀNH ĐÚNG HẠN", "  Hoàn   thành đúng hạn. ",
    unicodedata.normalize("NFD", "Hoàn thành đúng hạn"), "Hoàn thành\u00a0đúng hạn",
], ids=repr)
def test_fold_ignores_case_diacritics_and_spacing(variant):
    assert fold(variant) == fold("Hoàn thành đúng hạn") == "hoan thanh dung han"


def test_fold_handles_d_with_stroke():
    # đ/Đ is a letter of its own, not d + a combining mark: NFD alone would keep it
    assert fold("Đăng ký đề tài") == "dang ky de tai"
    assert fold("Đ") == fold("đ") == fold("d") == "d"


def test_fold_keeps_different_words_apart():
    assert fold("Hoàn thành") != fold("Chưa hoàn thành")
    assert fold("95%") == "95%"


def test_counts_read_as_vietnamese_writes_them():
    from pipeline.vi import vi_int, vi_ratio
    from pipeline.outputs.summary import more_in_workbook
    assert [vi_int(n) for n in (0, 999, 1000, 5960, 1048576)] == ["0", "999", "1.000", "5.960", "1.048.576"]
    assert vi_ratio(2880, 3000) == "2.880/3.000" and vi_ratio(7, 10) == "7/10"
    assert more_in_workbook(16000, "overdue", "biện pháp") == \
        "… và 16.000 biện pháp khác: xem trang «Biện pháp quá hạn» của bảng tổng hợp"
