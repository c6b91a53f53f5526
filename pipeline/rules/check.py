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
from ..plan.indicators import asked_in, measures_counted
from ..plan.layout import DONE_STATUSES, INDICATOR_COLUMNS, MEASURE_COLUMNS, SHEET_MEASURES, STATUSES, TEMPLATE_VERSION
from ..plan.periods import Period
from ..plan.pools import judged_alone
from ..plan.years import config_for_year, plan_years
from ..text import clean_text, fold
from ..vi import pct, vi_int
from .cells import excel_text, parse_count, parse_date, parse_period_value, percent_text
from ..vi.rules import RULES


_KEPT = frozenset(c.key for c in INDICATOR_COLUMNS + MEASURE_COLUMNS if c.is_input) | {"id"}


def _kept_columns(row: RawRow) -> dict[str, str]:
    """The columns of the cells a finding or a link may point at (the inputs and the id)."""
    suffix = str(row.row)
    return _layout(tuple((k, ref.removesuffix(suffix)) for k, ref in row.cells.items()
                         if k in _KEPT and ref.endswith(suffix)))


def check_copies(key: str, raw: RawReport, *, config: Config, today: dt.date,
                 names: dict[str, tuple]) -> tuple[Checked, ...]:
    """One report checked under each name its bytes arrived with (`names[key]`: the same file can be sent
    twice), each a path or (path, arrival date). Made for the worker processes that read the files
    (`intake.workers.read_many`)."""
    out = []
    for entry in names[key]:
        name, received = (entry, None) if isinstance(entry, str) else entry
        out.append(check_report(raw, config, today=today, file_name=name, received=received))
    return tuple(out)


def check_report(raw: RawReport, config: Config, *, today: dt.date, file_name: str = "",
                 received: dt.date | None = None) -> Checked:
    """Apply every rule to one report; collect all findings rather than stopping at the first. `received`: the
    day the file arrived (by default `today`, a file checked before it is sent)."""
    received = received or today
    findings: list[Finding] = list(raw.findings)
    config = plan_of_report(raw, config, file_name)
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

    unit, named_units = _check_unit(raw, config, sheet, file_name, findings)
    period = _check_period(raw, config, sheet, file_name, received, findings)
    in_plan = period is not None and period.year == config.plan.year

    figures = tuple(_check_figures(raw, config, sheet, period, findings, unit))
    findings += figures_disagreeing(figures, config, sheet)
    measures = tuple(_check_measures(raw, config, unit, period if in_plan else None, received, findings)) \
        if raw.measure_sheet else ()
    if not any(_filled(f) for f in figures) and not any(_filled(m) for m in measures):
        findings.append(make_finding("empty-report", sheet=sheet, sheet_name=sheet))
    return Checked(unit=unit, period=period, figures=figures, measures=measures, findings=tuple(findings),
                   indicator_sheet=sheet, measure_sheet=raw.measure_sheet, named_units=named_units)


def plan_of_report(raw: RawReport, config: Config, file_name: str = "") -> Config:
    """The config on the plan of the year the report is for — the month typed, else the one its template was
    issued for, else the one its name carries — whenever it arrives: a December report checked in January
    stays on December's plan. Unchanged when that year has no plan (the period check says so)."""
    period, _ = parse_period_value(raw.header.get("period"))
    period = period or parse_period_value(raw.meta.get("period") or None)[0] or name_signals(file_name, config)[2]
    return (config_for_year(config, period.year) if period else None) or config


def _filled(row: Figure | MeasureReport) -> bool:
    """Whether a clerk typed anything on a checked row."""
    if isinstance(row, Figure):
        return any(v is not None for v in (row.due, row.on_time, row.late, row.cause, row.action, row.owner,
                                           row.action_deadline, row.evidence))
    return any(v is not None for v in (row.status, row.completed_on, row.evidence, row.note))


def _check_unit(raw: RawReport, config: Config, sheet: str, file_name: str,
                findings: list[Finding]) -> tuple[str | None, tuple[str, ...]]:
    """The unit typed (or, left blank, the one the template was issued for); every other sign of the file that
    names another unit holds the file for the secretary. With it, every unit the file's signs name when they
    disagree (those a receipt goes to)."""
    cell = raw.header_cells.get("unit", "C4")
    typed = clean_text(raw.header.get("unit"))
    issued = config.find_unit(raw.meta.get("unit") or "")
    if typed is None:
        if issued:
            unit = issued
        else:
            findings.append(make_finding("unit-missing", sheet=sheet, cell=cell))
            return None, ()
    else:
        unit = config.find_unit(typed) or config.find_unit(typed.split(" - ")[0].split(" – ")[0])
        if unit is None:
            findings.append(make_finding("unknown-unit", sheet=sheet, cell=cell, value=typed))
            return None, ()
    name_unit, folder_unit, _ = name_signals(file_name, config)
    readings = ((RULES["source-issued"], issued.code if issued else None),
                (RULES["source-name"].format(name=PurePath(file_name.replace("\\", "/")).name), name_unit),
                (RULES["source-folder"].format(folder=PurePath(file_name.replace("\\", "/")).parent.as_posix()),
                 folder_unit))
    named = [unit.code]
    for other, source in _disagreeing(readings, unit.code):
        findings.append(make_finding("unit-conflict", sheet=sheet, cell=cell, value=unit.name, source=source,
                                     other=config.unit(other).name))
        named.append(other)
    return unit.code, tuple(dict.fromkeys(named)) if len(named) > 1 else ()


def _disagreeing(readings, value) -> list[tuple[Any, str]]:
    """The other values the file's signs give, each once with every sign that gives it («mẫu được cấp và tên
    tệp …»): one finding per other reading, not one per sign."""
    sources: dict[Any, list[str]] = {}
    for source, other in readings:
        if other and other != value:
            sources.setdefault(other, []).append(source)
    return [(other, RULES["source-and"].join(names)) for other, names in sources.items()]


def _check_period(raw: RawReport, config: Config, sheet: str, file_name: str, received: dt.date,
                  findings: list[Finding]) -> Period | None:
    """The month typed (or the one the template was issued for); another month named by the template or the
    file's name holds the file. A month outside the plan's year, or not over when the file arrived, is refused."""
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
    _, _, named = name_signals(file_name, config)
    readings = ((RULES["source-issued"], issued),
                (RULES["source-name"].format(name=PurePath(file_name.replace("\\", "/")).name), named))
    for other, source in _disagreeing(readings, period):
        findings.append(make_finding("period-conflict", sheet=sheet, cell=cell, value=period.form_value,
                                     source=source, other=other.form_value))
    if period.year != config.plan.year:
        findings.append(make_finding("period-outside-plan", sheet=sheet, cell=cell, value=period.form_value,
                                     year=period.year, years=", ".join(map(str, plan_years(config)))))
    elif received <= period.end:
        findings.append(make_finding("period-not-ended", sheet=sheet, cell=cell, value=period.form_value,
                                     arrived=f"{received:%d/%m/%Y}",
                                     first_day=f"{period.end + dt.timedelta(days=1):%d/%m/%Y}"))
    return period


_NAME_PERIOD = re.compile(r"(?<!\d)(?:(\d{4})[-_.]?(\d{2})|(\d{1,2})[-_.](\d{4}))(?!\d)")


def name_signals(path: str, config: Config) -> tuple[str | None, str | None, Period | None]:
    """What a file's path says of it: the unit its name carries (`KHTC_2023-05.xlsx`, `Báo cáo NCC 05.2023.xlsx`),
    the unit of the folder it sits in (units may keep a subfolder each), and the month its name carries."""
    parts = PurePath(path.replace("\\", "/")).parts
    stem = PurePath(parts[-1]).stem if parts else ""
    name_unit = None
    for token in re.split(r"[\s_\-.]+", stem):
        found = config.find_unit(token)
        if found and token.upper() == found.code:
            name_unit = found.code
            break
    folder_unit = None
    for folder in reversed(parts[:-1]):
        if config.find_unit(folder):
            folder_unit = config.find_unit(folder).code
            break
    period = None
    match = _NAME_PERIOD.search(stem)
    if match:
        year, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        if 1 <= int(month) <= 12:
            period = Period(int(year), int(month), 1)
    return name_unit, folder_unit, period


def placed_by_name(path: str, config: Config) -> tuple[str | None, Period | None]:
    """Unit and period a file's path carries, for a file nobody could read: its name first, then its folder."""
    name_unit, folder_unit, period = name_signals(path, config)
    return name_unit or folder_unit, period


def _count(row: RawRow, key: str, sheet: str, findings: list[Finding]) -> int | None:
    raw = row.values.get(key)
    value, problem = parse_count(raw)
    if problem:
        shown = percent_text(raw) if problem == "rate-typed" else excel_text(raw)
        findings.append(make_finding(problem, sheet=sheet, cell=row.cells.get(key), value=shown))
    return value


def _unique_rows(rows: tuple[RawRow, ...], sheet: str, findings: list[Finding]) -> dict[str, RawRow]:
    """The rows by id, the first of each; a row repeated is a finding (an error when the copies differ)."""
    by_key: dict[str, list[RawRow]] = {}
    for row in rows:
        by_key.setdefault(row.key, []).append(row)
    for key, copies in by_key.items():
        if len(copies) > 1:
            same = all(c.values == copies[0].values for c in copies[1:])
            findings.append(make_finding("duplicate-row-same" if same else "duplicate-row", sheet=sheet,
                                         cell=copies[1].cells.get("id"), value=key, id=key,
                                         rows=", ".join(str(c.row) for c in copies), read=copies[0].row))
    return {key: copies[0] for key, copies in by_key.items()}


def _check_figures(raw: RawReport, config: Config, sheet: str, period: Period | None, findings: list[Finding],
                   unit: str | None = None):
    planned = {i.id for i in config.indicators}
    rows = _unique_rows(raw.indicators, sheet, findings)
    for key, row in rows.items():
        if key not in planned:
            findings.append(make_finding("unknown-indicator", sheet=sheet, cell=row.cells.get("id"), value=row.key))
    year = period.year if period else config.plan.year
    for indicator in config.indicators:
        row = rows.get(indicator.id)
        if indicator.computed:
            cells, deadline_typed = _beside_counts(row, True, sheet, year, config, findings) if row else ({}, False)
            figure = _measures_figure(raw, config, indicator, unit, period, row, cells)
            if row is not None:
                findings[:] = _computed_typed(figure, indicator, row, raw, sheet, findings)
            if figure is not None:
                _check_corrective_action(figure, indicator, config, sheet, findings, deadline_typed=deadline_typed,
                                         unit=unit)
                yield figure
            continue
        if row is None:
            if period is None or asked_in(indicator, period):    # a month that does not ask for it may omit it
                findings.append(make_finding("missing-indicator", sheet=sheet, indicator=indicator.id))
            continue
        asked = period is None or asked_in(indicator, period)
        if not asked and not _typed(row):
            continue            # not asked this month («—» in the template) and nothing typed: no figure
        before = len(findings)
        due = _count(row, "due", sheet, findings)
        on_time = _count(row, "on_time", sheet, findings)
        late = None
        if indicator.late:
            late = _count(row, "late", sheet, findings)
        elif parse_count(row.values.get("late"))[0]:
            findings.append(make_finding("late-not-applicable", sheet=sheet, cell=row.cells.get("late"),
                                         value=excel_text(row.values.get("late")), indicator=indicator.id))
        if not asked and clean_text(row.values.get("due")) in ("—", "-"):
            due = on_time = late = None     # the template's «not asked»: no count, whatever text the row holds
        counts_ok = len([f for f in findings[before:] if f.severity == Severity.ERROR]) == 0
        if due is None and counts_ok and (on_time or late):
            findings.append(make_finding("counts-without-due", sheet=sheet, cell=row.cells.get("due")))
        if due is not None:
            # A blank "done" next to a given "due" means nothing was done.
            on_time = on_time or 0
            late = (late or 0) if indicator.late else None
            if counts_ok and on_time + (late or 0) > due:
                findings.append(make_finding("done-exceeds-due", sheet=sheet, cell=row.cells.get("on_time"),
                                             value=on_time, on_time=vi_int(on_time), late=vi_int(late or 0),
                                             done=vi_int(on_time + (late or 0)), due=vi_int(due)))
        cells, deadline_typed = _beside_counts(row, asked, sheet, year, config, findings)
        figure = _shared(Figure(indicator=indicator.id, due=due, on_time=on_time, late=late, **cells, row=row.row,
                                columns=_kept_columns(row)))
        if counts_ok:
            # a deadline typed but not understood has its own finding: it is not also "missing"
            _check_corrective_action(figure, indicator, config, sheet, findings, deadline_typed=deadline_typed,
                                     unit=unit)
        yield figure


def _beside_counts(row: RawRow, asked: bool, sheet: str, year: int, config: Config,
                   findings: list[Finding]) -> tuple[dict[str, Any], bool]:
    """What a row holds beside its counts: evidence, cause, action, owner, the action's deadline and the day it was
    carried out, as Figure fields; and whether a deadline was typed at all («—» of a row not asked is none)."""
    deadline_raw = row.values.get("action_deadline")
    if clean_text(deadline_raw) in ("—", "-"):
        deadline_raw, action_deadline = None, None
    else:
        action_deadline = _date(row, "action_deadline", sheet, year, config, findings)
    action_done = None if clean_text(row.values.get("action_done")) in ("—", "-") else \
        _date(row, "action_done", sheet, year, config, findings)
    texts = {key: clean_text(row.values.get(key)) for key in ("evidence", "cause", "action", "owner")}
    if not asked:
        texts = {key: None if text in ("—", "-") else text for key, text in texts.items()}
    for key, text in texts.items():
        if text and len(text) > CELL_TEXT_LIMIT // 2 and text_length(text) > CELL_TEXT_LIMIT:
            findings.append(make_finding("text-too-long", sheet=sheet, cell=row.cells.get(key),
                                         value=text[:40] + "…", length=vi_int(len(text))))
    return {**texts, "action_deadline": action_deadline, "action_done": action_done}, deadline_raw is not None


_INPUTS = ("due", "on_time", "late", "evidence", "cause", "action", "owner", "action_deadline")


def _typed(row: RawRow) -> bool:
    """Whether the clerk typed anything in the row's input cells («—», the template's «not asked», is not)."""
    return any(clean_text(row.values.get(key)) not in (None, "—", "-") for key in _INPUTS)


def _measures_figure(raw: RawReport, config: Config, indicator: Indicator, unit: str | None, period: Period | None,
                     row: RawRow | None, cells: dict[str, Any]) -> Figure | None:
    """1.1 counted from the report's own Biện pháp sheet: the unit's measures due in the month, those reported
    done on time and done late; what its row on the Chỉ tiêu sheet holds beside them kept (`cells`). A sheet
    with no status picked at all has not reported its measures: 1.1 is not reported (a due measure left blank
    beside others reported is not done)."""
    if unit is None or period is None or not period.is_month or period.year != config.plan.year:
        return None
    statuses = {r.key: parse_status(r.values.get("status"))[0] for r in raw.measures}
    reported = any(clean_text(r.values.get("status")) is not None for r in raw.measures)
    counts = measures_counted(config, unit, period, statuses) if reported else (None, None, None)
    return _shared(Figure(indicator=indicator.id, due=counts[0], on_time=counts[1],
                          late=counts[2] if indicator.late else None, **cells, row=row.row if row else None,
                          columns=_kept_columns(row) if row else {}))


def _computed_typed(figure: Figure | None, indicator: Indicator, row: RawRow, raw: RawReport, sheet: str,
                    findings: list[Finding]) -> list[Finding]:
    """A count cell of an indicator counted from the measures is not read: the template's formulas there have no
    saved result once a tool that does not calculate wrote the file (not an error), and a number that differs
    from the count (an older copy typed by hand, a status the formula did not match) is said to be unused."""
    cells = {row.cells.get(key) for key in ("due", "on_time", "late")}
    out = [f for f in findings if not (f.code == "formula-without-value" and f.sheet == sheet and f.cell in cells)]
    if figure is None or figure.due is None:
        return out
    counted = {"due": figure.due, "on_time": figure.on_time, "late": figure.late or 0}
    for key, value in counted.items():
        typed, problem = parse_count(row.values.get(key))
        if key == "late" and not indicator.late or problem or typed is None or typed == value:
            continue
        out.append(make_finding("computed-typed", sheet=sheet, cell=row.cells.get(key), found=vi_int(typed),
                                indicator=indicator.id, sheet_name=raw.measure_sheet or SHEET_MEASURES,
                                due=vi_int(figure.due), on_time=vi_int(figure.on_time), late=vi_int(figure.late or 0)))
    return out


def figures_disagreeing(figures: tuple[Figure, ...], config: Config, sheet: str) -> list[Finding]:
    """Figures the plan says must agree: an indicator whose denominator is another's numerator (6.2's staff
    rated = 6.1's staff rated, same unit and month). A disagreement is a finding at both cells."""
    by_id = {f.indicator: f for f in figures}
    out = []
    for indicator in config.indicators:
        mine, source = by_id.get(indicator.id), by_id.get(indicator.denominator_from)
        if mine is None or source is None or mine.due is None or source.due is None or \
                mine.due == (source.on_time or 0):
            continue
        params = dict(indicator=indicator.id, source=indicator.denominator_from, due=vi_int(mine.due),
                      on_time=vi_int(source.on_time or 0), due_cell=mine.cell("due") or "",
                      source_cell=source.cell("on_time") or "")
        out.append(make_finding("figures-disagree", sheet=sheet, cell=mine.cell("due"), value=mine.due, **params))
        out.append(make_finding("figures-disagree", sheet=sheet, cell=source.cell("on_time"),
                                value=source.on_time, **params))
    return out


def _date(row: RawRow, key: str, sheet: str, year: int, config: Config, findings: list[Finding]) -> dt.date | None:
    """A date cell of a row, «30/6» read in the report's year; a date before the plan's year is doubted."""
    raw = row.values.get(key)
    value, problem = parse_date(raw, year)
    if problem:
        findings.append(make_finding(problem, sheet=sheet, cell=row.cells.get(key), value=excel_text(raw)))
    elif value is not None and value.year < config.plan.year:
        findings.append(make_finding("date-before-plan", sheet=sheet, cell=row.cells.get(key),
                                     value=f"{value:%d/%m/%Y}", year=config.plan.year))
    return value


ACTION_FIELDS = (("cause", RULES["module.1"]), ("action", RULES["module.2"]),
                  ("owner", RULES["module.3"]), ("action_deadline", RULES["module.4"]))


def _check_corrective_action(figure: Figure, indicator: Indicator, config: Config, sheet: str,
                             findings: list[Finding], deadline_typed: bool = False, unit: str | None = None) -> None:
    if meets(indicator, figure.rate) is not False:
        return
    if not judged_alone(config.pools, indicator.id, unit):
        return          # the plan sets the target for the unit's pool (6.2: the block), not for the unit alone
    if indicator.comparison == "<=":
        findings.append(make_finding("over-limit", sheet=sheet, cell=figure.cell("on_time"),
                                     value=figure.on_time, indicator=indicator.id, rate=pct(figure.rate),
                                     target=indicator.target_label))
    missing = [(key, label) for key, label in ACTION_FIELDS if getattr(figure, key) in (None, "")
               and not (key == "action_deadline" and deadline_typed)]
    if missing:
        findings.append(make_finding(
            "missing-corrective-action", severity=config.reporting.missing_action, sheet=sheet,
            cell=figure.cell(missing[0][0]), value=None, indicator=indicator.id,
            rate=pct(figure.rate), target=indicator.target_label, missing=", ".join(l for _, l in missing)))


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


def _check_measures(raw: RawReport, config: Config, unit: str | None, period: Period | None, received: dt.date,
                    findings: list[Finding]):
    """The measure rows: a status from the list; a date and evidence for a measure done; a status that agrees
    with its date and with the deadline the report is held to (`period` None: a report outside the plan's year,
    held to no deadline). A measure the unit leads or coordinates whose row was deleted is a warning."""
    sheet = raw.measure_sheet
    known = {m.id: m for m in config.measures}
    rows = _unique_rows(raw.measures, sheet, findings)
    year = period.year if period else config.plan.year
    for key, row in rows.items():
        measure = known.get(key)
        if measure is None:
            findings.append(make_finding("unknown-measure", sheet=sheet, cell=row.cells.get("id"), value=row.key))
            continue
        status, ok = parse_status(row.values.get("status"))
        if not ok:
            findings.append(make_finding("status-invalid", sheet=sheet, cell=row.cells.get("status"),
                                         value=excel_text(row.values.get("status")),
                                         choices=", ".join(STATUSES.values())))
        completed_raw = row.values.get("completed_on")
        completed = _date(row, "completed_on", sheet, year, config, findings)
        if completed and completed > received:
            findings.append(make_finding("date-in-future", sheet=sheet, cell=row.cells.get("completed_on"),
                                         value=excel_text(completed), today=received.strftime("%d/%m/%Y")))
        evidence = clean_text(row.values.get("evidence"))
        if ok and status is None and (completed_raw is not None or evidence is not None):
            findings.append(make_finding("status-missing", sheet=sheet, cell=row.cells.get("status"),
                                         measure=measure.id))
        if status in DONE_STATUSES:
            if completed_raw is None:
                findings.append(make_finding("done-without-date", sheet=sheet, cell=row.cells.get("completed_on"),
                                             measure=measure.id))
            if evidence is None:
                findings.append(make_finding("done-without-evidence", sheet=sheet, cell=row.cells.get("evidence"),
                                             measure=measure.id))
        elif status == MeasureState.NOT_STARTED and completed:
            findings.append(make_finding("not-started-with-date", sheet=sheet, cell=row.cells.get("completed_on"),
                                         value=excel_text(completed), measure=measure.id))
        deadline = measure_deadline(measure, period, config.plan.year) if period else None
        if completed and deadline and completed <= received:
            if status == MeasureState.DONE_ON_TIME and completed > deadline:
                findings.append(make_finding("on-time-after-deadline", sheet=sheet,
                                             cell=row.cells.get("completed_on"), value=excel_text(completed),
                                             measure=measure.id, deadline=deadline.strftime("%d/%m/%Y")))
            elif status == MeasureState.DONE_LATE and completed <= deadline:
                findings.append(make_finding("late-before-deadline", sheet=sheet,
                                             cell=row.cells.get("completed_on"), value=excel_text(completed),
                                             measure=measure.id, deadline=deadline.strftime("%d/%m/%Y")))
        yield _shared(MeasureReport(measure=measure.id, status=status, completed_on=completed, evidence=evidence,
                                    note=clean_text(row.values.get("note")), row=row.row, columns=_kept_columns(row)))
    if unit is not None:
        for measure in config.measures_for(unit):
            if measure.id not in rows:
                role = RULES["role-lead"] if unit in measure.lead else RULES["role-coordinate"]
                findings.append(make_finding("missing-measure", sheet=sheet, measure=measure.id, role=role,
                                             sheet_name=sheet))
