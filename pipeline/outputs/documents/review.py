"""The management-review pack's content: the inputs of ISO 9001:2015 9.3.2 a)–f) from the figures and the recorded
review workbook, and the outputs of 9.3.3 from the decisions recorded after the meeting."""
from __future__ import annotations

from ...consolidate.analysis import Analysis
from ...consolidate.timeliness import reporting_rate
from ...model import ReviewDecision, ReviewState
from ...plan.config import Config
from ...plan.review_layout import SHEET_BY_KEY, choice_labels
from ...vi import WORDS, pct, vi_int, vi_ratio
from ...vi.documents import DOCUMENTS
from ...vi.review import CHOICES, PACK, SHEETS
from .content import (AUDIT_WORDS, NONCONFORMITY_WORDS, SATISFACTION_WORDS, TO_FILL, Block, Document, Heading,
    Paragraph, Table, _actions_table, _cell, _charts, _has, _indicator_table, _overdue_table, _result, period_words,
    proposals)


def _date(iso: str | None) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else "—"


def _label(sheet: str, column: str, code: str | None) -> str:
    col = SHEET_BY_KEY[sheet].columns[SHEET_BY_KEY[sheet].column(column)]
    return choice_labels(col.choices).get(code, "—") if code else "—"


def unit_name(config: Config, code: str | None) -> str:
    """A unit by name; a code the plan no longer has (a unit merged since the decision) as it was recorded."""
    unit = config.find_unit(code) if code else None
    return unit.name if unit else (code or "—")


def decisions_table(config: Config, decisions: tuple[ReviewDecision, ...], as_of, with_status: bool) -> Table:
    """The decisions of a review (a) with their status; 9.3.3 and the minutes with their kind)."""
    def row(d: ReviewDecision) -> tuple:
        late = d.overdue(as_of)
        second = (_cell(CHOICES["decision-status"][d.status] + (PACK["overdue"] if late else "") +
                        (f" — {d.note}" if d.note else ""),
                        "ok" if d.status == "done" else ("bad" if late else "warn"))
                  if with_status else _cell(CHOICES["decision-kind"][d.kind]))
        cells = (_cell(d.id), _cell(d.text), _cell(unit_name(config, d.owner)), _cell(f"{d.deadline:%d/%m/%Y}"), second)
        return cells if with_status else (cells[0], second) + cells[1:4]
    headers = PACK["a.headers"] if with_status else PACK["outputs.headers"]
    widths = (2.5, 5.2, 3.0, 2.4, 2.9) if with_status else (2.5, 2.2, 5.8, 3.0, 2.5)
    return Table(headers, tuple(row(d) for d in decisions), widths)


def _book_table(state: ReviewState, sheet: str, headers: tuple[str, ...], row, widths) -> list[Block]:
    rows = state.book.sheet(sheet) if state.book else ()
    if not rows:
        return [Paragraph(PACK["not-filled"].format(sheet=SHEETS[sheet]), "bullet")]
    return [Table(headers, tuple(tuple(_cell(text) for text in row(r)) for r in rows), widths)]


def review_document(config: Config, analysis: Analysis, state: ReviewState) -> Document:
    """The management-review pack, its inputs in the order of ISO 9001:2015 clause 9.3.2, its outputs (9.3.3) the
    decisions recorded after the meeting."""
    period, metrics = analysis.period, analysis.metrics
    words = period_words(period)
    audit = [m for m in config.measures if _has(m.text, AUDIT_WORDS)]
    satisfaction = [r.id for r in metrics.indicators if _has(r.name, SATISFACTION_WORDS)]
    nonconformity = [r.id for r in metrics.indicators if _has(r.name, NONCONFORMITY_WORDS)]
    total = reporting_rate(analysis.timeliness_in(period))
    overdue_ids = {(o.measure, o.unit) for o in analysis.overdue}
    book = state.book
    unit = lambda code: unit_name(config, code)
    blocks: list[Block] = [Paragraph(DOCUMENTS["review_document.1"].format(words=words, as_of=analysis.as_of), "note"),
                           Paragraph(period.span_label(config.reporting.due_day) + ".", "note")]
    if book is None:
        blocks.append(Paragraph(PACK["no-book"].format(period=period.key), "note"))

    # a) the decisions of the earlier reviews and their status
    blocks.append(Heading(DOCUMENTS["review_document.2"]))
    if state.previous:
        done = sum(d.status == "done" for d in state.previous)
        blocks += [Paragraph(PACK["a.summary"].format(
            total=vi_int(len(state.previous)), done=vi_int(done),
            open=vi_int(sum(d.status not in ("done", "cancelled") for d in state.previous)),
            overdue=vi_int(sum(d.overdue(analysis.as_of) for d in state.previous)))),
            decisions_table(config, state.previous, analysis.as_of, with_status=True)]
    else:
        blocks.append(Paragraph(PACK["a.none"], "bullet"))

    # b) changes in external and internal issues
    blocks.append(Heading(DOCUMENTS["review_document.6"]))
    blocks += _book_table(state, "changes", PACK["b.headers"], lambda r: (
        _label("changes", "scope", r.get("scope")), r.get("change"), r.get("impact") or "—"), (2.6, 7.0, 6.4))

    # c) performance and effectiveness of the QMS
    blocks += [Heading(DOCUMENTS["review_document.7"]), Heading(DOCUMENTS["review_document.8"], 2)]
    if satisfaction:
        blocks.append(_indicator_table(config, analysis, satisfaction))
    complaints = book.sheet("complaints") if book else ()
    if complaints:
        blocks.append(Paragraph(PACK["c1.complaints"].format(
            total=vi_int(len(complaints)), resolved=vi_int(sum(r.get("status") == "resolved" for r in complaints)))))
    blocks += _book_table(state, "complaints", PACK["c1.headers"], lambda r: (
        _date(r.get("received")), r.get("source"), r.get("content"), unit(r.get("unit")),
        "; ".join(filter(None, (r.get("handling"), _label("complaints", "status", r.get("status")))))),
        (2.2, 3.0, 5.4, 3.0, 2.4))
    blocks += [Heading(DOCUMENTS["review_document.9"], 2),
               Table((WORDS["muc-tieu"], WORDS["chi-tieu"], WORDS["ket-qua"]),
                     tuple((_cell(f"{o.id}. {config.objective(o.id).short}"), _cell(", ".join(o.indicators)),
                            _result(o.met)) for o in metrics.objectives), (9.5, 3.5, 3.0)),
               _charts(analysis)[0],
               Heading(DOCUMENTS["review_document.13"], 2),
               _indicator_table(config, analysis, [r.id for r in metrics.indicators]),
               Heading(DOCUMENTS["review_document.14"], 2)]
    if nonconformity:
        blocks.append(_indicator_table(config, analysis, nonconformity))
    blocks.append(_actions_table(config, analysis.actions) if analysis.actions else
                  Paragraph(DOCUMENTS["review_document.15"], "bullet"))
    blocks += [Heading(DOCUMENTS["review_document.16"], 2),
               Paragraph(DOCUMENTS["review_document.17"].format(
                   vi_ratio=vi_ratio(total.reported, total.expected), pct=pct(total.reporting_rate),
                   vi_int=vi_int(total.on_time), pct2=pct(total.on_time_rate), vi_int2=vi_int(len(analysis.overdue)),
                   vi_int3=vi_int(len(analysis.self_reports))), "bullet"),
               _charts(analysis)[1]]
    if analysis.overdue:
        blocks.append(_overdue_table(config, analysis))
    blocks.append(Heading(DOCUMENTS["review_document.18"], 2))
    for m in audit:
        late = [u for u in m.lead if (m.id, u) in overdue_ids]
        state_text = DOCUMENTS["review_document.19"].format(join=', '.join(late)) if late else \
            DOCUMENTS["review_document.20"]
        blocks.append(Paragraph(DOCUMENTS["review_document.21"].format(id=m.id, text=m.text, deadline=m.deadline,
                                                                       state=state_text), "bullet"))
    audits = book.sheet("audit") if book else ()
    if audits:
        blocks.append(Paragraph(PACK["c6.summary"].format(
            total=vi_int(len(audits)), nc=vi_int(sum(r.get("kind") == "nonconformity" for r in audits)),
            closed=vi_int(sum(r.get("status") == "closed" for r in audits)))))
    blocks += _book_table(state, "audit", PACK["c6.headers"], lambda r: (
        _date(r.get("audited_on")), unit(r.get("unit")),
        f"{_label('audit', 'kind', r.get('kind'))}: {r.get('finding')}",
        "; ".join(filter(None, (r.get("action"), r.get("deadline") and _date(r["deadline"])))) or "—",
        _label("audit", "status", r.get("status"))),
        (2.2, 3.2, 5.2, 3.6, 2.2))
    blocks.append(Heading(DOCUMENTS["review_document.23"], 2))
    blocks += _book_table(state, "providers", PACK["c7.headers"], lambda r: (
        r.get("provider"), r.get("service"), _label("providers", "result", r.get("result")), r.get("note") or "—"),
        (4.0, 4.6, 2.8, 4.6))

    # d) resources: what the units and the office state about them, never the causes of a missed target
    blocks.append(Heading(DOCUMENTS["review_document.24"]))
    blocks += _book_table(state, "resources", PACK["d.headers"], lambda r: (
        unit(r.get("unit")), _label("resources", "resource", r.get("resource")),
        _label("resources", "adequacy", r.get("adequacy")),
        "; ".join(filter(None, (r.get("statement"), r.get("proposal"))))), (3.6, 3.2, 2.4, 6.8))

    # e) effectiveness of the actions taken on risks and opportunities
    blocks.append(Heading(DOCUMENTS["review_document.27"]))
    risks = book.sheet("risks") if book else ()
    if risks:
        blocks.append(Paragraph(PACK["e.summary"].format(
            total=vi_int(len(risks)), effective=vi_int(sum(r.get("effective") == "effective" for r in risks)),
            not_effective=vi_int(sum(r.get("effective") == "not-effective" for r in risks)))))
    blocks += _book_table(state, "risks", PACK["e.headers"], lambda r: (
        _label("risks", "kind", r.get("kind")), r.get("description"), r.get("action"), unit(r.get("unit")),
        _label("risks", "effective", r.get("effective")) + (f" — {r['note']}" if r.get("note") else "")),
        (2.0, 4.6, 4.6, 2.8, 2.0))

    # f) opportunities for improvement: from the figures, and those the workbook names
    blocks += [Heading(DOCUMENTS["review_document.28"]), Paragraph(PACK["f.from-data"])]
    blocks += [Paragraph(text, "bullet") for text in proposals(config, analysis) if text != TO_FILL]
    opportunities = [r for r in risks if r.get("kind") == "opportunity"]
    if opportunities:
        blocks.append(Paragraph(PACK["f.from-book"].format(sheet=SHEETS["risks"])))
        blocks += [Paragraph(f"{r.get('description')} ({r.get('action')})", "bullet") for r in opportunities]

    # 9.3.3: the decisions recorded after the meeting
    blocks.append(Heading(DOCUMENTS["review_document.29"]))
    if state.decisions:
        counts = [PACK["outputs.kind"].format(kind=label, count=vi_int(sum(d.kind == kind for d in state.decisions)))
                  for kind, label in CHOICES["decision-kind"].items()]
        blocks += [Paragraph("; ".join(counts) + "."),
                   decisions_table(config, state.decisions, analysis.as_of, with_status=False)]
    else:
        blocks.append(Paragraph(PACK["outputs.none"].format(sheet=SHEETS["decisions"]), "bullet"))
    return Document(DOCUMENTS["review_document.33"],
                    DOCUMENTS["review_document.34"].format(words=words), tuple(blocks),
                    signer=DOCUMENTS["review_document.35"],
                    recipients=(WORDS["ban-giam-doc-so"], DOCUMENTS["review_document.37"], WORDS["luu-vt-vp-iso"]))
