"""Timing the stages of a run: the log says where a night's time went, `make bench` reports it, and a person at a terminal sees which stage the run is in."""
from __future__ import annotations

import contextlib
import logging
import time
from typing import Callable

log = logging.getLogger(__name__)
# progress(stage, done, total): (stage, 0, 0) as a stage begins; then, in a stage that counts its items
# (files read, messages fetched), `done` of `total` after each.
Progress = Callable[[str, int, int], None]


class Clock:
    """Seconds per stage (`timings`), logged as each ends; each stage is announced to `progress`."""

    def __init__(self, progress: Progress | None = None):
        self.timings: dict[str, float] = {}
        self.progress = progress

    @contextlib.contextmanager
    def stage(self, name: str):
        """Announce the stage `name`, run the block, and add its seconds to `timings[name]`."""
        if self.progress:
            self.progress(name, 0, 0)
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            self.timings[name] = self.timings.get(name, 0.0) + seconds
            log.info("%s: %.2f s", name, seconds)
