"""The template's own checks: the rules of rules/check.py a clerk can break while typing, as Excel formulas that
show, in the same words as mtcl's findings, what mtcl will say of the file. Clerks have Excel or LibreOffice, not
mtcl: these formulas let the pre-filled template tell them before they send it.

Each check is a condition and a message, both Excel expressions. The message is the catalogue's Vietnamese
template, its literal parts quoted and each placeholder an expression of the row's cells, written the way
rules/check.py writes the value (vi_int, pct, dd/mm/yyyy) with functions that read the same in every locale.
Pure: strings in, strings out; the template writer (outputs/template.py) places them."""
from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

from ..findings import CATALOGUE, TYPE_A_COUNT
from ..model import MeasureState, Severity
from ..plan.config import Config, Indicator, Measure
from ..plan.layout import STATUSES
from ..plan.pools import judged_alone
from ..vi import SEVERITY_VI
from .check import ACTION_FIELDS

EXCEL_LITERAL_LIMIT = 255          # characters in one string constant of a formula


@dataclass(frozen=True)
class LiveCheck:
    code: str
    severity: str
    condition: str                  # an Excel boolean expression, without the leading «=»
    message: str                    # an Excel text expression: the finding's message
    cells: tuple[tuple[str, str], ...]   # (cell to colour, the condition under which it is coloured)


def quote(text: str) -> str:
    """A Python string as an Excel string expression (in pieces: a constant holds at most 255 characters)."""
    if not text:
        return '""'
    pieces = [text[i:i + EXCEL_LITERAL_LIMIT] for i in range(0, len(text), EXCEL_LITERAL_LIMIT)]
    return "&".join('"' + p.replace('"', '""') + '"' for p in pieces)


def message(code: str, severity: str, **fields: str) -> str:
    """The catalogue message of `code`, prefixed with its severity as the annotated copy shows it («Lỗi: …»), as
    an Excel expression; `fields` are Excel expressions for the placeholders (the defaults of make_finding for
    the rest)."""
    fields.setdefault("type_a_count", quote(TYPE_A_COUNT))
    parts = [quote(f"{SEVERITY_VI[severity]}: ")]
    for literal, name, _spec, _conversion in string.Formatter().parse(CATALOGUE[code][2]):
        if literal:
            parts.append(quote(literal))
        if name is not None:
            parts.append(f"({fields[name]})")
    return "&".join(parts)


def joined(checks: list[LiveCheck]) -> str:
    """The «Kiểm tra» cell: every message whose condition holds, one per line; empty when none does."""
    if not checks:
        return '=""'
    body = "&".join(f'IF({c.condition},CHAR(10)&{c.message},"")' for c in checks)
    return f"=MID({body},2,32767)"


# --- how check.py writes values, as locale-independent Excel text
def blank(ref: str) -> str:
    return f'LEN(TRIM({ref}&""))=0'


def vi_int(expr: str) -> str:
    """1.234 as vi_int writes it (TEXT with «000» reads the same in every locale; «#,##0» does not)."""
    return f'IF(ABS({expr})>=1000,INT(({expr})/1000)&"."&TEXT(MOD({expr},1000),"000"),({expr})&"")'


def pct(expr: str) -> str:
    """91,9% as vi.pct writes it."""
    n = f"ROUND(({expr})*1000,0)"
    return f'INT({n}/10)&","&MOD({n},10)&"%"'


def vi_date(expr: str) -> str:
    """15/05/2023, as the findings quote a date."""
    return f'TEXT(DAY({expr}),"00")&"/"&TEXT(MONTH({expr}),"00")&"/"&YEAR({expr})'


def _count_ok(ref: str) -> str:
    # IF, not AND: Excel's AND evaluates every argument, and INT of a text is an error that would show
    return f"IF(ISNUMBER({ref}),AND({ref}>=0,{ref}=INT({ref})),{blank(ref)})"


def indicator_checks(indicator: Indicator, cells: dict[str, str], config: Config,
                     unit: str | None = None) -> list[LiveCheck]:
    """The checks of one indicator row; `cells` maps the column keys (due, on_time, late, cause…) to A1 refs.
    A miss is checked only where mtcl judges the unit on its own: a target the plan sets (not «Theo dõi») and
    no pool of several units (6.2 in a phòng is judged with its block)."""
    due, on_time = cells["due"], cells["on_time"]
    late = cells["late"] if indicator.late else None
    done_late = f"N({late})" if late else "0"
    counts_ok = "AND(" + ",".join(_count_ok(r) for r in (due, on_time, late) if r) + ")"
    checks = [
        LiveCheck("counts-without-due", Severity.ERROR,
                  f"AND({counts_ok},{blank(due)},OR(N({on_time})<>0,{done_late}<>0))",
                  message("counts-without-due", Severity.ERROR, cell=quote(due)), ((due, "TRUE"),)),
        LiveCheck("done-exceeds-due", Severity.ERROR,
                  f"IF(AND({counts_ok},ISNUMBER({due})),N({on_time})+{done_late}>{due},FALSE)",
                  message("done-exceeds-due", Severity.ERROR, on_time=vi_int(f"N({on_time})"),
                          late=vi_int(done_late), done=vi_int(f"N({on_time})+{done_late}"), due=vi_int(due)),
                  ((on_time, "TRUE"),)),
    ]
    rate = f"N({on_time})/{due}"
    if indicator.comparison == "<=":
        meets = f"{rate}<={indicator.target}+1E-9"
    elif indicator.comparison == "milestone":
        meets = f"{rate}>=1-1E-9"
    else:
        meets = f"{rate}>={indicator.target}-1E-9"
    # the rate is only computed where something was due (no #DIV/0! in a blank row)
    miss = f"IF(AND({counts_ok},ISNUMBER({due})),IF({due}>0,NOT({meets}),FALSE),FALSE)"
    if not indicator.judged or not judged_alone(config.pools, indicator.id, unit):
        return checks
    if indicator.comparison == "<=":
        checks.append(LiveCheck("over-limit", Severity.WARNING, miss,
                                message("over-limit", Severity.WARNING, indicator=quote(indicator.id),
                                        rate=pct(rate), target=quote(indicator.target_label)),
                                ((on_time, "TRUE"),)))
    fields = [(cells[key], label) for key, label in ACTION_FIELDS]
    missing = "MID(" + "&".join(f'IF({blank(ref)},", "&{quote(label)},"")' for ref, label in fields) + ",3,999)"
    severity = config.reporting.missing_action
    checks.append(LiveCheck(
        "missing-corrective-action", severity, f"AND({miss},OR({','.join(blank(r) for r, _ in fields)}))",
        message("missing-corrective-action", severity, indicator=quote(indicator.id), rate=pct(rate),
                target=quote(indicator.target_label), missing=missing),
        tuple((ref, blank(ref)) for ref, _ in fields)))
    return checks


def measure_checks(measure: Measure, cells: dict[str, str], deadline: dt.date | None) -> list[LiveCheck]:
    """The checks of one measure row; `deadline` is the one the report is held to (known on a pre-filled copy)."""
    status, completed, evidence = cells["status"], cells["completed_on"], cells["evidence"]
    is_ = {key: f"{status}={quote(label)}" for key, label in STATUSES.items()}
    done = f"OR({is_[MeasureState.DONE_ON_TIME]},{is_[MeasureState.DONE_LATE]})"
    dated = f"ISNUMBER({completed})"
    ident = quote(measure.id)
    checks = [
        LiveCheck("date-in-future", Severity.ERROR, f"AND({dated},{completed}>TODAY())",
                  message("date-in-future", Severity.ERROR, found=vi_date(completed), today=vi_date("TODAY()")),
                  ((completed, "TRUE"),)),
        LiveCheck("status-missing", Severity.ERROR,
                  f"AND({blank(status)},OR(NOT({blank(completed)}),NOT({blank(evidence)})))",
                  message("status-missing", Severity.ERROR, measure=ident, cell=quote(status)), ((status, "TRUE"),)),
        LiveCheck("done-without-date", Severity.ERROR, f"AND({done},{blank(completed)})",
                  message("done-without-date", Severity.ERROR, measure=ident, cell=quote(completed)),
                  ((completed, "TRUE"),)),
        LiveCheck("done-without-evidence", Severity.WARNING, f"AND({done},{blank(evidence)})",
                  message("done-without-evidence", Severity.WARNING, measure=ident, cell=quote(evidence)),
                  ((evidence, "TRUE"),)),
        LiveCheck("not-started-with-date", Severity.ERROR, f"AND({is_[MeasureState.NOT_STARTED]},{dated})",
                  message("not-started-with-date", Severity.ERROR, measure=ident, found=vi_date(completed)),
                  ((completed, "TRUE"),)),
    ]
    if deadline is not None:
        limit = f"DATE({deadline.year},{deadline.month},{deadline.day})"
        shown = quote(f"{deadline:%d/%m/%Y}")
        reported = f"{dated},{completed}<=TODAY()"
        checks += [
            LiveCheck("on-time-after-deadline", Severity.ERROR,
                      f"AND({is_[MeasureState.DONE_ON_TIME]},{reported},{completed}>{limit})",
                      message("on-time-after-deadline", Severity.ERROR, measure=ident, found=vi_date(completed),
                              deadline=shown), ((completed, "TRUE"),)),
            LiveCheck("late-before-deadline", Severity.ERROR,
                      f"AND({is_[MeasureState.DONE_LATE]},{reported},{completed}<={limit})",
                      message("late-before-deadline", Severity.ERROR, measure=ident, found=vi_date(completed),
                              deadline=shown), ((completed, "TRUE"),)),
        ]
    return checks
