"""The detail sheets of the consolidated workbook, each from the period's analysis."""
from __future__ import annotations

from typing import Callable

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell

from ...consolidate.analysis import Analysis
from ...consolidate.metrics import Metrics
from ...consolidate.timeliness import reporting_rate
from ...excel import LINK_LIMIT
from ...model import ActionStatus, Arrival, Outcome, Severity, Status
from ...vi import (ACTION_STATUS_VI, NO_ACTION_VI, SEVERITY_VI, SHEETS, STATUS_VI, TIMELINESS_VI, VERDICT_VI, WORDS,
    ytd_label)
from .context import Link, Row, _Writer, _int, _link_value, _sheet_link, _write_optional, _write_rate
from .tables import TITLE_ROWS, _long_table, unlinked_note
from ...vi.workbook import WORKBOOK


def _write_matrix(w: _Writer, metrics: Metrics) -> dict[str, str]:
    """Unit × indicator rates, each coloured by whether that unit met the target; returns each
    indicator's header cell, where dashboard figures link to."""
    f, config = w.f, w.config
    ws = w.sheet(SHEETS["matrix"])
    ws.set_column(0, 0, 40)
    ws.set_column(1, len(metrics.indicators), 8)
    ws.write_string(0, 0, WORKBOOK["matrix.1"].format(label_vi=w.period.label_vi), f["title_left"])
    ws.write_string(1, 0, WORKBOOK["matrix.2"], f["note"])
    ws.write_string(3, 0, WORDS["don-vi"], f["header"])
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
    ws.write_string(dept, 0, WORDS["toan-so"], f["header"])
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
    headers = [WORDS["ma"], WORDS["chi-tieu"], WORDS["muc-tieu-kh"], WORKBOOK["trends.4"].format(lower=period.label_vi.lower()),
               WORKBOOK["trends.5"].format(lower=period.previous().label_vi.lower()), WORKBOOK["trends.6"], WORKBOOK["trends.7"],
               WORKBOOK["trends.8"].format(lower=period.same_last_year().label_vi.lower()), WORKBOOK["trends.9"],
               WORKBOOK["trends.10"], ytd_label(period)] + [f"T{p.first_month:02d}" for p in months]
    arrow = {True: "arrow_good", False: "arrow_bad", None: "center"}

    def rows():
        for t in analysis.trends:
            ind = config.indicator(t.indicator)
            yield Row([t.indicator, ind.name, ind.target_label, t.rate, t.previous.rate, t.previous.delta,
                       t.previous.arrow, t.last_year.rate, t.last_year.delta,
                       t.last_year.arrow, t.year_to_date] + [rate for _, rate in t.months],
                      formats={6: arrow[t.previous.better], 9: arrow[t.last_year.better]})
    pct = (3, 4, 5, 7, 8, 10) + tuple(range(11, 11 + len(months)))
    _long_table(w, SHEETS["trends"], rows(), headers, [7, 40, 11, 12, 14, 11, 11, 14, 11, 11, 14] +
                         [7] * len(months), WORKBOOK["trends.11"].format(label_vi=period.label_vi), pct_cols=pct)
    return {t.indicator: TITLE_ROWS + 1 + i for i, t in enumerate(analysis.trends)}


def _write_status(w: _Writer, analysis: Analysis) -> None:
    """Who sent the period's reports, on time or late (from when the valid file arrived), who did not."""
    config = w.config
    listed = analysis.timeliness_in(w.period)
    rows = (Row([t.period.key, t.unit, config.unit(t.unit).name, t.label, t.due_date, t.received_at, t.days_late,
                 t.rejected_files, t.source.path if t.source else ""], {8: w.source_link(t.source)}) for t in listed)
    _long_table(w, SHEETS["status"], rows, [WORDS["ky-2"], WORDS["ma-dv"], WORDS["don-vi"], WORDS["tinh-trang"], WORKBOOK["status.5"], WORKBOOK["status.6"],
                                            WORKBOOK["status.7"], WORKBOOK["status.8"], WORKBOOK["status.9"]],
                [9, 9, 44, 34, 12, 18, 10, 12, 40], WORKBOOK["status.10"].format(label_vi=w.period.label_vi, due_day=config.reporting.due_day),
                colours=(3, TIMELINESS_COLOURS), total=len(listed))


def _write_timeliness(w: _Writer, analysis: Analysis) -> None:
    """Unit × month from January: on time, late, rejected, missing; reporting and on-time rates."""
    f, config = w.f, w.config
    ws = w.sheet(SHEETS["timeliness"])
    months = [m.period for m in analysis.monthly]
    ws.write_string(0, 0, WORKBOOK["timeliness.1"].format(lower=w.period.months()[-1].label_vi.lower()), f["title_left"])
    linked = len(config.units) * len(months) <= LINK_LIMIT
    ws.write_string(1, 0, WORKBOOK["timeliness.2"] + ("" if linked else f". {unlinked_note()}"), f["note"])
    top = 3
    ws.set_column(0, 0, 44)
    ws.set_column(1, len(months), 7)
    ws.set_column(len(months) + 1, len(months) + 5, 11)
    ws.write_string(top, 0, WORDS["don-vi"], f["header"])
    for c, month in enumerate(months, start=1):
        ws.write_string(top, c, f"T{month.first_month:02d}", f["header"])
    totals = [WORDS["phai-nop"], WORDS["da-nop"], WORDS["dung-han"], WORDS["ty-le-nop"], WORDS["ty-le-dung-han"]]
    ws.write_row(top, len(months) + 1, totals, f["header"])
    by_cell = {(t.unit, t.period): t for t in analysis.timeliness}
    by_unit, none = analysis.rate_by_unit(), reporting_rate(())
    short = {Arrival.ON_TIME: WORKBOOK["timeliness.9"], Arrival.ON_TIME_REJECTED: "TL", Arrival.MISSING: "C", Arrival.PENDING: "…"}
    style = {Arrival.ON_TIME: f["ok_cell"], Arrival.ON_TIME_REJECTED: f["warn_cell"], Arrival.MISSING: f["bad_cell"],
             Arrival.PENDING: f["center"]}
    for r, unit in enumerate(config.units, start=top + 1):
        ws.write_string(r, 0, unit.name, f["cell"])
        for c, month in enumerate(months, start=1):
            t = by_cell.get((unit.code, month))
            if t is None:
                ws.write_blank(r, c, None, f["cell"])
                continue
            text = short.get(t.arrival, f"T+{t.days_late}")
            _link_value(ws, r, c, text, style.get(t.arrival, f["warn_cell"]),
                        (w.source_link(t.source) or Link(_sheet_link(SHEETS["status"]), t.label)) if linked else None)
        _write_rate_row(ws, r, len(months) + 1, by_unit.get(unit.code, none), f)
    r = top + 1 + len(config.units)
    by_month = analysis.rate_by_month()
    for line, (label, field) in enumerate(((WORKBOOK["timeliness.10"], "reporting_rate"),
                                           (WORKBOOK["timeliness.11"], "on_time_rate"))):
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
                       [WORKBOOK["overdue.1"], WORDS["muc-tieu"], WORDS["bien-phap"], WORDS["ma-dv"], WORDS["don-vi-chu-tri"], WORKBOOK["overdue.6"],
                        WORKBOOK["overdue.7"], WORKBOOK["overdue.8"], WORKBOOK["overdue.9"], WORDS["minh-chung-ke-hoach-yeu-cau"],
                        WORKBOOK["overdue.11"], WORDS["nguon"]],
                       [8, 8, 50, 9, 30, 24, 11, 9, 34, 36, 20, 30],
                       WORKBOOK["overdue.13"].format(as_of=analysis.as_of), total=len(analysis.overdue))


def _write_self_reports(w: _Writer, analysis: Analysis) -> None:
    config = w.config
    def rows():
        for flag in analysis.self_reports:
            rates = "; ".join(f"{i}: {r:.0%}" for i, r in flag.rates)
            measures = "; ".join(f"{m.measure} — {m.reason}" for m in flag.measures)
            yield Row([flag.unit, config.unit(flag.unit).name, flag.objective, config.objective(flag.objective).short,
                       rates, measures, WORKBOOK["self_reports.1"]])
    _long_table(w, SHEETS["self_reports"], rows(), [WORDS["ma-dv"], WORDS["don-vi"], WORDS["muc-tieu"], WORKBOOK["self_reports.5"],
                                                  WORKBOOK["self_reports.6"], WORKBOOK["self_reports.7"],
                                                  WORKBOOK["self_reports.8"]], [9, 34, 8, 30, 22, 60, 44],
                WORKBOOK["self_reports.9"].format(label_vi=w.period.label_vi))


def _write_actions(w: _Writer, analysis: Analysis) -> Callable[[int], str]:
    """The corrective-action register (ISO 9001 clause 10.2), carried over until a later figure meets the target."""
    config = w.config

    def rows():
        for a in analysis.actions:
            ind = config.indicator(a.indicator)
            checks = "; ".join(f"{c.period.form_value}: {c.rate:.0%} {WORDS['dat'] if c.met else WORDS['chua-dat']}"
                               for c in a.checks)
            if a.done_on:
                checks = WORKBOOK["actions.done"].format(done_on=a.done_on, n=a.verified_periods,
                                                         needed=a.effective_periods) + (checks or WORKBOOK["actions.1"])
            action = a.action or NO_ACTION_VI
            if a.reopens:
                action += WORKBOOK["actions.reopens"].format(opened=a.reopens.form_value, earlier=a.earlier_action or NO_ACTION_VI)
            yield Row([a.unit, config.unit(a.unit).name, a.indicator, a.opened.key, a.rate, ind.target_label,
                       a.cause or "", action, a.owner or "", a.deadline,
                       ", ".join(p.form_value for p in a.reported_in), checks or WORKBOOK["actions.1"],
                       a.next_check.form_value if a.next_check else "", ACTION_STATUS_VI[a.status],
                       WORDS["qua-han-2"] if a.overdue else "", a.source.path], {15: w.source_link(a.source, a.sheet, a.cell)})
    return _long_table(w, SHEETS["actions"], rows(),
                       [WORDS["ma-dv"], WORDS["don-vi"], WORDS["chi-tieu"], WORKBOOK["actions.6"], WORKBOOK["actions.7"], WORDS["muc-tieu-kh"], WORDS["nguyen-nhan"],
                        WORDS["hanh-dong-khac-phuc"], WORDS["nguoi-chiu-trach-nhiem"], WORDS["thoi-han"], WORKBOOK["actions.13"],
                        WORKBOOK["actions.14"], WORKBOOK["actions.15"], WORDS["tinh-trang"], WORDS["qua-han-2"],
                        WORDS["nguon"]],
                       [8, 24, 7, 8, 8, 9, 28, 30, 16, 10, 14, 26, 10, 22, 8, 22],
                       WORKBOOK["actions.19"].format(as_of=analysis.as_of), pct_cols=(4,), colours=(13, ACTION_COLOURS),
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
    _long_table(w, SHEETS["data"], rows(), [WORDS["ky-2"], WORDS["ma-dv"], WORDS["don-vi"], WORDS["muc-tieu"], WORDS["chi-tieu"], WORKBOOK["data.6"],
                                            WORKBOOK["data.7"], WORDS["dung-han"], WORDS["tre-han"], WORDS["ty-le"], WORKBOOK["data.11"],
                                            WORDS["nguyen-nhan"], WORDS["hanh-dong-khac-phuc"], WORDS["nguoi-chiu-trach-nhiem"],
                                            WORKBOOK["data.15"], WORKBOOK["data.16"], WORKBOOK["data.17"], "SHA-256"],
                [9, 9, 30, 9, 9, 36, 11, 10, 10, 9, 24, 24, 24, 18, 12, 36, 16, 20],
                WORKBOOK["data.18"].format(label_vi=w.period.label_vi), pct_cols=(9,), total=len(frame))


def _write_findings(w: _Writer, outcomes: list[Outcome]) -> None:
    """Every finding of every submission of the period, errors first, linked to the cell it is about."""
    def rows():
        for o in outcomes:
            for fnd in sorted(o.checked.findings, key=lambda x: x.severity != Severity.ERROR):
                yield Row([o.submission.path, o.checked.unit or "", STATUS_VI.get(o.status, o.status),
                           SEVERITY_VI.get(fnd.severity, fnd.severity), fnd.code, fnd.sheet or "", fnd.cell or "",
                           fnd.value or "", fnd.message], {0: w.source_link(o.submission, fnd.sheet, fnd.cell)})
    _long_table(w, SHEETS["findings"], rows(), [WORDS["tep"], WORDS["ma-dv"], WORKBOOK["findings.3"], WORDS["muc-do"], WORKBOOK["findings.5"], "Trang",
                                                WORDS["o"], WORKBOOK["findings.7"], WORDS["noi-dung-va-cach-sua"]],
                [36, 9, 20, 10, 24, 12, 7, 16, 80], WORKBOOK["findings.9"].format(label_vi=w.period.label_vi),
                total=sum(len(o.checked.findings) for o in outcomes))


def _write_files(w: _Writer, outcomes: list[Outcome]) -> None:
    """Every file received for the period and what became of it."""
    rows = (Row([o.submission.path, o.checked.unit or "", o.checked.period.key if o.checked.period else "",
                 STATUS_VI.get(o.status, o.status), "" if o.status == Status.DEFERRED else VERDICT_VI[o.checked.verdict],
                 o.submission.received_at, WORDS["dung-han"] if o.on_time else (WORDS["tre-han"] if o.on_time is False else ""),
                 sum(x.severity == Severity.ERROR for x in o.checked.findings),
                 sum(x.severity == Severity.WARNING for x in o.checked.findings), o.submission.sha256],
                {0: w.source_link(o.submission)}) for o in outcomes)
    _long_table(w, SHEETS["files"], rows, [WORDS["tep"], WORDS["ma-dv"], WORDS["ky-2"], WORKBOOK["files.6"], WORKBOOK["files.7"], WORKBOOK["files.8"],
                                           WORDS["thoi-han"], WORKBOOK["files.10"], WORKBOOK["files.11"], "SHA-256"],
                [40, 9, 9, 22, 16, 18, 11, 8, 10, 66], WORKBOOK["files.12"].format(label_vi=w.period.label_vi), total=len(outcomes))


# Status texts (by how they start) and their colour, for the list sheets.
TIMELINESS_COLOURS = ((TIMELINESS_VI[Arrival.ON_TIME], "ok"), (WORKBOOK["module.1"], "warn"), (WORKBOOK["module.2"], "warn"),
                      (TIMELINESS_VI[Arrival.PENDING], None), (TIMELINESS_VI[Arrival.MISSING], "bad"),
                      (WORKBOOK["module.3"], "bad"))
ACTION_COLOURS = ((ACTION_STATUS_VI[ActionStatus.CLOSED], "ok"), (ACTION_STATUS_VI[ActionStatus.OPEN], "warn"),
                  (ACTION_STATUS_VI[ActionStatus.VERIFYING], "warn"),
                  (ACTION_STATUS_VI[ActionStatus.NOT_EFFECTIVE], "bad"), (ACTION_STATUS_VI[ActionStatus.NO_ACTION], "bad"))
