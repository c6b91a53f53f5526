"""Rules across files: a report against the unit's own earlier reports, and a mailed file against its sender; pure."""
from __future__ import annotations

import statistics
from dataclasses import replace

from ..findings import make_finding
from ..model import Checked, Finding, MeasureState, Outcome, Severity, Status, Verdict
from ..plan.config import Config
from ..plan.layout import DONE_STATUSES, STATUSES
from ..plan.periods import Period, parse_period
from ..vi import WORDS


def check_sender(checked: Checked, origin: tuple[str, tuple[str, ...]] | None, config: Config) -> Checked:
    """A mailed file must come from its own unit's address (or an address the config gives that unit and
    others, a clerk reporting for two): one unit cannot report for another. A file nobody could place is
    placed by its sender's unit, when the address is one unit's only."""
    if origin is None:
        return checked
    sender, units = origin
    if not units:
        extra = make_finding("unknown-sender", value=sender, sender=sender)
    elif checked.unit is None:
        return replace(checked, unit=units[0]) if len(units) == 1 else checked
    elif checked.unit not in units:
        extra = make_finding("sender-unit-mismatch", value=checked.unit, sender=sender,
                             expected=WORDS["hoac"].join(config.unit(u).name for u in units),
                             found=config.unit(checked.unit).name)
    else:
        return checked
    return replace(checked, findings=checked.findings + (extra,))


def check_history(checked: Checked, earlier: list[Checked], previous_file: str | None = None) -> list[Finding]:
    """Warnings against the unit's own earlier accepted periods: a due count far from what it used to
    be (robust to small numbers: median and an absolute floor, no normal-distribution statistics),
    a measure once reported done that is now "not started", and figures identical to the latest earlier
    report (`previous_file`: its file name), the sign of last month's file sent again."""
    findings = []
    sheet = checked.indicator_sheet
    if earlier and _same_figures(checked, earlier[-1]):
        findings.append(make_finding("same-as-previous", sheet=sheet, earlier=earlier[-1].period.form_value,
                                     file=previous_file or ""))
    for fig in checked.figures:
        previous = [f.due for c in earlier for f in c.figures if f.indicator == fig.indicator and f.due is not None]
        if fig.due is None or len(previous) < 2:
            continue
        middle = statistics.median(previous)
        if abs(fig.due - middle) > max(5, 2 * middle):
            findings.append(make_finding("due-jump", sheet=sheet, cell=fig.cell("due"), value=fig.due,
                                         indicator=fig.indicator, previous=", ".join(map(str, previous[-6:]))))
    done_before: dict[str, Period] = {}
    for c in earlier:
        for m in c.measures:
            if m.status in DONE_STATUSES:
                done_before.setdefault(m.measure, c.period)
    for m in checked.measures:
        if m.status == MeasureState.NOT_STARTED and m.measure in done_before:
            findings.append(make_finding("measure-regressed", sheet=checked.measure_sheet, cell=m.cell("status"),
                                         value=STATUSES[MeasureState.NOT_STARTED], measure=m.measure,
                                         earlier=done_before[m.measure].form_value))
    return findings


def _same_figures(checked: Checked, other: Checked) -> bool:
    """Every count of `checked` equals `other`'s, and at least one was given."""
    counts = {f.indicator: (f.due, f.on_time, f.late) for f in checked.figures}
    given = any(v is not None for values in counts.values() for v in values)
    return given and counts == {f.indicator: (f.due, f.on_time, f.late) for f in other.figures}


def add_history(outcomes: list[Outcome]) -> list[Outcome]:
    """Add each accepted report's warnings against the same unit's earlier accepted periods."""
    by_unit: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.status == Status.ACCEPTED:
            by_unit.setdefault(o.checked.unit, []).append(o)
    for reports in by_unit.values():
        reports.sort(key=lambda o: o.checked.period)
    out = []
    for o in outcomes:
        if o.status == Status.ACCEPTED:
            before = [e for e in by_unit[o.checked.unit] if e.checked.period < o.checked.period]
            extra = check_history(o.checked, [e.checked for e in before],
                                  before[-1].submission.name if before else None)
            if extra:
                o = replace(o, checked=replace(o.checked, findings=o.checked.findings + tuple(extra)))
        out.append(o)
    return out


def apply_confirmation(checked: Checked, decision: tuple[str, str | None, str | None] | None,
                       config: Config) -> Checked:
    """A held file as the secretary decided it (`mtcl confirm`): confirmed, it is the report of the unit and
    month she named, its hold findings answered; rejected, it is returned to its sender. Only a file still held
    is changed (a corrected file is a new file)."""
    if decision is None or checked.verdict != Verdict.HELD:
        return checked
    kept = tuple(f for f in checked.findings if f.severity != Severity.HOLD)
    verb, unit, period = decision
    if verb == "reject":
        return replace(checked, findings=kept + (make_finding("rejected-by-secretary"),))
    month = parse_period(period)
    return replace(checked, unit=unit, period=month, findings=kept + (
        make_finding("confirmed-by-secretary", unit=config.unit(unit).name, period=month.form_value),))
