"""The demo's next-year plan, made as the secretary makes it: next year's decision (.docx) written from this
year's plan with the changes a new decision typically brings (a measure added, one renamed, one dropped),
imported by `mtcl plan import`, then the one edit the decision cannot carry (an indicator new this year)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..plan.config import Config
from ..plan.decision import ImportResult, import_decision
from .decision import ROMAN, decision_from_config, write_decision

# The visible changes of the demo's next-year decision against this year's (ids as in config.toml).
ADDED_MEASURE = ("I", ("8", "Tập huấn TCVN ISO 9001:2015 cho công chức, viên chức mới tuyển dụng năm {year}",
                       "Văn phòng Sở", "", "Tháng 6/{year}", "Thư ký ISO", "Danh sách học viên, tài liệu tập huấn"))
ADDED = "I.8"
RENAMED_MEASURE = ("IX.2", " và số hóa hồ sơ lưu trữ")          # the measure whose text gains these words
DROPPED_MEASURE = "X.2"
# Indicators are the Department's own reading of the objectives, not in the decision: the secretary adds this
# one to the imported plan file (the review list's «chỉ tiêu» step).
NEW_INDICATOR = {
    "id": "8.2", "objective": 8, "name": "Hồ sơ TTHC tiếp nhận trực tuyến toàn trình",
    "numerator": "Số hồ sơ TTHC tiếp nhận trực tuyến toàn trình",
    "denominator": "Số hồ sơ TTHC tiếp nhận trong kỳ", "comparison": ">=", "target": 0.5, "late": False,
}


def next_year_plan(config: Config, folder: Path) -> tuple[int, ImportResult]:
    """Next year's decision written to `folder` (QD-MTCL-YYYY.docx) and imported into `folder`/YYYY.toml (with
    its review list beside it), the new indicator added: the year and the import's result."""
    year = config.plan.year + 1
    decision = decision_from_config(config, year)
    source = write_decision(decision.with_rows(_changed_rows(decision.rows(), year)),
                            folder / f"QD-MTCL-{year}.docx")
    result = import_decision(source, folder / f"{year}.toml", config)
    with open(result.plan_path, "a", encoding="utf-8") as plan:
        plan.write("\n# Added by the secretary after the import: an indicator new this year.\n[[indicators]]\n")
        plan.writelines(f"{key} = {_value(value)}\n" for key, value in NEW_INDICATOR.items())
    return year, result


def _changed_rows(rows: list[tuple[str, ...]], year: int) -> list[tuple[str, ...]]:
    """Phụ lục 2's rows with the measure added at the end of its section, one renamed and one dropped."""
    out: list[tuple[str, ...]] = []
    section, number = "", ""
    renamed_section, renamed_number = RENAMED_MEASURE[0].split(".")
    dropped_section, dropped_number = DROPPED_MEASURE.split(".")
    for row in rows:
        tt = row[0].strip()
        if tt.rstrip(".") in ROMAN[1:]:
            if section == ADDED_MEASURE[0]:
                out.append(tuple(c.format(year=year) for c in ADDED_MEASURE[1]))
            section, number = tt.rstrip("."), ""
        elif tt and not tt.endswith(")"):
            number = tt
        if (section, number) == (dropped_section, dropped_number):
            continue
        if (section, number, tt) == (renamed_section, renamed_number, number):
            row = (row[0], row[1] + RENAMED_MEASURE[1]) + row[2:]
        out.append(row)
    return out


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(v)
