"""Analysis: timeliness, trends, overdue measures, self-report vs evidence and the corrective-action register,
checked against an independent reading of a demo year, and on small hand-made cases."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.vi import DOWN, FLAT, UP
from pipeline.consolidate.analysis import analyse
from pipeline.consolidate.trends import compare, year_to_date
from pipeline.consolidate.actions import corrective_action_register
from pipeline.consolidate.measures import overdue_measures, owed_occurrences, reported_done
from pipeline.consolidate.metrics import Months
from pipeline.consolidate.timeliness import slots, unit_statuses
from pipeline.model import Submission
from pipeline.model import Outcome
from pipeline.plan.periods import Period, parse_period
from pipeline.model import Checked, Figure, MeasureReport
from year_demo import NOW, PERIODS, accepted, meets, overdue, pooled, register, self_reports, timeliness
from pipeline.model import ActionStatus, Status


@pytest.fixture(scope="module")
def demo(year_demo_built):
    return year_demo_built


@pytest.fixture(scope="module")
def analyses(demo):
    outcomes = list(demo.result.outcomes)
    months = Months(outcomes, demo.config, NOW.date())
    return {key: analyse(demo.config, outcomes, months.metrics(parse_period(key)), NOW.date(), months)
            for key in PERIODS}


# --- the demo year, recomputed from the files

def test_the_demo_year_has_every_case_the_analysis_must_handle(demo, analyses):
    statuses = set(timeliness(demo, parse_period("2023").months()).values())
    assert statuses == {"on-time", "late", "on-time-rejected", "missing"}
    entries = [a for key in PERIODS for a in analyses[key].actions]
    assert {a.status for a in entries} == set(ActionStatus)
    assert any(len(a.reported_in) > 1 for a in entries), "an action carried over"
    assert any(a.overdue for a in entries)
    assert all(analyses[key].overdue and analyses[key].self_reports for key in PERIODS)


@pytest.mark.parametrize("key", PERIODS)
def test_timeliness_per_unit_and_month(demo, analyses, key):
    a = analyses[key]
    expected = timeliness(demo, year_to_date(parse_period(key)).months())
    assert {(t.unit, t.period): t.arrival for t in a.timeliness} == expected
    for month, rate in a.rate_by_month().items():
        mine = [s for (u, m), s in expected.items() if m == month and s != "pending"]
        got_valid = sum(1 for (u, m), s in expected.items() if m == month and (u, m) in accepted(demo))
        assert (rate.expected, rate.on_time, rate.reported) == (len(mine), mine.count("on-time"), got_valid)
    for unit, rate in a.rate_by_unit().items():
        mine = [s for (u, m), s in expected.items() if u == unit]
        assert rate.on_time == mine.count("on-time") and rate.expected == len(mine)


@pytest.mark.parametrize("key", PERIODS)
def test_trends_year_to_date_and_months(demo, analyses, key):
    period = parse_period(key)
    a = analyses[key]
    ytd = pooled(demo, year_to_date(period).months())
    previous = pooled(demo, period.previous().months())
    step = demo.config.reporting.trend_threshold              # a change worth an arrow
    for trend in a.trends:
        assert trend.year_to_date == pytest.approx(ytd[trend.indicator]["rate"])
        for month, rate in trend.months:
            assert rate == pytest.approx(pooled(demo, [month])[trend.indicator]["rate"]), (trend.indicator, month)
        before, now = previous[trend.indicator]["rate"], pooled(demo, period.months())[trend.indicator]["rate"]
        assert trend.previous.rate == pytest.approx(before)
        if before is None or now is None:
            assert trend.previous.direction is None
        else:
            assert trend.previous.direction == (UP if now > before + step else DOWN if now < before - step else FLAT)
        assert trend.last_year.direction is None                   # no report of 2022 was ever accepted


@pytest.mark.parametrize("key", PERIODS)
def test_overdue_measures(demo, analyses, key):
    a = analyses[key]
    expected = overdue(demo, parse_period(key).end)
    assert {(o.measure, o.unit, o.due_date) for o in a.overdue} == expected
    for o in a.overdue:
        measure = next(m for m in demo.config.measures if m.id == o.measure)
        assert o.unit in measure.lead and o.evidence_expected == measure.evidence and o.due_date < a.as_of
        assert o.days_overdue > 0 and o.coordinate == measure.coordinate
    # in plan order: by measure, then by its lead units as the plan lists them, then by day
    plan = [(m.id, unit) for m in demo.config.measures for unit in m.lead]
    assert [(o.measure, o.unit) for o in a.overdue] == sorted(
        [(m, u) for m, u, _ in expected], key=plan.index)


@pytest.mark.parametrize("key", PERIODS)
def test_self_report_against_evidence(demo, analyses, key):
    got = {(f.unit, f.objective, tuple(sorted(m.measure for m in f.measures))) for f in analyses[key].self_reports}
    assert got == self_reports(demo, parse_period(key))


@pytest.mark.parametrize("key", PERIODS)
def test_corrective_action_register(demo, analyses, key):
    expected = register(demo, parse_period(key))
    got = [{"unit": e.unit, "indicator": e.indicator, "opened": e.opened.key,
            "reported_in": [p.key for p in e.reported_in], "closed_in": e.closed_in.key if e.closed_in else None,
            "action": e.action, "status": e.status, "overdue": e.overdue,
            "reopens": e.reopens.key if e.reopens else None} for e in analyses[key].actions]
    key_of = lambda e: (e["opened"], e["unit"], e["indicator"])
    assert sorted(got, key=key_of) == sorted(expected, key=key_of)


def test_units_behind(demo, analyses):
    month = parse_period("2023-05")
    statuses, figures = timeliness(demo, [month]), pooled(demo, [month])
    late = {(m, u) for m, u, _ in overdue(demo, month.end)}
    config = demo.config
    expected = {}
    for unit in config.units:
        not_met = tuple(i.id for i in config.indicators if meets(i, figures[i.id]["by_unit"].get(unit.code)) is False)
        missing = ("2023-05",) if (unit.code, month) not in accepted(demo) else ()
        behind = tuple(m for m, u in sorted(late, key=lambda mu: [x.id for x in config.measures].index(mu[0]))
                       if u == unit.code)
        if not_met or missing or behind or statuses[(unit.code, month)] != "on-time":
            expected[unit.code] = (missing, not_met, behind)
    got = {b.unit: (tuple(p.key for p in b.missing), b.not_met, b.overdue) for b in analyses["2023-05"].behind}
    assert got == expected


# --- small hand-made cases

MAY, JUNE, JULY = Period(2023, 5, 1), Period(2023, 6, 1), Period(2023, 7, 1)


def outcome(config, unit: str, month: Period, figures=(), measures=(), status=Status.ACCEPTED, day: int = 10, name=None):
    received = dt.datetime(month.year + (month.first_month == 12), month.first_month % 12 + 1, day, 9).astimezone()
    sub = Submission(path=name or f"{unit}_{month.key}.xlsx", sha256=f"{unit}{month.key}{day}{status}", size=1,
                     received_at=received, archived="")
    return Outcome(sub, Checked(unit=unit, period=month, figures=tuple(figures), measures=tuple(measures)),
                   status, received.date() <= month.due_date(config.reporting.due_day))


AUGUST, SEPTEMBER = Period(2023, 8, 1), Period(2023, 9, 1)
ACTION = "Họp giao ban hằng tuần"


def miss(action=ACTION, deadline=dt.date(2023, 7, 15), done=None):
    return Figure("2.1", 4, 2, 2, action=action, cause="c" if action else None, owner="o" if action else None,
                  action_deadline=deadline if action else None, action_done=done, row=12, columns={"action": "M"})


def met(action=None, done=None):
    return Figure("2.1", 5, 5, 0, action=action, action_done=done)


def test_an_action_closes_only_once_carried_out_and_met_for_n_periods(config):
    assert config.reporting.effective_periods == 2
    outcomes = [outcome(config, "KHTC", MAY, [miss()]), outcome(config, "KHTC", JUNE, [miss()]),
                outcome(config, "KHTC", JULY, [met(ACTION, dt.date(2023, 7, 3))]),     # carried out, first check
                outcome(config, "KHTC", AUGUST, [met(ACTION)])]                          # second: verified
    (entry,) = corrective_action_register(config, outcomes, AUGUST, dt.date(2023, 8, 31))
    assert (entry.opened, entry.reported_in, entry.closed_in, entry.status) == (MAY, (MAY, JUNE), AUGUST, ActionStatus.CLOSED)
    assert [(c.period, c.met, c.verifies) for c in entry.checks] == [(JUNE, False, False), (JULY, True, True),
                                                                    (AUGUST, True, True)]
    assert not entry.overdue and entry.done_on == dt.date(2023, 7, 3)
    (verifying,) = corrective_action_register(config, outcomes[:3], JULY, dt.date(2023, 7, 31))
    assert verifying.status == ActionStatus.VERIFYING and verifying.closed_in is None and verifying.next_check == AUGUST
    (open_,) = corrective_action_register(config, outcomes[:2], JUNE, dt.date(2023, 7, 20))
    assert open_.status == ActionStatus.OPEN and open_.overdue and open_.next_check == JULY and open_.cell == "M12"


def test_a_met_month_without_the_action_carried_out_closes_nothing(config):
    outcomes = [outcome(config, "KHTC", MAY, [miss()]), outcome(config, "KHTC", JUNE, [met(ACTION)]),
                outcome(config, "KHTC", JULY, [met()]), outcome(config, "KHTC", AUGUST, [met()])]
    (entry,) = corrective_action_register(config, outcomes, AUGUST, dt.date(2023, 8, 31))
    assert entry.status == ActionStatus.OPEN and entry.closed_in is None and entry.verified_periods == 0


def test_carried_out_then_missed_again_is_not_effective_until_met_n_periods_in_a_row(config):
    outcomes = [outcome(config, "KHTC", MAY, [miss()]), outcome(config, "KHTC", JUNE, [met(ACTION, dt.date(2023, 6, 5))]),
                outcome(config, "KHTC", JULY, [miss()]), outcome(config, "KHTC", AUGUST, [met()]),
                outcome(config, "KHTC", SEPTEMBER, [met()])]
    (entry,) = corrective_action_register(config, outcomes, JULY, dt.date(2023, 7, 31))
    assert entry.status == ActionStatus.NOT_EFFECTIVE and not entry.overdue
    (entry,) = corrective_action_register(config, outcomes, SEPTEMBER, dt.date(2023, 9, 30))
    assert entry.closed_in == SEPTEMBER and entry.reported_in == (MAY, JULY)


def test_a_miss_without_action_stays_open_after_later_met_months(config):
    outcomes = [outcome(config, "NCC", MAY, [Figure("4.2", 10, 9, 1)]),
                outcome(config, "NCC", JUNE, [Figure("4.2", 0, 0, 0)]),          # nothing due: no check
                outcome(config, "NCC", JULY, [Figure("4.2", 10, 10, 0)]),
                outcome(config, "NCC", AUGUST, [Figure("4.2", 10, 10, 0)]),
                outcome(config, "TTRA", MAY, [Figure("4.2", 3, 3, 0)])]
    (entry,) = corrective_action_register(config, outcomes, AUGUST, dt.date(2023, 8, 31))
    assert (entry.unit, entry.status, entry.action, entry.closed_in) == ("NCC", ActionStatus.NO_ACTION, None, None)
    assert [c.period for c in entry.checks] == [JULY, AUGUST]


def test_a_reopened_miss_links_to_its_earlier_action(config):
    outcomes = [outcome(config, "KHTC", MAY, [miss()]), outcome(config, "KHTC", JUNE, [met(ACTION, dt.date(2023, 6, 5))]),
                outcome(config, "KHTC", JULY, [met(ACTION, dt.date(2023, 6, 5))]),   # closed; copied forward
                outcome(config, "KHTC", AUGUST, [miss(done=dt.date(2023, 6, 5))])]    # missed again, old date copied
    first, again = corrective_action_register(config, outcomes, Period(2023, 5, 4), dt.date(2023, 8, 31))
    assert first.closed_in == JULY and (again.opened, again.reopens, again.earlier_action) == (AUGUST, MAY, ACTION)
    assert again.status == ActionStatus.OPEN and again.done_on is None       # the old date does not carry it out


def test_entries_closed_before_the_period_are_left_out(config):
    outcomes = [outcome(config, "NCC", MAY, [Figure("4.2", 10, 9, 1, action="a", action_done=dt.date(2023, 5, 30))]),
                outcome(config, "NCC", JUNE, [Figure("4.2", 10, 10, 0)]), outcome(config, "NCC", JULY, [Figure("4.2", 10, 10, 0)])]
    assert corrective_action_register(config, outcomes, AUGUST, dt.date(2023, 8, 31)) == ()
    assert len(corrective_action_register(config, outcomes, Period(2023, 5, 3), dt.date(2023, 7, 31))) == 1


def test_action_counts_are_one_function_for_every_output(config):
    from pipeline.consolidate.actions import action_counts
    outcomes = [outcome(config, "NCC", MAY, [Figure("4.2", 10, 9, 1)]), outcome(config, "KHTC", MAY, [miss()]),
                outcome(config, "KHTC", JUNE, [miss()])]
    counts = action_counts(corrective_action_register(config, outcomes, JUNE, dt.date(2023, 7, 20)))
    assert (counts.total, counts.closed, counts.open, counts.no_action, counts.overdue) == (2, 0, 2, 1, 1)
    assert counts.by_status == {"open": 1, "verifying": 0, "not-effective": 0, "closed": 0, "no-action": 1}


def test_at_most_indicators_are_better_when_they_fall(config):
    htxs, key_tasks = config.indicator("6.2"), config.indicator("2.1")
    assert (compare(htxs, 0.15, 0.25).direction, compare(htxs, 0.15, 0.25).better) == (DOWN, True)
    assert (compare(key_tasks, 0.9, 1.0).direction, compare(key_tasks, 0.9, 1.0).better) == (DOWN, False)
    assert compare(key_tasks, 1.0, 1.0).direction == FLAT and compare(key_tasks, 1.0, None).direction is None


def test_a_trend_arrow_needs_a_change_above_the_threshold(config):
    key_tasks, threshold = config.indicator("2.1"), config.reporting.trend_threshold
    assert threshold == 0.005
    assert compare(key_tasks, 0.996, 1.0, threshold).direction == FLAT        # 0,4 points: no arrow
    assert compare(key_tasks, 0.99, 1.0, threshold).direction == DOWN
    assert compare(key_tasks, 0.996, 1.0).direction == DOWN                   # without one, any change is


def test_a_report_not_yet_due_is_pending_and_one_sent_on_time_but_rejected_is_told_apart(config):
    rejected = outcome(config, "KHTC", MAY, status=Status.REJECTED, day=10)
    late = outcome(config, "KHTC", MAY, day=25, name="KHTC_sua.xlsx")
    rows = {t.unit: t for t in unit_statuses(slots([rejected, late]), config, MAY.months(), dt.date(2023, 7, 1))}
    assert rows["KHTC"].arrival == "on-time-rejected" and rows["KHTC"].reported and rows["KHTC"].days_late == 5
    assert rows["NCC"].arrival == "missing"
    early = {t.unit: t.arrival for t in unit_statuses(slots([rejected]), config, MAY.months(), dt.date(2023, 6, 15))}
    assert early["KHTC"] == "pending" and early["NCC"] == "pending"


def test_a_recurring_measure_done_for_last_quarter_is_overdue_this_quarter(config):
    quarterly = next(m for m in config.measures if [r.kind for r in m.deadline_rules] == ["quarterly", "annual"])
    (occ,) = owed_occurrences(quarterly, 2023, dt.date(2023, 7, 25), dt.date(2023, 7, 25), 20)
    assert (occ.due, occ.previous) == (dt.date(2023, 6, 30), dt.date(2023, 3, 31))
    assert owed_occurrences(quarterly, 2023, dt.date(2023, 4, 15), dt.date(2023, 4, 15), 20) == ()  # March report due 20/04
    done_march = MeasureReport(quarterly.id, "done-on-time", dt.date(2023, 3, 28), "BC 1", None)
    lead = quarterly.lead[0]
    outcomes = [outcome(config, lead, Period(2023, 3, 1), measures=[done_march]),
                outcome(config, lead, Period(2023, 6, 1), measures=[done_march])]       # copied forward
    assert {(o.measure, o.unit) for o in overdue_measures(config, outcomes, JULY, dt.date(2023, 7, 31))} >= {
        (quarterly.id, lead)}
    assert not any(o.measure == quarterly.id and o.unit == lead
                   for o in overdue_measures(config, outcomes, Period(2023, 4, 1), dt.date(2023, 4, 30)))
    from pipeline.consolidate.measures import MeasureStatus
    history = [MeasureStatus(JUNE, done_march, outcomes[1].submission, "Biện pháp")]
    assert not reported_done(history, dt.date(2023, 3, 31)) and reported_done(history, None)


def test_a_measure_is_not_overdue_on_its_day_nor_before_the_report_that_shows_it_is_due(config):
    i6 = next(m for m in config.measures if m.id == "I.6")             # «Trước 15/5 và trước 30/10 hằng năm»
    may = Period(2023, 5, 1)
    owed = lambda as_of, today, reported=(): [o.held_to for o in owed_occurrences(i6, 2023, as_of, today, 20, reported)]
    assert owed(dt.date(2023, 5, 15), dt.date(2023, 7, 1)) == []       # the day itself is not late («quá 0 ngày»)
    assert owed(dt.date(2023, 5, 31), dt.date(2023, 6, 20)) == []       # May's report is due 20/06: not yet late
    assert owed(dt.date(2023, 5, 31), dt.date(2023, 6, 21)) == [dt.date(2023, 5, 15)]
    assert owed(dt.date(2023, 5, 31), dt.date(2023, 6, 5), (may,)) == [dt.date(2023, 5, 15)]  # arrived, not done
    (entry,) = [o for o in overdue_measures(config, [outcome(config, "VP", may)], may, dt.date(2023, 5, 31),
                                            today=dt.date(2023, 6, 5)) if o.measure == "I.6"]
    assert entry.days_overdue == 16 and entry.last is None


def test_run_on_12_may_lists_no_measure_whose_report_is_not_yet_due(config):
    today = dt.date(2023, 5, 12)
    outcomes = [outcome(config, u.code, Period(2023, m, 1)) for u in config.units for m in (1, 2, 3)]
    listed = overdue_measures(config, outcomes, Period(2023, 5, 1), today, today=today)
    assert listed and all(o.due_date < dt.date(2023, 4, 1) for o in listed)    # only what March's report shows
    assert not any(o.measure == "I.6" for o in listed)


def test_ii2_in_january_is_not_overdue_for_every_unit(config):
    january = Period(2023, 1, 1)
    outcomes = [outcome(config, u.code, january) for u in config.units]
    # read on 15/02, the January report arrived: both of II.2's January deadlines are held to 07/02 (the plan's date)
    late = overdue_measures(config, outcomes, january, dt.date(2023, 1, 31), today=dt.date(2023, 2, 15))
    assert not [o for o in late if o.measure == "II.2"]
    feb = Period(2023, 2, 1)
    done = MeasureReport("II.2", "done-on-time", dt.date(2023, 2, 6), "KH 12", None)
    outcomes += [outcome(config, u.code, feb, measures=[done] if u.code != "NCC" else []) for u in config.units]
    late = overdue_measures(config, outcomes, feb, dt.date(2023, 2, 28), today=dt.date(2023, 3, 25))
    ii2 = [(o.unit, o.occurrence.rule, o.due_date) for o in late if o.measure == "II.2"]
    # each deadline its own entry; done on 06/02 covers both (completed after no earlier occurrence)
    assert sorted(ii2) == [("NCC", 0, dt.date(2023, 2, 7)), ("NCC", 1, dt.date(2023, 2, 10))]


def test_deadlines_before_the_decision_are_one_plan_note(config):
    from pipeline.consolidate.measures import deadlines_before_issue
    notes = deadlines_before_issue(config)
    assert {n.measure for n in notes} == {"I.1", "I.1a", "II.1", "II.2", "II.3", "IX.1"}
    assert all(n.due < n.held_to == dt.date(2023, 2, 7) for n in notes)


@pytest.mark.parametrize("key", PERIODS)
def test_a_span_only_pooled_is_merged_without_its_text_columns_and_pools_the_same(demo, key):
    """The months, the year to date, the previous period and last year are merged without the text
    and source columns only the period's own data sheet shows: their metrics must not change."""
    from pipeline.consolidate.merge import POOLED_COLUMNS, merge_figures
    from pipeline.consolidate.metrics import compute_metrics
    outcomes, period = list(demo.result.outcomes), parse_period(key)
    full = merge_figures(outcomes, demo.config, period)
    slim = merge_figures(outcomes, demo.config, period, POOLED_COLUMNS)
    assert list(slim.columns) == POOLED_COLUMNS and len(slim) == len(full) > 0
    assert slim.equals(full[POOLED_COLUMNS])
    pooled = Months(outcomes, demo.config, NOW.date()).metrics(period)        # summed from the months
    assert pooled == compute_metrics(full, outcomes, demo.config, period, NOW.date())


def test_the_other_spans_keep_the_department_figures_only(demo, analyses):
    """A year of months for thousands of units stays out of memory: the months, the year to date, the
    previous period and last year keep the pooled figures, not each unit's figures and statuses."""
    a = analyses["2023-05"]
    for other in (*a.monthly[:-1], a.year_to_date, a.previous, a.last_year):
        assert other.statuses == () and all(r.by_unit == {} for r in other.indicators)
        assert any(r.denominator for r in other.indicators) or other is a.last_year
    assert a.metrics.statuses and any(r.by_unit for r in a.metrics.indicators)
