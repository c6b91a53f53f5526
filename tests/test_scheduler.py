"""The nightly schedule behind `mtcl schedule`: the time, a failed night, a clean stop, the rotating log."""
from __future__ import annotations

import datetime as dt
import os
import signal
import threading

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.scheduler import make_scheduler, serve


def test_scheduler_runs_at_the_configured_time_and_survives_a_failed_night(workspace, caplog):
    calls = []

    def job(config):
        calls.append(config)
        if len(calls) == 1:
            raise RuntimeError("disk unavailable")

    scheduler = make_scheduler(workspace, job)
    (entry,) = scheduler.jobs
    assert entry.at_time == dt.time(22, 30) and entry.unit == "days"
    scheduler.run_all()                 # the failing night: logged, not raised
    scheduler.run_all()                 # the next night runs again
    assert len(calls) == 2
    assert any("nightly run failed" in r.message for r in caplog.records)


def test_serve_stops_cleanly_on_sigterm(workspace):
    """SIGTERM (a service stopping) ends the loop: the signal was sent before serve returned, and serve
    returned because of it (a backstop would end the test after 20 s, and says so)."""
    calls, sent, stop, timed_out = [], threading.Event(), threading.Event(), threading.Event()

    def terminate():
        sent.set()
        os.kill(os.getpid(), signal.SIGTERM)

    def backstop_fired():
        timed_out.set()
        stop.set()
    previous = signal.getsignal(signal.SIGTERM)
    threading.Timer(0.3, terminate).start()
    backstop = threading.Timer(20, backstop_fired)
    backstop.start()
    try:
        serve(workspace, calls.append, stop=stop, poll_seconds=0.05)
    finally:
        backstop.cancel()
        signal.signal(signal.SIGTERM, previous)
    assert sent.is_set() and not timed_out.is_set()
    assert calls == []                  # stopped before 22:30 came


def test_schedule_command_has_help_and_logs_to_a_rotating_file(workspace):
    from pipeline.scheduler import log_file, rotating_log
    handler = rotating_log(workspace)
    assert handler.baseFilename == str(log_file(workspace)) and handler.maxBytes > 0 and handler.backupCount > 0
    handler.close()
    assert "Example:" in CliRunner().invoke(main, ["schedule", "--help"]).output
