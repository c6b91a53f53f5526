"""Reading many workbooks in worker processes, so a reader that crashes, hangs or exhausts memory costs one file.

python-calamine is Rust: a hostile file (a 1 KB sheet that declares a billion cells, a zip bomb that
slipped past the pre-checks) can abort the whole process or deadlock it, and no Python `except`
catches that. Each worker therefore runs under a memory limit, the parent watches it with a
wall-clock limit per file, and a worker that dies or overruns is killed and replaced: that file gets
a verdict, the others carry on. A pure step the caller gives (validation) runs in the workers too, so
every core shares it and the parent only takes in its results.

What a reader prints (Rust's panic text, «range end index 64 out of range … RUST_BACKTRACE») never reaches the
secretary's terminal: a worker's stderr is a file the parent reads after each file and puts in the maintainer log
(INFO, English); the file's verdict already says what happened."""
from __future__ import annotations

import collections
import logging
import multiprocessing.connection
import os
import signal
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

from ..model import RawReport
from ..progress import Progress
from .precheck import rejected
from .read import read_workbook
from ..vi.intake import INTAKE


log = logging.getLogger(__name__)
MEMORY_LIMIT_MB = 1024        # per worker (RLIMIT_AS on POSIX)
FILE_TIMEOUT = 60.0           # wall-clock seconds for one file
IN_FLIGHT = 2                 # files sent to a worker ahead of its answers
Then = Callable[[str, RawReport], Any]    # a pure step run on each report in the worker


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no RLIMIT_AS; the process boundary still contains a crash


def die_with_parent() -> None:
    """Linux: the kernel kills this worker when the run that started it dies, even in the middle of a
    file (a reader deadlocked in calamine never returns to check). Also the initializer for any other
    pool a run forks (a forked child shares the run's pipes, so it would never see EOF and linger)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)    # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):
        pass   # elsewhere the idle worker notices its parent is gone (below)


def _serve(conn, megabytes: int, parent: int, then: Then | None, stderr: str) -> None:
    """Worker loop: read the files it is sent, answer with each report as JSON and what `then` makes of it.
    `stderr`: the file this process's stderr (fd 2, where Rust writes a panic) goes to."""
    os.environ["RUST_BACKTRACE"] = "0"   # with backtraces on, an out-of-memory abort can deadlock
    fd = os.open(stderr, os.O_WRONLY | os.O_APPEND)
    os.dup2(fd, 2)
    os.close(fd)
    # A crash must end this process by its signal, which the parent reads as the verdict: handlers
    # inherited from the parent (faulthandler, a fuzzer's) would turn it into an exit or a dump.
    for name in ("SIGABRT", "SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    die_with_parent()
    _limit_memory(megabytes)
    while True:
        # A forked worker inherits the parent's end of its own pipe, so a run killed with SIGKILL never
        # gives it EOF: it checks its parent instead of waiting forever as an orphan.
        if os.getppid() != parent:
            return
        try:
            if not conn.poll(1.0):
                continue
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        key, path = task
        try:
            report = read_workbook(path)
            text = report.to_json()
        except BaseException as exc:     # pyo3's PanicException is a BaseException
            report = rejected("unreadable-file", reason=INTAKE["serve.1"].format(name=type(exc).__name__))
            text = report.to_json()
        try:
            answer = (key, text, True, then(key, report) if then else report)
        except Exception:    # a bug, not the file's fault: the parent runs `then` again, so it stops the run
            answer = (key, text, False, None)
        conn.send(answer)


def context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Worker:
    def __init__(self, ctx, megabytes: int, then: Then | None):
        self.conn, child = ctx.Pipe()
        fd, self.stderr = tempfile.mkstemp(prefix="mtcl-reader-", suffix=".log")
        os.close(fd)
        self.said_up_to = 0
        self.proc = ctx.Process(target=_serve, args=(child, megabytes, os.getpid(), then, self.stderr), daemon=True)
        self.proc.start()
        child.close()
        self.tasks: collections.deque[tuple[str, Path]] = collections.deque()   # sent, not yet answered
        self.started = 0.0          # when it began the first of them

    def log_output(self, key: str) -> None:
        """Whatever the reader printed while on file `key`, into the maintainer log."""
        try:
            with open(self.stderr, "rb") as fh:
                fh.seek(self.said_up_to)
                said = fh.read()
        except OSError:
            return
        self.said_up_to += len(said)
        text = said.decode("utf-8", "replace").strip()
        if text:
            path = next((str(p) for k, p in self.tasks if k == key), key)
            log.info("the reader printed while reading %s: %s", path, text)

    def give(self, task: tuple[str, Path]) -> None:
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append(task)
        self.conn.send(task)

    def answered(self) -> None:
        self.tasks.popleft()
        self.started = time.monotonic()     # it goes straight on to the next

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        try:
            os.unlink(self.stderr)
        except OSError:
            pass


def worker_count() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _crash_verdict(exitcode: int | None) -> RawReport:
    if exitcode is not None and exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -getattr(signal, "SIGBUS", 7)):
        reason = INTAKE["crash_verdict.1"]
    else:
        reason = INTAKE["crash_verdict.2"].format(exitcode=exitcode)
    return rejected("unreadable-file", reason=reason)


def read_many(files: dict[str, Path], progress: Progress | None = None,
              workers: int | None = None, memory_mb: int = MEMORY_LIMIT_MB, timeout: float = FILE_TIMEOUT,
              then: Then | None = None) -> Iterator[tuple[str, Any, str]]:
    """(key, result, the report as JSON) for every file, in completion order; never raises because of a
    file. The result is `then(key, report)`, worked out in the worker (the report itself without
    `then`, which must be pure and picklable); the JSON is what the worker sent, so the caller can
    store it without encoding it again."""
    total, done = len(files), 0
    if not total:
        return
    ctx = context()
    pending = collections.deque(files.items())
    pool = [_Worker(ctx, memory_mb, then) for _ in range(min(workers or worker_count(), total))]

    def feed() -> None:
        # A worker holds its next file while this process takes in the answer it just sent, so it
        # never waits for it; the files are dealt out one round at a time.
        for depth in range(1, IN_FLIGHT + 1):
            for w in pool:
                if len(w.tasks) < depth and pending:
                    w.give(pending.popleft())

    try:
        feed()
        while any(w.tasks for w in pool):
            busy = [w for w in pool if w.tasks]
            ready = multiprocessing.connection.wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                                                    timeout=0.5)
            finished = []
            for i, w in enumerate(pool):
                if not w.tasks:
                    continue
                key, answer = w.tasks[0][0], None
                try:
                    if w.conn in ready:
                        answer = w.conn.recv()
                except (EOFError, OSError):
                    pass
                if answer is not None and answer[0] == key:
                    w.log_output(key)
                    w.answered()
                    _, text, ok, result = answer
                    if not ok:
                        result = then(key, RawReport.from_json(text))
                else:
                    if w.proc.is_alive() and time.monotonic() - w.started <= timeout:
                        continue
                    if w.proc.is_alive():
                        report = rejected("unreadable-file",
                                          reason=INTAKE["read_many.1"].format(int=int(timeout)))
                    else:
                        w.proc.join(1)
                        report = _crash_verdict(w.proc.exitcode)
                    w.log_output(key)
                    text, result = report.to_json(), then(key, report) if then else report
                    w.kill()
                    w.tasks.popleft()
                    pending.extendleft(reversed(w.tasks))       # the files it had not begun go to another
                    pool[i] = _Worker(ctx, memory_mb, then)
                finished.append((key, result, text))
            feed()
            for item in finished:
                done += 1
                if progress:
                    progress("read and check", done, total)
                yield item
    finally:
        for w in pool:
            try:
                w.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            w.proc.join(1)
            w.kill()
