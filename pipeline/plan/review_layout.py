"""The management-review workbook's layout, shared by its writer and its reader: sheets, columns, rows, lists."""
from __future__ import annotations

from dataclasses import dataclass

from ..vi.review import CHOICES, HEADERS, SHEETS

BOOK_NAME = "so-xem-xet-cua-lanh-dao-{period}.xlsx"
BOOK_MARK = "mtcl-review-book"
BOOK_VERSION = "1"
SHEET_META = "_mtcl"
TITLE_ROW, NOTE_ROW, HEADER_ROW = 0, 1, 3      # 0-based: row 4 in Excel holds the headers, data from row 5
BLANK_ROWS = 15                                 # empty input rows offered on each input sheet
MEETING_FIRST_ROW = 3                           # the meeting facts: labels in A, values in B, from row 4
MEETING_KEYS = ("held_on", "time", "place", "chair", "secretary", "attendees")
MEETING_DATES = ("held_on",)


@dataclass(frozen=True)
class ReviewColumn:
    key: str
    width: float
    kind: str = "text"            # text | date | unit | choice | fixed (written by mtcl, not read back)
    required: bool = False
    choices: str = ""             # the CHOICES list of a choice column

    def header(self, sheet: str) -> str:
        return HEADERS[f"{sheet}.{self.key}"]


@dataclass(frozen=True)
class ReviewSheet:
    key: str
    columns: tuple[ReviewColumn, ...]

    @property
    def name(self) -> str:
        return SHEETS[self.key]

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


C = ReviewColumn
INPUT_SHEETS = (
    ReviewSheet("previous", (C("id", 12, "fixed"), C("review", 11, "fixed"), C("kind", 16, "fixed"),
                             C("text", 45, "fixed"), C("owner", 24, "fixed"), C("deadline", 12, "fixed"),
                             C("status", 18, "choice", True, "decision-status"), C("note", 35))),
    ReviewSheet("changes", (C("scope", 14, "choice", True, "scope"), C("change", 55, required=True),
                            C("impact", 45))),
    ReviewSheet("complaints", (C("received", 12, "date", True), C("source", 24, required=True),
                               C("content", 45, required=True), C("unit", 24, "unit"), C("handling", 35),
                               C("status", 16, "choice", True, "complaint-status"))),
    ReviewSheet("audit", (C("audited_on", 12, "date", True), C("unit", 24, "unit", True),
                          C("kind", 18, "choice", True, "audit-kind"), C("finding", 45, required=True),
                          C("action", 35), C("deadline", 12, "date"), C("status", 16, "choice", False, "audit-status"))),
    ReviewSheet("providers", (C("provider", 30, required=True), C("service", 35, required=True),
                              C("result", 16, "choice", True, "provider-result"), C("note", 40))),
    ReviewSheet("resources", (C("unit", 24, "unit", True), C("resource", 22, "choice", True, "resource"),
                              C("adequacy", 14, "choice", True, "adequacy"), C("statement", 45, required=True),
                              C("proposal", 35))),
    ReviewSheet("risks", (C("kind", 12, "choice", True, "risk-kind"), C("description", 40, required=True),
                          C("action", 40, required=True), C("unit", 24, "unit"),
                          C("effective", 16, "choice", True, "effective"), C("note", 30))),
    ReviewSheet("decisions", (C("kind", 20, "choice", True, "decision-kind"), C("text", 60, required=True),
                              C("owner", 26, "unit", True), C("deadline", 13, "date", True))),
)
SHEET_BY_KEY = {s.key: s for s in INPUT_SHEETS}


def choice_labels(name: str) -> dict[str, str]:
    return CHOICES[name]
