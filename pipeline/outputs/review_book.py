"""Writing the management-review workbook the ISO secretary fills (before and after the meeting), with xlsxwriter."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from ..consolidate.analysis import Analysis
from ..excel import wrapped_lines
from ..consolidate.timeliness import reporting_rate
from ..model import ActionStatus, ReviewState
from ..plan.config import Config
from ..plan.review_layout import (BOOK_MARK, BOOK_VERSION, BLANK_ROWS, HEADER_ROW, INPUT_SHEETS, MEETING_DATES,
    MEETING_FIRST_ROW, MEETING_KEYS, NOTE_ROW, SHEET_META, TITLE_ROW, ReviewColumn, ReviewSheet, choice_labels)
from ..vi import pct, vi_int, vi_ratio
from ..vi.review import BOOK, CHOICES, GUIDE, MEETING, SHEETS, TITLES
from .documents.content import period_words
from .documents.review import unit_name
from ..vi.template import TEMPLATE
from .template import _formats, _list_rule, _text_rule, _validate_date, _write_input, write_guide_lines


def write_review_book(config: Config, analysis: Analysis, state: ReviewState, path: Path) -> Path:
    """The review workbook of `analysis.period`: the instructions, the meeting's facts, sheet a) pre-filled with
    the earlier decisions and their status, the inputs b)–e) to fill, c) written from the figures, and the
    decisions' sheet for after the meeting. What was recorded before for this review is filled in again, so a
    workbook made anew loses nothing."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "in_memory": True})
    wb.set_properties({"title": BOOK["title"], "subject": config.plan.title, "author": config.plan.department,
                       "comments": f"mtcl review book v{BOOK_VERSION}"})
    fmt = {**_formats(wb), "heading": wb.add_format({"font_name": "Times New Roman", "bold": True})}
    guide = wb.add_worksheet(SHEETS["guide"])
    meeting = wb.add_worksheet(SHEETS["meeting"])
    sheets, results = {}, None
    for sheet in INPUT_SHEETS:              # c) from the figures comes after b), before the inputs c1)–c7)
        sheets[sheet.key] = wb.add_worksheet(sheet.name)
        if sheet.key == "changes":
            results = wb.add_worksheet(SHEETS["results"])
    meta = wb.add_worksheet(SHEET_META)

    # --- hidden sheet: what the file is (the reader checks it), and the lists behind the drop-downs
    for r, row in enumerate((("mtcl", BOOK_MARK), ("version", BOOK_VERSION), ("plan", config.plan.id),
                             ("period", analysis.period.key))):
        meta.write_row(r, 0, row)
    lists = {"unit": _list(meta, 3, [u.name for u in config.units])}
    for col, name in enumerate(CHOICES, start=4):
        lists[name] = _list(meta, col, list(CHOICES[name].values()))
    meta.protect()
    meta.hide()

    # --- the guide prints on A4 portrait, each row as tall as its wrapped text (as the template's guide)
    subtitle = BOOK["subtitle"].format(department=config.plan.department, words=period_words(analysis.period))
    write_guide_lines(guide, fmt, [("guide_title", GUIDE[0]), ("guide", subtitle)] +
                      [("guide", text) for text in GUIDE[1:]])

    book = state.book
    _write_meeting(meeting, fmt, book.meeting if book else {}, config)
    previous = [{"id": d.id, "review": d.review, "kind": CHOICES["decision-kind"][d.kind], "text": d.text,
                 "owner": unit_name(config, d.owner), "deadline": f"{d.deadline:%d/%m/%Y}",
                 "status": CHOICES["decision-status"][d.status], "note": d.note} for d in state.previous]
    for sheet in INPUT_SHEETS:
        given = previous if sheet.key == "previous" else [_shown(sheet, row, config) for row in
                                                           (book.sheet(sheet.key) if book else ())]
        _write_table(sheets[sheet.key], fmt, sheet, given, lists, config)
    _write_results(results, fmt, config, analysis)
    sheets["previous"].activate()
    guide.set_first_sheet()
    wb.close()
    return path


def _page_setup(ws, config: Config, header_row: int) -> None:
    """A4 landscape, one page wide (the review's sheets are narrower than the unit template), the headers on
    every page, the Department and plan above and the page number below, as on the template."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_header(f"&L&9{config.plan.department}&R&9{config.plan.title}")
    ws.set_footer("&C&9" + TEMPLATE["page-footer"])


def _list(meta, col: int, values: list[str]) -> str:
    for r, value in enumerate(values):
        meta.write_string(r, col, value)
    letter = xl_col_to_name(col)
    return f"='{SHEET_META}'!${letter}$1:${letter}${max(len(values), 1)}"


def _shown(sheet: ReviewSheet, row: dict[str, str], config: Config) -> dict[str, object]:
    """A recorded row as the secretary typed it: list codes as their labels, units by name, dates as dates."""
    out: dict[str, object] = {}
    for col in sheet.columns:
        value = row.get(col.key)
        if value is None:
            continue
        if col.kind == "choice":
            value = choice_labels(col.choices).get(value, value)
        elif col.kind == "unit":
            value = unit_name(config, value)
        elif col.kind == "date":
            value = dt.date.fromisoformat(value)
        out[col.key] = value
    return out


def _write_meeting(ws, fmt, facts: dict[str, str], config: Config) -> None:
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 80)
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, 1, TITLES["meeting"], fmt["title"])
    ws.merge_range(NOTE_ROW, 0, NOTE_ROW, 1, BOOK["note-meeting"], fmt["note"])
    for offset, key in enumerate(MEETING_KEYS):
        row = MEETING_FIRST_ROW + offset
        ws.write_string(row, 0, MEETING[key], fmt["label"])
        value = facts.get(key)
        if key in MEETING_DATES:
            _write_input(ws, row, 1, dt.date.fromisoformat(value) if value else None, fmt["input_date"])
            _validate_date(ws, row, 1, row, 1, config)
        else:
            _write_input(ws, row, 1, value, fmt["input"])
            ws.data_validation(row, 1, row, 1, _text_rule())
        ws.set_row(row, 60 if key == "attendees" else 22)
    _page_setup(ws, config, TITLE_ROW)
    ws.protect("", {"format_columns": True, "format_rows": True})


def _write_table(ws, fmt, sheet: ReviewSheet, given: list[dict], lists: dict[str, str], config: Config) -> None:
    last_col = len(sheet.columns) - 1
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last_col, TITLES[sheet.key], fmt["title"])
    note = BOOK["note-previous"] if sheet.key == "previous" else BOOK["note"]
    if sheet.key == "previous" and not given:
        note = BOOK["no-previous"]
    ws.merge_range(NOTE_ROW, 0, NOTE_ROW, last_col, note, fmt["note"])
    for col, column in enumerate(sheet.columns):
        header = column.header(sheet.key) + (BOOK["required-mark"] if column.required else "")
        ws.write_string(HEADER_ROW, col, header, fmt["header" if column.kind == "fixed" else "header_input"])
        ws.set_column(col, col, column.width)
    ws.set_row(HEADER_ROW, 32)
    first = HEADER_ROW + 1
    count = len(given) if sheet.key == "previous" else len(given) + BLANK_ROWS
    for offset in range(count):
        row = first + offset
        values = given[offset] if offset < len(given) else {}
        for col, column in enumerate(sheet.columns):
            value = values.get(column.key)
            if column.kind == "fixed":
                ws.write_string(row, col, "" if value is None else str(value), fmt["fixed"])
            else:
                _write_input(ws, row, col, value, fmt["input_date" if column.kind == "date" else "input"])
        ws.set_row(row, 45)
    if count:
        for col, column in enumerate(sheet.columns):
            _validate(ws, column, first, first + count - 1, col, lists, config)
    ws.freeze_panes(first, 0)
    _page_setup(ws, config, HEADER_ROW)
    ws.protect("", {"format_columns": True, "format_rows": True})


def _validate(ws, column: ReviewColumn, first: int, last: int, col: int, lists: dict[str, str], config: Config):
    if column.kind == "date":
        _validate_date(ws, first, col, last, col, config)
    elif column.kind == "unit":
        ws.data_validation(first, col, last, col, _list_rule(lists["unit"], BOOK["unit-title"], BOOK["unit-message"]))
    elif column.kind == "choice":
        ws.data_validation(first, col, last, col, _list_rule(lists[column.choices], BOOK["list-title"],
                                                             BOOK["list-message"]))
    elif column.kind == "text":
        ws.data_validation(first, col, last, col, _text_rule())


def _write_results(ws, fmt, config: Config, analysis: Analysis) -> None:
    """c) from the units' reports: each indicator's result and trend, the corrective actions, the monitoring."""
    headers = (BOOK["results.indicator"], BOOK["results.target"], BOOK["results.value"], BOOK["results.rate"],
               BOOK["results.previous"], BOOK["results.months"], BOOK["results.units"], BOOK["results.met"])
    widths = (50, 12, 14, 10, 14, 24, 12, 14)
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, len(headers) - 1, TITLES["results"], fmt["title"])
    ws.merge_range(NOTE_ROW, 0, NOTE_ROW, len(headers) - 1, BOOK["results.as-of"].format(as_of=analysis.as_of),
                   fmt["subtitle"])
    ws.write_string(HEADER_ROW - 1, 0, BOOK["results.indicators"], fmt["heading"])
    for col, (text, width) in enumerate(zip(headers, widths)):
        ws.write_string(HEADER_ROW, col, text, fmt["header"])
        ws.set_column(col, col, width)
    ws.set_row(HEADER_ROW, 32)
    trends = {t.indicator: t for t in analysis.trends}
    row = HEADER_ROW
    for r in analysis.metrics.indicators:
        row += 1
        months = [rate for _, rate in trends[r.id].months if rate is not None]
        ws.write_row(row, 0, (f"{r.id}. {r.name}", r.target_label, vi_ratio(r.numerator, r.denominator), pct(r.rate),
                              trends[r.id].previous.label,
                              f"{pct(months[0])} → {pct(months[-1])}" if len(months) > 1 else pct(r.rate),
                              vi_ratio(r.units_met, r.units_reporting), r.result_vi), fmt["fixed"])
        ws.set_row(row, 30)
    metrics = analysis.metrics
    met = [o for o in metrics.objectives if o.met]
    actions, open_ = analysis.actions, analysis.open_actions
    total = reporting_rate(analysis.timeliness_in(analysis.period))
    lines = (BOOK["results.objectives"].format(met=vi_ratio(len(met), len(metrics.objectives))),
             BOOK["results.actions"].format(total=vi_int(len(actions)),
                                            closed=vi_int(sum(a.status == ActionStatus.CLOSED for a in actions)),
                                            open=vi_int(len(open_)), overdue=vi_int(sum(a.overdue for a in open_)),
                                            none=vi_int(sum(a.action is None for a in open_))),
             BOOK["results.monitoring"].format(reported=vi_ratio(total.reported, total.expected),
                                               rate=pct(total.reporting_rate), on_time=vi_int(total.on_time),
                                               on_time_rate=pct(total.on_time_rate),
                                               overdue=vi_int(len(analysis.overdue))))
    row += 1
    for text in lines:
        row += 1
        ws.merge_range(row, 0, row, len(headers) - 1, text, fmt["guide"])
        ws.set_row(row, 17 * wrapped_lines(text, sum(widths) / 1.2) + 4)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    _page_setup(ws, config, HEADER_ROW)
    ws.protect()
