"""The leadership documents' content, independent of their format: the MTCL results report and the management-review pack."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from ...consolidate.analysis import Analysis
from ...consolidate.timeliness import reporting_rate
from ...model import ActionStatus
from ...plan.config import Config
from ...plan.periods import Period
from ...text import fold
from ...vi import ACTION_STATUS_VI, NO_ACTION_VI, RESULT_VI, WORDS, pct, vi_int, vi_ratio
from ..summary import more_in_workbook, shortened
from ...vi.documents import DOCUMENT_DEFAULTS, DOCUMENTS


# What the review pack looks for in the plan, by words in names (the plan is data: no ids in code).
SATISFACTION_WORDS = ("hai long",)                       # customer satisfaction (9.3.2 c 1)
NONCONFORMITY_WORDS = ("khong phu hop",)                 # nonconformities (9.3.2 c 4)
AUDIT_WORDS = ("danh gia noi bo", "dgnb")                # internal audit (9.3.2 c 6)
RESOURCE_WORDS = ("nhan luc", "can bo", "kinh phi", "phan mem", "thiet bi", "nguon luc")   # resources (9.3.2 d)
TO_FILL = DOCUMENTS["module.1"]
SENTENCE_ITEMS = 40   # items one sentence of a document names (a Department's units fit); the workbook lists all
TABLE_ROWS = 200      # rows of one table of a document (about six pages)
T = TypeVar("T")
Tone = str | None                 # "ok", "bad", "warn" or None


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"           # body | bullet | note | centre | draft (a note for the secretary, marked)


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[tuple[str, Tone], ...], ...]
    widths: tuple[float, ...] = ()                 # cm, for the .docx


@dataclass(frozen=True)
class Chart:
    """A chart for summary.html: bars (with target markers), lines or stacked bars; values as fractions
    (percent=True) or counts."""
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...], str], ...]    # (name, values, colour)
    targets: tuple[float, ...] = ()
    tones: tuple[Tone, ...] = ()
    percent: bool = True


Block = Heading | Paragraph | Table | Chart


@dataclass(frozen=True)
class Document:
    title: str                    # what the document is, e.g. "BÁO CÁO"
    subtitle: str                 # e.g. "Kết quả thực hiện Mục tiêu chất lượng 6 tháng đầu năm 2023"
    blocks: tuple[Block, ...]
    signer: str = DOCUMENTS["module.2"]          # quyền hạn: "GIÁM ĐỐC" or "KT. GIÁM ĐỐC"
    recipients: tuple[str, ...] = DOCUMENT_DEFAULTS["recipients"]
    signer_title: str = ""                       # the deputy's title under a KT. authority
    signer_name: str = ""                        # họ tên ("": written by hand)
    kind: str = DOCUMENTS["report.kind"]         # the type in «Số: …/BC-…»
    official: bool = True                        # the decree's heading and signature (False: a one-page view)


def _listed(items: Sequence[T], text: Callable[[T], str], sheet: str, noun: str, sep: str = "; ") -> str:
    """Items named at the end of a sentence: `text` of the first SENTENCE_ITEMS only, then how many more
    (`noun`) the workbook's sheet lists (a province's report would otherwise name thousands)."""
    return sep.join(shortened(items, SENTENCE_ITEMS, text, lambda left: more_in_workbook(left, sheet, noun)))


def _rows(items: Sequence[T], row: Callable[[T], tuple], sheet: str, noun: str, width: int) -> tuple[tuple, ...]:
    """A table's rows: `row` of the first TABLE_ROWS items only, then a row saying how many more (`noun`)
    the workbook's sheet lists."""
    return tuple(shortened(items, TABLE_ROWS, row, lambda left: (
        (_cell(more_in_workbook(left, sheet, noun) + "."),) + (_cell(""),) * (width - 1))))


def _cell(text, tone: Tone = None) -> tuple[str, Tone]:
    return ("" if text is None else str(text), tone)


def _result(met: bool | None, text: str | None = None) -> tuple[str, Tone]:
    """A verdict's cell: `text` where the result has its own words (an indicator's «Theo dõi»)."""
    return _cell(text or RESULT_VI[met], {True: "ok", False: "bad", None: None}[met])


def period_words(period: Period) -> str:
    """"6 tháng đầu năm 2023", "năm 2023", "tháng 05/2023" — as the period reads inside a sentence."""
    label = period.label_vi
    return label[0].lower() + label[1:]


def _has(text: str, words: tuple[str, ...]) -> bool:
    folded = fold(text)
    return any(w in folded for w in words)


def _rates_table(config: Config, analysis: Analysis) -> Table:
    def row(item) -> tuple:
        unit, rate = item
        tone = "ok" if rate.on_time == rate.expected else ("bad" if rate.reported < rate.expected else "warn")
        return (_cell(config.unit(unit).name), _cell(rate.expected), _cell(rate.reported), _cell(rate.on_time),
                _cell(pct(rate.reporting_rate)), _cell(pct(rate.on_time_rate), tone))
    rows = _rows(list(analysis.rate_by_unit(analysis.period).items()), row, "timeliness", WORDS["don-vi-2"], 6)
    total = reporting_rate(analysis.timeliness_in(analysis.period))
    rows += ((_cell(WORDS["toan-so"]), _cell(total.expected), _cell(total.reported), _cell(total.on_time),
              _cell(pct(total.reporting_rate)), _cell(pct(total.on_time_rate))),)
    return Table((WORDS["don-vi"], WORDS["phai-nop"], WORDS["da-nop"], WORDS["dung-han"], WORDS["ty-le-nop"], WORDS["ty-le-dung-han"]), rows,
                 (6.4, 1.8, 1.8, 1.8, 2.0, 2.2))


def _indicator_table(config: Config, analysis: Analysis, indicator_ids: list[str],
                     compare: str | None = "previous") -> Table:
    """The indicators' figures; `compare`: the column of change against the "previous" period, the same period
    "last_year" (cùng kỳ), or None for no such column."""
    trends = {t.indicator: t for t in analysis.trends}
    rows = []
    for r in (r for r in analysis.metrics.indicators if r.id in indicator_ids):
        change = [getattr(trends[r.id], compare)] if compare else []
        tones = ["ok" if c.better else ("bad" if c.better is False else None) for c in change]
        rows.append((_cell(f"{r.id}. {r.name}"), _cell(r.target_label), _cell(vi_ratio(r.numerator, r.denominator)),
                     _cell(pct(r.rate)), *(_cell(c.label, tone) for c, tone in zip(change, tones)),
                     _cell(vi_ratio(r.units_met, r.units_reporting)), _result(r.met, r.result_vi)))
    header = {"previous": f"So {period_words(analysis.period.previous())}",
              "last_year": DOCUMENTS["report.compare"], None: None}[compare]
    headers = (WORDS["chi-tieu"], WORDS["muc-tieu-kh"], DOCUMENTS["indicator_table.3"], WORDS["ty-le"], header,
               WORDS["don-vi-dat"], DOCUMENTS["indicator_table.6"])
    # 16 cm between the margins; the counts' column fits «12.345/12.345» on one line
    widths = (4.6, 1.6, 2.6, 1.7, 2.0, 1.6, 1.9) if compare else (6.6, 1.6, 2.6, 1.7, 1.6, 1.9)
    return Table(tuple(h for h in headers if h is not None), tuple(rows), widths)


def _actions_table(config: Config, actions) -> Table:
    def row(a) -> tuple:
        tone = {ActionStatus.CLOSED: "ok", ActionStatus.NO_ACTION: "bad",
                ActionStatus.NOT_EFFECTIVE: "bad"}.get(a.status, "bad" if a.overdue else "warn")
        deadline = f"{a.deadline:%d/%m/%Y}" if a.deadline else "—"
        return (_cell(DOCUMENTS["actions_table.1"].format(name=config.unit(a.unit).name, indicator=a.indicator, form_value=a.opened.form_value, pct=pct(a.rate))),
                _cell(a.cause or "—"), _cell(a.action or NO_ACTION_VI, None if a.action else "bad"),
                _cell(f"{a.owner or '—'}; {deadline}"),
                _cell(ACTION_STATUS_VI[a.status] + (WORDS["qua-han"] if a.overdue else ""), tone))
    return Table((DOCUMENTS["actions_table.3"], WORDS["nguyen-nhan"], WORDS["hanh-dong-khac-phuc"], DOCUMENTS["actions_table.6"],
                  WORDS["tinh-trang"]), _rows(actions, row, "actions", DOCUMENTS["actions_table.8"], 5), (4.0, 3.6, 4.0, 2.6, 2.8))


def _overdue_table(config: Config, analysis: Analysis) -> Table:
    def row(o) -> tuple:
        return (_cell(o.measure), _cell(o.text), _cell(config.unit(o.unit).name),
                _cell(DOCUMENTS["overdue_table.1"].format(due_date=o.due_date, days_overdue=o.days_overdue), "bad"), _cell(o.status_label),
                _cell(o.evidence_expected))
    return Table((WORDS["ma"], WORDS["bien-phap"], WORDS["don-vi-chu-tri"], DOCUMENTS["overdue_table.5"], DOCUMENTS["overdue_table.6"],
                  WORDS["minh-chung-ke-hoach-yeu-cau"]),
                 _rows(analysis.overdue, row, "overdue", WORDS["bien-phap-2"], 6), (1.2, 4.6, 2.8, 2.2, 2.8, 3.4))


def _charts(analysis: Analysis) -> tuple[Chart, Chart, Chart]:
    inds = analysis.metrics.indicators
    tone = {True: "ok", False: "bad", None: None}
    rates = Chart("bars", WORDS["ty-le-cua-so-so-voi-muc-tieu-vach-den"], tuple(r.id for r in inds),
                  ((WORDS["ty-le-cua-so"], tuple(r.rate for r in inds), "#1F4E78"),),
                  targets=tuple(1.0 if r.comparison == "milestone" else r.target for r in inds),
                  tones=tuple(tone[r.met] for r in inds))
    by_month = analysis.rate_by_month()
    months = Chart("lines", WORDS["ty-le-nop-bao-cao-qua-cac-thang"], tuple(p.form_value for p in by_month),
                   ((WORDS["ty-le-nop-bao-cao"], tuple(r.reporting_rate for r in by_month.values()), "#1F4E78"),
                    (WORDS["ty-le-nop-dung-han"], tuple(r.on_time_rate for r in by_month.values()), "#ED7D31")))
    units = Chart("stacked", WORDS["so-don-vi-dat-chua-dat-tung-chi-tieu"], tuple(r.id for r in inds),
                  ((WORDS["don-vi-dat"], tuple(float(r.units_met) for r in inds), "#2E7D32"),
                   (WORDS["don-vi-chua-dat"], tuple(float(r.units_reporting - r.units_met) for r in inds), "#C62828")),
                  percent=False)
    return rates, months, units


def proposals(config: Config, analysis: Analysis) -> list[str]:
    """Proposals that follow from the figures; the office edits and adds to them."""
    out = []
    late = [b for b in analysis.behind if b.missing or b.late]
    if late:
        out.append(DOCUMENTS["proposals.1"].format(due_day=config.reporting.due_day) +
                   _listed(late, lambda b: config.unit(b.unit).name, "status", WORDS["don-vi-2"], ", ") + ".")
    not_met = [r for r in analysis.metrics.indicators if r.met is False]
    if not_met:
        out.append(DOCUMENTS["proposals.3"] + ", ".join(r.id for r in not_met) +
                   DOCUMENTS["proposals.4"])
    no_action = sorted({a.unit for a in analysis.open_actions if a.action is None}, key=config.unit_order().get)
    if no_action:
        out.append(DOCUMENTS["proposals.5"] +
                   _listed(no_action, lambda u: config.unit(u).name, "actions", WORDS["don-vi-2"], ", ") + ".")
    overdue_actions = [a for a in analysis.open_actions if a.overdue]     # as many as action_counts().overdue
    if overdue_actions:
        out.append(DOCUMENTS["proposals.7"].format(vi_int=vi_int(len(overdue_actions))) +
                   _listed(overdue_actions, lambda a: f"{a.unit} — {a.indicator}", "actions", DOCUMENTS["proposals.8"]) + ".")
    if analysis.overdue:
        out.append(DOCUMENTS["proposals.9"] +
                   _listed(analysis.overdue, lambda o: f"{o.measure} ({config.unit(o.unit).name})", "overdue",
                           WORDS["bien-phap-2"]) + ".")
    if analysis.self_reports:
        out.append(DOCUMENTS["proposals.11"] + _listed(analysis.self_reports,
                                                 lambda f: DOCUMENTS["proposals.12"].format(name=config.unit(f.unit).name, objective=f.objective),
                                                 "self_reports", WORDS["truong-hop"]) + ".")
    return out + [TO_FILL]
