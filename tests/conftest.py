"""The fixtures the tests share; the factories they build on are in factories.py."""
from __future__ import annotations

import pytest

from factories import REAL_CONFIG, make_workspace
from pipeline.plan.config import Config, load_config


@pytest.fixture
def config() -> Config:
    return load_config(REAL_CONFIG)


@pytest.fixture
def workspace(tmp_path) -> Config:
    return make_workspace(tmp_path / "ws")


@pytest.fixture(scope="session")
def year_demo_built(tmp_path_factory):
    """The 12-month demo year, built and consolidated once for the whole session (see year_demo.py)."""
    from year_demo import build_year_demo
    return build_year_demo(tmp_path_factory.mktemp("year") / "demo")

