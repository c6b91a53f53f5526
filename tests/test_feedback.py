"""The annotated copy of a unit's own workbook: highlighted cells, comments, a findings sheet, a verdict."""
from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
import zipfile
import zlib
from dataclasses import replace
from xml.etree import ElementTree

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.comments import Comment
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

import hostile as h
from factories import Row, edit_cells, full_rows, measure_cell, submit, needs_soffice, soffice_convert
from pipeline.cli import main
from pipeline.outputs.feedback import annotate as feedback
from pipeline.outputs.feedback.annotate import SHEET, write_feedback
from pipeline.model import Checked, Finding
from pipeline.intake.read import read_workbook
from pipeline.run import run
from pipeline.plan.layout import SHEET_INDICATORS as IND, SHEET_MEASURES as MEAS
from pipeline.rules.check import check_report
from pipeline.model import Severity


def bad_report(config):
    rows = full_rows(config)
    rows["1.2"] = Row(3, 3, 1)                      # done exceeds due (error, H11)
    rows["2.1"] = Row(4, 2, 2)                      # below target, no corrective action (warning, L12)
    path = submit(config, "KHTC", rows=rows)
    edit_cells(path, IND, {"G13": "=HYPERLINK(\"http://x\")"})
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
    assert [(r[1], r[2], r[4]) for r in rows] == [(f.sheet, f.cell, f.message) for f in checked.findings]
    # no English finding code on the unit's sheet (the secretary reads codes in the consolidated workbook)
    assert not any(f.code in str(v) for f in checked.findings for r in rows for v in r)
    # each row links to its cell inside the copy (a place in the workbook, not an outside target)
    links = [listing.cell(r, 3).hyperlink for r in range(6, 6 + len(rows))]
    assert [(link.location, link.target) for link in links] == \
        [(f"'{f.sheet}'!{f.cell}", None) for f in checked.findings]
    for finding in checked.findings:
        cell = wb[finding.sheet][finding.cell]
        assert cell.comment is not None and finding.message in cell.comment.text, finding
        assert finding.code not in cell.comment.text
        assert cell.fill.fgColor.rgb.endswith(feedback.FILL[finding.severity])
    # what the unit typed is quoted back as text, never as a live formula
    value_cells = [listing.cell(r, 4) for r in range(6, 6 + len(rows))]
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
    (finding,) = [f for o in result.outcomes for f in o.checked.findings if f.code == "unreadable-file"]
    assert wb[SHEET]["E6"].value == finding.message and "unreadable-file" not in str(wb[SHEET]["A6"].value)


def test_validate_annotate_from_the_command_line(workspace, tmp_path):
    path = bad_report(workspace)
    out = tmp_path / "kiem-tra.xlsx"
    result = CliRunner().invoke(main, ["validate", "--config", str(workspace.source), str(path), "--annotate", str(out)])
    assert result.exit_code == 1 and "done-exceeds-due" in result.output and "H11" in result.output
    assert openpyxl.load_workbook(out)[IND]["H11"].comment is not None


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
        assert finding.message in wb[finding.sheet][finding.cell].comment.text


# --- the copy is the unit's package, patched ------------------------------------------------------


def annotate(config, path, tmp_path, extra=()):
    """(how the copy was made, the copy, the checked report) for the unit's file at `path`."""
    checked = check_report(read_workbook(path), config, today=dt.date(2026, 1, 1), file_name=path.name)
    checked = replace(checked, findings=checked.findings + tuple(extra))
    out = tmp_path / "fb.xlsx"
    return feedback._annotate(path, path.name, checked, out), out, checked


def repacked(path, target, level: int):
    """The same members, deflated at another level (as another writer would), so that a copy that
    inflates and deflates them again cannot keep their stored bytes by chance."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info), compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return target


def test_the_copy_keeps_every_part_it_does_not_edit_byte_for_byte(workspace, tmp_path):
    path = repacked(bad_report(workspace), tmp_path / "unit" / "KHTC_2023-05.xlsx", level=1)
    way, out, checked = annotate(workspace, path, tmp_path)
    assert way == feedback.PATCHED
    marked = {h.sheet_part(path, IND), h.sheet_part(path, MEAS)}
    edited = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} | marked
    with zipfile.ZipFile(path) as before, zipfile.ZipFile(out) as after:
        assert after.testzip() is None
        old = {i.filename: i for i in before.infolist()}
        new = {i.filename: i for i in after.infolist()}
        kept = sorted(set(old) - edited)
        assert "xl/theme/theme1.xml" in kept and set(old) <= set(new)
        # copied as stored: same content, and the same compressed bytes (nothing inflated and deflated again)
        assert [(after.read(n), new[n].CRC, new[n].compress_size) for n in kept] == \
            [(before.read(n), old[n].CRC, old[n].compress_size) for n in kept]
        # (and the fixture means it: deflated again at the usual level, some would be stored differently)
        assert any(new[n].compress_size != len(zlib.compress(after.read(n), 6)) - 6 for n in kept)
        assert sorted(set(new) - set(old)) == sorted(
            ["xl/comments1.xml", "xl/comments2.xml", "xl/drawings/vmlDrawing1.vml", "xl/drawings/vmlDrawing2.vml",
             "xl/worksheets/sheet5.xml"] + [f"xl/worksheets/_rels/{p.rsplit('/', 1)[1]}.rels" for p in marked])
    # what the unit wrote is all there, in the same cells
    original, copy = openpyxl.load_workbook(path), openpyxl.load_workbook(out)
    assert copy.sheetnames == [SHEET] + original.sheetnames
    for ws in original.worksheets:
        assert [[c.value for c in row] for row in ws.iter_rows()] == \
            [[c.value for c in row] for row in copy[ws.title].iter_rows()], ws.title
        # sheet-level names (print titles) follow their sheet, one place further
        assert copy[ws.title].print_title_rows == ws.print_title_rows
    assert copy.active.title == SHEET
    assert [ws.title for ws in copy.worksheets if ws.sheet_view.tabSelected] == [SHEET]


# Children of <worksheet> in the order the schema (CT_Worksheet) requires.
WORKSHEET_ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
                   "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
                   "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
                   "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
                   "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
                   "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                   "tableParts", "extLst")


@pytest.mark.parametrize("tail", ["", '<tableParts count="0"/><extLst><ext uri="{mtcl-test}"/></extLst>'])
def test_each_marked_sheet_points_at_a_drawing_of_its_comments_where_excel_looks(workspace, tmp_path, tail):
    """Excel shows a sheet's comments only through the VML drawing its <legacyDrawing> names (LibreOffice
    and openpyxl read the comments without it), and the element has its place among the sheet's parts."""
    path = bad_report(workspace)
    if tail:
        end = lambda xml: xml.replace(b"</worksheet>", tail.encode() + b"</worksheet>")
        (tmp_path / "tail").mkdir()
        path = h.rewrite_zip(path, tmp_path / "tail" / path.name, {h.sheet_part(path, IND): end})
    way, out, checked = annotate(workspace, path, tmp_path)
    assert way == feedback.PATCHED
    ns = {"m": h.MAIN_NS, "x": "urn:schemas-microsoft-com:office:excel"}
    rel_id = f"{{{h.REL_NS}}}id"
    with zipfile.ZipFile(out) as zf:
        for sheet in (IND, MEAS):
            part = h.sheet_part(out, sheet)
            root = ElementTree.fromstring(zf.read(part))
            order = [WORKSHEET_ORDER.index(child.tag.split("}")[1]) for child in root]
            assert order == sorted(order), [child.tag for child in root]
            rels = ElementTree.fromstring(zf.read(f"{part.rsplit('/', 1)[0]}/_rels/{part.rsplit('/', 1)[1]}.rels"))
            targets = {r.get("Id"): (r.get("Type").rsplit("/", 1)[1], r.get("Target")) for r in rels}
            kind, target = targets[root.find("m:legacyDrawing", ns).get(rel_id)]
            assert kind == "vmlDrawing"
            drawing = ElementTree.fromstring(zf.read(posixpath.normpath(posixpath.join(posixpath.dirname(part),
                                                                                        target))))
            shapes = sorted((int(d.find("x:Row", ns).text), int(d.find("x:Column", ns).text))
                            for d in drawing.iter(f"{{{ns['x']}}}ClientData"))
            cells = {coordinate_from_string(f.cell) for f in checked.findings if f.sheet == sheet}
            assert shapes == sorted((row - 1, column_index_from_string(col) - 1) for col, row in cells)


def without_cell(ref: str):
    """A sheet changer dropping the (empty) cell `ref`, as some writers leave unused cells out."""
    def change(xml: bytes) -> bytes:
        new, count = re.subn(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|></c>)', b"", xml)
        assert count == 1, f"{ref} is not an empty cell of the sheet"
        return new
    return change


def sheet_cells(path, part: str) -> list[tuple[int, list[int]]]:
    """(row, [column numbers]) of the cells a sheet's XML holds, in the order it holds them."""
    with zipfile.ZipFile(path) as zf:
        root = ElementTree.fromstring(zf.read(part))
    ns = {"m": h.MAIN_NS}
    return [(int(row.get("r")), [column_index_from_string(coordinate_from_string(c.get("r"))[0])
                                 for c in row.findall("m:c", ns)])
            for row in root.find("m:sheetData", ns).findall("m:row", ns)]


MISSING = ("N11", "B8", "R12", "A60")     # mid-row (dropped), a row with no cells, past a row's end, past the last row


def report_with_missing_cells(config, tmp_path):
    """The bad report with N11 dropped from its XML, and findings at cells its XML does not hold."""
    path = bad_report(config)
    (tmp_path / "sparse").mkdir()
    sparse = h.rewrite_zip(path, tmp_path / "sparse" / path.name, {h.sheet_part(path, IND): without_cell("N11")})
    held = {(r, c) for r, cols in sheet_cells(sparse, h.sheet_part(sparse, IND)) for c in cols}
    extra = []
    for ref in MISSING:
        letters, row = coordinate_from_string(ref)
        assert (row, column_index_from_string(letters)) not in held, ref
        extra.append(Finding(Severity.WARNING, "missing-evidence", "Ô này cần ghi minh chứng.", IND, ref))
    return sparse, extra


def test_cells_missing_from_the_sheet_are_created_in_order_and_marked(workspace, tmp_path):
    path, extra = report_with_missing_cells(workspace, tmp_path)
    way, out, checked = annotate(workspace, path, tmp_path, extra)
    assert way == feedback.PATCHED
    cells = sheet_cells(out, h.sheet_part(out, IND))
    rows = [r for r, _ in cells]
    assert rows == sorted(set(rows)) and all(cols == sorted(set(cols)) for _, cols in cells)
    wb = openpyxl.load_workbook(out)
    for ref in MISSING:
        assert wb[IND][ref].fill.fgColor.rgb.endswith(feedback.FILL[Severity.WARNING]), ref
        assert "Ô này cần ghi minh chứng." in wb[IND][ref].comment.text, ref
    assert wb[IND]["M11"].value == openpyxl.load_workbook(path)[IND]["M11"].value


def test_cells_of_a_sheet_with_no_rows_at_all_are_created_in_order(workspace, tmp_path):
    empty = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{h.MAIN_NS}"><sheetData/></worksheet>'
    (tmp_path / "blank").mkdir()
    path = h.add_sheets(bad_report(workspace), tmp_path / "blank" / "KHTC_2023-05.xlsx", {"Ghi chú": empty.encode()})
    notes = [Finding(Severity.WARNING, "missing-evidence", "Ô này cần ghi minh chứng.", "Ghi chú", ref)
             for ref in ("C3", "A2", "B3")]
    way, out, _ = annotate(workspace, path, tmp_path, notes)
    assert way == feedback.PATCHED
    assert sheet_cells(out, h.sheet_part(out, "Ghi chú")) == [(2, [1]), (3, [2, 3])]
    sheet = openpyxl.load_workbook(out)["Ghi chú"]
    assert all("Ô này cần ghi minh chứng." in sheet[ref].comment.text for ref in ("C3", "A2", "B3"))


@pytest.mark.soffice
@needs_soffice
def test_libreoffice_reads_the_patched_copy_and_prints_it(workspace, tmp_path):
    path, extra = report_with_missing_cells(workspace, tmp_path)
    way, out, checked = annotate(workspace, path, tmp_path, extra)
    assert way == feedback.PATCHED
    resaved = soffice_convert(out, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo-xlsx", timeout=180)
    wb = openpyxl.load_workbook(resaved)
    assert wb.sheetnames[0] == SHEET
    for finding in checked.findings:
        assert finding.message in wb[finding.sheet][finding.cell].comment.text, finding
    pdf = soffice_convert(out, "pdf", tmp_path / "lo-pdf", timeout=180)
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())
    assert pdf.read_bytes().startswith(b"%PDF") and len(pages) >= 4      # a page per visible sheet at least


def test_a_sheet_with_comments_of_its_own_goes_through_openpyxl_and_keeps_them(workspace, tmp_path):
    path = bad_report(workspace)
    wb = openpyxl.load_workbook(path)
    wb[IND]["H11"].comment = Comment("Số liệu của phòng Kế hoạch", "Hoa")
    wb.save(path)
    way, out, _ = annotate(workspace, path, tmp_path)
    assert way == feedback.OPENPYXL
    text = openpyxl.load_workbook(out)[IND]["H11"].comment.text
    assert "Số liệu của phòng Kế hoạch" in text and "vượt số phải thực hiện" in text


FALLBACKS = {
    "macros": lambda src, path: h.with_vba(src, path.with_suffix(".xlsm")),
    "external link": lambda src, path: h.with_external_link(src, path, "I11", 0),
    "strict namespace": lambda src, path: h.rewrite_zip(src, path, {h.sheet_part(src, MEAS): lambda x: x.replace(
        h.MAIN_NS.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main")}),
}


@pytest.mark.parametrize("case", list(FALLBACKS))
def test_what_the_patcher_does_not_edit_goes_through_openpyxl(workspace, tmp_path, case):
    (tmp_path / "odd").mkdir()
    path = FALLBACKS[case](bad_report(workspace), tmp_path / "odd" / "KHTC_2023-05.xlsx")
    checked = check_report(read_workbook(path), workspace, today=dt.date(2026, 1, 1), file_name=path.name)
    out = tmp_path / "fb.xlsx"
    assert feedback._annotate(path, path.name, checked, out) == feedback.OPENPYXL
    with zipfile.ZipFile(out) as zf:
        assert not [n for n in zf.namelist() if "vbaProject" in n or "externalLink" in n]
    assert [r[4] for r in openpyxl.load_workbook(out)[SHEET].iter_rows(min_row=6, values_only=True)] == \
        [f.message for f in checked.findings]


def test_a_cell_under_a_merged_range_goes_through_openpyxl(workspace, tmp_path):
    hidden = Finding(Severity.ERROR, "unit-missing", "Chưa chọn đơn vị báo cáo.", IND, "B4")    # A4:B4 is merged
    way, out, _ = annotate(workspace, bad_report(workspace), tmp_path, [hidden])
    assert way == feedback.OPENPYXL
    assert openpyxl.load_workbook(out)[IND]["H11"].comment is not None


def test_text_from_the_unit_is_kept_safe_in_comments_and_in_the_list(workspace, tmp_path):
    typed = "\x07<b>Báo cáo & «số 2/BC»</b>_x0041_" + "x" * 40_000
    finding = Finding(Severity.ERROR, "text-too-long", "Nội dung quá dài.", IND, "K10", typed)
    way, out, _ = annotate(workspace, bad_report(workspace), tmp_path, [finding])
    assert way == feedback.PATCHED
    wb = openpyxl.load_workbook(out)
    listed = wb[SHEET].cell(6 + len(wb[SHEET]["A"]) - 6, 4).value
    assert listed.startswith("_x0007_<b>Báo cáo & «số 2/BC»</b>_x005F_x0041_") and len(listed) <= 32_767 + 20
    comment = wb[IND]["K10"].comment.text
    assert "<b>Báo cáo & «số 2/BC»</b>" in comment and len(comment) <= 32_767 + 20


def test_findings_on_one_cell_share_a_mark_and_an_error_colours_it_red():
    findings = [Finding(Severity.WARNING, "a", "một", "S", "B2"), Finding(Severity.ERROR, "b", "hai", "S", "B2"),
                Finding(Severity.WARNING, "c", "ba", "S", "C3"), Finding(Severity.ERROR, "d", "bốn", "S", None),
                Finding(Severity.ERROR, "e", "năm", "S", "B2:C3")]
    marks = feedback.cell_marks(findings)
    assert [(m.sheet, m.cell, m.fill) for m in marks] == [("S", "B2", feedback.FILL[Severity.ERROR]),
                                                          ("S", "C3", feedback.FILL[Severity.WARNING])]
    assert marks[0].text.index("một") < marks[0].text.index("hai") and "[a]" not in marks[0].text


def test_the_colours_of_a_copy_stand_apart_from_each_other_and_from_the_input_yellow_and_a_legend_says_them():
    """Red (error), blue (held) and orange (warning) must be told apart from each other and from the template's
    input yellow, on a screen and on paper: each pair differs clearly in hue or brightness."""
    def rgb(colour):
        return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))

    colours = {**{str(k): v for k, v in feedback.FILL.items()}, "input": "FFF2CC"}
    for a in colours:
        for b in colours:
            if a < b:
                distance = sum((x - y) ** 2 for x, y in zip(rgb(colours[a]), rgb(colours[b]))) ** 0.5
                assert distance > 60, (a, b, distance)
    checked = Checked(unit="KHTC", period=None, findings=(Finding(Severity.ERROR, "x", "một " * 200, "S", "B2"),))
    spec = feedback.findings_sheet("a.xlsx", checked, False, [])
    cells = {c.ref: c for c in spec.cells}
    assert [cells[ref].value for ref in ("B4", "C4", "D4")] == ["Lỗi", "Chờ xác nhận", "Cảnh báo"]
    assert [cells[ref].style.fill for ref in ("B4", "C4", "D4")] == [feedback.FILL[s] for s in feedback.RANK]
    assert dict(spec.heights)[6] >= 15 * 8            # a message of 800 characters is not cut after two lines
