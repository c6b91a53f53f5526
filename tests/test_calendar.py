"""Tests for pipeline.plan.calendar: the plan's own reports (6T due 15/05, 12T due 30/10) as periods, the coverage
rule, a workspace without [[reports]], and the outputs of such a period."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from factories import REAL_CONFIG, make_workspace, submit
from pipeline.cli import main
from pipeline.plan.config import ConfigError, load_config
from pipeline.plan.periods import Period, parse_period
from pipeline.run import make_report, run


def test_the_2023_config_carries_the_plan_reports(config):
    six, twelve = config.period("2023-6T"), config.period("2023-12T")
    assert (six.due, twelve.due) == (dt.date(2023, 5, 15), dt.date(2023, 10, 30))
    # coverage "due": the months whose monthly reports (due on the 20th) are due by then
    assert [m.key for m in six.months()] == ["2023-01", "2023-02", "2023-03"]
    assert twelve.months()[-1].key == "2023-09"
    assert six.label_vi == "6 tháng năm 2023"
    assert six.span_label(config.reporting.due_day) == "Số liệu từ tháng 01/2023 đến tháng 03/2023; hạn nộp 15/05/2023"
    assert {r.source for r in config.reports} >= {"I.6", "IV.3, IV.4"}


def test_a_report_period_keeps_its_key_and_looks_back_a_year(config):
    six = config.period("2023-6t")
    assert six.key == "2023-6T" and str(six) == "2023-6T"
    assert config.period(six.key) == six
    assert six.previous().key == "2022-6T" and six.previous().due == dt.date(2022, 5, 15)
    assert six != Period(2023, 1, 3)            # not the first quarter, though it covers the same months
    assert config.period("2023-05").is_month and not six.is_month
    with pytest.raises(ValueError, match="YYYY-6T"):
        config.period("2023-9T")


CUTOFF_30 = {'coverage = "due"': 'coverage = "cutoff"', "cutoff_day = 31": "cutoff_day = 30"}


@pytest.mark.parametrize("settings, last", [
    ({}, 3),
    (CUTOFF_30, 4),                                                  # data cut off on 30/04: January to April
    ({**CUTOFF_30, "cutoff_day = 31": "cutoff_day = 15"}, 3),        # cut off mid-April: April is not whole
])
def test_the_coverage_rule_is_configurable(tmp_path, settings, last):
    config = make_workspace(tmp_path, **settings)
    assert config.period("2023-6T").months()[-1].key == f"2023-{last:02d}"


def test_a_report_may_list_its_months(tmp_path):
    config = make_workspace(tmp_path, **{'label = "6 tháng"': 'label = "6 tháng"\nmonths = [1, 6]'})
    assert [m.first_month for m in config.period("2023-6T").months()] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("replace, key", [
    ({'due = "15/05"': 'due = "15-05"'}, "reports[2].due"),
    ({'id = "6T"': 'id = "Q2"'}, "reports[2].id"),
    ({'every = "quarter"': 'every = "week"'}, "reports[1].every"),
    ({'coverage = "due"': 'coverage = "all"'}, "reporting.coverage"),
])
def test_a_bad_report_is_a_config_error_naming_the_key(tmp_path, replace, key):
    with pytest.raises(ConfigError, match=key.replace("[", r"\[").replace("]", r"\]")):
        make_workspace(tmp_path, **replace)


def test_an_old_config_without_reports_still_runs_and_says_what_to_do(tmp_path):
    text = REAL_CONFIG.read_text(encoding="utf-8")
    start, end = text.index("[[reports]]"), text.index("[paths]")
    old = tmp_path / "config.toml"
    old.write_text(text[:start] + text[end:], encoding="utf-8")
    config = load_config(old)
    assert config.reports == () and config.period("2023-H1") == Period(2023, 1, 6)
    (tmp_path / "inbound").mkdir()
    assert run(config, periods=[config.period("2023-Q1")], mail=False).periods[0].period.key == "2023-Q1"
    result = CliRunner().invoke(main, ["status", "--config", str(old), "--period", "2023-6T"])
    assert result.exit_code != 0 and "[[reports]]" in result.output


def test_parse_period_without_reports_rejects_a_report_key():
    with pytest.raises(ValueError):
        parse_period("2023-6T")


NOW = dt.datetime(2023, 5, 12, 9).astimezone()      # before the 6T report is due, April's report not yet due


def test_a_report_period_counts_only_months_due_and_every_output_states_its_span(tmp_path):
    config = make_workspace(tmp_path, **CUTOFF_30)
    codes = [u.code for u in config.units]
    for month in ("2023-01", "2023-02", "2023-03"):
        for code in codes[:-1]:                 # the last unit never reports
            submit(config, code, month)
    submit(config, codes[0], "2023-04", received=NOW - dt.timedelta(days=1))
    outputs = make_report(config, config.period("2023-6T"), now=NOW)
    summary = json.loads(outputs["summary_json"].read_text(encoding="utf-8"))
    assert summary["period"] == "2023-6T"
    assert summary["span"] == {"first": "2023-01", "last": "2023-04"}
    assert summary["due"] == "2023-05-15"
    # April is not due until 20/05: only the one April report that came counts; the rest are pending
    assert summary["reports_expected"] == 3 * len(codes) + 1
    assert summary["reports_accepted"] == 3 * (len(codes) - 1) + 1
    assert summary["reports_pending"] == len(codes) - 1
    assert summary["timeliness"]["period"]["expected"] == summary["reports_expected"]
    span = "Số liệu từ tháng 01/2023 đến tháng 04/2023; hạn nộp 15/05/2023"
    md = outputs["summary_md"].read_text(encoding="utf-8")
    assert span in md
    assert f"{3 * (len(codes) - 1) + 1}/{3 * len(codes) + 1}" in md
    assert "(2023-03)" in md and "(2023-04)" not in md       # the unit that never reported: missing, not pending
    assert summary["reports_missing"] == 3
    assert "Kết quả trên được tính khi còn thiếu 3 báo cáo đã đến hạn" in md     # a verdict with reports missing
    assert span in "\n".join(p.text for p in Document(outputs["report"]).paragraphs)
    ws = openpyxl.load_workbook(outputs["workbook"], read_only=True)["Tổng quan"]
    line = next(c.value for row in ws.iter_rows(max_row=4) for c in row if str(c.value).startswith(span))
    assert line == span + " · kết quả tính khi còn thiếu 3 báo cáo đã đến hạn"


def test_cli_accepts_the_plan_reports(tmp_path):
    config = make_workspace(tmp_path)
    submit(config, config.units[0].code, "2023-01")
    result = CliRunner().invoke(main, ["run", "--config", str(config.source), "--period", "2023-12T",
                                       "--no-mail", "--json"])
    assert result.exit_code in (0, 1), result.output
    assert (config.paths.outbound / "2023-12T" / "summary.json").exists()
    result = CliRunner().invoke(main, ["status", "--config", str(config.source), "--period", "2023-12T"])
    assert result.exit_code == 0, result.output
    assert "30/10/2023" in result.output and "09/2023" in result.output


def test_every_output_shows_each_pool_of_6_2_with_its_verdict(tmp_path):
    config = make_workspace(tmp_path)
    block = [u.code for u in config.units if u.kind != "trung-tam"]
    for code in [u.code for u in config.units]:
        submit(config, code, "2023-06")           # 6.2: 2 HTXS of 10 rated in every unit
    result = run(config, periods=[config.period("2023-Q2")], now=dt.datetime(2023, 8, 1, 9).astimezone(),
                 mail=False)
    outputs = result.periods[0].outputs
    summary = json.loads(outputs["summary_json"].read_text(encoding="utf-8"))
    htxs = next(i for i in summary["indicators"] if i["id"] == "6.2")
    pools = {p["id"]: p for p in htxs["pools"]}
    assert pools["khoi-van-phong"] == {"id": "khoi-van-phong", "title": config.pools[0].title, "units": block,
                                       "numerator": 2 * len(block), "denominator": 10 * len(block), "rate": 0.2,
                                       "met": True}
    assert len(pools) == 1 + sum(u.kind == "trung-tam" for u in config.units)
    assert pools["trung-tam-TTDD"]["units"] == ["TTDD"]
    assert htxs["aggregation"] == "latest" and htxs["schedule"] == [3, 6, 9, 12]
    md = outputs["summary_md"].read_text(encoding="utf-8")
    assert f"- {config.pools[0].title}: {2 * len(block)}/{10 * len(block)} = 20,0% — Đạt" in md
    ws = openpyxl.load_workbook(outputs["workbook"], read_only=True)["Tổng quan"]
    rows = [[c.value for c in row] for row in ws.iter_rows(max_col=10)]
    pool_row = next(r for r in rows if r[1] == config.pools[0].title)
    assert (pool_row[2], pool_row[3], pool_row[4], pool_row[5], pool_row[9]) == ("≤ 20%", 0.2, 2 * len(block),
                                                                                10 * len(block), "Đạt")
    assert any(str(r[0]).startswith("6.2 ") for r in rows[rows.index(pool_row) - 1:rows.index(pool_row)])
