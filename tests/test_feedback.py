"""The annotated copy of a unit's own workbook: highlighted cells, comments, a findings sheet, a verdict."""
from __future__ import annotations

import datetime as dt
import hashlib

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import Row, edit_cells, full_rows, measure_cell, submit, needs_soffice, soffice_convert
from pipeline.cli import main
from pipeline.feedback import SHEET, write_feedback
from pipeline.read import read_workbook
from pipeline.run import run
from pipeline.template import SHEET_INDICATORS as IND, SHEET_MEASURES as MEAS
from pipeline.validate import check_report


def bad_report(config):
    rows = full_rows(config)
    rows["1.1"] = Row(3, 3, 1)                      # done exceeds due (error, H10)
    rows["1.2"] = Row(4, 2, 2)                      # below target, no corrective action (warning, L11)
    path = submit(config, "KHTC", rows=rows)
    edit_cells(path, IND, {"G12": "=HYPERLINK(\"http://x\")"})
    edit_cells(path, MEAS, {measure_cell(path, "I.1", "status"): "xong"})
    return path


def test_copy_marks_each_finding_at_its_cell_and_lists_them_with_links(workspace, tmp_path):
    path = bad_report(workspace)
    original = hashlib.sha256(path.read_bytes()).hexdigest()
    checked = check_report(read_workbook(path), workspace, today=dt.date(2026, 1, 1), file_name=path.name)
    out = write_feedback(path, path.name, checked, tmp_path / "fb.xlsx")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == original       # the unit's file is untouched
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == SHEET
    listing = wb[SHEET]
    assert "TRẢ LẠI" in listing["A1"].value
    rows = [[c.value for c in r] for r in listing.iter_rows(min_row=6)]
    assert [(r[1], r[2], r[3]) for r in rows] == [(f.code, f.sheet, f.cell) for f in checked.findings]
    links = [listing.cell(r, 4).hyperlink for r in range(6, 6 + len(rows))]
    assert all(link is not None and link.location is None or link.target for link in links)
    for finding in checked.findings:
        cell = wb[finding.sheet][finding.cell]
        assert cell.comment is not None and finding.code in cell.comment.text, finding
        assert finding.message in cell.comment.text
        assert cell.fill.fgColor.rgb.endswith("FFC7CE" if finding.severity == "error" else "FFEB9C")
    # what the unit typed is quoted back as text, never as a live formula
    value_cells = [listing.cell(r, 5) for r in range(6, 6 + len(rows))]
    assert all(c.data_type == "s" for c in value_cells if c.value)


def test_run_writes_feedback_per_period_and_unit_only_for_files_with_findings(workspace):
    bad_report(workspace)
    submit(workspace, "NCC")
    result = run(workspace, now=dt.datetime(2023, 6, 25, 22).astimezone())
    files = sorted(p.relative_to(workspace.paths.outbound).as_posix()
                   for p in (workspace.paths.outbound / "feedback").rglob("*.xlsx"))
    assert len(files) == 1 and files[0].startswith("feedback/2023-05/KHTC/KHTC_2023-05_")
    assert list(result.feedback.values())[0].name == files[0].rsplit("/", 1)[1]


def test_unreadable_file_gets_a_findings_only_workbook(workspace, tmp_path):
    fake = workspace.paths.inbound / "KHTC_2023-05.xls"
    fake.write_text("Họ tên,Số\nA,1\n", encoding="utf-8")
    result = run(workspace, now=dt.datetime(2023, 6, 25, 22).astimezone())
    (target,) = result.feedback.values()
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == [SHEET]
    assert wb[SHEET]["B6"].value == "unreadable-file"


def test_validate_annotate_from_the_command_line(workspace, tmp_path):
    path = bad_report(workspace)
    out = tmp_path / "kiem-tra.xlsx"
    result = CliRunner().invoke(main, ["validate", "--config", str(workspace.source), str(path), "--annotate", str(out)])
    assert result.exit_code == 1 and "done-exceeds-due" in result.output and "H10" in result.output
    assert openpyxl.load_workbook(out)[IND]["H10"].comment is not None


@pytest.mark.soffice
@needs_soffice
def test_annotated_copy_opens_in_libreoffice_with_its_comments(workspace, tmp_path):
    path = bad_report(workspace)
    checked = check_report(read_workbook(path), workspace, today=dt.date(2026, 1, 1), file_name=path.name)
    out = write_feedback(path, path.name, checked, tmp_path / "fb.xlsx")
    # LibreOffice opens it and saves it again; the comments survive at the same cells
    resaved = soffice_convert(out, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo-out", timeout=180)
    wb = openpyxl.load_workbook(resaved)
    for finding in checked.findings:
        assert finding.code in wb[finding.sheet][finding.cell].comment.text
