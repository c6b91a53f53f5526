"""Timing the stages of a run: the log says where a night's time went, and `make bench` reports it."""
from __future__ import annotations

import contextlib
import logging
import time

log = logging.getLogger(__name__)


@contextlib.contextmanager
def timed(timings: dict[str, float], stage: str):
    """Add the time spent in the block to `timings[stage]`, and log it."""
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds = time.perf_counter() - start
        timings[stage] = timings.get(stage, 0.0) + seconds
        log.info("%s: %.2f s", stage, seconds)
