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
from ...vi import ACTION_STATUS_VI, NO_ACTION_VI, RESULT_VI, vi_int, vi_ratio
from ..summary import more_in_workbook, shortened


# What the review pack looks for in the plan, by words in names (the plan is data: no ids in code).
SATISFACTION_WORDS = ("hai long",)                       # customer satisfaction (9.3.2 c 1)
NONCONFORMITY_WORDS = ("khong phu hop",)                 # nonconformities (9.3.2 c 4)
AUDIT_WORDS = ("danh gia noi bo", "dgnb")                # internal audit (9.3.2 c 6)
RESOURCE_WORDS = ("nhan luc", "can bo", "kinh phi", "phan mem", "thiet bi", "nguon luc")   # resources (9.3.2 d)
TO_FILL = "(Văn phòng Sở bổ sung: …………………………………………………………)"
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
    style: str = "body"           # body | bullet | note | centre


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
    signer: str = "GIÁM ĐỐC"
    recipients: tuple[str, ...] = ("Ban Giám đốc Sở", "Các phòng, đơn vị thuộc Sở", "Lưu: VT, VP (ISO)")


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}".replace(".", ",")


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


def _result(met: bool | None) -> tuple[str, Tone]:
    return _cell(RESULT_VI[met], {True: "ok", False: "bad", None: None}[met])


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
                _cell(_pct(rate.reporting_rate)), _cell(_pct(rate.on_time_rate), tone))
    rows = _rows(list(analysis.rate_by_unit(analysis.period).items()), row, "timeliness", "đơn vị", 6)
    total = reporting_rate(analysis.timeliness_in(analysis.period))
    rows += ((_cell("Toàn Sở"), _cell(total.expected), _cell(total.reported), _cell(total.on_time),
              _cell(_pct(total.reporting_rate)), _cell(_pct(total.on_time_rate))),)
    return Table(("Đơn vị", "Phải nộp", "Đã nộp", "Đúng hạn", "Tỷ lệ nộp", "Tỷ lệ đúng hạn"), rows,
                 (6.4, 1.8, 1.8, 1.8, 2.0, 2.2))


def _indicator_table(config: Config, analysis: Analysis, indicator_ids: list[str]) -> Table:
    trends = {t.indicator: t for t in analysis.trends}
    rows = []
    for r in (r for r in analysis.metrics.indicators if r.id in indicator_ids):
        t = trends[r.id]
        tone = "ok" if t.previous.better else ("bad" if t.previous.better is False else None)
        rows.append((_cell(f"{r.id}. {r.name}"), _cell(r.target_label), _cell(vi_ratio(r.numerator, r.denominator)),
                     _cell(_pct(r.rate)), _cell(t.previous.label, tone), _cell(vi_ratio(r.units_met, r.units_reporting)),
                     _result(r.met)))
    return Table(("Chỉ tiêu", "Mục tiêu KH", "Kết quả (tử/mẫu)", "Tỷ lệ",
                  f"So {period_words(analysis.period.previous())}", "Đơn vị đạt", "Đánh giá"), tuple(rows), (5.4, 2.0, 2.0, 1.7, 2.4, 1.6, 1.9))


def _actions_table(config: Config, actions) -> Table:
    def row(a) -> tuple:
        tone = {ActionStatus.CLOSED: "ok", ActionStatus.NO_ACTION: "bad"}.get(a.status, "bad" if a.overdue else "warn")
        deadline = f"{a.deadline:%d/%m/%Y}" if a.deadline else "—"
        return (_cell(f"{config.unit(a.unit).name} — {a.indicator} (từ {a.opened.form_value}, {_pct(a.rate)})"),
                _cell(a.cause or "—"), _cell(a.action or NO_ACTION_VI, None if a.action else "bad"),
                _cell(f"{a.owner or '—'}; {deadline}"),
                _cell(ACTION_STATUS_VI[a.status] + (" — quá hạn" if a.overdue else ""), tone))
    return Table(("Đơn vị — chỉ tiêu", "Nguyên nhân", "Hành động khắc phục", "Người chịu trách nhiệm; thời hạn",
                  "Tình trạng"), _rows(actions, row, "actions", "nội dung", 5), (4.0, 3.6, 4.0, 2.6, 2.8))


def _overdue_table(config: Config, analysis: Analysis) -> Table:
    def row(o) -> tuple:
        return (_cell(o.measure), _cell(o.text), _cell(config.unit(o.unit).name),
                _cell(f"{o.due_date:%d/%m/%Y} ({o.days_overdue} ngày)", "bad"), _cell(o.status_label),
                _cell(o.evidence_expected))
    return Table(("Mã", "Biện pháp", "Đơn vị chủ trì", "Hạn (quá hạn)", "Đơn vị báo cáo",
                  "Minh chứng kế hoạch yêu cầu"),
                 _rows(analysis.overdue, row, "overdue", "biện pháp", 6), (1.2, 4.6, 2.8, 2.2, 2.8, 3.4))


def _charts(analysis: Analysis) -> tuple[Chart, Chart, Chart]:
    inds = analysis.metrics.indicators
    tone = {True: "ok", False: "bad", None: None}
    rates = Chart("bars", "Tỷ lệ của Sở so với mục tiêu (vạch đen)", tuple(r.id for r in inds),
                  (("Tỷ lệ của Sở", tuple(r.rate for r in inds), "#1F4E78"),),
                  targets=tuple(1.0 if r.comparison == "milestone" else r.target for r in inds),
                  tones=tuple(tone[r.met] for r in inds))
    by_month = analysis.rate_by_month()
    months = Chart("lines", "Tỷ lệ nộp báo cáo qua các tháng", tuple(p.form_value for p in by_month),
                   (("Tỷ lệ nộp báo cáo", tuple(r.reporting_rate for r in by_month.values()), "#1F4E78"),
                    ("Tỷ lệ nộp đúng hạn", tuple(r.on_time_rate for r in by_month.values()), "#ED7D31")))
    units = Chart("stacked", "Số đơn vị đạt / chưa đạt từng chỉ tiêu", tuple(r.id for r in inds),
                  (("Đơn vị đạt", tuple(float(r.units_met) for r in inds), "#2E7D32"),
                   ("Đơn vị chưa đạt", tuple(float(r.units_reporting - r.units_met) for r in inds), "#C62828")),
                  percent=False)
    return rates, months, units


def proposals(config: Config, analysis: Analysis) -> list[str]:
    """Proposals that follow from the figures; the office edits and adds to them."""
    out = []
    late = [b for b in analysis.behind if b.missing or b.late]
    if late:
        out.append(f"Đề nghị các đơn vị sau nộp báo cáo đầy đủ, đúng hạn (trước ngày {config.reporting.due_day} "
                   "tháng sau kỳ báo cáo): " +
                   _listed(late, lambda b: config.unit(b.unit).name, "status", "đơn vị", ", ") + ".")
    not_met = [r for r in analysis.metrics.indicators if r.met is False]
    if not_met:
        out.append("Chỉ đạo các đơn vị chưa đạt chỉ tiêu " + ", ".join(r.id for r in not_met) +
                   " thực hiện hành động khắc phục đã đề ra và báo cáo kết quả trong kỳ tới.")
    no_action = sorted({a.unit for a in analysis.open_actions if a.action is None}, key=config.unit_order().get)
    if no_action:
        out.append("Yêu cầu các đơn vị sau xác định nguyên nhân, hành động khắc phục, người chịu trách nhiệm và "
                   "thời hạn cho các chỉ tiêu chưa đạt (ISO 9001:2015 mục 10.2): " +
                   _listed(no_action, lambda u: config.unit(u).name, "actions", "đơn vị", ", ") + ".")
    overdue_actions = [a for a in analysis.open_actions if a.overdue]
    if overdue_actions:
        out.append(f"Đôn đốc {vi_int(len(overdue_actions))} hành động khắc phục đã quá thời hạn: " +
                   _listed(overdue_actions, lambda a: f"{a.unit} — {a.indicator}", "actions", "hành động") + ".")
    if analysis.overdue:
        out.append("Đôn đốc hoàn thành các biện pháp quá hạn: " +
                   _listed(analysis.overdue, lambda o: f"{o.measure} ({config.unit(o.unit).name})", "overdue",
                           "biện pháp") + ".")
    if analysis.self_reports:
        out.append("Thư ký ISO kiểm tra minh chứng tại các đơn vị báo cáo đạt 100% mục tiêu nhưng còn biện pháp "
                   "chưa hoàn thành: " + _listed(analysis.self_reports,
                                                 lambda f: f"{config.unit(f.unit).name} (mục tiêu {f.objective})",
                                                 "self_reports", "trường hợp") + ".")
    return out + [TO_FILL]


def report_document(config: Config, analysis: Analysis) -> Document:
    """The draft "Báo cáo kết quả thực hiện Mục tiêu chất lượng" for the period (6 months or the year)."""
    period, metrics = analysis.period, analysis.metrics
    words = period_words(period)
    rates_chart, months_chart, units_chart = _charts(analysis)
    total = reporting_rate(analysis.timeliness_in(period))
    met = [o for o in metrics.objectives if o.met is True]
    not_met = [o for o in metrics.objectives if o.met is False]
    blocks: list[Block] = [
        Paragraph(f"Căn cứ {config.plan.decision} về việc ban hành {config.plan.title[0].lower()}"
                  f"{config.plan.title[1:]}; trên cơ sở báo cáo của các đơn vị (số liệu tổng hợp đến ngày "
                  f"{analysis.as_of:%d/%m/%Y}), {config.plan.department} báo cáo kết quả thực hiện Mục tiêu chất "
                  f"lượng {words} như sau:"),
        Heading("I. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ"),
        Paragraph(f"Trong kỳ có {vi_int(total.expected)} báo cáo tháng phải nộp; đã nhận {vi_int(total.reported)} "
                  f"báo cáo hợp lệ ({_pct(total.reporting_rate)}), trong đó {vi_int(total.on_time)} báo cáo đúng hạn "
                  f"({_pct(total.on_time_rate)})."),
        _rates_table(config, analysis),
        months_chart,
        Heading("II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU CHẤT LƯỢNG"),
        Paragraph(f"{vi_ratio(len(met), len(metrics.objectives))} mục tiêu đạt" +
                  (f"; chưa đạt: mục tiêu {', '.join(str(o.id) for o in not_met)}." if not_met else ".") +
                  " Tỷ lệ của Sở được tính bằng tổng số hoàn thành đúng hạn trên tổng số phải thực hiện của các đơn "
                  "vị (không lấy trung bình các tỷ lệ)."),
        rates_chart,
    ]
    for obj in metrics.objectives:
        objective = config.objective(obj.id)
        blocks += [Heading(f"{obj.id}. {objective.title}", 2),
                   Paragraph(f"Kết quả: {RESULT_VI[obj.met]}."),
                   _indicator_table(config, analysis, list(obj.indicators))]
        behind = [(r, code) for r in metrics.indicators if r.objective == obj.id for code in r.units_not_met]
        if behind:
            blocks.append(Paragraph("Đơn vị chưa đạt: " + _listed(
                behind, lambda b: f"{config.unit(b[1]).name} ({_pct(b[0].by_unit[b[1]].rate)} ở chỉ tiêu {b[0].id})",
                "matrix", "trường hợp") + ".", "bullet"))
        overdue = [o for o in analysis.overdue if o.objective == obj.id]
        if overdue:
            blocks.append(Paragraph("Biện pháp quá hạn: " + _listed(
                overdue, lambda o: f"{o.measure} — {config.unit(o.unit).name} (hạn {o.due_date:%d/%m/%Y})",
                "overdue", "biện pháp") + ".", "bullet"))
        flags = [f for f in analysis.self_reports if f.objective == obj.id]
        if flags:
            blocks.append(Paragraph("Cần kiểm tra minh chứng: " + _listed(
                flags, lambda f: f"{config.unit(f.unit).name} báo cáo đạt 100% nhưng " + ", ".join(
                    f"{m.measure} {m.reason[0].lower()}{m.reason[1:]}" for m in f.measures),
                "self_reports", "đơn vị") + ".", "bullet"))
    blocks += [Heading("III. ĐƠN VỊ CHƯA ĐẠT, CHẬM TIẾN ĐỘ"),
               Table(("Đơn vị", "Chưa nộp báo cáo", "Chỉ tiêu chưa đạt", "Biện pháp quá hạn", "Nộp trễ"),
                     _rows(analysis.behind, lambda b: (
                         _cell(config.unit(b.unit).name),
                         _cell(", ".join(p.form_value for p in b.missing) or "—", "bad" if b.missing else None),
                         _cell(", ".join(b.not_met) or "—", "bad" if b.not_met else None),
                         _cell(", ".join(b.overdue) or "—", "bad" if b.overdue else None),
                         _cell(len(b.late) or "—", "warn" if b.late else None)), "status", "đơn vị", 5),
                     (5.2, 2.8, 3.0, 3.0, 1.6))
               if analysis.behind else Paragraph("Không có đơn vị nào chậm trong kỳ."),
               units_chart,
               Heading("Biện pháp quá hạn", 2),
               _overdue_table(config, analysis) if analysis.overdue else
               Paragraph("Không có biện pháp nào quá hạn."),
               Heading("IV. NGUYÊN NHÂN VÀ HÀNH ĐỘNG KHẮC PHỤC"),
               Paragraph(f"Sổ theo dõi hành động khắc phục (ISO 9001:2015 mục 10.2) có {vi_int(len(analysis.actions))} "
                         f"nội dung liên quan đến kỳ: {vi_int(sum(a.status == ActionStatus.CLOSED for a in analysis.actions))} đã "
                         f"đóng (số liệu kỳ sau đạt lại), {vi_int(len(analysis.open_actions))} đang mở, trong đó "
                         f"{vi_int(sum(a.overdue for a in analysis.open_actions))} quá thời hạn và "
                         f"{vi_int(sum(a.action is None for a in analysis.open_actions))} chưa có hành động khắc phục."),
               _actions_table(config, analysis.actions) if analysis.actions else
               Paragraph("Không có nguyên nhân, hành động khắc phục nào được ghi nhận."),
               Heading("V. ĐỀ XUẤT, KIẾN NGHỊ")]
    blocks += [Paragraph(text, "bullet") for text in proposals(config, analysis)]
    return Document("BÁO CÁO", f"Kết quả thực hiện Mục tiêu chất lượng {words}", tuple(blocks))


def review_document(config: Config, analysis: Analysis) -> Document:
    """The management-review pack, its inputs in the order of ISO 9001:2015 clause 9.3.2."""
    period, metrics = analysis.period, analysis.metrics
    words = period_words(period)
    carried = [a for a in analysis.actions if a.opened.start < period.start]
    audit = [m for m in config.measures if _has(m.text, AUDIT_WORDS)]
    resources = [a for a in analysis.actions if a.cause and _has(a.cause, RESOURCE_WORDS)]
    satisfaction = [r.id for r in metrics.indicators if _has(r.name, SATISFACTION_WORDS)]
    nonconformity = [r.id for r in metrics.indicators if _has(r.name, NONCONFORMITY_WORDS)]
    total = reporting_rate(analysis.timeliness_in(period))
    overdue_ids = {(o.measure, o.unit) for o in analysis.overdue}
    blocks: list[Block] = [
        Paragraph(f"Tài liệu đầu vào cho cuộc họp xem xét của lãnh đạo về Hệ thống quản lý chất lượng theo TCVN ISO "
                  f"9001:2015 (mục 9.3.2), {words}; số liệu tổng hợp từ báo cáo của các đơn vị đến ngày "
                  f"{analysis.as_of:%d/%m/%Y}.", "note"),
        Heading("a) Tình trạng của các hành động từ các lần xem xét trước"),
        Paragraph("Các hành động khắc phục mở từ trước kỳ này và tình trạng hiện nay:" if carried else
                  "Không có hành động khắc phục nào mở từ trước kỳ này còn được theo dõi."),
    ]
    if carried:
        blocks.append(_actions_table(config, carried))
    blocks += [Paragraph(f"Các quyết định của lần xem xét trước: {TO_FILL}", "bullet"),
               Heading("b) Những thay đổi về các vấn đề bên ngoài và nội bộ liên quan đến HTQLCL"),
               Paragraph(TO_FILL, "bullet"),
               Heading("c) Kết quả thực hiện và hiệu lực của HTQLCL"),
               Heading("1. Sự thỏa mãn của tổ chức, công dân", 2)]
    blocks.append(_indicator_table(config, analysis, satisfaction) if satisfaction else Paragraph(TO_FILL, "bullet"))
    blocks += [Heading("2. Mức độ đạt được các mục tiêu chất lượng", 2),
               Table(("Mục tiêu", "Chỉ tiêu", "Kết quả"),
                     tuple((_cell(f"{o.id}. {config.objective(o.id).short}"), _cell(", ".join(o.indicators)),
                            _result(o.met)) for o in metrics.objectives), (9.5, 3.5, 3.0)),
               _charts(analysis)[0],
               Heading("3. Kết quả thực hiện các quá trình", 2),
               _indicator_table(config, analysis, [r.id for r in metrics.indicators]),
               Heading("4. Sự không phù hợp và hành động khắc phục", 2)]
    if nonconformity:
        blocks.append(_indicator_table(config, analysis, nonconformity))
    blocks.append(_actions_table(config, analysis.actions) if analysis.actions else
                  Paragraph("Không có nguyên nhân, hành động khắc phục nào được ghi nhận.", "bullet"))
    blocks += [Heading("5. Kết quả theo dõi và đo lường", 2),
               Paragraph(f"Báo cáo tháng: {vi_ratio(total.reported, total.expected)} hợp lệ "
                         f"({_pct(total.reporting_rate)}), đúng hạn {vi_int(total.on_time)} ({_pct(total.on_time_rate)}); "
                         f"biện pháp quá hạn: {vi_int(len(analysis.overdue))}; đơn vị tự báo cáo đạt nhưng còn biện pháp "
                         f"chưa xong: {vi_int(len(analysis.self_reports))}.", "bullet"),
               _charts(analysis)[1]]
    if analysis.overdue:
        blocks.append(_overdue_table(config, analysis))
    blocks += [Heading("6. Kết quả đánh giá nội bộ", 2)]
    for m in audit:
        late = [u for u in m.lead if (m.id, u) in overdue_ids]
        state = f"quá hạn ({', '.join(late)})" if late else "không có đơn vị chủ trì nào quá hạn"
        blocks.append(Paragraph(f"{m.id}. {m.text} — thời hạn: {m.deadline}; {state}.", "bullet"))
    blocks += [Paragraph(f"Kết quả, phát hiện của đợt đánh giá nội bộ: {TO_FILL}", "bullet"),
               Heading("7. Kết quả thực hiện của nhà cung cấp bên ngoài", 2),
               Paragraph(TO_FILL, "bullet"),
               Heading("d) Sự đầy đủ của nguồn lực")]
    blocks += [Paragraph(f"{config.unit(a.unit).name} ({a.indicator}, {a.opened.form_value}): {a.cause}", "bullet")
               for a in resources] or [Paragraph("Các đơn vị không nêu nguyên nhân về nguồn lực trong kỳ.", "bullet")]
    blocks += [Paragraph(f"Nhu cầu nguồn lực đề xuất: {TO_FILL}", "bullet"),
               Heading("e) Hiệu lực của các hành động giải quyết rủi ro và cơ hội"),
               Paragraph(TO_FILL, "bullet"),
               Heading("f) Các cơ hội cải tiến")]
    blocks += [Paragraph(text, "bullet") for text in proposals(config, analysis)]
    blocks += [Heading("Kết luận của lãnh đạo (đầu ra, mục 9.3.3)"),
               Table(("Nội dung quyết định", "Đơn vị, người thực hiện", "Thời hạn"),
                     tuple((_cell(""), _cell(""), _cell("")) for _ in range(4)), (9.0, 4.5, 2.5))]
    return Document("BÁO CÁO XEM XÉT CỦA LÃNH ĐẠO",
                    f"Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 — {words}", tuple(blocks),
                    signer="ĐẠI DIỆN LÃNH ĐẠO VỀ CHẤT LƯỢNG",
                    recipients=("Ban Giám đốc Sở", "Ban chỉ đạo ISO", "Lưu: VT, VP (ISO)"))
