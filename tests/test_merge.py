"""Outcomes: duplicates count once, errors reject, the latest accepted report per unit and period wins."""
from __future__ import annotations

import datetime as dt

from pipeline.findings import make_finding
from pipeline.model import Submission
from pipeline.consolidate.merge import decide_outcomes, merge_figures
from pipeline.plan.periods import parse_period
from pipeline.model import Checked, Figure
from pipeline.model import Status

MAY = parse_period("2023-05")


def sub(path, sha, day, hour=9):
    return Submission(path=path, sha256=sha, size=1, received_at=dt.datetime(2023, 6, day, hour).astimezone(),
                      archived=f"{sha}.xlsx")


def ok(unit="KHTC", period=MAY, due=4, on_time=4):
    return Checked(unit=unit, period=period, figures=(Figure("1.1", due, on_time, 0, row=10, columns={"due": "G"}),),
                   indicator_sheet="Chỉ tiêu")


def bad(unit="KHTC"):
    return Checked(unit=unit, period=MAY, findings=(make_finding("negative", cell="G10", value=-1),))


def statuses(outcomes):
    return {(o.submission.path, o.status, o.on_time) for o in outcomes}


def test_latest_accepted_wins_and_earlier_is_superseded():
    out = decide_outcomes([(sub("b.xlsx", "2", 18), ok(on_time=3)), (sub("a.xlsx", "1", 10), ok())], due_day=20)
    assert statuses(out) == {("a.xlsx", Status.SUPERSEDED, True), ("b.xlsx", Status.ACCEPTED, True)}


def test_a_rejected_correction_does_not_replace_an_accepted_report():
    out = decide_outcomes([(sub("a.xlsx", "1", 10), ok()), (sub("b.xlsx", "2", 12), bad())], due_day=20)
    assert statuses(out) == {("a.xlsx", Status.ACCEPTED, True), ("b.xlsx", Status.REJECTED, True)}


def test_same_bytes_under_two_names_count_once():
    out = decide_outcomes([(sub("a.xlsx", "1", 10), ok()), (sub("copy/a (1).xlsx", "1", 11), ok())], due_day=20)
    assert statuses(out) == {("a.xlsx", Status.ACCEPTED, True), ("copy/a (1).xlsx", Status.DUPLICATE, True)}


def test_lateness_is_measured_from_arrival_against_the_due_date():
    out = decide_outcomes([(sub("a.xlsx", "1", 20, 23), ok()), (sub("b.xlsx", "2", 21, 0), ok(unit="NCC"))],
                          due_day=20)
    assert statuses(out) == {("a.xlsx", Status.ACCEPTED, True), ("b.xlsx", Status.ACCEPTED, False)}


def test_unplaced_file_is_rejected(config):
    out = decide_outcomes([(sub("x.pdf", "9", 10), Checked(unit=None, period=None,
                                                            findings=(make_finding("unreadable-file", reason="x"),)))],
                          due_day=20)
    assert [(o.status, o.on_time) for o in out] == [(Status.REJECTED, None)]


def test_long_table_holds_only_accepted_reports_of_the_period(config):
    april = parse_period("2023-04")
    out = decide_outcomes([(sub("a.xlsx", "1", 10), ok()), (sub("b.xlsx", "2", 12), ok(on_time=2)),
                           (sub("c.xlsx", "3", 12), ok(unit="NCC", period=april)), (sub("d.xlsx", "4", 1), bad("VP"))],
                          due_day=20)
    frame = merge_figures(out, config, MAY)
    assert frame[["unit", "indicator", "due", "on_time", "source_file", "cell"]].values.tolist() == [
        ["KHTC", "1.1", 4, 2, "b.xlsx", "G10"]]
    assert merge_figures(out, config, parse_period("2023-Q2"))[["period", "unit"]].values.tolist() == [
        ["2023-04", "NCC"], ["2023-05", "KHTC"]]


def test_long_table_rows_follow_the_period_then_the_plans_order_of_units_and_indicators(config):
    """However the files arrived and whatever order a report's rows were in."""
    units = [u.code for u in config.units][:3]
    indicators = [i.id for i in config.indicators][:3]
    april = parse_period("2023-04")
    reports = [Checked(unit=unit, period=period, indicator_sheet="Chỉ tiêu",
                       figures=tuple(Figure(i, 2, 1, 1) for i in reversed(indicators)))
               for period in (MAY, april) for unit in reversed(units)]
    out = decide_outcomes([(sub(f"{n}.xlsx", str(n), 10), c) for n, c in enumerate(reports)], due_day=20)
    frame = merge_figures(out, config, parse_period("2023-Q2"))
    assert frame[["period", "unit", "indicator"]].values.tolist() == [
        [period.key, unit, i] for period in (april, MAY) for unit in units for i in indicators]
    assert list(frame.index) == list(range(len(frame)))
