"""summary.md for leadership and summary.json for tools, and how a long list is shortened."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

from ..consolidate.analysis import Analysis
from ..consolidate.metrics import Metrics
from ..consolidate.timeliness import reporting_rate
from ..consolidate.trends import Change
from ..model import Arrival, Outcome, Severity, Status, Submitted
from ..plan.config import Config
from ..vi import (ACTION_SHORT_VI, ACTION_STATUS_VI, NO_ACTION_VI, RESULT_VI, SEVERITY_VI, SHEETS, pct, vi_int, vi_ratio,
    ytd_label)
from . import WORKBOOK_NAME
from ..vi.summary import SUMMARY


SUMMARY_LINES = 20              # items of one list in summary.md; the workbook lists them all
T = TypeVar("T")
U = TypeVar("U")


def _write_text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8", newline="\n")


def write_json(path: Path, value) -> None:
    """`value` as UTF-8 JSON, streamed: lists (and generators) of the first levels hold one record a
    line, so a summary of thousands of units is never one string in memory (and, given generators,
    never one list of records either)."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        _json_to(fh.write, value, 0)
        fh.write("\n")


def _json_to(write: Callable[[str], object], value, depth: int) -> None:
    pad, end = "\n" + "  " * (depth + 1), "\n" + "  " * depth
    if isinstance(value, dict) and depth < 2 and value:
        write("{")
        for i, (key, item) in enumerate(value.items()):
            write(("," if i else "") + pad + json.dumps(str(key), ensure_ascii=False) + ": ")
            _json_to(write, item, depth + 1)
        write(end + "}")
    elif isinstance(value, (list, tuple, Iterator)):
        write("[")
        empty = True
        for item in value:
            write(("" if empty else ",") + pad + json.dumps(item, ensure_ascii=False))
            empty = False
        write("]" if empty else end + "]")
    else:
        write(json.dumps(value, ensure_ascii=False))


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def submission_record(o: Outcome) -> dict:
    return {"file": o.submission.path, "sha256": o.submission.sha256 or None, "unit": o.checked.unit,
            "period": o.checked.period.key if o.checked.period else None, "status": o.status,
            "verdict": None if o.status == Status.DEFERRED else o.checked.verdict,
            "received_at": o.submission.received_at.isoformat(),
            "on_time": o.on_time,
            "findings": [{"severity": f.severity, "code": f.code, "sheet": f.sheet, "cell": f.cell,
                          "value": f.value, "message": f.message} for f in o.checked.findings]}


def summary_dict(config: Config, metrics: Metrics, outcomes: list[Outcome], generated_at: dt.datetime,
                 outputs: dict[str, Path], analysis: Analysis) -> dict:
    return {
        "period": metrics.period.key,
        "span": {"first": metrics.period.months()[0].key, "last": metrics.period.months()[-1].key},
        "due": metrics.period.due_date(config.reporting.due_day).isoformat(),
        "plan": config.plan.id,
        "generated_at": generated_at.isoformat(),
        "units_expected": [u.code for u in config.units],
        "reports_expected": metrics.expected,
        "reports_accepted": metrics.submitted,
        "reports_on_time": metrics.count(Submitted.ON_TIME),
        "reports_pending": metrics.pending,
        "reports_missing": metrics.expected - metrics.submitted,     # verdicts below are computed without them
        "submissions": (submission_record(o) for o in outcomes),
        "unit_status": ({"unit": s.unit, "period": s.period.key, "status": s.status, "file": s.file,
                         "received_at": s.received_at.isoformat() if s.received_at else None}
                        for s in metrics.statuses),
        "missing_units": metrics.missing_units,
        "indicators": ({"id": r.id, "objective": r.objective, "name": r.name, "target": r.target,
                        "comparison": r.comparison, "aggregation": r.aggregation, "tracked": r.tracked,
                        "small_base": r.small_base,
                        "schedule": list(config.indicator(r.id).schedule) or "monthly",
                        "numerator": r.numerator, "denominator": r.denominator,
                        "late": r.late, "rate": _rate(r.rate), "met": r.met, "units_met": r.units_met,
                        "units_reporting": r.units_reporting,
                        "pools": [{"id": q.id, "title": q.title, "units": list(q.units), "numerator": q.numerator,
                                   "denominator": q.denominator, "rate": _rate(q.rate), "met": q.met} for q in r.pools],
                        "by_unit": {code: {"numerator": f.numerator, "denominator": f.denominator, "late": f.late,
                                           "rate": _rate(f.rate), "met": f.met} for code, f in r.by_unit.items()}}
                       for r in metrics.indicators),
        "objectives": [{"id": o.id, "met": o.met} for o in metrics.objectives],
        "outputs": {k: str(v.relative_to(config.paths.outbound)) for k, v in outputs.items()},
        **analysis_dict(analysis),
    }


def _day(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _rates(rate) -> dict:
    return {"expected": rate.expected, "reported": rate.reported, "on_time": rate.on_time,
            "reporting_rate": _rate(rate.reporting_rate), "on_time_rate": _rate(rate.on_time_rate)}


def _change(change: Change, period) -> dict:
    return {"period": period.key, "rate": _rate(change.rate), "delta": _rate(change.delta),
            "direction": change.direction, "better": change.better, "new_indicator": change.new}


def analysis_dict(a: Analysis) -> dict:
    """The figures beyond the period's own, for tools: timeliness, year to date, trends, overdue measures,
    self-report flags, the corrective-action register and who is behind."""
    ytd = a.year_to_date
    return {
        "as_of": a.as_of.isoformat(),
        "timeliness": {
            "rows": ({"unit": t.unit, "period": t.period.key, "status": t.arrival, "due_date": _day(t.due_date),
                      "received_at": _day(t.received_at), "days_late": t.days_late,
                      "file": t.source.path if t.source else None, "rejected_files": t.rejected_files}
                     for t in a.timeliness),
            "period": _rates(reporting_rate(a.timeliness_in(a.period))),
            "by_month": {p.key: _rates(r) for p, r in a.rate_by_month().items()},
            "by_unit": {u: _rates(r) for u, r in a.rate_by_unit().items()},
        },
        "year_to_date": {"months": [m.key for m in ytd.period.months()],
                         "indicators": {r.id: {"numerator": r.numerator, "denominator": r.denominator,
                                               "rate": _rate(r.rate), "met": r.met} for r in ytd.indicators}},
        "trends": [{"id": t.indicator, "rate": _rate(t.rate), "previous": _change(t.previous, a.previous.period),
                    "same_period_last_year": _change(t.last_year, a.last_year.period),
                    "year_to_date": _rate(t.year_to_date), "months": {p.key: _rate(r) for p, r in t.months}}
                   for t in a.trends],
        "overdue_measures": ({"measure": o.measure, "objective": o.objective, "unit": o.unit,
                              "deadline": o.deadline_text, "due_date": _day(o.due_date),
                              "plan_due_date": _day(o.occurrence.due), "coordinate": list(o.coordinate),
                              "days_overdue": o.days_overdue, "last_reported": o.status_label,
                              "last_status": o.last.report.status if o.last else None,
                              "last_period": o.last.period.key if o.last else None,
                              "evidence_expected": o.evidence_expected,
                              "file": o.last.source.path if o.last else None} for o in a.overdue),
        "self_report_flags": ({"unit": f.unit, "objective": f.objective, "rates": {i: _rate(r) for i, r in f.rates},
                               "measures": [{"measure": m.measure, "reason": m.reason, "due_date": _day(m.due_date)}
                                            for m in f.measures]} for f in a.self_reports),
        "corrective_actions": ({"unit": c.unit, "indicator": c.indicator, "opened": c.opened.key, "rate": _rate(c.rate),
                                "cause": c.cause, "action": c.action, "owner": c.owner, "deadline": _day(c.deadline),
                                "reported_in": [p.key for p in c.reported_in],
                                "checks": [{"period": k.period.key, "rate": _rate(k.rate), "met": k.met}
                                           for k in c.checks],
                                "status": c.status, "overdue": c.overdue, "done_on": _day(c.done_on),
                                "verified_periods": c.verified_periods,
                                "reopens": c.reopens.key if c.reopens else None, "earlier_action": c.earlier_action,
                                "closed_in": c.closed_in.key if c.closed_in else None,
                                "next_check": c.next_check.key if c.next_check else None,
                                "file": c.source.path, "cell": c.cell} for c in a.actions),
        "plan_notes": [{"measure": n.measure, "due_date": _day(n.due), "held_to": _day(n.held_to)}
                       for n in a.plan_notes],
        "corrective_action_counts": {"total": a.action_counts.total, "closed": a.action_counts.closed,
                                     "open": a.action_counts.open, "no_action": a.action_counts.no_action,
                                     "overdue": a.action_counts.overdue, "by_status": a.action_counts.by_status},
        "units_behind": ({"unit": b.unit, "missing": [p.key for p in b.missing], "late": [p.key for p in b.late],
                          "not_met": list(b.not_met), "overdue": list(b.overdue)} for b in a.behind),
    }


def plan_note(notes) -> str:
    """The one sentence for the secretary on the plan's deadlines that fall before the plan was issued."""
    by_measure: dict[str, list[str]] = {}
    for n in notes:
        by_measure.setdefault(n.measure, []).append(f"{n.due:%d/%m/%Y}")
    listed = "; ".join(f"{m} ({', '.join(days)})" for m, days in by_measure.items())
    return SUMMARY["plan-notes"].format(count=vi_int(len(notes)), issued=notes[0].held_to, listed=listed)


def more_in_workbook(count: int, sheet: str, noun: str = SUMMARY["more_in_workbook.1"]) -> str:
    """What a shortened list says of the items it leaves out, at its end: how many (of `noun`), and the
    workbook's sheet listing them all."""
    return SUMMARY["more_in_workbook.2"].format(vi_int=vi_int(count), noun=noun, SHEETS=SHEETS[sheet])


def shortened(items: Sequence[T], limit: int, make: Callable[[T], U], more: Callable[[int], U]) -> list[U]:
    """`make` of each of the first `limit` items, then `more` of how many are left out (when any are): every
    list of the summaries and documents that the workbook lists in full."""
    shown = [make(item) for item in items[:limit]]
    return shown if len(items) <= limit else shown + [more(len(items) - limit)]


def _capped(items: Sequence[T], line: Callable[[T], str], sheet: str) -> list[str]:
    """The lines of a summary.md list, `line` of each of the first SUMMARY_LINES items only, then how many
    more the workbook's sheet lists."""
    return shortened(items, SUMMARY_LINES, line, lambda left: f"- {more_in_workbook(left, sheet)}.")


def pool_lines(metrics: Metrics) -> list[str]:
    """Each pooled indicator's figure and verdict per pool (6.2: the administrative block, each centre)."""
    out = []
    for r in metrics.indicators:
        if r.pools:
            out += [SUMMARY["pools"].format(id=r.id, name=r.name, target=r.target_label), ""]
            out += [SUMMARY["pool"].format(title=q.title, ratio=vi_ratio(q.numerator, q.denominator), pct=pct(q.rate),
                                           result=RESULT_VI[q.met]) for q in r.pools]
            out.append("")
    return out


def summary_markdown(config: Config, metrics: Metrics, outcomes: list[Outcome], generated_at: dt.datetime,
                     analysis: Analysis, workbook_name: str | None = None) -> str:
    """One page for leadership, in Vietnamese: what is met, what is not, who is behind, what is overdue
    and what is being done about it."""
    p = metrics.period
    lines = [SUMMARY["summary_markdown.1"].format(label_vi=p.label_vi), "",
             SUMMARY["summary_markdown.2"].format(department=config.plan.department, title=config.plan.title, as_of=analysis.as_of, generated_at=generated_at),
             "", p.span_label(config.reporting.due_day) + ".", ""]
    met = [o for o in metrics.objectives if o.met is True]
    not_met = [o for o in metrics.objectives if o.met is False]
    rate = reporting_rate(analysis.timeliness_in(p))
    year = reporting_rate(analysis.timeliness)
    lines += [SUMMARY["summary_markdown.3"], "",
              SUMMARY["summary_markdown.4"].format(vi_ratio=vi_ratio(len(met), len(metrics.objectives)), len=len(not_met), value=len(metrics.objectives) - len(met) - len(not_met)),
              SUMMARY["summary_markdown.5"].format(vi_ratio=vi_ratio(metrics.submitted, metrics.expected), vi_int=vi_int(metrics.count(Submitted.ON_TIME)), vi_int2=vi_int(metrics.count(Submitted.LATE)))
              + (SUMMARY["pending"].format(vi_int=vi_int(metrics.pending)) if metrics.pending else ""),
              SUMMARY["summary_markdown.6"].format(pct=pct(rate.reporting_rate), pct2=pct(rate.on_time_rate), lower=ytd_label(p).lower(), pct3=pct(year.reporting_rate), pct4=pct(year.on_time_rate)),
              SUMMARY["summary_markdown.7"].format(vi_int=vi_int(len(analysis.overdue)), vi_int2=vi_int(analysis.action_counts.open), vi_int3=vi_int(analysis.action_counts.overdue)),
              ""]
    trends = {t.indicator: t for t in analysis.trends}
    lines += [SUMMARY["summary_markdown.8"], "",
              SUMMARY["summary_markdown.9"].format(lower=p.previous().label_vi.lower(), ytd_label=ytd_label(p)), "|---|---|---|---|---|---|---|"]
    for r in metrics.indicators:
        t = trends[r.id]
        lines.append(f"| {r.id} {r.name} | {r.target_label} | {r.rate_vi} | {vi_ratio(r.units_met, r.units_reporting)} "
                     f"| {r.result_vi} | {t.previous.label} | {pct(t.year_to_date)} |")
    missing = metrics.expected - metrics.submitted
    if missing:         # after a blank line: a line right under a table would read as one of its rows
        lines += ["", SUMMARY["verdict-missing"].format(vi_int=vi_int(missing))]
    lines.append("")
    lines += pool_lines(metrics)
    lines += [SUMMARY["summary_markdown.10"], ""]
    lines += _capped(analysis.behind, lambda b: f"- {config.unit(b.unit).name}: {b.summary}.", "status") or \
        [SUMMARY["summary_markdown.11"]]
    lines.append("")
    behind = [(r, code) for r in metrics.indicators for code in r.units_not_met]
    lines += [SUMMARY["summary_markdown.12"], ""]

    def not_met_line(pair) -> str:
        r, code = pair
        return (SUMMARY["summary_markdown.13"].format(name=config.unit(code).name, id=r.id, pct=pct(r.by_unit[code].rate), target_label=r.target_label))
    lines += _capped(behind, not_met_line, "matrix") or [SUMMARY["summary_markdown.14"]]
    lines.append("")
    lines += [SUMMARY["summary_markdown.15"], ""]
    missing = [t for t in analysis.timeliness_in(p) if not t.reported and t.arrival != Arrival.PENDING]
    lines += _capped(missing, lambda t: f"- {config.unit(t.unit).name} ({t.period.key}): {t.label.lower()}.",
                     "status") or [SUMMARY["summary_markdown.16"]]
    lines.append("")
    lines += [SUMMARY["summary_markdown.17"].format(as_of=analysis.as_of), ""]
    lines += _capped(analysis.overdue, lambda o: SUMMARY["summary_markdown.18"].format(measure=o.measure, name=config.unit(o.unit).name, due_date=o.due_date, days_overdue=o.days_overdue, text=o.text, status_label=o.status_label, evidence_expected=o.evidence_expected), "overdue") or [SUMMARY["summary_markdown.19"]]
    lines.append("")
    if analysis.plan_notes:
        lines += [SUMMARY["plan-notes-title"], "", plan_note(analysis.plan_notes), ""]
    if analysis.self_reports:
        lines += [SUMMARY["summary_markdown.20"], ""]
        def flag_line(flag) -> str:
            measures = "; ".join(f"{m.measure} — {m.reason}" for m in flag.measures)
            return (SUMMARY["summary_markdown.21"].format(name=config.unit(flag.unit).name, objective=flag.objective, measures=measures))
        lines += _capped(analysis.self_reports, flag_line, "self_reports")
        lines.append("")
    lines += [SUMMARY["summary_markdown.22"], ""]
    if analysis.actions:
        counts = analysis.action_counts.by_status
        lines.append("- " + "; ".join(f"{ACTION_SHORT_VI[s]}: {n}" for s, n in counts.items() if n) + ".")
        def action_line(a) -> str:
            when = SUMMARY["summary_markdown.23"].format(deadline=a.deadline) + (SUMMARY["summary_markdown.24"] if a.overdue else "") if a.deadline else ""
            state = f" {ACTION_STATUS_VI[a.status]}." if a.action else ""
            return (SUMMARY["summary_markdown.25"].format(name=config.unit(a.unit).name, indicator=a.indicator, form_value=a.opened.form_value, value=a.action or NO_ACTION_VI, when=when, state=state))
        lines += _capped(analysis.open_actions, action_line, "actions")
    else:
        lines.append(SUMMARY["summary_markdown.26"])
    lines.append("")
    held = [o for o in outcomes if o.status == Status.HELD]
    if held:
        lines += [SUMMARY["held-title"], "", SUMMARY["held-intro"], ""]

        def held_line(o) -> str:
            reasons = " ".join(f.message.split(". ")[0] + "." for f in o.checked.findings
                               if f.severity == Severity.HOLD)
            return f"- `{o.submission.path}`: {reasons}"
        lines += _capped(held, held_line, "files")
        lines.append("")
    rejected = [o for o in outcomes if o.status == Status.REJECTED]
    if rejected:
        lines += [SUMMARY["summary_markdown.27"], ""]
        def rejected_line(o) -> str:
            first = next((f for f in o.checked.findings if f.severity == Severity.ERROR), None)
            reason = f"{SEVERITY_VI[Severity.ERROR]}: {first.message}" if first else ""
            where = f" ({first.sheet}!{first.cell})" if first and first.cell else ""
            return f"- `{o.submission.path}`{where}: {reason}"
        lines += _capped(rejected, rejected_line, "files")
        lines.append("")
    warned = sum(1 for o in outcomes if o.status == Status.ACCEPTED and o.checked.findings)
    if warned:
        lines += [SUMMARY["summary_markdown.28"].format(warned=warned), ""]
    usual = WORKBOOK_NAME.format(period=p.key)
    workbook_name = workbook_name or usual
    lines += [SUMMARY["summary_markdown.29"].format(workbook_name=workbook_name), ""]
    if workbook_name != usual:
        lines += [SUMMARY["summary_markdown.30"].format(usual=usual, workbook_name=workbook_name), ""]
    return "\n".join(lines)
