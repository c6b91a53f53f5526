"""Trust what a unit sends, through whole runs: a clerk's slip never changes another unit's or another month's
figures, an empty template is not a report, a late correction never makes an on-time unit late, and the secretary
decides on held files with one command."""
from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from factories import Row, edit_cells, full_rows, make_workspace, submit
from pipeline.cli import main
from pipeline.mail.messages import receipt_messages
from pipeline.outputs.template import write_template
from pipeline.plan.periods import parse_period
from pipeline.run import run

MAY = parse_period("2023-05")
IND = "Chỉ tiêu"
NIGHT = dt.datetime(2023, 6, 25, 22, 30).astimezone()


MAIL = ('[mail]\nfrom_address = "mtcl@sldtbxh.example"\nleadership = ["giamdoc@sldtbxh.example"]\n'
        'secretary = ["thuky@sldtbxh.example"]\n\n[intake]')


def day(d: int, month: int = 6, h: int = 9) -> dt.datetime:
    return dt.datetime(2023, month, d, h).astimezone()


def summary(result, period=MAY) -> dict:
    return json.loads(result.period(period).outputs["summary_json"].read_text(encoding="utf-8"))


def by_unit(doc: dict, indicator: str) -> dict:
    return next(i for i in doc["indicators"] if i["id"] == indicator)["by_unit"]


def statuses(doc: dict) -> dict[str, str]:
    return {s["unit"]: s["status"] for s in doc["unit_status"]}


def ncc_with_a_miss(config):
    """NCC reports May on time with 2.1 below target (5 of 7) and a corrective action."""
    rows = {**full_rows(config), "2.1": Row(7, 5, 0, cause="Thiếu hồ sơ", action="Đôn đốc", owner="TP",
                                              action_deadline=dt.date(2023, 7, 1))}
    return submit(config, "NCC", rows=rows, received=day(10))


def test_a_wrong_unit_never_replaces_another_units_report(tmp_path):
    """Finding 1: KHTC's own file with C4 set to «Phòng Người có công» is held; NCC's figures, corrective
    action and timeliness stay exactly as NCC reported them, and both units are told."""
    config = make_workspace(tmp_path / "ws", **{"[intake]": MAIL})
    ncc_with_a_miss(config)
    before = summary(run(config, periods=[MAY], now=day(12, h=22)))
    slip = edit_cells(submit(config, "KHTC", received=day(15)), IND, {"C4": "Phòng Người có công"})
    result = run(config, periods=[MAY], now=NIGHT)
    after = summary(result)

    assert by_unit(after, "2.1")["NCC"] == by_unit(before, "2.1")["NCC"]
    assert by_unit(after, "2.1")["NCC"]["met"] is False
    assert [(a["unit"], a["indicator"]) for a in after["corrective_actions"]] == [("NCC", "2.1")]
    assert statuses(after)["NCC"] == "on-time"
    assert statuses(after)["KHTC"] == "missing"
    held = next(s for s in after["submissions"] if s["file"] == slip.name)
    assert held["status"] == "held"
    assert [f["code"] for f in held["findings"] if f["severity"] == "hold"] == ["unit-conflict"]
    assert after["reports_accepted"] == 1
    assert slip.name in result.period(MAY).outputs["summary_md"].read_text(encoding="utf-8")
    outcome = next(o for o in result.outcomes if o.submission.path == slip.name)
    [receipt] = receipt_messages(config, [outcome])
    assert {"khtc@sldtbxh.example", "ncc@sldtbxh.example"} <= set(receipt["To"].addresses[i].addr_spec
                                                                  for i in range(len(receipt["To"].addresses)))
    body = receipt.get_content()
    assert "Phòng Người có công" in body and "Cảm ơn" not in body


def test_the_secretary_confirms_a_held_file_and_the_next_run_counts_it(tmp_path):
    config = make_workspace(tmp_path / "ws")
    ncc_with_a_miss(config)
    slip = edit_cells(submit(config, "KHTC", received=day(15)), IND, {"C4": "Phòng Người có công"})
    run(config, periods=[MAY], now=NIGHT)
    cli = CliRunner().invoke(main, ["confirm", slip.name, "--unit", "KHTC", "--period", "2023-05",
                                    "--config", str(config.source)])
    assert cli.exit_code == 0, cli.output
    after = summary(run(config, periods=[MAY], now=NIGHT + dt.timedelta(days=1)))
    assert statuses(after)["KHTC"] == "on-time" and statuses(after)["NCC"] == "on-time"
    assert by_unit(after, "2.1")["NCC"]["met"] is False and by_unit(after, "2.1")["KHTC"]["met"] is True
    assert next(s for s in after["submissions"] if s["file"] == slip.name)["status"] == "accepted"


def test_a_wrong_month_never_files_a_report_under_another_month(tmp_path):
    """Finding 2: June picked in the file issued for May is held; May keeps its accepted report and no June
    report appears."""
    config = make_workspace(tmp_path / "ws")
    submit(config, "KHTC", received=day(10))
    june = parse_period("2023-06")
    slip = edit_cells(submit(config, "KHTC", name="KHTC_sua.xlsx", received=day(3, month=7)), IND,
                      {"C5": june.form_value})
    result = run(config, periods=[MAY, june], now=dt.datetime(2023, 7, 5, 22).astimezone())
    may, june_doc = summary(result, MAY), summary(result, june)
    assert statuses(may)["KHTC"] == "on-time"
    assert statuses(june_doc)["KHTC"] != "on-time" and june_doc["reports_accepted"] == 0
    held = [s for doc in (may, june_doc) for s in doc["submissions"] if s["file"] == slip.name]
    assert held and {s["status"] for s in held} == {"held"}


def test_a_report_for_a_month_not_yet_ended_is_refused(tmp_path):
    config = make_workspace(tmp_path / "ws")
    path = submit(config, "KHTC", received=dt.datetime(2023, 5, 28, 9).astimezone())
    result = run(config, periods=[MAY], now=dt.datetime(2023, 5, 28, 22).astimezone())
    outcome = next(o for o in result.outcomes if o.submission.path == path.name)
    assert outcome.status == "rejected"
    assert [f.code for f in outcome.checked.findings] == ["period-not-ended"]


def test_an_empty_template_is_not_a_report(tmp_path):
    """Finding 3: the pre-filled template sent unchanged is rejected, the unit is still missing, and its
    receipt does not thank it."""
    config = make_workspace(tmp_path / "ws", **{"[intake]": MAIL})
    path = write_template(config, config.paths.inbound / "VP_2023-05.xlsx", unit="VP", period=MAY)
    submit(config, "KHTC", received=day(10))
    result = run(config, periods=[MAY], now=NIGHT)
    doc = summary(result)
    assert statuses(doc)["VP"] in ("missing", "rejected") and "VP" in doc["missing_units"]
    assert doc["reports_accepted"] == 1
    outcome = next(o for o in result.outcomes if o.submission.path == path.name)
    assert [f.code for f in outcome.checked.findings] == ["empty-report"]
    [receipt] = receipt_messages(config, [outcome])
    body = receipt.get_content()
    assert "Cảm ơn" not in body and "chưa được điền" in body


def test_a_late_correction_keeps_an_on_time_unit_on_time(tmp_path):
    """Finding 8: the first accepted arrival on time counts; a correction after the 20th never makes the unit
    late, while a correction of a rejected report counts from the correction."""
    config = make_workspace(tmp_path / "ws")
    submit(config, "KHTC", received=day(10))
    submit(config, "KHTC", name="KHTC_sua.xlsx", rows={**full_rows(config), "1.2": Row(5, 5, 0)}, received=day(23))
    submit(config, "NCC", rows={**full_rows(config), "1.2": Row(2, 3, 0)}, received=day(10))     # rejected
    submit(config, "NCC", name="NCC_sua.xlsx", received=day(23))
    doc = summary(run(config, periods=[MAY], now=NIGHT))
    assert statuses(doc)["KHTC"] == "on-time"
    assert statuses(doc)["NCC"] == "late"
    assert by_unit(doc, "1.2")["KHTC"]["denominator"] == 5          # the correction's figures are used


def test_last_months_figures_sent_again_are_noticed(tmp_path):
    """Finding 5: April's file sent again with only the month changed is accepted with a finding that names
    the April report."""
    config = make_workspace(tmp_path / "ws")
    april = parse_period("2023-04")
    first = submit(config, "KHTC", period="2023-04", received=day(10, month=5))
    run(config, periods=[april], now=dt.datetime(2023, 5, 25, 22).astimezone())
    again = submit(config, "KHTC", received=day(10))
    result = run(config, periods=[MAY], now=NIGHT)
    outcome = next(o for o in result.outcomes if o.submission.path == again.name)
    [finding] = [f for f in outcome.checked.findings if f.code == "same-as-previous"]
    assert "04/2023" in finding.message and first.name in finding.message
    assert statuses(summary(result))["KHTC"] == "on-time"
