"""Each business rule yields its stable code at the cell a clerk must fix; valid files yield nothing."""
from __future__ import annotations

import datetime as dt
import pickle
import unicodedata

import pytest

from factories import Row, peer_corpus, edit_cells, full_rows, make_workspace, measure_cell, submit
from pipeline.findings import flatten
from pipeline.intake.read import read_workbook
from pipeline.plan.layout import SHEET_INDICATORS as IND, SHEET_MEASURES as MEAS
from pipeline.outputs.template import write_template
from pipeline.plan.periods import parse_period
from pipeline.rules.check import check_report
from pipeline.model import Severity, Verdict

TODAY = dt.date(2026, 11, 27)
# Row of each indicator in the template (1.1 on row 10, counted from the Biện pháp sheet; 1.2, the first typed, on
# row 11); columns: G due, H on time, I late, L cause.
ROW = {"1.1": 10, "1.2": 11, "2.1": 12, "4.3": 16, "6.2": 19}


def check(config, path, today=TODAY):
    return check_report(read_workbook(path), config, today=today, file_name=path.name)


def rows_with(config, **changes):
    rows = full_rows(config)
    rows.update({k.replace("_", "."): v for k, v in changes.items()})
    return rows


def test_checked_reports_share_their_strings_again_after_crossing_processes(workspace):
    """Reports checked in the reading workers arrive pickled: their ids, statuses and column maps
    must again be one object for every report, as when checked here, or a year of reports holds a
    copy of each in every report."""
    here = [check(workspace, submit(workspace, unit)) for unit in ("KHTC", "VP")]
    a, b = [pickle.loads(pickle.dumps(checked)) for checked in here]
    assert [a, b] == here
    assert a.figures[0].columns is b.figures[0].columns is here[0].figures[1].columns
    assert a.figures[0].indicator is b.figures[0].indicator
    assert a.measures[0].columns is b.measures[0].columns
    assert a.measures[0].cell("status") == here[0].measures[0].cell("status") == f"K{a.measures[0].row}"
    assert a.measures[0].measure is b.measures[0].measure


def test_a_valid_report_has_no_findings(workspace):
    checked = check(workspace, submit(workspace, "KHTC"))
    assert checked.findings == () and checked.verdict == Verdict.ACCEPTED
    assert checked.unit == "KHTC" and str(checked.period) == "2023-05"
    fig = {f.indicator: f for f in checked.figures}
    assert (fig["1.2"].due, fig["1.2"].on_time, fig["1.2"].late) == (4, 4, 0)
    assert "6.2" not in fig                 # asked at quarters' ends only
    june = check(workspace, submit(workspace, "KHTC", "2023-06"), today=dt.date(2023, 7, 5))
    assert june.findings == ()
    assert {f.indicator: f for f in june.figures}["6.2"].rate == pytest.approx(0.2)


@pytest.mark.parametrize("row,expected", [
    (Row(3, 3, 1), [("done-exceeds-due", "H11")]),
    (Row("mười", 2, 0), [("not-a-number", "G11")]),
    (Row(2.5, 1, 0), [("not-whole", "G11")]),
    (Row(-1, 0, 0), [("negative", "G11")]),
    (Row(3, -2, 0), [("negative", "H11")]),
    (Row(None, 2, 0), [("counts-without-due", "G11")]),
])
def test_count_rules_reject_at_the_cell(workspace, row, expected):
    checked = check(workspace, submit(workspace, "KHTC", rows=rows_with(workspace, **{"1_2": row})))
    assert flatten(checked.findings) == expected
    assert checked.verdict == Verdict.REJECTED


def test_below_target_without_corrective_action_is_a_warning_by_default(workspace):
    checked = check(workspace, submit(workspace, "KHTC", rows=rows_with(workspace, **{"1_2": Row(4, 2, 2)})))
    assert flatten(checked.findings, ("severity", "code", "cell")) == [(Severity.WARNING, "missing-corrective-action", "L11")]
    assert checked.verdict == Verdict.ACCEPTED_WITH_WARNINGS


def test_below_target_without_corrective_action_as_configured_error(tmp_path):
    cfg = make_workspace(tmp_path, **{'missing_action = "warning"': 'missing_action = "error"'})
    row = Row(4, 2, 2, cause="Thiếu người", action="Bổ sung nhân sự")   # owner and deadline missing
    checked = check(cfg, submit(cfg, "KHTC", rows=rows_with(cfg, **{"1_2": row})))
    assert flatten(checked.findings, ("severity", "code", "cell")) == [(Severity.ERROR, "missing-corrective-action", "N11")]
    assert "người chịu trách nhiệm, thời hạn khắc phục" in checked.findings[0].message
    assert "(50,0% so với mục tiêu" in checked.findings[0].message   # the Vietnamese decimal comma


def test_rates_in_messages_are_written_the_vietnamese_way(workspace):
    # 1 of 3 is 33,3 %: an English "33%" (or "0.333") is not what a clerk reads elsewhere
    checked = check(workspace, submit(workspace, "KHTC", rows=rows_with(workspace, **{"1_2": Row(3, 1, 1)})))
    assert "(33,3% so với mục tiêu ≥ 100%)" in checked.findings[0].message
    # 6.2 is asked at quarters' ends and judged alone for a centre (of 7 staff rated, 6.1's numerator)
    checked = check(workspace, submit(workspace, "TTDD", "2023-06",
                                      rows=rows_with(workspace, **{"6_1": Row(7, 7), "6_2": Row(7, 2)})),
                    today=dt.date(2023, 7, 5))
    assert "tỷ lệ 28,6% vượt mức tối đa" in checked.findings[0].message


def test_complete_corrective_action_satisfies_clause_10_2(workspace):
    row = Row(4, 2, 2, cause="Thiếu người", action="Bổ sung nhân sự", owner="Trưởng phòng",
              action_deadline=dt.date(2023, 6, 30))
    assert check(workspace, submit(workspace, "KHTC", rows=rows_with(workspace, **{"1_2": row}))).findings == ()


def test_htxs_share_over_20_percent_is_below_target(workspace):
    # 6.2 is "at most 20 %": 3 of 10 is a miss, 2 of 10 is not.
    # a centre is judged alone: the plan sets its limit per centre
    checked = check(workspace, submit(workspace, "TTDD", "2023-06", rows=rows_with(workspace, **{"6_2": Row(10, 3)})),
                    today=dt.date(2023, 7, 5))
    assert flatten(checked.findings) == [("over-limit", "H19"), ("missing-corrective-action", "L19")]
    # a phòng is judged with its block, never alone: 3 of 10 in KHTC is no finding of its own
    phong = check(workspace, submit(workspace, "KHTC", "2023-06", rows=rows_with(workspace, **{"6_2": Row(10, 3)})),
                  today=dt.date(2023, 7, 5))
    assert phong.findings == ()


def test_late_count_on_an_indicator_without_lateness(workspace):
    path = edit_cells(submit(workspace, "KHTC"), IND, {"I16": 2})   # 4.3 satisfaction has no "late"
    checked = check(workspace, path)
    assert flatten(checked.findings) == [("late-not-applicable", "I16")]
    assert {f.indicator: f.late for f in checked.figures}["4.3"] is None


def test_zero_due_is_nothing_due_and_empty_due_is_not_reported(workspace):
    rows = rows_with(workspace, **{"1_2": Row(0, 0, 0), "2_1": Row(None, None, None)})
    checked = check(workspace, submit(workspace, "KHTC", rows=rows))
    fig = {f.indicator: f for f in checked.figures}
    assert checked.findings == ()
    assert (fig["1.2"].due, fig["1.2"].rate) == (0, None)
    assert (fig["2.1"].due, fig["2.1"].rate) == (None, None)


def test_unit_and_period_rules(workspace, tmp_path):
    blank = write_template(workspace, tmp_path / "blank.xlsx")
    identity = lambda checked: [f for f in flatten(checked.findings) if f[0] != "empty-report"]
    assert identity(check(workspace, blank)) == [("unit-missing", "C4"), ("period-missing", "C5")]
    edit_cells(blank, IND, {"C4": "Phòng Không Tồn Tại", "C5": "tháng mười ba"})
    assert identity(check(workspace, blank)) == [("unknown-unit", "C4"), ("period-invalid", "C5")]
    edit_cells(blank, IND, {"C4": "KHTC", "C5": "05/2022"})
    assert identity(check(workspace, blank)) == [("period-outside-plan", "C5")]
    edit_cells(blank, IND, {"C5": "06/2023"})
    assert identity(check(workspace, blank, today=dt.date(2023, 5, 28))) == [("period-not-ended", "C5")]


def test_a_report_for_a_month_not_yet_ended_is_refused_by_the_day_it_arrived(workspace):
    """May's report sent on 31 May is refused (the month was not over), and stays refused on later nights; one
    sent on 1 June is taken."""
    path = submit(workspace, "KHTC")
    raw = read_workbook(path)
    on_31 = check_report(raw, workspace, today=dt.date(2023, 6, 25), file_name=path.name, received=dt.date(2023, 5, 31))
    assert [f.code for f in on_31.findings] == ["period-not-ended"] and on_31.verdict == Verdict.REJECTED
    assert "từ ngày 01/06/2023" in on_31.findings[0].message
    on_1 = check_report(raw, workspace, today=dt.date(2023, 6, 25), file_name=path.name, received=dt.date(2023, 6, 1))
    assert on_1.findings == ()


def test_unit_name_typed_in_nfd_or_other_case_is_the_same_unit(workspace, tmp_path):
    blank = write_template(workspace, tmp_path / "blank.xlsx")
    nfd = unicodedata.normalize("NFD", "PHÒNG NGƯỜI CÓ CÔNG")
    edit_cells(blank, IND, {"C4": nfd, "C5": "Tháng 5/2023"})
    checked = check(workspace, blank)
    assert (checked.unit, str(checked.period)) == ("NCC", "2023-05")
    assert [f.code for f in checked.findings] == ["empty-report"]        # the unit was read: nothing else typed


def test_a_file_whose_signs_disagree_on_its_unit_or_month_is_held_naming_both_readings(workspace):
    """Issued to KHTC for May, LDVL picked in C4, saved under NCC's April name: held, never anyone's report on
    its own; each message names both readings, and the receipt goes to every unit named."""
    path = submit(workspace, "KHTC", name="NCC_2023-04.xlsx")
    edit_cells(path, IND, {"C4": workspace.unit("LDVL").name})
    checked = check(workspace, path)
    assert flatten(checked.findings, ("code", "cell", "severity")) == [
        ("unit-conflict", "C4", Severity.HOLD), ("unit-conflict", "C4", Severity.HOLD),
        ("period-conflict", "C5", Severity.HOLD)]
    assert checked.verdict == Verdict.HELD and checked.unit == "LDVL" and set(checked.named_units) == {
        "LDVL", "KHTC", "NCC"}
    issued, named, month = (f.message for f in checked.findings)
    assert workspace.unit("LDVL").name in issued and workspace.unit("KHTC").name in issued and "mẫu được cấp" in issued
    assert workspace.unit("NCC").name in named and "NCC_2023-04.xlsx" in named
    assert "05/2023" in month and "04/2023" in month


def test_the_blank_template_with_another_units_name_on_it_is_held(workspace, tmp_path):
    """The blank template (no unit issued) saved as KHTC's file, the next drop-down entry picked by mistake."""
    path = write_template(workspace, tmp_path / "KHTC_2023-05.xlsx")
    edit_cells(path, IND, {"C4": workspace.unit("NCC").name, "C5": "05/2023", "G11": 3, "H11": 3})
    checked = check(workspace, path)
    assert [f.code for f in checked.findings] == ["unit-conflict"] and checked.verdict == Verdict.HELD


def test_missing_and_unknown_indicator_rows(workspace):
    path = edit_cells(submit(workspace, "KHTC"), IND, {"A11": None, "A24": "99.9"})
    assert flatten(check(workspace, path).findings) == [("unknown-indicator", "A24"),
                                                        ("missing-indicator", None)]


def test_measure_rules(workspace):
    path = submit(workspace, "VP")
    cell = lambda mid, key: measure_cell(path, mid, key)
    edit_cells(path, MEAS, {
        cell("I.1", "status"): "xong rồi",                                  # not in the list
        cell("I.1a", "evidence"): None,                                      # done, no evidence
        cell("I.1b", "completed_on"): dt.datetime(2023, 3, 1),              # "on time", deadline 10/02/2023
        cell("I.2", "completed_on"): None,                                   # done, no date
        cell("I.5", "status"): "hoan thanh dung han",                       # typed without diacritics: fine
        cell("I.5", "completed_on"): "15/5/2023", cell("I.5", "evidence"): "QĐ 5/QĐ",
        cell("I.6", "completed_on"): dt.datetime(2030, 1, 1),               # after the day of the run
        cell("II.1", "completed_on"): "31/02/2023",                         # impossible date
    })
    checked = check(workspace, path)
    assert flatten(checked.findings) == [
        ("status-invalid", cell("I.1", "status")),
        ("done-without-evidence", cell("I.1a", "evidence")),
        ("on-time-after-deadline", cell("I.1b", "completed_on")),
        ("done-without-date", cell("I.2", "completed_on")),
        ("date-in-future", cell("I.6", "completed_on")),
        ("date-invalid", cell("II.1", "completed_on")),
    ]
    by_id = {m.measure: m for m in checked.measures}
    assert by_id["I.5"].status == "done-on-time" and by_id["I.5"].completed_on == dt.date(2023, 5, 15)
    assert by_id["I.1"].status is None
    assert sum(f.severity == Severity.WARNING for f in checked.findings) == 1


def test_tolerant_values_are_accepted_with_their_meaning(workspace):
    path = edit_cells(submit(workspace, "KHTC"), IND, {"G11": " 12 ", "H11": "12,0", "I11": None,
                                                       "G12": "1.234", "H12": "1 234 hồ sơ", "I12": "0"})
    checked = check(workspace, path)
    assert checked.findings == ()
    fig = {f.indicator: f for f in checked.figures}
    assert (fig["1.2"].due, fig["1.2"].on_time, fig["1.2"].late) == (12, 12, 0)
    assert (fig["2.1"].due, fig["2.1"].on_time) == (1234, 1234)


def test_not_our_template_and_unreadable_files(workspace, tmp_path):
    import openpyxl
    other = tmp_path / "KHTC_2023-05.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Bảng lương"
    wb.save(other)
    checked = check(workspace, other)
    assert [f.code for f in checked.findings] == ["not-our-template"]
    assert (checked.unit, str(checked.period)) == ("KHTC", "2023-05")      # placed by its name
    fake = tmp_path / "bao-cao.xlsx"
    fake.write_text("<html><body>Báo cáo</body></html>", encoding="utf-8")
    assert [f.code for f in check(workspace, fake).findings] == ["unreadable-file"]
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    assert [f.code for f in check(workspace, empty).findings] == ["unreadable-file"]


@pytest.mark.parametrize("name", ["pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods"])
def test_password_protected_workbook_asks_to_remove_the_password(workspace, name):
    checked = check(workspace, peer_corpus() / name)
    assert [f.code for f in checked.findings] == ["password-protected"]
    assert "mật khẩu" in checked.findings[0].message


def test_text_longer_than_an_excel_cell_is_flagged_not_lost(workspace):
    import zipfile
    rows = rows_with(workspace, **{"1_2": Row(4, 2, 2, evidence="x", cause="MARKER", action="a", owner="o",
                                              action_deadline=dt.date(2023, 7, 1))})
    path = submit(workspace, "KHTC", rows=rows)
    # Excel and openpyxl stop at 32,767 characters; other tools do not: write the XML as they would.
    long = "nguyên nhân " * 3000
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts = {name: data.replace(b"MARKER", long.encode()) for name, data in parts.items()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    checked = check(workspace, path)
    assert flatten(checked.findings) == [("text-too-long", "L11")]
    assert {f.indicator: f.cause for f in checked.figures}["1.2"] == long.strip()


def test_history_warnings_for_jumps_and_regressions(workspace):
    from pipeline.rules.history import check_history
    months = []
    for month, due in (("2023-02", 4), ("2023-03", 5), ("2023-04", 40)):
        path = submit(workspace, "VP", period=month, rows=rows_with(workspace, **{"1_2": Row(due, due, 0)}),
                      name=f"VP_{month}.xlsx")
        months.append(check(workspace, path))
    assert check_history(months[1], months[:1]) == []                   # one earlier period: no basis
    jump = check_history(months[2], months[:2])
    assert flatten(jump) == [("due-jump", "G11")] and "4, 5" in jump[0].message
    may = submit(workspace, "VP", period="2023-05", name="VP_2023-05.xlsx")
    edit_cells(may, MEAS, {measure_cell(may, "I.1", "status"): "Chưa thực hiện"})
    regressed = check_history(check(workspace, may), months)
    assert [(f.code, f.value) for f in regressed] == [("measure-regressed", "Chưa thực hiện")]
    assert "02/2023" in regressed[0].message


def test_template_version_plan_and_unknown_measure_rules(workspace):
    path = submit(workspace, "KHTC")
    edit_cells(path, "_mtcl", {"B2": "0", "B3": "QD999-2022"})                 # version, plan id
    edit_cells(path, MEAS, {"A30": "XI.9"})                                   # a measure row the plan lacks
    checked = check(workspace, path)
    assert flatten(checked.findings, ("code", "severity")) == [
        ("template-version", Severity.WARNING), ("plan-mismatch", Severity.ERROR), ("unknown-measure", Severity.WARNING),
        ("missing-measure", Severity.WARNING)]             # the row replaced was one of KHTC's measures
    assert "QD999-2022" in checked.findings[1].message


def test_blank_rows_are_one_object_for_every_report_and_filled_rows_stay_their_own(workspace):
    """Most measure rows of a report are left blank (a unit reports on what it leads or coordinates):
    a row with nothing filled in is shared by every report of the same layout, checked here or in a
    reading worker; rows with anything in them are not."""
    first = check(workspace, submit(workspace, "KHTC"))
    path = submit(workspace, "NCC")
    edit_cells(path, first.measure_sheet, {f"{column}{m.row}": None for m in first.measures[:2] for column in "KLMN"})
    blanked = check(workspace, path)
    again = pickle.loads(pickle.dumps(blanked))
    blank = [m for m in blanked.measures if m.status is None and m.evidence is None and m.completed_on is None]
    assert [m.measure for m in blank] == [m.measure for m in first.measures[:2]]
    twin = check(workspace, path)
    assert all(a is b is c for a, b, c in zip(blank, twin.measures, again.measures))
    filled = [m for m in twin.measures if m.status is not None]
    assert filled and not any(a is b for a, b in zip(filled, [m for m in blanked.measures if m.status is not None]))
    assert twin == blanked == again


# --- what a unit sends, taken no further than it deserves (issue: trust what a unit sends)

def test_the_template_sent_back_unchanged_is_not_a_report(workspace, tmp_path):
    path = write_template(workspace, tmp_path / "KHTC_2023-05.xlsx", "KHTC", parse_period("2023-05"))
    checked = check(workspace, path)
    assert [f.code for f in checked.findings] == ["empty-report"] and checked.verdict == Verdict.REJECTED
    assert "chưa được điền" in checked.findings[0].message


def test_a_measure_row_whose_status_contradicts_its_date_or_is_missing(workspace):
    path = submit(workspace, "VP")
    cell = lambda mid, key: measure_cell(path, mid, key)
    edit_cells(path, MEAS, {
        cell("I.1", "status"): None,                                             # a date and evidence, no status
        cell("I.2", "status"): "Chưa thực hiện",                                  # not started, yet dated
        cell("I.1b", "status"): "Hoàn thành trễ hạn",                             # late, dated before 10/02
        cell("I.1b", "completed_on"): dt.datetime(2023, 2, 8),
    })
    checked = check(workspace, path)
    assert flatten(checked.findings) == [("status-missing", cell("I.1", "status")),
                                         ("late-before-deadline", cell("I.1b", "completed_on")),
                                         ("not-started-with-date", cell("I.2", "completed_on"))]
    assert all(f.severity == Severity.ERROR for f in checked.findings)


def test_a_repeated_indicator_row_and_a_deleted_measure_row_are_findings(workspace):
    path = submit(workspace, "KHTC")
    first = check(workspace, path)
    kept = first.measures[0]
    edit_cells(path, IND, {"A24": "1.2", "G24": 9, "H24": 9})                   # 1.2 again, other figures
    edit_cells(path, MEAS, {f"A{kept.row}": None})                              # a measure row emptied
    checked = check(workspace, path)
    codes = [(f.code, f.severity) for f in checked.findings]
    assert ("duplicate-row", Severity.ERROR) in codes and ("missing-measure", Severity.WARNING) in codes
    repeated = next(f for f in checked.findings if f.code == "duplicate-row")
    assert "11, 24" in repeated.message and "dòng 11" in repeated.message
    missing = next(f for f in checked.findings if f.code == "missing-measure")
    assert kept.measure in missing.message


def test_a_copied_sheet_with_another_month_is_not_read_silently(workspace):
    """May typed into a copy «Chỉ tiêu (2)» beside April's sheet: the file says there are two tables and which
    was read, and goes back to the unit."""
    import openpyxl
    path = submit(workspace, "KHTC")
    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb[IND])
    copy.title = "Chỉ tiêu (2)"
    wb.save(path)
    checked = check(workspace, path)
    [found] = [f for f in checked.findings if f.code == "several-tables"]
    assert "«Chỉ tiêu»" in found.message and "«Chỉ tiêu (2)»" in found.message and checked.verdict == Verdict.REJECTED


def test_a_corrective_action_deadline_typed_day_month_is_read_in_the_reports_year(workspace):
    rows = rows_with(workspace, **{"1_2": Row(4, 2, 2, evidence="x", cause="c", action="a", owner="o")})
    path = edit_cells(submit(workspace, "KHTC", rows=rows), IND, {"O11": "30/6"})
    checked = check(workspace, path)
    assert checked.findings == () and checked.figures[1].action_deadline == dt.date(2023, 6, 30)
    edit_cells(path, IND, {"O11": "cuối tháng"})
    assert flatten(check(workspace, path).findings) == [("date-invalid", "O11")]     # one finding, not two


@pytest.mark.parametrize("typed", ["Không phát sinh", "-", "x", "KPS"])
def test_the_notations_for_nothing_due_are_zero_and_accepted(workspace, typed):
    path = edit_cells(submit(workspace, "KHTC"), IND, {"G11": typed, "H11": typed, "I11": None})
    checked = check(workspace, path)
    assert checked.findings == () and (checked.figures[1].due, checked.figures[1].on_time) == (0, 0)


def test_a_rate_typed_where_a_count_belongs_says_so_the_vietnamese_way(workspace):
    path = edit_cells(submit(workspace, "KHTC"), IND, {"H11": 0.95, "G12": 1234.5})
    checked = check(workspace, path)
    rate, fraction = checked.findings
    assert (rate.code, rate.cell) == ("rate-typed", "H11") and "95%" in rate.message and "tự tính" in rate.message
    assert (fraction.code, fraction.value) == ("not-whole", "1.234,5") and "0.95" not in rate.message
    assert all(f.message.endswith("ghi 0 nếu trong kỳ không phát sinh.") for f in checked.findings)


def test_a_number_pasted_into_a_date_cell_and_a_date_before_the_plans_year(workspace):
    path = submit(workspace, "VP")
    cell = lambda mid, key: measure_cell(path, mid, key)
    edit_cells(path, MEAS, {cell("I.1", "completed_on"): 15, cell("I.1a", "completed_on"): dt.datetime(2022, 12, 28)})
    found = flatten(check(workspace, path).findings, ("code", "cell", "severity"))
    assert ("date-invalid", cell("I.1", "completed_on"), Severity.ERROR) in found
    assert ("date-before-plan", cell("I.1a", "completed_on"), Severity.WARNING) in found


def test_a_report_of_another_year_gets_one_clear_finding_not_deadline_errors(workspace):
    # the file name carries no month, so nothing contradicts the month typed and issued
    path = edit_cells(submit(workspace, "VP", name="VP.xlsx"), IND, {"C5": "05/2022"})
    edit_cells(path, "_mtcl", {"B5": "2022-05"})
    assert [f.code for f in check(workspace, path).findings] == ["period-outside-plan"]


def test_the_not_a_spreadsheet_message_reads_in_one_sentence(workspace, tmp_path):
    fake = tmp_path / "bao-cao.xlsx"
    fake.write_text("<html><body>Báo cáo</body></html>", encoding="utf-8")
    [finding] = check(workspace, fake).findings
    assert "((" not in finding.message and "))" not in finding.message and finding.message.count("(") <= 1


def test_a_deadline_before_the_plans_issue_date_is_held_to_that_date_not_an_error_for_the_unit(workspace):
    """I.1 is due «Tháng 01/2023» but its evidence is the decision of 07/02/2023 itself."""
    path = submit(workspace, "VP", period="2023-02")
    edit_cells(path, MEAS, {measure_cell(path, "I.1", "status"): "Hoàn thành đúng hạn",
                            measure_cell(path, "I.1", "completed_on"): dt.datetime(2023, 2, 7),
                            measure_cell(path, "I.1", "evidence"): "QĐ 147/QĐ-SLĐTBXH"})
    codes = [f.code for f in check(workspace, path).findings]
    assert "on-time-after-deadline" not in codes and "late-before-deadline" not in codes
    edit_cells(path, MEAS, {measure_cell(path, "I.1", "completed_on"): dt.datetime(2023, 2, 8)})
    assert "on-time-after-deadline" in [f.code for f in check(workspace, path).findings]


def test_htxs_denominator_must_be_the_staff_rated_of_6_1_flagged_at_both_cells(workspace):
    # 6.1 rated 10 staff (H18, its numerator); 6.2 says 12 were rated (G19, its denominator)
    checked = check(workspace, submit(workspace, "KHTC", "2023-06", rows=rows_with(workspace, **{"6_2": Row(12, 2)})),
                    today=dt.date(2023, 7, 5))
    assert flatten(checked.findings) == [("figures-disagree", "G19"), ("figures-disagree", "H18")]
    assert checked.verdict == Verdict.REJECTED
    assert "6.1" in checked.findings[0].message and "H18" in checked.findings[0].message


def test_1_1_is_counted_from_the_measures_sheet(workspace):
    # VP leads I.6 (due 15/05), II.1, II.2, II.3 in May; the clerk sets II.2 back to in progress. The copy is
    # saved by a tool that does not calculate (openpyxl): 1.1's formulas keep no result, and that is no error.
    path = submit(workspace, "VP", rows=rows_with(workspace, **{"1_1": Row(
        None, None, cause="c", action="a", owner="o", action_deadline=dt.date(2023, 7, 1),
        action_done=dt.date(2023, 5, 10))}))
    edit_cells(path, MEAS, {measure_cell(path, "II.2", "status"): "Đang thực hiện",
                            measure_cell(path, "II.2", "completed_on"): None,
                            measure_cell(path, "II.2", "evidence"): None})
    checked = check(workspace, path, today=dt.date(2023, 6, 10))
    fig = {f.indicator: f for f in checked.figures}["1.1"]
    assert (fig.due, fig.on_time, fig.late) == (4, 3, 0)
    assert (fig.cause, fig.action_done) == ("c", dt.date(2023, 5, 10))      # what the unit typed about it is kept
    assert checked.findings == () and checked.verdict == Verdict.ACCEPTED


def test_a_number_typed_over_1_1s_count_is_said_to_be_unused(workspace):
    # an older copy where 1.1 was typed: the count from the measures wins, and the clerk is told so at the cell
    path = edit_cells(submit(workspace, "VP"), IND, {"G10": 7, "H10": 4, "I10": 0})
    checked = check(workspace, path, today=dt.date(2023, 6, 10))
    assert flatten(checked.findings) == [("computed-typed", "G10")]
    assert checked.verdict == Verdict.ACCEPTED_WITH_WARNINGS
    assert "Số 7 ở ô này không được dùng" in checked.findings[0].message
    assert "(4 biện pháp đơn vị chủ trì đến hạn trong tháng; 4 hoàn thành đúng hạn, 0 trễ hạn)" in \
        checked.findings[0].message
    assert {f.indicator: f for f in checked.figures}["1.1"].due == 4


def test_1_1_computed_counts_the_due_dates_config_sets(tmp_path):
    # III.2 «Định kỳ» has no date of its own (due = []); the secretary sets 20/05: VP's May counts it too
    for folder, due, expected in (("plain", "due = []", 4), ("set", "due = [2023-05-20]", 5)):
        cfg = make_workspace(tmp_path / folder, **{"due = []                    #": due + "  #"})
        checked = check(cfg, submit(cfg, "VP"), today=dt.date(2023, 6, 10))
        assert {f.indicator: f for f in checked.figures}["1.1"].due == expected, due
        assert checked.findings == ()        # the copy issued with that deadline counts it too


def test_below_a_target_the_plan_does_not_set_asks_for_no_corrective_action(workspace):
    checked = check(workspace, submit(workspace, "KHTC", rows=rows_with(workspace, **{"4_3": Row(10, 7)})))
    assert checked.findings == ()
