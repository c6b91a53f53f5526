"""The records passed between the stages, frozen, and the vocabularies of their statuses."""
from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is: an error rejects the file, a warning lets it through."""
    ERROR = "error"
    WARNING = "warning"


class Verdict(StrEnum):
    """What the checks make of one file on its own."""
    ACCEPTED = "accepted"
    ACCEPTED_WITH_WARNINGS = "accepted-with-warnings"
    REJECTED = "rejected"


class Status(StrEnum):
    """What became of a file among all the files received (a later correction supersedes)."""
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"
    DUPLICATE = "duplicate"
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
    """A corrective action of the register (ISO 9001 clause 10.2)."""
    OPEN = "open"
    NOT_EFFECTIVE = "not-effective"
    CLOSED = "closed"
    NO_ACTION = "no-action"


class MeasureState(StrEnum):
    """Where a unit says a measure of the plan stands (the drop-down of the Biện pháp sheet)."""
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE_ON_TIME = "done-on-time"
    DONE_LATE = "done-late"
