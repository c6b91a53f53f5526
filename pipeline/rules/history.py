"""Rules across files: a report against the unit's own earlier reports, and a mailed file against its sender; pure."""
from __future__ import annotations

import statistics
from dataclasses import replace

from ..findings import make_finding
from ..model import Checked, Finding, MeasureState, Outcome, Status
from ..plan.config import Config
from ..plan.layout import DONE_STATUSES, STATUSES
from ..plan.periods import Period
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


def check_history(checked: Checked, earlier: list[Checked]) -> list[Finding]:
    """Warnings against the unit's own earlier accepted periods: a due count far from what it used to
    be (robust to small numbers: median and an absolute floor, no normal-distribution statistics),
    and a measure once reported done that is now "not started"."""
    findings = []
    sheet = checked.indicator_sheet
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


def add_history(outcomes: list[Outcome]) -> list[Outcome]:
    """Add each accepted report's warnings against the same unit's earlier accepted periods."""
    by_unit: dict[str, list[Checked]] = {}
    for o in outcomes:
        if o.status == Status.ACCEPTED:
            by_unit.setdefault(o.checked.unit, []).append(o.checked)
    for reports in by_unit.values():
        reports.sort(key=lambda c: c.period)
    out = []
    for o in outcomes:
        if o.status == Status.ACCEPTED:
            earlier = [c for c in by_unit[o.checked.unit] if c.period < o.checked.period]
            extra = check_history(o.checked, earlier)
            if extra:
                o = replace(o, checked=replace(o.checked, findings=o.checked.findings + tuple(extra)))
        out.append(o)
    return out
