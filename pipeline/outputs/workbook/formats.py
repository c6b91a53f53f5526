"""The consolidated workbook's cell formats and page set-up."""
from __future__ import annotations

from ...plan.config import Config


def _page(ws, config: Config, period, header_row: int | tuple[int, int], area, pages: tuple[int, int] | None = (1, 0),
          note: str = "") -> None:
    """A4 landscape, header rows repeated; Department, period and «Trang x/y» (and `note`, at the foot's right).
    `pages`: fitted to (wide, tall) pages (0: as many as it takes), or None for 100 %, split at the sheet's
    page breaks (the text stays 11 pt: never shrunk under 8 pt)."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    if pages is None:
        ws.set_print_scale(100)
    else:
        ws.fit_to_pages(*pages)
    if pages is None or pages[1] == 0:
        ws.repeat_rows(*header_row) if isinstance(header_row, tuple) else ws.repeat_rows(header_row)
    if area:
        ws.print_area(*area)
    # "&9" is the font size; the font code after it ends the number ("&96 tháng…" would be size 96).
    font = '&9&"Times New Roman,Regular"'
    department = config.plan.department.replace("&", "&&")        # "&" starts a header code
    ws.set_header(f"&L{font}{department}&R{font}{period.label_vi}")
    ws.set_footer(f"&C{font}Trang &P/&N" + (f"&R{font}{note.replace('&', '&&')}" if note else ""))


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
