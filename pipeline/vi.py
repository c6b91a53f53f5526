"""Every label a clerk, the secretary or leadership reads, and how numbers read in Vietnamese."""
from __future__ import annotations

from .model import ActionStatus, Arrival, Severity, Status, Submitted, Verdict
from .plan.periods import Period


def vi_int(n: int) -> str:
    """A whole number as Vietnamese text writes it: 5.960, 1.048.576."""
    return f"{n:,}".replace(",", ".")


def vi_ratio(part: int, whole: int) -> str:
    """"part of whole" as the tables and messages show it: 2.880/3.000."""
    return f"{vi_int(part)}/{vi_int(whole)}"


SEVERITY_VI = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo"}
VERDICT_VI = {Verdict.ACCEPTED: "nhận", Verdict.ACCEPTED_WITH_WARNINGS: "nhận có cảnh báo", Verdict.REJECTED: "trả lại"}
STATUS_VI = {Status.ACCEPTED: "Được nhận", Status.REJECTED: "Trả lại", Status.SUPERSEDED: "Đã được thay bằng bản sau",
             Status.DUPLICATE: "Trùng tệp đã nhận", Status.DEFERRED: "Đang sao chép / đang mở, chờ lần chạy sau"}
UNIT_STATUS_VI = {Submitted.ON_TIME: "Đúng hạn", Submitted.LATE: "Trễ hạn", Submitted.MISSING: "Chưa nộp", Submitted.REJECTED: "Bị trả lại, chưa nộp lại"}
# --- user-facing words, kept together for review
TIMELINESS_VI = {Arrival.ON_TIME: "Đúng hạn", Arrival.LATE: "Trễ hạn",
                 Arrival.ON_TIME_REJECTED: "Gửi đúng hạn nhưng bị trả lại", Arrival.MISSING: "Chưa nộp",
                 Arrival.PENDING: "Chưa đến hạn nộp"}
UP, DOWN, FLAT = "↑", "↓", "→"
NO_ACTION_VI = "Chưa có hành động khắc phục"
ACTION_STATUS_VI = {ActionStatus.OPEN: "Đang khắc phục, chờ số liệu kỳ sau",
                    ActionStatus.NOT_EFFECTIVE: "Chưa hiệu quả: kỳ sau vẫn chưa đạt",
                    ActionStatus.CLOSED: "Đã đóng: kỳ sau đạt lại", ActionStatus.NO_ACTION: NO_ACTION_VI}
ACTION_SHORT_VI = {ActionStatus.OPEN: "đang khắc phục", ActionStatus.NOT_EFFECTIVE: "chưa hiệu quả",
                   ActionStatus.CLOSED: "đã đóng", ActionStatus.NO_ACTION: "chưa có hành động"}
NOT_REPORTED_VI = "Chưa báo cáo"
OVERDUE_VI = "Quá hạn"


def ytd_label(period: Period) -> str:
    last = period.first_month + period.months_count - 1
    return f"Lũy kế tháng 01–{last:02d}/{period.year}" if last > 1 else f"Tháng 01/{period.year}"


SHEETS = {"dashboard": "Tổng quan", "matrix": "Ma trận đơn vị", "trends": "Xu hướng", "status": "Tình hình nộp",
          "timeliness": "Nộp báo cáo cả năm", "overdue": "Biện pháp quá hạn", "self_reports": "Đối chiếu tự báo cáo",
          "actions": "Khắc phục", "data": "Dữ liệu", "findings": "Lỗi và cảnh báo", "files": "Tệp đã nhận",
          "charts": "Số liệu biểu đồ"}
RESULT_VI = {True: "Đạt", False: "Không đạt", None: "Không phát sinh"}
STAGE_VI = {   # what the progress line says for each stage the run announces (clock.Clock)
    "generate": "đang tạo báo cáo giả lập",
    "fetch mail": "đang lấy thư",
    "collect": "đang nhận tệp mới",
    "read and check": "đang đọc và kiểm tra tệp",
    "feedback copies": "đang ghi bản sao có chú thích cho đơn vị",
    "merge and metrics": "đang tính chỉ tiêu",
    "analysis": "đang phân tích",
    "workbook": "đang ghi bảng tổng hợp",
    "summaries": "đang ghi bản tóm tắt",
    "documents": "đang viết văn bản Word",
    "send mail": "đang gửi thư",
}
