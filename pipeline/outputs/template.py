"""Writing the unit report template from the config, with xlsxwriter."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..excel import SEVERITY_FILL, wrapped_lines
from ..model import MeasureState
from ..plan.config import Config
from ..plan.deadlines import measure_deadline
from ..plan.indicators import asked_indicators, computed_label, input_labels, measures_counted, measures_due_in
from ..plan.layout import (Column, HEADER_FIELDS, HEADER_FIRST_ROW, INDICATOR_COLUMNS, INDICATOR_HEADER_ROW,
    INDICATOR_PAGE_BREAK, INDICATOR_REPEAT, MAX_TEXT, MEASURE_COLUMNS, MEASURE_HEADER_ROW, MEASURE_PAGE_BREAK,
    MEASURE_REPEAT, META_KEYS, META_MARK, PRINT_SCALE, SHEET_GUIDE, SHEET_INDICATORS, SHEET_MEASURES, SHEET_META,
    STATUSES, TEMPLATE_VERSION, column_index, picked_states)
from ..plan.periods import Period, months_of_year
from ..rules.live import LiveCheck, indicator_checks, joined, measure_checks
from ..vi import SEVERITY_VI, WORDS
from ..vi.template import TEMPLATE

LINE_POINTS = 15            # one wrapped line of Times New Roman 11, with its leading
CHECK_LINES = 4             # room kept in every row for the «Kiểm tra» messages


def write_template(config: Config, path: Path, unit: str | None = None, period: Period | None = None,
                   figures: dict[str, dict[str, object]] | None = None,
                   measure_values: dict[str, dict[str, object]] | None = None,
                   header: dict[str, object] | None = None) -> Path:
    """Write the report template; with `unit` and `period`, a copy pre-filled for them. With values typed in
    (the demo's clerk, synthetic workloads): `figures` {indicator id: {column key: value}}, `measure_values`
    {measure id: {column key: value}} and `header` {"reporter": …, "report_date": …}."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "in_memory": True})
    # A fixed creation date keeps the committed template reproducible.
    wb.set_properties({"title": TEMPLATE["template.1"],
                       "subject": config.plan.title, "author": config.plan.department,
                       "company": config.plan.department, "comments": f"mtcl template v{TEMPLATE_VERSION}",
                       "created": dt.datetime(config.plan.year, 1, 1)})
    fmt = _formats(wb)
    unit_obj = config.unit(unit) if unit else None

    guide = wb.add_worksheet(SHEET_GUIDE)
    indicators = wb.add_worksheet(SHEET_INDICATORS)
    measures = wb.add_worksheet(SHEET_MEASURES)
    meta = wb.add_worksheet(SHEET_META)

    # --- hidden sheet: what the file is, and the lists behind the drop-downs
    meta.write_row(0, 0, ["mtcl", META_MARK])
    for i, (key, value) in enumerate(zip(META_KEYS, (TEMPLATE_VERSION, config.plan.id,
                                                     unit or "", period.key if period else "")), start=1):
        meta.write_string(i, 0, key)
        meta.write_string(i, 1, value)
    # The copy issued to one unit offers only that unit; the blank template offers them all.
    listed = [unit_obj] if unit_obj else list(config.units)
    for i, u in enumerate(listed):
        meta.write_string(i, 3, u.name)
    periods = months_of_year(config.plan.year)
    for i, p in enumerate(periods):
        meta.write_string(i, 4, p.form_value)
    for i, label in enumerate(STATUSES.values()):
        meta.write_string(i, 5, label)
    meta.protect()
    meta.hide()
    units_list = f"='{SHEET_META}'!$D$1:$D${len(listed)}"
    periods_list = f"='{SHEET_META}'!$E$1:$E${len(periods)}"
    status_list = f"='{SHEET_META}'!$F$1:$F${len(STATUSES)}"

    _write_guide(guide, fmt, config, listed)

    # --- indicators: header block, then one row per indicator of the plan
    ws = indicators
    last_col = len(INDICATOR_COLUMNS) - 1
    # The titles span the first printed page right of the columns every page repeats: merged over both pages
    # or over a repeated column, they would print cut.
    title_start, title_end = _title_span(INDICATOR_COLUMNS, INDICATOR_REPEAT, INDICATOR_PAGE_BREAK)
    ws.merge_range(0, title_start, 0, title_end, TEMPLATE["template.2"], fmt["title"])
    ws.merge_range(1, title_start, 1, title_end, f"{config.plan.title} ({config.plan.decision})", fmt["subtitle"])
    header_values = {"unit": unit_obj.name if unit_obj else "", "period": period.form_value if period else "",
                     "reporter": "", "report_date": None, **(header or {})}
    for offset, (key, label) in enumerate(HEADER_FIELDS):
        row = HEADER_FIRST_ROW + offset
        ws.merge_range(row, 0, row, 1, label, fmt["label"])
        value = header_values[key]
        if key == "report_date":
            _write_input(ws, row, 2, value, fmt["input_date"])
            _validate_date(ws, row, 2, row, 2, config)
        else:
            ws.write_string(row, 2, value, fmt["input"]) if value else ws.write_blank(row, 2, None, fmt["input"])
        if key == "unit":
            ws.data_validation(row, 2, row, 2, _list_rule(units_list, WORDS["don-vi"], TEMPLATE["template.4"]))
        elif key == "period":
            ws.data_validation(row, 2, row, 2, _list_rule(periods_list, WORDS["ky-bao-cao"],
                                                          TEMPLATE["template.6"]))
        elif key == "reporter":
            ws.data_validation(row, 2, row, 2, _text_rule())
    ws.merge_range(HEADER_FIRST_ROW - 1, title_start, HEADER_FIRST_ROW - 1, title_end,
                   TEMPLATE["template.7"].format(due_day=config.reporting.due_day), fmt["note"])

    for col, column in enumerate(INDICATOR_COLUMNS):
        ws.write_string(INDICATOR_HEADER_ROW, col, column.header, fmt["header_input" if column.is_input else "header"])
        ws.set_column(col, col, column.width)
    first = INDICATOR_HEADER_ROW + 1
    asked = asked_indicators(config, period)
    computed_counts = _computed_counts(config, unit, period, measure_values or {})
    for offset, ind in enumerate(config.indicators):
        row = first + offset
        objective = config.objective(ind.objective)
        denominator_label, numerator_label = input_labels(ind)
        fixed = {"id": ind.id, "objective": f"{objective.id}. {objective.short}", "name": ind.name,
                 "denominator_label": denominator_label, "numerator_label": numerator_label,
                 "target": ind.target_label}
        given = (figures or {}).get(ind.id, {})
        refs = {c.key: xl_rowcol_to_cell(row, i) for i, c in enumerate(INDICATOR_COLUMNS)}
        for col, column in enumerate(INDICATOR_COLUMNS):
            if column.key == "check":
                _write_checks(ws, row, col, indicator_checks(ind, refs, config, unit) if ind in asked else [], fmt)
            elif column.key in fixed:
                ws.write_string(row, col, fixed[column.key], fmt["fixed"])
            elif column.key == "rate":
                due = xl_rowcol_to_cell(row, column_index(INDICATOR_COLUMNS, "due"))
                done = xl_rowcol_to_cell(row, column_index(INDICATOR_COLUMNS, "on_time"))
                ws.write_formula(row, col, f'=IF(AND(ISNUMBER({due}),{due}>0),{done}/{due},"")', fmt["rate"], "")
            elif column.is_input and ind not in asked:      # not asked this month: nothing to type in the row
                ws.write_string(row, col, "—", fmt["fixed"])
            elif column.key in ("due", "on_time", "late") and ind.computed:       # 1.1: from the Biện pháp sheet
                _write_computed(ws, row, col, column.key, ind, computed_counts, fmt)
            elif column.key == "late" and not ind.late:
                ws.write_string(row, col, "—", fmt["fixed"])
            elif column.key in ("due", "on_time", "late"):
                _write_input(ws, row, col, given.get(column.key), fmt["input_number"])
            elif column.key in ("action_deadline", "action_done"):
                _write_input(ws, row, col, given.get(column.key), fmt["input_date"])
            else:
                _write_input(ws, row, col, given.get(column.key), fmt["input"])
        ws.set_row(row, _height(INDICATOR_COLUMNS, fixed))
    last_row = first + len(config.indicators) - 1
    _validate_columns(ws, INDICATOR_COLUMNS, first, last_row, config, status_list)
    ws.set_row(INDICATOR_HEADER_ROW, _height(INDICATOR_COLUMNS, {c.key: c.header for c in INDICATOR_COLUMNS}, 0))
    ws.freeze_panes(first, 3)
    ws.autofilter(INDICATOR_HEADER_ROW, 0, last_row, last_col)
    _page_setup(ws, config, INDICATOR_HEADER_ROW, INDICATOR_COLUMNS, INDICATOR_PAGE_BREAK, INDICATOR_REPEAT)
    ws.protect("", {"autofilter": True, "format_columns": True, "format_rows": True, "sort": False})

    # --- measures: the plan's measures that concern the unit (all of them on the blank template)
    ws = measures
    last_col = len(MEASURE_COLUMNS) - 1
    title_start, title_end = _title_span(MEASURE_COLUMNS, MEASURE_REPEAT, MEASURE_PAGE_BREAK)
    ws.merge_range(0, title_start, 0, title_end, TEMPLATE["template.8"], fmt["title"])
    scope = TEMPLATE["template.9"].format(name=unit_obj.name) if unit_obj else \
        TEMPLATE["template.10"]
    ws.merge_range(1, title_start, 1, title_end, scope, fmt["subtitle"])
    for col, column in enumerate(MEASURE_COLUMNS):
        ws.write_string(MEASURE_HEADER_ROW, col, column.header, fmt["header_input" if column.is_input else "header"])
        ws.set_column(col, col, column.width)
    rows = config.measures_for(unit)
    first = MEASURE_HEADER_ROW + 1
    for offset, m in enumerate(rows):
        row = first + offset
        # A pre-filled copy says what the unit is to the measure and the deadline its report is held to.
        deadline = measure_deadline(m, period, config.plan.year) if period else None
        fixed = {"id": m.id, "objective": str(m.objective), "text": m.text, "lead": m.lead_text,
                 "role": _role(m, unit), "coordinate": m.coordinate_text, "deadline": m.deadline,
                 "due_in_period": (f"{deadline:%d/%m/%Y}" if deadline else TEMPLATE["continuous"]) if period else "",
                 "monitor": m.monitor, "expected": m.evidence}
        given = (measure_values or {}).get(m.id, {})
        refs = {c.key: xl_rowcol_to_cell(row, i) for i, c in enumerate(MEASURE_COLUMNS)}
        for col, column in enumerate(MEASURE_COLUMNS):
            if column.key == "check":
                _write_checks(ws, row, col, measure_checks(m, refs, deadline), fmt)
            elif fixed.get(column.key):
                ws.write_string(row, col, fixed[column.key], fmt["fixed"])
            elif column.key in fixed:
                ws.write_blank(row, col, None, fmt["fixed"])
            else:
                _write_input(ws, row, col, given.get(column.key),
                             fmt["input_date" if column.key == "completed_on" else "input"])
        ws.set_row(row, _height(MEASURE_COLUMNS, fixed))
    ws.set_row(MEASURE_HEADER_ROW, _height(MEASURE_COLUMNS, {c.key: c.header for c in MEASURE_COLUMNS}, 0))
    ws.freeze_panes(first, 3)
    if rows:
        ws.autofilter(MEASURE_HEADER_ROW, 0, first + len(rows) - 1, last_col)
        _validate_columns(ws, MEASURE_COLUMNS, first, first + len(rows) - 1, config, status_list)
    _page_setup(ws, config, MEASURE_HEADER_ROW, MEASURE_COLUMNS, MEASURE_PAGE_BREAK, MEASURE_REPEAT)
    ws.protect("", {"autofilter": True, "format_columns": True, "format_rows": True})

    indicators.activate()
    guide.set_first_sheet()
    wb.close()
    return path


def _computed_counts(config: Config, unit: str | None, period: Period | None,
                     measure_values: dict[str, dict[str, object]]) -> dict[str, tuple[str, object]] | None:
    """A month's copy for one unit counts 1.1 as mtcl will (rules.check): the measures it leads due in the month
    and, as the clerk picks their statuses on the Biện pháp sheet, those done on time and done late; blank until
    a status is picked (the measures not reported yet). {column key: (formula, value cached from
    `measure_values`)}; None on the blank template and on a quarter's copy («tự tính từ trang Biện pháp»)."""
    if unit is None or period is None or not period.is_month:
        return None
    rows = {m.id: MEASURE_HEADER_ROW + 1 + k for k, m in enumerate(config.measures_for(unit))}
    due = [m for m in measures_due_in(config, unit, period) if m.id in rows]
    status_col = column_index(MEASURE_COLUMNS, "status")
    cell = lambda row: f"'{SHEET_MEASURES}'!{xl_rowcol_to_cell(row, status_col, True, True)}"
    picked = picked_states(measure_values)
    cached = dict(zip(("due", "on_time", "late"), measures_counted(config, unit, period, picked)))
    if rows:
        statuses = f"{cell(min(rows.values()))}:{xl_rowcol_to_cell(max(rows.values()), status_col, True, True)}"
        reported = f"COUNTA({statuses})>0"
    else:
        reported = "FALSE"
    out = {"due": (f'=IF({reported},{len(due)},"")', cached["due"] if picked else "")}
    for key, state in (("on_time", MeasureState.DONE_ON_TIME), ("late", MeasureState.DONE_LATE)):
        count = "+".join(f'({cell(rows[m.id])}="{STATUSES[state]}")' for m in due) or "0"
        out[key] = (f'=IF({reported},{count},"")', cached[key] if picked else "")
    return out


def _write_computed(ws, row: int, col: int, key: str, indicator, counts: dict | None, fmt) -> None:
    if counts is None:
        ws.write_string(row, col, computed_label(), fmt["fixed"])
    elif key == "late" and not indicator.late:
        ws.write_string(row, col, "—", fmt["fixed"])
    else:
        ws.write_formula(row, col, counts[key][0], fmt["computed"], counts[key][1])


def _title_span(columns: tuple[Column, ...], repeat_until: str, break_before: str) -> tuple[int, int]:
    return column_index(columns, repeat_until) + 1, column_index(columns, break_before) - 1


def _role(measure, unit: str | None) -> str:
    if unit is None:
        return ""
    return TEMPLATE["role-lead"] if unit in measure.lead else TEMPLATE["role-coordinate"]


def _height(columns: tuple[Column, ...], texts: dict[str, str], check_lines: int = CHECK_LINES) -> int:
    """A row tall enough for its longest wrapped text and for a few lines of the «Kiểm tra» messages."""
    lines = [wrapped_lines(texts[c.key], c.width) for c in columns if texts.get(c.key)]
    return LINE_POINTS * max(lines + [check_lines, 1]) + 4


def _write_checks(ws, row: int, col: int, checks: list[LiveCheck], fmt) -> None:
    """The row's «Kiểm tra» cell, and each checked input cell coloured by severity while its rule is broken."""
    ws.write_formula(row, col, joined(checks), fmt["check"], "")
    for check in checks:
        for ref, when in check.cells:
            condition = check.condition if when == "TRUE" else f"AND({check.condition},{when})"
            ws.conditional_format(ref, {"type": "formula", "criteria": f"={condition}",
                                        "format": fmt[f"flag_{check.severity}"]})


def _write_input(ws, row: int, col: int, value, fmt) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(row, col, value if isinstance(value, dt.datetime) else
                          dt.datetime.combine(value, dt.time()), fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _formats(wb) -> dict:
    base = {"font_name": "Times New Roman", "font_size": 11, "text_wrap": True, "valign": "top", "border": 1}
    yellow = {"bg_color": "#FFF2CC", "locked": False}
    return {
        "title": wb.add_format({"font_name": "Times New Roman", "bold": True, "font_size": 14, "align": "center"}),
        "subtitle": wb.add_format({"font_name": "Times New Roman", "italic": True, "align": "center"}),
        "label": wb.add_format({"font_name": "Times New Roman", "bold": True, "align": "right"}),
        "note": wb.add_format({"font_name": "Times New Roman", "italic": True, "font_color": "#7F6000"}),
        "header": wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "align": "center", "valign": "vcenter"}),
        "header_input": wb.add_format({**base, "bold": True, "bg_color": "#FFE699", "align": "center",
                                       "valign": "vcenter"}),
        "fixed": wb.add_format(base),
        "input": wb.add_format({**base, **yellow}),
        "input_number": wb.add_format({**base, **yellow, "num_format": "0", "align": "center"}),
        "input_date": wb.add_format({**base, **yellow, "num_format": "dd/mm/yyyy", "align": "center"}),
        "rate": wb.add_format({**base, "num_format": "0.0%", "align": "center"}),
        "computed": wb.add_format({**base, "num_format": "0", "align": "center"}),
        "check": wb.add_format({**base, "font_color": "#9C0006"}),
        **{f"flag_{severity}": wb.add_format({"bg_color": f"#{fill}", "pattern": 1})
           for severity, fill in SEVERITY_FILL.items()},
        "guide": wb.add_format({"font_name": "Times New Roman", "font_size": 12, "text_wrap": True, "valign": "top"}),
        "guide_title": wb.add_format({"font_name": "Times New Roman", "font_size": 14, "bold": True}),
    }


def _validate_columns(ws, columns: tuple[Column, ...], first: int, last: int, config: Config,
                      status_list: str) -> None:
    """One data-validation rule per input column of a table (one per cell would bloat every file)."""
    for col, column in enumerate(columns):
        if not column.is_input:
            continue
        if column.key in ("due", "on_time", "late"):
            ws.data_validation(first, col, last, col, _count_rule())
        elif column.key in ("action_deadline", "action_done", "completed_on"):
            _validate_date(ws, first, col, last, col, config)
        elif column.key == "status":
            ws.data_validation(first, col, last, col, _list_rule(status_list, TEMPLATE["validate_columns.1"],
                                                                 TEMPLATE["validate_columns.2"]))
        else:
            ws.data_validation(first, col, last, col, _text_rule())


def _count_rule() -> dict:
    return {"validate": "integer", "criteria": ">=", "value": 0, "error_type": "stop",
            "input_title": TEMPLATE["count_rule.1"], "input_message": TEMPLATE["count_rule.2"],
            "error_title": TEMPLATE["count_rule.3"], "error_message": TEMPLATE["count_rule.4"]}


def _text_rule() -> dict:
    return {"validate": "length", "criteria": "<=", "value": MAX_TEXT, "error_type": "stop",
            "error_title": TEMPLATE["text_rule.1"], "error_message": TEMPLATE["text_rule.2"].format(MAX_TEXT=MAX_TEXT)}


def _list_rule(source: str, title: str, message: str) -> dict:
    return {"validate": "list", "source": source, "error_type": "stop",
            "input_title": title, "input_message": message, "error_title": title, "error_message": message}


def _validate_date(ws, r1, c1, r2, c2, config: Config) -> None:
    ws.data_validation(r1, c1, r2, c2, {
        "validate": "date", "criteria": "between",
        "minimum": dt.date(config.plan.year - 1, 1, 1), "maximum": dt.date(config.plan.year + 1, 12, 31),
        "error_type": "stop", "input_title": TEMPLATE["validate_date.1"], "input_message": TEMPLATE["validate_date.2"],
        "error_title": TEMPLATE["validate_date.3"],
        "error_message": TEMPLATE["validate_date.4"].format(value=config.plan.year - 1, value2=config.plan.year + 1)})


def _page_setup(ws, config: Config, header_row: int, columns: tuple[Column, ...], break_before: str,
                repeat_until: str) -> None:
    """A4 landscape at a scale that keeps text readable: the figures on one page, the evidence, causes and checks
    on the next, which repeats the row's identity; not shrunk to one page wide (5 pt text)."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_print_scale(PRINT_SCALE)
    ws.set_v_pagebreaks([column_index(columns, break_before)])
    ws.repeat_rows(header_row)
    ws.repeat_columns(0, column_index(columns, repeat_until))
    ws.print_across()
    ws.set_header(f"&L&9{config.plan.department}&R&9{config.plan.title}")
    ws.set_footer("&C&9" + TEMPLATE["page-footer"])


def _write_guide(ws, fmt, config: Config, units: list) -> None:
    computed = [i.id for i in config.indicators if i.computed]
    lines = [
        ("guide_title", TEMPLATE["guide.1"]),
        ("guide", f"{config.plan.department} — {config.plan.title} ({config.plan.decision})."),
        ("guide", TEMPLATE["guide.2"]),
        ("guide", TEMPLATE["guide.3"]),
        ("guide", TEMPLATE["guide.4"]),
        ("guide", TEMPLATE[f"guide.5-{config.reporting.missing_action}"]),
        ("guide", TEMPLATE["guide.6"] + (" " + TEMPLATE["guide.computed"].format(ids=", ".join(computed))
                                         if computed else "")),
        ("guide", TEMPLATE["guide.7"].format(due_day=config.reporting.due_day)),
        ("guide", TEMPLATE["guide.8"]),
        ("guide", TEMPLATE["guide.check"].format(error=SEVERITY_VI["error"], warning=SEVERITY_VI["warning"])),
        ("guide", TEMPLATE["guide.9"] + "; ".join(f"{u.code} — {u.name}" for u in units) + "."),
    ]
    write_guide_lines(ws, fmt, lines)


def write_guide_lines(ws, fmt, lines: list[tuple[str, str]], width: int = 92) -> None:
    """A guide sheet (the template's, the review workbook's) that prints on A4 portrait: one column as wide as the
    page, each row as tall as its wrapped text; `lines` are (format name, text)."""
    ws.set_column(0, 0, width)
    for row, (style, text) in enumerate(lines):
        ws.write_string(row, 0, text, fmt[style])
        # Times New Roman 12 is a little wider than the column unit: count 1.2 units a character
        ws.set_row(row, 17 * wrapped_lines(text, width / 1.2) + 4)
    ws.set_portrait()
    ws.set_paper(9)
    ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C&9" + TEMPLATE["page-footer"])
    ws.protect()
