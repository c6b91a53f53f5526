"""The template: generated from the config, committed up to date, protected, validated, self-identifying."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from factories import ROOT, needs_soffice, soffice_convert
from pipeline.plan.periods import parse_period
from pipeline.intake.read import read_workbook
from pipeline.rules.check import check_report
from pipeline.plan.layout import (INDICATOR_COLUMNS, MEASURE_COLUMNS, SHEET_INDICATORS, SHEET_MEASURES, SHEET_META,
                                   STATUSES, TEMPLATE_VERSION)
from pipeline.outputs.template import write_template

COMMITTED = ROOT / "templates" / "plan_template.xlsx"


def snapshot(path):
    """Everything a user sees or the reader relies on, independent of the writer's byte layout."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            "state": ws.sheet_state,
            "protected": ws.protection.sheet,
            "values": [[c.value for c in row] for row in ws.iter_rows()],
            "validations": sorted((str(dv.sqref), dv.type, dv.formula1, dv.operator)
                                  for dv in ws.data_validations.dataValidation),
            "unlocked": sorted(c.coordinate for row in ws.iter_rows() for c in row
                               if c.protection is not None and c.protection.locked is False),
        }
    return out


def test_committed_template_is_up_to_date(config, tmp_path):
    fresh = write_template(config, tmp_path / "fresh.xlsx")
    assert snapshot(COMMITTED) == snapshot(fresh), "run `mtcl template` and commit templates/plan_template.xlsx"


def test_sheets_metadata_and_every_indicator(config, tmp_path):
    path = write_template(config, tmp_path / "t.xlsx", "KHTC", parse_period("2023-05"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["Hướng dẫn", SHEET_INDICATORS, SHEET_MEASURES]
    meta = wb[SHEET_META]
    assert meta.sheet_state == "hidden"
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(2, 6)}
    assert values == {"template_version": TEMPLATE_VERSION, "plan_id": config.plan.id, "unit": "KHTC",
                      "period": "2023-05"}
    ws = wb[SHEET_INDICATORS]
    ids = [ws.cell(r, 1).value for r in range(10, 10 + len(config.indicators))]
    assert ids == [i.id for i in config.indicators]
    assert ws["C4"].value == config.unit("KHTC").name and ws["C5"].value == "05/2023"


def test_unit_copy_lists_only_the_units_measures(config, tmp_path):
    blank = openpyxl.load_workbook(write_template(config, tmp_path / "b.xlsx"))[SHEET_MEASURES]
    mine = openpyxl.load_workbook(write_template(config, tmp_path / "m.xlsx", "TTDD",
                                                 parse_period("2023-05")))[SHEET_MEASURES]
    ids = lambda ws: [ws.cell(r, 1).value for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value]
    assert ids(blank) == [m.id for m in config.measures]
    assert ids(mine) == [m.id for m in config.measures_for("TTDD")]
    assert len(ids(mine)) < len(ids(blank))


def test_inputs_unlocked_everything_else_protected_and_validated(config, tmp_path):
    wb = openpyxl.load_workbook(write_template(config, tmp_path / "t.xlsx"))
    ws = wb[SHEET_INDICATORS]
    assert ws.protection.sheet and wb[SHEET_MEASURES].protection.sheet
    due_col = [c.key for c in INDICATOR_COLUMNS].index("due") + 1
    assert ws.cell(11, due_col).protection.locked is False      # an input (1.2)
    assert ws.cell(10, due_col).protection.locked is True       # 1.1 is counted, not typed
    assert ws.cell(11, 1).protection.locked is True             # the indicator id
    assert ws.cell(11, 3).protection.locked is True             # its name
    def rule(sheet, ref):
        return next(dv for dv in sheet.data_validations.dataValidation if ref in dv.sqref)
    due_ref = ws.cell(11, due_col).coordinate
    assert rule(ws, due_ref).type == "whole" and rule(ws, due_ref).operator == "greaterThanOrEqual"
    assert rule(ws, "C4").type == "list" and "_mtcl" in rule(ws, "C4").formula1
    # every unlocked input cell has a validation rule
    unlocked = [c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False]
    assert unlocked and all(any(ref in dv.sqref for dv in ws.data_validations.dataValidation) for ref in unlocked)
    ms = wb[SHEET_MEASURES]
    status_col = [c.key for c in MEASURE_COLUMNS].index("status") + 1
    status_rule = rule(ms, ms.cell(5, status_col).coordinate)
    meta = wb[SHEET_META]
    listed = [meta.cell(r, 6).value for r in range(1, 5)]
    assert status_rule.type == "list" and listed == list(STATUSES.values())
    assert len(ws.data_validations.dataValidation) < 20          # one rule per input column, not per cell


def test_template_reads_back_as_our_template(config, tmp_path):
    report = read_workbook(write_template(config, tmp_path / "t.xlsx", "NCC", parse_period("2023-03")))
    # 1.1's counts are formulas left blank until a status is picked (xlsxwriter saves no result for ""): the
    # reader says so, and the check, which counts 1.1 from the Biện pháp sheet itself, does not pass it on.
    assert {(f.code, f.cell) for f in report.findings} == {("formula-without-value", c) for c in ("G10", "H10", "I10")}
    checked = check_report(report, config, today=dt.date(2023, 4, 5), file_name="t.xlsx")
    assert [f.code for f in checked.findings] == ["empty-report"]     # untouched: nothing typed, nothing picked
    assert report.meta["unit"] == "NCC" and report.header["period"] == "03/2023"
    assert [r.key for r in report.indicators] == [i.id for i in config.indicators]


@pytest.mark.parametrize("unit,period", [("KHTC", "2023-13"), ("ZZZ", "2023-05"), ("KHTC", None)])
def test_cli_template_rejects_bad_arguments(unit, period, tmp_path):
    from click.testing import CliRunner
    from pipeline.cli import main
    args = ["template", "--config", str(ROOT / "config.toml"), "--out", str(tmp_path / "x.xlsx"), "--unit", unit]
    if period:
        args += ["--period", period]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("action, required", [("warning", False), ("error", True)])
def test_guide_says_required_only_when_a_missing_cause_rejects_the_file(tmp_path, action, required):
    """The guide's words and the severity agree: config decides whether a cause and action are «bắt buộc»."""
    from factories import make_workspace
    cfg = make_workspace(tmp_path, **{'missing_action = "warning"': f'missing_action = "{action}"'})
    wb = openpyxl.load_workbook(write_template(cfg, tmp_path / "t.xlsx"))
    guide = " ".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)
    assert ("bắt buộc ghi nguyên nhân" in guide) is required
    assert ("tệp bị trả lại" in guide) is required
    assert ("vẫn được nhận nhưng bị cảnh báo" in guide) is not required


def test_a_prefilled_copy_shows_what_the_unit_is_to_each_measure(config, tmp_path):
    """Finding 9: a clerk sees which measures the unit leads and which it coordinates, who else takes part, who
    monitors, and the deadline the report is held to; the blank template says none of that for a unit."""
    from pipeline.plan.deadlines import measure_deadline
    may = parse_period("2023-05")
    ws = openpyxl.load_workbook(write_template(config, tmp_path / "k.xlsx", unit="KHTC", period=may))[SHEET_MEASURES]
    col = {c.key: i + 1 for i, c in enumerate(MEASURE_COLUMNS)}
    shown = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value}
    assert set(shown) == {m.id for m in config.measures_for("KHTC")}
    roles = set()
    for measure in config.measures_for("KHTC"):
        r = shown[measure.id]
        role = ws.cell(r, col["role"]).value
        roles.add(role)
        assert role == ("Chủ trì" if "KHTC" in measure.lead else "Phối hợp")
        assert ws.cell(r, col["coordinate"]).value == (measure.coordinate_text or None)
        assert ws.cell(r, col["monitor"]).value == measure.monitor
        deadline = measure_deadline(measure, may, config.plan.year)
        assert ws.cell(r, col["due_in_period"]).value == (f"{deadline:%d/%m/%Y}" if deadline else "Thường xuyên")
    assert roles == {"Chủ trì", "Phối hợp"}
    blank = openpyxl.load_workbook(write_template(config, tmp_path / "b.xlsx"))[SHEET_MEASURES]
    assert {blank.cell(r, col["role"]).value for r in range(5, blank.max_row + 1)} == {None}


def test_every_sheet_prints_readable_on_a4(config, tmp_path):
    """Finding 10: no sheet is shrunk to one page wide (5 pt text): Chỉ tiêu and Biện pháp print at a fixed scale
    with the input columns on a second page that repeats each row's identity; the guide is portrait, every row
    as tall as its wrapped text."""
    from pipeline.plan.layout import PRINT_SCALE
    wb = openpyxl.load_workbook(write_template(config, tmp_path / "t.xlsx", unit="KHTC", period=parse_period("2023-05")))
    for name, columns, first_of_page_2 in ((SHEET_INDICATORS, INDICATOR_COLUMNS, "evidence"),
                                           (SHEET_MEASURES, MEASURE_COLUMNS, "status")):
        ws = wb[name]
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
        assert not ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.scale == PRINT_SCALE and 11 * PRINT_SCALE / 100 >= 9
        assert [b.id for b in ws.col_breaks.brk] == [next(i for i, c in enumerate(columns) if c.key == first_of_page_2)]
        assert ws.print_title_cols.replace("$", "") == "A:C"
        # each page fits A4 landscape: 158 column units at this scale (measured in LibreOffice's PDF)
        widths = [c.width for c in columns]
        page_2 = widths[:3] + widths[ws.col_breaks.brk[0].id:]
        assert sum(widths[:ws.col_breaks.brk[0].id]) <= 158 and sum(page_2) <= 158
    guide = wb.worksheets[0]
    assert guide.page_setup.orientation == "portrait"
    for row in guide.iter_rows():
        text = row[0].value or ""
        assert guide.row_dimensions[row[0].row].height >= 15 * (len(text) // 90 + 1)


@needs_soffice
def test_libreoffice_prints_the_guide_without_cutting_a_line(config, tmp_path):
    wb_path = write_template(config, tmp_path / "t.xlsx", unit="KHTC", period=parse_period("2023-05"))
    pdf = soffice_convert(wb_path, "pdf", tmp_path / "pdf")
    import subprocess
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
    # pdftotext joins a word hyphenated at a line's end: compare without spaces and hyphens
    printed = "".join(text.split()).replace("-", "")
    guide = openpyxl.load_workbook(wb_path).worksheets[0]
    for row in guide.iter_rows():
        if row[0].value:
            assert "".join(str(row[0].value).split()).replace("-", "") in printed, row[0].value


@needs_soffice
def test_the_template_checks_itself_in_the_words_of_mtcls_findings(tmp_path):
    """The «Kiểm tra» column, computed by LibreOffice after a clerk's mistakes were typed into a re-saved copy,
    says exactly what mtcl's findings say of the same file, row by row, and nothing on the rows mtcl accepts."""
    import datetime as dt
    from factories import Row, edit_cells, full_rows, measure_cell, submit
    from pipeline.plan.deadlines import measure_deadline
    from pipeline.plan.indicators import measures_due_in
    from pipeline.run import check_files
    from pipeline.vi import SEVERITY_VI
    from factories import make_workspace
    # 6.2 and 10.1 asked every month, KHTC judged alone on 6.2 (a block of VP and Thanh tra only): the
    # template's checks and mtcl's findings are compared on every rule, 6.2's over-limit included
    workspace = make_workspace(tmp_path / "ws", **{
        'schedule = "quarterly"       # VI.4': '# VI.4', 'schedule = [2]': '#',
        'units = ["kind:van-phong", "kind:thanh-tra", "kind:phong"]': 'units = ["VP", "TTRA"]'})
    may = parse_period("2023-05")
    rows = {**full_rows(workspace), "1.2": Row(2, 3, 0), "2.1": Row(None, 2, 0), "6.1": Row(7, 7), "6.2": Row(7, 2),
            "10.1": Row(7, 5, None, cause="Thiếu hồ sơ")}
    path = submit(workspace, "KHTC", rows=rows)
    measures = list(workspace.measures_for("KHTC"))
    dated = [m for m in measures if (d := measure_deadline(m, may, 2023)) and d <= dt.date(2023, 6, 1)]
    on_time_late, late_early = dated[0], dated[1]
    # 1.1 is counted from the measures KHTC leads due in May: one of them still in progress makes it short
    behind = next(m for m in measures_due_in(workspace, "KHTC", may) if m not in (on_time_late, late_early))
    plain = [m for m in measures if m not in (on_time_late, late_early, behind)]
    cell = lambda m, key: measure_cell(path, m.id, key)
    deadline = lambda m: dt.datetime.combine(measure_deadline(m, may, 2023), dt.time())
    edit_cells(path, SHEET_MEASURES, {
        cell(plain[0], "status"): "Hoàn thành đúng hạn", cell(plain[0], "evidence"): None,
        cell(plain[0], "completed_on"): dt.datetime(2023, 5, 3),                          # no evidence
        cell(plain[1], "status"): "Chưa thực hiện", cell(plain[1], "completed_on"): dt.datetime(2023, 5, 3),
        cell(plain[2], "status"): None, cell(plain[2], "evidence"): "Công văn 12/KHTC",   # no status
        cell(plain[3], "status"): "Hoàn thành trễ hạn", cell(plain[3], "completed_on"): None,   # no date
        cell(on_time_late, "status"): "Hoàn thành đúng hạn",
        cell(on_time_late, "completed_on"): deadline(on_time_late) + dt.timedelta(days=2),
        cell(late_early, "status"): "Hoàn thành trễ hạn", cell(late_early, "completed_on"): deadline(late_early),
        cell(behind, "status"): "Đang thực hiện", cell(behind, "completed_on"): None, cell(behind, "evidence"): None})
    [checked] = check_files(workspace, [path])
    expected: dict[tuple[str, int], list[str]] = {}
    for f in checked.findings:
        expected.setdefault((f.sheet, int("".join(ch for ch in f.cell if ch.isdigit()))), []).append(
            f"{SEVERITY_VI[f.severity]}: {f.message}")
    assert {f.code for f in checked.findings} == {
        "done-exceeds-due", "counts-without-due", "over-limit", "missing-corrective-action", "done-without-evidence",
        "not-started-with-date", "status-missing", "done-without-date", "on-time-after-deadline",
        "late-before-deadline"}

    computed = openpyxl.load_workbook(soffice_convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo"),
                                      data_only=True)
    seen = 0
    for sheet, columns, first in ((SHEET_INDICATORS, INDICATOR_COLUMNS, 10), (SHEET_MEASURES, MEASURE_COLUMNS, 5)):
        ws = computed[sheet]
        check_col = next(i for i, c in enumerate(columns) if c.key == "check") + 1
        for r in range(first, ws.max_row + 1):
            if ws.cell(r, 1).value is None:
                continue
            shown = ws.cell(r, check_col).value or ""
            assert shown == "\n".join(expected.get((sheet, r), [])), (sheet, r)
            seen += bool(shown)
    assert (SHEET_INDICATORS, 10) in expected               # 1.1's row: LibreOffice counted the measures too
    assert seen == len(expected) == 11


def test_an_indicator_is_asked_only_in_the_months_it_applies_to_with_labels_saying_what_to_type(config, tmp_path):
    from pipeline.plan.layout import column_index
    due, label = column_index(INDICATOR_COLUMNS, "due") + 1, column_index(INDICATOR_COLUMNS, "denominator_label") + 1
    rows = {i.id: 10 + n for n, i in enumerate(config.indicators)}
    may = openpyxl.load_workbook(write_template(config, tmp_path / "may.xlsx", "KHTC", parse_period("2023-05")))
    june = openpyxl.load_workbook(write_template(config, tmp_path / "jun.xlsx", "KHTC", parse_period("2023-06")))
    may, june = may[SHEET_INDICATORS], june[SHEET_INDICATORS]
    for ind in ("6.1", "6.2", "7.1", "10.1"):
        assert may.cell(rows[ind], due).value == "—" and may.cell(rows[ind], due).protection.locked is not False
    assert may.cell(rows["4.2"], due).value is None and may.cell(rows["4.2"], due).protection.locked is False
    assert june.cell(rows["6.1"], due).value is None and june.cell(rows["6.1"], due).protection.locked is False
    assert june.cell(rows["7.1"], due).value == "—"
    assert "chỉ báo cáo tháng 03, 06, 09, 12" in june.cell(rows["6.1"], label).value
    assert "số có đến cuối tháng" in june.cell(rows["6.1"], label).value     # a stock: a count, not a flow
    assert "chỉ báo cáo" not in june.cell(rows["4.2"], label).value


def test_a_month_that_does_not_ask_for_an_indicator_gives_no_figure_and_no_finding(workspace):
    from factories import submit
    from pipeline.rules.check import check_report
    path = submit(workspace, "KHTC", "2023-05")
    today = dt.date(2023, 7, 1)
    checked = check_report(read_workbook(path), workspace, today=today, file_name=path.name)
    assert checked.findings == ()
    counted = {f.indicator for f in checked.figures if f.due is not None}
    assert counted.isdisjoint({"6.1", "6.2", "7.1", "10.1"}) and "4.2" in counted
    june = submit(workspace, "KHTC", "2023-06")
    assert {"6.1", "6.2"} <= {f.indicator for f in check_report(read_workbook(june), workspace, today=today,
                                                                 file_name=june.name).figures}
