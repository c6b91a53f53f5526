"""Tests for pipeline.periods: keys, spans, due dates, the previous period and Vietnamese labels."""
from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from pipeline.plan.periods import Period, current_reporting_period, months_of_year, parse_period

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("2023-05", Period(2023, 5, 1)),
    ("2023-5", Period(2023, 5, 1)),
    (" 2023-12 ", Period(2023, 12, 1)),
    ("2023-Q1", Period(2023, 1, 3)),
    ("2023-Q2", Period(2023, 4, 3)),
    ("2023-q4", Period(2023, 10, 3)),
    ("2023-H1", Period(2023, 1, 6)),
    ("2023-H2", Period(2023, 7, 6)),
    ("2023", Period(2023, 1, 12)),
])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", [
    "2023-13", "2023-00", "2023-Q5", "2023-Q0", "2023-H3", "abc", "", "05/2023", "2023-05-01", "23-05", "2023-",
])
def test_parse_period_rejects(text):
    with pytest.raises(ValueError):
        parse_period(text)


@pytest.mark.parametrize("key, start, end, months", [
    ("2023-05", D(2023, 5, 1), D(2023, 5, 31), ["2023-05"]),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), ["2024-02"]),
    ("2023-02", D(2023, 2, 1), D(2023, 2, 28), ["2023-02"]),
    ("2023-Q2", D(2023, 4, 1), D(2023, 6, 30), ["2023-04", "2023-05", "2023-06"]),
    ("2023-Q4", D(2023, 10, 1), D(2023, 12, 31), ["2023-10", "2023-11", "2023-12"]),
    ("2023-H1", D(2023, 1, 1), D(2023, 6, 30), [f"2023-{m:02d}" for m in range(1, 7)]),
    ("2023-H2", D(2023, 7, 1), D(2023, 12, 31), [f"2023-{m:02d}" for m in range(7, 13)]),
    ("2023", D(2023, 1, 1), D(2023, 12, 31), [f"2023-{m:02d}" for m in range(1, 13)]),
])
def test_start_end_months(key, start, end, months):
    period = parse_period(key)
    assert (period.start, period.end) == (start, end)
    assert [p.key for p in period.months()] == months


@pytest.mark.parametrize("key, due_day, expected", [
    ("2023-05", 20, D(2023, 6, 20)),
    ("2023-12", 20, D(2024, 1, 20)),     # across the year
    ("2023-Q2", 20, D(2023, 7, 20)),     # after the quarter's last month
    ("2023-Q4", 20, D(2024, 1, 20)),
    ("2023-H1", 20, D(2023, 7, 20)),
    ("2023", 20, D(2024, 1, 20)),
    ("2023-03", 31, D(2023, 4, 30)),     # April has 30 days: clamp
    ("2023-01", 31, D(2023, 2, 28)),
    ("2024-01", 30, D(2024, 2, 29)),
    ("2023-07", 31, D(2023, 8, 31)),
    ("2023-05", 1, D(2023, 6, 1)),
])
def test_due_date(key, due_day, expected):
    assert parse_period(key).due_date(due_day) == expected


@pytest.mark.parametrize("key, previous", [
    ("2023-05", "2023-04"), ("2023-01", "2022-12"), ("2023-Q2", "2023-Q1"), ("2023-Q1", "2022-Q4"),
    ("2023-H2", "2023-H1"), ("2023-H1", "2022-H2"), ("2023", "2022"),
])
def test_previous(key, previous):
    assert parse_period(key).previous().key == previous


def test_same_last_year():
    assert parse_period("2023-Q2").same_last_year() == parse_period("2022-Q2")
    assert parse_period("2023-05").same_last_year() == parse_period("2022-05")


@pytest.mark.parametrize("key, label", [
    ("2023-05", "Tháng 05/2023"), ("2023-12", "Tháng 12/2023"),
    ("2023-Q1", "Quý I/2023"), ("2023-Q2", "Quý II/2023"), ("2023-Q3", "Quý III/2023"), ("2023-Q4", "Quý IV/2023"),
    ("2023-H1", "6 tháng đầu năm 2023"), ("2023-H2", "6 tháng cuối năm 2023"), ("2023", "Năm 2023"),
])
def test_label_vi(key, label):
    assert parse_period(key).label_vi == label


def test_form_value_and_str():
    assert parse_period("2023-05").form_value == "05/2023"
    assert str(parse_period("2023-Q2")) == "2023-Q2"


@pytest.mark.parametrize("today, expected", [
    (D(2026, 11, 27), "2026-10"),
    (D(2026, 1, 5), "2025-12"),
    (D(2026, 3, 1), "2026-02"),
    (D(2024, 3, 31), "2024-02"),
])
def test_current_reporting_period(today, expected):
    assert current_reporting_period(today).key == expected


def test_month_helpers():
    assert [p.key for p in months_of_year(2023)] == [f"2023-{m:02d}" for m in range(1, 13)]


def test_periods_sort_by_time_within_a_kind():
    keys = ["2023-11", "2022-12", "2023-02", "2023-10"]
    assert [p.key for p in sorted(parse_period(k) for k in keys)] == ["2022-12", "2023-02", "2023-10", "2023-11"]


years = st.integers(min_value=1901, max_value=9998)
periods = st.one_of(
    st.builds(lambda y, m: Period(y, m, 1), years, st.integers(1, 12)),
    st.builds(lambda y, q: Period(y, 3 * q - 2, 3), years, st.integers(1, 4)),
    st.builds(lambda y, h: Period(y, 6 * h - 5, 6), years, st.integers(1, 2)),
    st.builds(lambda y: Period(y, 1, 12), years),
)


@given(periods)
def test_key_round_trips(period):
    assert parse_period(period.key) == period


@given(periods)
def test_previous_is_adjacent_and_same_kind(period):
    before = period.previous()
    assert before.months_count == period.months_count
    assert before.end + dt.timedelta(days=1) == period.start
    assert parse_period(before.key) == before


@given(periods, st.integers(1, 31))
def test_due_date_is_in_the_month_after_the_end(period, due_day):
    due = period.due_date(due_day)
    after_end = period.end + dt.timedelta(days=1)
    assert (due.year, due.month) == (after_end.year, after_end.month)
    assert due.day == min(due_day, calendar.monthrange(due.year, due.month)[1])


@given(st.dates(min_value=D(1901, 1, 1), max_value=D(9999, 12, 31)))
def test_current_reporting_period_is_the_month_before(today):
    period = current_reporting_period(today)
    assert period.months_count == 1
    assert period.end + dt.timedelta(days=1) == today.replace(day=1)
