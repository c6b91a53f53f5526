"""The demo's next-year plan file: the plan of config.toml carried to the following year, with the changes a
new decision typically brings (a measure added, one renamed, one dropped, one indicator new)."""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

from ..plan.deadlines import parse_deadline
from ..plan.years import PLAN_PARTS

# The visible changes of the demo's 2024 decision against 2023's (ids as in config.toml).
ADDED_MEASURE = {
    "id": "I.8", "objective": 1,
    "text": "Tập huấn TCVN ISO 9001:2015 cho công chức, viên chức mới tuyển dụng năm {year}",
    "lead_text": "Văn phòng Sở", "lead": ["VP"], "coordinate_text": "Thư ký ISO", "coordinate": [],
    "deadline": "Tháng 6/{year}", "monitor": "Thư ký ISO", "evidence": "Danh sách học viên, tài liệu tập huấn",
}
RENAMED_MEASURE = ("IX.2", " và số hóa hồ sơ lưu trữ")          # the measure whose text gains these words
DROPPED_MEASURE = "X.2"
NEW_INDICATOR = {
    "id": "8.2", "objective": 8, "name": "Hồ sơ TTHC tiếp nhận trực tuyến toàn trình",
    "numerator": "Số hồ sơ TTHC tiếp nhận trực tuyến toàn trình",
    "denominator": "Số hồ sơ TTHC tiếp nhận trong kỳ", "comparison": ">=", "target": 0.5, "late": False,
}


def next_year_plan(config_text: str) -> tuple[int, str]:
    """The year after config.toml's plan and its plan file (TOML text, the form of [plans] files).

    Seam: once `mtcl plan import` is on main, the demo builds this year's decision with pipeline/demo/decision.py,
    edits it the same way and imports it (plan.decision), instead of deriving the TOML here."""
    data = tomllib.loads(config_text)
    year = data["plan"]["year"] + 1
    plan = {key: _next_year(data[key], year) for key in PLAN_PARTS if key in data and key != "units"}
    plan["plan"]["year"] = year
    plan["plan"]["id"] = f"{plan['plan']['id'].rsplit('-', 1)[0]}-{year}"
    plan["plan"]["decision"] = f"Quyết định số 35/QĐ-SLĐTBXH ngày 15/01/{year}"
    measures = [m for m in plan["measures"] if m["id"] != DROPPED_MEASURE]
    for m in measures:
        if m["id"] == RENAMED_MEASURE[0]:
            m["text"] += RENAMED_MEASURE[1]
    added = {k: v.format(year=year) if isinstance(v, str) else v for k, v in ADDED_MEASURE.items()}
    at = max(n for n, m in enumerate(measures) if m["objective"] == added["objective"]) + 1
    measures.insert(at, added)
    for m in measures:
        m["deadline_parsed"] = [_rule_dict(rule) for rule in parse_deadline(m["deadline"])]
    plan["measures"] = measures
    indicators = plan["indicators"]
    at = max(n for n, i in enumerate(indicators) if i["objective"] <= NEW_INDICATOR["objective"]) + 1
    plan["indicators"] = indicators[:at] + [dict(NEW_INDICATOR)] + indicators[at:]
    header = f"# Plan {year}: made by `mtcl demo` from the {year - 1} plan (see pipeline/demo/nextplan.py)\n"
    return year, header + dumps(plan)


def _next_year(value: Any, year: int) -> Any:
    """Every year the plan names, one later (2023 → 2024, 2022 → 2023)."""
    if isinstance(value, str):
        return re.sub(r"(?<!\d)(20\d\d)(?!\d)", lambda m: str(int(m[1]) + 1) if int(m[1]) in (year - 1, year - 2)
                      else m[1], value)
    if isinstance(value, dt.date):
        return value.replace(year=value.year + 1)
    if isinstance(value, list):
        return [_next_year(v, year) for v in value]
    if isinstance(value, dict):
        return {k: _next_year(v, year) for k, v in value.items()}
    return value


def _rule_dict(rule) -> dict:
    out = {"kind": rule.kind}
    for name in ("month", "date", "dates", "day"):
        value = getattr(rule, name)
        if value not in (None, ()):
            out[name] = list(value) if isinstance(value, tuple) else value
    return out


def dumps(data: dict) -> str:
    """TOML for the plan's shapes: tables, arrays of tables, strings, numbers, booleans, dates, inline tables."""
    lines: list[str] = []
    for key, value in data.items():
        rows = value if isinstance(value, list) else [value]
        for row in rows:
            lines.append(f"\n[[{key}]]" if isinstance(value, list) else f"\n[{key}]")
            lines += [f"{k} = {_value(v)}" for k, v in row.items()]
    return "\n".join(lines).lstrip("\n") + "\n"


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, dt.date)):
        return v.isoformat() if isinstance(v, dt.date) else repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"no TOML form for {v!r}")
