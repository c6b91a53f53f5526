"""The plan of each year: config.toml's own plan and the plan files of [plans], the plan a period belongs to, and
which indicators carry over from one year's plan to the next."""
from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path

from ..text import name_key
from ..vi.config import CONFIG_TEXT
from .config import Config, ConfigError, Indicator, build_config, units_by_email
from .periods import Period, current_reporting_period

# The parts of config.toml that a year's plan file replaces; everything else (paths, reporting, mail…) is the
# workspace's and stays as config.toml says. A plan file without [[units]] keeps config.toml's units.
PLAN_PARTS = ("plan", "units", "objectives", "indicators", "measures", "corrections")


def plan_years(config: Config) -> tuple[int, ...]:
    """Every year with a plan, oldest first."""
    return tuple(sorted({_base(config).plan.year, *(year for year, _ in config.plan_files)}))


def config_for_year(config: Config, year: int) -> Config | None:
    """The workspace's config on the plan of `year` (None: no plan for that year). Every year's config shares
    the workspace settings and this cache, so any of them answers for every year."""
    cache = config._years
    if not cache:
        cache[config.plan.year] = config      # the first config asked is config.toml's own
    if year not in cache:
        files = dict(config.plan_files)
        if year not in files:
            return None
        cache[year] = _load_year(cache[_base(config).plan.year], year, files[year])
    return cache[year]


def load_all_plans(config: Config) -> tuple[Config, ...]:
    """Every year's config, loaded now: a broken plan file stops the run before any work starts."""
    return tuple(config_for_year(config, year) for year in plan_years(config))


def senders(config: Config) -> dict[str, tuple[str, ...]]:
    """Unit emails to unit codes over every year's plan: a mailed report is matched to its sender whichever
    year it is for (a unit added in 2024 mails its reports; a unit gone still sends a late December)."""
    out: dict[str, tuple[str, ...]] = {}
    for year_config in load_all_plans(config):
        for address, codes in units_by_email(year_config).items():
            out[address] = tuple(dict.fromkeys(out.get(address, ()) + codes))
    return out


def config_for_period(config: Config, period: Period) -> Config | None:
    return config_for_year(config, period.year)


def active_year(config: Config, today: dt.date) -> int:
    """The plan year being collected now: the year of the month whose report is due (a January run still
    collects December), or the latest plan before it when its plan is not there yet."""
    collecting = current_reporting_period(today).year
    years = plan_years(config)
    return collecting if collecting in years else max([y for y in years if y <= collecting] or [years[0]])


def template_year(config: Config, today: dt.date) -> int:
    """The plan year `mtcl template` issues by default: today's year when it has a plan, else the latest."""
    years = plan_years(config)
    return today.year if today.year in years else years[-1]


def same_meaning(old: Indicator, new: Indicator) -> bool:
    """An indicator carries over from one year's plan to the next when it has the same id and counts the same
    thing: the same numerator and denominator wording (NFC, case and spacing aside) and the same kind of
    comparison (≥, ≤, milestone). Its name and its target may change: a stricter target is the same measure."""
    return (old.id == new.id and name_key(old.numerator) == name_key(new.numerator)
            and name_key(old.denominator) == name_key(new.denominator) and old.comparison == new.comparison)


def new_indicators(config: Config) -> frozenset[str]:
    """The indicators of `config`'s plan with no counterpart of the same meaning in the previous year's plan
    («chỉ tiêu mới»); none when there is no previous year's plan (nothing to compare with)."""
    previous = config_for_year(config, config.plan.year - 1)
    if previous is None:
        return frozenset()
    old = {i.id: i for i in previous.indicators}
    return frozenset(i.id for i in config.indicators if i.id not in old or not same_meaning(old[i.id], i))


def _base(config: Config) -> Config:
    """config.toml's own config (the year whose plan it holds)."""
    cache = config._years
    years_with_files = {year for year, _ in config.plan_files}
    own = [c for y, c in cache.items() if y not in years_with_files]
    return own[0] if own else config


def _load_year(base: Config, year: int, path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(CONFIG_TEXT["plans.3"].format(year=year, path=path, problem=exc)) from exc
    units = [{"code": u.code, "name": u.name, "kind": u.kind, "email": u.email} for u in base.units]
    merged = {"units": units, **{k: v for k, v in data.items() if k in PLAN_PARTS},
              **{k: v for k, v in data.items() if k not in PLAN_PARTS}}    # unknown keys: build_config names them
    built = build_config(merged, path, text)
    if built.plan.year != year:
        raise ConfigError(CONFIG_TEXT["plans.2"].format(name=path.name, year=year, found=built.plan.year))
    return dataclasses.replace(base, plan=built.plan, units=built.units, objectives=built.objectives,
                               indicators=built.indicators, measures=built.measures, corrections=built.corrections,
                               pools=built.pools if "pools" in data else _pools_in(base.pools, built),
                               reports=built.reports if "reports" in data else base.reports,
                               _unit_keys=built._unit_keys,
                               _by_code={}, _order={}, _measures_by_unit={}, _years=base._years)


def _pools_in(pools: tuple, built: Config) -> tuple:
    """config.toml's pools on a year's plan without its own [[pools]]: each with the units and indicators that
    year's plan has (a unit gone leaves its pool; a pool left with nothing is dropped)."""
    codes, ids = {u.code for u in built.units}, {i.id for i in built.indicators}
    out = [dataclasses.replace(p, units=tuple(u for u in p.units if u in codes),
                               indicators=tuple(i for i in p.indicators if i in ids)) for p in pools]
    return tuple(p for p in out if p.units and p.indicators)


def template_path(config: Config) -> Path:
    """Where `mtcl template` writes a plan year's template: templates/plan_template.xlsx for config.toml's own
    plan (the committed one), templates/plan_template_YYYY.xlsx for the other years."""
    folder = _base(config).source.parent / "templates"
    own = config.plan.year == _base(config).plan.year
    return folder / ("plan_template.xlsx" if own else f"plan_template_{config.plan.year}.xlsx")
