"""An imported plan as TOML text in config.toml's form (with the secretary's notes as comments), and its review
list as Markdown."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..vi import vi_int
from ..vi.plan_import import PLAN_IMPORT
from .deadlines import DeadlineRule
from .decision_parse import ImportedPlan

LEVELS = ("fix", "check", "note")


def toml_value(value: Any) -> str:
    """One value as TOML writes it; a JSON string is a valid TOML basic string once DEL is escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def rule_dict(rule: DeadlineRule) -> dict:
    """A deadline rule as config.toml's deadline_parsed writes it (the inverse of deadlines.rule_from_dict)."""
    out: dict[str, Any] = {"kind": rule.kind}
    for name in ("month", "date", "dates", "day"):
        value = getattr(rule, name)
        if value not in (None, ()):
            out[name] = list(value) if name == "dates" else value
    return out


def _table(name: str, items: dict, prefix: str = "") -> list[str]:
    return [f"{prefix}[[{name}]]" if name != "plan" else "[plan]"] + \
        [f"{prefix}{k} = {toml_value(v)}" for k, v in items.items()]


def render_plan(imported: ImportedPlan, source_name: str, review_name: str) -> str:
    lines = [f"# {PLAN_IMPORT['toml-head'].format(source=source_name)}",
             f"# {PLAN_IMPORT['toml-review'].format(review=review_name)}", ""]
    lines += _table("plan", imported.plan) + [""]
    lines += [f"# {PLAN_IMPORT['toml-objectives']}", ""]
    for o in imported.objectives:
        lines += _table("objectives", {"id": o.id, "title": o.title, "short": o.short}) + [""]
    lines += [f"# {PLAN_IMPORT['toml-indicators']}", ""]
    for o in imported.objectives:
        for ind in o.indicators:
            lines += _table("indicators", ind) + [""]
        if o.held:
            lines.append(f"# {PLAN_IMPORT['toml-held'].format(id=o.id)}")
            for ind in o.held:
                lines += _table("indicators", ind, prefix="# ") + ["#"]
            lines.append("")
    lines += [f"# {PLAN_IMPORT['toml-measures']}", ""]
    objective = None
    for m in imported.measures:
        if m.objective != objective:
            objective = m.objective
            title = next((o.title for o in imported.objectives if o.id == objective), "")
            lines += [f"# {PLAN_IMPORT['toml-section'].format(id=objective, title=title[:80])}", ""]
        lines += [f"# {PLAN_IMPORT['toml-fix']}: {problem}" for problem in m.fix]
        lines += _table("measures", {
            "id": m.id, "objective": m.objective, "text": m.text,
            "lead_text": m.lead_text, "lead": list(m.lead),
            "coordinate_text": m.coordinate_text, "coordinate": list(m.coordinate),
            "deadline": m.deadline, "deadline_parsed": [rule_dict(r) for r in m.rules],
            "monitor": m.monitor, "evidence": m.evidence, **m.settings}) + [""]
    if imported.corrections:
        lines += [f"# {PLAN_IMPORT['toml-corrections']}", ""]
        for c in imported.corrections:
            lines += _table("corrections", c) + [""]
    return "\n".join(lines)


def render_review(imported: ImportedPlan, source_name: str, plan_name: str, loads: bool) -> str:
    items = imported.review
    lines = [f"# {PLAN_IMPORT['review-title'].format(source=source_name)}", "",
             PLAN_IMPORT["review-summary"].format(plan=plan_name, objectives=vi_int(len(imported.objectives)),
                                                  measures=vi_int(len(imported.measures))), "",
             PLAN_IMPORT["review-loads" if loads else "review-does-not-load"], ""]
    if not items:
        lines += [PLAN_IMPORT["review-empty"], ""]
    for level in LEVELS:
        chosen = [i for i in items if i.level == level]
        if not chosen:
            continue
        lines += [f"## {PLAN_IMPORT[f'level-{level}']} ({vi_int(len(chosen))})", ""]
        lines += [f"- **{i.where}**: {i.message}" for i in chosen] + [""]
    return "\n".join(lines)
