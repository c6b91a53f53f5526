"""The plans shipped inside the package (plan/default/*.toml): the default a new workspace starts from, and
the plans `mtcl validate` checks a file against on a PC without the secretary's config.toml."""
from __future__ import annotations

import contextlib
import functools
from importlib import resources
from pathlib import Path
from typing import Iterator

from .config import Config, load_config

DEFAULT_PLAN = "config.toml"        # the 2023 plan: a copy of the checkout's config.toml (make default-config)


def _folder():
    return resources.files("pipeline.plan").joinpath("default")


def default_plan_text() -> str:
    """The packaged default plan, as the text of a config.toml."""
    return _folder().joinpath(DEFAULT_PLAN).read_text(encoding="utf-8")


@contextlib.contextmanager
def default_plan_path() -> Iterator[Path]:
    """A real path to the packaged default plan while the block runs (extracted when installed zipped)."""
    with resources.as_file(_folder().joinpath(DEFAULT_PLAN)) as path:
        yield path


@functools.cache
def packaged_plans() -> tuple[Config, ...]:
    """Every packaged plan, loaded; the default first. Their paths point inside the package: they are for
    checking files, never for a workspace (mtcl init writes the text into one)."""
    names = sorted((entry.name for entry in _folder().iterdir() if entry.name.endswith(".toml")),
                   key=lambda name: (name != DEFAULT_PLAN, name))
    plans = []
    for name in names:
        with resources.as_file(_folder().joinpath(name)) as path:
            plans.append(load_config(path))
    return tuple(plans)


def plan_for_identity(plan_id: str | None, year: int | None) -> Config | None:
    """The packaged plan a file's identity sheet names: by plan id, else by the year of its period; None when
    neither matches a packaged plan."""
    plans = packaged_plans()
    return next((c for c in plans if plan_id and c.plan.id == plan_id), None) or \
        next((c for c in plans if year and c.plan.year == year), None)
