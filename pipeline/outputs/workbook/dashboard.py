"""The dashboard sheet and its charts: one screen that answers without scrolling."""
from __future__ import annotations

import datetime as dt
import heapq
import math

from ...consolidate.analysis import Analysis
from ...consolidate.metrics import Metrics
from ...consolidate.timeliness import reporting_rate
from ...model import Arrival
from ...vi import ACTION_STATUS_VI, NO_ACTION_VI, RESULT_VI, SHEETS, SMALL_BASE_VI, WORDS, vi_int, vi_ratio, ytd_label
from .context import Link, _Writer, _clip, _link_value, _merge, _rate_format, _sheet_link, _write_optional
from ...vi.workbook import WORKBOOK


PANEL_LINES = 11                # lines per "who / what / what is done" panel on the dashboard


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
    table_end = 11                  # the title rows above the table: they head each printed page
    ws.merge_range(0, 0, 0, table_end, WORKBOOK["dashboard.1"].format(upper=period.label_vi.upper()),
                   f["title"])
    ws.merge_range(1, 0, 1, table_end, WORKBOOK["dashboard.2"].format(department=config.plan.department, title=config.plan.title, as_of=analysis.as_of, generated_at=generated_at), f["subtitle"])
    missing_now = metrics.expected - metrics.submitted
    ws.merge_range(2, 0, 2, table_end, period.span_label(config.reporting.due_day) + (
        WORKBOOK["verdict-missing"].format(vi_int=vi_int(missing_now)) if missing_now else ""), f["subtitle"])

    # Step 2: the six answers in figures, each linking to its sheet.
    in_period = analysis.timeliness_in(period)
    rates = reporting_rate(in_period)
    met = sum(o.met is True for o in metrics.objectives)
    judged = sum(o.met is not None for o in metrics.objectives)
    missing = sum(1 for t in in_period if not t.reported and t.arrival != Arrival.PENDING)
    counts = analysis.action_counts
    overdue_actions = counts.overdue
    # (columns, label, value, where it links, good / bad / None for neutral)
    tiles = [((0, 1), WORKBOOK["dashboard.3"], vi_ratio(met, judged) if judged else "—", WORKBOOK["dashboard.4"],
              met == judged),
             ((2, 3), WORKBOOK["dashboard.5"], vi_ratio(rates.reported, rates.expected), _sheet_link(SHEETS["status"]), None),
             ((4, 6), WORKBOOK["dashboard.6"], vi_ratio(rates.on_time, rates.expected), _sheet_link(SHEETS["timeliness"]), None),
             ((7, 8), WORKBOOK["dashboard.7"], missing, _sheet_link(SHEETS["status"]), missing == 0),
             ((9, 10), WORDS["bien-phap-qua-han"], len(analysis.overdue), _sheet_link(SHEETS["overdue"]),
              not analysis.overdue),
             ((11, 11), WORKBOOK["dashboard.9"], f"{vi_int(counts.open)} ({vi_int(overdue_actions)})",
              _sheet_link(SHEETS["actions"]), overdue_actions == 0)]
    ws.set_row(3, 45)               # a tile's label: up to three lines
    ws.set_row(4, 30)
    for (c1, c2), label, value, url, good in tiles:
        value_fmt = f["stat"] if good is None else (f["stat_ok"] if good else f["stat_bad"])
        _merge(ws, 3, c1, 3, c2, label, f["stat_label"])
        _merge(ws, 4, c1, 4, c2, value, value_fmt, Link(url, WORKBOOK["dashboard.10"].format(lower=label.lower())))

    # Step 3: every objective and indicator, with the figures, the trend and the year to date.
    top = 6
    header = [WORDS["ma"], WORDS["chi-tieu"], WORDS["muc-tieu-kh"], WORDS["ty-le-cua-so"], WORKBOOK["dashboard.15"], WORKBOOK["dashboard.16"], WORDS["tre-han"], WORDS["don-vi-dat"],
              WORDS["don-vi-phat-sinh"], WORDS["ket-qua"], WORKBOOK["dashboard.21"], WORKBOOK["dashboard.22"]]
    ws.set_row(top, 30)
    ws.write_row(top, 0, header, f["header"])
    ws.write_comment(top, 10, WORKBOOK["dashboard.23"].format(lower=period.previous().label_vi.lower()))
    ws.write_comment(top, 11, ytd_label(period))
    trends = {t.indicator: t for t in analysis.trends}
    row = top + 1
    for obj in metrics.objectives:
        _merge(ws, row, 0, row, 8, WORKBOOK["dashboard.24"].format(id=obj.id, short=config.objective(obj.id).short), f["objective"])
        ws.write_url(row, 9, _sheet_link(SHEETS["matrix"]), f["objective_c"], string=RESULT_VI[obj.met])
        ws.write_blank(row, 10, None, f["objective"])
        ws.write_blank(row, 11, None, f["objective"])
        row += 1
        for ind in (r for r in metrics.indicators if r.objective == obj.id):
            detail = f"internal:'{SHEETS['matrix']}'!{matrix_cols[ind.id]}"
            tip = WORKBOOK["dashboard.25"].format(name=ind.name)
            _link_value(ws, row, 0, ind.id, f["link_cell"], Link(detail, tip))
            ws.write_string(row, 1, ind.name, f["cell_nowrap"])
            ws.write_string(row, 2, ind.target_label, f["center_fit"])
            _link_value(ws, row, 3, ind.rate, _rate_format(f, ind.rate, ind.met), Link(detail, tip))
            _link_value(ws, row, 4, ind.numerator, f["int"], Link(detail, tip))
            _link_value(ws, row, 5, ind.denominator, f["int"], Link(detail, tip))
            _link_value(ws, row, 6, ind.late, f["int"], Link(f"internal:'{SHEETS['data']}'!A3", WORKBOOK["dashboard.26"]))
            good_units = ind.units_met == ind.units_reporting
            _link_value(ws, row, 7, ind.units_met, f["int_ok"] if good_units else f["int_warn"], Link(detail, tip))
            _link_value(ws, row, 8, ind.units_reporting, f["int"], Link(detail, tip))
            _link_value(ws, row, 9, ind.result_vi, f["center"], Link(detail, tip))
            if ind.small_base:
                ws.write_comment(row, 3, f"{SMALL_BASE_VI}: {vi_ratio(ind.numerator, ind.denominator)}")
            trend = trends[ind.id]
            trend_link = Link(f"internal:'{SHEETS['trends']}'!A{trend_rows[ind.id] + 1}", WORKBOOK["dashboard.27"])
            arrow = trend.previous.arrow
            arrow_fmt = f["arrow_good"] if trend.previous.better else (
                f["arrow_bad"] if trend.previous.better is False else f["center"])
            _link_value(ws, row, 10, arrow, arrow_fmt, trend_link)
            _link_value(ws, row, 11, trend.year_to_date, _rate_format(f, trend.year_to_date, None), trend_link)
            row += 1
    last_table_row = row - 1
    _traffic_lights(ws, top + 1, 9, last_table_row, 9, f)
    ws.write_string(row + 1, 0, WORKBOOK["dashboard.28"], f["note"])
    after_pools = _pool_rows(ws, row + 3, metrics, f)

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
    overdue = [(WORKBOOK["dashboard.29"].format(measure=o.measure, unit=o.unit, text=o.text, due_date=o.due_date), Link(overdue_at(i), o.text))
               for i, o in heapq.nsmallest(PANEL_LINES, enumerate(analysis.overdue),
                                           key=lambda io: -io[1].days_overdue)]
    open_actions = [(i, a) for i, a in enumerate(analysis.actions) if a.closed_in is None]
    doing = [(f"{'⚠ ' if a.overdue else ''}{a.unit} · {a.indicator}: {a.action or NO_ACTION_VI}"
              + (WORKBOOK["dashboard.30"].format(deadline=a.deadline) if a.deadline else ""),
              Link(action_at(i), f"{ACTION_STATUS_VI[a.status]}" + (WORDS["qua-han"] if a.overdue else "")))
             for i, a in heapq.nsmallest(PANEL_LINES, open_actions, key=lambda ia: (not ia[1].overdue, ia[1].opened))]
    panels = [(WORKBOOK["dashboard.32"], behind, len(analysis.behind), SHEETS["status"], WORDS["khong-co-don-vi-nao-cham-trong-ky"]),
              (WORKBOOK["dashboard.34"], overdue, len(analysis.overdue), SHEETS["overdue"],
               WORDS["khong-co-bien-phap-nao-qua-han"]),
              (WORKBOOK["dashboard.36"], doing, analysis.action_counts.open, SHEETS["actions"],
               WORKBOOK["dashboard.37"])]
    for n, (title, shown, count, sheet, empty) in enumerate(panels):
        col = right + n
        ws.write_string(panel_top, col, f"{title} ({count})", f["panel_head"])
        shown = shown or [(empty, None)]
        for k in range(PANEL_LINES):
            text, link = shown[k] if k < len(shown) else ("", None)
            _link_value(ws, panel_top + 1 + k, col, _clip(text), f["panel"], link)
        more = WORKBOOK["dashboard.38"].format(count=count) if count > PANEL_LINES else WORKBOOK["dashboard.39"]
        ws.write_url(panel_top + 1 + PANEL_LINES, col, _sheet_link(sheet), f["panel_more"], string=more)

    # Step 6: below everything, reporting over the months and units meeting each target.
    below = max(last_table_row + 3, after_pools + 1, panel_top + PANEL_LINES + 3)
    ws.insert_chart(below, 0, _chart_reporting(w, chart_data), {"x_offset": 2, "y_offset": 4})
    ws.insert_chart(below, right, _chart_units(w, chart_data), {"x_offset": 4, "y_offset": 4})
    ws.freeze_panes(0, 0)
    # Printed at 100 % (11 pt, never shrunk): the table, then the panels, each one landscape page wide; the
    # charts below on pages of their own; the title rows on every page.
    ws.set_v_pagebreaks([right - 1])
    ws.set_h_pagebreaks([below])
    w.page(ws, (0, 1), (0, 0, below + 16, last_col), landscape_pages=None)
    ws.set_print_scale(print_scale([widths[:right - 1], widths[right - 1:]]))


PAGE_PIXELS = 1045              # A4 landscape between 0.4" margins, at 96 pixels an inch
SMALLEST_SCALE = 73             # 11 pt text printed at 73 % is 8 pt: never smaller


def print_scale(parts: list[list[float]]) -> int:
    """The print scale (%) at which each part of a sheet (its column widths, in Excel's units) fits one page's
    width with a margin to spare: 100 at most, never so small that 11-pt text prints under 8 pt (a part that
    would need less is split across pages instead)."""
    pixels = max(sum(int(width * 7 + 0.5) + 5 for width in part) for part in parts)
    return max(SMALLEST_SCALE, min(100, int(PAGE_PIXELS * 0.9 * 100 / pixels)))


def _write_chart_data(w: _Writer, analysis: Analysis) -> dict:
    """The numbers behind the charts, in plain cells the charts point at (also readable by people)."""
    f, metrics = w.f, analysis.metrics
    ws = w.sheet(SHEETS["charts"])
    ws.write_string(0, 0, WORKBOOK["chart_data.1"].format(SHEETS=SHEETS['dashboard'], label_vi=w.period.label_vi),
                    f["title_left"])
    for c, width in enumerate([12, 14, 12, 12, 14, 14]):
        ws.set_column(c, c, width)
    top = 2
    ws.write_row(top, 0, [WORDS["chi-tieu"], WORDS["ty-le-cua-so"], WORDS["muc-tieu"], WORDS["don-vi-dat"], WORDS["don-vi-chua-dat"], WORDS["don-vi-phat-sinh"]],
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
    ws.write_row(months_top, 0, [WORKBOOK["chart_data.8"], WORDS["ty-le-nop-bao-cao"], WORDS["ty-le-nop-dung-han"], WORDS["phai-nop"], WORDS["da-nop"],
                                 WORDS["dung-han"]], f["header"])
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
            "met": [ind.met for ind in metrics.indicators],
            "reporting": [r for rate in by_month.values() for r in (rate.reporting_rate, rate.on_time_rate)
                          if r is not None]}


def axis_floor(values: list[float], step: float = 0.05) -> float:
    """Where a 0–100 % axis starts so the gap between the lowest value and 100 % shows: a step below the lowest
    value, on a multiple of `step` (96,9 % and 100 % on an axis from 90 %, not from 0)."""
    if not values:
        return 0.0
    return max(0.0, math.floor(min(values) / step) * step - step)


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
    bars.set_title({"name": WORDS["ty-le-cua-so-so-voi-muc-tieu-vach-den"], "name_font": {"size": 11}})
    # 0 to 100 %: 6.2 (≤ 20 %) shares the axis with the ≥ 100 % indicators; each bar carries its value label
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
    chart.set_title({"name": WORDS["ty-le-nop-bao-cao-qua-cac-thang"], "name_font": {"size": 11}})
    chart.set_y_axis({"min": axis_floor(data["reporting"]), "max": 1, "num_format": "0%",
                      "major_gridlines": {"visible": True,
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
    chart.set_title({"name": WORDS["so-don-vi-dat-chua-dat-tung-chi-tieu"], "name_font": {"size": 11}})
    chart.set_y_axis({"min": 0, "major_unit": 2, "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
    chart.set_x_axis({"num_font": {"size": 8}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 1010, "height": 300})
    return chart


def _traffic_lights(ws, r1, c1, r2, c2, f) -> None:
    for text, fmt in ((WORKBOOK["traffic_lights.1"], f["ok"]), (WORKBOOK["traffic_lights.2"], f["bad"])):
        ws.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==", "value": f'"{text}"', "format": fmt})


def _pool_rows(ws, top: int, metrics, f) -> int:
    """Below the table: each pooled indicator's figure and verdict per pool of the plan (6.2: the administrative
    block, each centre), in the table's columns. The next free row."""
    row = top
    for ind in (r for r in metrics.indicators if r.pools):
        _merge(ws, row, 0, row, 9, WORKBOOK["pools"].format(id=ind.id, name=ind.name, target=ind.target_label),
               f["objective"])
        row += 1
        for pool in ind.pools:
            ws.write_string(row, 1, pool.title, f["cell_nowrap"])     # column A stays the table's ids
            ws.write_string(row, 2, ind.target_label, f["center_fit"])
            if pool.rate is None:
                ws.write_string(row, 3, "—", _rate_format(f, None, None))
            else:
                ws.write_number(row, 3, pool.rate, _rate_format(f, pool.rate, pool.met))
            ws.write_number(row, 4, pool.numerator, f["int"])
            ws.write_number(row, 5, pool.denominator, f["int"])
            ws.write_string(row, 9, RESULT_VI[pool.met], f["center"])
            row += 1
    return row

