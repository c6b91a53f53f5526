"""The business rules of one report: a raw report becomes typed figures plus findings; pure."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath
from typing import Any

from ..excel import CELL_TEXT_LIMIT, text_length
from ..findings import make_finding
from ..model import Checked, Figure, Finding, MeasureReport, MeasureState, RawReport, RawRow, Severity, _layout, _shared
from ..plan.config import Config, Indicator, meets
from ..plan.deadlines import measure_deadline
from ..plan.layout import DONE_STATUSES, INDICATOR_COLUMNS, MEASURE_COLUMNS, STATUSES, TEMPLATE_VERSION
from ..plan.periods import Period
from ..text import clean_text, fold
from ..vi import WORDS, vi_int
from .cells import excel_text, parse_count, parse_date, parse_period_value
from ..vi.rules import RULES


_KEPT = frozenset(c.key for c in INDICATOR_COLUMNS + MEASURE_COLUMNS if c.is_input) | {"id"}


def _kept_columns(row: RawRow) -> dict[str, str]:
    """The columns of the cells a finding or a link may point at (the inputs and the id)."""
    suffix = str(row.row)
    return _layout(tuple((k, ref.removesuffix(suffix)) for k, ref in row.cells.items()
                         if k in _KEPT and ref.endswith(suffix)))


def check_copies(key: str, raw: RawReport, *, config: Config, today: dt.date,
                 names: dict[str, tuple[str, ...]]) -> tuple[Checked, ...]:
    """One report checked under each name its bytes arrived with (`names[key]`: the same file can be
    sent twice). Made for the worker processes that read the files (`readers.read_many`)."""
    return tuple(check_report(raw, config, today=today, file_name=name) for name in names[key])


def check_report(raw: RawReport, config: Config, *, today: dt.date, file_name: str = "") -> Checked:
    """Apply every rule to one report; collect all findings rather than stopping at the first."""
    findings: list[Finding] = list(raw.findings)
    if raw.indicator_sheet is None:
        unit, period = placed_by_name(file_name, config)
        return Checked(unit=unit, period=period, findings=tuple(findings))
    sheet = raw.indicator_sheet

    version = raw.meta.get("template_version")
    if version and version != TEMPLATE_VERSION:
        findings.append(make_finding("template-version", sheet=sheet, found=version, expected=TEMPLATE_VERSION))
    plan_id = raw.meta.get("plan_id")
    if plan_id and plan_id != config.plan.id:
        findings.append(make_finding("plan-mismatch", found=plan_id, expected=config.plan.id))

    unit = _check_unit(raw, config, sheet, findings)
    period = _check_period(raw, config, sheet, today, findings)
    _check_file_name(file_name, config, unit, period, findings)

    figures = tuple(_check_figures(raw, config, sheet, findings))
    measures = tuple(_check_measures(raw, config, period, today, findings)) if raw.measure_sheet else ()
    return Checked(unit=unit, period=period, figures=figures, measures=measures, findings=tuple(findings),
                   indicator_sheet=sheet, measure_sheet=raw.measure_sheet)


def _check_unit(raw: RawReport, config: Config, sheet: str, findings: list[Finding]) -> str | None:
    cell = raw.header_cells.get("unit", "C4")
    typed = clean_text(raw.header.get("unit"))
    issued = raw.meta.get("unit") or None
    if typed is None:
        if issued and config.find_unit(issued):
            return config.find_unit(issued).code
        findings.append(make_finding("unit-missing", sheet=sheet, cell=cell))
        return None
    unit = config.find_unit(typed) or config.find_unit(typed.split(" - ")[0].split(" – ")[0])
    if unit is None:
        findings.append(make_finding("unknown-unit", sheet=sheet, cell=cell, value=typed))
        return None
    if issued and issued != unit.code:
        findings.append(make_finding("meta-mismatch", sheet=sheet, cell=cell, value=typed, what=WORDS["don-vi"],
                                     expected=config.find_unit(issued).name if config.find_unit(issued) else issued,
                                     found=unit.name))
    return unit.code


def _check_period(raw: RawReport, config: Config, sheet: str, today: dt.date,
                  findings: list[Finding]) -> Period | None:
    cell = raw.header_cells.get("period", "C5")
    typed = raw.header.get("period")
    issued, _ = parse_period_value(raw.meta.get("period") or None)
    period, problem = parse_period_value(typed)
    if problem:
        findings.append(make_finding("period-invalid", sheet=sheet, cell=cell, value=excel_text(typed)))
        return None
    if period is None:
        if issued is None:
            findings.append(make_finding("period-missing", sheet=sheet, cell=cell))
            return None
        period = issued
    elif issued and issued != period:
        findings.append(make_finding("meta-mismatch", sheet=sheet, cell=cell, value=period.form_value,
                                     what=WORDS["ky-bao-cao"], expected=issued.form_value, found=period.form_value))
    if period.year != config.plan.year:
        findings.append(make_finding("period-outside-plan", sheet=sheet, cell=cell, value=period.form_value,
                                     year=config.plan.year))
    elif period.start > today:
        findings.append(make_finding("period-not-started", sheet=sheet, cell=cell, value=period.form_value))
    return period


_NAME_PERIOD = re.compile(r"(?<!\d)(?:(\d{4})[-_.]?(\d{2})|(\d{1,2})[-_.](\d{4}))(?!\d)")


def placed_by_name(path: str, config: Config) -> tuple[str | None, Period | None]:
    """Unit and period a file's name or folder carries: `KHTC_2023-05.xlsx`, `Báo cáo NCC 05.2023.xlsx`,
    `Phòng Người có công/bao-cao.xlsx` (units may keep a subfolder each)."""
    parts = PurePath(path.replace("\\", "/")).parts
    stem = PurePath(parts[-1]).stem if parts else ""
    unit = None
    for token in re.split(r"[\s_\-.]+", stem):
        found = config.find_unit(token)
        if found and token.upper() == found.code:
            unit = found.code
            break
    for folder in reversed(parts[:-1]):
        if unit is None and config.find_unit(folder):
            unit = config.find_unit(folder).code
    period = None
    match = _NAME_PERIOD.search(stem)
    if match:
        year, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        if 1 <= int(month) <= 12:
            period = Period(int(year), int(month), 1)
    return unit, period


def _check_file_name(file_name: str, config: Config, unit: str | None, period: Period | None,
                     findings: list[Finding]) -> None:
    named_unit, named_period = placed_by_name(file_name, config)
    file_name = PurePath(file_name.replace("\\", "/")).name
    if unit and named_unit and named_unit != unit:
        findings.append(make_finding("filename-mismatch", value=file_name, what=WORDS["don-vi-2"],
                                     expected=named_unit, found=unit))
    if period and named_period and named_period != period:
        findings.append(make_finding("filename-mismatch", value=file_name, what=RULES["check_file_name.2"],
                                     expected=named_period.form_value, found=period.form_value))


def _count(row: RawRow, key: str, sheet: str, findings: list[Finding]) -> int | None:
    raw = row.values.get(key)
    value, problem = parse_count(raw)
    if problem:
        findings.append(make_finding(problem, sheet=sheet, cell=row.cells.get(key), value=excel_text(raw)))
    return value


def _check_figures(raw: RawReport, config: Config, sheet: str, findings: list[Finding]):
    rows: dict[str, RawRow] = {}
    for row in raw.indicators:
        if any(row.key == i.id for i in config.indicators):
            rows.setdefault(row.key, row)
        else:
            findings.append(make_finding("unknown-indicator", sheet=sheet, cell=row.cells.get("id"), value=row.key))
    for indicator in config.indicators:
        row = rows.get(indicator.id)
        if row is None:
            findings.append(make_finding("missing-indicator", sheet=sheet, indicator=indicator.id))
            continue
        before = len(findings)
        due = _count(row, "due", sheet, findings)
        on_time = _count(row, "on_time", sheet, findings)
        late = None
        if indicator.late:
            late = _count(row, "late", sheet, findings)
        elif parse_count(row.values.get("late"))[0]:
            findings.append(make_finding("late-not-applicable", sheet=sheet, cell=row.cells.get("late"),
                                         value=excel_text(row.values.get("late")), indicator=indicator.id))
        counts_ok = len([f for f in findings[before:] if f.severity == Severity.ERROR]) == 0
        if due is None and counts_ok and (on_time or late):
            findings.append(make_finding("counts-without-due", sheet=sheet, cell=row.cells.get("due")))
        if due is not None:
            # A blank "done" next to a given "due" means nothing was done.
            on_time = on_time or 0
            late = (late or 0) if indicator.late else None
            if counts_ok and on_time + (late or 0) > due:
                findings.append(make_finding("done-exceeds-due", sheet=sheet, cell=row.cells.get("on_time"),
                                             value=on_time, on_time=on_time, late=late or 0,
                                             done=on_time + (late or 0), due=due))
        deadline_raw = row.values.get("action_deadline")
        action_deadline, problem = parse_date(deadline_raw)
        if problem:
            findings.append(make_finding(problem, sheet=sheet, cell=row.cells.get("action_deadline"),
                                         value=excel_text(deadline_raw)))
        texts = {key: clean_text(row.values.get(key)) for key in ("evidence", "cause", "action", "owner")}
        for key, text in texts.items():
            if text and len(text) > CELL_TEXT_LIMIT // 2 and text_length(text) > CELL_TEXT_LIMIT:
                findings.append(make_finding("text-too-long", sheet=sheet, cell=row.cells.get(key),
                                             value=text[:40] + "…", length=vi_int(len(text))))
        figure = _shared(Figure(indicator=indicator.id, due=due, on_time=on_time, late=late, **texts,
                                action_deadline=action_deadline, row=row.row, columns=_kept_columns(row)))
        if counts_ok:
            _check_corrective_action(figure, indicator, config, sheet, findings)
        yield figure


_ACTION_FIELDS = (("cause", RULES["module.1"]), ("action", RULES["module.2"]),
                  ("owner", RULES["module.3"]), ("action_deadline", RULES["module.4"]))


def _check_corrective_action(figure: Figure, indicator: Indicator, config: Config, sheet: str,
                             findings: list[Finding]) -> None:
    if meets(indicator, figure.rate) is not False:
        return
    if indicator.comparison == "<=":
        findings.append(make_finding("over-limit", sheet=sheet, cell=figure.cell("on_time"),
                                     value=figure.on_time, indicator=indicator.id, rate=f"{figure.rate:.0%}",
                                     target=indicator.target_label))
    missing = [(key, label) for key, label in _ACTION_FIELDS if getattr(figure, key) in (None, "")]
    if missing:
        findings.append(make_finding(
            "missing-corrective-action", severity=config.reporting.missing_action, sheet=sheet,
            cell=figure.cell(missing[0][0]), value=None, indicator=indicator.id,
            rate=f"{figure.rate:.0%}", target=indicator.target_label, missing=", ".join(l for _, l in missing)))


def parse_status(raw: Any) -> tuple[str | None, bool]:
    """(status key, ok): the drop-down label, its key, or the label typed without diacritics."""
    text = clean_text(raw)
    if text is None:
        return None, True
    wanted = fold(text)
    for key, label in STATUSES.items():
        if wanted in (fold(label), fold(key)):
            return key, True
    return None, False


def _check_measures(raw: RawReport, config: Config, period: Period | None, today: dt.date,
                    findings: list[Finding]):
    sheet = raw.measure_sheet
    known = {m.id: m for m in config.measures}
    for row in raw.measures:
        measure = known.get(row.key)
        if measure is None:
            findings.append(make_finding("unknown-measure", sheet=sheet, cell=row.cells.get("id"), value=row.key))
            continue
        status, ok = parse_status(row.values.get("status"))
        if not ok:
            findings.append(make_finding("status-invalid", sheet=sheet, cell=row.cells.get("status"),
                                         value=excel_text(row.values.get("status")),
                                         choices=", ".join(STATUSES.values())))
        completed_raw = row.values.get("completed_on")
        completed, problem = parse_date(completed_raw)
        if problem:
            findings.append(make_finding(problem, sheet=sheet, cell=row.cells.get("completed_on"),
                                         value=excel_text(completed_raw)))
        elif completed and completed > today:
            findings.append(make_finding("date-in-future", sheet=sheet, cell=row.cells.get("completed_on"),
                                         value=excel_text(completed), today=today.strftime("%d/%m/%Y")))
        evidence = clean_text(row.values.get("evidence"))
        if status in DONE_STATUSES:
            if completed_raw is None:
                findings.append(make_finding("done-without-date", sheet=sheet, cell=row.cells.get("completed_on"),
                                             measure=measure.id))
            if evidence is None:
                findings.append(make_finding("done-without-evidence", sheet=sheet, cell=row.cells.get("evidence"),
                                             measure=measure.id))
        deadline = measure_deadline(measure, period, config.plan.year)
        if status == MeasureState.DONE_ON_TIME and completed and deadline and deadline < completed <= today:
            findings.append(make_finding("on-time-after-deadline", sheet=sheet, cell=row.cells.get("completed_on"),
                                         value=excel_text(completed), measure=measure.id,
                                         deadline=deadline.strftime("%d/%m/%Y")))
        yield _shared(MeasureReport(measure=measure.id, status=status, completed_on=completed, evidence=evidence,
                                    note=clean_text(row.values.get("note")), row=row.row, columns=_kept_columns(row)))
