"""The management review's follow-up: the decisions a recorded workbook takes, and which earlier decisions a review looks at; pure."""
from __future__ import annotations

import datetime as dt

from ..model import CLOSED_DECISION, ReviewBook, ReviewDecision, ReviewState
from ..plan.periods import Period, parse_period


def decisions_of(book: ReviewBook) -> tuple[ReviewDecision, ...]:
    """The decisions the workbook's last sheet records, numbered in their order: «2023-H1.01», «2023-H1.02»…"""
    return tuple(ReviewDecision(id=f"{book.period}.{n:02d}", review=book.period, kind=row["kind"], text=row["text"],
                                owner=row["owner"], deadline=dt.date.fromisoformat(row["deadline"]))
                 for n, row in enumerate(book.sheet("decisions"), start=1))


def review_state(period: Period, book: ReviewBook | None, decisions: list[ReviewDecision]) -> ReviewState:
    """What `period`'s review documents show: its workbook; the decisions of earlier reviews still followed, and
    those this review settled (a decision closed by an earlier review is not listed again); its own decisions."""
    def before(d: ReviewDecision) -> bool:
        return parse_period(d.review).end < period.end
    previous = tuple(d for d in decisions if before(d) and (d.status not in CLOSED_DECISION or
                                                            d.updated_in == period.key or d.updated_in is None))
    return ReviewState(book=book, previous=previous, decisions=tuple(d for d in decisions if d.review == period.key))
