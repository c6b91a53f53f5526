"""Many plan years in one workspace: each report checked on its period's plan, a 2024 run leaves 2023 as it was,
«cùng kỳ» across the two plans, corrective actions carried over, templates per year, the 14-month demo."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import openpyxl
import pytest
from click.testing import CliRunner

from factories import Row, edit_cells, full_rows, make_workspace, measure_cell, submit
from pipeline.cli import main
from pipeline.demo.nextplan import ADDED, DROPPED_MEASURE, NEW_INDICATOR, RENAMED_MEASURE, next_year_plan
from pipeline.intake.read import read_workbook
from pipeline.model import Status
from pipeline.plan.layout import SHEET_MEASURES
from pipeline.plan.periods import parse_period
from pipeline.plan.years import config_for_year, new_indicators, plan_years, same_meaning, template_year
from pipeline.rules.check import check_report
from pipeline.run import run
from pipeline.store.ledger import Ledger
from pipeline.vi import SHEETS
from pipeline.vi.analysis import ANALYSIS



def two_years(folder):
    """A workspace on the 2023 plan of config.toml with the 2024 plan file the demo derives from it."""
    config = make_workspace(folder)
    year, imported = next_year_plan(config, folder / "plans")
    assert imported.loads
    with open(config.source, "a", encoding="utf-8") as f:
        f.write(f'\n[plans]\n{year} = "plans/{year}.toml"\n')
    from pipeline.plan.config import load_config
    return load_config(config.source)


@pytest.fixture
def years(tmp_path):
    base = two_years(tmp_path / "ws")
    return base, config_for_year(base, 2024)


def check(config, path, today):
    return check_report(read_workbook(path), config, today=today, file_name=path.name)


def test_the_plan_file_makes_a_second_year(years):
    base, next_ = years
    assert plan_years(base) == (2023, 2024) and next_.plan.id == "QD147-2024" and base.plan.id == "QD147-2023"
    assert next_.paths == base.paths and next_.reporting == base.reporting
    ids = {m.id for m in next_.measures}
    assert ADDED in ids and DROPPED_MEASURE not in ids and DROPPED_MEASURE in {m.id for m in base.measures}
    renamed = RENAMED_MEASURE[0]
    old_text = next(m.text for m in base.measures if m.id == renamed)
    new_text = next(m.text for m in next_.measures if m.id == renamed)
    assert new_text == old_text.replace("2023", "2024") + RENAMED_MEASURE[1]
    assert next(m for m in next_.measures if m.id == ADDED).lead == ("VP",)
    assert len(next_.measures) == len(base.measures)                        # one added, one dropped
    assert config_for_year(next_, 2023) is base and config_for_year(base, 2025) is None


def test_a_2024_report_is_checked_on_the_2024_plan(years):
    base, next_ = years
    path = submit(next_, "VP", "2024-01")
    checked = check(base, path, dt.date(2024, 2, 10))            # the workspace's config: the plan is chosen
    assert checked.period == parse_period("2024-01") and not checked.findings
    assert ADDED in {m.measure for m in checked.measures}
    # The same row renamed to the measure 2024 dropped: unknown on the 2024 plan.
    cell = measure_cell(path, ADDED, "id")
    edit_cells(path, SHEET_MEASURES, {cell: DROPPED_MEASURE})
    found = [(f.code, f.cell) for f in check(base, path, dt.date(2024, 2, 10)).findings]
    assert ("unknown-measure", cell) in found


def test_a_december_report_arriving_in_january_stays_on_the_2023_plan(years):
    base, next_ = years
    path = submit(base, "KHTC", "2023-12")                     # the 2023 template, sent on 17 January 2024
    checked = check(base, path, dt.date(2024, 1, 25))
    assert checked.period == parse_period("2023-12") and not checked.findings
    assert DROPPED_MEASURE in {m.measure for m in checked.measures}
    # A January report on last year's template belongs to the other plan.
    wrong = submit(base, "KHTC", "2023-11", name="KHTC_2024-01.xlsx")
    edit_cells(wrong, read_workbook(wrong).indicator_sheet, {"C5": "01/2024"})
    codes = [f.code for f in check(base, wrong, dt.date(2024, 2, 25)).findings]
    assert "plan-mismatch" in codes


def test_a_report_for_a_year_without_a_plan_says_which_plan_is_missing(years):
    base, next_ = years
    path = submit(next_, "KHTC", "2024-01")
    sheet = read_workbook(path).indicator_sheet
    edit_cells(path, sheet, {"C5": "01/2025"})
    finding = next(f for f in check(base, path, dt.date(2025, 3, 1)).findings if f.code == "period-outside-plan")
    assert "kế hoạch MTCL năm 2025" in finding.message and "2023, 2024" in finding.message
    assert "[plans]" in finding.message and "mtcl template --year 2025" in finding.message


def _fingerprints(folder):
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_2024_run_leaves_2023_as_it_was_and_compares_across_the_plans(years):
    base, next_ = years
    day = lambda y, m, d: dt.datetime(y, m, d, 9).astimezone()
    # January 2023: KHTC meets 2.1; NCC misses it. December 2023: NCC misses 2.1 again, now with an action.
    submit(base, "KHTC", "2023-01", received=day(2023, 2, 10))
    submit(base, "NCC", "2023-01", rows={**full_rows(base), "2.1": Row(4, 1, 3)}, received=day(2023, 2, 10))
    submit(base, "KHTC", "2023-12", received=day(2024, 1, 10))
    submit(base, "NCC", "2023-12", received=day(2024, 1, 12),
           rows={**full_rows(base), "2.1": Row(4, 2, 2, cause="Thiếu người", action="Phân công lại",
                                               owner="Trưởng phòng", action_deadline=dt.date(2024, 3, 31))})
    first = run(base, now=dt.datetime(2024, 1, 25, 22, 30).astimezone(), mail=False)
    assert [str(p.period) for p in first.periods] == ["2023-01", "2023-12"]      # January collects December
    december = first.period(parse_period("2023-12"))
    assert december.metrics.submitted == 2
    jan_2023 = first.period(parse_period("2023-01")).metrics
    before = _fingerprints(base.paths.outbound / "2023-12") | {
        "2023-01/" + k: v for k, v in _fingerprints(base.paths.outbound / "2023-01").items()}
    archive_before = _fingerprints(base.paths.archive)
    with Ledger(base.paths.ledger) as ledger:
        rows_before = [o for o in ledger.recorded_outcomes() if o.checked.period and o.checked.period.year == 2023]

    # January 2024, on the 2024 plan: NCC still misses 2.1; KHTC reports the new indicator.
    submit(next_, "KHTC", "2024-01", received=day(2024, 2, 10))
    submit(next_, "NCC", "2024-01", rows={**full_rows(next_), "2.1": Row(4, 2, 2)}, received=day(2024, 2, 12))
    second = run(base, now=dt.datetime(2024, 2, 25, 22, 30).astimezone(), mail=False)
    assert [str(p.period) for p in second.periods] == ["2024-01"]
    january = second.periods[0]
    assert all(o.status == Status.ACCEPTED for o in january.outcomes if o.checked.period == january.period)
    assert january.metrics.submitted == 2

    # 2023's outputs, archive and ledger rows are exactly as they were.
    after = _fingerprints(base.paths.outbound / "2023-12") | {
        "2023-01/" + k: v for k, v in _fingerprints(base.paths.outbound / "2023-01").items()}
    assert after == before and _fingerprints(base.paths.archive).items() >= archive_before.items()
    with Ledger(base.paths.ledger) as ledger:
        assert [o for o in ledger.recorded_outcomes() if o.checked.period and o.checked.period.year == 2023] == rows_before

    # «Cùng kỳ năm trước»: the carried indicator shows January 2023's figure; the new one says so.
    trends = {t.indicator: t for t in january.analysis.trends}
    old_rate = next(r.rate for r in jan_2023.indicators if r.id == "2.1")
    assert trends["2.1"].last_year.rate == pytest.approx(old_rate) and old_rate < 1
    new = NEW_INDICATOR["id"]
    assert trends[new].last_year.new and trends[new].last_year.label == ANALYSIS["new-indicator"]
    assert trends[new].previous.label == ANALYSIS["new-indicator"]          # December was on the 2023 plan
    summary = json.loads(january.outputs["summary_json"].read_text(encoding="utf-8"))
    by_id = {t["id"]: t for t in summary["trends"]}
    assert by_id[new]["same_period_last_year"]["new_indicator"] is True
    assert by_id["2.1"]["same_period_last_year"]["rate"] == pytest.approx(old_rate, abs=1e-6)
    ws = openpyxl.load_workbook(january.outputs["workbook"], read_only=True)[SHEETS["trends"]]
    row = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == new)
    assert ANALYSIS["new-indicator"] in row

    # NCC's action, still open at the end of 2023, is in 2024's register until a figure meets the target.
    carried = [a for a in january.analysis.actions if a.unit == "NCC" and a.indicator == "2.1"]
    assert [(str(a.opened), a.closed_in, a.action) for a in carried] == [("2023-01", None, "Phân công lại")]
    assert [str(c.period) for c in carried[0].checks] == ["2023-12", "2024-01"]


def test_same_meaning_is_the_same_id_numerator_denominator_and_comparison(years):
    base, next_ = years
    old = base.indicator("4.3")
    assert same_meaning(old, dataclasses.replace(old, name="Khác", target=0.9))
    assert not same_meaning(old, dataclasses.replace(old, denominator="Số phiếu phát ra"))
    assert not same_meaning(old, dataclasses.replace(old, comparison="<="))
    assert new_indicators(next_) == {NEW_INDICATOR["id"]} and new_indicators(base) == frozenset()


def test_template_is_issued_per_plan_year(years, tmp_path):
    base, _ = years
    out = tmp_path / "t2024.xlsx"
    result = CliRunner().invoke(main, ["template", "--config", str(base.source), "--year", "2024", "--out", str(out)])
    assert result.exit_code == 0, result.output
    meta = openpyxl.load_workbook(out)["_mtcl"]
    assert "QD147-2024" in [c.value for row in meta.iter_rows() for c in row]
    assert template_year(base, dt.date(2024, 3, 1)) == 2024 and template_year(base, dt.date(2026, 3, 1)) == 2024
    missing = CliRunner().invoke(main, ["template", "--config", str(base.source), "--year", "2025"])
    assert missing.exit_code == 2 and "năm 2025" in missing.output and "[plans]" in missing.output


def test_demo_of_fourteen_months_crosses_into_the_2024_plan(tmp_path):
    work = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--workdir", str(work), "--months", "14"])
    assert result.exit_code == 0, result.output
    assert "02/2024" in result.output
    for key, plan in (("2023-12", "QD147-2023"), ("2023", "QD147-2023"), ("2024-02", "QD147-2024")):
        summary = json.loads((work / "outbound" / key / "summary.json").read_text(encoding="utf-8"))
        assert summary["plan"] == plan
    assert (work / "plans" / "2024.toml").exists()


def test_a_broken_plan_file_is_refused_naming_the_file_and_key(years):
    base, _ = years
    from pipeline.plan.config import ConfigError, load_config
    from pipeline.plan.years import load_all_plans
    plan_file = base.source.parent / "plans" / "2024.toml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace('comparison = ">="', 'comparison = "≥"', 1),
                         encoding="utf-8")
    with pytest.raises(ConfigError, match=r"2024\.toml, dòng \d+, khóa indicators\[0\]\.comparison"):
        load_all_plans(load_config(base.source))
    base.source.write_text(base.source.read_text(encoding="utf-8") + '2023 = "plans/2024.toml"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"plans\.2023"):
        load_config(base.source)


def test_the_cli_refuses_a_broken_plan_file_before_any_work(years):
    base, _ = years
    plan_file = base.source.parent / "plans" / "2024.toml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("[plan]", "[plan]\nwho = 1", 1),
                         encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--config", str(base.source)])
    assert result.exit_code == 2 and "2024.toml" in result.output and "plan.who" in result.output
    assert not base.paths.ledger.exists()


def test_units_may_change_from_one_plan_year_to_the_next(years):
    base, _ = years
    plan_file = base.source.parent / "plans" / "2024.toml"
    units = "".join(f'\n[[units]]\ncode = "{u.code}"\nname = "{u.name}"\nkind = "{u.kind}"\nemail = "{u.email}"\n'
                    for u in base.units if u.code != "CSCN")
    units += '\n[[units]]\ncode = "TTCTXH"\nname = "Trung tâm Công tác xã hội"\nkind = "trung-tam"\n' \
             'email = "ttctxh@sldtbxh.example"\n'
    plan_file.write_text(plan_file.read_text(encoding="utf-8") + units, encoding="utf-8")
    from pipeline.plan.config import load_config
    from pipeline.plan.years import senders
    base = load_config(base.source)
    next_ = config_for_year(base, 2024)
    assert "TTCTXH" in next_.unit_order() and "CSCN" not in next_.unit_order()
    assert senders(base)["ttctxh@sldtbxh.example"] == ("TTCTXH",) and "cscn@sldtbxh.example" in senders(base)
    new_unit = submit(next_, "TTCTXH", "2024-01", received=dt.datetime(2024, 2, 10, 9).astimezone())
    late_december = submit(base, "CSCN", "2023-12", received=dt.datetime(2024, 2, 10, 9).astimezone())
    assert not check(base, new_unit, dt.date(2024, 2, 20)).findings
    assert not check(base, late_december, dt.date(2024, 2, 20)).findings
    result = run(base, now=dt.datetime(2024, 2, 25, 22, 30).astimezone(), mail=False)
    assert [str(p.period) for p in result.periods] == ["2023-12", "2024-01"]      # December: a new file
    january = result.period(parse_period("2024-01"))
    assert january.metrics.expected == len(next_.units) and january.metrics.submitted == 1
    assert base.unit("TTCTXH").name == "Trung tâm Công tác xã hội"          # any year's config names any unit


def test_a_backup_carries_every_years_plan_file(years, tmp_path):
    """A workspace of two years is two files of plan: a backup without plans/2024.toml could not be restored."""
    from click.testing import CliRunner
    from pipeline.cli import main
    config, _ = years
    run(config, now=dt.datetime(2024, 2, 25, 22).astimezone())
    result = CliRunner().invoke(main, ["backup", str(tmp_path / "sao-luu"), "--config", str(config.source)])
    assert result.exit_code == 0, result.output
    [(year, plan)] = config.plan_files
    copied = tmp_path / "sao-luu" / plan.relative_to(config.source.parent)
    assert year == 2024 and copied.read_bytes() == plan.read_bytes()
