"""Benchmark: the full `mtcl run` against the naive pandas + openpyxl baseline and a raw python-calamine parse.

Usage: python bench/bench.py [--sizes 200,1000] [--with-10k] [--repeat 3] [--out docs/benchmarks.md]

Each size N gets a synthetic workspace (N units, one report each, written through the real template;
generation is not timed). Then, on the same files and in the same invocation, each measurement runs
in a fresh process so its peak memory is its own:
- full:    `run()` on a fresh ledger (collect, archive, read in workers, validate, merge, metrics, write);
- rerun:   `run()` again with no new files;
- naive:   `pandas.read_excel(engine="openpyxl", header=None)` of every sheet of every file, then `concat`;
- raw:     `python_calamine` open + `to_python()` of every sheet of every file.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PHASES = ("full", "rerun", "naive", "raw")


def measure(phase: str, workdir: str) -> dict:
    """Runs inside a fresh process: time one phase and report its peak memory."""
    import resource
    files = sorted(str(p) for p in (Path(workdir) / "inbound").rglob("*.xlsx"))
    start = time.perf_counter()
    if phase in ("full", "rerun"):
        from pipeline.plan.config import load_config
        from pipeline.run import run
        result = run(load_config(Path(workdir) / "config.toml"), mail=False)
        detail = {"accepted": sum(o.status == "accepted" for o in result.outcomes), "unchanged": result.unchanged,
                  "stages": result.timings}
    elif phase == "naive":
        import pandas as pd
        frames = []
        for path in files:
            # header=None: columns by position, so concat does not grow a union of every file's titles
            for name, frame in pd.read_excel(path, sheet_name=None, engine="openpyxl", header=None).items():
                frames.append(frame.assign(source=path, sheet=name))
        detail = {"rows": len(pd.concat(frames, ignore_index=True))}
    else:
        import python_calamine
        cells = 0
        for path in files:
            workbook = python_calamine.CalamineWorkbook.from_path(path)
            for name in workbook.sheet_names:
                cells += sum(len(r) for r in workbook.get_sheet_by_name(name).to_python())
        detail = {"cells": cells}
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"phase": phase, "files": len(files), "seconds": seconds, "peak_mb": own / 1024,
            "worker_peak_mb": children / 1024, **detail}


def run_phase(phase: str, workdir: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", phase, str(workdir)], capture_output=True,
                         text=True, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(size: int, base: Path) -> Path:
    from pipeline.demo.synthetic import build_synthetic
    workdir = base / f"n{size}"
    marker = workdir / ".generated"
    if not marker.exists():
        print(f"generating {size} submissions …", flush=True)
        build_synthetic(workdir, ROOT / "config.toml", size)
        marker.write_text(str(size))
    for name in ("archive", "outbound"):
        shutil.rmtree(workdir / name, ignore_errors=True)
    for name in ("ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm"):
        (workdir / name).unlink(missing_ok=True)
    return workdir


def median(results: list[dict]) -> dict:
    """The run of median time (the faster of the middle two for an even count), with its own stages and
    the highest peak memory of all the runs."""
    chosen = sorted(results, key=lambda r: r["seconds"])[(len(results) - 1) // 2]
    return {**chosen, "runs": len(results), "peak_mb": max(r["peak_mb"] for r in results),
            "worker_peak_mb": max(r.get("worker_peak_mb", 0) for r in results)}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    from importlib.metadata import version
    versions = f"Python {platform.python_version()}, " + ", ".join(
        f"{name} {version(name)}" for name in ("pandas", "openpyxl", "xlsxwriter", "python-calamine"))
    return f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; {versions}"


def report(rows: list[dict]) -> str:
    lines = ["| N | full run (s) | per file (ms) | files/s | re-run (s) | naive read (s) | raw calamine (s) | "
             "naive ÷ full | full ÷ raw | re-run ÷ full | peak MB (main / workers) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        full, rerun, naive, raw = (r[p] for p in PHASES)
        lines.append(
            f"| {full['files']:,} | {full['seconds']:.2f} | {1000 * full['seconds'] / full['files']:.2f} | "
            f"{full['files'] / full['seconds']:.0f} | {rerun['seconds']:.2f} | "
            f"{naive['seconds']:.2f} | {raw['seconds']:.2f} | {naive['seconds'] / full['seconds']:.1f}× | "
            f"{full['seconds'] / raw['seconds']:.1f}× | {100 * rerun['seconds'] / full['seconds']:.1f} % | "
            f"{full['peak_mb']:.0f} / {full['worker_peak_mb']:.0f} |")
    return "\n".join(lines)


def stages(rows: list[dict]) -> str:
    """Where the full run's time goes, stage by stage (the run's own clock, `RunResult.timings`)."""
    names = list(dict.fromkeys(name for r in rows for name in r["full"]["stages"]))
    lines = ["| N | " + " | ".join(names) + " | the rest (imports, ledger, fingerprint) |",
             "|---|" + "---|" * (len(names) + 1)]
    for r in rows:
        full = r["full"]
        seconds = [full["stages"].get(name, 0.0) for name in names]
        seconds.append(full["seconds"] - sum(seconds))
        lines.append(f"| {full['files']:,} | " + " | ".join(
            f"{s:.2f} ({100 * s / full['seconds']:.0f} %)" for s in seconds) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200,1000")
    parser.add_argument("--with-10k", action="store_true", help="also N = 10,000 (several minutes)")
    parser.add_argument("--repeat", type=int, default=3, choices=range(1, 10), metavar="1-9",
                        help="runs of each phase for N up to 1,000; the median is reported (larger N: one run)")
    parser.add_argument("--workdir", default=str(ROOT / "bench" / "work"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    sizes = [int(s) for s in args.sizes.split(",")] + ([10000] if args.with_10k else [])
    rows = []
    for size in sizes:
        repeat = args.repeat if size <= 1000 else 1
        runs: dict[str, list[dict]] = {phase: [] for phase in PHASES}
        for i in range(repeat):
            workdir = prepare(size, Path(args.workdir))        # each full run starts from an empty ledger
            for phase in PHASES:
                print(f"N={size}: {phase} ({i + 1}/{repeat}) …", flush=True)
                runs[phase].append(run_phase(phase, workdir))
                print(f"  {runs[phase][-1]['seconds']:.2f} s, peak {runs[phase][-1]['peak_mb']:.0f} MB", flush=True)
        rows.append({phase: median(results) for phase, results in runs.items()})
    table = report(rows)
    print(table)
    breakdown = stages(rows)
    print(breakdown)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    previous = Path(args.out).read_text(encoding="utf-8") if Path(args.out).exists() else ""
    notes = previous.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in previous else "\n"
    Path(args.out).write_text(
        "# Benchmarks\n\n"
        f"Measured by `make bench` on {time.strftime('%Y-%m-%d')}: {machine()}.\n\n"
        "Synthetic unit reports written through the real template (4 sheets: guide, 14 indicators, "
        "30 measures, metadata). Every phase runs in its own process on the same files; *full* starts from "
        "an empty ledger and archive, *re-run* follows it with no new files. Times are the median of "
        f"{args.repeat} runs for N up to 1,000 (one run above); peak memory is the highest of the "
        "process's maximum resident size (`getrusage`) over the runs; the full run's readers are separate "
        "worker processes.\n\n"
        f"{table}\n\nThe full run by stage, in seconds (and share of the run):\n\n{breakdown}\n\n"
        f"<!-- notes -->{notes}", encoding="utf-8")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
