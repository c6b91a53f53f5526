"""Tests for pipeline.deadlines: the seed's deadline texts, due dates, errors and round trips."""
from __future__ import annotations

import datetime as dt
import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from pipeline.plan.deadlines import (DeadlineError, DeadlineRule, due_dates, measure_deadline, occurrences,
                                     parse_deadline, report_due, rule_from_dict)
from pipeline.plan.periods import Period

CONFIG = Path(__file__).parents[1] / "config.toml"
MEASURES = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["measures"]

R = DeadlineRule


def MONTH(ym: str) -> DeadlineRule:
    return R("month", month=ym)


# (a) every measure of the plan: the stored rules are what the parser reads from the text

@pytest.mark.parametrize("measure", MEASURES, ids=[m["id"] for m in MEASURES])
def test_config_deadline_parsed_matches_parser(measure):
    assert parse_deadline(measure["deadline"]) == tuple(rule_from_dict(d) for d in measure["deadline_parsed"])


def test_config_has_all_thirty_measures():
    assert len(MEASURES) == 30
    assert len({m["id"] for m in MEASURES}) == 30


# (b) each form found in the seed

SEED_FORMS = [
    ("Tháng 01/2023", (MONTH("2023-01"),)),
    ("Tháng 7/2023", (MONTH("2023-07"),)),
    ("Tháng 3/2023", (MONTH("2023-03"),)),
    ("Trước ngày 10/02/2023", (R("date", date=dt.date(2023, 2, 10)),)),
    ("Trước ngày 30 tháng 8 hàng năm (Tùy từng đơn vị, đảm bảo tần suất ĐGNB tối thiểu 01 lần/năm)",
     (R("yearly", dates=("08-30",)),)),
    ("Trước 15/5 và trước 30/10 hằng năm", (R("yearly", dates=("05-15", "10-30")),)),
    ("[Định kỳ 6 tháng/lần hoặc đột xuất/sau hoạt động ĐGNB]", (R("half-yearly"),)),
    ("Hàng năm", (R("annual"),)),
    ("Thường xuyên", (R("continuous"),)),
    ("Chương trình năm (Tháng 12/2022); Chương trình tháng (trước ngày 05 hàng tháng)",
     (MONTH("2022-12"), R("monthly", day=5))),
    ("Chương trình năm (Tháng 01/2023); Chương trình tháng (trước ngày 10 hàng tháng)",
     (MONTH("2023-01"), R("monthly", day=10))),
    ("Định kỳ hàng tháng ( ngày 20/tháng; năm (tháng 10/2023)", (R("monthly", day=20), MONTH("2023-10"))),
    ("Định kỳ/Thường xuyên", (R("periodic"), R("continuous"))),      # «Định kỳ» is read, not dropped
    ("- Thường xuyên theo dõi; - Báo cáo định kỳ hàng quý.", (R("continuous"), R("quarterly"))),
    ("Hàng quý/năm", (R("quarterly"), R("annual"))),
    ("Theo Chương trình công tác", (R("work-programme"),)),
    ("Cả năm", (R("all-year"),)),
]


@pytest.mark.parametrize("text, expected", SEED_FORMS, ids=[t for t, _ in SEED_FORMS])
def test_seed_forms(text, expected):
    assert parse_deadline(text) == expected


@pytest.mark.parametrize("text, expected", [
    (unicodedata.normalize("NFD", "Trước 15/5 và trước 30/10 hằng năm"), (R("yearly", dates=("05-15", "10-30")),)),
    ("TRƯỚC 15/05 VÀ 30/10 HÀNG NĂM", (R("yearly", dates=("05-15", "10-30")),)),
    ("trước   ngày\n10/2/2023", (R("date", date=dt.date(2023, 2, 10)),)),
    ("10/02/2023", (R("date", date=dt.date(2023, 2, 10)),)),
    ("<i>Tháng</i> 01/2023", (MONTH("2023-01"),)),
    ("Hằng quý", (R("quarterly"),)),
    ("Ngày 20 hằng tháng", (R("monthly", day=20),)),
    ("Hằng tháng", (R("monthly"),)),
    ("Thường xuyên; thường xuyên", (R("continuous"),)),
    ("Tháng 6 và tháng 12 hằng năm", (R("yearly", dates=("06-30", "12-31")),)),     # was read as 31/12 only
    ("Định kỳ", (R("periodic"),)),
])
def test_normalisation(text, expected):
    assert parse_deadline(text) == expected


# (c) due dates

D = dt.date


@pytest.mark.parametrize("rules, year, expected", [
    ([MONTH("2023-02")], 2023, [D(2023, 2, 28)]),
    ([MONTH("2024-02")], 2024, [D(2024, 2, 29)]),
    ([MONTH("2022-12")], 2023, []),
    ([R("date", date=D(2023, 2, 10))], 2023, [D(2023, 2, 10)]),
    ([R("date", date=D(2023, 2, 10))], 2024, []),
    ([R("yearly", dates=("10-30", "05-15"))], 2023, [D(2023, 5, 15), D(2023, 10, 30)]),
    ([R("yearly", dates=("02-29",))], 2023, []),
    ([R("yearly", dates=("02-29",))], 2024, [D(2024, 2, 29)]),
    ([R("quarterly")], 2023, [D(2023, 3, 31), D(2023, 6, 30), D(2023, 9, 30), D(2023, 12, 31)]),
    ([R("half-yearly")], 2023, [D(2023, 6, 30), D(2023, 12, 31)]),
    ([R("annual")], 2023, [D(2023, 12, 31)]),
    ([R("all-year")], 2023, []),                  # «Cả năm» and «Thường xuyên»: one rule, no due date
    ([R("periodic")], 2023, []),
    ([R("quarterly"), R("annual")], 2023, [D(2023, 3, 31), D(2023, 6, 30), D(2023, 9, 30), D(2023, 12, 31)]),
    ([R("continuous")], 2023, []),
    ([R("work-programme")], 2023, []),
    ([R("continuous"), R("quarterly")], 2023, [D(2023, 3, 31), D(2023, 6, 30), D(2023, 9, 30), D(2023, 12, 31)]),
])
def test_due_dates(rules, year, expected):
    assert due_dates(rules, year) == expected


def test_due_dates_monthly():
    assert due_dates([R("monthly", day=20)], 2023) == [D(2023, m, 20) for m in range(1, 13)]
    thirty_first = due_dates([R("monthly", day=31)], 2023)
    assert len(thirty_first) == 12 and thirty_first[1] == D(2023, 2, 28) and thirty_first[3] == D(2023, 4, 30)
    assert due_dates(parse_deadline("Định kỳ hàng tháng ( ngày 20/tháng; năm (tháng 10/2023)"), 2023) == sorted(
        [D(2023, m, 20) for m in range(1, 13)] + [D(2023, 10, 31)])


# (d) invalid input

@pytest.mark.parametrize("text", [
    "", "   ", "sometime soon", "đột xuất", "01 lần/năm", "Tháng 6 và tháng 12", "Trước ngày 15 hàng quý",
    "Hàng tuần", "Thường xuyên; báo cáo trước ngày 5",
    "Trước ngày 31/02/2023", "Tháng 13/2023", "Tháng 0/2023", "Trước 32/5 hằng năm", "Trước 31/4 hằng năm",
    "Ngày 32 hằng tháng", "Ngày 0 hằng tháng",
])
def test_invalid_texts(text):
    with pytest.raises(DeadlineError):
        parse_deadline(text)


def test_error_names_the_text():
    with pytest.raises(DeadlineError, match="sometime soon"):
        parse_deadline("sometime soon")
    with pytest.raises(DeadlineError, match="31/02/2023"):
        parse_deadline("Trước ngày 31/02/2023")


@pytest.mark.parametrize("text, part", [
    ("Hàng tuần", "hàng tuần"),
    ("Thường xuyên; báo cáo trước ngày 5", "trước ngày 5"),
    ("Tháng 6 và tháng 12", "tháng 6 và tháng 12"),
])
def test_a_part_the_parser_cannot_read_is_named_never_dropped(text, part):
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(text)
    assert caught.value.unread == part and text in str(caught.value)


@pytest.mark.parametrize("d", [
    {}, {"kind": "weekly"}, {"kind": "month"}, {"kind": "month", "month": "2023-13"}, {"kind": "month", "month": "01/2023"},
    {"kind": "date"}, {"kind": "date", "date": "2023-02-31"}, {"kind": "yearly"}, {"kind": "yearly", "dates": []},
    {"kind": "yearly", "dates": ["02-30"]}, {"kind": "yearly", "dates": "05-15"}, {"kind": "monthly", "day": 0},
    {"kind": "continuous", "day": 5}, {"kind": "month", "month": "2023-01", "extra": 1},
])
def test_invalid_dicts(d):
    with pytest.raises(DeadlineError):
        rule_from_dict(d)


def test_rule_from_dict_accepts_toml_date_and_string():
    toml_date = tomllib.loads('r = { kind = "date", date = 2023-02-10 }')["r"]
    assert rule_from_dict(toml_date) == rule_from_dict({"kind": "date", "date": "2023-02-10"}) \
        == R("date", date=D(2023, 2, 10))


# (e) properties

months = st.builds(lambda y, m: MONTH(f"{y:04d}-{m:02d}"), st.integers(2000, 2099), st.integers(1, 12))
dates = st.builds(lambda d: R("date", date=d), st.dates(D(2000, 1, 1), D(2099, 12, 31)))
mmdd = st.dates(D(2000, 1, 1), D(2000, 12, 31)).map(lambda d: f"{d:%m-%d}")
yearlies = st.builds(lambda ds: R("yearly", dates=tuple(ds)), st.lists(mmdd, min_size=1, max_size=4, unique=True))
monthlies = st.builds(lambda d: R("monthly", day=d), st.one_of(st.none(), st.integers(1, 31)))
fixed = st.sampled_from(["quarterly", "half-yearly", "annual", "continuous", "all-year", "work-programme",
                         "periodic"]).map(R)


@given(st.one_of(months, dates, yearlies, monthlies, fixed), st.integers(2000, 2099))
def test_due_dates_sorted_unique_in_year(rule, year):
    out = due_dates([rule, rule], year)
    assert out == sorted(set(out)) and all(d.year == year for d in out)


# (f) occurrences: each deadline of a measure on its own, held to the plan's issue date when earlier

def test_each_deadline_is_its_own_occurrence_and_one_before_the_decision_is_held_to_it(config):
    ii2 = next(m for m in config.measures if m.id == "II.2")     # «Tháng 01/2023» and «trước ngày 10 hàng tháng»
    occ = occurrences(ii2, 2023)
    assert len(occ) == 13 and sorted({o.rule for o in occ}) == [0, 1]
    annual = [o for o in occ if o.rule == 0]
    assert [(o.due, o.held_to, o.previous) for o in annual] == [(D(2023, 1, 31), D(2023, 2, 7), None)]
    monthly = [o for o in occ if o.rule == 1]
    assert [o.due for o in monthly] == [D(2023, m, 10) for m in range(1, 13)]
    assert monthly[0].before_issue and monthly[0].held_to == D(2023, 2, 7) and not monthly[1].before_issue
    assert monthly[1].previous == D(2023, 1, 10)                   # not 31/01: the other deadline
    i1 = next(m for m in config.measures if m.id == "I.1")
    assert measure_deadline(i1, Period(2023, 2, 1), 2023) == D(2023, 2, 7)   # QĐ 147 of 07/02 is on time


def test_due_dates_set_in_config_replace_the_parsed_ones(config):
    from dataclasses import replace
    i5 = replace(next(m for m in config.measures if m.id == "I.5"), due=(D(2023, 6, 30), D(2023, 12, 31)))
    assert [(o.due, o.previous) for o in occurrences(i5, 2023)] == [(D(2023, 6, 30), None),
                                                                    (D(2023, 12, 31), D(2023, 6, 30))]
    assert occurrences(replace(i5, due=()), 2023) == ()


@pytest.mark.parametrize("day, due_day, expected", [
    (D(2023, 5, 10), 20, D(2023, 6, 20)), (D(2023, 12, 31), 20, D(2024, 1, 20)), (D(2023, 1, 31), 31, D(2023, 2, 28)),
])
def test_the_report_that_shows_a_day_is_due_the_next_month(day, due_day, expected):
    assert report_due(day, due_day) == expected
