"""The minutes of the management-review meeting («Biên bản họp xem xét của lãnh đạo»): the meeting's facts from the
recorded workbook, the inputs reviewed, the decisions with owner and deadline, signed by the chair and secretary."""
from __future__ import annotations

import datetime as dt

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ...consolidate.analysis import Analysis
from ...model import ReviewState
from ...plan.config import Config
from ...vi.documents import DOCUMENTS
from ...vi.review import MINUTES
from .content import Document, Heading, Paragraph, _has, period_words
from .docx import _lines, _widths
from .review import decisions_table

MINUTES_NAME = "bien-ban-hop-xem-xet-cua-lanh-dao-{period}.docx"
# The inputs of 9.3.2 the meeting reviewed, as the pack's headings name them.
# The plan's measures whose evidence is these minutes, by words in the evidence (the plan is data: no ids in code).
MINUTES_WORDS = ("bien ban hop xem xet",)
INPUT_HEADINGS = ("review_document.2", "review_document.6", "review_document.7", "review_document.24",
                  "review_document.27", "review_document.28")


def minutes_ready(state: ReviewState) -> bool:
    """Minutes are written once the meeting's decisions are recorded (the reader makes sure its facts are too)."""
    return state.book is not None and bool(state.decisions) and "held_on" in state.book.meeting


def minutes_document(config: Config, analysis: Analysis, state: ReviewState, pack_name: str) -> Document:
    meeting = state.book.meeting
    held_on = dt.date.fromisoformat(meeting["held_on"])
    measures = [m.id for m in config.measures if _has(m.evidence, MINUTES_WORDS)]
    evidence = MINUTES["evidence"].format(measures=", ".join(measures)) if measures else ""
    blocks = [
        Heading(MINUTES["h.time"]),
        Paragraph(MINUTES["time"].format(time=meeting.get("time", "…"), held_on=held_on)),
        Paragraph(MINUTES["place"].format(place=meeting.get("place", "…"))),
        Heading(MINUTES["h.people"]),
        Paragraph(MINUTES["chair"].format(chair=meeting.get("chair", "…"))),
        Paragraph(MINUTES["secretary"].format(secretary=meeting.get("secretary", "…"))),
        Paragraph(MINUTES["attendees"].format(attendees=meeting.get("attendees", "…"))),
        Heading(MINUTES["h.inputs"]),
        Paragraph(MINUTES["inputs.intro"].format(pack=pack_name)),
        *(Paragraph(DOCUMENTS[key], "bullet") for key in INPUT_HEADINGS),
        Heading(MINUTES["h.decisions"]),
        Paragraph(MINUTES["decisions.intro"].format(count=len(state.decisions))),
        decisions_table(config, state.decisions, analysis.as_of, with_status=False),
        Paragraph(MINUTES["closing"].format(held_on=held_on, evidence=evidence)),
    ]
    return Document(MINUTES["title"], MINUTES["subtitle"].format(words=period_words(analysis.period)), tuple(blocks),
                    signer=meeting.get("chair", ""), recipients=(meeting.get("secretary", ""),), kind=MINUTES["kind"])


def minutes_signature(d, document: Document) -> None:
    """The secretary signs on the left, the chair on the right, each with the name under the space to sign; the
    closing sentence stays on the signatures' page (no page holds only signatures)."""
    d.paragraphs[-1].paragraph_format.keep_with_next = True
    d.add_paragraph().paragraph_format.keep_with_next = True
    table = d.add_table(rows=1, cols=2)
    _widths(table, (8.0, 8.0))
    left, right = table.rows[0].cells
    for cell, role, name in ((left, MINUTES["sign.secretary"], document.recipients[0]),
                             (right, MINUTES["sign.chair"], document.signer)):
        _lines(cell, [(role, True, False), (MINUTES["sign.hint"], False, True)])
        for _ in range(4):                          # room for the signature
            cell.add_paragraph()
        # the name with its title may be long: it wraps in the cell, as typed in the workbook
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(name).bold = True
