"""A period's outputs: the workbook, summary.md and summary.json, staged together and then published; and, when
asked, its documents (the MTCL results report with summary.html, the management-review pack)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import pandas as pd

from ..consolidate.analysis import Analysis
from ..model import Outcome, ReviewState
from ..plan.config import Config
from ..progress import Clock
from ..store.files import commit, publish, stage
from . import CARD_NAME, HTML_NAME, REPORT_NAME, REVIEW_NAME, SUMMARY_NAME, WORKBOOK_NAME
from ..plan.review_layout import BOOK_NAME
from .documents.cards import summary_document, unit_card
from .documents.report import report_document
from .documents.docx import write_docx
from .documents.html import write_html
from .documents.minutes import MINUTES_NAME, minutes_document, minutes_ready, minutes_signature
from .documents.review import review_document
from .review_book import write_review_book
from .summary import _write_text, summary_dict, summary_markdown, write_json
from .workbook.book import write_workbook

DOCUMENTS = ("report", "review", "review-book")


def write_outputs(config: Config, analysis: Analysis, frame: pd.DataFrame, outcomes: list[Outcome],
                  generated_at: dt.datetime, clock: Clock | None = None) -> dict[str, Path]:
    """The period's workbook, summary.md and summary.json, from its analysis, its long table and the outcomes
    of its files. `clock` times and announces each step."""
    clock = clock or Clock()
    metrics = analysis.metrics
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


def write_documents(config: Config, analysis: Analysis, kinds: tuple[str, ...],
                    clock: Clock | None = None, review: ReviewState | None = None) -> dict[str, Path]:
    """The period's documents of `kinds` ("report": the results report and summary.html; "review": the
    management-review pack, and the meeting's minutes once its decisions are recorded; "review-book": the
    workbook the secretary fills for the review), beside its workbook. `review`: what the review documents are
    made from (the ledger's record of the review)."""
    clock = clock or Clock()
    period, out = analysis.period, {}
    folder = config.paths.outbound / period.key
    with clock.stage("documents"):
        if "report" in kinds:
            document = report_document(config, analysis)
            out["report"] = publish(folder / REPORT_NAME.format(period=period.key),
                                    lambda p: write_docx(document, config, analysis, p))
            out["html"] = publish(folder / HTML_NAME, lambda p: write_html(document, config, analysis, p))
            summary = summary_document(config, analysis)
            out["summary_docx"] = publish(folder / SUMMARY_NAME.format(period=period.key),
                                          lambda p: write_docx(summary, config, analysis, p))
        review = review or ReviewState(book=None)
        if "review" in kinds:
            document = review_document(config, analysis, review)
            out["review"] = publish(folder / REVIEW_NAME.format(period=period.key),
                                    lambda p: write_docx(document, config, analysis, p))
            if minutes_ready(review):
                minutes = minutes_document(config, analysis, review, out["review"].name)
                out["minutes"] = publish(folder / MINUTES_NAME.format(period=period.key),
                                         lambda p: write_docx(minutes, config, analysis, p, minutes_signature))
        if "review-book" in kinds:
            out["review_book"] = publish(folder / BOOK_NAME.format(period=period.key),
                                         lambda p: write_review_book(config, analysis, review, p))
    return out


def write_unit_cards(config: Config, analysis: Analysis, units: tuple[str, ...]) -> dict[str, Path]:
    """Each of `units`' one-page report card for the period (outbound/<period>/don-vi/), keyed "card:<UNIT>"."""
    out = {}
    for unit in units:
        card = unit_card(config, analysis, unit)
        target = config.paths.outbound / analysis.period.key / CARD_NAME.format(unit=unit, period=analysis.period.key)
        target.parent.mkdir(parents=True, exist_ok=True)
        out[f"card:{unit}"] = publish(target, lambda p, card=card: write_docx(card, config, analysis, p))
    return out
