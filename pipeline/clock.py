"""Timing the stages of a run: the log says where a night's time went, `make bench` reports it, and a
person at a terminal sees which stage the run is in."""
from __future__ import annotations

import contextlib
import logging
import time
from typing import Callable

log = logging.getLogger(__name__)

# progress(stage, done, total): `done` of `total` items of a counted stage, or (stage, 0, 0) when a
# stage without a count begins.
Progress = Callable[[str, int, int], None]


class Clock:
    """Seconds per stage (`timings`), logged as each ends; each stage is announced to `progress`."""

    def __init__(self, progress: Progress | None = None):
        self.timings: dict[str, float] = {}
        self.progress = progress

    @contextlib.contextmanager
    def stage(self, name: str):
        if self.progress:
            self.progress(name, 0, 0)
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            self.timings[name] = self.timings.get(name, 0.0) + seconds
            log.info("%s: %.2f s", name, seconds)
