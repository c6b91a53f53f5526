"""The list sheets' writer: the fast path that reaches into xlsxwriter and the public-API path write the same
cells; rows already on disk are never written to without a word; a unit's text stays text."""
from __future__ import annotations

import datetime as dt
import zipfile

import numpy as np
import openpyxl
import pytest
import xlsxwriter

from factories import REAL_CONFIG
from pipeline import excel
from pipeline.demo.year import build_demo
from pipeline.outputs.workbook import book, context, formats, streaming, tables
from pipeline.run import run

BOTH = pytest.mark.parametrize("fast", [True, False], ids=["fast", "public-api"])


def workbook(path):
    return xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False, "strings_to_numbers": False})


def sheet(wb, name: str, fast: bool) -> streaming.ListSheet:
    return streaming.ListSheet(wb.add_worksheet(name, worksheet_class=streaming.StreamedSheet if fast else None),
                               fast)


def test_the_fast_path_is_taken_on_the_xlsxwriter_it_was_made_for():
    """The pinned xlsxwriter is one the fast path knows; were it not, the workbook would be written slower,
    through the public API, never broken."""
    assert streaming.FAST, f"xlsxwriter {xlsxwriter.__version__} is outside {streaming.TESTED}"


@BOTH
def test_a_cell_written_above_a_streamed_row_raises_instead_of_vanishing(tmp_path, fast):
    wb = workbook(tmp_path / "x.xlsx")
    ws = sheet(wb, "Trang", fast)
    ws.write_string(0, 0, "một")
    ws.write_string(5, 0, "sáu")
    with pytest.raises(RuntimeError, match="row 2"):
        ws.write_number(1, 0, 2)
    with pytest.raises(RuntimeError, match="row 3"):
        ws.put_row(2, {0: streaming.Number(2, None)})
    ordered = streaming.RowOrdered(sheet(wb, "Khối", fast))
    ordered.write_string(4, 1, "dưới")
    ordered.write_string(0, 0, "trên")
    ordered.merge_range(2, 0, 2, 3, "giữa", None)
    ordered.flush()
    wb.close()
    got = openpyxl.load_workbook(tmp_path / "x.xlsx")["Khối"]
    assert (got["A1"].value, got["A3"].value, got["B5"].value) == ("trên", "giữa", "dưới")


@BOTH
def test_list_row_heights_reach_the_file(tmp_path, fast):
    """A long list of wrapped text: every row keeps its height in the file; on the fast path the heights of
    rows already on disk are let go (xlsxwriter otherwise holds one record per row until it closes)."""
    wb = workbook(tmp_path / "x.xlsx")
    ws = sheet(wb, "Danh sách", fast)
    held = []
    for r in range(500):
        ws.set_list_row_height(r, 15 * (2 + r % 3))
        ws.write_string(r, 0, f"dòng {r + 1}\n" * (2 + r % 3))
        held.append(len(ws.row_info))
    wb.close()
    assert max(held) <= 2 if fast else max(held) == 500
    got = openpyxl.load_workbook(tmp_path / "x.xlsx")["Danh sách"]
    assert [got.row_dimensions[r + 1].height for r in range(500)] == [15 * (2 + r % 3) for r in range(500)]


TRICKY_ROWS = [
    ["Phòng Kế hoạch - Tài chính", "Tỷ lệ hồ sơ giải quyết đúng hạn", 0.975, 12, None, True],
    ["A & B <c> \"d\"", "dòng một\ndòng hai", float("nan"), -0.0, 1e20, False],
    [" khoảng trắng đầu", "khoảng trắng cuối ", "_x0041_ đã giống mã thoát", "chuông\x07", "\ufffe", 1 / 3],
    ["😀 ngoài BMP", "<b>không phải thẻ</b>", dt.datetime(2023, 5, 31, 16, 30), dt.date(2023, 2, 28),
     2 ** 40, 0.1],
    ["=1+1", "@SUM(A1)", "+84 912", "", "x" * 40000, float("inf")],
    [np.int64(7), np.float64(0.25), np.bool_(True), 10 ** 20, "\tthụt đầu", "dòng\r\n"],
]


def _list_sheet_xml(tmp_path, fast: bool, name: str) -> str:
    """TRICKY_ROWS written as list rows (some linked, some with their own format)."""
    path = tmp_path / f"{name}.xlsx"
    wb = workbook(path)
    f = formats._formats(wb)
    ws = sheet(wb, "Danh sách", fast)
    widths = [20] * 6
    for r, values in enumerate(TRICKY_ROWS * 3):
        links = {1: context.Link("external:../luu/a b.xlsx#'Chỉ tiêu'!G10", "Mở bản lưu")} if r % 2 else None
        custom = {2: "pct_ok", 4: "bad_cell"} if r >= 2 * len(TRICKY_ROWS) else None    # the last copy
        tables._table_row(ws, 3 + r, values, links, custom, widths, (2,), f)
    ws.put_row(3 + 3 * len(TRICKY_ROWS), {70: streaming.Text("cột xa", f["cell"])})   # past the named columns
    ws.write_comment(3 + 3 * len(TRICKY_ROWS) + 1, 0, "ghi chú")                  # a row with a comment
    tables._table_row(ws, 3 + 3 * len(TRICKY_ROWS) + 1, TRICKY_ROWS[0], None, None, widths, (2,), f)
    wb.close()
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


def test_list_rows_written_in_one_piece_are_the_xml_xlsxwriter_writes_cell_by_cell(tmp_path):
    """The fast path turns a row of plain cells into XML itself; every cell must come out exactly as
    xlsxwriter's own writer puts it through its public API, escapes and all."""
    fast = _list_sheet_xml(tmp_path, True, "fast")
    assert fast == _list_sheet_xml(tmp_path, False, "reference")
    assert '<t>Phòng Kế hoạch - Tài chính</t>' in fast and "A &amp; B &lt;c&gt;" in fast


@BOTH
def test_list_rows_read_back_as_written(tmp_path, fast):
    _list_sheet_xml(tmp_path, fast, "back")
    ws = openpyxl.load_workbook(tmp_path / "back.xlsx")["Danh sách"]
    got = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=3 + len(TRICKY_ROWS), max_col=6)]
    assert got[0] == ["Phòng Kế hoạch - Tài chính", "Tỷ lệ hồ sơ giải quyết đúng hạn", 0.975, 12, None, "Có"]
    assert got[1][:2] == ["A & B <c> \"d\"", "dòng một\ndòng hai"] and got[1][2] is None and got[1][4] == 1e20
    assert got[2][:2] == [" khoảng trắng đầu", "khoảng trắng cuối "]    # "_xHHHH_" escapes: openpyxl keeps them
    assert got[3][2] == dt.datetime(2023, 5, 31, 16, 30) and got[3][3] == dt.datetime(2023, 2, 28)
    assert got[3][:2] == ["😀 ngoài BMP", "<b>không phải thẻ</b>"] and got[3][4] == 2 ** 40
    assert got[4][:3] == ["=1+1", "@SUM(A1)", "+84 912"] and got[4][5] is None     # infinity: no figure
    assert got[5][:4] == [7, 0.25, "Có", 10 ** 20]
    assert ws.cell(8, 5).data_type == "s" and len(got[4][4]) == excel.CELL_TEXT_LIMIT


@BOTH
def test_a_units_text_that_looks_like_rich_text_markup_stays_text(tmp_path, fast):
    """xlsxwriter copies a string that starts with "<r>" and ends with "</r>" into the file unescaped, as
    rich-text markup; from a unit's report that would break the workbook. It is written as text."""
    texts = ["<r>giống chuỗi định dạng</r>", "<r></t></is></c></row><row></r>", " <r>&</r>"[1:]]
    wb = workbook(tmp_path / "x.xlsx")
    f = formats._formats(wb)
    ws = sheet(wb, "Danh sách", fast)
    tables._table_row(ws, 3, texts, None, None, [20] * 3, (), f)
    ws.write_string(4, 0, texts[1])                       # written one cell at a time, elsewhere in the workbook
    wb.close()
    got = openpyxl.load_workbook(tmp_path / "x.xlsx")["Danh sách"]
    assert [c.value for c in got[4]] == texts and got["A5"].value == texts[1]


def test_text_is_cut_to_what_a_cell_holds_in_utf16_units():
    for text in ("a" * 40000, "😀" * 20000, "ab😀" * 11000):
        cut = excel.clip_text(text)
        assert len(cut.encode("utf-16-le")) // 2 == excel.CELL_TEXT_LIMIT and cut.endswith("…")
        assert text.startswith(cut[:-1])
    assert excel.clip_text("😀" * 16383) == "😀" * 16383


def _cells(path) -> dict:
    """Every cell of every sheet: its value, number format, fill and link."""
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): (c.value, c.number_format, c.fill.fgColor.rgb, c.font.b,
                                       c.hyperlink.target if c.hyperlink else None,
                                       c.hyperlink.location if c.hyperlink else None)
            for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None or c.hyperlink}


def test_the_consolidated_workbook_is_the_same_on_both_paths(tmp_path, monkeypatch):
    """The whole workbook of a month of the demo, written on the fast path and again through xlsxwriter's
    public API: the same cells, formats and links (an xlsxwriter upgrade makes the writer slower, not broken)."""
    config = build_demo(tmp_path / "ws", REAL_CONFIG)
    now = dt.datetime(2023, 6, 25, 22, 30).astimezone()
    pr = run(config, now=now, mail=False).periods[0]
    written = {}
    for fast in (True, False):
        monkeypatch.setattr(streaming, "FAST", fast)
        written[fast] = tmp_path / f"{'fast' if fast else 'public'}.xlsx"
        book.write_workbook(written[fast], config, pr.metrics, pr.frame, list(pr.outcomes), now, pr.analysis)
    fast, public = _cells(written[True]), _cells(written[False])
    assert len(fast) > 2000 and fast == public
