"""When each indicator is asked (`schedule`), how its months roll up (`aggregation`), and what the template's
labels tell the clerk to type; pure."""
from __future__ import annotations

from ..model import MeasureState
from ..vi.config import CONFIG_TEXT
from .deadlines import occurrences
from .periods import Period


AGGREGATIONS = ("sum", "latest")
COMPUTED = ("measures",)              # 1.1: counted from the Biện pháp sheet of the same report, never typed      # a flow is summed over months; a stock or status: each unit's latest report
QUARTER_ENDS = (3, 6, 9, 12)
# Config and Indicator (plan.config, which imports this module) appear in annotations only, never evaluated.


def read_schedule(r, key: tuple, value) -> tuple[int, ...]:
    """`schedule` as the months of the year it is asked in; () for every month. "monthly", "quarterly" (the
    quarter's last month), or a list of months ([7]: once, in July)."""
    if value == "monthly":
        return ()
    if value == "quarterly":
        return QUARTER_ENDS
    if isinstance(value, list) and value and all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12
                                                 for m in value):
        return tuple(sorted(set(value)))
    raise r.fail(key, CONFIG_TEXT["schedule"])


def asked_in(indicator: Indicator, month: Period) -> bool:
    """Whether the monthly report of `month` asks for `indicator`."""
    return not indicator.schedule or month.first_month in indicator.schedule


def asked_indicators(config: Config, period: Period | None) -> tuple[Indicator, ...]:
    """The indicators a unit's report of `period` (a month) asks for; every indicator when no month is given
    (the blank template serves every month)."""
    if period is None or not period.is_month:
        return config.indicators
    return tuple(ind for ind in config.indicators if asked_in(ind, period))


def schedule_label(indicator: Indicator) -> str:
    """«hằng tháng», «tháng 03, 06, 09, 12», «tháng 07» — when the indicator is reported."""
    if not indicator.schedule:
        return CONFIG_TEXT["schedule.monthly"]
    return CONFIG_TEXT["schedule.months"].format(months=", ".join(f"{m:02d}" for m in indicator.schedule))


def input_labels(indicator: Indicator) -> tuple[str, str]:
    """What the clerk types in the due and on-time columns of the indicator's row: the plan's denominator and
    numerator, said as a count at the month's end for a stock, and when it is asked."""
    if indicator.computed:
        note = " (" + computed_label() + ")"
        return indicator.denominator + note, indicator.numerator + note
    when = "" if not indicator.schedule else " (" + CONFIG_TEXT["schedule.only"].format(
        when=schedule_label(indicator)) + ")"
    if indicator.aggregation == "latest":
        return (CONFIG_TEXT["label.stock"].format(text=indicator.denominator) + when,
                CONFIG_TEXT["label.stock"].format(text=indicator.numerator) + when)
    return indicator.denominator + when, indicator.numerator + when


def measures_due_in(config: Config, unit: str, month: Period) -> tuple:
    """The measures `unit` leads with a deadline held to a day within `month`: what 1.1 («biện pháp đến hạn
    trong kỳ») counts for the unit's report of that month. The deadlines are those the overdue list judges
    by (plan.deadlines.occurrences): the `due` dates config sets where the plan's text is overridden, and a
    day before the decision's issue held to the issue date."""
    return tuple(m for m in config.measures if unit in m.lead and
                 any(month.start <= o.held_to <= month.end for o in occurrences(m, month.year)))


def measures_counted(config: Config, unit: str, month: Period, statuses: dict) -> tuple[int, int, int]:
    """1.1 of one report: (due, done on time, done late) over `measures_due_in`, from `statuses` {measure id:
    MeasureState or None} as the report's Biện pháp sheet gives them."""
    done = [statuses.get(m.id) for m in measures_due_in(config, unit, month)]
    return len(done), done.count(MeasureState.DONE_ON_TIME), done.count(MeasureState.DONE_LATE)


def computed_label() -> str:
    """What the template shows in the count cells of an indicator computed from the Biện pháp sheet."""
    return CONFIG_TEXT["computed.measures"]
