"""A period's outputs (workbook, summary.md, summary.json), staged together and then published."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import pandas as pd

from ..consolidate.analysis import analyse
from ..consolidate.metrics import Metrics
from ..model import Outcome
from ..plan.config import Config
from ..progress import Clock
from ..store.files import commit, stage
from . import WORKBOOK_NAME
from .summary import _write_text, summary_dict, summary_markdown, write_json
from .workbook.book import write_workbook




def write_outputs(config: Config, metrics: Metrics, frame: pd.DataFrame, outcomes: list[Outcome],
                  generated_at: dt.datetime, history: list[Outcome] | None = None,
                  clock: Clock | None = None) -> dict[str, Path]:
    """The period's workbook, summary.md and summary.json. `history` holds the outcomes of every period
    (trends, timeliness over the year and the corrective-action register look back); by default the
    period's own. `clock` times and announces each step."""
    clock = clock or Clock()
    with clock.stage("analysis"):
        analysis = analyse(config, list(history if history is not None else outcomes), metrics,
                           generated_at.date())
    folder = config.paths.outbound / metrics.period.key
    paths = {"workbook": folder / WORKBOOK_NAME.format(period=metrics.period.key),
             "summary_md": folder / "summary.md", "summary_json": folder / "summary.json"}

    # Each summary names the workbook as published (another name when the usual one is open in Excel).
    def summary_md(workbook: Path) -> Callable[[Path], None]:
        return _write_text(summary_markdown(config, metrics, outcomes, generated_at, analysis, workbook.name))

    def summary_json(workbook: Path) -> Callable[[Path], None]:
        summary = summary_dict(config, metrics, outcomes, generated_at, {**paths, "workbook": workbook}, analysis)
        return lambda path: write_json(path, summary)

    # Everything is produced before anything is replaced: a full disk or a write error leaves the
    # previous workbook and summaries whole, as one set.
    with clock.stage("workbook"):
        staged = {"workbook": stage(paths["workbook"], lambda p: write_workbook(p, config, metrics, frame, outcomes,
                                                                              generated_at, analysis))}
    try:
        with clock.stage("summaries"):
            staged["summary_md"] = stage(paths["summary_md"], summary_md(paths["workbook"]))
            staged["summary_json"] = stage(paths["summary_json"], summary_json(paths["workbook"]))
        out = {"workbook": commit(staged["workbook"], paths["workbook"])}
        if out["workbook"] != paths["workbook"]:      # open in Excel: the summaries name the file published
            summary_md(out["workbook"])(staged["summary_md"])
            summary_json(out["workbook"])(staged["summary_json"])
        out["summary_md"] = commit(staged["summary_md"], paths["summary_md"])
        out["summary_json"] = commit(staged["summary_json"], paths["summary_json"])
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    return out
