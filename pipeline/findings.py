"""The catalogue of findings: every code a file can get, its severity and its Vietnamese message."""
from __future__ import annotations

from typing import Any, Iterable

from .model import Finding, Severity


# Every code a submission can get: (default severity, what it means in English for the README,
# Vietnamese message template). Messages say what was found and what the clerk should do.
CATALOGUE: dict[str, tuple[str, str, str]] = {
    # --- the file itself
    "unreadable-file": (Severity.ERROR, "the file cannot be opened as a spreadsheet",
                        "Không mở được tệp như một bảng tính Excel ({reason}). Hãy lưu lại tệp bằng Excel "
                        "hoặc LibreOffice ở định dạng .xlsx rồi gửi lại."),
    "password-protected": (Severity.ERROR, "the workbook is encrypted with a password",
                           "Tệp được đặt mật khẩu nên không đọc được. Hãy gỡ mật khẩu (Tệp → Thông tin → "
                           "Bảo vệ sổ làm việc) rồi gửi lại."),
    "formula-without-value": (Severity.ERROR, "a cell holds a formula whose result the file did not save",
                              "Ô này có công thức nhưng tệp không lưu kết quả tính (tệp được tạo bằng phần mềm "
                              "không tính công thức), nên không đọc được số. Hãy mở tệp bằng Excel hoặc "
                              "LibreOffice, lưu lại rồi gửi, hoặc nhập số trực tiếp."),
    "not-our-template": (Severity.ERROR, "the workbook is not the MTCL report template",
                         "Tệp không phải mẫu báo cáo MTCL (không tìm thấy bảng chỉ tiêu). Hãy dùng đúng mẫu "
                         "templates/plan_template.xlsx hoặc mẫu đã được gửi cho đơn vị."),
    "template-version": (Severity.WARNING, "the template version differs from the current one",
                         "Tệp dùng mẫu phiên bản {found}, mẫu hiện hành là {expected}. Lần sau hãy dùng mẫu mới."),
    "plan-mismatch": (Severity.ERROR, "the template belongs to another plan",
                      "Mẫu này thuộc kế hoạch «{found}», không phải kế hoạch hiện hành «{expected}». "
                      "Hãy dùng mẫu của kế hoạch hiện hành."),
    "missing-indicator": (Severity.ERROR, "an indicator row of the plan is missing",
                          "Thiếu dòng chỉ tiêu {indicator}. Không xóa dòng nào của bảng chỉ tiêu; hãy dùng lại mẫu gốc."),
    "unknown-indicator": (Severity.WARNING, "a row names an indicator the plan does not have",
                          "Mã chỉ tiêu «{found}» không có trong kế hoạch; dòng này bị bỏ qua."),
    "unknown-measure": (Severity.WARNING, "a row names a measure the plan does not have",
                        "Mã biện pháp «{found}» không có trong kế hoạch; dòng này bị bỏ qua."),
    # --- who and when
    "unit-missing": (Severity.ERROR, "the reporting unit is not filled in",
                     "Chưa chọn đơn vị báo cáo. Hãy chọn tên đơn vị trong danh sách ở ô {cell}."),
    "unknown-unit": (Severity.ERROR, "the unit is not one of the configured units",
                     "Đơn vị «{found}» không có trong danh sách đơn vị của Sở. Hãy chọn tên đơn vị trong danh sách."),
    "period-missing": (Severity.ERROR, "the reporting period is not filled in",
                       "Chưa chọn kỳ báo cáo. Hãy chọn kỳ (tháng/năm) trong danh sách ở ô {cell}."),
    "period-invalid": (Severity.ERROR, "the reporting period cannot be understood",
                       "Không hiểu kỳ báo cáo «{found}». Hãy ghi theo dạng tháng/năm, ví dụ 05/2023."),
    "period-outside-plan": (Severity.ERROR, "the period is outside the plan's year",
                            "Kỳ báo cáo {found} không thuộc năm kế hoạch {year}."),
    "period-not-started": (Severity.ERROR, "the period has not started yet",
                           "Kỳ báo cáo {found} chưa bắt đầu; chưa thể báo cáo cho kỳ này."),
    "sender-unit-mismatch": (Severity.ERROR, "a mailed file claims a unit other than the sender's",
                             "Tệp được gửi từ địa chỉ {sender} của {expected} nhưng ghi là báo cáo của «{found}». "
                             "Mỗi đơn vị gửi báo cáo của mình từ địa chỉ thư của đơn vị; hãy gửi lại đúng."),
    "unknown-sender": (Severity.WARNING, "a mailed file came from an address that is no unit's",
                       "Tệp được gửi từ địa chỉ {sender}, không phải địa chỉ thư của đơn vị nào trong danh sách. "
                       "Thư ký ISO sẽ xác minh; lần sau hãy gửi từ địa chỉ thư của đơn vị."),
    "meta-mismatch": (Severity.WARNING, "the unit or period typed differs from the one the template was issued for",
                      "{what} ghi trong tệp là «{found}» nhưng mẫu được cấp cho «{expected}». "
                      "Đã dùng «{found}»; hãy kiểm tra lại."),
    "filename-mismatch": (Severity.WARNING, "the file name names another unit or period than the file's content",
                          "Tên tệp ghi {what} «{expected}» nhưng nội dung tệp ghi «{found}». "
                          "Đã dùng nội dung tệp; hãy kiểm tra và đặt lại tên tệp."),
    # --- indicator figures
    "not-a-number": (Severity.ERROR, "a count is not a number",
                     "Ô này phải là một số nguyên (ví dụ 12) nhưng đang ghi «{found}»."),
    "not-whole": (Severity.ERROR, "a count has a fractional part",
                  "Số lượng phải là số nguyên nhưng đang ghi {found}."),
    "negative": (Severity.ERROR, "a count is negative",
                 "Số lượng không được âm (đang ghi {found})."),
    "counts-without-due": (Severity.ERROR, "done counts are given but the due count is empty",
                           "Đã ghi số hoàn thành nhưng chưa ghi «số phải thực hiện» ở ô {cell}. Hãy ghi số phải "
                           "thực hiện (ghi 0 nếu không phát sinh)."),
    "done-exceeds-due": (Severity.ERROR, "done on time + done late is more than what was due",
                         "Số hoàn thành đúng hạn ({on_time}) cộng trễ hạn ({late}) là {done}, vượt số phải "
                         "thực hiện ({due}). Hãy kiểm tra lại các số."),
    "late-not-applicable": (Severity.WARNING, "a late count was given for an indicator without lateness",
                            "Chỉ tiêu {indicator} không tính «trễ hạn»; số {found} ở ô này bị bỏ qua."),
    "missing-corrective-action": (Severity.WARNING, "below target without a cause and corrective action (ISO 9001 10.2)",
                                  "Chỉ tiêu {indicator} chưa đạt ({rate} so với mục tiêu {target}) nhưng chưa ghi "
                                  "đủ {missing}. Theo ISO 9001 mục 10.2, hãy ghi nguyên nhân, hành động khắc "
                                  "phục, người chịu trách nhiệm và thời hạn."),
    "over-limit": (Severity.WARNING, "a share capped by the plan (6.2: HTXS at most 20 %) is over its limit",
                   "Chỉ tiêu {indicator}: tỷ lệ {rate} vượt mức tối đa {target} theo kế hoạch."),
    "due-jump": (Severity.WARNING, "a due count jumps far from the unit's previous periods",
                 "Số phải thực hiện của chỉ tiêu {indicator} là {found}, khác xa các kỳ trước ({previous}). "
                 "Hãy kiểm tra lại số liệu."),
    "text-too-long": (Severity.WARNING, "a text is longer than an Excel cell holds (32,767 characters)",
                      "Nội dung ô dài {length} ký tự, vượt giới hạn 32.767 ký tự của Excel; bảng tổng hợp chỉ "
                      "hiện phần đầu (toàn văn vẫn được lưu). Hãy rút gọn."),
    # --- measures
    "status-invalid": (Severity.ERROR, "a measure status is not one of the list",
                       "Trạng thái «{found}» không hợp lệ. Hãy chọn một trong: {choices}."),
    "date-invalid": (Severity.ERROR, "a date cannot be understood or is impossible",
                     "Không hiểu ngày «{found}». Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 15/05/2023."),
    "date-in-future": (Severity.ERROR, "a completion date is after the day of the run",
                       "Ngày hoàn thành {found} ở sau ngày tổng hợp ({today}). Hãy kiểm tra lại ngày."),
    "done-without-date": (Severity.ERROR, "a measure marked done has no completion date",
                          "Biện pháp {measure} ghi đã hoàn thành nhưng chưa có ngày hoàn thành (ô {cell})."),
    "done-without-evidence": (Severity.WARNING, "a measure marked done has no evidence reference",
                              "Biện pháp {measure} ghi đã hoàn thành nhưng chưa ghi minh chứng (ô {cell}); "
                              "hãy ghi số, ký hiệu văn bản hoặc nơi lưu hồ sơ."),
    "on-time-after-deadline": (Severity.ERROR, "marked on time but completed after the deadline",
                               "Biện pháp {measure} ghi «hoàn thành đúng hạn» nhưng ngày hoàn thành {found} sau "
                               "thời hạn {deadline}. Hãy chọn «hoàn thành trễ hạn» hoặc sửa ngày."),
    "measure-regressed": (Severity.WARNING, "a measure reported done earlier is now reported not started",
                          "Biện pháp {measure} đã báo cáo hoàn thành ở kỳ {earlier}, nay lại ghi «Chưa thực hiện». "
                          "Hãy kiểm tra lại trạng thái."),
}


# Findings that depend on the day of the run: a report carrying one may read otherwise tomorrow.
DATED_CODES = frozenset({"period-not-started", "date-in-future"})


def make_finding(code: str, *, sheet: str | None = None, cell: str | None = None, value: Any = None,
                 severity: str | None = None, **params: Any) -> Finding:
    """A finding for `code`; `params` fill the Vietnamese message ('found' defaults to the value)."""
    default_severity, _meaning, template = CATALOGUE[code]
    shown = None if value is None else str(value)
    params.setdefault("found", shown if shown is not None else "")
    params.setdefault("cell", cell or "")
    return Finding(severity=severity or default_severity, code=code, message=template.format(**params),
                   sheet=sheet, cell=cell, value=shown)


def flatten(findings: Iterable[Finding], fields: tuple[str, ...] = ("code", "cell")) -> list[tuple]:
    """Findings as plain tuples (for tests and tables), in their original order."""
    return [tuple(getattr(f, name) for name in fields) for f in findings]
