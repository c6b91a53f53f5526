"""The workbook being written, and how one cell gets a value and a link."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ...excel import clip_text
from ...model import Submission
from ...plan.config import Config
from ...plan.periods import Period
from .formats import _page
from . import streaming
from ...vi.workbook import WORKBOOK


PANEL_CHARS = 64


@dataclass(frozen=True)
class Link:
    """A cell's hyperlink: to a place in this workbook (`internal:`) or to a source file and cell."""
    url: str
    tip: str | None = None


class Row(NamedTuple):
    """One row of a list sheet: its values, the hyperlink of some columns, and formats overriding the
    column's usual one (keys of the format table)."""
    values: list
    links: dict[int, Link | None] | None = None
    formats: dict[int, str] | None = None


class _Writer:
    """The workbook being written, with what every sheet step needs."""

    def __init__(self, wb, f: dict, config: Config, period: Period, folder: Path):
        self.wb, self.f, self.config, self.period, self.folder = wb, f, config, period, folder
        self.sources: dict[tuple[str, str], Submission] = {}
        self._files: dict[str, Link] = {}       # archived name -> link to the file: one per file, however many cells

    def sheet(self, name: str) -> streaming.ListSheet:
        return streaming.new_sheet(self.wb, name)

    def source_link(self, sub: Submission | None, sheet: str | None = None, cell: str | None = None) -> Link | None:
        """A link to the archived copy of a submitted file (the exact bytes received), at its cell. The
        link to a file itself is made once: xlsxwriter keeps the text of every link until it closes."""
        if sub is None or not sub.archived:
            return None
        file = self._files.get(sub.archived)
        if file is None:
            target = self.config.paths.archive / sub.archived
            try:
                where = os.path.relpath(target, self.folder)      # the workbook and archive move together
            except ValueError:                                     # another drive on Windows
                where = str(target)
            file = self._files[sub.archived] = Link(f"external:{where}", WORKBOOK["source_link.1"].format(name=sub.name))
        if not (sheet and cell):
            return file
        return Link(f"{file.url}#'{sheet}'!{cell}", WORKBOOK["source_link.2"].format(tip=file.tip, cell=cell))

    def page(self, ws, header_row: int | tuple[int, int], area=None,
             landscape_pages: tuple[int, int] | None = (1, 0), note: str = "") -> None:
        _page(ws, self.config, self.period, header_row, area, landscape_pages, note)


def _sheet_link(sheet: str, cell: str = "A1") -> str:
    return f"internal:'{sheet}'!{cell}"


def _tip(text: str | None) -> str | None:
    return None if text is None else (text if len(text) <= 250 else text[:249] + "…")


def _clip(text: str) -> str:
    return text if len(text) <= PANEL_CHARS else text[: PANEL_CHARS - 1] + "…"


def _merge(ws, r1, c1, r2, c2, value, fmt, link: Link | None = None) -> None:
    if (r1, c1) != (r2, c2):
        ws.merge_range(r1, c1, r2, c2, "", fmt)
    _link_value(ws, r1, c1, value, fmt, link)


def _link_value(ws, row: int, col: int, value, fmt, link: Link | None = None) -> None:
    """Write a value (number, text or «—» for none), with a hyperlink when given. A hyperlink is written
    first and the value over it, so a number stays a number."""
    if link is not None:
        ws.write_url(row, col, link.url, fmt, string="-", tip=_tip(link.tip))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        ws.write_string(row, col, "—", fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, clip_text(value), fmt)
    else:
        ws.write_number(row, col, value, fmt)


def _rate_format(f: dict, rate: float | None, met: bool | None):
    if rate is None:
        return f["center"]
    if met is None:
        return f["pct"]
    return f["pct_ok"] if met else f["pct_bad"]


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _write_optional(ws, row, col, value, fmt) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, value, fmt)


def _write_rate(ws, row, col, rate, f, ok=None) -> None:
    if rate is None:
        ws.write_string(row, col, "—", f["center"])
    elif ok is None:
        ws.write_number(row, col, rate, f["pct"])
    else:
        ws.write_number(row, col, rate, f["pct_ok"] if ok else f["pct_bad"])
