"""Synthetic workloads at scale: a config with N units and one report each, written through the real template."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..plan.config import Config, load_config
from ..plan.periods import Period
from ..progress import Progress
from .clerk import Row, fill_submission
from .workspace import reset_workspace


KINDS = ("phong", "trung-tam")


def synthetic_config_text(source_text: str, units: int) -> str:
    """The plan of `source_text` with its [[units]] replaced by `units` numbered units."""
    head, _, rest = source_text.partition("[[units]]")
    tail = rest[rest.index("[[objectives]]"):]
    blocks = []
    for i in range(1, units + 1):
        kind = KINDS[i % 2]
        name = f"{'Phòng' if kind == 'phong' else 'Trung tâm'} số {i:05d}"
        blocks.append(f'[[units]]\ncode = "U{i:05d}"\nname = "{name}"\nkind = "{kind}"\n'
                      f'email = "u{i:05d}@sldtbxh.example"\n')
    # Keep the measures meaningful: leads given as unit codes of the real plan become "all".
    tail = re.sub(r'^(lead|coordinate) = \[[^\]]*\]', lambda m: f'{m.group(1)} = ["all"]', tail, flags=re.M)
    return head + "\n".join(blocks) + "\n" + tail


def random_figures(config: Config, rng: random.Random) -> dict[str, Row]:
    out = {}
    for ind in config.indicators:
        if ind.comparison == "<=":
            staff = rng.randint(5, 40)
            out[ind.id] = Row(staff, rng.randint(0, staff // 4), evidence="QĐ xếp loại")
            continue
        due = rng.choice((0, 1, 2, 3, 5, 8, 13))
        on_time = due if rng.random() < 0.85 else rng.randint(0, due)
        row: dict[str, object] = {"due": due, "on_time": on_time, "evidence": f"Báo cáo {rng.randint(1, 999)}/BC"}
        if ind.late:
            row["late"] = due - on_time
        if on_time < due:
            row.update(cause="Khối lượng công việc tăng", action="Tăng cường theo dõi hằng tuần",
                       owner="Trưởng phòng", action_deadline=dt.date(2023, 7, 15))
        out[ind.id] = Row(**row)
    return out


_CONFIGS: dict[str, Config] = {}


def _write_one(args) -> None:
    config_path, unit, period_key, seed, target, stamp = args
    config = _CONFIGS.get(config_path) or _CONFIGS.setdefault(config_path, load_config(config_path))
    year, month = map(int, period_key.split("-"))
    fill_submission(config, unit, Period(year, month, 1), random_figures(config, random.Random(seed)), Path(target),
                    dt.datetime.fromtimestamp(stamp).astimezone(), measures=False)


def build_synthetic(workdir: Path, source_config: Path, units: int, period: str = "2023-05", seed: int = 2023,
                    workers: int | None = None, progress: Progress | None = None) -> Config:
    """A workspace in `workdir` with `units` units and one filled report each in inbound/."""
    config = reset_workspace(workdir, synthetic_config_text(source_config.read_text(encoding="utf-8"), units))
    year, month = map(int, period.split("-"))
    due = Period(year, month, 1).due_date(config.reporting.due_day)
    stamp = dt.datetime.combine(due - dt.timedelta(days=2), dt.time(9)).timestamp()
    jobs = [(str(config.source), u.code, period, seed + i, str(config.paths.inbound / f"{u.code}_{period}.xlsx"), stamp)
            for i, u in enumerate(config.units)]
    if progress:
        progress("generate", 0, len(jobs))
    with contextlib.ExitStack() as stack:
        if len(jobs) < 50 or workers == 1:
            written = map(_write_one, jobs)
        else:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers or os.cpu_count()))
            written = pool.map(_write_one, jobs, chunksize=32)
        for done, _ in enumerate(written, 1):
            if progress and (done % 50 == 0 or done == len(jobs)):
                progress("generate", done, len(jobs))
    return config
