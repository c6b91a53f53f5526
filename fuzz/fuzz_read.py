"""Fuzzing the reader: for any bytes under a spreadsheet's name, the only allowed outcome is a verdict.

Each input is written to a temp file named .xlsx, .xls or .ods and read first in a forked child under
the readers' memory limit: calamine aborts its whole process on some hostile grids, and for those the
verdict must come from `read_many`, whose worker contains the crash. When the child survives, the same
input is read again in this process, where atheris sees the coverage; a Python exception escaping
`read_workbook` or `check_report`, a finding code outside the catalogue, or a parse that the ledger's
JSON cache would change, is a bug and stops the fuzzer with the input saved.

    make fuzz                                   # FUZZ_SECONDS=600 by default
    python fuzz/fuzz_read.py --seeds .fuzz/seeds .fuzz/corpus -max_total_time=60
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["RUST_BACKTRACE"] = "0"     # a panic's backtrace per input drowns the log (and can deadlock on OOM)

from pipeline.plan.config import load_config  # noqa: E402
from pipeline.findings import CATALOGUE  # noqa: E402
from pipeline.model import RawReport
from pipeline.intake.read import read_workbook  # noqa: E402
from pipeline.intake.workers import FILE_TIMEOUT, MEMORY_LIMIT_MB, read_many  # noqa: E402
from pipeline.rules.check import check_report  # noqa: E402

SUFFIXES = (".xlsx", ".xls", ".ods")
TODAY = dt.date(2023, 6, 25)
CONFIG = load_config(ROOT / "config.toml")
WORKDIR = Path(tempfile.mkdtemp(prefix="mtcl-fuzz-"))
PEER_CORPUS = ROOT.parent / "shared" / "peer-corpus" / "calamine"


def _survives_in_child(path: Path) -> bool:
    """Read `path` in a forked child with the workers' limits; False when the child died or hung."""
    pid = os.fork()
    if pid == 0:                                  # child: never returns into the fuzzer
        code = 0
        try:
            import faulthandler
            faulthandler.disable()                # an abort here is expected, not a report
            for sig in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE):
                signal.signal(sig, signal.SIG_DFL)   # libFuzzer's handlers would turn a death into an exit
            os.environ["RUST_BACKTRACE"] = "0"
            import resource
            limit = MEMORY_LIMIT_MB * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            read_workbook(path)
        except BaseException:                     # a Python exception: reproduced in the parent, with coverage
            code = 3
        os._exit(code)
    deadline = time.monotonic() + FILE_TIMEOUT
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.WIFEXITED(status) and os.WEXITSTATUS(status) in (0, 3)
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return False


def _check(report: RawReport, name: str) -> None:
    assert isinstance(report, RawReport), type(report)
    checked = check_report(report, CONFIG, today=TODAY, file_name=name)
    for finding in checked.findings:
        assert finding.code in CATALOGUE and finding.message, finding
    cached = check_report(RawReport.from_json(report.to_json()), CONFIG, today=TODAY, file_name=name)
    assert cached.findings == checked.findings, "the ledger's JSON cache changes the verdict"


def check_one(data: bytes) -> None:
    """The property, for one input: raises only when mtcl has a bug."""
    name = f"KHTC_2023-05{SUFFIXES[zlib.crc32(data) % len(SUFFIXES)]}"
    path = WORKDIR / name
    path.write_bytes(data)
    try:
        if _survives_in_child(path):
            _check(read_workbook(path), name)
        else:
            [(_, report, _)] = list(read_many({"input": path}, workers=1))
            assert [f.code for f in report.findings] == ["unreadable-file"], report.findings
            _check(report, name)
    finally:
        path.unlink(missing_ok=True)


def write_seeds(folder: Path) -> Path:
    """The peer corpus, the blank template and a filled report: real structure for the mutator to start from."""
    from pipeline.demo.clerk import Row  # noqa: F401  (the filled report comes from the demo's clerk)
    from pipeline.demo.clerk import fill_submission, realistic_figures
    from pipeline.plan.periods import Period
    import random
    folder.mkdir(parents=True, exist_ok=True)
    if PEER_CORPUS.is_dir():
        for path in PEER_CORPUS.iterdir():
            if path.suffix.lower() in (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"):
                shutil.copyfile(path, folder / path.name)
    shutil.copyfile(ROOT / "templates" / "plan_template.xlsx", folder / "plan_template.xlsx")
    fill_submission(CONFIG, "KHTC", Period(2023, 5, 1), realistic_figures(CONFIG, random.Random(1), {"1.1"}),
                    folder / "KHTC_2023-05.xlsx", dt.datetime(2023, 6, 10, 9).astimezone(), dt.date(2023, 5, 31))
    return folder


def main(argv: list[str]) -> None:
    import atheris
    if "--seeds" in argv:
        i = argv.index("--seeds")
        seeds = write_seeds(Path(argv[i + 1]))
        argv = argv[:i] + argv[i + 2:]
        dirs = [a for a in argv[1:] if not a.startswith("-")]
        if not dirs:                       # libFuzzer writes new inputs into its first corpus folder
            argv.insert(1, str(seeds))
        else:
            argv.insert(argv.index(dirs[-1]) + 1, str(seeds))
    atheris.instrument_all()
    atheris.Setup(argv, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
