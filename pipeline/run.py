"""The one place that sequences the stages: collect → read → validate → merge → metrics → write."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from . import notify
from .clock import Clock, Progress
from .collect import Deferred, collect_files, move_processed
from .config import Config
from .feedback import feedback_path, write_feedback
from .ledger import Ledger, Submission
from .mail import FetchResult, MailError, fetch_mail, sender_of, units_by_email
from .merge import Outcome, decide_outcomes, merge_figures
from .metrics import Metrics, compute_metrics, submission_statuses
from .periods import Period, current_reporting_period
from .read import READER_VERSION, RawReport
from .readers import context as reader_context, die_with_parent, read_many, worker_count
from .safety import ensure_safe_xml
from .validate import Checked, check_copies, check_history, check_sender, placed_by_name
from .write import sweep_temp_files, write_outputs
from .model import Status

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


def with_history(outcomes: list[Outcome]) -> list[Outcome]:
    """Add each accepted report's warnings against the same unit's earlier accepted periods."""
    by_unit: dict[str, list[Checked]] = {}
    for o in outcomes:
        if o.status == Status.ACCEPTED:
            by_unit.setdefault(o.checked.unit, []).append(o.checked)
    for reports in by_unit.values():
        reports.sort(key=lambda c: c.period)
    out = []
    for o in outcomes:
        if o.status == Status.ACCEPTED:
            earlier = [c for c in by_unit[o.checked.unit] if c.period < o.checked.period]
            extra = check_history(o.checked, earlier)
            if extra:
                o = replace(o, checked=replace(o.checked, findings=o.checked.findings + tuple(extra)))
        out.append(o)
    return out


def write_all_feedback(config: Config, outcomes: list[Outcome]) -> dict[tuple[str, str], Path]:
    """An annotated copy of every submission with findings (written once, in worker processes; the
    original is never touched)."""
    out, keys, jobs = {}, [], []
    for o in outcomes:
        if not o.checked.findings or o.status == Status.DUPLICATE:
            continue
        key = (o.submission.path, o.submission.sha256)
        out[key] = target = feedback_path(config.paths.outbound, o.submission.name, o.submission.sha256, o.checked)
        if not target.exists():
            keys.append(key)
            jobs.append((config.paths.archive / o.submission.archived, o.submission.name, o.checked, target))
    if len(jobs) < 8:
        written = [_feedback_job(job) for job in jobs]
    else:
        # Forked workers share the run's pipes: without this they outlive a run killed with SIGKILL.
        with ProcessPoolExecutor(max_workers=worker_count(), mp_context=reader_context(),
                                 initializer=die_with_parent) as pool:
            written = list(pool.map(_feedback_job, jobs, chunksize=4))
    for key, ok in zip(keys, written):
        if not ok:
            del out[key]
    return out


def _feedback_job(job) -> bool:
    source, name, checked, target = job
    try:
        write_feedback(source, name, checked, target)
        return True
    except Exception:   # feedback is a courtesy: never let it take the run down
        log.exception("could not write feedback for %s", name)
        return False


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
    for source in sorted(Path(__file__).parent.glob("*.py")):
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


def send_notifications(config: Config, fresh: list[Outcome], feedback: dict, outcomes: list[Outcome],
                       results: list[PeriodResult], now: dt.datetime, sent: list) -> list[str]:
    """Receipts for files that arrived in this run (with the annotated copy), reminders to units
    missing for the month being collected, and the summary to leadership when asked. Each message is
    sent once (notify keeps a key per message); a mail failure is logged, never fatal. Nothing is
    built without an SMTP server or dry_run to deliver it."""
    if not (config.mail.smtp_host or config.mail.dry_run):
        return []
    today = now.date()
    current = current_reporting_period(today)
    messages = notify.receipt_messages(config, fresh, feedback)
    if current.year == config.plan.year:
        messages += notify.reminder_messages(config, submission_statuses(outcomes, config, current), today)
    messages += [notify.summary_message(config, r, today) for r in results]
    try:
        sent.extend(notify.send(config, messages, now))
    except Exception as exc:
        log.error("sending notifications failed: %s", exc)
        return [str(exc)]
    return []
