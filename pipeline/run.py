"""The one place that sequences the stages: collect → read → validate → merge → metrics → write."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
from filelock import FileLock, Timeout

from .consolidate.analysis import Analysis, analyse
from .consolidate.merge import decide_outcomes, merge_figures
from .consolidate.metrics import Metrics, compute_metrics, metrics_for
from .intake.collect import collect_files, move_processed
from .intake.precheck import ensure_safe_xml
from .intake.read import READER_VERSION
from .intake.workers import read_many
from .mail.fetch import FetchResult, fetch_mail, sender_of
from .mail.send import send_notifications
from .mail.settings import MailError
from .model import Checked, Deferred, Outcome, RawReport, Status, Submission
from .outputs.documents.content import HTML_NAME, REPORT_NAME, REVIEW_NAME, report_document, review_document
from .outputs.documents.docx import write_docx
from .outputs.documents.html import write_html
from .outputs.feedback.annotate import write_all_feedback
from .outputs.period import write_outputs
from .plan.config import Config, units_by_email
from .plan.periods import Period, current_reporting_period
from .progress import Clock, Progress
from .rules.check import check_copies, placed_by_name
from .rules.history import check_sender, with_history
from .store.files import publish, sweep_temp_files
from .store.ledger import Ledger

log = logging.getLogger(__name__)


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
    fetched: FetchResult | None = None
    sent: tuple = ()
    mail_errors: tuple[str, ...] = ()
    unchanged: bool = False           # nothing new: the previous outputs stand (listed in previous_outputs)
    previous_outputs: dict[str, dict[str, Path]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)     # seconds per stage, for the log and `make bench`


def now_local() -> dt.datetime:
    return dt.datetime.now().astimezone()


def check_all(config: Config, ledger: Ledger, today: dt.date,
              progress: Progress | None = None) -> list[Outcome]:
    """Validate every submission in the ledger and decide its outcome. Bytes parsed before come from
    the ledger's cache; new ones are read and checked in worker processes, which send back each
    report's JSON for the cache and its checked figures. Parsed workbooks never reach this process,
    so memory holds the checked figures, never every parsed workbook at once."""
    submissions = ledger.submissions()
    by_sha: dict[str, list[Submission]] = {}
    for sub in submissions:
        by_sha.setdefault(sub.sha256, []).append(sub)
    check = functools.partial(check_copies, config=config, today=today,
                              names={sha: tuple(sub.path for sub in subs) for sha, subs in by_sha.items()})
    checked: dict[tuple[str, str], Checked] = {}
    senders = units_by_email(config)

    def keep(sha: str, results: tuple[Checked, ...]) -> None:
        for sub, result in zip(by_sha[sha], results):
            if sub.source == "email":
                result = check_sender(result, sender_of(config, sub.path, senders), config)
            checked[(sub.path, sha)] = result

    todo: dict[str, Path] = {}
    for sha, subs in by_sha.items():
        cached = ledger.cached_report(sha, READER_VERSION)
        if cached is None:
            todo[sha] = config.paths.archive / subs[0].archived
        else:
            keep(sha, check(sha, RawReport.from_json(cached)))
    batch: list[tuple[str, int, str]] = []
    for sha, results, text in read_many(todo, progress=progress, then=check):
        batch.append((sha, READER_VERSION, text))
        keep(sha, results)
        if len(batch) >= 200:
            ledger.store_reports(batch)
            batch = []
    ledger.store_reports(batch)
    items = [(sub, checked[(sub.path, sub.sha256)]) for sub in submissions]
    return with_history(decide_outcomes(items, config.reporting.due_day))


def deferred_outcomes(config: Config, deferred: list[Deferred], now: dt.datetime) -> list[Outcome]:
    """Files left for the next run, as outcomes with status "deferred" so every output lists them."""
    out = []
    for d in deferred:
        unit, period = placed_by_name(d.path, config)
        sub = Submission(path=d.path, sha256="", size=d.size or 0, received_at=d.modified or now, archived="")
        out.append(Outcome(submission=sub, checked=Checked(unit=unit, period=period), status=Status.DEFERRED, on_time=None))
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
        progress: Progress | None = None, mail: bool = True, summary_mail: bool = False) -> RunResult:
    """Collect what arrived, validate everything, and write each period's outputs; one run at a time
    (an OS file lock, released by the OS even when a run is killed)."""
    ensure_safe_xml()
    config.paths.ledger.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(lock_path(config)), timeout=0):
            return _run_locked(config, periods, now or now_local(), progress, mail, summary_mail)
    except Timeout as exc:
        raise RunInProgress(f"Một lần tổng hợp khác đang chạy (khóa {lock_path(config).name}); lần này không "
                            "làm gì. Hãy chờ lần kia xong.") from exc


def _run_locked(config: Config, periods: list[Period] | None, now: dt.datetime, progress: Progress | None,
                mail: bool, summary_mail: bool) -> RunResult:
    mail = mail and config.mail is not None
    fetched, mail_errors, clock = None, [], Clock(progress)
    for stale in sweep_temp_files(config.paths.outbound):
        log.info("removed %s, left by a run that was stopped while writing", stale)
    with Ledger(config.paths.ledger) as ledger:
        run_id = ledger.start_run(now)
        try:
            if mail and config.mail.imap_host:
                try:
                    with clock.stage("fetch mail"):
                        fetched = fetch_mail(config, now, progress)
                except MailError as exc:     # the mailbox being down must not stop the folder intake
                    log.error("fetching mail failed: %s", exc)
                    mail_errors.append(str(exc))
            with clock.stage("collect"):
                collected = collect_files(config, ledger, now)
            log.info("collected %d new file(s), %d deferred", len(collected.new), len(collected.deferred))
            ledger.set_deferred([(d.path, d.reason, d.size, d.modified) for d in collected.deferred], now)
            fingerprint = state_fingerprint(config, ledger, periods, now)
            previous = ledger.last_run_detail()
            if not collected.new and previous.get("fingerprint") == fingerprint and _outputs_exist(previous):
                # Nothing arrived and nothing that decides the outputs changed: they stand as written.
                log.info("nothing new since the last run; outputs unchanged")
                ledger.finish_run(run_id, "unchanged", {**previous, "new": 0}, now_local())
                return _unchanged(config, ledger, collected, previous, now, fetched, mail_errors, mail)
            with clock.stage("read and check"):
                outcomes = check_all(config, ledger, now.date(), progress)
                ledger.record_outcomes([(o.submission, o.checked.unit, o.checked.period.key if o.checked.period
                                         else None, o.status, o.on_time, o.checked.findings) for o in outcomes], now)
            with clock.stage("feedback copies"):
                feedback = write_all_feedback(config, outcomes)
            decided = outcomes
            outcomes = outcomes + deferred_outcomes(config, collected.deferred, now)
            results = []
            for period in periods or default_periods(config, outcomes, now.date()):
                mine = outcomes_for(outcomes, period)
                with clock.stage("merge and metrics"):
                    frame = merge_figures(mine, config, period)
                    metrics = compute_metrics(frame, mine, config, period)
                outputs = write_outputs(config, metrics, frame, mine, now, history=outcomes, clock=clock)
                results.append(PeriodResult(period, metrics, frame, tuple(mine), outputs))
                log.info("period %s: %d/%d reports accepted; outputs in %s", period, metrics.submitted,
                         metrics.expected, outputs["workbook"].parent)
            moved = move_processed(config, [o.submission for o in decided]) if config.intake.move_processed else []
        except BaseException as exc:
            ledger.finish_run(run_id, "failed", {"error": repr(exc)}, now_local())
            raise
        ledger.finish_run(run_id, "ok", {"new": len(collected.new), "periods": [str(r.period) for r in results],
                                         "moved": moved, "fingerprint": fingerprint,
                                         "outputs": {str(r.period): {k: str(v) for k, v in r.outputs.items()}
                                                     for r in results}}, now_local())
    sent: list = []
    if mail:
        new = {(s.path, s.sha256) for s in collected.new}
        fresh = [o for o in outcomes if (o.submission.path, o.submission.sha256) in new]
        with clock.stage("send mail"):
            mail_errors += send_notifications(config, fresh, feedback, decided, results if summary_mail else [],
                                              now, sent)
    return RunResult(started_at=now, new_files=tuple(collected.new), deferred=tuple(collected.deferred),
                     outcomes=tuple(outcomes), periods=tuple(results), feedback=feedback, fetched=fetched,
                     sent=tuple(sent), mail_errors=tuple(mail_errors), timings=clock.timings)


def state_fingerprint(config: Config, ledger: Ledger, periods: list[Period] | None, now: dt.datetime) -> str:
    """A digest of everything the outputs depend on: the files and their bytes, what waits, the config,
    the code, the periods asked for, and the date where a finding or the choice of period depends on it."""
    digest = hashlib.sha256()
    digest.update(repr(config).encode())            # every setting and the whole plan, as loaded
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    digest.update(f"{READER_VERSION}|{periods}".encode())
    rows = ledger.conn.execute("SELECT path, sha256, received_at FROM files ORDER BY path, sha256").fetchall()
    digest.update(repr(rows).encode())
    digest.update(repr(ledger.deferred()).encode())
    dated = ledger.conn.execute("SELECT 1 FROM files WHERE findings LIKE '%period-not-started%' "
                                "OR findings LIKE '%date-in-future%' LIMIT 1").fetchone()
    if dated or not rows:
        digest.update(now.date().isoformat().encode())
    return digest.hexdigest()


def _outputs_exist(detail: dict) -> bool:
    outputs = detail.get("outputs") or {}
    return bool(outputs) and all(Path(p).exists() for files in outputs.values() for p in files.values())


def _unchanged(config: Config, ledger: Ledger, collected, previous: dict, now: dt.datetime, fetched,
               mail_errors: list[str], mail: bool) -> RunResult:
    outcomes = ledger.recorded_outcomes()
    sent: list = []
    if mail:
        mail_errors += send_notifications(config, [], {}, outcomes, [], now, sent)
    return RunResult(started_at=now, new_files=(), deferred=tuple(collected.deferred), outcomes=tuple(outcomes),
                     fetched=fetched, sent=tuple(sent), mail_errors=tuple(mail_errors), unchanged=True,
                     previous_outputs={period: {k: Path(v) for k, v in files.items()}
                                       for period, files in previous["outputs"].items()})


def _analysis(config: Config, period: Period, now: dt.datetime | None,
              clock: Clock | None = None) -> tuple[Analysis, Path]:
    """Bring the period's consolidation up to date (a run: collect, validate, write the workbook), then
    read every outcome back with its figures and measures for the analysis."""
    from .store.ledger import Ledger
    pass
    now, clock = now or now_local(), clock or Clock()
    run(config, periods=[period], now=now, progress=clock.progress)
    with clock.stage("analysis"), Ledger(config.paths.ledger) as ledger:
        outcomes = check_all(config, ledger, now.date())
        return analyse(config, outcomes, metrics_for(outcomes, config, period), now.date()), \
            config.paths.outbound / period.key


def _then_documents(config: Config, period: Period, now: dt.datetime | None, progress: Progress | None,
                    write: Callable[[Analysis, Path], dict[str, Path]]) -> dict[str, Path]:
    """Bring `period` up to date and analyse it, then `write` its documents into its folder; each step
    announced to `progress`."""
    clock = Clock(progress)
    analysis, folder = _analysis(config, period, now, clock)
    with clock.stage("documents"):
        return write(analysis, folder)


def make_report(config: Config, period: Period, now: dt.datetime | None = None,
                progress: Progress | None = None) -> dict[str, Path]:
    """Consolidate `period` (collect, validate, write its workbook), then write the results report
    (.docx) and summary.html beside it."""
    def write(analysis: Analysis, folder: Path) -> dict[str, Path]:
        document = report_document(config, analysis)
        return {"report": publish(folder / REPORT_NAME.format(period=period.key),
                                  lambda p: write_docx(document, config, analysis, p)),
                "html": publish(folder / HTML_NAME, lambda p: write_html(document, config, analysis, p))}
    return _then_documents(config, period, now, progress, write)


def make_review(config: Config, period: Period, now: dt.datetime | None = None,
                progress: Progress | None = None) -> dict[str, Path]:
    """Consolidate `period`, then write the management-review pack (.docx) beside its workbook."""
    def write(analysis: Analysis, folder: Path) -> dict[str, Path]:
        document = review_document(config, analysis)
        return {"review": publish(folder / REVIEW_NAME.format(period=period.key),
                                  lambda p: write_docx(document, config, analysis, p))}
    return _then_documents(config, period, now, progress, write)
