"""The report template's layout, shared by the template writer and the reader: sheets, columns, the header block, the measure statuses."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import MeasureState


TEMPLATE_VERSION = "2"        # 2: the «Kiểm tra» column, the measures' roles, coordinators and deadlines
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


# Widths are chosen for print: A4 landscape at PRINT_SCALE, the input columns on a second page that repeats the
# columns up to the one named by `repeat_until` (Excel ignores manual page breaks on a fit-to-page sheet).
INDICATOR_COLUMNS = (
    Column("id", "Mã chỉ tiêu", 8, aliases=("Mã", "Mã CT", "STT chỉ tiêu")),
    Column("objective", "Mục tiêu", 16),
    Column("name", "Chỉ tiêu", 25),
    Column("denominator_label", "Mẫu số: số phải thực hiện là", 24),
    Column("numerator_label", "Tử số: số hoàn thành là", 24),
    Column("target", "Mục tiêu kế hoạch", 10),
    Column("due", "Số phải thực hiện trong kỳ", 11, True, ("Số phải thực hiện", "Phải thực hiện", "Mẫu số")),
    Column("on_time", "Số hoàn thành đúng hạn", 11, True, ("Hoàn thành đúng hạn", "Đúng hạn", "Tử số")),
    Column("late", "Số hoàn thành trễ hạn", 11, True, ("Hoàn thành trễ hạn", "Trễ hạn")),
    Column("rate", "Tỷ lệ (tự tính)", 9),
    Column("evidence", "Minh chứng (số, ký hiệu văn bản)", 16, True, ("Minh chứng",)),
    Column("cause", "Nguyên nhân chưa đạt", 17, True, ("Nguyên nhân",)),
    Column("action", "Hành động khắc phục", 17, True, ("Biện pháp khắc phục",)),
    Column("owner", "Người chịu trách nhiệm khắc phục", 12, True, ("Người chịu trách nhiệm", "Người phụ trách")),
    Column("action_deadline", "Thời hạn khắc phục", 10, True, ("Hạn khắc phục",)),
    # ISO 9001 10.2: the unit says when the action was carried out; only then do later figures verify it.
    Column("action_done", "Ngày thực hiện xong khắc phục", 11, True, ("Ngày khắc phục xong", "Đã khắc phục ngày")),
    Column("check", "Kiểm tra (tự động)", 26, aliases=("Kiểm tra",)),
)
MEASURE_COLUMNS = (
    Column("id", "Mã biện pháp", 7, aliases=("Mã", "TT")),
    Column("objective", "Mục tiêu", 6),
    Column("text", "Biện pháp thực hiện", 36),
    Column("role", "Đơn vị là", 10, aliases=("Vai trò",)),
    Column("lead", "Chủ trì", 16),
    Column("coordinate", "Phối hợp", 16),
    Column("deadline", "Thời gian thực hiện", 16),
    Column("due_in_period", "Hạn tính cho kỳ này", 11),
    Column("monitor", "Trách nhiệm theo dõi", 14),
    Column("expected", "Minh chứng kế hoạch yêu cầu", 22),
    Column("status", "Trạng thái", 16, True, ("Tình trạng",)),
    Column("completed_on", "Ngày hoàn thành", 12, True, ("Ngày hoàn thành thực tế",)),
    Column("evidence", "Minh chứng (số, ký hiệu văn bản)", 22, True, ("Minh chứng",)),
    Column("note", "Ghi chú", 18, True),
    Column("check", "Kiểm tra (tự động)", 34, aliases=("Kiểm tra",)),
)
# Print: the columns before these go on the first page, these and the rest on the second, which repeats the
# columns up to and including the `*_REPEAT` one.
INDICATOR_PAGE_BREAK, INDICATOR_REPEAT = "evidence", "name"
MEASURE_PAGE_BREAK, MEASURE_REPEAT = "status", "text"
PRINT_SCALE = 85              # % : Times New Roman 11 prints at 9.4 pt
STATUSES = {  # key -> what the clerk picks
    MeasureState.NOT_STARTED: "Chưa thực hiện",
    MeasureState.IN_PROGRESS: "Đang thực hiện",
    MeasureState.DONE_ON_TIME: "Hoàn thành đúng hạn",
    MeasureState.DONE_LATE: "Hoàn thành trễ hạn",
}
DONE_STATUSES = (MeasureState.DONE_ON_TIME, MeasureState.DONE_LATE)


def picked_states(values: dict[str, dict[str, object]]) -> dict[str, MeasureState]:
    """The statuses picked from the drop-down in values typed on the Biện pháp sheet ({measure id: {"status": …}})."""
    states = {label: state for state, label in STATUSES.items()}
    return {key: states[v["status"]] for key, v in values.items() if v.get("status") in states}

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
