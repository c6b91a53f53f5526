"""The 12-month demo year, built once per test session, and an independent reading of its submitted files.

The expected figures here are recomputed from the files in inbound/ with openpyxl and plain Python (cell
positions of the template, file times, SHA-256), never through the pipeline's reader, validation or merge."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from factories import REAL_CONFIG
from pipeline.plan.config import Config
from pipeline.plan.deadlines import due_dates
from pipeline.demo.year import build_demo
from pipeline.plan.periods import Period, parse_period
from pipeline.run import RunResult, run

NOW = dt.datetime(2024, 2, 15, 22, 30).astimezone()      # after the last December report arrived
PERIODS = ("2023-05", "2023-H1", "2023")
DONE = ("Hoàn thành đúng hạn", "Hoàn thành trễ hạn")
FIRST_INDICATOR_ROW, FIRST_MEASURE_ROW = 10, 5


@dataclass
class Sent:
    """One file as received: when, which bytes, and what it says (None where a count is not a number)."""
    path: Path
    received: dt.datetime
    unit: str
    month: Period
    valid: bool
    figures: dict[str, dict] = field(default_factory=dict)
    measures: dict[str, dict] = field(default_factory=dict)


@dataclass
class YearDemo:
    config: Config
    result: RunResult
    sent: list[Sent]

    def period_result(self, key: str):
        return next(p for p in self.result.periods if p.period.key == key)


def build_year_demo(folder: Path) -> YearDemo:
    """Build the demo year in `folder` and consolidate the month, the half-year and the year (the session
    fixture `year_demo_built` does it once for every test)."""
    config = build_demo(folder, REAL_CONFIG, months=12)
    result = run(config, periods=[parse_period(p) for p in PERIODS], now=NOW)
    return YearDemo(config, result, read_sent(config))


def _date(value) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def read_sent(config: Config) -> list[Sent]:
    """Every distinct file in inbound/ in order of arrival; a copy of bytes already received counts once."""
    names = {u.name: u.code for u in config.units}
    seen, out = set(), []
    for path in sorted(config.paths.inbound.rglob("*.xlsx"), key=lambda p: (p.stat().st_mtime, str(p))):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        wb = openpyxl.load_workbook(path)
        ws = wb["Chỉ tiêu"]
        month, year = ws["C5"].value.split("/")
        sent = Sent(path, dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone(), names[ws["C4"].value],
                    Period(int(year), int(month), 1), True)
        ms = wb["Biện pháp"]
        for r in range(FIRST_MEASURE_ROW, ms.max_row + 1):
            if ms[f"A{r}"].value:
                sent.measures[ms[f"A{r}"].value] = {"status": ms[f"K{r}"].value,
                                                    "completed": _date(ms[f"L{r}"].value), "row": r}
        computed = {i.id for i in config.indicators if i.computed}
        for r in range(FIRST_INDICATOR_ROW, FIRST_INDICATOR_ROW + len(config.indicators)):
            due, done, late = ws[f"G{r}"].value, ws[f"H{r}"].value, ws[f"I{r}"].value
            late = late if isinstance(late, int) else None
            if ws[f"A{r}"].value in computed:           # 1.1: counted from the Biện pháp sheet, not typed
                due, done, late = measures_counted(config, sent.unit, sent.month, sent.measures)
            elif due == "—":                # not asked in this month (a stock asked quarterly, a milestone)
                continue
            if not (isinstance(due, int) and isinstance(done, int) and done + (late or 0) <= due):
                sent.valid = False
            sent.figures[ws[f"A{r}"].value] = {
                "due": due, "on_time": done, "late": late, "cause": ws[f"L{r}"].value, "action": ws[f"M{r}"].value,
                "owner": ws[f"N{r}"].value, "deadline": _date(ws[f"O{r}"].value),
                "done": _serial_date(ws[f"P{r}"].value), "row": r}
        out.append(sent)
    return out


def held_dates(config: Config, measure) -> list[list[tuple[dt.date, dt.date]]]:
    """Each deadline of a measure on its own, as (the day written, the day it is held to): the dates config sets
    (`due`) or those the plan's text gives, a day before the decision's issue date held to the issue date."""
    groups = ([sorted(measure.due)] if measure.due is not None else
              [due_dates([rule], config.plan.year) for rule in measure.deadline_rules])
    return [[(day, max(day, config.plan.issued)) for day in days] for days in groups]


def measures_counted(config: Config, unit: str, month: Period, measures: dict[str, dict]) -> tuple[int, int, int]:
    """1.1 of one report: the measures the unit leads held to a day of the report's month, and of those the
    ones its Biện pháp sheet (`measures`: id -> {"status": …}) says done on time and done late."""
    due = [m.id for m in config.measures if unit in m.lead and
           any(month.start <= held <= month.end for days in held_dates(config, m) for _, held in days)]
    statuses = [measures.get(m, {}).get("status") for m in due]
    return len(due), statuses.count(DONE[0]), statuses.count(DONE[1])


def _serial_date(value) -> dt.date | None:
    """A date typed into a cell the template formats as text reads back as an Excel serial number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    return _date(value)


def due_of(config: Config, month: Period) -> dt.date:
    """The 20th (config) of the month after."""
    nxt = Period(month.year + (month.first_month == 12), month.first_month % 12 + 1, 1)
    return dt.date(nxt.year, nxt.first_month, config.reporting.due_day)


def accepted(demo: YearDemo) -> dict[tuple[str, Period], Sent]:
    """The latest valid file of each unit and month."""
    out = {}
    for sent in demo.sent:
        if sent.valid:
            out[(sent.unit, sent.month)] = sent
    return out


def timeliness(demo: YearDemo, months: list[Period]) -> dict[tuple[str, Period], str]:
    """on-time | late | on-time-rejected | missing | pending, from arrival times of valid and invalid files."""
    chosen = accepted(demo)
    out = {}
    for month in months:
        due = due_of(demo.config, month)
        for unit in demo.config.units:
            mine = [s for s in demo.sent if s.unit == unit.code and s.month == month]
            bad_on_time = any(not s.valid and s.received.date() <= due for s in mine)
            good = chosen.get((unit.code, month))
            if good is not None and good.received.date() <= due:
                status = "on-time"
            elif good is not None:
                status = "on-time-rejected" if bad_on_time else "late"
            elif NOW.date() <= due:
                status = "pending"
            else:
                status = "on-time-rejected" if bad_on_time else "missing"
            out[(unit.code, month)] = status
    return out


def meets(indicator, rate: float | None) -> bool | None:
    if rate is None or not indicator.judged:          # «Theo dõi»: the plan sets no target (4.3)
        return None
    return rate <= indicator.target + 1e-9 if indicator.comparison == "<=" else rate >= indicator.target - 1e-9


def pooled(demo: YearDemo, months: list[Period]) -> dict[str, dict]:
    """Per indicator: the Department's numerator, denominator, rate and result, and each unit's, over `months`."""
    chosen = accepted(demo)
    out = {}
    for ind in demo.config.indicators:
        by_unit: dict[str, list[int]] = {}
        for (unit, month), sent in sorted(chosen.items(), key=lambda item: item[0][1]):
            fig = sent.figures.get(ind.id)
            if month in months and fig is not None and isinstance(fig["due"], int):
                if ind.aggregation == "latest":         # a stock: the unit's latest report, never a sum
                    by_unit[unit] = [0, 0]
                by_unit.setdefault(unit, [0, 0])
                by_unit[unit][0] += fig["on_time"]
                by_unit[unit][1] += fig["due"]
        out[ind.id] = expected_figures(demo.config, ind, by_unit)
    return out


def expected_figures(config: Config, ind, by_unit: dict[str, list[int]]) -> dict:
    """An indicator's figures from each unit's [numerator, denominator], judged as the plan says: over the
    pools of config where it has some (6.2: the block's pool, each centre's), every unit alone otherwise."""
    num, den = sum(n for n, _ in by_unit.values()), sum(d for _, d in by_unit.values())
    rates = {u: (n / d if d else None) for u, (n, d) in by_unit.items()}
    met = meets(ind, num / den if den else None)
    judged = set(by_unit) if ind.judged else set()
    pools = [p for p in config.pools if ind.id in p.indicators]
    if pools:
        sums = [(sum(by_unit.get(u, [0, 0])[0] for u in p.units), sum(by_unit.get(u, [0, 0])[1] for u in p.units))
                for p in pools]
        verdicts = [meets(ind, n / d) for n, d in sums if d]
        met = all(verdicts) if verdicts else None
        judged = {p.units[0] for p in pools if len(p.units) == 1} & set(by_unit)
    label = "Theo dõi" if not ind.judged else {True: "Đạt", False: "Không đạt", None: "Không phát sinh"}[met]
    return {"numerator": num, "denominator": den, "rate": num / den if den else None, "met": met, "label": label,
            "units_met": sum(meets(ind, rates[u]) is True for u in judged),
            "units_reporting": sum(by_unit[u][1] > 0 for u in judged), "by_unit": rates,
            "pools": [(p.title, n, d, meets(ind, n / d) if d else None) for p, (n, d) in zip(pools, sums)] if pools else []}


def overdue(demo: YearDemo, as_of: dt.date, today: dt.date | None = None) -> set[tuple[str, str, dt.date]]:
    """(measure, lead unit, day held to): for each deadline of the measure on its own, its last day before
    `as_of` (the plan's issue date when the plan's day is earlier) whose monthly report was due by `today`
    (20th of the next month) or has arrived from the unit, and no report of the unit up to then says it
    was completed after that deadline's previous day."""
    config, chosen = demo.config, accepted(demo)
    today = today or NOW.date()
    due_day = config.reporting.due_day
    out = set()
    for measure in config.measures:
        for dates in held_dates(config, measure):
            for unit in measure.lead:
                months = [m for (u, m) in chosen if u == unit and m.start <= as_of]
                owed = None
                for k, (_, held) in enumerate(dates):
                    report_due = (dt.date(held.year + 1, 1, due_day) if held.month == 12 else
                                  dt.date(held.year, held.month + 1, due_day))
                    if held < as_of and (today > report_due or any(
                            (m.year, m.first_month) >= (held.year, held.month) for m in months)):
                        owed = (held, dates[k - 1][0] if k else None)
                if owed is None:
                    continue
                held, after = owed
                done = any(sent.measures.get(measure.id, {}).get("status") in DONE
                           and sent.measures[measure.id]["completed"] is not None
                           and (after is None or sent.measures[measure.id]["completed"] > after)
                           for (u, month), sent in chosen.items() if u == unit and month.start <= as_of)
                if not done:
                    out.add((measure.id, unit, held))
    return out


def self_reports(demo: YearDemo, period: Period) -> set[tuple[str, int, tuple[str, ...]]]:
    """(unit, objective, measures): every indicator of the objective met by the unit over the period, yet
    measures under it overdue (as lead) or reported unfinished past the deadline of its latest report."""
    config, chosen = demo.config, accepted(demo)
    figures = pooled(demo, period.months())
    late = {(m, u) for m, u, _ in overdue(demo, period.end)}
    out = set()
    for unit in config.units:
        latest = max((m for (u, m) in chosen if u == unit.code and m in period.months()), default=None)
        for obj in config.objectives:
            rates = [(ind, figures[ind.id]["by_unit"].get(unit.code)) for ind in config.indicators
                     if ind.objective == obj.id]
            rates = [(ind, r) for ind, r in rates if r is not None]
            pooled_here = {ind.id for ind, _ in rates if any(unit.code in p.units and len(p.units) > 1
                                                           for p in config.pools if ind.id in p.indicators)}
            # a unit judged only with its pool (6.2 in a phòng) has no verdict of its own to claim
            if not rates or not all(meets(ind, r) and ind.id not in pooled_here for ind, r in rates):
                continue
            found = set()
            for measure in config.measures:
                if measure.objective != obj.id or unit.code not in measure.lead + measure.coordinate:
                    continue
                if (measure.id, unit.code) in late:
                    found.add(measure.id)
                elif latest is not None and measure.id in chosen[(unit.code, latest)].measures:
                    dates = due_dates(measure.deadline_rules, config.plan.year)
                    held = next((d for d in dates if d >= latest.start), dates[-1]) if dates else None
                    status = chosen[(unit.code, latest)].measures[measure.id]["status"]
                    if held is not None and held <= latest.end and status not in DONE:
                        found.add(measure.id)
            if found:
                out.add((unit.code, obj.id, tuple(sorted(found))))
    return out


def register(demo: YearDemo, period: Period) -> list[dict]:
    """The corrective-action register: a figure below target opens an entry; it closes only once an action is
    written, a report gives the day it was carried out, and then N consecutive figures (config) of months
    ending on or after that day meet the target. A miss after a closed entry opens a new one linked to it."""
    config, chosen = demo.config, accepted(demo)
    needed = config.reporting.effective_periods
    months = [Period(period.year, m, 1) for m in range(1, period.first_month + period.months_count)]
    as_of = min(NOW.date(), period.end)
    out = []
    for unit in config.units:
        for ind in config.indicators:
            # the plan judges no miss of this unit's own: no target («Theo dõi», 4.3), or the unit is judged
            # only together with its pool of several units (6.2's HTXS cap over the administrative block)
            if not ind.judged or any(unit.code in p.units and len(p.units) > 1
                                     for p in config.pools if ind.id in p.indicators):
                continue
            series = []
            for month in months:
                sent = chosen.get((unit.code, month))
                fig = sent.figures.get(ind.id) if sent else None
                if fig and isinstance(fig["due"], int) and fig["due"] > 0:
                    series.append((month, meets(ind, fig["on_time"] / fig["due"]), fig))
            entry, closed = None, None
            for month, met, fig in series:
                stale = closed["done"] if closed else None
                if entry is None and met:
                    continue
                fresh = entry is None
                if fresh:
                    entry = {"unit": unit.code, "indicator": ind.id, "opened": month.key, "reported_in": [],
                             "closed_in": None, "action": None, "deadline": None, "done": None, "run": 0,
                             "last_verifying_met": None, "reopens": closed["opened"] if closed else None}
                entry["action"] = fig["action"] or entry["action"]
                entry["deadline"] = fig["deadline"] or entry["deadline"]
                if entry["done"] is None and fig["done"] and (stale is None or fig["done"] > stale):
                    entry["done"] = fig["done"]
                if not met:
                    entry["reported_in"].append(month.key)
                if not fresh and entry["done"] is not None and entry["done"] <= month.end:
                    entry["run"] = entry["run"] + 1 if met else 0
                    entry["last_verifying_met"] = met
                if entry["action"] and entry["done"] and entry["run"] >= needed:
                    entry["closed_in"] = month.key
                    out.append(entry)
                    closed, entry = entry, None
            if entry is not None:
                out.append(entry)
    result = []
    for e in out:
        status = ("closed" if e["closed_in"] else "no-action" if not e["action"] else "open" if e["done"] is None
                  else "not-effective" if e["last_verifying_met"] is False else "verifying")
        result.append({"unit": e["unit"], "indicator": e["indicator"], "opened": e["opened"],
                       "reported_in": e["reported_in"], "closed_in": e["closed_in"], "action": e["action"],
                       "status": status, "overdue": e["closed_in"] is None and e["done"] is None
                       and e["deadline"] is not None and e["deadline"] < as_of, "reopens": e["reopens"]})
    return [e for e in result if e["closed_in"] is None or parse_period(e["closed_in"]).start >= period.start]
