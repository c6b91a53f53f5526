"""Writing a period's outputs (workbook, summary.md, summary.json), each published atomically."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Callable

import pandas as pd

from .config import Config
from .findings import SEVERITY_VI
from .merge import ACCEPTED, Outcome
from .metrics import UNIT_STATUS_VI, Metrics
from .workbook import RESULT_VI, write_workbook

log = logging.getLogger(__name__)

WORKBOOK_NAME = "tong-hop-mtcl-{period}.xlsx"
REPLACE_RETRIES = 5


def publish(final: Path, produce: Callable[[Path], None]) -> Path:
    """Write through `produce` into a temp file beside `final`, then replace `final` in one step.

    The previous output stays intact until the new one is complete; no partial file ever carries the
    final name. When `final` is locked (open in Excel on Windows), retry briefly, then publish under
    a timestamped name and return that."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.stem}-", suffix=final.suffix)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        produce(tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        for attempt in range(REPLACE_RETRIES):
            try:
                os.replace(tmp, final)
                return final
            except PermissionError:
                time.sleep(0.2 * (attempt + 1))
        fallback = final.with_name(f"{final.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}{final.suffix}")
        os.replace(tmp, fallback)
        log.warning("%s is locked (open in another program?); published as %s", final, fallback.name)
        return fallback
    finally:
        if tmp.exists():
            tmp.unlink()


def _write_text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8", newline="\n")


def write_outputs(config: Config, metrics: Metrics, frame: pd.DataFrame, outcomes: list[Outcome],
                  generated_at: dt.datetime) -> dict[str, Path]:
    folder = config.paths.outbound / metrics.period.key
    paths = {"workbook": folder / WORKBOOK_NAME.format(period=metrics.period.key),
             "summary_md": folder / "summary.md", "summary_json": folder / "summary.json"}
    out = {"workbook": publish(paths["workbook"], lambda p: write_workbook(p, config, metrics, frame, outcomes,
                                                                         generated_at))}
    out["summary_md"] = publish(paths["summary_md"], _write_text(summary_markdown(config, metrics, outcomes,
                                                                                  generated_at)))
    summary = summary_dict(config, metrics, outcomes, generated_at, {**out, "summary_json": paths["summary_json"]})
    out["summary_json"] = publish(paths["summary_json"],
                                  _write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n"))
    return out


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def submission_record(o: Outcome) -> dict:
    return {"file": o.submission.path, "sha256": o.submission.sha256, "unit": o.checked.unit,
            "period": o.checked.period.key if o.checked.period else None, "status": o.status,
            "verdict": o.checked.verdict, "received_at": o.submission.received_at.isoformat(),
            "on_time": o.on_time,
            "findings": [{"severity": f.severity, "code": f.code, "sheet": f.sheet, "cell": f.cell,
                          "value": f.value, "message": f.message} for f in o.checked.findings]}


def summary_dict(config: Config, metrics: Metrics, outcomes: list[Outcome], generated_at: dt.datetime,
                 outputs: dict[str, Path]) -> dict:
    return {
        "period": metrics.period.key,
        "plan": config.plan.id,
        "generated_at": generated_at.isoformat(),
        "units_expected": [u.code for u in config.units],
        "reports_expected": metrics.expected,
        "reports_accepted": metrics.submitted,
        "reports_on_time": metrics.count("on-time"),
        "submissions": [submission_record(o) for o in outcomes],
        "unit_status": [{"unit": s.unit, "period": s.period, "status": s.status, "file": s.file,
                         "received_at": s.received_at.isoformat() if s.received_at else None}
                        for s in metrics.statuses],
        "missing_units": metrics.missing_units,
        "indicators": [{"id": r.id, "objective": r.objective, "name": r.name, "target": r.target,
                        "comparison": r.comparison, "numerator": r.numerator, "denominator": r.denominator,
                        "late": r.late, "rate": _rate(r.rate), "met": r.met, "units_met": r.units_met,
                        "units_reporting": r.units_reporting,
                        "by_unit": {code: {"numerator": f.numerator, "denominator": f.denominator, "late": f.late,
                                           "rate": _rate(f.rate), "met": f.met} for code, f in r.by_unit.items()}}
                       for r in metrics.indicators],
        "objectives": [{"id": o.id, "met": o.met} for o in metrics.objectives],
        "outputs": {k: str(v.relative_to(config.paths.outbound)) for k, v in outputs.items()},
    }


def _pct(rate: float | None) -> str:
    return "không phát sinh" if rate is None else f"{rate:.1%}".replace(".", ",")


def summary_markdown(config: Config, metrics: Metrics, outcomes: list[Outcome], generated_at: dt.datetime) -> str:
    """One page for leadership, in Vietnamese: what is met, what is not, who is missing, what needs action."""
    p = metrics.period
    lines = [f"# Tổng hợp kết quả thực hiện mục tiêu chất lượng — {p.label_vi}", "",
             f"{config.plan.department} · {config.plan.title}. Lập lúc {generated_at:%H:%M ngày %d/%m/%Y}.", ""]
    met = [o for o in metrics.objectives if o.met is True]
    not_met = [o for o in metrics.objectives if o.met is False]
    lines += ["## Kết quả chung", "",
              f"- Mục tiêu đạt: **{len(met)}/{len(metrics.objectives)}**; không đạt: **{len(not_met)}**; "
              f"chưa có số liệu: {len(metrics.objectives) - len(met) - len(not_met)}.",
              f"- Báo cáo được nhận: **{metrics.submitted}/{metrics.expected}** "
              f"(đúng hạn {metrics.count('on-time')}, trễ hạn {metrics.count('late')}).", ""]
    lines += ["## Các chỉ tiêu", "", "| Chỉ tiêu | Mục tiêu | Tỷ lệ của Sở | Đơn vị đạt | Kết quả |",
              "|---|---|---|---|---|"]
    for r in metrics.indicators:
        lines.append(f"| {r.id} {r.name} | {r.target_label} | {_pct(r.rate)} | {r.units_met}/{r.units_reporting} "
                     f"| {RESULT_VI[r.met]} |")
    lines.append("")
    behind = [(r, code) for r in metrics.indicators for code in r.units_not_met]
    lines += ["## Cần chỉ đạo khắc phục", ""]
    if behind:
        for r, code in behind:
            fig = r.by_unit[code]
            lines.append(f"- {config.unit(code).name}: chỉ tiêu {r.id} đạt {_pct(fig.rate)} "
                         f"(mục tiêu {r.target_label}).")
    else:
        lines.append("- Không có đơn vị nào chưa đạt chỉ tiêu trong kỳ.")
    lines.append("")
    lines += ["## Đơn vị chưa nộp hoặc bị trả lại", ""]
    missing = [s for s in metrics.statuses if s.status in ("missing", "rejected")]
    lines += [f"- {s.name} ({s.period}): {UNIT_STATUS_VI[s.status].lower()}." for s in missing] or \
        ["- Tất cả đơn vị đã nộp báo cáo."]
    lines.append("")
    rejected = [o for o in outcomes if o.status == "rejected"]
    if rejected:
        lines += ["## Tệp bị trả lại", ""]
        for o in rejected:
            first = next((f for f in o.checked.findings if f.severity == "error"), None)
            reason = f"{SEVERITY_VI['error']}: {first.message}" if first else ""
            where = f" ({first.sheet}!{first.cell})" if first and first.cell else ""
            lines.append(f"- `{o.submission.path}`{where}: {reason}")
        lines.append("")
    warned = sum(1 for o in outcomes if o.status == ACCEPTED and o.checked.findings)
    if warned:
        lines += [f"Có {warned} báo cáo được nhận kèm cảnh báo; xem trang «Lỗi và cảnh báo» của bảng tổng hợp.", ""]
    lines += [f"Chi tiết: `{WORKBOOK_NAME.format(period=p.key)}`.", ""]
    return "\n".join(lines)
