"""The consolidated workbook leadership reads, written with xlsxwriter."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import xlsxwriter

from ...consolidate.analysis import Analysis
from ...consolidate.metrics import Metrics
from ...model import Outcome
from ...plan.config import Config
from ...vi import SHEETS, WORDS
from .context import _Writer
from .dashboard import _write_chart_data, _write_dashboard
from .formats import _formats
from .sheets import (_write_actions, _write_data, _write_files, _write_findings, _write_matrix, _write_overdue,
    _write_self_reports, _write_status, _write_timeliness, _write_trends)
from .streaming import RowOrdered
from ...vi.workbook import WORKBOOK


def write_workbook(path: Path, config: Config, metrics: Metrics, frame: pd.DataFrame, outcomes: list[Outcome],
                   generated_at: dt.datetime, analysis: Analysis) -> None:
    """Write the whole workbook to `path` (the caller publishes it atomically, in the final folder, so
    links to the archive are relative to where the workbook will live)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "remove_timezone": True,
                                         "constant_memory": True})
    period = metrics.period
    wb.set_properties({"title": WORKBOOK["workbook.1"].format(label_vi=period.label_vi),
                       "subject": f"{config.plan.title} — {period.label_vi}", "author": "mtcl",
                       "manager": WORKBOOK["workbook.2"], "company": config.plan.department, "category": "ISO 9001:2015",
                       "keywords": f"MTCL, ISO 9001, {period.key}", "comments": config.plan.decision,
                       "created": generated_at.replace(tzinfo=None)})
    wb.set_custom_property(WORDS["ky-bao-cao"], period.key)
    wb.set_custom_property(WORDS["don-vi"], config.plan.department)
    wb.set_custom_property(WORKBOOK["workbook.5"], config.plan.id)
    f = _formats(wb)
    w = _Writer(wb, f, config, period, Path(path).parent)
    w.sources = {(o.submission.path, o.submission.sha256): o.submission for o in outcomes}

    # The sheets are created in SHEETS order; the dashboard is filled last because it links into the others.
    dash = RowOrdered(w.sheet(SHEETS["dashboard"]))
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
