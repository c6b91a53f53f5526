"""The one-page views: the Director's summary of the period and each unit's report card, in the words and from the
same tables as the consolidated outputs; pure."""
from __future__ import annotations

import textwrap

from ...consolidate.analysis import Analysis
from ...consolidate.timeliness import reporting_rate
from ...model import Arrival
from ...plan.config import Config
from ...vi import WORDS, pct, vi_int, vi_ratio
from ...vi.documents import DOCUMENTS
from ..summary import more_in_workbook, shortened
from .content import Block, Document, Heading, Paragraph, Table, _cell, _result, period_words
from .report import action_line

CARD_ROWS = 3                   # rows of a one-page table; the workbook lists the rest
CARD_MONTHS = 6                 # rows of the months not on time: a unit late every month still fits the page
CARD_TEXT = 60                  # characters of a measure's text on a one-page view; the workbook has it whole


def _short(rows: tuple, width: int, limit: int | None = None) -> tuple:
    """A table cut to `limit` rows (CARD_ROWS) for one page, its last row saying how many more the workbook lists."""
    limit = limit or CARD_ROWS
    if len(rows) <= limit:
        return rows
    return rows[:limit - 1] + ((_cell(DOCUMENTS["card.more"].format(count=vi_int(len(rows) - limit + 1))),)
                               + (_cell(""),) * (width - 1),)


def _key_figures(analysis: Analysis, unit: str | None = None) -> list[str]:
    period, metrics = analysis.period, analysis.metrics
    statuses = [t for t in analysis.timeliness_in(period) if unit is None or t.unit == unit]
    total = reporting_rate(statuses)
    actions = [a for a in analysis.open_actions if unit is None or a.unit == unit]
    overdue = [o for o in analysis.overdue if unit is None or o.unit == unit]
    lines = [DOCUMENTS["card.reports"].format(received=vi_ratio(total.reported, total.expected),
                                              rate=pct(total.reporting_rate), on_time=vi_int(total.on_time),
                                              on_time_rate=pct(total.on_time_rate)),
             DOCUMENTS["card.overdue"].format(count=vi_int(len(overdue))),
             DOCUMENTS["card.actions"].format(count=vi_int(len(actions)), overdue=vi_int(sum(a.overdue for a in actions)))]
    if unit is None:
        met = sum(o.met is True for o in metrics.objectives)
        lines.insert(0, DOCUMENTS["card.objectives"].format(met=vi_ratio(met, len(metrics.objectives))))
    return lines


def summary_document(config: Config, analysis: Analysis) -> Document:
    """The Director's one page (A4, 11 pt and more): the key figures, every indicator against its target, who is
    behind; the report and the workbook have the detail."""
    metrics = analysis.metrics
    rows = tuple((_cell(f"{r.id}. {r.name}"), _cell(r.target_label), _cell(pct(r.rate)),
                  _cell(vi_ratio(r.units_met, r.units_reporting)), _result(r.met, r.result_vi)) for r in metrics.indicators)
    behind = _short(tuple((_cell(config.unit(b.unit).name), _cell(b.summary)) for b in analysis.behind), 2)
    blocks: list[Block] = [Paragraph(DOCUMENTS["card.as_of"].format(as_of=analysis.as_of), "centre"),
                           *(Paragraph(t, "bullet") for t in _key_figures(analysis)),
                           Table((WORDS["chi-tieu"], WORDS["muc-tieu-kh"], WORDS["ty-le-cua-so"], WORDS["don-vi-dat"],
                                  WORDS["ket-qua"]), rows, (8.2, 2.0, 2.2, 1.8, 2.4)),
                           Heading(DOCUMENTS["card.behind"], 2),
                           Table((WORDS["don-vi"], WORDS["tinh-trang"]), behind, (5.0, 11.6)) if behind else
                           Paragraph(WORDS["khong-co-don-vi-nao-cham-trong-ky"])]
    return Document(DOCUMENTS["card.summary_title"], DOCUMENTS["report_document.33"].format(
        words=period_words(analysis.period)), tuple(blocks), official=False)


def unit_card(config: Config, analysis: Analysis, unit: str) -> Document:
    """One unit's page: its reports month by month, its indicators, its overdue measures and open actions, with
    the tables and words of the consolidated report."""
    period, metrics = analysis.period, analysis.metrics
    name = config.unit(unit).name
    mine = [t for t in analysis.timeliness_in(period) if t.unit == unit]
    on_time = [t.period.form_value for t in mine if t.arrival == Arrival.ON_TIME]
    # the months on time in one line, the others one row each: a year fits the page
    reports = _short(tuple((_cell(t.period.form_value), _cell(f"{t.due_date:%d/%m/%Y}"), _cell(t.label),
                            _cell(f"{t.received_at:%d/%m/%Y}" if t.received_at else "—"))
                           for t in mine if t.arrival != Arrival.ON_TIME), 4, CARD_MONTHS)
    figures = tuple((_cell(f"{r.id}. {r.name}"), _cell(r.target_label),
                     _cell(vi_ratio(f.numerator, f.denominator)), _cell(pct(f.rate)),
                     _cell(r.unit_result_vi(unit), {True: "ok", False: "bad"}.get(f.met)))
                    for r in metrics.indicators if (f := r.by_unit.get(unit)) is not None)
    overdue = tuple(o for o in analysis.overdue if o.unit == unit)
    actions = tuple(a for a in analysis.open_actions if a.unit == unit)
    blocks: list[Block] = [
        Paragraph(DOCUMENTS["card.as_of"].format(as_of=analysis.as_of), "centre"),
        *(Paragraph(t, "bullet") for t in _key_figures(analysis, unit)),
        Heading(DOCUMENTS["card.reports_title"], 2),
        Paragraph(DOCUMENTS["card.on_time"].format(months=", ".join(on_time)) if on_time else
                  DOCUMENTS["card.none_on_time"]),
        *([Table((WORDS["ky-2"], DOCUMENTS["card.due"], WORDS["tinh-trang"], DOCUMENTS["card.received"]), reports,
                 (2.4, 3.0, 7.8, 3.4))] if reports else []),
        Heading(DOCUMENTS["card.indicators"], 2),
        Table((WORDS["chi-tieu"], WORDS["muc-tieu-kh"], DOCUMENTS["indicator_table.3"], WORDS["ty-le"], WORDS["ket-qua"]),
              figures, (8.8, 1.6, 2.4, 1.6, 2.2)) if figures else Paragraph(DOCUMENTS["card.no_figures"]),
        Heading(WORDS["bien-phap-qua-han"], 2),
        *(Paragraph(line, "bullet") for line in shortened(
            overdue, CARD_ROWS, lambda o: DOCUMENTS["card.overdue_line"].format(
                measure=o.measure, text=textwrap.shorten(o.text, CARD_TEXT, placeholder=" …"), due_date=o.due_date,
                days=o.days_overdue, status=o.status_label),
            lambda left: more_in_workbook(left, "overdue", WORDS["bien-phap-2"]) + ".")),
        *([] if overdue else [Paragraph(WORDS["khong-co-bien-phap-nao-qua-han"])]),
        Heading(DOCUMENTS["card.actions_title"], 2),
        *(Paragraph(line, "bullet") for line in shortened(
            actions, CARD_ROWS, lambda a: action_line(config, a) + (WORDS["qua-han"] if a.overdue else ""),
            lambda left: more_in_workbook(left, "actions", DOCUMENTS["proposals.8"]) + ".")),
        *([] if actions else [Paragraph(DOCUMENTS["plan.no_actions"])]),
    ]
    return Document(DOCUMENTS["card.unit_title"].format(name=name.upper()), DOCUMENTS["report_document.33"].format(
        words=period_words(period)), tuple(blocks), official=False)
