"""Reading many workbooks in worker processes, so a reader that crashes or exhausts memory costs one file."""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterator

from .read import RawReport, read_workbook, rejected

MEMORY_LIMIT = 1024 * 1024 * 1024     # per worker (RLIMIT_AS, POSIX)
FILE_TIMEOUT = 60                      # seconds for one file when it is read alone


def _limit_memory(limit: int) -> None:
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no RLIMIT_AS; the worker process still contains a crash


def _context():
    # fork is cheap and safe here (workers only read files); elsewhere, the platform default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


def worker_count() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def read_many(files: dict[str, Path], progress: Callable[[str, int, int], None] | None = None,
              workers: int | None = None) -> Iterator[tuple[str, RawReport]]:
    """(key, report) for every file; a file that kills its worker is read again alone, and if it
    kills that one too (or runs out of time) it gets a verdict instead of taking the run down."""
    total, done = len(files), 0
    if not total:
        return
    suspects: dict[str, Path] = {}
    with cf.ProcessPoolExecutor(max_workers=workers or worker_count(), mp_context=_context(),
                                initializer=_limit_memory, initargs=(MEMORY_LIMIT,)) as pool:
        futures = {pool.submit(read_workbook, path): key for key, path in files.items()}
        for future in cf.as_completed(futures):
            key = futures[future]
            try:
                report = future.result()
            except BrokenProcessPool:
                suspects[key] = files[key]
                continue
            except MemoryError:
                report = rejected("unreadable-file", reason="tệp cần quá nhiều bộ nhớ để đọc")
            done += 1
            if progress:
                progress("read", done, total)
            yield key, report
    for key, path in suspects.items():
        done += 1
        if progress:
            progress("read", done, total)
        yield key, read_isolated(path)


def _read_into(path: Path, queue) -> None:
    _limit_memory(MEMORY_LIMIT)
    queue.put(read_workbook(path).to_json())


def read_isolated(path: Path, timeout: float = FILE_TIMEOUT) -> RawReport:
    """Read one file alone in a fresh process with a memory limit and a time limit."""
    ctx = _context()
    queue = ctx.Queue()
    proc = ctx.Process(target=_read_into, args=(path, queue), daemon=True)
    proc.start()
    try:
        text = queue.get(timeout=timeout)
        proc.join(5)
        return RawReport.from_json(text)
    except Exception:
        if proc.is_alive():
            proc.kill()
            proc.join()
            return rejected("unreadable-file", reason=f"đọc tệp quá {int(timeout)} giây, tệp có thể bị hỏng")
        proc.join()
        return rejected("unreadable-file", reason="trình đọc bảng tính bị dừng đột ngột khi đọc tệp này "
                                                  "(tệp hỏng hoặc quá lớn)")
