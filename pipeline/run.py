"""The one place that sequences the stages: collect → read → validate → merge → metrics → analysis → write."""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from .consolidate.analysis import Analysis, analyse
from .consolidate.merge import decide_outcomes, merge_figures
from .consolidate.metrics import Metrics, Months
from .consolidate.review import decisions_of, review_state
from .consolidate.timeliness import UnitStatus, slots, unit_statuses
from .intake.collect import collect_files, move_processed
from .intake.precheck import ensure_safe_xml
from .intake.read import READER_VERSION
from .intake.review_read import read_review_sheets
from .intake.workers import read_many
from .mail.fetch import FetchResult, fetch_mail, sender_of
from .mail.send import send_notifications
from .mail.settings import MailError
from .model import (Checked, Deferred, MailOrigin, Outcome, RawReport, ReviewBook, ReviewDecision, Status,
    Submission, has_errors)
from .outputs.feedback.annotate import write_all_feedback, write_feedback
from .vi.documents import DOCUMENTS as DOCUMENTS_TEXT
from .outputs.period import DOCUMENTS, write_documents, write_outputs, write_unit_cards
from .plan.review_layout import BOOK_NAME
from .plan.config import Config
from .plan.periods import Period, current_reporting_period
from .plan.years import active_year, config_for_year, load_all_plans, senders as all_senders
from .progress import Clock, Progress
from .rules.check import check_copies, check_report, placed_by_name
from .rules.history import add_history, apply_confirmation, check_sender
from .rules.review import check_review_book
from .store.archive import archive_file, arrival_note, confirmation_note, read_notes, write_notes
from .store.backup import Backup, BackupProblem, Restored, make_backup, restore_backup, set_aside
from .store.files import flush_to_disk, sweep_temp_files
from .store.ledger import Ledger
from .text import path_key
from .vi.cli import CLI

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodResult:
    """One period consolidated: its analysis (its figures and everything on top of them), its long table, the
    outcomes of its files and the outputs written."""
    analysis: Analysis
    frame: pd.DataFrame
    outcomes: tuple[Outcome, ...]
    outputs: dict[str, Path]

    @property
    def period(self) -> Period:
        return self.analysis.period

    @property
    def metrics(self) -> Metrics:
        return self.analysis.metrics


@dataclass(frozen=True)
class RunResult:
    """What a run did: the files it took and left, every file's checked outcome, each period's analysis and
    outputs, and the mail. On a night with nothing new (`unchanged`) the outcomes are those the last run
    recorded, without figures, and `previous_outputs` lists the outputs that stand."""
    started_at: dt.datetime
    new_files: tuple[Submission, ...]
    deferred: tuple[Deferred, ...]
    outcomes: tuple[Outcome, ...]
    periods: tuple[PeriodResult, ...] = field(default=())
    feedback: dict[tuple[str, str], Path] = field(default_factory=dict)   # (path, sha256) -> annotated copy
    fetched: FetchResult | None = None
    sent: tuple = ()
    mail_errors: tuple[str, ...] = ()
    unchanged: bool = False
    previous_outputs: dict[str, dict[str, Path]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)     # seconds per stage, for the log and `make bench`

    def period(self, period: Period) -> PeriodResult:
        return next(r for r in self.periods if r.period == period)


def now_local() -> dt.datetime:
    return dt.datetime.now().astimezone()


def check_submissions(config: Config, ledger: Ledger, today: dt.date, origins: dict[str, MailOrigin] | None = None,
                      progress: Progress | None = None) -> list[tuple[Submission, Checked]]:
    """Every submission in the ledger with its checked report. Bytes parsed before come from the ledger's
    cache; new ones are read and checked in worker processes, which send back each report's JSON for the
    cache and its checked figures. Parsed workbooks never reach this process, so memory holds the checked
    figures, never every parsed workbook at once. A mailed file is checked against its sender (`origins`:
    Ledger.mail_origins, read once); a held file gets the secretary's decision, if she has given it."""
    origins = ledger.mail_origins() if origins is None else origins
    submissions = ledger.submissions()
    by_sha: dict[str, list[Submission]] = {}
    for sub in submissions:
        by_sha.setdefault(sub.sha256, []).append(sub)
    check = functools.partial(check_copies, config=config, today=today,
                              names={sha: tuple((sub.path, sub.received_at.date()) for sub in subs)
                                     for sha, subs in by_sha.items()})
    checked: dict[tuple[str, str], Checked] = {}
    senders = all_senders(config)

    confirmed = ledger.confirmations()

    def keep(sha: str, results: tuple[Checked, ...]) -> None:
        for sub, result in zip(by_sha[sha], results):
            if sub.source == "email":
                result = check_sender(result, sender_of(origins.get(sub.path), senders), config)
            checked[(sub.path, sha)] = apply_confirmation(result, confirmed.get((sub.path, sha)), config)

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
    return [(sub, checked[(sub.path, sub.sha256)]) for sub in submissions]


def deferred_outcomes(config: Config, deferred: list[Deferred], now: dt.datetime) -> list[Outcome]:
    """Files left for the next run, as outcomes with status "deferred" so every output lists them."""
    out = []
    for d in deferred:
        unit, period = placed_by_name(d.path, config)
        sub = Submission(path=d.path, sha256="", size=d.size or 0, received_at=d.modified or now, archived="")
        out.append(Outcome(submission=sub, checked=Checked(unit=unit, period=period), status=Status.DEFERRED, on_time=None))
    return out


def default_periods(config: Config, outcomes: list[Outcome], today: dt.date,
                    new: tuple[Submission, ...] = ()) -> list[Period]:
    """Every month of the plan year being collected (plan.years.active_year) that has a submission, else the
    month being collected now; and the months of another plan year that a `new` file reports on (a late
    correction). An earlier year's outputs are otherwise left exactly as they were written."""
    year = active_year(config, today)
    arrived = {(s.path, s.sha256) for s in new}
    months = sorted({o.checked.period for o in outcomes if o.checked.period is not None and
                     (o.checked.period.year == year or ((o.submission.path, o.submission.sha256) in arrived
                                                         and config_for_year(config, o.checked.period.year)))})
    if months:
        return months
    current = current_reporting_period(today)
    return [min(current, Period(year, 12, 1))]


def outcomes_for(outcomes: list[Outcome], period: Period) -> list[Outcome]:
    """Submissions that belong to `period`, and those nobody could place in any period."""
    months = set(period.months())
    return [o for o in outcomes if o.checked.period in months or o.checked.period is None]


class RunInProgress(Exception):
    """Another run holds the lock: this one did nothing."""


def lock_path(config: Config) -> Path:
    return config.paths.ledger.with_name(config.paths.ledger.name + ".lock")


@contextlib.contextmanager
def locked(config: Config):
    """One run at a time: an OS file lock beside the ledger, released by the OS even when a run is killed;
    RunInProgress when another holds it."""
    config.paths.ledger.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path(config)), timeout=0)
    try:
        lock.acquire()
    except Timeout as exc:
        raise RunInProgress(CLI["run-in-progress"].format(name=lock_path(config).name)) from exc
    try:
        yield
    finally:
        lock.release()


def run(config: Config, *, periods: list[Period] | None = None, now: dt.datetime | None = None,
        progress: Progress | None = None, mail: bool = True, summary_mail: bool = False,
        documents: tuple[str, ...] = ()) -> RunResult:
    """Collect what arrived, validate everything, and write each period's outputs, with its `documents`
    ("report", "review") when asked; one run at a time (an OS file lock, released by the OS even when a run
    is killed)."""
    ensure_safe_xml()
    unknown = set(documents) - set(DOCUMENTS)
    if unknown:
        raise ValueError(f"unknown documents {sorted(unknown)}")
    with locked(config):
        return _run_locked(config, periods, now or now_local(), progress, mail, summary_mail, documents)


def _run_locked(config: Config, periods: list[Period] | None, now: dt.datetime, progress: Progress | None,
                mail: bool, summary_mail: bool, documents: tuple[str, ...]) -> RunResult:
    mail = mail and config.mail is not None
    fetched, mail_errors, clock = None, [], Clock(progress)
    for stale in sweep_temp_files(config.paths.outbound):
        log.info("removed %s, left by a run that was stopped while writing", stale)
    with Ledger(config.paths.ledger, config.paths.archive) as ledger:
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
            if not (collected.new or documents) and previous.get("fingerprint") == fingerprint and \
                    _outputs_exist(previous) and not (summary_mail and ledger.digest_pending()):
                # Nothing arrived and nothing that decides the outputs changed: they stand as written.
                log.info("nothing new since the last run; outputs unchanged")
                ledger.finish_run(run_id, "unchanged", {**previous, "new": 0}, now_local())
                return _unchanged(config, ledger, collected, previous, now, fetched, mail_errors, mail)
            origins = ledger.mail_origins()
            with clock.stage("read and check"):
                checked = check_submissions(config, ledger, now.date(), origins, progress)
                outcomes = add_history(decide_outcomes(checked, config.reporting.due_day))
                ledger.record_outcomes([(o.submission, o.checked.unit, o.checked.period.key if o.checked.period
                                         else None, o.status, o.on_time, o.checked.findings) for o in outcomes], now)
            with clock.stage("feedback copies"):
                feedback = write_all_feedback(config, outcomes)
            decided = outcomes
            outcomes = outcomes + deferred_outcomes(config, collected.deferred, now)
            results = []
            by_year: dict[int, Months] = {}      # each month's figures, once for every period, on its year's plan

            def months_of(year_config: Config) -> Months:
                if year_config.plan.year not in by_year:
                    by_year[year_config.plan.year] = Months(outcomes, year_config, now.date())
                return by_year[year_config.plan.year]

            for period in periods or default_periods(config, outcomes, now.date(), tuple(collected.new)):
                year_config = config_for_year(config, period.year) or config
                months, last_plan = months_of(year_config), config_for_year(config, year_config.plan.year - 1)
                mine = outcomes_for(outcomes, period)
                with clock.stage("merge and metrics"):
                    frame = merge_figures(mine, year_config, period)
                    if period.is_month:
                        months.seed(period, frame)
                    metrics = months.metrics(period)
                with clock.stage("analysis"):
                    analysis = analyse(year_config, outcomes, metrics, now.date(), months,
                                       months_of(last_plan) if last_plan else None)
                outputs = write_outputs(year_config, analysis, frame, mine, now, clock)
                if documents:
                    review = review_state(period, ledger.review_book(period.key), ledger.review_decisions()) \
                        if {"review", "review-book"} & set(documents) else None
                    outputs.update(write_documents(year_config, analysis, documents, clock, review))
                results.append(PeriodResult(analysis, frame, tuple(mine), outputs))
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
                                              now, sent, origins)
    return RunResult(started_at=now, new_files=tuple(collected.new), deferred=tuple(collected.deferred),
                     outcomes=tuple(outcomes), periods=tuple(results), feedback=feedback, fetched=fetched,
                     sent=tuple(sent), mail_errors=tuple(mail_errors), timings=clock.timings)


def state_fingerprint(config: Config, ledger: Ledger, periods: list[Period] | None, now: dt.datetime) -> str:
    """A digest of everything the outputs depend on: the files and their bytes, what waits, the secretary's
    confirmations, the config, the code, the periods asked for, and the date while a period written is still
    moving (a month not yet due reads «chưa đến hạn»; overdue measures are counted to the day)."""
    digest = hashlib.sha256()
    digest.update(repr(load_all_plans(config)).encode())     # every setting and every year's plan, as loaded
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    digest.update(f"{READER_VERSION}|{periods}".encode())
    rows = ledger.file_rows()
    digest.update(repr(rows).encode())
    digest.update(repr(ledger.deferred()).encode())
    digest.update(repr(ledger.confirmations()).encode())
    last_due = max(max(p.months()[-1].due_date(config.reporting.due_day), p.due_date(config.reporting.due_day))
                   for p in periods or [Period(active_year(config, now.date()), 12, 1)])
    if not rows or now.date() <= last_due:
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




def make_report(config: Config, period: Period, now: dt.datetime | None = None,
                progress: Progress | None = None, units: tuple[str, ...] = ()) -> dict[str, Path]:
    """Consolidate `period` and write, beside its workbook, the MTCL results report (.docx), summary.html and the
    Director's one-page summary; with `units` (codes), each one's one-page report card too."""
    units = tuple(u.code for u in config.units) if "all" in units else units
    unknown = [u for u in units if u not in {x.code for x in config.units}]
    if unknown:
        raise ValueError(DOCUMENTS_TEXT["card.unknown"].format(units=", ".join(unknown),
                                                               codes=", ".join(u.code for u in config.units)))
    result = run(config, periods=[period], now=now, progress=progress, documents=("report",)).periods[0]
    return {**result.outputs, **write_unit_cards(config, result.analysis, units)}


def make_review(config: Config, period: Period, now: dt.datetime | None = None,
                progress: Progress | None = None) -> dict[str, Path]:
    """Consolidate `period` and write, beside its workbook, the management-review pack (.docx)."""
    return run(config, periods=[period], now=now, progress=progress, documents=("review",)).periods[0].outputs


class ReviewBookExists(ValueError):
    """`mtcl review prepare` would replace a workbook the secretary may have filled (the message says what to do)."""


def prepare_review(config: Config, period: Period, now: dt.datetime | None = None, progress: Progress | None = None,
                   replace: bool = False) -> Path:
    """Consolidate `period` and write, beside its workbook, the review workbook for the secretary to fill: the
    earlier decisions and their status, the figures, and what was recorded before for this review. An existing
    workbook is replaced only when asked (`replace`): the secretary may be filling it."""
    target = config.paths.outbound / period.key / BOOK_NAME.format(period=period.key)
    if target.exists() and not replace:
        raise ReviewBookExists(CLI["review-book-exists"].format(path=target))
    return run(config, periods=[period], now=now, progress=progress,
               documents=("review-book",)).periods[0].outputs["review_book"]


def record_review(config: Config, path: Path, now: dt.datetime | None = None
                  ) -> tuple[ReviewBook, tuple[ReviewDecision, ...], int]:
    """Read a filled review workbook back and check it; without errors, keep its bytes in the archive and record
    it in the ledger (replacing an earlier recording of the same review): its inputs, its decisions, and the
    status it gives the earlier decisions. The book with its findings, the decisions and how many earlier
    decisions it updated; nothing is recorded when a finding is an error."""
    now = now or now_local()
    with locked(config), Ledger(config.paths.ledger) as ledger:
        known = {d.id for d in ledger.review_decisions()}
        sheets, problem = read_review_sheets(path)
        book = ReviewBook(period="", findings=(problem,)) if problem else \
            check_review_book(sheets, config, path.name, known)
        if has_errors(book.findings):
            return book, (), 0
        decisions = decisions_of(book)
        updates = [(row["id"], row["status"], row.get("note")) for row in book.sheet("previous")]
        sha, _size, archived = archive_file(path, config.paths.archive)
        flush_to_disk([config.paths.archive / archived])
        ledger.record_review(book, sha, path.name, archived, list(decisions), updates, now)
    return book, decisions, len(updates)


def recorded_statuses(config: Config, period: Period | None = None,
                      today: dt.date | None = None) -> tuple[Period, tuple[UnitStatus, ...]]:
    """Who reported for `period` (by default the latest month with reports), as the last run decided it:
    nothing is read or checked again, and nothing is written."""
    today = today or now_local().date()
    with Ledger(config.paths.ledger, config.paths.archive) as ledger:
        outcomes = ledger.recorded_outcomes()
    chosen = period or default_periods(config, outcomes, today)[-1]
    return chosen, unit_statuses(slots(outcomes), config_for_year(config, chosen.year) or config, chosen.months(),
                                 today)


def check_files(config: Config, files: list[Path], annotate: Path | None = None,
                today: dt.date | None = None) -> list[Checked]:
    """Files checked by the rules of a run, nothing recorded (`mtcl validate`): each read in a worker process, so
    a file that crashes the reader gets a verdict; with `annotate`, the annotated copy of the one file there."""
    return [checked for checked, _, _ in _check_files(lambda raw: (config, True), files, annotate, today)]


def check_files_packaged(files: list[Path], annotate: Path | None = None,
                         today: dt.date | None = None) -> list[tuple[Checked, Config, bool]]:
    """`check_files` on a PC without the secretary's config.toml: each file against the packaged plan its hidden
    identity sheet names (plan id, else its month's year). (checked, the plan used, whether the identity named
    it); a file naming no packaged plan is checked against the packaged default."""
    from .plan.packaged import packaged_plans, plan_for_identity
    from .rules.cells import parse_period_value

    def choose(raw: RawReport) -> tuple[Config, bool]:
        period, _ = parse_period_value(raw.meta.get("period") or None)
        plan = plan_for_identity(raw.meta.get("plan_id"), period.year if period else None)
        return (plan, True) if plan else (packaged_plans()[0], False)
    return _check_files(choose, files, annotate, today)


def _check_files(choose, files: list[Path], annotate: Path | None,
                 today: dt.date | None) -> list[tuple[Checked, Config, bool]]:
    """Read `files` in workers and check each against the plan `choose(report)` gives (with whether it was named)."""
    today = today or now_local().date()
    reports = {key: report for key, report, _ in read_many({str(i): path for i, path in enumerate(files)})}
    out = []
    for i, path in enumerate(files):
        plan, named = choose(reports[str(i)])
        out.append((check_report(reports[str(i)], plan, today=today, file_name=path.name), plan, named))
    if annotate is not None:
        write_feedback(files[0], files[0].name, out[0][0], annotate)
    return out


def fetch_mail_now(config: Config, progress: Progress | None = None) -> FetchResult:
    """The mailbox fetched on its own (`mtcl fetch-mail`), under the run's lock."""
    with locked(config):
        return fetch_mail(config, progress=progress)


def held_files(config: Config) -> list[tuple[Outcome, list[str]]]:
    """The files the last run held for the secretary, each with the messages saying why (the readings that
    disagree)."""
    with Ledger(config.paths.ledger, config.paths.archive) as ledger:
        held = [o for o in ledger.recorded_outcomes() if o.status == Status.HELD]
        return [(o, [f["message"] for f in (ledger.outcome(o.submission.path, o.submission.sha256) or {})
                     .get("findings", []) if f["severity"] == "hold"]) for o in held]


class NotHeld(ValueError):
    """`mtcl confirm` named a file that is not one held file (the message, Vietnamese, says which)."""


def confirm_file(config: Config, name: str, unit: str | None = None, period: Period | None = None,
                 reject: bool = False, now: dt.datetime | None = None) -> tuple[Outcome, str | None, Period | None]:
    """The secretary's word on a held file (`name`: its path under inbound/ or its file name): whose report and
    which month it is (by default what the file itself says), or rejected. Recorded under the run's lock; the
    next run applies it. The held outcome, and the unit and month confirmed (None, None when rejected)."""
    wanted = path_key(name)
    matches = [o for o, _ in held_files(config)
               if wanted in (path_key(o.submission.path), path_key(o.submission.name))]
    if len(matches) != 1:
        known = ", ".join(o.submission.path for o, _ in held_files(config)) or CLI["confirm-none-held"]
        raise NotHeld(CLI["confirm-not-one"].format(name=name, count=len(matches), held=known))
    outcome = matches[0]
    if unit is not None and unit not in config.unit_order():
        raise NotHeld(CLI["confirm-unknown-unit"].format(unit=unit, codes=", ".join(config.unit_order())))
    chosen_unit = None if reject else unit or outcome.checked.unit
    chosen_period = None if reject else period or outcome.checked.period
    if not reject and (chosen_unit is None or chosen_period is None or not chosen_period.is_month):
        raise NotHeld(CLI["confirm-needs-identity"].format(name=outcome.submission.path))
    now = now or now_local()
    decision = "reject" if reject else "confirm"
    with locked(config), Ledger(config.paths.ledger, config.paths.archive) as ledger:
        ledger.confirm(outcome.submission.path, outcome.submission.sha256, decision,
                       chosen_unit, chosen_period.key if chosen_period else None, now)
        flush_to_disk(write_notes(config.paths.archive, [(outcome.submission.archived, confirmation_note(
            outcome.submission, decision, chosen_unit, chosen_period.key if chosen_period else None, now))]))
    return outcome, chosen_unit, chosen_period


# --- keeping years of data: backups, restoring one, a ledger rebuilt from the archive
RECOVERED_DIR = "khoi-phuc"     # where a rebuilt ledger files archived bytes that no note and no inbound file names


def backup_workspace(config: Config, dest: Path, now: dt.datetime | None = None) -> Backup:
    """A consistent copy of the ledger and the archive (and config.toml) into `dest` (`mtcl backup`). No lock is
    taken: SQLite's online backup reads one snapshot while a run writes."""
    inside = [p for p in (config.paths.inbound, config.paths.archive) if dest.resolve().is_relative_to(p)]
    if inside:          # the copies would come back as new reports, or as archived bytes
        raise BackupProblem(CLI["backup-inside"].format(dest=dest, folder=inside[0]))
    return make_backup(config.paths.ledger, config.paths.archive, config.source, dest, now or now_local(),
                       tuple(path for _, path in config.plan_files))


def restore_workspace(config: Config, source: Path, now: dt.datetime | None = None) -> Restored:
    """The backup in `source` put back (`mtcl restore`), under the run's lock; the replaced ledger is kept aside.
    The next run takes in what arrived since the backup was made (inbound/ still has it)."""
    with locked(config):
        return restore_backup(source, config.paths.ledger, config.paths.archive, config.source, now or now_local())


@dataclass(frozen=True)
class Rebuilt:
    """What `mtcl rebuild-ledger` did: the old ledger's new name, and where each file's record came from."""
    aside: Path | None
    from_notes: int             # arrivals as noted when they were archived (arrival time, source, mail)
    from_inbound: int           # files in inbound/ with no note: arrival time from their modification time
    unplaced: int               # archived bytes nothing names any more: filed under inbound path khoi-phuc/
    confirmations: int


def rebuild_ledger(config: Config, now: dt.datetime | None = None) -> Rebuilt:
    """A new ledger from the archive's notes and inbound/ (`mtcl rebuild-ledger`), under the run's lock; the old
    one, damaged or not, kept aside. Every arrival the notes record keeps its path, arrival time, source, mail and
    the secretary's decisions; the next run reads and decides everything again, so the figures are those the old
    ledger gave. Lost: the runs' history, the messages sent, the mailbox position (read again, duplicates skipped)."""
    now = now or now_local()
    with locked(config):
        aside = set_aside(config.paths.ledger, "damaged", now)
        notes = read_notes(config.paths.archive)
        with Ledger(config.paths.ledger) as ledger:
            by_seen: dict[dt.datetime, list[Submission]] = {}
            for sub, first_seen, _ in notes.arrivals:
                by_seen.setdefault(first_seen, []).append(sub)
            for first_seen, subs in by_seen.items():
                ledger.record_files(subs, first_seen)
            ledger.restore_mail_files([mail for _, _, mail in notes.arrivals if mail])
            for c in notes.confirmations:
                ledger.confirm(c["path"], c["sha256"], c["decision"], c["unit"], c["period"],
                               dt.datetime.fromisoformat(c["decided_at"]))
            collected = collect_files(config, ledger, now)
            known = {sub.sha256 for sub in ledger.submissions()}
            unplaced = []
            for archived in notes.unnoted:
                copy = config.paths.archive / archived
                sha = copy.name.split(".")[0]
                if sha in known:
                    continue
                modified = dt.datetime.fromtimestamp(copy.stat().st_mtime).astimezone()
                unplaced.append(Submission(path=f"{RECOVERED_DIR}/{copy.name}", sha256=sha, size=copy.stat().st_size,
                                           received_at=modified, archived=archived))
            ledger.record_files(unplaced, now)
            flush_to_disk(write_notes(config.paths.archive, [(s.archived, arrival_note(s, now, None))
                                                             for s in unplaced]))
    log.info("ledger rebuilt: %d arrival(s) from notes, %d from inbound/, %d unplaced; old ledger: %s",
             len(notes.arrivals), len(collected.new), len(unplaced), aside)
    return Rebuilt(aside, len(notes.arrivals), len(collected.new), len(unplaced), len(notes.confirmations))
