"""The records passed between the stages, frozen, and the vocabularies of their statuses."""
from __future__ import annotations

import datetime as dt
import json
import operator
import sys
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Iterable

from .plan.periods import Period


class Severity(StrEnum):
    """How bad a finding is: an error rejects the file, a warning lets it through, a hold keeps it aside until the
    ISO secretary confirms whose report and which month it is (its identity signals disagree)."""
    ERROR = "error"
    HOLD = "hold"
    WARNING = "warning"


class Verdict(StrEnum):
    """What the checks make of one file on its own."""
    ACCEPTED = "accepted"
    ACCEPTED_WITH_WARNINGS = "accepted-with-warnings"
    HELD = "held"
    REJECTED = "rejected"


class Status(StrEnum):
    """What became of a file among all the files received (a later correction supersedes)."""
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"
    DUPLICATE = "duplicate"
    HELD = "held"                  # waits for the secretary to confirm its unit and month (mtcl confirm)
    DEFERRED = "deferred"          # seen, but still arriving or open in Excel: taken by a later run


class Submitted(StrEnum):
    """A unit's report for one month, as the period's figures count it."""
    ON_TIME = "on-time"
    LATE = "late"
    MISSING = "missing"
    REJECTED = "rejected"          # only rejected files, none accepted


class Arrival(StrEnum):
    """A unit's report for one month, as timeliness counts it (from when the valid file arrived)."""
    ON_TIME = "on-time"
    LATE = "late"
    ON_TIME_REJECTED = "on-time-rejected"     # sent on time but rejected (and re-sent late, or not at all)
    MISSING = "missing"
    PENDING = "pending"                       # not due yet


class ActionStatus(StrEnum):
    """A corrective action of the register (ISO 9001 clause 10.2): recorded (OPEN), carried out and being
    verified (VERIFYING), carried out but missed again (NOT_EFFECTIVE), verified effective (CLOSED); a
    miss with no action recorded is NO_ACTION until one is."""
    OPEN = "open"
    VERIFYING = "verifying"
    NOT_EFFECTIVE = "not-effective"
    CLOSED = "closed"
    NO_ACTION = "no-action"


class AttachmentStatus(StrEnum):
    """What became of a report attached to a mail."""
    STORED = "stored"
    TOO_LARGE = "too-large"


class MeasureState(StrEnum):
    """Where a unit says a measure of the plan stands (the drop-down of the Biện pháp sheet)."""
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE_ON_TIME = "done-on-time"
    DONE_LATE = "done-late"


@dataclass(frozen=True, slots=True)
class Submission:
    """A file as it arrived: where, which bytes, when."""
    path: str
    sha256: str
    size: int
    received_at: dt.datetime
    archived: str
    source: str = "folder"

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Deferred:
    path: str
    reason: str          # "copying" (still arriving) or "open" (open in Excel)
    size: int | None = None
    modified: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str
    code: str
    message: str
    sheet: str | None = None
    cell: str | None = None
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        return cls(**{k: data.get(k) for k in ("severity", "code", "message", "sheet", "cell", "value")})


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == Severity.ERROR for f in findings)


@dataclass(frozen=True)
class RawRow:
    key: str                       # indicator or measure id as written
    row: int                       # 1-based Excel row
    values: dict[str, Any]         # column key -> value as read
    cells: dict[str, str]          # column key -> "F12"


@dataclass(frozen=True)
class RawReport:
    """What a workbook says, before any rule is applied."""
    meta: dict[str, str] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)
    header_cells: dict[str, str] = field(default_factory=dict)
    indicator_sheet: str | None = None
    indicators: tuple[RawRow, ...] = ()
    measure_sheet: str | None = None
    measures: tuple[RawRow, ...] = ()
    findings: tuple[Finding, ...] = ()

    def to_json(self) -> str:
        return json.dumps({
            "meta": self.meta, "header": self.header, "header_cells": self.header_cells,
            "indicator_sheet": self.indicator_sheet, "measure_sheet": self.measure_sheet,
            "indicators": [r.__dict__ for r in self.indicators], "measures": [r.__dict__ for r in self.measures],
            "findings": [f.to_dict() for f in self.findings]}, default=_encode, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "RawReport":
        d = json.loads(text, object_hook=_decode)
        return cls(meta=d["meta"], header=d["header"], header_cells=d["header_cells"],
                   indicator_sheet=d["indicator_sheet"], measure_sheet=d["measure_sheet"],
                   indicators=tuple(RawRow(**r) for r in d["indicators"]),
                   measures=tuple(RawRow(**r) for r in d["measures"]),
                   findings=tuple(Finding.from_dict(f) for f in d["findings"]))


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return str(value)


def _decode(obj: dict) -> Any:
    if len(obj) == 1 and "$date" in obj:
        return dt.date.fromisoformat(obj["$date"])
    if len(obj) == 1 and "$datetime" in obj:
        return dt.datetime.fromisoformat(obj["$datetime"])
    return obj


@dataclass(frozen=True, slots=True)
class Figure:
    """One indicator as a unit reported it, with the cells it came from."""
    indicator: str
    due: int | None
    on_time: int | None
    late: int | None
    evidence: str | None = None
    cause: str | None = None
    action: str | None = None
    owner: str | None = None
    action_deadline: dt.date | None = None
    action_done: dt.date | None = None       # the day the unit says the action was carried out
    row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)     # field -> column letters: one shared layout

    @property
    def rate(self) -> float | None:
        return None if not self.due or self.on_time is None else self.on_time / self.due

    def cell(self, key: str) -> str | None:
        return _cell(self, key)

    def __reduce__(self):
        return _unpickled, (type(self), _fields(self))


@dataclass(frozen=True, slots=True)
class MeasureReport:
    measure: str
    status: str | None
    completed_on: dt.date | None
    evidence: str | None
    note: str | None
    row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)     # field -> column letters: one shared layout

    def cell(self, key: str) -> str | None:
        return _cell(self, key)

    def __reduce__(self):
        return _unpickled, (type(self), _fields(self))


def _fields(row: Figure | MeasureReport) -> tuple:
    return operator.attrgetter(*row.__slots__)(row)


def _cell(row: Figure | MeasureReport, key: str) -> str | None:
    """The reference of the cell `key` of a checked row came from ("F12"), if the sheet had that column."""
    letters = row.columns.get(key)
    return None if letters is None or row.row is None else sys.intern(f"{letters}{row.row}")


def _unpickled(cls: type, values: tuple) -> Figure | MeasureReport:
    """A checked row as it is unpickled — in the run, from the worker process that checked it — with
    its strings interned and its layout shared: a year of reports then holds the same few ids,
    statuses and column maps, as when checked in this process (_kept_columns), not a copy each."""
    *fields, columns = values          # the layout comes last in both
    return _shared(cls(*[sys.intern(v) if type(v) is str else v for v in fields], _layout(tuple(columns.items()))))


_BLANK: dict[tuple, Figure | MeasureReport] = {}
_BLANK_MOST = 100_000


def _shared(row: Figure | MeasureReport) -> Figure | MeasureReport:
    """A row with nothing filled in (most measure rows: a unit reports on the few measures it leads or
    coordinates) is one object for every report of the same layout, not a copy in each."""
    values = _fields(row)
    if any(v is not None for v in values[1:-2]) or len(_BLANK) >= _BLANK_MOST:
        return row
    return _BLANK.setdefault((type(row), values[0], values[-2], tuple(values[-1].items())), row)


@dataclass(frozen=True)
class Checked:
    """A validated report: who, when, what, and everything wrong with it."""
    unit: str | None
    period: Period | None
    figures: tuple[Figure, ...] = ()
    measures: tuple[MeasureReport, ...] = ()
    findings: tuple[Finding, ...] = ()
    indicator_sheet: str | None = None
    measure_sheet: str | None = None
    named_units: tuple[str, ...] = ()          # every unit a sign of the file names, when they disagree

    @property
    def verdict(self) -> str:
        if has_errors(self.findings):
            return Verdict.REJECTED
        if any(f.severity == Severity.HOLD for f in self.findings):
            return Verdict.HELD
        return Verdict.ACCEPTED_WITH_WARNINGS if self.findings else Verdict.ACCEPTED


_LAYOUTS: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}


def _layout(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """One shared column map per layout (never mutated): a year of reports from the same template
    holds one, not a dict of cell references per row (that was most of a checked report's memory)."""
    return _LAYOUTS.get(pairs) or _LAYOUTS.setdefault(pairs, dict(pairs))


@dataclass(frozen=True, slots=True)
class Outcome:
    submission: Submission
    checked: Checked
    status: str
    on_time: bool | None          # arrived by the due date of its period (None when the period is unknown)


def rate_of(numerator: int, denominator: int) -> float | None:
    """Pooled rate; a zero denominator means nothing was due: no rate, never 0% or 100%."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class MailAttachment:
    """A report attachment of one message as the ledger records it (`path` None when it was not stored)."""
    message_id: str
    sha256: str
    name: str                 # as sent (decoded, NFC)
    path: str | None          # relative to inbound/
    size: int
    sender: str
    unit: str | None
    uid: int
    received_at: dt.datetime
    status: AttachmentStatus


@dataclass(frozen=True)
class MailOrigin:
    """Where a file under inbound/email/ came from, as the ledger recorded it."""
    sender: str
    unit: str | None
    message_id: str
    received_at: dt.datetime
    name: str                 # the attachment's name as sent


# --- the management review (ISO 9001:2015 9.3)
CLOSED_DECISION = ("done", "cancelled")


@dataclass(frozen=True)
class ReviewDecision:
    """A decision of a management review (an output of 9.3.3) with its status as last recorded."""
    id: str                   # "<review period>.<n>", e.g. "2023-H1.03"
    review: str               # the key of the review's period
    kind: str                 # improvement | change | resource
    text: str
    owner: str                # unit code
    deadline: dt.date
    status: str = "not-started"           # not-started | in-progress | done | cancelled
    note: str | None = None
    updated_in: str | None = None         # the review whose workbook last set the status

    def overdue(self, as_of: dt.date) -> bool:
        return self.status not in CLOSED_DECISION and self.deadline < as_of


@dataclass(frozen=True)
class ReviewBook:
    """A management-review workbook as read back and checked. `rows`: sheet key -> its filled rows, each column
    key -> text (dates ISO, lists as their codes, units as their codes); `meeting`: the meeting's facts."""
    period: str
    meeting: dict[str, str] = field(default_factory=dict)
    rows: dict[str, tuple[dict[str, str], ...]] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    def sheet(self, key: str) -> tuple[dict[str, str], ...]:
        return self.rows.get(key, ())

    def to_json(self) -> str:
        return json.dumps({"period": self.period, "meeting": self.meeting,
                           "rows": {k: list(v) for k, v in self.rows.items()},
                           "findings": [f.to_dict() for f in self.findings]}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "ReviewBook":
        data = json.loads(text)
        return cls(period=data["period"], meeting=data["meeting"],
                   rows={k: tuple(v) for k, v in data["rows"].items()},
                   findings=tuple(Finding.from_dict(f) for f in data.get("findings", [])))


@dataclass(frozen=True)
class ReviewState:
    """What a period's review documents are made from: its recorded workbook (None before one is recorded), the
    decisions of earlier reviews still followed or settled in this one, and this review's own decisions."""
    book: ReviewBook | None
    previous: tuple[ReviewDecision, ...] = ()
    decisions: tuple[ReviewDecision, ...] = ()
