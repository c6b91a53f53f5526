"""The checks of a management-review workbook read back: every filled row's required cells, dates, units and lists; pure."""
from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..findings import make_finding
from ..model import Finding, ReviewBook
from ..plan.config import Config
from ..plan.review_layout import (BOOK_MARK, HEADER_ROW, INPUT_SHEETS, MEETING_DATES, MEETING_FIRST_ROW, MEETING_KEYS,
    SHEET_META, ReviewColumn, ReviewSheet, choice_labels)
from ..text import clean_text, fold
from ..vi.review import MEETING, SHEETS
from .cells import parse_date


def check_review_book(sheets: dict[str, list[list[Any]]], config: Config, file_name: str,
                      known_decisions: set[str] = frozenset()) -> ReviewBook:
    """The workbook's filled rows as text (dates ISO, list choices and units as codes), with a finding for each
    cell to correct. A row left blank is skipped; a row with anything in it needs its required cells. Decisions
    (the sheet filled after the meeting) need the meeting's facts. `known_decisions`: the ids of earlier
    reviews' decisions, which sheet a) may list."""
    meta = sheets.get(SHEET_META) or []
    mark = _at(meta, 0, 1)
    if mark != BOOK_MARK:
        return ReviewBook(period="", findings=(make_finding("review-not-book", file=file_name),))
    plan, period = clean_text(_at(meta, 2, 1)) or "", clean_text(_at(meta, 3, 1)) or ""
    if plan != config.plan.id:
        return ReviewBook(period=period, findings=(make_finding("review-other-plan", value=plan,
                                                                expected=config.plan.id),))
    findings: list[Finding] = []
    rows: dict[str, tuple[dict[str, str], ...]] = {}
    for sheet in INPUT_SHEETS:
        if sheet.name not in sheets:
            findings.append(make_finding("review-sheet-missing", sheet=sheet.name, sheet_name=sheet.name))
            continue
        rows[sheet.key] = tuple(_sheet_rows(sheet, sheets[sheet.name], config, findings))
    kept = []
    for row in rows.get("previous", ()):
        if row.get("id") in known_decisions:
            kept.append(row)
        else:
            findings.append(make_finding("review-unknown-decision", sheet=SHEETS["previous"], cell=row["_cell"],
                                         value=row.get("id"), sheet_name=SHEETS["previous"]))
    rows["previous"] = tuple(kept)
    meeting = _meeting(sheets.get(SHEETS["meeting"]) or [], bool(rows.get("decisions")), findings)
    clean = {key: tuple({k: v for k, v in row.items() if not k.startswith("_")} for row in values)
             for key, values in rows.items()}
    return ReviewBook(period=period, meeting=meeting, rows=clean, findings=tuple(findings))


def _at(rows: list[list[Any]], r: int, c: int) -> Any:
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


def _sheet_rows(sheet: ReviewSheet, values: list[list[Any]], config: Config, findings: list[Finding]):
    inputs = [c for c in sheet.columns if c.kind != "fixed"]
    for r in range(HEADER_ROW + 1, len(values)):
        raw = {c.key: _at(values, r, sheet.column(c.key)) for c in sheet.columns}
        if all(clean_text(raw[c.key]) is None for c in inputs):
            continue
        row = {"_cell": xl_rowcol_to_cell(r, 0)}
        for col in sheet.columns:
            cell = xl_rowcol_to_cell(r, sheet.column(col.key))
            value = _cell_value(col, raw[col.key], cell, sheet, config, findings)
            if value is not None:
                row[col.key] = value
        yield row


def _cell_value(col: ReviewColumn, raw: Any, cell: str, sheet: ReviewSheet, config: Config,
                findings: list[Finding]) -> str | None:
    where = {"sheet": sheet.name, "cell": cell, "sheet_name": sheet.name}
    text = clean_text(raw) if not hasattr(raw, "year") else raw.isoformat()
    if text is None:
        if col.required:
            findings.append(make_finding("review-required", **where, column=col.header(sheet.key)))
        return None
    if col.kind == "date":
        date, problem = parse_date(raw, config.plan.year)
        if problem:
            findings.append(make_finding("review-date-invalid", **where, value=text))
            return None
        return date.isoformat()
    if col.kind == "unit":
        unit = config.find_unit(text)
        if unit is None:
            findings.append(make_finding("review-unknown-owner", **where, value=text))
            return None
        return unit.code
    if col.kind == "choice":
        labels = choice_labels(col.choices)
        code = next((code for code, label in labels.items() if fold(label) == fold(text) or code == text), None)
        if code is None:
            findings.append(make_finding("review-choice-invalid", **where, value=text,
                                         choices="; ".join(labels.values())))
        return code
    return text


def _meeting(values: list[list[Any]], decided: bool, findings: list[Finding]) -> dict[str, str]:
    """The meeting's facts (column B beside the labels); each is required once decisions are recorded."""
    out = {}
    for offset, key in enumerate(MEETING_KEYS):
        r = MEETING_FIRST_ROW + offset
        raw, cell = _at(values, r, 1), xl_rowcol_to_cell(r, 1)
        where = {"sheet": SHEETS["meeting"], "cell": cell, "sheet_name": SHEETS["meeting"]}
        text = clean_text(raw) if not hasattr(raw, "year") else raw.isoformat()
        if text is None:
            if decided:
                findings.append(make_finding("review-meeting-missing", **where, field=MEETING[key]))
            continue
        if key in MEETING_DATES:
            date, problem = parse_date(raw)
            if problem:
                findings.append(make_finding("review-date-invalid", **where, value=text))
                continue
            text = date.isoformat()
        out[key] = text
    return out
