"""Feedback on a unit's own workbook: a copy with each offending cell highlighted and commented in Vietnamese."""
from __future__ import annotations

import logging
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.worksheet import Worksheet

from .findings import ERROR, SEVERITY_VI, Finding
from .read import precheck
from .validate import VERDICT_VI, Checked
from .write import publish

log = logging.getLogger(__name__)

SHEET = "Kết quả kiểm tra"
FILLS = {ERROR: PatternFill("solid", fgColor="FFC7CE"), "warning": PatternFill("solid", fgColor="FFEB9C")}
OPENPYXL_SUFFIXES = (".xlsx", ".xlsm")
ANNOTATE_MAX_BYTES = 5 * 1024 * 1024


def feedback_path(outbound: Path, original_name: str, sha256: str, checked: Checked) -> Path:
    """outbound/feedback/<period>/<unit>/<name>_<hash>_kiem-tra.xlsx (the hash keeps two files of the
    same name apart)."""
    period = checked.period.key if checked.period else "khong-ro-ky"
    return outbound / "feedback" / period / (checked.unit or "khong-ro-don-vi") / \
        f"{Path(original_name).stem}_{sha256[:8]}_kiem-tra.xlsx"


def write_feedback(source: Path, original_name: str, checked: Checked, target: Path) -> Path:
    """Write the annotated copy to `target` (atomically); `source` is only read, never changed."""
    return publish(target, lambda tmp: _annotate(source, original_name, checked, tmp))


def _annotate(source: Path, original_name: str, checked: Checked, out: Path) -> None:
    wb = None
    # Only a workbook the reader understood is opened again (openpyxl is pure Python and holds every
    # cell: a file the pre-checks refused may be hostile, a big one costs memory); anything else gets
    # the findings sheet alone.
    understood = checked.indicator_sheet is not None and precheck(source) is None
    if understood and source.stat().st_size <= ANNOTATE_MAX_BYTES and \
            (source.suffix.lower() in OPENPYXL_SUFFIXES or original_name.lower().endswith(OPENPYXL_SUFFIXES)):
        try:
            # keep_vba=False: a macro-enabled file comes back as a plain workbook, nothing of the macro kept
            wb = openpyxl.load_workbook(source, keep_vba=False, keep_links=False)
        except Exception as exc:   # not openable by openpyxl (or hostile): the findings sheet alone
            log.info("cannot annotate %s in place (%s); writing the findings only", original_name, exc)
    copied = wb is not None
    if wb is None:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
    for finding in checked.findings:
        if copied and finding.sheet in wb.sheetnames and finding.cell:
            _mark(wb[finding.sheet], finding)
    ws = wb.create_sheet(SHEET, 0)
    _write_list(ws, original_name, checked, copied, set(wb.sheetnames))
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    wb.save(out)


def _mark(ws: Worksheet, finding: Finding) -> None:
    try:
        coordinate_from_string(finding.cell)
        cell = ws[finding.cell]
    except (ValueError, KeyError, AttributeError):
        return
    if not hasattr(cell, "fill"):
        return      # a merged cell's hidden part
    if finding.severity == ERROR or cell.fill != FILLS[ERROR]:
        cell.fill = FILLS.get(finding.severity, FILLS["warning"])
    text = f"{SEVERITY_VI.get(finding.severity, finding.severity)} [{finding.code}]\n{finding.message}"
    if finding.value:
        text += f"\nGiá trị đang ghi: «{finding.value}»"
    if cell.comment is not None:
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(text, "mtcl")
    comment.width, comment.height = 320, 160
    cell.comment = comment


def _write_list(ws: Worksheet, name: str, checked: Checked, copied: bool, sheets: set[str]) -> None:
    verdict = VERDICT_VI[checked.verdict]
    ws["A1"] = f"Kết quả kiểm tra tệp «{name}»: {verdict.upper()}"
    ws.merge_cells("A1:F1")
    ws["A1"].font = Font(bold=True, size=14, color="9C0006" if checked.verdict == "rejected" else "006100")
    errors = sum(f.severity == ERROR for f in checked.findings)
    ws["A2"] = (f"Đơn vị: {checked.unit or 'chưa xác định'} · Kỳ: {checked.period.form_value if checked.period else 'chưa xác định'}"
                f" · {errors} lỗi, {len(checked.findings) - errors} cảnh báo. "
                + ("Lỗi làm tệp bị trả lại: hãy sửa các ô được tô đỏ rồi gửi lại cả tệp." if errors else
                   "Tệp được nhận; hãy xem các cảnh báo (ô tô vàng) cho lần báo cáo sau."))
    ws["A2"].alignment = Alignment(wrap_text=True)
    ws.merge_cells("A2:F2")
    ws.row_dimensions[2].height = 48
    if not copied:
        ws["A3"] = "Tệp gốc không chú thích trực tiếp được (định dạng cũ hoặc không mở được); danh sách dưới đây nêu từng vị trí cần sửa."
    headers = ["Mức độ", "Mã", "Trang", "Ô", "Giá trị đang ghi", "Nội dung và cách sửa"]
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(5, col, header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
    for row, f in enumerate(checked.findings, start=6):
        ws.cell(row, 1, SEVERITY_VI.get(f.severity, f.severity)).fill = FILLS.get(f.severity, FILLS["warning"])
        ws.cell(row, 2, f.code)
        ws.cell(row, 3, f.sheet or "")
        target = ws.cell(row, 4, f.cell or "")
        if copied and f.cell and f.sheet in sheets:
            target.hyperlink = f"#'{f.sheet}'!{f.cell}"
            target.font = Font(color="0563C1", underline="single")
        ws.cell(row, 5, f.value or "").data_type = "s"
        ws.cell(row, 6, f.message).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEF", (11, 26, 14, 8, 22, 90)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A6"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
