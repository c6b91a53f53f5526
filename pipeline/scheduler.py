"""The nightly schedule behind `mtcl schedule`: run every night at the configured time, log it, survive failures."""
from __future__ import annotations

import logging
import logging.handlers
import signal
import threading
from pathlib import Path
from typing import Callable

import schedule

from .plan.config import Config
from .store.ledger import LedgerDamaged

log = logging.getLogger(__name__)


def log_file(config: Config) -> Path:
    return config.paths.outbound / "logs" / "mtcl.log"


def rotating_log(config: Config) -> logging.Handler:
    """A log of about 1 MB kept in 5 generations under outbound/logs/, UTF-8 (Vietnamese paths)."""
    path = log_file(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def nightly_job(config: Config, job: Callable[[Config], object]) -> Callable[[], None]:
    """The job as the scheduler calls it: a failed night is logged, and the next night tries again."""
    def night() -> None:
        log.info("nightly run starting")
        try:
            job(config)
        except LedgerDamaged as exc:        # no traceback: the message says what to do, every night until done
            log.error("nightly run not started, the ledger cannot be used (%s): %s", exc.reason, exc)
        except Exception:
            log.exception("nightly run failed; the next one is at %s tomorrow", config.nightly_at)
        else:
            log.info("nightly run finished")
    return night


def make_scheduler(config: Config, job: Callable[[Config], object]) -> schedule.Scheduler:
    scheduler = schedule.Scheduler()
    scheduler.every().day.at(config.nightly_at).do(nightly_job(config, job))
    return scheduler


def serve(config: Config, job: Callable[[Config], object], stop: threading.Event | None = None,
          poll_seconds: float = 30.0) -> None:
    """Run `job` every day at config.nightly_at until SIGTERM, SIGINT (Ctrl-C) or `stop` is set."""
    stop = stop or threading.Event()
    scheduler = make_scheduler(config, job)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    log.info("scheduled: every day at %s; next run %s", config.nightly_at, scheduler.next_run)
    while not stop.is_set():
        scheduler.run_pending()
        stop.wait(min(poll_seconds, max(scheduler.idle_seconds or poll_seconds, 0.1)))
    log.info("scheduler stopped")
