"""The consolidated workbook leadership reads, written with xlsxwriter (this module owns its format)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import xlsxwriter

from .config import Config
from .findings import SEVERITY_VI
from .merge import STATUS_VI, Outcome
from .metrics import UNIT_STATUS_VI, Metrics
from .validate import VERDICT_VI

SHEETS = {"dashboard": "Tổng quan", "matrix": "Ma trận đơn vị", "status": "Tình hình nộp",
          "data": "Dữ liệu", "findings": "Lỗi và cảnh báo", "actions": "Khắc phục", "files": "Tệp đã nhận"}
RESULT_VI = {True: "Đạt", False: "Không đạt", None: "Không phát sinh"}
EXCEL_MAX_CELL = 32767


def result_label(met: bool | None) -> str:
    return RESULT_VI[met]


def write_workbook(path: Path, config: Config, metrics: Metrics, frame: pd.DataFrame, outcomes: list[Outcome],
                   generated_at: dt.datetime) -> None:
    """Write the whole workbook to `path` (the caller publishes it atomically)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "remove_timezone": True})
    period = metrics.period
    wb.set_properties({"title": f"Tổng hợp kết quả thực hiện MTCL — {period.label_vi}",
                       "subject": config.plan.title, "author": "mtcl", "company": config.plan.department,
                       "created": generated_at.replace(tzinfo=None)})
    f = _formats(wb)

    # Step 1: the dashboard answers "are we meeting the objectives, who is behind" on one screen.
    ws = wb.add_worksheet(SHEETS["dashboard"])
    ws.set_column(0, 0, 9)
    ws.set_column(1, 1, 46)
    ws.set_column(2, 8, 13)
    ws.set_column(9, 9, 14)
    ws.merge_range(0, 0, 0, 9, f"TỔNG HỢP KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG — {period.label_vi.upper()}",
                   f["title"])
    ws.merge_range(1, 0, 1, 9, f"{config.plan.department} · {config.plan.title} · lập lúc "
                   f"{generated_at:%H:%M %d/%m/%Y}", f["subtitle"])
    stats = [("Đơn vị phải nộp", metrics.expected), ("Đã nộp (được nhận)", metrics.submitted),
             ("Nộp đúng hạn", metrics.count("on-time")), ("Nộp trễ hạn", metrics.count("late")),
             ("Chưa nộp hoặc bị trả lại", metrics.count("missing") + metrics.count("rejected"))]
    for i, (label, value) in enumerate(stats):
        ws.write_string(3, 2 * i, label, f["stat_label"])
        ws.write_number(4, 2 * i, value, f["stat"])
        ws.write_url(3, 2 * i + 1, f"internal:'{SHEETS['status']}'!A1", f["link"], string="Xem →")
    header = ["Mã", "Chỉ tiêu", "Mục tiêu KH", "Tỷ lệ của Sở", "Tử số", "Mẫu số", "Trễ hạn",
              "Đơn vị đạt", "Đơn vị phát sinh", "Kết quả"]
    top = 6
    ws.write_row(top, 0, header, f["header"])
    row = top + 1
    for obj in metrics.objectives:
        ws.merge_range(row, 0, row, 8, f"Mục tiêu {obj.id}. {config.objective(obj.id).short}", f["objective"])
        ws.write_string(row, 9, result_label(obj.met), f["objective"])
        row += 1
        for ind in (r for r in metrics.indicators if r.objective == obj.id):
            ws.write_url(row, 0, f"internal:'{SHEETS['matrix']}'!A1", f["link_cell"], string=ind.id)
            ws.write_string(row, 1, ind.name, f["cell"])
            ws.write_string(row, 2, ind.target_label, f["center"])
            _write_rate(ws, row, 3, ind.rate, f)
            ws.write_number(row, 4, ind.numerator, f["int"])
            ws.write_number(row, 5, ind.denominator, f["int"])
            _write_optional(ws, row, 6, ind.late, f["int"])
            ws.write_number(row, 7, ind.units_met, f["int"])
            ws.write_number(row, 8, ind.units_reporting, f["int"])
            ws.write_string(row, 9, result_label(ind.met), f["center"])
            row += 1
    _traffic_lights(ws, top + 1, 9, row - 1, 9, f)
    ws.write_string(row + 1, 0, "Tỷ lệ của Sở = tổng tử số / tổng mẫu số của các đơn vị (không lấy trung bình các "
                                "tỷ lệ). «Không phát sinh»: trong kỳ không có việc phải thực hiện.", f["note"])
    ws.freeze_panes(top + 1, 0)
    _page(ws, config, period, top, (0, 0, row + 1, 9))

    # Step 2: unit × indicator matrix, each rate coloured by whether that unit met the target.
    ws = wb.add_worksheet(SHEETS["matrix"])
    ws.set_column(0, 0, 40)
    ws.set_column(1, len(metrics.indicators), 8)
    ws.write_string(0, 0, f"Tỷ lệ theo đơn vị và chỉ tiêu — {period.label_vi}", f["title_left"])
    ws.write_string(1, 0, "Xanh: đạt; đỏ: không đạt; «—»: không phát sinh; trống: chưa báo cáo.", f["note"])
    ws.write_string(3, 0, "Đơn vị", f["header"])
    for c, ind in enumerate(metrics.indicators, start=1):
        ws.write_string(3, c, ind.id, f["header"])
        ws.write_comment(3, c, f"{ind.name} ({ind.target_label})")
    for r, unit in enumerate(config.units, start=4):
        ws.write_string(r, 0, unit.name, f["cell"])
        for c, ind in enumerate(metrics.indicators, start=1):
            fig = ind.by_unit.get(unit.code)
            if fig is None:
                ws.write_blank(r, c, None, f["cell"])
            elif fig.rate is None:
                ws.write_string(r, c, "—", f["center"])
            else:
                ws.write_number(r, c, fig.rate, f["pct_ok"] if fig.met else f["pct_bad"])
    dept = 4 + len(config.units)
    ws.write_string(dept, 0, "Toàn Sở", f["header"])
    for c, ind in enumerate(metrics.indicators, start=1):
        _write_rate(ws, dept, c, ind.rate, f, ok=ind.met)
    ws.freeze_panes(4, 1)
    _page(ws, config, period, 3, (0, 0, dept, len(metrics.indicators)))

    # Step 3: who submitted, on time or late, and who is missing.
    ws = wb.add_worksheet(SHEETS["status"])
    rows = [[s.period, s.unit, s.name, UNIT_STATUS_VI[s.status], s.file or "", s.received_at, s.rejected_files]
            for s in metrics.statuses]
    _table(ws, rows, ["Kỳ", "Mã ĐV", "Đơn vị", "Tình trạng", "Tệp được dùng", "Thời điểm nhận", "Số tệp bị trả lại"],
           [9, 9, 44, 22, 40, 18, 12], f, f"Tình hình nộp báo cáo — {period.label_vi} (hạn nộp ngày "
           f"{config.reporting.due_day} tháng sau)")
    _status_colours(ws, len(rows), 3, f)
    _page(ws, config, period, 2, None)

    # Step 4: the merged data as an Excel table with filters.
    ws = wb.add_worksheet(SHEETS["data"])
    data_rows = []
    for rec in frame.itertuples(index=False):
        data_rows.append([rec.period, rec.unit, rec.unit_name, rec.objective, rec.indicator, rec.indicator_name,
                          _int(rec.due), _int(rec.on_time), _int(rec.late),
                          None if pd.isna(rec.rate) else float(rec.rate), rec.evidence, rec.cause, rec.action,
                          rec.owner, rec.action_deadline, rec.source_file,
                          f"{rec.sheet}!{rec.cell}" if rec.cell else "", rec.sha256])
    _table(ws, data_rows, ["Kỳ", "Mã ĐV", "Đơn vị", "Mục tiêu", "Chỉ tiêu", "Tên chỉ tiêu", "Phải thực hiện",
                           "Đúng hạn", "Trễ hạn", "Tỷ lệ", "Minh chứng", "Nguyên nhân", "Hành động khắc phục",
                           "Người chịu trách nhiệm", "Thời hạn khắc phục", "Tệp nguồn", "Ô nguồn", "SHA-256"],
           [9, 9, 30, 9, 9, 36, 11, 10, 10, 9, 24, 24, 24, 18, 12, 36, 16, 20], f,
           f"Dữ liệu tổng hợp — {period.label_vi}", pct_cols=(9,))
    _page(ws, config, period, 2, None)

    # Step 5: every finding of every submission of the period, errors first.
    ws = wb.add_worksheet(SHEETS["findings"])
    frows = []
    for o in outcomes:
        for fnd in sorted(o.checked.findings, key=lambda x: x.severity != "error"):
            frows.append([o.submission.path, o.checked.unit or "", STATUS_VI[o.status],
                          SEVERITY_VI.get(fnd.severity, fnd.severity), fnd.code, fnd.sheet or "", fnd.cell or "",
                          fnd.value or "", fnd.message])
    _table(ws, frows, ["Tệp", "Mã ĐV", "Kết quả xử lý tệp", "Mức độ", "Mã lỗi", "Trang", "Ô", "Giá trị",
                       "Nội dung và cách sửa"], [36, 9, 20, 10, 24, 12, 7, 16, 80], f,
           f"Lỗi và cảnh báo trong các tệp đã nhận — {period.label_vi}")
    _page(ws, config, period, 2, None)

    # Step 6: corrective actions units reported (ISO 9001 clause 10.2), and misses without one.
    ws = wb.add_worksheet(SHEETS["actions"])
    arows = []
    for ind in metrics.indicators:
        for code, fig in ind.by_unit.items():
            mine = frame[(frame["unit"] == code) & (frame["indicator"] == ind.id)]
            causes = [r for r in mine.itertuples(index=False) if r.cause or r.action]
            if fig.met is not False and not causes:
                continue
            for r in causes or [None]:
                arows.append([code, config.unit(code).name, ind.id, fig.rate, ind.target_label,
                              r.period if r else "", (r.cause if r else None) or "",
                              (r.action if r else None) or "Chưa có hành động khắc phục",
                              (r.owner if r else None) or "", r.action_deadline if r else None])
    _table(ws, arows, ["Mã ĐV", "Đơn vị", "Chỉ tiêu", "Tỷ lệ", "Mục tiêu KH", "Kỳ", "Nguyên nhân",
                       "Hành động khắc phục", "Người chịu trách nhiệm", "Thời hạn"],
           [9, 34, 9, 9, 12, 9, 36, 40, 20, 12], f,
           f"Nguyên nhân và hành động khắc phục (ISO 9001:2015 mục 10.2) — {period.label_vi}", pct_cols=(3,))
    _page(ws, config, period, 2, None)

    # Step 7: every file received for the period and what became of it.
    ws = wb.add_worksheet(SHEETS["files"])
    rows = [[o.submission.path, o.checked.unit or "", o.checked.period.key if o.checked.period else "",
             STATUS_VI[o.status], VERDICT_VI[o.checked.verdict], o.submission.received_at,
             "Đúng hạn" if o.on_time else ("Trễ hạn" if o.on_time is False else ""),
             sum(x.severity == "error" for x in o.checked.findings),
             sum(x.severity == "warning" for x in o.checked.findings), o.submission.sha256]
            for o in outcomes]
    _table(ws, rows, ["Tệp", "Mã ĐV", "Kỳ", "Kết quả xử lý", "Kết luận", "Thời điểm nhận", "Thời hạn", "Số lỗi",
                      "Số cảnh báo", "SHA-256"], [40, 9, 9, 22, 16, 18, 11, 8, 10, 66], f,
           f"Các tệp đã nhận — {period.label_vi}")
    _page(ws, config, period, 2, None)

    wb.close()


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _write_optional(ws, row, col, value, fmt) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, value, fmt)


def _write_rate(ws, row, col, rate, f, ok=None) -> None:
    if rate is None:
        ws.write_string(row, col, "—", f["center"])
    elif ok is None:
        ws.write_number(row, col, rate, f["pct"])
    else:
        ws.write_number(row, col, rate, f["pct_ok"] if ok else f["pct_bad"])


def _safe_text(value) -> str:
    text = str(value)
    return text if len(text) <= EXCEL_MAX_CELL else text[: EXCEL_MAX_CELL - 1] + "…"


def _table(ws, rows, headers, widths, f, title, pct_cols=()) -> None:
    """A titled Excel table with filters, banded rows and frozen headers; text always as text."""
    ws.write_string(0, 0, title, f["title_left"])
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    first = 2
    for r, values in enumerate(rows, start=first + 1):
        for c, value in enumerate(values):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                ws.write_blank(r, c, None, f["cell"])
            elif isinstance(value, bool):
                ws.write_string(r, c, "Có" if value else "Không", f["cell"])
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value, f["pct"] if c in pct_cols else f["int"])
            elif isinstance(value, dt.datetime):
                ws.write_datetime(r, c, value.replace(tzinfo=None), f["datetime"])
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), f["date"])
            else:
                ws.write_string(r, c, _safe_text(value), f["cell"])
    last = first + max(len(rows), 1)
    ws.add_table(first, 0, last, len(headers) - 1, {
        "columns": [{"header": h, "header_format": f["header"]} for h in headers],
        "style": "Table Style Light 9", "autofilter": True})
    ws.freeze_panes(first + 1, 0)


def _traffic_lights(ws, r1, c1, r2, c2, f) -> None:
    for text, fmt in (("Đạt", f["ok"]), ("Không đạt", f["bad"])):
        ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==", "value": f'"{text}"', "format": fmt})


def _status_colours(ws, count, col, f) -> None:
    if not count:
        return
    for text, fmt in ((UNIT_STATUS_VI["on-time"], f["ok"]), (UNIT_STATUS_VI["late"], f["warn"]),
                      (UNIT_STATUS_VI["missing"], f["bad"]), (UNIT_STATUS_VI["rejected"], f["bad"])):
        ws.conditional_format(3, col, 2 + count, col, {"type": "cell", "criteria": "==", "value": f'"{text}"',
                                                       "format": fmt})


def _page(ws, config: Config, period, header_row: int, area) -> None:
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    if area:
        ws.print_area(*area)
    ws.set_header(f"&L&9{config.plan.department}&R&9{period.label_vi}")
    ws.set_footer("&C&9Trang &P/&N")


def _formats(wb) -> dict:
    base = {"font_name": "Times New Roman", "font_size": 11, "border": 1, "valign": "top", "text_wrap": True}
    return {
        "title": wb.add_format({"font_name": "Times New Roman", "bold": True, "font_size": 14, "align": "center"}),
        "title_left": wb.add_format({"font_name": "Times New Roman", "bold": True, "font_size": 13}),
        "subtitle": wb.add_format({"font_name": "Times New Roman", "italic": True, "align": "center"}),
        "note": wb.add_format({"font_name": "Times New Roman", "italic": True, "font_color": "#595959"}),
        "header": wb.add_format({**base, "bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                                 "align": "center", "valign": "vcenter"}),
        "objective": wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7"}),
        "cell": wb.add_format(base),
        "center": wb.add_format({**base, "align": "center"}),
        "int": wb.add_format({**base, "num_format": "#,##0", "align": "center"}),
        "pct": wb.add_format({**base, "num_format": "0.0%", "align": "center"}),
        "pct_ok": wb.add_format({**base, "num_format": "0.0%", "align": "center", "bg_color": "#C6EFCE",
                                 "font_color": "#006100"}),
        "pct_bad": wb.add_format({**base, "num_format": "0.0%", "align": "center", "bg_color": "#FFC7CE",
                                  "font_color": "#9C0006"}),
        "ok": wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100", "bold": True}),
        "bad": wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True}),
        "warn": wb.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
        "date": wb.add_format({**base, "num_format": "dd/mm/yyyy", "align": "center"}),
        "datetime": wb.add_format({**base, "num_format": "dd/mm/yyyy hh:mm", "align": "center"}),
        "stat": wb.add_format({"font_name": "Times New Roman", "bold": True, "font_size": 18, "align": "center",
                               "border": 1, "bg_color": "#F2F2F2"}),
        "stat_label": wb.add_format({"font_name": "Times New Roman", "font_size": 10, "align": "center",
                                     "text_wrap": True, "border": 1, "bg_color": "#F2F2F2"}),
        "link": wb.add_format({"font_color": "#0563C1", "underline": 1, "font_size": 9}),
        "link_cell": wb.add_format({**base, "font_color": "#0563C1", "underline": 1, "align": "center"}),
    }

