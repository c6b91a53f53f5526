"""Reading what units really send: renamed sheets, moved columns, blank rows, merged cells, other formats."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from conftest import Row, edit_cells, full_rows, submit, needs_soffice, soffice_convert
from pipeline.findings import flatten
from pipeline.read import RawReport, read_workbook
from pipeline.template import SHEET_INDICATORS as IND
from pipeline.validate import ACCEPTED, check_report

TODAY = dt.date(2026, 11, 27)


def figures(config, path):
    checked = check_report(read_workbook(path), config, today=TODAY, file_name=path.name)
    return checked, {f.indicator: (f.due, f.on_time, f.late) for f in checked.figures}


@pytest.fixture
def report(workspace):
    rows = full_rows(workspace)
    rows["1.1"] = Row(7, 6, 1, cause="c", action="a", owner="o", action_deadline=dt.date(2023, 7, 1))
    return submit(workspace, "KHTC", rows=rows)


def test_renamed_sheets_are_found_by_content(workspace, report):
    wb = openpyxl.load_workbook(report)
    wb[IND].title = "Bao cao thang 5"
    wb["Biện pháp"].title = "BP"
    wb.save(report)
    checked, figs = figures(workspace, report)
    assert checked.verdict == ACCEPTED and figs["1.1"] == (7, 6, 1)
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
    assert checked.findings == () and figs["1.1"] == (7, 6, 1) and figs["4.3"][0] == 4
    due_cell = {f.indicator: f.cells["due"] for f in checked.figures}
    assert due_cell["1.1"] == "I10" and due_cell["2.1"] == "I14"


def test_headers_are_matched_in_any_case_spacing_and_normal_form(workspace, report):
    import unicodedata
    wb = openpyxl.load_workbook(report)
    ws = wb[IND]
    ws["G9"] = unicodedata.normalize("NFD", "  SỐ PHẢI   THỰC HIỆN ")
    ws["H9"] = "đúng hạn"
    wb.save(report)
    checked, figs = figures(workspace, report)
    assert checked.findings == () and figs["1.1"] == (7, 6, 1)


@pytest.mark.parametrize("header", ["Mã", "Mã CT", "STT chỉ tiêu", "MÃ CHỈ TIÊU (theo kế hoạch)"])
def test_the_id_column_is_found_by_an_alias_or_an_annotated_header(workspace, report, header):
    edit_cells(report, IND, {"A9": header})
    checked, figs = figures(workspace, report)
    assert checked.findings == () and checked.indicator_sheet == IND and figs["1.1"] == (7, 6, 1)


def test_merged_cells_and_an_error_inside_a_merged_table(workspace, report):
    wb = openpyxl.load_workbook(report)
    ws = wb[IND]
    ws.merge_cells("B10:B11")
    ws["H11"] = "năm"
    wb.save(report)
    checked, _ = figures(workspace, report)
    assert flatten(checked.findings) == [("not-a-number", "H11")]


def test_formula_without_saved_value_is_flagged_not_read_as_zero(workspace, report):
    edit_cells(report, IND, {"G10": "=3+4"})        # openpyxl saves formulas without a cached result
    checked, _ = figures(workspace, report)
    assert ("formula-without-value", "G10") in flatten(checked.findings)
    assert checked.verdict == "rejected"


def test_raw_report_round_trips_through_json(workspace, report):
    raw = read_workbook(report)
    again = RawReport.from_json(raw.to_json())
    assert again == raw


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
