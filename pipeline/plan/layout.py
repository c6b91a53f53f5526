"""The report template's layout, shared by the template writer and the reader: sheets, columns, the header block, the measure statuses."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import MeasureState


TEMPLATE_VERSION = "1"
SHEET_GUIDE = "Hướng dẫn"
SHEET_INDICATORS = "Chỉ tiêu"
SHEET_MEASURES = "Biện pháp"
SHEET_META = "_mtcl"
META_MARK = "mtcl-template"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    is_input: bool = False
    aliases: tuple[str, ...] = ()


INDICATOR_COLUMNS = (
    Column("id", "Mã chỉ tiêu", 8, aliases=("Mã", "Mã CT", "STT chỉ tiêu")),
    Column("objective", "Mục tiêu", 22),
    Column("name", "Chỉ tiêu", 40),
    Column("denominator_label", "Mẫu số: số phải thực hiện là", 30),
    Column("numerator_label", "Tử số: số hoàn thành là", 30),
    Column("target", "Mục tiêu kế hoạch", 12),
    Column("due", "Số phải thực hiện trong kỳ", 13, True, ("Số phải thực hiện", "Phải thực hiện", "Mẫu số")),
    Column("on_time", "Số hoàn thành đúng hạn", 13, True, ("Hoàn thành đúng hạn", "Đúng hạn", "Tử số")),
    Column("late", "Số hoàn thành trễ hạn", 13, True, ("Hoàn thành trễ hạn", "Trễ hạn")),
    Column("rate", "Tỷ lệ (tự tính)", 11),
    Column("evidence", "Minh chứng (số, ký hiệu văn bản)", 28, True, ("Minh chứng",)),
    Column("cause", "Nguyên nhân chưa đạt", 28, True, ("Nguyên nhân",)),
    Column("action", "Hành động khắc phục", 28, True, ("Biện pháp khắc phục",)),
    Column("owner", "Người chịu trách nhiệm khắc phục", 20, True, ("Người chịu trách nhiệm", "Người phụ trách")),
    Column("action_deadline", "Thời hạn khắc phục", 13, True, ("Hạn khắc phục",)),
    # ISO 9001 10.2: the unit says when the action was carried out; only then do later figures verify it.
    Column("action_done", "Ngày thực hiện xong khắc phục", 14, True, ("Ngày khắc phục xong", "Đã khắc phục ngày")),
)
MEASURE_COLUMNS = (
    Column("id", "Mã biện pháp", 9, aliases=("Mã", "TT")),
    Column("objective", "Mục tiêu", 8),
    Column("text", "Biện pháp thực hiện", 50),
    Column("lead", "Chủ trì", 22),
    Column("deadline", "Thời gian thực hiện", 22),
    Column("expected", "Minh chứng kế hoạch yêu cầu", 30),
    Column("status", "Trạng thái", 20, True, ("Tình trạng",)),
    Column("completed_on", "Ngày hoàn thành", 14, True, ("Ngày hoàn thành thực tế",)),
    Column("evidence", "Minh chứng (số, ký hiệu văn bản)", 28, True, ("Minh chứng",)),
    Column("note", "Ghi chú", 24, True),
)
STATUSES = {  # key -> what the clerk picks
    MeasureState.NOT_STARTED: "Chưa thực hiện",
    MeasureState.IN_PROGRESS: "Đang thực hiện",
    MeasureState.DONE_ON_TIME: "Hoàn thành đúng hạn",
    MeasureState.DONE_LATE: "Hoàn thành trễ hạn",
}
DONE_STATUSES = (MeasureState.DONE_ON_TIME, MeasureState.DONE_LATE)
# The header block above the indicator table: label -> key; the input is the cell right of it.
HEADER_FIELDS = (("unit", "Đơn vị báo cáo:"), ("period", "Kỳ báo cáo (tháng/năm):"),
                 ("reporter", "Người lập báo cáo:"), ("report_date", "Ngày lập báo cáo:"))
HEADER_FIRST_ROW = 3          # 0-based row of "Đơn vị báo cáo:"
INDICATOR_HEADER_ROW = 8      # 0-based row of the table header; data starts on the next row
MEASURE_HEADER_ROW = 3
META_KEYS = ("template_version", "plan_id", "unit", "period")
MAX_TEXT = 2000


def column_index(columns: tuple[Column, ...], key: str) -> int:
    return next(i for i, c in enumerate(columns) if c.key == key)
