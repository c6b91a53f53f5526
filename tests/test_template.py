"""The template: generated from the config, committed up to date, protected, validated, self-identifying."""
from __future__ import annotations

import openpyxl
import pytest

from factories import ROOT
from pipeline.plan.periods import parse_period
from pipeline.intake.read import read_workbook
from pipeline.plan.layout import (INDICATOR_COLUMNS, MEASURE_COLUMNS, SHEET_INDICATORS, SHEET_MEASURES, SHEET_META, STATUSES, TEMPLATE_VERSION)
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
    assert ws.cell(10, due_col).protection.locked is False      # an input
    assert ws.cell(10, 1).protection.locked is True             # the indicator id
    assert ws.cell(10, 3).protection.locked is True             # its name
    def rule(sheet, ref):
        return next(dv for dv in sheet.data_validations.dataValidation if ref in dv.sqref)
    due_ref = ws.cell(10, due_col).coordinate
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
    assert report.findings == ()
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
