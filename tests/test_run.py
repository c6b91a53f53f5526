"""End to end: files in inbound/ → the consolidated workbook, checked against an independent computation."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os

import openpyxl
import pytest
from click.testing import CliRunner

from factories import ROOT, Row, copy_with_time, full_rows, make_workspace, submit, needs_soffice, soffice_convert
from pipeline.cli import main
from year_demo import expected_figures, measures_counted
from pipeline.store.ledger import Ledger
from pipeline.plan.periods import parse_period
from pipeline.run import run
from pipeline.vi import SHEETS

MAY = parse_period("2023-05")
DUE = dt.datetime(2023, 6, 20, 17).astimezone()
NOW = dt.datetime(2023, 6, 25, 22, 30).astimezone()


def scenario(config):
    """Most units valid, one late, one with errors, one corrected, one sent twice, the last one missing."""
    rows = lambda due, done, **kw: {**full_rows(config), **{k.replace("_", "."): Row(due, done, due - done,
                                                                                       cause="c", action="a",
                                                                                       owner="o",
                                                                                       action_deadline=dt.date(2023, 7, 1))
                                                            for k in kw}}
    codes = [u.code for u in config.units]
    day = lambda d, h=9: dt.datetime(2023, 6, d, h).astimezone()
    submit(config, codes[0], rows=rows(5, 5), received=day(10))
    submit(config, codes[1], rows=rows(4, 2, **{"1_2": 1}), received=day(12))
    submit(config, codes[2], rows=rows(6, 3, **{"2_1": 1, "4_2": 1}), received=day(21))           # late
    submit(config, codes[3], rows={**full_rows(config), "1.2": Row(2, 3, 0)}, received=day(11))   # rejected
    submit(config, codes[4], rows=rows(3, 1, **{"1_2": 1}), received=day(8), name="v1.xlsx")      # superseded
    submit(config, codes[4], rows=rows(3, 3), received=day(15), name="v2.xlsx")
    first = submit(config, codes[5], rows={**full_rows(config), "6.1": Row(20, 20), "6.2": Row(20, 6, None, cause="c", action="a",
                                                                          owner="o",
                                                                          action_deadline=dt.date(2023, 8, 1))},
                   received=day(9))
    copy_with_time(first, config.paths.inbound / "sub" / "gui lai.xlsx", day(9, 15))            # duplicate
    for i, code in enumerate(codes[6:-1]):
        submit(config, code, rows=full_rows(config, due=i + 2, on_time=i + 2), received=day(5 + i))


def independent(config):
    """Recompute the Department figures from the submitted files with openpyxl and plain Python."""
    names = {u.name: u.code for u in config.units}
    seen, latest = set(), {}
    for path in sorted(config.paths.inbound.rglob("*.xlsx"), key=lambda p: (p.stat().st_mtime, str(p))):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        wb = openpyxl.load_workbook(path)
        ws, unit = wb["Chỉ tiêu"], names[wb["Chỉ tiêu"]["C4"].value]
        measures = {row[0]: {"status": row[10]} for row in wb["Biện pháp"].iter_rows(min_row=5, values_only=True)}
        figures = {}
        for r in range(10, 24):
            due, done, late = ws[f"G{r}"].value, ws[f"H{r}"].value, ws[f"I{r}"].value
            if config.indicator(ws[f"A{r}"].value).computed:      # 1.1: counted from the Biện pháp sheet
                due, done, late = measures_counted(config, unit, MAY, measures)
            late = late if isinstance(late, int) else 0
            if due == "—":                      # not asked in May
                continue
            if not (isinstance(due, int) and isinstance(done, int) and done + late <= due):
                figures = None
                break
            figures[ws[f"A{r}"].value] = (due, done)
        if figures is not None:
            latest[unit] = (figures, path.stat().st_mtime)
    expected = {}
    for ind in config.indicators:
        per_unit = {u: [f[ind.id][1], f[ind.id][0]] for u, (f, _) in latest.items() if ind.id in f}
        expected[ind.id] = expected_figures(config, ind, per_unit)
    on_time = {u for u, (_, mtime) in latest.items() if mtime <= DUE.timestamp()}
    return expected, set(latest), on_time


@pytest.fixture
def ran(tmp_path):
    config = make_workspace(tmp_path / "ws")
    scenario(config)
    before = {p: (p.stat().st_mtime, p.read_bytes()) for p in config.paths.inbound.rglob("*") if p.is_file()}
    result = run(config, periods=[MAY], now=NOW)
    return config, result, before


def test_workbook_matches_an_independent_computation(ran):
    config, result, _ = ran
    expected, accepted, on_time = independent(config)
    path = result.periods[0].outputs["workbook"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS.values())
    dash = wb[SHEETS["dashboard"]]
    rows = {dash.cell(r, 1).value: r for r in range(8, dash.max_row + 1) if dash.cell(r, 1).value}
    for ind in config.indicators:
        r, exp = rows[ind.id], expected[ind.id]
        rate = dash.cell(r, 4).value
        assert (rate if rate != "—" else None) == pytest.approx(exp["rate"]), ind.id
        assert (dash.cell(r, 5).value, dash.cell(r, 6).value) == (exp["numerator"], exp["denominator"])
        assert (dash.cell(r, 8).value, dash.cell(r, 9).value) == (exp["units_met"], exp["units_reporting"])
        assert dash.cell(r, 10).value == exp["label"]
    matrix = wb[SHEETS["matrix"]]
    col = {matrix.cell(4, c).value: c for c in range(2, matrix.max_column + 1)}
    for r, unit in enumerate(config.units, start=5):
        assert matrix.cell(r, 1).value == unit.name
        for ind in config.indicators:
            value = matrix.cell(r, col[ind.id]).value
            if unit.code not in accepted:
                assert value is None
            else:
                want = expected[ind.id]["by_unit"].get(unit.code)     # None: not asked in May
                assert (None if value == "—" else value) == pytest.approx(want), (unit.code, ind.id)
    status = wb[SHEETS["status"]]
    got = {status.cell(r, 2).value: status.cell(r, 4).value for r in range(4, status.max_row + 1)}
    assert {u for u, s in got.items() if s in ("Đúng hạn", "Trễ hạn")} == accepted
    assert {u for u, s in got.items() if s == "Đúng hạn"} == on_time
    data = wb[SHEETS["data"]]
    assert data.auto_filter.ref == f"A3:R{data.max_row}"
    asked_in_may = [i for i in config.indicators if not i.schedule or 5 in i.schedule]
    assert data.max_row - 3 == len(accepted) * len(asked_in_may) < len(accepted) * len(config.indicators)


def test_summary_json_outcomes_and_indicators(ran):
    config, result, _ = ran
    expected, accepted, _ = independent(config)
    summary = json.loads(result.periods[0].outputs["summary_json"].read_text(encoding="utf-8"))
    assert summary["period"] == "2023-05" and summary["units_expected"] == [u.code for u in config.units]
    by_file = {s["file"]: s["status"] for s in summary["submissions"]}
    codes = [u.code for u in config.units]
    assert by_file[f"{codes[3]}_2023-05.xlsx"] == "rejected"
    assert by_file["v1.xlsx"] == "superseded" and by_file["v2.xlsx"] == "accepted"
    assert by_file["sub/gui lai.xlsx"] == "duplicate"
    rejected = next(s for s in summary["submissions"] if s["status"] == "rejected")
    assert [(f["code"], f["sheet"], f["cell"]) for f in rejected["findings"]] == [("done-exceeds-due", "Chỉ tiêu", "H11")]
    assert summary["missing_units"] == [codes[3], codes[-1]]
    for item in summary["indicators"]:
        exp = expected[item["id"]]
        assert (item["numerator"], item["denominator"], item["units_met"]) == (exp["numerator"], exp["denominator"],
                                                                              exp["units_met"])
        assert item["rate"] == pytest.approx(exp["rate"]) and item["met"] == exp["met"]
        assert set(item["by_unit"]) == (accepted if item["schedule"] == "monthly" else set())   # 6.1 not in May
    assert set(summary["outputs"]) == {"workbook", "summary_md", "summary_json"}
    md = result.periods[0].outputs["summary_md"].read_text(encoding="utf-8")
    assert "Tháng 05/2023" in md and config.units[-1].name in md and "trả lại" in md
    # the plan's deadlines before its own decision (07/02/2023): one note for the secretary, not an error per unit
    assert md.count("trước ngày ban hành kế hoạch (07/02/2023)") == 1 and "I.1 (31/01/2023)" in md
    assert {n["measure"] for n in summary["plan_notes"]} >= {"I.1", "II.2"}
    assert all(n["held_to"] == "2023-02-07" for n in summary["plan_notes"])
    codes_found = {f["code"] for s in summary["submissions"] for f in s["findings"]}
    assert "on-time-after-deadline" not in codes_found


def test_inbound_is_never_touched_and_every_byte_is_archived(ran):
    config, result, before = ran
    after = {p: (p.stat().st_mtime, p.read_bytes()) for p in config.paths.inbound.rglob("*") if p.is_file()}
    assert after == before
    archived = {p.read_bytes() for p in config.paths.archive.rglob("*.xlsx")}
    assert {data for _, data in before.values()} == archived


def test_rerun_without_new_files_reuses_everything(ran):
    config, first, _ = ran
    workbook = first.periods[0].outputs["workbook"]
    written = workbook.stat().st_mtime_ns
    again = run(config, periods=[MAY], now=NOW + dt.timedelta(days=1))
    assert again.unchanged and again.new_files == () and again.periods == ()
    strip = lambda r: sorted((o.submission.path, o.status, o.on_time) for o in r.outcomes)
    assert strip(again) == strip(first)
    assert again.previous_outputs["2023-05"]["workbook"] == workbook
    assert workbook.stat().st_mtime_ns == written                  # not rewritten
    with Ledger(config.paths.ledger) as ledger:
        assert len(ledger.submissions()) == len(first.outcomes)


def test_a_changed_config_or_a_missing_output_means_a_full_run(ran):
    config, first, _ = ran
    first.periods[0].outputs["summary_md"].unlink()
    again = run(config, periods=[MAY], now=NOW + dt.timedelta(days=1))
    assert not again.unchanged and again.periods[0].outputs["summary_md"].exists()
    text = config.source.read_text(encoding="utf-8")
    config.source.write_text(text.replace("due_day = 20", "due_day = 25"), encoding="utf-8")
    from pipeline.plan.config import load_config
    changed = run(load_config(config.source), periods=[MAY], now=NOW + dt.timedelta(days=2))
    assert not changed.unchanged
    late_before = {o.submission.path for o in first.outcomes if o.on_time is False}
    late_after = {o.submission.path for o in changed.outcomes if o.on_time is False}
    assert late_before and not late_after                       # due on the 25th now: nobody was late


def test_a_correction_arriving_later_supersedes(ran):
    config, _, _ = ran
    code = config.units[3].code       # was rejected
    submit(config, code, name="sua.xlsx", received=dt.datetime(2023, 6, 26, 8).astimezone())
    result = run(config, periods=[MAY], now=NOW + dt.timedelta(days=2))
    by_file = {o.submission.path: (o.status, o.on_time) for o in result.outcomes}
    assert by_file["sua.xlsx"] == ("accepted", False)
    assert by_file[f"{code}_2023-05.xlsx"][0] == "rejected"
    assert {s.unit: s.status for s in result.periods[0].metrics.statuses}[code] == "late"


def test_lock_and_temp_files_are_not_submissions_and_young_files_wait(tmp_path):
    config = make_workspace(tmp_path / "ws", **{"settle_seconds = 0": "settle_seconds = 300"})
    path = submit(config, "KHTC")
    (config.paths.inbound / "~$KHTC_2023-05.xlsx").write_bytes(b"owner")
    (config.paths.inbound / ".~lock.x.xlsx#").write_bytes(b"lock")
    young = submit(config, "NCC")
    os.utime(young, None)                               # modified just now: may still be copying
    result = run(config, periods=[MAY], now=dt.datetime.now().astimezone())
    assert {(o.submission.path, o.status) for o in result.outcomes} == {(path.name, "deferred"),
                                                                        (young.name, "deferred")}
    assert {(d.path, d.reason) for d in result.deferred} == {(path.name, "open"), (young.name, "copying")}
    (config.paths.inbound / "~$KHTC_2023-05.xlsx").unlink()
    result = run(config, periods=[MAY], now=dt.datetime.now().astimezone())
    assert [(o.submission.path, o.status) for o in result.outcomes if o.status != "deferred"] == [
        (path.name, "accepted")]


def test_cli_run_exit_codes_and_json(tmp_path):
    config = make_workspace(tmp_path / "ws")
    submit(config, "KHTC")
    cfg = str(config.source)
    runner = CliRunner()
    ok = runner.invoke(main, ["run", "--config", cfg, "--period", "2023-05", "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["submissions"][0]["status"] == "accepted"
    assert runner.invoke(main, ["run", "--config", cfg, "--period", "2023-13"]).exit_code == 2
    broken = tmp_path / "broken.toml"
    broken.write_text(config.source.read_text(encoding="utf-8").replace("year = 2023", "year = \"x\""),
                      encoding="utf-8")
    bad = runner.invoke(main, ["run", "--config", str(broken)])
    assert bad.exit_code == 2 and "plan.year" in bad.output and "dòng" in bad.output
    status = runner.invoke(main, ["status", "--config", cfg, "--period", "2023-05"])
    assert status.exit_code == 0 and "Đúng hạn" in status.output and "Chưa nộp" in status.output


def test_cli_validate_exit_code(tmp_path):
    config = make_workspace(tmp_path / "ws")
    good = submit(config, "KHTC")
    bad = submit(config, "NCC", rows={**full_rows(config), "1.2": Row(1, 2, 0)})
    runner = CliRunner()
    assert runner.invoke(main, ["validate", "--config", str(config.source), str(good)]).exit_code == 0
    out = runner.invoke(main, ["validate", "--config", str(config.source), str(bad), "--json"])
    assert out.exit_code == 1
    assert json.loads(out.output)[0]["findings"][0]["cell"] == "H11"


@pytest.mark.soffice
@needs_soffice
def test_workbook_and_template_open_in_libreoffice(ran, tmp_path):
    config, result, _ = ran
    for source in (result.periods[0].outputs["workbook"], ROOT / "templates" / "plan_template.xlsx"):
        pdf = soffice_convert(source, "pdf", tmp_path / "pdf")
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def test_summary_md_lists_are_cut_and_point_to_the_workbook(ran, monkeypatch, tmp_path):
    from pipeline.consolidate.analysis import analyse
    from pipeline.outputs import summary as write
    config, result, _ = ran
    pr = result.periods[0]
    missing = len(pr.metrics.missing_units)
    assert missing == 2
    monkeypatch.setattr(write, "SUMMARY_LINES", 1)
    md = write.summary_markdown(config, pr.metrics, list(pr.outcomes), NOW,
                                analyse(config, list(result.outcomes), pr.metrics, NOW.date()))
    section = md.split("## Đơn vị chưa nộp hoặc bị trả lại")[1].split("##")[0]
    items = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(items) == 2 and items[1] == f"- … và 1 mục khác: xem trang «{SHEETS['status']}» của bảng tổng hợp."


def test_summary_json_is_streamed_one_record_a_line(tmp_path):
    from pipeline.outputs.summary import write_json
    records = ({"unit": f"Đ{i}", "rate": i / 3, "findings": [{"code": "x"}]} for i in range(5))
    value = {"period": "2023-05", "submissions": records, "empty": [], "none": {},
             "nested": {"rows": iter([1, 2]), "by_unit": {"A": {"n": 1}}}}
    path = tmp_path / "s.json"
    write_json(path, value)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == {"period": "2023-05", "empty": [], "none": {},
                                "submissions": [{"unit": f"Đ{i}", "rate": i / 3, "findings": [{"code": "x"}]}
                                                for i in range(5)],
                                "nested": {"rows": [1, 2], "by_unit": {"A": {"n": 1}}}}
    assert sum('"unit": "Đ' in line for line in text.splitlines()) == 5 and "Đ0" in text


def test_the_run_times_each_stage(ran):
    _, result, _ = ran
    assert {"collect", "read and check", "feedback copies", "merge and metrics", "analysis", "workbook",
            "summaries"} <= set(result.timings)


def test_the_run_announces_each_stage_as_it_begins(tmp_path):
    config = make_workspace(tmp_path / "ws")
    scenario(config)
    seen = []
    result = run(config, periods=[MAY], now=NOW, progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert [stage for stage, _, total in seen if total == 0] == [
        "collect", "read and check", "feedback copies", "merge and metrics", "analysis", "workbook", "summaries"]
    read = [(done, total) for stage, done, total in seen if stage == "read and check" and total]
    files = len({s.sha256 for s in result.new_files})
    assert [done for done, _ in read] == list(range(1, files + 1)) and {total for _, total in read} == {files}
    assert seen.index(("read and check", 0, 0)) < seen.index(("read and check", 1, files)) < \
        seen.index(("feedback copies", 0, 0))
