"""The consolidated workbook leadership reads, written with xlsxwriter (this module owns its format)."""
from __future__ import annotations

import collections
import datetime as dt
import heapq
import math
import numbers
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from .analysis import ACTION_STATUS_VI, NO_ACTION_VI, TIMELINESS_VI, Analysis, reporting_rate, ytd_label
from .config import Config
from .findings import SEVERITY_VI
from .ledger import Submission
from .merge import STATUS_VI, Outcome
from .metrics import Metrics
from .periods import Period
from .validate import VERDICT_VI
from .values import vi_int, vi_ratio
from .model import ActionStatus, Arrival, Severity, Status, Submitted

SHEETS = {"dashboard": "Tổng quan", "matrix": "Ma trận đơn vị", "trends": "Xu hướng", "status": "Tình hình nộp",
          "timeliness": "Nộp báo cáo cả năm", "overdue": "Biện pháp quá hạn", "self_reports": "Đối chiếu tự báo cáo",
          "actions": "Khắc phục", "data": "Dữ liệu", "findings": "Lỗi và cảnh báo", "files": "Tệp đã nhận",
          "charts": "Số liệu biểu đồ"}
RESULT_VI = {True: "Đạt", False: "Không đạt", None: "Không phát sinh"}
EXCEL_MAX_CELL = 32767
ROW_LIMIT = 1_048_576           # rows of an Excel sheet; a longer table continues on "<sheet> (2)"
TITLE_ROWS = 2                  # a list sheet: title, blank, then the table header on this 0-based row
PANEL_LINES = 11                # lines per "who / what / what is done" panel on the dashboard
PANEL_CHARS = 64
LINK_LIMIT = 65_530             # hyperlinks Excel keeps on one sheet; a longer list names its sources as text


def result_label(met: bool | None) -> str:
    return RESULT_VI[met]


@dataclass(frozen=True)
class Link:
    """A cell's hyperlink: to a place in this workbook (`internal:`) or to a source file and cell."""
    url: str
    tip: str | None = None


class Row(NamedTuple):
    """One row of a list sheet: its values, the hyperlink of some columns, and formats overriding the
    column's usual one (keys of the format table)."""
    values: list
    links: dict[int, Link | None] | None = None
    formats: dict[int, str] | None = None


# A list row's cells, as xlsxwriter's writer reads them (it goes by the class name and these fields).
_Text = collections.namedtuple("String", "string, format")
_Number = collections.namedtuple("Number", "number, format")
_Blank = collections.namedtuple("Blank", "format")
# Text xlsxwriter would change on the way out (XML escapes, control characters, "_xHHHH_", edge spaces):
# such a cell goes through xlsxwriter's own writer.
_NOT_PLAIN = re.compile(r"[&<>\x00-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")


class _StreamedSheet(Worksheet):
    """xlsxwriter's worksheet, whose rows of plain cells (text, numbers, blanks, each with a format) are
    turned into XML in one piece instead of cell by cell: in constant_memory mode that writer is most of
    the time of a large workbook. Any other cell, or text xlsxwriter would escape, goes through
    xlsxwriter's own `_write_cell`; the XML is the same (tests compare the two), but for text that looks
    like rich-text markup (see `_write_cell`)."""

    _columns = [xl_col_to_name(c) for c in range(64)]     # cell references of the usual columns, made once

    def _write_single_row(self, current_row_num=0) -> None:
        row = self.previous_row
        cells = self.table.get(row)
        if not cells or row in self.comments:
            return super()._write_single_row(current_row_num)
        self.previous_row = current_row_num
        self._write_row(row, None, self.row_info.get(row))
        number, parts, columns = str(row + 1), [], self._columns
        for col in sorted(cells):
            cell = cells[col]
            kind, fmt = cell.__class__, cell.format
            if fmt is not None and col < len(columns):
                ref = columns[col] + number
                if kind is _Text and not _NOT_PLAIN.search(cell.string):
                    parts.append(f'<c r="{ref}" s="{fmt._get_xf_index()}" t="inlineStr"><is><t>{cell.string}'
                                 '</t></is></c>')
                    continue
                if kind is _Number:
                    parts.append(f'<c r="{ref}" s="{fmt._get_xf_index()}"><v>{cell.number:.16G}</v></c>')
                    continue
                if kind is _Blank:
                    parts.append(f'<c r="{ref}" s="{fmt._get_xf_index()}"/>')
                    continue
            if parts:
                self.fh.write("".join(parts))
                parts = []
            self._write_cell(row, col, cell)
        if parts:
            self.fh.write("".join(parts))
        self._xml_end_tag("row")
        self.table.clear()

    def _write_cell(self, row: int, col: int, cell) -> None:
        """xlsxwriter's, except for text that looks like its rich-string markup ("<r>…</r>"), which it
        would copy into the file unescaped: a unit's text is written as the text it is (no rich text here)."""
        if cell.__class__.__name__ != "String" or not (cell.string.startswith("<r>") and cell.string.endswith("</r>")):
            return super()._write_cell(row, col, cell)
        attributes = [("r", xl_rowcol_to_cell(row, col))]
        fmt = cell.format
        if fmt is None and row in self.row_info:
            fmt = self.row_info[row].row_format
        if fmt is None and col in self.col_info:
            fmt = self.col_info[col].column_format
        if fmt is not None:
            attributes.append(("s", fmt._get_xf_index()))
        text = self._escape_control_characters(cell.string)
        self._xml_inline_string(text, text != text.strip(), attributes)


class _Sheet:
    """A worksheet of the streamed workbook. Each row goes to disk when a later row is begun (xlsxwriter's
    constant_memory mode), so memory stays flat however many units there are; the price is that a
    cell written to an earlier row would be dropped without a word. Here it raises instead."""
    __slots__ = ("ws", "links", "heights")

    def __init__(self, ws):
        self.ws, self.links, self.heights = ws, 0, collections.deque()

    def __getattr__(self, name):
        return getattr(self.ws, name)

    def _written(self, code, what: str, row: int) -> None:
        if isinstance(code, int) and code < 0:     # xlsxwriter's "not written": an earlier row, or off the sheet
            raise RuntimeError(f"{self.ws.name}: {what} on row {row + 1} not written (after a later row, "
                               "or outside the sheet)")

    def write_string(self, row, col, *args):
        self._written(self.ws.write_string(row, col, *args), "text", row)

    def write_number(self, row, col, *args):
        self._written(self.ws.write_number(row, col, *args), "number", row)

    def write_blank(self, row, col, *args):
        self._written(self.ws.write_blank(row, col, *args), "blank", row)

    def write_datetime(self, row, col, *args):
        self._written(self.ws.write_datetime(row, col, *args), "date", row)

    def write_url(self, row, col, *args, **kwargs) -> bool:
        """Whether the link was written: past Excel's limit for a sheet it is not (the caller's value stands)."""
        if self.links >= LINK_LIMIT:
            return False
        self.links += 1
        self._written(self.ws.write_url(row, col, *args, **kwargs), "link", row)
        return True

    def write_row(self, row, col, *args):
        self._written(self.ws.write_row(row, col, *args), "row", row)

    def merge_range(self, r1, c1, r2, c2, *args):
        self._written(self.ws.merge_range(r1, c1, r2, c2, *args), "merged range", r1)

    def write_comment(self, row, col, *args):
        self._written(self.ws.write_comment(row, col, *args), "comment", row)

    def set_row(self, row, *args):
        self._written(self.ws.set_row(row, *args), "row height", row)

    def put_row(self, row: int, cells: dict) -> None:
        """A list row's plain cells (`_Text`, `_Number`, `_Blank`, each with its format) in one step, beside
        any already written on that row (its links)."""
        ws = self.ws
        if not cells:
            return
        self._written(min(ws._check_dimensions(row, min(cells)), ws._check_dimensions(row, max(cells))), "cells", row)
        if row > ws.previous_row:
            ws._write_single_row(row)
        ws.table[row].update(cells)

    def set_list_row_height(self, row: int, height: float) -> None:
        """The height of a row of a list (no chart or comment on the sheet). xlsxwriter keeps every row's
        height for placing drawings until the workbook closes, about 300 bytes a row even in
        constant_memory mode; those of rows already on disk are let go here."""
        self.set_row(row, height)
        heights, ws = self.heights, self.ws
        heights.append(row)
        while heights[0] < ws.previous_row:
            done = heights.popleft()
            ws.row_info.pop(done, None)
            ws.row_sizes.pop(done, None)


class _RowOrdered:
    """Records the writes of a sheet laid out in blocks (the dashboard) and plays them back in row order."""
    WRITES = {"write_string", "write_number", "write_blank", "write_url", "write_row", "merge_range",
              "write_comment", "set_row"}

    def __init__(self, sheet: _Sheet):
        self.sheet, self.calls = sheet, []

    def __getattr__(self, name):
        if name not in self.WRITES:
            return getattr(self.sheet, name)
        return lambda row, *args, **kwargs: self.calls.append((row, name, args, kwargs))

    def flush(self) -> None:
        for row, name, args, kwargs in sorted(self.calls, key=lambda call: call[0]):
            getattr(self.sheet, name)(row, *args, **kwargs)
        self.calls = []


def write_workbook(path: Path, config: Config, metrics: Metrics, frame: pd.DataFrame, outcomes: list[Outcome],
                   generated_at: dt.datetime, analysis: Analysis) -> None:
    """Write the whole workbook to `path` (the caller publishes it atomically, in the final folder, so
    links to the archive are relative to where the workbook will live)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "remove_timezone": True,
                                         "constant_memory": True})
    period = metrics.period
    wb.set_properties({"title": f"Tổng hợp kết quả thực hiện MTCL — {period.label_vi}",
                       "subject": f"{config.plan.title} — {period.label_vi}", "author": "mtcl",
                       "manager": "Thư ký ISO", "company": config.plan.department, "category": "ISO 9001:2015",
                       "keywords": f"MTCL, ISO 9001, {period.key}", "comments": config.plan.decision,
                       "created": generated_at.replace(tzinfo=None)})
    wb.set_custom_property("Kỳ báo cáo", period.key)
    wb.set_custom_property("Đơn vị", config.plan.department)
    wb.set_custom_property("Kế hoạch", config.plan.id)
    f = _formats(wb)
    w = _Writer(wb, f, config, period, Path(path).parent)
    w.sources = {(o.submission.path, o.submission.sha256): o.submission for o in outcomes}

    # The sheets are created in SHEETS order; the dashboard is filled last because it links into the others.
    dash = _RowOrdered(w.sheet(SHEETS["dashboard"]))
    matrix_cols = _write_matrix(w, metrics)
    trend_rows = _write_trends(w, analysis)
    _write_status(w, analysis)
    _write_timeliness(w, analysis)
    overdue_at = _write_overdue(w, analysis)
    _write_self_reports(w, analysis)
    action_at = _write_actions(w, analysis)
    _write_data(w, frame)
    _write_findings(w, outcomes)
    _write_files(w, outcomes)
    chart_data = _write_chart_data(w, analysis)
    _write_dashboard(w, dash, metrics, analysis, generated_at, matrix_cols, trend_rows, overdue_at, action_at,
                     chart_data)
    dash.flush()
    dash.activate()
    wb.close()


class _Writer:
    """The workbook being written, with what every sheet step needs."""

    def __init__(self, wb, f: dict, config: Config, period: Period, folder: Path):
        self.wb, self.f, self.config, self.period, self.folder = wb, f, config, period, folder
        self.sources: dict[tuple[str, str], Submission] = {}
        self._files: dict[str, Link] = {}       # archived name -> link to the file: one per file, however many cells

    def sheet(self, name: str) -> _Sheet:
        return _Sheet(self.wb.add_worksheet(name, worksheet_class=_StreamedSheet))

    def source_link(self, sub: Submission | None, sheet: str | None = None, cell: str | None = None) -> Link | None:
        """A link to the archived copy of a submitted file (the exact bytes received), at its cell. The
        link to a file itself is made once: xlsxwriter keeps the text of every link until it closes."""
        if sub is None or not sub.archived:
            return None
        file = self._files.get(sub.archived)
        if file is None:
            target = self.config.paths.archive / sub.archived
            try:
                where = os.path.relpath(target, self.folder)      # the workbook and archive move together
            except ValueError:                                     # another drive on Windows
                where = str(target)
            file = self._files[sub.archived] = Link(f"external:{where}", f"Mở bản lưu của {sub.name}")
        if not (sheet and cell):
            return file
        return Link(f"{file.url}#'{sheet}'!{cell}", f"{file.tip}, ô {cell}")

    def page(self, ws, header_row: int, area=None, landscape_pages: tuple[int, int] = (1, 0)) -> None:
        _page(ws, self.config, self.period, header_row, area, landscape_pages)


# ---------------------------------------------------------------- dashboard

def _write_dashboard(w: _Writer, ws, metrics: Metrics, analysis: Analysis, generated_at: dt.datetime,
                     matrix_cols: dict[str, str], trend_rows: dict[str, int], overdue_at, action_at,
                     chart_data: dict) -> None:
    """One screen: the objectives and indicators on the left; a chart and who is behind, what is overdue
    and what is being done on the right; more charts below. Every figure links to its detail."""
    f, config, period = w.f, w.config, w.period
    widths = [7, 40, 11, 10, 7, 7, 7, 8, 8, 12, 10, 10, 2, 46, 46, 46]
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    last_col = len(widths) - 1
    ws.set_zoom(85)
    ws.hide_gridlines(2)

    # Step 1: title and what the figures cover.
    ws.merge_range(0, 0, 0, last_col, f"TỔNG HỢP KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG — {period.label_vi.upper()}",
                   f["title"])
    ws.merge_range(1, 0, 1, last_col, f"{config.plan.department} · {config.plan.title} · số liệu đến ngày "
                   f"{analysis.as_of:%d/%m/%Y} · lập lúc {generated_at:%H:%M ngày %d/%m/%Y}", f["subtitle"])

    # Step 2: the six answers in figures, each linking to its sheet.
    in_period = analysis.timeliness_in(period)
    rates = reporting_rate(in_period)
    met = sum(o.met is True for o in metrics.objectives)
    judged = sum(o.met is not None for o in metrics.objectives)
    missing = sum(1 for t in in_period if not t.reported and t.status != Arrival.PENDING)
    overdue_actions = sum(a.overdue for a in analysis.open_actions)
    # (columns, label, value, where it links, good / bad / None for neutral)
    tiles = [((0, 1), "Mục tiêu đạt", vi_ratio(met, judged) if judged else "—", "internal:'Tổng quan'!A7",
              met == judged),
             ((2, 3), "Báo cáo đã nộp", vi_ratio(rates.reported, rates.expected), _sheet_link(SHEETS["status"]), None),
             ((4, 6), "Nộp đúng hạn", vi_ratio(rates.on_time, rates.expected), _sheet_link(SHEETS["timeliness"]), None),
             ((7, 8), "Chưa nộp / bị trả lại", missing, _sheet_link(SHEETS["status"]), missing == 0),
             ((9, 10), "Biện pháp quá hạn", len(analysis.overdue), _sheet_link(SHEETS["overdue"]),
              not analysis.overdue),
             ((11, 11), "Khắc phục đang mở (quá hạn)", f"{vi_int(len(analysis.open_actions))} ({vi_int(overdue_actions)})",
              _sheet_link(SHEETS["actions"]), overdue_actions == 0)]
    ws.set_row(3, 30)
    ws.set_row(4, 30)
    for (c1, c2), label, value, url, good in tiles:
        value_fmt = f["stat"] if good is None else (f["stat_ok"] if good else f["stat_bad"])
        _merge(ws, 3, c1, 3, c2, label, f["stat_label"])
        _merge(ws, 4, c1, 4, c2, value, value_fmt, Link(url, f"Xem chi tiết: {label.lower()}"))

    # Step 3: every objective and indicator, with the figures, the trend and the year to date.
    top = 6
    header = ["Mã", "Chỉ tiêu", "Mục tiêu KH", "Tỷ lệ của Sở", "Tử số", "Mẫu số", "Trễ hạn", "Đơn vị đạt",
              "Đơn vị phát sinh", "Kết quả", "So kỳ trước", "Lũy kế năm"]
    ws.set_row(top, 30)
    ws.write_row(top, 0, header, f["header"])
    ws.write_comment(top, 10, f"So với {period.previous().label_vi.lower()}: ↑ tăng, ↓ giảm, → không đổi; "
                              "xanh là tốt lên, đỏ là kém đi.")
    ws.write_comment(top, 11, ytd_label(period))
    trends = {t.indicator: t for t in analysis.trends}
    row = top + 1
    for obj in metrics.objectives:
        _merge(ws, row, 0, row, 8, f"Mục tiêu {obj.id}. {config.objective(obj.id).short}", f["objective"])
        ws.write_url(row, 9, _sheet_link(SHEETS["matrix"]), f["objective_c"], string=result_label(obj.met))
        ws.write_blank(row, 10, None, f["objective"])
        ws.write_blank(row, 11, None, f["objective"])
        row += 1
        for ind in (r for r in metrics.indicators if r.objective == obj.id):
            detail = f"internal:'{SHEETS['matrix']}'!{matrix_cols[ind.id]}"
            tip = f"{ind.name}: tỷ lệ từng đơn vị"
            _link_value(ws, row, 0, ind.id, f["link_cell"], Link(detail, tip))
            ws.write_string(row, 1, ind.name, f["cell_nowrap"])
            ws.write_string(row, 2, ind.target_label, f["center_fit"])
            _link_value(ws, row, 3, ind.rate, _rate_format(f, ind.rate, ind.met), Link(detail, tip))
            _link_value(ws, row, 4, ind.numerator, f["int"], Link(detail, tip))
            _link_value(ws, row, 5, ind.denominator, f["int"], Link(detail, tip))
            _link_value(ws, row, 6, ind.late, f["int"], Link(f"internal:'{SHEETS['data']}'!A3", "Dữ liệu chi tiết"))
            good_units = ind.units_met == ind.units_reporting
            _link_value(ws, row, 7, ind.units_met, f["int_ok"] if good_units else f["int_warn"], Link(detail, tip))
            _link_value(ws, row, 8, ind.units_reporting, f["int"], Link(detail, tip))
            _link_value(ws, row, 9, result_label(ind.met), f["center"], Link(detail, tip))
            trend = trends[ind.id]
            trend_link = Link(f"internal:'{SHEETS['trends']}'!A{trend_rows[ind.id] + 1}", "Xu hướng của chỉ tiêu")
            arrow = trend.previous.direction or "—"
            arrow_fmt = f["arrow_good"] if trend.previous.better else (
                f["arrow_bad"] if trend.previous.better is False else f["center"])
            _link_value(ws, row, 10, arrow, arrow_fmt, trend_link)
            _link_value(ws, row, 11, trend.year_to_date, _rate_format(f, trend.year_to_date, None), trend_link)
            row += 1
    last_table_row = row - 1
    _traffic_lights(ws, top + 1, 9, last_table_row, 9, f)
    ws.write_string(row + 1, 0, "Tỷ lệ của Sở = tổng tử số / tổng mẫu số của các đơn vị (không lấy trung bình các tỷ "
                                "lệ). «Không phát sinh»: trong kỳ không có việc phải thực hiện. Bấm vào một số liệu "
                                "để xem chi tiết.", f["note"])

    # Step 4: right of the table, the Department's rates against their targets.
    right = 13
    ws.insert_chart(3, right, _chart_rates(w, chart_data), {"x_offset": 4, "y_offset": 2})

    # Step 5: below the chart, who is behind, what is overdue and what is being done.
    panel_top = 18
    ws.set_row(panel_top, 20)
    # Each panel shows its first PANEL_LINES lines: only those are made (there may be 100,000 in all).
    behind = [(f"{config.unit(b.unit).name}: {b.summary}",
               Link(f"internal:'{SHEETS['matrix']}'!A{5 + config.unit_order()[b.unit]}",
                    f"{config.unit(b.unit).name}: {b.summary}"))
              for b in analysis.behind[:PANEL_LINES]]
    overdue = [(f"{o.measure} · {o.unit}: {o.text} (hạn {o.due_date:%d/%m})", Link(overdue_at(i), o.text))
               for i, o in heapq.nsmallest(PANEL_LINES, enumerate(analysis.overdue),
                                           key=lambda io: -io[1].days_overdue)]
    open_actions = [(i, a) for i, a in enumerate(analysis.actions) if a.closed_in is None]
    doing = [(f"{'⚠ ' if a.overdue else ''}{a.unit} · {a.indicator}: {a.action or NO_ACTION_VI}"
              + (f" (hạn {a.deadline:%d/%m})" if a.deadline else ""),
              Link(action_at(i), f"{ACTION_STATUS_VI[a.status]}" + (" — quá hạn" if a.overdue else "")))
             for i, a in heapq.nsmallest(PANEL_LINES, open_actions, key=lambda ia: (not ia[1].overdue, ia[1].opened))]
    panels = [("Ai đang chậm?", behind, len(analysis.behind), SHEETS["status"], "Không có đơn vị nào chậm trong kỳ."),
              ("Việc gì quá hạn?", overdue, len(analysis.overdue), SHEETS["overdue"],
               "Không có biện pháp nào quá hạn."),
              ("Đang khắc phục gì?", doing, len(open_actions), SHEETS["actions"],
               "Không có hành động khắc phục nào đang mở.")]
    for n, (title, shown, count, sheet, empty) in enumerate(panels):
        col = right + n
        ws.write_string(panel_top, col, f"{title} ({count})", f["panel_head"])
        shown = shown or [(empty, None)]
        for k in range(PANEL_LINES):
            text, link = shown[k] if k < len(shown) else ("", None)
            _link_value(ws, panel_top + 1 + k, col, _clip(text), f["panel"], link)
        more = f"Xem tất cả ({count}) →" if count > PANEL_LINES else "Xem chi tiết →"
        ws.write_url(panel_top + 1 + PANEL_LINES, col, _sheet_link(sheet), f["panel_more"], string=more)

    # Step 6: below everything, reporting over the months and units meeting each target.
    below = max(last_table_row + 3, panel_top + PANEL_LINES + 3)
    ws.insert_chart(below, 0, _chart_reporting(w, chart_data), {"x_offset": 2, "y_offset": 4})
    ws.insert_chart(below, right, _chart_units(w, chart_data), {"x_offset": 4, "y_offset": 4})
    ws.freeze_panes(0, 0)
    w.page(ws, top, (0, 0, below + 16, last_col), landscape_pages=(1, 1))


def _sheet_link(sheet: str, cell: str = "A1") -> str:
    return f"internal:'{sheet}'!{cell}"


def _tip(text: str | None) -> str | None:
    return None if text is None else (text if len(text) <= 250 else text[:249] + "…")


def _clip(text: str) -> str:
    return text if len(text) <= PANEL_CHARS else text[: PANEL_CHARS - 1] + "…"


def _merge(ws, r1, c1, r2, c2, value, fmt, link: Link | None = None) -> None:
    if (r1, c1) != (r2, c2):
        ws.merge_range(r1, c1, r2, c2, "", fmt)
    _link_value(ws, r1, c1, value, fmt, link)


def _link_value(ws, row: int, col: int, value, fmt, link: Link | None = None) -> None:
    """Write a value (number, text or «—» for none), with a hyperlink when given. A hyperlink is written
    first and the value over it, so a number stays a number."""
    if link is not None:
        ws.write_url(row, col, link.url, fmt, string="-", tip=_tip(link.tip))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        ws.write_string(row, col, "—", fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, _safe_text(value), fmt)
    else:
        ws.write_number(row, col, value, fmt)


def _rate_format(f: dict, rate: float | None, met: bool | None):
    if rate is None:
        return f["center"]
    if met is None:
        return f["pct"]
    return f["pct_ok"] if met else f["pct_bad"]


# ---------------------------------------------------------------- charts (native Excel charts)

def _write_chart_data(w: _Writer, analysis: Analysis) -> dict:
    """The numbers behind the charts, in plain cells the charts point at (also readable by people)."""
    f, metrics = w.f, analysis.metrics
    ws = w.sheet(SHEETS["charts"])
    ws.write_string(0, 0, f"Số liệu của các biểu đồ trên trang «{SHEETS['dashboard']}» — {w.period.label_vi}",
                    f["title_left"])
    for c, width in enumerate([12, 14, 12, 12, 14, 14]):
        ws.set_column(c, c, width)
    top = 2
    ws.write_row(top, 0, ["Chỉ tiêu", "Tỷ lệ của Sở", "Mục tiêu", "Đơn vị đạt", "Đơn vị chưa đạt", "Đơn vị phát sinh"],
                 f["header"])
    for i, ind in enumerate(metrics.indicators, start=top + 1):
        ws.write_string(i, 0, ind.id, f["center"])
        _write_optional(ws, i, 1, ind.rate, f["pct"])
        ws.write_number(i, 2, 1.0 if ind.comparison == "milestone" else ind.target, f["pct"])
        ws.write_number(i, 3, ind.units_met, f["int"])
        ws.write_number(i, 4, ind.units_reporting - ind.units_met, f["int"])
        ws.write_number(i, 5, ind.units_reporting, f["int"])
    first, last = top + 1, top + len(metrics.indicators)
    months_top = last + 3
    ws.write_row(months_top, 0, ["Tháng", "Tỷ lệ nộp báo cáo", "Tỷ lệ nộp đúng hạn", "Phải nộp", "Đã nộp",
                                 "Đúng hạn"], f["header"])
    by_month = analysis.rate_by_month()
    for i, (month, rate) in enumerate(by_month.items(), start=months_top + 1):
        ws.write_string(i, 0, month.form_value, f["center"])
        _write_optional(ws, i, 1, rate.reporting_rate, f["pct"])
        _write_optional(ws, i, 2, rate.on_time_rate, f["pct"])
        ws.write_number(i, 3, rate.expected, f["int"])
        ws.write_number(i, 4, rate.reported, f["int"])
        ws.write_number(i, 5, rate.on_time, f["int"])
    w.page(ws, top)
    return {"sheet": SHEETS["charts"], "ind": (first, last), "months": (months_top + 1, months_top + len(by_month)),
            "met": [ind.met for ind in metrics.indicators]}


def _chart_rates(w: _Writer, data: dict):
    sheet, (first, last) = data["sheet"], data["ind"]
    bars = w.wb.add_chart({"type": "column"})
    colour = {True: "#2E7D32", False: "#C62828", None: "#9E9E9E"}
    bars.add_series({"name": [sheet, first - 1, 1], "categories": [sheet, first, 0, last, 0],
                     "values": [sheet, first, 1, last, 1], "gap": 60,
                     "points": [{"fill": {"color": colour[m]}} for m in data["met"]],
                     "data_labels": {"value": True, "num_format": "[=1]0%;0.0%", "font": {"size": 7}}})
    target = w.wb.add_chart({"type": "line"})
    target.add_series({"name": [sheet, first - 1, 2], "categories": [sheet, first, 0, last, 0],
                       "values": [sheet, first, 2, last, 2], "line": {"none": True},
                       "marker": {"type": "dash", "size": 16, "fill": {"color": "#000000"},
                                  "border": {"color": "#000000"}}})
    bars.combine(target)
    bars.set_title({"name": "Tỷ lệ của Sở so với mục tiêu (vạch đen)", "name_font": {"size": 11}})
    bars.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True,
                                                                                  "line": {"color": "#E0E0E0"}}})
    bars.set_x_axis({"num_font": {"size": 8}})
    bars.set_legend({"none": True})
    bars.set_size({"width": 1010, "height": 300})
    return bars


def _chart_reporting(w: _Writer, data: dict):
    sheet, (first, last) = data["sheet"], data["months"]
    chart = w.wb.add_chart({"type": "line"})
    for col, colour in ((1, "#1F4E78"), (2, "#ED7D31")):
        chart.add_series({"name": [sheet, first - 1, col], "categories": [sheet, first, 0, last, 0],
                          "values": [sheet, first, col, last, col], "line": {"color": colour, "width": 2.25},
                          "marker": {"type": "circle", "size": 5, "fill": {"color": colour},
                                     "border": {"color": colour}}})
    chart.set_title({"name": "Tỷ lệ nộp báo cáo qua các tháng", "name_font": {"size": 11}})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True,
                                                                                   "line": {"color": "#E0E0E0"}}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 820, "height": 300})
    return chart


def _chart_units(w: _Writer, data: dict):
    sheet, (first, last) = data["sheet"], data["ind"]
    chart = w.wb.add_chart({"type": "column", "subtype": "stacked"})
    for col, colour in ((3, "#2E7D32"), (4, "#C62828")):
        chart.add_series({"name": [sheet, first - 1, col], "categories": [sheet, first, 0, last, 0],
                          "values": [sheet, first, col, last, col], "fill": {"color": colour}, "gap": 60})
    chart.set_title({"name": "Số đơn vị đạt / chưa đạt từng chỉ tiêu", "name_font": {"size": 11}})
    chart.set_y_axis({"min": 0, "major_unit": 2, "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
    chart.set_x_axis({"num_font": {"size": 8}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 1010, "height": 300})
    return chart


# ---------------------------------------------------------------- detail sheets

def _write_matrix(w: _Writer, metrics: Metrics) -> dict[str, str]:
    """Unit × indicator rates, each coloured by whether that unit met the target; returns each
    indicator's header cell, where dashboard figures link to."""
    f, config = w.f, w.config
    ws = w.sheet(SHEETS["matrix"])
    ws.set_column(0, 0, 40)
    ws.set_column(1, len(metrics.indicators), 8)
    ws.write_string(0, 0, f"Tỷ lệ theo đơn vị và chỉ tiêu — {w.period.label_vi}", f["title_left"])
    ws.write_string(1, 0, "Xanh: đạt; đỏ: không đạt; «—»: không phát sinh; trống: chưa báo cáo.", f["note"])
    ws.write_string(3, 0, "Đơn vị", f["header"])
    cols = {}
    for c, ind in enumerate(metrics.indicators, start=1):
        ws.write_string(3, c, ind.id, f["header"])
        ws.write_comment(3, c, f"{ind.name} ({ind.target_label})")
        cols[ind.id] = xl_rowcol_to_cell(3, c)
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
    w.page(ws, 3, (0, 0, dept, len(metrics.indicators)))
    return cols


def _write_trends(w: _Writer, analysis: Analysis) -> dict[str, int]:
    """Each indicator against the previous period, the same period last year, the year to date, and
    month by month; returns each indicator's 0-based row."""
    config, period = w.config, w.period
    months = [p for p, _ in analysis.trends[0].months] if analysis.trends else []
    headers = ["Mã", "Chỉ tiêu", "Mục tiêu KH", f"Tỷ lệ {period.label_vi.lower()}",
               f"Kỳ trước ({period.previous().label_vi.lower()})", "Thay đổi so kỳ trước", "Xu hướng so kỳ trước",
               f"Cùng kỳ năm trước ({period.same_last_year().label_vi.lower()})", "Thay đổi so cùng kỳ",
               "Xu hướng so cùng kỳ", ytd_label(period)] + [f"T{p.first_month:02d}" for p in months]
    arrow = {True: "arrow_good", False: "arrow_bad", None: "center"}

    def rows():
        for t in analysis.trends:
            ind = config.indicator(t.indicator)
            yield Row([t.indicator, ind.name, ind.target_label, t.rate, t.previous.rate, t.previous.delta,
                       t.previous.direction or "—", t.last_year.rate, t.last_year.delta,
                       t.last_year.direction or "—", t.year_to_date] + [rate for _, rate in t.months],
                      formats={6: arrow[t.previous.better], 9: arrow[t.last_year.better]})
    pct = (3, 4, 5, 7, 8, 10) + tuple(range(11, 11 + len(months)))
    _long_table(w, SHEETS["trends"], rows(), headers, [7, 40, 11, 12, 14, 11, 11, 14, 11, 11, 14] +
                         [7] * len(months), f"Xu hướng các chỉ tiêu — {period.label_vi} (↑ tăng, ↓ giảm, → không "
                         "đổi; xanh: tốt lên, đỏ: kém đi; «—»: không có số liệu để so sánh)", pct_cols=pct)
    return {t.indicator: TITLE_ROWS + 1 + i for i, t in enumerate(analysis.trends)}


def _write_status(w: _Writer, analysis: Analysis) -> None:
    """Who sent the period's reports, on time or late (from when the valid file arrived), who did not."""
    config = w.config
    listed = analysis.timeliness_in(w.period)
    rows = (Row([t.period.key, t.unit, config.unit(t.unit).name, t.label, t.due_date, t.received_at, t.days_late,
                 t.rejected_files, t.source.path if t.source else ""], {8: w.source_link(t.source)}) for t in listed)
    _long_table(w, SHEETS["status"], rows, ["Kỳ", "Mã ĐV", "Đơn vị", "Tình trạng", "Hạn nộp", "Nhận bản hợp lệ lúc",
                                            "Số ngày trễ", "Số tệp bị trả lại", "Tệp được dùng"],
                [9, 9, 44, 34, 12, 18, 10, 12, 40], f"Tình hình nộp báo cáo — {w.period.label_vi} (hạn nộp ngày "
                f"{config.reporting.due_day} tháng sau; tính theo lúc nhận được bản hợp lệ)",
                colours=(3, TIMELINESS_COLOURS), total=len(listed))


def _write_timeliness(w: _Writer, analysis: Analysis) -> None:
    """Unit × month from January: on time, late, rejected, missing; reporting and on-time rates."""
    f, config = w.f, w.config
    ws = w.sheet(SHEETS["timeliness"])
    months = [m.period for m in analysis.monthly]
    ws.write_string(0, 0, f"Nộp báo cáo từ đầu năm đến {w.period.months()[-1].label_vi.lower()} — tỷ lệ nộp và "
                          "tỷ lệ nộp đúng hạn theo đơn vị và theo tháng", f["title_left"])
    linked = len(config.units) * len(months) <= LINK_LIMIT
    ws.write_string(1, 0, "Đ: đúng hạn · T+n: trễ n ngày · TL: gửi đúng hạn nhưng bị trả lại · "
                          "C: chưa nộp · …: chưa đến hạn" + ("" if linked else f". {unlinked_note()}"), f["note"])
    top = 3
    ws.set_column(0, 0, 44)
    ws.set_column(1, len(months), 7)
    ws.set_column(len(months) + 1, len(months) + 5, 11)
    ws.write_string(top, 0, "Đơn vị", f["header"])
    for c, month in enumerate(months, start=1):
        ws.write_string(top, c, f"T{month.first_month:02d}", f["header"])
    totals = ["Phải nộp", "Đã nộp", "Đúng hạn", "Tỷ lệ nộp", "Tỷ lệ đúng hạn"]
    ws.write_row(top, len(months) + 1, totals, f["header"])
    by_cell = {(t.unit, t.period): t for t in analysis.timeliness}
    by_unit, none = analysis.rate_by_unit(), reporting_rate(())
    short = {Arrival.ON_TIME: "Đ", Arrival.ON_TIME_REJECTED: "TL", Arrival.MISSING: "C", Arrival.PENDING: "…"}
    style = {Arrival.ON_TIME: f["ok_cell"], Arrival.ON_TIME_REJECTED: f["warn_cell"], Arrival.MISSING: f["bad_cell"],
             Arrival.PENDING: f["center"]}
    for r, unit in enumerate(config.units, start=top + 1):
        ws.write_string(r, 0, unit.name, f["cell"])
        for c, month in enumerate(months, start=1):
            t = by_cell.get((unit.code, month))
            if t is None:
                ws.write_blank(r, c, None, f["cell"])
                continue
            text = short.get(t.status, f"T+{t.days_late}")
            _link_value(ws, r, c, text, style.get(t.status, f["warn_cell"]),
                        (w.source_link(t.source) or Link(_sheet_link(SHEETS["status"]), t.label)) if linked else None)
        _write_rate_row(ws, r, len(months) + 1, by_unit.get(unit.code, none), f)
    r = top + 1 + len(config.units)
    by_month = analysis.rate_by_month()
    for line, (label, field) in enumerate((("Toàn Sở — tỷ lệ nộp", "reporting_rate"),
                                           ("Toàn Sở — tỷ lệ nộp đúng hạn", "on_time_rate"))):
        ws.write_string(r + line, 0, label, f["header"])
        for c, month in enumerate(months, start=1):
            _write_optional(ws, r + line, c, getattr(by_month[month], field), f["pct"])
        if line == 0:
            _write_rate_row(ws, r, len(months) + 1, reporting_rate(analysis.timeliness), f)
    ws.freeze_panes(top + 1, 1)
    w.page(ws, top, (0, 0, r + 1, len(months) + 5))


def _write_rate_row(ws, r: int, c: int, rate, f) -> None:
    ws.write_number(r, c, rate.expected, f["int"])
    ws.write_number(r, c + 1, rate.reported, f["int"])
    ws.write_number(r, c + 2, rate.on_time, f["int"])
    _write_optional(ws, r, c + 3, rate.reporting_rate, f["pct"])
    _write_optional(ws, r, c + 4, rate.on_time_rate, f["pct"])


def _write_overdue(w: _Writer, analysis: Analysis) -> Callable[[int], str]:
    """Measures past their deadline that the lead unit has not reported done, with the evidence expected."""
    config = w.config
    def rows():
        for o in analysis.overdue:
            link = w.source_link(o.last.source, o.last.sheet, o.last.report.cell("status")) if o.last else None
            yield Row([o.measure, o.objective, o.text, o.unit, config.unit(o.unit).name, o.deadline_text, o.due_date,
                       o.days_overdue, o.status_label, o.evidence_expected, o.monitor,
                       o.last.source.path if o.last else ""], {11: link})
    return _long_table(w, SHEETS["overdue"], rows(),
                       ["Mã BP", "Mục tiêu", "Biện pháp", "Mã ĐV", "Đơn vị chủ trì", "Thời gian thực hiện (kế hoạch)",
                        "Hạn đã qua", "Số ngày quá hạn", "Đơn vị báo cáo gần nhất", "Minh chứng kế hoạch yêu cầu",
                        "Trách nhiệm theo dõi", "Nguồn"],
                       [8, 8, 50, 9, 30, 24, 11, 9, 34, 36, 20, 30],
                       f"Biện pháp quá hạn tính đến ngày {analysis.as_of:%d/%m/%Y} (đã qua hạn trong kế hoạch, đơn vị "
                       "chủ trì chưa báo cáo hoàn thành)", total=len(analysis.overdue))


def _write_self_reports(w: _Writer, analysis: Analysis) -> None:
    config = w.config
    def rows():
        for flag in analysis.self_reports:
            rates = "; ".join(f"{i}: {r:.0%}" for i, r in flag.rates)
            measures = "; ".join(f"{m.measure} — {m.reason}" for m in flag.measures)
            yield Row([flag.unit, config.unit(flag.unit).name, flag.objective, config.objective(flag.objective).short,
                       rates, measures, "Đơn vị báo cáo đạt toàn bộ chỉ tiêu của mục tiêu nhưng còn biện pháp "
                       "quá hạn hoặc chưa hoàn thành: đề nghị kiểm tra minh chứng."])
    _long_table(w, SHEETS["self_reports"], rows(), ["Mã ĐV", "Đơn vị", "Mục tiêu", "Nội dung mục tiêu",
                                                  "Tỷ lệ đơn vị tự báo cáo", "Biện pháp chưa xong",
                                                  "Nhận xét"], [9, 34, 8, 30, 22, 60, 44],
                f"Đối chiếu tự báo cáo với tiến độ biện pháp — {w.period.label_vi}")


def _write_actions(w: _Writer, analysis: Analysis) -> Callable[[int], str]:
    """The corrective-action register (ISO 9001 clause 10.2), carried over until a later figure meets the target."""
    config = w.config

    def rows():
        for a in analysis.actions:
            ind = config.indicator(a.indicator)
            checks = "; ".join(f"{c.period.form_value}: {c.rate:.0%} {'đạt' if c.met else 'chưa đạt'}"
                               for c in a.checks)
            yield Row([a.unit, config.unit(a.unit).name, a.indicator, a.opened.key, a.rate, ind.target_label,
                       a.cause or "", a.action or NO_ACTION_VI, a.owner or "", a.deadline,
                       ", ".join(p.form_value for p in a.reported_in), checks or "Chưa có số liệu kỳ sau",
                       a.next_check.form_value if a.next_check else "", ACTION_STATUS_VI[a.status],
                       "Quá hạn" if a.overdue else "", a.source.path], {15: w.source_link(a.source, a.sheet, a.cell)})
    return _long_table(w, SHEETS["actions"], rows(),
                       ["Mã ĐV", "Đơn vị", "Chỉ tiêu", "Mở từ kỳ", "Tỷ lệ khi mở", "Mục tiêu KH", "Nguyên nhân",
                        "Hành động khắc phục", "Người chịu trách nhiệm", "Thời hạn", "Các kỳ đã báo cáo",
                        "Đánh giá hiệu lực (số liệu kỳ sau)", "Kỳ đánh giá tiếp theo", "Tình trạng", "Quá hạn",
                        "Nguồn"],
                       [8, 24, 7, 8, 8, 9, 28, 30, 16, 10, 14, 26, 10, 22, 8, 22],
                       f"Sổ theo dõi nguyên nhân và hành động khắc phục (ISO 9001:2015 mục 10.2) — tính đến ngày "
                       f"{analysis.as_of:%d/%m/%Y}", pct_cols=(4,), colours=(13, ACTION_COLOURS),
                       total=len(analysis.actions))


def _write_data(w: _Writer, frame: pd.DataFrame) -> None:
    """The merged data as a list with filters; every figure links to its file and cell."""
    def rows():
        for rec in frame.itertuples(index=False):
            yield Row([rec.period, rec.unit, rec.unit_name, rec.objective, rec.indicator, rec.indicator_name,
                       _int(rec.due), _int(rec.on_time), _int(rec.late),
                       None if pd.isna(rec.rate) else float(rec.rate), rec.evidence, rec.cause, rec.action,
                       rec.owner, rec.action_deadline, rec.source_file,
                       f"{rec.sheet}!{rec.cell}" if rec.cell else "", rec.sha256],
                      {16: w.source_link(w.sources.get((rec.source_file, rec.sha256)), rec.sheet, rec.cell)})
    _long_table(w, SHEETS["data"], rows(), ["Kỳ", "Mã ĐV", "Đơn vị", "Mục tiêu", "Chỉ tiêu", "Tên chỉ tiêu",
                                            "Phải thực hiện", "Đúng hạn", "Trễ hạn", "Tỷ lệ", "Minh chứng",
                                            "Nguyên nhân", "Hành động khắc phục", "Người chịu trách nhiệm",
                                            "Thời hạn khắc phục", "Tệp nguồn", "Ô nguồn", "SHA-256"],
                [9, 9, 30, 9, 9, 36, 11, 10, 10, 9, 24, 24, 24, 18, 12, 36, 16, 20],
                f"Dữ liệu tổng hợp — {w.period.label_vi}", pct_cols=(9,), total=len(frame))


def _write_findings(w: _Writer, outcomes: list[Outcome]) -> None:
    """Every finding of every submission of the period, errors first, linked to the cell it is about."""
    def rows():
        for o in outcomes:
            for fnd in sorted(o.checked.findings, key=lambda x: x.severity != Severity.ERROR):
                yield Row([o.submission.path, o.checked.unit or "", STATUS_VI.get(o.status, o.status),
                           SEVERITY_VI.get(fnd.severity, fnd.severity), fnd.code, fnd.sheet or "", fnd.cell or "",
                           fnd.value or "", fnd.message], {0: w.source_link(o.submission, fnd.sheet, fnd.cell)})
    _long_table(w, SHEETS["findings"], rows(), ["Tệp", "Mã ĐV", "Kết quả xử lý tệp", "Mức độ", "Mã lỗi", "Trang",
                                                "Ô", "Giá trị", "Nội dung và cách sửa"],
                [36, 9, 20, 10, 24, 12, 7, 16, 80], f"Lỗi và cảnh báo trong các tệp đã nhận — {w.period.label_vi}",
                total=sum(len(o.checked.findings) for o in outcomes))


def _write_files(w: _Writer, outcomes: list[Outcome]) -> None:
    """Every file received for the period and what became of it."""
    rows = (Row([o.submission.path, o.checked.unit or "", o.checked.period.key if o.checked.period else "",
                 STATUS_VI.get(o.status, o.status), "" if o.status == Status.DEFERRED else VERDICT_VI[o.checked.verdict],
                 o.submission.received_at, "Đúng hạn" if o.on_time else ("Trễ hạn" if o.on_time is False else ""),
                 sum(x.severity == Severity.ERROR for x in o.checked.findings),
                 sum(x.severity == Severity.WARNING for x in o.checked.findings), o.submission.sha256],
                {0: w.source_link(o.submission)}) for o in outcomes)
    _long_table(w, SHEETS["files"], rows, ["Tệp", "Mã ĐV", "Kỳ", "Kết quả xử lý", "Kết luận", "Thời điểm nhận",
                                           "Thời hạn", "Số lỗi", "Số cảnh báo", "SHA-256"],
                [40, 9, 9, 22, 16, 18, 11, 8, 10, 66], f"Các tệp đã nhận — {w.period.label_vi}", total=len(outcomes))


# ---------------------------------------------------------------- helpers

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
    """Text within what an Excel cell holds (32,767 UTF-16 units: a character beyond U+FFFF counts two)."""
    text = str(value)
    if len(text) <= EXCEL_MAX_CELL // 2 or len(text.encode("utf-16-le", "surrogatepass")) <= 2 * EXCEL_MAX_CELL:
        return text
    units = 0
    for i, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > EXCEL_MAX_CELL - 1:              # room for the "…"
            return text[:i] + "…"
    return text


def sheet_capacity() -> int:
    """Data rows one list sheet holds under its title and header."""
    return ROW_LIMIT - (TITLE_ROWS + 1)


def _long_table(w: _Writer, name: str, rows: Iterable[Row], headers: list[str], widths: list[int],
                title: str, pct_cols=(), colours: tuple[int, tuple] | None = None,
                total: int | None = None) -> Callable[[int], str]:
    """A titled list with filters on sheet `name`, written row by row as `rows` yields them, continued on
    "`name` (2)", "(3)"… when it has more rows than a sheet holds (never dropped). `total` is the number
    of rows: a list longer than Excel's hyperlink limit carries no links at all (not the first 65,530
    rows only) and says so; it names each source in its columns, and memory stays flat. Returns where
    row i ended up, as an `internal:` link."""
    capacity = sheet_capacity()
    linked = total is None or total <= LINK_LIMIT
    part, count, ws = 0, 0, None
    for row in rows:
        if ws is None or count == capacity:
            if ws is not None:
                _end_table(w, ws, count, headers, colours)
            ws, count, part = _start_table(w, name, part, title, headers, widths, linked), 0, part + 1
        _table_row(ws, TITLE_ROWS + 1 + count, row.values, row.links if linked else None, row.formats, widths,
                   pct_cols, w.f)
        count += 1
    if ws is None:
        ws = _start_table(w, name, 0, title, headers, widths, linked)
    _end_table(w, ws, count, headers, colours)

    def locate(i: int) -> str:
        n, r = divmod(i, capacity)
        sheet = name if n == 0 else f"{name} ({n + 1})"
        return f"internal:'{sheet}'!A{TITLE_ROWS + 2 + r}"
    return locate


def _start_table(w: _Writer, name: str, part: int, title: str, headers: list[str], widths: list[int],
                 linked: bool) -> _Sheet:
    ws = w.sheet(name if part == 0 else f"{name} ({part + 1})")
    f = w.f
    ws.write_string(0, 0, title if part == 0 else f"{title} (tiếp theo, phần {part + 1})", f["title_left"])
    if not linked:
        ws.write_string(1, 0, unlinked_note(), f["note"])
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.set_row(TITLE_ROWS, 15 * _row_lines(headers, widths, most=4))
    ws.write_row(TITLE_ROWS, 0, headers, f["header"])
    return ws


def unlinked_note() -> str:
    return (f"Bảng dài hơn {vi_int(LINK_LIMIT)} dòng, quá số liên kết Excel giữ trên một trang: tệp và ô nguồn ghi "
            "bằng chữ, không kèm liên kết.")


def _table_row(ws: _Sheet, r: int, values: list, links, formats, widths, pct_cols, f) -> None:
    """One row of a list: text always as text; a hyperlink under a cell while the sheet may hold more."""
    height = _row_lines(values, widths)
    if height > 1:                       # LibreOffice does not grow rows for wrapped text on opening
        ws.set_list_row_height(r, 15 * height)
    cells = {}
    for c, value in enumerate(values):
        link = links.get(c) if links else None
        if link is not None and not ws.write_url(r, c, link.url, f["link_cell_left"], string="-", tip=_tip(link.tip)):
            link = None
        fmt = f[formats[c]] if formats and c in formats else None
        if not isinstance(value, str):                 # most cells are text: they skip these tests
            if value is None or pd.isna(value) or (isinstance(value, float) and not math.isfinite(value)):
                cells[c] = _Blank(fmt or f["cell"])
                continue
            if isinstance(value, (bool, np.bool_)):
                cells[c] = _Text("Có" if value else "Không", fmt or f["cell"])
                continue
            if isinstance(value, numbers.Real):          # numpy's too
                cells[c] = _Number(value, fmt or (f["pct"] if c in pct_cols else f["int"]))
                continue
            if isinstance(value, dt.datetime):           # a date is a number in a date format
                cells[c] = _Number(ws._convert_date_time(value.replace(tzinfo=None)), fmt or f["datetime"])
                continue
            if isinstance(value, dt.date):
                cells[c] = _Number(ws._convert_date_time(dt.datetime.combine(value, dt.time())), fmt or f["date"])
                continue
        cells[c] = _Text(_safe_text(value), fmt or (f["link_cell_left"] if link is not None else f["cell"]))
    ws.put_row(r, cells)


def _end_table(w: _Writer, ws: _Sheet, count: int, headers: list[str], colours) -> None:
    """Filters on the header, frozen header rows, status colours and the page set-up."""
    ws.autofilter(TITLE_ROWS, 0, TITLE_ROWS + max(count, 1), len(headers) - 1)
    ws.freeze_panes(TITLE_ROWS + 1, 0)
    if colours is not None:
        _status_colours(ws, count, *colours, w.f)
    w.page(ws, TITLE_ROWS)


def _row_lines(values: list, widths: list[int], most: int = 8) -> int:
    """Lines the longest wrapped text of a row needs (a character of Times New Roman 11 ≈ 1.1 width units)."""
    lines = 1
    for value, width in zip(values, widths):
        if isinstance(value, str) and value:
            lines = max(lines, -(-len(value) * 11 // (10 * max(width - 1, 1))))
    return min(lines, most)


def _traffic_lights(ws, r1, c1, r2, c2, f) -> None:
    for text, fmt in (("Đạt", f["ok"]), ("Không đạt", f["bad"])):
        ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==", "value": f'"{text}"', "format": fmt})


# Status texts (by how they start) and their colour, for the list sheets.
TIMELINESS_COLOURS = ((TIMELINESS_VI[Arrival.ON_TIME], "ok"), ("Trễ", "warn"), ("Bản gửi đúng hạn", "warn"),
                      (TIMELINESS_VI[Arrival.PENDING], None), (TIMELINESS_VI[Arrival.MISSING], "bad"),
                      ("Gửi đúng hạn", "bad"))
ACTION_COLOURS = ((ACTION_STATUS_VI[ActionStatus.CLOSED], "ok"), (ACTION_STATUS_VI[ActionStatus.OPEN], "warn"),
                  (ACTION_STATUS_VI[ActionStatus.NOT_EFFECTIVE], "bad"), (ACTION_STATUS_VI[ActionStatus.NO_ACTION], "bad"))


def _status_colours(ws, count: int, col: int, rules: tuple, f: dict) -> None:
    """Green, amber or red by how the status text in column `col` of a list sheet starts."""
    if not count:
        return
    r1, r2 = TITLE_ROWS + 1, TITLE_ROWS + count
    cell = xl_rowcol_to_cell(r1, col, row_abs=False, col_abs=True)
    for prefix, key in rules:
        rule = {"type": "formula", "criteria": f'=LEFT({cell},{len(prefix)})="{prefix}"', "stop_if_true": True}
        ws.conditional_format(r1, col, r2, col, {**rule, "format": f[key]} if key else rule)


def _page(ws, config: Config, period, header_row: int, area, pages: tuple[int, int] = (1, 0)) -> None:
    """A4 landscape, fitted to the page width, header rows repeated; Department, period and «Trang x/y»."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    ws.fit_to_pages(*pages)
    if pages[1] == 0:
        ws.repeat_rows(header_row)
    if area:
        ws.print_area(*area)
    # "&9" is the font size; the font code after it ends the number ("&96 tháng…" would be size 96).
    font = '&9&"Times New Roman,Regular"'
    department = config.plan.department.replace("&", "&&")        # "&" starts a header code
    ws.set_header(f"&L{font}{department}&R{font}{period.label_vi}")
    ws.set_footer(f"&C{font}Trang &P/&N")


def _formats(wb) -> dict:
    font = {"font_name": "Times New Roman"}
    base = {**font, "font_size": 11, "border": 1, "valign": "top", "text_wrap": True}
    ok, bad, warn = ({"bg_color": "#C6EFCE", "font_color": "#006100"}, {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
                     {"bg_color": "#FFEB9C", "font_color": "#9C5700"})
    link = {"font_color": "#0563C1", "underline": 1}
    stat = {**font, "bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "border": 1,
            "num_format": "#,##0"}
    return {
        "title": wb.add_format({**font, "bold": True, "font_size": 14, "align": "center"}),
        "title_left": wb.add_format({**font, "bold": True, "font_size": 13}),
        "subtitle": wb.add_format({**font, "italic": True, "align": "center"}),
        "note": wb.add_format({**font, "italic": True, "font_color": "#595959"}),
        "header": wb.add_format({**base, "bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                                 "align": "center", "valign": "vcenter"}),
        "objective": wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "text_wrap": False}),
        "objective_c": wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "align": "center"}),
        "cell": wb.add_format(base),
        "cell_nowrap": wb.add_format({**base, "text_wrap": False}),
        "center": wb.add_format({**base, "align": "center"}),
        "center_fit": wb.add_format({**base, "align": "center", "text_wrap": False, "shrink": True}),
        "int": wb.add_format({**base, "num_format": "#,##0", "align": "center"}),
        "int_ok": wb.add_format({**base, **ok, "num_format": "#,##0", "align": "center"}),
        "int_warn": wb.add_format({**base, **warn, "num_format": "#,##0", "align": "center"}),
        "pct": wb.add_format({**base, "num_format": "0.0%", "align": "center"}),
        "pct_ok": wb.add_format({**base, **ok, "num_format": "0.0%", "align": "center"}),
        "pct_bad": wb.add_format({**base, **bad, "num_format": "0.0%", "align": "center"}),
        "ok": wb.add_format({**ok, "bold": True}),
        "bad": wb.add_format({**bad, "bold": True}),
        "warn": wb.add_format(warn),
        "ok_cell": wb.add_format({**base, **ok, "align": "center"}),
        "bad_cell": wb.add_format({**base, **bad, "align": "center", "bold": True}),
        "warn_cell": wb.add_format({**base, **warn, "align": "center"}),
        "arrow_good": wb.add_format({**base, "align": "center", "bold": True, "font_color": "#2E7D32"}),
        "arrow_bad": wb.add_format({**base, "align": "center", "bold": True, "font_color": "#C62828"}),
        "date": wb.add_format({**base, "num_format": "dd/mm/yyyy", "align": "center"}),
        "datetime": wb.add_format({**base, "num_format": "dd/mm/yyyy hh:mm", "align": "center"}),
        "stat": wb.add_format({**stat, "bg_color": "#F2F2F2"}),
        "stat_ok": wb.add_format({**stat, **ok}),
        "stat_bad": wb.add_format({**stat, **bad}),
        "stat_label": wb.add_format({**font, "font_size": 10, "align": "center", "valign": "vcenter", "text_wrap": True,
                                     "border": 1, "bg_color": "#D9E1F2", "bold": True}),
        "link_cell": wb.add_format({**base, **link, "align": "center"}),
        "link_cell_left": wb.add_format({**base, **link}),
        "panel_head": wb.add_format({**font, "bold": True, "font_size": 11, "font_color": "#FFFFFF",
                                     "bg_color": "#1F4E78", "valign": "vcenter"}),
        "panel": wb.add_format({**font, "font_size": 9, "bottom": 1, "bottom_color": "#D9D9D9",
                                "font_color": "#1F1F1F"}),
        "panel_more": wb.add_format({**font, "font_size": 9, **link, "align": "right"}),
    }
