"""`mtcl plan import`: a year's decision (.docx) as a plan file in config.toml's form, beside a review list of
everything the secretary must look at; last year's plan gives the units, the indicators and the comparison."""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..vi.plan_import import PLAN_IMPORT
from . import decision_words as w
from .config import CORRECTED_FIELDS, Config, ConfigError, build_config
from .deadlines import DeadlineError, DeadlineRule, due_dates, parse_deadline, rule_from_dict
from .decision_docx import DecisionError, read_blocks
from .decision_parse import (Draft, DraftMeasure, ImportedPlan, PlannedMeasure, PlannedObjective, ReviewItem,
                             parse_blocks)
from .decision_toml import render_plan, render_review
from .decision_units import UnitMapper

__all__ = ["DecisionError", "ImportResult", "import_decision", "plan_from_draft"]


@dataclass(frozen=True)
class ImportResult:
    plan_path: Path
    review_path: Path
    review: tuple[ReviewItem, ...]
    objectives: int
    measures: int
    loads: bool                                      # the plan file loads with last year's units


def import_decision(source: Path, out: Path, previous: Config) -> ImportResult:
    """Read the decision at `source`, write the plan to `out` and the review list beside it (<out>.review.md).
    DecisionError (Vietnamese) when the file is not such a decision (nothing is written then), or when the plan
    cannot be written where asked."""
    source, out = Path(source), Path(out)
    if out.resolve() == Path(previous.source).resolve() or out.with_suffix(".review.md").resolve() == \
            Path(previous.source).resolve():
        raise DecisionError(PLAN_IMPORT["out-is-config"].format(name=out.name))
    draft = parse_blocks(read_blocks(source))
    if not draft.tables or not draft.measures:
        raise DecisionError(PLAN_IMPORT["no-plan-table"].format(name=source.name))
    if not draft.objectives:
        raise DecisionError(PLAN_IMPORT["no-objectives"].format(name=source.name))
    raw = tomllib.loads(previous.source.read_text(encoding="utf-8-sig"))
    imported = plan_from_draft(draft, raw)
    text = render_plan(imported, source.name, out.with_suffix(".review.md").name)
    loads = _check_loads(text, raw, out, imported.review)
    review_path = out.with_suffix(".review.md")
    try:
        _write(out, text)
        _write(review_path, render_review(imported, source.name, out.name, loads))
    except OSError as exc:
        raise DecisionError(PLAN_IMPORT["cannot-write"].format(path=exc.filename or out, problem=exc.strerror)) from exc
    return ImportResult(out, review_path, tuple(imported.review), len(imported.objectives),
                        len(imported.measures), loads)


def plan_from_draft(draft: Draft, previous: dict) -> ImportedPlan:
    """The draft placed against last year's plan (`previous`: its parsed TOML): units mapped, deadlines read,
    objectives compared, indicators carried over (pure)."""
    review = list(draft.review)
    year = draft.year or previous.get("plan", {}).get("year", 0) + 1
    if draft.year is None:
        review.append(ReviewItem("no-year", PLAN_IMPORT["where-plan"], PLAN_IMPORT["no-year"].format(year=year)))
    plan = {"id": f"QD{draft.number}-{year}" if draft.number else f"KH-{year}",
            "title": PLAN_IMPORT["plan-title"].format(year=year),
            "decision": draft.decision,
            "department": draft.department or previous.get("plan", {}).get("department", ""),
            "year": year}
    issued = _issued(draft.decision)
    if issued is not None:
        plan["issued"] = issued
    if not draft.decision:
        review.append(ReviewItem("no-decision-ref", PLAN_IMPORT["where-plan"], PLAN_IMPORT["no-decision-ref"]))
    objectives = _objectives(draft, previous, review)
    mapper = UnitMapper(previous.get("units", []), previous.get("measures", []))
    measures = [_measure(m, mapper, review, year) for m in draft.measures]
    _carry_settings(measures, previous.get("measures", []), review)
    _compare_measures(measures, previous.get("measures", []), review)
    return ImportedPlan(plan, objectives, measures, review,
                        _carry_corrections(previous.get("corrections", []), objectives, measures))


def _carry_corrections(before: list[dict], objectives: list[PlannedObjective],
                       measures: list[PlannedMeasure]) -> list[dict]:
    """Last year's [[corrections]] of the decision's typos, for every record of the new plan still carrying the
    original words (a typo fixed in the new decision needs none)."""
    out = []
    for c in before:
        original = c.get("original", "")
        records = [f"objective:{o.id}" for o in objectives
                   if any(original in getattr(o, f) for f in CORRECTED_FIELDS["objective"])]
        records += [m.id for m in measures if any(original in getattr(m, f) for f in CORRECTED_FIELDS["measure"])]
        if original and records:
            out.append({**c, "records": records})
    return out


def _issued(decision: str) -> dt.date | None:
    """The decision's date, from «Quyết định số 147/QĐ-SLĐTBXH ngày 07/02/2023»: a deadline before it is due on
    that day (config's `[plan] issued`)."""
    match = re.search(r"ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", w.fold_keep(decision or ""))
    if not match:
        return None
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def _carry_settings(measures: list[PlannedMeasure], before: list[dict], review: list[ReviewItem]) -> None:
    """What the secretary decided last year about a measure whose words did not change: the due dates set where
    the text names none (`due`, `due_note`, with the deadline as then stored) and why its units are mapped as they
    are (`mapping_note`). A deadline with no rhythm («Định kỳ») and no such decision must be given one."""
    by_id = {m.get("id"): m for m in before}
    for m in measures:
        old = by_id.get(m.id)
        same_deadline = old is not None and _key(old.get("deadline", "")) == _key(m.deadline)
        if same_deadline and "due" in old:
            m.settings.update({k: old[k] for k in ("due", "due_note") if k in old})
            if not m.rules and old.get("deadline_parsed"):
                m.rules = tuple(rule_from_dict(r) for r in old["deadline_parsed"])
                m.fix[:] = [f for f in m.fix if f != PLAN_IMPORT["unread-deadline"].format(text=m.deadline)]
                review[:] = [i for i in review if not (i.code == "unread-deadline" and m.id in i.where)]
        if old is not None and old.get("mapping_note") and (old.get("lead_text"), old.get("coordinate_text")) == \
                (m.lead_text, m.coordinate_text):
            m.settings["mapping_note"] = old["mapping_note"]
        if any(r.kind == "periodic" for r in m.rules) and "due" not in m.settings:
            message = PLAN_IMPORT["periodic-needs-due"].format(text=m.deadline)
            review.append(ReviewItem("periodic-deadline", PLAN_IMPORT["where-measure"].format(id=m.id, where=""),
                                     message, "fix"))
            m.fix.append(message)


def _key(text: str) -> str:
    return w.mask_years(w.words(text))


def _objectives(draft: Draft, previous: dict, review: list[ReviewItem]) -> list[PlannedObjective]:
    before = {o["id"]: o for o in previous.get("objectives", [])}
    indicators: dict[int, list[dict]] = {}
    for ind in previous.get("indicators", []):
        indicators.setdefault(ind["objective"], []).append(ind)
    by_key = {_key(o["title"]): o for o in before.values()}
    matched: set[int] = set()
    out = []
    for number, title in sorted(draft.objectives.items()):
        where = PLAN_IMPORT["where-objective"].format(id=number)
        same = by_key.get(_key(title))
        if same is not None and same["id"] not in matched:
            matched.add(same["id"])
            carried = [{**ind, "objective": number} for ind in indicators.get(same["id"], [])]
            if same["id"] != number:
                review.append(ReviewItem("objective-renumbered", where, PLAN_IMPORT["objective-renumbered"].format(
                    old=same["id"], id=number, ids=_ids(carried)), "check"))
            out.append(PlannedObjective(number, title, same.get("short", ""), carried))
            continue
        old = before.get(number)
        if old is not None and old["id"] not in matched and _key(old["title"]) not in {_key(t) for t in draft.objectives.values()}:
            matched.add(old["id"])
            held = [{**ind, "objective": number} for ind in indicators.get(old["id"], [])]
            review.append(ReviewItem("objective-changed", where, PLAN_IMPORT["objective-changed"].format(
                id=number, old=old["title"], new=title,
                indicators=_names(held) or PLAN_IMPORT["no-indicators"]), "check"))
            out.append(PlannedObjective(number, title, old.get("short", ""), [], held))
            continue
        short = " ".join(title.split()[:8]).rstrip(",;.")
        review.append(ReviewItem("objective-new", where, PLAN_IMPORT["objective-new"].format(id=number, short=short)))
        out.append(PlannedObjective(number, title, short, []))
    for number, old in sorted(before.items()):
        if number not in matched:
            review.append(ReviewItem("objective-removed", PLAN_IMPORT["where-previous"].format(id=number),
                                     PLAN_IMPORT["objective-removed"].format(
                                         id=number, title=old["title"],
                                         indicators=_names(indicators.get(number, [])) or PLAN_IMPORT["no-indicators"]),
                                     "note"))
    if not any(o.indicators for o in out):
        review.append(ReviewItem("no-indicators", PLAN_IMPORT["where-plan"], PLAN_IMPORT["no-indicator-carried"], "fix"))
    return out


def _ids(indicators: list[dict]) -> str:
    return ", ".join(ind["id"] for ind in indicators)


def _names(indicators: list[dict]) -> str:
    return "; ".join(f"{ind['id']} {ind['name']}" for ind in indicators)


def _measure(draft: DraftMeasure, mapper: UnitMapper, review: list[ReviewItem], year: int) -> PlannedMeasure:
    v = draft.values
    where = PLAN_IMPORT["where-measure"].format(id=draft.id, where=draft.where)
    fix: list[str] = []
    lead, coordinate = mapper.map(v["lead_text"]), mapper.map(v["coordinate_text"])
    for role, match, text in (("lead", lead, v["lead_text"]), ("coordinate", coordinate, v["coordinate_text"])):
        if match.unknown:
            review.append(ReviewItem("unknown-unit", where, PLAN_IMPORT[f"unknown-{role}"].format(
                parts="; ".join(f"«{p}»" for p in match.unknown), text=text), "check"))
    if not lead.selectors:
        message = PLAN_IMPORT["no-lead"].format(text=v["lead_text"] or PLAN_IMPORT["empty"])
        review.append(ReviewItem("no-lead", where, message, "fix"))
        fix.append(message)
    rules: tuple[DeadlineRule, ...] = ()
    try:
        rules = parse_deadline(v["deadline"])
    except DeadlineError:
        message = PLAN_IMPORT["unread-deadline"].format(text=v["deadline"] or PLAN_IMPORT["empty"])
        review.append(ReviewItem("unread-deadline", where, message, "fix"))
        fix.append(message)
    else:
        if year and any(r.kind in ("month", "date") for r in rules) and not due_dates(rules, year):
            review.append(ReviewItem("deadline-outside-year", where, PLAN_IMPORT["deadline-outside-year"].format(
                text=v["deadline"], year=year), "check"))
        left = _unexplained_numbers(v["deadline"], rules)
        if left:
            review.append(ReviewItem("partial-deadline", where, PLAN_IMPORT["partial-deadline"].format(
                text=v["deadline"], numbers=", ".join(left)), "check"))
    if not v["text"]:
        review.append(ReviewItem("empty-measure", where, PLAN_IMPORT["empty-measure"], "check"))
    return PlannedMeasure(draft.id, draft.objective, v["text"], v["lead_text"], lead.selectors,
                          v["coordinate_text"], coordinate.selectors, v["deadline"], rules, v["monitor"],
                          v["evidence"], fix)


def _unexplained_numbers(text: str, rules: tuple[DeadlineRule, ...]) -> list[str]:
    """Numbers in a deadline that no rule read («Tháng 6 và tháng 12/2024» reads only December): a sign that
    the text says more than was understood. «01 lần/năm» is a frequency, not a date."""
    explained: set[int] = set()
    for rule in rules:
        if rule.month:
            explained.update(map(int, rule.month.split("-")))
        if rule.date:
            explained.update((rule.date.year, rule.date.month, rule.date.day))
        for mmdd in rule.dates:
            explained.update(map(int, mmdd.split("-")))
        if rule.day:
            explained.add(rule.day)
        if rule.kind == "half-yearly":
            explained.add(6)
    folded = w.fold_keep(text)
    return [m[1] for m in re.finditer(r"(\d+)(?!\s*lan\b)", folded)
            if int(m[1]) not in explained and not re.match(r"\d", folded[m.end():m.end() + 1])]


def _compare_measures(measures: list[PlannedMeasure], before: list[dict], review: list[ReviewItem]) -> None:
    """Measures added, removed, renamed or renumbered since last year: notes for the record. The same id with the
    same text first, then the same text under another id, then the same id with another text."""
    def key(objective, text: str) -> str:
        return f"{objective}#{_key(text)}"
    left = {m["id"]: m for m in before}
    pending = []
    for m in measures:
        old = left.get(m.id)
        if old is not None and key(old.get("objective"), old.get("text", "")) == key(m.objective, m.text):
            del left[m.id]
        else:
            pending.append(m)
    renamed = []
    for m in pending:
        old = next((o for o in left.values() if key(o.get("objective"), o.get("text", "")) == key(m.objective, m.text)),
                   None)
        if old is None:
            renamed.append(m)
            continue
        del left[old["id"]]
        review.append(ReviewItem("measure-renumbered", PLAN_IMPORT["where-measure-id"].format(id=m.id),
                                 PLAN_IMPORT["measure-renumbered"].format(old=old["id"], id=m.id), "note"))
    for m in renamed:
        where = PLAN_IMPORT["where-measure-id"].format(id=m.id)
        old = left.pop(m.id, None)
        if old is not None:
            review.append(ReviewItem("measure-renamed", where, PLAN_IMPORT["measure-renamed"].format(
                id=m.id, old=old.get("text", ""), new=m.text), "note"))
        else:
            review.append(ReviewItem("measure-added", where, PLAN_IMPORT["measure-added"].format(
                id=m.id, text=m.text), "note"))
    for old in left.values():
        review.append(ReviewItem("measure-removed", PLAN_IMPORT["where-previous-measure"].format(id=old["id"]),
                                 PLAN_IMPORT["measure-removed"].format(id=old["id"], text=old.get("text", "")),
                                 "note"))


def _check_loads(text: str, previous: dict, out: Path, review: list[ReviewItem]) -> bool:
    """Whether the plan file loads with last year's units (the loader's own message when it does not)."""
    data = tomllib.loads(text)
    data["units"] = previous.get("units", [])
    try:
        build_config(data, out.resolve(), text)
    except ConfigError as exc:
        review.append(ReviewItem("plan-does-not-load", out.name, PLAN_IMPORT["does-not-load"].format(problem=exc),
                                 "fix"))
        return False
    return True


def _write(target: Path, text: str) -> None:
    """The whole file or none of it: a temp file beside `target`, then one rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
