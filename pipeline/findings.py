"""The catalogue of findings: every code a file can get, its severity and its Vietnamese message."""
from __future__ import annotations

from typing import Any, Iterable

from .model import Finding, Severity
from .vi.rules import RULES


# Every code a submission can get: (default severity, what it means in English for the README,
# Vietnamese message template). Messages say what was found and what the clerk should do.
CATALOGUE: dict[str, tuple[str, str, str]] = {
    # --- the file itself
    "unreadable-file": (Severity.ERROR, "the file cannot be opened as a spreadsheet",
                        "Không mở được tệp như một bảng tính Excel: {reason}. Hãy lưu lại tệp bằng Excel "
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
    "empty-report": (Severity.ERROR, "no figure and no measure is filled in: the template was sent as issued",
                     "Tệp chưa được điền: không có số liệu chỉ tiêu nào và không có biện pháp nào được báo cáo. "
                     "Hãy nhập số liệu vào các ô màu vàng của trang «{sheet_name}», lưu lại rồi gửi."),
    "several-tables": (Severity.ERROR, "the workbook holds more than one indicator (or measure) table",
                       "Tệp có {count} bảng {what} (trang {sheets}); đã đọc trang «{read}». Không chép thêm trang "
                       "của mẫu: hãy xóa các trang thừa, chỉ giữ trang đúng kỳ báo cáo rồi gửi lại."),
    "duplicate-row": (Severity.ERROR, "an indicator or measure row appears twice with different figures",
                      "Mã {id} có hai dòng ({rows}) với nội dung khác nhau; đã đọc dòng {read}. Hãy xóa dòng thừa "
                      "rồi gửi lại."),
    "duplicate-row-same": (Severity.WARNING, "an indicator or measure row appears twice with the same figures",
                           "Mã {id} có hai dòng giống nhau ({rows}); đã đọc dòng {read}. Lần sau hãy xóa dòng thừa."),
    "missing-measure": (Severity.WARNING, "a measure the unit leads or coordinates has no row",
                        "Thiếu dòng biện pháp {measure}, đơn vị {role} biện pháp này. Không xóa dòng nào của trang "
                        "«{sheet_name}»; hãy dùng lại mẫu được cấp."),
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
    "period-outside-plan": (Severity.ERROR, "no plan covers the period's year (config.toml's plan or [plans])",
                            "Kỳ báo cáo {found} thuộc năm {year}, nhưng chưa có kế hoạch MTCL năm {year} (đang có kế "
                            "hoạch năm {years}). Nếu kỳ báo cáo ghi nhầm, đơn vị sửa ô này và gửi lại. Nếu đúng là "
                            "báo cáo năm {year}: Thư ký ISO thêm kế hoạch năm {year} (mtcl plan import, rồi một dòng "
                            "{year} = \"plans/{year}.toml\" ở mục [plans] của config.toml), phát hành mẫu năm {year} "
                            "(mtcl template --year {year}) và chạy lại tổng hợp: tệp đã nhận được giữ nguyên và "
                            "được kiểm tra lại."),
    "period-not-ended": (Severity.ERROR, "the file arrived before its month ended",
                         "Kỳ báo cáo {found} chưa kết thúc khi gửi tệp (nhận ngày {arrived}); chưa thể báo cáo cho "
                         "kỳ này. Hãy gửi báo cáo từ ngày {first_day}."),
    "unit-conflict": (Severity.HOLD, "the unit typed and another sign of the file (its template, name, folder) disagree",
                      "Tệp ghi đơn vị «{found}» nhưng {source} ghi «{other}». Tệp được giữ lại, chưa đưa vào tổng "
                      "hợp, chờ Thư ký ISO xác nhận là báo cáo của đơn vị nào. Nếu chọn nhầm đơn vị, hãy sửa ô {cell} "
                      "rồi gửi lại."),
    "period-conflict": (Severity.HOLD, "the month typed and another sign of the file (its template, name) disagree",
                        "Tệp ghi kỳ báo cáo {found} nhưng {source} ghi {other}. Tệp được giữ lại, chưa đưa vào tổng "
                        "hợp, chờ Thư ký ISO xác nhận là báo cáo tháng nào. Nếu chọn nhầm kỳ, hãy sửa ô {cell} rồi "
                        "gửi lại."),
    "sender-unit-mismatch": (Severity.HOLD, "a mailed file claims a unit other than the sender's",
                             "Tệp được gửi từ địa chỉ {sender} của {expected} nhưng ghi là báo cáo của «{found}». Tệp "
                             "được giữ lại, chờ Thư ký ISO xác nhận. Mỗi đơn vị gửi báo cáo của mình từ địa chỉ thư "
                             "của đơn vị."),
    "confirmed-by-secretary": (Severity.WARNING, "the secretary confirmed the unit and month of a held file",
                               "Thư ký ISO đã xác nhận tệp là báo cáo của {unit}, kỳ {period}."),
    "rejected-by-secretary": (Severity.ERROR, "the secretary rejected a held file",
                              "Thư ký ISO đã trả lại tệp này (không xác nhận được đơn vị, kỳ báo cáo). Hãy kiểm tra "
                              "đơn vị và kỳ báo cáo rồi gửi lại."),
    "unknown-sender": (Severity.WARNING, "a mailed file came from an address that is no unit's",
                       "Tệp được gửi từ địa chỉ {sender}, không phải địa chỉ thư của đơn vị nào trong danh sách. "
                       "Thư ký ISO sẽ xác minh; lần sau hãy gửi từ địa chỉ thư của đơn vị."),
    # --- indicator figures
    "not-a-number": (Severity.ERROR, "a count is not a number",
                     "Ô này phải là một số lượng nhưng đang ghi «{found}». {type_a_count}"),
    "not-whole": (Severity.ERROR, "a count has a fractional part",
                  "Số lượng phải là số nguyên nhưng đang ghi {found}. {type_a_count}"),
    "negative": (Severity.ERROR, "a count is negative",
                 "Số lượng không được âm (đang ghi {found}). {type_a_count}"),
    "rate-typed": (Severity.ERROR, "a rate was typed where a count belongs",
                   "Ô này ghi một tỷ lệ ({found}), nhưng cần ghi số lượng; tỷ lệ do hệ thống tự tính từ các số. "
                   "{type_a_count}"),
    "counts-without-due": (Severity.ERROR, "done counts are given but the due count is empty",
                           "Đã ghi số hoàn thành nhưng chưa ghi «số phải thực hiện» ở ô {cell}. Hãy ghi số phải "
                           "thực hiện (ghi 0 nếu không phát sinh)."),
    "done-exceeds-due": (Severity.ERROR, "done on time + done late is more than what was due",
                         "Số hoàn thành đúng hạn ({on_time}) cộng trễ hạn ({late}) là {done}, vượt số phải "
                         "thực hiện ({due}). Hãy kiểm tra lại các số."),
    "late-not-applicable": (Severity.WARNING, "a late count was given for an indicator without lateness",
                            "Chỉ tiêu {indicator} không tính «trễ hạn»; số {found} ở ô này bị bỏ qua."),
    "computed-typed": (Severity.WARNING, "a number typed where 1.1 is counted from the measures, unlike the count",
                       "Số {found} ở ô này không được dùng: chỉ tiêu {indicator} được tính từ trang «{sheet_name}» "
                       "({due} biện pháp đơn vị chủ trì đến hạn trong tháng; {on_time} hoàn thành đúng hạn, {late} "
                       "trễ hạn). Hãy kiểm tra trạng thái các biện pháp trên trang đó."),
    "missing-corrective-action": (Severity.WARNING, "below target without a cause and corrective action (ISO 9001 10.2)",
                                  "Chỉ tiêu {indicator} chưa đạt ({rate} so với mục tiêu {target}) nhưng chưa ghi "
                                  "đủ {missing}. Theo ISO 9001 mục 10.2, hãy ghi nguyên nhân, hành động khắc "
                                  "phục, người chịu trách nhiệm và thời hạn."),
    "figures-disagree": (Severity.ERROR, "two figures the plan says are one disagree (6.2's denominator is 6.1's "
                         "numerator, same unit and month): flagged at both cells", RULES["figures-disagree"]),
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
    "date-before-plan": (Severity.WARNING, "a date falls before the plan's year",
                         "Ngày {found} ở trước năm kế hoạch {year}. Hãy kiểm tra lại ngày (có thể đã dán nhầm "
                         "một con số vào ô ngày)."),
    "date-in-future": (Severity.ERROR, "a completion date is after the day the file arrived",
                       "Ngày hoàn thành {found} ở sau ngày gửi báo cáo ({today}). Hãy kiểm tra lại ngày."),
    "status-missing": (Severity.ERROR, "a measure has a completion date or evidence but no status",
                       "Biện pháp {measure} có ghi ngày hoàn thành hoặc minh chứng nhưng chưa chọn trạng thái "
                       "(ô {cell}). Hãy chọn trạng thái trong danh sách."),
    "not-started-with-date": (Severity.ERROR, "a measure marked not started has a completion date",
                              "Biện pháp {measure} ghi «Chưa thực hiện» nhưng có ngày hoàn thành {found}. Hãy chọn "
                              "lại trạng thái hoặc xóa ngày."),
    "late-before-deadline": (Severity.ERROR, "marked late but completed by the deadline",
                             "Biện pháp {measure} ghi «hoàn thành trễ hạn» nhưng ngày hoàn thành {found} không sau "
                             "thời hạn {deadline}. Hãy chọn «hoàn thành đúng hạn» hoặc sửa ngày."),
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
    "same-as-previous": (Severity.WARNING, "every figure equals the unit's previous accepted report",
                         "Mọi số liệu chỉ tiêu giống hệt báo cáo kỳ {earlier} (tệp «{file}»). Nếu đã dùng lại tệp "
                         "của kỳ trước, hãy kiểm tra và nhập số liệu của kỳ này."),
    # --- the management-review workbook (mtcl review record)
    "review-not-book": (Severity.ERROR, "the file is not a management-review workbook made by mtcl",
                        "Tệp «{file}» không phải sổ xem xét của lãnh đạo do mtcl tạo (không thấy trang ẩn _mtcl của "
                        "sổ). Hãy dùng tệp tạo bằng lệnh «mtcl review prepare --period <kỳ>» và điền vào đó."),
    "review-other-plan": (Severity.ERROR, "the review workbook belongs to another plan",
                          "Sổ xem xét này thuộc kế hoạch «{found}», không phải kế hoạch hiện hành «{expected}». Hãy "
                          "tạo sổ mới bằng «mtcl review prepare --period <kỳ>»."),
    "review-sheet-missing": (Severity.ERROR, "a sheet of the review workbook was deleted or renamed",
                             "Không thấy trang «{sheet_name}» trong sổ xem xét. Không đổi tên hay xóa trang; hãy chép "
                             "nội dung sang một sổ mới tạo bằng «mtcl review prepare»."),
    "review-required": (Severity.ERROR, "a filled row of the review workbook lacks a required cell",
                        "Trang «{sheet_name}», ô {cell}: chưa ghi «{column}». Dòng này đã có nội dung nên cột này bắt "
                        "buộc; hãy điền ô này hoặc xóa cả dòng."),
    "review-date-invalid": (Severity.ERROR, "a date in the review workbook cannot be understood",
                            "Trang «{sheet_name}», ô {cell}: không hiểu ngày «{found}». Hãy ghi ngày theo dạng "
                            "ngày/tháng/năm, ví dụ 15/06/2023."),
    "review-unknown-owner": (Severity.ERROR, "a unit (owner) in the review workbook is not a configured unit",
                             "Trang «{sheet_name}», ô {cell}: đơn vị «{found}» không có trong danh sách đơn vị của "
                             "Sở. Hãy chọn tên đơn vị trong danh sách của ô."),
    "review-choice-invalid": (Severity.ERROR, "a cell of the review workbook holds a value outside its list",
                              "Trang «{sheet_name}», ô {cell}: «{found}» không có trong danh sách. Hãy chọn một "
                              "trong: {choices}."),
    "review-meeting-missing": (Severity.ERROR, "decisions are recorded but a fact of the meeting is blank",
                               "Trang «{sheet_name}», ô {cell}: đã có quyết định nhưng chưa ghi «{field}» của cuộc "
                               "họp. Hãy điền để lập biên bản họp."),
    "review-unknown-decision": (Severity.WARNING, "sheet a) lists a decision no earlier review recorded",
                                "Trang «{sheet_name}», ô {cell}: mã quyết định «{found}» không có trong các lần xem "
                                "xét trước đã ghi nhận; dòng này bị bỏ qua. Không sửa cột mã quyết định."),
}
TYPE_A_COUNT = "Hãy ghi một số nguyên, ví dụ 12; ghi 0 nếu trong kỳ không phát sinh."


def make_finding(code: str, *, sheet: str | None = None, cell: str | None = None, value: Any = None,
                 severity: str | None = None, **params: Any) -> Finding:
    """A finding for `code`; `params` fill the Vietnamese message ('found' defaults to the value)."""
    default_severity, _meaning, template = CATALOGUE[code]
    shown = None if value is None else str(value)
    params.setdefault("found", shown if shown is not None else "")
    params.setdefault("cell", cell or "")
    params.setdefault("type_a_count", TYPE_A_COUNT)
    return Finding(severity=severity or default_severity, code=code, message=template.format(**params),
                   sheet=sheet, cell=cell, value=shown)


def flatten(findings: Iterable[Finding], fields: tuple[str, ...] = ("code", "cell")) -> list[tuple]:
    """Findings as plain tuples (for tests and tables), in their original order."""
    return [tuple(getattr(f, name) for name in fields) for f in findings]
