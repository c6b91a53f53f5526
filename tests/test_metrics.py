"""Metrics: pooled rates, zero denominators, the ≤ 20 % target, units meeting targets, report statuses."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pipeline.model import Submission
from pipeline.consolidate.merge import decide_outcomes, merge_figures
from pipeline.consolidate.metrics import compute_metrics
from pipeline.model import rate_of
from pipeline.findings import make_finding
from pipeline.plan.periods import parse_period
from pipeline.model import Checked, Figure
from pipeline.model import Submitted

MAY = parse_period("2023-05")


def report(unit, figures, day=10, period=MAY, sha=None, findings=()):
    sub = Submission(path=f"{unit}-{period}.xlsx", sha256=sha or f"{unit}{period}", size=1,
                     received_at=dt.datetime(period.end.year, period.end.month, 1).astimezone()
                     + dt.timedelta(days=31 + day - 1), archived="x")
    figs = tuple(Figure(ind, due, done, late) for ind, (due, done, late) in figures.items())
    return sub, Checked(unit=unit, period=period, figures=figs, findings=findings)


def metrics_of(config, items, period=MAY):
    outcomes = decide_outcomes(items, config.reporting.due_day)
    return compute_metrics(merge_figures(outcomes, config, period), outcomes, config, period)


def test_department_rate_pools_numerators_and_denominators(config):
    m = metrics_of(config, [report("KHTC", {"1.1": (1, 1, 0)}), report("NCC", {"1.1": (9, 0, 9)})])
    r = {x.id: x for x in m.indicators}["1.1"]
    # pooled 1/10 = 10 %, not the average of 100 % and 0 % (50 %)
    assert (r.numerator, r.denominator, r.late) == (1, 10, 9)
    assert r.rate == pytest.approx(0.1) and r.met is False
    assert (r.units_met, r.units_reporting) == (1, 2)
    assert r.by_unit["KHTC"].met is True and r.by_unit["NCC"].met is False


def test_zero_denominator_is_no_rate_and_left_out(config):
    m = metrics_of(config, [report("KHTC", {"1.1": (0, 0, 0)}), report("NCC", {"1.1": (2, 2, 0)})])
    r = {x.id: x for x in m.indicators}["1.1"]
    assert r.by_unit["KHTC"].rate is None and r.by_unit["KHTC"].met is None
    assert (r.rate, r.units_met, r.units_reporting) == (1.0, 1, 1)
    nothing = metrics_of(config, [report("KHTC", {"1.1": (0, 0, 0)})])
    r0 = {x.id: x for x in nothing.indicators}["1.1"]
    assert (r0.rate, r0.met) == (None, None)
    assert {o.id: o.met for o in nothing.objectives}[1] is None


def test_htxs_target_is_at_most_20_percent(config):
    # two centres, each a pool of its own (VI.4: «20% tổng số viên chức của trung tâm»)
    m = metrics_of(config, [report("TTDD", {"6.2": (10, 2, None)}), report("CSCN", {"6.2": (10, 3, None)})])
    r = {x.id: x for x in m.indicators}["6.2"]
    assert r.by_unit["TTDD"].met is True and r.by_unit["CSCN"].met is False
    assert r.rate == pytest.approx(0.25) and r.met is False
    under = metrics_of(config, [report("TTDD", {"6.2": (10, 2, None)}), report("CSCN", {"6.2": (10, 1, None)})])
    assert {x.id: x for x in under.indicators}["6.2"].met is True


def test_htxs_is_judged_per_pool_the_block_together_each_centre_alone(config):
    # a phòng of 4 with one HTXS (25 %) is within its block's 20 %: no verdict of its own
    m = metrics_of(config, [report("KHTC", {"6.2": (4, 1, None)}), report("VP", {"6.2": (16, 2, None)}),
                            report("TTDD", {"6.2": (10, 3, None)})])
    r = {x.id: x for x in m.indicators}["6.2"]
    pools = {p.id: p for p in r.pools}
    block = pools["khoi-van-phong"]
    assert (block.numerator, block.denominator, block.met) == (3, 20, True)
    assert set(block.units) == {"VP", "TTRA", "KHTC", "LDVL", "NCC", "BTXH", "PCTNXH"}
    assert (pools["trung-tam-TTDD"].rate, pools["trung-tam-TTDD"].met) == (pytest.approx(0.3), False)
    assert pools["trung-tam-CSCN"].rate is None and pools["trung-tam-CSCN"].met is None
    assert r.by_unit["KHTC"].met is None and r.by_unit["KHTC"].rate == pytest.approx(0.25)
    assert r.by_unit["TTDD"].met is False and r.units_not_met == ["TTDD"]
    assert r.met is False and (r.units_met, r.units_reporting) == (0, 1)
    fine = metrics_of(config, [report("KHTC", {"6.2": (4, 1, None)}), report("VP", {"6.2": (16, 2, None)})])
    assert {x.id: x for x in fine.indicators}["6.2"].met is True      # 25 % in KHTC alone is no miss


def test_milestone_is_met_only_when_done_on_schedule(config):
    m = metrics_of(config, [report("KHTC", {"7.1": (1, 1, 0)}), report("NCC", {"7.1": (1, 0, 1)})])
    r = {x.id: x for x in m.indicators}["7.1"]
    assert r.by_unit["KHTC"].met is True and r.by_unit["NCC"].met is False


def test_objective_is_met_when_all_its_indicators_with_data_are(config):
    m = metrics_of(config, [report("KHTC", {"4.1": (2, 2, 0), "4.2": (5, 4, 0), "4.3": (3, 3, None),
                                            "1.1": (1, 1, 0)})])
    objectives = {o.id: o.met for o in m.objectives}
    assert objectives[1] is True and objectives[4] is False and objectives[2] is None


def test_superseded_report_does_not_count(config):
    first = report("KHTC", {"1.1": (4, 1, 3)}, day=5, sha="a")
    second = report("KHTC", {"1.1": (4, 4, 0)}, day=8, sha="b")
    second = (dataclasses.replace(second[0], path="KHTC-v2.xlsx"), second[1])
    r = {x.id: x for x in metrics_of(config, [first, second]).indicators}["1.1"]
    assert (r.numerator, r.denominator) == (4, 4)


def test_submission_statuses(config):
    rejected = report("VP", {}, findings=(make_finding("negative", cell="G10", value=-1),))
    m = metrics_of(config, [report("KHTC", {}, day=20), report("NCC", {}, day=21), rejected])
    by_unit = {s.unit: s.status for s in m.statuses}
    assert (by_unit["KHTC"], by_unit["NCC"], by_unit["VP"], by_unit["TTRA"]) == (Submitted.ON_TIME, Submitted.LATE, Submitted.REJECTED, Submitted.MISSING)
    assert (m.expected, m.submitted, m.count(Submitted.ON_TIME)) == (len(config.units), 2, 1)
    assert m.missing_units[0] == "VP" and "TTRA" in m.missing_units and "KHTC" not in m.missing_units


def test_quarter_pools_its_months(config):
    q2 = parse_period("2023-Q2")
    items = [report("KHTC", {"1.1": (2, 2, 0)}, period=parse_period("2023-04")),
             report("KHTC", {"1.1": (3, 1, 2)}, period=MAY), report("NCC", {"1.1": (5, 5, 0)}, period=MAY)]
    m = metrics_of(config, items, period=q2)
    r = {x.id: x for x in m.indicators}["1.1"]
    assert (r.numerator, r.denominator) == (8, 10)
    assert r.by_unit["KHTC"].rate == pytest.approx(3 / 5)
    assert m.expected == 3 * len(config.units) and m.submitted == 3


def test_rate_of():
    assert rate_of(0, 0) is None and rate_of(0, 5) == 0 and rate_of(5, 5) == 1


def test_each_units_figures_are_pooled_over_the_months_and_listed_in_the_plans_order(config):
    """A unit that only reports in a later month still comes in the plan's order of units."""
    first, second, third = [u.code for u in config.units][:3]
    april, quarter = parse_period("2023-04"), parse_period("2023-Q2")
    m = metrics_of(config, [report(third, {"1.1": (2, 2, 0)}, period=april),
                            report(third, {"1.1": (3, 1, 2)}, period=MAY),
                            report(first, {"1.1": (4, 4, 0)}, period=MAY)], period=quarter)
    r = {x.id: x for x in m.indicators}["1.1"]
    assert list(r.by_unit) == [first, third] and second not in r.by_unit
    assert (r.by_unit[third].numerator, r.by_unit[third].denominator, r.by_unit[third].late) == (3, 5, 2)


def test_a_stock_counts_each_units_latest_report_never_the_sum_of_months(config):
    from pipeline.consolidate.metrics import Months
    months = [parse_period(f"2023-0{m}") for m in (4, 5, 6)]
    items = [report("KHTC", {"6.1": (10, 10, None), "4.2": (5, 5, 0)}, period=months[0]),
             report("KHTC", {"6.1": (11, 11, None), "4.2": (5, 4, 0)}, period=months[2]),
             report("NCC", {"6.1": (8, 7, None)}, period=months[1])]
    outcomes = decide_outcomes(items, config.reporting.due_day)
    q2 = parse_period("2023-Q2")
    for m in (metrics_of(config, items, q2), Months(outcomes, config, dt.date(2023, 12, 31)).metrics(q2)):
        staff = {x.id: x for x in m.indicators}["6.1"]
        assert staff.aggregation == "latest"
        assert (staff.by_unit["KHTC"].numerator, staff.by_unit["KHTC"].denominator) == (11, 11)   # June's, not 21
        assert (staff.numerator, staff.denominator) == (18, 19)        # KHTC's June and NCC's May
        flow = {x.id: x for x in m.indicators}["4.2"]
        assert flow.aggregation == "sum" and (flow.numerator, flow.denominator) == (9, 10)


def test_a_target_the_plan_does_not_set_is_tracked_without_a_verdict(config, tmp_path):
    # 4.3: the plan sets no satisfaction target; 2 of 3 satisfied is «Theo dõi», not «Không đạt»
    m = metrics_of(config, [report("KHTC", {"4.3": (3, 2, None), "4.2": (5, 5, 0)})])
    r = {x.id: x for x in m.indicators}["4.3"]
    assert (r.met, r.tracked, r.result_vi, r.target_label) == (None, True, "Theo dõi", "Theo dõi")
    assert r.by_unit["KHTC"].met is None and r.units_not_met == [] and (r.units_met, r.units_reporting) == (0, 0)
    assert {o.id: o.met for o in m.objectives}[4] is True          # judged on 4.2 alone
    from factories import make_workspace
    judged = make_workspace(tmp_path, **{"judged = false ": "judged = true "})
    r = {x.id: x for x in metrics_of(judged, [report("KHTC", {"4.3": (3, 2, None)})]).indicators}["4.3"]
    assert (r.met, r.result_vi, r.target_label) == (False, "Không đạt", "≥ 100%")


def test_a_rate_on_a_tiny_base_is_marked(config):
    m = metrics_of(config, [report("KHTC", {"4.2": (1, 0, 1), "2.1": (5, 5, 0)})])
    r = {x.id: x for x in m.indicators}
    assert r["4.2"].small_base and r["4.2"].rate_vi == "0,0% (mẫu số nhỏ: 0/1)"
    assert not r["2.1"].small_base and r["2.1"].rate_vi == "100,0%"
