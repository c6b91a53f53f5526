"""Reading what units really send: renamed sheets, moved columns, blank rows, merged cells, other formats."""
from __future__ import annotations

import datetime as dt
import functools

import openpyxl
import pytest

from factories import Row, edit_cells, full_rows, submit, needs_soffice, soffice_convert
from pipeline import run as run_module
from pipeline.intake.collect import collect_files
from pipeline.findings import flatten
from pipeline.store.ledger import Ledger
from pipeline.model import RawReport
from pipeline.intake.read import read_workbook
from pipeline.intake.workers import read_many
from pipeline.plan.layout import SHEET_INDICATORS as IND
from pipeline.rules.check import check_copies, check_report
from pipeline.model import Verdict

TODAY = dt.date(2026, 11, 27)


def figures(config, path):
    checked = check_report(read_workbook(path), config, today=TODAY, file_name=path.name)
    return checked, {f.indicator: (f.due, f.on_time, f.late) for f in checked.figures}


@pytest.fixture
def report(workspace):
    rows = full_rows(workspace)
    rows["1.2"] = Row(7, 6, 1, cause="c", action="a", owner="o", action_deadline=dt.date(2023, 7, 1))
    return submit(workspace, "KHTC", rows=rows)


def test_renamed_sheets_are_found_by_content(workspace, report):
    wb = openpyxl.load_workbook(report)
    wb[IND].title = "Bao cao thang 5"
    wb["Biện pháp"].title = "BP"
    wb.save(report)
    checked, figs = figures(workspace, report)
    assert checked.verdict == Verdict.ACCEPTED and figs["1.2"] == (7, 6, 1)
    assert checked.indicator_sheet == "Bao cao thang 5" and checked.measure_sheet == "BP"


def test_inserted_columns_rows_and_reordered_columns(workspace, report):
    wb = openpyxl.load_workbook(report)
    ws = wb[IND]
    ws.insert_cols(2)                      # an extra column before everything
    ws.cell(9, 2, "Ghi chú riêng của đơn vị")
    ws.insert_rows(12, 2)                  # blank rows in the middle of the table
    # swap "done on time" and "due" with their headers (columns H and I after the insert)
    for r in range(9, ws.max_row + 1):
        ws.cell(r, 8).value, ws.cell(r, 9).value = ws.cell(r, 9).value, ws.cell(r, 8).value
    ws.cell(9, 30, "CỘT THÊM")             # an extra column at the far right
    wb.save(report)
    checked, figs = figures(workspace, report)
    assert checked.findings == () and figs["1.2"] == (7, 6, 1) and figs["4.3"][0] == 4
    due_cell = {f.indicator: f.cell("due") for f in checked.figures}
    assert due_cell["1.2"] == "I11" and due_cell["2.1"] == "I14"


def test_headers_are_matched_in_any_case_spacing_and_normal_form(workspace, report):
    import unicodedata
    wb = openpyxl.load_workbook(report)
    ws = wb[IND]
    ws["G9"] = unicodedata.normalize("NFD", "  SỐ PHẢI   THỰC HIỆN ")
    ws["H9"] = "đúng hạn"
    wb.save(report)
    checked, figs = figures(workspace, report)
    assert checked.findings == () and figs["1.2"] == (7, 6, 1)


@pytest.mark.parametrize("header", ["Mã", "Mã CT", "STT chỉ tiêu", "MÃ CHỈ TIÊU (theo kế hoạch)"])
def test_the_id_column_is_found_by_an_alias_or_an_annotated_header(workspace, report, header):
    edit_cells(report, IND, {"A9": header})
    checked, figs = figures(workspace, report)
    assert checked.findings == () and checked.indicator_sheet == IND and figs["1.2"] == (7, 6, 1)


def test_merged_cells_and_an_error_inside_a_merged_table(workspace, report):
    wb = openpyxl.load_workbook(report)
    ws = wb[IND]
    ws.merge_cells("B11:B12")
    ws["H12"] = "năm"
    wb.save(report)
    checked, _ = figures(workspace, report)
    assert flatten(checked.findings) == [("not-a-number", "H12")]


def test_formula_without_saved_value_is_flagged_not_read_as_zero(workspace, report):
    edit_cells(report, IND, {"G11": "=3+4"})        # openpyxl saves formulas without a cached result
    checked, _ = figures(workspace, report)
    assert ("formula-without-value", "G11") in flatten(checked.findings)
    assert checked.verdict == "rejected"


def test_raw_report_round_trips_through_json(workspace, report):
    raw = read_workbook(report)
    again = RawReport.from_json(raw.to_json())
    assert again == raw


def test_reports_checked_in_the_workers_are_those_checked_here(workspace, tmp_path):
    """The workers send each report's JSON (for the ledger's cache) and its checked figures, under
    every name its bytes arrived with; both are what reading and checking in this process gives."""
    rows = full_rows(workspace)
    rows["1.2"] = Row(3, 5, 1)
    files = {"valid": submit(workspace, "KHTC"), "errors": submit(workspace, "VP", rows=rows),
             "formula": edit_cells(submit(workspace, "TTRA"), IND, {"G11": "=3+4"}),
             "other": tmp_path / "other.xlsx"}
    openpyxl.Workbook().save(files["other"])
    names = {key: (path.name,) for key, path in files.items()} | {"valid": ("KHTC_2023-05.xlsx", "VP_2023-04.xlsx")}
    then = functools.partial(check_copies, config=workspace, today=TODAY, names=names)
    got = {key: (checked, text) for key, checked, text in read_many(files, workers=2, then=then)}
    assert set(got) == set(files)
    for key, path in files.items():
        raw = read_workbook(path)
        assert got[key][1] == raw.to_json()
        assert got[key][0] == tuple(check_report(raw, workspace, today=TODAY, file_name=n) for n in names[key])
    codes = {key: [f.code for c in checked for f in c.findings] for key, (checked, _) in got.items()}
    assert codes["valid"] == ["unit-conflict", "period-conflict"] and "done-exceeds-due" in codes["errors"]
    assert "formula-without-value" in codes["formula"] and codes["other"] == ["not-our-template"]


def test_a_report_cached_in_the_ledger_is_not_read_again(workspace, monkeypatch):
    rows = full_rows(workspace)
    rows["1.2"] = Row(3, 5, 1)
    submit(workspace, "KHTC")
    submit(workspace, "VP", rows=rows)
    read = []
    real = run_module.read_many
    monkeypatch.setattr(run_module, "read_many", lambda files, **kw: read.append(sorted(files)) or real(files, **kw))
    now = dt.datetime(2023, 6, 25, 22, 30).astimezone()
    with Ledger(workspace.paths.ledger) as ledger:
        new = collect_files(workspace, ledger, now).new
        first = run_module.check_submissions(workspace, ledger, now.date())
        again = run_module.check_submissions(workspace, ledger, now.date())
    assert read == [sorted(s.sha256 for s in new), []]
    assert again == first and sorted(c.verdict for _, c in first) == ["accepted", "rejected"]


@needs_soffice
@pytest.mark.parametrize("fmt", ["xls", "ods", "xlsm"])
def test_other_formats_read_the_same(workspace, report, tmp_path, fmt):
    """Units save as legacy .xls or LibreOffice .ods (and macro-enabled .xlsm): same figures."""
    target = {"xls": "xls:MS Excel 97", "ods": "ods", "xlsm": "xlsm:Calc MS Excel 2007 VBA XML"}[fmt]
    converted = soffice_convert(report, target, tmp_path / "conv", timeout=180)
    checked, figs = figures(workspace, converted)
    _, original = figures(workspace, report)
    assert checked.unit == "KHTC" and str(checked.period) == "2023-05"
    assert figs == original
    assert [f.code for f in checked.findings] == []
