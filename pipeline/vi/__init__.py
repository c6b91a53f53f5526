"""Every word a clerk, the secretary or leadership reads: the labels of the statuses and verdicts (keyed by the
values of model's enums), the names of things, and how numbers read in Vietnamese. The texts of each output are
in the catalogues beside this one (vi/workbook.py, vi/documents.py…). This package imports nothing."""
from __future__ import annotations



def vi_int(n: int) -> str:
    """A whole number as Vietnamese text writes it: 5.960, 1.048.576."""
    return f"{n:,}".replace(",", ".")


def pct(rate: float | None) -> str:
    """A rate as every output writes it: 91,9%; «—» where nothing was due (the tables' legend says so)."""
    return "—" if rate is None else f"{rate:.1%}".replace(".", ",")


def vi_ratio(part: int, whole: int) -> str:
    """"part of whole" as the tables and messages show it: 2.880/3.000."""
    return f"{vi_int(part)}/{vi_int(whole)}"


SEVERITY_VI = {"error": "Lỗi", "hold": "Chờ xác nhận", "warning": "Cảnh báo"}
VERDICT_VI = {"accepted": "nhận", "accepted-with-warnings": "nhận có cảnh báo", "held": "chờ xác nhận",
              "rejected": "trả lại"}
STATUS_VI = {"accepted": "Được nhận", "rejected": "Trả lại", "superseded": "Đã được thay bằng bản sau",
             "held": "Chờ Thư ký ISO xác nhận",
             "duplicate": "Trùng tệp đã nhận", "deferred": "Đang sao chép / đang mở, chờ lần chạy sau"}
UNIT_STATUS_VI = {"on-time": "Đúng hạn", "late": "Trễ hạn", "missing": "Chưa nộp", "rejected": "Bị trả lại, chưa nộp lại"}
# --- user-facing words, kept together for review
TIMELINESS_VI = {"on-time": "Đúng hạn", "late": "Trễ hạn",
                 "on-time-rejected": "Gửi đúng hạn nhưng bị trả lại", "missing": "Chưa nộp",
                 "pending": "Chưa đến hạn nộp"}
UP, DOWN, FLAT = "↑", "↓", "→"
NO_ACTION_VI = "Chưa có hành động khắc phục"
ACTION_STATUS_VI = {"open": "Đang khắc phục: đơn vị chưa báo đã thực hiện xong",
                    "verifying": "Đã thực hiện, đang kiểm tra hiệu quả",
                    "not-effective": "Chưa hiệu quả: đã thực hiện nhưng kỳ sau vẫn chưa đạt",
                    "closed": "Đã đóng: đã thực hiện và đạt liên tiếp", "no-action": NO_ACTION_VI}
ACTION_SHORT_VI = {"open": "đang khắc phục", "verifying": "đang kiểm tra hiệu quả", "not-effective": "chưa hiệu quả",
                   "closed": "đã đóng", "no-action": "chưa có hành động"}
NOT_REPORTED_VI = "Chưa báo cáo"
OVERDUE_VI = "Quá hạn"


# How a period reads (plan.periods.Period.label_vi).
PERIOD_LABELS = {
    "month": "Tháng {month:02d}/{year}",
    "quarter": "Quý {roman}/{year}",
    "first-half": "6 tháng đầu năm {year}",
    "second-half": "6 tháng cuối năm {year}",
    "year": "Năm {year}",
    "report": "{label} năm {year}",
    "span": "Số liệu từ tháng {first} đến tháng {last}; hạn nộp {due}",
}


def ytd_label(period) -> str:
    last = period.first_month + period.months_count - 1
    return f"Lũy kế tháng 01–{last:02d}/{period.year}" if last > 1 else f"Tháng 01/{period.year}"


SHEETS = {"dashboard": "Tổng quan", "matrix": "Ma trận đơn vị", "trends": "Xu hướng", "status": "Tình hình nộp",
          "timeliness": "Nộp báo cáo cả năm", "overdue": "Biện pháp quá hạn", "self_reports": "Đối chiếu tự báo cáo",
          "actions": "Khắc phục", "data": "Dữ liệu", "findings": "Lỗi và cảnh báo", "files": "Tệp đã nhận",
          "charts": "Số liệu biểu đồ"}
RESULT_VI = {True: "Đạt", False: "Không đạt", None: "Không phát sinh"}
TRACKED_VI = "Theo dõi"                 # an indicator whose target the plan does not set: no pass or fail
POOLED_VI = "{result} (cả nhóm)"        # a unit the plan judges only with its pool (6.2 in a phòng): the pool's verdict
SMALL_BASE_VI = "mẫu số nhỏ"            # a rate on a denominator below [reporting] small_base
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


# Words and short phrases more than one output uses: one wording each.
WORDS = {
    "dat": "đạt",
    "chua-dat": "chưa đạt",
    "chua-xac-dinh": "chưa xác định",
    "ban-giam-doc-so": "Ban Giám đốc Sở",
    "bien-phap": "Biện pháp",
    "bien-phap-2": "biện pháp",
    "bien-phap-qua-han": "Biện pháp quá hạn",
    "chi-tieu": "Chỉ tiêu",
    "da-nop": "Đã nộp",
    "don-vi": "Đơn vị",
    "don-vi-2": "đơn vị",
    "don-vi-chu-tri": "Đơn vị chủ trì",
    "don-vi-chua-dat": "Đơn vị chưa đạt",
    "don-vi-dat": "Đơn vị đạt",
    "don-vi-phat-sinh": "Đơn vị thực hiện",
    "dung-han": "Đúng hạn",
    "hanh-dong-khac-phuc": "Hành động khắc phục",
    "hoac": " hoặc ",
    "ket-qua": "Kết quả",
    "khong-co-bien-phap-nao-qua-han": "Không có biện pháp nào quá hạn.",
    "khong-co-don-vi-nao-cham-trong-ky": "Không có đơn vị nào chậm trong kỳ.",
    "ky": "KỲ",
    "ky-2": "Kỳ",
    "ky-bao-cao": "Kỳ báo cáo",
    "luu-vt-vp-iso": "Lưu: VT, VP (ISO)",
    "ma": "Mã",
    "ma-dv": "Mã ĐV",
    "minh-chung-ke-hoach-yeu-cau": "Minh chứng kế hoạch yêu cầu",
    "muc-do": "Mức độ",
    "muc-tieu": "Mục tiêu",
    "muc-tieu-kh": "Mục tiêu KH",
    "nguoi-chiu-trach-nhiem": "Người chịu trách nhiệm",
    "nguon": "Nguồn",
    "nguyen-nhan": "Nguyên nhân",
    "noi-dung-va-cach-sua": "Nội dung và cách sửa",
    "o": "Ô",
    "phai-nop": "Phải nộp",
    "qua-han": " — quá hạn",
    "qua-han-2": "Quá hạn",
    "so-don-vi-dat-chua-dat-tung-chi-tieu": "Số đơn vị đạt / chưa đạt từng chỉ tiêu",
    "tep": "Tệp",
    "thoi-han": "Thời hạn",
    "tinh-trang": "Tình trạng",
    "toan-so": "Toàn Sở",
    "tre-han": "Trễ hạn",
    "truong-hop": "trường hợp",
    "ty-le": "Tỷ lệ",
    "ty-le-cua-so": "Tỷ lệ của Sở",
    "ty-le-cua-so-so-voi-muc-tieu-vach-den": "Tỷ lệ của Sở so với mục tiêu (vạch đen)",
    "ty-le-dung-han": "Tỷ lệ đúng hạn",
    "ty-le-nop": "Tỷ lệ nộp",
    "ty-le-nop-bao-cao": "Tỷ lệ nộp báo cáo",
    "ty-le-nop-bao-cao-qua-cac-thang": "Tỷ lệ nộp báo cáo qua các tháng",
    "ty-le-nop-dung-han": "Tỷ lệ nộp đúng hạn",
}
