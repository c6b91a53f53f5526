"""Merging: decide each file's outcome and build the long table of figures with pandas; pure."""
from __future__ import annotations

import pandas as pd

from ..model import Checked, Outcome, Status, Submission, Verdict
from ..plan.config import Config
from ..plan.periods import Period


COLUMNS = ["period", "unit", "unit_name", "objective", "indicator", "indicator_name", "due", "on_time", "late",
           "rate", "evidence", "cause", "action", "owner", "action_deadline", "source_file", "sha256", "sheet",
           "row", "cell", "received_at"]
POOLED_COLUMNS = ["period", "unit", "indicator", "due", "on_time", "late"]     # what compute_metrics reads


def decide_outcomes(items: list[tuple[Submission, Checked]], due_day: int) -> list[Outcome]:
    """One outcome per file: identical bytes count once, errors reject, a file whose identity signals disagree
    waits for the secretary (held: it neither replaces nor creates anyone's report), and the latest accepted
    submission per unit and period wins while earlier ones are superseded (kept, not lost)."""
    ordered = sorted(items, key=lambda it: (it[0].received_at, it[0].path))
    first_of_hash: dict[str, str] = {}
    status: dict[tuple[str, str], str] = {}
    latest: dict[tuple[str, Period], tuple[str, str]] = {}
    for sub, checked in ordered:
        key = (sub.path, sub.sha256)
        if sub.sha256 in first_of_hash and first_of_hash[sub.sha256] != sub.path:
            status[key] = Status.DUPLICATE
            continue
        first_of_hash.setdefault(sub.sha256, sub.path)
        if checked.verdict == Verdict.REJECTED or checked.unit is None or checked.period is None:
            status[key] = Status.REJECTED
            continue
        if checked.verdict == Verdict.HELD:
            status[key] = Status.HELD
            continue
        slot = (checked.unit, checked.period)
        if slot in latest:
            status[latest[slot]] = Status.SUPERSEDED
        latest[slot] = key
        status[key] = Status.ACCEPTED
    return [Outcome(submission=sub, checked=checked, status=status[(sub.path, sub.sha256)],
                    on_time=None if checked.period is None else
                    sub.received_at.date() <= checked.period.due_date(due_day))
            for sub, checked in ordered]


def merge_figures(outcomes: list[Outcome], config: Config, period: Period | None = None,
                  names: list[str] = COLUMNS) -> pd.DataFrame:
    """The long table: one row per accepted submission and indicator (months of `period` only), with
    the columns `names` (all of COLUMNS; POOLED_COLUMNS for a span only pooled into metrics)."""
    months = {p for p in period.months()} if period else None
    columns: dict[str, list] = {name: [] for name in names}     # built by column: no dict per row
    add = [columns[name].append if name in columns else _skip for name in COLUMNS]
    # Rows are made in their final order (period, then units and indicators as the plan lists them):
    # sorting the built table would copy it whole.
    units = config.unit_order()
    order = {i.id: n for n, i in enumerate(config.indicators)}
    chosen = sorted((o for o in outcomes if o.status == Status.ACCEPTED and (months is None or o.checked.period in months)),
                    key=lambda o: (o.checked.period.key, units[o.checked.unit]))
    for outcome in chosen:
        checked = outcome.checked
        unit, sub = config.unit(checked.unit), outcome.submission
        for fig in sorted(checked.figures, key=lambda f: order[f.indicator]):
            indicator = config.indicator(fig.indicator)
            for put, value in zip(add, (
                    checked.period.key, unit.code, unit.name, indicator.objective, indicator.id, indicator.name,
                    fig.due, fig.on_time, fig.late, fig.rate, fig.evidence, fig.cause, fig.action, fig.owner,
                    fig.action_deadline, sub.path, sub.sha256, checked.indicator_sheet, fig.row,
                    fig.cell("due"), sub.received_at)):
                put(value)
    for column in ("due", "on_time", "late", "row", "rate"):
        if column in columns:            # typed from the start: no object column converted afterwards
            columns[column] = pd.array(columns[column], dtype="Float64" if column == "rate" else "Int64")
    return pd.DataFrame(columns, columns=names)


def _skip(value) -> None:
    """A column left out of a slim table."""
