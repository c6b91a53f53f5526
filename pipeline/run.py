"""The one place that sequences the stages: collect → read → validate → merge → metrics → write."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import pandas as pd
from filelock import FileLock, Timeout

from .collect import Deferred, collect_files, move_processed
from .config import Config
from .ledger import Ledger, Submission
from .feedback import feedback_path, write_feedback
from .merge import ACCEPTED, DEFERRED, DUPLICATE, Outcome, decide_outcomes, merge_figures
from .metrics import Metrics, compute_metrics
from .periods import Period, current_reporting_period
from .read import READER_VERSION, RawReport
from .readers import read_many
from .validate import Checked, check_history, check_report, placed_by_name
from .write import write_outputs

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class PeriodResult:
    period: Period
    metrics: Metrics
    frame: pd.DataFrame
    outcomes: tuple[Outcome, ...]
    outputs: dict[str, Path]


@dataclass(frozen=True)
class RunResult:
    started_at: dt.datetime
    new_files: tuple[Submission, ...]
    deferred: tuple[Deferred, ...]
    outcomes: tuple[Outcome, ...]
    periods: tuple[PeriodResult, ...] = field(default=())
    feedback: dict[tuple[str, str], Path] = field(default_factory=dict)   # (path, sha256) -> annotated copy


def now_local() -> dt.datetime:
    return dt.datetime.now().astimezone()


def load_reports(config: Config, ledger: Ledger, submissions: list[Submission],
                 progress: Progress | None = None) -> dict[str, RawReport]:
    """Parsed content of every submission, reading only bytes the ledger has not parsed before."""
    reports: dict[str, RawReport] = {}
    todo: dict[str, Path] = {}
    for sub in submissions:
        if sub.sha256 in reports or sub.sha256 in todo:
            continue
        cached = ledger.cached_report(sub.sha256, READER_VERSION)
        if cached is not None:
            reports[sub.sha256] = RawReport.from_json(cached)
        else:
            todo[sub.sha256] = config.paths.archive / sub.archived
    for sha, report in read_many(todo, progress=progress):
        ledger.store_report(sha, READER_VERSION, report.to_json())
        reports[sha] = report
    return reports


def check_all(config: Config, ledger: Ledger, today: dt.date,
              progress: Progress | None = None) -> list[Outcome]:
    """Validate every submission in the ledger and decide its outcome (pure apart from the reads)."""
    submissions = ledger.submissions()
    reports = load_reports(config, ledger, submissions, progress)
    items: list[tuple[Submission, Checked]] = [
        (sub, check_report(reports[sub.sha256], config, today=today, file_name=sub.path)) for sub in submissions]
    return with_history(decide_outcomes(items, config.reporting.due_day))


def with_history(outcomes: list[Outcome]) -> list[Outcome]:
    """Add each accepted report's warnings against the same unit's earlier accepted periods."""
    accepted = [o for o in outcomes if o.status == ACCEPTED]
    out = []
    for o in outcomes:
        if o.status == ACCEPTED:
            earlier = sorted((a.checked for a in accepted
                              if a.checked.unit == o.checked.unit and a.checked.period < o.checked.period),
                             key=lambda c: c.period)
            extra = check_history(o.checked, earlier)
            if extra:
                o = replace(o, checked=replace(o.checked, findings=o.checked.findings + tuple(extra)))
        out.append(o)
    return out


def write_all_feedback(config: Config, outcomes: list[Outcome]) -> dict[tuple[str, str], Path]:
    """An annotated copy of every submission with findings (written once; the original is never touched)."""
    out = {}
    for o in outcomes:
        if not o.checked.findings or o.status == DUPLICATE:
            continue
        target = feedback_path(config.paths.outbound, o.submission.name, o.submission.sha256, o.checked)
        if not target.exists():
            try:
                write_feedback(config.paths.archive / o.submission.archived, o.submission.name, o.checked, target)
            except Exception:   # feedback is a courtesy: never let it take the run down
                log.exception("could not write feedback for %s", o.submission.path)
                continue
        out[(o.submission.path, o.submission.sha256)] = target
    return out


def deferred_outcomes(config: Config, deferred: list[Deferred], now: dt.datetime) -> list[Outcome]:
    """Files left for the next run, as outcomes with status "deferred" so every output lists them."""
    out = []
    for d in deferred:
        unit, period = placed_by_name(d.path, config)
        sub = Submission(path=d.path, sha256="", size=d.size or 0, received_at=d.modified or now, archived="")
        out.append(Outcome(submission=sub, checked=Checked(unit=unit, period=period), status=DEFERRED, on_time=None))
    return out


def default_periods(config: Config, outcomes: list[Outcome], today: dt.date) -> list[Period]:
    """Every month of the plan year that has a submission; else the month being collected now."""
    months = sorted({o.checked.period for o in outcomes
                     if o.checked.period is not None and o.checked.period.year == config.plan.year})
    if months:
        return months
    current = current_reporting_period(today)
    return [min(current, Period(config.plan.year, 12, 1))]


def outcomes_for(outcomes: list[Outcome], period: Period) -> list[Outcome]:
    """Submissions that belong to `period`, and those nobody could place in any period."""
    months = set(period.months())
    return [o for o in outcomes if o.checked.period in months or o.checked.period is None]


class RunInProgress(Exception):
    """Another run holds the lock: this one did nothing."""


def lock_path(config: Config) -> Path:
    return config.paths.ledger.with_name(config.paths.ledger.name + ".lock")


def run(config: Config, *, periods: list[Period] | None = None, now: dt.datetime | None = None,
        progress: Progress | None = None) -> RunResult:
    """Collect what arrived, validate everything, and write each period's outputs; one run at a time
    (an OS file lock, released by the OS even when a run is killed)."""
    config.paths.ledger.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(lock_path(config)), timeout=0):
            return _run_locked(config, periods, now or now_local(), progress)
    except Timeout as exc:
        raise RunInProgress(f"Một lần tổng hợp khác đang chạy (khóa {lock_path(config).name}); lần này không "
                            "làm gì. Hãy chờ lần kia xong.") from exc


def _run_locked(config: Config, periods: list[Period] | None, now: dt.datetime,
                progress: Progress | None) -> RunResult:
    with Ledger(config.paths.ledger) as ledger:
        run_id = ledger.start_run(now)
        try:
            collected = collect_files(config, ledger, now)
            log.info("collected %d new file(s), %d deferred", len(collected.new), len(collected.deferred))
            ledger.set_deferred([(d.path, d.reason, d.size, d.modified) for d in collected.deferred], now)
            outcomes = check_all(config, ledger, now.date(), progress)
            for o in outcomes:
                ledger.record_outcome(o.submission, o.checked.unit, o.checked.period.key if o.checked.period else None,
                                      o.status, o.on_time, o.checked.findings, now)
            feedback = write_all_feedback(config, outcomes)
            decided = outcomes
            outcomes = outcomes + deferred_outcomes(config, collected.deferred, now)
            results = []
            for period in periods or default_periods(config, outcomes, now.date()):
                mine = outcomes_for(outcomes, period)
                frame = merge_figures(mine, config, period)
                metrics = compute_metrics(frame, mine, config, period)
                outputs = write_outputs(config, metrics, frame, mine, now)
                results.append(PeriodResult(period, metrics, frame, tuple(mine), outputs))
                log.info("period %s: %d/%d reports accepted; outputs in %s", period, metrics.submitted,
                         metrics.expected, outputs["workbook"].parent)
            moved = move_processed(config, [o.submission for o in decided]) if config.intake.move_processed else []
        except BaseException as exc:
            ledger.finish_run(run_id, "failed", {"error": repr(exc)}, now_local())
            raise
        ledger.finish_run(run_id, "ok", {"new": len(collected.new), "periods": [str(r.period) for r in results],
                                         "moved": moved}, now_local())
    return RunResult(started_at=now, new_files=tuple(collected.new), deferred=tuple(collected.deferred),
                     outcomes=tuple(outcomes), periods=tuple(results), feedback=feedback)
