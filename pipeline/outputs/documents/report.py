"""The official «Báo cáo kết quả thực hiện Mục tiêu chất lượng» of a period: its results, the general assessment and
the way forward drafted from the figures and the units' own causes and actions; pure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...consolidate.analysis import Analysis
from ...consolidate.timeliness import reporting_rate
from ...plan.config import Config
from ...plan.periods import Period
from ...vi import RESULT_VI, WORDS, pct, vi_int, vi_ratio
from ...vi.documents import DOCUMENTS
from ..summary import more_in_workbook, shortened
from . import content
from .content import (TO_FILL, Block, Document, Heading, Paragraph, Table, _actions_table, _cell, _charts,
                      _indicator_table, _listed, _overdue_table, _rates_table, _rows, period_words, proposals)


@dataclass(frozen=True)
class ReportSpan:
    """What a report says of its period: the days it covers and when the units' reports for it were due."""
    start: dt.date
    end: dt.date
    due: dt.date


def report_span(config: Config, period: Period) -> ReportSpan:
    """The one place a report's span and due date come from (a report period of the plan's calendar, such as
    the 6-month report due before 15 May, plugs in here)."""
    return ReportSpan(period.start, period.end, period.due_date(config.reporting.due_day))


def _same_period_last_year(analysis: Analysis) -> tuple[str | None, list[Paragraph]]:
    """The indicators' comparison: with the same period last year where its figures exist; the words «chưa có
    số liệu cùng kỳ» said once, for all the indicators or for those without."""
    missing = [t.indicator for t in analysis.trends if t.last_year.rate is None]
    if len(missing) == len(analysis.trends):
        return None, [Paragraph(DOCUMENTS["report.same.all"])]
    if missing:
        return "last_year", [Paragraph(DOCUMENTS["report.same.some"].format(ids=", ".join(missing)))]
    return "last_year", []


def _results(config: Config, analysis: Analysis) -> list[Block]:
    """I. Kết quả thực hiện: reporting, the objectives one by one, who is behind, causes and actions."""
    period, metrics = analysis.period, analysis.metrics
    span = report_span(config, period)
    total = reporting_rate(analysis.timeliness_in(period))
    met = [o for o in metrics.objectives if o.met is True]
    not_met = [o for o in metrics.objectives if o.met is False]
    compare, same_note = _same_period_last_year(analysis)
    counts = analysis.action_counts
    rates_chart, months_chart, units_chart = _charts(analysis)          # drawn in summary.html
    blocks: list[Block] = [
        Heading(DOCUMENTS["report.I"]),
        Heading(DOCUMENTS["report.I.1"], 2),
        # a report of the plan's calendar (6T due 15/05) is due on its own day, not when the units' last month
        # is: it states its months and due date in the line every output of the period states
        Paragraph(period.span_label(config.reporting.due_day) + "." if period.report else
                  DOCUMENTS["report.span"].format(start=span.start, end=span.end, due=span.due)),
        Paragraph(DOCUMENTS["report_document.3"].format(
            vi_int=vi_int(total.expected), vi_int2=vi_int(total.reported), pct=pct(total.reporting_rate),
            vi_int3=vi_int(total.on_time), pct2=pct(total.on_time_rate))),
        _rates_table(config, analysis),
        months_chart,
        Heading(DOCUMENTS["report.I.2"], 2),
        Paragraph(DOCUMENTS["report_document.5"].format(vi_ratio=vi_ratio(len(met), len(metrics.objectives))) +
                  (DOCUMENTS["report_document.6"].format(join=", ".join(str(o.id) for o in not_met))
                   if not_met else ".") + DOCUMENTS["report_document.7"]),
        rates_chart,
        *same_note,
    ]
    for obj in metrics.objectives:
        blocks += [Heading(DOCUMENTS["report.objective"].format(id=obj.id, title=config.objective(obj.id).title), 3),
                   Paragraph(DOCUMENTS["report_document.8"].format(RESULT_VI=RESULT_VI[obj.met])),
                   _indicator_table(config, analysis, list(obj.indicators), compare)]
        for r in (r for r in metrics.indicators if r.objective == obj.id and r.pools):
            blocks.append(Paragraph(DOCUMENTS["pools"].format(id=r.id, name=r.name, target=r.target_label)))
            blocks += [Paragraph(DOCUMENTS["pool"].format(title=q.title, ratio=vi_ratio(q.numerator, q.denominator),
                                                          pct=pct(q.rate), result=RESULT_VI[q.met]), "bullet")
                       for q in r.pools]
        behind = [(r, code) for r in metrics.indicators if r.objective == obj.id for code in r.units_not_met]
        if behind:
            blocks.append(Paragraph(DOCUMENTS["report_document.9"] + _listed(
                behind, lambda b: DOCUMENTS["report_document.10"].format(
                    name=config.unit(b[1]).name, pct=pct(b[0].by_unit[b[1]].rate), id=b[0].id),
                "matrix", WORDS["truong-hop"]) + ".", "bullet"))
        overdue = [o for o in analysis.overdue if o.objective == obj.id]
        if overdue:
            blocks.append(Paragraph(DOCUMENTS["report_document.12"] + _listed(
                overdue, lambda o: DOCUMENTS["report_document.13"].format(
                    measure=o.measure, name=config.unit(o.unit).name, due_date=o.due_date),
                "overdue", WORDS["bien-phap-2"]) + ".", "bullet"))
        flags = [f for f in analysis.self_reports if f.objective == obj.id]
        if flags:
            blocks.append(Paragraph(DOCUMENTS["report_document.15"] + _listed(
                flags, lambda f: DOCUMENTS["report_document.16"].format(name=config.unit(f.unit).name) + ", ".join(
                    f"{m.measure} {m.reason[0].lower()}{m.reason[1:]}" for m in f.measures),
                "self_reports", WORDS["don-vi-2"]) + ".", "bullet"))
    blocks += [Heading(DOCUMENTS["report.I.3"], 2),
               Table((WORDS["don-vi"], DOCUMENTS["report_document.20"], DOCUMENTS["report_document.21"],
                      WORDS["bien-phap-qua-han"], DOCUMENTS["report_document.23"]),
                     _rows(analysis.behind, lambda b: (
                         _cell(config.unit(b.unit).name),
                         _cell(", ".join(p.form_value for p in b.missing) or "—", "bad" if b.missing else None),
                         _cell(", ".join(b.not_met) or "—", "bad" if b.not_met else None),
                         _cell(", ".join(b.overdue) or "—", "bad" if b.overdue else None),
                         _cell(len(b.late) or "—", "warn" if b.late else None)), "status", WORDS["don-vi-2"], 5),
                     (5.0, 2.8, 3.0, 3.6, 1.6))
               if analysis.behind else Paragraph(WORDS["khong-co-don-vi-nao-cham-trong-ky"]),
               units_chart,
               Heading(WORDS["bien-phap-qua-han"], 3),
               _overdue_table(config, analysis) if analysis.overdue else
               Paragraph(WORDS["khong-co-bien-phap-nao-qua-han"]),
               Heading(DOCUMENTS["report.I.4"], 2),
               Paragraph(DOCUMENTS["report_document.29"].format(
                   vi_int=vi_int(counts.total), vi_int2=vi_int(counts.closed), vi_int3=vi_int(counts.open),
                   vi_int4=vi_int(counts.overdue), vi_int5=vi_int(counts.no_action),
                   needed=config.reporting.effective_periods)),
               _actions_table(config, analysis.actions) if analysis.actions else
               Paragraph(DOCUMENTS["report_document.30"])]
    return blocks


def _changes(config: Config, analysis: Analysis, better: bool) -> str:
    return ", ".join(DOCUMENTS["good.better.item"].format(id=t.indicator, change=t.last_year.label)
                     for t in analysis.trends if t.last_year.better is better)


def strengths(config: Config, analysis: Analysis) -> list[str]:
    """Ưu điểm, from the figures: the objectives met, the reporting, the units that met everything, the gains
    on the same period last year."""
    metrics = analysis.metrics
    met = [o for o in metrics.objectives if o.met is True]
    total = reporting_rate(analysis.timeliness_in(analysis.period))
    out = [DOCUMENTS["good.objectives"].format(met=vi_ratio(len(met), len(metrics.objectives)), list="; ".join(
        f"{o.id}. {config.objective(o.id).short}" for o in met)) if met else DOCUMENTS["good.none"]]
    if total.expected:
        out.append(DOCUMENTS["good.reports"].format(
            reported=vi_ratio(total.reported, total.expected), rate=pct(total.reporting_rate),
            on_time=vi_int(total.on_time), on_time_rate=pct(total.on_time_rate)))
    reporting = {code for r in metrics.indicators for code, f in r.by_unit.items() if f.met is not None}
    short = {code for r in metrics.indicators for code in r.units_not_met}
    clean = [u for u in config.units if u.code in reporting and u.code not in short]
    if clean:
        out.append(DOCUMENTS["good.units"].format(list=_listed(clean, lambda u: u.name, "matrix", WORDS["don-vi-2"],
                                                                ", ")))
    gains = _changes(config, analysis, True)
    if gains:
        out.append(DOCUMENTS["good.better"].format(list=gains))
    return out


def weaknesses(config: Config, analysis: Analysis) -> list[str]:
    """Hạn chế, nguyên nhân, from the figures and the causes the units stated for their misses."""
    metrics = analysis.metrics
    out = [DOCUMENTS["weak.indicator"].format(id=r.id, name=r.name, rate=pct(r.rate), target=r.target_label,
                                              units=vi_ratio(len(r.units_not_met), r.units_reporting))
           for r in metrics.indicators if r.met is False]
    due = sum(len(b.missing) for b in analysis.behind)
    late = sum(len(b.late) for b in analysis.behind)
    if due or late:
        out.append(DOCUMENTS["weak.missing"].format(count=vi_int(due), late=vi_int(late)))
    if analysis.overdue:
        out.append(DOCUMENTS["weak.overdue"].format(count=vi_int(len(analysis.overdue))))
    losses = _changes(config, analysis, False)
    if losses:
        out.append(DOCUMENTS["weak.worse"].format(list=losses))
    causes: dict[str, list] = {}            # one cause, however many units and months stated it
    for a in analysis.actions:
        if a.cause:
            causes.setdefault(a.cause.strip().rstrip(".").strip(), []).append(a)
    if causes:
        out.append(DOCUMENTS["weak.causes"] + _listed(list(causes.items()), lambda item: DOCUMENTS["weak.cause.item"].format(
            cause=item[0], where="; ".join(dict.fromkeys(DOCUMENTS["weak.cause.where"].format(
                name=config.unit(a.unit).name, indicator=a.indicator) for a in item[1]))),
            "actions", DOCUMENTS["actions_table.8"]) + ".")
    silent = [a for a in analysis.actions if not a.cause]
    if silent:
        out.append(DOCUMENTS["weak.no_cause"].format(count=vi_int(len(silent))))
    return out or [DOCUMENTS["weak.none"]]


def action_line(config: Config, a) -> str:
    """An open corrective action as the documents name it: who, what, for which indicator, by whom and when."""
    if not a.action:
        return DOCUMENTS["card.no_action"].format(name=config.unit(a.unit).name, indicator=a.indicator)
    return DOCUMENTS["plan.action"].format(
        name=config.unit(a.unit).name, action=a.action.rstrip(". "), indicator=a.indicator,
        owner=a.owner or DOCUMENTS["plan.no_owner"],
        deadline=DOCUMENTS["plan.deadline"].format(deadline=a.deadline) if a.deadline else "")


def way_forward(config: Config, analysis: Analysis) -> tuple[list[str], list[str]]:
    """Phương hướng, nhiệm vụ: the tasks that follow from the figures, and the open actions the units set
    themselves (who, what, by when)."""
    tasks = [t for t in proposals(config, analysis) if t != TO_FILL] + [DOCUMENTS["plan.keep"]]
    actions = shortened([a for a in analysis.open_actions if a.action], content.SENTENCE_ITEMS,
                        lambda a: action_line(config, a), lambda left: more_in_workbook(left, "actions", DOCUMENTS["proposals.8"]) + ".")
    return tasks, actions or [DOCUMENTS["plan.no_actions"]]


def report_document(config: Config, analysis: Analysis) -> Document:
    """The «Báo cáo kết quả thực hiện Mục tiêu chất lượng» of the period, ready to sign once the secretary has
    read the drafted assessment: header, signer and recipients from config's [documents]."""
    period = analysis.period
    words = period_words(period)
    tasks, actions = way_forward(config, analysis)
    blocks: list[Block] = [
        Paragraph(DOCUMENTS["report_document.1"].format(
            decision=config.plan.decision, lower=config.plan.title[0].lower(), title=config.plan.title[1:],
            as_of=analysis.as_of, department=config.plan.department, words=words)),
        *_results(config, analysis),
        Heading(DOCUMENTS["report.II"]),
        Paragraph(DOCUMENTS["report.draft"], "draft"),
        Heading(DOCUMENTS["report.II.1"], 2),
        *(Paragraph(t, "bullet") for t in strengths(config, analysis)),
        Heading(DOCUMENTS["report.II.2"], 2),
        *(Paragraph(t, "bullet") for t in weaknesses(config, analysis)),
        Heading(DOCUMENTS["report.III"]),
        Paragraph(DOCUMENTS["report.draft"], "draft"),
        Heading(DOCUMENTS["report.III.1"], 2),
        *(Paragraph(t, "bullet") for t in tasks),
        Heading(DOCUMENTS["report.III.2"], 2),
        *(Paragraph(t, "bullet") for t in actions),
    ]
    d = config.documents
    return Document(DOCUMENTS["report_document.32"], DOCUMENTS["report_document.33"].format(words=words),
                    tuple(blocks), signer=d.authority, recipients=d.recipients, signer_title=d.signer_title,
                    signer_name=d.signer_name, kind=DOCUMENTS["report.kind"])
